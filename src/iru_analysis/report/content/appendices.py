"""Section 12: definitions, data quality (counts only, no child named), provenance."""

from __future__ import annotations

import pandas as pd

from .. import sentences as s
from .. import tables as tb
from ..markup import code, literal
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


_CHILD_REFERENCE = r"\s*\((?:[^()]*\b(?:LAchildID|CHILD|<Child>)\b[^()]*)\)"


def left_out(lk: Lookup, rules: int = 5) -> str:
    """How many children were left out (``exclude_invalid``) and under which rules, as a
    paragraph and a list ("" when none was)."""
    count = lk.context.excluded_children
    if not count:
        return ""
    table = lk.context.exclusions
    named = redact(table["check"])
    lines = [
        f"{literal(file)}, {literal(check)}: {s.plural(int(n), 'child', 'children')}"
        for n, file, check in zip(table["children"], table["file"], named)
    ]
    if len(lines) > rules:
        lines = lines[:rules] + [f"and {len(lines) - rules} more rules"]
    children = s.plural(count, "child", "children")
    return (
        f"**{children} left out.** The data held errors about {children}. The report was built with "
        f"exclude_invalid, so every record of {'that child' if count == 1 else 'those children'}, in every "
        f"source, is left out of its figures. The data-quality appendix lists the errors. "
        f"By rule (a child may have broken several):\n\n{bullets(lines)}"
    )


def redact(texts: pd.Series) -> pd.Series:
    """Rule texts without their references to a particular row's child, so that the
    findings of one rule count together.

    A parenthesised reference naming a child column (``(<Child> number 635, LAchildID C002119)``)
    is dropped. (The identifiers themselves were withheld when the bundle was made:
    :func:`iru_analysis.bundle.build_bundle`.)

    >>> redact(pd.Series(["no Ethnicity (<Child> number 6, LAchildID [withheld])", "no DOB"])).tolist()
    ['no Ethnicity', 'no DOB']
    """
    distinct = pd.Series(texts.astype(str).unique())  # few distinct rules, however many findings
    clean = distinct.str.replace(_CHILD_REFERENCE, "", regex=True)
    return texts.astype(str).map(dict(zip(distinct, clean)))


@table("data_quality", "ssda903", "table of data-quality findings")
def _data_quality(lk: Lookup) -> Made:
    findings = lk.context.data_quality  # as data-quality.csv: identifiers withheld
    if findings.empty:
        raise NoFigures("Loading the data found no data-quality problems.")
    cols = ["severity", "file", "column", "rule"]
    findings = findings.assign(rule=redact(findings["check"]))  # the rule's stable name
    counted = (
        findings.assign(column=findings["column"].fillna("").astype(str))[cols]
        .value_counts(dropna=False)
        .rename("findings")
        .reset_index()
        .sort_values(["severity", "findings"], ascending=[True, False], kind="stable")
    )
    raw = counted.rename(
        columns={"severity": "Severity", "file": "File", "column": "Column", "rule": "Rule", "findings": "Rows"}
    )
    display = raw.assign(Rows=tb.counts(raw["Rows"]))
    errors = int((findings["severity"] == "error").sum())
    warnings = len(findings) - errors
    caption = (
        f"Data-quality findings when loading the data: {s.plural(errors, 'error')} and "
        f"{s.plural(warnings, 'warning')}, counted by rule"
    )
    notes = ["Counts by rule only; data-quality.csv, beside the report, lists each finding for the data team."]
    if lk.context.excluded_children:
        notes.append(
            f"Every child named by an error was left out of the report "
            f"({s.plural(lk.context.excluded_children, 'child', 'children')}, exclude_invalid)."
        )
    return Made(caption, display, raw, notes=notes)


@say("children_left_out", "ssda903", "children left out")
def _children_left_out(lk: Lookup) -> str:
    return left_out(lk)


@say("missing_sources", "ssda903", "list of sources")
def _missing_sources(lk: Lookup) -> str:
    missing = list(lk.context.missing_sources)
    if not missing:
        return (
            "Every source was supplied: the SSDA903 return, the CIN census, the unit's own records and the "
            "comparator figures."
        )
    named = [f"the {SOURCE_NAMES.get(m, m)} ({m}/)" for m in missing]
    return f"Not supplied for {lk.year.label}: {s.list_phrase(named)}. The parts of the report that need them say so."


@say("provenance", "ssda903", "provenance note")
def _provenance(lk: Lookup) -> str:
    from ... import __version__
    from ..reviewers import notebook_page_link
    from ..sections import SECTIONS

    return (
        f"This report for {literal(lk.params.authority_name)} ({lk.params.la_code}), {lk.year.label}, was produced "
        f"by iru-report {__version__} from the data folder {code(lk.context.data_folder or '?')} "
        f"({s.plural(lk.context.files_read, 'file')} read) with the parameters in {code(lk.params.source.name)}. "
        f"Caseloads are at {s.date_name(lk.params.as_at)}. Every number in the report is a row of "
        f"`figures.csv`, whose `used_in` column names the figures and tables that show it; the data behind "
        f"each chart and table is in `tables/`; `provenance.json` records the package version, git commit, "
        f"parameters and a hash of every input file. The executed notebooks, code shown, are in `notebooks/`: "
        + ", ".join(f"[{spec.number}. {spec.title}]({notebook_page_link(spec.stem)})" for spec in SECTIONS.values())
        + "."
    )
