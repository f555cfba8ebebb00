"""The chairs' oversight, from the unit's practice records (subject ``practice``).

Sources: the SSDA903 episodes (periods of care) and reviews, and the unit's
``allocations.csv`` with ``chairs.csv``, ``contacts.csv``, ``review_records.csv``,
``conferences.csv`` (its optional QUORATE) and ``feedback.csv`` (``docs/data-folder.md``).
Escalations are in :mod:`iru_analysis.measures.escalations`.

Conventions:

* **Periods**: every figure is given for each month of the year (``YYYY-MM``) and the
  year, and for the previous year (its year figure only) where the data allow
  (:func:`period_table`). A figure about records dated in a period counts those whose
  date falls in it; a figure about a state at the period's end reads it on the period's
  last day. Records are matched with every period at once (a cross join of the records
  and the fourteen periods), never one child at a time.
* **Where a record begins**: the practice records start when the unit started keeping
  them. A figure whose denominator comes from the 903 (children starting to be looked
  after, children looked after, reviews held) is given only for the months from the
  month of the first record it reads (allocations, contacts) and for the years that
  end on or after it: before it, a 0 would claim a practice the records cannot show.
  Counts of feedback forms are given from the month of the first form. A percentage
  over the unit's own records (review records, conferences with QUORATE recorded,
  feedback scores) is simply absent where no record falls in a period.
* **Working days** (``calendar.py``): "within N working days of d" is on or before
  ``add_working_days(d, N)``, d itself not counted, England's bank holidays skipped.
* **The unit's timescales** (:class:`Timescales`, the parameters file's ``timescales``;
  local standards differ): an IRO allocated within :data:`IRO_ALLOCATION_WORKING_DAYS`
  working days of the start of a period of care, recommendations within
  :data:`RECOMMENDATIONS_WORKING_DAYS` of the review, the full record within
  :data:`RECORD_WORKING_DAYS`, by default. The indicator names are a fixed contract:
  ``iro_allocated_within_5wd`` keeps its name whatever the allocation timescale.
* **Children who started to be looked after in a period**: each child's first period of
  care (short breaks only, V3/V4, left out) starting in it. **Looked after at the
  period's end**: ``looked_after.looked_after_at`` (DECOM on or before the day, DEC blank
  or after it, not V3/V4).
* **An IRO allocation** is an allocation to a chair whose ROLE in ``chairs.csv`` is IRO;
  allocations to ICCs are ignored here. A child is allocated within the timescale when an
  IRO allocation starts on or before the due date and had not ended before the period
  of care started (an allocation made just before a planned admission counts).
* **An IRO change** is an IRO allocation to a chair other than the chair of the child's
  previous IRO allocation (the child's first IRO allocation is no change; a new
  allocation to the same IRO is none either).
* **Reviews with an earlier review in the same period of care**: the 903 reviews placed in
  their periods of care as the review measures place them (``reviews.placed_reviews``),
  each but the first of its period; the window is after the earlier review and before
  this one (neither day included).
* **Records issued in time**: due ``add_working_days(REVIEW_DATE, N)``; in time when
  issued on or before it, whenever it was issued (the data are read as they are). A blank
  issue date counts as not in time when the due date is on or before the period's end, and
  is left out otherwise (it may yet be issued in time).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import codes
from ..calendar import ReportingYear, add_working_days
from ..dataset import Dataset
from . import as_dates, concat_rows, month_labels, rows, years_held
from .looked_after import looked_after_at
from .reviews import held_reviews, placed_reviews

SUBJECT = "practice"

IRO_ALLOCATION_WORKING_DAYS = 5
RECOMMENDATIONS_WORKING_DAYS = 5
RECORD_WORKING_DAYS = 20


@dataclass(frozen=True)
class Timescales:
    """The unit's practice timescales, in working days (the day of the event not counted)."""

    iro_allocation_working_days: int = IRO_ALLOCATION_WORKING_DAYS  # from the start of a period of care
    recommendations_working_days: int = RECOMMENDATIONS_WORKING_DAYS  # from the review
    record_working_days: int = RECORD_WORKING_DAYS  # the full record, from the review


DEFAULT_TIMESCALES = Timescales()

MEETING_TYPES: list[str] = list(codes.MEETING_TYPE)
RESPONDENTS: list[str] = list(codes.RESPONDENT)
SAW_CHILD = ("visit", "remote")

INDICATORS: dict[str, str] = {
    "iro_allocated_within_5wd": (
        "Children who started to be looked after in the period with an IRO allocated within the unit's timescale "
        f"(default {IRO_ALLOCATION_WORKING_DAYS} working days; the indicator keeps this name whatever the timescale) "
        "of the start of their period of care (the start day not counted)."
    ),
    "iro_allocated_within_5wd_pct": (
        "Percentage of the children who started to be looked after in the period with an IRO allocated within the "
        f"unit's timescale (default {IRO_ALLOCATION_WORKING_DAYS} working days; the indicator keeps this name whatever "
        "the timescale) of the start of their period of care (the start day not counted)."
    ),
    "iro_changed_pct": (
        "Percentage of the children looked after at the period's end whose IRO changed during the period "
        "(a new allocation to a different chair with role IRO; ICC allocations are not IRO changes)."
    ),
    "midway_coverage_pct": (
        "Percentage of the reviews held in the period that had an earlier review in the same period of care "
        "with a midway contact (a midway review of the plan's progress) after the earlier review and before this one."
    ),
    "iro_saw_child_pct": (
        "Percentage of the reviews held in the period that had an earlier review in the same period of care "
        "with a visit or remote contact (the IRO saw or spoke with the child) after the earlier review and "
        "before this one."
    ),
    "recommendations_in_time_pct": (
        "Percentage of the reviews held in the period whose recommendations were issued within the unit's "
        f"timescale (default {RECOMMENDATIONS_WORKING_DAYS} working days) of the review (the review day not "
        "counted); a blank issue date is not in time once the due date has passed by the period's end, and left "
        "out before."
    ),
    "record_in_time_pct": (
        "Percentage of the reviews held in the period whose full record was issued within the unit's timescale "
        f"(default {RECORD_WORKING_DAYS} working days) of the review (the review day not counted); a blank issue "
        "date is not in time once the due date has passed by the period's end, and left out before."
    ),
    "review_advocate_pct": (
        "Percentage of the reviews held in the period (with ADVOCATE recorded) in which an advocate took part."
    ),
    "cp_conference_quorate_pct": (
        "Percentage of the child protection conferences (initial and review) held in the period, with QUORATE "
        "recorded, that were quorate."
    ),
    "feedback_score_mean": (
        "Mean score (1 to 5, 5 best) of the feedback forms about meetings held in the period, by meeting type "
        "and respondent (breakdown <meeting type>/<respondent>)."
    ),
    "feedback_forms": (
        "Number of feedback forms about meetings held in the period, by meeting type and respondent "
        "(breakdown <meeting type>/<respondent>); from the month of the first form on record."
    ),
}

PERIOD_COLUMNS = ["period", "period_type", "start", "end"]
KEYS = ["period", "period_type"]


# --- periods and the helpers every measure uses ------------------------------------------


def period_table(year: ReportingYear, first: pd.Timestamp | None = None, previous: bool = True) -> pd.DataFrame:
    """The periods a figure is given for: ``period, period_type, start, end`` (dates).

    Each month of ``year``, the year, and (``previous``) the year before, its year row
    only. With ``first`` (the date of the first record a figure reads), only the months
    from the month of ``first`` and the years ending on or after it; none when ``first``
    is NaT (no record at all).

    >>> t = period_table(ReportingYear(2015), pd.Timestamp("2016-02-10"))
    >>> t["period"].tolist(), t["end"].dt.day.tolist()
    (['2016-02', '2016-03', '2015-16'], [29, 31, 31])
    """
    months = pd.DataFrame(
        {
            "period": month_labels(year),
            "period_type": "month",
            "start": year.months.start_time,
            "end": year.months.end_time.normalize(),
        }
    )
    years = [year] + ([year.previous()] if previous else [])
    whole = pd.DataFrame(
        {
            "period": [y.label for y in years],
            "period_type": "year",
            "start": [y.start for y in years],
            "end": [y.end for y in years],
        }
    )
    table = pd.concat([months, whole], ignore_index=True)
    if first is None:
        return table
    if pd.isna(first):
        return table.iloc[:0]
    since = pd.Timestamp(first).to_period("M").start_time
    return table.loc[table["end"] >= since].reset_index(drop=True)


def in_periods(frame: pd.DataFrame, date: str, periods: pd.DataFrame) -> pd.DataFrame:
    """Each row of ``frame`` once for every period whose dates hold its ``date`` (a month
    and its year, say), with the period's columns."""
    if periods.empty:
        return frame.iloc[:0].assign(**{c: pd.Series(dtype="object") for c in PERIOD_COLUMNS})
    near = frame.loc[frame[date].between(periods["start"].min(), periods["end"].max())]
    both = near.merge(periods, how="cross")
    return both.loc[(both[date] >= both["start"]) & (both[date] <= both["end"])].reset_index(drop=True)


def counted(
    events: pd.DataFrame, periods: pd.DataFrame, by: str | None = None, categories: list[str] | None = None
) -> pd.DataFrame:
    """Rows ``breakdown, period, period_type, value``: the events (with the period columns)
    counted per period and category, 0 where none, for every period and category."""
    categories = [""] if by is None else categories
    group = events[by].astype("object") if by is not None else pd.Series("", index=events.index, dtype="object")
    found = events[KEYS].assign(breakdown=group).groupby(KEYS + ["breakdown"]).size().rename("value").reset_index()
    grid = periods[KEYS].merge(pd.DataFrame({"breakdown": categories}), how="cross")
    out = grid.merge(found, on=KEYS + ["breakdown"], how="left")
    return out.assign(value=out["value"].fillna(0).astype(float))[["breakdown", *KEYS, "value"]]


def share(events: pd.DataFrame, flag: str, periods: pd.DataFrame) -> pd.DataFrame:
    """Rows ``breakdown, period, period_type, value``: 100 x the events flagged / the events,
    per period (a period with no event has no row: a percentage of nothing is not a figure)."""
    counts = events.groupby(KEYS)[flag].agg(["sum", "count"]).reset_index()
    out = periods[KEYS].merge(counts, on=KEYS, how="inner")
    return out.assign(breakdown="", value=100.0 * out["sum"] / out["count"])[["breakdown", *KEYS, "value"]]


# --- the measures ----------------------------------------------------------------------------


def iro_allocations(allocations: pd.DataFrame, chairs: pd.DataFrame) -> pd.DataFrame:
    """The allocations to chairs whose role is IRO: CHILD, CHAIR_ID, START_DATE, END_DATE,
    sorted by child and start."""
    iro = chairs.loc[chairs["ROLE"] == "IRO", "CHAIR_ID"]
    out = allocations.loc[allocations["CHAIR_ID"].isin(iro), ["CHILD", "CHAIR_ID", "START_DATE", "END_DATE"]]
    out = out.assign(START_DATE=as_dates(out["START_DATE"]), END_DATE=as_dates(out["END_DATE"]))
    return out.dropna(subset=["CHILD", "START_DATE"]).sort_values(["CHILD", "START_DATE"], kind="stable")


def iro_allocated_within(
    care: pd.DataFrame,
    allocations: pd.DataFrame,
    chairs: pd.DataFrame,
    periods: pd.DataFrame,
    working_days: int = IRO_ALLOCATION_WORKING_DAYS,
) -> pd.DataFrame:
    """Children who started to be looked after in each period, each with ``WITHIN``: an IRO
    allocated within ``working_days`` of the start of their period of care (the start day
    not counted).

    ``care``: periods of care (CHILD, START, SHORT_BREAKS_ONLY, from ``periods_of_care``).
    Columns ``period, period_type, CHILD, START, DUE, WITHIN``: one row per child and period,
    the child's first period of care starting in it.
    """
    starts = care.loc[~care["SHORT_BREAKS_ONLY"].fillna(False).astype(bool), ["CHILD", "START"]]
    starts = starts.assign(START=as_dates(starts["START"])).dropna()
    starts = starts.assign(DUE=add_working_days(starts["START"], working_days))
    started = in_periods(starts, "START", periods).sort_values(["START"], kind="stable")
    started = started.drop_duplicates(KEYS + ["CHILD"]).reset_index(drop=True)
    iro = iro_allocations(allocations, chairs)
    matched = started.reset_index().merge(iro, on="CHILD", how="inner")
    ok = (matched["START_DATE"] <= matched["DUE"]) & (
        matched["END_DATE"].isna() | (matched["END_DATE"] >= matched["START"])
    )
    within = matched.loc[ok, "index"].unique()
    started["WITHIN"] = started.index.isin(within)
    return started[KEYS + ["CHILD", "START", "DUE", "WITHIN"]]


def iro_changes(allocations: pd.DataFrame, chairs: pd.DataFrame) -> pd.DataFrame:
    """The IRO changes: CHILD, DATE (the new allocation's start), one row each; an IRO
    allocation to a chair other than the chair of the child's previous IRO allocation.

    >>> chairs = pd.DataFrame({"CHAIR_ID": ["a", "b", "i"], "ROLE": ["IRO", "IRO", "ICC"]})
    >>> alloc = pd.DataFrame({"CHILD": ["1"] * 4, "CHAIR_ID": ["a", "i", "a", "b"],
    ...     "START_DATE": pd.to_datetime(["2015-01-01", "2015-02-01", "2015-03-01", "2015-04-01"]),
    ...     "END_DATE": pd.NaT})
    >>> iro_changes(alloc, chairs)["DATE"].dt.strftime("%d/%m").tolist()
    ['01/04']
    """
    iro = iro_allocations(allocations, chairs)
    before = iro.groupby("CHILD", sort=False)["CHAIR_ID"].shift()
    changed = before.notna() & (iro["CHAIR_ID"] != before)
    return iro.loc[changed, ["CHILD", "START_DATE"]].rename(columns={"START_DATE": "DATE"}).reset_index(drop=True)


def iro_changed(
    episodes: pd.DataFrame, allocations: pd.DataFrame, chairs: pd.DataFrame, periods: pd.DataFrame
) -> pd.DataFrame:
    """Children looked after at each period's end, each with ``CHANGED``: their IRO changed
    during the period (:func:`iro_changes`). Columns ``period, period_type, CHILD, CHANGED``."""
    ends = pd.DatetimeIndex(periods["end"].unique())
    looked_after = looked_after_at(episodes, ends)[["DATE", "CHILD"]]
    at_end = periods[KEYS + ["end"]].merge(looked_after, left_on="end", right_on="DATE")[KEYS + ["CHILD"]]
    changed = in_periods(iro_changes(allocations, chairs), "DATE", periods)[KEYS + ["CHILD"]].drop_duplicates()
    out = at_end.merge(changed.assign(CHANGED=True), on=KEYS + ["CHILD"], how="left")
    return out.assign(CHANGED=out["CHANGED"].fillna(False).astype(bool))


def contacts_between_reviews(
    reviews: pd.DataFrame, care: pd.DataFrame, contacts: pd.DataFrame, periods: pd.DataFrame
) -> pd.DataFrame:
    """The reviews held in each period that had an earlier review in the same period of care,
    each with ``MIDWAY`` (a midway contact after the earlier review and before this one) and
    ``SAW_CHILD`` (a visit or remote contact in that window).

    ``reviews``: the 903 Reviews table; ``care``: ``periods_of_care``. Columns
    ``period, period_type, CHILD, EARLIER, REVIEW, MIDWAY, SAW_CHILD``.
    """
    placed = placed_reviews(held_reviews(reviews), care)
    same = (placed["_CHILD"] == placed["_CHILD"].shift()) & (placed["START"] == placed["START"].shift())
    later = placed.assign(EARLIER=placed["REVIEW"].shift()).loc[same, ["CHILD", "EARLIER", "REVIEW"]]
    later = later.reset_index(drop=True)
    seen = contacts[["CHILD", "CONTACT_DATE", "TYPE"]].dropna()
    window = later.reset_index().merge(seen, on="CHILD", how="inner")
    window = window.loc[(window["CONTACT_DATE"] > window["EARLIER"]) & (window["CONTACT_DATE"] < window["REVIEW"])]
    later["MIDWAY"] = later.index.isin(window.loc[window["TYPE"] == "midway", "index"])
    later["SAW_CHILD"] = later.index.isin(window.loc[window["TYPE"].isin(SAW_CHILD), "index"])
    return in_periods(later, "REVIEW", periods)[KEYS + ["CHILD", "EARLIER", "REVIEW", "MIDWAY", "SAW_CHILD"]]


def issued_in_time(records: pd.DataFrame, column: str, periods: pd.DataFrame, working_days: int) -> pd.DataFrame:
    """The review records of reviews held in each period that count for the timeliness of
    ``column`` (RECOMMENDATIONS_ISSUED or RECORD_ISSUED), each with ``IN_TIME``: issued on or
    before ``working_days`` after the review (the review day not counted).

    A blank issue date counts (not in time) when the due date is on or before the period's
    end, and is left out otherwise. Columns ``period, period_type, CHILD, REVIEW_DATE, DUE,
    IN_TIME``.
    """
    dated = records.dropna(subset=["REVIEW_DATE"])
    dated = dated.assign(DUE=add_working_days(dated["REVIEW_DATE"], working_days), ISSUED=dated[column])
    held = in_periods(dated, "REVIEW_DATE", periods)
    counts = held["ISSUED"].notna() | (held["DUE"] <= held["end"])
    held = held.loc[counts]
    held = held.assign(IN_TIME=held["ISSUED"].notna() & (held["ISSUED"] <= held["DUE"]))
    return held[KEYS + ["CHILD", "REVIEW_DATE", "DUE", "IN_TIME"]].reset_index(drop=True)


def recorded_yes(frame: pd.DataFrame, date: str, column: str, periods: pd.DataFrame) -> pd.DataFrame:
    """The rows dated in each period with ``column`` recorded (yes or no), each with ``YES``."""
    known = frame.loc[frame[column].isin(list(codes.YES_NO))]
    held = in_periods(known, date, periods)
    return held.assign(YES=held[column] == "yes")


def feedback_by_period(feedback: pd.DataFrame, periods: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Feedback forms per period by ``<meeting type>/<respondent>``: (the number of forms,
    0 where none, for every period and pair; the mean score, where there are forms), each
    as rows ``breakdown, period, period_type, value``."""
    known = feedback.loc[feedback["MEETING_TYPE"].isin(MEETING_TYPES) & feedback["RESPONDENT"].isin(RESPONDENTS)]
    held = in_periods(known.assign(PAIR=known["MEETING_TYPE"] + "/" + known["RESPONDENT"]), "MEETING_DATE", periods)
    pairs = [f"{m}/{r}" for m in MEETING_TYPES for r in RESPONDENTS]
    forms = counted(held, periods, "PAIR", pairs)
    mean = held.groupby(KEYS + ["PAIR"])["SCORE"].mean().rename("value").reset_index()
    mean = periods[KEYS].merge(mean, on=KEYS).rename(columns={"PAIR": "breakdown"})
    return forms, mean[["breakdown", *KEYS, "value"]]


# --- figures.csv ----------------------------------------------------------------------------


def _first(dates: pd.Series) -> pd.Timestamp:
    return as_dates(dates).min()


def _whole_years(ds: Dataset, periods: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """``periods`` without the previous year when the 903 data do not hold it whole."""
    held = {y.label for y in years_held(ds, [year.previous(), year])}
    return periods.loc[(periods["period_type"] == "month") | periods["period"].isin(held)].reset_index(drop=True)


def figure_rows(
    ds: Dataset,
    year: ReportingYear,
    periods: pd.DataFrame | None = None,
    timescales: Timescales = DEFAULT_TIMESCALES,
    **_options: object,
) -> pd.DataFrame:
    """The subject's rows of figures.csv, each from the sources it needs (none without them):

    * ``iro_allocated_within_5wd`` (and ``_pct``), ``iro_changed_pct``: episodes,
      ``allocations`` and ``chairs``;
    * ``midway_coverage_pct``, ``iro_saw_child_pct``: episodes, reviews and ``contacts``;
    * ``recommendations_in_time_pct``, ``record_in_time_pct``, ``review_advocate_pct``:
      ``review_records``;
    * ``cp_conference_quorate_pct``: ``conferences`` with QUORATE recorded;
    * ``feedback_forms``, ``feedback_score_mean``: ``feedback``.

    ``periods``: ``periods_of_care`` of the episodes when already worked out;
    ``timescales``: the unit's (:class:`Timescales`; the defaults when not given).
    """
    care = ds.periods_of_care() if periods is None else periods
    frames = []
    if care is not None and ds.has("episodes", "allocations", "chairs"):
        table = _whole_years(ds, period_table(year, _first(ds.allocations["START_DATE"])), year)
        started = iro_allocated_within(care, ds.allocations, ds.chairs, table, timescales.iro_allocation_working_days)
        frames += [
            rows(SUBJECT, "iro_allocated_within_5wd", counted(started.loc[started["WITHIN"]], table)),
            rows(SUBJECT, "iro_allocated_within_5wd_pct", share(started, "WITHIN", table)),
            rows(
                SUBJECT,
                "iro_changed_pct",
                share(iro_changed(ds.episodes, ds.allocations, ds.chairs, table), "CHANGED", table),
            ),
        ]
    if care is not None and ds.has("episodes", "reviews", "contacts"):
        table = _whole_years(ds, period_table(year, _first(ds.contacts["CONTACT_DATE"])), year)
        between = contacts_between_reviews(ds.reviews, care, ds.contacts, table)
        frames += [
            rows(SUBJECT, "midway_coverage_pct", share(between, "MIDWAY", table)),
            rows(SUBJECT, "iro_saw_child_pct", share(between, "SAW_CHILD", table)),
        ]
    if ds.has("review_records"):
        table, records = period_table(year), ds.review_records
        for indicator, column, days in (
            ("recommendations_in_time_pct", "RECOMMENDATIONS_ISSUED", timescales.recommendations_working_days),
            ("record_in_time_pct", "RECORD_ISSUED", timescales.record_working_days),
        ):
            frames.append(
                rows(SUBJECT, indicator, share(issued_in_time(records, column, table, days), "IN_TIME", table))
            )
        advocate = recorded_yes(records, "REVIEW_DATE", "ADVOCATE", table)
        frames.append(rows(SUBJECT, "review_advocate_pct", share(advocate, "YES", table)))
    if ds.has("conferences"):
        table = period_table(year)
        quorate = recorded_yes(ds.conferences, "MEETING_DATE", "QUORATE", table)
        frames.append(rows(SUBJECT, "cp_conference_quorate_pct", share(quorate, "YES", table)))
    if ds.has("feedback"):
        forms, mean = feedback_by_period(ds.feedback, period_table(year, _first(ds.feedback["MEETING_DATE"])))
        frames += [rows(SUBJECT, "feedback_forms", forms), rows(SUBJECT, "feedback_score_mean", mean)]
    return concat_rows(frames)
