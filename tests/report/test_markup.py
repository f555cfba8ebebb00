"""Text from inputs is data, never markup (iru_analysis.report.markup and where it is used).

Hostile narrative and data text goes through the narrative, a section's sentences and the
stitcher into report.html and report.pdf; nothing of it may appear there as markup (a tag
or attribute that runs, loads or embeds anything) or fetch anything, while ordinary
Markdown still renders. The HTML is read with the standard library's parser, so a check
does not depend on how a tag happens to be spelt.
"""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from iru_analysis.errors import InputError, InputErrors
from iru_analysis.report.markup import Prose, code, link_target, literal, markdown_html, unsafe_links
from iru_analysis.report.params import load_narrative
from iru_analysis.report.pdf import write_pdf
from iru_analysis.report.stitch import stitch_report

from figures_fixture import make_section

SECRET = "C0012345,2009-02-14,SY1 1AA"  # a row of a data file that must never be published

# Narrative values that are kept, their markup shown as text.
HOSTILE_TEXT = {
    "script": "<script>alert('x')</script>",
    "onerror": '<img src="x" onerror="alert(1)">',
    "iframe": '<iframe src="file:///etc/passwd"></iframe>',
    "object": '<object data="../data/demo/iru/chairs.csv"></object><embed src="x.csv">',
    "style": "<style>@import url(http://127.0.0.1:9/x.css)</style><p style=\"background:url('http://127.0.0.1:9/')\">x</p>",
    "svg": "<svg onload=alert(1)><a xlink:href='javascript:alert(1)'>x</a></svg>",
    "html_link": '<a href="javascript:alert(1)">click</a> <a rel="attachment" href="file:///etc/passwd">file</a>',
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b onclick=x&#62;",
    "comment": "<!-- hidden --> <![CDATA[ x ]]>",
    "long": "<b onmouseover=alert(1)>" + "word " * 40_000 + "</b>",
    "url_as_text": "http://127.0.0.1:9/steal",  # IPython's Markdown would download it
}
# Narrative values that are refused: a link to anything but a web page or an e-mail address, or an image.
REFUSED = {
    "javascript": "[click](javascript:alert(1))",
    "entity_javascript": "[click](&#106;avascript:alert(1))",
    "tab_javascript": "[click](<java\tscript:alert(1)>)",
    "file_url": "[the data](file:///work/data/demo/iru/chairs.csv)",
    "relative": "[the data](../data/demo/iru/chairs.csv)",
    "autolink": "<file:///etc/passwd>",
    "reference": "See [the data][d].\n\n[d]: ../data/demo/ssda903/header.csv",
    "data_url": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "image": "![logo](logo.png)",
    "image_file_url": "![x](file:///etc/passwd)",
}
ORDINARY = "Our **priorities** for *next year*:\n\n- timely reviews\n- [the IRO Handbook](https://www.gov.uk/iro)\n"

SAFE_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote", "br", "hr", "h1", "h2", "h3"}


class Markup(HTMLParser):
    """The tags and attributes of an HTML text."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(fragment: str, tags: set[str] = SAFE_TAGS) -> None:
    """Only ``tags``; no event handler or style; links only to the web, e-mail or the page."""
    for tag, attrs in Markup(fragment).tags:
        assert tag in tags, f"<{tag}> in the output"
        assert not [a for a in attrs if a.startswith("on") or a in ("style", "src", "srcset", "data", "rel")], (
            tag,
            attrs,
        )
        if "href" in attrs:
            assert attrs["href"].startswith(("https://", "http://", "mailto:", "#")), attrs["href"]


# --- the renderer and the escaping ------------------------------------------------------


@pytest.mark.parametrize("name", HOSTILE_TEXT)
def test_hostile_text_is_shown_as_text(name):
    html = markdown_html(HOSTILE_TEXT[name])
    assert_inert(html)


def test_markup_in_text_prints_as_written():
    # "<b>" in the text is "&lt;b&gt;" in the HTML, which a browser shows as "<b>"; an entity
    # written in the text is decoded first, so "&lt;b&gt;" also shows as "<b>", never as a tag
    assert markdown_html("<b>x</b> &lt;i&gt;") == "<p>&lt;b&gt;x&lt;/b&gt; &lt;i&gt;</p>\n"


def test_ordinary_markdown_still_renders():
    assert markdown_html(ORDINARY) == (
        "<p>Our <strong>priorities</strong> for <em>next year</em>:</p>\n"
        '<ul>\n<li>timely reviews</li>\n<li><a href="https://www.gov.uk/iro">the IRO Handbook</a></li>\n</ul>\n'
    )


@pytest.mark.parametrize("name", REFUSED)
def test_a_link_anywhere_but_the_web_or_an_image_is_neither_kept_nor_allowed(name):
    text = REFUSED[name]
    assert len(unsafe_links(text)) == 1
    assert_inert(markdown_html(text), SAFE_TAGS - {"a"})  # shown as its words, without the link


def test_web_and_email_links_are_allowed():
    assert unsafe_links("[a](https://x.org) [b](HTTP://x.org) <mailto:iru@example.org> [c](#top-not-a-scheme)") == [
        "#top-not-a-scheme"  # a link within the page is not the narrative's to make either
    ]
    # the characters a browser drops from a URL are dropped before its scheme is read
    assert link_target("java\nscript:alert(1)") is None and link_target(" https://x.org/a") == "https://x.org/a"


@pytest.mark.parametrize(
    "value",
    [
        "Demoshire <script>alert(1)</script>",
        "[x](javascript:alert(1)) ![i](file:///etc/passwd)",
        "# heading\n- item\n1. item",
        "St. Helen's & Knowsley *North* `code` $x$ \\ _u_ ~s~ | a {b} <https://x.org>",
        "&lt;b&gt; &amp;",
        "1) first",
    ],
)
def test_literal_text_renders_exactly_as_written(value):
    one_line = " ".join(value.split())
    html = markdown_html(literal(value))
    assert Markup(html).tags == [("p", {})]
    assert html == "<p>" + one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>\n"


def test_code_spans_hold_any_text():
    assert markdown_html(code("a`b <i>")) == "<p><code>a`b &lt;i&gt;</code></p>\n"


# --- the narrative ------------------------------------------------------------------------


def narrative_file(tmp_path, values: dict[str, str]):
    import yaml

    path = tmp_path / "narrative.yaml"
    path.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
    return path


def test_the_narrative_refuses_each_unsafe_link_naming_key_and_link(tmp_path):
    path = narrative_file(tmp_path, REFUSED)
    with pytest.raises(InputErrors) as caught:
        load_narrative(path)
    assert len(caught.value.errors) == len(REFUSED)
    first = str(caught.value.errors[0])
    assert first == (
        f'{path}, key javascript: "javascript:alert(1)" is a link or image the report does not publish: its '
        "text may link only to a web page or an e-mail address (https://, http://, mailto:), never to a "
        "file, and shows no images."
    )


def test_one_unsafe_link_in_a_list_item_is_one_error_quoting_at_most_80_characters(tmp_path):
    long_path = "../data/" + "x" * 200 + ".csv"
    path = tmp_path / "n.yaml"
    path.write_text(f"priorities:\n  - fine\n  - '[data]({long_path})'\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_narrative(path)
    assert caught.value.column is None and caught.value.file.endswith("key priorities")
    # 80 characters of the link (8 + 200 + 4 = 212 characters), then its length (errors.shown)
    assert caught.value.value == "../data/" + "x" * 72 + "... (212 characters)"


def test_the_narrative_shows_hostile_text_as_text_and_never_reads_a_file_it_names(tmp_path):
    secret = tmp_path / "chairs.csv"
    secret.write_text(SECRET)
    values = {**HOSTILE_TEXT, "path": str(secret), "ordinary": ORDINARY}
    report = make_section(tmp_path, narrative_text=narrative_file(tmp_path, values).read_text())
    for key in values:
        shown = report.narrative(key)
        assert isinstance(shown, Prose)
        assert_inert(shown._repr_html_())
    assert SECRET not in report.narrative("path")._repr_html_()
    assert '<a href="https://www.gov.uk/iro">' in report.narrative("ordinary")._repr_html_()


# --- report.html and report.pdf -----------------------------------------------------------


def _notebook(outputs: list[dict]) -> nbformat.NotebookNode:
    cell = new_code_cell("report.narrative('x')")
    cell.outputs = outputs
    return new_notebook(cells=[new_markdown_cell("# 1. Summary"), cell])


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """report.html and report.pdf of a section showing every hostile narrative value, and the
    same texts as Markdown outputs (sentences quoting data), in a build folder; the secret
    data file sits outside it, beside an attachment link to it."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    data = tmp_path / "data"
    data.mkdir()
    (data / "chairs.csv").write_text(SECRET)
    build = tmp_path / "build"
    build.mkdir()
    texts = {**HOSTILE_TEXT, "attach": f'<a rel="attachment" href="{(data / "chairs.csv").as_uri()}">data</a>'}
    outputs = [
        new_output("display_data", data={"text/html": Prose(t)._repr_html_(), "text/plain": t}) for t in texts.values()
    ] + [new_output("display_data", data={"text/markdown": t, "text/plain": t}) for t in texts.values()]
    outputs.append(new_output("display_data", data={"text/markdown": ORDINARY, "text/plain": ""}))
    nbformat.write(_notebook(outputs), build / "01_summary.ipynb")
    stitched = stitch_report([build / "01_summary.ipynb"], "Demoshire <script>x</script> report")
    (build / "report.html").write_text(stitched.html, encoding="utf-8")
    result = write_pdf(build / "report.html", build / "report.pdf", engines=("weasyprint",))
    return stitched, result, build


def test_hostile_text_never_appears_as_markup_in_report_html(hostile_report):
    stitched, _, _ = hostile_report
    section = stitched.sections[0].html
    assert_inert(section, SAFE_TAGS | {"div", "h2"})
    assert '<a href="https://www.gov.uk/iro">the IRO Handbook</a>' in section  # ordinary Markdown renders
    assert "<strong>priorities</strong>" in section and "<li>timely reviews</li>" in section
    assert "<title>Demoshire &lt;script&gt;x&lt;/script&gt; report</title>" in stitched.html


def test_the_page_forbids_scripts_frames_and_remote_files():
    from iru_analysis.report.stitch import page

    policy = [attrs for tag, attrs in Markup(page("T", [])).tags if tag == "meta" and attrs.get("http-equiv")]
    assert policy == [
        {
            "http-equiv": "Content-Security-Policy",
            "content": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
            "form-action 'none'",
        }
    ]


def test_hostile_text_fetches_nothing_into_report_pdf(hostile_report):
    _, result, build = hostile_report
    assert result.engine == "weasyprint" and result.refused == ()  # the HTML asks for nothing to fetch
    text = subprocess.run(["pdftotext", str(build / "report.pdf"), "-"], capture_output=True, text=True, check=True)
    assert "<script>alert('x')</script>" in text.stdout  # shown as text
    assert SECRET not in text.stdout
    attachments = subprocess.run(["pdfdetach", "-list", str(build / "report.pdf")], capture_output=True, text=True)
    assert attachments.stdout.startswith("0 embedded files")


def test_a_narrative_link_to_a_data_file_stops_the_build_before_any_work(tmp_path, capsys):
    from iru_analysis.cli import main
    from iru_analysis.paths import PARAMS

    narrative = tmp_path / "narrative.yaml"
    narrative.write_text(
        (PARAMS / "narrative" / "2015-16.yaml").read_text() + "\nplanted: '[the chairs](../data/demo/iru/chairs.csv)'\n"
    )
    params = tmp_path / "2015-16.yaml"
    params.write_text(
        (PARAMS / "2015-16.yaml")
        .read_text()
        .replace("../data/demo", str(PARAMS.parent / "data" / "demo"))
        .replace("narrative/2015-16.yaml", "narrative.yaml")
    )
    out = tmp_path / "out"
    code = main(["build", "--year", "2015-16", "--params", str(params), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert f'{narrative}, key planted: "../data/demo/iru/chairs.csv" is a link or image' in err
    assert "Traceback" not in err
