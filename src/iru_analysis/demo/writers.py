"""Deterministic writers: CSV with dd/mm/YYYY dates and CIN census XML with ISO dates.

Same input, same bytes: rows are written in the order given (the callers sort them),
floats are formatted by the callers, line endings are ``\\n`` and nothing records the
time of writing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from ..paths import SYNTHETIC_MARKER

SYNTHETIC_TEXT = (
    "The records in this folder are synthetic: made up by iru-report demo-data, about no real child.\n"
    "A report built from this folder carries a synthetic-data banner on every page (docs/data-folder.md).\n"
)


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(frame: pd.DataFrame, path: Path, columns: list[str]) -> None:
    """``frame[columns]`` as UTF-8 CSV: dates dd/mm/YYYY, blanks for missing values."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame(
        {c: [_text(v) for v in frame[c]] if c in frame else [""] * len(frame) for c in columns}, columns=columns
    )
    table.to_csv(path, index=False, lineterminator="\n")


def _iso(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _add(parent: ET.Element, name: str, value) -> ET.Element | None:
    """Append ``<name>value</name>`` unless the value is missing; dates are written ISO."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    element = ET.SubElement(parent, name)
    element.text = _iso(value) if isinstance(value, pd.Timestamp) else str(value)
    return element


def cin_return(year_start: int, children: list[dict]) -> ET.ElementTree:
    """One CIN census return (the year starting 1 April ``year_start``) as an XML tree.

    ``children``: dicts with ``ids`` (ChildIdentifiers values in order), ``ethnicity``
    and ``details`` (CINdetails dicts with their ``section47`` and ``plans`` lists;
    each plan holds ``reviews``, a list of dates). Element order follows the DfE
    schema as the public CIN validator's fake census file shows it.
    """
    root = ET.Element("Message")
    header = ET.SubElement(root, "Header")
    collection = ET.SubElement(header, "CollectionDetails")
    _add(collection, "Collection", "CIN")
    _add(collection, "Year", str(year_start + 1))
    _add(collection, "ReferenceDate", pd.Timestamp(year_start + 1, 3, 31))
    source = ET.SubElement(header, "Source")
    for name, value in (
        ("SourceLevel", "L"),
        ("LEA", "893"),
        ("SoftwareCode", "iru-report demo"),
        ("Release", "demo"),
        ("SerialNo", "001"),
        ("DateTime", f"{year_start + 1}-05-20T09:00:00"),
    ):
        _add(source, name, value)
    kids = ET.SubElement(root, "Children")
    for child in children:
        node = ET.SubElement(kids, "Child")
        ids = ET.SubElement(node, "ChildIdentifiers")
        for name, value in child["ids"]:
            _add(ids, name, value)
        characteristics = ET.SubElement(node, "ChildCharacteristics")
        _add(characteristics, "Ethnicity", child.get("ethnicity"))
        for details in child["details"]:
            cin = ET.SubElement(node, "CINdetails")
            for name in ("CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure"):
                _add(cin, name, details.get(name))
            for s47 in details.get("section47", []):
                element = ET.SubElement(cin, "Section47")
                for name in ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"):
                    _add(element, name, s47.get(name))
            _add(cin, "ReferralNFA", details.get("ReferralNFA"))
            for plan in details.get("plans", []):
                element = ET.SubElement(cin, "ChildProtectionPlans")
                for name in (
                    "CPPstartDate",
                    "CPPendDate",
                    "InitialCategoryOfAbuse",
                    "LatestCategoryOfAbuse",
                    "NumberOfPreviousCPP",
                ):
                    _add(element, name, plan.get(name))
                reviews = ET.SubElement(element, "Reviews")
                for date in plan.get("reviews", []):
                    _add(reviews, "CPPreviewDate", date)
    ET.indent(root, space="  ")
    return ET.ElementTree(root)


def write_xml(tree: ET.ElementTree, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        tree.write(handle, encoding="utf-8", xml_declaration=True)
        handle.write(b"\n")


def write_synthetic_marker(out: Path) -> None:
    """Mark the folder ``out`` as synthetic data (its ``SYNTHETIC`` file), so every report
    built from it says so on every page."""
    out.mkdir(parents=True, exist_ok=True)
    (out / SYNTHETIC_MARKER).write_text(SYNTHETIC_TEXT, encoding="utf-8", newline="\n")
