"""Look at a built report as its readers will: ``make screenshots``, and the browser
behind the accessibility test (``tests/report/test_accessibility.py``).

``python -m iru_analysis.report.screenshots [--year 2015-16] [--report DIR] [--out DIR]``
renders a built report (default ``outputs/<year>/``) to PNG files in ``--out`` (default
``outputs/screenshots/<year>/``, emptied first):

- ``html-1280px-NNN.png`` and ``html-320px-NNN.png``: ``report.html`` in headless
  Chromium at a desktop width and at 320 CSS px (the narrowest width the report must
  reflow to, WCAG 1.4.10), the whole page in slices one screenful (1,000 px) high;
- ``pdf-NN.png``: each page of ``report.pdf`` (pdftoppm, 60 dots per inch).

The screenshots are for looking at, not for publishing: they are written outside the
build's folder, so a build never publishes them, never lists them in its manifest and
never deletes them (a rebuild replaces ``outputs/<year>/`` whole), and the privacy check
does not read them.

The browser is Debian's ``chromium`` (or the one ``$CHROMIUM`` names), driven by the
npm packages ``playwright-core`` and ``axe-core`` that ``package.json`` pins (``make
install`` runs ``npm ci``; no browser is downloaded) through ``browser.mjs`` beside this
module, which needs the project's ``node_modules/`` and so runs from a checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..calendar import ReportingYear
from ..paths import OUTPUTS, PROJECT_ROOT

WIDTHS = (1280, 320)  # CSS px: a desktop, and the narrowest screen the report must reflow to
SLICE_HEIGHT = 1000  # CSS px: the height of the browser window, and of each HTML screenshot
PDF_DPI = 60  # an A4 page at 496 x 702 px: the layout shows, the text does not need to be read
BROWSER_TIMEOUT = 600  # seconds: axe-core on the demo report at two widths takes about 10
SCRIPT = Path(__file__).with_name("browser.mjs")
NODE_PACKAGES = ("axe-core", "playwright-core")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
SERIOUS = ("serious", "critical")  # axe-core's impacts that fail the accessibility test


class MissingTool(RuntimeError):
    """A program or package the screenshots or the accessibility test need is absent; the
    message names it and how to install it."""


@dataclass(frozen=True)
class Browser:
    """The programs that open a page: ``node`` and a Chromium executable."""

    node: str
    chromium: str


@dataclass(frozen=True)
class View:
    """What the browser found at one window width: the page's width and height as laid
    out (``scroll_width`` above ``width`` means the page scrolls sideways), the
    screenshots taken and axe-core's violations (``id``, ``impact``, ``help`` and the
    ``nodes`` as CSS selectors)."""

    width: int
    scroll_width: int
    scroll_height: int
    shots: list[Path]
    violations: list[dict]


def find_browser() -> Browser:
    """``node`` and Chromium, or MissingTool naming what is absent (the npm packages
    included) and how to install it."""
    chromium = os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    node = shutil.which("node")
    packages = [name for name in NODE_PACKAGES if not (PROJECT_ROOT / "node_modules" / name).is_dir()]
    missing = [
        *([] if chromium else ["Chromium (apt-get install chromium, or name it in $CHROMIUM)"]),
        *([] if node else ["Node.js (apt-get install nodejs npm)"]),
        *([f"the npm packages {' and '.join(packages)} (npm ci in {PROJECT_ROOT})"] if packages else []),
    ]
    if missing:
        raise MissingTool(f"no browser to open the report: missing {'; '.join(missing)}")
    return Browser(node=node, chromium=chromium)


def open_page(
    html: Path,
    widths: tuple[int, ...] = WIDTHS,
    *,
    axe: bool = False,
    shots: Path | None = None,
    browser: Browser | None = None,
) -> list[View]:
    """Open ``html`` in headless Chromium at each of ``widths``; with ``axe``, run
    axe-core on it (its default rules: WCAG 2.x A and AA and best practices); with
    ``shots`` (an existing folder), save the whole page there as PNG slices
    ``html-<width>px-NNN.png``. Raises MissingTool when the browser is absent and
    RuntimeError (with the browser's message) when it fails or hangs."""
    browser = browser or find_browser()
    request = {
        "chromium": browser.chromium,
        "html": str(Path(html).resolve()),
        "widths": list(widths),
        "height": SLICE_HEIGHT,
        "axe": axe,
        "shots": str(Path(shots).resolve()) if shots else None,
    }
    command = [browser.node, str(SCRIPT), json.dumps(request)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=BROWSER_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"the browser did not finish with {html} in {BROWSER_TIMEOUT} s") from None
    if done.returncode != 0:
        raise RuntimeError(f"the browser failed on {html}:\n{done.stderr.strip()}")
    return [
        View(v["width"], v["scroll_width"], v["scroll_height"], [Path(p) for p in v["shots"]], v["violations"])
        for v in json.loads(done.stdout)
    ]


def serious(violations: list[dict]) -> list[str]:
    """The serious and critical violations among axe-core's, one line each: rule, impact,
    what it asks, and the elements that break it.

    >>> serious([{"id": "image-alt", "impact": "critical", "help": "Images must have alternative text",
    ...           "nodes": ["#figure-1 > img"]},
    ...          {"id": "region", "impact": "moderate", "help": "All content should be in landmarks", "nodes": ["p"]}])
    ['image-alt (critical): Images must have alternative text: #figure-1 > img']
    """
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: {', '.join(v['nodes'])}" for v in violations if v["impact"] in SERIOUS
    ]


def pdf_pages(pdf: Path, folder: Path, dpi: int = PDF_DPI) -> list[Path]:
    """Each page of ``pdf`` as ``folder/pdf-NN.png`` (pdftoppm), or MissingTool."""
    if not shutil.which("pdftoppm"):
        raise MissingTool("pdftoppm is missing (apt-get install poppler-utils)")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / "pdf")], check=True)
    return sorted(folder.glob("pdf-*.png"))


def take_screenshots(report: Path, dest: Path) -> tuple[list[View], list[Path]]:
    """Screenshots of the built report in ``report`` into ``dest`` (its PNG files removed
    first, so none is left from an earlier report): the HTML at each of :data:`WIDTHS`
    (one :class:`View` each) and the pages of ``report.pdf`` when there is one."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("*.png"):
        old.unlink()
    views = open_page(report / "report.html", shots=dest)
    pages = pdf_pages(report / "report.pdf", dest) if (report / "report.pdf").is_file() else []
    return views, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m iru_analysis.report.screenshots",
        description="Render a built report's HTML (1280 and 320 px wide) and PDF pages to PNG files.",
    )
    parser.add_argument("--year", default="2015-16", help="the reporting year (default 2015-16)")
    parser.add_argument("--report", type=Path, help="the built report's folder (default outputs/<year>)")
    parser.add_argument("--out", type=Path, help="where the PNG files go (default outputs/screenshots/<year>)")
    args = parser.parse_args(argv)
    year = ReportingYear.parse(args.year).label
    report = args.report or OUTPUTS / year
    dest = args.out or OUTPUTS / "screenshots" / year
    if not (report / "report.html").is_file():
        print(f"No report.html in {report}: build the report first (make report).", file=sys.stderr)
        return 1
    try:
        views, pages = take_screenshots(report, dest)
    except MissingTool as exc:
        print(f"Cannot take the screenshots: {exc}.", file=sys.stderr)
        return 1
    for view in views:
        sideways = (
            f" (the page scrolls sideways: {view.scroll_width} px wide)" if view.scroll_width > view.width else ""
        )
        print(f"report.html at {view.width} px: {len(view.shots)} screenshots{sideways}")
    print(f"report.pdf: {len(pages)} pages" if pages else "report.pdf: none in the report's folder")
    print(f"PNG files in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
