"""Cuts the report does not make, for the starter notebook (iru_analysis/explore.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from iru_analysis.bundle import Context
from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.explore import icpc_timeliness_by_month, review_timeliness_by_age
from iru_analysis.report.content import Lookup

from figures_fixture import figures_table, params, rows

YEAR = ReportingYear.parse("2015-16")


def test_review_timeliness_by_age_band_on_the_day_of_each_review():
    # D and E each looked after from Mon 1 Jun 2015 (one period of care, after the history's
    # start on 1 Apr 2015, so every review is assessed). D, born 17 Sep 2000, has reviews on
    # 17 Jun 2015 (1st, due 29 Jun: in time; aged 14), 17 Sep 2015 (2nd, due 17 Sep: in time;
    # aged 15 that day) and 18 Mar 2016 (3rd, due 17 Mar: late; aged 15).
    # E, not in the header (no date of birth), has one review, 17 Jun 2015: in time.
    # → 10 to 14: 1 held, 1 in time (100%); 15: 2 held, 1 in time (50%); not recorded: 1, 1 (100%);
    #   the other bands 0 held, no percentage.
    episodes = pd.DataFrame(
        {
            "CHILD": ["D", "E"],
            "DECOM": pd.to_datetime(["2015-06-01", "2015-06-01"]),
            "RNE": "S",
            "LS": "C2",
            "CIN": "N1",
            "PLACE": "U4",
            "PLACE_PROVIDER": "PR1",
            "DEC": pd.NaT,
            "REC": None,
            "REASON_PLACE_CHANGE": None,
            "HOME_POST": None,
            "PL_POST": None,
            "URN": None,
        }
    )
    reviews = pd.DataFrame(
        {
            "CHILD": ["D", "D", "D", "E"],
            "DOB": pd.NaT,
            "REVIEW": pd.to_datetime(["2015-06-17", "2015-09-17", "2016-03-18", "2015-06-17"]),
            "REVIEW_CODE": "PN1",
        }
    )
    header = pd.DataFrame({"CHILD": ["D"], "DOB": pd.to_datetime(["2000-09-17"])})
    ds = Dataset(folder=Path("."), episodes=episodes, reviews=reviews, header=header)
    got = review_timeliness_by_age(ds, YEAR).set_index("age_band")
    assert list(got.index) == ["Under 1", "1 to 4", "5 to 9", "10 to 14", "15", "16+", "not_recorded"]
    assert got.loc["10 to 14", ["held", "assessed", "in_time", "in_time_pct"]].tolist() == [1, 1, 1, 100.0]
    assert got.loc["15", ["held", "assessed", "in_time", "in_time_pct"]].tolist() == [2, 2, 1, 50.0]
    assert got.loc["not_recorded", ["held", "in_time", "in_time_pct"]].tolist() == [1, 1, 100.0]
    assert got.loc["Under 1", "held"] == 0 and math.isnan(got.loc["Under 1", "in_time_pct"])


def test_icpc_timeliness_by_month_beside_a_comparator(tmp_path):
    # April 2015: 3 of 4 within 15 working days (75%); May: 5 of 5 (100%). The year's rows
    # (2015-16) are not months. England 2015-16: 77% (its 2014-15 figure is another year's).
    figures = figures_table(
        rows("icpc_with_s47", {"2015-04": 4, "2015-05": 5, "2015-16": 9})
        + rows("icpc_within_15wd", {"2015-04": 3, "2015-05": 5, "2015-16": 8})
        + rows("icpc_within_15wd_pct", {"2015-04": 75.0, "2015-05": 100.0, "2015-16": 88.9})
    )
    comparators = pd.DataFrame(
        {
            "indicator": "icpc_within_15wd_pct",
            "year": ["2015-16", "2014-15"],
            "area": "England",
            "value": [77.0, 70.0],
            "source": "SFR",
            "verified": True,
        }
    )
    lookup = Lookup(figures, YEAR, params(tmp_path), Context(comparators=comparators))
    got = icpc_timeliness_by_month(lookup)
    assert got.to_dict("list") == {
        "month": ["2015-04", "2015-05"],
        "icpcs": [4.0, 5.0],
        "within_15wd": [3.0, 5.0],
        "within_15wd_pct": [75.0, 100.0],
        "comparator_pct": [77.0, 77.0],
    }
    # an area the parameters do not list has no comparator
    assert icpc_timeliness_by_month(lookup, "Wales")["comparator_pct"].isna().all()
