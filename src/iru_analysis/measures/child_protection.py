"""Child protection conferences and plans (subject ``child_protection``).

Sources: the CIN census tables (``section47``, ``cin_details``,
``child_protection_plans``, ``cpp_reviews``, ``child_characteristics``) and the unit's
conference log (``conferences``: ICPC/RCPC, date, ICPC outcome). Each figure is produced
from the sources supplied; ``figure_rows`` leaves out what cannot be worked out.

Rules and the conventions chosen (docs/data-standards.md §3.2, §4, §5; Working Together 2015):

* **ICPCs held** come from the conference log when it is supplied (TYPE ``ICPC``, outcome
  ``plan``/``no_plan``/``change_of_category``/``child_died`` as recorded). Otherwise
  from the census: each ``DateOfInitialCPC`` in ``section47`` or ``cin_details`` (one
  ICPC per child and date); the outcome is ``plan`` when a plan of the child starts that
  day, else ``no_plan`` (the census has no outcome field; the CIN rule "plan shown as
  starting a different day to the ICPC" implies the link). Without plans no outcome.
* **ICPC within 15 working days**: census ``section47`` rows with both
  ``S47ActualStartDate`` and ``DateOfInitialCPC``, the ICPC on or after the start (an
  ICPC dated before its enquiry starts is left out of numerator and denominator, as the
  DfE's CIN table C4 does; it still counts in ``icpc_total``, and the loader warns);
  within when ``working_days_between(start, icpc) <= 15`` (start day not counted,
  England's bank holidays skipped). When several enquiries led to the same ICPC the last one counts
  ("the last strategy discussion", Working Together). Counted in the ICPC's month/year.
* **Review conferences** (census ``cpp_reviews.CPPreviewDate``, else the log's RCPCs):
  each review is placed in the child's plan that contains its date
  (CPPstartDate <= review <= CPPendDate or open; ``merge_asof`` by child). The first
  is due within 3 months of the plan start (the ICPC), later ones within 6 months of the
  previous review; in time = held on or before the due date. ``rcpc_total`` counts every
  review held; the in-time % is over those that could be placed in a plan
  (``rcpc_assessed``). Without census plans, log ICPCs with outcome ``plan`` open the
  plans (no end date).
* **Children on a plan** on date d: CPPstartDate <= d and (CPPendDate empty or > d);
  children are counted, not plans.
* **Category at the year end**: plans open at 31 March by ``LatestCategoryOfAbuse``,
  falling back to ``InitialCategoryOfAbuse`` when no latest category is recorded. The
  snapshot describes why children *are* on a plan, so the latest category is the right
  one; the DfE's own table (InitialCategoryOfAbuse of plans starting in the year) is a
  different measure. Plans with neither are ``not_recorded``, outside the % denominator.
* **Ethnicity at the year end**: children on a plan by census ``Ethnicity``; a child with
  none (e.g. an unborn child) is counted under ``not_recorded`` in ``cpp_ethnicity``,
  excluded from the ``_pct`` denominator, and reported in ``cpp_ethnicity_not_recorded``.
* **Plans lasting 2 years or more**: a plan has lasted 2 years on the day
  ``add_months(CPPstartDate, 24)``. Active at a month end m: open at m and 2 years
  reached by m. Ended in a month: CPPendDate in the month and end >= start + 2 years
  (EES table D7: duration = end - start).
* **Repeat plans**: of plans starting in the year, ``any_previous`` when the child has a
  plan in the data that started earlier, or ``NumberOfPreviousCPP`` > 0 (the earlier
  plan predates the data); ``within_2_years`` when the most recent earlier plan ended on
  or before this start and no more than 2 years before it (start <= end + 24 months).
  Monthly figures are cumulative from 1 April.
* A plan reported in two census returns is one plan: plans are de-duplicated on child
  and start date, keeping the row with an end date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import ReportingYear, add_months, month_label, working_days_between
from ..codes import CATEGORY_OF_ABUSE, ICPC_OUTCOME, NOT_RECORDED
from ..dataset import Dataset
from . import FIGURE_COLUMNS, as_dates, concat_rows, count_by_period, figure_frame, month_labels, percentage, rows

SUBJECT = "child_protection"

FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
ICPC_WORKING_DAYS = 15
LONG_PLAN_MONTHS = 24

INDICATORS: dict[str, str] = {
    "icpc_total": "Initial child protection conferences held (conference log, else the CIN census ICPC dates), by month and year.",
    "icpc_outcome": "Initial child protection conferences by outcome: plan, no_plan, change_of_category, child_died (from the census only plan/no_plan: plan when a plan starts the same day).",
    "icpc_with_s47": "ICPCs held with the start date of the section 47 enquiry that led to them recorded, on or before the ICPC (CIN census; an ICPC dated before its enquiry starts is left out, as in the DfE's CIN table C4).",
    "icpc_within_15wd": f"ICPCs held within {ICPC_WORKING_DAYS} working days of the start of the section 47 enquiry that led to them (start day not counted, bank holidays skipped).",
    "icpc_within_15wd_pct": f"Percentage of ICPCs (with an s47 start) held within {ICPC_WORKING_DAYS} working days of the start of the section 47 enquiry.",
    "meetings_per_month": "Average meetings a month in the reporting year: statutory reviews (lac_review) or initial plus review child protection conferences (cp_conference), divided by 12.",
    "rcpc_total": "Child protection review conferences held (CIN census plan reviews, else the conference log), by month and year.",
    "rcpc_assessed": "Review conferences that fall within a child protection plan, so that their due date can be worked out.",
    "rcpc_in_time": f"Review conferences held on or before their due date: the first within {FIRST_REVIEW_MONTHS} months of the plan start (ICPC), later ones within {LATER_REVIEW_MONTHS} months of the previous review (Working Together 2015).",
    "rcpc_in_time_pct": "Percentage of review conferences (within a plan) held in time.",
    "cpp_at_31_march": "Children subject to a child protection plan at 31 March (start on or before the date, no end or a later end), children not plans.",
    "cpp_month_end": "Children subject to a child protection plan at the end of each month.",
    "cpp_category": "Plans open at 31 March by category of abuse (latest category, else initial category; not_recorded when neither).",
    "cpp_category_pct": "Percentage of plans open at 31 March in each category of abuse (plans with a category recorded).",
    "cpp_ethnicity": "Children on a plan at 31 March by ethnicity (CIN census code; not_recorded when none is held, e.g. an unborn child).",
    "cpp_ethnicity_pct": "Percentage of children on a plan at 31 March with an ethnicity recorded, in each ethnicity.",
    "cpp_ethnicity_not_recorded": "Children on a plan at 31 March with no ethnicity recorded (left out of cpp_ethnicity_pct).",
    "cpp_active": "Plans open at the end of each month.",
    "cpp_2yrs_active": f"Plans open at the end of each month that had then lasted {LONG_PLAN_MONTHS / 12:g} years or more.",
    "cpp_2yrs_active_pct": f"Percentage of plans open at the month end that had lasted {LONG_PLAN_MONTHS / 12:g} years or more.",
    "cpp_ended": "Plans that ended in the month (or year).",
    "cpp_2yrs_ended": f"Plans ending in the month (or year) that had lasted {LONG_PLAN_MONTHS / 12:g} years or more (end date at least {LONG_PLAN_MONTHS / 12:g} years after the start).",
    "cpp_2yrs_ended_pct": f"Percentage of plans ending in the month (or year) that had lasted {LONG_PLAN_MONTHS / 12:g} years or more (EES table D7 definition).",
    "cpp_started": "Plans starting in the year (each month: cumulative from 1 April).",
    "cpp_repeat": f"Plans starting in the year (cumulative from 1 April by month) that were a second or later plan (any_previous) or followed a plan that ended within the previous {LONG_PLAN_MONTHS / 12:g} years (within_2_years).",
    "cpp_repeat_pct": f"Percentage of plans starting from 1 April to the month end (or in the year) that were a second or later plan for the child (any_previous), or began within {LONG_PLAN_MONTHS / 12:g} years of the end of the previous plan (within_2_years).",
}

ICPC_COLUMNS = ["LAchildID", "DATE", "OUTCOME"]
CENSUS_OUTCOMES = ["plan", "no_plan"]
_SENTINEL = pd.Timestamp("1800-01-01")


# --- inputs --------------------------------------------------------------------------


def _child(values: pd.Series) -> pd.Series:
    return values.astype("str")


def _code(values: pd.Series) -> pd.Series:
    """Codes as text, blank or missing → NA."""
    text = values.astype("str").str.strip()
    return text.where(text != "").astype("object")


def plans_table(plans: pd.DataFrame) -> pd.DataFrame:
    """The census plans, one row per plan: child, dates as datetime, plan category.

    Adds ``CATEGORY`` (LatestCategoryOfAbuse, else InitialCategoryOfAbuse, else NA) and
    ``PREVIOUS`` (NumberOfPreviousCPP as a number, 0 when missing). A plan reported twice
    (same child and start) is kept once, preferring the row with an end date.
    """
    out = plans.copy()
    out["LAchildID"] = _child(out["LAchildID"])
    out["CPPstartDate"] = as_dates(out["CPPstartDate"])
    out["CPPendDate"] = as_dates(out["CPPendDate"])
    latest = (
        _code(out["LatestCategoryOfAbuse"]) if "LatestCategoryOfAbuse" in out else pd.Series(pd.NA, index=out.index)
    )
    initial = (
        _code(out["InitialCategoryOfAbuse"]) if "InitialCategoryOfAbuse" in out else pd.Series(pd.NA, index=out.index)
    )
    out["CATEGORY"] = latest.fillna(initial)
    previous = out["NumberOfPreviousCPP"] if "NumberOfPreviousCPP" in out else pd.Series(np.nan, index=out.index)
    out["PREVIOUS"] = pd.to_numeric(previous, errors="coerce").fillna(0)
    out = out.dropna(subset=["LAchildID", "CPPstartDate"])
    out = out.sort_values(["LAchildID", "CPPstartDate", "CPPendDate"], na_position="first", kind="stable")
    out = out.drop_duplicates(["LAchildID", "CPPstartDate"], keep="last")
    return out.reset_index(drop=True)


def icpcs_from_log(conferences: pd.DataFrame) -> pd.DataFrame:
    """ICPCs in the unit's conference log: LAchildID, DATE, OUTCOME (as recorded)."""
    icpc = conferences.loc[conferences["TYPE"] == "ICPC"]
    return (
        pd.DataFrame(
            {
                "LAchildID": _child(icpc["LAchildID"]),
                "DATE": as_dates(icpc["MEETING_DATE"]),
                "OUTCOME": _code(icpc["OUTCOME"]),
            }
        )
        .dropna(subset=["DATE"])
        .reset_index(drop=True)
    )


def icpcs_from_census(
    section47: pd.DataFrame | None = None, cin_details: pd.DataFrame | None = None, plans: pd.DataFrame | None = None
) -> pd.DataFrame:
    """ICPCs from the CIN census: LAchildID, DATE, OUTCOME.

    One ICPC per child and ``DateOfInitialCPC`` found in ``section47`` or ``cin_details``
    (the census allows the date in either module). OUTCOME is ``plan`` when one of the
    child's plans (``plans_table``) starts that day, else ``no_plan``; NA without plans.
    """
    found = [
        pd.DataFrame({"LAchildID": _child(t["LAchildID"]), "DATE": as_dates(t["DateOfInitialCPC"])})
        for t in (section47, cin_details)
        if t is not None and "DateOfInitialCPC" in t
    ]
    if not found:
        return pd.DataFrame(
            {
                "LAchildID": pd.Series(dtype="str"),
                "DATE": pd.Series(dtype="datetime64[ns]"),
                "OUTCOME": pd.Series(dtype="object"),
            }
        )
    icpc = pd.concat(found, ignore_index=True).dropna().drop_duplicates().reset_index(drop=True)
    if plans is None:
        icpc["OUTCOME"] = pd.Series(pd.NA, index=icpc.index, dtype="object")
        return icpc
    starts = plans[["LAchildID", "CPPstartDate"]].drop_duplicates().rename(columns={"CPPstartDate": "DATE"})
    starts["_PLAN"] = True
    icpc = icpc.merge(starts, on=["LAchildID", "DATE"], how="left")
    icpc["OUTCOME"] = np.where(icpc["_PLAN"].fillna(False).astype(bool), "plan", "no_plan")
    return icpc[ICPC_COLUMNS]


def icpc_timeliness(section47: pd.DataFrame) -> pd.DataFrame:
    """One row per ICPC with its s47 start: LAchildID, S47ActualStartDate, DateOfInitialCPC,
    WORKING_DAYS (after the start, up to and including the ICPC), WITHIN_15WD (<= 15).

    Enquiries without both dates are left out, and so is an ICPC dated before its
    enquiry's start (the DfE's CIN table C4 leaves these out of numerator and
    denominator; the loader warns, and the ICPC still counts among those held). When
    several enquiries of a child led to the same ICPC, the latest start is used (Working
    Together 2015: the last strategy discussion).
    """
    s47 = pd.DataFrame(
        {
            "LAchildID": _child(section47["LAchildID"]),
            "S47ActualStartDate": as_dates(section47["S47ActualStartDate"]),
            "DateOfInitialCPC": as_dates(section47["DateOfInitialCPC"]),
        }
    ).dropna()
    s47 = s47.loc[s47["S47ActualStartDate"] <= s47["DateOfInitialCPC"]]
    s47 = s47.sort_values("S47ActualStartDate", kind="stable")
    s47 = s47.drop_duplicates(["LAchildID", "DateOfInitialCPC"], keep="last").reset_index(drop=True)
    s47["WORKING_DAYS"] = working_days_between(s47["S47ActualStartDate"], s47["DateOfInitialCPC"])
    s47["WITHIN_15WD"] = (s47["WORKING_DAYS"] <= ICPC_WORKING_DAYS).fillna(False).astype(bool)
    return s47


def rcpc_dates_from_census(cpp_reviews: pd.DataFrame) -> pd.DataFrame:
    """Review conferences in the census: LAchildID, DATE (one per child and date)."""
    return (
        pd.DataFrame({"LAchildID": _child(cpp_reviews["LAchildID"]), "DATE": as_dates(cpp_reviews["CPPreviewDate"])})
        .dropna()
        .drop_duplicates()
    )


def rcpc_dates_from_log(conferences: pd.DataFrame) -> pd.DataFrame:
    """Review conferences in the conference log: LAchildID, DATE (one per child and date)."""
    rcpc = conferences.loc[conferences["TYPE"] == "RCPC"]
    return (
        pd.DataFrame({"LAchildID": _child(rcpc["LAchildID"]), "DATE": as_dates(rcpc["MEETING_DATE"])})
        .dropna()
        .drop_duplicates()
    )


def plan_spans_from_log(conferences: pd.DataFrame) -> pd.DataFrame:
    """Plans as the conference log shows them: an ICPC with outcome ``plan`` starts one (no end known)."""
    icpc = icpcs_from_log(conferences)
    icpc = icpc.loc[icpc["OUTCOME"] == "plan"]
    return pd.DataFrame(
        {
            "LAchildID": icpc["LAchildID"],
            "CPPstartDate": icpc["DATE"],
            "CPPendDate": pd.Series(pd.NaT, index=icpc.index, dtype="datetime64[ns]"),
        }
    )


# --- review conferences ---------------------------------------------------------------


def rcpc_timeliness(plans: pd.DataFrame, review_dates: pd.DataFrame) -> pd.DataFrame:
    """Each review conference placed in its plan: LAchildID, PLAN_START, DATE, ORDINAL, DUE, IN_TIME.

    A review belongs to the child's plan containing its date (start <= date <= end, or
    open). The 1st review of a plan is due on ``add_months(start, 3)``, later ones on
    ``add_months(previous review, 6)``; IN_TIME = DATE <= DUE. Reviews outside every plan
    are left out. Vectorised with ``merge_asof`` and ``cumcount``/``shift``.
    """
    spans = plans[["LAchildID", "CPPstartDate", "CPPendDate"]].copy()
    spans["LAchildID"] = _child(spans["LAchildID"])
    spans["CPPstartDate"] = as_dates(spans["CPPstartDate"])
    spans["CPPendDate"] = as_dates(spans["CPPendDate"])
    spans = spans.dropna(subset=["LAchildID", "CPPstartDate"]).sort_values("CPPstartDate", kind="stable")
    held = review_dates[["LAchildID", "DATE"]].copy()
    held["LAchildID"] = _child(held["LAchildID"])
    held["DATE"] = as_dates(held["DATE"])
    held = held.dropna().drop_duplicates().sort_values("DATE", kind="stable")
    columns = ["LAchildID", "PLAN_START", "DATE", "ORDINAL", "DUE", "IN_TIME"]
    if held.empty or spans.empty:
        return pd.DataFrame(
            {
                "LAchildID": pd.Series(dtype="str"),
                "PLAN_START": pd.Series(dtype="datetime64[ns]"),
                "DATE": pd.Series(dtype="datetime64[ns]"),
                "ORDINAL": pd.Series(dtype="int64"),
                "DUE": pd.Series(dtype="datetime64[ns]"),
                "IN_TIME": pd.Series(dtype="bool"),
            }
        )[columns]
    placed = pd.merge_asof(held, spans, left_on="DATE", right_on="CPPstartDate", by="LAchildID", direction="backward")
    inside = placed["CPPstartDate"].notna() & (placed["CPPendDate"].isna() | (placed["DATE"] <= placed["CPPendDate"]))
    placed = placed.loc[inside].sort_values(["LAchildID", "CPPstartDate", "DATE"], kind="stable")
    placed = placed.reset_index(drop=True).rename(columns={"CPPstartDate": "PLAN_START"})
    within = placed.groupby(["LAchildID", "PLAN_START"], sort=False)
    placed["ORDINAL"] = (within.cumcount() + 1).astype("int64")
    previous = within["DATE"].shift()
    due = add_months(previous, LATER_REVIEW_MONTHS)
    placed["DUE"] = as_dates(due.mask(placed["ORDINAL"] == 1, add_months(placed["PLAN_START"], FIRST_REVIEW_MONTHS)))
    placed["IN_TIME"] = (placed["DATE"] <= placed["DUE"]).astype(bool)
    return placed[columns]


# --- plans: snapshots, categories, ethnicity ----------------------------------------------


def plans_open_at(plans: pd.DataFrame, dates) -> pd.DataFrame:
    """One row per plan open on each date (``DATE`` plus the plan's columns).

    Open on d: CPPstartDate <= d and CPPendDate empty or later than d. Plans × dates are
    compared at once (no loop over children).
    """
    dates = pd.DatetimeIndex(dates)
    start = plans["CPPstartDate"].to_numpy(dtype="datetime64[ns]")[:, None]
    end = plans["CPPendDate"].to_numpy(dtype="datetime64[ns]")[:, None]
    when = dates.to_numpy(dtype="datetime64[ns]")[None, :]
    plan_idx, date_idx = np.nonzero((start <= when) & (np.isnat(end) | (end > when)))
    out = plans.iloc[plan_idx].reset_index(drop=True)
    out.insert(0, "DATE", dates[date_idx])
    return out


def children_on_plan(plans: pd.DataFrame, dates) -> pd.Series:
    """Children (not plans) subject to a plan on each date (index: the dates, 0 when none)."""
    dates = pd.DatetimeIndex(dates)
    open_ = plans_open_at(plans, dates)
    return open_.groupby("DATE")["LAchildID"].nunique().reindex(dates, fill_value=0).rename("value")


def category_at(plans: pd.DataFrame, date: pd.Timestamp) -> pd.DataFrame:
    """Plans open on ``date`` by category: columns ``code, count, pct``.

    The five DfE categories are always listed; other codes seen and ``not_recorded``
    when present. pct is over plans with a category recorded (not_recorded has none).
    """
    open_ = plans_open_at(plans, [date])
    category = open_["CATEGORY"].astype("object").fillna(NOT_RECORDED)
    codes = list(CATEGORY_OF_ABUSE) + sorted(set(category) - set(CATEGORY_OF_ABUSE) - {NOT_RECORDED})
    if (category == NOT_RECORDED).any():
        codes.append(NOT_RECORDED)
    count = category.value_counts().reindex(codes, fill_value=0).astype(float)
    recorded = count.drop(NOT_RECORDED, errors="ignore").sum()
    pct = (100.0 * count / recorded).where(count.index != NOT_RECORDED) if recorded > 0 else count * np.nan
    return pd.DataFrame({"code": codes, "count": count.to_numpy(), "pct": pct.to_numpy()})


def ethnicity_at(plans: pd.DataFrame, characteristics: pd.DataFrame, date: pd.Timestamp) -> pd.DataFrame:
    """Children on a plan on ``date`` by census Ethnicity: columns ``code, count, pct``.

    A child with no ethnicity (no row, or a blank code, as for an unborn child) is
    counted under ``not_recorded``, which has no pct: the pct denominator is the children
    with an ethnicity recorded. Codes seen are listed (no zero rows).
    """
    children = pd.Series(plans_open_at(plans, [date])["LAchildID"].unique(), name="LAchildID", dtype="str")
    known = pd.DataFrame(
        {"LAchildID": _child(characteristics["LAchildID"]), "ETHNIC": _code(characteristics["Ethnicity"])}
    ).dropna()
    known = known.drop_duplicates("LAchildID", keep="last")
    ethnic = children.to_frame().merge(known, on="LAchildID", how="left")["ETHNIC"].fillna(NOT_RECORDED)
    count = ethnic.value_counts().astype(float)
    codes = sorted(c for c in count.index if c != NOT_RECORDED) + ([NOT_RECORDED] if NOT_RECORDED in count else [])
    count = count.reindex(codes)
    recorded = count.drop(NOT_RECORDED, errors="ignore").sum()
    pct = (100.0 * count / recorded).where(count.index != NOT_RECORDED) if recorded > 0 else count * np.nan
    return pd.DataFrame({"code": codes, "count": count.to_numpy(), "pct": pct.to_numpy()})


# --- plans lasting 2 years ------------------------------------------------------------------


def long_plans(plans: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Plans lasting 2 years or more, per month of ``year`` and for the year.

    Columns ``period, period_type, active, active_2yrs, ended, ended_2yrs`` with ``active_2yrs_pct``
    and ``ended_2yrs_pct`` (NaN when the denominator is 0). Active counts are taken at
    each month end (the year row holds no active figures); ended counts are plans whose
    CPPendDate falls in the month (or year). A plan reaches 2 years on
    ``add_months(CPPstartDate, 24)``.
    """
    reached = add_months(plans["CPPstartDate"], LONG_PLAN_MONTHS)
    plans = plans.assign(_REACHED=reached)
    open_ = plans_open_at(plans, year.month_ends)
    open_["_LONG"] = open_["_REACHED"] <= open_["DATE"]
    months = month_labels(year)
    active = open_.groupby(month_label(open_["DATE"])).agg(active=("_LONG", "size"), active_2yrs=("_LONG", "sum"))
    active = active.reindex(months, fill_value=0)
    ended = plans.loc[plans["CPPendDate"].notna()]
    ended_long = ended.loc[ended["_REACHED"] <= ended["CPPendDate"], "CPPendDate"]
    n_ended = count_by_period(ended["CPPendDate"], year).set_index("period")["value"]
    n_long = count_by_period(ended_long, year).set_index("period")["value"]
    out = pd.DataFrame({"ended": n_ended, "ended_2yrs": n_long})
    out = out.join(active.astype(float))  # the year row has no active figures (NaN)
    out["active_2yrs_pct"] = (100.0 * out["active_2yrs"] / out["active"]).where(out["active"] > 0)
    out["ended_2yrs_pct"] = (100.0 * out["ended_2yrs"] / out["ended"]).where(out["ended"] > 0)
    out = out.rename_axis("period").reset_index()
    out.insert(1, "period_type", np.where(out["period"] == year.label, "year", "month"))
    return out


# --- repeat plans ------------------------------------------------------------------------


def repeat_plans(plans: pd.DataFrame) -> pd.DataFrame:
    """Every plan with ``ANY_PREVIOUS`` and ``WITHIN_2_YEARS`` flags (and ``LAST_END``).

    ANY_PREVIOUS: the child has a plan in the data that started earlier, or
    NumberOfPreviousCPP > 0. LAST_END: the latest end among the child's earlier plans.
    WITHIN_2_YEARS: LAST_END on or before this start and start <= LAST_END + 24 months.
    Vectorised with groupby ``cumcount``/``shift``/``cummax``.
    """
    out = plans.sort_values(["LAchildID", "CPPstartDate", "CPPendDate"], kind="stable").reset_index(drop=True)
    by_child = out.groupby("LAchildID", sort=False)
    earlier = by_child.cumcount() > 0
    previous_end = by_child["CPPendDate"].shift().fillna(_SENTINEL)
    last_end = previous_end.groupby(out["LAchildID"], sort=False).cummax()
    out["LAST_END"] = last_end.where(last_end > _SENTINEL)
    out["ANY_PREVIOUS"] = (earlier | (out["PREVIOUS"] > 0)).astype(bool)
    out["WITHIN_2_YEARS"] = (
        (
            out["LAST_END"].notna()
            & (out["LAST_END"] <= out["CPPstartDate"])
            & (out["CPPstartDate"] <= add_months(out["LAST_END"], LONG_PLAN_MONTHS))
        )
        .fillna(False)
        .astype(bool)
    )
    return out


def repeat_by_month(plans: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Repeat plans cumulative from 1 April: one row per month and one for the year.

    Columns ``period, period_type, started, any_previous, within_2_years`` (plans starting from
    1 April to the month end) and the two percentages ``any_previous_pct``,
    ``within_2_years_pct`` (NaN when none started).
    """
    flagged = repeat_plans(plans)
    flagged = flagged.loc[year.contains(flagged["CPPstartDate"])]
    start = flagged["CPPstartDate"].to_numpy(dtype="datetime64[ns]")[:, None]
    ends = year.month_ends.to_numpy(dtype="datetime64[ns]")[None, :]
    upto = start <= ends  # plans × month ends: started by that month end
    anyp = flagged["ANY_PREVIOUS"].to_numpy()[:, None]
    within = flagged["WITHIN_2_YEARS"].to_numpy()[:, None]
    out = pd.DataFrame(
        {
            "period": month_labels(year),
            "period_type": "month",
            "started": upto.sum(axis=0).astype(float),
            "any_previous": (upto & anyp).sum(axis=0).astype(float),
            "within_2_years": (upto & within).sum(axis=0).astype(float),
        }
    )
    year_row = out.iloc[[-1]].assign(period=year.label, period_type="year")  # the year = cumulative to 31 March
    out = pd.concat([out, year_row], ignore_index=True)
    for col in ("any_previous", "within_2_years"):
        out[f"{col}_pct"] = (100.0 * out[col] / out["started"]).where(out["started"] > 0)
    return out


# --- figures.csv ---------------------------------------------------------------------


def _only_year(frame: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    return frame.loc[frame["period"] == year.label]


def _icpcs(ds: Dataset, plans: pd.DataFrame | None) -> tuple[pd.DataFrame | None, list[str]]:
    """The ICPCs and the outcome codes they can carry (log first, else census)."""
    if ds.has("conferences"):
        return icpcs_from_log(ds.conferences), list(ICPC_OUTCOME)
    if ds.has("section47") or ds.has("cin_details"):
        return icpcs_from_census(ds.section47, ds.cin_details, plans), (CENSUS_OUTCOMES if plans is not None else [])
    return None, []


def _icpc_rows(icpcs: pd.DataFrame, outcomes: list[str], year: ReportingYear) -> list[pd.DataFrame]:
    frames = []
    for n, y in enumerate([year, year.previous()]):
        if n > 0 and not y.contains(icpcs["DATE"]).any():
            continue
        keep = (lambda f: f) if n == 0 else (lambda f, y=y: _only_year(f, y))
        frames.append(rows(SUBJECT, "icpc_total", keep(count_by_period(icpcs["DATE"], y))))
        if outcomes:
            frames.append(
                rows(SUBJECT, "icpc_outcome", keep(count_by_period(icpcs["DATE"], y, icpcs["OUTCOME"], outcomes)))
            )
    return frames


def _icpc_timeliness_rows(timely: pd.DataFrame, year: ReportingYear) -> list[pd.DataFrame]:
    frames = []
    for n, y in enumerate([year, year.previous()]):
        if n > 0 and not y.contains(timely["DateOfInitialCPC"]).any():
            continue
        keep = (lambda f: f) if n == 0 else (lambda f, y=y: _only_year(f, y))
        total = keep(count_by_period(timely["DateOfInitialCPC"], y))
        within = keep(count_by_period(timely.loc[timely["WITHIN_15WD"], "DateOfInitialCPC"], y))
        frames += [
            rows(SUBJECT, "icpc_with_s47", total),
            rows(SUBJECT, "icpc_within_15wd", within),
            rows(SUBJECT, "icpc_within_15wd_pct", percentage(within, total)),
        ]
    return frames


def _rcpcs(ds: Dataset, plans: pd.DataFrame | None) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Review conference dates held, and their timeliness when plans are known."""
    if ds.has("cpp_reviews"):
        dates = rcpc_dates_from_census(ds.cpp_reviews)
    elif ds.has("conferences"):
        dates = rcpc_dates_from_log(ds.conferences)
    else:
        return None, None
    if plans is not None:
        spans = plans
    elif ds.has("conferences"):
        spans = plan_spans_from_log(ds.conferences)
    else:
        return dates, None
    return dates, rcpc_timeliness(spans, dates)


def _rcpc_rows(dates: pd.DataFrame, timely: pd.DataFrame | None, year: ReportingYear) -> list[pd.DataFrame]:
    frames = []
    for n, y in enumerate([year, year.previous()]):
        if n > 0 and not y.contains(dates["DATE"]).any():
            continue
        keep = (lambda f: f) if n == 0 else (lambda f, y=y: _only_year(f, y))
        frames.append(rows(SUBJECT, "rcpc_total", keep(count_by_period(dates["DATE"], y))))
        if timely is not None:
            assessed = keep(count_by_period(timely["DATE"], y))
            in_time = keep(count_by_period(timely.loc[timely["IN_TIME"], "DATE"], y))
            frames += [
                rows(SUBJECT, "rcpc_assessed", assessed),
                rows(SUBJECT, "rcpc_in_time", in_time),
                rows(SUBJECT, "rcpc_in_time_pct", percentage(in_time, assessed)),
            ]
    return frames


def _breakdown_rows(indicator: str, table: pd.DataFrame, column: str, day: str) -> pd.DataFrame:
    values = table.set_index("code")[column].dropna()
    if values.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    return figure_frame(SUBJECT, indicator, values, period=day, period_type="date")


def _long_rows(long: pd.DataFrame) -> list[pd.DataFrame]:
    frames = []
    for indicator, column in [
        ("cpp_active", "active"),
        ("cpp_2yrs_active", "active_2yrs"),
        ("cpp_2yrs_active_pct", "active_2yrs_pct"),
        ("cpp_ended", "ended"),
        ("cpp_2yrs_ended", "ended_2yrs"),
        ("cpp_2yrs_ended_pct", "ended_2yrs_pct"),
    ]:
        values = long[["period", "period_type", column]].rename(columns={column: "value"}).dropna().assign(breakdown="")
        frames.append(rows(SUBJECT, indicator, values))
    return frames


def _repeat_rows(repeat: pd.DataFrame) -> list[pd.DataFrame]:
    frames = [
        rows(
            SUBJECT,
            "cpp_started",
            repeat[["period", "period_type", "started"]].rename(columns={"started": "value"}).assign(breakdown=""),
        )
    ]
    for indicator, suffix in [("cpp_repeat", ""), ("cpp_repeat_pct", "_pct")]:
        long = pd.concat(
            [
                repeat[["period", "period_type", f"{b}{suffix}"]]
                .rename(columns={f"{b}{suffix}": "value"})
                .assign(breakdown=b)
                for b in ("any_previous", "within_2_years")
            ],
            ignore_index=True,
        )
        frames.append(rows(SUBJECT, indicator, long.dropna(subset=["value"])))
    return frames


def figure_rows(ds: Dataset, year: ReportingYear, **options) -> pd.DataFrame:
    """Rows of subject ``child_protection`` from whichever sources are supplied.

    ICPCs: conference log, else census section47/cin_details. ICPC timeliness: census
    section47. Review conferences: census cpp_reviews, else the log. Plans (snapshots,
    category, 2 years, repeats): census child_protection_plans; ethnicity also needs
    child_characteristics. Previous-year figures are added where the data reach back.
    """
    plans = plans_table(ds.child_protection_plans) if ds.has("child_protection_plans") else None
    frames: list[pd.DataFrame] = []

    icpcs, outcomes = _icpcs(ds, plans)
    if icpcs is not None:
        frames += _icpc_rows(icpcs, outcomes, year)
    if ds.has("section47"):
        frames += _icpc_timeliness_rows(icpc_timeliness(ds.section47), year)
    rcpc_dates, rcpc_timely = _rcpcs(ds, plans)
    if rcpc_dates is not None:
        frames += _rcpc_rows(rcpc_dates, rcpc_timely, year)
    if icpcs is not None and rcpc_dates is not None:
        held = float(year.contains(icpcs["DATE"]).sum() + year.contains(rcpc_dates["DATE"]).sum())
        frames.append(
            figure_frame(
                SUBJECT,
                "meetings_per_month",
                pd.Series({"cp_conference": held / 12}),
                period=year.label,
                period_type="year",
            )
        )

    if plans is not None:
        snapshot = [year.previous().end, year.end]
        at_march = children_on_plan(plans, snapshot)
        at_march.index = at_march.index.strftime("%Y-%m-%d")
        frames.append(figure_frame(SUBJECT, "cpp_at_31_march", at_march, period_type="date"))
        month_end = children_on_plan(plans, year.month_ends)
        month_end.index = month_end.index.strftime("%Y-%m")
        frames.append(figure_frame(SUBJECT, "cpp_month_end", month_end, period_type="month"))
        end_label = year.end.strftime("%Y-%m-%d")
        category = category_at(plans, year.end)
        frames += [
            _breakdown_rows("cpp_category", category, "count", end_label),
            _breakdown_rows("cpp_category_pct", category, "pct", end_label),
        ]
        if ds.has("child_characteristics"):
            ethnicity = ethnicity_at(plans, ds.child_characteristics, year.end)
            missing = ethnicity.loc[ethnicity["code"] == NOT_RECORDED, "count"].sum()
            frames += [
                _breakdown_rows("cpp_ethnicity", ethnicity, "count", end_label),
                _breakdown_rows("cpp_ethnicity_pct", ethnicity, "pct", end_label),
                figure_frame(
                    SUBJECT,
                    "cpp_ethnicity_not_recorded",
                    pd.Series({"": float(missing)}),
                    period=end_label,
                    period_type="date",
                ),
            ]
        frames += _long_rows(long_plans(plans, year))
        frames += _repeat_rows(repeat_by_month(plans, year))
        previous = year.previous()
        if previous.contains(plans["CPPstartDate"]).any():
            frames += _repeat_rows(_only_year(repeat_by_month(plans, previous), previous))
    return concat_rows(frames)
