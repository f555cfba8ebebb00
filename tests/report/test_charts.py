"""Charts as accessible HTML: alt text, numbered caption, data table, CSV (report/charts.py, tables.py)."""

from __future__ import annotations

import base64
import re

import pandas as pd

from iru_analysis.report import charts as ch
from iru_analysis.report.tables import Table, html_table

from figures_fixture import make_section

PLACEHOLDER = "No description has been provided for this image"


def test_month_end_chart_html(tmp_path, golden):
    out = tmp_path / "tables"
    chart = make_section(tmp_path, tables_dir=out).chart("lac_month_end")
    page = chart._repr_html_()
    alt = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page)
    assert alt, "the SVG is embedded with alt text"
    assert alt.group(2) and PLACEHOLDER not in page
    # fixture: 311 in April 2015, 283 in March 2016, highest 313 in May 2015
    golden("lac_month_end_alt", alt.group(2))
    assert (
        "<figcaption>Figure 3.1: Children looked after at each month end fell over the year: 311 in April 2015, "
        "283 in March 2016</figcaption>" in page
    )
    assert '<details class="iru-chart-data">' in page  # printed reports leave it out (report.css)
    assert "<table" in page and "<caption>Data for figure 3.1</caption>" in page
    assert '<th scope="col">Month</th>' in page and '<th scope="row">Apr 2015</th><td class="num">311</td>' in page
    # the CSV behind it: twelve month ends, the numbers themselves
    written = pd.read_csv(out / "03_figure_3.1_lac_month_end.csv")
    assert written["lac_month_end"].tolist()[:2] == [311, 313] and len(written) == 12
    # a vector image of the house size, 7 in (504 pt) wide, its text drawn as outlines in the
    # project's typeface, with no date: the same chart gives the same bytes
    svg = base64.b64decode(alt.group(1)).decode()
    assert re.search(r'<svg [^>]*width="504pt"', svg) and "<text" not in svg
    assert 'id="SourceSansPro-Regular-' in svg and "<dc:date>" not in svg
    assert chart._repr_html_() == page
    # the print copy (report/pdf.py prints it): the same chart, its text as text in the typeface
    # the PDF embeds, so no glyph outlines; the point labels "311" (April) and "283" (March) as words
    printed = re.search(r' data-print="data:image/svg\+xml;base64,([^"]+)"', page)
    assert printed, "the chart carries its print copy"
    text = base64.b64decode(printed.group(1)).decode()
    assert re.search(r'<svg [^>]*width="504pt"', text) and "SourceSansPro-Regular-" not in text
    assert re.search(r"<text [^>]*font-family: 'Source Sans Pro'[^>]*>311</text>", text)
    assert ">283</text>" in text and "<dc:date>" not in text


def test_alt_text_builders():
    # the direction of the whole series, not of its first and last points; extremes and latest named
    assert (
        ch.alt_trend("Line chart", "x", ["A", "B"], [2, 2], str)
        == "Line chart: x stayed fairly stable from A to B; highest 2 in A, lowest 2 in A, latest 2 in B."
    )
    # 10 to 9 from first to last, but the least-squares line moves by 0.9, under 5% of the mean 19.75
    assert ch.alt_trend("Line chart", "x", list("ABCD"), [10, 30, 30, 9], str).startswith(
        "Line chart: x stayed fairly stable from A to D;"
    )
    assert (
        ch.alt_bars("Bar chart", "plans", ["Emotional abuse", "Neglect"], [30, 57], lambda v: f"{v}%")
        == "Bar chart: plans. Neglect 57%; Emotional abuse 30%."
    )
    # many long bars: the largest ones that fit in 250 characters, and how many more
    labels = [f"An item of a RAG form worded at some length, number {i}" for i in range(20)]
    many = ch.alt_bars("Bar chart", "items", labels, list(range(20)), str)
    assert len(many) <= 250 and many.endswith("more in the data table.")
    assert "number 19 19; " in many and "number 0 0" not in many


def test_chart_html_escapes_alt_text():
    chart = ch.Chart("4.1", "A <b> finding", 'Bar chart: "quoted" & more', ch.new_figure()[0], pd.DataFrame({"a": [1]}))
    page = chart._repr_html_()
    assert 'alt="Bar chart: &quot;quoted&quot; &amp; more"' in page
    assert "<figcaption>Figure 4.1: A &lt;b&gt; finding</figcaption>" in page


def test_table_html_has_caption_scopes_and_notes():
    table = Table(
        "7.2",
        "Ethnicity",
        pd.DataFrame({"Ethnicity": ["White British (WBRI)"], "Number": ["216"]}),
        notes=["1 child with no ethnicity recorded."],
    )
    page = table._repr_html_()
    assert "<caption>Table 7.2: Ethnicity</caption>" in page
    assert '<th scope="row">White British (WBRI)</th><td class="num">216</td>' in page
    assert '<tfoot><tr><td colspan="2"><span>1 child with no ethnicity recorded.</span></td></tr></tfoot>' in page
    assert 'id="table-7-2"' in page


def test_html_table_blank_for_missing():
    page = html_table(pd.DataFrame({"a": ["x"], "b": [float("nan")]}), "c")
    assert "<td></td>" in page


def test_palette_is_okabe_ito_and_rag_not_by_colour_alone():
    assert ch.PALETTE[0] == "#0072B2" and ch.RAG_COLOURS["red"] == "#D55E00"
    # each series has its own marker and hatch as well as its colour
    assert len(set(ch.MARKERS)) == len(ch.MARKERS) and len(set(ch.HATCHES)) == len(ch.HATCHES)
    # hatches of lines only: dots ("...") and rings ("oo") are thousands of little curves to print
    assert set("".join(ch.HATCHES)) <= set("/\\|-+x")


def test_line_chart_leaves_a_missing_value_without_a_point(monkeypatch):
    # Three months, the middle one without a value (nothing to show): the chart is drawn, the two
    # known values are labelled, and nothing is labelled "nan%".
    frame = pd.DataFrame({"Month": ["Apr", "May", "Jun"], "pct": [50.0, float("nan"), 75.0]})
    from matplotlib.axes import Axes

    labels = []
    original = Axes.annotate

    def spy(self, text, *args, **kwargs):
        labels.append(text)
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(Axes, "annotate", spy)
    svg = ch.to_svg(ch.line_chart(frame, "Month", "pct", fmt=lambda v: f"{v:.0f}%"))
    assert b"<svg " in svg and labels == ["50%", "75%"]


def test_a_figure_adjusted_with_a_lambda_formatter_is_still_drawn():
    # a lambda cannot be copied (pickled): the figure itself is drawn, with the formatter's labels
    fig = ch.line_chart(pd.DataFrame({"Month": ["Apr", "May"], "pct": [50.0, 75.0]}), "Month", "pct")
    plain = ch.to_svg(fig)
    fig.axes[0].yaxis.set_major_formatter(lambda v, pos: f"{v:.0f}%")
    adjusted = ch.to_svg(fig)
    assert b"<svg " in adjusted and adjusted != plain


def test_a_label_with_dollar_signs_is_text_not_mathematics():
    # an authority or comparator name with two "$" would be parsed as mathematics: "$\frac{$" fails to render
    fig, axes = ch.new_figure()
    axes.bar(["Demo $\\frac{$ area", "England"], [1, 2])
    axes.set_title("Demo $x$ area")
    assert b"<svg " in ch.to_svg(fig)
    assert not axes.title.get_parse_math()
