"""reference/: comparator figures, the authority, and an optional postcode lookup.

All files are optional. Checked beyond the one-column rules: a comparator's ``year``
must be a reporting year such as ``2015-16``; ``verified`` becomes a bool (blank:
False); the authority file should hold one row and an ONS-shaped la_code (warnings).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .csv_tables import Reader, Table, read_csv_tables, usable
from .findings import WARNING, file_finding, flag
from .schemas import REFERENCE_TABLES

LA_CODE_SHAPE = r"^E(06|08|09|10)\d{6}$"  # ONS codes of English upper-tier authorities


def read_reference(reader: Reader, folder: Path) -> dict[str, Table]:
    """The reference tables present in ``folder``, checked."""
    tables = read_csv_tables(reader, folder, REFERENCE_TABLES)
    check_reference(usable(tables))
    return tables


def check_reference(tables: dict[str, Table]) -> None:
    comparators = tables.get("comparators")
    if comparators is not None:
        t = comparators.typed
        text = t["year"].fillna("")
        first = pd.to_numeric(text.str[:4], errors="coerce")
        second = pd.to_numeric(text.str[5:], errors="coerce")
        # the label's second part must follow the first (2015-16, not 2015-17)
        good = text.str.fullmatch(r"\d{4}-\d{2}") & ((first + 1) % 100 == second)
        comparators.findings.append(
            flag(
                t,
                t["year"].notna() & ~good,
                "year",
                "is not a reporting year (expected e.g. 2015-16)",
                raw=comparators.raw,
            )
        )
        comparators.typed["verified"] = t["verified"].eq("true").astype(bool)
    authority = tables.get("authority")
    if authority is not None:
        t = authority.typed
        if len(t) > 1:
            authority.findings.append(
                file_finding(t["_file"].iloc[0], "holds more than one row; the first is used", severity=WARNING)
            )
        authority.findings.append(
            flag(
                t,
                t["la_code"].notna() & ~t["la_code"].str.match(LA_CODE_SHAPE).fillna(False).astype(bool),
                "la_code",
                "does not look like an ONS code of an English authority (e.g. E06000051)",
                severity=WARNING,
                raw=authority.raw,
            )
        )


__all__ = ["read_reference"]
