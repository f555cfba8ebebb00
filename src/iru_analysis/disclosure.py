"""Disclosure control for a public version of the report (docs/disclosure.md).

The DfE's convention for published statistics about children: a count from 1 to the
threshold (5) is shown as ``c``; so is any percentage built on a withheld count or on a
withheld base; and so many other cells (secondary suppression) that no withheld cell can
be worked out from the cells shown, by subtraction from a total or from the other cells
of its row or column.

The figures table knows which of its cells add up to which (:data:`SUMS`, and every
month of a year adding up to the year for flows). Each such sum is a *relation*: a total
and its parts. A relation with exactly one withheld cell gives that cell away (the total
minus the parts shown), so another of its cells is withheld too: the smallest non-zero
part, else the total, else a zero part. This is repeated until no relation has exactly
one withheld cell. Zeros are never withheld for being small (the DfE shows them).

:func:`withhold` returns the figures table with a ``withheld`` column and each withheld
value replaced by :data:`WITHHELD_VALUE`: a NaN (so nothing downstream can print or chart
the number, and sums skip it) that carries a mark of its own, so the report writes it
``c`` (:func:`is_withheld`) where a NaN that means "not applicable" stays blank. The mark
survives copying, reindexing and arithmetic on the value, not a file: :func:`marked`
puts it back from the ``withheld`` column after reading. :func:`published_values` writes
``c`` for ``figures.csv``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codes import NOT_RECORDED
from .measures.looked_after import PERMANENCE_ROUTES
from .measures.participation import AGED_4_PLUS, PARTICIPATED, VIEWS_CONVEYED

THRESHOLD = 5  # counts from 1 to this are withheld
WITHHELD = "c"  # the DfE's symbol for a confidential (withheld) figure
_MARK = 0x7FF80000000C0C0C  # the bits of WITHHELD_VALUE: a quiet NaN with a payload
WITHHELD_VALUE: float = struct.unpack("<d", struct.pack("<Q", _MARK))[0]
NOT_COUNTS = {  # indicators whose values are not counts of children or of their meetings
    "caseload_per_fte",
    "chairs_fte",
    "chairs_in_post",
    "meetings_per_month",
    "lac_reviews_history_start",
}
NOT_COUNT_SUFFIXES = ("_pct", "_mean", "_median", "_per_fte")
NOT_ADDITIVE = {  # counts whose months do not add up to the year
    "cpp_repeat",  # cumulative from 1 April
    "escalations_open_at_end",  # a count at each month's end
}


def is_withheld(value: object) -> bool:
    """Whether ``value`` is :data:`WITHHELD_VALUE` (a plain NaN is not).

    >>> is_withheld(WITHHELD_VALUE), is_withheld(float("nan")), is_withheld(3.0), is_withheld("c")
    (True, False, False, False)
    """
    return isinstance(value, float) and struct.pack("<d", value) == struct.pack("<Q", _MARK)


def withheld_cells(values: pd.Series) -> pd.Series:
    """:func:`is_withheld` of each value of a float Series."""
    return pd.Series(values.to_numpy(dtype="float64").view("uint64") == _MARK, index=values.index)


def _whole(breakdown: str) -> str | None:
    """Every part adds up to the total with no breakdown."""
    return ""


def _meeting_type(breakdown: str) -> str | None:
    """``lac_review/red`` adds up to ``lac_review``."""
    return breakdown.split("/")[0]


def _without_rating(breakdown: str) -> str | None:
    """``lac_review/red/<item>`` adds up to ``lac_review/<item>``."""
    meeting, _, item = breakdown.split("/", 2)
    return f"{meeting}/{item}"


def _miles(band: str) -> str | None:
    """``under_20_in`` (a distance band) adds up to ``under_20`` (distance alone)."""
    return band.removesuffix("_in").removesuffix("_out")


def _route(reason: str) -> str | None:
    """A reason for ceasing adds up to its route to permanence (None: no route)."""
    return next((route for route, reasons in PERMANENCE_ROUTES.items() if reason in reasons), None)


def _among(codes: tuple[str, ...]) -> Callable[[str], str | None]:
    """The parts whose breakdown is one of ``codes`` add up to the total."""
    return lambda breakdown: "" if breakdown in codes else None


@dataclass(frozen=True)
class Sum:
    """The cells of ``parts`` (one period) whose breakdown ``key`` maps to the breakdown
    of a ``total`` cell add up to it; ``total`` None: to a total that is not a figure."""

    parts: tuple[str, ...]
    total: str | None
    key: Callable[[str], str | None] = _whole


SUMS = [
    Sum(("lac_started_by_age",), "lac_started"),
    Sum(("lac_started_by_distance",), "lac_started"),
    Sum(("lac_started_by_miles",), "lac_started"),
    Sum(("lac_started_by_distance",), "lac_started_by_miles", _miles),
    Sum(("lac_ceased_by_age",), "lac_ceased"),
    Sum(("lac_ceased_by_reason",), "lac_ceased"),
    Sum(("lac_ceased_by_reason",), "lac_ceased_by_route", _route),
    Sum(("lac_at_31_march_by_distance",), "lac_at_31_march"),
    Sum(("lac_ethnicity",), "lac_at_31_march"),
    Sum(("lac_placement_group",), "lac_at_31_march"),
    Sum(("cpp_category",), "cpp_at_31_march"),
    Sum(("cpp_ethnicity",), "cpp_at_31_march"),
    Sum(("cpp_ethnicity",), "cpp_ethnicity_not_recorded", _among((NOT_RECORDED,))),
    Sum(("icpc_outcome",), "icpc_total"),
    Sum(("rag_count",), "rag_forms", _meeting_type),
    Sum(("rag_item_count_by_rating",), "rag_item_count", _without_rating),
    Sum(("lac_reviews_assessed", "lac_reviews_not_assessed"), "lac_reviews_total"),
    Sum(("lac_review_participation",), None),
    Sum(("lac_review_participation",), "lac_review_aged_4_plus", _among(AGED_4_PLUS)),
    Sum(("lac_review_participation",), "lac_review_participated", _among(PARTICIPATED)),
    Sum(("lac_review_participation",), "lac_review_views_conveyed", _among(VIEWS_CONVEYED)),
    Sum(("escalations_raised",), None),
    Sum(("escalations_by_theme",), None),
    Sum(("escalations_progressed",), None),  # the monthly report shows the stages' sum (the steps of the month)
    Sum(("escalations_resolved",), None),  # and the outcomes' sum (the escalations resolved)
    Sum(("feedback_forms",), None, _meeting_type),
]
COUNTS_OF = {"feedback_score_mean": "feedback_forms"}  # a mean -> the count it is taken over (same breakdown)
BASES = {  # a count -> the count it is a share of (same period, no breakdown), where not a Sum's parts
    "icpc_within_15wd": "icpc_total",
    "rcpc_in_time": "rcpc_assessed",
    "lac_reviews_in_time": "lac_reviews_assessed",
    "cpp_2yrs_ended": "cpp_ended",
    "cpp_2yrs_active": "cpp_active",
    "lac_review_participated": "lac_review_aged_4_plus",
    "lac_review_views_conveyed": "lac_review_aged_4_plus",
    "lac_stability_3plus_n": "lac_stability_3plus_d",
    "lac_stability_long_term_n": "lac_stability_long_term_d",
}


def is_count(indicator: pd.Series) -> pd.Series:
    """Whether each indicator counts children or their meetings (what disclosure control withholds)."""
    return ~(indicator.isin(NOT_COUNTS) | indicator.str.endswith(NOT_COUNT_SUFFIXES))


def _year_of_month(period: pd.Series) -> pd.Series:
    """``YYYY-MM`` as its reporting year's label (``2016-03`` -> ``2015-16``)."""
    month = pd.PeriodIndex(period, freq="M")
    first = np.where(month.month >= 4, month.year, month.year - 1)
    return pd.Series([f"{y}-{str(y + 1)[2:]}" for y in first], index=period.index)


def relations(figures: pd.DataFrame) -> pd.DataFrame:
    """Every relation of the figures as rows ``relation`` (a label), ``cell`` (an index
    label of ``figures``) and ``total`` (whether the cell is the relation's total)."""
    breakdown = figures["breakdown"].fillna("").astype(str)
    found = []
    for n, rule in enumerate(SUMS):
        parts = figures.loc[figures["indicator"].isin(rule.parts)]
        to = breakdown[parts.index].map(rule.key)
        parts = parts.loc[to.notna()]
        label = f"sum{n}:" + parts["period"] + "|" + to[parts.index]
        found.append(pd.DataFrame({"relation": label, "cell": parts.index, "total": False}))
        if rule.total is not None:
            totals = figures.loc[figures["indicator"] == rule.total]
            label = f"sum{n}:" + totals["period"] + "|" + breakdown[totals.index]
            found.append(pd.DataFrame({"relation": label, "cell": totals.index, "total": True}))
    flows = figures.loc[is_count(figures["indicator"]) & ~figures["indicator"].isin(NOT_ADDITIVE)]
    months = flows.loc[flows["period_type"] == "month"]
    years = flows.loc[flows["period_type"] == "year"]
    for cells, period, total in ((months, _year_of_month(months["period"]), False), (years, years["period"], True)):
        label = "year:" + cells["indicator"] + "|" + breakdown[cells.index] + "|" + period
        found.append(pd.DataFrame({"relation": label, "cell": cells.index, "total": total}))
    found = pd.concat(found, ignore_index=True)
    kinds = found.groupby("relation")["total"].transform("nunique")
    has_parts = (~found["total"]).groupby(found["relation"]).transform("any")
    year_whole = kinds.eq(2) | ~found["relation"].str.startswith("year:")  # months of a snapshot add up to nothing
    return found.loc[has_parts & year_whole].reset_index(drop=True)


def secondary(values: pd.Series, withheld: pd.Series, links: pd.DataFrame) -> pd.Series:
    """``withheld`` with complementary cells added, one at a time, until no relation of
    ``links`` (:func:`relations`) has exactly one withheld cell. The cell added is one of
    such a relation's: the smallest non-zero part shown, else its total, else a zero
    part; of these, the one that completes the most such relations at once, then the smallest."""
    if links.empty:
        return withheld.copy()
    relation = pd.factorize(links["relation"])[0]
    cell = withheld.index.get_indexer(links["cell"])
    value = values.to_numpy(dtype="float64")[cell]
    rank = np.select([~links["total"].to_numpy() & (value > 0), links["total"].to_numpy()], [0, 1], 2)
    hidden = withheld.to_numpy(dtype=bool).copy()
    while True:
        shown_in = ~hidden[cell]
        lone = np.bincount(relation, weights=hidden[cell], minlength=relation.max() + 1)[relation] == 1
        candidates = np.flatnonzero(lone & shown_in)
        if candidates.size == 0:
            return pd.Series(hidden, index=withheld.index)
        completes = np.bincount(cell[candidates], minlength=len(hidden))[cell[candidates]]
        best = np.lexsort((cell[candidates], value[candidates], -completes, rank[candidates]))[0]
        hidden[cell[candidates[best]]] = True


def withheld_shares(figures: pd.DataFrame, withheld: pd.Series) -> pd.Series:
    """Percentages and means to withhold: those whose count (``<name>`` of ``<name>_pct``,
    or ``<name>_n``; :data:`COUNTS_OF` for a mean) or whose base (:data:`BASES`, or the
    total of a :data:`SUMS` rule with no breakdown) is withheld, for the same period and
    breakdown."""
    breakdown = figures["breakdown"].fillna("").astype(str)
    cell = figures["indicator"] + "|" + figures["period"] + "|" + breakdown
    hidden = set(cell[withheld])
    shares = figures["indicator"].str.endswith("_pct") | figures["indicator"].isin(COUNTS_OF)
    stem = figures["indicator"].str.removesuffix("_pct")
    count = stem.where(stem.isin(set(figures["indicator"])), stem + "_n").mask(
        figures["indicator"].isin(COUNTS_OF), figures["indicator"].map(COUNTS_OF)
    )
    bases = {**{p: rule.total for rule in SUMS if rule.key is _whole and rule.total for p in rule.parts}, **BASES}
    base = count.map(bases)
    own = (count + "|" + figures["period"] + "|" + breakdown).isin(hidden)
    of_base = (base + "|" + figures["period"] + "|").isin(hidden)
    return shares & (own | of_base)


def withhold(figures: pd.DataFrame, threshold: int = THRESHOLD) -> pd.DataFrame:
    """The figures of a public version: counts from 1 to ``threshold`` withheld, then
    their complements (:func:`secondary`) and the percentages built on any of them
    (:func:`withheld_shares`). Withheld values become :data:`WITHHELD_VALUE`; the
    ``withheld`` column marks them."""
    values = figures["value"].astype(float)
    primary = is_count(figures["indicator"]) & values.between(1, threshold)
    withheld = secondary(values, primary, relations(figures))
    withheld |= withheld_shares(figures, withheld)
    return marked(figures.assign(withheld=withheld))


def marked(figures: pd.DataFrame) -> pd.DataFrame:
    """``figures`` with :data:`WITHHELD_VALUE` wherever its ``withheld`` column is true
    (as read from a file, which keeps a plain NaN); unchanged without that column."""
    if "withheld" not in figures:
        return figures
    hidden = figures["withheld"].to_numpy(dtype=bool)
    values = np.where(hidden, WITHHELD_VALUE, figures["value"].to_numpy(dtype="float64"))  # pandas would drop the mark
    return figures.assign(value=values)


def published_values(figures: pd.DataFrame) -> pd.DataFrame:
    """``figures`` as ``figures.csv`` publishes it: ``c`` for each withheld value, and
    without the ``withheld`` column."""
    if "withheld" not in figures:
        return figures
    shown = figures["value"].astype(object).where(~figures["withheld"], WITHHELD)
    return figures.drop(columns="withheld").assign(value=shown)
