"""Text from inputs is data, never markup: the report's Markdown renderer and escaping.

Text the report takes from its inputs -- the narrative file, the parameters (the
authority's name, the comparator areas), the data files (area names, codes, rule texts
quoting a value) -- reaches ``report.html`` and ``report.pdf`` through this module:

* :func:`markdown_html` renders Markdown (CommonMark: paragraphs, emphasis, lists,
  headings, block quotes, code, links) to HTML with raw HTML shown as text (``<script>``
  prints as "<script>", so nothing in the text runs, loads or embeds anything), links kept
  only to ``https://``, ``http://`` and ``mailto:`` addresses (any other link shows its
  words only) and images shown as their description (the report's pictures are its charts,
  drawn from the data). It renders the narrative and, when the report is stitched, every
  sentence a section shows (:mod:`.stitch`).
* :func:`unsafe_links` lists a text's links and images that :func:`markdown_html` would not
  keep, so that the narrative file is refused with a message naming them
  (:func:`.params.load_narrative`) rather than published without them.
* :func:`literal` and :func:`code` put data text into a Markdown sentence so that it prints
  as written: Markdown's characters escaped, on one line.
* :class:`Prose` is what a notebook displays for the narrative: the safe HTML only. Not
  IPython's ``Markdown``, which downloads a text starting with "http" and reads the file a
  text names, and whose Markdown a notebook front end renders with raw HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mistune
from mistune.renderers.html import HTMLRenderer
from mistune.util import safe_entity

LINK_SCHEMES = ("https", "http", "mailto")
REVIEWER_PAGE = re.compile(r"^notebooks/\d\d_[a-z_]+\.html$")  # a section notebook's page, beside report.html
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")  # browsers drop them from a URL: "java\tscript:" is "javascript:"
_MARKDOWN_CHARS = re.compile(r"([\\`*_\[\]<>&~$!#+=|{}])")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^-")  # "1." or "-" would start a list


def link_target(url: str) -> str | None:
    """The address a link may go to, or None when the report does not keep such a link.

    Entities are decoded and the characters browsers ignore are removed before the scheme
    is read, so a disguised ``javascript:`` is not taken for a relative link.

    >>> link_target("https://www.gov.uk/guidance"), link_target("mailto:iru@example.org")
    ('https://www.gov.uk/guidance', 'mailto:iru@example.org')
    >>> [link_target(u) for u in ("javascript:alert(1)", "&#106;ava\\tscript:x", "file:///data/x.csv", "../x.csv")]
    [None, None, None, None]

    The one relative link kept is to a section notebook's page for reviewers, published
    beside the report: ``notebooks/05_reviews.html``.
    """
    cleaned = _INVISIBLE.sub("", html.unescape(url))
    scheme = _SCHEME.match(cleaned.lower())
    if REVIEWER_PAGE.match(cleaned):
        return cleaned
    return cleaned if scheme and scheme.group(1) in LINK_SCHEMES else None


class _SafeRenderer(HTMLRenderer):
    """Mistune's HTML renderer with raw HTML escaped, links kept only to safe addresses and
    images shown as their description."""

    def __init__(self) -> None:
        super().__init__(escape=True)

    def text(self, text: str) -> str:
        return safe_entity(text)  # an entity is decoded, then escaped: "&lt;b&gt;" prints as "<b>"

    def link(self, text: str, url: str, title: str | None = None) -> str:
        target = link_target(url)
        return text if target is None else f'<a href="{html.escape(target, quote=True)}">{text}</a>'

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return text


@lru_cache(maxsize=1)
def _markdown() -> mistune.Markdown:
    return mistune.create_markdown(renderer=_SafeRenderer())


@lru_cache(maxsize=1)
def _tokens() -> mistune.Markdown:
    return mistune.create_markdown(renderer=None)


def markdown_html(text: str) -> str:
    """Markdown as HTML in which nothing from the text runs, loads or embeds anything.

    >>> markdown_html('**Our** <script>alert(1)</script> [site](https://example.org) [data](file:///d/x.csv)')
    '<p><strong>Our</strong> &lt;script&gt;alert(1)&lt;/script&gt; <a href="https://example.org">site</a> data</p>\\n'
    """
    return str(_markdown()(text))


def _walk(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for token in tokens:
        found.append(token)
        found.extend(_walk(token.get("children", [])))
    return found


def unsafe_links(text: str) -> list[str]:
    """The targets of the text's images and of its links to anything but a web page or an
    e-mail address (:data:`LINK_SCHEMES`), in order.

    >>> unsafe_links("[ok](https://example.org) [data](../data/demo/iru/chairs.csv) ![logo](logo.png)")
    ['../data/demo/iru/chairs.csv', 'logo.png']
    """
    tokens = _walk(_tokens()(text))
    return [
        t["attrs"]["url"]
        for t in tokens
        if t["type"] == "image" or (t["type"] == "link" and link_target(t["attrs"]["url"]) is None)
    ]


def literal(text: object) -> str:
    """Data text for a Markdown sentence: on one line, Markdown's characters escaped, so it
    prints as written and starts no list, heading, link or HTML.

    >>> literal("St. Helen's <b>*North*</b>\\n# 2")
    "St. Helen's \\\\<b\\\\>\\\\*North\\\\*\\\\</b\\\\> \\\\# 2"
    >>> markdown_html(literal("1. <i>A & B</i> [x](javascript:y)"))
    '<p>1. &lt;i&gt;A &amp; B&lt;/i&gt; [x](javascript:y)</p>\\n'
    """
    escaped = _MARKDOWN_CHARS.sub(r"\\\1", " ".join(str(text).split()))
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\-", escaped)


def code(text: object) -> str:
    """Data text as a Markdown code span (a file or folder name), fenced so that no backtick
    in it ends the span.

    >>> code("demo"), code("a`b")
    ('`demo`', '``a`b``')
    """
    one_line = " ".join(str(text).split())
    fence = "`" * (max((len(r) for r in re.findall(r"`+", one_line)), default=0) + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


@dataclass(frozen=True)
class Prose:
    """Markdown from the inputs as a notebook shows it: ``data`` is the Markdown, the display
    is :func:`markdown_html` of it (an HTML output only)."""

    data: str

    def _repr_html_(self) -> str:
        return markdown_html(self.data)

    def __repr__(self) -> str:
        return self.data
