"""``iru-report build --month``: the monthly practice report's build, on one-section
reports whose notebooks show the parameters they were given (fast), and the refusals.

The monthly report's content on the demo is tested in test_monthly_content.py; the
demo's whole monthly build in test_monthly_demo.py.
"""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from iru_analysis.calendar import ReportingYear
from iru_analysis.cli import main
from iru_analysis.paths import DEMO_DATA, PARAMS
from iru_analysis.report.build import build_report

YEAR = ReportingYear.parse("2015-16")
SHOW_PARAMETERS = (
    'from IPython.display import Markdown\nMarkdown(f\'Built for {year}, month {globals().get("month", "none")}.\')'
)


def _notebook(heading: str, parameters: str) -> nbformat.NotebookNode:
    cell = new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[new_markdown_cell(f"# {heading}"), cell, new_code_cell(SHOW_PARAMETERS)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture
def one_section(tmp_path, monkeypatch):
    """The annual report and the monthly report with one section each, the demo's data and
    parameters (its narrative file left empty: the annual section shows no narrative)."""
    from iru_analysis.report import sections, stitch

    annual, monthly = sections.SECTIONS["summary"], sections.MONTHLY_SECTIONS["month_summary"]
    for module in (sections, stitch):
        monkeypatch.setattr(module, "SECTIONS", {"summary": annual})
        monkeypatch.setattr(module, "MONTHLY_SECTIONS", {"month_summary": monthly})
    notebooks = tmp_path / "notebooks"
    (notebooks / "monthly").mkdir(parents=True)
    nbformat.write(
        _notebook(annual.heading, 'year = "2015-16"\nparams = ""\nfigures = ""\ntables_dir = ""'),
        notebooks / annual.notebook,
    )
    nbformat.write(
        _notebook(monthly.heading, 'year = "2015-16"\nmonth = "2016-03"\nparams = ""\nfigures = ""\ntables_dir = ""'),
        notebooks / "monthly" / monthly.notebook,
    )
    (tmp_path / "narrative.yaml").write_text("{}\n")
    params = tmp_path / "params.yaml"
    params.write_text(
        (PARAMS / "2015-16.yaml")
        .read_text()
        .replace("../data/demo", os.path.relpath(DEMO_DATA, tmp_path))
        .replace("narrative/2015-16.yaml", "narrative.yaml")
    )

    def build(**options):
        return build_report(
            YEAR,
            params=params,
            out=tmp_path / "2015-16",
            notebooks_dir=notebooks,
            pdf=False,
            log=lambda _: None,
            **options,
        )

    return SimpleNamespace(build=build, out=tmp_path / "2015-16", notebooks=notebooks)


def test_the_monthly_report_is_built_into_its_months_folder(one_section):
    out = one_section.build(month="2016-02")
    assert out == one_section.out / "monthly" / "2016-02"
    page = (out / "report.html").read_text()
    assert "monthly practice report, February 2016" in page
    assert "beside the twelve months before it (February 2015 to January 2016)" in page
    assert "Built for 2015-16, month 2016-02." in page  # papermill gave the notebook its month
    figures = pd.read_csv(out / "figures.csv", dtype=str)
    assert sorted(figures["period"].unique()) == [str(m) for m in pd.period_range("2015-02", "2016-02", freq="M")]
    record = json.loads((out / "provenance.json").read_text())["parameters"]
    assert record["month"] == "2016-02" and record["notebook_parameters"]["month"] == "2016-02"
    assert json.loads((out / "context.json").read_text())["month"] == "2016-02"


def test_an_annual_build_keeps_the_years_monthly_reports(one_section):
    monthly = one_section.build(month="2016-03")  # before any annual build: the year folder holds monthly/ alone
    page = (monthly / "report.html").read_bytes()
    annual = one_section.build()
    assert "month none" in (annual / "report.html").read_text()  # the annual notebook has no month
    assert (monthly / "report.html").read_bytes() == page
    one_section.build(force=True)  # replaced again: still kept
    assert (monthly / "report.html").read_bytes() == page
    manifest = json.loads((annual / "manifest.json").read_text())
    assert not [name for name in manifest["files"] if name.startswith("monthly/")]  # each month keeps its own
    rebuilt = json.loads((one_section.build(month="2016-03") / "provenance.json").read_text())["parameters"]
    assert rebuilt["reused"]["figures"] and rebuilt["sections_reused"] == ["01_month_summary"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--month", "2016-04"],
            "iru-report build: --month 2016-04 is not a month of the reporting year 2015-16 (April 2015 to March "
            "2016): build April 2016's report with the parameters of its own year. Nothing was written.\n",
        ),
        (
            ["--month", "2016-03", "--publication"],
            "iru-report build: --publication applies to the annual report: the monthly practice report is for the "
            "unit and its managers and has no public version. Nothing was written.\n",
        ),
    ],
)
def test_a_month_the_build_cannot_make_is_refused_before_any_work(arguments, message, tmp_path, capsys):
    assert main(["build", "--year", "2015-16", "--out", str(tmp_path / "out"), *arguments]) == 2
    assert capsys.readouterr().err == message
    assert not (tmp_path / "out").exists()


def test_a_month_that_is_not_one_is_refused_by_the_command_line(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--year", "2015-16", "--month", "2016-13"])
    assert '"2016-13" is not a month (expected YYYY-MM, e.g. 2016-03)' in capsys.readouterr().err
