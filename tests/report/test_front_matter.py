"""The front matter: "At a glance" (report/content/front_matter.py), the cover report and the
synthetic-data banner (report/stitch.py), worked by hand on tiny figures."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from iru_analysis.bundle import Bundle, Context
from iru_analysis.report.content.base import Lookup
from iru_analysis.report.content.front_matter import Headline, at_a_glance, change, direction, glance_html
from iru_analysis.report.params import SignOff
from iru_analysis.report.stitch import SYNTHETIC_BANNER, FrontMatter, front_matter, page

from figures_fixture import YEAR, figures_table, params, rows


def glance_figures() -> pd.DataFrame:
    r = []
    r += rows("lac_at_31_march", {"2015-03-31": 310, "2016-03-31": 283})
    r += rows("lac_reviews_in_time_pct", {"2014-15": 95.24, "2015-16": 90.14})
    r += rows("cpp_repeat_pct", {"2014-15": 14.62, "2015-16": 11.24}, breakdown="any_previous")
    r += rows("cpp_repeat_pct", {"2014-15": 5.98, "2015-16": 4.49}, breakdown="within_2_years")
    r += rows("icpc_within_15wd_pct", {"2014-15": 94.95, "2015-16": math.nan})  # this year's withheld
    r += rows("lac_review_participated_pct", {"2015-16": 89.5})  # no figure for last year
    r += rows("rcpc_in_time_pct", {"2014-15": 100.0})  # none for this year: no row
    return figures_table(r)


def glance_comparators() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": [
                "icpc_within_15wd_pct",
                "icpc_within_15wd_pct",
                "lac_at_31_march",
                "cpp_repeat_pct",
                "cpp_repeat_pct",
            ],
            "year": ["2015-16", "2015-16", "2015-16", "2015-16", "2014-15"],
            "area": ["England", "Statistical neighbours", "England", "England", "England"],
            "value": [77.0, 80.0, 70440.0, 17.9, 16.6],
            "source": ["SFR 52/2016", "illustrative: not published", "SFR 41/2016", "SFR 52/2016", "SFR 41/2015"],
            "verified": [False] * 5,
        }
    )


@pytest.fixture
def lookup(tmp_path) -> Lookup:
    return Lookup(glance_figures(), YEAR, params(tmp_path), Context(comparators=glance_comparators()))


def test_at_a_glance_by_hand(lookup):
    made = at_a_glance(lookup)
    assert made.data.columns.tolist() == [
        "Indicator",
        "2015-16",
        "2014-15",
        "Change",
        "Direction",
        "Statistical neighbours",
        "England",
    ]
    assert made.data.to_numpy().tolist() == [
        # 283 - 310 = -27; a count of children has no better way; England's count is no comparator
        ["Children looked after at 31 March", "283", "310", "-27", "Down", "", ""],
        # 95.24 and 90.14 print 95% and 90%: 5 points down, and higher is better
        ["Reviews of looked-after children held in time", "90%", "95%", "-5 points", "Down, worse", "", ""],
        # 89.5 rounds half up to 90%; no figure for 2014-15
        ["Children aged 4 or over who took part in their review", "90%", "n/a", "n/a", "", "", ""],
        # this year's withheld: so is the change; the statistical neighbours' 80 is illustrative
        ["Initial conferences within 15 working days", "c", "95%", "c", "", "80%*", "77%"],
        # of plans started, any previous plan (not within two years): 14.6% to 11.2%, lower is better
        ["Plans that were a second or later plan", "11.2%", "14.6%", "-3.4 points", "Down, better", "", "17.9%"],
    ]
    assert made.caption == "At a glance: the headline figures for 2015-16, with 2014-15 and comparators for 2015-16"
    assert made.notes[1:] == [
        "n/a: the data held do not give the figure for that year.",
        "Comparators are shown for percentages only (reference/comparators.csv).",
        "* An illustrative value, not a published figure.",
        "c: withheld to protect the privacy of the children concerned.",
    ]
    assert made.raw["Change"].tolist()[:2] == [-27.0, -5.0]
    assert math.isnan(made.raw.loc[3, "This year"]) and made.raw.loc[3, "England"] == 77.0


def test_notes_only_for_what_the_table_holds(tmp_path):
    figures = figures_table(rows("lac_at_31_march", {"2015-03-31": 310, "2016-03-31": 283}))
    made = at_a_glance(Lookup(figures, YEAR, dataclasses.replace(params(tmp_path), comparators=()), Context()))
    assert made.data.columns.tolist() == ["Indicator", "2015-16", "2014-15", "Change", "Direction"]
    assert made.notes == [
        "Change: 2015-16 against 2014-15, between the figures as printed (percentages in percentage points). "
        "Better or worse is said only where one way is better."
    ]
    assert made.caption == "At a glance: the headline figures for 2015-16, with 2014-15"


def test_no_headline_figure_no_table(tmp_path):
    empty = figures_table(rows("lac_month_end", {"2015-04": 311}))
    assert at_a_glance(Lookup(empty, YEAR, params(tmp_path), Context())) is None


@pytest.mark.parametrize(
    "before, after, better, expected",
    [
        (89.6, 90.4, "higher", "No change"),  # both print 90%
        (89.4, 90.5, "higher", "Up, better"),  # 89% to 91%
        (89.4, 90.5, "lower", "Up, worse"),
        (263.0, 267.0, "", "Up"),
    ],
)
def test_direction_compares_the_figures_as_printed(before, after, better, expected):
    headline = Headline("x_pct" if before < 100 else "n", "x", better=better)
    assert direction(change(before, after, headline), headline) == expected


def test_the_table_is_accessible_html(lookup):
    html = glance_html(at_a_glance(lookup))
    assert "<caption>At a glance: the headline figures for 2015-16" in html
    assert '<th scope="col">Direction</th>' in html
    assert '<th scope="row">Children looked after at 31 March</th><td class="num">283</td>' in html


# --- the cover report and the banner on the page ---------------------------------------------


def cover_params(tmp_path):
    return dataclasses.replace(
        params(tmp_path),
        meeting="Board <script>alert(1)</script>",
        meeting_date=pd.Timestamp("2016-09-14").date(),
        author="A. N. Example",
        version="1.0",
        recommendations=("Notes **the report** <b>now</b>",),
        background_papers=("[IRO Handbook](https://www.gov.uk/x)",),
        sign_off=SignOff("A. Head", "Head of Service", pd.Timestamp("2016-08-31").date()),
    )


def test_front_matter_from_params_and_bundle(tmp_path):
    bundle = Bundle(glance_figures(), Context(comparators=glance_comparators(), synthetic=True))
    front = front_matter(cover_params(tmp_path), bundle)
    assert front.details == (
        ("Meeting", "Board <script>alert(1)</script>"),  # plain text: the page escapes it
        ("Date of meeting", "14 September 2016"),
        ("Report author", "A. N. Example"),
        ("Version", "1.0"),
    )
    assert front.recommendations == ("<p>Notes <strong>the report</strong> &lt;b&gt;now&lt;/b&gt;</p>\n",)
    assert front.background_papers == ('<p><a href="https://www.gov.uk/x">IRO Handbook</a></p>\n',)
    assert front.sign_off == (("Name", "A. Head"), ("Role", "Head of Service"), ("Date", "31 August 2016"))
    assert front.synthetic and "Children looked after at 31 March" in front.glance
    assert not front_matter(params(tmp_path), Bundle(glance_figures(), Context())).has_cover


def test_page_shows_banner_cover_and_glance_before_the_contents(tmp_path):
    bundle = Bundle(glance_figures(), Context(comparators=glance_comparators(), synthetic=True))
    html = page("Title", [], front=front_matter(cover_params(tmp_path), bundle))
    banner = html.index('<div class="synthetic-banner" role="note">')
    assert banner < html.index("<h1>") < html.index('id="cover-report"') < html.index('id="at-a-glance"')
    assert html.index('id="at-a-glance"') < html.index('<nav class="toc"')
    assert SYNTHETIC_BANNER.replace("'", "&#39;") in html
    assert "Board &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert '<li><a href="#cover-report">Cover report</a></li>' in html
    assert "position: running(synthetic-banner)" in html  # the print stylesheet repeats it on every page


def test_no_banner_unless_synthetic_and_no_cover_unless_given(tmp_path):
    html = page("Title", [], front=FrontMatter(glance="<table></table>"))
    assert 'class="synthetic-banner"' not in html and 'id="cover-report"' not in html
    assert 'id="at-a-glance"' in html
    bare = page("Title", [])
    assert 'class="synthetic-banner"' not in bare and 'id="at-a-glance"' not in bare
