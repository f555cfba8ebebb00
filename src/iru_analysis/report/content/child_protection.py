"""Section 7: conferences, plans, categories, ethnicity, long and repeat plans."""

from __future__ import annotations

import pandas as pd

from ... import codes
from ...disclosure import is_withheld
from ...measures.child_protection import ICPC_WORKING_DAYS, LONG_PLAN_MONTHS
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from ..markup import literal
from .base import (
    NOT_RECORDED_LABEL,
    Absent,
    Lookup,
    Made,
    bullets,
    chart,
    comparator_words,
    ethnicity_label,
    is_illustrative,
    largest,
    month_cols,
    month_table,
    optional,
    pct_formatter,
    say,
    share_table,
    table,
)

PLAN_YEARS = f"{LONG_PLAN_MONTHS / 12:g} years"  # a long plan; also the window of a repeat plan
OPEN_LONG = f"Open plans {PLAN_YEARS} or more"  # a column of the cpp_2yrs table


def cpp_change(lk: Lookup) -> str:
    """Children on a plan at the year's start and end, compared (or the year end alone)."""
    after = lk.value("cpp_at_31_march", lk.end_label)
    before = lk.value("cpp_at_31_march", lk.start_label, required=False)
    if before is None:
        return (
            f"At {s.date_name(lk.year.end)} {s.plural(after, 'child was', 'children were')} subject to a "
            f"child protection plan."
        )
    return s.change_sentence(
        "The number of children subject to a child protection plan",
        before,
        f"at {s.date_name(lk.start_label)}",
        after,
        f"at {s.date_name(lk.end_label)}",
    )


def icpc_sentence(lk: Lookup) -> str:
    """Initial conferences held in the year, with the share within ``ICPC_WORKING_DAYS``."""
    total = lk.value("icpc_total")
    text = f"{s.fmt_count(total)} initial child protection conferences were held in {lk.year.label}"
    pct = lk.value("icpc_within_15wd_pct", required=False)
    if pct is not None:
        text += (
            f"; {s.fmt_pct(pct)} of those with a recorded section 47 start were held within "
            f"{ICPC_WORKING_DAYS} working days of the enquiry starting"
        )
    return text + "."


def rcpc_sentence(lk: Lookup) -> str:
    """Review conferences held in the year, with the share held in time."""
    total = lk.value("rcpc_total")
    text = f"{s.fmt_count(total)} review child protection conferences were held in {lk.year.label}"
    pct = lk.value("rcpc_in_time_pct", required=False)
    if pct is not None:
        text += f", {s.fmt_pct(pct)} of them within timescale" + with_comparators(
            lk, "rcpc_in_time_pct", pct_formatter(0)
        )
    return text + "."


def _category_label(code: str) -> str:
    if code == codes.NOT_RECORDED:
        return NOT_RECORDED_LABEL
    return codes.CATEGORY_OF_ABUSE[code].description if code in codes.CATEGORY_OF_ABUSE else code


@say("cp_key_messages", "cin", "key messages on child protection")
def _cp_key(lk: Lookup) -> str:
    def category() -> str:
        pct = lk.by_breakdown("cpp_category_pct", lk.end_label)
        code, value = largest(pct)
        return (
            f"{literal(_category_label(code))} was the most common category of plan at {s.date_name(lk.year.end)} "
            f"({s.fmt_pct(value)} of plans)."
        )

    lines = [
        optional(lambda: cpp_change(lk)),
        optional(lambda: icpc_sentence(lk)),
        optional(lambda: rcpc_sentence(lk)),
        optional(category),
    ]
    if not any(lines):
        raise Absent("cpp_at_31_march")
    return bullets(lines)


@table("icpc_outcomes_by_month", "cin", "table of initial conference outcomes by month")
def _icpc_outcomes(lk: Lookup) -> Made:
    rows, totals = {}, {}
    for code, spec in codes.ICPC_OUTCOME.items():
        series = lk.by_month("icpc_outcome", breakdown=code, required=False)
        year_value = lk.value("icpc_outcome", breakdown=code, required=False)
        if not series.empty or year_value is not None:
            rows[spec.description] = series
            totals[spec.description] = year_value
    rows["Total"] = lk.by_month("icpc_total")
    totals["Total"] = lk.value("icpc_total")
    display, raw = month_table(rows, totals, f"Initial conference outcomes {lk.year.label}")
    plan = totals.get(codes.ICPC_OUTCOME["plan"].description)
    caption = f"{s.fmt_count(totals['Total'])} initial child protection conferences were held in {lk.year.label}"
    if plan is not None:
        caption += f"; {s.fmt_count(plan)} led to a child protection plan"
    return Made(caption, display, raw)


@table("rcpc_by_month", "cin", "table of review conferences by month")
def _rcpc_table(lk: Lookup) -> Made:
    total = lk.by_month("rcpc_total")
    rows = {"Review conferences held": total}
    totals: dict[str, float | None] = {"Review conferences held": lk.value("rcpc_total")}
    in_time = lk.by_month("rcpc_in_time", required=False)
    if not in_time.empty:
        rows["Held in timescale"] = in_time
        rows["% held in timescale"] = lk.by_month("rcpc_in_time_pct", required=False)
        totals["Held in timescale"] = lk.value("rcpc_in_time", required=False)
        totals["% held in timescale"] = lk.value("rcpc_in_time_pct", required=False)
    display, raw = month_table(rows, totals, f"Review conferences {lk.year.label}", pct_rows=("% held in timescale",))
    caption = (
        f"{s.fmt_count(totals['Review conferences held'])} review child protection conferences were held "
        f"in {lk.year.label}"
    )
    if totals.get("% held in timescale") is not None:
        caption += f", {s.fmt_pct(totals['% held in timescale'])} of them within timescale"
    return Made(caption, display, raw)


@say("icpc_timeliness", "cin", "timeliness of initial conferences")
def _icpc_timeliness(lk: Lookup) -> str:
    pct = lk.value("icpc_within_15wd_pct")
    n = lk.value("icpc_within_15wd", required=False)
    d = lk.value("icpc_with_s47", required=False)
    detail = f" ({s.fmt_count(n)} of {s.fmt_count(d)})" if n is not None and d else ""
    prev = lk.value("icpc_within_15wd_pct", lk.year.previous().label, required=False)
    text = (
        f"In {lk.year.label}, {s.fmt_pct(pct)}{detail} of initial child protection conferences with a "
        f"recorded section 47 start were held within {ICPC_WORKING_DAYS} working days of the enquiry starting"
    )
    if prev is not None:
        text += f", compared with {s.fmt_pct(prev)} in {lk.year.previous().label}"
    return text + with_comparators(lk, "icpc_within_15wd_pct", pct_formatter(0)) + "."


def with_comparators(lk: Lookup, indicator: str, fmt) -> str:
    """A sentence's closing clause naming the comparators of ``indicator`` ("" when none)."""
    words = comparator_words(lk, indicator, fmt)
    return f" ({words})" if words else ""


@say("rcpc_timeliness", "cin", "timeliness of review conferences")
def _rcpc_timeliness(lk: Lookup) -> str:
    return rcpc_sentence(lk)


def _cpp_categories_data(lk: Lookup) -> pd.DataFrame:
    """Plans open at the year end by category of abuse, largest first (``code`` the category)."""
    pct = lk.by_breakdown("cpp_category_pct", lk.end_label).sort_values(ascending=False, kind="stable")
    pct = pct[pct > 0]
    counts = lk.by_breakdown("cpp_category", lk.end_label, required=False).reindex(pct.index)
    return pd.DataFrame(
        {
            "Category of abuse": [_category_label(c) for c in pct.index],
            "Plans": counts.to_numpy(),
            "Percentage": pct.to_numpy(),
            "code": list(pct.index),
        }
    )


@chart("cpp_categories", "cin", "chart of categories of abuse", data=_cpp_categories_data)
def _cpp_categories(lk: Lookup, data: pd.DataFrame) -> Made:
    frame = data.drop(columns="code")
    figure = ch.bar_chart(
        frame,
        "Category of abuse",
        "Percentage",
        xlabel="% of child protection plans",
        fmt=pct_formatter(),
        colour=ch.OKABE_ITO["vermillion"],
    )
    when = s.date_name(lk.year.end)
    top = frame.loc[frame["Percentage"].idxmax()]
    caption = (
        f"{top['Category of abuse']} was the category of {s.fmt_pct(top['Percentage'])} of child protection "
        f"plans at {when}"
    )
    alt = ch.alt_bars(
        "Bar chart",
        f"child protection plans at {when} by category of abuse",
        list(frame["Category of abuse"]),
        list(frame["Percentage"]),
        pct_formatter(),
    )
    display = frame.assign(Plans=tb.counts(frame["Plans"]), Percentage=tb.percents(frame["Percentage"]))
    return Made(caption, display, data, alt=alt, figure=figure)


@table("cpp_ethnicity", "cin", "table of the ethnicity of children on a plan")
def _cpp_ethnicity(lk: Lookup) -> Made:
    counts = lk.by_breakdown("cpp_ethnicity", lk.end_label)
    shares = lk.by_breakdown("cpp_ethnicity_pct", lk.end_label, required=False)  # of those with one recorded
    missing = lk.value("cpp_ethnicity_not_recorded", lk.end_label, required=False) or 0.0
    recorded = counts.drop(codes.NOT_RECORDED, errors="ignore")
    labels = {c: ethnicity_label(c) for c in recorded.index}
    display, raw = share_table(recorded, shares, labels, "Ethnicity", pct_decimals=1, sort=True)
    notes = []
    if missing:
        notes.append(
            f"{s.plural(missing, 'child', 'children')} with no ethnicity recorded "
            f"(for example an unborn child), not included in the percentages."
        )
    code, _ = largest(recorded)
    caption = (
        f"{s.fmt_pct(shares[code], 1)} of children on a child protection plan at "
        f"{s.date_name(lk.year.end)} were {labels[code].split(' (')[0]}"
    )
    return Made(caption, display, raw, notes=notes)


def _cpp_2yrs_data(lk: Lookup) -> pd.DataFrame:
    """For each month (``YYYY-MM``): open plans that had lasted ``PLAN_YEARS`` or more, in
    number and as a percentage of the plans open."""
    active = lk.by_month("cpp_2yrs_active_pct")
    months = list(active.index)
    return pd.DataFrame(
        {
            "Month": months,
            OPEN_LONG: lk.by_month("cpp_2yrs_active", required=False).reindex(months).to_numpy(),
            "% of open plans": active.to_numpy(),
        }
    )


@chart("cpp_2yrs", "cin", f"chart of plans lasting {PLAN_YEARS} or more", data=_cpp_2yrs_data)
def _cpp_2yrs(lk: Lookup, table: pd.DataFrame) -> Made:
    by_month = table.set_index("Month")
    active = by_month["% of open plans"]
    count = by_month[OPEN_LONG]
    months = list(active.index)
    frame = pd.DataFrame({"Month": month_cols(months), "Percentage": active.to_numpy()})
    figure = ch.line_chart(frame, "Month", "Percentage", ylabel="% of open plans", fmt=pct_formatter(1))
    last = months[-1]
    n_last = count.get(last)
    caption = (
        f"The share of open child protection plans that had lasted {PLAN_YEARS} or more {s.trend(list(active))} "
        f"over the year: {s.fmt_pct(active[last], 1)} at the end of {s.month_name(last)}"
    )
    if n_last is not None and not (pd.isna(n_last) and not is_withheld(n_last)):
        caption += f" ({s.plural(n_last, 'child', 'children')})"
    alt = ch.alt_trend(
        "Line chart",
        f"the percentage of open child protection plans that had lasted {PLAN_YEARS} or more",
        [s.month_name(m) for m in months],
        list(active),
        pct_formatter(1),
    )
    display = table.assign(
        **{
            "Month": month_cols(months),
            OPEN_LONG: tb.counts(table[OPEN_LONG]),
            "% of open plans": tb.percents(table["% of open plans"], 1),
        }
    )
    return Made(caption, display, table, alt=alt, figure=figure)


def _cpp_repeat_data(lk: Lookup) -> pd.DataFrame:
    """For each month (``YYYY-MM``), of the plans started from 1 April to its end: the percentage
    that were a second or later plan, and that began within ``PLAN_YEARS`` of a previous plan."""
    anyp = lk.by_month("cpp_repeat_pct", breakdown="any_previous")
    months = list(anyp.index)
    return pd.DataFrame(
        {
            "Month": months,
            "% second or later plan": anyp.to_numpy(),
            f"% within {PLAN_YEARS} of a previous plan": lk.by_month(
                "cpp_repeat_pct", breakdown="within_2_years", required=False
            )
            .reindex(months)
            .to_numpy(),
        }
    )


@chart("cpp_repeat", "cin", "chart of repeat child protection plans", data=_cpp_repeat_data)
def _cpp_repeat(lk: Lookup, table: pd.DataFrame) -> Made:
    by_month = table.set_index("Month")
    anyp = by_month["% second or later plan"]
    within = by_month[f"% within {PLAN_YEARS} of a previous plan"].dropna()
    months = list(anyp.index)
    frame = pd.concat(
        [
            pd.DataFrame(
                {"Month": month_cols(months), "Series": "Second or later plan", "Percentage": anyp.to_numpy()}
            ),
            pd.DataFrame(
                {
                    "Month": month_cols(list(within.index)),
                    "Series": f"Within {PLAN_YEARS} of a previous plan",
                    "Percentage": within.to_numpy(),
                }
            ),
        ],
        ignore_index=True,
    )
    figure = ch.line_chart(
        frame, "Month", "Percentage", series="Series", ylabel="% of plans started since 1 April", fmt=pct_formatter(1)
    )
    # cumulative from 1 April, so March's figure is the year's; without March, the year's own figure
    year_any = anyp.get(str(lk.year.months[-1]))
    if year_any is None or pd.isna(year_any):
        year_any = lk.value("cpp_repeat_pct", breakdown="any_previous", required=False)
    year_any = anyp.iloc[-1] if year_any is None else year_any
    caption = (
        f"{s.fmt_pct(year_any, 1)} of child protection plans started in {lk.year.label} were a second or "
        f"later plan for the child"
    )
    alt = ch.alt_trend(
        "Line chart",
        "the percentage of plans started since 1 April that were a second or later plan",
        [s.month_name(m) for m in months],
        list(anyp),
        pct_formatter(1),
    )
    display = table.assign(Month=month_cols(months), **{c: tb.percents(table[c], 1) for c in table.columns[1:]})
    return Made(
        caption,
        display,
        table,
        alt=alt,
        figure=figure,
        notes=["Cumulative from 1 April: each month counts the plans started from 1 April to its end."],
    )


@say("cpp_2yrs", "cin", f"plans lasting {PLAN_YEARS} or more")
def _cpp_2yrs_say(lk: Lookup) -> str:
    pct = lk.by_month("cpp_2yrs_active_pct")
    last = pct.index[-1]
    n = lk.by_month("cpp_2yrs_active", required=False).get(last)
    count = f" ({s.plural(n, 'child', 'children')})" if n is not None and (pd.notna(n) or is_withheld(n)) else ""
    text = (
        f"At the end of {s.month_name(last)}, {s.fmt_pct(pct[last], 1)} of open child protection plans"
        f"{count} had lasted {PLAN_YEARS} or more."
    )
    ended = lk.value("cpp_2yrs_ended_pct", required=False)
    if ended is not None:
        text += (
            f" Of the plans that ended in {lk.year.label}, {s.fmt_pct(ended, 1)} had lasted {PLAN_YEARS} or more"
            + with_comparators(lk, "cpp_2yrs_ended_pct", pct_formatter(1))
            + "."
        )
    return text


@say("cpp_repeat", "cin", "repeat child protection plans")
def _cpp_repeat_say(lk: Lookup) -> str:
    started = lk.value("cpp_started", required=False)
    anyp = lk.value("cpp_repeat_pct", breakdown="any_previous")
    within = lk.value("cpp_repeat_pct", breakdown="within_2_years", required=False)
    lead = (
        f"Of the {s.fmt_count(started)} child protection plans started in {lk.year.label}, "
        if started
        else f"Of the child protection plans started in {lk.year.label}, "
    )
    text = lead + f"{s.fmt_pct(anyp, 1)} were a second or later plan for the child"
    if within is not None:
        text += f" and {s.fmt_pct(within, 1)} began within {PLAN_YEARS} of the previous plan ending"
    prev = lk.value("cpp_repeat_pct", lk.year.previous().label, "any_previous", required=False)
    if prev is not None:
        text += f" ({s.fmt_pct(prev, 1)} second or later plans in {lk.year.previous().label})"
    return text + "." + comparator_sentence(lk, "cpp_repeat_pct", "second or later plans")


def comparator_sentence(lk: Lookup, indicator: str, what: str) -> str:
    """ " Elsewhere in 2015-16: England 17.9% …" after a sentence ("" when no comparator)."""
    words = comparator_words(lk, indicator, pct_formatter(1))
    return f" {what.capitalize()} elsewhere in {lk.year.label}: {words}." if words else ""


CP_COMPARED = {  # indicator (breakdown) -> the measure as the comparators table names it, and which way is better
    ("icpc_within_15wd_pct", ""): f"Initial conferences within {ICPC_WORKING_DAYS} working days (higher is better)",
    ("rcpc_in_time_pct", ""): "Review conferences within timescale (higher is better)",
    ("cpp_repeat_pct", "any_previous"): "Plans that were a second or later plan (lower is better)",
    ("cpp_2yrs_ended_pct", ""): f"Plans ended that had lasted {PLAN_YEARS} or more (lower is better)",
}


@table("cp_comparators", "cin", "table of child protection measures beside comparators")
def _cp_comparators(lk: Lookup) -> Made:
    rows, sources = [], set()
    for (indicator, breakdown), label in CP_COMPARED.items():
        now = lk.value(indicator, breakdown=breakdown, required=False)
        if now is None:
            continue
        row = {
            "Measure (%)": label,
            lk.year.label: now,
            lk.year.previous().label: lk.value(indicator, lk.year.previous().label, breakdown, required=False),
        }
        for c in lk.comparators(indicator).itertuples():
            row[f"{c.area} {lk.year.label}" + (" (illustrative)" if is_illustrative(c.source) else "")] = float(c.value)
            sources.add(str(c.source))
        rows.append(row)
    if not rows:
        raise Absent("icpc_within_15wd_pct")
    raw = pd.DataFrame(rows)
    display = raw.assign(**{c: tb.percents(raw[c], 1) for c in raw.columns[1:]})
    caption = f"Child protection measures in {lk.year.label} beside the year before and comparators"
    notes = [f"Comparators: {x}." for x in sorted(sources)]
    return Made(caption, display, raw, notes=notes)
