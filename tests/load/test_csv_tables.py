"""Reading files into tables: empty, unreadable and malformed files, missing columns,
required values, row numbering, and the pandera one-column rules."""

import sys

import pytest

from iru_analysis.load.csv_tables import WHITESPACE, may_need_stripping, read_csv_text
from iru_analysis.load.schemas import CHAIRS, REVIEWS

from .folders import EPISODE_COLUMNS, HEADER_COLUMNS, IRU, SSDA903, csv, findings_for


def test_row_numbers_count_blank_lines_and_ignore_case_and_spaces_in_column_names():
    # Data rows 1 and 3 hold values; row 2 is a blank line, dropped but counted.
    raw = read_csv_text(
        " chair_id ,Role,WEEKLY_HOURS,START_DATE,END_DATE,EXTRA\nCH1, IRO ,37,01/01/2010,,x\n\nCH2,ICC,,01/01/2011,,\n",
        CHAIRS,
    )
    assert raw["_row"].tolist() == [1, 3]
    assert raw["CHAIR_ID"].tolist() == ["CH1", "CH2"]
    assert raw["ROLE"].tolist() == ["IRO", "ICC"]  # spaces around values are dropped
    assert raw["WEEKLY_HOURS"].isna().tolist() == [False, True]  # blank cell: missing


def test_whitespace_is_every_character_str_strip_removes():
    assert set(WHITESPACE) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}


@pytest.mark.parametrize(
    "text, may",
    [
        ("A,B\n1,x y\n2,\n", False),  # a space inside a cell, a blank cell: nothing to strip
        ("A,B\r\n1,x y\r\n", False),  # Windows line ends
        ("A,B\n1, x\n", True),
        ("A,B\n1,x \n", True),
        ("A,B\r\n1,x \r\n", True),  # space at a cell's edge
        ("A,B\n1,x\n \n", True),
        (" A,B\n1,x", True),
        ("A,B\n1,x ", True),  # at a line's or the text's edge
        ("A,B\n1,x\ty\n", True),
        ("A,B\n1,x\u00a0y\n", True),  # other whitespace: any, anywhere
        ('A,B\n1,"x"\n', True),  # a quoted cell: the text alone cannot tell
    ],
)
def test_may_need_stripping(text, may):
    assert may_need_stripping(text) is may


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_cells_are_stripped_of_every_kind_of_whitespace(line_end):
    # Tab, no-break space, ideographic space and spaces around cells, in and out of quotes.
    text = line_end.join(
        ["CHILD,DOB,REVIEW,REVIEW_CODE", '\t101,\u00a001/06/2010 ," 28/04/2015\u3000",PN1 ', "102,,  ,PN0", ""]
    )
    raw = read_csv_text(text, REVIEWS)
    assert raw[["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]].fillna("-").values.tolist() == [
        ["101", "01/06/2010", "28/04/2015", "PN1"],
        ["102", "-", "-", "PN0"],
    ]


def test_a_clean_file_is_read_the_same():
    # Nothing to strip (may_need_stripping is False): blank cells are still missing.
    raw = read_csv_text("CHILD,DOB,REVIEW,REVIEW_CODE\r\n101,01/06/2010,28/04/2015,PN1\r\n102,,,PN 0\r\n", REVIEWS)
    assert raw[["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]].fillna("-").values.tolist() == [
        ["101", "01/06/2010", "28/04/2015", "PN1"],
        ["102", "-", "-", "PN 0"],
    ]
    assert str(raw["DOB"].dtype) == "str"


def test_empty_file_is_an_error(tmp_path):
    found = findings_for(tmp_path, {**SSDA903, "ssda903/reviews.csv": ""})
    assert found == [
        "error: ssda903/reviews.csv: the file is empty (expected a header row naming the "
        "columns: CHILD, DOB, REVIEW, REVIEW_CODE)."
    ]


def test_header_only_file_is_a_warning(tmp_path):
    found = findings_for(tmp_path, {**SSDA903, "ssda903/reviews.csv": "CHILD,DOB,REVIEW,REVIEW_CODE\n"})
    assert found == [
        "warning: ssda903/reviews.csv: the file has a header row but no data rows: every figure that "
        "needs it will be missing or zero."
    ]


def test_malformed_csv_is_an_error(tmp_path):
    # Line 3 of the file (data row 2) has one field more than the header.
    bad = csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        101,01/06/2010,28/04/2015,PN1
        102,15/03/2013,25/09/2015,PN0,extra
        """)
    found = findings_for(tmp_path, {**SSDA903, "ssda903/reviews.csv": bad})
    assert found == [
        "error: ssda903/reviews.csv: the file could not be read as CSV "
        "(Error tokenizing data. C error: Expected 4 fields in line 3, saw 5)."
    ]


def test_file_that_is_not_utf8_is_read_with_a_warning(tmp_path):
    # "Zoë" in Windows-1252: the byte 0xEB is not UTF-8.
    text = "CHAIR_ID,ROLE,WEEKLY_HOURS,START_DATE,END_DATE\nZo\xeb,IRO,37,01/01/2010,\n".encode("cp1252")
    files = {
        **IRU,
        "iru/chairs.csv": text,
        "iru/allocations.csv": None,
        "iru/conferences.csv": None,
        "iru/rag_forms.csv": None,
    }
    found = findings_for(tmp_path, files)
    assert found == [
        "warning: iru/chairs.csv: the file is not UTF-8 text; it was read as Windows-1252, check any accented names."
    ]


def test_missing_required_column_is_named(tmp_path):
    no_hours = csv("""
        CHAIR_ID,ROLE,START_DATE,END_DATE
        CH1,IRO,01/01/2010,
        CH2,ICC,01/09/2014,
        """)
    found = findings_for(tmp_path, {**IRU, "iru/chairs.csv": no_hours})
    assert found == [
        "error: iru/chairs.csv, column WEEKLY_HOURS: the file has no such column, and it is "
        "required (columns found: CHAIR_ID, ROLE, START_DATE, END_DATE)."
    ]


def test_optional_columns_may_be_absent_and_extra_columns_are_ignored(tmp_path):
    # Header without UPN, MOTHER, MC_DOB (optional) but with an extra column.
    header = csv("""
        CHILD,SEX,DOB,ETHNIC,NOTES
        101,1,01/06/2010,WBRI,anything
        102,2,15/03/2013,MWBC,
        """)
    assert findings_for(tmp_path, {**SSDA903, "ssda903/header.csv": header}) == []


def test_required_value_missing(tmp_path):
    # Row 2 has no DECOM (and so, having no start, it is in no sequence check).
    episodes = csv(f"""
        {EPISODE_COLUMNS}
        101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,
        101,,P,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,
        102,01/09/2015,S,V2,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,
        """)
    found = findings_for(tmp_path, {**SSDA903, "ssda903/episodes.csv": episodes})
    assert "error: ssda903/episodes.csv, row 2, column DECOM: a value is required." in found


def test_missing_required_file(tmp_path):
    found = findings_for(tmp_path, {**SSDA903, "ssda903/header.csv": None})
    assert found == ["error: ssda903/header.csv: the file is missing; ssda903/ must hold header.csv and episodes.csv."]


def test_not_a_number_and_out_of_range(tmp_path):
    chairs = csv("""
        CHAIR_ID,ROLE,WEEKLY_HOURS,START_DATE,END_DATE
        CH1,IRO,full,01/01/2010,
        CH2,ICC,40,01/09/2014,
        """)
    found = findings_for(tmp_path, {**IRU, "iru/chairs.csv": chairs})
    assert found == [
        'error: iru/chairs.csv, row 1, column WEEKLY_HOURS: "full" is not a number.',
        'error: iru/chairs.csv, row 2, column WEEKLY_HOURS: "40" is out of range (must be more than 0 and at most 37).',
    ]


def test_header_columns_constant_matches_the_spec():
    assert HEADER_COLUMNS.split(",") == ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]


def test_unreadable_file_is_an_error(tmp_path, monkeypatch):
    # Simulate a file the user may not read (permissions cannot be relied on under root).
    from pathlib import Path

    real = Path.read_bytes

    def refuse(self):
        if self.name == "reviews.csv":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    found = findings_for(tmp_path, SSDA903)
    assert found == ["error: ssda903/reviews.csv: the file could not be read (Permission denied)."]
