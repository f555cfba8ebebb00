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
