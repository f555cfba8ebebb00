"""Monthly report, section 4: meetings and records in timescale, the month beside the twelve before it.

Statutory reviews in timescale, initial conferences within ``ICPC_WORKING_DAYS`` working days of
the start of the section 47 enquiry, review conferences in time (``measures/reviews.py``,
``measures/child_protection.py``), and review recommendations and records issued on
time (``measures/practice.py``), for each of the thirteen months shown. The twelve months
before are summed before the share is taken where the figures hold its count and base
(reviews, conferences); recommendations and records, whose figures are shares alone,
are the mean of the monthly shares.
"""

from __future__ import annotations

import pandas as pd

from ...measures.child_protection import ICPC_WORKING_DAYS
from ...measures.practice import RECOMMENDATIONS_WORKING_DAYS, RECORD_WORKING_DAYS
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, chart, say, table
from .monthly import average, months_before, pct_points, pooled, series, short_span, span, this_month

# share -> (label, its count and base in the figures: pooled over the months before; None: mean of the months)
MEETINGS: dict[str, tuple[str, tuple[str, str] | None]] = {
    "lac_reviews_in_time_pct": ("Statutory reviews in timescale", ("lac_reviews_in_time", "lac_reviews_assessed")),
    "icpc_within_15wd_pct": (
        f"Initial conferences within {ICPC_WORKING_DAYS} working days",
        ("icpc_within_15wd", "icpc_total"),
    ),
    "rcpc_in_time_pct": ("Review conferences in time", ("rcpc_in_time", "rcpc_assessed")),
}
RECORDS: dict[str, tuple[str, tuple[str, str] | None]] = {
    "recommendations_in_time_pct": (f"Recommendations within {RECOMMENDATIONS_WORKING_DAYS} working days", None),
    "record_in_time_pct": (f"Review record within {RECORD_WORKING_DAYS} working days", None),
}
HELD = {  # the month-by-month table's columns: the meetings held, then the share in timescale
    "lac_reviews_in_time_pct": ("lac_reviews_total", "Statutory reviews", "% in timescale"),
    "icpc_within_15wd_pct": ("icpc_total", "Initial conferences", f"% within {ICPC_WORKING_DAYS} working days"),
    "rcpc_in_time_pct": ("rcpc_total", "Review conferences", "% in time"),
}
ISSUED = {"recommendations_in_time_pct": "% recommendations on time", "record_in_time_pct": "% records on time"}
MEAN_NOTE = (
    "The twelve months before: shares of reviews and conferences are of all those held in the twelve months; "
    "recommendations and records, the average of the monthly shares."
)


def _shares(lk: Lookup, measures: dict[str, tuple[str, tuple[str, str] | None]]) -> pd.DataFrame:
    """The monthly shares of ``measures`` held in the figures (columns: one per measure,
    index ``lk.months``); Absent when none is."""
    found = {label: series(lk, indicator) for indicator, (label, _) in measures.items()}
    found = {label: values for label, values in found.items() if values.notna().any()}
    if not found:
        raise Absent(next(iter(measures)))
    return pd.DataFrame(found, index=lk.months)


def _long(lk: Lookup, measures: dict[str, tuple[str, tuple[str, str] | None]]) -> pd.DataFrame:
    """A chart's numbers: rows Month ("Mar 2015"), Measure, Percentage, for the months with a figure."""
    wide = _shares(lk, measures).rename(index=s.short_month).rename_axis("Month").reset_index()
    frame = wide.melt(id_vars="Month", var_name="Measure", value_name="Percentage")
    return frame.dropna(subset=["Percentage"]).reset_index(drop=True)


def _draw(lk: Lookup, data: pd.DataFrame, subject: str, notes: list[str]) -> Made:
    """A line chart of monthly shares, one line per measure, captioned with each's month and the twelve before."""
    figure = ch.line_chart(data, "Month", "Percentage", series="Measure", ylabel="% in timescale", fmt=s.fmt_pct)
    month = s.short_month(this_month(lk))
    phrases, parts = [], []
    for measure, part in data.groupby("Measure", sort=False):
        values = part.set_index("Month")["Percentage"]
        latest = s.fmt_pct(values[month]) if month in values.index else "no figure"
        phrases.append(f"{measure.lower()} {latest} in {s.month_name(this_month(lk))}")
        parts.append(f"{measure} {latest} in {month}")
    covered = span([pd.Period(m, "M").strftime("%Y-%m") for m in pd.to_datetime(data["Month"], format="%b %Y")])
    caption = f"{subject.capitalize()} by month, {covered}: " + "; ".join(phrases)
    alt = ch.fit_alt(f"Line chart, {covered}: {subject} by month.", parts)
    display = data.assign(Percentage=tb.percents(data["Percentage"]))
    return Made(caption, display, data, alt=alt, figure=figure, notes=notes)


@chart(
    "month_meetings_in_time",
    "ssda903",
    "chart of reviews and conferences in timescale by month",
    data=lambda lk: _long(lk, MEETINGS),
)
def _meetings_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    return _draw(lk, data, "reviews and conferences in timescale", ["Each month's share of the meetings held in it."])


@chart(
    "month_records_in_time",
    "iru",
    "chart of review recommendations and records issued on time by month",
    data=lambda lk: _long(lk, RECORDS),
)
def _records_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    return _draw(
        lk,
        data,
        "review recommendations and records issued on time",
        ["Each month's share of the reviews held in it; the days are working days after the review."],
    )


@table("month_timescales_by_month", "ssda903", "table of meetings and records in timescale by month")
def _by_month(lk: Lookup) -> Made:
    columns: dict[str, pd.Series] = {}
    for indicator, (held, held_label, share_label) in HELD.items():
        counts = series(lk, held)
        if counts.notna().any():
            columns[held_label] = counts
            columns[share_label] = series(lk, indicator)
    for indicator, label in ISSUED.items():
        shares = series(lk, indicator)
        if shares.notna().any():
            columns[label] = shares
    if not columns:
        raise Absent("lac_reviews_total")
    raw = pd.DataFrame(columns, index=lk.months).rename_axis("Month").reset_index()
    display = raw.assign(Month=[s.short_month(m) for m in raw["Month"]]).astype(object)
    for name in columns:
        display[name] = tb.percents(raw[name]) if name.startswith("%") else tb.counts(raw[name])
    caption = f"Meetings held and in timescale, and records issued on time, by month, {span(lk.months)}"
    notes = [
        "Each share is of the meetings of the column before it; recommendations (within "
        f"{RECOMMENDATIONS_WORKING_DAYS} working days) and records (within {RECORD_WORKING_DAYS}), of the "
        "statutory reviews. A blank cell: no figure for the month (no meeting of the kind, or no record kept then)."
    ]
    return Made(caption, display, raw, notes=notes)


def _compare(lk: Lookup) -> pd.DataFrame:
    """Measure, the month's share, the twelve months before's, and the change in points."""
    month, before = this_month(lk), months_before(lk)
    rows = []
    for indicator, (label, parts) in (MEETINGS | RECORDS).items():
        shares = series(lk, indicator)
        if shares.notna().any():
            earlier = (
                pooled(series(lk, parts[0])[before], series(lk, parts[1])[before]) if parts else average(shares[before])
            )
            rows.append((label, shares[month], earlier))
    if not rows:
        raise Absent("lac_reviews_in_time_pct")
    return pd.DataFrame(rows, columns=["Measure", "This month", "The twelve months before"])


@table("month_timescales_compare", "ssda903", "table of the month's timescales against the twelve months before")
def _compare_table(lk: Lookup) -> Made:
    raw = _compare(lk)
    month, before = s.short_month(this_month(lk)), short_span(months_before(lk))
    raw.columns = ["Measure", month, before]
    display = raw.assign(
        **{
            month: tb.percents(raw[month]),
            before: tb.percents(raw[before]),
            "Change": [pct_points(a, b) for a, b in zip(raw[month], raw[before])],
        }
    )
    caption = f"Meetings and records in timescale in {s.month_name(this_month(lk))} against the twelve months before"
    return Made(caption, display, raw, notes=[MEAN_NOTE, "Change: in percentage points, as the figures are shown."])


@say("month_timescales_summary", "ssda903", "meetings and records in timescale in the month")
def _summary(lk: Lookup) -> str:
    frame = _compare(lk)
    month = s.month_name(this_month(lk))
    parts = []
    for label, now, earlier in frame.itertuples(index=False):
        if pd.isna(now):
            parts.append(f"{label}: no figure for {month}.")
            continue
        words = f"{label}: {s.fmt_pct(now)} in {month}"
        if not pd.isna(earlier):
            words += f", {pct_points(now, earlier)} on the twelve months before ({s.fmt_pct(earlier)})"
        parts.append(words + ".")
    return "\n".join(f"- {p}" for p in parts)
