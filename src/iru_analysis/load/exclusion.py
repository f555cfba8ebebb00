"""Leaving out the children with errors (``exclude_invalid``), and saying what was left out.

Strict loading (the default) refuses a folder with any error. With ``exclude_invalid``
every child named by an error finding (its ``child``: the row's CHILD or LAchildID) is
left out of every source -- header, episodes, reviews, the CIN census tables, the unit's
conferences, RAG forms (and their items), allocations, contacts, review records and
escalations (and their steps): the 903 CHILD, the CIN LAchildID and the unit's
CHILD/LAchildID are one identifier space -- and the report is
built from the rest. Errors that concern no single child (a missing file or column, an
unreadable file, a chair's record, a comparator) still stop the run.

The dataset then records what was left out as counts only: ``excluded_children`` and
``exclusions`` (file, check, children). The findings themselves are all kept.
"""

from __future__ import annotations

import pandas as pd

from ..dataset import EXCLUSION_COLUMNS, Dataset, empty_exclusions
from .findings import ERROR, as_input_errors
from .schemas import CIN_TABLES, EPISODES, HEADER, IRU_TABLES, REVIEWS

CHILD_COLUMNS = {
    spec.name: spec.child for spec in (HEADER, EPISODES, REVIEWS, *CIN_TABLES, *IRU_TABLES) if spec.child is not None
}


def exclusions(findings: pd.DataFrame) -> pd.DataFrame:
    """Children with errors, counted by file and check (a child may count under several).

    >>> f = pd.DataFrame({"severity": ["error", "error", "error", "warning"], "file": ["a.csv"] * 4,
    ...                   "check": ["x", "x", "y", "x"], "child": ["C1", "C1", "C2", "C3"]})
    >>> exclusions(f).values.tolist()
    [['a.csv', 'x', 1], ['a.csv', 'y', 1]]
    """
    errors = findings[(findings["severity"] == ERROR) & findings["child"].notna()]
    if errors.empty:
        return empty_exclusions()
    counted = errors.groupby(["file", "check"], sort=False)["child"].nunique().rename("children").reset_index()
    return counted.sort_values(["children", "file", "check"], ascending=[False, True, True], kind="stable").reset_index(
        drop=True
    )[EXCLUSION_COLUMNS]


def exclude_children(dataset: Dataset, folder: str) -> Dataset:
    """The dataset without the children named by its error findings (see the module).

    Raises:
        InputErrors: the errors that concern no single child, which leaving children out
            cannot mend.
    """
    findings = dataset.findings
    errors = findings[findings["severity"] == ERROR]
    childless = as_input_errors(errors[errors["child"].isna()], folder)
    if childless is not None:
        childless.hint = (
            "These errors concern no single child, so exclude_invalid cannot leave them out: fix them and run again"
        )
        raise childless
    children = pd.Index(errors["child"].unique())
    if children.empty:
        return dataset
    forms = dataset.rag_forms
    left_out_forms = forms.loc[forms["CHILD"].isin(children), "FORM_ID"] if forms is not None else pd.Series([])
    escalations = dataset.escalations
    left_out_escalations = (
        escalations.loc[escalations["CHILD"].isin(children), "ESCALATION_ID"]
        if escalations is not None
        else pd.Series([])
    )
    for name, column in CHILD_COLUMNS.items():
        frame = getattr(dataset, name)
        if frame is not None:
            setattr(dataset, name, frame.loc[~frame[column].isin(children)].reset_index(drop=True))
    if dataset.rag_items is not None:
        items = dataset.rag_items
        dataset.rag_items = items.loc[~items["FORM_ID"].isin(left_out_forms)].reset_index(drop=True)
    if dataset.escalation_steps is not None:
        steps = dataset.escalation_steps
        dataset.escalation_steps = steps.loc[~steps["ESCALATION_ID"].isin(left_out_escalations)].reset_index(drop=True)
    dataset.excluded_children = len(children)
    dataset.exclusions = exclusions(findings)
    return dataset


def exclusion_lines(excluded_children: int, table: pd.DataFrame, limit: int = 10, would: bool = False) -> list[str]:
    """What a run prints about the children left out (``would``: would leave out): a
    total, then one line per file and rule, with its number of children.

    >>> t = pd.DataFrame({"file": ["ssda903/episodes.csv"], "check": ["is not a date"], "children": [3]})
    >>> exclusion_lines(3, t)
    ['Left out 3 children with errors, with all their records in every source (exclude_invalid):', '  3 for ssda903/episodes.csv: is not a date']
    """
    if not excluded_children:
        return []
    noun = "child" if excluded_children == 1 else "children"
    verb = "--exclude-invalid would leave out" if would else "Left out"
    lines = [
        f"{verb} {excluded_children} {noun} with errors, with all their records in every source"
        + ("" if would else " (exclude_invalid)")
        + ":"
    ]
    lines += [f"  {r.children} for {r.file}: {r.check}" for r in table.head(limit).itertuples(index=False)]
    if len(table) > limit:
        lines.append(f"  and {len(table) - limit} more rule(s): 'iru-report validate --exclude-invalid' lists them all")
    return lines


def file_warnings(findings: pd.DataFrame) -> list[str]:
    """The warnings about whole files (a missing reviews.csv, a table with no rows ...),
    which every run prints rather than silently giving zeros."""
    whole = findings[(findings["severity"] != ERROR) & findings["row"].isna() & findings["column"].isna()]
    return [f"Warning: {f.file}: {f.rule}." for f in whole.itertuples(index=False)]


__all__ = ["exclude_children", "exclusions", "exclusion_lines", "file_warnings", "CHILD_COLUMNS"]
