"""ssda903/ as annual returns: one subfolder per collection year, combined into one history.

An authority keeps one SSDA903 return per year, each holding the episodes open at any
time in that year and the reviews held in it. ``ssda903/`` may hold either the tables
directly (the whole history) or one subfolder per return named by its collection year
(``2014-15/``, ``2015-16/``…), each with its own ``header.csv`` and ``episodes.csv``
(required) and ``reviews.csv`` (optional). Each return's files are read and checked on
their own (so a finding names the return: ``ssda903/2015-16/episodes.csv, row 12``),
then combined, later returns winning:

* a child's header row from the latest return that has the child;
* an episode (CHILD, DECOM) from the latest return that has it, so an episode open at
  the end of one return and closed in the next is one closed episode, and a corrected
  episode replaces the earlier version;
* a review (CHILD, REVIEW) kept once, from the latest return that has it.

The combined table keeps each winning row's ``_file`` and ``_row``, so the cross-row
checks made afterwards name the return and row the row came from.

Findings about the layout: tables directly in ``ssda903/`` beside return subfolders
(error: which is the truth cannot be told); a subfolder not named as a collection year
(error when ``ssda903/`` holds returns, since it may be a return whose records would be
lost; a warning that it is ignored when ``ssda903/`` holds the tables directly); a year
missing between two returns (warning: episodes that began and ended in that year are
missing). A value that changed between returns for the same record (a correction) is a
warning on the later row naming the column and the earlier return; the rule text never
quotes the value. An episode open in an earlier return and closed in a later one is
not a correction.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..calendar import ReportingYear
from .csv_tables import Reader, Table
from .findings import WARNING, file_finding, flag

# The same record in two returns: its natural key.
RECORD_KEYS = {"header": ["CHILD"], "episodes": ["CHILD", "DECOM"], "reviews": ["CHILD", "REVIEW"]}


def _reporting_year(name: str) -> ReportingYear | None:
    try:
        return ReportingYear.parse(name)
    except ValueError:
        return None


def _subfolders(folder: Path) -> list[Path]:
    """The subfolders of ``folder``, hidden ones (``.ipynb_checkpoints``…) left out."""
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def return_folders(reader: Reader, folder: Path, table_files: list[str]) -> dict[ReportingYear, Path]:
    """The return subfolders of ``folder`` in year order (empty: the tables are directly in it).

    Findings about the layout (see the module docstring) are added to ``reader``.
    """
    where = reader.relative(folder) + "/"
    subfolders = _subfolders(folder)
    returns = {year: path for path in subfolders if (year := _reporting_year(path.name)) is not None}
    misnamed = [path for path in subfolders if _reporting_year(path.name) is None]
    flat = sorted(name for name in table_files if (folder / name).is_file())
    if returns and flat:
        reader.findings.append(
            file_finding(
                where,
                f"holds both tables ({', '.join(flat)}) and annual return subfolders "
                f"({', '.join(y.label + '/' for y in sorted(returns, key=lambda y: y.first))}); "
                "keep one layout: move the tables into their return's subfolder, or remove the subfolders",
            )
        )
    for path in misnamed:
        if flat and not returns:
            reader.findings.append(
                file_finding(
                    reader.relative(path) + "/",
                    "is not a return subfolder (not named by a collection year "
                    "such as 2015-16) and ssda903/ holds the tables directly; it was ignored",
                    severity=WARNING,
                )
            )
        else:
            reader.findings.append(
                file_finding(
                    reader.relative(path) + "/",
                    "is not named by a collection year (expected two consecutive "
                    "years such as 2015-16); rename the return's subfolder, or move the folder out of ssda903/",
                )
            )
    years = sorted(y.first for y in returns)
    for first in sorted(set(range(years[0], years[-1] + 1)) - set(years)) if years else []:
        reader.findings.append(
            file_finding(
                where,
                f"holds no return for {ReportingYear(first).label} between {ReportingYear(years[0]).label} "
                f"and {ReportingYear(years[-1]).label}; episodes that began and ended in that year are missing",
                severity=WARNING,
            )
        )
    return {year: returns[year] for year in sorted(returns, key=lambda y: y.first)}


def history_start(folder: Path) -> pd.Timestamp | None:
    """1 April of the earliest return's year when ``folder`` (``ssda903/``) holds annual
    returns; None when it holds the tables directly (or does not exist)."""
    if not folder.is_dir():
        return None
    years = [y for p in _subfolders(folder) if (y := _reporting_year(p.name)) is not None]
    return min(years, key=lambda y: y.first).start if years else None


def _stack(versions: list[tuple[ReportingYear, Table]]) -> Table:
    """One table holding every return's rows in return order, ``_return`` the year's start."""
    raw = pd.concat([t.raw.assign(_return=year.first) for year, t in versions], ignore_index=True)
    typed = pd.concat([t.typed.assign(_return=year.first) for year, t in versions], ignore_index=True)
    return Table(
        versions[0][1].spec,
        raw,
        typed,
        [f for _, t in versions for f in t.findings],
        all(t.complete for _, t in versions),
    )


def latest(typed: pd.DataFrame, keys: list[str]) -> pd.Series:
    """True for the rows of the latest return holding their record (rows lacking a key: all kept).

    >>> t = pd.DataFrame({"CHILD": ["1", "1", "2", None], "_return": [2014, 2015, 2014, 2014]})
    >>> latest(t, ["CHILD"]).tolist()
    [False, True, True, True]
    """
    keyed = typed[keys].notna().all(axis=1)
    newest = typed.loc[keyed].groupby(keys, sort=False)["_return"].transform("max")
    return ~keyed | (typed["_return"] == newest.reindex(typed.index))


def corrections(stacked: Table, keys: list[str]) -> list[pd.DataFrame | None]:
    """Warnings for values that changed between consecutive returns holding the same record.

    One warning per changed row and column, on the later return's row; the rule names
    the earlier return's file and row but never the value. DEC and REC given in a later
    return for an episode open (no DEC) in the earlier one are the episode closing, not
    a correction.
    """
    t = stacked.typed
    versions = t.loc[t[keys].notna().all(axis=1)].drop_duplicates(keys + ["_return"])
    versions = versions.sort_values(keys + ["_return"], kind="stable")
    before = versions.groupby(keys, sort=False).shift(1)
    has_before = before["_return"].notna()
    first = before["_return"].astype("Int64")
    label = first.astype(str) + "-" + ((first + 1) % 100).astype(str).str.zfill(2)
    rule = (
        "differs from the "
        + label
        + " return ("
        + before["_file"].astype(str)
        + ", row "
        + before["_row"].astype("Int64").astype(str)
        + "); the later return's value is used"
    )
    was_open = before["DEC"].isna() if "DEC" in before else pd.Series(False, index=versions.index)
    found = []
    for column in (c for c in stacked.spec.columns if c not in keys):
        now, then = versions[column], before[column]
        changed = has_before & ~(now.eq(then).fillna(False).astype(bool) | (now.isna() & then.isna()))
        if column in ("DEC", "REC"):
            changed &= ~was_open
        found.append(flag(versions, changed, column, rule, severity=WARNING, raw=stacked.raw))
    return found


def combine_returns(returns: dict[ReportingYear, dict[str, Table]]) -> dict[str, Table]:
    """The returns' tables combined into one history each (module docstring), with the
    correction warnings added to the combined table's findings."""
    combined: dict[str, Table] = {}
    for name, keys in RECORD_KEYS.items():
        versions = [(year, tables[name]) for year, tables in returns.items() if name in tables]
        if not versions:
            continue
        stacked = _stack(versions)
        keep = latest(stacked.typed, keys)
        stacked.findings += corrections(stacked, keys)
        combined[name] = Table(
            stacked.spec, stacked.raw.loc[keep], stacked.typed.loc[keep], stacked.findings, stacked.complete
        )
    return combined


__all__ = ["return_folders", "history_start", "combine_returns", "latest", "corrections"]
