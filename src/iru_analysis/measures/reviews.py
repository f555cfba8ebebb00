"""Timeliness of looked-after children's statutory reviews (section ``reviews``).

Rules (DATA-STANDARDS §3.1; Care Planning, Placement and Case Review (England)
Regulations 2010, reg 33):

* The 1st review of a period of care is due within 20 working days of the period's
  START (on or before ``add_working_days(START, 20)``: START not counted, England's bank
  holidays skipped), the 2nd within 3 months of the 1st (on or before
  ``add_months(1st, 3)``), every later one within 6 months of the previous review.
  A review is *in time* when held on or before its due date.
* The clock restarts with each new period of care (DATA-STANDARDS §2: an unbroken chain
  of episodes linked by REC = X1, see ``iru_analysis.periods``).
* A review belongs to the period of care containing its date
  (START <= REVIEW <= END, or the period is open). Reviews outside every period are not
  counted (the loader reports them). Periods of short breaks only (V3/V4) have no
  statutory reviews (903 rule 399): a review falling only in such a period is ignored.
* The whole review history is used, so the ordinal and due date of a review held in
  April can depend on reviews held years earlier in the same period of care.
* Two rows for the same child on the same date are one review (a duplicate record).

Counting: reviews are counted in the month and reporting year of the review date.
"""

from __future__ import annotations

import pandas as pd

from ..calendar import ReportingYear, add_months, add_working_days
from ..dataset import Dataset
from ..periods import periods_of_care
from . import FIGURE_COLUMNS, as_dates, concat_rows, count_by_period, figure_frame, percentage, rows

SECTION = "reviews"

INDICATORS: dict[str, str] = {
    "lac_reviews_total": "Statutory reviews of looked-after children held (SSDA903 Reviews table) that fall inside a period of care other than short breaks only, by month and reporting year.",
    "lac_reviews_in_time": "Statutory reviews held on or before their due date: the 1st within 20 working days of the start of the period of care, the 2nd within 3 months of the 1st, later ones within 6 months of the previous review (CPPCR Regulations 2010, reg 33).",
    "lac_reviews_in_time_pct": "Percentage of statutory reviews held in the period that were held in time (lac_reviews_in_time / lac_reviews_total).",
    "meetings_per_month": "Average meetings a month in the reporting year: statutory reviews (lac_review) or initial plus review child protection conferences (cp_conference), divided by 12.",
}

TIMELINESS_COLUMNS = ["CHILD", "PERIOD", "START", "REVIEW", "ORDINAL", "DUE", "IN_TIME"]

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


# --- the measure -----------------------------------------------------------------------

def _empty_timeliness() -> pd.DataFrame:
    return pd.DataFrame({
        "CHILD": pd.Series(dtype="str"), "PERIOD": pd.Series(dtype="int64"),
        "START": pd.Series(dtype="datetime64[ns]"), "REVIEW": pd.Series(dtype="datetime64[ns]"),
        "ORDINAL": pd.Series(dtype="int64"), "DUE": pd.Series(dtype="datetime64[ns]"),
        "IN_TIME": pd.Series(dtype="bool"),
    })


def review_timeliness(reviews: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """One row per counted review: CHILD, PERIOD, START, REVIEW, ORDINAL, DUE, IN_TIME.

    ``reviews`` is the SSDA903 Reviews table (CHILD, REVIEW); ``periods`` comes from
    ``periods_of_care`` (CHILD, PERIOD, START, END, SHORT_BREAKS_ONLY). Each review is
    placed in the period of care containing its date (reg 33 clock restarts with each
    period); ORDINAL numbers the reviews of a period from 1 in date order over the whole
    history; DUE is START + 20 working days for the 1st, previous review + 3 months for
    the 2nd and previous + 6 months for later ones; IN_TIME is REVIEW <= DUE.
    Reviews outside every period, or only inside short-break periods, are dropped.
    Vectorised: ``merge_asof`` by child, then ``cumcount``/``shift`` within periods.
    """
    short = periods["SHORT_BREAKS_ONLY"].fillna(False).astype(bool)
    spans = periods.loc[~short, ["CHILD", "PERIOD", "START", "END"]].copy()
    spans["CHILD"] = spans["CHILD"].astype("str")
    spans["START"] = as_dates(spans["START"])
    spans["END"] = as_dates(spans["END"])
    spans = spans.dropna(subset=["CHILD", "START"]).sort_values("START", kind="stable")

    held = reviews.loc[:, ["CHILD", "REVIEW"]].copy()
    held["CHILD"] = held["CHILD"].astype("str")
    held["REVIEW"] = as_dates(held["REVIEW"])
    held = (held.dropna(subset=["CHILD", "REVIEW"]).drop_duplicates()
            .sort_values("REVIEW", kind="stable"))
    if held.empty or spans.empty:
        return _empty_timeliness()

    # the latest non-short-break period starting on or before the review...
    placed = pd.merge_asof(held, spans, left_on="REVIEW", right_on="START", by="CHILD",
                           direction="backward")
    # ...counts only if it had not ended before the review
    inside = placed["START"].notna() & (placed["END"].isna() | (placed["REVIEW"] <= placed["END"]))
    placed = placed.loc[inside].sort_values(["CHILD", "START", "REVIEW"], kind="stable")
    placed = placed.reset_index(drop=True)

    within = placed.groupby(["CHILD", "START"], sort=False)
    ordinal = within.cumcount() + 1
    previous = within["REVIEW"].shift()
    due = add_months(previous, LATER_REVIEW_MONTHS)
    due = due.mask(ordinal == 2, add_months(previous, SECOND_REVIEW_MONTHS))
    due = due.mask(ordinal == 1, add_working_days(placed["START"], FIRST_REVIEW_WORKING_DAYS))

    out = pd.DataFrame({
        "CHILD": placed["CHILD"],
        "PERIOD": placed["PERIOD"].astype("int64"),
        "START": placed["START"],
        "REVIEW": placed["REVIEW"],
        "ORDINAL": ordinal.astype("int64"),
        "DUE": as_dates(due),
    })
    out["IN_TIME"] = (out["REVIEW"] <= out["DUE"]).astype(bool)
    return out[TIMELINESS_COLUMNS]


def timeliness_by_month(timeliness: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Reviews held and held in time per month of ``year`` and for the year.

    Columns ``period, total, in_time, in_time_pct`` (pct NaN when no review was held).
    """
    total = count_by_period(timeliness["REVIEW"], year)
    in_time = count_by_period(timeliness.loc[timeliness["IN_TIME"], "REVIEW"], year)
    out = total[["period"]].assign(total=total["value"], in_time=in_time["value"])
    out["in_time_pct"] = (100.0 * out["in_time"] / out["total"]).where(out["total"] > 0)
    return out.reset_index(drop=True)


def years_with_reviews(review_dates: pd.Series, year: ReportingYear, back: int = 2) -> list[ReportingYear]:
    """``year`` and up to ``back`` previous years, keeping those with a review recorded in them."""
    dates = as_dates(review_dates)
    years = [year.previous(n) for n in range(back + 1)]
    return [y for y in years if y == year or bool(y.contains(dates).any())]


# --- figures.csv ------------------------------------------------------------------------

def _timeliness_rows(timeliness: pd.DataFrame, years: list[ReportingYear]) -> list[pd.DataFrame]:
    frames = []
    for n, y in enumerate(years):
        total = count_by_period(timeliness["REVIEW"], y)
        in_time = count_by_period(timeliness.loc[timeliness["IN_TIME"], "REVIEW"], y)
        if n > 0:  # earlier years: the year figure only
            total = total[total["period"] == y.label]
            in_time = in_time[in_time["period"] == y.label]
        frames += [rows(SECTION, "lac_reviews_total", total),
                   rows(SECTION, "lac_reviews_in_time", in_time),
                   rows(SECTION, "lac_reviews_in_time_pct", percentage(in_time, total))]
    return frames


def figure_rows(ds: Dataset, year: ReportingYear, periods: pd.DataFrame | None = None,
                **options) -> pd.DataFrame:
    """Rows of section ``reviews``: review totals and timeliness (each month of the year,
    the year and up to two previous years that have review data) and ``meetings_per_month``
    (``lac_review``).

    Needs ``reviews``; timeliness also needs ``episodes`` (or ``periods``, the output of
    ``periods_of_care``, passed in to save recomputing it). With reviews but no episodes
    only the totals are given, counting every review recorded.
    """
    if not ds.has("reviews"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    years = years_with_reviews(ds.reviews["REVIEW"], year)
    if periods is None and ds.has("episodes"):
        periods = periods_of_care(ds.episodes)
    if periods is not None:
        timeliness = review_timeliness(ds.reviews, periods)
        frames = _timeliness_rows(timeliness, years)
        held = timeliness["REVIEW"]
    else:
        held = ds.reviews.loc[:, ["CHILD", "REVIEW"]].dropna().drop_duplicates()["REVIEW"]
        frames = []
        for n, y in enumerate(years):
            total = count_by_period(held, y)
            frames.append(rows(SECTION, "lac_reviews_total",
                               total if n == 0 else total[total["period"] == y.label]))
    in_year = float(year.contains(as_dates(held)).sum())
    frames.append(figure_frame(SECTION, "meetings_per_month", pd.Series({"lac_review": in_year / 12}),
                               period=year.label))
    return concat_rows(frames)
