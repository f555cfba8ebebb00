"""Monthly report, section 1: the month at a glance.

One table sets the report's month beside the month before, the same month a year
earlier and the average month of the twelve before it, for the meetings held and in
timescale, the RAG ratings, the escalations, and the records issued on time; a few
sentences say what moved. Counts of the twelve months before are the average month (of
the months on record, where a record starts later); shares of reviews and conferences
are of all those held in the twelve months; shares given only as monthly figures
(recommendations and records on time) are the average of the monthly shares. A month
with no figure is a blank, never a zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ...measures.child_protection import ICPC_WORKING_DAYS
from ...measures.practice import RECOMMENDATIONS_WORKING_DAYS, RECORD_WORKING_DAYS
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, say, table
from .monthly import average, months_before, pct_points, pooled, series, short_span, span, summed, this_month


@dataclass(frozen=True)
class Row:
    """One measure of the table: its label, its monthly values, and how the twelve months
    before are put together (``base``: the count and base a share is pooled from; none:
    the average month)."""

    label: str
    values: Callable[[Lookup], pd.Series]
    pct: bool = False
    base: tuple[str, str] | None = None


def _one(indicator: str, breakdown: str = "") -> Callable[[Lookup], pd.Series]:
    return lambda lk: series(lk, indicator, breakdown)


def _sum(indicator: str, breakdowns: list[str] | None = None) -> Callable[[Lookup], pd.Series]:
    return lambda lk: summed(lk, indicator, breakdowns)


ROWS: list[Row] = [
    Row("Statutory reviews held", _one("lac_reviews_total")),
    Row(
        "% of reviews in timescale",
        _one("lac_reviews_in_time_pct"),
        True,
        ("lac_reviews_in_time", "lac_reviews_assessed"),
    ),
    Row("Initial conferences held", _one("icpc_total")),
    Row(
        f"% of initial conferences within {ICPC_WORKING_DAYS} working days",
        _one("icpc_within_15wd_pct"),
        True,
        ("icpc_within_15wd", "icpc_total"),
    ),
    Row("Review conferences held", _one("rcpc_total")),
    Row("% of review conferences in time", _one("rcpc_in_time_pct"), True, ("rcpc_in_time", "rcpc_assessed")),
    *[
        Row(f"RAG forms rated {r}", _sum("rag_count", [f"lac_review/{r}", f"cp_conference/{r}"]))
        for r in ("red", "amber", "green")
    ],
    Row("Escalations opened", _sum("escalations_raised")),
    Row("Escalations stepped up to a formal stage", _sum("escalations_progressed")),
    Row("Escalations resolved (any outcome)", _sum("escalations_resolved")),
    Row("Escalations open at the month's end", _one("escalations_open_at_end")),
    Row(
        f"% of recommendations issued within {RECOMMENDATIONS_WORKING_DAYS} working days",
        _one("recommendations_in_time_pct"),
        True,
    ),
    Row(f"% of review records issued within {RECORD_WORKING_DAYS} working days", _one("record_in_time_pct"), True),
]


def _before(lk: Lookup, row: Row, values: pd.Series) -> float:
    """The twelve months before put together as the row says."""
    before = months_before(lk)
    if row.base:
        return pooled(series(lk, row.base[0])[before], series(lk, row.base[1])[before])
    return average(values[before])


def _glance(lk: Lookup) -> pd.DataFrame:
    """Measure, this month, previous month, same month last year, the twelve months before
    (numbers; NaN where no figure), ``pct`` (whether a share) and ``held`` (the months before
    with a figure); rows with no figure in any month left out."""
    month, months = this_month(lk), lk.months
    rows = []
    for row in ROWS:
        values = row.values(lk)
        if values.isna().all():
            continue
        held = list(values[months_before(lk)].dropna().index)
        before = _before(lk, row, values)
        rows.append((row.label, values[month], values[months[-2]], values[months[0]], before, row.pct, held))
    if not rows:
        raise Absent("lac_reviews_total")
    return pd.DataFrame(
        rows, columns=["Measure", "This month", "Previous month", "Same month last year", "Before", "pct", "held"]
    )


def _headers(lk: Lookup) -> list[str]:
    months = lk.months
    return [
        "Measure",
        f"This month ({s.short_month(months[-1])})",
        f"Previous month ({s.short_month(months[-2])})",
        f"Same month last year ({s.short_month(months[0])})",
        f"Average month, {short_span(months_before(lk))}",
    ]


@table("month_at_a_glance", "ssda903", "table of the month at a glance")
def _table(lk: Lookup) -> Made:
    frame = _glance(lk)
    headers = _headers(lk)
    raw = frame.drop(columns=["pct", "held"]).set_axis(headers, axis=1)
    display = raw.astype(object)
    for i, is_pct in enumerate(frame["pct"]):
        fmt = s.fmt_pct if is_pct else (lambda v: s.fmt_number(v, 1))
        display.iloc[i, 1:4] = [tb.shown(v, s.fmt_pct if is_pct else s.fmt_count) for v in raw.iloc[i, 1:4]]
        display.iloc[i, 4] = tb.shown(raw.iloc[i, 4], fmt)
    caption = (
        f"{s.month_name(this_month(lk))} at a glance, beside the month before, a year before and the twelve "
        "months before"
    )
    notes = [
        "The average month: counts averaged over the twelve months before (over the months on record where a "
        "record starts later); shares of reviews and conferences are of all those held in the twelve months; "
        "recommendations and records on time, the average of the monthly shares.",
        "A blank cell: no figure for the month (no record kept then).",
    ]
    notes += _starts(lk)
    return Made(caption, display, raw.assign(pct=frame["pct"].to_numpy()), notes=notes)


def _starts(lk: Lookup) -> list[str]:
    """One note per record that starts after the first month shown (RAG forms, escalations)."""
    found = []
    for record, values in (("RAG forms", summed(lk, "rag_forms")), ("Escalations", summed(lk, "escalations_raised"))):
        held = values.dropna()
        if len(held) and held.index[0] != lk.months[0]:
            found.append(
                f"{record} are on record from {s.month_name(held.index[0])}: the months before are blank, not zero."
            )
    return found


SAID = {  # the measures the sentences speak of: (row label, words)
    "Statutory reviews held": "statutory reviews were held",
    "% of reviews in timescale": "of statutory reviews were in timescale",
    f"% of initial conferences within {ICPC_WORKING_DAYS} working days": (
        f"of initial conferences were held within {ICPC_WORKING_DAYS} working days"
    ),
    "RAG forms rated red": "meetings were rated red on their RAG forms",
    "Escalations opened": "escalations were opened",
    "Escalations open at the month's end": "escalations were open at the month's end",
}


@say("month_at_a_glance_summary", "ssda903", "what moved in the month")
def _summary(lk: Lookup) -> str:
    frame = _glance(lk).set_index("Measure")
    month, previous = s.month_name(this_month(lk)), s.month_name(lk.months[-2])
    lines = []
    for label, words in SAID.items():
        if label not in frame.index or pd.isna(frame.loc[label, "This month"]):
            continue
        now, then, before, is_pct, held = frame.loc[label, ["This month", "Previous month", "Before", "pct", "held"]]
        fmt = s.fmt_pct if is_pct else s.fmt_count
        line = f"In {month}, {fmt(now)} {words}"
        moved = pct_points(now, then) if is_pct else _count_change(now, then)
        if moved:
            line += f" ({moved} on {previous})"
        if not pd.isna(before):
            when = "over the twelve months before" if len(held) == len(months_before(lk)) else f"from {span(held)}"
            line += f"; {s.fmt_pct(before)} {when}" if is_pct else f"; {s.fmt_number(before, 1)} a month {when}"
        lines.append(line + ".")
    return "\n".join(f"- {line}" for line in lines)


def _count_change(now: float, then: float) -> str:
    """ "up 4", "down 2", "no change" between two counts; "" when either is missing or withheld."""
    if pd.isna(now) or pd.isna(then):
        return ""
    change = int(s.round_half_up(now) - s.round_half_up(then))
    return "no change" if change == 0 else f"{'up' if change > 0 else 'down'} {abs(change):,}"
