"""Tests for iru_analysis.measures.child_protection (conferences and plans).

Working days counted on a calendar. Easter 2016 in England: Good Friday 25 March and
Easter Monday 28 March are bank holidays.

* S47 started Tue 8 Mar 2016, ICPC Thu 31 Mar 2016: working days after the start are
  9–11 Mar (3), 14–18 Mar (8), 21–24 Mar (12), [25, 28 skipped], 29, 30, 31 Mar (15)
  → 15: within 15 working days. Counting the two bank holidays it would be 17.
* S47 started Mon 7 Mar 2016, same ICPC: one more day (Tue 8 Mar) → 16: not within.
* S47 started Mon 14 Mar 2016: 15–18 Mar (4), 21–24 (8), [25, 28], 29–31 (11), Fri 1 Apr (12),
  4, 5, 6 Apr (15) → an ICPC on Wed 6 Apr 2016 is within (15), Thu 7 Apr is not (16).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from iru_analysis.calendar import ReportingYear
from iru_analysis.codes import NOT_RECORDED
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.child_protection import (
    INDICATORS,
    category_at,
    children_on_plan,
    ethnicity_at,
    figure_rows,
    icpc_timeliness,
    icpcs_from_census,
    icpcs_from_log,
    long_plans,
    plans_table,
    rcpc_dates_from_census,
    rcpc_timeliness,
    repeat_by_month,
    repeat_plans,
)

YEAR = ReportingYear.parse("2015-16")


def D(*texts):
    return pd.to_datetime(list(texts))


def plans(rows):
    """Census plans from (child, start, end, initial, latest, previous) tuples."""
    child, start, end, initial, latest, previous = zip(*rows)
    return pd.DataFrame(
        {
            "LAchildID": list(child),
            "CINdetailsID": "cin1",
            "CPPID": [f"p{i}" for i in range(len(rows))],
            "CPPstartDate": D(*start),
            "CPPendDate": D(*end),
            "InitialCategoryOfAbuse": list(initial),
            "LatestCategoryOfAbuse": list(latest),
            "NumberOfPreviousCPP": list(previous),
        }
    )


def section47(rows):
    """Census section 47 enquiries from (child, s47 start, ICPC date) tuples."""
    child, start, icpc = zip(*rows)
    return pd.DataFrame(
        {
            "LAchildID": list(child),
            "CINdetailsID": "cin1",
            "S47ActualStartDate": D(*start),
            "InitialCPCtarget": pd.NaT,
            "DateOfInitialCPC": D(*icpc),
            "ICPCnotRequired": None,
        }
    )


def log(rows):
    """Conference log from (child, type, date, outcome) tuples."""
    child, kind, date, outcome = zip(*rows)
    return pd.DataFrame(
        {
            "MEETING_ID": [f"m{i}" for i in range(len(rows))],
            "LAchildID": list(child),
            "TYPE": list(kind),
            "MEETING_DATE": D(*date),
            "OUTCOME": list(outcome),
            "CHAIR_ID": "ch1",
        }
    )


def value(rows, indicator, period, breakdown=""):
    hit = rows[(rows["indicator"] == indicator) & (rows["period"] == period) & (rows["breakdown"] == breakdown)]
    assert len(hit) == 1, (indicator, period, breakdown, len(hit))
    return hit["value"].iloc[0]


# --- ICPC timeliness across Easter 2016 ------------------------------------------------------


def test_icpc_within_15_working_days_across_easter():
    got = icpc_timeliness(
        section47(
            [
                ("e1", "2016-03-08", "2016-03-31"),  # 15 → within (only because 25 and 28 Mar are skipped)
                ("e2", "2016-03-07", "2016-03-31"),  # 16 → not within
                ("e3", "2016-03-14", "2016-04-06"),  # 15 → within
                ("e4", "2016-03-14", "2016-04-07"),  # 16 → not within
                ("e5", "2016-03-01", None),  # no ICPC: left out
            ]
        )
    ).set_index("LAchildID")
    assert got["WORKING_DAYS"].to_dict() == {"e1": 15, "e2": 16, "e3": 15, "e4": 16}
    assert got["WITHIN_15WD"].to_dict() == {"e1": True, "e2": False, "e3": True, "e4": False}


def test_icpc_timeliness_uses_the_last_enquiry_before_the_icpc():
    # Two enquiries led to the ICPC of 31 Mar 2016: the later (8 Mar, 15 days) counts, not 1 Feb.
    got = icpc_timeliness(section47([("e1", "2016-02-01", "2016-03-31"), ("e1", "2016-03-08", "2016-03-31")]))
    assert len(got) == 1 and got["WORKING_DAYS"].iloc[0] == 15 and bool(got["WITHIN_15WD"].iloc[0])


def test_icpc_before_its_enquiry_counts_as_held_but_not_in_the_15_day_measure():
    # b1: ICPC Thu 31 Mar 2016, s47 Tue 8 Mar 2016 -> 15 working days (Easter skipped), within.
    # b2: ICPC Mon 14 Mar 2016 dated before its s47 start Mon 21 Mar 2016: before, working days
    #     of -5 made it "within"; now left out of numerator and denominator.
    # b3: two enquiries for the ICPC of 31 Mar 2016: 8 Mar (15 days, within) and 1 Apr (after
    #     the ICPC, left out) -> the 8 Mar enquiry counts (before: the later 1 Apr start, 0 days).
    # ICPCs held (census): b1, b2, b3 -> 3. With s47: b1, b3 -> 2; within: 2 -> 100%.
    s47 = section47(
        [
            ("b1", "2016-03-08", "2016-03-31"),
            ("b2", "2016-03-21", "2016-03-14"),
            ("b3", "2016-03-08", "2016-03-31"),
            ("b3", "2016-04-01", "2016-03-31"),
        ]
    )
    timely = icpc_timeliness(s47)
    assert timely[["LAchildID", "WORKING_DAYS"]].values.tolist() == [["b1", 15], ["b3", 15]]
    got = figure_rows(Dataset(folder=Path("."), section47=s47), YEAR)
    assert value(got, "icpc_total", "2015-16") == 3
    assert value(got, "icpc_total", "2016-03") == 3
    assert (value(got, "icpc_with_s47", "2015-16"), value(got, "icpc_within_15wd", "2015-16")) == (2, 2)
    assert value(got, "icpc_within_15wd_pct", "2015-16") == 100


def test_icpc_timeliness_figures_by_month_and_year():
    # 2015-16: e1 (Mar, within), e2 (Mar, not), e6 Wed 1 Jul 2015 after s47 Mon 15 Jun 2015:
    # 16–19 Jun (4), 22–26 (9), 29, 30 Jun, 1 Jul (12) → within. Year: 3 with s47, 2 within → 66.67%.
    # e3 (6 Apr 2016) is in 2016-17. 2014-15: e7 s47 Mon 2 Mar 2015, ICPC Mon 30 Mar 2015:
    # 3–6 Mar (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 (20) → not within: 1 with s47, 0 within.
    s47 = section47(
        [
            ("e1", "2016-03-08", "2016-03-31"),
            ("e2", "2016-03-07", "2016-03-31"),
            ("e3", "2016-03-14", "2016-04-06"),
            ("e6", "2015-06-15", "2015-07-01"),
            ("e7", "2015-03-02", "2015-03-30"),
        ]
    )
    got = figure_rows(Dataset(folder=Path("."), section47=s47), YEAR)
    assert value(got, "icpc_with_s47", "2015-16") == 3
    assert value(got, "icpc_within_15wd", "2015-16") == 2
    assert abs(value(got, "icpc_within_15wd_pct", "2015-16") - 200 / 3) < 1e-9
    assert value(got, "icpc_within_15wd_pct", "2016-03") == 50
    assert value(got, "icpc_within_15wd_pct", "2015-07") == 100
    assert value(got, "icpc_with_s47", "2014-15") == 1
    assert value(got, "icpc_within_15wd_pct", "2014-15") == 0


# --- ICPC counts and outcomes ---------------------------------------------------------

LOG = log(
    [
        ("c1", "ICPC", "2015-04-10", "plan"),
        ("c2", "ICPC", "2015-04-20", "no_plan"),
        ("c3", "ICPC", "2015-05-05", "plan"),
        ("c4", "ICPC", "2015-05-06", "change_of_category"),
        ("c5", "ICPC", "2015-05-07", "child_died"),
        ("c6", "ICPC", "2015-03-20", "plan"),  # 2014-15
        ("c1", "RCPC", "2015-07-10", None),  # 1st review of c1's plan: due 10 Jul 2015 → in time
        ("c1", "RCPC", "2016-01-11", None),  # 2nd: due 10 Jul + 6 months = 10 Jan 2016 → late
        ("c2", "RCPC", "2015-08-01", None),  # c2 had no plan in the log: cannot be assessed
    ]
)


def test_icpc_outcomes_from_the_log():
    # Apr: c1 plan, c2 no_plan → 2; May: c3 plan, c4 change_of_category, c5 child_died → 3.
    # Year: 5 (plan 2, no_plan 1, change_of_category 1, child_died 1). 2014-15: c6 plan → 1.
    got = figure_rows(Dataset(folder=Path("."), conferences=LOG), YEAR)
    assert value(got, "icpc_total", "2015-04") == 2
    assert value(got, "icpc_total", "2015-05") == 3
    assert value(got, "icpc_total", "2015-06") == 0
    assert value(got, "icpc_total", "2015-16") == 5
    assert value(got, "icpc_outcome", "2015-16", "plan") == 2
    assert value(got, "icpc_outcome", "2015-16", "no_plan") == 1
    assert value(got, "icpc_outcome", "2015-16", "change_of_category") == 1
    assert value(got, "icpc_outcome", "2015-16", "child_died") == 1
    assert value(got, "icpc_outcome", "2015-05", "child_died") == 1
    assert value(got, "icpc_total", "2014-15") == 1
    assert value(got, "icpc_outcome", "2014-15", "plan") == 1
    assert not got["period"].isin(["2014-04", "2015-03"]).any()  # previous year: year figure only


def test_log_without_census():
    # RCPCs from the log; plans opened by the log's ICPCs with outcome plan (c1 10 Apr 2015,
    # c3 5 May 2015). c1: 10 Jul 2015 in time, 11 Jan 2016 late; c2's review has no plan.
    # rcpc_total 3, assessed 2, in time 1 → 50%. Meetings: (5 ICPC + 3 RCPC) / 12.
    got = figure_rows(Dataset(folder=Path("."), conferences=LOG), YEAR)
    assert value(got, "rcpc_total", "2015-16") == 3
    assert value(got, "rcpc_assessed", "2015-16") == 2
    assert value(got, "rcpc_in_time", "2015-16") == 1
    assert value(got, "rcpc_in_time_pct", "2015-16") == 50
    assert value(got, "rcpc_in_time", "2016-01") == 0
    assert abs(value(got, "meetings_per_month", "2015-16", "cp_conference") - 8 / 12) < 1e-12
    assert not got["indicator"].str.startswith("cpp_").any()
    assert not got["indicator"].str.startswith("icpc_within").any()
    assert set(got["indicator"]) <= set(INDICATORS)


def test_icpc_outcomes_from_the_census():
    # section47: k1 ICPC 10 Jun 2015, a plan starts that day → plan;
    #            k2 ICPC 15 Jun 2015, its plan starts 16 Jun → no_plan (the census rule: same day).
    # cin_details: k3 ICPC 1 Jul 2015 with a plan that day → plan; k1's 10 Jun ICPC again → one ICPC.
    # Jun: 2 (plan 1, no_plan 1); Jul: 1 (plan). Year: 3, plan 2, no_plan 1.
    s47 = section47([("k1", "2015-05-27", "2015-06-10"), ("k2", "2015-06-01", "2015-06-15")])
    cin = pd.DataFrame(
        {
            "LAchildID": ["k3", "k1"],
            "CINdetailsID": "cin1",
            "CINreferralDate": pd.NaT,
            "ReferralSource": None,
            "PrimaryNeedCode": "N1",
            "CINclosureDate": pd.NaT,
            "ReasonForClosure": None,
            "DateOfInitialCPC": D("2015-07-01", "2015-06-10"),
            "ReferralNFA": None,
        }
    )
    cpp = plans(
        [
            ("k1", "2015-06-10", None, "NEG", None, 0),
            ("k2", "2015-06-16", None, "NEG", None, 0),
            ("k3", "2015-07-01", None, "EMO", None, 0),
        ]
    )
    icpc = icpcs_from_census(s47, cin, plans_table(cpp))
    assert sorted(map(tuple, icpc.assign(DATE=icpc["DATE"].dt.strftime("%Y-%m-%d")).to_numpy().tolist())) == [
        ("k1", "2015-06-10", "plan"),
        ("k2", "2015-06-15", "no_plan"),
        ("k3", "2015-07-01", "plan"),
    ]
    got = figure_rows(Dataset(folder=Path("."), section47=s47, cin_details=cin, child_protection_plans=cpp), YEAR)
    assert value(got, "icpc_total", "2015-06") == 2
    assert value(got, "icpc_outcome", "2015-06", "plan") == 1
    assert value(got, "icpc_outcome", "2015-06", "no_plan") == 1
    assert value(got, "icpc_total", "2015-16") == 3
    assert value(got, "icpc_outcome", "2015-16", "plan") == 2
    # the census cannot tell change_of_category or child_died
    assert not got["breakdown"].isin(["change_of_category", "child_died"]).any()


def test_census_icpcs_without_plans_have_no_outcome():
    got = figure_rows(Dataset(folder=Path("."), section47=section47([("k1", "2015-05-27", "2015-06-10")])), YEAR)
    assert value(got, "icpc_total", "2015-16") == 1
    assert "icpc_outcome" not in set(got["indicator"])
    assert "meetings_per_month" not in set(got["indicator"])  # no review conferences known


def test_log_is_preferred_to_the_census_for_icpc_counts():
    # The census holds one ICPC (k1, 10 Jun 2015) not in the log: the totals come from the log (5),
    # the timeliness from the census (1 with s47).
    s47 = section47([("k1", "2015-05-27", "2015-06-10")])
    got = figure_rows(Dataset(folder=Path("."), conferences=LOG, section47=s47), YEAR)
    assert value(got, "icpc_total", "2015-16") == 5
    assert value(got, "icpc_with_s47", "2015-16") == 1


# --- review conferences ---------------------------------------------------------------

RCPC_PLANS = plans(
    [
        ("r1", "2015-06-10", None, "NEG", None, 0),
        ("r2", "2015-06-10", "2016-01-15", "NEG", None, 0),
        ("r3", "2014-10-01", "2015-08-01", "PHY", None, 0),
    ]
)
# Reviews:                            due                                    verdict
#   r1 2015-09-10  1st               10 Jun + 3 months = 2015-09-10          in time (on the day)
#   r1 2016-03-11  2nd               10 Sep + 6 months = 2016-03-10          late (a day)
#   r2 2015-09-11  1st               2015-09-10                              late
#   r2 2016-01-15  2nd (plan ends that day) 11 Sep + 6 months = 2016-03-11   in time
#   r3 2014-12-20  1st               1 Oct 2014 + 3 months = 2015-01-01      in time (2014-15)
#   r3 2015-06-19  2nd               20 Dec 2014 + 6 months = 2015-06-20     in time
#   r4 2015-10-01  r4 has no plan: held, not assessed
RCPC_REVIEWS = pd.DataFrame(
    {
        "LAchildID": ["r1", "r1", "r2", "r2", "r3", "r3", "r4"],
        "CINdetailsID": "cin1",
        "CPPID": "p",
        "CPPreviewDate": D(
            "2015-09-10", "2016-03-11", "2015-09-11", "2016-01-15", "2014-12-20", "2015-06-19", "2015-10-01"
        ),
    }
)


def test_rcpc_timeliness():
    got = rcpc_timeliness(plans_table(RCPC_PLANS), rcpc_dates_from_census(RCPC_REVIEWS))
    table = {
        (r.LAchildID, r.DATE.strftime("%Y-%m-%d")): (r.ORDINAL, r.DUE.strftime("%Y-%m-%d"), r.IN_TIME)
        for r in got.itertuples()
    }
    assert table == {
        ("r1", "2015-09-10"): (1, "2015-09-10", True),
        ("r1", "2016-03-11"): (2, "2016-03-10", False),
        ("r2", "2015-09-11"): (1, "2015-09-10", False),
        ("r2", "2016-01-15"): (2, "2016-03-11", True),
        ("r3", "2014-12-20"): (1, "2015-01-01", True),
        ("r3", "2015-06-19"): (2, "2015-06-20", True),
    }


def test_rcpc_figures_from_the_census():
    # 2015-16: Jun r3 (in); Sep r1 (in), r2 (late); Oct r4 (not assessed); Jan r2 (in); Mar r1 (late).
    # Year: held 6, assessed 5, in time 3 → 60%. 2014-15: r3 20 Dec 2014 → 1, 1, 1.
    got = figure_rows(Dataset(folder=Path("."), child_protection_plans=RCPC_PLANS, cpp_reviews=RCPC_REVIEWS), YEAR)
    assert value(got, "rcpc_total", "2015-16") == 6
    assert value(got, "rcpc_assessed", "2015-16") == 5
    assert value(got, "rcpc_in_time", "2015-16") == 3
    assert value(got, "rcpc_in_time_pct", "2015-16") == 60
    assert value(got, "rcpc_total", "2015-09") == 2
    assert value(got, "rcpc_in_time_pct", "2015-09") == 50
    assert value(got, "rcpc_total", "2015-10") == 1
    assert value(got, "rcpc_assessed", "2015-10") == 0
    assert got[(got["indicator"] == "rcpc_in_time_pct") & (got["period"] == "2015-10")].empty
    assert value(got, "rcpc_in_time", "2014-15") == 1
    # no ICPC source: no ICPC rows and no meetings per month
    assert not got["indicator"].isin(["icpc_total", "meetings_per_month"]).any()


def test_rcpc_census_reviews_without_plans_give_totals_only():
    got = figure_rows(Dataset(folder=Path("."), cpp_reviews=RCPC_REVIEWS), YEAR)
    assert value(got, "rcpc_total", "2015-16") == 6
    assert "rcpc_in_time" not in set(got["indicator"])


def test_census_without_log_meetings_per_month():
    # ICPCs from section47 (2 in the year) + census reviews (6 in the year) → 8 / 12.
    s47 = section47([("r1", "2015-05-27", "2015-06-10"), ("r2", "2015-05-28", "2015-06-10")])
    got = figure_rows(
        Dataset(folder=Path("."), section47=s47, child_protection_plans=RCPC_PLANS, cpp_reviews=RCPC_REVIEWS), YEAR
    )
    assert value(got, "icpc_outcome", "2015-16", "plan") == 2
    assert abs(value(got, "meetings_per_month", "2015-16", "cp_conference") - 8 / 12) < 1e-12


# --- children on a plan, category, ethnicity ---------------------------------------------------


def test_children_not_plans_on_a_plan_at_31_march():
    # 31 Mar 2016: a1 (two open plans: one child), a3 (starts that day) → 2 children, 3 plans.
    #   a2's plan ends 31 Mar 2016 (not open), a5's starts 1 Apr 2016.
    # 31 Mar 2015: a2 (from 1 Feb 2015), a4 (1 Jan 2014 – 1 Jun 2015) → 2.
    cpp = plans(
        [
            ("a1", "2015-05-01", None, "NEG", None, 0),
            ("a1", "2015-09-01", None, "EMO", None, 0),
            ("a2", "2015-02-01", "2016-03-31", "NEG", None, 0),
            ("a3", "2016-03-31", None, "PHY", None, 0),
            ("a4", "2014-01-01", "2015-06-01", "NEG", None, 0),
            ("a5", "2016-04-01", None, "NEG", None, 0),
        ]
    )
    got = children_on_plan(plans_table(cpp), [pd.Timestamp("2015-03-31"), pd.Timestamp("2016-03-31")])
    assert got.tolist() == [2, 2]
    rows = figure_rows(Dataset(folder=Path("."), child_protection_plans=cpp), YEAR)
    assert value(rows, "cpp_at_31_march", "2016-03-31") == 2
    assert value(rows, "cpp_at_31_march", "2015-03-31") == 2
    # month ends: 30 Apr 2015: a2, a4 → 2; 31 May: a1, a2, a4 → 3; 30 Jun: a1, a2 → 2
    assert value(rows, "cpp_month_end", "2015-05") == 3
    assert value(rows, "cpp_month_end", "2015-06") == 2


def test_plan_reported_twice_is_one_plan():
    # The same plan in two returns: open in the first, ended in the second → one plan, ended.
    cpp = plans([("a1", "2015-05-01", None, "NEG", None, 0), ("a1", "2015-05-01", "2015-12-01", "NEG", None, 0)])
    table = plans_table(cpp)
    assert len(table) == 1 and table["CPPendDate"].iloc[0] == pd.Timestamp("2015-12-01")


def test_category_at_year_end_uses_latest_then_initial():
    # Open at 31 Mar 2016: b1 initial EMO latest NEG → NEG; b2 initial PHY, no latest → PHY;
    # b3 NEG/NEG → NEG; b4 neither → not_recorded. b5 (ended) not counted.
    # NEG 2, PHY 1, EMO/SAB/MUL 0; pct over the 3 with a category: NEG 66.67, PHY 33.33.
    cpp = plans(
        [
            ("b1", "2015-05-01", None, "EMO", "NEG", 0),
            ("b2", "2015-06-01", None, "PHY", " ", 0),
            ("b3", "2015-07-01", None, "NEG", "NEG", 0),
            ("b4", "2015-08-01", None, None, None, 0),
            ("b5", "2015-01-01", "2015-09-01", "SAB", "SAB", 0),
        ]
    )
    got = category_at(plans_table(cpp), YEAR.end).set_index("code")
    assert got["count"].to_dict() == {"NEG": 2, "EMO": 0, "PHY": 1, "SAB": 0, "MUL": 0, NOT_RECORDED: 1}
    assert abs(got.loc["NEG", "pct"] - 200 / 3) < 1e-9
    assert np.isnan(got.loc[NOT_RECORDED, "pct"])
    rows = figure_rows(Dataset(folder=Path("."), child_protection_plans=cpp), YEAR)
    assert value(rows, "cpp_category", "2016-03-31", "PHY") == 1
    assert abs(value(rows, "cpp_category_pct", "2016-03-31", "PHY") - 100 / 3) < 1e-9
    assert rows[(rows["indicator"] == "cpp_category_pct") & (rows["breakdown"] == NOT_RECORDED)].empty


def test_ethnicity_with_an_unborn_child_not_recorded():
    # On a plan at 31 Mar 2016: k1 WBRI, k2 WBRI, k3 BAFR, k4 unborn (characteristics row, blank
    # Ethnicity). k6 (WBRI) is not on a plan. 4 children; 3 recorded (the model report's 266 of 267).
    # cpp_ethnicity: WBRI 2, BAFR 1, not_recorded 1; pct over 3: WBRI 66.67, BAFR 33.33.
    cpp = plans(
        [
            ("k1", "2015-05-01", None, "NEG", None, 0),
            ("k2", "2015-06-01", None, "NEG", None, 0),
            ("k3", "2015-07-01", None, "NEG", None, 0),
            ("k4", "2016-02-01", None, "NEG", None, 0),
            ("k6", "2014-01-01", "2015-01-01", "NEG", None, 0),
        ]
    )
    chars = pd.DataFrame(
        {"LAchildID": ["k1", "k2", "k3", "k4", "k6"], "Ethnicity": ["WBRI", "WBRI", "BAFR", "", "WBRI"]}
    )
    ids = pd.DataFrame(
        {
            "LAchildID": ["k4"],
            "UPN": None,
            "PersonBirthDate": pd.NaT,
            "ExpectedPersonBirthDate": D("2016-05-01"),
            "GenderCurrent": "0",
            "PersonDeathDate": pd.NaT,
        }
    )
    got = ethnicity_at(plans_table(cpp), chars, YEAR.end).set_index("code")
    assert got["count"].to_dict() == {"BAFR": 1, "WBRI": 2, NOT_RECORDED: 1}
    assert abs(got.loc["WBRI", "pct"] - 200 / 3) < 1e-9
    rows = figure_rows(
        Dataset(folder=Path("."), child_protection_plans=cpp, child_characteristics=chars, child_identifiers=ids), YEAR
    )
    assert value(rows, "cpp_ethnicity", "2016-03-31", NOT_RECORDED) == 1
    assert value(rows, "cpp_ethnicity_not_recorded", "2016-03-31") == 1
    assert abs(value(rows, "cpp_ethnicity_pct", "2016-03-31", "BAFR") - 100 / 3) < 1e-9
    pct = rows[rows["indicator"] == "cpp_ethnicity_pct"]
    assert abs(pct["value"].sum() - 100) < 1e-9 and NOT_RECORDED not in set(pct["breakdown"])


def test_child_with_no_characteristics_row_is_not_recorded():
    cpp = plans([("k1", "2015-05-01", None, "NEG", None, 0), ("k5", "2015-05-01", None, "NEG", None, 0)])
    chars = pd.DataFrame({"LAchildID": ["k1"], "Ethnicity": ["WIRI"]})
    got = ethnicity_at(plans_table(cpp), chars, YEAR.end).set_index("code")["count"].to_dict()
    assert got == {"WIRI": 1, NOT_RECORDED: 1}


# --- plans lasting 2 years ------------------------------------------------------------------

LONG = plans(
    [
        ("q1", "2013-04-15", None, "NEG", None, 0),  # 2 years on 15 Apr 2015
        ("q2", "2014-05-31", None, "NEG", None, 0),  # 2 years on 31 May 2016: never in 2015-16
        ("q3", "2013-06-30", "2015-06-30", "NEG", None, 0),  # ends after exactly 2 years → long
        ("q4", "2013-07-01", "2015-06-30", "NEG", None, 0),  # ends a day short of 2 years → not long
        ("q5", "2014-03-01", "2015-09-10", "NEG", None, 0),  # ends in Sep, not long
    ]
)


def test_plans_lasting_two_years():
    # Open at the month end (ending on the day is not open) and long (2 years reached by then):
    #   30 Apr, 31 May 2015: q1..q5 open (5), q1 long → 20%
    #   30 Jun – 31 Aug: q1, q2, q5 (3), q1 long → 33.3%
    #   30 Sep – 31 Mar: q1, q2 (2), q1 long → 50%
    # Ended: Jun q3 (long), q4 (not) → 50%; Sep q5 → 0%; year 3 ended, 1 long → 33.3%.
    got = long_plans(plans_table(LONG), YEAR).set_index("period")
    assert got.loc["2015-04", ["active", "active_2yrs"]].tolist() == [5, 1]
    assert got.loc["2015-04", "active_2yrs_pct"] == 20
    assert got.loc["2015-06", ["active", "active_2yrs"]].tolist() == [3, 1]
    assert got.loc["2015-09", "active_2yrs_pct"] == 50
    assert got.loc["2016-03", "active_2yrs_pct"] == 50
    assert got.loc["2015-06", ["ended", "ended_2yrs", "ended_2yrs_pct"]].tolist() == [2, 1, 50]
    assert got.loc["2015-09", ["ended", "ended_2yrs", "ended_2yrs_pct"]].tolist() == [1, 0, 0]
    assert np.isnan(got.loc["2015-05", "ended_2yrs_pct"])
    assert got.loc["2015-16", ["ended", "ended_2yrs"]].tolist() == [3, 1]
    rows = figure_rows(Dataset(folder=Path("."), child_protection_plans=LONG), YEAR)
    assert value(rows, "cpp_2yrs_active_pct", "2015-05") == 20
    assert value(rows, "cpp_2yrs_ended_pct", "2015-06") == 50
    assert abs(value(rows, "cpp_2yrs_ended_pct", "2015-16") - 100 / 3) < 1e-9
    assert rows[(rows["indicator"] == "cpp_2yrs_ended_pct") & (rows["period"] == "2015-05")].empty
    assert rows[(rows["indicator"] == "cpp_2yrs_active_pct") & (rows["period"] == "2015-16")].empty


# --- repeat plans -------------------------------------------------------------------------

REPEATS = plans(
    [
        ("m1", "2012-01-01", "2013-01-01", "NEG", None, 0),
        ("m1", "2015-05-10", None, "NEG", None, 1),  # previous ended 1 Jan 2013: more than 2 years before
        ("m2", "2014-01-01", "2014-06-01", "NEG", None, 0),
        ("m2", "2015-06-01", None, "NEG", None, 1),  # previous ended 1 Jun 2014: within 2 years
        ("m3", "2015-08-15", None, "NEG", None, 1),  # earlier plan not in the data (NumberOfPreviousCPP 1)
        ("m4", "2015-08-20", None, "NEG", None, 0),  # first plan
        ("m6", "2013-01-01", "2013-11-01", "NEG", None, 0),
        ("m6", "2015-11-01", None, "NEG", None, 1),  # exactly 2 years after the previous end → within
        ("m7", "2013-01-01", "2013-10-31", "NEG", None, 0),
        ("m7", "2015-11-01", None, "NEG", None, 1),  # 2 years and a day → not within
        ("m5", "2016-02-01", None, "NEG", None, 0),  # first plan
    ]
)


def test_repeat_plan_flags():
    got = repeat_plans(plans_table(REPEATS))
    got = got[YEAR.contains(got["CPPstartDate"])].set_index("LAchildID")
    assert got["ANY_PREVIOUS"].to_dict() == {
        "m1": True,
        "m2": True,
        "m3": True,
        "m4": False,
        "m5": False,
        "m6": True,
        "m7": True,
    }
    assert got["WITHIN_2_YEARS"].to_dict() == {
        "m1": False,
        "m2": True,
        "m3": False,
        "m4": False,
        "m5": False,
        "m6": True,
        "m7": False,
    }


def test_repeat_plans_cumulative_by_month():
    # Cumulative from 1 April:        started  any  within   any%    within%
    #   Apr                              0      0     0       –        –
    #   May  m1                          1      1     0      100       0
    #   Jun  + m2                        2      2     1      100      50
    #   Aug  + m3, m4                    4      3     1       75      25
    #   Nov  + m6, m7                    6      5     2      83.33   33.33
    #   Feb  + m5                        7      5     2      71.43   28.57
    #   Mar and the year as Feb.
    got = repeat_by_month(plans_table(REPEATS), YEAR).set_index("period")
    assert got.loc["2015-04", "started"] == 0 and np.isnan(got.loc["2015-04", "any_previous_pct"])
    assert got.loc["2015-06", ["started", "any_previous", "within_2_years"]].tolist() == [2, 2, 1]
    assert got.loc["2015-07", ["started", "any_previous_pct", "within_2_years_pct"]].tolist() == [2, 100, 50]
    assert got.loc["2015-08", ["any_previous_pct", "within_2_years_pct"]].tolist() == [75, 25]
    assert abs(got.loc["2015-11", "any_previous_pct"] - 500 / 6) < 1e-9
    assert abs(got.loc["2016-03", "within_2_years_pct"] - 200 / 7) < 1e-9
    assert got.loc["2015-16", ["started", "any_previous", "within_2_years"]].tolist() == [7, 5, 2]
    rows = figure_rows(Dataset(folder=Path("."), child_protection_plans=REPEATS), YEAR)
    assert value(rows, "cpp_started", "2015-16") == 7
    assert value(rows, "cpp_repeat_pct", "2015-08", "any_previous") == 75
    assert abs(value(rows, "cpp_repeat_pct", "2015-16", "within_2_years") - 200 / 7) < 1e-9
    assert rows[(rows["indicator"] == "cpp_repeat_pct") & (rows["period"] == "2015-04")].empty
    # no plan started in 2014-15, so no previous-year repeat figures
    assert "2014-15" not in set(rows["period"])


# --- sources ---------------------------------------------------------------------------


def test_figure_rows_without_sources_is_empty():
    got = figure_rows(Dataset(folder=Path(".")), YEAR)
    assert got.empty and list(got.columns) == FIGURE_COLUMNS


def test_full_census_rows_are_well_formed():
    ds = Dataset(
        folder=Path("."),
        section47=section47([("r1", "2015-05-27", "2015-06-10")]),
        child_protection_plans=RCPC_PLANS,
        cpp_reviews=RCPC_REVIEWS,
        child_characteristics=pd.DataFrame({"LAchildID": ["r1"], "Ethnicity": ["WBRI"]}),
    )
    got = figure_rows(ds, YEAR)
    assert list(got.columns) == FIGURE_COLUMNS
    assert set(got["subject"]) == {"child_protection"}
    assert set(got["indicator"]) <= set(INDICATORS)
    assert got["value"].notna().all()
    assert not got.duplicated(["indicator", "breakdown", "period"]).any()
    assert got["period"].str.match(r"^(\d{4}-\d{2}|\d{4}-\d{2}-\d{2})$").all()


def test_icpcs_from_log_keeps_only_icpcs():
    got = icpcs_from_log(LOG)
    assert len(got) == 6 and set(got["OUTCOME"]) == {"plan", "no_plan", "change_of_category", "child_died"}
