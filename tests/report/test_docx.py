"""The report as a Word document (iru_analysis.report.docx), read back with python-docx.

The page is the report's own shell (:func:`.stitch.page`) holding what the sections show: a
chart as :class:`.charts.Chart` renders it (PNG), the same chart as an SVG image (as a chart
drawn in SVG would be), and a table as :func:`.tables.html_table` writes it. The end-to-end
checks of the demo year's ``report.docx`` are in test_build.py, on its one build.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn

from iru_analysis.report.charts import Chart, new_figure
from iru_analysis.report.docx import WordError, for_word, tables_after_figures, write_docx
from iru_analysis.report.stitch import Heading, Section, page
from iru_analysis.report.tables import html_table

TITLE = "Demoshire Independent Chairperson's Report 2015-16"
DATE = dt.date(2016, 6, 30)
PNG_ALT = "Line chart: children looked after fell from 310 in April 2015 to 283 in March 2016."
SVG_ALT = "Line chart, drawn in SVG: the same fall from 310 to 283."


def _chart(alt: str) -> Chart:
    figure, axes = new_figure(2.0)
    axes.plot([1, 2], [310, 283])
    data = pd.DataFrame({"Month": ["Apr 2015", "Mar 2016"], "Children": ["310", "283"]})
    return Chart("3.1", "Fewer children were looked after", alt, figure, data)


def _as_svg(chart: Chart) -> str:
    """The chart's HTML with its PNG swapped for the same figure drawn as SVG."""
    drawn = io.BytesIO()
    chart.figure.savefig(drawn, format="svg", metadata={"Date": None})
    svg = base64.b64encode(drawn.getvalue()).decode("ascii")
    shown = chart._repr_html_()
    png = shown.split('src="', 1)[1].split('"', 1)[0]
    return shown.replace(png, f"data:image/svg+xml;base64,{svg}").replace('id="figure-3-1"', 'id="figure-3-2"')


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    table = html_table(pd.DataFrame({"Year": ["2014-15", "2015-16"], "Reviews": ["988", "882"]}), "Table 3.1: Reviews")
    body = "\n".join(
        [
            '<h2 id="s3">3. The looked-after population</h2>',
            "<p>The population fell.</p>",
            '<h3 id="s3-month">By month</h3>',
            _chart(PNG_ALT)._repr_html_(),
            _as_svg(_chart(SVG_ALT)),
            table,
        ]
    )
    section = Section(
        "section-03", "3. The looked-after population", body, [Heading(2, "s3", "3. The looked-after population")]
    )
    path = tmp_path_factory.mktemp("docx") / "report.html"
    path.write_text(page(TITLE, [section], subtitle="Reviews, 1 April 2015 to 31 March 2016"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def written(report_page):
    return write_docx(report_page, report_page.with_name("report.docx"), DATE)


def test_title_subtitle_and_heading_styles(written):
    document = docx.Document(written)
    styled = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name in ("Title", "Subtitle") or p.style.name.startswith("Heading")
    ]
    # the page's h1 is the document's title; its h2 (the contents, the section) Heading 1, its h3 Heading 2
    assert styled == [
        ("Title", TITLE),
        ("Subtitle", "Reviews, 1 April 2015 to 31 March 2016"),
        ("Heading 1", "Contents"),
        ("Heading 1", "3. The looked-after population"),
        ("Heading 2", "By month"),
    ]
    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "en-GB"
    assert "Skip to the report" not in "\n".join(p.text for p in document.paragraphs)


def test_charts_keep_their_alt_text_and_captions_and_svg_becomes_png(written):
    document = docx.Document(written)
    drawings = document.element.body.findall(".//" + qn("wp:docPr"))
    assert [d.get("descr") for d in drawings] == [PNG_ALT, SVG_ALT]
    captions = [p.text for p in document.paragraphs if p.style.name == "Image Caption"]
    assert captions == ["Figure 3.1: Fewer children were looked after"] * 2
    with zipfile.ZipFile(written) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        body = package.read("word/document.xml").decode("utf-8")
    assert len(media) == 2 and all(n.endswith(".png") for n in media), media
    assert "data:image" not in body, "pandoc's copy of each image's data: URL is removed"


def test_tables_have_captions_and_a_header_row_repeated_on_each_page(written):
    document = docx.Document(written)
    # the two charts' data tables (moved out of their <details>) and Table 3.1
    assert len(document.tables) == 3
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert [c.text for c in document.tables[2].rows[0].cells] == ["Year", "Reviews"]
    assert [c.text for c in document.tables[2].rows[2].cells] == ["2015-16", "882"]
    captions = [p.text for p in document.paragraphs if p.style.name == "Table Caption"]
    assert captions == ["Data for figure 3.1", "Data for figure 3.1", "Table 3.1: Reviews"]


def test_the_same_page_gives_the_same_bytes_dated_as_given(report_page, written, tmp_path):
    again = write_docx(report_page, tmp_path / "again.docx", DATE)
    assert again.read_bytes() == written.read_bytes()
    properties = docx.Document(written).core_properties
    assert properties.created == properties.modified == dt.datetime(2016, 6, 30, tzinfo=dt.UTC)


def test_a_reference_document_gives_its_page_set_up_and_styles(report_page, tmp_path):
    from docx.shared import Cm, Pt

    template = docx.Document()
    template.sections[0].left_margin = Cm(4)
    template.styles["Normal"].font.size = Pt(13)
    template.save(tmp_path / "committee.docx")
    document = docx.Document(write_docx(report_page, tmp_path / "report.docx", DATE, tmp_path / "committee.docx"))
    assert round(document.sections[0].left_margin.cm, 2) == 4  # held in twentieths of a point
    assert document.styles["Normal"].font.size == Pt(13)


def test_a_chart_table_follows_its_figure_and_the_skip_link_and_main_go():
    shown = _chart(PNG_ALT)._repr_html_()
    moved = tables_after_figures(shown)
    assert "<details" not in moved and "<summary" not in moved
    assert moved.index("</figure>") < moved.index("<table")
    page_for_word = for_word(page(TITLE, [], subtitle="S"))
    assert 'class="skip-link"' not in page_for_word and "<main" not in page_for_word and "<h1" not in page_for_word
    assert '<div custom-style="Subtitle"><p>S</p></div>' in page_for_word


def test_columns_are_sized_by_what_they_hold(tmp_path):
    months = pd.DataFrame(
        {"Reviews": ["Held"], **{f"{m} 2015": ["66"] for m in ("Apr", "May", "Jun", "Jul", "Aug", "Sep")}}
    )
    months = months.assign(**{f"{m} 2016": ["72"] for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun")}, Total=["882"])
    narrow = pd.DataFrame({"Year": ["2015-16"], "Reviews held within timescale": ["795"]})
    page_html = tmp_path / "report.html"
    page_html.write_text(
        page(TITLE, [Section("s", "S", html_table(months, "M") + html_table(narrow, "N"), [Heading(2, "s", "S")])])
    )
    document = docx.Document(write_docx(page_html, tmp_path / "report.docx", DATE))
    widths = [t._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")) for t in document.tables]
    # 14 columns need 12 x (8 + 3) + (7 + 3) + (4 + 3) = 149 characters, more than the 64 across the
    # page: the table fills the width (5000 fiftieths of a per cent); the narrow one needs
    # (7 + 3) + (15 + 3) = 28 characters, 28 / 64 of the width = 2187.5 fiftieths
    # (each column's share is written to two decimals of a per cent)
    assert abs(int(widths[0]) - 5000) <= 5 and abs(int(widths[1]) - 2187.5) <= 5
    grid = [int(c.get(qn("w:w"))) for c in document.tables[1]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(grid[1] / grid[0] - 18 / 10) < 0.01


BANNER = "Synthetic data: every number in this report is made up."


@pytest.fixture(scope="module")
def banner_page(report_page):
    path = report_page.with_name("banner.html")
    shown = report_page.read_text(encoding="utf-8")
    path.write_text(shown.replace("<header", f'<div class="synthetic-banner" role="note">{BANNER}</div>\n<header', 1))
    return path


def test_the_page_is_a4_unless_a_template_sets_it(written):
    section = docx.Document(written).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_synthetic_data_banner_heads_every_page(banner_page, tmp_path):
    document = docx.Document(write_docx(banner_page, tmp_path / "report.docx", DATE))
    assert [p.text for p in document.sections[0].header.paragraphs] == [BANNER]
    assert BANNER not in [p.text for p in document.paragraphs], "there, not once in the text"
    assert (
        write_docx(banner_page, tmp_path / "again.docx", DATE).read_bytes() == (tmp_path / "report.docx").read_bytes()
    )


def test_the_banner_goes_above_a_templates_own_header(banner_page, tmp_path):
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Corporate Parenting Board"
    template.save(tmp_path / "committee.docx")
    document = docx.Document(write_docx(banner_page, tmp_path / "report.docx", DATE, tmp_path / "committee.docx"))
    assert [p.text for p in document.sections[0].header.paragraphs] == [BANNER, "Corporate Parenting Board"]


def test_no_banner_no_header(written):
    assert docx.Document(written).sections[0].header.is_linked_to_previous, "no header of its own"


def test_a_template_pandoc_cannot_read_is_a_word_error(report_page, tmp_path):
    (tmp_path / "committee.docx").write_text("not a Word document")
    with pytest.raises(WordError, match="pandoc stopped with status"):
        write_docx(report_page, tmp_path / "report.docx", DATE, tmp_path / "committee.docx")
    assert not (tmp_path / "report.docx").exists()
