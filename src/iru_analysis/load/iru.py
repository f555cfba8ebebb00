"""iru/: the unit's own records (docs/data-folder.md, "iru/").

Every file is optional. One-column rules (required values, dates, local codes,
unique MEETING_ID / FORM_ID / CHAIR_ID, WEEKLY_HOURS in (0, 37]) are in
``schemas.py``. Checked here:

* an ICPC needs an OUTCOME (error); an OUTCOME on an RCPC is a warning (not counted);
* each rag_items FORM_ID must be a form in rag_forms.csv, and its ITEM an item of that
  form's meeting type (``RAG_ITEMS`` in codes.py);
* each allocation's CHAIR_ID must be a chair in chairs.csv (error); a conference's or
  form's CHAIR_ID not in chairs.csv is a warning;
* END_DATE may not be before START_DATE (chairs, allocations).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import codes as C
from .checks import ends_before_start, lookup, unknown_keys
from .csv_tables import Reader, Table, read_csv_tables, usable
from .findings import WARNING, flag
from .schemas import IRU_TABLES, RAG_ITEMS


def read_iru(reader: Reader, folder: Path) -> dict[str, Table]:
    """The unit's tables present in ``folder``, checked.

    A RAG item is about the child of its form: rag_items.csv is read after
    rag_forms.csv, each item taking its form's child (for leaving out a child's records).
    """
    tables = read_csv_tables(reader, folder, [s for s in IRU_TABLES if s is not RAG_ITEMS])
    forms = tables.get("rag_forms")
    tables.update(read_csv_tables(reader, folder, (RAG_ITEMS,), prepare=lambda raw: form_child(raw, forms)))
    check_iru(usable(tables))
    return tables


def form_child(items: pd.DataFrame, forms: Table | None) -> pd.DataFrame:
    """RAG items (raw text) with ``_child``: the CHILD of their form (NA when unknown)."""
    if forms is None or "FORM_ID" not in items:
        return items.assign(_child=pd.Series(pd.NA, index=items.index, dtype="object"))
    return items.assign(_child=lookup(items["FORM_ID"], forms.typed, "FORM_ID", "_child"))


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
