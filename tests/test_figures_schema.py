"""The figures table's columns and period types (figures.csv is a published format)."""

from __future__ import annotations

import pandas as pd
import pytest

from iru_analysis.bundle import Context
from iru_analysis.calendar import ReportingYear
from iru_analysis.figures import compute_figures
from iru_analysis.load import load_dataset
from iru_analysis.measures import FIGURE_COLUMNS, figure_frame, period_type
from iru_analysis.paths import DEMO_DATA
from iru_analysis.report.content.base import Lookup

YEAR = ReportingYear.parse("2015-16")


def test_period_types_worked_by_hand():
    # 2016-03-31: ten characters, a day → date; 2015-16: 15 + 1 = 16 → year; 2015-12: 15 + 1 ≠ 12 → month;
    # 1999-00: (1999 + 1) % 100 = 0 → year; 2016-01: 16 + 1 ≠ 1 → month;
    # 2011-12: 11 + 1 = 12, also December 2011 → read as the year.
    got = period_type(pd.Series(["2016-03-31", "2015-16", "2015-12", "1999-00", "2016-01", "2011-12"]))
    assert got.tolist() == ["date", "year", "month", "year", "month", "year"]


@pytest.mark.parametrize("text", ["2015-13", "2015", "31/03/2016", "2015-16-01", ""])
def test_a_period_of_no_known_shape_is_refused(text):
    # 2015-13: 15 + 1 ≠ 13 and 13 is no month; the rest are not YYYY-YY, YYYY-MM or YYYY-MM-DD
    with pytest.raises(ValueError, match="not a figures period"):
        period_type(pd.Series([text]))


def test_figure_frame_sets_the_period_type_of_each_row():
    got = figure_frame("looked_after", "lac_month_end", pd.Series({"2016-03": 283.0, "2015-16": 1.0}))
    assert list(got.columns) == ["subject", "indicator", "breakdown", "period", "period_type", "value"]
    assert got[["subject", "period", "period_type"]].values.tolist() == [
        ["looked_after", "2016-03", "month"], ["looked_after", "2015-16", "year"]]


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
    figures = figure_frame("looked_after", "lac_started", pd.Series(range(1, 8), index=periods, dtype="float64"))
    lookup = Lookup(figures, YEAR, params=None, context=Context())
    assert lookup.by_year("lac_started").to_dict() == {"2013-14": 2.0, "2014-15": 3.0, "2015-16": 4.0}
    assert lookup.by_month("lac_started").to_dict() == {"2015-12": 6.0}
