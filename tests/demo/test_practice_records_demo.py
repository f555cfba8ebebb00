"""The demo's practice records (iru_analysis.demo.practice): the helpers by hand, the rules
on the committed folder, and the committed files as ``add_practice_records`` writes them."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from iru_analysis.demo import DEFAULT_SEED
from iru_analysis.demo.practice import (
    EXTRACT,
    FEEDBACK_START,
    add_practice_records,
    after_working_days,
    contacts,
    escalation_steps,
    exact_shares,
    ramp,
    review_intervals,
)
from iru_analysis.load import load_dataset
from iru_analysis.measures.practice import iro_allocations
from iru_analysis.paths import DEMO_DATA

PRACTICE_FILES = ("contacts", "review_records", "escalations", "escalation_steps", "feedback", "conferences")
STAGES = ["informal", "stage1", "stage2", "stage3", "cafcass"]


def _dates(*text: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(text)))


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DEMO_DATA)


# --- the helpers, by hand ---------------------------------------------------------------------


def test_ramp_is_linear_between_the_dates_and_flat_outside():
    # 1 to 21 January: 0.2 to 0.4; the 11th is half way (0.3); before and after, the end values
    got = ramp(_dates("2014-06-01", "2015-01-11", "2016-01-01"), {"2015-01-01": 0.2, "2015-01-21": 0.4})
    assert got.round(2).tolist() == [0.2, 0.3, 0.4]


def test_working_days_after_skip_weekends_and_bank_holidays():
    # Friday 18 December 2015: 1 -> Monday 21; 5 -> 21, 22, 23, 24, (Christmas 25, Boxing Day
    # substitute 28) 29 December. Saturday 19 December, 1 -> Monday 21 (never before the date).
    got = after_working_days(_dates("2015-12-18", "2015-12-18", "2015-12-19"), np.array([1, 5, 1]))
    assert got.dt.strftime("%d/%m").tolist() == ["21/12", "29/12", "21/12"]


def test_exact_shares_round_down_and_give_the_rest_to_the_first():
    # 21 x (0.55, 0.25, 0.10, 0.05, 0.05) = 11.55, 5.25, 2.1, 1.05, 1.05 -> 11, 5, 2, 1, 1 (20); +1 informal
    got = exact_shares(np.random.default_rng(1), 21, dict(zip(STAGES, [0.55, 0.25, 0.10, 0.05, 0.05])))
    assert [int((got == s).sum()) for s in STAGES] == [12, 5, 2, 1, 1]


def test_review_intervals_are_within_one_period_of_care():
    # A: one period from 1 January 2015, reviews 10 February (Tue) and 5 May (Tue): one interval,
    # 57 working days (11-27 February 13, March 22, April 22 less Good Friday and Easter Monday 20,
    # 1-5 May less the bank holiday on the 4th 2). B: reviews in two periods of care: no interval.
    care = pd.DataFrame(
        {
            "CHILD": ["A", "B", "B"],
            "PERIOD": [1, 1, 2],
            "START": pd.to_datetime(["2015-01-01", "2015-01-01", "2015-06-01"]),
            "END": pd.to_datetime([None, "2015-04-30", None]),
            "SHORT_BREAKS_ONLY": False,
        }
    )
    reviews = pd.DataFrame(
        {"CHILD": ["A", "A", "B", "B"], "REVIEW": _dates("2015-02-10", "2015-05-05", "2015-02-01", "2015-07-01")}
    )
    got = review_intervals(reviews, care)
    assert got[["CHILD", "DAYS"]].values.tolist() == [["A", 57]]
    assert got["EARLIER"].tolist() == [pd.Timestamp("2015-02-10")]


def test_contacts_fall_strictly_between_the_reviews_by_the_iro_of_the_day():
    # One interval of 3 working days (Mon 2 to Thu 5 March 2015): contacts only on Tue 3 or
    # Wed 4; IRO a until 3 March, b from 4 March. An interval of 1 working day gets none.
    intervals = pd.DataFrame(
        {
            "CHILD": ["A", "C"],
            "EARLIER": _dates("2015-03-02", "2015-03-02"),
            "REVIEW": _dates("2015-03-05", "2015-03-03"),
            "DAYS": [3, 1],
        }
    )
    iro = pd.DataFrame(
        {
            "CHILD": ["A", "A"],
            "CHAIR_ID": ["a", "b"],
            "START_DATE": _dates("2015-01-01", "2015-03-04"),
            "END_DATE": _dates("2015-03-03", None),
        }
    )
    made = pd.concat([contacts(np.random.default_rng(k), intervals, iro) for k in range(20)])
    assert set(made["CHILD"]) == {"A"}
    assert set(made["CONTACT_DATE"]) <= {pd.Timestamp("2015-03-03"), pd.Timestamp("2015-03-04")}
    expected = made["CONTACT_DATE"].map({pd.Timestamp("2015-03-03"): "a", pd.Timestamp("2015-03-04"): "b"})
    assert (made["CHAIR_ID"] == expected).all() and len(made) > 0


def test_escalation_steps_climb_in_order_and_a_cafcass_referral_resolves_it():
    # 20 escalations raised on Monday 4 January 2016: 11 informal, 5 stage1, 2 stage2, 1 stage3
    # and 1 cafcass as highest (exact shares): 11 + 10 + 6 + 4 + 5 = 36 steps.
    raised = pd.DataFrame(
        {
            "ESCALATION_ID": [f"E{i:02d}" for i in range(20)],
            "CHILD": "A",
            "CHAIR_ID": "a",
            "RAISED_DATE": pd.Timestamp("2016-01-04"),
            "THEME": "drift",
        }
    )
    escalations, steps = escalation_steps(np.random.default_rng(5), raised)
    assert len(steps) == 36
    first = steps.groupby("ESCALATION_ID").first()
    assert (first["STAGE"] == "informal").all() and (first["STEP_DATE"] == pd.Timestamp("2016-01-04")).all()
    rank = steps["STAGE"].map(STAGES.index)
    assert (rank == steps.groupby("ESCALATION_ID").cumcount()).all()  # informal, stage1, ... with no gap
    assert (steps.groupby("ESCALATION_ID")["STEP_DATE"].diff().dropna() > pd.Timedelta(0)).all()
    cafcass = steps.loc[steps["STAGE"] == "cafcass"].merge(escalations, on="ESCALATION_ID")
    referred = escalations["OUTCOME"] == "referred_cafcass"
    assert referred.sum() == 1 and (cafcass["STEP_DATE"] == cafcass["RESOLVED_DATE"]).all()
    assert (cafcass["OUTCOME"] == "referred_cafcass").all()


# --- the committed folder: the rules hold -------------------------------------------------------


def test_every_contact_falls_between_two_reviews_of_the_child(ds):
    intervals = review_intervals(ds.reviews, ds.periods_of_care())
    both = ds.contacts.merge(intervals, on="CHILD")
    inside = (both["CONTACT_DATE"] > both["EARLIER"]) & (both["CONTACT_DATE"] < both["REVIEW"])
    assert inside.groupby(both["CONTACT_ID"]).any().reindex(ds.contacts["CONTACT_ID"], fill_value=False).all()
    assert set(ds.contacts["TYPE"]) == {"visit", "remote", "midway"}
    assert (ds.contacts["CONTACT_DATE"].dt.day_of_week < 5).all()


def _allocated(iro: pd.DataFrame, records: pd.DataFrame, date: str) -> pd.Series:
    m = records.reset_index().merge(iro, on="CHILD", suffixes=("", "_IRO"))
    on = (m["START_DATE"] <= m[date]) & (m["END_DATE"].isna() | (m[date] <= m["END_DATE"]))
    m = m.loc[on & (m["CHAIR_ID"] == m["CHAIR_ID_IRO"])]
    return records.index.isin(m["index"])


def test_contacts_and_review_records_are_by_the_iro_allocated_on_the_day(ds):
    iro = iro_allocations(ds.allocations, ds.chairs)
    assert _allocated(iro, ds.contacts, "CONTACT_DATE").all()
    assert _allocated(iro, ds.review_records, "REVIEW_DATE").all()


def test_one_review_record_per_review_issued_after_it(ds):
    records, reviews = ds.review_records, ds.reviews
    assert sorted(zip(records["CHILD"], records["REVIEW_DATE"])) == sorted(zip(reviews["CHILD"], reviews["REVIEW"]))
    assert not (records["RECOMMENDATIONS_ISSUED"] <= records["REVIEW_DATE"]).any()
    issued = records.dropna(subset=["RECORD_ISSUED"])
    assert (issued["RECORD_ISSUED"] >= issued["RECOMMENDATIONS_ISSUED"]).all()
    assert records["RECORD_ISSUED"].max() <= EXTRACT
    # a few reviews held in the 2015-16 year still have no record at 30 June 2016
    blank = records.loc[records["RECORD_ISSUED"].isna(), "REVIEW_DATE"]
    assert blank.between("2015-04-01", "2016-03-31").sum() > 0
    assert set(records["ADVOCATE"]) == {"yes", "no"}


def test_every_escalation_follows_a_red_form_of_the_child_by_its_chair(ds):
    red = ds.rag_forms.loc[ds.rag_forms["RATING"] == "red"]
    both = ds.escalations.merge(red, on=["CHILD", "CHAIR_ID"])
    after = both["RAISED_DATE"] >= both["MEETING_DATE"]
    followed = after.groupby(both["ESCALATION_ID"]).any()
    assert followed.reindex(ds.escalations["ESCALATION_ID"], fill_value=False).all()
    assert ds.escalations["RAISED_DATE"].min() >= pd.Timestamp("2015-11-01")


def test_escalation_steps_begin_informal_when_raised_and_climb_in_order(ds):
    steps = ds.escalation_steps.merge(ds.escalations, on="ESCALATION_ID")
    first = steps.groupby("ESCALATION_ID").first()
    assert (first["STAGE"] == "informal").all() and (first["STEP_DATE"] == first["RAISED_DATE"]).all()
    assert set(first.index) == set(ds.escalations["ESCALATION_ID"])
    ordered = steps.sort_values(["ESCALATION_ID", "STEP_DATE"], kind="stable")
    assert (ordered["STAGE"].map(STAGES.index) == ordered.groupby("ESCALATION_ID").cumcount()).all()
    open_ = ds.escalations["RESOLVED_DATE"].isna()
    assert open_.sum() > 0 and (~open_).sum() > 0 and ds.escalations.loc[open_, "OUTCOME"].isna().all()
    assert (ds.escalations["OUTCOME"] == "referred_cafcass").sum() > 0


def test_feedback_only_from_april_2016_and_quorate_recorded_for_every_conference(ds):
    assert ds.feedback["MEETING_DATE"].min() >= FEEDBACK_START
    assert ds.feedback["MEETING_DATE"].max() <= EXTRACT
    assert set(ds.feedback["MEETING_TYPE"]) == {"lac_review", "cp_conference"}
    assert ds.conferences["QUORATE"].isin(["yes", "no"]).all()


def test_committed_practice_files_are_what_add_practice_records_writes(tmp_path):
    # the slow generator is not rerun: the practice records from the committed 903 and iru files
    for source in ("ssda903", "iru"):
        shutil.copytree(DEMO_DATA / source, tmp_path / source)
    add_practice_records(tmp_path, DEFAULT_SEED)
    for name in PRACTICE_FILES:
        assert (tmp_path / "iru" / f"{name}.csv").read_bytes() == (DEMO_DATA / "iru" / f"{name}.csv").read_bytes(), name
