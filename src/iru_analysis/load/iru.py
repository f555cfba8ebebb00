"""iru/: the unit's own records (docs/data-folder.md, "iru/").

Every file is optional. One-column rules (required values, dates, local codes,
unique MEETING_ID / FORM_ID / CHAIR_ID / CONTACT_ID / ESCALATION_ID / FEEDBACK_ID,
WEEKLY_HOURS in (0, 37], QUORATE and ADVOCATE yes/no) are in ``schemas.py``. Checked here:

* an ICPC needs an OUTCOME (error); an OUTCOME on an RCPC is a warning (not counted);
* each rag_items FORM_ID must be a form in rag_forms.csv, and its ITEM an item of that
  form's meeting type (``RAG_ITEMS`` in codes.py);
* each allocation's CHAIR_ID must be a chair in chairs.csv (error); a conference's,
  form's, contact's, review record's or escalation's CHAIR_ID not in chairs.csv is a warning;
* END_DATE may not be before START_DATE (chairs, allocations);
* review records: one row per child and REVIEW_DATE; RECOMMENDATIONS_ISSUED and
  RECORD_ISSUED not before REVIEW_DATE;
* escalations: RESOLVED_DATE not before RAISED_DATE; an OUTCOME needs a RESOLVED_DATE
  and a RESOLVED_DATE an OUTCOME (an open escalation has neither);
* escalation steps: each ESCALATION_ID must be an escalation in escalations.csv, each
  stage once per escalation, no STEP_DATE before the escalation's RAISED_DATE;
* feedback: SCORE a whole number from 1 to 5.

Across sources (:func:`check_practice_links`, once every source is read): a contact's,
review record's or escalation's CHILD not among the children of ssda903/ or cin/ is a
warning, and so is a review record that is not a review of its child in
ssda903/reviews.csv.

Columns a file holds beyond its documented ones (a unit's free-text comments on a
feedback form, say) are never read into the Dataset, so they can never be published.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from .. import codes as C
from .checks import dated_before, duplicated_rows, ends_before_start, lookup, unknown_keys
from .csv_tables import Reader, Table, read_csv_tables, usable
from .findings import WARNING, flag
from .schemas import ESCALATION_STEPS, IRU_TABLES, RAG_ITEMS, TableSpec

# Tables of no child column whose rows are about the child of a row of another table:
# table -> (that table, the key linking them).
LINKED: dict[TableSpec, tuple[str, str]] = {
    RAG_ITEMS: ("rag_forms", "FORM_ID"),
    ESCALATION_STEPS: ("escalations", "ESCALATION_ID"),
}
SCORES = (1.0, 2.0, 3.0, 4.0, 5.0)


def read_iru(reader: Reader, folder: Path) -> dict[str, Table]:
    """The unit's tables present in ``folder``, checked.

    A RAG item is about the child of its form, an escalation step about the child of its
    escalation: rag_items.csv and escalation_steps.csv are read after the tables they
    link to, each row taking that row's child (for leaving out a child's records).
    """
    tables = read_csv_tables(reader, folder, [s for s in IRU_TABLES if s not in LINKED])
    for spec, (parent, key) in LINKED.items():
        prepare = partial(linked_child, parent=tables.get(parent), key=key)
        tables.update(read_csv_tables(reader, folder, (spec,), prepare=prepare))
    check_iru(usable(tables))
    return tables


def linked_child(rows: pd.DataFrame, parent: Table | None, key: str) -> pd.DataFrame:
    """Rows (raw text) with ``_child``: the child of the ``parent`` row with the same
    ``key`` (NA when unknown)."""
    if parent is None or key not in rows:
        return rows.assign(_child=pd.Series(pd.NA, index=rows.index, dtype="object"))
    return rows.assign(_child=lookup(rows[key], parent.typed, key, "_child"))


def check_iru(tables: dict[str, Table]) -> None:
    """Add the cross-column and cross-table findings of the unit's records."""
    conferences, forms, items = tables.get("conferences"), tables.get("rag_forms"), tables.get("rag_items")
    chairs, allocations = tables.get("chairs"), tables.get("allocations")
    if conferences is not None:
        t = conferences.typed
        conferences.findings.append(
            flag(
                t,
                (t["TYPE"] == "ICPC") & t["OUTCOME"].isna(),
                "OUTCOME",
                f"an initial conference (ICPC) needs an outcome ({', '.join(C.ICPC_OUTCOME)})",
            )
        )
        conferences.findings.append(
            flag(
                t,
                (t["TYPE"] == "RCPC") & t["OUTCOME"].notna(),
                "OUTCOME",
                "is recorded for a review conference (RCPC); only ICPC outcomes are counted",
                severity=WARNING,
                raw=conferences.raw,
            )
        )
    if items is not None and forms is not None:
        items.findings.append(unknown_keys(items, "FORM_ID", forms.typed["FORM_ID"], "iru/rag_forms.csv"))
        items.findings.append(item_of_meeting_type(items, forms))
    if chairs is not None:
        chairs.findings.append(ends_before_start(chairs, "START_DATE", "END_DATE", "a chair's time in post"))
        for table in (conferences, forms):
            if table is not None:
                table.findings.append(
                    unknown_keys(table, "CHAIR_ID", chairs.typed["CHAIR_ID"], "iru/chairs.csv", severity=WARNING)
                )
    if allocations is not None:
        allocations.findings.append(ends_before_start(allocations, "START_DATE", "END_DATE", "an allocation"))
        if chairs is not None:
            allocations.findings.append(
                unknown_keys(allocations, "CHAIR_ID", chairs.typed["CHAIR_ID"], "iru/chairs.csv")
            )
    check_practice(tables)


def check_practice(tables: dict[str, Table]) -> None:
    """Add the findings of the practice records: contacts, review records, escalations,
    their steps and feedback (the module's list)."""
    chairs, records = tables.get("chairs"), tables.get("review_records")
    escalations, steps, feedback = tables.get("escalations"), tables.get("escalation_steps"), tables.get("feedback")
    if chairs is not None:
        for name in ("contacts", "review_records", "escalations"):
            if name in tables:
                tables[name].findings.append(
                    unknown_keys(tables[name], "CHAIR_ID", chairs.typed["CHAIR_ID"], "iru/chairs.csv", severity=WARNING)
                )
    if records is not None:
        records.findings.append(duplicated_rows(records, ["CHILD", "REVIEW_DATE"], "REVIEW_DATE", "child"))
        review = "REVIEW_DATE " + records.raw["REVIEW_DATE"].astype(str)
        for column, what in (("RECOMMENDATIONS_ISSUED", "recommendations"), ("RECORD_ISSUED", "record")):
            reason = f"a review's {what} cannot be issued before the review"
            records.findings.append(
                dated_before(records, column, records.typed["REVIEW_DATE"], review, reason, "REVIEW_DATE")
            )
    if escalations is not None:
        escalations.findings += escalation_findings(escalations)
    if steps is not None and escalations is not None:
        steps.findings.append(
            unknown_keys(steps, "ESCALATION_ID", escalations.typed["ESCALATION_ID"], "iru/escalations.csv")
        )
        raised = lookup(steps.typed["ESCALATION_ID"], escalations.typed, "ESCALATION_ID", "RAISED_DATE")
        text = lookup(steps.typed["ESCALATION_ID"], escalations.raw, "ESCALATION_ID", "RAISED_DATE")
        reason = "a step cannot come before the escalation is raised"
        steps.findings.append(
            dated_before(
                steps, "STEP_DATE", raised, "the escalation's RAISED_DATE " + text.astype(str), reason, "RAISED_DATE"
            )
        )
    if steps is not None:
        steps.findings.append(duplicated_rows(steps, ["ESCALATION_ID", "STAGE"], "STAGE", "escalation"))
    if feedback is not None:
        score = feedback.typed["SCORE"]
        feedback.findings.append(
            flag(
                feedback.typed,
                score.notna() & ~score.isin(SCORES),
                "SCORE",
                "is not a score from 1 to 5 (a whole number, 5 the best)",
                raw=feedback.raw,
            )
        )


def escalation_findings(escalations: Table) -> list[pd.DataFrame | None]:
    """Errors for an escalation resolved before it was raised, an outcome with no date
    resolved, and a date resolved with no outcome."""
    t, raw = escalations.typed, escalations.raw
    resolved, outcome = raw["RESOLVED_DATE"].notna(), raw["OUTCOME"].notna()
    return [
        ends_before_start(escalations, "RAISED_DATE", "RESOLVED_DATE", "an escalation"),
        flag(
            t,
            outcome & ~resolved,
            "OUTCOME",
            "is recorded for an escalation with no RESOLVED_DATE: an open escalation has no outcome "
            "(give the date it was resolved, or leave OUTCOME blank)",
            raw=raw,
        ),
        flag(
            t,
            resolved & ~outcome,
            "OUTCOME",
            f"an escalation with a RESOLVED_DATE needs an outcome ({', '.join(C.ESCALATION_OUTCOME)})",
            raw=raw,
        ),
    ]


def check_practice_links(tables: dict[str, Table]) -> None:
    """Warnings for practice records about a child not among the children of ssda903/ or
    cin/, and for review records that are no review of their child in ssda903/reviews.csv
    (each only when the source looked in was supplied)."""
    known = [
        (tables[name].typed[column], where)
        for name, column, where in (("header", "CHILD", "ssda903/"), ("child_identifiers", "LAchildID", "cin/"))
        if name in tables
    ]
    if known:
        children = pd.concat([k for k, _ in known], ignore_index=True)
        where = "the children of " + " or ".join(w for _, w in known)
        for name in ("contacts", "review_records", "escalations"):
            if name in tables:
                tables[name].findings.append(unknown_keys(tables[name], "CHILD", children, where, severity=WARNING))
    records, reviews = tables.get("review_records"), tables.get("reviews")
    if records is not None and reviews is not None:
        held = pd.MultiIndex.from_frame(reviews.typed[["CHILD", "REVIEW"]].dropna())
        at = pd.MultiIndex.from_frame(records.typed[["CHILD", "REVIEW_DATE"]])
        missing = pd.Series(~at.isin(held), index=records.typed.index)
        records.findings.append(
            flag(
                records.typed,
                missing & records.typed["CHILD"].notna() & records.typed["REVIEW_DATE"].notna(),
                "REVIEW_DATE",
                "is not a review of the child in ssda903/reviews.csv",
                severity=WARNING,
                raw=records.raw,
            )
        )


def item_of_meeting_type(items: Table, forms: Table) -> pd.DataFrame:
    """Errors for a ticked item that belongs to the other meeting type's form."""
    item_type = items.typed["ITEM"].map({k: v[0] for k, v in C.RAG_ITEMS.items()})
    form_type = lookup(items.typed["FORM_ID"], forms.typed, "FORM_ID", "MEETING_TYPE")
    bad = item_type.notna() & form_type.notna() & (item_type != form_type)
    rule = (
        "is an item of a "
        + item_type.astype(str)
        + " form, but form "
        + items.typed["FORM_ID"].astype(str)
        + " is for a "
        + form_type.astype(str)
    )
    return flag(items.typed, bad, "ITEM", rule, raw=items.raw, check="is an item of the other meeting type's form")
