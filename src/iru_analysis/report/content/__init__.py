"""What each named chart, table and sentence of the report shows, made from the figures table.

Each recipe is a small function from a :class:`Lookup` (the year's figures table, the
parameters and the run's context: sources missing, comparators, data quality) to what
the section displays, registered under a name that
the notebooks use (``report.chart("lac_month_end")``). Recipes only *select and word*
numbers from the figures table (``compute_figures``, written as figures.csv), so the
report and figures.csv cannot disagree. A chart recipe comes in two parts: the selection
of its numbers as a tidy frame, and the drawing and wording from that frame (see
:func:`base.chart`), so a notebook can redraw a chart from an edited frame. A recipe whose figures are absent raises
:class:`NoFigures`, which the section shows as one sentence naming the missing source.

One module per section of the report that has recipes of its own, named after the
section's key and imported from the registries of sections (``report/sections.py``: the
annual report's and the monthly practice report's, whose keys begin ``month_``):
:data:`MODULES`, by key; ``base`` holds the lookup, the registry and the
display helpers they share. Registered names are unique across charts and tables,
because each names its CSV file.
"""

from importlib import import_module
from types import ModuleType

from ..sections import MONTHLY_SECTIONS, SECTIONS
from .base import Lookup, Made, NoFigures, names, numbers, recipe

# Importing a module registers its recipes.
MODULES: dict[str, ModuleType] = {
    key: import_module(spec.module) for key, spec in (SECTIONS | MONTHLY_SECTIONS).items() if spec.module
}

__all__ = ["MODULES", "Lookup", "Made", "NoFigures", "names", "numbers", "recipe"]
