"""Tests for iru_analysis.measures.escalations, worked out by hand.

Escalations (bank holidays: 25 and 28 December 2015, 1 January 2016):
  X1 raised 15/03/2015 (the year before), no step, resolved 10/04/2015.
  X2 raised Fri 18/12/2015, care_planning; informal 18/12, stage1 05/01/2016, stage2 10/02/2016;
     resolved 15/02/2016: 38 working days (Dec 21-24, 29-31 = 7; January 4-29 = 27; Feb 1-12 = 37; 15 = 38).
  X3 raised Mon 07/12/2015, drift; informal 07/12; withdrawn 09/12/2015: 2 working days.
  X4 raised Tue 01/03/2016, placement; stage1 01/03, cafcass 20/03/2016; referred to Cafcass
     Sun 20/03/2016: 13 working days (Mar 2-4, 7-11, 14-18).
  X5 raised 10/03/2016, health; no step; open.
"""

from __future__ import annotations

import pandas as pd

from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.measures.escalations import INDICATORS, escalations_by_period, figure_rows

YEAR = ReportingYear.parse("2015-16")


def dates(*text: str) -> pd.Series:
    return pd.to_datetime(pd.Series(text, dtype="object").replace("", None), format="%d/%m/%Y")


ESCALATIONS = pd.DataFrame(
    {
        "ESCALATION_ID": ["X1", "X2", "X3", "X4", "X5"],
        "CHILD": ["1", "2", "3", "4", "5"],
        "CHAIR_ID": "a",
        "RAISED_DATE": dates("15/03/2015", "18/12/2015", "07/12/2015", "01/03/2016", "10/03/2016"),
        "THEME": ["other", "care_planning", "drift", "placement", "health"],
        "RESOLVED_DATE": dates("10/04/2015", "15/02/2016", "09/12/2015", "20/03/2016", ""),
        "OUTCOME": ["resolved", "resolved", "withdrawn", "referred_cafcass", None],
    }
)
STEPS = pd.DataFrame(
    {
        "ESCALATION_ID": ["X2", "X2", "X2", "X3", "X4", "X4"],
        "STAGE": ["informal", "stage1", "stage2", "informal", "stage1", "cafcass"],
        "STEP_DATE": dates("18/12/2015", "05/01/2016", "10/02/2016", "07/12/2015", "01/03/2016", "20/03/2016"),
    }
)


def figures(steps: pd.DataFrame | None = STEPS) -> pd.DataFrame:
    return figure_rows(Dataset(folder=".", escalations=ESCALATIONS, escalation_steps=steps), YEAR)


def values(table: pd.DataFrame, indicator: str, breakdown: str = "") -> dict[str, float]:
    rows = table[(table["indicator"] == indicator) & (table["breakdown"] == breakdown)]
    return dict(zip(rows["period"], rows["value"].round(2)))


def test_the_highest_stage_is_read_at_each_period_end():
    # X2 in December: only its informal step by 31/12; in the year: stage2 by 31/03/2016.
    from iru_analysis.measures.practice import period_table

    raised = escalations_by_period(ESCALATIONS, STEPS, period_table(YEAR))
    stage = raised.set_index(["period", "ESCALATION_ID"])["STAGE"].to_dict()
    assert stage[("2015-12", "X2")] == "informal"
    assert stage[("2015-16", "X2")] == "stage2"
    assert stage[("2016-03", "X5")] == "not_recorded"
    assert stage[("2014-15", "X1")] == "not_recorded"


def test_escalations_raised_by_highest_stage():
    # December: X2 (informal by 31/12), X3 (informal). March: X4 cafcass, X5 none recorded.
    # The year: X2 stage2, X3 informal, X4 cafcass, X5 not recorded; X1 was raised the year before.
    # April 2015: X1 was resolved then, but raised earlier: 0 raised.
    table = figures()
    informal = values(table, "escalations_raised", "informal")
    assert informal["2015-12"] == 2.0 and informal["2015-16"] == 1.0
    assert sum(informal.values()) == 3.0  # no other month or year: 2 in December + 1 in the year
    year = {b: values(table, "escalations_raised", b)["2015-16"] for b in ("informal", "stage1", "stage2", "stage3")}
    assert year == {"informal": 1.0, "stage1": 0.0, "stage2": 1.0, "stage3": 0.0}
    assert values(table, "escalations_raised", "cafcass")["2016-03"] == 1.0
    assert values(table, "escalations_raised", "not_recorded")["2016-03"] == 1.0
    assert values(table, "escalations_raised", "not_recorded")["2014-15"] == 1.0  # X1
    april = table[(table["indicator"] == "escalations_raised") & (table["period"] == "2015-04")]
    assert april["value"].sum() == 0


def test_escalations_by_theme():
    table = figures()
    assert values(table, "escalations_by_theme", "care_planning")["2015-12"] == 1.0
    assert values(table, "escalations_by_theme", "drift")["2015-12"] == 1.0
    year = table[(table["indicator"] == "escalations_by_theme") & (table["period"] == "2015-16")]
    # 4 raised in the year over 8 themes: care_planning, drift, placement, health 1 each
    assert dict(zip(year["breakdown"], year["value"])) == {
        "care_planning": 1.0,
        "placement": 1.0,
        "contact": 0.0,
        "education": 0.0,
        "health": 1.0,
        "permanence": 0.0,
        "drift": 1.0,
        "other": 0.0,
    }


def test_resolved_informally_and_days_to_resolve_over_those_raised_and_resolved():
    # December: X3 resolved 09/12 (informal) -> 100%, median 2; X2 not resolved by 31/12.
    # February: nothing raised (X2, resolved then, was raised in December) -> no figure.
    # March: X4 (cafcass) resolved -> 0%, median 13; X5 open.
    # The year: X2 (stage2, 38 days), X3 (informal, 2), X4 (cafcass, 13) -> 1/3 = 33.33%, median 13.
    # 2014-15: X1 not resolved by 31/03/2015 -> no figure.
    table = figures()
    assert values(table, "escalations_resolved_informally_pct") == {"2015-12": 100.0, "2016-03": 0.0, "2015-16": 33.33}
    assert values(table, "escalation_days_to_resolve_median") == {"2015-12": 2.0, "2016-03": 13.0, "2015-16": 13.0}


def test_open_at_the_end_of_each_period():
    # 31/03/2015: X1. 30/04/2015: none (X1 resolved 10/04). 31/12/2015: X2 (X3 resolved 09/12).
    # 31/01/2016: X2. 29/02/2016: none (X2 resolved 15/02). 31/03/2016: X5 (X4 resolved 20/03).
    open_ = values(figures(), "escalations_open_at_end")
    assert open_["2014-15"] == 1.0
    assert [open_[p] for p in ("2015-04", "2015-12", "2016-01", "2016-02", "2016-03", "2015-16")] == [
        0.0,
        1.0,
        1.0,
        0.0,
        1.0,
        1.0,
    ]


def test_cafcass_referrals_in_the_period_of_their_step():
    cafcass = values(figures(), "cafcass_referrals")
    assert cafcass["2016-03"] == 1.0 and cafcass["2015-16"] == 1.0 and cafcass["2016-02"] == 0.0


def test_without_steps_stages_are_not_recorded_and_the_stage_figures_absent():
    table = figures(steps=None)
    assert "escalations_resolved_informally_pct" not in set(table["indicator"])
    assert "cafcass_referrals" not in set(table["indicator"])
    assert values(table, "escalations_raised", "not_recorded")["2015-16"] == 4.0
    assert values(table, "escalation_days_to_resolve_median")["2015-16"] == 13.0


def test_months_before_the_first_escalation_have_no_row():
    # only X2 onwards: the first raised in December 2015 -> December to March and the year
    later = ESCALATIONS[ESCALATIONS["ESCALATION_ID"].isin(["X2", "X4", "X5"])]
    table = figure_rows(Dataset(folder=".", escalations=later, escalation_steps=STEPS), YEAR)
    assert sorted(set(table["period"])) == ["2015-12", "2015-16", "2016-01", "2016-02", "2016-03"]
    assert figure_rows(Dataset(folder="."), YEAR).empty


def test_every_indicator_is_given_and_defined_in_one_sentence():
    assert set(figures()["indicator"]) == set(INDICATORS)
    assert all(text.endswith(".") and ". " not in text for text in INDICATORS.values())


def test_escalations_progressed_count_each_first_step_to_a_formal_stage_in_its_period():
    # Raised at any time: X1 (raised in 2014-15) reaches stage1 on 02/04/2015 -> April.
    # X2: stage1 05/01/2016 -> January; stage2 10/02/2016 -> February; a second stage1 step
    #     12/02/2016 is not a new progression (its first was in January): February stage1 0.
    # X4: stage1 01/03/2016 and cafcass 20/03/2016 -> March. Informal steps are not counted;
    # a step of an escalation not in escalations.csv (X9) is left out.
    # The year: stage1 3 (X1, X2, X4), stage2 1, stage3 0, cafcass 1 -- the months' sum.
    extra = pd.DataFrame(
        {
            "ESCALATION_ID": ["X1", "X2", "X9"],
            "STAGE": ["stage1", "stage1", "stage1"],
            "STEP_DATE": dates("02/04/2015", "12/02/2016", "15/03/2016"),
        }
    )
    table = figures(pd.concat([STEPS, extra], ignore_index=True))
    stage1 = values(table, "escalations_progressed", "stage1")
    assert (stage1["2015-04"], stage1["2016-01"], stage1["2016-02"], stage1["2016-03"]) == (1.0, 1.0, 0.0, 1.0)
    assert stage1["2015-12"] == 0.0 and stage1["2014-15"] == 0.0
    year = table[(table["indicator"] == "escalations_progressed") & (table["period"] == "2015-16")]
    assert dict(zip(year["breakdown"], year["value"])) == {"stage1": 3.0, "stage2": 1.0, "stage3": 0.0, "cafcass": 1.0}
    assert values(table, "escalations_progressed", "stage2")["2016-02"] == 1.0
    assert values(table, "escalations_progressed", "cafcass")["2016-03"] == 1.0
    months = table[(table["indicator"] == "escalations_progressed") & (table["period_type"] == "month")]
    assert months["value"].sum() == year["value"].sum() == 5.0


def test_escalations_resolved_by_outcome_in_the_period_of_resolution():
    # X1 raised 15/03/2015, resolved 10/04/2015 -> April and 2015-16 (not 2014-15).
    # X3 withdrawn 09/12/2015 -> December. X2 resolved 15/02/2016 -> February.
    # X4 referred to Cafcass 20/03/2016 -> March. X5 open: nowhere.
    table = figures()
    resolved = values(table, "escalations_resolved", "resolved")
    assert (resolved["2015-04"], resolved["2016-02"], resolved["2014-15"], resolved["2015-16"]) == (1.0, 1.0, 0.0, 2.0)
    assert values(table, "escalations_resolved", "withdrawn")["2015-12"] == 1.0
    assert values(table, "escalations_resolved", "referred_cafcass")["2016-03"] == 1.0
    year = table[(table["indicator"] == "escalations_resolved") & (table["period"] == "2015-16")]
    assert dict(zip(year["breakdown"], year["value"])) == {"resolved": 2.0, "withdrawn": 1.0, "referred_cafcass": 1.0}
    march = table[(table["indicator"] == "escalations_resolved") & (table["period"] == "2016-03")]
    assert march["value"].sum() == 1.0


def test_without_steps_no_progression_but_resolutions():
    table = figures(steps=None)
    assert "escalations_progressed" not in set(table["indicator"])
    assert values(table, "escalations_resolved", "withdrawn")["2015-16"] == 1.0


def test_the_new_indicators_are_defined_in_one_sentence():
    for name in ("escalations_progressed", "escalations_resolved"):
        assert INDICATORS[name].count(". ") == 0 and INDICATORS[name].endswith(".")
