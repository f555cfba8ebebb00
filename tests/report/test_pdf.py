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
