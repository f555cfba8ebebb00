"""``iru-report build`` (iru_analysis.report.build): helpers on tiny inputs, then one
end-to-end build of the demo year.

The end-to-end build is the slowest test of the suite; it runs once per session
(the ``built`` fixture of tests/conftest.py, which test_pdf_build.py shares) and every check of
the outputs reads the same build.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from iru_analysis.calendar import ReportingYear
from iru_analysis.errors import InputErrors
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.paths import NOTEBOOKS, PARAMS, PROJECT_ROOT
from iru_analysis.report.build import BuildError, build_report, finalise_notebook, replace_folder
from iru_analysis.report.privacy import check_privacy, identifying_values, report_dates
from iru_analysis.report.run import section_notebooks
from iru_analysis.report.stitch import NBCONVERT_PLACEHOLDER_ALT

from html_outline import outline

YEAR = ReportingYear.parse("2015-16")


def test_replace_folder(tmp_path):
    dest, new = tmp_path / "2015-16", tmp_path / ".2015-16.building-x"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    new.mkdir()
    (new / "new.txt").write_text("new")
    replace_folder(new, dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2015-16"]
    assert [p.name for p in dest.iterdir()] == ["new.txt"]


def test_executed_notebooks_are_finalised(tmp_path):
    tmp = tmp_path / ".2015-16.building-x"
    injected = new_code_cell(f'tables_dir = "{tmp}/tables"', id="a1b2c3d4")  # papermill's random id
    injected.metadata = {
        "tags": ["injected-parameters"],
        "papermill": {"start_time": "2026-01-01T10:00:00", "end_time": "...", "duration": 0.1, "status": "completed"},
        "execution": {"iopub.status.busy": "2026-01-01T10:00:00Z"},
    }
    other = new_code_cell("print(tables_dir)", id="kept")
    other.outputs = [nbformat.v4.new_output("stream", text=f"{tmp}/tables\n")]
    nb = new_notebook(cells=[injected, other])
    nb.metadata["papermill"] = {"duration": 3.2, "start_time": "x", "end_time": "y", "parameters": {"t": f"{tmp}/t"}}
    nbformat.write(nb, tmp_path / "01_a.ipynb")
    finalise_notebook(tmp_path / "01_a.ipynb", tmp)
    done = nbformat.read(tmp_path / "01_a.ipynb", as_version=4)
    assert done.cells[0].source == 'tables_dir = "../tables"'  # the published folder, seen from its notebooks/
    assert done.cells[0].id == "injected-parameters"
    assert done.cells[0].metadata == {"tags": ["injected-parameters"], "papermill": {"status": "completed"}}
    assert done.cells[1].id == "kept" and done.cells[1].outputs[0].text == "../tables\n"
    assert done.metadata["papermill"] == {"parameters": {"t": "../t"}}


def test_paths_in_the_project_are_written_from_its_notebooks_folder(tmp_path):
    project = tmp_path / "iru-report"
    tmp = project / "outputs" / ".2015-16.building-x"  # the default output folder is inside the project
    injected = new_code_cell(f'params = "{project}/params/2015-16.yaml"\nfigures = "{tmp}/figures.parquet"')
    nb = new_notebook(cells=[injected])
    nb.metadata["papermill"] = {
        "input_path": f"{project}/notebooks/01_a.ipynb",
        "output_path": f"{tmp}/notebooks/01_a.ipynb",
    }
    nbformat.write(nb, tmp_path / "01_a.ipynb")
    finalise_notebook(tmp_path / "01_a.ipynb", tmp, project)
    done = nbformat.read(tmp_path / "01_a.ipynb", as_version=4)
    # the parameters file as the kernels (run in <project>/notebooks) read it; the bundle as published
    assert done.cells[0].source == 'params = "../params/2015-16.yaml"\nfigures = "../figures.parquet"'
    assert done.metadata["papermill"] == {
        "input_path": "../notebooks/01_a.ipynb",
        "output_path": "../notebooks/01_a.ipynb",
    }


# --- end to end: the demo year ------------------------------------------------------------


# ``built``: the demo year built once for the session (tests/conftest.py)


@pytest.fixture(scope="module")
def page(built):
    return (built[0] / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page_outline(page):
    return outline(page)


@pytest.mark.slow
def test_every_output_exists(built):
    out, lines = built
    for name in [
        "report.html",
        "report.pdf",
        "report.docx",
        "figures.csv",
        "figures.parquet",
        "comparators.parquet",
        "context.json",
        "data-quality.csv",
        "provenance.json",
    ]:
        assert (out / name).is_file(), name
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
    executed = sorted(p.name for p in (out / "notebooks").glob("*.ipynb"))
    assert executed == [p.name for p in section_notebooks(NOTEBOOKS)]
    assert sorted(p.name for p in (out / "notebooks").glob("*.html")) == [
        p.stem + ".html" for p in section_notebooks(NOTEBOOKS)
    ]
    assert list((out / "tables").glob("*.csv")), "the notebooks wrote the data behind their charts"
    assert not list(out.parent.glob(".2015-16.*")), "no temporary folder is left behind"
    assert sum(line.strip().startswith("finished") for line in lines) == 2 * len(executed)  # and the public version


@pytest.mark.slow
def test_executed_notebooks_keep_their_code(built):
    nb = nbformat.read(next((built[0] / "notebooks").glob("03_*.ipynb")), as_version=4)
    assert any(c.cell_type == "code" and c.source and c.get("execution_count") for c in nb.cells)


@pytest.mark.slow
def test_images_have_real_alt_text(page_outline):
    assert page_outline.imgs, "the report has charts"
    for img in page_outline.imgs:
        alt = (img.get("alt") or "").strip()
        assert alt and alt != NBCONVERT_PLACEHOLDER_ALT


@pytest.mark.slow
def test_no_code_is_shown(page):
    for marker in [
        "<pre",
        'class="input"',
        "input_area",
        "In&nbsp;[",
        "jp-InputArea",
        "import iru_analysis",
        "Traceback",
    ]:
        assert marker not in page, marker


@pytest.mark.slow
def test_one_h1_and_no_heading_gaps(page_outline):
    levels = page_outline.headings
    assert levels[0] == 1 and levels.count(1) == 1
    gaps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not gaps


@pytest.mark.slow
def test_language_title_and_no_remote_scripts(page_outline, page):
    assert page_outline.html_attrs.get("lang") == "en-GB"
    assert page_outline.title.endswith("Independent Chairperson's Report 2015-16")
    assert not any((s.get("src") or "").startswith(("http:", "https:", "//")) for s in page_outline.scripts)
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", page)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", page)


@pytest.mark.slow
def test_contents_link_to_every_section(page):
    ids = re.findall(r'<section id="([^"]+)"', page)
    assert len(ids) == len(section_notebooks(NOTEBOOKS))
    for sid in ids:
        assert f'href="#{sid}"' in page


@pytest.mark.slow
def test_figures_and_data_quality_columns(built):
    figures = pd.read_csv(built[0] / "figures.csv", dtype=str, keep_default_na=False)
    assert list(figures.columns) == [*FIGURE_COLUMNS, "used_in"] and len(figures) > 0
    used = figures.set_index(["indicator", "breakdown", "period"])["used_in"]
    assert used["lac_month_end", "", "2015-04"] == "Figure 3.1"  # the first chart of section 3
    assert "Table 7.1" in used["icpc_total", "", "2015-16"]  # initial conferences by month
    assert (used == "").any() and (used != "").sum() > 500  # some rows only in sentences, most in a chart or table
    quality = pd.read_csv(built[0] / "data-quality.csv", dtype=str)
    assert list(quality.columns) == ["severity", "file", "row", "column", "check", "rule"]


def is_percentage(label: str) -> bool:
    """A column or row label that announces percentages ("Percentage", "% held in timescale")."""
    return "%" in label or "Percentage" in label


def numbers_in_tables(folder) -> pd.DataFrame:
    """Every number in ``folder/*.csv`` (file, column, value, pct): the cells of the columns whose
    every non-empty cell is a number (labels such as "2015-16" or "Apr 2015" are not); ``pct``
    when the cell's column, or its row's label (the first column of a wide table), says percentage."""
    found = []
    for path in sorted(folder.glob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        row_labels = table.iloc[:, 0]
        for column in table.columns:
            cells = table[column][table[column] != ""]
            numbers = pd.to_numeric(cells, errors="coerce")
            if len(cells) and numbers.notna().all():
                found += [
                    (path.name, column, float(v), is_percentage(column) or is_percentage(row_labels[i]))
                    for i, v in numbers.items()
                ]
    return pd.DataFrame(found, columns=["file", "column", "value", "pct"])


def not_from(numbers: pd.Series, sources: pd.Series) -> pd.Series:
    """The numbers that are none of ``sources``, once rounded to the places they are written with.

    >>> not_from(pd.Series([33.3, 33.33333333333333, 25.0, 12.5]), pd.Series([100 / 3, 25.0])).tolist()
    [12.5]
    """
    known = sources.dropna().astype(float).unique()

    def places(v: float) -> int:
        text = repr(v)
        return 0 if text.endswith(".0") else len(text.split(".")[1]) if "." in text and "e" not in text else 15

    keep = [
        not any(abs(round(k, places(v)) - v) < 1e-9 or abs(k - v) <= 1e-9 * max(1.0, abs(v)) for k in known)
        for v in numbers
    ]
    return numbers[keep]


@pytest.mark.slow
def test_every_number_in_the_tables_and_charts_is_a_figure(built):
    """Each number behind a chart or table is a figures row (or a comparator figure beside
    it), at most rounded: the report computes no number of its own. A percentage is a
    percentage figure (an indicator ending ``_pct``), not any figure that happens to match."""
    figures = pd.read_parquet(built[0] / "figures.parquet")
    comparators = pd.read_parquet(built[0] / "comparators.parquet")["value"]
    numbers = numbers_in_tables(built[0] / "tables")
    assert len(numbers) > 100 and numbers["pct"].sum() > 50  # the demo's tables and charts hold hundreds
    percentages = figures.loc[figures["indicator"].str.endswith("_pct"), "value"]
    shares = numbers.loc[numbers["pct"]]
    stray = pd.concat(
        [
            numbers.loc[not_from(numbers["value"], pd.concat([figures["value"], comparators])).index],
            shares.loc[not_from(shares["value"], pd.concat([percentages, comparators])).index],
        ]
    )
    assert stray.empty, stray.to_string()


@pytest.mark.slow
def test_provenance(built):
    record = json.loads((built[0] / "provenance.json").read_text())
    for key in [
        "year",
        "built_at",
        "package",
        "git",
        "parameters",
        "input_files",
        "parameter_files",
        "python",
        "packages",
        "timings_seconds",
        "pdf",
    ]:
        assert key in record, key
    assert record["year"] == "2015-16"
    assert set(record["git"]) == {"commit", "dirty"}
    assert record["input_files"] and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in record["input_files"].values())
    assert re.fullmatch(r"[0-9a-f]{64}", record["parameter_files"]["params"]["sha256"])
    assert re.fullmatch(r"[0-9a-f]{64}", record["parameter_files"]["narrative"]["sha256"])
    timings = record["timings_seconds"]
    assert set(timings["notebooks"]) == {p.stem for p in section_notebooks(NOTEBOOKS)}
    assert timings["total"] > 0


@pytest.mark.slow
def test_two_builds_of_the_same_inputs_are_byte_identical(built, tmp_path):
    first = built[0]
    second = build_report(
        YEAR, params=PARAMS / "2015-16.yaml", out=tmp_path / "again", publication=True, log=lambda _: None
    )

    def files(out):
        return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())

    assert files(first) == files(second)
    assert {"figures.csv", "report.html", "report.pdf", "notebooks/05_reviews.ipynb", "public/report.pdf"} <= set(
        files(first)
    )
    differ = [name for name in files(first) if (first / name).read_bytes() != (second / name).read_bytes()]
    assert differ == ["provenance.json"]
    records = [json.loads((out / "provenance.json").read_text()) for out in (first, second)]
    for record in records:
        assert record.pop("built_at") and record.pop("timings_seconds")
    assert records[0] == records[1]


@pytest.mark.slow
def test_privacy_scan_of_the_build(built):
    from iru_analysis.load import read_dataset

    data_folder = json.loads((built[0] / "provenance.json").read_text())["data_folder"]
    values = identifying_values(read_dataset(PROJECT_ROOT / data_folder))
    assert values["ids"] and values["dobs"], "the scan looks for something"
    figures = pd.read_csv(built[0] / "figures.csv", dtype=str)
    check_privacy(
        built[0],
        values,
        report_dates(YEAR, dt.date(2016, 6, 30), figures.loc[figures["period_type"] == "date", "period"]),
    )


@pytest.mark.slow
def test_the_public_version_shows_c_for_small_counts(built):
    public = built[0] / "public"
    internal = pd.read_csv(built[0] / "figures.csv", dtype=str, keep_default_na=False)
    shown = pd.read_csv(public / "figures.csv", dtype=str, keep_default_na=False)
    assert shown[["indicator", "breakdown", "period"]].equals(internal[["indicator", "breakdown", "period"]])
    assert "c" not in set(internal["value"]) and (shown["value"] == "c").sum() > 300
    rates = ("_pct", "_fte", "_mean", "_median")  # not counts: a median of 4 working days is not 4 children
    small = pd.to_numeric(internal["value"]).between(1, 5) & ~internal["indicator"].str.endswith(rates)
    assert (
        shown.loc[small & ~internal["indicator"].isin(["chairs_in_post", "meetings_per_month"]), "value"] == "c"
    ).all()
    page = (public / "report.html").read_text(encoding="utf-8")
    assert "(public version)" in page and "counts from 1 to 5 are shown as c" in page
    # the demo's 2 children who left on a child arrangements order (section 4's sentence)
    assert "2 left on a residence or child arrangements order" in (built[0] / "report.html").read_text()
    assert "c left on a residence or child arrangements order" in page
    assert "withheld to protect children&#x27;s privacy" in page or "withheld to protect children's privacy" in page
    assert sorted(p.name for p in (public / "notebooks").glob("*.ipynb")) == sorted(
        p.name for p in (built[0] / "notebooks").glob("*.ipynb")
    )


def one_withheld(cells: pd.DataFrame) -> pd.Series:
    """For each row of ``cells`` (the parts of a sum, as published), whether exactly one is ``c``."""
    return cells.eq("c").sum(axis=1).eq(1)


@pytest.mark.slow
def test_no_withheld_cell_of_a_public_table_can_be_worked_out_from_its_total(built):
    """In every published table with a Total column or row, no row (column) whose total
    is shown has exactly one c among its parts: subtraction would give it away."""
    checked = 0
    for path in sorted((built[0] / "public" / "tables").glob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        label = table.columns[0]
        rows = table.set_index(label)
        counts = rows.loc[[not is_percentage(str(r)) and r != "Total" for r in rows.index]]
        if "Total" in rows.columns:
            parts = counts.drop(columns="Total")
            with_total = counts["Total"] != "c"
            assert not (one_withheld(parts) & with_total).any(), f"{path.name}: {counts[one_withheld(parts)].index}"
            checked += 1
        if "Total" in rows.index:
            shown_total = rows.loc["Total"] != "c"
            assert not (one_withheld(counts.T) & shown_total).any(), f"{path.name}: a column with one c"
            checked += 1
    assert checked >= 3  # conference outcomes, review conferences, reviews by month


@pytest.mark.slow
def test_the_word_document(built, page, page_outline):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(built[0] / "report.docx")
    paragraphs = document.paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", page_outline.title)
    assert document.core_properties.title == page_outline.title
    # the page's h1 is the title; its h2, h3, h4 are Word's Heading 1, 2, 3, in the same order
    levels = [int(p.style.name.split()[1]) for p in paragraphs if p.style.name.startswith("Heading ")]
    assert levels == [level - 1 for level in page_outline.headings[1:]]
    sections = [p.text for p in paragraphs if p.style.name == "Heading 1" and p.text[:1].isdigit()]
    assert "At a glance" in [p.text for p in paragraphs if p.style.name.startswith("Heading ")]  # the front matter
    assert sections[:2] == [
        "1. Summary and key messages",
        "2. Purpose, legal context and the unit's profile",
    ]
    # every table of the page, its header row repeated on each page; every chart with the page's alt text
    assert len(document.tables) == page.count("<table") > 0
    assert all(t.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None for t in document.tables)
    drawings = document.element.body.findall(".//" + qn("wp:docPr"))
    assert [d.get("descr") for d in drawings] == [img["alt"] for img in page_outline.imgs]
    captions = [p.text for p in paragraphs if p.style.name == "Image Caption"]
    assert len(captions) == len(drawings) and all(c.startswith("Figure ") for c in captions)


@pytest.mark.slow
def test_executed_notebooks_and_their_pages_hold_no_path_of_the_build_machine(built):
    out = built[0]
    pages = sorted((out / "notebooks").glob("*.html"))
    executed = sorted((out / "notebooks").glob("*.ipynb"))
    data_folder = PROJECT_ROOT / json.loads((out / "provenance.json").read_text())["data_folder"]
    # the build's temporary folder was <out's parent>/.2015-16.building-<random>
    forbidden = [f"{out.parent}{'/'}.2015-16.building-", ".2015-16.building-", str(data_folder), str(PROJECT_ROOT)]
    for path in executed + pages:
        text = path.read_text(encoding="utf-8")
        assert [f for f in forbidden if f in text or json.dumps(f)[1:-1] in text] == [], path.name
    reviews = (out / "notebooks" / "05_reviews.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]*>", "", reviews))  # the code is coloured word by word
    assert "report.chart(" in shown and re.search(r"In\s\[\d+\]:", shown), "the code is shown, with its prompts"
    assert "<script" not in reviews and not re.search(r"(src|href)=[\"']?(https?:)?//", reviews)
    assert "default-src 'none'" in reviews


def test_a_notebook_not_registered_stops_the_build_before_anything_is_written(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)
    (notebooks / "05_reviews.ipynb").rename(notebooks / "05_care_plan_reviews.ipynb")  # its old name
    with pytest.raises(InputErrors) as caught:
        build_report(
            YEAR,
            params=PARAMS / "2015-16.yaml",
            out=tmp_path / "2015-16",
            notebooks_dir=notebooks,
            pdf=False,
            log=lambda _: None,
        )
    assert [e.file for e in caught.value.errors] == [
        str(notebooks / "05_care_plan_reviews.ipynb"),
        str(notebooks / "05_reviews.ipynb"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks"]


@pytest.mark.slow
def test_a_failing_notebook_leaves_the_previous_outputs_untouched(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)  # every section's notebook, the first one broken
    parameters = new_code_cell('year = "2015-16"\nparams = ""\ndata = ""\ntables_dir = ""')
    parameters.metadata["tags"] = ["parameters"]
    # the broken notebook names the keys the real one shows, so the narrative check passes
    nb = new_notebook(
        cells=[new_markdown_cell("# 1. Broken"), parameters, new_code_cell("1 / 0"), new_code_cell(TINY_NARRATIVE_KEYS)]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebooks / "01_summary.ipynb")
    out = tmp_path / "outputs" / "2015-16"
    out.mkdir(parents=True)
    (out / "provenance.json").write_text("{}")  # an earlier build's folder
    (out / "report.html").write_text("last year's build")
    with pytest.raises(BuildError) as caught:  # one at a time: the other sections are not started
        build_report(
            YEAR,
            params=PARAMS / "2015-16.yaml",
            out=out,
            notebooks_dir=notebooks,
            pdf=False,
            workers=1,
            log=lambda _: None,
        )
    assert str(caught.value).startswith(
        'Section "1. Broken" (01_summary.ipynb) failed in cell 3 (`1 / 0`): ZeroDivisionError: division by zero.'
    )
    assert caught.value.exit_status == 1
    assert sorted(p.name for p in out.iterdir()) == ["provenance.json", "report.html"]
    assert (out / "report.html").read_text() == "last year's build"
    assert [p.name for p in out.parent.iterdir()] == ["2015-16"]


# --- end to end: a messy copy of the demo, built with exclude_invalid -----------------------


@pytest.mark.slow
def test_a_messy_folder_builds_with_exclude_invalid(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("messy_data", PROJECT_ROOT / "tests" / "messy_data.py")
    messy_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(messy_data)
    broken = messy_data.make_messy(tmp_path / "data")
    left_out = len(broken["children"])
    lines: list[str] = []
    out = build_report(
        YEAR,
        params=PARAMS / "2015-16.yaml",
        data=tmp_path / "data",
        out=tmp_path / "2015-16",
        exclude_invalid=True,
        pdf=False,
        log=lines.append,
    )
    assert (
        f"Left out {left_out} children with errors, with all their records in every source (exclude_invalid):" in lines
    )
    page = (out / "report.html").read_text(encoding="utf-8")
    said = f"<strong>{left_out} children left out.</strong>"
    summary = page[page.index("1. Summary and key messages</h2>") : page.index("Key messages</h3>")]
    assert said in summary  # at the top of the summary
    assert said in page[page.index("Data quality</h3>") :]  # and in the data-quality appendix
    record = json.loads((out / "provenance.json").read_text())["parameters"]
    assert record["excluded"]["children"] == left_out
    assert record["figures_loaded_with"]["exclude_invalid"] is True  # the figures every notebook read
    assert record["notebook_parameters"]["figures"] == "figures.parquet"
    quality = pd.read_csv(out / "data-quality.csv", dtype=str)
    assert "value" not in quality and not quality["rule"].str.contains("|".join(broken["children"])).any()
    # the privacy check passed (else nothing would be built), though the findings name every child left out


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_runs_no_notebook(built, tmp_path, monkeypatch):
    import iru_analysis.report.build as build_module

    out = tmp_path / "2015-16"
    shutil.copytree(built[0], out)  # a copy, so the other tests keep reading the first build
    runs: list[list[str]] = []

    def counted(sources, *args, **kwargs):
        runs.append([s.name for s in sources])
        return []

    monkeypatch.setattr(build_module, "run_notebooks", counted)
    lines: list[str] = []
    build_report(YEAR, params=PARAMS / "2015-16.yaml", out=out, pdf=False, log=lines.append)
    assert runs == [], "no notebook ran"
    assert (out / "report.html").read_bytes() == (built[0] / "report.html").read_bytes()
    assert sorted(p.name for p in (out / "tables").iterdir()) == sorted(p.name for p in (built[0] / "tables").iterdir())
    assert json.loads((out / "provenance.json").read_text())["parameters"]["sections_reused"] == [
        p.stem for p in section_notebooks(NOTEBOOKS)
    ]


# --- what a rebuild reuses: a one-notebook report of a copy of the demo ---------------------

TINY_NOTEBOOK_CODE = (
    "import html\nfrom IPython.display import HTML\n"
    "from iru_analysis.report.params import load_params\n"
    "HTML('<pre>' + html.escape(load_params(params).narrative.read_text()) + '</pre>')"
)
# The narrative keys the real summary shows, so the build's check of the narrative file passes
# (the tiny notebook shows the file whole, above).
TINY_NARRATIVE_KEYS = 'if False:\n    report.narrative("summary")\n    report.narrative("summary_risks")'
TINY_NARRATIVE = "summary: The summary.\nsummary_risks: The risks.\n"


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A report of one section (its notebook shows the narrative file) on a copy of the demo
    data, params and narrative, built once; ``tiny.loads`` counts the data folder's loads."""
    import shutil
    from types import SimpleNamespace

    import iru_analysis.load as load_module
    from iru_analysis.report import SECTIONS, sections, stitch

    for module in (sections, stitch):  # the registry holds the summary alone
        monkeypatch.setattr(module, "SECTIONS", {"summary": SECTIONS["summary"]})

    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "demo", data)
    (tmp_path / "narrative.yaml").write_text(TINY_NARRATIVE)
    params = tmp_path / "params.yaml"
    params.write_text(
        (PARAMS / "2015-16.yaml")
        .read_text()
        .replace("../data/demo", "data")
        .replace("narrative/2015-16.yaml", "narrative.yaml")
    )
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    parameters = new_code_cell('year = "2015-16"\nparams = ""\nfigures = ""\ntables_dir = ""')
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(
        cells=[
            new_markdown_cell(f"# {SECTIONS['summary'].heading}"),
            parameters,
            new_code_cell(TINY_NOTEBOOK_CODE),
            new_code_cell(TINY_NARRATIVE_KEYS),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebooks / SECTIONS["summary"].notebook)
    loads: list[str] = []
    real = load_module.load_dataset
    monkeypatch.setattr(load_module, "load_dataset", lambda *a, **k: loads.append("load") or real(*a, **k))

    def build(**options):
        loads.clear()
        out = build_report(
            YEAR, params=params, out=tmp_path / "2015-16", notebooks_dir=notebooks, log=lambda _: None, **options
        )
        return json.loads((out / "provenance.json").read_text())["parameters"]

    build()
    return SimpleNamespace(
        build=build,
        loads=loads,
        data=data,
        out=tmp_path / "2015-16",
        narrative=tmp_path / "narrative.yaml",
        params=params,
        notebooks=notebooks,
    )


def test_a_rebuild_with_nothing_changed_reuses_every_step(tiny):
    pdf = (tiny.out / "report.pdf").read_bytes()
    record = tiny.build()
    assert record["reused"] == {
        "figures": True,
        "report_html": True,
        "privacy_check": True,
        "pdf": True,
        "docx": True,
    }
    assert record["sections_reused"] == ["01_summary"]
    assert tiny.loads == [], "the data folder was not loaded"
    assert (tiny.out / "report.pdf").read_bytes() == pdf


def test_touching_an_input_file_recomputes_the_figures_bundle(tiny):
    chairs = tiny.data / "iru" / "chairs.csv"
    chairs.write_text(chairs.read_text() + "\n")  # new bytes, same rows: the same figures
    record = tiny.build()
    assert tiny.loads == ["load"]
    assert record["reused"] == {
        "figures": False,
        "report_html": True,
        "privacy_check": False,
        "pdf": True,
        "docx": True,
    }
    assert record["sections_reused"] == ["01_summary"]  # the figures it read are byte-identical


def test_editing_the_narrative_reruns_the_section_and_reprints_the_pdf(tiny):
    tiny.narrative.write_text(tiny.narrative.read_text() + "\n# edited\n")
    record = tiny.build()
    assert record["sections_reused"] == []  # the narrative is one of the parameters
    assert record["reused"] == {
        "figures": True,
        "report_html": False,
        "privacy_check": False,
        "pdf": False,
        "docx": False,
    }
    assert "# edited" in (tiny.out / "report.html").read_text()
    assert tiny.loads == ["load"], "the privacy check loaded the data (the published bytes changed)"


def test_the_narrative_is_checked_before_any_notebook_runs(tiny):
    html = (tiny.out / "report.html").read_bytes()
    tiny.narrative.write_text("summary: Words.\nsummary_risks: '{lac_started_by_age}'\nsumary: A typo.\n")
    with pytest.raises(InputErrors) as caught:
        tiny.build()
    assert [str(e) for e in caught.value.errors] == [
        f'{tiny.narrative}, key summary_risks: "{{lac_started_by_age}}" cites lac_started_by_age without a '
        "breakdown (its breakdowns are in figures.csv).",
        f"{tiny.narrative}, key sumary: is not a key any section notebook shows (they show: summary, summary_risks).",
    ]
    assert (tiny.out / "report.html").read_bytes() == html  # nothing published


def test_the_front_matter_and_banner_are_in_the_report(tiny):
    page = (tiny.out / "report.html").read_text()
    assert page.index('class="synthetic-banner"') < page.index('id="cover-report"') < page.index('id="at-a-glance"')
    assert "Demo Signatory" in page  # the demo parameters' sign-off
    assert json.loads((tiny.out / "context.json").read_text())["synthetic"] is True


def test_a_word_template_in_the_parameters_rewrites_the_word_document(tiny):
    import docx
    from docx.shared import Cm

    template = docx.Document()
    template.sections[0].left_margin = Cm(4)
    template.save(tiny.params.parent / "committee.docx")
    tiny.params.write_text(tiny.params.read_text() + "reference_docx: committee.docx\n")
    record = tiny.build()
    assert record["reused"]["docx"] is False
    assert round(docx.Document(tiny.out / "report.docx").sections[0].left_margin.cm, 2) == 4


def test_force_or_a_hand_edited_output_reuses_nothing(tiny):
    nothing = {"figures": False, "report_html": False, "privacy_check": False, "pdf": False, "docx": False}
    assert tiny.build(force=True)["reused"] == nothing
    page = tiny.out / "report.html"
    page.write_text(page.read_text() + "<!-- edited by hand -->")
    record = tiny.build()
    assert record["reused"] == nothing and record["sections_reused"] == []
    assert "edited by hand" not in page.read_text()


def test_a_relative_out_is_written_under_the_working_directory(tiny, tmp_path, monkeypatch):
    caller = tmp_path / "caller"
    caller.mkdir()
    monkeypatch.chdir(caller)  # the kernels run in the notebooks folder: nothing may land there
    out = build_report(
        YEAR, params=tiny.params, out=Path("reports/2015-16"), notebooks_dir=tiny.notebooks, log=lambda _: None
    )
    assert out == caller / "reports" / "2015-16"
    assert (out / "tables").is_dir() and (out / "notebooks" / "01_summary.ipynb").is_file()
    assert sorted(p.name for p in tiny.notebooks.iterdir()) == ["01_summary.ipynb"]


# --- planted leaks: each fails the build, naming the file and the kind, never the value ------


def _add_cell(notebook: Path, code: str) -> None:
    """``notebook`` with one more code cell at its end."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(new_code_cell(code))
    nbformat.write(nb, notebook)


def _refused(tiny) -> str:
    """The message of the build that the privacy check refuses; the last build is left as it was."""
    before = (tiny.out / "report.html").read_bytes()
    with pytest.raises(BuildError) as caught:
        tiny.build()
    assert (tiny.out / "report.html").read_bytes() == before
    assert [p.name for p in tiny.out.parent.iterdir() if p.name.startswith(".2015-16")] == []
    return str(caught.value)


def test_a_notebook_that_prints_data_rows_fails_the_build(tiny):
    header = tiny.data / "ssda903" / "header.csv"
    _add_cell(tiny.notebooks / "01_summary.ipynb", f"import pandas as pd\nprint(pd.read_csv({str(header)!r}).head())")
    message = _refused(tiny)
    assert "notebooks/01_summary.ipynb holds a child identifier" in message
    assert "notebooks/01_summary.ipynb holds a date of birth" in message
    assert "C000001" not in message and "28/03/2001" not in message  # the demo's first child and its birth date


def test_an_identifier_in_the_narrative_fails_the_build_in_the_html_and_the_pdf(tiny):
    tiny.narrative.write_text(tiny.narrative.read_text() + "\n# ask about C000001\n")  # shown by the notebook
    message = _refused(tiny)
    assert "report.html holds a child identifier" in message
    assert "report.pdf holds a child identifier (text lines" in message  # the PDF's text is read too
    assert "C000001" not in message


def test_a_three_character_identifier_in_a_finding_is_withheld_and_caught_where_printed(tiny):
    # The CIN child C001254 is called Q7X and has no Ethnicity: a warning naming "LAchildID Q7X".
    census = tiny.data / "cin" / "cin_2015-16.xml"
    text = census.read_text()
    first = text.index("<LAchildID>C001254</LAchildID>")
    text = text[:first] + text[first:].replace("<LAchildID>C001254</LAchildID>", "<LAchildID>Q7X</LAchildID>", 1)
    text = text[:first] + text[first:].replace("<Ethnicity>WBRI</Ethnicity>", "", 1)
    census.write_text(text)
    tiny.build()
    quality = (tiny.out / "data-quality.csv").read_text()
    assert "LAchildID [withheld]" in quality and "Q7X" not in quality
    _add_cell(
        tiny.notebooks / "01_summary.ipynb",
        f"from iru_analysis.load import read_dataset\nprint('\\n'.join(read_dataset({str(tiny.data)!r}).findings['rule']))",
    )
    message = _refused(tiny)
    assert "notebooks/01_summary.ipynb holds a child identifier" in message and "Q7X" not in message
