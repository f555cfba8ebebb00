"""The findings table: building, ordering, and turning errors into InputErrors."""

import pandas as pd

from iru_analysis.load.findings import as_input_errors, combine, file_finding, flag


def table():
    return pd.DataFrame({"A": ["x", "y", None], "_file": "t.csv", "_row": [1, 2, 4], "_where": pd.NA})


def test_flag_reports_failing_rows_with_their_text():
    t = table()
    found = flag(t, t["A"] != "x", "A", "is not x")
    # Row 4 has no value: a comparison with a missing value fails, and its value is None.
    assert found[["file", "row", "column", "value", "rule"]].values.tolist() == [
        ["t.csv", 2, "A", "y", "is not x"],
        ["t.csv", 4, "A", None, "is not x"],
    ]


def test_flag_names_the_xml_child():
    t = table().assign(_row=pd.NA, _where=["<Child> number 3, LAchildID C1", pd.NA, pd.NA])
    found = flag(t, t["A"] == "x", "A", "is wrong")
    assert found["rule"].tolist() == ["is wrong (<Child> number 3, LAchildID C1)"]
    assert found["row"].tolist() == [None]


def test_combine_puts_errors_first_then_file_and_row():
    t = table()
    found = combine(
        [
            flag(t, t["A"] == "y", "A", "w", severity="warning"),
            flag(t, t["A"] == "y", "A", "e2"),
            file_finding("a.csv", "e1"),
        ]
    )
    assert found[["severity", "file", "row", "rule"]].values.tolist() == [
        ["error", "a.csv", None, "e1"],
        ["error", "t.csv", 2, "e2"],
        ["warning", "t.csv", 2, "w"],
    ]


def test_no_errors_no_exception():
    t = table()
    assert as_input_errors(combine([flag(t, t["A"] == "y", "A", "w", severity="warning")]), "data") is None
