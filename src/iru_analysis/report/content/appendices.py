"""Section 11: definitions, data quality (counts only, no child named), provenance."""

from __future__ import annotations

import pandas as pd

from .. import sentences as s
from .. import tables as tb
from .base import SOURCE_NAMES, Lookup, Made, NoFigures, bullets, say, table


@table("definitions", "ssda903", "table of definitions")
def _definitions(lk: Lookup) -> Made:
    from ...figures import indicator_definitions
    defs = indicator_definitions().drop_duplicates("indicator")
    shown = set(lk.figures["indicator"])
    defs = defs.loc[defs["indicator"].isin(shown)] if shown else defs
    raw = defs.rename(columns={"indicator": "Indicator", "definition": "Definition", "subject": "Subject"})
    raw = raw[["Indicator", "Definition", "Subject"]].reset_index(drop=True)
    return Made(f"Definitions of the {len(raw)} indicators in figures.csv for {lk.year.label}", raw, raw)


CHILD_COLUMNS = {"header": "CHILD", "episodes": "CHILD", "reviews": "CHILD", "child_identifiers": "LAchildID",
                 "child_characteristics": "LAchildID", "cin_details": "LAchildID", "conferences": "LAchildID",
                 "rag_forms": "CHILD", "allocations": "CHILD"}
_CHILD_REFERENCE = r"\s*\((?:[^()]*\b(?:LAchildID|CHILD|<Child>)\b[^()]*)\)"


def child_identifiers(dataset) -> set[str]:
    """Every child identifier held in the dataset's tables or named by its findings (a
    child left out by ``exclude_invalid`` is only there), to keep them out of the report."""
    found: set[str] = set()
    for name, column in CHILD_COLUMNS.items():
        frame = getattr(dataset, name, None)
        if frame is not None and column in frame:
            found |= set(frame[column].dropna().astype(str))
    findings = getattr(dataset, "findings", None)
    if findings is not None and "child" in findings:
        found |= set(findings["child"].dropna().astype(str))
    return found


def left_out(lk: Lookup, rules: int = 5) -> str:
    """How many children were left out (``exclude_invalid``) and under which rules, as a
    paragraph and a list ("" when none was)."""
    count = int(getattr(lk.dataset, "excluded_children", 0) or 0)
    if not count:
        return ""
    table = lk.dataset.exclusions
    named = redact(table["check"], child_identifiers(lk.dataset))
    lines = [f"{file}, {check}: {s.plural(int(n), 'child', 'children')}"
             for n, file, check in zip(table["children"], table["file"], named)]
    if len(lines) > rules:
        lines = lines[:rules] + [f"and {len(lines) - rules} more rules"]
    children = s.plural(count, "child", "children")
    return (f"**{children} left out.** The data held errors about {children}. The report was built with "
            f"exclude_invalid, so every record of {'that child' if count == 1 else 'those children'}, in every "
            f"source, is left out of its figures. The data-quality appendix lists the errors. "
            f"By rule (a child may have broken several):\n\n{bullets(lines)}")


def redact(texts: pd.Series, identifiers: set[str]) -> pd.Series:
    """Rule texts with any reference to a particular child removed.

    A parenthesised reference naming a child column (``(<Child> number 635, LAchildID C002119)``)
    is dropped, and any remaining word that is a child identifier becomes ``[child]``, so a
    published count of findings can never point at a child.

    >>> redact(pd.Series(["no Ethnicity (<Child> number 6, LAchildID C2)", "C2 twice"]), {"C2"}).tolist()
    ['no Ethnicity', '[child] twice']
    """
    distinct = pd.Series(texts.astype(str).unique())  # few distinct rules, however many findings
    clean = distinct.str.replace(_CHILD_REFERENCE, "", regex=True)
    if identifiers:
        clean = clean.str.replace(r"[A-Za-z0-9_\-]+",
                                  lambda m: "[child]" if m.group(0) in identifiers else m.group(0), regex=True)
    return texts.astype(str).map(dict(zip(distinct, clean)))


@table("data_quality", "ssda903", "table of data-quality findings")
def _data_quality(lk: Lookup) -> Made:
    findings = getattr(lk.dataset, "findings", None)
    if findings is None or findings.empty:
        raise NoFigures("Loading the data found no data-quality problems.")
    cols = ["severity", "file", "column", "rule"]
    check = findings["check"] if "check" in findings else findings["rule"]  # the rule's stable name
    findings = findings.assign(rule=redact(check.fillna(findings["rule"]), child_identifiers(lk.dataset)))
    counted = (findings.assign(column=findings["column"].fillna("").astype(str))[cols]
               .value_counts(dropna=False).rename("findings").reset_index()
               .sort_values(["severity", "findings"], ascending=[True, False], kind="stable"))
    raw = counted.rename(columns={"severity": "Severity", "file": "File", "column": "Column", "rule": "Rule",
                                  "findings": "Rows"})
    display = raw.assign(Rows=tb.counts(raw["Rows"]))
    errors = int((findings["severity"] == "error").sum())
    warnings = len(findings) - errors
    caption = (f"Data-quality findings when loading the data: {s.plural(errors, 'error')} and "
               f"{s.plural(warnings, 'warning')}, counted by rule")
    notes = ["Counts by rule only; data-quality.csv, beside the report, lists each finding for the data team."]
    if getattr(lk.dataset, "excluded_children", 0):
        notes.append(f"Every child named by an error was left out of the report "
                     f"({s.plural(int(lk.dataset.excluded_children), 'child', 'children')}, exclude_invalid).")
    return Made(caption, display, raw, notes=notes)


@say("children_left_out", "ssda903", "children left out")
def _children_left_out(lk: Lookup) -> str:
    return left_out(lk)


@say("missing_sources", "ssda903", "list of sources")
def _missing_sources(lk: Lookup) -> str:
    missing = list(getattr(lk.dataset, "missing_sources", []) or [])
    if not missing:
        return "Every source was supplied: the SSDA903 return, the CIN census, the unit's own records and the " \
               "comparator figures."
    named = [f"the {SOURCE_NAMES.get(m, m)} ({m}/)" for m in missing]
    return (f"Not supplied for {lk.year.label}: {s.list_phrase(named)}. The parts of the report that need them "
            f"say so.")


@say("provenance", "ssda903", "provenance note")
def _provenance(lk: Lookup) -> str:
    from ... import __version__
    folder = getattr(lk.dataset, "folder", None)
    hashes = getattr(lk.dataset, "file_hashes", {}) or {}
    return (f"This report for {lk.params.authority_name} ({lk.params.la_code}), {lk.year.label}, was produced by "
            f"iru-report {__version__} from the data folder `{folder.name if folder else '?'}` "
            f"({s.plural(len(hashes), 'file')} read) with the parameters in `{lk.params.source.name}`. "
            f"Caseloads are at {s.date_name(lk.params.as_at)}. Every number in the report is a row of "
            f"`figures.csv`; the data behind each chart and table is in `tables/`; `provenance.json` records the "
            f"package version, git commit, parameters and a hash of every input file.")
