"""Monthly report, section 2: quality assurance ratings (RAG), the month beside the twelve before it.

From ``measures/dispute_resolution.py``: the RAG forms of statutory reviews and of child
protection conferences held in each of the thirteen months shown, by overall rating
(counts and shares), and the items ticked on the month's forms rated red or amber beside
the average month before. Months before the first form on record are blank, and the
notes say when the record starts (the RAG process began in November 2015 in the model
report's authority).
"""

from __future__ import annotations

import pandas as pd

from ... import codes
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, NoFigures, chart, say, table
from .monthly import average, months_before, series, short_span, span, span_of_labels, starts_note, this_month

RATINGS = list(codes.RAG_RATING)
MEETINGS = {"lac_review": "statutory reviews", "cp_conference": "child protection conferences"}
RECORD = "RAG forms"
RATED = "Meetings rated"
CONCERN = ("red", "amber")  # the ratings whose forms raise issues
ISSUES = ("red", "other")  # the kinds of item that are issues (codes.RAG_ITEMS): concerns, and "other" stated


def _rated(lk: Lookup, meeting: str) -> pd.Series:
    """RAG forms of the meeting type for each month shown (NaN before the record starts);
    Absent when none is on record."""
    forms = series(lk, "rag_forms", meeting)
    if forms.isna().all():
        first = lk.context.rag_forms_from
        if first and first > lk.months[-1]:
            raise NoFigures(
                f"No RAG forms are on record for {span(lk.months)}: the first form on record is for a meeting in "
                f"{s.month_name(first)}."
            )
        raise Absent("rag_forms")
    return forms


def _by_month(lk: Lookup, meeting: str) -> pd.DataFrame:
    """Month (``YYYY-MM``), Meetings rated, Red, Amber, Green, % red, % amber, % green."""
    columns = {RATED: _rated(lk, meeting)}
    columns |= {r.capitalize(): series(lk, "rag_count", f"{meeting}/{r}") for r in RATINGS}
    columns |= {f"% {r}": series(lk, "rag_count_pct", f"{meeting}/{r}") for r in RATINGS}
    return pd.DataFrame(columns, index=lk.months).rename_axis("Month").reset_index()


def _table_for(lk: Lookup, meeting: str) -> Made:
    raw = _by_month(lk, meeting)
    display = raw.assign(Month=[s.short_month(m) for m in raw["Month"]]).astype(object)
    for name in raw.columns[1:]:
        display[name] = tb.percents(raw[name]) if name.startswith("%") else tb.counts(raw[name])
    note = starts_note(lk, RECORD, raw.set_index("Month")[RATED])
    caption = f"RAG ratings of {MEETINGS[meeting]} by month, {span(lk.months)}: counts and shares of those rated"
    notes = ["Each month's meetings rated: forms completed for meetings held in the month."] + ([note] if note else [])
    return Made(caption, display, raw, notes=notes)


@table("month_rag_reviews_by_month", "iru", "table of RAG ratings of statutory reviews by month")
def _reviews_table(lk: Lookup) -> Made:
    return _table_for(lk, "lac_review")


@table("month_rag_conferences_by_month", "iru", "table of RAG ratings of child protection conferences by month")
def _conferences_table(lk: Lookup) -> Made:
    return _table_for(lk, "cp_conference")


def _shares(lk: Lookup, meeting: str) -> pd.DataFrame:
    """The chart's numbers: Month ("Nov 2015"), Rating, Percentage, for the months with forms."""
    wide = _by_month(lk, meeting).set_index("Month")
    wide = wide.loc[wide[RATED].notna(), [f"% {r}" for r in RATINGS]]
    wide.columns = [r.capitalize() for r in RATINGS]
    wide = wide.rename(index=s.short_month).rename_axis("Month").reset_index()
    return wide.melt(id_vars="Month", var_name="Rating", value_name="Percentage")


def _chart_for(lk: Lookup, data: pd.DataFrame, meeting: str) -> Made:
    figure = ch.grouped_bar_chart(
        data,
        "Month",
        "Rating",
        "Percentage",
        ylabel=f"% of {MEETINGS[meeting]} rated",
        fmt=s.fmt_pct,
        colours=[ch.RAG_COLOURS[r] for r in RATINGS],
    )
    months = list(pd.unique(data["Month"]))
    covered, last = span_of_labels(months), span_of_labels(months[-1:])
    latest = data.loc[data["Month"] == months[-1]].set_index("Rating")["Percentage"]
    words = ", ".join(f"{r.lower()} {s.fmt_pct(v)}" for r, v in latest.items())
    red = data.loc[data["Rating"] == "Red", "Percentage"]
    caption = (
        f"Shares of {MEETINGS[meeting]} rated red, amber and green each month, {covered}: the share rated red "
        f"{s.trend(list(red))}; in {last}, {words}"
    )
    alt = ch.fit_alt(
        f"Bar chart, {covered}: shares of {MEETINGS[meeting]} rated red, amber and green each month.",
        [f"In {last}: {words}"],
    )
    display = data.assign(Percentage=tb.percents(data["Percentage"]))
    notes = ["Shares of the meetings rated in each month, so months with fewer meetings compare fairly."]
    return Made(caption, display, data, alt=alt, figure=figure, notes=notes)


@chart(
    "month_rag_reviews_shares",
    "iru",
    "chart of the shares of statutory reviews rated red, amber and green by month",
    data=lambda lk: _shares(lk, "lac_review"),
)
def _reviews_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    return _chart_for(lk, data, "lac_review")


@chart(
    "month_rag_conferences_shares",
    "iru",
    "chart of the shares of child protection conferences rated red, amber and green by month",
    data=lambda lk: _shares(lk, "cp_conference"),
)
def _conferences_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    return _chart_for(lk, data, "cp_conference")


def _items(lk: Lookup, meeting: str) -> pd.DataFrame:
    """The issues (red items, and "other") of the meeting type ticked on forms rated red or
    amber: Item, the month's red and amber forms that ticked it, and the average month before (red and amber
    together, over the months on record); items with none left out, the month's most first."""
    month, before = this_month(lk), months_before(lk)
    if pd.isna(_rated(lk, meeting)[month]):
        raise NoFigures(f"No RAG forms are on record for {MEETINGS[meeting]} held in {s.month_name(month)}.")
    rows = []
    for item, (kind_meeting, kind, wording) in codes.RAG_ITEMS.items():
        if kind_meeting != meeting or kind not in ISSUES:
            continue
        red, amber = (series(lk, "rag_item_count_by_rating", f"{meeting}/{r}/{item}") for r in CONCERN)
        rows.append((wording, red[month], amber[month], average((red + amber)[before]), item))
    frame = pd.DataFrame(rows, columns=["Item", "Red", "Amber", "Average month before", "item"])
    frame = frame.loc[frame[["Red", "Amber", "Average month before"]].fillna(0).ne(0).any(axis=1)]
    order = frame["Red"].fillna(0) + frame["Amber"].fillna(0)
    return frame.assign(_o=order).sort_values("_o", ascending=False, kind="stable").drop(columns="_o")


def _items_table(lk: Lookup, meeting: str) -> Made:
    raw = _items(lk, meeting).reset_index(drop=True)
    month = s.short_month(this_month(lk))
    on_record = _rated(lk, meeting)[months_before(lk)].dropna().index
    before = f"Red or amber, average month {short_span(list(on_record))}" if len(on_record) else "Average month before"
    raw = raw.rename(columns={"Red": f"Red, {month}", "Amber": f"Amber, {month}", "Average month before": before})
    display = raw.drop(columns="item").assign(
        **{
            f"Red, {month}": tb.counts(raw[f"Red, {month}"]),
            f"Amber, {month}": tb.counts(raw[f"Amber, {month}"]),
            before: raw[before].map(lambda v: tb.shown(v, lambda x: s.fmt_number(x, 1))),
        }
    )
    caption = (
        f"Issues raised on the RAG forms of {MEETINGS[meeting]} rated red or amber in "
        f"{s.month_name(this_month(lk))}, beside the average month before"
    )
    notes = [
        "Forms rated red or amber on which the item of concern, or \u201cOther\u201d, was ticked; items ticked on "
        "none are left out."
    ]
    return Made(caption, display, raw, notes=notes)


@table("month_rag_items_reviews", "iru", "table of the issues raised on statutory reviews rated red or amber")
def _reviews_items(lk: Lookup) -> Made:
    return _items_table(lk, "lac_review")


@table(
    "month_rag_items_conferences",
    "iru",
    "table of the issues raised on child protection conferences rated red or amber",
)
def _conferences_items(lk: Lookup) -> Made:
    return _items_table(lk, "cp_conference")


@say("month_ratings_summary", "iru", "RAG ratings in the month")
def _summary(lk: Lookup) -> str:
    month, before = this_month(lk), months_before(lk)
    parts = []
    for meeting, words in MEETINGS.items():
        rated = _rated(lk, meeting)
        if pd.isna(rated[month]):
            parts.append(f"No RAG forms are on record for {words} held in {s.month_name(month)}.")
            continue
        red = series(lk, "rag_count_pct", f"{meeting}/red")
        earlier = red[before].dropna()
        versus = (
            f", against {s.fmt_pct(average(red[before]))} in the average month from {span(list(earlier.index))}"
            if len(earlier)
            else ""
        )
        parts.append(
            f"Of the {s.plural(rated[month], words[:-1], words)} rated in {s.month_name(month)}, "
            f"{s.fmt_pct(red[month])} were rated red{versus}."
        )
    return " ".join(parts)
