"""What an analyst works with in a notebook, on the demo: report.data(name), a chart's Figure,
a chart redrawn from an edited frame (report/section.py, charts.py, content/)."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.api.types import is_numeric_dtype

from iru_analysis.errors import InputError
from iru_analysis.paths import DEMO_DATA, PARAMS
from iru_analysis.report import section

pytestmark = pytest.mark.skipif(not DEMO_DATA.is_dir(), reason="no demo data folder")


@pytest.fixture(scope="module")
def reviews():
    return section("reviews", year="2015-16", params=PARAMS / "2015-16.yaml")


def test_data_behind_a_chart_is_numbers(reviews):
    frame = reviews.data("reviews_in_time_by_month")
    assert list(frame.columns) == ["Month", "Reviews held", "Held in timescale", "% held in timescale"]
    assert frame["Month"].tolist()[:2] == ["2015-04", "2015-05"] and len(frame) == 12
    assert all(is_numeric_dtype(frame[c]) for c in frame.columns[1:])
    # demo April 2015: 65 of 66 reviews in time = 98.48%, shown as "98%" but held as the number
    april = frame.iloc[0]
    assert (april["Reviews held"], april["Held in timescale"]) == (66, 65)
    assert april["% held in timescale"] == pytest.approx(65 / 66 * 100)


def test_data_behind_a_table_is_numbers(reviews):
    frame = reviews.data("reviews_three_years")
    assert all(is_numeric_dtype(frame[c]) for c in frame.columns[1:])
    # demo 2015-16: 795 of 882 in time = 90.14% (the table shows "90%")
    this_year = frame.set_index("Year").loc["2015-16"]
    assert this_year.tolist() == pytest.approx([882, 795, 795 / 882 * 100])
    assert reviews.table("reviews_three_years").data.iloc[0].tolist() == ["2015-16", "882", "795", "90%"]


def test_data_of_an_unknown_name_lists_the_charts_and_tables(reviews):
    with pytest.raises(InputError, match="is not a chart or table of the report .*reviews_in_time_by_month"
                                         ".*; the tables: .*reviews_three_years"):
        reviews.data("reviews_by_week")
