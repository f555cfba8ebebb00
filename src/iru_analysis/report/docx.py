"""Write the report as a Word document, ``report.docx``, from the stitched ``report.html``.

Committees take Word documents. pandoc converts the same page the HTML and PDF show (the
pandoc binary ships in the ``pypandoc-binary`` wheel: nothing is downloaded or installed
at run time), after a few rewrites for Word (:func:`for_word`):

- the whole ``<body>`` is converted (pandoc alone would read ``<main>`` only), so the
  title page and whatever front matter the page holds come through; the "skip to the
  report" link, which means nothing on paper, is left out;
- the synthetic-data banner (the element of class ``synthetic-banner``, when the data
  folder is marked as demo data) heads every page, in the page header (:func:`with_banner`),
  rather than standing once below the title;
- the page's ``<h1>`` becomes the document's title (Word's *Title* style, and the title in
  the document's properties), its subtitle the *Subtitle* style, and every heading moves
  up one level: sections are *Heading 1*, their parts *Heading 2*, and so on;
- a chart's data table, in a ``<details>`` box inside the chart's ``<figure>`` on the
  page, follows the chart (Word has no box to open): the chart and its caption stay a
  figure, the table keeps its own caption;
- each table's columns are sized by what they hold (:func:`column_widths`): pandoc alone
  gives every column an equal share, which crushes a table of twelve months;
- an SVG image is rendered to PNG (resvg, at twice its CSS size): Word before 2016 shows
  no SVG, and pandoc needs a program the machine may not have for the PNG it would add.

So Word gets real heading styles (its navigation pane lists the sections), captions in
the *Image Caption* and *Table Caption* styles (pandoc's, based on Word's *Caption*),
tables whose header row repeats on each page, each chart's alt text as its picture's
description (``descr``), and the page's language, on A4 (:func:`on_a4`).
``reference_docx`` (the parameters' ``reference_docx``: a unit's committee template)
gives the styles, page size, margins, headers and footers (pandoc's ``--reference-doc``).

Two conversions of the same page give the same bytes: pandoc, sandboxed, records no time
of its own (its zip entries are dated 1 January 1980), the document's properties are dated
``date`` (the build gives the parameters' ``as_at``, the report's "at the time of
writing"), and pictures are named by their place in the document.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote

SVG_ZOOM = 2.0  # pixels per CSS pixel of an SVG rendered to PNG
TEXT_WIDTH = 64  # characters of a table's text across the page (A4, Word's body text)
CELL_PADDING = 3  # characters of a column's space and borders
SHORT_CELL = 10  # characters: a cell no longer stays on one line ("Apr 2015", "1,234")
LONG_CELL = 30  # characters: a longer cell takes more lines rather than more width
CSS_DPI = 96  # CSS pixels to the inch

_MAIN = re.compile(r"<(/?)main\b", re.IGNORECASE)
_SKIP_LINK = re.compile(r"<a\b[^>]*\bclass=\"skip-link\"[^>]*>.*?</a>", re.DOTALL | re.IGNORECASE)
_H1 = re.compile(r"<h1\b[^>]*>.*?</h1\s*>", re.DOTALL | re.IGNORECASE)
_SUBTITLE = re.compile(r"<p\b[^>]*\bclass=\"subtitle\"[^>]*>(.*?)</p\s*>", re.DOTALL | re.IGNORECASE)
_FIGURE = re.compile(r"(<figure\b[^>]*>)(.*?)</figure\s*>", re.DOTALL | re.IGNORECASE)
_DETAILS = re.compile(r"<details\b[^>]*>(.*?)</details\s*>", re.DOTALL | re.IGNORECASE)
_SUMMARY = re.compile(r"<summary\b[^>]*>.*?</summary\s*>", re.DOTALL | re.IGNORECASE)
_TABLE = re.compile(r"<table\b[^>]*>.*?</table\s*>", re.DOTALL | re.IGNORECASE)
_CAPTION_END = re.compile(r"</caption\s*>", re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<t([hd])\b([^>]*)>(.*?)</t\1\s*>", re.DOTALL | re.IGNORECASE)
_SVG_SRC = re.compile(
    r"""(\bsrc\s*=\s*)(["'])data:image/svg\+xml((?:;[^,;"']*)*),([^"']*)\2""",
    re.IGNORECASE,
)


_CORE_DATES = re.compile(r"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")
_PICTURE_URL = re.compile(r'(<pic:cNvPr\b[^>]*?\bdescr=")data:[^"]*(?=")')
_SECTION = re.compile(r"<w:sectPr\b[^>]*?(?:/>|>.*?</w:sectPr>)", re.DOTALL)
_AFTER_PAGE_SIZE = re.compile(
    r"<w:(?:pgMar|paperSrc|pgBorders|lnNumType|pgNumType|cols|formProt|vAlign|noEndnote|titlePg|textDirection"
    r"|bidi|rtlGutter|docGrid|printerSettings|sectPrChange)\b|</w:sectPr>"
)
_DEFAULT_HEADER = re.compile(r'<w:headerReference\b(?=[^>]*w:type="default")[^>]*r:id="([^"]*)"')
_RELATION = re.compile(r"<Relationship\b[^>]*>")
_BANNER = re.compile(r'<(\w+)\b[^>]*\bclass="[^"]*\bsynthetic-banner\b[^"]*"[^>]*>(.*?)</\1\s*>', re.DOTALL)
A4_PAGE = '<w:pgSz w:w="11906" w:h="16838"/>'  # twentieths of a point: 210 x 297 mm
A4_MARGINS = (
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
)
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
HEADER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
BANNER_RELATION = "rIdSyntheticBanner"
BANNER_PARAGRAPH = (
    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr>'
    '<w:shd w:val="clear" w:color="auto" w:fill="FFF2CC"/><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the date pandoc gives its zip entries


class WordError(Exception):
    """pandoc could not write the Word document; the message says why."""


def unwrap_main(page: str) -> str:
    """The page with its ``<main>`` as a plain ``<div>`` (pandoc converts only what is in
    ``<main>`` when there is one) and without the skip link.

    >>> unwrap_main('<a class="skip-link" href="#main">Skip</a><header>T</header><main id="main">x</main>')
    '<header>T</header><div id="main">x</div>'
    """
    return _MAIN.sub(r"<\1div", _SKIP_LINK.sub("", page))


def title_for_word(page: str) -> str:
    """The page without its ``<h1>`` (the ``<title>``, which pandoc makes the document's
    title, says the same) and with its subtitle in Word's *Subtitle* style.

    >>> title_for_word('<header><h1>Report</h1>\\n<p class="subtitle">2015-16</p></header>')
    '<header>\\n<div custom-style="Subtitle"><p>2015-16</p></div></header>'
    """
    page = _H1.sub("", page, count=1)
    return _SUBTITLE.sub(r'<div custom-style="Subtitle"><p>\1</p></div>', page, count=1)


def tables_after_figures(page: str) -> str:
    """Each ``<details>`` box of a ``<figure>`` (a chart's data table) moved after the
    figure, its ``<summary>`` left out (the table's caption names it).

    >>> tables_after_figures('<figure id="f"><img alt="a"><figcaption>F</figcaption>'
    ...                      '<details><summary>Data</summary><table>t</table></details></figure>')
    '<figure id="f"><img alt="a"><figcaption>F</figcaption></figure>\\n<table>t</table>'
    """

    def moved(match: re.Match[str]) -> str:
        inside = match.group(2)
        boxes = [_SUMMARY.sub("", box.group(1)) for box in _DETAILS.finditer(inside)]
        return match.group(1) + _DETAILS.sub("", inside).rstrip() + "</figure>" + "".join(f"\n{b}" for b in boxes)

    return _FIGURE.sub(moved, page)


def _cell_width(text: str) -> int:
    """The characters a cell needs across: a short cell (:data:`SHORT_CELL`) its length, a
    longer one its longest word or half its length (two lines) up to :data:`LONG_CELL`,
    whichever is more.

    >>> _cell_width("Apr 2015"), _cell_width("Independent Reviewing Officers (IRO)"), _cell_width("x" * 9 + " y" * 60)
    (8, 18, 30)
    """
    text = " ".join(text.split())
    if len(text) <= SHORT_CELL:
        return len(text)
    return max([len(w) for w in text.split()] + [min(-(-len(text) // 2), LONG_CELL)])


def column_widths(table: str) -> list[float]:
    """The share of the page's text width each column of an HTML table takes in Word:
    each column's widest cell (:func:`_cell_width`, spanning cells left out) plus
    :data:`CELL_PADDING`, over :data:`TEXT_WIDTH` characters, or over the table's own
    characters when it needs more (then it fills the width). Empty for a table without
    rows of single cells.

    >>> column_widths("<tr><th>Year</th><th>Reviews held within timescale</th></tr><tr><td>2015-16</td><td>795</td></tr>")
    [0.15625, 0.28125]

    (``2015-16``: 7 characters, + 3, of 64; the header: 29 characters on two lines, 15, + 3.)
    """
    rows = [
        [(attributes, html.unescape(re.sub(r"<[^>]*>", " ", inner))) for _, attributes, inner in _CELL.findall(row)]
        for row in _ROW.findall(table)
    ]
    plain = [row for row in rows if not any("colspan" in attributes.lower() for attributes, _ in row)]
    columns = max((len(row) for row in plain), default=0)
    widths = [
        max((_cell_width(row[j][1]) for row in plain if j < len(row)), default=1) + CELL_PADDING for j in range(columns)
    ]
    return [w / max(sum(widths), TEXT_WIDTH) for w in widths]


def tables_sized(page: str) -> str:
    """Every table given a ``<colgroup>`` of :func:`column_widths` (after its caption), so
    Word sizes its columns by what they hold, not in equal parts that may overrun the page."""

    def sized(match: re.Match[str]) -> str:
        table = match.group(0)
        widths = column_widths(table)
        if not widths or "<colgroup" in table.lower():
            return table
        group = "<colgroup>" + "".join(f'<col style="width: {100 * w:.2f}%">' for w in widths) + "</colgroup>"
        caption = _CAPTION_END.search(table)
        at = caption.end() if caption else table.index(">") + 1
        return table[:at] + group + table[at:]

    return _TABLE.sub(sized, page)


def svg_to_png(svg: bytes, zoom: float = SVG_ZOOM) -> bytes:
    """An SVG drawing as PNG bytes on white (as on the page, whatever Word's own
    background), ``zoom`` pixels to each CSS pixel, marked with the matching resolution so
    Word prints it at its CSS size."""
    import resvg_py
    from PIL import Image

    png = bytes(
        resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), dpi=float(CSS_DPI), zoom=zoom, background="#ffffff")
    )
    out = io.BytesIO()
    resolution = round(CSS_DPI * zoom)
    Image.open(io.BytesIO(png)).save(out, format="PNG", dpi=(resolution, resolution))
    return out.getvalue()


def svg_images_as_png(page: str) -> str:
    """Every ``<img>`` whose ``src`` is an SVG ``data:`` URL (base64 or URL-encoded) given
    a PNG ``data:`` URL of the same drawing instead (:func:`svg_to_png`)."""

    def rendered(match: re.Match[str]) -> str:
        parameters, payload = match.group(3), html.unescape(match.group(4))
        svg = base64.b64decode(payload) if ";base64" in parameters.lower() else unquote(payload).encode("utf-8")
        png = base64.b64encode(svg_to_png(svg)).decode("ascii")
        return f"{match.group(1)}{match.group(2)}data:image/png;base64,{png}{match.group(2)}"

    return _SVG_SRC.sub(rendered, page)


def for_word(page: str) -> str:
    """The report page as pandoc should read it for Word (see the module docstring)."""
    page = _BANNER.sub("", page, count=1)  # in the header of every page instead (:func:`with_banner`)
    return svg_images_as_png(tables_sized(tables_after_figures(title_for_word(unwrap_main(page)))))


def on_a4(document: str) -> str:
    """``word/document.xml`` with its last section (the document's page set-up) on A4 with
    2.54 cm margins when it names no page size: pandoc's own (without a Word template)
    names none, and Word would take its installed default, US Letter in many installations.

    >>> on_a4("<w:body><w:sectPr><w:footnotePr/></w:sectPr></w:body>")
    '<w:body><w:sectPr><w:footnotePr/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body>'
    """
    found = list(_SECTION.finditer(document))
    if not found or "<w:pgSz" in found[-1].group(0):
        return document
    section = _open_section(found[-1].group(0))
    page = A4_PAGE + ("" if "<w:pgMar" in section else A4_MARGINS)
    at = _AFTER_PAGE_SIZE.search(section).start()
    return document[: found[-1].start()] + section[:at] + page + section[at:] + document[found[-1].end() :]


def _open_section(section: str) -> str:
    """A ``<w:sectPr/>`` written as an element with an end tag."""
    return re.sub(r"\s*/>$", "></w:sectPr>", section) if section.endswith("/>") else section


def banner_text(page: str) -> str | None:
    """The text of the page's synthetic-data banner (the element of class
    ``synthetic-banner``), None when it has none.

    >>> banner_text('<div class="synthetic-banner" role="note">Synthetic <b>data</b></div><h1>T</h1>')
    'Synthetic data'
    """
    found = _BANNER.search(page)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", found.group(2))).split()) if found else None


def with_banner(parts: dict[str, bytes], banner: str) -> dict[str, bytes]:
    """The document's parts with ``banner`` at the top of the header of every page: first
    in the default header of the document's page set-up (a Word template's), else in a
    header of its own (``word/header-banner.xml``)."""
    parts = dict(parts)
    paragraph = BANNER_PARAGRAPH.format(text=html.escape(banner, quote=False))
    document = parts["word/document.xml"].decode("utf-8")
    relations = parts["word/_rels/document.xml.rels"].decode("utf-8")
    section = list(_SECTION.finditer(document))[-1]
    header = _DEFAULT_HEADER.search(section.group(0))
    if header:
        relation = next(r for r in _RELATION.findall(relations) if f'Id="{header.group(1)}"' in r)
        name = "word/" + re.search(r'Target="([^"]*)"', relation).group(1).removeprefix("/word/")
        xml = parts[name].decode("utf-8")
        opening = re.search(r"<w:hdr\b[^>]*>", xml)
        parts[name] = (xml[: opening.end()] + paragraph + xml[opening.end() :]).encode("utf-8")
        return parts
    opened = _open_section(section.group(0))
    at = opened.index(">") + 1
    reference = f'<w:headerReference w:type="default" r:id="{BANNER_RELATION}"/>'
    document = document[: section.start()] + opened[:at] + reference + opened[at:] + document[section.end() :]
    parts["word/document.xml"] = document.encode("utf-8")
    parts["word/_rels/document.xml.rels"] = relations.replace(
        "</Relationships>",
        f'<Relationship Id="{BANNER_RELATION}" Type="{HEADER_TYPE}" Target="header-banner.xml"/></Relationships>',
    ).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/word/header-banner.xml" ContentType="{HEADER_CONTENT}"/></Types>'
    ).encode("utf-8")
    parts["word/header-banner.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{WORD_NAMESPACE}">{paragraph}</w:hdr>'
    ).encode()
    return parts


def finish(docx_file: Path, date: dt.date, banner: str | None = None) -> None:
    """Corrections to pandoc's document, in place: its properties (``docProps/core.xml``)
    dated ``date``, created and modified, instead of the time pandoc recorded (in its
    sandbox, the epoch); each picture's second description (``pic:cNvPr``, where pandoc
    copies the image's whole ``data:`` URL) left empty: its alt text is the drawing's
    (``wp:docPr``), which Word shows and reads out; the page A4 unless a Word template
    sets it (:func:`on_a4`); and ``banner`` (the synthetic-data banner) at the top of every
    page (:func:`with_banner`)."""
    stamp = f"{date.isoformat()}T00:00:00Z"
    with zipfile.ZipFile(docx_file) as old:
        infos = old.infolist()
        parts = {info.filename: old.read(info) for info in infos}
    core = parts["docProps/core.xml"].decode("utf-8")
    parts["docProps/core.xml"] = _CORE_DATES.sub(rf"\g<1>{stamp}\g<2>", core).encode("utf-8")
    document = _PICTURE_URL.sub(r"\1", parts["word/document.xml"].decode("utf-8"))
    parts["word/document.xml"] = on_a4(document).encode("utf-8")
    if banner:
        parts = with_banner(parts, banner)
    written = {info.filename for info in infos}
    with zipfile.ZipFile(docx_file, "w") as new:
        for info in infos:
            new.writestr(info, parts[info.filename])
        for name in sorted(set(parts) - written):
            new.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), parts[name], zipfile.ZIP_DEFLATED)


def write_docx(html_file: Path, docx_file: Path, date: dt.date, reference_docx: Path | None = None) -> Path:
    """Write ``docx_file`` from the report page ``html_file`` (see the module docstring),
    dated ``date`` (:func:`finish`), styled by ``reference_docx`` when given. pandoc runs
    sandboxed: it reads the page (whose images are embedded) and ``reference_docx``, no
    other file and no URL. Raises WordError when pandoc is missing or fails (the message is pandoc's)."""
    import pypandoc

    html_file, docx_file = Path(html_file), Path(docx_file)
    page = html_file.read_text(encoding="utf-8")
    try:
        pandoc = pypandoc.get_pandoc_path()
    except OSError as exc:  # neither the wheel's pandoc nor the system's
        raise WordError(f"pandoc was not found ({exc}); pip install pypandoc-binary") from None
    command = [pandoc, "--from=html", "--to=docx", "--sandbox", "--shift-heading-level-by=-1"]
    if reference_docx is not None:
        command.append(f"--reference-doc={Path(reference_docx).resolve()}")
    try:
        subprocess.run(
            [*command, f"--output={docx_file.resolve()}"],
            input=for_word(page).encode("utf-8"),
            capture_output=True,
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        docx_file.unlink(missing_ok=True)
        message = " ".join(exc.stderr.decode("utf-8", errors="replace").split())
        raise WordError(f"pandoc stopped with status {exc.returncode}: {message[:500]}") from None
    finish(docx_file, date, banner_text(page))
    return docx_file
