"""Tests for iru_analysis.measures.participation (REVIEW_CODE PN0–PN7 and the child's voice)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from iru_analysis.calendar import ReportingYear
from iru_analysis.codes import NOT_RECORDED
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.participation import (
    INDICATORS, figure_rows, participation_counts, reviews_in_year, views_conveyed,
)

YEAR = ReportingYear.parse("2015-16")

# Reviews (2015-16 unless noted):
#   c1  2015-05-01 PN0      c2 2015-06-01 PN0
#   c3  2015-07-01 PN1      c3 2015-12-01 PN1      c4 2015-08-01 PN1 (recorded twice: one review)
#   c5  2015-09-01 PN2      c6 2015-10-01 PN4      c7 2015-11-01 PN5
#   c8  2016-01-10 PN7      c9 2016-02-10 PN7      c10 2016-03-10 (no code)
#   c3  2015-03-31 PN1  ← 2014-15, not counted
# In the year: 11 reviews. PN0 2, PN1 3, PN2 1, PN3 0, PN4 1, PN5 1, PN6 0, PN7 2, not_recorded 1.
# Children aged 4+ (PN1–PN7): 3+1+1+1+2 = 8; views conveyed (PN1–PN6): 6 → 75%.
REVIEWS = pd.DataFrame({
    "CHILD": ["c1", "c2", "c3", "c3", "c4", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c3"],
    "DOB": pd.NaT,
    "REVIEW": pd.to_datetime(["2015-05-01", "2015-06-01", "2015-07-01", "2015-12-01", "2015-08-01",
                              "2015-08-01", "2015-09-01", "2015-10-01", "2015-11-01", "2016-01-10",
                              "2016-02-10", "2016-03-10", "2015-03-31"]),
    "REVIEW_CODE": ["PN0", "PN0", "PN1", "PN1", "PN1", "PN1", "PN2", "PN4", "PN5", "PN7", "PN7", None, "PN1"],
})


def test_reviews_in_year_drops_duplicates_and_other_years():
    got = reviews_in_year(REVIEWS, YEAR)
    assert len(got) == 11
    assert (got["REVIEW_CODE"] == NOT_RECORDED).sum() == 1


def test_participation_counts():
    got = participation_counts(REVIEWS, YEAR).set_index("code")
    assert got["count"].to_dict() == {"PN0": 2, "PN1": 3, "PN2": 1, "PN3": 0, "PN4": 1, "PN5": 1,
                                      "PN6": 0, "PN7": 2, NOT_RECORDED: 1}
    assert abs(got.loc["PN1", "pct"] - 300 / 11) < 1e-9
    assert abs(got["pct"].sum() - 100) < 1e-9


def test_not_recorded_only_listed_when_present():
    got = participation_counts(REVIEWS.dropna(subset=["REVIEW_CODE"]), YEAR)
    assert NOT_RECORDED not in set(got["code"])
    assert len(got) == 8


def test_views_conveyed():
    got = views_conveyed(REVIEWS, YEAR)
    assert got.to_dict() == {"aged_4_plus": 8.0, "conveyed": 6.0, "pct": 75.0}


def test_figure_rows():
    got = figure_rows(Dataset(folder=Path("."), reviews=REVIEWS), YEAR)
    assert list(got.columns) == FIGURE_COLUMNS
    assert set(got["indicator"]) <= set(INDICATORS)
    assert set(got["section"]) == {"participation"}
    assert set(got["period"]) == {"2015-16"}
    rows = got.set_index(["indicator", "breakdown"])["value"]
    assert rows[("lac_review_participation", "PN7")] == 2
    assert rows[("lac_review_participation", "PN3")] == 0
    assert abs(rows[("lac_review_participation_pct", "PN0")] - 200 / 11) < 1e-9
    assert rows[("lac_review_views_conveyed_pct", "")] == 75
    assert rows[("lac_review_aged_4_plus", "")] == 8


def test_figure_rows_no_reviews_in_year_has_no_percentages():
    # Only the 2014-15 review: counts are zeros, no percentage of nothing.
    got = figure_rows(Dataset(folder=Path("."), reviews=REVIEWS.tail(1)), YEAR)
    assert not got["indicator"].str.endswith("_pct").any()
    assert got.loc[got["indicator"] == "lac_review_participation", "value"].sum() == 0


def test_figure_rows_without_reviews_is_empty():
    got = figure_rows(Dataset(folder=Path(".")), YEAR)
    assert got.empty and list(got.columns) == FIGURE_COLUMNS
