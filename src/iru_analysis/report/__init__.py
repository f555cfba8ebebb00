"""The annual report: section notebooks' display objects, and (``build``) running and stitching them.

A section notebook's one setup call is :func:`section`; see ``section.py``.
"""

from .section import SECTIONS, Section, section

__all__ = ["SECTIONS", "Section", "section"]
