"""The demo year's report.pdf as a committee reads it: tagged for screen readers, in the
project's typeface, no heading left at the foot of a page, nothing past the right margin,
and a councillor's length.

Every test reads the session's one build of the demo year (``built``, tests/conftest.py). The
page's words and their boxes come from poppler's ``pdftotext -bbox`` (y measured down from
the top of the page); the headings and where they stand from the PDF's bookmarks (pypdf);
the structure tree from pikepdf.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections import Counter
from dataclasses import dataclass

import pikepdf
import pytest
from pypdf import PdfReader

from html_outline import outline

pytestmark = pytest.mark.slow

PAGES = (20, 32)  # the councillor's version of the demo year: 27 pages when this was written (42 before)
FOOTER = re.compile(r"Page \d+ of \d+")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]  # in reading order, the page's footer left out

    def after(self, y: float) -> list[Word]:
        """The words whose top is at ``y`` or lower on the page, top to bottom, left to right."""
        return sorted((w for w in self.words if w.y0 >= y - 1), key=lambda w: (round(w.y0), w.x0))


@dataclass(frozen=True)
class Bookmark:
    level: int
    title: str
    page: int
    y: float  # the heading's top, down from the top of the page


@pytest.fixture(scope="module")
def pdf_file(built):
    return built[0] / "report.pdf"


@pytest.fixture(scope="module")
def pages(pdf_file) -> list[Page]:
    """The pages' words, less what stands in the page margins: the footer's line ("Page 3 of
    27") and anything above the text block (its top margin is as wide as the left one, report.css)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout
    every = [
        (
            float(width),
            float(height),
            [
                Word(html.unescape(text), *map(float, box))
                for *box, text in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body
                )
            ],
        )
        for width, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.DOTALL)
    ]
    left = min(w.x0 for _, _, words in every for w in words)
    found = []
    for n, (width, height, words) in enumerate(every, 1):
        texts = [w.text for w in words]
        at = next((i for i in range(len(words) - 3) if FOOTER.fullmatch(" ".join(texts[i : i + 4]))), None)
        assert at is not None or n == 1, f"page {n} has no page number"
        bottom = words[at].y0 - 1 if at is not None else height
        found.append(Page(width, height, [w for w in words if w.y1 > left and w.y0 < bottom]))
    return found


@pytest.fixture(scope="module")
def bookmarks(pdf_file) -> list[Bookmark]:
    reader = PdfReader(pdf_file)
    height = float(reader.pages[0].mediabox.height)
    found: list[Bookmark] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append(Bookmark(level, item.title, reader.get_destination_page_number(item), height - item.top))

    walk(reader.outline, 1)
    return found


def test_page_count_is_a_councillors_version(pages):
    assert PAGES[0] <= len(pages) <= PAGES[1], len(pages)


def test_no_heading_is_the_last_thing_on_its_page(pages, bookmarks):
    # a heading stranded at the foot of a page, or alone on one, has no word under it on its page
    stranded = []
    for mark in bookmarks:
        below = pages[mark.page].after(mark.y)
        heading = mark.title.split()
        assert [w.text for w in below[: len(heading)]] == heading, (mark, below[:8])
        if len(below) == len(heading):
            stranded.append(f"page {mark.page + 1}: {mark.title}")
    assert not stranded


def test_nothing_runs_past_the_text_block(pages):
    # the margins are the same left and right (report.css @page): the text block runs from the
    # leftmost word of the report to as far from the right edge; a table wider than it puts its
    # last columns past that line (the review conferences table did, its Total off the page)
    left = min(w.x0 for page in pages for w in page.words)
    past = [
        f"page {n}: {w.text} ends at {w.x1:.1f}pt"
        for n, page in enumerate(pages, 1)
        for w in page.words
        if w.x1 > page.width - left + 0.5
    ]
    assert left > 30 and not past, past


def test_the_pdf_is_tagged_with_every_heading_table_and_chart(pdf_file, built, bookmarks):
    page = (built[0] / "report.html").read_text(encoding="utf-8")
    shape = outline(page)
    counts: Counter[str] = Counter()
    alts: list[str] = []
    cells_in_tables: list[set[str]] = []

    def walk(node, table: set[str] | None) -> None:
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            tag = str(node.S)[1:]
            counts[tag] += 1
            if tag == "Figure":
                alts.append(str(node.get("/Alt", "")))
            if tag == "Table":
                table = set()
                cells_in_tables.append(table)
            elif table is not None:
                table.add(tag)
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            walk(kid, table)

    with pikepdf.open(pdf_file) as pdf:
        assert pdf.Root.MarkInfo.Marked and pdf.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf.Root.Lang) == shape.html_attrs["lang"] == "en-GB"
        assert str(pdf.docinfo.Title) == shape.title
        walk(pdf.Root.StructTreeRoot, None)
        fonts = {str(f.BaseFont).split("+")[-1] for p in pdf.pages for f in p.Resources.Font.values()}
    # every heading of the page, at its level, as a structure element and a bookmark
    headings = Counter(f"H{level}" for level in shape.headings)
    assert {tag: counts[tag] for tag in headings} == dict(headings)
    assert [(b.level, b.title) for b in bookmarks] == [
        (int(level), " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()))
        for level, text in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", page, re.DOTALL)
    ]
    # every chart a Figure with its alt text, in order; every table with header and data cells
    assert alts == [img["alt"] for img in shape.imgs] and len(alts) >= 15  # the demo's charts
    assert len(cells_in_tables) >= 10 and all({"TH", "TD", "Caption"} <= cells for cells in cells_in_tables)
    # the project's typeface only (report/fonts.py), whatever fonts the machine has
    assert fonts == {"Source-Sans-Pro", "Source-Sans-Pro-Bold", "Source-Sans-Pro-Italic"}, fonts


def test_the_html_keeps_what_print_leaves_out(built, pages):
    page = (built[0] / "report.html").read_text(encoding="utf-8")
    printed = " ".join(w.text for p in pages for w in p.words)
    assert page.count('<details class="iru-chart-data">') == page.count("<figure") >= 15
    assert "Data for figure" not in printed
    assert "lac_month_end" in page and "lac_month_end" not in printed  # the definitions: the HTML's annex
    assert "leaves out the tables of the numbers behind each chart" in printed
