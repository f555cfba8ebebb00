"""Timeliness of looked-after children's statutory reviews (subject ``reviews``).

Rules (docs/data-standards.md §3.1; Care Planning, Placement and Case Review (England)
Regulations 2010, reg 33):

* The 1st review of a period of care is due within 20 working days of the period's
  START (on or before ``add_working_days(START, 20)``: START not counted, England's bank
  holidays skipped), the 2nd within 3 months of the 1st (on or before
  ``add_months(1st, 3)``), every later one within 6 months of the previous review.
  A review is *in time* when held on or before its due date.
* The clock restarts with each new period of care (docs/data-standards.md §2.1: an unbroken chain
  of episodes linked by REC = X1, see ``iru_analysis.periods``).
* A review belongs to the period of care containing its date
  (START <= REVIEW <= END, or the period is open). Reviews outside every period are not
  counted (the loader reports them). Periods of short breaks only (V3/V4) have no
  statutory reviews (903 rule 399): a review falling only in such a period is ignored.
* Two rows for the same child on the same date are one review (a duplicate record).

Where the review history begins (:func:`history_start`): the reviews held before a date
may be missing from the data (an authority's annual returns reach back only so far).
That date is, in order, a ``reviews_from`` date given by the user, the dataset's own
``history_from`` (1 April of the earliest annual return's year), else 1 April of the
reporting year of the earliest review in the data. Every review in the data counts in
the total, and:

* a period of care that began on or after the history start is judged as above, with
  the ordinals of its reviews taken over the whole history in the data (so a review
  held in April can depend on reviews held years earlier in the same period);
* a period that began before it may have had reviews the data do not hold. Its first
  review in the data is judged against the most favourable history it could have had
  (:func:`best_case_due`): late when it is late even then, otherwise *not assessed*
  (neither in time nor late). Each later review of that period is judged against the
  previous review at 6 months, the longest interval the rules allow.

Counting: reviews are counted in the month and reporting year of the review date; the
percentage in time is taken over the reviews assessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import ReportingYear, add_months, add_working_days
from ..dataset import FINDING_COLUMNS, Dataset
from ..periods import run_starts
from . import FIGURE_COLUMNS, as_dates, concat_rows, count_by_period, figure_frame, percentage, rows

SUBJECT = "reviews"

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6

INDICATORS: dict[str, str] = {
    "lac_reviews_total": "Statutory reviews of looked-after children held (SSDA903 Reviews table) that fall inside a period of care other than short breaks only, by month and reporting year.",
    "lac_reviews_in_time": f"Statutory reviews held on or before their due date: the 1st within {FIRST_REVIEW_WORKING_DAYS} working days of the start of the period of care, the 2nd within {SECOND_REVIEW_MONTHS} months of the 1st, later ones within {LATER_REVIEW_MONTHS} months of the previous review (CPPCR Regulations 2010, reg 33).",
    "lac_reviews_not_assessed": f"Statutory reviews whose timeliness cannot be assessed: the first review in the data of a period of care that began before the review history begins (lac_reviews_history_start), held on or before the latest date it could have been due ({LATER_REVIEW_MONTHS} months after a review on the day before the history begins; {SECOND_REVIEW_MONTHS} months for a period begun that day).",
    "lac_reviews_assessed": "Statutory reviews held in the period whose timeliness could be assessed (lac_reviews_total - lac_reviews_not_assessed): the denominator of lac_reviews_in_time_pct.",
    "lac_reviews_in_time_pct": "Percentage of the statutory reviews assessed in the period that were held in time (lac_reviews_in_time / (lac_reviews_total - lac_reviews_not_assessed)).",
    "lac_reviews_history_start": "The first day of the review history used to judge timeliness (the period column holds the date, YYYY-MM-DD); the value is the number of reviews in the data, in any year, that could not be assessed because their period of care began before it.",
    "meetings_per_month": "Average meetings a month in the reporting year: statutory reviews (lac_review) or initial plus review child protection conferences (cp_conference), divided by 12.",
}

TIMELINESS_COLUMNS = ["CHILD", "PERIOD", "START", "REVIEW", "ORDINAL", "DUE", "ASSESSED", "IN_TIME"]

REVIEWS_FILE = "ssda903/reviews.csv"


# --- where the history begins ------------------------------------------------------------


def history_start(reviews: pd.DataFrame, reviews_from: pd.Timestamp | str | None = None) -> pd.Timestamp | None:
    """The first day of the review history: ``reviews_from`` when given, else 1 April of the
    reporting year of the earliest review in ``reviews`` (None when no review has a date).

    >>> history_start(pd.DataFrame({"REVIEW": pd.to_datetime(["2016-03-02", "2015-02-10"])}))
    Timestamp('2014-04-01 00:00:00')
    """
    from ..load.checks import year_start  # the loader (pandera) only when it is needed

    if reviews_from is not None:
        return pd.Timestamp(reviews_from).normalize()
    dates = as_dates(reviews["REVIEW"]).dropna()
    if dates.empty:
        return None
    return ReportingYear(int(year_start(dates.sort_values().head(1)).iloc[0])).start


def dataset_history_start(ds: Dataset, reviews_from: pd.Timestamp | str | None = None) -> pd.Timestamp | None:
    """The history start for a dataset: ``reviews_from``, else the dataset's ``history_from``
    (set by the loader for annual returns), else :func:`history_start` of its reviews."""
    given = reviews_from if reviews_from is not None else ds.history_from
    return history_start(ds.reviews, given)


def best_case_due(start: pd.Series, history_from: pd.Timestamp) -> pd.Series:
    """The latest date on which the first review in the data of a period of care that began
    (``start``) before ``history_from`` could be due, whatever reviews the period had before.

    The previous review, if any, was held on the day before the history begins at the
    latest, and the longest interval the rules allow is 6 months, which applies when that
    review was the period's 2nd or later. A period that began two or more days before the
    history start could have had two reviews by then, so its bound is that day + 6 months.
    A period that began on the day before the history start could have had only one
    review before it (two reviews the same day are one), its 1st: the next is then due
    3 months later, and had there been none the 1st is due 20 working days after the
    start, which is sooner. So its bound is that day + 3 months. No history the period
    could have had gives a later due date, so a review after the bound was late whatever
    happened before, and a review on or before it could have been in time.
    """
    day_before = pd.Series(history_from - pd.Timedelta(days=1), index=start.index)
    bound = add_months(day_before, LATER_REVIEW_MONTHS)
    return bound.mask(start >= day_before, add_months(day_before, SECOND_REVIEW_MONTHS))


# --- the measure -----------------------------------------------------------------------


def _empty_timeliness() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "CHILD": pd.Series(dtype="str"),
            "PERIOD": pd.Series(dtype="int64"),
            "START": pd.Series(dtype="datetime64[ns]"),
            "REVIEW": pd.Series(dtype="datetime64[ns]"),
            "ORDINAL": pd.Series(dtype="int64"),
            "DUE": pd.Series(dtype="datetime64[ns]"),
            "ASSESSED": pd.Series(dtype="bool"),
            "IN_TIME": pd.Series(dtype="bool"),
        }
    )


def held_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    """The reviews held (CHILD as text, REVIEW as a date; a row without either dropped, two
    rows of a child on one day made one), sorted by date."""
    held = reviews.loc[:, ["CHILD", "REVIEW"]].copy()
    held["CHILD"] = held["CHILD"].astype("str")
    held["REVIEW"] = as_dates(held["REVIEW"])
    return held.dropna(subset=["CHILD", "REVIEW"]).drop_duplicates().sort_values("REVIEW", kind="stable")


def placed_reviews(held: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The reviews the review measures count, each in its period of care: CHILD, PERIOD,
    START, REVIEW (and ``_CHILD``, a number per child in the identifiers' order), sorted
    by child, START and REVIEW.

    ``held`` comes from :func:`held_reviews`, ``periods`` from ``periods_of_care``. A
    review is placed in the latest period of care (not short breaks only) of its child
    that started on or before it, and counts when that period had not ended before it.
    Vectorised: ``merge_asof`` by child number.
    """
    short = periods["SHORT_BREAKS_ONLY"].fillna(False).astype(bool)
    spans = periods.loc[~short, ["CHILD", "PERIOD", "START", "END"]].copy()
    spans["START"] = as_dates(spans["START"])
    spans["END"] = as_dates(spans["END"])
    spans = spans.dropna(subset=["CHILD", "START"])
    # a number per child, in the order of the identifiers: numbers match and sort faster than text
    numbers = pd.factorize(pd.concat([held["CHILD"], spans["CHILD"].astype("str")], ignore_index=True), sort=True)[0]
    held = held.assign(_CHILD=numbers[: len(held)])
    spans = spans.assign(_CHILD=numbers[len(held) :]).drop(columns="CHILD").sort_values("START", kind="stable")

    # the latest non-short-break period starting on or before the review...
    placed = pd.merge_asof(held, spans, left_on="REVIEW", right_on="START", by="_CHILD", direction="backward")
    # ...counts only if it had not ended before the review
    inside = placed["START"].notna() & (placed["END"].isna() | (placed["REVIEW"] <= placed["END"]))
    placed = placed.loc[inside]
    order = (
        pd.DataFrame(
            {
                "CHILD": placed["_CHILD"].to_numpy(),
                "START": placed["START"].to_numpy(),
                "REVIEW": placed["REVIEW"].to_numpy(),
            }
        )
        .sort_values(["CHILD", "START", "REVIEW"], kind="stable")
        .index
    )
    return placed.iloc[order].reset_index(drop=True)[["CHILD", "PERIOD", "START", "REVIEW", "_CHILD"]]


def review_timeliness(
    reviews: pd.DataFrame, periods: pd.DataFrame, reviews_from: pd.Timestamp | str | None = None
) -> pd.DataFrame:
    """One row per counted review: CHILD, PERIOD, START, REVIEW, ORDINAL, DUE, ASSESSED, IN_TIME.

    ``reviews`` is the SSDA903 Reviews table (CHILD, REVIEW); ``periods`` comes from
    ``periods_of_care`` (CHILD, PERIOD, START, END, SHORT_BREAKS_ONLY); the history
    begins on ``history_start(reviews, reviews_from)``. Each review is placed in the
    period of care containing its date (reg 33 clock restarts with each period;
    :func:`placed_reviews`); ORDINAL
    numbers the reviews of a period in the data from 1 in date order. For a period that
    began on or after the history start, DUE is START + 20 working days for the 1st,
    previous review + 3 months for the 2nd and previous + 6 months for later ones. For a
    period that began before it, DUE is :func:`best_case_due` for its first review in the
    data and previous + 6 months for the others. ASSESSED is False only for such a first
    review held on or before its best-case due date; IN_TIME is REVIEW <= DUE for the
    reviews assessed and False for the others. Reviews outside every period, or only
    inside short-break periods, are dropped.
    Vectorised: the reviews of a period are consecutive rows once placed and sorted, so
    ORDINAL and the previous review are found by position.
    """
    held = held_reviews(reviews)
    if held.empty:
        return _empty_timeliness()
    history_from = history_start(held, reviews_from)
    placed = placed_reviews(held, periods)
    if placed.empty:
        return _empty_timeliness()

    child, start = placed["_CHILD"].to_numpy(), placed["START"].to_numpy()
    first = np.ones(len(placed), dtype=bool)
    first[1:] = (child[1:] != child[:-1]) | (start[1:] != start[:-1])
    position = np.arange(len(placed))
    ordinal = pd.Series(position - run_starts(first) + 1, index=placed.index)
    previous = placed["REVIEW"].shift().where(~first)
    began_before = placed["START"] < history_from
    due = add_months(previous, LATER_REVIEW_MONTHS)
    due = due.mask((ordinal == 2) & ~began_before, add_months(previous, SECOND_REVIEW_MONTHS))
    due = due.mask(ordinal == 1, add_working_days(placed["START"], FIRST_REVIEW_WORKING_DAYS))
    due = due.mask((ordinal == 1) & began_before, best_case_due(placed["START"], history_from))

    out = pd.DataFrame(
        {
            "CHILD": placed["CHILD"],
            "PERIOD": placed["PERIOD"].astype("int64"),
            "START": placed["START"],
            "REVIEW": placed["REVIEW"],
            "ORDINAL": ordinal.astype("int64"),
            "DUE": as_dates(due),
        }
    )
    on_time = out["REVIEW"] <= out["DUE"]
    out["ASSESSED"] = ~((ordinal == 1) & began_before & on_time)
    out["IN_TIME"] = (on_time & out["ASSESSED"]).astype(bool)
    return out[TIMELINESS_COLUMNS]


def timeliness_by_month(timeliness: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Reviews held, not assessed and held in time per month of ``year`` and for the year.

    Columns ``period, total, not_assessed, in_time, in_time_pct``; the percentage is over
    the reviews assessed (NaN when none was).
    """
    total = count_by_period(timeliness["REVIEW"], year)
    not_assessed = count_by_period(timeliness.loc[~timeliness["ASSESSED"], "REVIEW"], year)
    in_time = count_by_period(timeliness.loc[timeliness["IN_TIME"], "REVIEW"], year)
    out = total[["period"]].assign(total=total["value"], not_assessed=not_assessed["value"], in_time=in_time["value"])
    assessed = out["total"] - out["not_assessed"]
    out["in_time_pct"] = (100.0 * out["in_time"] / assessed).where(assessed > 0)
    return out.reset_index(drop=True)


def not_assessed_findings(timeliness: pd.DataFrame, history_from: pd.Timestamp | None) -> pd.DataFrame:
    """Data-quality warnings (``FINDING_COLUMNS``): one per reporting year with reviews not
    assessed, giving their number and the reason. No row, value or child is named.

    >>> t = pd.DataFrame({"REVIEW": pd.to_datetime(["2015-05-01", "2015-06-01"]), "ASSESSED": [False, True]})
    >>> not_assessed_findings(t, pd.Timestamp("2015-04-01"))["rule"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['1 review held in 2015-16 could not be assessed for timeliness: the review history begins on
      1 April 2015 and it is the first review in the data of a period of care that began before
      then, so its due date depends on reviews the data do not hold']
    """
    from ..load.checks import year_label, year_start  # the loader (pandera) only when it is needed
    from ..load.findings import WARNING

    missed = as_dates(timeliness.loc[~timeliness["ASSESSED"].astype(bool), "REVIEW"])
    counts = year_start(missed).value_counts().sort_index()
    if counts.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS).astype(object)
    years = counts.index.map(lambda y: year_label(int(y))).to_series(index=counts.index)
    since = f"{history_from.day} {history_from.strftime('%B %Y')}"
    one = counts == 1
    rule = (
        counts.astype(str)
        + one.map({True: " review held in ", False: " reviews held in "})
        + years
        + " could not be assessed for timeliness: the review history begins on "
        + since
        + one.map({True: " and it is the first review", False: " and each is the first review"})
        + " in the data of a period of care that began before then, so its due date depends on"
        + " reviews the data do not hold"
    )
    return pd.DataFrame(
        {
            "severity": WARNING,
            "file": REVIEWS_FILE,
            "row": None,
            "column": "REVIEW",
            "value": None,
            "rule": rule.to_numpy(),
            "check": "review timeliness not assessed",
            "child": None,
        },
        columns=FINDING_COLUMNS,
    ).astype(object)


def history_findings(ds: Dataset, reviews_from: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """The dataset's reviews not assessed for timeliness, as data-quality warnings
    (:func:`not_assessed_findings`; empty without reviews and episodes).

    Only a child with a period of care that began before the history start can have such
    a review, and a review is placed among its own child's periods only, so the timeliness
    is worked out for those children alone (the build has already worked it out for all
    of them, in the figures).
    """
    start = dataset_history_start(ds, reviews_from) if ds.has("reviews") else None
    if start is None or not ds.has("episodes"):
        return pd.DataFrame(columns=FINDING_COLUMNS).astype(object)
    periods = ds.periods_of_care()
    before = periods["CHILD"].loc[periods["START"] < start].unique()
    timeliness = review_timeliness(
        ds.reviews.loc[ds.reviews["CHILD"].isin(before)], periods.loc[periods["CHILD"].isin(before)], start
    )
    return not_assessed_findings(timeliness, start)


def years_with_reviews(review_dates: pd.Series, year: ReportingYear, back: int = 2) -> list[ReportingYear]:
    """``year`` and up to ``back`` previous years, keeping those with a review recorded in them."""
    dates = as_dates(review_dates)
    years = [year.previous(n) for n in range(back + 1)]
    return [y for y in years if y == year or bool(y.contains(dates).any())]


# --- figures.csv ------------------------------------------------------------------------


def _timeliness_rows(timeliness: pd.DataFrame, years: list[ReportingYear]) -> list[pd.DataFrame]:
    frames = []
    assessed = timeliness["ASSESSED"].astype(bool)
    kinds = {
        "total": pd.Series(True, index=timeliness.index),
        "in_time": timeliness["IN_TIME"].astype(bool),
        "not_assessed": ~assessed,
        "assessed": assessed,
    }
    for n, y in enumerate(years):
        in_year = y.contains(timeliness["REVIEW"])  # the year's reviews picked once, not once per kind
        counted = {name: count_by_period(timeliness.loc[keep & in_year, "REVIEW"], y) for name, keep in kinds.items()}
        if n > 0:  # earlier years: the year figure only
            counted = {name: c[c["period"] == y.label] for name, c in counted.items()}
        frames += [
            rows(SUBJECT, "lac_reviews_total", counted["total"]),
            rows(SUBJECT, "lac_reviews_in_time", counted["in_time"]),
            rows(SUBJECT, "lac_reviews_not_assessed", counted["not_assessed"]),
            rows(SUBJECT, "lac_reviews_assessed", counted["assessed"]),
            rows(SUBJECT, "lac_reviews_in_time_pct", percentage(counted["in_time"], counted["assessed"])),
        ]
    return frames


def figure_rows(
    ds: Dataset,
    year: ReportingYear,
    periods: pd.DataFrame | None = None,
    reviews_from: pd.Timestamp | str | None = None,
    **options,
) -> pd.DataFrame:
    """Rows of subject ``reviews``: review totals and timeliness (each month of the year,
    the year and up to two previous years that have review data), the history start
    (``lac_reviews_history_start``) and ``meetings_per_month`` (``lac_review``).

    Needs ``reviews``; timeliness also needs ``episodes`` (or ``periods``, the output of
    ``periods_of_care``, passed in to save recomputing it). With reviews but no episodes
    only the totals are given, counting every review recorded. The review history begins
    on ``dataset_history_start(ds, reviews_from)``.
    """
    if not ds.has("reviews"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    years = years_with_reviews(ds.reviews["REVIEW"], year)
    if periods is None:
        periods = ds.periods_of_care()
    history_from = dataset_history_start(ds, reviews_from)
    if periods is not None:
        timeliness = review_timeliness(ds.reviews, periods, history_from)
        frames = _timeliness_rows(timeliness, years)
        if history_from is not None:  # None: no review has a date
            not_assessed = float((~timeliness["ASSESSED"]).sum())
            frames.append(
                figure_frame(
                    SUBJECT,
                    "lac_reviews_history_start",
                    pd.Series({history_from.strftime("%Y-%m-%d"): not_assessed}),
                    period_type="date",
                )
            )
        held = timeliness["REVIEW"]
    else:
        held = ds.reviews.loc[:, ["CHILD", "REVIEW"]].dropna().drop_duplicates()["REVIEW"]
        frames = []
        for n, y in enumerate(years):
            total = count_by_period(held, y)
            frames.append(rows(SUBJECT, "lac_reviews_total", total if n == 0 else total[total["period"] == y.label]))
    in_year = float(year.contains(as_dates(held)).sum())
    frames.append(
        figure_frame(
            SUBJECT,
            "meetings_per_month",
            pd.Series({"lac_review": in_year / 12}),
            period=year.label,
            period_type="year",
        )
    )
    return concat_rows(frames)
