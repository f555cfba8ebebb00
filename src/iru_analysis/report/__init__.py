"""The annual report: section notebooks' display objects, and (``build``) running and stitching them.

A section notebook's one setup call is :func:`section` (``notebook.py``). The sections,
their order, numbers, titles, notebooks and content modules: :data:`SECTIONS` (``sections.py``).
``section`` and ``Section`` are imported on first use, so ``iru-report build`` (``report.build``)
does not pay for the display code that a rebuild reusing every section never runs; and
matplotlib and seaborn are imported by the first chart drawn (:mod:`.charts`), so a
section notebook that draws no chart never pays for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .sections import SECTIONS, SectionSpec

if TYPE_CHECKING:
    from .notebook import Section, section

__all__ = ["SECTIONS", "Section", "SectionSpec", "section"]


def __getattr__(name: str) -> Any:
    if name not in ("Section", "section"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".notebook", __name__), name)
