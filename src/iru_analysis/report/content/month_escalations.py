"""Monthly report, section 3: escalations, the month beside the twelve before it.

From ``measures/escalations.py``, for each of the thirteen months shown: the escalations
the chairs opened (raised), those that stepped up to a formal stage (stage 1, 2, 3;
referral to Cafcass), those resolved by outcome, and those open at the month's end; and
the themes of the month's escalations beside the average month before. Months before
the first escalation on record are blank, and the notes say when the record starts.
"""

from __future__ import annotations

import pandas as pd

from ... import codes
from ...measures.escalations import FORMAL_STAGES, OUTCOMES
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, NoFigures, chart, say, table
from .monthly import (
    average,
    months_before,
    series,
    short_span,
    span,
    span_of_labels,
    starts_note,
    summed,
    this_month,
)

RECORD = "Escalations"
STAGE_COLUMNS = {"stage1": "To stage 1", "stage2": "To stage 2", "stage3": "To stage 3", "cafcass": "To Cafcass"}
OUTCOME_COLUMNS = {"resolved": "Resolved", "withdrawn": "Withdrawn", "referred_cafcass": "Closed: referred to Cafcass"}
OUTCOME_WORDS = {"resolved": "resolved", "withdrawn": "withdrawn", "referred_cafcass": "by referral to Cafcass"}
FLOWS = {  # the chart's series: each a sum over an indicator's breakdowns, or a count at the month end
    "Opened": "escalations_raised",
    "Progressed": "escalations_progressed",
    "Resolved": "escalations_resolved",
    "Open at month end": "escalations_open_at_end",
}
NOTES = [
    "Opened: raised in the month. To a stage: the escalation's first step to that stage is dated in the month, "
    "whenever it was raised. Resolved: by outcome, in the month, whenever raised. Open: raised and not resolved "
    "at the month's end."
]


def _opened(lk: Lookup) -> pd.Series:
    """Escalations raised in each month shown (NaN before the record starts); Absent when none is on record."""
    opened = summed(lk, "escalations_raised")
    if opened.isna().all():
        if "iru" not in lk.context.missing_sources:
            raise NoFigures(
                f"No escalations are on record for {span(lk.months)}: the unit's escalation records "
                "(iru/escalations.csv) were not supplied, or start later."
            )
        raise Absent("escalations_raised")
    return opened


def _by_month(lk: Lookup) -> pd.DataFrame:
    """Month (``YYYY-MM``), Opened, each formal stage reached, each outcome, Open at month end."""
    columns = {"Opened": _opened(lk)}
    columns |= {label: series(lk, "escalations_progressed", stage) for stage, label in STAGE_COLUMNS.items()}
    columns |= {label: series(lk, "escalations_resolved", outcome) for outcome, label in OUTCOME_COLUMNS.items()}
    columns["Open at month end"] = series(lk, "escalations_open_at_end")
    frame = pd.DataFrame(columns, index=lk.months)
    return frame.loc[:, frame.notna().any()].rename_axis("Month").reset_index()


@table("month_escalations_by_month", "iru", "table of escalations opened, progressed and resolved by month")
def _table(lk: Lookup) -> Made:
    raw = _by_month(lk)
    display = raw.assign(Month=[s.short_month(m) for m in raw["Month"]]).astype(object)
    for name in raw.columns[1:]:
        display[name] = tb.counts(raw[name])
    note = starts_note(lk, RECORD, _opened(lk))
    caption = f"Escalations opened, stepped up, resolved and open at each month's end, {span(lk.months)}"
    return Made(caption, display, raw, notes=NOTES + ([note] if note else []))


def _flows(lk: Lookup) -> pd.DataFrame:
    """Month ("Nov 2015"), Measure, Escalations: the chart's numbers, months on record only."""
    _opened(lk)
    wide = pd.DataFrame(
        {
            label: series(lk, indicator) if indicator == "escalations_open_at_end" else summed(lk, indicator)
            for label, indicator in FLOWS.items()
        },
        index=lk.months,
    )
    wide = wide.loc[wide.notna().any(axis=1), wide.notna().any()]
    wide = wide.rename(index=s.short_month).rename_axis("Month").reset_index()
    return wide.melt(id_vars="Month", var_name="Measure", value_name="Escalations")


@chart("month_escalations_flow", "iru", "chart of escalations opened, progressed and resolved by month", data=_flows)
def _flow_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    figure = ch.grouped_bar_chart(data, "Month", "Measure", "Escalations", ylabel="Escalations", fmt=s.fmt_count)
    months = list(pd.unique(data["Month"]))
    last = data.loc[data["Month"] == months[-1]].set_index("Measure")["Escalations"]
    covered = span_of_labels(months)
    words = "; ".join(f"{m.lower()} {s.fmt_count(v)}" for m, v in last.items())
    caption = f"Escalations by month, {covered} (the months on record): in {span_of_labels(months[-1:])}, {words}"
    alt = ch.fit_alt(
        f"Bar chart, {covered}: escalations opened, stepped up to a formal stage, resolved and open each month.",
        [f"{months[-1]}: {words}"],
    )
    display = data.assign(Escalations=tb.counts(data["Escalations"]))
    notes = ["Progressed: steps up to stage 1, 2, 3 or Cafcass in the month; an escalation may take more than one."]
    return Made(caption, display, data, alt=alt, figure=figure, notes=notes)


def _themes(lk: Lookup) -> pd.DataFrame:
    """Theme, the month's escalations and the average month before (over the months on
    record), themes with neither left out, the month's most first."""
    _opened(lk)
    month, before = this_month(lk), months_before(lk)
    rows = []
    for theme, code in codes.ESCALATION_THEME.items():
        values = series(lk, "escalations_by_theme", theme)
        rows.append((code.description, values[month], average(values[before]), theme))
    frame = pd.DataFrame(rows, columns=["Theme", "This month", "Average month before", "theme"])
    frame = frame.loc[frame[["This month", "Average month before"]].fillna(0).ne(0).any(axis=1)]
    return frame.sort_values(["This month", "Average month before"], ascending=False, kind="stable").reset_index(
        drop=True
    )


@table("month_escalation_themes", "iru", "table of the themes of the month's escalations")
def _themes_table(lk: Lookup) -> Made:
    raw = _themes(lk)
    on_record = _opened(lk)[months_before(lk)].dropna().index
    month = s.short_month(this_month(lk))
    before = f"Average month, {short_span(list(on_record))}" if len(on_record) else "Average month before"
    raw = raw.rename(columns={"This month": month, "Average month before": before})
    display = raw.drop(columns="theme").assign(
        **{month: tb.counts(raw[month]), before: raw[before].map(lambda v: tb.shown(v, lambda x: s.fmt_number(x, 1)))}
    )
    caption = f"Themes of the escalations opened in {s.month_name(this_month(lk))}, beside the average month before"
    notes = ["The average is over the months before with escalations on record; themes with none are left out."]
    return Made(caption, display, raw, notes=notes)


@say("month_escalations_summary", "iru", "escalations in the month")
def _summary(lk: Lookup) -> str:
    month = this_month(lk)
    before = months_before(lk)
    opened = _opened(lk)
    name = s.month_name(month)
    if pd.isna(opened[month]):
        return f"No escalations are on record for {name}."
    progressed = {stage: series(lk, "escalations_progressed", stage)[month] for stage in FORMAL_STAGES}
    resolved = {outcome: series(lk, "escalations_resolved", outcome)[month] for outcome in OUTCOMES}
    held_before = opened[before].dropna()
    versus = (
        f" (an average of {s.fmt_number(average(opened[before]), 1)} a month over {span(list(held_before.index))})"
        if len(held_before)
        else ""
    )
    parts = [f"In {name} the chairs opened {s.plural(opened[month], 'escalation')}{versus}."]
    steps = [
        f"{s.fmt_count(v)} to {STAGE_COLUMNS[k].removeprefix('To ')}"
        for k, v in progressed.items()
        if not pd.isna(v) and v
    ]
    if steps:
        parts.append(f"Escalations stepped up: {s.list_phrase(steps)}.")
    closed = [f"{s.fmt_count(v)} {OUTCOME_WORDS[k]}" for k, v in resolved.items() if not pd.isna(v) and v]
    if closed:
        parts.append(f"Escalations closed in the month: {s.list_phrase(closed)}.")
    still = series(lk, "escalations_open_at_end")[month]
    if not pd.isna(still):
        end = pd.Period(month, "M").end_time.normalize()
        parts.append(f"{s.plural(still, 'escalation was', 'escalations were')} open at {s.date_name(end)}.")
    return " ".join(parts)
