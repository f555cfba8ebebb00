"""Executed notebooks as pages for reviewers (iru_analysis.report.reviewers), on a notebook
built here with its outputs in place, as papermill leaves them. The pages of the demo
year's build are checked in test_build.py."""

from __future__ import annotations

import html
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from iru_analysis.report.reviewers import notebook_page, notebook_page_link, write_notebook_pages


def _notebook(folder, name="05_reviews.ipynb"):
    said = new_code_cell('report.say("reviews_key_message")', execution_count=4)
    said.outputs = [
        new_output(
            "execute_result",
            {"text/markdown": "882 reviews <script>alert(1)</script> [file](file:///data/x.csv)"},
            execution_count=4,
        )
    ]
    shown = new_code_cell("report.table('reviews')", execution_count=5)
    shown.outputs = [new_output("display_data", {"text/html": "<table><caption>Table 5.1</caption></table>"})]
    nb = new_notebook(cells=[new_markdown_cell("# 5. Care plan reviews"), said, shown])
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def test_the_page_shows_code_and_outputs_and_runs_nothing(tmp_path):
    page = notebook_page(_notebook(tmp_path / "notebooks"))
    text = html.unescape(re.sub(r"<[^>]*>", "", page))
    assert 'report.say("reviews_key_message")' in text and "report.table('reviews')" in text
    assert re.search(r"In\s\[4\]:", text), "each cell with its prompt"
    assert "<table><caption>Table 5.1</caption></table>" in page, "an HTML output as the notebook shows it"
    # a Markdown output as the report renders it: raw HTML shown as text, a link to a file as its words
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "file:///" not in page
    assert "<title>5. Care plan reviews: the executed notebook 05_reviews.ipynb</title>" in page
    assert "default-src 'none'" in page and '<html lang="en-GB">' in page
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", page), "nothing is loaded from elsewhere"


def test_the_same_notebook_gives_the_same_page(tmp_path):
    notebook = _notebook(tmp_path / "notebooks")
    assert notebook_page(notebook) == notebook_page(notebook)


def test_pages_are_written_beside_the_notebooks_and_copied_when_reused(tmp_path):
    folder = tmp_path / "new" / "notebooks"
    _notebook(folder, "05_reviews.ipynb")
    _notebook(folder, "07_child_protection.ipynb")
    previous = tmp_path / "old" / "notebooks"
    previous.mkdir(parents=True)
    (previous / "05_reviews.html").write_text("the last build's page")
    (previous / "07_child_protection.html").write_text("the last build's page")
    pages = write_notebook_pages(folder, reuse={"05_reviews"}, previous=previous)
    assert [p.name for p in pages] == ["05_reviews.html", "07_child_protection.html"]
    assert pages[0].read_text() == "the last build's page"  # its notebook is unchanged: copied
    assert pages[1].read_text().startswith("<!DOCTYPE html>")  # run again: written anew
    assert notebook_page_link(folder / "05_reviews.ipynb") == "notebooks/05_reviews.html"
