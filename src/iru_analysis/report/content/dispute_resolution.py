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


# --- escalations (measures/escalations.py) ---------------------------------------------------

STAGE_LABELS = {**{k: c.description for k, c in codes.ESCALATION_STAGE.items()}, codes.NOT_RECORDED: "Not recorded"}
FORMAL = ("stage1", "stage2", "stage3", "cafcass")


def _escalations(lk: Lookup, *indicators: str) -> None:
    """Go on only when the figures hold ``indicators`` for the year; else one sentence, the
    same for every escalation item (so the section says it once)."""
    f = lk.figures
    if all(((f["indicator"] == i) & (f["period"] == lk.year.label)).any() for i in indicators):
        return
    if "iru" in lk.context.missing_sources:
        raise Absent(indicators[0])
    raise NoFigures(
        f"The unit's escalation records (iru/escalations.csv, iru/escalation_steps.csv) give no figures for "
        f"{lk.year.label}: they were not supplied, or no escalation had been raised by the year's end."
    )


def _how_many(count: float, singular: str, plural_form: str | None = None) -> str:
    """ "no escalation", "1 escalation", "3 escalations" (a count with its noun, none in words)."""
    if count == 0:
        return f"no {singular}"
    return s.plural(count, singular, plural_form)


@say("escalations_summary", "iru", "escalations raised by the chairs")
def _escalations_say(lk: Lookup) -> str:
    _escalations(lk, "escalations_raised", "escalations_open_at_end")
    year, end = lk.year.label, s.date_name(lk.year.end)
    raised = lk.by_breakdown("escalations_raised")
    before = lk.by_breakdown("escalations_raised", lk.year.previous().label, required=False)
    versus = f", {s.compared_with(before.sum(), f'in {lk.year.previous().label}')}" if len(before) else ""
    parts = [f"The chairs raised {_how_many(raised.sum(), 'escalation')} in {year}{versus}."]
    informal = lk.value("escalations_resolved_informally_pct", required=False)
    days = lk.value("escalation_days_to_resolve_median", required=False)
    if informal is not None:
        parts.append(
            f"Of those resolved by {end}, {s.fmt_pct(informal)} never went beyond the informal stage"
            + (f"; they took a median of {s.plural(days, 'working day')} to resolve." if days is not None else ".")
        )
    elif days is not None:
        parts.append(f"Those resolved by {end} took a median of {s.plural(days, 'working day')} to resolve.")
    open_now = _how_many(lk.value("escalations_open_at_end"), "escalation was", "escalations were")
    cafcass = lk.value("cafcass_referrals", required=False)
    parts.append(
        f"{open_now[:1].upper() + open_now[1:]} open at {end}"
        + (
            f"; {_how_many(cafcass, 'escalation was', 'escalations were')} referred to Cafcass during the year."
            if cafcass is not None
            else "."
        )
    )
    return " ".join(parts)


def _by_stage(lk: Lookup) -> pd.DataFrame:
    """The escalations raised in the year by the furthest stage reached by its end (columns
    Stage, Escalations, stage), in the stages' order; not recorded only when there are any."""
    _escalations(lk, "escalations_raised")
    counts = lk.by_breakdown("escalations_raised")
    counts = counts.loc[[k for k in STAGE_LABELS if k in counts.index and (k in codes.ESCALATION_STAGE or counts[k])]]
    return pd.DataFrame(
        {
            "Stage": [STAGE_LABELS[k] for k in counts.index],
            "Escalations": counts.to_numpy(),
            "stage": list(counts.index),
        }
    )


@chart("escalations_by_stage", "iru", "chart of escalations by the furthest stage reached", data=_by_stage)
def _by_stage_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    frame = data.drop(columns="stage")
    figure = ch.bar_chart(
        frame,
        "Stage",
        "Escalations",
        xlabel="Escalations raised in the year",
        fmt=s.fmt_count,
        colour=ch.OKABE_ITO["blue"],
        wrap=40,
        integer_axis=True,
    )
    counts = data.set_index("stage")["Escalations"]
    formal = counts.reindex(list(FORMAL)).sum()
    caption = (
        f"Of the {s.plural(counts.sum(), 'escalation')} raised in {lk.year.label}, {s.fmt_count(counts.get('informal', 0))} "
        f"went no further than informal resolution by {s.date_name(lk.year.end)} and {s.fmt_count(formal)} reached a "
        f"formal stage"
    )
    alt = ch.alt_bars(
        "Bar chart",
        f"escalations raised in {lk.year.label} by the furthest stage reached",
        list(frame["Stage"]),
        list(frame["Escalations"]),
        s.fmt_count,
    )
    notes = [
        "Each escalation is counted once, at the furthest stage it had reached by the year's end: the funnel "
        "from informal resolution through the three formal stages to a referral to Cafcass."
    ]
    display = frame.assign(Escalations=tb.counts(frame["Escalations"]))
    return Made(caption, display, data, alt=alt, figure=figure, notes=notes)


def _by_theme(lk: Lookup) -> pd.DataFrame:
    """The escalations raised in the year by theme (columns Theme, Escalations, theme), most
    first, themes with none left out."""
    _escalations(lk, "escalations_by_theme")
    counts = lk.by_breakdown("escalations_by_theme")
    counts = counts.loc[counts.ne(0)].sort_values(ascending=False, kind="stable")
    if counts.empty:
        raise NoFigures(f"No escalation was raised in {lk.year.label}.")
    labels = [codes.ESCALATION_THEME[k].description if k in codes.ESCALATION_THEME else k for k in counts.index]
    return pd.DataFrame({"Theme": labels, "Escalations": counts.to_numpy(), "theme": list(counts.index)})


@chart("escalations_by_theme", "iru", "chart of escalations by theme", data=_by_theme)
def _by_theme_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    frame = data.drop(columns="theme")
    figure = ch.bar_chart(
        frame,
        "Theme",
        "Escalations",
        xlabel="Escalations raised in the year",
        fmt=s.fmt_count,
        colour=ch.OKABE_ITO["orange"],
        integer_axis=True,
    )
    caption = f"Themes of the escalations raised in {lk.year.label}"
    if frame["Escalations"].notna().any():
        most = frame["Escalations"].max()
        tops = [theme.lower() for theme in frame.loc[frame["Escalations"] == most, "Theme"]]
        caption = (
            f"The most common theme of the escalations raised in {lk.year.label} was {tops[0]} "
            f"({s.plural(most, 'escalation')})"
            if len(tops) == 1
            else f"The most common themes of the escalations raised in {lk.year.label} were "
            f"{s.list_phrase(tops)} ({s.fmt_count(most)} each)"
        )
    alt = ch.alt_bars(
        "Bar chart",
        f"escalations raised in {lk.year.label} by theme",
        list(frame["Theme"]),
        list(frame["Escalations"]),
        s.fmt_count,
    )
    display = frame.assign(Escalations=tb.counts(frame["Escalations"]))
    return Made(caption, display, data, alt=alt, figure=figure, notes=["Themes with no escalation are left out."])


ESCALATION_ROWS = {
    "escalations_open_at_end": ("Open at the end of the period", s.fmt_count),
    "cafcass_referrals": ("Referred to Cafcass", s.fmt_count),
    "escalation_days_to_resolve_median": ("Median working days to resolve", lambda v: s.fmt_number(v, 1)),
    "escalations_resolved_informally_pct": ("% of those resolved that never went beyond informal", s.fmt_pct),
}


@table("escalations_by_month", "iru", "table of escalations by month")
def _escalations_table(lk: Lookup) -> Made:
    _escalations(lk, "escalations_open_at_end")
    held = {i: row for i, row in ESCALATION_ROWS.items() if lk.has(i, lk.year.label)}
    series = {i: lk.by_month(i, required=False) for i in held}
    months = sorted(set().union(*[set(v.index) for v in series.values()]))
    raw = pd.DataFrame(
        [[label, *[series[i].get(m) for m in months], lk.value(i)] for i, (label, _) in held.items()],
        columns=["Measure", *[s.short_month(m) for m in months], lk.year.label],
    )
    display = raw.copy().astype(object)
    for row, (_, fmt) in enumerate(held.values()):
        display.iloc[row, 1:] = [tb.shown(v, fmt) for v in raw.iloc[row, 1:]]
    open_now = lk.value("escalations_open_at_end")
    caption = (
        f"Escalations month by month from {s.month_name(months[0])}: "
        f"{_how_many(open_now, 'escalation was', 'escalations were')} open at {s.date_name(lk.year.end)}"
    )
    notes = [
        "Open: raised at any time and not resolved at the end of the month (the year: at its end). "
        "The median and the share resolved are of the escalations raised in the period and resolved by its end; "
        "a month without such an escalation has none."
    ]
    return Made(caption, display, raw, notes=notes)
