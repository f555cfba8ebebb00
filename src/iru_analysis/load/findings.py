"""Findings: the problems loading finds, one row each, ready to print or to raise.

A finding names the file (relative to the data folder), the 1-based data row (the
header line is not counted; None for a problem with a whole file or column), the
column, the offending value as written in the file (quoted as ``shown`` gives it: control
characters escaped, at most 80 characters), and the rule broken, in words a data officer
can act on. ``severity`` is ``error`` (the report cannot be trusted) or
``warning`` (a data-quality point that does not stop the report).

Two more columns serve the program, not the reader: ``check``, a short stable name of
the rule (the same for every row that breaks it, where ``rule`` may name per-row
values), to group findings; and ``child``, the child a finding is about (None for a
whole file, a column, or a row of a table with no child), so that
``load_dataset(..., exclude_invalid=True)`` can leave that child out. ``child`` is never
printed or published.

Every loaded table carries four provenance columns while it is checked, so that a
check written once for a whole table can say where each failing row came from:
``_file`` (relative path), ``_row`` (data row, NA for XML), ``_where`` (for XML
returns, which ``<Child>`` the row came from; NA for CSV) and ``_child`` (the row's
child: its CHILD or LAchildID, NA when the table has none).
"""

from __future__ import annotations

import pandas as pd

from ..dataset import FINDING_COLUMNS, empty_findings
from ..errors import InputError, InputErrors, shown

ERROR, WARNING = "error", "warning"
MAX_ERRORS = 50  # errors listed by load_dataset before "and N more"


def flag(
    table: pd.DataFrame,
    mask: pd.Series,
    column: str | None,
    rule: str | pd.Series,
    severity: str = ERROR,
    value: pd.Series | None = None,
    raw: pd.DataFrame | None = None,
    check: str | None = None,
) -> pd.DataFrame | None:
    """Findings for the rows of ``table`` where ``mask`` is True (None when there are none).

    ``rule`` is one sentence for every row, or a Series of per-row sentences (aligned
    with ``table``); ``check`` names the rule for grouping (default: the rule itself,
    so pass it whenever ``rule`` varies per row). ``value`` defaults to the text of
    ``column`` as written in the file (taken from ``raw`` when given, else from
    ``table``); pass a Series to report something else, or a Series of None for no
    value. Rows from XML returns get their ``<Child>`` appended to the rule, since an
    XML file has no data rows to point to. ``child`` comes from the table's ``_child``
    column (None when it has none).

    >>> t = pd.DataFrame({"A": ["x", "y"], "_file": "f.csv", "_row": [1, 2], "_where": pd.NA, "_child": "C1"})
    >>> flag(t, t["A"] == "y", "A", "is not x")[["file", "row", "value", "rule", "check", "child"]].values.tolist()
    [['f.csv', 2, 'y', 'is not x', 'is not x', 'C1']]
    """
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return None
    rows = table.loc[mask]
    if value is None:
        source = raw if raw is not None and column in raw else table
        value = source[column] if column in source else pd.Series(None, index=table.index)
    values = value.loc[rows.index]
    rules = rule.loc[rows.index].astype(str) if isinstance(rule, pd.Series) else pd.Series(rule, index=rows.index)
    checks = rules if check is None else pd.Series(check, index=rows.index)
    where = rows["_where"]
    rules = rules.where(where.isna(), rules + " (" + where.astype(str) + ")")
    children = rows["_child"] if "_child" in rows else pd.Series(None, index=rows.index)
    n = len(rows)
    return pd.DataFrame(
        {
            "severity": pd.Series([severity] * n, dtype=object),
            "file": pd.Series(rows["_file"].tolist(), dtype=object),
            "row": pd.Series([None if pd.isna(r) else int(r) for r in rows["_row"]], dtype=object),
            "column": pd.Series([column] * n, dtype=object),
            "value": pd.Series([None if pd.isna(v) else shown(v) for v in values], dtype=object),
            "rule": pd.Series(rules.tolist(), dtype=object),
            "check": pd.Series(checks.tolist(), dtype=object),
            "child": pd.Series([None if pd.isna(c) else str(c) for c in children], dtype=object),
        }
    )


def file_finding(
    file: str,
    rule: str,
    column: str | None = None,
    severity: str = ERROR,
    value: str | None = None,
    row: int | None = None,
    check: str | None = None,
) -> pd.DataFrame:
    """One finding about a whole file (or a whole column of it); it concerns no child."""
    return pd.DataFrame(
        [
            {
                "severity": severity,
                "file": file,
                "row": row,
                "column": column,
                "value": shown(value),
                "rule": rule,
                "check": rule if check is None else check,
                "child": None,
            }
        ],
        columns=FINDING_COLUMNS,
    ).astype(object)


def combine(frames: list[pd.DataFrame | None]) -> pd.DataFrame:
    """All findings in one frame: errors first, then by file, row and column.

    ``row`` and ``value`` hold Python ints/strings or None (never NaN), so that
    ``if finding.row`` and ``finding.value is None`` behave as a reader expects.
    """
    frames = [f for f in frames if f is not None and not f.empty]
    if not frames:
        return empty_findings()
    out = pd.concat(frames, ignore_index=True).reindex(columns=FINDING_COLUMNS).astype(object)
    out["check"] = out["check"].fillna(out["rule"])
    order = pd.DataFrame(
        {
            "s": (out["severity"] != ERROR).astype(int),
            "f": out["file"].astype(str),
            "r": [-1 if r is None else r for r in out["row"]],
            "c": out["column"].fillna("").astype(str),
        }
    )
    out = out.loc[order.sort_values(["s", "f", "r", "c"], kind="stable").index].reset_index(drop=True)
    for col in FINDING_COLUMNS:
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def children_with_errors(findings: pd.DataFrame) -> pd.Index:
    """The distinct children named by error findings."""
    errors = findings[findings["severity"] == ERROR]
    return pd.Index(errors["child"].dropna().unique())


def as_input_errors(findings: pd.DataFrame, folder: str, limit: int = MAX_ERRORS) -> InputErrors | None:
    """The error findings as one ``InputErrors`` (None when there are none).

    At most ``limit`` are listed; a line then says how many more there are and how to
    see them all. When some errors concern a child, the message ends by naming the
    option that leaves those children out (``--exclude-invalid``).
    """
    errors = findings[findings["severity"] == ERROR]
    if errors.empty:
        return None
    listed = [InputError(f.file, f.row, f.column, f.value, f.rule) for f in errors.head(limit).itertuples(index=False)]
    if len(errors) > limit:
        listed.append(
            InputError(
                folder,
                None,
                None,
                None,
                f"and {len(errors) - limit} more error(s); run 'iru-report validate --data {folder}' to list them all",
            )
        )
    return InputErrors(listed, hint=exclusion_hint(errors))


def exclusion_hint(errors: pd.DataFrame) -> str:
    """The last line of a strict run's message: how to leave the children with errors out.

    >>> e = pd.DataFrame({"severity": ["error"] * 3, "child": ["C1", "C1", None]})
    >>> exclusion_hint(e)
    '1 error(s) concern no single child and must be fixed; the other errors concern 1 child: to leave it out and report on the rest, set exclude_invalid: true in the parameters file or run again with --exclude-invalid'
    """
    children = len(children_with_errors(errors))
    if not children:
        return ""
    childless = int(errors["child"].isna().sum())
    first = (
        f"{childless} error(s) concern no single child and must be fixed; the other errors concern "
        if childless
        else "The errors concern "
    )
    whom = "1 child: to leave it out" if children == 1 else f"{children} children: to leave them out"
    return (
        f"{first}{whom} and report on the rest, set exclude_invalid: true in the parameters file or run "
        "again with --exclude-invalid"
    )


def finding_line(f, with_file: bool = True) -> str:
    """One finding as ``validate`` prints it: where, the value as written, the rule.

    >>> f = pd.Series({"severity": "error", "file": "a.csv", "row": 4, "column": "DECOM", "value": "x",
    ...                "rule": "is not a date"})
    >>> finding_line(f), finding_line(f, with_file=False)
    ('ERROR: a.csv, row 4, column DECOM: "x" is not a date.', 'row 4, column DECOM: "x" is not a date.')
    """
    where = ", ".join(
        p
        for p in (
            f.file if with_file else None,
            f"row {f.row}" if f.row else None,
            f"column {f.column}" if f.column else None,
        )
        if p
    )
    value = f'"{f.value}" ' if f.value not in (None, "") else ""
    text = f"{where}: {value}{f.rule}." if where else f"{value}{f.rule}."
    return f"{f.severity.upper()}: {text}" if with_file else text


def summary_lines(findings: pd.DataFrame, examples: int = 3) -> list[str]:
    """The findings grouped by severity, file and check: errors first, then by file, the
    largest group first. A check found once is one line, as ``finding_line`` prints it; a
    check found more often is a line naming it and the count, then its first ``examples``
    findings (in file order) and how many more.

    >>> f = pd.DataFrame({"severity": ["error"] * 4, "file": ["a.csv"] * 4, "row": [1, 2, 3, 5],
    ...                   "column": ["D"] * 4, "value": ["x", "y", "z", "w"], "rule": ["is not a date"] * 4,
    ...                   "check": ["is not a date"] * 4})
    >>> print("\\n".join(summary_lines(f)))
    ERROR: a.csv: is not a date (4 findings)
        row 1, column D: "x" is not a date.
        row 2, column D: "y" is not a date.
        row 3, column D: "z" is not a date.
        ... and 1 more
    """
    if findings.empty:
        return []
    keyed = findings.assign(
        _error=(findings["severity"] != ERROR).astype(int), _check=findings["check"].fillna(findings["rule"])
    )
    sizes = keyed.groupby(["_error", "file", "_check"], sort=False).size().rename("_n").reset_index()
    sizes = sizes.sort_values(["_error", "file", "_n"], ascending=[True, True, False], kind="stable")
    groups = dict(list(keyed.groupby(["_error", "file", "_check"], sort=False)))
    lines = []
    for key in sizes[["_error", "file", "_check"]].itertuples(index=False, name=None):
        group = groups[key]
        if len(group) == 1:
            lines.append(finding_line(group.iloc[0]))
            continue
        lines.append(f"{group['severity'].iloc[0].upper()}: {key[1]}: {key[2]} ({len(group)} findings)")
        lines += ["    " + finding_line(f, with_file=False) for _, f in group.head(examples).iterrows()]
        if len(group) > examples:
            lines.append(f"    ... and {len(group) - examples} more")
    return lines
