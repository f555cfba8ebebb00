"""The annual report: section notebooks' display objects, and (``build``) running and stitching them.

A section notebook's one setup call is :func:`section`; see ``section.py``. The sections,
their order, numbers, titles, notebooks and content modules: :data:`SECTIONS` (``sections.py``).
"""

from .section import Section, section
from .sections import SECTIONS, SectionSpec

__all__ = ["SECTIONS", "Section", "SectionSpec", "section"]
