"""Tests for iru_analysis.measures.workforce (chairs, FTE, caseload per full-time chair)."""

from __future__ import annotations

import pandas as pd
import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.workforce import (
    INDICATORS,
    IRO_HANDBOOK_RANGE,
    caseloads_at,
    chairs_at,
    children_allocated_at,
    current_on,
    figure_rows,
)

YEAR = ReportingYear.parse("2015-16")
AS_AT = pd.Timestamp("2016-06-30")  # "at the time of writing"

# Chairs at 30 June 2016:
#   iro1 IRO 37h in post            iro2 IRO 37h in post        iro3 IRO 30h in post (from 1 Sep 2015)
#   iro4 IRO 37h left 30 Apr 2016 -> not in post
#   icc1 ICC 37h in post            icc2 ICC 20h in post        icc3 ICC 37h starts 1 Sep 2016 -> not yet
# IRO: 3 in post, FTE = (37 + 37 + 30) / 37 = 104/37 = 2.8108
# ICC: 2 in post, FTE = (37 + 20) / 37 = 57/37 = 1.5405
CHAIRS = pd.DataFrame(
    {
        "CHAIR_ID": ["iro1", "iro2", "iro3", "iro4", "icc1", "icc2", "icc3"],
        "ROLE": ["IRO", "IRO", "IRO", "IRO", "ICC", "ICC", "ICC"],
        "WEEKLY_HOURS": [37.0, 37.0, 30.0, 37.0, 37.0, 20.0, 37.0],
        "START_DATE": pd.to_datetime(
            ["2012-01-01", "2014-06-01", "2015-09-01", "2010-01-01", "2011-01-01", "2013-01-01", "2016-09-01"]
        ),
        "END_DATE": pd.to_datetime([None, None, None, "2016-04-30", None, None, None]),
    }
)

# Allocations at 30 June 2016:
#   c1 -> iro1 open                      counts (IRO)
#   c2 -> iro1 ended 31 May 2016         ended before the as-at date: excluded
#   c3 -> iro2 from 30 Jun 2016          starts on the as-at date: counts (inclusive)
#   c4 -> iro2 until 30 Jun 2016         ends on the as-at date: counts (inclusive)
#   c5 -> iro4 open                      iro4 has left: excluded
#   c6 -> iro2 open and c6 -> iro3 open  allocated twice to IROs: counts once
#   c7 -> iro3 from 1 Jul 2016           not yet allocated: excluded
#   c8 -> icc1 open                      counts (ICC)
#   c1 -> icc2 open                      c1 counts once for ICC as well as once for IRO
#   c9 -> icc3 open                      icc3 not yet in post: excluded
# IRO children: c1, c3, c4, c6 = 4; caseload = 4 / (104/37) = 148/104 = 1.4231
# ICC children: c8, c1 = 2;         caseload = 2 / (57/37) = 74/57 = 1.2982
ALLOCATIONS = pd.DataFrame(
    {
        "CHILD": ["c1", "c2", "c3", "c4", "c5", "c6", "c6", "c7", "c8", "c1", "c9"],
        "CHAIR_ID": ["iro1", "iro1", "iro2", "iro2", "iro4", "iro2", "iro3", "iro3", "icc1", "icc2", "icc3"],
        "START_DATE": pd.to_datetime(
            [
                "2015-01-01",
                "2015-01-01",
                "2016-06-30",
                "2015-01-01",
                "2015-01-01",
                "2015-10-01",
                "2016-02-01",
                "2016-07-01",
                "2015-01-01",
                "2015-01-01",
                "2016-09-01",
            ]
        ),
        "END_DATE": pd.to_datetime([None, "2016-05-31", None, "2016-06-30", None, None, None, None, None, None, None]),
    }
)


def test_current_on_is_inclusive_at_both_ends():
    rows = pd.DataFrame(
        {
            "START_DATE": pd.to_datetime(["2016-06-30", "2016-01-01", "2016-01-01", "2016-07-01"]),
            "END_DATE": pd.to_datetime([None, "2016-06-30", "2016-06-29", None]),
        }
    )
    # starts on d: yes; ends on d: yes; ended the day before: no; starts the day after: no
    assert current_on(rows, AS_AT).tolist() == [True, True, False, False]


def test_chairs_and_fte_with_a_part_time_chair():
    out = chairs_at(CHAIRS, AS_AT).set_index("role")
    assert out.loc["IRO", "chairs_in_post"] == 3  # iro4 has left
    assert out.loc["IRO", "fte"] == pytest.approx(104 / 37)  # 2 full-time + 30h = 2.8108
    assert out.loc["IRO", "fte"] == pytest.approx(2.8108, abs=1e-4)
    assert out.loc["ICC", "chairs_in_post"] == 2  # icc3 not started
    assert out.loc["ICC", "fte"] == pytest.approx(57 / 37)


def test_children_allocated_counts_each_child_once_per_role():
    got = children_allocated_at(ALLOCATIONS, CHAIRS, AS_AT)
    assert got["IRO"] == 4  # c1, c3, c4, c6
    assert got["ICC"] == 2  # c8, c1


def test_caseload_per_fte():
    out = caseloads_at(ALLOCATIONS, CHAIRS, AS_AT).set_index("role")
    assert out.loc["IRO", "caseload_per_fte"] == pytest.approx(148 / 104)  # 1.4231
    assert out.loc["ICC", "caseload_per_fte"] == pytest.approx(74 / 57)  # 1.2982


def test_role_with_no_one_in_post_has_no_caseload():
    # only one ICC (20h); a child allocated to her. No IRO at all.
    chairs = CHAIRS[CHAIRS["CHAIR_ID"] == "icc2"]
    allocations = ALLOCATIONS[ALLOCATIONS["CHAIR_ID"] == "icc2"]  # c1
    out = caseloads_at(allocations, chairs, AS_AT).set_index("role")
    assert out.loc["IRO", "chairs_in_post"] == 0 and out.loc["IRO", "fte"] == 0
    assert pd.isna(out.loc["IRO", "caseload_per_fte"])
    # 1 child / (20/37) = 37/20 = 1.85
    assert out.loc["ICC", "caseload_per_fte"] == pytest.approx(1.85)
    rows = figure_rows(Dataset(folder=".", chairs=chairs, allocations=allocations), YEAR, as_at=AS_AT)
    caseload = rows[rows["indicator"] == "caseload_per_fte"]
    assert caseload["breakdown"].tolist() == ["ICC"]


def test_figure_rows_at_a_later_as_at_date():
    rows = figure_rows(Dataset(folder=".", chairs=CHAIRS, allocations=ALLOCATIONS), YEAR, as_at=AS_AT)
    assert list(rows.columns) == FIGURE_COLUMNS
    assert set(rows["indicator"]) == set(INDICATORS)
    assert (rows["period"] == "2016-06-30").all()
    assert (rows["subject"] == "workforce").all()
    got = rows.set_index(["indicator", "breakdown"])["value"]
    assert got["caseload_per_fte", "IRO"] == pytest.approx(148 / 104)
    assert got["chairs_fte", "ICC"] == pytest.approx(57 / 37)
    assert got["children_allocated", "IRO"] == 4
    assert got["chairs_in_post", "IRO"] == 3


def test_figure_rows_default_to_the_year_end():
    # At 31 March 2016 iro4 is still in post (left 30 April 2016): IRO FTE = (37*3 + 30)/37 = 141/37
    # IRO children at 31 March: c1 (iro1), c2 (iro1, ends 31 May), c4 (iro2), c5 (iro4), c6 (iro2, iro3)
    # = 5 (c3 starts 30 June, c7 1 July); caseload = 5 / (141/37) = 185/141 = 1.3121
    rows = figure_rows(Dataset(folder=".", chairs=CHAIRS, allocations=ALLOCATIONS), YEAR)
    assert (rows["period"] == "2016-03-31").all()
    got = rows.set_index(["indicator", "breakdown"])["value"]
    assert got["chairs_fte", "IRO"] == pytest.approx(141 / 37)
    assert got["children_allocated", "IRO"] == 5
    assert got["caseload_per_fte", "IRO"] == pytest.approx(185 / 141)


def test_figure_rows_with_sources_missing():
    rows = figure_rows(Dataset(folder=".", chairs=CHAIRS), YEAR, as_at="2016-06-30")
    assert set(rows["indicator"]) == {"chairs_in_post", "chairs_fte"}
    empty = figure_rows(Dataset(folder=".", allocations=ALLOCATIONS), YEAR)
    assert empty.empty and list(empty.columns) == FIGURE_COLUMNS


def test_iro_handbook_range():
    # IRO Handbook (DCSF 2010) para 7.15, as quoted by the model report: 50-70 children
    assert IRO_HANDBOOK_RANGE == (50, 70)
