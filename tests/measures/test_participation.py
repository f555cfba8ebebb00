"""Tests for iru_analysis.measures.participation (REVIEW_CODE PN0–PN7 and the child's voice)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from iru_analysis.calendar import ReportingYear
from iru_analysis.codes import NOT_RECORDED
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.participation import (
    INDICATORS,
    child_voice,
    counted_reviews,
    figure_rows,
    participation_counts,
    reviews_in_year,
)
from iru_analysis.periods import periods_of_care

from episode_rows import make_episodes

YEAR = ReportingYear.parse("2015-16")

# Reviews (2015-16 unless noted):
#   c1  2015-05-01 PN0      c2 2015-06-01 PN0
#   c3  2015-07-01 PN1      c3 2015-12-01 PN1      c4 2015-08-01 PN1 (recorded twice: one review)
#   c5  2015-09-01 PN2      c6 2015-10-01 PN4      c7 2015-11-01 PN5
#   c8  2016-01-10 PN7      c9 2016-02-10 PN7      c10 2016-03-10 (no code)
#   c3  2015-03-31 PN1  ← 2014-15, not counted
# In the year: 11 reviews. PN0 2, PN1 3, PN2 1, PN3 0, PN4 1, PN5 1, PN6 0, PN7 2, not_recorded 1.
# Children aged 4+ (PN1–PN7): 3+1+1+1+2 = 8; participated (PN1–PN6): 3+1+1+1 = 6 → 75%;
# views conveyed (PN1–PN3, PN5, PN6; c6's PN4 attended without conveying views): 3+1+1 = 5 → 62.5%.
REVIEWS = pd.DataFrame(
    {
        "CHILD": ["c1", "c2", "c3", "c3", "c4", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c3"],
        "DOB": pd.NaT,
        "REVIEW": pd.to_datetime(
            [
                "2015-05-01",
                "2015-06-01",
                "2015-07-01",
                "2015-12-01",
                "2015-08-01",
                "2015-08-01",
                "2015-09-01",
                "2015-10-01",
                "2015-11-01",
                "2016-01-10",
                "2016-02-10",
                "2016-03-10",
                "2015-03-31",
            ]
        ),
        "REVIEW_CODE": ["PN0", "PN0", "PN1", "PN1", "PN1", "PN1", "PN2", "PN4", "PN5", "PN7", "PN7", None, "PN1"],
    }
)


def test_reviews_in_year_drops_duplicates_and_other_years():
    got = reviews_in_year(REVIEWS, YEAR)
    assert len(got) == 11
    assert (got["REVIEW_CODE"] == NOT_RECORDED).sum() == 1


def test_participation_counts():
    got = participation_counts(REVIEWS, YEAR).set_index("code")
    assert got["count"].to_dict() == {
        "PN0": 2,
        "PN1": 3,
        "PN2": 1,
        "PN3": 0,
        "PN4": 1,
        "PN5": 1,
        "PN6": 0,
        "PN7": 2,
        NOT_RECORDED: 1,
    }
    assert abs(got.loc["PN1", "pct"] - 300 / 11) < 1e-9
    assert abs(got["pct"].sum() - 100) < 1e-9


def test_not_recorded_only_listed_when_present():
    got = participation_counts(REVIEWS.dropna(subset=["REVIEW_CODE"]), YEAR)
    assert NOT_RECORDED not in set(got["code"])
    assert len(got) == 8


def test_participated_and_views_conveyed_share_one_denominator():
    got = child_voice(REVIEWS, YEAR)
    assert got.to_dict() == {
        "aged_4_plus": 8.0,
        "participated": 6.0,
        "participated_pct": 75.0,
        "views_conveyed": 5.0,
        "views_conveyed_pct": 62.5,
    }


def test_figure_rows():
    got = figure_rows(Dataset(folder=Path("."), reviews=REVIEWS), YEAR)
    assert list(got.columns) == FIGURE_COLUMNS
    assert set(got["indicator"]) <= set(INDICATORS)
    assert set(got["subject"]) == {"participation"}
    assert set(got["period"]) == {"2015-16"}
    rows = got.set_index(["indicator", "breakdown"])["value"]
    assert rows[("lac_review_participation", "PN7")] == 2
    assert rows[("lac_review_participation", "PN3")] == 0
    assert abs(rows[("lac_review_participation_pct", "PN0")] - 200 / 11) < 1e-9
    assert rows[("lac_review_participated_pct", "")] == 75
    assert rows[("lac_review_views_conveyed_pct", "")] == 62.5
    assert (
        rows[("lac_review_aged_4_plus", "")],
        rows[("lac_review_participated", "")],
        rows[("lac_review_views_conveyed", "")],
    ) == (8, 6, 5)


def test_figure_rows_no_reviews_in_year_has_no_percentages():
    # Only the 2014-15 review: counts are zeros, no percentage of nothing.
    got = figure_rows(Dataset(folder=Path("."), reviews=REVIEWS.tail(1)), YEAR)
    assert not got["indicator"].str.endswith("_pct").any()
    assert got.loc[got["indicator"] == "lac_review_participation", "value"].sum() == 0


def test_figure_rows_without_reviews_is_empty():
    got = figure_rows(Dataset(folder=Path(".")), YEAR)
    assert got.empty and list(got.columns) == FIGURE_COLUMNS


# With episodes, participation counts the reviews the review measures count.
#   s1: short breaks only (V3) 01/05/2015-03/05/2015, then a care period from 01/06/2015 (C2).
#       Review 02/05/2015 PN1 is in the short-breaks period: left out (rule 399);
#       review 10/06/2015 PN7 is in the care period: counted.
#   s2: looked after 01/04/2015-30/06/2015 (C2, E4A). Review 15/05/2015 PN2 counted;
#       review 01/09/2015 PN1 is after care ended: left out.
#   s3: in care from 01/04/2015 (C2), reviews 01/07/2015 PN4 and 01/12/2015 PN0: counted.
# Counted in 2015-16: PN7, PN2, PN4, PN0 (4 reviews). Aged 4+ (PN1–PN7): 3; participated
# (PN1–PN6): PN2, PN4 = 2; views conveyed (PN1–PN3, PN5, PN6): PN2 = 1.
# Before this rule every review counted: 6 reviews, PN1 2 of them, aged 4+ 5, participated 4.
SB_EPISODES = make_episodes(
    [
        ("s1", "01/05/2015", "S", "V3", "R1", "03/05/2015", "E8"),
        ("s1", "01/06/2015", "S", "C2", "U4", "", ""),
        ("s2", "01/04/2015", "S", "C2", "U4", "30/06/2015", "E4A"),
        ("s3", "01/04/2015", "S", "C2", "U4", "", ""),
    ]
)
SB_REVIEWS = pd.DataFrame(
    {
        "CHILD": ["s1", "s1", "s2", "s2", "s3", "s3"],
        "DOB": pd.NaT,
        "REVIEW": pd.to_datetime(["2015-05-02", "2015-06-10", "2015-05-15", "2015-09-01", "2015-07-01", "2015-12-01"]),
        "REVIEW_CODE": ["PN1", "PN7", "PN2", "PN1", "PN4", "PN0"],
    }
)


def test_counted_reviews_leave_out_short_breaks_and_reviews_outside_care():
    got = counted_reviews(SB_REVIEWS, periods_of_care(SB_EPISODES))
    assert got.index.tolist() == [1, 2, 4, 5]


def test_figure_rows_count_only_the_reviews_the_review_measures_count():
    got = figure_rows(Dataset(folder=Path("."), reviews=SB_REVIEWS, episodes=SB_EPISODES), YEAR)
    rows = got.set_index(["indicator", "breakdown"])["value"]
    assert rows.xs("lac_review_participation").to_dict() == {
        "PN0": 1,
        "PN1": 0,
        "PN2": 1,
        "PN3": 0,
        "PN4": 1,
        "PN5": 0,
        "PN6": 0,
        "PN7": 1,
    }
    assert (
        rows[("lac_review_aged_4_plus", "")],
        rows[("lac_review_participated", "")],
        rows[("lac_review_views_conveyed", "")],
    ) == (3, 2, 1)
    # without episodes every review recorded counts
    every = figure_rows(Dataset(folder=Path("."), reviews=SB_REVIEWS), YEAR).set_index(["indicator", "breakdown"])
    assert every.loc[("lac_review_participation", "PN1"), "value"] == 2
    assert every.loc[("lac_review_aged_4_plus", ""), "value"] == 5
