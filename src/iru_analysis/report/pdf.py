"""Print the HTML report to an A4 PDF.

WeasyPrint (a PyPI dependency; it needs the system's Pango, present on Debian) is
tried first: it honours the report's ``@page`` rules (A4, page numbers). When it cannot
be imported or fails, Debian's Chromium (``chromium --headless --print-to-pdf``) is
tried if installed. When neither works, :func:`write_pdf` returns the reason and the
build carries on without a PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_TIMEOUT = 180  # seconds


@dataclass(frozen=True)
class PdfResult:
    """What happened: the engine used (or None) and, when no PDF was written, why."""

    path: Path | None
    engine: str | None
    reason: str = ""


def _weasyprint(html_file: Path, pdf_file: Path) -> None:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # unsupported-CSS notes are not errors
    weasyprint.HTML(filename=str(html_file), base_url=str(html_file.parent)).write_pdf(
        str(pdf_file), presentational_hints=True
    )


def _chromium(html_file: Path, pdf_file: Path) -> None:
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
            ENGINES[name](html_file, pdf_file)
            return PdfResult(pdf_file, name)
        except Exception as exc:  # noqa: BLE001 - any failure means: try the next engine
            pdf_file.unlink(missing_ok=True)
            reasons.append(
                f"{name}: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
            )
    return PdfResult(None, None, "; ".join(reasons))
