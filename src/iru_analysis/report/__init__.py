"""The annual report: section notebooks' display objects, and (``build``) running and stitching them.

A section notebook's one setup call is :func:`section` (``notebook.py``); a notebook of the
monthly practice report's, :func:`monthly_section`. The sections, their order, numbers,
titles, notebooks and content modules: :data:`SECTIONS` and :data:`MONTHLY_SECTIONS`
(``sections.py``). ``section``, ``monthly_section`` and ``Section`` are imported on first use, so ``iru-report build`` (``report.build``)
does not pay for the display code that a rebuild reusing every section never runs; and
matplotlib and seaborn are imported by the first chart drawn (:mod:`.charts`), so a
section notebook that draws no chart never pays for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .sections import MONTHLY_SECTIONS, SECTIONS, SectionSpec

if TYPE_CHECKING:
    from .notebook import Section, monthly_section, section

__all__ = ["MONTHLY_SECTIONS", "SECTIONS", "Section", "SectionSpec", "monthly_section", "section"]


def __getattr__(name: str) -> Any:
    if name not in ("Section", "monthly_section", "section"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".notebook", __name__), name)
