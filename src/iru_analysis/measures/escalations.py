"""Escalations raised by the chairs and the stages they reached (subject ``escalations``).

Sources: the unit's ``escalations.csv`` (one row per escalation: raised, theme, resolved,
outcome) and ``escalation_steps.csv`` (each stage an escalation reached, with its date);
``docs/data-folder.md``. Periods, the cross join of records and periods, and the rule
that counts begin with the month of the first record are those of
:mod:`iru_analysis.measures.practice`: months before the first escalation raised have no
row, as the process may not have existed then.

Conventions:

* **Raised in the period**: RAISED_DATE in the period. An escalation raised earlier and
  resolved in the period is not among them; it counts only among those open at the ends
  of the periods before it was resolved.
* **Highest stage reached by the period's end**: the latest, in the order
  ``informal, stage1, stage2, stage3, cafcass`` (``codes.ESCALATION_STAGE``), of its
  steps dated on or before the period's end; ``not_recorded`` when it has none (and for
  every escalation when ``escalation_steps.csv`` is not supplied).
* **Resolved by the period's end**: RESOLVED_DATE on or before it, whatever the outcome.
  It **never went beyond informal** when no step beyond ``informal`` is dated on or
  before that end (an escalation with no step recorded reached no formal stage).
* **Days to resolve**: working days from raising to resolution, the raising day not
  counted (``calendar.working_days_between``).
* **Open at the period's end**: raised on or before it, at any time, and not resolved
  on or before it.
* **Cafcass referrals**: escalations whose ``cafcass`` step is dated in the period.
* **Progressed to a stage in the period**: the escalation's first step to that formal
  stage (``stage1``, ``stage2``, ``stage3``, ``cafcass``) is dated in the period, whenever
  it was raised; each escalation counts once per stage (a second step to the same stage
  is not a new progression), so the months add up to the year.
* **Resolved in the period**: RESOLVED_DATE in the period, whenever it was raised, by
  OUTCOME.
"""

from __future__ import annotations

import pandas as pd

from .. import codes
from ..calendar import ReportingYear, working_days_between
from ..codes import NOT_RECORDED
from ..dataset import Dataset
from . import FIGURE_COLUMNS, as_dates, concat_rows, rows
from .practice import KEYS, counted, in_periods, period_table, share

SUBJECT = "escalations"
STAGES: list[str] = list(codes.ESCALATION_STAGE)
THEMES: list[str] = list(codes.ESCALATION_THEME)
FORMAL_STAGES: list[str] = [s for s in STAGES if s != "informal"]
OUTCOMES: list[str] = list(codes.ESCALATION_OUTCOME)

INDICATORS: dict[str, str] = {
    "escalations_raised": (
        "Escalations raised by the chairs in the period, by the highest stage each had reached by the period's end "
        "(informal, stage1, stage2, stage3, cafcass; not_recorded when no step is recorded)."
    ),
    "escalations_by_theme": "Escalations raised by the chairs in the period, by theme.",
    "escalations_resolved_informally_pct": (
        "Percentage of the escalations raised in the period and resolved by its end, with any outcome, that never "
        "went beyond the informal stage."
    ),
    "escalation_days_to_resolve_median": (
        "Median working days from raising to resolution (the raising day not counted) of the escalations raised "
        "in the period and resolved by its end."
    ),
    "escalations_open_at_end": "Escalations raised at any time and not resolved at the period's end.",
    "cafcass_referrals": "Escalations whose referral to Cafcass (the cafcass stage) is dated in the period.",
    "escalations_progressed": (
        "Escalations, raised at any time, whose first step to a formal stage is dated in the period, by that stage "
        "(stage1, stage2, stage3, cafcass): each escalation once per stage."
    ),
    "escalations_resolved": (
        "Escalations, raised at any time, resolved in the period (RESOLVED_DATE), by outcome (resolved, withdrawn, "
        "referred_cafcass)."
    ),
}


def escalations_by_period(escalations: pd.DataFrame, steps: pd.DataFrame | None, periods: pd.DataFrame) -> pd.DataFrame:
    """The escalations raised in each period with what they had come to by its end.

    Columns ``period, period_type, ESCALATION_ID, THEME, RAISED_DATE, RESOLVED_DATE, STAGE``
    (the highest stage reached by the period's end, ``not_recorded`` when none),
    ``RESOLVED`` (resolved on or before the period's end), ``INFORMAL`` (no step beyond
    informal by then) and ``DAYS`` (working days from raising to resolution, NA when
    not resolved by then).
    """
    raised = in_periods(escalations, "RAISED_DATE", periods).reset_index(drop=True)
    known = (
        steps.loc[steps["STAGE"].isin(STAGES), ["ESCALATION_ID", "STAGE", "STEP_DATE"]]
        if steps is not None
        else pd.DataFrame({"ESCALATION_ID": [], "STAGE": [], "STEP_DATE": pd.Series(dtype="datetime64[ns]")})
    )
    known = known.assign(RANK=known["STAGE"].map({s: n for n, s in enumerate(STAGES)}))
    reached = raised[["ESCALATION_ID", "end"]].reset_index().merge(known, on="ESCALATION_ID", how="inner")
    reached = reached.loc[reached["STEP_DATE"] <= reached["end"]]
    highest = reached.groupby("index")["RANK"].max().reindex(raised.index)
    resolved = raised["RESOLVED_DATE"].notna() & (raised["RESOLVED_DATE"] <= raised["end"])
    days = working_days_between(raised["RAISED_DATE"], raised["RESOLVED_DATE"])
    return raised.assign(
        STAGE=highest.map(dict(enumerate(STAGES))).fillna(NOT_RECORDED),
        RESOLVED=resolved,
        INFORMAL=highest.fillna(0) <= 0,
        DAYS=days.where(resolved),
    )[KEYS + ["ESCALATION_ID", "THEME", "RAISED_DATE", "RESOLVED_DATE", "STAGE", "RESOLVED", "INFORMAL", "DAYS"]]


def open_at_end(escalations: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The escalations open at each period's end (raised on or before it, not resolved on
    or before it), with the period columns."""
    both = escalations.merge(periods, how="cross")
    still = both["RESOLVED_DATE"].isna() | (both["RESOLVED_DATE"] > both["end"])
    return both.loc[(both["RAISED_DATE"] <= both["end"]) & still]


def progressed(escalations: pd.DataFrame, steps: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The first step of each escalation (of ``escalations``) to each formal stage, once for
    every period holding its date, with the period columns (``ESCALATION_ID, STAGE, STEP_DATE``)."""
    formal = steps.loc[steps["STAGE"].isin(FORMAL_STAGES) & steps["ESCALATION_ID"].isin(escalations["ESCALATION_ID"])]
    first = formal.groupby(["ESCALATION_ID", "STAGE"], as_index=False)["STEP_DATE"].min()
    return in_periods(first, "STEP_DATE", periods)


def median_days(raised: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Rows ``breakdown, period, period_type, value``: the median ``DAYS`` of the escalations
    resolved by each period's end (no row where none was)."""
    done = raised.loc[raised["RESOLVED"]].astype({"DAYS": "float64"})
    median = done.groupby(KEYS)["DAYS"].median().rename("value").reset_index()
    return periods[KEYS].merge(median, on=KEYS).assign(breakdown="")[["breakdown", *KEYS, "value"]]


def figure_rows(ds: Dataset, year: ReportingYear, **_options: object) -> pd.DataFrame:
    """The subject's rows of figures.csv: every indicator for each month from the first
    escalation raised, the year and the previous year where it holds escalations.

    Needs ``escalations``; ``escalations_resolved_informally_pct``,
    ``cafcass_referrals`` and ``escalations_progressed`` also need ``escalation_steps``. Other options passed by the
    figures registry are ignored.
    """
    if not ds.has("escalations"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    escalations, steps = ds.escalations, ds.escalation_steps
    table = period_table(year, as_dates(escalations["RAISED_DATE"]).min())
    raised = escalations_by_period(escalations, steps, table)
    frames = [
        rows(SUBJECT, "escalations_raised", counted(raised, table, "STAGE", STAGES + [NOT_RECORDED])),
        rows(SUBJECT, "escalations_by_theme", counted(raised, table, "THEME", THEMES)),
        rows(SUBJECT, "escalation_days_to_resolve_median", median_days(raised, table)),
        rows(SUBJECT, "escalations_open_at_end", counted(open_at_end(escalations, table), table)),
        rows(
            SUBJECT,
            "escalations_resolved",
            counted(in_periods(escalations, "RESOLVED_DATE", table), table, "OUTCOME", OUTCOMES),
        ),
    ]
    if steps is not None:
        cafcass = in_periods(steps.loc[steps["STAGE"] == "cafcass"], "STEP_DATE", table)
        frames += [
            rows(
                SUBJECT,
                "escalations_resolved_informally_pct",
                share(raised.loc[raised["RESOLVED"]], "INFORMAL", table),
            ),
            rows(SUBJECT, "cafcass_referrals", counted(cafcass.drop_duplicates(KEYS + ["ESCALATION_ID"]), table)),
            rows(
                SUBJECT,
                "escalations_progressed",
                counted(progressed(escalations, steps, table), table, "STAGE", FORMAL_STAGES),
            ),
        ]
    return concat_rows(frames)
