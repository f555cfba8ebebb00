"""Print the HTML report to an A4 PDF.

WeasyPrint (a PyPI dependency; it needs the system's Pango, present on Debian) is
tried first: it honours the report's ``@page`` rules (A4, page numbers) and writes a
tagged PDF (:data:`PDF_VARIANT`, PDF/UA-1: a structure tree of headings, paragraphs,
lists, tables with their header cells, and figures carrying the charts' alt text; the
document's language and title from the page's ``lang`` and ``<title>``, shown as the
window title; the headings as bookmarks). Its text is set in the project's typeface
(:mod:`.fonts`), so the pages break in the same places whatever fonts the machine has.
It prints each chart's print copy (:func:`print_images`: the chart's text as text in that
typeface, embedded once, instead of the screen's thousands of glyph outlines, which took
WeasyPrint about 7 s to write). When it cannot be imported or fails, Debian's Chromium
(``chromium --headless --print-to-pdf``) is tried if installed; it prints the page as a
browser shows it. When neither works, :func:`write_pdf` returns the reason and the build
carries on without a PDF.

The PDF holds nothing from outside the build folder but the typeface. WeasyPrint
fetches through a URL fetcher that serves ``data:`` URLs, files inside the folder of the
HTML file (:func:`inside_folder`) and the font files in the font package's own folder
(:func:`.fonts.font_folder`), and refuses every other URL: a file elsewhere (the data folder, say, which
a link with ``rel="attachment"`` would embed in the PDF) and every network address. A
refused URL leaves that image or attachment out; :attr:`PdfResult.refused` lists them.
Chromium reads the page's Content-Security-Policy (:mod:`.stitch`), which allows embedded
images and styles only.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import fonts

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_TIMEOUT = 180  # seconds
PDF_VARIANT = "pdf/ua-1"  # WeasyPrint: tagged (pdf_tags), PDF 1.7, with the PDF/UA identification


@dataclass(frozen=True)
class PdfResult:
    """What happened: the engine used (or None), when no PDF was written why, and the URLs
    the engine was refused (:func:`inside_folder`)."""

    path: Path | None
    engine: str | None
    reason: str = ""
    refused: tuple[str, ...] = ()


class RefusedURL(ValueError):
    """A URL the PDF engine may not fetch; WeasyPrint leaves its resource out."""


def _fetcher(folder: Path, font_folder: Path):
    """A WeasyPrint URL fetcher confined to ``folder`` and, for the typeface, ``font_folder``
    (:func:`inside_folder`)."""
    from weasyprint.urls import URLFetcher

    class BuildFolderFetcher(URLFetcher):
        """Fetches ``data:`` URLs and ``file:`` URLs inside ``folder`` or ``font_folder``
        (symbolic links resolved); refuses everything else, recording it in ``refused``."""

        def __init__(self) -> None:
            super().__init__()
            self.refused: list[str] = []

        def fetch(self, url: str, headers=None):
            if not (inside_folder(url, folder) or (inside_folder(url, font_folder) and url.endswith(".ttf"))):
                self.refused.append(url)
                raise RefusedURL(f"{url[:80]} is outside the build folder: the PDF holds nothing from elsewhere")
            return super().fetch(url, headers)

    return BuildFolderFetcher()


def inside_folder(url: str, folder: Path) -> bool:
    """Whether the PDF engine may fetch ``url``: a ``data:`` URL, or a ``file:`` URL of a
    file inside ``folder`` once symbolic links are resolved.

    >>> inside_folder("file:///etc/passwd", Path("/tmp/build")), inside_folder("https://example.org/a.png", Path("/"))
    (False, False)
    >>> inside_folder("data:image/png;base64,AAAA", Path("/tmp/build"))
    True
    """
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme.lower() == "data":
        return True
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(unquote(parts.path)).resolve().is_relative_to(Path(folder).resolve())


def without_page_links(page: str) -> str:
    """``page`` with its links to the notebooks' pages for reviewers turned into plain text:
    the PDF travels without them, and a PDF engine would write each relative link as the
    build folder's absolute path.

    >>> without_page_links('See <a href="notebooks/05_reviews.html">5. Reviews</a>.')
    'See 5. Reviews.'
    """
    return _PAGE_LINK.sub(r"\1", page)


_PAGE_LINK = re.compile(r'<a href="notebooks/\d\d_[a-z_]+\.html">(.*?)</a>', re.DOTALL)


def print_images(page: str) -> str:
    """``page`` with each image that has a print copy (a chart's ``data-print`` attribute,
    :class:`.charts.Chart`) showing that copy instead of its screen ``src``.

    >>> print_images('<img src="data:image/svg+xml;base64,U0NSRUVO" alt="A chart" data-print="data:P">')
    '<img src="data:P" alt="A chart">'
    >>> print_images('<img src="logo.png" alt="Logo">')
    '<img src="logo.png" alt="Logo">'
    """
    return _PRINT_COPY.sub(r"\1\3\2", page)


_PRINT_COPY = re.compile(r'(<img src=")[^"]*(" [^>]*?) data-print="([^"]*)"')


def _weasyprint(html_file: Path, pdf_file: Path) -> tuple[str, ...]:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # unsupported-CSS notes are not errors
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher(html_file.parent, fonts.font_folder())
    font_config = FontConfiguration()  # the @font-face rules of the typeface are read into it
    typeface = weasyprint.CSS(string=fonts.font_face_css(), url_fetcher=fetcher, font_config=font_config)
    page = print_images(without_page_links(html_file.read_text(encoding="utf-8")))
    weasyprint.HTML(string=page, base_url=str(html_file.parent), url_fetcher=fetcher).write_pdf(
        str(pdf_file),
        stylesheets=[typeface],
        font_config=font_config,
        presentational_hints=True,
        pdf_variant=PDF_VARIANT,
    )
    return tuple(fetcher.refused)


def _chromium(html_file: Path, pdf_file: Path) -> tuple[str, ...]:
    browser = next((shutil.which(n) for n in CHROMIUM_NAMES if shutil.which(n)), None)
    if browser is None:
        raise FileNotFoundError("Chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf_file}",
                html_file.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=CHROMIUM_TIMEOUT,
        )
    if not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise RuntimeError("Chromium wrote no PDF")
    return ()


ENGINES = {"weasyprint": _weasyprint, "chromium": _chromium}


def write_pdf(html_file: Path, pdf_file: Path, engines: tuple[str, ...] = ("weasyprint", "chromium")) -> PdfResult:
    """Write ``pdf_file`` from ``html_file`` with the first engine that works.

    Never raises for a missing or failing engine: the result says which engine was used,
    or why there is no PDF.
    """
    html_file, pdf_file = Path(html_file), Path(pdf_file)
    reasons = []
    for name in engines:
        try:
            refused = ENGINES[name](html_file, pdf_file)
            return PdfResult(pdf_file, name, refused=tuple(refused or ()))
        except Exception as exc:  # noqa: BLE001 - any failure means: try the next engine
            pdf_file.unlink(missing_ok=True)
            reasons.append(
                f"{name}: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
            )
    return PdfResult(None, None, "; ".join(reasons))
