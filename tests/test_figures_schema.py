"""The figures table's columns and period types (figures.csv is a published format)."""

from __future__ import annotations

import pandas as pd
import pytest

from iru_analysis.bundle import Context
from iru_analysis.calendar import ReportingYear
from iru_analysis.figures import compute_figures
from iru_analysis.load import load_dataset
from iru_analysis.measures import FIGURE_COLUMNS, check_periods, count_by_period, figure_frame
from iru_analysis.paths import DEMO_DATA
from iru_analysis.report.content.base import Lookup

YEAR = ReportingYear.parse("2015-16")


def test_period_types_are_checked_against_the_periods():
    # 2011-12 is both the reporting year 2011-12 and December 2011: the type given decides, and either is
    # accepted; 2016-03-31 has a day → a date; 1999-00: (1999 + 1) % 100 = 0 → a year
    check_periods(
        pd.DataFrame(
            {
                "period": ["2011-12", "2011-12", "2016-03-31", "1999-00"],
                "period_type": ["year", "month", "date", "year"],
            }
        )
    )


@pytest.mark.parametrize(
    "period, kind, message",
    [
        ("2015-13", "month", "not a month"),  # no 13th month
        ("2015-17", "year", "not a reporting year"),  # 15 + 1 ≠ 17
        ("2015-16", "date", "not a date"),
        ("31/03/2016", "date", "not a date"),
        ("2015-16", "quarter", "of a known type"),  # only year, month, date
        ("2015-16", None, "of a known type"),
    ],
)
def test_a_period_that_is_not_of_its_type_is_refused(period, kind, message):
    with pytest.raises(ValueError, match=message):
        check_periods(pd.DataFrame({"period": [period], "period_type": [kind]}))


def test_figure_frame_takes_the_period_type_from_its_maker():
    got = figure_frame("looked_after", "lac_month_end", pd.Series({"2011-12": 283.0}), period_type="month")
    assert list(got.columns) == ["subject", "indicator", "breakdown", "period", "period_type", "value"]
    assert got[["subject", "period", "period_type"]].values.tolist() == [["looked_after", "2011-12", "month"]]
    # rows of several types: the frame's own period_type column (as count_by_period gives)
    mixed = pd.DataFrame({"period": ["2015-12", "2015-16"], "period_type": ["month", "year"], "value": [1.0, 2.0]})
    assert figure_frame("reviews", "lac_reviews_total", mixed)["period_type"].tolist() == ["month", "year"]
    with pytest.raises(ValueError, match="period type .* is not given"):
        figure_frame("looked_after", "lac_month_end", pd.Series({"2015-12": 1.0}))
    with pytest.raises(ValueError, match="'2015-16' is not a month"):
        figure_frame("looked_after", "lac_month_end", pd.Series({"2015-16": 1.0}), period_type="month")


def test_count_by_period_types_its_months_and_its_year():
    # one event on 10 May 2015: twelve months (May 1, the rest 0) of type month, then 2015-16 (1) of type year
    got = count_by_period(pd.Series(pd.to_datetime(["2015-05-10"])), YEAR)
    assert got["period_type"].tolist() == ["month"] * 12 + ["year"]
    assert got.loc[got["period"].isin(["2015-05", "2015-16"]), "value"].tolist() == [1.0, 1.0]


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return compute_figures(load_dataset(DEMO_DATA), YEAR, as_at=pd.Timestamp("2016-06-30"))


def test_demo_figures_have_exactly_the_published_columns(demo):
    assert list(demo.columns) == ["subject", "indicator", "breakdown", "period", "period_type", "value"]
    assert FIGURE_COLUMNS == list(demo.columns)


def test_every_demo_period_type_agrees_with_its_period(demo):
    # checked against the calendar's own readers, not period_type's rule
    assert set(demo["period_type"]) == {"year", "month", "date"}  # all three occur in the demo
    text = demo["period"]
    is_date = (text.str.len() == 10) & pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").notna()
    is_month = (text.str.len() == 7) & pd.to_datetime(text, format="%Y-%m", errors="coerce").notna()
    is_year = text.map(lambda t: _year_label(t) == t)
    assert (is_date == (demo["period_type"] == "date")).all()
    assert (is_year == (demo["period_type"] == "year")).all()
    assert (is_month & ~is_year == (demo["period_type"] == "month")).all()


def _year_label(text: str) -> str | None:
    try:
        return ReportingYear.parse(text).label
    except ValueError:
        return None


def test_lookup_takes_months_and_years_by_period_type():
    # lac_started: years 2012-13 .. 2016-17, a month (2015-12) and a snapshot (2016-03-31) of the same
    # indicator. by_year keeps years up to 2015-16, the last three: 2013-14, 2014-15, 2015-16;
    # by_month keeps the one month of the reporting year.
    periods = ["2012-13", "2013-14", "2014-15", "2015-16", "2016-17", "2015-12", "2016-03-31"]
    kinds = ["year"] * 5 + ["month", "date"]
    figures = figure_frame(
        "looked_after", "lac_started", pd.DataFrame({"period": periods, "period_type": kinds, "value": range(1, 8)})
    )
    lookup = Lookup(figures, YEAR, params=None, context=Context())
    assert lookup.by_year("lac_started").to_dict() == {"2013-14": 2.0, "2014-15": 3.0, "2015-16": 4.0}
    assert lookup.by_month("lac_started").to_dict() == {"2015-12": 6.0}
