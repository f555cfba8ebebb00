"""Stitching executed notebooks into one HTML page (iru_analysis.report.stitch).

The notebooks are built here with their outputs already in place (as papermill leaves
them), so the stitcher is tested without running a kernel.
"""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from iru_analysis.report.stitch import (
    NBCONVERT_PLACEHOLDER_ALT,
    clean_notebook,
    images_without_alt,
    renumber_headings,
    stitch_report,
)

from html_outline import outline

# A 1x1 PNG.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
).decode()
FIGURE = (
    '<figure class="iru-chart" id="figure-3-1">\n<img src="data:image/png;base64,'
    + PNG
    + '" alt="The number fell from 310 to 283." style="max-width:100%;height:auto">\n'
    "<figcaption>Figure 3.1: Fewer children were looked after</figcaption>\n"
    '<table class="iru-table"><caption>Data for figure 3.1</caption><tr><th scope="row">2016</th>'
    "<td>283</td></tr></table>\n</figure>"
)


def _tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def _with_outputs(source, *outputs):
    cell = new_code_cell(source)
    cell.outputs = list(outputs)
    cell.execution_count = 1
    return cell


def _write(path: Path, *cells) -> Path:
    nbformat.write(new_notebook(cells=list(cells)), path)
    return path


def _looked_after(folder: Path) -> Path:
    return _write(
        folder / "03_looked_after.ipynb",
        new_markdown_cell("# 3. The looked-after population\n\nIntro text."),
        _tagged(new_code_cell('year = "2014-15"  # default_param_marker'), "parameters"),
        _tagged(new_code_cell('year = "2015-16"  # injected_param_marker'), "injected-parameters"),
        _with_outputs(
            "display(chart)  # hidden_code_marker",
            new_output("display_data", data={"text/html": FIGURE, "text/plain": "Figure 3.1"}),
        ),
        new_markdown_cell("## Ages\n\nText.\n\n#### Under ones"),
        _with_outputs(
            "print('debug')",
            new_output("stream", name="stdout", text="stdout_marker\n"),
            new_output("stream", name="stderr", text="stderr_marker\n"),
        ),
        _with_outputs(
            "plt.show()", new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure size 640x480>"})
        ),
        _with_outputs("fig", new_output("execute_result", data={"text/plain": "plain_repr_marker"}, execution_count=1)),
        _with_outputs("1/0", new_output("error", ename="ZeroDivisionError", evalue="error_marker", traceback=["tb"])),
    )


def _placements(folder: Path) -> Path:
    return _write(
        folder / "06_placements.ipynb",
        new_markdown_cell("# 6. Placement stability"),
        new_markdown_cell("## Ages\n\nSame heading text as section 3."),
        _with_outputs(
            "display(Markdown(...))", new_output("display_data", data={"text/markdown": "### From an output"})
        ),
    )


def test_renumber_headings_demotes_and_closes_gaps():
    fragment = (
        '<h1 id="a">3. Title<a class="anchor-link" href="#a">¶</a></h1><p>x</p>'
        '<h2 id="b">Sub</h2><h4>Deep</h4><h2>Next</h2>'
    )
    # # -> h2, ## -> h3, #### -> h5 would skip h4: closed to h4; ## -> h3.
    out, headings = renumber_headings(fragment, "section-03")
    assert [h.level for h in headings] == [2, 3, 4, 3]
    assert [h.text for h in headings] == ["3. Title", "Sub", "Deep", "Next"]
    assert headings[0].id == "section-03-3-title"
    assert "anchor-link" not in out and "¶" not in out
    assert '<h2 id="section-03-3-title">3. Title</h2>' in out


def test_clean_notebook_keeps_only_what_is_published(tmp_path):
    nb = nbformat.read(_looked_after(tmp_path), as_version=4)
    cleaned, warnings = clean_notebook(nb, "Chart in section 3")
    sources = [c.source for c in cleaned.cells]
    assert not any("param_marker" in s for s in sources)
    outputs = [o for c in cleaned.cells for o in c.get("outputs", [])]
    assert [o.output_type for o in outputs] == ["display_data", "display_data"]  # figure and PNG
    assert outputs[1].metadata["image/png"]["alt"] == "Chart in section 3"
    assert len(warnings) == 1
    assert len(nb.cells) == 9  # the original is untouched


def test_stitched_page(tmp_path):
    report = stitch_report(
        [_looked_after(tmp_path), _placements(tmp_path)],
        "Shropshire Independent Chairperson's Report 2015-16",
        subtitle="1 April 2015 to 31 March 2016",
    )
    page = report.html
    shape = outline(page)
    assert shape.html_attrs.get("lang") == "en-GB"
    assert shape.title == "Shropshire Independent Chairperson's Report 2015-16"
    # one h1, then Contents (h2), section 3: h2 h3 h4, section 6: h2 h3 h4; no gaps
    assert shape.headings == [1, 2, 2, 3, 4, 2, 3, 4]
    assert len(shape.ids) == len(set(shape.ids)), "ids are unique"
    # the chart's HTML is kept byte for byte
    assert FIGURE in page
    # every image has real alt text
    assert len(shape.imgs) == 2
    assert all(i.get("alt") and i["alt"] != NBCONVERT_PLACEHOLDER_ALT for i in shape.imgs)
    assert all(i["src"].startswith("data:image/png;base64,") for i in shape.imgs)
    # nothing but the outputs: no code, parameters, streams, reprs or errors
    for marker in [
        "hidden_code_marker",
        "param_marker",
        "stdout_marker",
        "stderr_marker",
        "plain_repr_marker",
        "error_marker",
        "In&nbsp;[",
        "<pre",
    ]:
        assert marker not in page, marker
    # offline: no scripts at all
    assert shape.scripts == []
    assert "http://" not in page and "https://" not in page
    # the contents link to each section, and each section exists
    for section in report.sections:
        assert f'href="#{section.id}"' in page
        assert f'<section id="{section.id}"' in page
    assert [s.title for s in report.sections] == ["3. The looked-after population", "6. Placement stability"]
    assert "@page" in page and "A4" in page
    expected = (
        '03_looked_after.ipynb: an image without alt text: given "Chart in the section 3. The looked-after population"'
    )
    assert report.warnings == [expected]


def test_a_section_notebook_without_a_heading_is_titled_by_its_registered_heading(tmp_path):
    path = _write(tmp_path / "09_participation.ipynb", new_markdown_cell("Just text."))
    report = stitch_report([path], "Title")
    assert report.sections[0].title == "9. Children's participation"  # sections.py: 9th, its title
    assert outline(report.html).headings == [1, 2, 2]
    assert report.warnings == [
        ("09_participation.ipynb: no heading at its start: its registered heading was used as its title")
    ]


def test_another_notebook_without_a_heading_is_titled_by_its_file_name(tmp_path):
    path = _write(tmp_path / "scratch.ipynb", new_markdown_cell("Just text."))
    report = stitch_report([path], "Title")
    assert report.sections[0].title == "scratch"
    assert report.warnings == ["scratch.ipynb: no heading at its start: its file name was used as its title"]


def test_a_section_notebook_headed_otherwise_than_registered_is_stitched_with_a_warning(tmp_path):
    path = _write(tmp_path / "05_reviews.ipynb", new_markdown_cell("# 4. Reviews"))
    report = stitch_report([path], "Title")
    assert report.sections[0].title == "4. Reviews"
    assert report.warnings == [
        ('05_reviews.ipynb: its heading "4. Reviews" is not the registered "5. Care plan reviews" (sections.py)')
    ]


def test_images_without_alt_are_counted():
    page = (
        '<img src="data:image/png;base64,AAAA" alt="Reviews rose.">'
        '<img src="a.png"><img alt="" src="b.png">'
        f'<img alt="{NBCONVERT_PLACEHOLDER_ALT}" src="c.png">'
    )
    assert images_without_alt(page) == 3


def test_sub_headings_that_head_nothing_are_dropped():
    # "## Kept" heads a chart; "## The month in detail" heads only two "###" headings whose
    # cells printed nothing (removed): all three go. The section title always stays.
    cells = [
        new_markdown_cell("# 8. Title"),
        new_markdown_cell("## Kept"),
        new_code_cell("report.chart('x')", outputs=[new_output("display_data", data={"text/html": "<p>x</p>"})]),
        new_markdown_cell("## The month in detail"),
        new_markdown_cell("### Child protection"),
        new_code_cell("report.chart('y')"),
        new_markdown_cell("### Statutory reviews"),
        new_code_cell("report.chart('z')"),
    ]
    cleaned, _ = clean_notebook(new_notebook(cells=cells), "fallback")
    assert [c.source for c in cleaned.cells if c.cell_type == "markdown"] == ["# 8. Title", "## Kept"]
