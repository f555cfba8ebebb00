"""The annual report: section notebooks' display objects, and (``build``) running and stitching them.

A section notebook's one setup call is :func:`section`; see ``section.py``. The names
below are imported on first use, so ``iru-report build`` (``report.build``) does not pay
for the display code (matplotlib, seaborn) that a rebuild reusing every section never runs.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .section import SECTIONS, Section, section

__all__ = ["SECTIONS", "Section", "section"]


class _Package(types.ModuleType):
    """This package, whose ``section`` stays the function when ``section.py`` is imported
    (the import system would set the attribute to the submodule)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "section" and isinstance(value, types.ModuleType):
            value = value.section
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(".section", __name__)
    return getattr(module, name)
