"""Tests for iru_analysis.measures.dispute_resolution (RAG ratings and ticked items)."""

from __future__ import annotations

import pandas as pd
import pytest

from iru_analysis import codes
from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.dispute_resolution import (
    INDICATORS,
    figure_rows,
    rag_items_by_month,
    rag_months,
    rag_ratings_by_month,
)

YEAR = ReportingYear.parse("2015-16")

# Eight forms. The first on record is f1 (20 Nov 2015): the process starts in November 2015,
# so 2015-16 has months Nov, Dec, Jan, Feb, Mar. No form in Dec, Jan or Feb.
#   f1 cp_conference 2015-11-20 red
#   f2 cp_conference 2015-11-25 green
#   f3 lac_review    2015-11-30 amber
#   f4 cp_conference 2016-03-01 red
#   f5 cp_conference 2016-03-15 red
#   f6 cp_conference 2016-03-31 green   (last day of the year: in it)
#   f7 lac_review    2016-03-10 green
#   f8 cp_conference 2016-04-01 red     (2016-17: not in 2015-16)
FORMS = pd.DataFrame(
    {
        "FORM_ID": ["f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8"],
        "MEETING_TYPE": [
            "cp_conference",
            "cp_conference",
            "lac_review",
            "cp_conference",
            "cp_conference",
            "cp_conference",
            "lac_review",
            "cp_conference",
        ],
        "CHILD": ["c1", "c2", "c3", "c1", "c4", "c5", "c6", "c2"],
        "MEETING_DATE": pd.to_datetime(
            [
                "2015-11-20",
                "2015-11-25",
                "2015-11-30",
                "2016-03-01",
                "2016-03-15",
                "2016-03-31",
                "2016-03-10",
                "2016-04-01",
            ]
        ),
        "RATING": ["red", "green", "amber", "red", "red", "green", "green", "red"],
        "CHAIR_ID": ["x"] * 8,
    }
)

# Ticks. Items are ticked whatever the form's rating:
#   f1 (red):   cp_assessment_delay, cp_no_report
#   f2 (green): cp_key_people, cp_assessment_delay   <- a "red" item on a green form
#   f4 (red):   cp_assessment_delay (ticked twice: counts once), cp_key_people <- green item, red form
#   f5 (red):   cp_assessment_delay
#   f6 (green): cp_key_people, cp_plan_timely
#   f7 (green): lac_plan_timely, lac_visits_late, cp_other (a CP item on a LAC form: not counted)
#   f8 (red):   cp_assessment_delay (April 2016: not in 2015-16)
#   f99:        cp_no_report (no such form: not counted)
ITEMS = pd.DataFrame(
    {
        "FORM_ID": ["f1", "f1", "f2", "f2", "f4", "f4", "f4", "f5", "f6", "f6", "f7", "f7", "f7", "f8", "f99"],
        "ITEM": [
            "cp_assessment_delay",
            "cp_no_report",
            "cp_key_people",
            "cp_assessment_delay",
            "cp_assessment_delay",
            "cp_assessment_delay",
            "cp_key_people",
            "cp_assessment_delay",
            "cp_key_people",
            "cp_plan_timely",
            "lac_plan_timely",
            "lac_visits_late",
            "cp_other",
            "cp_assessment_delay",
            "cp_no_report",
        ],
    }
)

N_CP_ITEMS = sum(1 for t, _, _ in codes.RAG_ITEMS.values() if t == "cp_conference")
N_LAC_ITEMS = sum(1 for t, _, _ in codes.RAG_ITEMS.values() if t == "lac_review")


def _value(rows: pd.DataFrame, indicator: str, breakdown: str, period: str) -> float:
    hit = rows[(rows["indicator"] == indicator) & (rows["breakdown"] == breakdown) & (rows["period"] == period)]
    assert len(hit) == 1, f"{indicator} {breakdown} {period}: {len(hit)} rows"
    return float(hit["value"].iloc[0])


def test_months_start_at_the_first_form():
    # first form 20 Nov 2015 -> Nov 2015 to Mar 2016
    assert [str(m) for m in rag_months(FORMS, YEAR)] == ["2015-11", "2015-12", "2016-01", "2016-02", "2016-03"]
    # a process that began before the year covers all its months
    assert len(rag_months(FORMS, ReportingYear(2016))) == 12
    # a year that ended before the first form has none
    assert len(rag_months(FORMS, ReportingYear(2014))) == 0


def test_ratings_by_month():
    out = rag_ratings_by_month(FORMS, YEAR)
    # 2 meeting types x 3 ratings x 5 months
    assert len(out) == 30
    got = out.set_index(["meeting_type", "rating", "month"])["forms"]
    assert got["cp_conference", "red", "2015-11"] == 1  # f1
    assert got["cp_conference", "green", "2015-11"] == 1  # f2
    assert got["lac_review", "amber", "2015-11"] == 1  # f3
    assert got["cp_conference", "red", "2016-03"] == 2  # f4, f5 (f8 is April 2016)
    assert got["cp_conference", "green", "2016-03"] == 1  # f6 on 31 March
    assert got["lac_review", "green", "2016-03"] == 1  # f7
    assert got["cp_conference", "amber", "2016-03"] == 0
    # 7 forms in the year in all
    assert got.sum() == 7


def test_month_without_forms_after_the_start_is_zero_and_months_before_are_absent():
    out = rag_ratings_by_month(FORMS, YEAR)
    december = out[out["month"] == "2015-12"]
    # 2 meeting types x 3 ratings, all zero
    assert len(december) == 6
    assert (december["forms"] == 0).all()
    assert not out["month"].isin(["2015-04", "2015-10"]).any()


def test_items_ticked_on_forms_of_every_rating():
    out = rag_items_by_month(FORMS, ITEMS, YEAR)
    # every item of its own meeting type x 3 ratings x 5 months
    assert len(out) == (N_CP_ITEMS + N_LAC_ITEMS) * 3 * 5
    got = out.set_index(["meeting_type", "rating", "item", "month"])["forms"]
    # November: cp_assessment_delay on f1 (red) and f2 (green)
    assert got["cp_conference", "red", "cp_assessment_delay", "2015-11"] == 1
    assert got["cp_conference", "green", "cp_assessment_delay", "2015-11"] == 1
    # March's red-rated CP conferences (f4, f5): cp_assessment_delay on both (f4's double
    # tick counts once), cp_key_people on f4 -> 3 ticks over 2 red forms
    march_red = out[
        (out["meeting_type"] == "cp_conference")
        & (out["rating"] == "red")
        & (out["month"] == "2016-03")
        & (out["forms"] > 0)
    ]
    assert dict(zip(march_red["item"], march_red["forms"])) == {"cp_assessment_delay": 2, "cp_key_people": 1}
    # March's green-rated CP conference f6
    assert got["cp_conference", "green", "cp_key_people", "2016-03"] == 1
    assert got["cp_conference", "green", "cp_plan_timely", "2016-03"] == 1
    # f99 is not a form on record; cp_other on f7 (a LAC form) is not a LAC item
    assert got["cp_conference", "red", "cp_no_report", "2016-03"] == 0
    assert not ((out["meeting_type"] == "lac_review") & (out["item"] == "cp_other")).any()
    assert out.loc[out["item"] == "cp_other", "forms"].sum() == 0
    # f8 (April 2016) not counted: cp_assessment_delay in the year = f1, f2, f4, f5
    assert out.loc[out["item"] == "cp_assessment_delay", "forms"].sum() == 4


def test_items_carry_their_wording_and_kind():
    out = rag_items_by_month(FORMS, ITEMS, YEAR)
    row = out[out["item"] == "lac_visits_late"].iloc[0]
    assert row["meeting_type"] == "lac_review"
    assert row["kind"] == "red"
    assert row["wording"] == codes.RAG_ITEMS["lac_visits_late"][2]


def test_figure_rows():
    rows = figure_rows(Dataset(folder=".", rag_forms=FORMS, rag_items=ITEMS), YEAR)
    assert list(rows.columns) == FIGURE_COLUMNS
    assert set(rows["indicator"]) == set(INDICATORS)
    assert (rows["subject"] == "dispute_resolution").all()
    # rag_count: 6 breakdowns x (5 months + the year)
    assert (rows["indicator"] == "rag_count").sum() == 36
    assert _value(rows, "rag_count", "cp_conference/red", "2016-03") == 2  # f4, f5
    assert _value(rows, "rag_count", "cp_conference/red", "2015-16") == 3  # f1, f4, f5
    assert _value(rows, "rag_count", "cp_conference/green", "2015-16") == 2  # f2, f6
    assert _value(rows, "rag_count", "lac_review/red", "2015-12") == 0
    assert not rows["period"].isin(["2015-04", "2015-10"]).any()
    # rag_forms: the forms of a meeting type whatever their rating; 2 types x (5 months + the year)
    assert (rows["indicator"] == "rag_forms").sum() == 12
    assert _value(rows, "rag_forms", "cp_conference", "2015-11") == 2  # f1 red, f2 green
    assert _value(rows, "rag_forms", "cp_conference", "2016-03") == 3  # f4, f5 red, f6 green
    assert _value(rows, "rag_forms", "cp_conference", "2015-16") == 5  # f1, f2, f4, f5, f6 (not f8: April 2016)
    assert _value(rows, "rag_forms", "lac_review", "2015-16") == 2  # f3, f7
    assert _value(rows, "rag_forms", "lac_review", "2016-01") == 0
    # rag_count_pct: of the type's forms; 2 of the 3 conference forms in March 2016 red, 3 of 5 in the year
    assert _value(rows, "rag_count_pct", "cp_conference/red", "2016-03") == pytest.approx(200 / 3)
    assert _value(rows, "rag_count_pct", "cp_conference/red", "2015-16") == 60
    lac_shares = rows.loc[(rows["indicator"] == "rag_count_pct") & rows["breakdown"].str.startswith("lac_review")]
    assert "2016-01" not in set(lac_shares["period"])  # no statutory review was rated in January 2016
    assert _value(rows, "rag_count_pct", "lac_review/green", "2015-16") == 50  # f7 of f3, f7
    assert rows.loc[rows["indicator"] == "rag_forms"].groupby("period")["period_type"].first().to_dict() == {
        "2015-11": "month",
        "2015-12": "month",
        "2016-01": "month",
        "2016-02": "month",
        "2016-03": "month",
        "2015-16": "year",
    }
    # rag_item_count: ticks on forms of every rating
    assert _value(rows, "rag_item_count", "cp_conference/cp_assessment_delay", "2015-11") == 2  # f1, f2
    assert _value(rows, "rag_item_count", "cp_conference/cp_key_people", "2016-03") == 2  # f4, f6
    assert _value(rows, "rag_item_count", "cp_conference/cp_assessment_delay", "2015-16") == 4
    assert _value(rows, "rag_item_count", "lac_review/lac_visits_late", "2016-03") == 1  # f7
    assert _value(rows, "rag_item_count", "lac_review/lac_visits_late", "2016-01") == 0
    # rag_item_count_by_rating
    assert _value(rows, "rag_item_count_by_rating", "cp_conference/green/cp_assessment_delay", "2015-11") == 1  # f2
    assert _value(rows, "rag_item_count_by_rating", "cp_conference/red/cp_key_people", "2015-16") == 1  # f4
    # items x (5 months + year), and x 3 ratings
    n_items = N_CP_ITEMS + N_LAC_ITEMS
    assert (rows["indicator"] == "rag_item_count").sum() == n_items * 6
    assert (rows["indicator"] == "rag_item_count_by_rating").sum() == n_items * 3 * 6


def test_figure_rows_with_sources_missing():
    # forms without items: ratings only
    rows = figure_rows(Dataset(folder=".", rag_forms=FORMS), YEAR)
    assert set(rows["indicator"]) == {"rag_count", "rag_count_pct", "rag_forms"}
    # no forms: nothing, in the figures layout
    empty = figure_rows(Dataset(folder="."), YEAR)
    assert empty.empty and list(empty.columns) == FIGURE_COLUMNS


def test_year_before_the_process_has_no_rows():
    rows = figure_rows(Dataset(folder=".", rag_forms=FORMS, rag_items=ITEMS), ReportingYear(2014))
    assert rows.empty and list(rows.columns) == FIGURE_COLUMNS


@pytest.mark.parametrize("indicator", ["rag_count", "rag_forms", "rag_item_count", "rag_item_count_by_rating"])
def test_indicators_are_defined(indicator):
    assert INDICATORS[indicator].strip()
