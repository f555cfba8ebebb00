"""The monthly practice report's figures: the month and the twelve months before it,
taken from the figures of each reporting year they fall in."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.figures import compute_figures, month_window, monthly_figures
from iru_analysis.load import load_dataset
from iru_analysis.paths import DEMO_DATA

KEY = ["indicator", "breakdown", "period"]


@pytest.fixture(scope="module")
def demo():
    return load_dataset(DEMO_DATA)


def test_the_window_is_the_month_and_the_twelve_before_it():
    assert month_window(pd.Period("2016-01", "M")) == [
        "2015-01", "2015-02", "2015-03", "2015-04", "2015-05", "2015-06", "2015-07",
        "2015-08", "2015-09", "2015-10", "2015-11", "2015-12", "2016-01",
    ]  # fmt: skip


def test_each_month_has_the_figures_of_its_own_reporting_year(demo):
    monthly = monthly_figures(demo, pd.Period("2016-03", "M")).set_index(KEY)["value"]
    years = {label: compute_figures(demo, ReportingYear.parse(label)) for label in ("2014-15", "2015-16")}
    for label, month in (("2014-15", "2015-03"), ("2015-16", "2015-04"), ("2015-16", "2016-03")):
        annual = years[label]
        expected = annual.loc[(annual["period"] == month) & (annual["period_type"] == "month")].set_index(KEY)["value"]
        assert len(expected) >= 39  # every month figure of a year without RAG forms or escalations
        pd.testing.assert_series_equal(monthly.loc[expected.index], expected, check_names=False)
    assert set(monthly.index.get_level_values("period")) == set(month_window(pd.Period("2016-03", "M")))


def test_months_before_the_history_held_are_left_out(demo):
    from_april = dataclasses.replace(demo, history_from=pd.Timestamp("2015-04-01"))
    periods = set(monthly_figures(from_april, pd.Period("2016-03", "M"))["period"])
    assert min(periods) == "2015-04" and max(periods) == "2016-03"
