"""Printing the report to PDF (iru_analysis.report.pdf)."""

from __future__ import annotations

from iru_analysis.report import pdf
from iru_analysis.report.pdf import write_pdf


def test_weasyprint_prints_an_a4_pdf(tmp_path):
    html = tmp_path / "report.html"
    html.write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><style>@page { size: A4 }</style></head>'
        "<body><h1>Report</h1></body></html>"
    )
    result = write_pdf(html, tmp_path / "report.pdf", engines=("weasyprint",))
    assert result.engine == "weasyprint" and result.path == tmp_path / "report.pdf"
    assert result.path.read_bytes().startswith(b"%PDF-")


def test_the_report_stylesheet_prints_on_a4():
    import weasyprint

    from iru_analysis.report.stitch import page

    document = weasyprint.HTML(string=page("Title", [])).render()
    # A4 is 210 x 297 mm; WeasyPrint measures in CSS pixels, 96 to the inch (25.4 mm)
    width_mm, height_mm = (round(x * 25.4 / 96) for x in (document.pages[0].width, document.pages[0].height))
    assert (width_mm, height_mm) == (210, 297)


def test_no_engine_means_no_pdf_and_a_reason(tmp_path, monkeypatch):
    def broken(html_file, pdf_file):
        pdf_file.write_bytes(b"partial")
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setitem(pdf.ENGINES, "weasyprint", broken)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    html = tmp_path / "report.html"
    html.write_text("<p>x</p>")
    result = write_pdf(html, tmp_path / "report.pdf")
    assert result.path is None and result.engine is None
    assert not (tmp_path / "report.pdf").exists(), "a partial PDF is removed"
    assert result.reason == (
        "weasyprint: OSError: cannot load library 'libpango-1.0-0'; "
        "chromium: FileNotFoundError: Chromium is not installed"
    )


def _pdf_text_and_attachments(pdf_file) -> tuple[str, str]:
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout
    listed = subprocess.run(["pdfdetach", "-list", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    return text, listed


def test_weasyprint_fetches_nothing_from_outside_the_build_folder(tmp_path):
    # a data file outside the build folder, linked as an attachment, an image, an iframe, a
    # stylesheet and through a symbolic link inside the folder; a network stylesheet and image;
    # and one attachment inside the folder, which is embedded (so the others are refused, not broken)
    data = tmp_path / "data"
    data.mkdir()
    (data / "chairs.csv").write_text("C0012345,2009-02-14,SY1 1AA\n")
    build = tmp_path / "build"
    build.mkdir()
    (build / "inside.csv").write_text("a table of counts\n")
    (build / "link.csv").symlink_to(data / "chairs.csv")
    outside = (data / "chairs.csv").as_uri()
    html = build / "report.html"
    html.write_text(
        "<!DOCTYPE html><html><head>"
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        f'<link rel="stylesheet" href="{outside}">'
        "</head><body><p>Report</p>"
        f'<a rel="attachment" href="{outside}">data</a>'
        '<a rel="attachment" href="../data/chairs.csv">data</a>'
        '<a rel="attachment" href="link.csv">link</a>'
        '<a rel="attachment" href="inside.csv">inside</a>'
        f'<img src="{outside}" alt="x"><img src="https://127.0.0.1:9/x.png" alt="y">'
        f'<object data="{outside}">z</object>'
        "</body></html>"
    )
    result = write_pdf(html, tmp_path / "report.pdf", engines=("weasyprint",))
    assert result.engine == "weasyprint"
    text, listed = _pdf_text_and_attachments(result.path)
    assert "C0012345" not in text
    assert listed.splitlines() == ["1 embedded files", "1: inside.csv"]
    assert set(result.refused) == {
        "http://127.0.0.1:9/x.css",
        outside,
        (build / "link.csv").as_uri(),
        "https://127.0.0.1:9/x.png",
    }


def test_inside_folder_resolves_symbolic_links_and_refuses_other_hosts(tmp_path):
    (tmp_path / "out").symlink_to("/etc")
    assert pdf.inside_folder((tmp_path / "a.png").as_uri(), tmp_path)
    assert not pdf.inside_folder((tmp_path / "out" / "passwd").as_uri(), tmp_path)
    assert not pdf.inside_folder(f"file://example.org{tmp_path}/a.png", tmp_path)
    assert not pdf.inside_folder("ftp://example.org/a.png", tmp_path)


# --- tagged PDF, typeface and print layout on a small page of the report ---------------------


def _struct_elements(pdf_file) -> list[tuple[str, str | None]]:
    """``(structure type, /Alt or None)`` of every element of the PDF's structure tree, in order."""
    import pikepdf

    found: list[tuple[str, str | None]] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append((str(node.S)[1:], str(node.Alt) if "/Alt" in node else None))
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            walk(kid)

    with pikepdf.open(pdf_file) as pdf:
        walk(pdf.Root.StructTreeRoot)
    return found


def _small_report(folder, wide: bool = False):
    """A report page of one section: a heading, a sentence, a chart (with its data table) and a
    table, written to ``folder/report.html``. ``wide``: the table has a column for each month."""
    import pandas as pd

    from iru_analysis.report import charts
    from iru_analysis.report.stitch import Heading, Section, page
    from iru_analysis.report.tables import html_table

    months = [f"{m} 2015" for m in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")]
    months += ["Jan 2016", "Feb 2016", "Mar 2016"] if wide else []
    data = pd.DataFrame({"Month": months, "Reviews": [60 + i for i in range(len(months))]})
    chart = charts.Chart(
        "5.1",
        "Reviews held each month",
        "Line chart: reviews held rose from 60 in April 2015 to 71 in March 2016.",
        charts.line_chart(data, "Month", "Reviews"),
        data,
    )
    # a row label, a column for each month and a total; four-digit counts, percentages to one decimal
    rows = ["Review conferences held", "Held in timescale", "% held in timescale"]
    table = pd.DataFrame({"Review child protection conferences 2015-16": rows})
    for month in [*months, "Total"]:
        table[month] = ["1,000", "1,000", "100.0%"]
    body = (
        '<h2 id="s-5">5. Care plan reviews</h2><p>Reviews were held on time.</p>'
        + chart._repr_html_()
        + html_table(table, "Table 5.1: Reviews by month")
    )
    section = Section("section-05", "5. Care plan reviews", body, [Heading(2, "s-5", "5. Care plan reviews")])
    html_file = folder / "report.html"
    html_file.write_text(page("Demo Independent Chairperson's Report 2015-16", [section]), encoding="utf-8")
    return html_file, chart


def test_the_pdf_is_tagged_for_screen_readers(tmp_path):
    # PDF/UA-1: the structure tree holds the headings, the table with its header and data cells,
    # and the chart as a Figure whose /Alt is the chart's alt text; language, title, bookmarks
    import pikepdf

    html_file, chart = _small_report(tmp_path)
    result = write_pdf(html_file, tmp_path / "report.pdf", engines=("weasyprint",))
    assert result.refused == (), "the typeface is fetched from the font package's folder"
    elements = _struct_elements(result.path)
    tags = [tag for tag, _ in elements]
    assert tags[0] == "Document" and {"H1", "H2", "P", "Table", "TH", "TD", "Caption"} <= set(tags)
    assert [alt for tag, alt in elements if tag == "Figure"] == [chart.alt]
    with pikepdf.open(result.path) as pdf:
        assert pdf.Root.MarkInfo.Marked and pdf.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title) == "Demo Independent Chairperson's Report 2015-16"
        assert b'pdfuaid:part="1"' in pdf.Root.Metadata.read_bytes()
        bookmarks = [(item.title, [child.title for child in item.children]) for item in pdf.open_outline().root]
        assert bookmarks == [("Demo Independent Chairperson's Report 2015-16", ["Contents", "5. Care plan reviews"])]
        fonts = {str(f.BaseFont).split("+")[-1] for p in pdf.pages for f in p.Resources.Font.values()}
    assert fonts <= {"Source-Sans-Pro", "Source-Sans-Pro-Bold", "Source-Sans-Pro-Italic"}, fonts


def test_the_printed_chart_leaves_its_data_table_to_the_html(tmp_path):
    html_file, chart = _small_report(tmp_path)
    result = write_pdf(html_file, tmp_path / "report.pdf", engines=("weasyprint",))
    text, _ = _pdf_text_and_attachments(result.path)
    assert "Figure 5.1: Reviews held each month" in text and "Table 5.1: Reviews by month" in text
    # the chart's print copy, its text as text: its point labels, 60 in April 2015 to 68 in
    # December, are words of the page (the table holds only "1,000" and "100.0%")
    assert {"60", "68"} <= set(text.split())
    assert "Data for figure 5.1" not in text  # the HTML keeps it (its technical annex)
    assert "Data for figure 5.1" in html_file.read_text()


def test_a_wide_monthly_table_fits_the_text_block(tmp_path):
    # 14 columns (a label, twelve months, a total) at the report's print sizes: the table
    # is no wider than the page's content box (at 9pt with the cells sized to their text, the
    # stylesheet before, it ran about 140px, its last two columns, past the right margin)
    import weasyprint
    from weasyprint.formatting_structure import boxes

    html_file, _ = _small_report(tmp_path, wide=True)
    document = weasyprint.HTML(filename=str(html_file)).render()
    tables = []
    for page in document.pages:
        content = page._page_box.children[0]  # the <html> box fills the page's content area
        right = content.content_box_x() + content.width
        tables += [
            (box.position_x + box.margin_width(), right)
            for box in page._page_box.descendants()
            if isinstance(box, boxes.TableBox)
        ]
    assert tables and all(end <= right + 0.01 for end, right in tables), tables
