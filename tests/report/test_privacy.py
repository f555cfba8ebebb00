"""Disclosure control on small inputs built here; the build's own scan is in test_build.py."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.report.pdf import write_pdf
from iru_analysis.report.privacy import (
    PrivacyError,
    check_privacy,
    data_quality_table,
    docx_text,
    identifying_values,
    pdf_text,
    privacy_findings,
    report_dates,
)

YEAR = ReportingYear.parse("2015-16")


def _tiny_dataset() -> Dataset:
    header = pd.DataFrame(
        {"CHILD": ["DEMO1001", "DEMO1002", "77"], "DOB": pd.to_datetime(["2004-07-14", "2015-03-31", "2010-01-02"])}
    )
    episodes = pd.DataFrame({"CHILD": ["DEMO1001"], "HOME_POST": ["sy1  2"], "PL_POST": ["TF3 4AB"]})
    cpp = pd.DataFrame({"LAchildID": ["CIN0042"], "PersonBirthDate": pd.to_datetime(["2012-11-05"])})
    return Dataset(folder=Path("."), header=header, episodes=episodes, child_identifiers=cpp)


def test_identifying_values():
    values = identifying_values(_tiny_dataset())
    # "77" is searched for too, short as it is (a count of 77 then blocks the build: a false alarm, not a leak).
    assert values["ids"] == {"DEMO1001", "DEMO1002", "77", "CIN0042"}
    assert values["dobs"] == {
        "14/07/2004",
        "2004-07-14",
        "31/03/2015",
        "2015-03-31",
        "02/01/2010",
        "2010-01-02",
        "05/11/2012",
        "2012-11-05",
    }
    assert values["postcodes"] == {"SY1 2", "TF3 4AB"}


def test_a_child_left_out_is_still_withheld():
    # DEMO1003 was left out (exclude_invalid): in no table, only in the findings.
    ds = _tiny_dataset()
    ds.findings = pd.DataFrame(
        {
            "severity": ["error"],
            "file": ["ssda903/episodes.csv"],
            "row": [4],
            "column": ["DECOM"],
            "value": ["x"],
            "rule": ["overlaps DEMO1003's episode"],
            "check": ["overlaps the child's previous episode"],
            "child": ["DEMO1003"],
        }
    )
    values = identifying_values(ds)
    assert "DEMO1003" in values["ids"]
    table = data_quality_table(ds.findings, values["ids"])
    assert table[["check", "rule"]].values.tolist() == [
        ["overlaps the child's previous episode", "overlaps [withheld]'s episode"]
    ]


def test_a_date_in_a_rule_that_is_a_date_of_birth_is_withheld():
    # 14/07/2004 is DEMO1001's date of birth; 15/07/2004 is nobody's.
    findings = pd.DataFrame(
        {
            "severity": ["error"] * 2,
            "file": ["iru/allocations.csv"] * 2,
            "row": [1, 2],
            "column": ["END_DATE"] * 2,
            "value": ["x", "y"],
            "rule": ["is before START_DATE 14/07/2004", "is before START_DATE 15/07/2004"],
            "check": ["is before START_DATE"] * 2,
        }
    )
    table = data_quality_table(findings, dobs=identifying_values(_tiny_dataset())["dobs"])
    assert table["rule"].tolist() == ["is before START_DATE [withheld]", "is before START_DATE 15/07/2004"]


def test_privacy_findings_lines():
    values = identifying_values(_tiny_dataset())
    allowed = report_dates(YEAR, dt.date(2016, 6, 30))
    text = "\n".join(
        [
            "subject,indicator,breakdown,period,period_type,value",  # 1
            "lac,lac_at_31_march,,2015-03-31,date,310.0",  # 2 a year end: allowed though a child was born then
            "<td>DEMO1002</td>",  # 3 identifier
            "born 14/07/2004",  # 4 DOB, dd/mm/YYYY
            "born 2012-11-05",  # 5 DOB, ISO
            "placed in tf3 4ab",  # 6 postcode, any case
            "home SY12 9ZZ",  # 7 another postcode: not the dataset's
            "Figure DEMO10010",  # 8 not a whole token
            '<img src="data:image/png;base64,DEMO1001AAA=">',  # 9 base64 is ignored
            "home sector SY1 2",  # 10 partial postcode
        ]
    )
    assert privacy_findings(text, values, allowed) == {
        "child identifier": [3],
        "date of birth": [4, 5],
        "postcode": [6, 10],
    }


def test_report_dates_cover_year_ends_and_as_at():
    dates = report_dates(YEAR, dt.date(2016, 6, 30), ["2016-02-29"])
    assert {"31/03/2016", "2016-03-31", "01/04/2015", "31/03/2011", "30/06/2016", "2016-02-29", "29/02/2016"} <= dates
    assert "28/02/2016" not in dates


def test_check_privacy_names_file_and_line_not_value(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "report.html").write_text("<p>fine</p>\n")
    (tmp_path / "tables" / "t.csv").write_text("a,b\nx,y\nDEMO1001,3\n")
    with pytest.raises(PrivacyError) as caught:
        check_privacy(tmp_path, identifying_values(_tiny_dataset()), set())
    message = str(caught.value)
    assert "tables/t.csv holds a child identifier (lines 3)" in message
    assert "DEMO1001" not in message


def test_check_privacy_reads_notebook_outputs(tmp_path):
    (tmp_path / "notebooks").mkdir()
    cell = new_code_cell("print(ids)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="CIN0042\n")]
    nbformat.write(new_notebook(cells=[cell]), tmp_path / "notebooks" / "01_a.ipynb")
    with pytest.raises(PrivacyError, match=r"notebooks/01_a.ipynb holds a child identifier"):
        check_privacy(tmp_path, identifying_values(_tiny_dataset()), set())


def test_data_quality_table_drops_the_value():
    findings = pd.DataFrame(
        {
            "severity": ["warning"],
            "file": ["ssda903/header.csv"],
            "row": [3],
            "column": ["UPN"],
            "value": ["A123456789012"],
            "rule": ["is not a valid UPN"],
        }
    )
    table = data_quality_table(findings)
    assert list(table.columns) == ["severity", "file", "row", "column", "check", "rule"]
    assert "A123456789012" not in table.to_csv()


def test_data_quality_table_withholds_identifiers_named_in_rules():
    findings = pd.DataFrame(
        {
            "severity": ["warning", "error"],
            "file": ["cin/cin_2015-16.xml"] * 2,
            "row": [None, None],
            "column": ["Ethnicity", "CPPstartDate"],
            "value": ["", "x"],
            "rule": [
                "has no Ethnicity (<Child> number 635, LAchildID C002119)",
                "is not a date (<Child> number 7, LAchildID C0021190)",
            ],
        }
    )
    table = data_quality_table(findings, {"C002119", "C0021190", "C999999"})
    assert table["rule"].tolist() == [
        "is not a date (<Child> number 7, LAchildID [withheld])",
        "has no Ethnicity (<Child> number 635, LAchildID [withheld])",
    ]


def test_identifiers_of_any_length_match_as_whole_tokens():
    values = {"ids": {"283", "15625", "C-12"}}
    text = "\n".join(
        [
            "child 283.",  # 1 a short identifier ending a sentence
            "mean caseload,10.15625",  # 2 15625 is the decimals of a number, not a token
            "283,4",  # 3 a comma always ends a token (a CSV row)
            "(283)",  # 4 in brackets: a whole token
            "2830 and 0.283 and X283 and 283.5",  # 5 inside longer tokens
            "see C-12, C-123",  # 6 an identifier that is not one token: matched between the same boundaries
            "C-123 only",  # 7 C-12 is inside C-123
            "15625.",  # 8 a sentence's full stop ends the token
        ]
    )
    assert privacy_findings(text, values) == {"child identifier": [1, 3, 4, 6, 8]}


def test_a_short_identifier_in_a_finding_is_withheld():
    # CIN child "283" named in a rule; "<Child> number 2830" and "10.283" are not that child.
    findings = pd.DataFrame(
        {
            "severity": ["warning"] * 2,
            "file": ["cin/cin_2015-16.xml"] * 2,
            "row": [None, None],
            "column": ["Ethnicity", "CPPstartDate"],
            "value": ["", ""],
            "rule": ["has no Ethnicity (<Child> number 2830, LAchildID 283)", "is 10.283 days late"],
        }
    )
    table = data_quality_table(findings, {"283"})
    assert table["rule"].tolist() == [
        "has no Ethnicity (<Child> number 2830, LAchildID [withheld])",
        "is 10.283 days late",
    ]


def _pdf(folder: Path, body: str) -> Path:
    """report.pdf printed by the build's own engine from ``body``."""
    (folder / "report.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    printed = write_pdf(folder / "report.html", folder / "report.pdf", engines=("weasyprint",))
    assert printed.path is not None, printed.reason
    return printed.path


def test_check_privacy_reads_the_pdf_text(tmp_path):
    _pdf(tmp_path, "<p>Reviewed on time: CIN0042 and others.</p>")
    (tmp_path / "report.html").write_text("<p>fine</p>")  # the HTML clean: only the PDF holds it
    with pytest.raises(PrivacyError) as caught:
        check_privacy(tmp_path, identifying_values(_tiny_dataset()), set())
    assert "report.pdf holds a child identifier (text lines 1)" in str(caught.value)
    assert "CIN0042" not in str(caught.value)


@pytest.mark.parametrize("pdftotext", [True, False], ids=["pdftotext", "pypdf"])
def test_the_pdf_text_is_read_with_or_without_poppler(tmp_path, monkeypatch, pdftotext):
    if pdftotext and shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    if not pdftotext:
        monkeypatch.setattr("iru_analysis.report.privacy.shutil.which", lambda name: None)
    _pdf(tmp_path, "<p>Reviewed on time: CIN0042 and others.</p>")
    assert "CIN0042" in pdf_text(tmp_path / "report.pdf")


def test_check_privacy_reads_the_pdf_attachments(tmp_path):
    (tmp_path / "rows.csv").write_text("CHILD,DOB\nDEMO1002,31/03/2015\nX,14/07/2004\n")
    _pdf(tmp_path, '<p>See <a rel="attachment" href="rows.csv">the data</a>.</p>')
    assert "DEMO1002" in pdf_text(tmp_path / "report.pdf")
    (tmp_path / "report.html").write_text("<p>fine</p>")
    with pytest.raises(PrivacyError, match=r"report.pdf holds a child identifier .*report.pdf holds a date of birth"):
        check_privacy(tmp_path, identifying_values(_tiny_dataset()), set())


def test_an_unreadable_pdf_is_not_passed(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7 not really")
    with pytest.raises(PrivacyError, match="report.pdf could not be read"):
        check_privacy(tmp_path, identifying_values(_tiny_dataset()), set())


def _docx(folder: Path, body: str) -> Path:
    """A Word document written the way the build writes report.docx (pandoc), from ``body``."""
    from iru_analysis.report.docx import write_docx

    (folder / "page.html").write_text(f"<html><head><title>T</title></head><body>{body}</body></html>")
    return write_docx(folder / "page.html", folder / "report.docx", dt.date(2016, 6, 30))


def test_check_privacy_reads_the_word_documents_text_and_alt_text(tmp_path):
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNgAAIAAAUAAeImBZsAAAAASUVORK5CYII="
    _docx(
        tmp_path,
        "<h2>Reviews</h2><p>All on time.</p><p>Born 31/03/2015.</p>"
        f'<figure><img src="data:image/png;base64,{png}" alt="Chart of child CIN0042"><figcaption>F</figcaption></figure>',
    )
    (tmp_path / "page.html").unlink()  # only the Word document holds them
    # its lines: the paragraphs (title, heading, the two paragraphs, caption), then the alt text
    text = docx_text(tmp_path / "report.docx").splitlines()
    assert text[-1] == "Chart of child CIN0042" and "Born 31/03/2015." in text
    with pytest.raises(PrivacyError) as caught:
        check_privacy(tmp_path, identifying_values(_tiny_dataset()), set())
    message = str(caught.value)
    assert "report.docx holds a child identifier (text lines " in message
    assert "report.docx holds a date of birth (text lines " in message
    assert "CIN0042" not in message and "31/03/2015" not in message


def test_an_unreadable_word_document_is_not_passed(tmp_path):
    (tmp_path / "report.docx").write_bytes(b"PK not really")
    with pytest.raises(PrivacyError, match="report.docx could not be read"):
        check_privacy(tmp_path, identifying_values(_tiny_dataset()), set())


def test_check_privacy_reads_the_notebooks_pages(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_a.html").write_text("<pre>ids = ['DEMO1002']</pre>\n")
    with pytest.raises(PrivacyError, match=r"notebooks/01_a.html holds a child identifier \(lines 1\)"):
        check_privacy(tmp_path, identifying_values(_tiny_dataset()), set())
