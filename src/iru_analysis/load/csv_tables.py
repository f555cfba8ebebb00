"""Reading one table (CSV, or text already taken from XML) and its one-column checks.

``read_csv_text`` turns a file's bytes into a raw frame of stripped strings (blank:
missing) with a ``_row`` column that counts data rows as a spreadsheet would (blank
lines are counted, then dropped). ``drop_repeated_rows`` keeps one copy of rows that
are repeated exactly (one warning per repeated row), so that the copies do not come back
as thousands of consequential findings. ``check_and_type`` runs the table's pandera
schema over that text, turns every failure into a finding, and returns the typed table.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import shown
from .findings import ERROR, WARNING, combine, file_finding, flag
from .schemas import CSV_DATES, RULE_REQUIRED, TableSpec, raw_schema, to_typed


@dataclass
class Table:
    """One table as loaded: its raw text and typed values (same index), and findings."""

    spec: TableSpec
    raw: pd.DataFrame
    typed: pd.DataFrame
    findings: list[pd.DataFrame] = field(default_factory=list)
    complete: bool = True  # False when a required column is missing: no cross-row checks then

    def public(self) -> pd.DataFrame:
        """The typed table as the Dataset holds it: documented columns, fresh index."""
        return self.typed[self.spec.columns].reset_index(drop=True)


@dataclass
class Reader:
    """Reads files under one data folder, remembering their hashes and file-level findings."""

    folder: Path
    hashes: dict[str, str] = field(default_factory=dict)
    findings: list[pd.DataFrame] = field(default_factory=list)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def read_bytes(self, path: Path) -> bytes | None:
        """The file's bytes (hashed), or None with a finding when it cannot be read or is a
        symbolic link to a file outside the data folder (which is never read)."""
        rel = self.relative(path)
        if not path.resolve().is_relative_to(self.folder.resolve()):
            self.findings.append(
                file_finding(rel, "is a symbolic link to a file outside the data folder; only files inside it are read")
            )
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.findings.append(file_finding(rel, f"the file could not be read ({exc.strerror or exc})"))
            return None
        self.hashes[rel] = hashlib.sha256(data).hexdigest()
        return data

    def decode(self, data: bytes, rel: str) -> str | None:
        """UTF-8 text (a byte-order mark is dropped); Windows-1252 with a warning otherwise;
        None with a finding when the file holds NUL bytes (UTF-16 text or a binary file)."""
        nul = data.find(b"\x00")
        if nul >= 0:
            line = data.count(b"\n", 0, nul) + 1
            self.findings.append(
                file_finding(
                    rel,
                    f"the file holds NUL bytes (the first on line {line}), so it is not UTF-8 or Windows-1252 "
                    "text; save it as CSV (UTF-8)",
                )
            )
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.findings.append(
                file_finding(
                    rel,
                    "the file is not UTF-8 text; it was read as Windows-1252, check any accented names",
                    severity=WARNING,
                )
            )
            return data.decode("cp1252", errors="replace")

    def read_csv(self, path: Path, spec: TableSpec) -> pd.DataFrame | None:
        """The raw frame of one CSV file, or None (with a finding) when it has no table."""
        rel = self.relative(path)
        data = self.read_bytes(path)
        if data is None:
            return None
        text = self.decode(data, rel)
        if text is None:
            return None
        if not text.strip():
            self.findings.append(
                file_finding(
                    rel, f"the file is empty (expected a header row naming the columns: {', '.join(spec.columns)})"
                )
            )
            return None
        problem = header_problem(text, spec)
        if problem is not None:
            self.findings.append(file_finding(rel, problem[1], column=problem[0]))
            return None
        try:
            raw = read_csv_text(text, spec)
        except (pd.errors.ParserError, ValueError) as exc:
            detail = str(exc).strip().splitlines()[-1]
            self.findings.append(file_finding(rel, f"the file could not be read as CSV ({detail})"))
            return None
        raw["_file"] = rel
        raw["_where"] = pd.Series(pd.NA, index=raw.index, dtype="object")
        if raw.empty:
            self.findings.append(
                file_finding(
                    rel,
                    "the file has a header row but no data rows: every figure that needs it will be missing or zero",
                    severity=WARNING,
                )
            )
        return raw


SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def header_problem(text: str, spec: TableSpec) -> tuple[str | None, str] | None:
    """Why the CSV's header row cannot name the table's columns (the column concerned and
    the rule), or None when it can.

    Two columns that are the same documented column once case and surrounding spaces
    are ignored (``dob`` and ``DOB``) are refused: which one holds the data cannot be
    told. A header of one column naming several documented columns with semicolons,
    tabs or vertical bars between them is a file saved with another separator.

    >>> from iru_analysis.load.schemas import HEADER
    >>> header_problem("CHILD,dob,SEX,DOB\\n", HEADER)
    ('DOB', 'has 2 columns that are DOB once case and spaces are ignored (columns 2 and 4: "dob", "DOB"); which one holds the data cannot be told')
    >>> header_problem("CHILD;SEX;DOB\\n", HEADER)[1]
    'the header row is one column, "CHILD;SEX;DOB": the file separates its values with semicolons; save it as CSV (comma delimited)'
    >>> header_problem("CHILD,SEX,DOB\\n", HEADER) is None
    True
    """
    names = next(csv.reader(io.StringIO(text)), [])
    known = {c.lower(): c for c in spec.columns}
    matched = pd.Series([known.get(n.strip().lower()) for n in names], dtype=object)
    repeated = matched[matched.notna() & matched.duplicated(keep=False)]
    if not repeated.empty:
        column = repeated.iloc[0]
        at = repeated.index[repeated == column]
        positions = " and ".join(str(i + 1) for i in at)
        written = ", ".join(f'"{shown(names[i])}"' for i in at)
        return column, (
            f"has {len(at)} columns that are {column} once case and spaces are ignored (columns {positions}: {written}); "
            "which one holds the data cannot be told"
        )
    if len(names) == 1 and len(spec.columns) > 1:
        for separator, called in SEPARATORS.items():
            parts = {p.strip().lower() for p in names[0].split(separator)}
            if len(parts & set(known)) > 1:
                return None, (
                    f'the header row is one column, "{shown(names[0])}": the file separates its values with '
                    f"{called}; save it as CSV (comma delimited)"
                )
    return None


def read_csv_text(text: str, spec: TableSpec) -> pd.DataFrame:
    """A CSV's cells as stripped strings, blanks missing, columns named as documented.

    Column names are matched to the documented ones without regard to case or
    surrounding spaces. ``_row`` is the 1-based data row (line number minus one);
    blank lines count as rows, as a spreadsheet shows them, and are then dropped.
    """
    raw = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False, na_values=[], skip_blank_lines=False)
    known = {c.lower(): c for c in spec.columns}
    raw.columns = [known.get(str(c).strip().lower(), str(c).strip()) for c in raw.columns]
    raw = raw.loc[:, ~raw.columns.duplicated()]
    strip = may_need_stripping(text)
    raw = pd.DataFrame({c: stripped(raw.iloc[:, i], strip) for i, c in enumerate(raw.columns)}, index=raw.index)
    raw["_row"] = np.arange(1, len(raw) + 1)
    data_columns = [c for c in raw.columns if c != "_row"]
    return raw.loc[raw[data_columns].notna().any(axis=1)] if data_columns else raw.iloc[0:0]


# Every character ``str.strip`` removes (``str.isspace``); tests/load checks the list.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACE_AT_EDGE = (" ,", ", ", " \n", "\n ", " \r", "\r ")


def may_need_stripping(text: str) -> bool:
    r"""Whether a cell of the CSV ``text`` may start or end with whitespace.

    False only when it cannot: no quoted cells, no whitespace but spaces and line
    breaks, and no space beside a comma, a line break or either end of the text. A few
    substring searches, so that a clean file is not stripped cell by cell.

    >>> may_need_stripping("A,B\n1,x y\n"), may_need_stripping("A,B\n1, x\n"), may_need_stripping('A\n"x"\n')
    (False, True, True)
    """
    return (
        '"' in text
        or text.startswith(" ")
        or text.endswith(" ")
        or any(edge in text for edge in _SPACE_AT_EDGE)
        or any(char in text for char in WHITESPACE if char not in " \n\r")
    )


def stripped(cells: pd.Series, strip: bool = True) -> pd.Series:
    """The cells (Python strings, as ``pd.read_csv(dtype=object)`` gives them) stripped
    of surrounding whitespace, blanks missing, as pandas' string dtype.

    One pass of ``str.strip`` over the cells (much faster than ``.str.strip()`` and
    ``.replace("", nan)`` on a string column, with the same result); with
    ``strip=False`` (``may_need_stripping`` said no cell needs it) only blanks are
    made missing.

    >>> stripped(pd.Series([" a ", "", "  ", "b"])).tolist(), stripped(pd.Series(["a", ""]), strip=False).tolist()
    (['a', nan, nan, 'b'], ['a', nan])
    """
    text = cells.to_numpy()
    if strip:
        return pd.Series([cell.strip() or None for cell in text], index=cells.index, dtype="str")
    return pd.Series(np.where(text == "", None, text), index=cells.index, dtype="str")


REPEATED_ROW = "the row is repeated exactly (every column the same); the copies were left out"


def with_child(raw: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """``raw`` with its ``_child`` column: the text of the spec's child column (a
    ``_child`` already given, e.g. a rag item's form's child, is kept; else NA)."""
    if spec.child is not None and spec.child in raw:
        return raw.assign(_child=raw[spec.child])
    if "_child" in raw:
        return raw
    return raw.assign(_child=pd.Series(pd.NA, index=raw.index, dtype="object"))


def drop_repeated_rows(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``raw`` with one copy of each group of identical rows (every data column equal), and
    one warning per group, on its first row, naming the rows of the copies.

    >>> raw = pd.DataFrame({"A": ["x", "y", "x", "x"], "_file": "f.csv", "_row": [1, 2, 3, 4], "_where": pd.NA})
    >>> kept, found = drop_repeated_rows(raw)
    >>> kept["_row"].tolist(), found[["row", "rule"]].values.tolist()
    ([1, 2], [[1, 'is repeated exactly on rows 3, 4 (every column the same); the copies were left out']])
    """
    data = [c for c in raw.columns if not str(c).startswith("_")]
    if not data or raw.empty:
        return raw, None
    key = pd.util.hash_pandas_object(raw[data].fillna("\x00"), index=False)
    copy = key.duplicated(keep="first")
    if not copy.any():
        return raw, None
    first_row = raw["_row"].groupby(key).transform("first")
    copies = raw.loc[copy, "_row"].astype(int).astype(str).groupby(first_row[copy]).agg(", ".join)
    counts = copy.groupby(first_row).sum()
    listed = pd.Series(first_row.map(copies), index=raw.index)
    many = first_row.map(counts) > 1
    rule = (
        "is repeated exactly on "
        + np.where(many, "rows ", "row ")
        + listed.fillna("")
        + " (every column the same); the copies were left out"
    )
    first = ~copy & raw["_row"].isin(copies.index)
    found = flag(
        raw,
        first,
        None,
        pd.Series(rule, index=raw.index),
        severity=WARNING,
        value=pd.Series(None, index=raw.index),
        check=REPEATED_ROW,
    )
    return raw.loc[~copy], found


MAX_LISTED = 30  # column names a missing-column finding lists


def failures_to_findings(raw: pd.DataFrame, failures: pd.DataFrame, file: str) -> pd.DataFrame:
    """Findings from pandera's ``failure_cases`` (one row per failing cell or column)."""
    frames = []
    missing_columns = failures[failures["check"] == "column_in_dataframe"]
    present = [shown(c) for c in raw.columns if not c.startswith("_")]
    found = ", ".join(present[:MAX_LISTED]) + (f" and {len(present) - MAX_LISTED} more" if present[MAX_LISTED:] else "")
    for name in missing_columns["failure_case"]:
        frames.append(
            file_finding(
                file,
                f"the file has no such column, and it is required (columns found: {found or 'none'})",
                column=str(name),
                check="the file has no such column, and it is required",
            )
        )
    cells = failures[failures["index"].notna() & failures["column"].notna()]
    if not cells.empty:
        at = raw.loc[cells["index"].to_numpy()]
        checks = np.where(cells["check"] == "not_nullable", RULE_REQUIRED, cells["check"].astype(str))
        value = [None if c == "not_nullable" else shown(v) for c, v in zip(cells["check"], cells["failure_case"])]
        where = at["_where"].to_numpy()
        rule = [r if pd.isna(w) else f"{r} ({w})" for r, w in zip(checks, where)]
        frames.append(
            pd.DataFrame(
                {
                    "severity": pd.Series([ERROR] * len(at), dtype=object),
                    "file": pd.Series(at["_file"].tolist(), dtype=object),
                    "row": pd.Series([None if pd.isna(r) else int(r) for r in at["_row"]], dtype=object),
                    "column": pd.Series(cells["column"].tolist(), dtype=object),
                    "value": pd.Series(value, dtype=object),
                    "rule": pd.Series(rule, dtype=object),
                    "check": pd.Series(list(checks), dtype=object),
                    "child": pd.Series([None if pd.isna(c) else str(c) for c in at["_child"]], dtype=object),
                }
            )
        )
    return combine(frames)


def check_and_type(raw: pd.DataFrame, spec: TableSpec, file: str, date_format: str = CSV_DATES) -> Table:
    """Run the table's pandera schema over its text and build the typed table.

    Columns missing from the file are reported once (as missing columns) and added
    empty, so later checks and the measures always see every documented column.
    """
    findings = []
    raw = with_child(raw, spec)
    try:
        raw_schema(spec, date_format).validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        findings.append(failures_to_findings(raw, exc.failure_cases, file))
    absent = [f for f in spec.fields if f.name not in raw]
    complete = all(f.optional for f in absent)
    if absent:
        raw = raw.assign(**{f.name: pd.Series(np.nan, index=raw.index, dtype="str") for f in absent})
    return Table(spec, raw, to_typed(raw, spec, date_format), findings, complete)


def usable(tables: dict[str, Table]) -> dict[str, Table]:
    """The tables whose required columns are all present: the ones cross-row checks use.

    A table missing a required column has already been reported; checking it further
    would only repeat that error in other words.
    """
    return {name: table for name, table in tables.items() if table.complete}


def read_csv_tables(
    reader: Reader,
    folder: Path,
    specs: tuple[TableSpec, ...] | list[TableSpec],
    required: tuple[TableSpec, ...] = (),
    missing_rule: str = "",
    prepare: Callable[[pd.DataFrame], pd.DataFrame] = lambda raw: raw,
) -> dict[str, Table]:
    """The tables of ``specs`` present in ``folder``, each read, ``prepare``-d, rid of
    repeated rows, checked and typed.

    A missing file of ``required`` is an error finding with ``missing_rule``; other
    missing files are simply absent from the result.
    """
    tables: dict[str, Table] = {}
    for spec in specs:
        path = folder / spec.file
        if not path.is_file():
            if spec in required:
                reader.findings.append(file_finding(reader.relative(path), missing_rule))
            continue
        raw = reader.read_csv(path, spec)
        if raw is not None:
            raw, repeated = drop_repeated_rows(with_child(prepare(raw), spec))
            table = check_and_type(raw, spec, reader.relative(path))
            table.findings.insert(0, repeated)
            tables[spec.name] = table
    return tables
