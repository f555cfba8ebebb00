"""Table specifications, parsing and the pandera schema built from them."""

import pandas as pd
import pandera.pandas as pa
import pytest

from iru_analysis.load.schemas import CHAIRS, CSV_DATES, XML_DATES, parse_dates, parse_flags, raw_schema, to_typed


def test_dates_in_each_format():
    assert parse_dates(pd.Series(["01/02/2015", "31/02/2015", "2015-02-01"]), CSV_DATES).tolist()[0] == pd.Timestamp(
        2015, 2, 1
    )
    assert parse_dates(pd.Series(["01/02/2015", "31/02/2015", "2015-02-01"]), CSV_DATES).isna().tolist() == [
        False,
        True,
        True,
    ]
    assert parse_dates(pd.Series(["2015-02-01", "01/02/2015"]), XML_DATES).isna().tolist() == [False, True]
    assert str(parse_dates(pd.Series(["2015-02-01"]), XML_DATES).dtype) == "datetime64[ns]"


def test_flags_normalised():
    assert parse_flags(pd.Series(["True", "0", "yes", "N", "maybe"])).tolist() == [
        "true",
        "false",
        "true",
        "false",
        "maybe",
    ]


def test_schema_reports_each_rule_once():
    raw = pd.DataFrame(
        {
            "CHAIR_ID": ["A", "A", None],
            "ROLE": ["IRO", "iro", "ICC"],
            "WEEKLY_HOURS": ["37", "0", "x"],
            "START_DATE": ["01/01/2015", None, "31/02/2015"],
            "END_DATE": [None, None, None],
        }
    ).astype("str")
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        raw_schema(CHAIRS, CSV_DATES).validate(raw, lazy=True)
    cases = caught.value.failure_cases
    found = sorted(zip(cases["column"], cases["index"], cases["check"]))
    assert found == [
        ("CHAIR_ID", 0, "appears on more than one row; CHAIR_ID must be unique"),
        ("CHAIR_ID", 1, "appears on more than one row; CHAIR_ID must be unique"),
        ("CHAIR_ID", 2, "not_nullable"),
        ("ROLE", 1, "is not a valid ROLE code (expected one of ICC, IRO)"),
        ("START_DATE", 1, "not_nullable"),
        ("START_DATE", 2, "is not a date (expected dd/mm/yyyy)"),
        ("WEEKLY_HOURS", 1, "is out of range (must be more than 0 and at most 37)"),
        ("WEEKLY_HOURS", 2, "is not a number"),
    ]


def test_typed_table_has_documented_columns_and_dtypes():
    raw = pd.DataFrame(
        {
            "CHAIR_ID": ["A"],
            "ROLE": ["IRO"],
            "WEEKLY_HOURS": ["18.5"],
            "START_DATE": ["01/09/2014"],
            "_file": "c.csv",
            "_row": [1],
            "_where": pd.NA,
        }
    ).astype({"CHAIR_ID": "str"})
    typed = to_typed(raw, CHAIRS, CSV_DATES)  # END_DATE absent: added, empty
    assert list(typed.columns[:5]) == ["CHAIR_ID", "ROLE", "WEEKLY_HOURS", "START_DATE", "END_DATE"]
    assert typed["WEEKLY_HOURS"].tolist() == [18.5]
    assert str(typed["END_DATE"].dtype) == "datetime64[ns]" and typed["END_DATE"].isna().all()
