"""Tests for iru_analysis.measures.reviews (timeliness of LAC statutory reviews, reg 33).

Due dates worked out on a calendar (England bank holidays in brackets where they matter):

* 20 working days after Fri 11 Dec 2015, skipping Fri 25 Dec, Mon 28 Dec (Boxing Day
  substitute) and Fri 1 Jan 2016: 14–18 Dec (1–5), 21–24 Dec (6–9), 29–31 Dec (10–12),
  4–8 Jan (13–17), 11, 12, 13 Jan (18–20) → Wed 13 Jan 2016. Were the bank holidays
  counted as working days the 20th would be Fri 8 Jan 2016.
* 20 working days after Mon 1 Jun 2015: 2–5 Jun (4), 8–12 (9), 15–19 (14), 22–26 (19),
  Mon 29 Jun (20) → 29 Jun 2015.
* 20 working days after Tue 1 Sep 2015: 2–4 Sep (3), 7–11 (8), 14–18 (13), 21–25 (18),
  28, 29 Sep → Tue 29 Sep 2015.
* 20 working days after Mon 5 Jan 2015: 6–9 Jan (4), 12–16 (9), 19–23 (14), 26–30 (19),
  Mon 2 Feb (20) → 2 Feb 2015.
* 20 working days after Mon 7 Jan 2013: 8–11 Jan (4), 14–18 (9), 21–25 (14),
  28 Jan–1 Feb (19), Mon 4 Feb (20) → 4 Feb 2013.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS, count_by_period, percentage
from iru_analysis.measures.reviews import (
    INDICATORS,
    best_case_due,
    dataset_history_start,
    figure_rows,
    held_reviews,
    history_start,
    not_assessed_findings,
    placed_reviews,
    review_timeliness,
    timeliness_by_month,
)

YEAR = ReportingYear.parse("2015-16")


def D(*texts):
    return pd.to_datetime(list(texts))


# Periods of care (as periods_of_care returns them; only the columns used):
#   A, A2  one period from Fri 11 Dec 2015, open (Christmas)
#   B      period 1 Mon 5 Jan 2015 – Fri 27 Feb 2015; period 2 from Tue 1 Sep 2015 (clock restarts)
#   C      one period from Mon 7 Jan 2013, open (history before the year)
#   D, E   one period from Mon 1 Jun 2015, open (2nd review at exactly 3 months / a day late)
#   G      short breaks only, 1–31 May 2015 (its review is ignored)
PERIODS = pd.DataFrame(
    {
        "CHILD": ["A", "A2", "B", "B", "C", "D", "E", "G"],
        "PERIOD": [1, 1, 1, 2, 1, 1, 1, 1],
        "START": D(
            "2015-12-11",
            "2015-12-11",
            "2015-01-05",
            "2015-09-01",
            "2013-01-07",
            "2015-06-01",
            "2015-06-01",
            "2015-05-01",
        ),
        "END": D(None, None, "2015-02-27", None, None, None, None, "2015-05-31"),
        "SHORT_BREAKS_ONLY": [False, False, False, False, False, False, False, True],
    }
)

# Reviews with the expected ordinal, due date and verdict:
#   A  2016-01-13  1st  due 2016-01-13  in time (only because 25 Dec, 28 Dec, 1 Jan are skipped)
#   A2 2016-01-14  1st  due 2016-01-13  late
#   B  2015-01-30  1st (period 1)  due 2015-02-02  in time
#   B  2015-05-01  between B's periods: outside every period, not counted
#   B  2015-09-25  1st (period 2)  due 2015-09-29  in time. Without the restart it would be
#      the 2nd review, due 30 Jan 2015 + 3 months = 30 Apr 2015, and late.
#   C  2013-01-28  1st  due 2013-02-04  in time          (2012-13)
#   C  2013-04-23  2nd  due 2013-04-28  in time          (2013-14)
#   C  2013-10-16  3rd  due 2013-10-23  in time          (2013-14)
#   C  2014-04-09  4th  due 2014-04-16  in time          (2014-15)
#   C  2014-10-06  5th  due 2014-10-09  in time          (2014-15)
#   C  2015-04-15  6th  due 2014-10-06 + 6 months = 2015-04-06  late   (2015-16)
#   D  2015-06-17  1st  due 2015-06-29  in time (recorded twice: one review)
#   D  2015-09-17  2nd  due 2015-06-17 + 3 months = 2015-09-17  in time (exactly 3 months)
#   D  2016-03-17  3rd  due 2015-09-17 + 6 months = 2016-03-17  in time
#   E  2015-06-17  1st  due 2015-06-29  in time
#   E  2015-09-18  2nd  due 2015-09-17  late (one day)
#   F  2015-07-01  F has no period of care: not counted
#   G  2015-05-15  only in a short-break period: not counted
REVIEWS = pd.DataFrame(
    {
        "CHILD": ["A", "A2", "B", "B", "B", "C", "C", "C", "C", "C", "C", "D", "D", "D", "D", "E", "E", "F", "G"],
        "DOB": pd.NaT,
        "REVIEW": D(
            "2016-01-13",
            "2016-01-14",
            "2015-01-30",
            "2015-05-01",
            "2015-09-25",
            "2013-01-28",
            "2013-04-23",
            "2013-10-16",
            "2014-04-09",
            "2014-10-06",
            "2015-04-15",
            "2015-06-17",
            "2015-06-17",
            "2015-09-17",
            "2016-03-17",
            "2015-06-17",
            "2015-09-18",
            "2015-07-01",
            "2015-05-15",
        ),
        "REVIEW_CODE": "PN1",
    }
)


def _by_review(table: pd.DataFrame) -> dict:
    return {
        (r.CHILD, r.REVIEW.strftime("%Y-%m-%d")): (r.PERIOD, r.ORDINAL, r.DUE.strftime("%Y-%m-%d"), r.IN_TIME)
        for r in table.itertuples()
    }


def test_review_timeliness_rows():
    got = _by_review(review_timeliness(REVIEWS, PERIODS))
    assert got == {
        ("A", "2016-01-13"): (1, 1, "2016-01-13", True),
        ("A2", "2016-01-14"): (1, 1, "2016-01-13", False),
        ("B", "2015-01-30"): (1, 1, "2015-02-02", True),
        ("B", "2015-09-25"): (2, 1, "2015-09-29", True),
        ("C", "2013-01-28"): (1, 1, "2013-02-04", True),
        ("C", "2013-04-23"): (1, 2, "2013-04-28", True),
        ("C", "2013-10-16"): (1, 3, "2013-10-23", True),
        ("C", "2014-04-09"): (1, 4, "2014-04-16", True),
        ("C", "2014-10-06"): (1, 5, "2014-10-09", True),
        ("C", "2015-04-15"): (1, 6, "2015-04-06", False),
        ("D", "2015-06-17"): (1, 1, "2015-06-29", True),
        ("D", "2015-09-17"): (1, 2, "2015-09-17", True),
        ("D", "2016-03-17"): (1, 3, "2016-03-17", True),
        ("E", "2015-06-17"): (1, 1, "2015-06-29", True),
        ("E", "2015-09-18"): (1, 2, "2015-09-17", False),
    }


def test_christmas_bank_holidays_decide_the_first_review():
    # A's period starts Fri 11 Dec 2015; the 20th working day is Wed 13 Jan 2016.
    got = review_timeliness(REVIEWS[REVIEWS["CHILD"].isin(["A", "A2"])], PERIODS)
    assert got.set_index("CHILD")["IN_TIME"].to_dict() == {"A": True, "A2": False}
    assert (got["DUE"] == pd.Timestamp("2016-01-13")).all()


def test_review_on_the_last_day_of_a_period_belongs_to_it():
    # B's period 1 ends Fri 27 Feb 2015; a review that day is its 2nd review (due 30 Jan + 3 months
    # = 30 Apr 2015, in time); the next period's first review is still ordinal 1.
    reviews = pd.DataFrame({"CHILD": ["B", "B", "B"], "REVIEW": D("2015-01-30", "2015-02-27", "2015-09-25")})
    got = _by_review(review_timeliness(reviews, PERIODS))
    assert got[("B", "2015-02-27")] == (1, 2, "2015-04-30", True)
    assert got[("B", "2015-09-25")] == (2, 1, "2015-09-29", True)


def test_no_reviews_gives_an_empty_table_with_the_columns():
    got = review_timeliness(REVIEWS.iloc[0:0], PERIODS)
    assert got.empty and list(got.columns) == [
        "CHILD",
        "PERIOD",
        "START",
        "REVIEW",
        "ORDINAL",
        "DUE",
        "ASSESSED",
        "IN_TIME",
    ]


def test_timeliness_by_month():
    # Counted reviews in 2015-16 (from the table above):
    #   Apr: C 15 Apr late                       → 1 held, 0 in time
    #   Jun: D, E 17 Jun                          → 2, 2
    #   Sep: B 25 Sep, D 17 Sep in; E 18 Sep late → 3, 2
    #   Jan: A 13 Jan in; A2 14 Jan late          → 2, 1
    #   Mar: D 17 Mar                             → 1, 1
    #   year: 9 held, 6 in time = 66.67%
    got = timeliness_by_month(review_timeliness(REVIEWS, PERIODS), YEAR).set_index("period")
    assert got.loc["2015-04", ["total", "in_time"]].tolist() == [1, 0]
    assert got.loc["2015-06", ["total", "in_time"]].tolist() == [2, 2]
    assert got.loc["2015-09", ["total", "in_time"]].tolist() == [3, 2]
    assert got.loc["2016-01", ["total", "in_time"]].tolist() == [2, 1]
    assert got.loc["2016-03", ["total", "in_time"]].tolist() == [1, 1]
    assert got.loc["2015-05", "total"] == 0 and pd.isna(got.loc["2015-05", "in_time_pct"])
    assert got.loc["2015-16", ["total", "in_time"]].tolist() == [9, 6]
    assert abs(got.loc["2015-16", "in_time_pct"] - 200 / 3) < 1e-9
    assert len(got) == 13


def test_count_by_period_and_percentage_helpers():
    # Three events: 2 in May 2015 (one "x", one "y"), one in 2016-17 (ignored).
    dates = pd.Series(D("2015-05-01", "2015-05-31", "2016-04-01"))
    kind = pd.Series(["x", "y", "x"])
    got = count_by_period(dates, YEAR, kind, ["x", "y", "z"]).set_index(["breakdown", "period"])["value"]
    assert got[("x", "2015-05")] == 1 and got[("y", "2015-05")] == 1 and got[("z", "2015-05")] == 0
    assert got[("x", "2015-16")] == 1 and got[("z", "2015-16")] == 0
    assert len(got) == 3 * 13
    num = pd.DataFrame({"breakdown": ["", ""], "period": ["a", "b"], "period_type": "month", "value": [1.0, 0.0]})
    den = pd.DataFrame({"breakdown": ["", ""], "period": ["a", "b"], "period_type": "month", "value": [4.0, 0.0]})
    assert percentage(num, den).to_dict("list") == {
        "breakdown": [""],
        "period": ["a"],
        "period_type": ["month"],
        "value": [25.0],
    }


def _value(rows, indicator, period, breakdown=""):
    hit = rows[(rows["indicator"] == indicator) & (rows["period"] == period) & (rows["breakdown"] == breakdown)]
    assert len(hit) == 1, (indicator, period, breakdown, len(hit))
    return hit["value"].iloc[0]


def test_figure_rows_with_periods_given():
    ds = Dataset(folder=Path("."), reviews=REVIEWS)
    got = figure_rows(ds, YEAR, periods=PERIODS)
    assert list(got.columns) == FIGURE_COLUMNS
    assert set(got["subject"]) == {"reviews"}
    assert set(got["indicator"]) <= set(INDICATORS)
    # months of 2015-16 (see test_timeliness_by_month)
    assert _value(got, "lac_reviews_total", "2015-09") == 3
    assert _value(got, "lac_reviews_in_time", "2015-09") == 2
    assert abs(_value(got, "lac_reviews_in_time_pct", "2015-09") - 200 / 3) < 1e-9
    assert _value(got, "lac_reviews_total", "2015-05") == 0
    assert got[(got["indicator"] == "lac_reviews_in_time_pct") & (got["period"] == "2015-05")].empty
    # the year and the two before it:
    #   2015-16: 9 held, 6 in time; 2014-15: C 9 Apr 2014, C 6 Oct 2014, B 30 Jan 2015 → 3, 3;
    #   2013-14: C 23 Apr 2013, C 16 Oct 2013 → 2, 2. 2012-13 is not shown (only two previous years).
    assert _value(got, "lac_reviews_total", "2015-16") == 9
    assert _value(got, "lac_reviews_in_time", "2015-16") == 6
    assert _value(got, "lac_reviews_total", "2014-15") == 3
    assert _value(got, "lac_reviews_in_time_pct", "2014-15") == 100
    assert _value(got, "lac_reviews_total", "2013-14") == 2
    assert "2012-13" not in set(got["period"])
    assert not {"2014-04", "2015-03"} & set(got["period"])  # earlier years: no monthly rows
    # 9 reviews in the year / 12 months
    assert _value(got, "meetings_per_month", "2015-16", "lac_review") == 0.75


def test_figure_rows_only_years_with_review_data():
    # Reviews only in 2015-16: no 2014-15 or 2013-14 rows.
    ds = Dataset(folder=Path("."), reviews=REVIEWS[REVIEWS["CHILD"].isin(["D", "E"])])
    got = figure_rows(ds, YEAR, periods=PERIODS)
    assert not {"2014-15", "2013-14"} & set(got["period"])
    # D: 17 Jun, 17 Sep, 17 Mar all in time; E: 17 Jun in, 18 Sep late → 5 held, 4 in time
    assert _value(got, "lac_reviews_total", "2015-16") == 5
    assert _value(got, "lac_reviews_in_time_pct", "2015-16") == 80


def test_figure_rows_from_episodes():
    # Child D's episodes: looked after from Mon 1 Jun 2015 (S), a placement move on 1 Sep 2015
    # (X1 then P): one period of care from 1 Jun 2015, so the move does not restart the clock.
    # Reviews 17 Jun (1st, due 29 Jun, in), 17 Sep (2nd, due 17 Sep, in), 18 Mar 2016 (3rd,
    # due 17 Mar 2016, late) → year: 3 held, 2 in time.
    episodes = pd.DataFrame(
        {
            "CHILD": ["D", "D"],
            "DECOM": D("2015-06-01", "2015-09-01"),
            "RNE": ["S", "P"],
            "LS": ["C2", "C2"],
            "CIN": "N1",
            "PLACE": ["U4", "U5"],
            "PLACE_PROVIDER": "PR1",
            "DEC": D("2015-09-01", None),
            "REC": ["X1", None],
            "REASON_PLACE_CHANGE": None,
            "HOME_POST": None,
            "PL_POST": None,
            "URN": None,
        }
    )
    reviews = pd.DataFrame(
        {"CHILD": "D", "DOB": pd.NaT, "REVIEW": D("2015-06-17", "2015-09-17", "2016-03-18"), "REVIEW_CODE": "PN1"}
    )
    got = figure_rows(Dataset(folder=Path("."), episodes=episodes, reviews=reviews), YEAR)
    assert _value(got, "lac_reviews_total", "2015-16") == 3
    assert _value(got, "lac_reviews_in_time", "2015-16") == 2
    assert _value(got, "lac_reviews_in_time", "2016-03") == 0


def test_figure_rows_reviews_without_episodes_gives_totals_only():
    # No episodes: every distinct review counts. 2015-16 holds C 15 Apr, B 1 May, G 15 May,
    # D 17 Jun (twice: one), E 17 Jun, F 1 Jul, D 17 Sep, E 18 Sep, B 25 Sep, A 13 Jan,
    # A2 14 Jan, D 17 Mar → 12.
    got = figure_rows(Dataset(folder=Path("."), reviews=REVIEWS), YEAR)
    assert _value(got, "lac_reviews_total", "2015-16") == 12
    assert _value(got, "meetings_per_month", "2015-16", "lac_review") == 1.0
    assert not got["indicator"].str.contains("in_time").any()


def test_figure_rows_without_reviews_is_empty():
    got = figure_rows(Dataset(folder=Path(".")), YEAR)
    assert got.empty and list(got.columns) == FIGURE_COLUMNS


# --- where the history begins ----------------------------------------------------------------
#
# History start H = Wed 1 Apr 2015; the day before is Tue 31 Mar 2015. Best-case due dates of a
# period that began before H: 31 Mar 2015 + 6 months = 30 Sep 2015 (clipped); for a period that
# began on 31 Mar 2015 itself (only one review possible before H, its 1st) 31 Mar + 3 months = 30 Jun 2015.
# 20 working days after Wed 1 Apr 2015, skipping Good Friday 3 Apr and Easter Monday 6 Apr:
# 2 Apr (1), 7–10 Apr (2–5), 13–17 (6–10), 20–24 (11–15), 27–30 (16–19), Fri 1 May (20) → 1 May 2015
# (were the two bank holidays working days, the 20th would be Wed 29 Apr 2015).
#
#   P   period from 6 Jan 2014 (before H)
#       2015-04-20  1st in the data, best case due 30 Sep 2015, held before it → not assessed
#       2015-10-21  next: due 20 Apr + 6 months = 20 Oct 2015 → late (one day)
#   Q   period from 1 May 2013 (before H)
#       2015-10-01  1st in the data, best case due 30 Sep 2015 → late even then (assessed)
#       2016-03-30  next: due 1 Oct 2015 + 6 months = 1 Apr 2016 → in time (as a 2nd review,
#                   due at 3 months, 1 Jan 2016, it would be late)
#   R   period from 31 Mar 2015, the day before H: 2015-07-01, best case due 30 Jun 2015 → late
#   R2  period from 31 Mar 2015: 2015-06-30, on its best-case due date → not assessed
#   R3  period from 30 Mar 2015 (two reviews were possible before H): 2015-07-01, due 30 Sep → not assessed
#   T   period from 1 Apr 2015 (on H: judged as today)
#       2015-05-01  1st, due 1 May 2015 → in time (only because of the Easter bank holidays)
#       2015-08-03  2nd, due 1 May + 3 months = 1 Aug 2015 → late
#   T2  period from 1 Apr 2015: 2015-05-05, 1st, due 1 May 2015 → late
HISTORY = pd.Timestamp("2015-04-01")
HIST_PERIODS = pd.DataFrame(
    {
        "CHILD": ["P", "Q", "R", "R2", "R3", "T", "T2"],
        "PERIOD": 1,
        "START": D("2014-01-06", "2013-05-01", "2015-03-31", "2015-03-31", "2015-03-30", "2015-04-01", "2015-04-01"),
        "END": pd.NaT,
        "SHORT_BREAKS_ONLY": False,
    }
)
HIST_REVIEWS = pd.DataFrame(
    {
        "CHILD": ["P", "P", "Q", "Q", "R", "R2", "R3", "T", "T", "T2"],
        "DOB": pd.NaT,
        "REVIEW": D(
            "2015-04-20",
            "2015-10-21",
            "2015-10-01",
            "2016-03-30",
            "2015-07-01",
            "2015-06-30",
            "2015-07-01",
            "2015-05-01",
            "2015-08-03",
            "2015-05-05",
        ),
        "REVIEW_CODE": "PN1",
    }
)


def _verdicts(table: pd.DataFrame) -> dict:
    return {
        (r.CHILD, r.REVIEW.strftime("%Y-%m-%d")): (r.DUE.strftime("%Y-%m-%d"), r.ASSESSED, r.IN_TIME)
        for r in table.itertuples()
    }


def test_history_start_from_the_earliest_review():
    # 1 April of the reporting year of the earliest review: 10 Feb 2015 is in 2014-15
    reviews = pd.DataFrame({"REVIEW": D("2016-03-31", "2015-02-10")})
    assert history_start(reviews) == pd.Timestamp("2014-04-01")
    assert history_start(pd.DataFrame({"REVIEW": D("2015-04-01")})) == pd.Timestamp("2015-04-01")
    assert history_start(pd.DataFrame({"REVIEW": D("2016-03-31")})) == pd.Timestamp("2015-04-01")
    assert history_start(pd.DataFrame({"REVIEW": pd.Series([], dtype="datetime64[ns]")})) is None
    # a date given wins
    assert history_start(reviews, "2013-06-15") == pd.Timestamp("2013-06-15")


def test_dataset_history_start_in_order_keyword_dataset_reviews():
    ds = Dataset(folder=Path("."), reviews=HIST_REVIEWS)  # earliest review 20 Apr 2015 → 1 Apr 2015
    assert dataset_history_start(ds) == HISTORY
    ds.history_from = pd.Timestamp("2014-04-01")  # the loader's start of the annual returns
    assert dataset_history_start(ds) == pd.Timestamp("2014-04-01")
    assert dataset_history_start(ds, pd.Timestamp("2013-04-01")) == pd.Timestamp("2013-04-01")


def test_best_case_due_dates():
    # 31 Mar 2015 + 6 months = 30 Sep 2015 for a period begun two or more days before H;
    # + 3 months = 30 Jun 2015 for one begun the day before H.
    got = best_case_due(pd.Series(D("2010-01-01", "2015-03-30", "2015-03-31")), HISTORY)
    assert got.dt.strftime("%Y-%m-%d").tolist() == ["2015-09-30", "2015-09-30", "2015-06-30"]


def test_timeliness_where_the_history_is_partial():
    got = _verdicts(review_timeliness(HIST_REVIEWS, HIST_PERIODS, HISTORY))
    assert got == {
        ("P", "2015-04-20"): ("2015-09-30", False, False),
        ("P", "2015-10-21"): ("2015-10-20", True, False),
        ("Q", "2015-10-01"): ("2015-09-30", True, False),
        ("Q", "2016-03-30"): ("2016-04-01", True, True),
        ("R", "2015-07-01"): ("2015-06-30", True, False),
        ("R2", "2015-06-30"): ("2015-06-30", False, False),
        ("R3", "2015-07-01"): ("2015-09-30", False, False),
        ("T", "2015-05-01"): ("2015-05-01", True, True),
        ("T", "2015-08-03"): ("2015-08-01", True, False),
        ("T2", "2015-05-05"): ("2015-05-01", True, False),
    }
    # with no date given the history starts at 1 April of the earliest review's year: the same here
    assert _verdicts(review_timeliness(HIST_REVIEWS, HIST_PERIODS)) == got


def test_a_review_before_the_history_start_is_an_earlier_review():
    # History said to begin 1 Apr 2015, but the data hold Q's review of 1 Sep 2014: it is Q's
    # first review in the data (best case due 30 Sep 2015) → not assessed; 1 Oct 2015 is then
    # judged 6 months after it (due 1 Mar 2015) → late.
    reviews = pd.DataFrame({"CHILD": ["Q", "Q"], "REVIEW": D("2014-09-01", "2015-10-01")})
    got = _verdicts(review_timeliness(reviews, HIST_PERIODS, HISTORY))
    assert got == {("Q", "2014-09-01"): ("2015-09-30", False, False), ("Q", "2015-10-01"): ("2015-03-01", True, False)}


def test_timeliness_by_month_over_the_reviews_assessed():
    # 2015-16: 10 held, 3 not assessed (P 20 Apr, R2 30 Jun, R3 1 Jul), 7 assessed, 2 in time
    # (T 1 May, Q 30 Mar) → 2 / 7 = 28.57%. April: 1 held, none assessed → no percentage;
    # July: R late, R3 not assessed → 0 of 1 assessed = 0%.
    got = timeliness_by_month(review_timeliness(HIST_REVIEWS, HIST_PERIODS, HISTORY), YEAR).set_index("period")
    assert got.loc["2015-16", ["total", "not_assessed", "in_time"]].tolist() == [10, 3, 2]
    assert abs(got.loc["2015-16", "in_time_pct"] - 200 / 7) < 1e-9
    assert got.loc["2015-04", ["total", "not_assessed", "in_time"]].tolist() == [1, 1, 0]
    assert pd.isna(got.loc["2015-04", "in_time_pct"])
    assert got.loc["2015-07", ["total", "not_assessed", "in_time", "in_time_pct"]].tolist() == [2, 1, 0, 0]


def test_figure_rows_not_assessed_by_month_and_year():
    # Months (from the table above): Apr 1 held / 1 not assessed; May 2 / 0 (T in, T2 late: 50%);
    # Jun 1 / 1 (R2); Jul 2 / 1 (R late, R3); Aug 1 / 0 (T late); Oct 2 / 0 (P, Q late);
    # Mar 1 / 0 (Q in). Year: 10 held, 3 not assessed, 2 in time, 2 / 7 = 28.57%.
    got = figure_rows(Dataset(folder=Path("."), reviews=HIST_REVIEWS), YEAR, periods=HIST_PERIODS)
    assert set(got["indicator"]) <= set(INDICATORS)
    not_assessed = got[got["indicator"] == "lac_reviews_not_assessed"].set_index("period")["value"]
    assert not_assessed.to_dict() == {
        "2015-04": 1,
        "2015-05": 0,
        "2015-06": 1,
        "2015-07": 1,
        "2015-08": 0,
        "2015-09": 0,
        "2015-10": 0,
        "2015-11": 0,
        "2015-12": 0,
        "2016-01": 0,
        "2016-02": 0,
        "2016-03": 0,
        "2015-16": 3,
    }
    assert _value(got, "lac_reviews_total", "2015-16") == 10
    assert _value(got, "lac_reviews_in_time", "2015-16") == 2
    assert abs(_value(got, "lac_reviews_in_time_pct", "2015-16") - 200 / 7) < 1e-9
    # assessed = held - not assessed: the year 10 - 3 = 7; April 1 - 1 = 0; May 2 - 0 = 2; July 2 - 1 = 1
    assert [_value(got, "lac_reviews_assessed", p) for p in ["2015-16", "2015-04", "2015-05", "2015-07"]] == [
        7,
        0,
        2,
        1,
    ]
    assert _value(got, "lac_reviews_in_time_pct", "2015-05") == 50
    assert _value(got, "lac_reviews_in_time_pct", "2015-07") == 0
    # April and June: nothing assessed, so no percentage (not 0%)
    pct_periods = set(got.loc[got["indicator"] == "lac_reviews_in_time_pct", "period"])
    assert not {"2015-04", "2015-06"} & pct_periods
    # the history start, with the reviews not assessed over the whole data
    assert _value(got, "lac_reviews_history_start", "2015-04-01") == 3


def test_figure_rows_history_start_keyword_then_dataset():
    # From 1 Apr 2013 every period began on or after the history start and is judged as today:
    # P 20 Apr 2015 (1st, due Feb 2014) late, P 21 Oct (2nd, due 20 Jul) late; Q 1 Oct (1st) late,
    # Q 30 Mar 2016 (2nd, due 1 Jan 2016) late; R, R2, R3 (1st, due 30 Apr 2015 at the latest) late;
    # T 1 May in, T 3 Aug late, T2 late → 0 not assessed, 1 in time of 10.
    ds = Dataset(folder=Path("."), reviews=HIST_REVIEWS)
    early = figure_rows(ds, YEAR, periods=HIST_PERIODS, reviews_from=pd.Timestamp("2013-04-01"))
    assert _value(early, "lac_reviews_not_assessed", "2015-16") == 0
    assert _value(early, "lac_reviews_in_time", "2015-16") == 1
    assert _value(early, "lac_reviews_history_start", "2013-04-01") == 0
    ds.history_from = pd.Timestamp("2013-04-01")  # the dataset's own start gives the same...
    assert figure_rows(ds, YEAR, periods=HIST_PERIODS).equals(early)
    # ...and a date given still wins over it
    given = figure_rows(ds, YEAR, periods=HIST_PERIODS, reviews_from=HISTORY)
    assert _value(given, "lac_reviews_not_assessed", "2015-16") == 3


def test_not_assessed_findings_one_warning_a_year_naming_no_child():
    # P 20 Apr 2015, R2 30 Jun 2015, R3 1 Jul 2015 in 2015-16; add Q's 1 Sep 2014 review not
    # assessed (see test_a_review_before_the_history_start_is_an_earlier_review) → 1 in 2014-15.
    reviews = pd.concat([HIST_REVIEWS, pd.DataFrame({"CHILD": ["Q"], "REVIEW": D("2014-09-01")})])
    timeliness = review_timeliness(reviews, HIST_PERIODS, HISTORY)
    got = not_assessed_findings(timeliness, HISTORY)
    assert got.columns.tolist() == ["severity", "file", "row", "column", "value", "rule", "check", "child"]
    assert got[["severity", "file", "column", "check"]].drop_duplicates().values.tolist() == [
        ["warning", "ssda903/reviews.csv", "REVIEW", "review timeliness not assessed"]
    ]
    assert got["row"].isna().all() and got["value"].isna().all() and got["child"].isna().all()
    assert got["rule"].tolist() == [
        "1 review held in 2014-15 could not be assessed for timeliness: the review history begins on 1 April "
        "2015 and it is the first review in the data of a period of care that began before then, so its due "
        "date depends on reviews the data do not hold",
        "3 reviews held in 2015-16 could not be assessed for timeliness: the review history begins on 1 April "
        "2015 and each is the first review in the data of a period of care that began before then, so its due "
        "date depends on reviews the data do not hold",
    ]
    assert not_assessed_findings(review_timeliness(REVIEWS, PERIODS), HISTORY).empty


def test_placed_reviews_keep_the_reviews_inside_a_period_in_child_and_date_order():
    # PERIODS above. Reviews, in no order: B 2015-09-25 (period 2), B 2015-05-01 (between
    # B's periods: dropped), G 2015-05-10 (short breaks only: dropped), A 2016-01-13 twice
    # (one review), B 2015-01-30 (period 1), H 2015-06-01 (no period: dropped).
    # Placed, by child then START then date: A (1, 2015-12-11), B (1, 2015-01-05), B (2, 2015-09-01).
    reviews = pd.DataFrame(
        {
            "CHILD": ["B", "B", "G", "A", "A", "B", "H"],
            "REVIEW": D(
                "2015-09-25", "2015-05-01", "2015-05-10", "2016-01-13", "2016-01-13", "2015-01-30", "2015-06-01"
            ),
        }
    )
    got = placed_reviews(held_reviews(reviews), PERIODS)
    assert got[["CHILD", "PERIOD"]].values.tolist() == [["A", 1], ["B", 1], ["B", 2]]
    assert got["START"].tolist() == list(D("2015-12-11", "2015-01-05", "2015-09-01"))
    assert got["REVIEW"].tolist() == list(D("2016-01-13", "2015-01-30", "2015-09-25"))


def test_history_findings_count_only_the_children_in_care_before_the_history_starts():
    # History from 1 Apr 2015. P: in care since 1 Oct 2014 (before it), first review in the
    # data 1 May 2015, on or before the best case (31 Mar 2015 + 6 months = 30 Sep 2015):
    # not assessed. Q: in care since 1 May 2015, review 20 May 2015: assessed (and only P's
    # children are worked out again). One warning: 1 review held in 2015-16.
    from iru_analysis.measures.reviews import history_findings

    episodes = pd.DataFrame(
        {
            "CHILD": ["Q", "P"],
            "DECOM": D("2015-05-01", "2014-10-01"),
            "DEC": D(None, None),
            "REC": [None, None],
            "RNE": ["S", "S"],
            "LS": ["C2", "C2"],
            "PLACE": ["U4", "U4"],
            "HOME_POST": None,
            "PL_POST": None,
        }
    )
    reviews = pd.DataFrame({"CHILD": ["P", "Q"], "REVIEW": D("2015-05-01", "2015-05-20")})
    got = history_findings(Dataset(folder=Path("."), episodes=episodes, reviews=reviews), "2015-04-01")
    assert got["rule"].str.startswith("1 review held in 2015-16 could not be assessed").tolist() == [True]
