"""Section 8: RAG ratings by month and the items ticked in the month detailed."""

from __future__ import annotations

import pandas as pd

from ... import codes
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, NoFigures, chart, say, table

RATING_ORDER = list(codes.RAG_RATING)
MEETINGS = {"cp_conference": "child protection conferences", "lac_review": "statutory reviews"}


def _rag_counts(lk: Lookup) -> pd.DataFrame:
    """month x (meeting type, rating) counts for the months with RAG figures."""
    rows = lk.rows("rag_count")
    months = [str(m) for m in lk.year.months]
    rows = rows.loc[(rows["period_type"] == "month") & rows["period"].isin(months)]
    if rows.empty:
        first = lk.context.rag_forms_from
        if first:
            raise NoFigures(
                f"No RAG forms were recorded for meetings in {lk.year.label}: the first form on record "
                f"is for a meeting in {s.month_name(first)}."
            )
        raise Absent("rag_count")
    parts = rows["breakdown"].str.split("/", expand=True)
    frame = pd.DataFrame(
        {
            "month": rows["period"].to_numpy(),
            "meeting_type": parts[0].to_numpy(),
            "rating": parts[1].to_numpy(),
            "forms": rows["value"].to_numpy(),
        }
    )
    return frame


@table("rag_by_month", "iru", "table of RAG ratings by month")
def _rag_table(lk: Lookup) -> Made:
    frame = _rag_counts(lk)
    wide = frame.set_index(["month", "meeting_type", "rating"])["forms"].unstack(["meeting_type", "rating"])
    cols = [(m, r) for m in MEETINGS for r in RATING_ORDER if (m, r) in wide.columns]
    wide = wide[cols]
    raw = pd.DataFrame({"Month": [s.short_month(m) for m in wide.index]})
    for m, r in cols:
        raw[f"{MEETINGS[m].capitalize()}: {r}"] = wide[(m, r)].to_numpy()
    display = raw.copy()
    for c in raw.columns[1:]:
        display[c] = tb.counts(raw[c])
    first = s.month_name(wide.index[0])
    caption = f"RAG ratings of meetings by month since {first}, when the process began"
    return Made(caption, display, raw.assign(Month=list(wide.index)))


RATED = "Meetings rated"  # a column of the RAG charts' data: the month's forms of the meeting type


def _rag_chart_data(lk: Lookup, meeting: str) -> pd.DataFrame:
    """For each month with forms for one meeting type ("Apr 2015"): the percentage rated
    red, amber and green (columns Red, Amber, Green) and the meetings rated."""
    _rag_counts(lk)  # no forms in the year: the sentence saying when the process began
    shares = lk.rows("rag_count_pct")
    shares = shares.loc[(shares["period_type"] == "month") & shares["breakdown"].str.startswith(f"{meeting}/")]
    if shares.empty:
        raise Absent("rag_count_pct")
    wide = shares.assign(rating=shares["breakdown"].str.split("/").str[1]).set_index(["period", "rating"])["value"]
    wide = wide.unstack("rating")
    wide = wide[[r for r in RATING_ORDER if r in wide.columns]].sort_index()
    wide.columns = [r.capitalize() for r in wide.columns]
    wide[RATED] = lk.by_month("rag_forms", breakdown=meeting).reindex(wide.index).to_numpy()
    return wide.rename_axis(None, axis=1).rename(index=s.short_month).rename_axis("Month").reset_index()


def _rag_chart_for(lk: Lookup, wide: pd.DataFrame, meeting: str) -> Made:
    ratings = [c for c in wide.columns if c not in ("Month", RATED)]
    plot = wide.melt(id_vars="Month", value_vars=ratings, var_name="Rating", value_name="Percentage")
    figure = ch.grouped_bar_chart(
        plot,
        "Month",
        "Rating",
        "Percentage",
        ylabel=f"% of {MEETINGS[meeting]} rated",
        fmt=s.fmt_pct,
        colours=[ch.RAG_COLOURS[r] for r in RATING_ORDER],
    )
    months = dict(zip(wide["Month"], pd.to_datetime(wide["Month"], format="%b %Y").dt.strftime("%Y-%m")))
    by_month = wide.set_index("Month")
    first, last = s.month_name(months[by_month.index[0]]), s.month_name(months[by_month.index[-1]])
    red = by_month.get("Red")
    caption = f"Shares of {MEETINGS[meeting]} rated red, amber and green each month from {first} to {last}"
    if red is not None and red.notna().any():
        caption = (
            f"The share of {MEETINGS[meeting]} rated red {s.trend(list(red))} from {first} to {last}: "
            f"{s.fmt_pct(red.iloc[0])} in {first}, {s.fmt_pct(red.iloc[-1])} of the "
            f"{s.fmt_count(by_month[RATED].iloc[-1])} rated in {last}"
        )
    alt = (
        f"Bar chart: share of {MEETINGS[meeting]} rated red, amber and green each month, {first} to {last}. "
        f"In {last}: " + ", ".join(f"{r.lower()} {s.fmt_pct(by_month[r].iloc[-1])}" for r in ratings) + "."
    )
    display = wide.assign(**{r: tb.percents(wide[r]) for r in ratings}, **{RATED: tb.counts(wide[RATED])})
    return Made(
        caption,
        display,
        wide,
        alt=alt,
        figure=figure,
        notes=["Shares of the meetings rated in each month, so months with fewer meetings compare fairly."],
    )


@chart(
    "rag_by_month_cp",
    "iru",
    "chart of the shares of child protection conferences rated red, amber and green",
    data=lambda lk: _rag_chart_data(lk, "cp_conference"),
)
def _rag_cp(lk: Lookup, wide: pd.DataFrame) -> Made:
    return _rag_chart_for(lk, wide, "cp_conference")


@chart(
    "rag_by_month_lac",
    "iru",
    "chart of the shares of statutory reviews rated red, amber and green",
    data=lambda lk: _rag_chart_data(lk, "lac_review"),
)
def _rag_lac(lk: Lookup, wide: pd.DataFrame) -> Made:
    return _rag_chart_for(lk, wide, "lac_review")


@say("rag_month_summary", "iru", "RAG ratings for the month detailed")
def _rag_month_say(lk: Lookup) -> str:
    month = lk.params.rag_month
    frame = _rag_counts(lk)
    part = frame[frame["month"] == month]
    if part.empty:
        return f"No RAG forms were recorded for meetings held in {s.month_name(month)}."
    parts = []
    for meeting, words in MEETINGS.items():
        counts = part[part["meeting_type"] == meeting].set_index("rating")["forms"]
        if not counts.empty:
            ratings = ", ".join(f"{s.fmt_count(counts.get(r, 0))} {r}" for r in RATING_ORDER)
            parts.append(f"{s.fmt_count(lk.value('rag_forms', month, meeting))} for {words} ({ratings})")
    return f"RAG forms were completed in {s.month_name(month)} for meetings held that month: {s.list_phrase(parts)}."


def _rag_items_data(lk: Lookup, meeting: str, kind: str) -> pd.DataFrame:
    """Forms for one type of meeting in the month detailed on which each item of one kind
    (red, or green and other) was ticked, most ticked first (``item`` the item's code)."""
    month = lk.params.rag_month
    _rag_counts(lk)  # no RAG figures in the year at all: the same one sentence as the other RAG items
    items = lk.rows("rag_item_count", period=month)
    if items.empty:
        raise Absent("rag_item_count")
    parts = items["breakdown"].str.split("/", expand=True)
    items = items.assign(meeting_type=parts[0].to_numpy(), item=parts[1].to_numpy())
    wanted = {
        k
        for k, (m, kd, _) in codes.RAG_ITEMS.items()
        if m == meeting and (kd == kind or (kind == "green" and kd == "other"))
    }
    items = items.loc[items["meeting_type"].eq(meeting) & items["item"].isin(wanted) & (items["value"] > 0)]
    if items.empty:
        raise NoFigures(
            f"No {kind} items were ticked on RAG forms for {MEETINGS[meeting]} held in {s.month_name(month)}."
        )
    items = items.sort_values("value", ascending=False, kind="stable")
    return pd.DataFrame(
        {
            "Item ticked": [codes.RAG_ITEMS[i][2] for i in items["item"]],
            "Forms": items["value"].to_numpy(),
            "item": items["item"].to_numpy(),
        }
    )


def _rag_items_for(lk: Lookup, data: pd.DataFrame, meeting: str, kind: str) -> Made:
    month = lk.params.rag_month
    frame = data.drop(columns="item")
    words = MEETINGS[meeting]
    colour = ch.RAG_COLOURS["red"] if kind == "red" else ch.RAG_COLOURS["green"]
    figure = ch.bar_chart(
        frame,
        "Item ticked",
        "Forms",
        xlabel="RAG forms on which the item was ticked",
        fmt=s.fmt_count,
        colour=colour,
        wrap=48,
        integer_axis=True,
    )
    rated = lk.value("rag_count", month, f"{meeting}/{kind}", required=False)
    rated_text = f"; {s.plural(rated, 'meeting was', 'meetings were')} rated {kind}" if rated is not None else ""
    top = frame.loc[frame["Forms"].idxmax()]
    caption = (
        f"{kind.capitalize()} items on RAG forms for {words} in {s.month_name(month)}: the most ticked was "
        f"“{top['Item ticked']}” ({s.plural(top['Forms'], 'form')}){rated_text}"
    )
    alt = ch.alt_bars(
        "Bar chart",
        f"{kind} items ticked on RAG forms for {words} held in {s.month_name(month)}",
        list(frame["Item ticked"]),
        list(frame["Forms"]),
        s.fmt_count,
    )
    display = frame.assign(Forms=tb.counts(frame["Forms"]))
    return Made(
        caption,
        display,
        data,
        alt=alt,
        figure=figure,
        notes=[
            "Items are ticked on every form, whatever the meeting's overall rating, so the counts can "
            "exceed the number of meetings with that rating."
        ],
    )


@chart(
    "rag_items_cp_red",
    "iru",
    "chart of red RAG items for child protection conferences",
    data=lambda lk: _rag_items_data(lk, "cp_conference", "red"),
)
def _rag_cp_red(lk: Lookup, data: pd.DataFrame) -> Made:
    return _rag_items_for(lk, data, "cp_conference", "red")


@chart(
    "rag_items_cp_green",
    "iru",
    "chart of green RAG items for child protection conferences",
    data=lambda lk: _rag_items_data(lk, "cp_conference", "green"),
)
def _rag_cp_green(lk: Lookup, data: pd.DataFrame) -> Made:
    return _rag_items_for(lk, data, "cp_conference", "green")


@chart(
    "rag_items_lac_red",
    "iru",
    "chart of red RAG items for statutory reviews",
    data=lambda lk: _rag_items_data(lk, "lac_review", "red"),
)
def _rag_lac_red(lk: Lookup, data: pd.DataFrame) -> Made:
    return _rag_items_for(lk, data, "lac_review", "red")


@chart(
    "rag_items_lac_green",
    "iru",
    "chart of green RAG items for statutory reviews",
    data=lambda lk: _rag_items_data(lk, "lac_review", "green"),
)
def _rag_lac_green(lk: Lookup, data: pd.DataFrame) -> Made:
    return _rag_items_for(lk, data, "lac_review", "green")
