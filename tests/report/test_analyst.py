"""What an analyst works with in a notebook, on the demo: report.data(name), a chart's Figure,
a chart redrawn from an edited frame (report/notebook.py, charts.py, content/)."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from pandas.api.types import is_numeric_dtype

from iru_analysis.errors import InputError
from iru_analysis.paths import DEMO_DATA, PARAMS
from iru_analysis.report import content, section
from iru_analysis.report.charts import to_svg

pytestmark = pytest.mark.skipif(not DEMO_DATA.is_dir(), reason="no demo data folder")


PRACTICE_CHARTS = {
    "oversight_between_reviews",
    "records_in_time",
    "advocates_by_month",
    "feedback_scores",
    "escalations_by_stage",
    "escalations_by_theme",
}


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
    with pytest.raises(
        InputError,
        match="is not a chart or table of the report .*reviews_in_time_by_month.*; the tables: .*reviews_three_years",
    ):
        reviews.data("reviews_by_week")


def test_a_chart_keeps_its_figure_and_is_drawn_from_it_as_adjusted(reviews):
    chart = reviews.chart("reviews_in_time_by_month")
    assert isinstance(chart.figure, Figure)
    before = chart._repr_html_()
    assert chart._repr_html_() == before  # displayed again unchanged: the same image
    axes = chart.figure.axes[0]
    assert axes.get_ylim()[0] == 0  # the house style starts the axis at 0
    axes.set_ylim(50, 105)
    axes.set_title("Zoomed in")
    after = chart._repr_html_()
    image = re.compile(r'(?:<img src|data-print)="data:image/svg\+xml;base64,([^"]+)"')  # screen and print copies
    drawn_before, drawn_after = image.findall(before), image.findall(after)
    assert len(drawn_after) == 2 and all(old != new for old, new in zip(drawn_before, drawn_after))
    assert image.sub("", after) == image.sub("", before)  # caption, alt text and data as they were


def test_charts_are_not_held_by_pyplot(reviews):
    open_before = plt.get_fignums()
    reviews.chart("reviews_in_time_by_month")._repr_html_()
    assert plt.get_fignums() == open_before  # nothing accumulates in a long notebook session


def test_a_chart_redrawn_from_an_edited_frame_follows_the_edit(reviews, golden):
    frame = reviews.data("reviews_in_time_by_month")
    frame.loc[frame["Month"] == "2015-04", "% held in timescale"] = 50.0  # demo: 98.5% (65 of 66)
    chart = reviews.chart("reviews_in_time_by_month", data=frame)
    # demo: highest July 2015 (88 of 88 = 100%), last March 2016 (62 of 67 = 92.5% -> 93%);
    # the edit makes April the lowest month (August's 57% was the lowest)
    golden("edited_chart", {"caption": chart.caption, "alt": chart.alt})
    assert chart.data.iloc[0].tolist() == ["Apr 2015", "66", "65", "50%"]
    unedited = reviews.chart("reviews_in_time_by_month")
    assert chart.number == unedited.number
    assert chart.svg != unedited.svg
    assert reviews.data("reviews_in_time_by_month").iloc[0]["% held in timescale"] == pytest.approx(65 / 66 * 100)


def test_every_chart_drawn_from_its_own_frame_is_the_chart(reviews):
    # chart(name) is draw(data(name)): the same caption, alt text, notes, data table and image
    drawn, without = 0, set()
    for name in content.names("chart"):
        try:
            frame = reviews.data(name)
        except content.NoFigures:
            without.add(name)  # the demo has no practice records (contacts, feedback, escalations) yet
            continue
        made = content.recipe("chart", name)(reviews.lookup)
        again = content.recipe("chart", name)(reviews.lookup, frame)
        assert (made.caption, made.alt, made.notes) == (again.caption, again.alt, again.notes), name
        assert made.data.equals(again.data) and made.raw.equals(frame), name
        assert to_svg(made.figure) == to_svg(again.figure), name
        drawn += 1
    # every chart of the report but those from the unit's practice records: the demo has the figures of each
    assert drawn >= 15 and without <= PRACTICE_CHARTS
