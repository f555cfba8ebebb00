"""The recipes' common ground: the figures lookup, the registry and small display helpers.

Each recipe is a small function from a :class:`Lookup` (the year's figures table, the
parameters and the run's context, :class:`iru_analysis.bundle.Context`) to what the
section displays. Recipes only *select and
word* numbers from the figures table (``compute_figures``, written as figures.csv), so
the report and figures.csv cannot disagree. A recipe whose figures are absent raises
:class:`NoFigures`, which the section shows as one sentence naming the missing source.

Registered names are unique across charts and tables, because each names its CSV file.
Registering a name again from the same function (same module and name) replaces the
earlier recipe, so ``importlib.reload`` of a content module, or ``%autoreload``, picks up
an edited recipe; another function claiming a registered name is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING

import pandas as pd

from ... import codes
from ...bundle import Context
from ...calendar import ReportingYear
from ...errors import InputError
from .. import sentences as s
from .. import tables as tb
from ..markup import literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # imported where a chart is drawn (report/charts.py)

SOURCE_NAMES = {
    "ssda903": "SSDA903 return",
    "cin": "CIN census",
    "iru": "unit's own records",
    "reference": "comparator figures",
}
NOT_RECORDED_LABEL = "Not recorded"


class NoFigures(Exception):
    """The figures a recipe needs are absent; the message is the sentence the report shows."""


class Absent(Exception):
    """Raised by :class:`Lookup` when an indicator has no rows; turned into NoFigures."""


@dataclass
class Made:
    """What a chart or table recipe returns (the section adds the number)."""

    caption: str
    data: pd.DataFrame  # as displayed (formatted text)
    raw: pd.DataFrame  # the numbers (report.data(name)), written as CSV
    notes: list[str] = field(default_factory=list)
    alt: str = ""
    figure: Figure | None = None  # a chart's matplotlib figure


class Lookup:
    """The year's figures table with the selections the recipes need. ``read`` collects
    the index labels of every figures row selected, so a section can say which rows each
    chart and table shows (figures.csv's ``used_in``).

    ``months`` (``YYYY-MM``, oldest first) are the months the recipes show month by month
    (:meth:`by_month`): by default the year's twelve, April to March; for the monthly
    practice report, its month and the twelve before it
    (:func:`iru_analysis.figures.month_window`)."""

    def __init__(
        self, figures: pd.DataFrame, year: ReportingYear, params, context: Context, months: list[str] | None = None
    ):
        self.figures = figures
        self.year = year
        self.params = params
        self.context = context
        self.months: list[str] = list(months) if months is not None else [str(m) for m in year.months]
        self.read: set[int] = set()

    @property
    def end_label(self) -> str:
        return self.year.end.strftime("%Y-%m-%d")

    @property
    def start_label(self) -> str:
        """The snapshot before the year: 31 March of the previous year."""
        return self.year.previous().end.strftime("%Y-%m-%d")

    def rows(self, indicator: str, period: str | None = None, breakdown: str | None = None) -> pd.DataFrame:
        f = self.figures
        keep = f["indicator"] == indicator
        if period is not None:
            keep &= f["period"] == period
        if breakdown is not None:
            keep &= f["breakdown"].fillna("") == breakdown
        self.read.update(f.index[keep])
        return f.loc[keep]

    def has(self, indicator: str, period: str | None = None, breakdown: str | None = None) -> bool:
        return not self.rows(indicator, period, breakdown).empty

    def value(
        self, indicator: str, period: str | None = None, breakdown: str = "", required: bool = True
    ) -> float | None:
        """One figure; ``period`` defaults to the reporting year."""
        found = self.rows(indicator, period or self.year.label, breakdown)
        if found.empty:
            if required:
                raise Absent(indicator)
            return None
        return float(found["value"].iloc[0])

    def by_breakdown(self, indicator: str, period: str | None = None, required: bool = True) -> pd.Series:
        """Values by breakdown for one period (default the year), in the figures' order."""
        found = self.rows(indicator, period or self.year.label)
        if found.empty and required:
            raise Absent(indicator)
        return pd.Series(
            found["value"].to_numpy(), index=found["breakdown"].fillna("").astype(str).to_numpy(), dtype="float64"
        )

    def by_month(self, indicator: str, breakdown: str = "", required: bool = True) -> pd.Series:
        """Values for the months shown (:attr:`months`; ``YYYY-MM`` index, oldest first) that have a figure."""
        months = self.months
        found = self.rows(indicator, breakdown=breakdown)
        found = found.loc[(found["period_type"] == "month") & found["period"].isin(months)]
        if found.empty and required:
            raise Absent(indicator)
        series = pd.Series(found["value"].to_numpy(), index=found["period"].to_numpy(), dtype="float64")
        return series.reindex([m for m in months if m in series.index])

    def by_year(self, indicator: str, breakdown: str = "", last: int = 3) -> pd.Series:
        """Values for reporting years up to this one (``YYYY-YY`` index, oldest first)."""
        found = self.rows(indicator, breakdown=breakdown)
        found = found.loc[(found["period_type"] == "year") & (found["period"] <= self.year.label)]
        series = pd.Series(found["value"].to_numpy(), index=found["period"].to_numpy(), dtype="float64")
        return series.sort_index().iloc[-last:]

    def comparators(self, indicator: str) -> pd.DataFrame:
        """Comparator figures for the year and the areas the parameters ask for
        (columns area, value, source, verified), in the parameters' order."""
        table = self.context.comparators
        if table.empty or not self.params.comparators:
            return pd.DataFrame(columns=["area", "value", "source", "verified"])
        found = table.loc[
            (table["indicator"] == indicator)
            & (table["year"].astype(str) == self.year.label)
            & table["area"].isin(self.params.comparators)
        ]
        order = {a: i for i, a in enumerate(self.params.comparators)}
        found = found.assign(_o=found["area"].map(order)).sort_values("_o")
        return found[["area", "value", "source", "verified"]].reset_index(drop=True)


# --- registry ----------------------------------------------------------------------------

_RECIPES: dict[str, dict[str, Callable[[Lookup], object]]] = {"chart": {}, "table": {}, "say": {}}


def _origin(fn: Callable) -> str:
    """Where a recipe is defined ("module.function"): the same after a module is reloaded."""
    return f"{fn.__module__}.{fn.__qualname__}"


def _claim(kind: str, name: str, fn: Callable) -> None:
    """Free ``name`` for ``fn``: charts and tables share one set of names (each names its CSV
    file), sayings have their own. The same function registered again (a reloaded module)
    replaces its earlier recipe; another function claiming the name is a ValueError."""
    kinds = ("say",) if kind == "say" else ("chart", "table")
    for k in kinds:
        earlier = _RECIPES[k].get(name)
        if earlier is not None and _origin(earlier) != _origin(fn):
            raise ValueError(f"{name} is registered twice: by {_origin(earlier)} and by {_origin(fn)}")
        _RECIPES[k].pop(name, None)


def _guarded(fn: Callable, source: str, what: str) -> Callable:
    """``fn`` with absent figures (:class:`Absent`) turned into the sentence the report shows."""

    @wraps(fn)
    def run(lookup: Lookup, *args):
        try:
            return fn(lookup, *args)
        except Absent:
            if source in lookup.context.missing_sources:  # the same sentence for every item: said once
                raise NoFigures(
                    f"This part of the report needs the {SOURCE_NAMES[source]} ({source}/), "
                    f"which was not supplied for {lookup.year.label}."
                ) from None
            raise NoFigures(
                f"The {what} cannot be shown for {lookup.year.label}: the data supplied do not give these figures."
            ) from None

    return run


def _register(kind: str, name: str, source: str, what: str, select: Callable[[Lookup], pd.DataFrame] | None = None):
    def decorate(fn: Callable):
        _claim(kind, name, fn)
        make = _guarded(fn, source, what)
        if select is None:
            _RECIPES[kind][name] = make
            return fn
        pick = _guarded(select, source, what)

        @wraps(fn)
        def draw(lookup: Lookup, data: pd.DataFrame | None = None) -> Made:
            return make(lookup, pick(lookup) if data is None else data)

        draw.select = pick  # type: ignore[attr-defined]
        _RECIPES[kind][name] = draw
        return fn

    return decorate


def chart(name: str, source: str, what: str, data: Callable[[Lookup], pd.DataFrame]):
    """Register a chart recipe: ``name`` (used by the notebooks), its source, what it shows,
    and ``data``, the function that selects its numbers from the figures as a tidy frame
    (labels as text, values as numbers: what ``report.data(name)`` gives and its CSV holds).
    The decorated function, ``(lookup, frame) -> Made``, draws the chart and words its
    caption and alt text from the frame alone (the lookup only for the year, the
    parameters and notes), so ``report.chart(name, data=edited)`` follows an edited frame.
    The registered recipe is called ``(lookup)`` or ``(lookup, frame)``."""
    return _register("chart", name, source, what, data)


def table(name: str, source: str, what: str):
    """Register a table recipe (see :func:`chart`)."""
    return _register("table", name, source, what)


def say(name: str, source: str, what: str):
    """Register a recipe of sentences (see :func:`chart`)."""
    return _register("say", name, source, what)


def recipe(kind: str, name: str) -> Callable[[Lookup], object]:
    """The registered recipe; an unknown name is an InputError listing the known ones."""
    known = _RECIPES[kind]
    if name not in known:
        raise InputError(
            "notebook", None, None, name, f"is not a {kind} of the report (the {kind}s are: {', '.join(sorted(known))})"
        )
    return known[name]


def numbers(name: str) -> Callable[[Lookup], pd.DataFrame]:
    """The selection of the numbers behind the named chart or table (its ``raw`` frame);
    an unknown name is an InputError listing the charts and tables."""
    if name in _RECIPES["chart"]:
        return _RECIPES["chart"][name].select  # type: ignore[attr-defined]
    if name in _RECIPES["table"]:
        made = _RECIPES["table"][name]
        return lambda lookup: made(lookup).raw
    raise InputError(
        "notebook",
        None,
        None,
        name,
        f"is not a chart or table of the report (the charts are: "
        f"{', '.join(names('chart'))}; the tables: {', '.join(names('table'))})",
    )


def names(kind: str) -> list[str]:
    """The registered names of one kind (chart, table or say), sorted."""
    return sorted(_RECIPES[kind])


# --- small helpers -----------------------------------------------------------------------


def is_illustrative(source: str) -> bool:
    """Whether a comparator is an illustrative value (its source says so), not a published one."""
    return str(source).strip().lower().startswith("illustrative")


def comparator_words(lk: Lookup, indicator: str, fmt: Callable[[float], str]) -> str:
    """The year's comparators of ``indicator`` for a sentence, an illustrative one flagged:
    "England 77%; Statistical neighbours 80%, illustrative only"; "" when none."""
    return "; ".join(
        f"{literal(c.area)} {fmt(float(c.value))}" + (", illustrative only" if is_illustrative(c.source) else "")
        for c in lk.comparators(indicator).itertuples()
    )


def pct_formatter(decimals: int = 0) -> Callable[[float], str]:
    """A formatter of percentages to ``decimals`` places (rounded half up)."""
    return lambda v: s.fmt_pct(v, decimals)


def month_cols(months: list[str]) -> list[str]:
    """Column headers for ``YYYY-MM`` months: "Apr 2015"."""
    return [s.short_month(m) for m in months]


def share_table(
    counts: pd.Series,
    shares: pd.Series,
    labels: dict[str, str],
    label_name: str,
    pct_decimals: int = 0,
    sort: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts beside their percentages, ``shares`` (the ``<indicator>_pct`` figures of the
    same breakdowns; a breakdown without one shows none): (display, raw)."""
    counts = counts.sort_values(ascending=False, kind="stable") if sort else counts
    raw = pd.DataFrame(
        {
            label_name: [labels.get(k, k) for k in counts.index],
            "Number": counts.to_numpy(),
            "Percentage": shares.reindex(counts.index).to_numpy(),
        }
    )
    display = raw.assign(Number=tb.counts(raw["Number"]), Percentage=tb.percents(raw["Percentage"], pct_decimals))
    return display, raw


def ethnicity_label(code: str) -> str:
    """ "White British (WBRI)" for a code; "Not recorded" for the missing-ethnicity breakdown."""
    if code == codes.NOT_RECORDED:
        return NOT_RECORDED_LABEL
    known = codes.ETHNICITY.get(code)
    return f"{known.description} ({code})" if known else code


def age_order(series: pd.Series) -> pd.Series:
    """Age-band counts in the report's band order (not recorded last, if present)."""
    order = [label for label, _, _ in codes.AGE_BANDS_REPORT] + [codes.NOT_RECORDED]
    return series.reindex([b for b in order if b in series.index])


def band_words(band: str) -> str:
    """An age band inside a sentence: "under 1", "10 to 14", "16+"."""
    return band[0].lower() + band[1:] if band else band


def largest(series: pd.Series) -> tuple[str, float]:
    """The breakdown with the largest value, and that value."""
    key = series.idxmax()
    return key, float(series[key])


def bullets(lines: list[str]) -> str:
    """Markdown bullet points, one per non-empty line."""
    return "\n".join(f"- {line}" for line in lines if line)


def optional(fn: Callable[[], str]) -> str:
    """A sentence, or nothing when its figures are absent (for lists of key messages)."""
    try:
        return fn()
    except Absent:
        return ""


def month_table(
    rows: dict[str, pd.Series], total: dict[str, float | None], first: str, pct_rows: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A wide month-by-month table (rows: measures; columns: months and Total)."""
    months = sorted(set().union(*[set(r.index) for r in rows.values()]))
    raw = pd.DataFrame(
        [[name, *[r.get(m, float("nan")) for m in months], total.get(name)] for name, r in rows.items()],
        columns=[first, *month_cols(months), "Total"],
    )
    display = raw.copy().astype(object)
    for i, name in enumerate(rows):
        fmt = (lambda v: s.fmt_pct(v)) if name in pct_rows else s.fmt_count
        display.iloc[i, 1:] = [tb.shown(v, fmt) for v in raw.iloc[i, 1:]]
    return display, raw
