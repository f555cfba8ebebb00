"""Stitch the executed section notebooks into one accessible, offline HTML report.

Each executed notebook is cleaned (:func:`clean_notebook`), rendered to an HTML fragment
by nbconvert's ``HTMLExporter`` with the ``basic`` template (cells only: no page head, so
no CDN scripts — no require.js, MathJax or widgets) with inputs and prompts excluded,
then its headings are renumbered (:func:`renumber_headings`) and the fragments are
placed in the page shell ``templates/report.html.j2`` with the report's one ``<h1>``, a
table of contents and the stylesheets ``templates/report.css`` (screen and A4 print) and
``templates/front-matter.css``.

The front matter (:func:`front_matter`) comes before the contents: the cover report from
the parameters file (meeting and its date, author and contact, status and version,
recommendations or decisions sought, background papers, sign-off), the "At a glance"
table of the headline figures from the figures bundle (:mod:`.content.front_matter`), and,
when the data folder is marked synthetic (its ``SYNTHETIC`` file, the bundle's
``context.synthetic``), a banner at the top of the page, which print (the PDF) repeats in
the top margin of every page. The stitcher renders it rather than a notebook: it is not a
numbered section and holds no chart, and it is built from the same bundle and
parameters the notebooks read, by the package's functions.

Outputs are kept verbatim — the charts' ``<figure>`` (base64 ``<img alt=…>``,
``<figcaption>``, ``<table>``) is not re-serialised — except for the small, documented
rewrites of headings and of nbconvert's own attributes below. Markdown outputs, which
quote text from the inputs, are rendered with raw HTML shown as text
(:func:`render_fragment`). The page declares a Content-Security-Policy that lets a
browser load nothing but the page's own styles and embedded images: no script, frame,
font or remote file, whatever the notebooks' outputs hold.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import nbformat
from nbformat import NotebookNode

from .markup import markdown_html
from .run import notebook_title
from .sections import MONTHLY_SECTIONS, SECTIONS, SectionSpec

if TYPE_CHECKING:
    from ..bundle import Bundle
    from .params import Params

REMOVE_CELL_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "papermill-error-cell-tag"})
REMOVE_OUTPUT_TAGS = frozenset({"remove-output"})
# Outputs shown in the published report. Streams (print, warnings), errors and
# plain-text-only results (reprs such as "<Figure size 640x480>") are left out: they
# would appear as unformatted <pre> text; a section shows text through Markdown or HTML.
SHOWN_MIMETYPES = ("text/html", "text/markdown", "image/png", "image/jpeg", "image/svg+xml")
NBCONVERT_PLACEHOLDER_ALT = "No description has been provided for this image"

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ANCHOR_LINK = re.compile(r"<a\b[^>]*\bclass=\"anchor-link\"[^>]*>.*?</a>", re.DOTALL | re.IGNORECASE)
_CELL_ID_ATTR = re.compile(r"\s+id=\"cell-id=[^\"]*\"")
_ID_ATTR = re.compile(r"\s+id=(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_DATA_URI_IN_TAG = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")


@dataclass(frozen=True)
class Heading:
    """A heading of the stitched report, as listed in the table of contents."""

    level: int
    id: str
    text: str


@dataclass
class Section:
    """One notebook's part of the report."""

    id: str
    title: str
    html: str
    headings: list[Heading]


SYNTHETIC_BANNER = "Synthetic data: a demonstration built from made-up records, not a real authority's figures."


@dataclass(frozen=True)
class FrontMatter:
    """What the report shows before its contents. Texts are plain (the page escapes them)
    but for ``recommendations``, ``background_papers`` and ``glance``, which are safe HTML
    (:func:`.markup.markdown_html`, :func:`.tables.html_table`)."""

    details: tuple[tuple[str, str], ...] = ()  # (label, text): meeting, date, author...
    recommendations: tuple[str, ...] = ()
    background_papers: tuple[str, ...] = ()
    sign_off: tuple[tuple[str, str], ...] = ()
    glance: str = ""  # the "At a glance" table, "" when no headline figure is held
    synthetic: bool = False
    banner: str = SYNTHETIC_BANNER

    @property
    def has_cover(self) -> bool:
        return bool(self.details or self.recommendations or self.background_papers or self.sign_off)


def front_matter(params: Params, bundle: Bundle) -> FrontMatter:
    """The front matter of the report for ``params`` from the figures ``bundle``.

    Parameters not given are left out (no cover report at all when none is given);
    Markdown texts are rendered with raw HTML shown as text (:func:`.markup.markdown_html`).
    """
    from .content.base import Lookup
    from .content.front_matter import at_a_glance, glance_html
    from .sentences import date_name

    details = [
        ("Meeting", params.meeting),
        ("Date of meeting", date_name(params.meeting_date) if params.meeting_date else None),
        ("Report author", params.author),
        ("Contact", params.contact),
        ("Status", params.status),
        ("Version", params.version),
    ]
    sign_off = params.sign_off
    made = at_a_glance(Lookup(bundle.figures, params.reporting_year, params, bundle.context))
    return FrontMatter(
        details=tuple((label, text) for label, text in details if text),
        recommendations=tuple(markdown_html(text) for text in params.recommendations),
        background_papers=tuple(markdown_html(text) for text in params.background_papers),
        sign_off=(("Name", sign_off.name), ("Role", sign_off.role), ("Date", date_name(sign_off.date)))
        if sign_off
        else (),
        glance=glance_html(made) if made else "",
        synthetic=bundle.context.synthetic,
    )


@dataclass
class StitchedReport:
    """The report page, its sections and what the stitcher had to work around."""

    html: str
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)


_HEADING_ONLY = re.compile(r"^(#{1,6})\s+[^\n]+$")


def slug(text: str) -> str:
    """A lower-case, hyphenated id fragment.

    >>> slug("3. The looked-after population (LAC)")
    '3-the-looked-after-population-lac'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def section_id(path: Path) -> str:
    """The HTML id of a notebook's section, from its file name.

    >>> section_id(Path("notebooks/03_looked_after.ipynb"))
    'section-03-looked-after'
    """
    return "section-" + slug(Path(path).stem)


def registered(path: Path) -> SectionSpec | None:
    """The registered section whose notebook ``path`` is (by file name), else None.

    >>> registered(Path("outputs/2015-16/notebooks/05_reviews.ipynb")).heading
    '5. Care plan reviews'
    """
    specs = [*SECTIONS.values(), *MONTHLY_SECTIONS.values()]  # no notebook name is in both
    return next((spec for spec in specs if spec.notebook == Path(path).name), None)


def clean_notebook(nb: NotebookNode, fallback_alt: str) -> tuple[NotebookNode, list[str]]:
    """A copy of ``nb`` holding only what the published report shows, and any warnings.

    Removes the cells tagged ``parameters``, ``injected-parameters`` or ``remove-cell``
    (and papermill's error banners), the outputs of cells tagged ``remove-output``, error
    and stream outputs, plain-text-only outputs, and code cells left with no output. A
    PNG/JPEG output without alt text gets ``fallback_alt`` (reported as a warning), so no
    image carries nbconvert's "No description has been provided" placeholder.
    """
    nb = copy.deepcopy(nb)
    warnings: list[str] = []
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & REMOVE_CELL_TAGS:
            continue
        if cell.cell_type == "code":
            outputs = (
                []
                if tags & REMOVE_OUTPUT_TAGS
                else [
                    o
                    for o in cell.get("outputs", [])
                    if o.output_type in ("display_data", "execute_result")
                    and any(m in o.get("data", {}) for m in SHOWN_MIMETYPES)
                ]
            )
            for output in outputs:
                for mimetype in ("image/png", "image/jpeg"):
                    if mimetype in output.data and not _alt_of(output, cell, mimetype):
                        output.setdefault("metadata", {}).setdefault(mimetype, {})["alt"] = fallback_alt
                        warnings.append(f'an image without alt text: given "{fallback_alt}"')
            if not outputs:
                continue
            cell.outputs = outputs
        cells.append(cell)
    nb.cells = drop_empty_headings(cells)
    return nb, warnings


def _heading_level(cell: NotebookNode) -> int | None:
    """The level of a Markdown cell that holds one heading and nothing else, else None."""
    if cell.cell_type != "markdown":
        return None
    match = _HEADING_ONLY.match(cell.source.strip())
    return len(match.group(1)) if match else None


def drop_empty_headings(cells: list[NotebookNode]) -> list[NotebookNode]:
    """The cells without sub-headings that head nothing (every cell under them was removed).

    A heading-only cell of level 2 or deeper is dropped when the next cell kept is a
    heading of the same or a higher level, or there is none. The section's title stays.
    """
    kept: list[NotebookNode] = []  # in reverse order
    for cell in reversed(cells):
        level = _heading_level(cell)
        if level is not None and level > 1:
            following = _heading_level(kept[-1]) if kept else 0
            if following is not None and following <= level:
                continue
        kept.append(cell)
    return kept[::-1]


def _alt_of(output: NotebookNode, cell: NotebookNode, mimetype: str) -> str:
    meta = output.get("metadata", {}).get(mimetype, {})
    alt = (meta.get("alt") if isinstance(meta, dict) else None) or cell.get("metadata", {}).get("alt")
    return str(alt or "").strip()


def renumber_headings(
    fragment: str, prefix: str, top: int = 2, used_ids: set[str] | None = None
) -> tuple[str, list[Heading]]:
    """Demote a section's headings so its first level becomes ``top``, without gaps.

    The shallowest heading level of the fragment becomes ``top`` (a notebook's
    ``# 3. Title`` becomes ``<h2>``) and deeper ones follow; then, in document order, a
    heading more than one level below the one before it is raised to close the gap (so
    ``#`` then ``###`` become ``h2``, ``h3``). Headings get unique ids ``<prefix>-<slug>``
    and lose nbconvert's "¶" anchor links.
    """
    used = used_ids if used_ids is not None else set()
    found = list(_HEADING.finditer(fragment))
    if not found:
        return fragment, []
    shift = top - min(int(m.group(1)) for m in found)
    headings: list[Heading] = []
    previous = top - 1
    parts: list[str] = []
    last = 0
    for match in found:
        level = min(int(match.group(1)) + shift, previous + 1, 6)
        previous = level
        inner = _ANCHOR_LINK.sub("", match.group(3)).strip()
        text = " ".join(html.unescape(_TAG.sub("", inner)).split())
        base = f"{prefix}-{slug(text)}"
        hid, n = base, 1
        while hid in used:
            n += 1
            hid = f"{base}-{n}"
        used.add(hid)
        attrs = _ID_ATTR.sub("", match.group(2))
        parts.append(fragment[last : match.start()])
        parts.append(f'<h{level} id="{hid}"{attrs}>{inner}</h{level}>')
        last = match.end()
        headings.append(Heading(level, hid, text))
    parts.append(fragment[last:])
    return "".join(parts), headings


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
        embed_images=True,
    )


def render_fragment(nb: NotebookNode, folder: Path | None = None) -> str:
    """The cells of a cleaned notebook as an HTML fragment (nbconvert, ``basic`` template).

    Markdown outputs (a section's sentences, which quote data and parameters) are rendered
    by :func:`.markup.markdown_html`, raw HTML shown as text and only web and e-mail links
    kept, not by nbconvert, which passes raw HTML through and embeds local files named as
    images. HTMLExporter re-serialises its whole output through BeautifulSoup; to keep the
    notebooks' HTML outputs (charts, tables) byte for byte, each is swapped for a comment
    before the export and put back after it. ``folder`` is where relative image links in
    Markdown cells (the notebooks' own text) are found (they are embedded as base64).
    """
    nb = copy.deepcopy(nb)
    kept: dict[str, str] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            markdown = data.pop("text/markdown", None)
            if markdown is not None and "text/html" not in data:
                data["text/html"] = markdown_html(_joined(markdown))
            if "text/html" in data:
                key = f"iru-output-{len(kept)}"
                kept[key] = _joined(data["text/html"])
                data["text/html"] = f"<!--{key}-->"
    resources = {"metadata": {"path": str(folder)}} if folder else {}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    body = _CELL_ID_ATTR.sub("", body)  # nbconvert's cell ids could repeat across notebooks
    return re.sub(r"<!--(iru-output-\d+)-->", lambda m: kept[m.group(1)], body)


def _joined(value: str | list[str]) -> str:
    """An output's text, held as one string or as a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def images_without_alt(page_html: str) -> int:
    """How many ``<img>`` tags have no alt text, or nbconvert's placeholder."""
    count = 0
    for tag in re.findall(r"<img\b[^>]*>", _DATA_URI_IN_TAG.sub("", page_html), re.IGNORECASE):
        alt = re.search(r"\balt\s*=\s*(\"([^\"]*)\"|'([^']*)')", tag, re.IGNORECASE)
        text = (alt.group(2) or alt.group(3) or "").strip() if alt else ""
        if not text or text == NBCONVERT_PLACEHOLDER_ALT:
            count += 1
    return count


def stitch_section(
    path: Path, used_ids: set[str] | None = None, images_folder: Path | None = None
) -> tuple[Section, list[str]]:
    """One executed notebook as a report section (headings from h2 down).

    A notebook without a heading at its start is titled by its registered heading
    (:mod:`.sections`), else by its first heading or file name; a registered section's notebook whose
    heading is not the registered one is stitched as it is, with a warning.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    spec = registered(path)
    title = notebook_title(path)
    cleaned, warnings = clean_notebook(nb, f"Chart in the section {title}")
    sid = section_id(path)
    fragment = render_fragment(cleaned, images_folder)
    fragment, headings = renumber_headings(fragment, sid, top=2, used_ids=used_ids)
    if not headings or headings[0].level != 2:
        title = spec.heading if spec else title
        fallback = Heading(2, f"{sid}-title", title)
        fragment = f'<h2 id="{fallback.id}">{html.escape(title)}</h2>\n' + fragment
        headings.insert(0, fallback)
        warnings.append(
            f"no heading at its start: its {'registered heading' if spec else 'file name'} was used as its title"
        )
    elif spec and headings[0].text != spec.heading:
        warnings.append(f'its heading "{headings[0].text}" is not the registered "{spec.heading}" (sections.py)')
    warnings = [f"{path.name}: {w}" for w in warnings]
    return Section(sid, headings[0].text, fragment, headings), warnings


def _template_text(name: str) -> str:
    return resources.files("iru_analysis.report").joinpath("templates", name).read_text(encoding="utf-8")


def page(
    title: str,
    sections: Sequence[Section],
    subtitle: str = "",
    lang: str = "en-GB",
    toc_depth: int = 3,
    generator: str = "iru-report",
    front: FrontMatter | None = None,
) -> str:
    """The report page: one ``<h1>``, the front matter (when given), the contents (links
    to the front matter and the sections) and the sections."""
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(_template_text("report.html.j2"))
    return template.render(
        title=title,
        subtitle=subtitle,
        lang=lang,
        sections=sections,
        toc_depth=toc_depth,
        css=jinja2.utils.markupsafe.Markup(_template_text("report.css") + "\n" + _template_text("front-matter.css")),
        generator=generator,
        front=front,
        Markup=jinja2.utils.markupsafe.Markup,
    )


def stitch_report(
    notebooks: Sequence[Path],
    title: str,
    subtitle: str = "",
    lang: str = "en-GB",
    images_folder: Path | None = None,
    generator: str = "iru-report",
    front: FrontMatter | None = None,
) -> StitchedReport:
    """Stitch executed notebooks, in the order given, into one HTML page, after ``front``
    (the front matter, :func:`front_matter`) when given."""
    used: set[str] = {"contents", "main", "cover-report", "at-a-glance", "table-at-a-glance"}
    used |= {"cover-recommendations", "cover-background-papers", "cover-sign-off"}
    sections, warnings = [], []
    for path in notebooks:
        section, notes = stitch_section(path, used, images_folder)
        sections.append(section)
        warnings.extend(notes)
    text = page(title, sections, subtitle=subtitle, lang=lang, generator=generator, front=front)
    return StitchedReport(text, sections, warnings)
