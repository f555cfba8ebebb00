"""The report in a browser (iru_analysis.report.screenshots): axe-core finds no serious or
critical violation, and the page reflows to 320 CSS px without scrolling sideways (WCAG
1.4.10), its wide tables scrolling inside their own box.

Headless Chromium (Debian's ``chromium``) driven by the npm packages ``playwright-core``
and ``axe-core`` (``npm ci``). Where any of them is absent the tests that open a page are
skipped, saying what is missing; with ``IRU_BROWSER_REQUIRED`` set (``.ci/run`` sets it,
after installing them) they fail instead, so CI never skips them.
"""

from __future__ import annotations

import os
from importlib.resources import files

import pandas as pd
import pytest

from iru_analysis.report.screenshots import MissingTool, find_browser, main, open_page, serious, take_screenshots
from iru_analysis.report.tables import Table

CSS = files("iru_analysis.report").joinpath("templates/report.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    try:
        return find_browser()
    except MissingTool as exc:
        if os.environ.get("IRU_BROWSER_REQUIRED"):
            pytest.fail(f"{exc} (IRU_BROWSER_REQUIRED is set)")
        pytest.skip(str(exc))


def _page(body: str) -> str:
    """A page as the report makes one: its stylesheet, a language, a title, a main landmark."""
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Test</title>'
        f"<style>{CSS}</style></head><body><main><h1>Test</h1>{body}</main></body></html>"
    )


# A table by month: a row heading and 13 columns of four-digit numbers. Each number column
# is at least 4 digits (about 2.2em at 0.95rem) plus 1.2em of padding, so the table needs
# well over 13 x 3.4em = 44em, about 700 px: far wider than the 272 px a 320 px screen
# leaves inside the body's 1rem gutters.
MONTHS = [f"{m} 2015" for m in ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]] + [
    f"{m} 2016" for m in ["Jan", "Feb", "Mar"]
]
WIDE = Table(
    "1.1",
    "Meetings held by month",
    pd.DataFrame([["Meetings held", *["1,234"] * 12, "14,808"]], columns=["Meetings", *MONTHS, "Total"]),
    notes=["A note long enough to need several lines on a narrow screen, which it must get without scrolling."],
)


def test_a_wide_table_scrolls_in_its_own_box_and_the_page_does_not(browser, tmp_path):
    html = tmp_path / "wide.html"
    html.write_text(_page(f"<p>Text.</p>{WIDE._repr_html_()}"), encoding="utf-8")
    (view,) = open_page(html, (320,), axe=True, browser=browser)
    assert view.scroll_width == 320
    assert serious(view.violations) == []  # the scrolling wrapper is focusable (scrollable-region-focusable)


def test_the_checks_fail_on_a_page_that_scrolls_sideways_or_has_an_image_without_alt_text(browser, tmp_path):
    html = tmp_path / "bad.html"
    bare_table = WIDE._repr_html_().split("\n", 1)[1].rsplit("\n", 1)[0]  # the <table> without its wrapper
    html.write_text(_page(f'{bare_table}<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'), encoding="utf-8")
    (view,) = open_page(html, (320,), axe=True, browser=browser)
    assert view.scroll_width > 320 + 300  # the table, about 700 px wide, sticks out of the page
    assert [line.split(" ")[0] for line in serious(view.violations)] == ["image-alt"]


def test_screenshots_of_a_small_report(browser, tmp_path):
    report, dest = tmp_path / "2015-16", tmp_path / "shots"
    report.mkdir()
    dest.mkdir()
    (dest / "old.png").write_bytes(b"")  # from an earlier report: removed
    (report / "report.html").write_text(_page("<p>One screenful.</p>"), encoding="utf-8")
    weasyprint = pytest.importorskip("weasyprint")
    weasyprint.HTML(string=_page("<p>Page 1</p><p style='break-before: page'>Page 2</p>")).write_pdf(
        report / "report.pdf"
    )
    views, pages = take_screenshots(report, dest)
    assert [(v.width, [p.name for p in v.shots]) for v in views] == [
        (1280, ["html-1280px-001.png"]),  # the page is shorter than one slice (1,000 px)
        (320, ["html-320px-001.png"]),
    ]
    assert [p.name for p in pages] == ["pdf-1.png", "pdf-2.png"]
    assert sorted(p.name for p in dest.iterdir()) == [
        "html-1280px-001.png",
        "html-320px-001.png",
        *[p.name for p in pages],
    ]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in dest.iterdir())


def test_screenshots_need_a_built_report(tmp_path, capsys):
    assert main(["--report", str(tmp_path), "--out", str(tmp_path / "shots")]) == 1
    assert "build the report first" in capsys.readouterr().err
    assert not (tmp_path / "shots").exists()


# --- the demo year's report --------------------------------------------------------------


REPORTS = ["report.html", "public/report.html"]  # the build for publication, and its public version


@pytest.fixture(scope="module")
def views(built, browser):
    return {
        (name, view.width): view for name in REPORTS for view in open_page(built[0] / name, axe=True, browser=browser)
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("width", [1280, 320])
def test_the_report_has_no_serious_accessibility_violation(views, name, width):
    found = serious(views[name, width].violations)
    assert not found, f"axe-core on {name} at {width} px:\n" + "\n".join(found)


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORTS)
def test_the_report_reflows_to_320_px(views, name):
    assert views[name, 320].scroll_width <= 320 + 1, f"at 320 px {name} is {views[name, 320].scroll_width} px wide"
