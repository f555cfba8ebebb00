"""The reviews section's words, tables and chart when some reviews could not be assessed.

The sentences are compared with golden files in tests/report/golden/reviews_content/."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from figures_fixture import MONTHS, figures_table, make_section, rows

# 2015-16 (the hand-worked fixture of tests/measures/test_reviews.py, history from 1 April 2015):
#   month    held  not assessed  in time  → % in time (only where every review was assessed)
#   Apr        1        1           0       some not assessed: no value
#   May        2        0           1       50%
#   Jun        1        1           0       some not assessed: no value
#   Jul        2        1           0       some not assessed: no value (0 of the 1 assessed)
#   Aug        1        0           0       0%
#   Oct        2        0           0       0%
#   Mar        1        0           1       100%
#   year      10        3           2       2 / 7 = 28.6% → 29%
# 2014-15: 4 held, 1 not assessed, 3 in time → 3 / 3 = 100%.
HELD = dict(zip(MONTHS, [1, 2, 1, 2, 1, 0, 2, 0, 0, 0, 0, 1]))
NOT_ASSESSED = dict(zip(MONTHS, [1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]))
IN_TIME = dict(zip(MONTHS, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))


def figures(held=HELD, not_assessed=NOT_ASSESSED, in_time=IN_TIME, year=(10, 3, 2)) -> pd.DataFrame:
    """The rows the measures give: with them lac_reviews_assessed (held - not assessed) and
    lac_reviews_in_time_pct (in time / assessed, only where some were assessed)."""
    held = {**held, "2015-16": year[0], "2014-15": 4}
    not_assessed = {**not_assessed, "2015-16": year[1], "2014-15": 1}
    in_time = {**in_time, "2015-16": year[2], "2014-15": 3}
    assessed = {p: held[p] - not_assessed[p] for p in held}
    r = rows("lac_reviews_total", held) + rows("lac_reviews_not_assessed", not_assessed)
    r += rows("lac_reviews_in_time", in_time) + rows("lac_reviews_assessed", assessed)
    r += rows("lac_reviews_in_time_pct", {p: in_time[p] / n * 100 for p, n in assessed.items() if n})
    r += rows("lac_reviews_history_start", {"2015-04-01": year[1] + 1})
    return figures_table(r)


def test_key_message_over_the_reviews_assessed(tmp_path, golden):
    # 10 held, 2 (29%) of the 7 assessed in time, 100% in 2014-15, 3 not assessed;
    # lowest month with every review assessed: August 2015, the first of the 0% months
    said = make_section(tmp_path, "reviews", 5, figures=figures()).say("reviews_key_message").data
    golden("key_message", said)


def test_month_table_and_chart_show_no_value_where_nothing_was_assessed(tmp_path, golden):
    report = make_section(tmp_path, "reviews", 5, figures=figures())
    table = report.table("reviews_by_month")
    shown = table.data.set_index(table.data.columns[0])
    assert shown.loc["Not assessed"].tolist() == ["1", "0", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "3"]
    assert shown.loc[
        "% of those assessed held in timescale", ["Apr 2015", "May 2015", "Jun 2015", "Jul 2015", "Total"]
    ].tolist() == ["", "50%", "", "", "29%"]
    # 3 not assessed; no percentage for April, June and July 2015
    golden("month_table", {"caption": table.caption, "notes": table.notes})
    chart = report.chart("reviews_in_time_by_month")
    # months with a review: Apr, May, Jun, Jul, Aug, Oct, Mar; Apr, Jun and Jul without a percentage
    assert chart.data["Month"].tolist() == [
        "Apr 2015",
        "May 2015",
        "Jun 2015",
        "Jul 2015",
        "Aug 2015",
        "Oct 2015",
        "Mar 2016",
    ]
    assert chart.data["% of those assessed held in timescale"].tolist() == ["", "50%", "", "", "0%", "0%", "100%"]
    # from 0% in August 2015 to 100% in March 2016; the first charted month May 2015 (50%)
    golden("month_chart", {"caption": chart.caption, "alt": chart.alt})


def test_three_years_over_the_reviews_assessed(tmp_path, golden):
    table = make_section(tmp_path, "reviews", 5, figures=figures()).table("reviews_three_years")
    assert table.data.values.tolist() == [["2015-16", "10", "3", "2", "29%"], ["2014-15", "4", "1", "3", "100%"]]
    # fell from 100% to 29%; 3 and 1 not assessed
    golden("three_years", {"caption": table.caption, "notes": table.notes})


def test_nothing_assessed_is_said_not_shown_as_zero(tmp_path, golden):
    # April 2015 only: 5 reviews held, none assessed
    none = figures(held={"2015-04": 5}, not_assessed={"2015-04": 5}, in_time={"2015-04": 0}, year=(5, 5, 0))
    report = make_section(tmp_path, "reviews", 5, figures=none)
    chart = report.chart("reviews_in_time_by_month")
    assert isinstance(chart, Markdown)
    table = report.table("reviews_by_month")
    golden(
        "nothing_assessed",
        {
            "key message": report.say("reviews_key_message").data,
            "chart": chart.data,
            "month table caption": table.caption,
        },
    )
    assert table.data.iloc[-1].tolist()[1:] == ["", ""]  # the percentage row: April and the year, no value


def test_no_month_wholly_assessed_gives_no_chart(tmp_path, golden):
    # April 2015 only: 5 reviews held, 2 not assessed, 3 assessed (1 in time): no month to chart
    some = figures(held={"2015-04": 5}, not_assessed={"2015-04": 2}, in_time={"2015-04": 1}, year=(5, 2, 1))
    chart = make_section(tmp_path, "reviews", 5, figures=some).chart("reviews_in_time_by_month")
    assert isinstance(chart, Markdown)
    golden("no_month_wholly_assessed", chart.data)


def test_percentages_and_denominators_are_the_figures(tmp_path):
    # the year's figures changed on purpose so that they do not add up: 2 in time of 7 assessed is 28.6%, but
    # lac_reviews_in_time_pct says 40 and lac_reviews_assessed 5; the words print the figures as given
    given = figures()
    mine = (given["period"] == "2015-16") & given["indicator"].isin(["lac_reviews_in_time_pct", "lac_reviews_assessed"])
    given.loc[mine, "value"] = given.loc[mine, "indicator"].map(
        {"lac_reviews_in_time_pct": 40.0, "lac_reviews_assessed": 5.0}
    )
    said = make_section(tmp_path, "reviews", 5, figures=given).say("reviews_key_message").data
    assert said.startswith(
        "10 statutory reviews were held in 2015-16, 2 (40%) of the 5 whose timeliness could be "
        "assessed within timescale"
    )
