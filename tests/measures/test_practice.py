"""Tests for iru_analysis.measures.practice: the chairs' oversight, worked out by hand.

Working days: Mon-Fri less England's bank holidays, the start day not counted. Around the
dates used: Christmas Day Fri 25/12/2015, Boxing Day (substitute) Mon 28/12/2015, New
Year's Day Fri 01/01/2016, Good Friday 25/03/2016, Easter Monday 28/03/2016.
"""

from __future__ import annotations

import pandas as pd
import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.figures import compute_figures, monthly_figures
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.practice import (
    INDICATORS,
    Timescales,
    contacts_between_reviews,
    feedback_by_period,
    figure_rows,
    iro_allocated_within,
    iro_changed,
    issued_in_time,
    period_table,
    recorded_yes,
    share,
)
from iru_analysis.periods import periods_of_care

from episode_rows import make_episodes

YEAR = ReportingYear.parse("2015-16")
PERIODS = period_table(YEAR)


def dates(*text: str) -> pd.Series:
    return pd.to_datetime(pd.Series(text, dtype="object").replace("", None), format="%d/%m/%Y")


def by_period(frame: pd.DataFrame) -> dict[str, float]:
    """Rows ``breakdown, period, period_type, value`` of one breakdown as {period: value}."""
    return dict(zip(frame["period"], frame["value"].round(2)))


def test_periods_are_the_months_the_year_and_the_year_before():
    assert PERIODS["period"].tolist() == [f"2015-{m:02d}" for m in range(4, 13)] + [
        "2016-01",
        "2016-02",
        "2016-03",
        "2015-16",
        "2014-15",
    ]
    assert PERIODS["period_type"].tolist() == ["month"] * 12 + ["year"] * 2
    # records from 10/02/2016: February, March and the year; the year before ended earlier
    assert period_table(YEAR, pd.Timestamp("2016-02-10"))["period"].tolist() == ["2016-02", "2016-03", "2015-16"]
    # records from 05/01/2015: every month, this year and the previous one
    assert len(period_table(YEAR, pd.Timestamp("2015-01-05"))) == 14
    assert period_table(YEAR, pd.NaT).empty


CHAIRS = pd.DataFrame({"CHAIR_ID": ["a", "b", "i"], "ROLE": ["IRO", "IRO", "ICC"]})


def allocations(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["CHILD", "CHAIR_ID", "START_DATE", "END_DATE"])
    return frame.assign(START_DATE=dates(*frame["START_DATE"]), END_DATE=dates(*frame["END_DATE"]))


# The children of the allocation tests (worked in the first of them).
STARTS = make_episodes(
    [
        ("A", "18/12/2015", "S", "V2", "U1", "", ""),
        ("B", "18/12/2015", "S", "V2", "U1", "", ""),
        ("C", "18/12/2015", "S", "V2", "U1", "", ""),
        ("D", "01/12/2015", "S", "C2", "U1", "", ""),
        ("E", "01/12/2015", "S", "C2", "U1", "", ""),
        ("F", "02/11/2015", "S", "V3", "U1", "", ""),
        ("G", "10/12/2015", "S", "V2", "U1", "15/12/2015", "E13"),
        ("G", "20/12/2015", "S", "V2", "U1", "", ""),
    ]
)
STARTS_ALLOCATIONS = allocations(
    [
        ("A", "a", "29/12/2015", ""),
        ("B", "a", "30/12/2015", ""),
        ("C", "i", "18/12/2015", ""),
        ("C", "b", "04/01/2016", ""),
        ("D", "b", "20/11/2015", ""),
        ("E", "a", "01/06/2015", "30/06/2015"),
        ("F", "a", "02/11/2015", ""),
        ("G", "b", "21/12/2015", ""),
    ]
)


def test_iro_allocated_within_5_working_days_the_start_day_not_counted():
    # A, B, C start Fri 18/12/2015: due on the 5th working day after, Tue 29/12 (21, 22,
    #   23, 24 December, then 25 and 28 are bank holidays, then 29).
    #   A: IRO allocated 29/12 -> within.  B: IRO 30/12 -> not.
    #   C: an ICC on 18/12 is no IRO; IRO on 04/01/2016 -> not.
    # D starts Tue 01/12/2015, IRO allocated 20/11/2015 and still open (a planned admission) -> within.
    # E starts 01/12/2015, its only IRO allocation ended 30/06/2015 -> not.
    # F starts 02/11/2015 on short breaks only (V3) -> not a start counted.
    # G starts 10/12/2015 (due Thu 17/12), leaves 15/12, starts again 20/12: counted once,
    #   for its first start; IRO on 21/12 -> not within.
    # December: 6 children started (A, B, C, D, E, G), 2 within (A, D): 2/6 = 33.33%. The
    # year: the same. November: F only, not counted: 0 within, no percentage.
    started = iro_allocated_within(periods_of_care(STARTS), STARTS_ALLOCATIONS, CHAIRS, PERIODS)
    december = started[started["period"] == "2015-12"].set_index("CHILD")
    assert december["WITHIN"].to_dict() == {"A": True, "B": False, "C": False, "D": True, "E": False, "G": False}
    assert december.loc["A", "DUE"] == pd.Timestamp("2015-12-29")
    assert december.loc["G", "START"] == pd.Timestamp("2015-12-10")
    assert started[started["period"] == "2015-16"]["WITHIN"].sum() == 2
    assert by_period(share(started, "WITHIN", PERIODS)) == {"2015-12": 33.33, "2015-16": 33.33}
    # a 10-working-day standard: due 06/01/2016 for A, B, C (29, 30, 31 Dec, 4, 5, 6 Jan = 5th to
    # 10th), so B (30/12) and C (04/01) are within; G's due 24/12 (11, 14-18, 21-24 Dec): 21/12 within.
    # D within as before, E still not: 5 of 6.
    longer = iro_allocated_within(periods_of_care(STARTS), STARTS_ALLOCATIONS, CHAIRS, PERIODS, working_days=10)
    assert longer.loc[longer["period"] == "2015-12", "WITHIN"].sum() == 5


def test_iro_changed_counts_new_iros_not_iccs_among_children_looked_after_at_the_end():
    # P, Q, R, S looked after from 2014 throughout; T from 2014 until 20/03/2016.
    # P: IRO a, then IRO b from 10/01/2016 -> changed in January.
    # Q: IRO a, then an ICC from 05/02/2016 -> no IRO change.
    # R: IRO a, then a again from 01/03/2016 -> the same IRO: no change.
    # S: first IRO allocation (b) on 15/02/2016 -> no previous IRO: no change.
    # T: IRO a, then b from 12/01/2016 -> changed in January; not looked after at 31/03/2016.
    # January: looked after at 31/01: P, Q, R, S, T; changed: P, T -> 2/5 = 40%.
    # February: 5 looked after at 29/02, no change -> 0%.  March: P, Q, R, S, no change -> 0%.
    # The year: looked after at 31/03/2016: P, Q, R, S; P changed -> 1/4 = 25%.
    # 2014-15: looked after at 31/03/2015: all five; no change in the year -> 0%.
    episodes = make_episodes(
        [(c, "01/06/2014", "S", "C2", "U1", "", "") for c in "PQRS"]
        + [("T", "01/06/2014", "S", "C2", "U1", "20/03/2016", "E11")]
    )
    alloc = allocations(
        [
            ("P", "a", "01/06/2014", "09/01/2016"),
            ("P", "b", "10/01/2016", ""),
            ("Q", "a", "01/06/2014", ""),
            ("Q", "i", "05/02/2016", ""),
            ("R", "a", "01/06/2014", "29/02/2016"),
            ("R", "a", "01/03/2016", ""),
            ("S", "b", "15/02/2016", ""),
            ("T", "a", "01/06/2014", "11/01/2016"),
            ("T", "b", "12/01/2016", ""),
        ]
    )
    changed = iro_changed(episodes, alloc, CHAIRS, PERIODS)
    got = by_period(share(changed, "CHANGED", PERIODS))
    assert {p: got[p] for p in ("2016-01", "2016-02", "2016-03", "2015-16", "2014-15")} == {
        "2016-01": 40.0,
        "2016-02": 0.0,
        "2016-03": 0.0,
        "2015-16": 25.0,
        "2014-15": 0.0,
    }
    assert got["2015-04"] == 0.0 and len(got) == 14


def test_midway_and_seeing_the_child_between_reviews():
    # K: in care from 01/04/2015; reviews 28/04/2015, 20/07/2015, 15/01/2016.
    #   contacts: visit 28/04/2015 (the day of the earlier review: not after it),
    #   midway 01/06/2015, remote 10/10/2015, midway 15/01/2016 (the day of the review: not before it).
    #   28/04: no earlier review, not counted. 20/07: midway yes, saw no. 15/01: midway no, saw yes.
    # L: in care from 01/01/2015; reviews 01/02/2015 (the year before) and 01/05/2015, visit 01/03/2015:
    #   the earlier review may be before the year -> 01/05 counts: midway no, saw yes.
    # M: in care 01/01/2015-28/02/2015, reviewed 20/01/2015, midway 10/02/2015; again from 01/05/2015,
    #   reviewed 25/05/2015: the first review of its period of care -> not counted.
    # July 100% midway, 0% saw; January 0% midway, 100% saw; May 0% midway, 100% saw.
    # The year: 3 reviews; midway 1/3 = 33.33%, saw 2/3 = 66.67%.
    # 2014-15: M's and L's reviews are each the first of their period: no row.
    episodes = make_episodes(
        [
            ("K", "01/04/2015", "S", "C2", "U1", "", ""),
            ("L", "01/01/2015", "S", "C2", "U1", "", ""),
            ("M", "01/01/2015", "S", "V2", "U1", "28/02/2015", "E13"),
            ("M", "01/05/2015", "S", "V2", "U1", "", ""),
        ]
    )
    reviews = pd.DataFrame(
        {
            "CHILD": ["K", "K", "K", "L", "L", "M", "M"],
            "REVIEW": dates(
                "28/04/2015", "20/07/2015", "15/01/2016", "01/02/2015", "01/05/2015", "20/01/2015", "25/05/2015"
            ),
        }
    )
    contacts = pd.DataFrame(
        {
            "CHILD": ["K", "K", "K", "K", "L", "M"],
            "CONTACT_DATE": dates("28/04/2015", "01/06/2015", "10/10/2015", "15/01/2016", "01/03/2015", "10/02/2015"),
            "TYPE": ["visit", "midway", "remote", "midway", "visit", "midway"],
        }
    )
    between = contacts_between_reviews(reviews, periods_of_care(episodes), contacts, PERIODS)
    assert by_period(share(between, "MIDWAY", PERIODS)) == {
        "2015-05": 0.0,
        "2015-07": 100.0,
        "2016-01": 0.0,
        "2015-16": 33.33,
    }
    assert by_period(share(between, "SAW_CHILD", PERIODS)) == {
        "2015-05": 100.0,
        "2015-07": 0.0,
        "2016-01": 100.0,
        "2015-16": 66.67,
    }


# Review records. Due dates (5 / 20 working days after the review, the review day not counted):
# R1, R2 Fri 18/12/2015: 5 -> Tue 29/12/2015; 20 -> Wed 20/01/2016 (Dec 21-24, 29-31 = 7; Jan 4-8 = 12,
#   11-15 = 17, 18, 19, 20 = 20).
# R3 Thu 24/03/2016: 5 -> Mon 04/04/2016 (Good Friday, Easter Monday): after the year's end.
# R4 Tue 01/03/2016: 5 -> Tue 08/03/2016; 20 -> Thu 31/03/2016 (Mar 2-4 = 3, 7-11 = 8, 14-18 = 13,
#   21-24 = 17, then 29, 30, 31 = 20): due on the period's last day.
# R5 Thu 10/03/2016: 5 -> Thu 17/03/2016; 20 -> Mon 11/04/2016 (11 = 1, 14-18 = 6, 21-24 = 10,
#   29-31 = 13, Apr 1 = 14, 4-8 = 19, 11 = 20).
# R6 Mon 29/02/2016: 5 -> Mon 07/03/2016 (after February's end); 20 -> Wed 30/03/2016.
RECORDS = pd.DataFrame(
    {
        "CHILD": ["1", "2", "3", "4", "5", "6"],
        "REVIEW_DATE": dates("18/12/2015", "18/12/2015", "24/03/2016", "01/03/2016", "10/03/2016", "29/02/2016"),
        "CHAIR_ID": "a",
        # R1 on the due day; R2 a day late; R3, R4, R6 blank; R5 a fortnight late, after the year's end
        "RECOMMENDATIONS_ISSUED": dates("29/12/2015", "30/12/2015", "", "", "01/04/2016", ""),
        # R1 on the due day; R2 a day late; R3, R4 blank; R5 after the year's end but in time; R6 in time
        "RECORD_ISSUED": dates("20/01/2016", "21/01/2016", "", "", "05/04/2016", "10/03/2016"),
        "ADVOCATE": ["yes", "no", None, "yes", "no", "yes"],
    }
)


def test_recommendations_in_time_and_the_blank_issue_dates():
    # December: R1 in time, R2 late -> 50%.
    # February: R6 blank, due 07/03 after 29/02 -> left out: no figure.
    # March: R3 blank, due 04/04 after 31/03 -> left out; R4 blank, due 08/03 -> not in time;
    #   R5 issued 01/04 after the period's end, late -> not in time: 0/2 = 0%.
    # The year: R1 in; R2, R4, R5, R6 (due 07/03, before 31/03) not -> 1/5 = 20%.
    counted = issued_in_time(RECORDS, "RECOMMENDATIONS_ISSUED", PERIODS, 5)
    assert counted.loc[counted["period"] == "2015-16", "CHILD"].tolist() == ["1", "2", "4", "5", "6"]
    assert by_period(share(counted, "IN_TIME", PERIODS)) == {"2015-12": 50.0, "2016-03": 0.0, "2015-16": 20.0}


def test_record_in_time_an_issue_date_after_the_period_counts_like_any_other():
    # December: 50% as above. February: R6 issued 10/03 (due 30/03) -> in time: 100%.
    # March: R3 left out (due 21/04); R4 blank, due 31/03 = the period's end -> not in time;
    #   R5 issued 05/04, after the period, due 11/04 -> in time: 1/2 = 50%.
    # The year: R1, R5, R6 in time; R2, R4 not -> 3/5 = 60%.
    counted = issued_in_time(RECORDS, "RECORD_ISSUED", PERIODS, 20)
    assert by_period(share(counted, "IN_TIME", PERIODS)) == {
        "2015-12": 50.0,
        "2016-02": 100.0,
        "2016-03": 50.0,
        "2015-16": 60.0,
    }


def test_advocates_over_the_reviews_with_advocate_recorded():
    # December: R1 yes, R2 no -> 50%. February: R6 yes -> 100%. March: R3 not recorded (left out),
    # R4 yes, R5 no -> 50%. The year: yes R1, R4, R6 of 5 recorded -> 60%.
    advocate = recorded_yes(RECORDS, "REVIEW_DATE", "ADVOCATE", PERIODS)
    assert by_period(share(advocate, "YES", PERIODS)) == {
        "2015-12": 50.0,
        "2016-02": 100.0,
        "2016-03": 50.0,
        "2015-16": 60.0,
    }


def test_feedback_forms_and_mean_scores_by_meeting_type_and_respondent():
    # May 2015: two lac_review forms from children, scores 5 and 3 -> 2 forms, mean 4.
    # June 2015: one cp_conference form from a parent, score 2. The first form is in May:
    # no April figure. The year: lac_review/child 2 forms (mean 4), cp_conference/parent 1 (mean 2).
    feedback = pd.DataFrame(
        {
            "FEEDBACK_ID": ["B1", "B2", "B3"],
            "MEETING_TYPE": ["lac_review", "lac_review", "cp_conference"],
            "MEETING_DATE": dates("05/05/2015", "20/05/2015", "10/06/2015"),
            "RESPONDENT": ["child", "child", "parent"],
            "SCORE": [5.0, 3.0, 2.0],
        }
    )
    forms, mean = feedback_by_period(feedback, period_table(YEAR, feedback["MEETING_DATE"].min()))
    assert len(forms) == 12 * 8  # May to March and the year, 2 meeting types x 4 respondents, zeros included
    assert "2015-04" not in set(forms["period"])
    child = forms[forms["breakdown"] == "lac_review/child"]
    assert by_period(child)["2015-05"] == 2 and by_period(child)["2015-06"] == 0 and by_period(child)["2015-16"] == 2
    assert mean.to_dict("records") == [
        {"breakdown": "lac_review/child", "period": "2015-05", "period_type": "month", "value": 4.0},
        {"breakdown": "cp_conference/parent", "period": "2015-06", "period_type": "month", "value": 2.0},
        {"breakdown": "cp_conference/parent", "period": "2015-16", "period_type": "year", "value": 2.0},
        {"breakdown": "lac_review/child", "period": "2015-16", "period_type": "year", "value": 4.0},
    ]


def test_conferences_quorate_over_those_recorded():
    # May: yes, no, not recorded -> 1/2 = 50%. June: yes -> 100%. The year: 2/3 = 66.67%.
    conferences = pd.DataFrame(
        {
            "MEETING_DATE": dates("05/05/2015", "10/05/2015", "20/05/2015", "01/06/2015"),
            "QUORATE": ["yes", "no", None, "yes"],
        }
    )
    quorate = recorded_yes(conferences, "MEETING_DATE", "QUORATE", PERIODS)
    assert by_period(share(quorate, "YES", PERIODS)) == {"2015-05": 50.0, "2015-06": 100.0, "2015-16": 66.67}


def test_figure_rows_need_their_sources():
    assert figure_rows(Dataset(folder="."), YEAR).empty
    # conferences without QUORATE recorded give no quorate figure
    no_quorum = pd.DataFrame({"MEETING_DATE": dates("05/05/2015"), "QUORATE": [None]})
    assert figure_rows(Dataset(folder=".", conferences=no_quorum), YEAR).empty
    found = figure_rows(Dataset(folder=".", review_records=RECORDS), YEAR)
    assert list(found.columns) == FIGURE_COLUMNS
    assert set(found["indicator"]) == {"recommendations_in_time_pct", "record_in_time_pct", "review_advocate_pct"}
    year = found[found["period"] == "2015-16"].set_index("indicator")["value"].round(2).to_dict()
    assert year == {"recommendations_in_time_pct": 20.0, "record_in_time_pct": 60.0, "review_advocate_pct": 60.0}
    assert set(found.loc[found["period_type"] == "year", "period"]) == {"2015-16"}  # no 2014-15 record


def test_figure_rows_follow_the_units_timescales():
    # The children of the allocation tests and RECORDS, with the defaults (5, 5, 20) and with an
    # IRO allocated within 10 working days, recommendations within 10 and the record within 15.
    # - allocation (worked in the first test): 2 of the 6 December starts within 5 (33.33%), 5 within 10
    #   (83.33%); the indicator keeps its name.
    # - recommendations, 10 working days: R1, R2 (Fri 18/12/2015) due Wed 06/01/2016 (21-24 Dec = 4,
    #   29-31 = 7, then 1 Jan is a bank holiday: 4, 5, 6 Jan = 10): R1 (29/12) and R2 (30/12) in time.
    #   R4 (Tue 01/03/2016) due Tue 15/03, blank -> not. R5 (Thu 10/03) due Thu 24/03, issued 01/04 -> late.
    #   R6 (Mon 29/02) due Mon 14/03: blank, not in February (due after its end), not in time in the year.
    #   R3 (Thu 24/03) due in April, blank -> left out. December 2/2 = 100%, March 0/2 (R4, R5), the
    #   year 2/5 = 40% (20% with 5 days).
    # - record, 15 working days: R1, R2 due Wed 13/01/2016 (06/01 = 10, 7, 8, 11, 12, 13 Jan = 15): R1
    #   (20/01) and R2 (21/01) late. R4 due Tue 22/03, blank -> not. R5 due Mon 04/04 (24/03 = 10, then
    #   Good Friday and Easter Monday: 29, 30, 31 Mar, 1, 4 Apr = 15), issued 05/04 -> late. R6 due
    #   Mon 21/03, issued 10/03 -> in time. December 0%, February 1/1 = 100%, March 0/2, the year
    #   1/5 = 20% (60% with 20 days).
    # - advocates do not depend on a timescale: 60% either way.
    ds = Dataset(folder=".", episodes=STARTS, allocations=STARTS_ALLOCATIONS, chairs=CHAIRS, review_records=RECORDS)

    def values(timescales: Timescales | None = None) -> dict[tuple[str, str], float]:
        found = figure_rows(ds, YEAR, **({"timescales": timescales} if timescales else {}))
        found = found.loc[found["period"].isin(["2015-12", "2016-02", "2016-03", "2015-16"])]
        return {(i, p): round(v, 2) for i, p, v in zip(found["indicator"], found["period"], found["value"])}

    default, longer = values(), values(Timescales(10, 10, 15))
    assert values(Timescales()) == default
    shown = ["iro_allocated_within_5wd", "iro_allocated_within_5wd_pct", "recommendations_in_time_pct"]
    shown += ["record_in_time_pct", "review_advocate_pct"]
    assert [default[(i, "2015-16")] for i in shown] == [2.0, 33.33, 20.0, 60.0, 60.0]
    assert [longer[(i, "2015-16")] for i in shown] == [5.0, 83.33, 40.0, 20.0, 60.0]
    assert [longer.get(("recommendations_in_time_pct", p)) for p in ["2015-12", "2016-02", "2016-03"]] == [
        100.0,
        None,
        0.0,
    ]
    assert [longer[("record_in_time_pct", p)] for p in ["2015-12", "2016-02", "2016-03"]] == [0.0, 100.0, 0.0]


def test_compute_figures_and_monthly_figures_pass_the_timescales_to_the_practice_subject():
    # RECORDS alone, recommendations within 10 and the record within 15 working days (worked above):
    # the year 40% and 20%; December 100% and 0% (50% and 50% with the defaults).
    ds = Dataset(folder=".", review_records=RECORDS)
    timescales = Timescales(recommendations_working_days=10, record_working_days=15)
    year = compute_figures(ds, YEAR, timescales=timescales).set_index(["indicator", "period"])["value"]
    assert (year["recommendations_in_time_pct", "2015-16"], year["record_in_time_pct", "2015-16"]) == (40.0, 20.0)
    for given, expected in ((Timescales(), [50.0, 50.0]), (timescales, [100.0, 0.0])):
        months = monthly_figures(ds, pd.Period("2016-03", "M"), timescales=given)
        december = months.loc[months["period"] == "2015-12"].set_index("indicator")["value"]
        assert [december["recommendations_in_time_pct"], december["record_in_time_pct"]] == expected


@pytest.mark.parametrize("indicator", sorted(INDICATORS))
def test_every_indicator_has_a_one_sentence_definition(indicator):
    text = INDICATORS[indicator]
    assert text.endswith(".") and text.count(". ") == 0
