"""cin/: the children in need census, as DfE XML returns or as CSV tables.

XML (``*.xml``, any name): the DfE CIN census message, parsed by ``defusedxml``, so
that a file declaring a DTD (and with it any entity: an entity-expanding "billion
laughs" or an external entity naming a file or a URL) is refused before anything in it
is expanded or fetched. Element names follow the DfE specification as the public CIN
validator (data-to-insight/csc-validator-be-cin, ``cin_validator/ingress.py``) reads it::

    Message/Header/CollectionDetails/(Collection, Year, ReferenceDate)
    Message/Children/Child/ChildIdentifiers/(LAchildID, UPN, …, PersonBirthDate, GenderCurrent, …)
                          /ChildCharacteristics/(Ethnicity, Disabilities/Disability)
                          /CINdetails/(CINreferralDate, …, ReferralNFA)
                                     /Section47/(S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC, ICPCnotRequired)
                                     /ChildProtectionPlans/(CPPstartDate, CPPendDate, …, NumberOfPreviousCPP)
                                                          /Reviews/CPPreviewDate

The XML carries no identifiers for a referral or a plan, so they are made from the
child and the start date. Identifiers in the loaded tables are always
``<LAchildID>/<label>``, unique across children: from XML the label is the ISO start
date (``CINreferralDate`` for ``CINdetailsID``, ``CPPstartDate`` for ``CPPID``; when
the date is missing, which is reported, the position: ``referral 2``, ``… plan 1``); from
CSV it is the file's own CINdetailsID / CPPID (which need only be unique within a
child). Join plans, reviews and enquiries on ``CPPID`` / ``CINdetailsID`` alone.

Each return's header must be a CIN census's: elements in no XML namespace (the DfE
schema has none), ``Collection`` ``CIN``, a four-digit ``Year`` and, when given, the
``ReferenceDate`` 31 March of that year; two returns may not give the same Year. A
return that breaks these is refused (an error, its records unread): the Year decides
which return's copy of a record wins. Several returns are combined, in census order
(Header Year). Something reported in more than one return is kept once, from the later
return: a child by LAchildID, a referral by child and CINreferralDate, an enquiry by
child and S47ActualStartDate, a plan by child and CPPstartDate (so the later return's
CPPendDate wins), a plan review by plan and CPPreviewDate.

Checks beyond the one-column rules: every row's LAchildID must be a child in the
identifiers; plans, enquiries and reviews must point to a known referral or plan;
CPPendDate may not be before CPPstartDate, nor CINclosureDate before CINreferralDate;
warning: a plan review outside its plan; warning: a child with no Ethnicity; warning: a
section 47 DateOfInitialCPC before its S47ActualStartDate (counted as a conference held,
left out of the 15-working-day measure).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .checks import duplicated_rows, ends_before_start, lookup, unknown_keys
from .csv_tables import Reader, Table, check_and_type, read_csv_tables, usable
from .findings import WARNING, file_finding, flag
from .schemas import CHILD_IDENTIFIERS, CHILD_PROTECTION_PLANS, CIN_DETAILS, CIN_TABLES, SECTION47, XML_DATES

# Natural keys: the same record in two returns is the same record.
NATURAL_KEYS = {
    "child_identifiers": ["LAchildID"],
    "child_characteristics": ["LAchildID"],
    "cin_details": ["CINdetailsID"],
    "section47": ["LAchildID", "S47ActualStartDate"],
    "child_protection_plans": ["CPPID"],
    "cpp_reviews": ["CPPID", "CPPreviewDate"],
}


def _local(tag: str) -> str:
    """An element's name without its XML namespace."""
    return tag.rsplit("}", 1)[-1]


def _texts(element: ET.Element | None, names: list[str]) -> dict[str, str | None]:
    """The text of each named child element (None when absent or blank)."""
    found: dict[str, str | None] = dict.fromkeys(names)
    if element is None:
        return found
    for item in element:
        name = _local(item.tag)
        if name in found and found[name] is None and item.text and item.text.strip():
            found[name] = item.text.strip()
    return found


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element if _local(e.tag) == name]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def xml_records(root: ET.Element) -> dict[str, list[dict]]:
    """The census modules of one XML return as lists of records (text as written).

    Walking the elements builds the rows; every check is made afterwards on whole
    tables.
    """
    records: dict[str, list[dict]] = {spec.name: [] for spec in CIN_TABLES}
    children = _child(root, "Children")
    for position, child in enumerate(_children(children, "Child") if children is not None else [], 1):
        ids = _texts(_child(child, "ChildIdentifiers"), CHILD_IDENTIFIERS.columns)
        la_id = ids["LAchildID"]
        where = f"<Child> number {position}" + (f", LAchildID {la_id}" if la_id else "")
        base = {"LAchildID": la_id, "_where": where}
        records["child_identifiers"].append({**ids, "_where": where})
        characteristics = _child(child, "ChildCharacteristics")
        records["child_characteristics"].append({**base, **_texts(characteristics, ["Ethnicity"])})
        for n_details, details in enumerate(_children(child, "CINdetails"), 1):
            row = {**base, **_texts(details, CIN_DETAILS.columns[2:])}
            # labelled by referral date; by position when the date is missing (reported then)
            cin_id = row["CINreferralDate"] or f"referral {n_details}"
            records["cin_details"].append({**row, "CINdetailsID": cin_id})
            link = {**base, "CINdetailsID": cin_id}
            for s47 in _children(details, "Section47"):
                records["section47"].append({**link, **_texts(s47, SECTION47.columns[2:])})
            for n_plan, plan in enumerate(_children(details, "ChildProtectionPlans"), 1):
                values = _texts(plan, CHILD_PROTECTION_PLANS.columns[3:])
                plan_link = {**link, "CPPID": values["CPPstartDate"] or f"{cin_id} plan {n_plan}"}
                records["child_protection_plans"].append({**plan_link, **values})
                for reviews in _children(plan, "Reviews"):
                    for review in _children(reviews, "CPPreviewDate"):
                        text = review.text.strip() if review.text and review.text.strip() else None
                        records["cpp_reviews"].append({**plan_link, "CPPreviewDate": text})
    return records


def header_problem(root: ET.Element) -> tuple[str | None, str | None, str] | None:
    """Why a parsed XML file is not a CIN census return whose year can be trusted (the
    element concerned, its text and the rule), or None when it is one.

    >>> header_problem(fromstring("<Message><Header><CollectionDetails><Collection>CIN</Collection>"
    ...     "<Year>2016</Year><ReferenceDate>2016-03-31</ReferenceDate></CollectionDetails></Header>"
    ...     "<Children/></Message>")) is None
    True
    >>> header_problem(fromstring("<Message><Header><CollectionDetails><Collection>CIN</Collection>"
    ...     "<Year>16</Year></CollectionDetails></Header><Children/></Message>"))[:2]
    ('Year', '16')
    """
    if root.tag.startswith("{"):
        namespace = root.tag[1:].split("}", 1)[0]
        return (
            None,
            namespace,
            "is the file's XML namespace; a CIN census return's elements are in none (the DfE schema has no "
            "target namespace)",
        )
    if _local(root.tag) != "Message" or _child(root, "Children") is None:
        return None, None, "the file is not a CIN census return (expected <Message> holding <Children>)"
    header = _child(root, "Header")
    details = _child(header, "CollectionDetails") if header is not None else None
    texts = _texts(details, ["Collection", "Year", "ReferenceDate"])
    if texts["Collection"] != "CIN":
        return (
            "Collection",
            texts["Collection"],
            "is not CIN (Header/CollectionDetails/Collection): the file is not a CIN census return",
        )
    year = texts["Year"]
    if year is None or not re.fullmatch(r"\d{4}", year):
        return (
            "Year",
            year,
            "is not a census year (Header/CollectionDetails/Year, four digits such as 2016), which decides "
            "which return's copy of a record wins",
        )
    if texts["ReferenceDate"] not in (None, f"{year}-03-31"):
        return (
            "ReferenceDate",
            texts["ReferenceDate"],
            f"is not 31 March of the census Year {year} ({year}-03-31): which year the return is for cannot be told",
        )
    return None


def read_xml_returns(reader: Reader, paths: list[Path]) -> dict[str, pd.DataFrame]:
    """The raw (text) tables of every readable XML return, stacked in census order
    (earliest first, so that keeping the last copy of a record keeps the latest).

    A file that does not parse, declares a DTD, or fails ``header_problem`` is refused
    with one error; so is a return giving the same Year as an earlier file (by name).
    """
    parsed = []
    years: dict[str, str] = {}
    for path in paths:
        rel = reader.relative(path)
        data = reader.read_bytes(path)
        if data is None:
            continue
        try:
            root = fromstring(data, forbid_dtd=True)
        except ET.ParseError as exc:
            reader.findings.append(file_finding(rel, f"the file could not be read as XML ({exc})"))
            continue
        except DefusedXmlException:
            reader.findings.append(
                file_finding(
                    rel,
                    "the file declares a DTD (<!DOCTYPE>), which a CIN census return never has; it was not read "
                    "(its entities could expand without end or fetch other files)",
                )
            )
            continue
        problem = header_problem(root)
        if problem is not None:
            column, value, rule = problem
            reader.findings.append(file_finding(rel, rule, column=column, value=value))
            continue
        year = _texts(_child(_child(root, "Header"), "CollectionDetails"), ["Year"])["Year"]
        if year in years:
            reader.findings.append(
                file_finding(
                    rel,
                    f"is also the Year of {years[year]}: which return's copy of a record wins cannot be told; "
                    "keep one return per census year",
                    column="Year",
                    value=year,
                )
            )
            continue
        years[year] = rel
        parsed.append(((year, rel), rel, xml_records(root)))
    parsed.sort(key=lambda item: item[0])
    raws: dict[str, pd.DataFrame] = {}
    for spec in CIN_TABLES:
        frames = [
            pd.DataFrame(records[spec.name], columns=spec.columns + ["_where"]).assign(_file=rel)
            for _, rel, records in parsed
        ]
        raw = (
            pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=spec.columns + ["_where", "_file"])
        )
        raw = raw.astype({c: "str" for c in spec.columns})
        raw["_row"] = pd.Series(pd.NA, index=raw.index, dtype="Int64")
        raws[spec.name] = raw
    return raws


def _prefix_ids(raw: pd.DataFrame) -> pd.DataFrame:
    """Identifiers made unique across children: ``<LAchildID>/<label>``."""
    out = raw.copy()
    for col in ("CINdetailsID", "CPPID"):
        if col in out and "LAchildID" in out:
            out[f"_{col}_label"] = out[col]
            out[col] = (out["LAchildID"] + "/" + out[col]).where(out[col].notna() & out["LAchildID"].notna())
    return out


def dedupe(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    """One row per natural key, the last (latest return) kept; rows with no key kept."""
    keys = NATURAL_KEYS[name]
    keyed = raw[keys].notna().all(axis=1)
    return raw[~keyed | ~raw.duplicated(subset=keys, keep="last")]


def read_cin(reader: Reader, folder: Path) -> dict[str, Table]:
    """The CIN tables from ``folder``: XML returns if any, else the CSV tables."""
    xml_paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xml")
    tables: dict[str, Table] = {}
    if xml_paths:
        ignored = [p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"]
        if ignored:
            reader.findings.append(
                file_finding(
                    reader.relative(folder) + "/",
                    f"holds both XML returns and CSV files; the CSV files ({', '.join(sorted(ignored))}) were ignored",
                    severity=WARNING,
                )
            )
        raws = read_xml_returns(reader, xml_paths)
        for spec in CIN_TABLES:
            raw = raws[spec.name]
            if spec is not CHILD_IDENTIFIERS:  # a child with no LAchildID is reported there, once
                raw = raw[raw["LAchildID"].notna()]
            raw = dedupe(_prefix_ids(raw), spec.name)
            tables[spec.name] = check_and_type(raw, spec, reader.relative(folder) + "/", XML_DATES)
    else:
        tables = read_csv_tables(
            reader,
            folder,
            CIN_TABLES,
            required=(CHILD_IDENTIFIERS,),
            prepare=_prefix_ids,
            missing_rule="the file is missing; cin/ must hold CIN census XML returns "
            "or CSV tables including child_identifiers.csv",
        )
    check_cin(usable(tables))
    return tables


def check_cin(tables: dict[str, Table]) -> None:
    """Links between the census modules, dates in order, and data-quality warnings."""
    ids = tables.get("child_identifiers")
    details = tables.get("cin_details")
    plans = tables.get("child_protection_plans")
    reviews = tables.get("cpp_reviews")
    if ids is not None:
        for name in ("child_characteristics", "cin_details", "section47", "child_protection_plans", "cpp_reviews"):
            if name in tables:
                tables[name].findings.append(
                    unknown_keys(tables[name], "LAchildID", ids.typed["LAchildID"], "the child identifiers (LAchildID)")
                )
        characteristics = tables.get("child_characteristics")
        recorded = (
            characteristics.typed.loc[characteristics.typed["Ethnicity"].notna(), "LAchildID"]
            if characteristics is not None
            else pd.Series(dtype="str")
        )
        ids.findings.append(
            flag(
                ids.typed,
                ids.typed["LAchildID"].notna() & ~ids.typed["LAchildID"].isin(recorded),
                "LAchildID",
                "has no Ethnicity recorded; the child will be shown as not recorded",
                severity=WARNING,
                raw=ids.raw,
            )
        )
    if details is not None:
        details.findings.append(ends_before_start(details, "CINreferralDate", "CINclosureDate", "a referral"))
        for name in ("section47", "child_protection_plans", "cpp_reviews"):
            if name in tables:
                tables[name].findings.append(_unknown_id(tables[name], "CINdetailsID", details, "cin_details"))
    if plans is not None:
        plans.findings.append(ends_before_start(plans, "CPPstartDate", "CPPendDate", "a plan"))
        plans.findings.append(duplicated_rows(plans, ["CPPID"], "CPPID", "child"))
        if reviews is not None:
            reviews.findings.append(_unknown_id(reviews, "CPPID", plans, "child_protection_plans"))
            reviews.findings.append(review_outside_plan(reviews, plans))
    if details is not None:
        details.findings.append(duplicated_rows(details, ["CINdetailsID"], "CINdetailsID", "child"))
    if "section47" in tables:
        tables["section47"].findings.append(icpc_before_enquiry(tables["section47"]))


def _unknown_id(table: Table, column: str, target: Table, target_name: str) -> pd.DataFrame:
    """Errors for a child's CINdetailsID/CPPID not found in the referral or plan table.

    The value shown is the identifier as written (for XML, the start date it was made from).
    """
    values = table.typed[column]
    bad = values.notna() & ~values.isin(target.typed[column].dropna().unique())
    return flag(
        table.typed,
        bad,
        column,
        f"is not a {column} of this child in {target_name}",
        raw=table.raw.assign(**{column: table.raw.get(f"_{column}_label", table.raw[column])}),
    )


def review_outside_plan(reviews: Table, plans: Table) -> pd.DataFrame:
    """Warnings for plan reviews dated before the plan started or after it ended."""
    ids = reviews.typed["CPPID"]
    start = lookup(ids, plans.typed, "CPPID", "CPPstartDate")
    end = lookup(ids, plans.typed, "CPPID", "CPPendDate")
    date = reviews.typed["CPPreviewDate"]
    bad = date.notna() & start.notna() & ((date < start) | (end.notna() & (date > end)))
    written = plans.raw.assign(CPPID=plans.typed["CPPID"])
    start_text = lookup(ids, written, "CPPID", "CPPstartDate")
    end_text = lookup(ids, written, "CPPID", "CPPendDate")
    rule = (
        "is outside its plan (CPPstartDate "
        + start_text.astype(str)
        + ", CPPendDate "
        + end_text.fillna("blank").astype(str)
        + ")"
    )
    return flag(
        reviews.typed, bad, "CPPreviewDate", rule, severity=WARNING, raw=reviews.raw, check="is outside its plan"
    )


def icpc_before_enquiry(section47: Table) -> pd.DataFrame:
    """Warnings for an initial conference dated before the start of its section 47 enquiry.

    The conference still counts among those held, but the pair is left out of the
    15-working-day measure (as the DfE's CIN table C4 does).
    """
    t = section47.typed
    start, icpc = t["S47ActualStartDate"], t["DateOfInitialCPC"]
    bad = start.notna() & icpc.notna() & (icpc < start)
    rule = (
        "is before S47ActualStartDate "
        + section47.raw["S47ActualStartDate"].astype(str)
        + " (an initial conference follows the enquiry that led to it); the conference counts as held "
        "but is left out of the 15-working-day measure"
    )
    return flag(t, bad, "DateOfInitialCPC", rule, severity=WARNING, raw=section47.raw)


__all__ = ["read_cin", "check_cin", "xml_records"]
