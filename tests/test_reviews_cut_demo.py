"""Review timeliness when the history is partial: the demo with its reviews cut to 2015-16.

The demo (``data/demo``) holds the whole review history since 2002. Keeping only the
reviews held in 2015-16 is what a single annual return holds. The history then begins on
1 April 2015 (the earliest review's reporting year), and the first review in the data of
each period of care that began before then cannot be assessed unless it is late even
after a review on 31 March 2015. Measured on the cut demo: 882 reviews held (as with the
whole history), 294 not assessed, 588 assessed of which 543 in time (92.3%); all 66
reviews of April 2015 are not assessed. The properties checked besides: the reviews of
periods that began on or after 1 April 2015 get the same verdict as with the whole
history, and no review is called late that the whole history finds in time.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from IPython.display import Markdown

from iru_analysis.calendar import ReportingYear
from iru_analysis.figures import compute_figures
from iru_analysis.load import load_dataset
from iru_analysis.measures.reviews import history_findings, review_timeliness
from iru_analysis.paths import DEMO_DATA, PARAMS
from iru_analysis.periods import periods_of_care

YEAR = ReportingYear.parse("2015-16")
HISTORY = pd.Timestamp("2015-04-01")

pytestmark = pytest.mark.skipif(not DEMO_DATA.is_dir(), reason="no demo data folder")


@pytest.fixture(scope="module")
def cut_demo(tmp_path_factory):
    """A copy of the demo whose reviews.csv keeps the reviews held in 2015-16, with a params file."""
    root = tmp_path_factory.mktemp("cut")
    data = root / "data"
    shutil.copytree(DEMO_DATA, data)
    path = data / "ssda903" / "reviews.csv"
    reviews = pd.read_csv(path, dtype=str)
    held = pd.to_datetime(reviews["REVIEW"], format="%d/%m/%Y")
    reviews[YEAR.contains(held)].to_csv(path, index=False)
    params = root / "params" / "2015-16.yaml"
    params.parent.mkdir()
    params.write_text(
        'year: "2015-16"\nauthority_name: Testshire\nla_code: E06000051\ndata: ../data\n'
        f'as_at: 2016-06-30\nrag_month: "2016-03"\ncomparators: []\n'
        f"narrative: {PARAMS / 'narrative' / '2015-16.yaml'}\n"
    )
    return data, params


def _figure(figures: pd.DataFrame, indicator: str, period: str) -> float | None:
    hit = figures[(figures["indicator"] == indicator) & (figures["period"] == period)]
    assert len(hit) <= 1
    return None if hit.empty else float(hit["value"].iloc[0])


def test_cut_demo_figures(cut_demo):
    figures = compute_figures(load_dataset(cut_demo[0]), YEAR)
    assert _figure(figures, "lac_reviews_history_start", "2015-04-01") == 294
    assert _figure(figures, "lac_reviews_total", "2015-16") == 882  # every review held still counts
    assert _figure(figures, "lac_reviews_not_assessed", "2015-16") == 294
    assert _figure(figures, "lac_reviews_in_time", "2015-16") == 543
    assert _figure(figures, "lac_reviews_in_time_pct", "2015-16") == pytest.approx(100 * 543 / (882 - 294))
    # April 2015: 66 held, none assessed → no percentage rather than 0%
    assert _figure(figures, "lac_reviews_total", "2015-04") == 66
    assert _figure(figures, "lac_reviews_not_assessed", "2015-04") == 66
    assert _figure(figures, "lac_reviews_in_time_pct", "2015-04") is None
    # no history before 2015-16: no earlier years shown
    assert not {"2014-15", "2013-14"} & set(figures.loc[figures["subject"] == "reviews", "period"])


def test_cut_history_never_calls_late_a_review_in_time(cut_demo):
    full, cut = load_dataset(DEMO_DATA), load_dataset(cut_demo[0])
    key = ["CHILD", "REVIEW"]
    whole = review_timeliness(full.reviews, periods_of_care(full.episodes)).set_index(key)
    part = review_timeliness(cut.reviews, periods_of_care(cut.episodes), HISTORY).set_index(key)
    whole = whole.loc[part.index]
    # periods that began on or after the history start: the same verdict as with the whole history
    after = part["START"] >= HISTORY
    assert part.loc[after, "ASSESSED"].all()
    assert part.loc[after, "IN_TIME"].equals(whole.loc[after, "IN_TIME"])
    # late with the cut history ⇒ late with the whole history
    late = part["ASSESSED"] & ~part["IN_TIME"]
    assert late.sum() == 45 and not whole.loc[late, "IN_TIME"].any()
    # only first reviews in the data of periods begun before the history start are not assessed
    assert (part.loc[~part["ASSESSED"], "START"] < HISTORY).all()
    assert (part.loc[~part["ASSESSED"], "ORDINAL"] == 1).all()


def test_cut_demo_report_says_what_could_not_be_assessed(cut_demo, golden):
    from iru_analysis.report import section

    report = section("reviews", year="2015-16", params=str(cut_demo[1]))
    said = report.say("reviews_key_message")
    assert isinstance(said, Markdown)
    # 543 / 588 = 92.3% → 92%; April to August 2015 hold reviews not assessed, so the lowest month is
    # taken over September 2015 to March 2016: November 2015, 55 of 61 = 90.2% → 90%
    golden("key_message", said.data)  # 882 held, 294 not assessed
    table = report.table("reviews_by_month")
    rows = table.data.set_index(table.data.columns[0])
    assert rows.loc["Not assessed", "Apr 2015"] == "66" and rows.loc["Not assessed", "Total"] == "294"
    assert rows.loc["% of those assessed held in timescale", "Apr 2015"] == ""  # nothing assessed: no value
    assert rows.loc["% of those assessed held in timescale", "Total"] == "92%"
    assert rows.loc["% of those assessed held in timescale", "Aug 2015"] == ""  # 26 of 74 not assessed
    assert any(
        n.startswith("No percentage is shown for April 2015, May 2015, June 2015, July 2015 and August 2015: ")
        for n in table.notes
    )
    chart = report.chart("reviews_in_time_by_month")
    pct = chart.data.set_index("Month")["% of those assessed held in timescale"]
    assert pct["Jun 2015"] == "" and pct["Sep 2015"] == "100%" and pct["Nov 2015"] == "90%"
    golden("month_chart_caption", chart.caption)  # from 90% in November 2015 to 100% in September 2015
    years = report.table("reviews_three_years")
    assert years.data.values.tolist() == [["2015-16", "882", "294", "543", "92%"]]


def test_cut_demo_data_quality_names_the_reviews_not_assessed(cut_demo):
    found = history_findings(load_dataset(cut_demo[0]))
    assert found[["severity", "file", "row", "column", "value"]].values.tolist() == [
        ["warning", "ssda903/reviews.csv", None, "REVIEW", None]
    ]
    assert (
        found["rule"]
        .iloc[0]
        .startswith(
            "294 reviews held in 2015-16 could not be assessed for timeliness: "
            "the review history begins on 1 April 2015"
        )
    )
    assert history_findings(load_dataset(DEMO_DATA)).empty  # the whole history: every review assessed
