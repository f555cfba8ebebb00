"""Shared checks: reporting years, codes by year, postcodes, lookups."""

import pandas as pd

from iru_analysis import codes as C
from iru_analysis.load.checks import POSTCODE_SHAPE, codes_for_year, lookup, year_start
from iru_analysis.load.csv_tables import Table, check_and_type
from iru_analysis.load.schemas import EPISODES


def test_year_start_turns_on_1_april():
    dates = pd.Series(pd.to_datetime(["2016-03-31", "2016-04-01", None]))
    assert year_start(dates).tolist() == [2015, 2016, pd.NA]


def test_postcode_shape():
    shaped = pd.Series(["SY3 8HQ", "W1A 1AA", "EC1A 1BB", "SY38HQ", "SY3", "12345", "SY3 8H"]).str.match(POSTCODE_SHAPE)
    assert shaped.tolist() == [True, True, True, True, False, False, False]


def episodes_table(rows: list[tuple[str, str, str]]) -> Table:
    """Episodes with only CHILD, DECOM and PLACE filled (the other columns blank)."""
    raw = pd.DataFrame(rows, columns=["CHILD", "DECOM", "PLACE"]).astype("str")
    raw["_file"], raw["_row"], raw["_where"] = "e.csv", range(1, len(raw) + 1), pd.NA
    return check_and_type(raw, EPISODES, "e.csv")


def test_codes_for_year_uses_each_rows_year():
    # K3 is valid from 2023-24: wrong on 01/04/2015 (2015-16), right on 01/04/2023 (2023-24).
    # With no readable date, a code of any year passes.
    table = episodes_table([("1", "01/04/2015", "K3"), ("2", "01/04/2023", "K3"), ("3", "no date", "K3")])
    found = codes_for_year(table, "PLACE", C.PLACEMENT, table.typed["DECOM"], "SSDA903")
    assert found[["row", "value", "rule"]].values.tolist() == [
        [1, "K3", "is not a valid PLACE code in 2015-16 (it is valid in other years of the SSDA903 code list)"]
    ]


def test_lookup_keeps_dtype_and_index():
    table = pd.DataFrame(
        {"CHILD": ["a", "b"], "DOB": pd.to_datetime(["2010-01-01", "2011-01-01"]).astype("datetime64[ns]")}
    )
    keys = pd.Series(["b", "z"], index=[10, 11])
    found = lookup(keys, table, "CHILD", "DOB")
    assert found.index.tolist() == [10, 11] and str(found.dtype) == "datetime64[ns]"
    assert found.iloc[0] == pd.Timestamp(2011, 1, 1) and pd.isna(found.iloc[1])
