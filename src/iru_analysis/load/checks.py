"""Checks shared by the sources: codes valid in a row's year, links between tables,
dates in order, postcode shapes. Each returns findings for all failing rows at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .. import codes as C
from .csv_tables import Table
from .findings import ERROR, WARNING, flag
from .schemas import code_rule, per_distinct

# The shape of a full UK postcode (outward code, optional space, inward code), e.g.
# "SY3 8HQ", "W1A 1AA", "EC1A 1BB". The 903 guidance asks for the full postcode.
POSTCODE_SHAPE = r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$"


def year_start(dates: pd.Series) -> pd.Series:
    """The start year of the reporting year (1 April to 31 March) each date falls in.

    >>> year_start(pd.Series(pd.to_datetime(["2016-03-31", "2016-04-01"]))).tolist()
    [2015, 2016]
    """
    return (dates.dt.year - (dates.dt.month < 4)).astype("Int64")


def year_label(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def codes_for_year(
    table: Table, column: str, code_list: Mapping[str, C.Code], dates: pd.Series, list_name: str = "DfE"
) -> pd.DataFrame:
    """Findings for codes not valid in the reporting year of each row's own date.

    The year comes from ``dates`` (e.g. DECOM for an episode's LS, PLACE, CIN and RNE,
    DEC for REC, REVIEW for REVIEW_CODE). A row whose date is missing or unreadable is
    checked against every code of the list, whatever its year.
    """
    values = table.typed[column]
    start = year_start(dates)
    listing = pd.DataFrame([(k, c.first, c.last) for k, c in code_list.items()], columns=["code", "first", "last"])
    merged = (
        pd.DataFrame({"code": values, "year": start}, index=values.index)
        .reset_index()
        .merge(listing, on="code", how="left")
        .set_index("index")
    )
    known = merged["first"].notna()
    in_year = merged["year"].isna() | ((merged["first"] <= merged["year"]) & (merged["year"] <= merged["last"]))
    ok = (known & in_year.fillna(False)).groupby(level=0).any().reindex(values.index, fill_value=False)
    bad = values.notna() & ~ok
    if not bad.any():
        return flag(table.typed, bad, column, "")
    years = start.where(start.notna(), other=pd.NA)
    rule = pd.Series(code_rule(column, code_list), index=values.index)
    dated = bad & years.notna()
    if dated.any():
        labels = years[dated].astype(int).map(year_label)
        in_some_year = values[dated].isin(list(code_list))
        rule[dated] = np.where(
            in_some_year,
            f"is not a valid {column} code in "
            + labels
            + f" (it is valid in other years of the {list_name} code list)",
            f"is not a valid {column} code in "
            + labels
            + f" (see the {list_name} code list in src/iru_analysis/codes.py)",
        )
    return flag(
        table.typed, bad, column, rule, raw=table.raw, check=f"is not a valid {column} code in the row's reporting year"
    )


def codes_for_years(table: Table, column: str, code_list: Mapping[str, C.Code], years: Iterable[int]) -> pd.DataFrame:
    """Findings for codes valid in none of ``years`` (all years of the list when empty)."""
    years = sorted({int(y) for y in years})
    allowed = set().union(*(C.valid_codes(code_list, y) for y in years)) if years else set(code_list)
    values = table.typed[column]
    bad = values.notna() & ~values.isin(allowed)
    span = (
        f" in {year_label(years[0])}"
        if len(years) == 1
        else f" in {year_label(years[0])} to {year_label(years[-1])}"
        if years
        else ""
    )
    listed = sorted(allowed)
    rule = (
        f"is not a valid {column} code{span} (expected one of {', '.join(listed)})"
        if len(listed) <= 12
        else f"is not a valid {column} code{span} (see src/iru_analysis/codes.py)"
    )
    return flag(table.typed, bad, column, rule, raw=table.raw)


def unknown_keys(table: Table, column: str, known: pd.Series, where: str, severity: str = ERROR) -> pd.DataFrame:
    """Findings for values of ``column`` that do not appear in ``known`` (e.g. a child
    in reviews who is not in the header). ``where`` names the table looked in."""
    values = table.typed[column]
    found = pd.Index(known.dropna().unique()).get_indexer(values) >= 0  # quicker than isin on a million strings
    bad = values.notna() & ~found
    return flag(table.typed, bad, column, f"is not found in {where}", severity=severity, raw=table.raw)


def ends_before_start(table: Table, start: str, end: str, what: str) -> pd.DataFrame:
    """Findings (errors) for rows whose ``end`` date is before their ``start`` date."""
    reason = f"{what} cannot end before it starts"
    return dated_before(table, end, table.typed[start], f"{start} " + table.raw[start].astype(str), reason, start)


def dated_before(
    table: Table, column: str, earlier: pd.Series, named: pd.Series, reason: str, name: str
) -> pd.DataFrame:
    """Findings (errors) for rows whose date in ``column`` is before ``earlier`` (a date per
    row, aligned with the table): "is before <named> (<reason>)", ``named`` the earlier
    date as the rule gives it (e.g. "RAISED_DATE 01/05/2015"), ``name`` the date's name
    alone (for the check)."""
    t = table.typed
    bad = t[column].notna() & earlier.notna() & (t[column] < earlier)
    return flag(
        t, bad, column, "is before " + named + f" ({reason})", raw=table.raw, check=f"is before {name} ({reason})"
    )


def postcode_shape(table: Table, column: str, rows: pd.Series | None = None) -> pd.DataFrame:
    """Warnings for postcodes that do not look like a full UK postcode."""
    text = table.typed[column]
    shaped = per_distinct(text, lambda s: s.str.upper().str.match(POSTCODE_SHAPE).astype(bool), False)
    bad = text.notna() & ~shaped
    if rows is not None:
        bad &= rows
    return flag(
        table.typed,
        bad,
        column,
        "does not look like a full UK postcode (e.g. SY3 8HQ); distances cannot be worked out",
        severity=WARNING,
        raw=table.raw,
    )


def duplicated_rows(table: Table, keys: list[str], column: str, what: str) -> pd.DataFrame:
    """Errors for rows whose ``keys`` together repeat another row's (e.g. a child's CPPID)."""
    t = table.typed
    dup = t.duplicated(subset=keys, keep=False) & t[keys].notna().all(axis=1)
    return flag(t, dup, column, f"appears on more than one row for the same {what}; it must be unique", raw=table.raw)


def lookup(keys: pd.Series, table: pd.DataFrame, key: str, value: str) -> pd.Series:
    """For each of ``keys``, ``value`` on the first row of ``table`` whose ``key`` matches
    (missing where none does), keeping the dtype of ``value`` and the index of ``keys``."""
    first = table.loc[table[key].notna()].drop_duplicates(key).set_index(key)[value]
    return pd.Series(first.array.take(first.index.get_indexer(keys), allow_fill=True), index=keys.index)
