"""The tables of a data folder: their columns, kinds of value and one-column rules.

Each table is described once (``TableSpec``) from ``docs/data-folder.md``. From that
description come the pandera schema that checks the raw text of the file (columns
present, required values, dates, numbers, codes, unique identifiers) and the typed
frame the rest of the package uses:

* dates ``datetime64[ns]`` (missing: NaT);
* identifiers, codes and text as pandas' string dtype ``str`` (missing: NaN, which
  ``pd.isna`` reports; comparisons with a missing value are simply False);
* numbers ``float64``;
* yes/no flags (CIN ``ReferralNFA``, ``ICPCnotRequired``) as the strings ``"true"`` /
  ``"false"`` whatever the spelling in the file (true/false/1/0/yes/no/y/n).

Rules that need several columns or tables, or a code list that depends on the year,
are in the source modules (``ssda903``, ``cin``, ``iru``, ``reference``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .. import codes as C

ID, CODE, TEXT, DATE, NUMBER, FLAG = "id", "code", "text", "date", "number", "flag"

CSV_DATES = "%d/%m/%Y"
XML_DATES = "%Y-%m-%d"
DATE_LABEL = {CSV_DATES: "dd/mm/yyyy", XML_DATES: "YYYY-MM-DD"}

TRUE_WORDS = frozenset({"true", "1", "yes", "y"})
FALSE_WORDS = frozenset({"false", "0", "no", "n"})

# Rules named once so that messages are the same wherever they are raised.
RULE_REQUIRED = "a value is required"
RULE_NUMBER = "is not a number"
RULE_FLAG = "is not true or false"
RULE_UNIQUE = "appears on more than one row; {column} must be unique"


@dataclass(frozen=True)
class Field:
    """One column of a table.

    ``required``: every row needs a value. ``optional``: the column may be absent from
    the file (it is then added, empty). ``codes``: the values allowed whatever the
    year. ``unique``: no two rows may share a value. ``range``: numbers must lie in
    (low, high] (low excluded, high included).
    """

    name: str
    kind: str = CODE
    required: bool = False
    optional: bool = False
    codes: Collection[str] | None = None
    unique: bool = False
    range: tuple[float, float] | None = None


@dataclass(frozen=True)
class TableSpec:
    """A table: the Dataset attribute it fills, its file name, its columns, and the column
    naming the child each row is about (None for a table of no child)."""

    name: str
    file: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    child: str | None = None

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def kind(self, kind: str) -> list[str]:
        return [f.name for f in self.fields if f.kind == kind]


def _codes(code_list: Mapping[str, C.Code]) -> frozenset[str]:
    """Every code of a list, in any year (year-dependent lists are checked again per row)."""
    return frozenset(code_list)


# --- ssda903/ ---------------------------------------------------------------------------

HEADER = TableSpec(
    "header",
    "header.csv",
    (
        Field("CHILD", ID, required=True, unique=True),
        Field("SEX", CODE, required=True),  # year-dependent list: checked in ssda903.py
        Field("DOB", DATE, required=True),
        Field("ETHNIC", CODE),  # missing: a warning; list checked in ssda903.py
        Field("UPN", TEXT, optional=True),
        Field("MOTHER", CODE, optional=True),
        Field("MC_DOB", DATE, optional=True),
    ),
    child="CHILD",
)
EPISODES = TableSpec(
    "episodes",
    "episodes.csv",
    (
        Field("CHILD", ID, required=True),
        Field("DECOM", DATE, required=True),
        Field("RNE", CODE, required=True),
        Field("LS", CODE, required=True),
        Field("CIN", CODE, required=True),
        Field("PLACE", CODE, required=True),
        Field("PLACE_PROVIDER", CODE),
        Field("DEC", DATE),
        Field("REC", CODE),
        Field("REASON_PLACE_CHANGE", CODE, optional=True),
        Field("HOME_POST", TEXT),
        Field("PL_POST", TEXT),
        Field("URN", TEXT, optional=True),
        Field("PL_DISTANCE", NUMBER, optional=True),
        Field("PL_LOCATION", CODE, optional=True, codes=frozenset({"IN", "OUT"})),
    ),
    child="CHILD",
)
REVIEWS = TableSpec(
    "reviews",
    "reviews.csv",
    (
        Field("CHILD", ID, required=True),
        Field("DOB", DATE),
        Field("REVIEW", DATE, required=True),
        Field("REVIEW_CODE", CODE, required=True),
    ),
    child="CHILD",
)

# --- cin/ (the CSV form; the XML form is flattened to the same tables) -------------------

CHILD_IDENTIFIERS = TableSpec(
    "child_identifiers",
    "child_identifiers.csv",
    (
        Field("LAchildID", ID, required=True, unique=True),
        Field("UPN", TEXT, optional=True),
        Field("PersonBirthDate", DATE),
        Field("ExpectedPersonBirthDate", DATE, optional=True),
        Field("GenderCurrent", CODE, required=True, codes=_codes(C.GENDER_CURRENT)),
        Field("PersonDeathDate", DATE, optional=True),
    ),
    child="LAchildID",
)
CHILD_CHARACTERISTICS = TableSpec(
    "child_characteristics",
    "child_characteristics.csv",
    (
        Field("LAchildID", ID, required=True, unique=True),
        Field("Ethnicity", CODE, codes=_codes(C.ETHNICITY)),
    ),
    child="LAchildID",
)
CIN_DETAILS = TableSpec(
    "cin_details",
    "cin_details.csv",
    (
        Field("LAchildID", ID, required=True),
        Field("CINdetailsID", ID, required=True),
        Field("CINreferralDate", DATE, required=True),
        Field("ReferralSource", CODE),
        Field("PrimaryNeedCode", CODE, codes=_codes(C.PRIMARY_NEED)),
        Field("CINclosureDate", DATE),
        Field("ReasonForClosure", CODE, codes=_codes(C.REASON_FOR_CLOSURE)),
        Field("DateOfInitialCPC", DATE),
        Field("ReferralNFA", FLAG),
    ),
    child="LAchildID",
)
SECTION47 = TableSpec(
    "section47",
    "section47.csv",
    (
        Field("LAchildID", ID, required=True),
        Field("CINdetailsID", ID, required=True),
        Field("S47ActualStartDate", DATE, required=True),
        Field("InitialCPCtarget", DATE),
        Field("DateOfInitialCPC", DATE),
        Field("ICPCnotRequired", FLAG),
    ),
    child="LAchildID",
)
CHILD_PROTECTION_PLANS = TableSpec(
    "child_protection_plans",
    "child_protection_plans.csv",
    (
        Field("LAchildID", ID, required=True),
        Field("CINdetailsID", ID, required=True),
        Field("CPPID", ID, required=True),
        Field("CPPstartDate", DATE, required=True),
        Field("CPPendDate", DATE),
        Field("InitialCategoryOfAbuse", CODE, required=True, codes=_codes(C.CATEGORY_OF_ABUSE)),
        Field("LatestCategoryOfAbuse", CODE, codes=_codes(C.CATEGORY_OF_ABUSE)),
        Field("NumberOfPreviousCPP", NUMBER),
    ),
    child="LAchildID",
)
CPP_REVIEWS = TableSpec(
    "cpp_reviews",
    "cpp_reviews.csv",
    (
        Field("LAchildID", ID, required=True),
        Field("CINdetailsID", ID, required=True),
        Field("CPPID", ID, required=True),
        Field("CPPreviewDate", DATE, required=True),
    ),
    child="LAchildID",
)
CIN_TABLES = (CHILD_IDENTIFIERS, CHILD_CHARACTERISTICS, CIN_DETAILS, SECTION47, CHILD_PROTECTION_PLANS, CPP_REVIEWS)

# --- iru/ ---------------------------------------------------------------------------------

CONFERENCES = TableSpec(
    "conferences",
    "conferences.csv",
    (
        Field("MEETING_ID", ID, required=True, unique=True),
        Field("LAchildID", ID, required=True),
        Field("TYPE", CODE, required=True, codes=_codes(C.CONFERENCE_TYPE)),
        Field("MEETING_DATE", DATE, required=True),
        Field("OUTCOME", CODE, codes=_codes(C.ICPC_OUTCOME)),
        Field("CHAIR_ID", ID),
        Field("QUORATE", CODE, optional=True, codes=_codes(C.YES_NO)),
    ),
    child="LAchildID",
)
RAG_FORMS = TableSpec(
    "rag_forms",
    "rag_forms.csv",
    (
        Field("FORM_ID", ID, required=True, unique=True),
        Field("MEETING_TYPE", CODE, required=True, codes=_codes(C.MEETING_TYPE)),
        Field("CHILD", ID, required=True),
        Field("MEETING_DATE", DATE, required=True),
        Field("RATING", CODE, required=True, codes=_codes(C.RAG_RATING)),
        Field("CHAIR_ID", ID),
    ),
    child="CHILD",
)
RAG_ITEMS = TableSpec(
    "rag_items",
    "rag_items.csv",
    (
        Field("FORM_ID", ID, required=True),
        Field("ITEM", CODE, required=True, codes=frozenset(C.RAG_ITEMS)),
    ),
)
CHAIRS = TableSpec(
    "chairs",
    "chairs.csv",
    (
        Field("CHAIR_ID", ID, required=True, unique=True),
        Field("ROLE", CODE, required=True, codes=_codes(C.CHAIR_ROLE)),
        Field("WEEKLY_HOURS", NUMBER, required=True, range=(0.0, C.FULL_TIME_HOURS)),
        Field("START_DATE", DATE, required=True),
        Field("END_DATE", DATE),
    ),
)
ALLOCATIONS = TableSpec(
    "allocations",
    "allocations.csv",
    (
        Field("CHILD", ID, required=True),
        Field("CHAIR_ID", ID, required=True),
        Field("START_DATE", DATE, required=True),
        Field("END_DATE", DATE),
    ),
    child="CHILD",
)
CONTACTS = TableSpec(
    "contacts",
    "contacts.csv",
    (
        Field("CONTACT_ID", ID, required=True, unique=True),
        Field("CHILD", ID, required=True),
        Field("CHAIR_ID", ID, required=True),
        Field("CONTACT_DATE", DATE, required=True),
        Field("TYPE", CODE, required=True, codes=_codes(C.CONTACT_TYPE)),
    ),
    child="CHILD",
)
REVIEW_RECORDS = TableSpec(
    "review_records",
    "review_records.csv",
    (
        Field("CHILD", ID, required=True),
        Field("REVIEW_DATE", DATE, required=True),
        Field("CHAIR_ID", ID, required=True),
        Field("RECOMMENDATIONS_ISSUED", DATE),
        Field("RECORD_ISSUED", DATE),
        Field("ADVOCATE", CODE, codes=_codes(C.YES_NO)),
    ),
    child="CHILD",
)
ESCALATIONS = TableSpec(
    "escalations",
    "escalations.csv",
    (
        Field("ESCALATION_ID", ID, required=True, unique=True),
        Field("CHILD", ID, required=True),
        Field("CHAIR_ID", ID, required=True),
        Field("RAISED_DATE", DATE, required=True),
        Field("THEME", CODE, required=True, codes=_codes(C.ESCALATION_THEME)),
        Field("RESOLVED_DATE", DATE),
        Field("OUTCOME", CODE, codes=_codes(C.ESCALATION_OUTCOME)),
    ),
    child="CHILD",
)
ESCALATION_STEPS = TableSpec(
    "escalation_steps",
    "escalation_steps.csv",
    (
        Field("ESCALATION_ID", ID, required=True),
        Field("STAGE", CODE, required=True, codes=_codes(C.ESCALATION_STAGE)),
        Field("STEP_DATE", DATE, required=True),
    ),
)
FEEDBACK = TableSpec(
    "feedback",
    "feedback.csv",
    (
        Field("FEEDBACK_ID", ID, required=True, unique=True),
        Field("MEETING_TYPE", CODE, required=True, codes=_codes(C.MEETING_TYPE)),
        Field("MEETING_DATE", DATE, required=True),
        Field("RESPONDENT", CODE, required=True, codes=_codes(C.RESPONDENT)),
        Field("SCORE", NUMBER, required=True),  # a whole number from 1 to 5: checked in iru.py
    ),
)
IRU_TABLES = (
    CONFERENCES,
    RAG_FORMS,
    RAG_ITEMS,
    CHAIRS,
    ALLOCATIONS,
    CONTACTS,
    REVIEW_RECORDS,
    ESCALATIONS,
    ESCALATION_STEPS,
    FEEDBACK,
)

# --- reference/ -----------------------------------------------------------------------------

COMPARATORS = TableSpec(
    "comparators",
    "comparators.csv",
    (
        Field("indicator", TEXT, required=True),
        Field("year", TEXT, required=True),
        Field("area", TEXT, required=True),
        Field("value", NUMBER, required=True),
        Field("source", TEXT, required=True),
        Field("verified", FLAG, optional=True),
    ),
)
AUTHORITY = TableSpec(
    "authority",
    "authority.csv",
    (
        Field("la_code", CODE, required=True),
        Field("la_name", TEXT, required=True),
    ),
)
POSTCODES = TableSpec(
    "postcodes",
    "postcodes.csv",
    (
        Field("postcode", TEXT, required=True),
        Field("easting", NUMBER, required=True),
        Field("northing", NUMBER, required=True),
        Field("laua", CODE, optional=True),
    ),
)
REFERENCE_TABLES = (COMPARATORS, AUTHORITY, POSTCODES)


# --- parsing --------------------------------------------------------------------------------


def per_distinct(text: pd.Series, func: Callable[[pd.Series], pd.Series], missing: object) -> pd.Series:
    """``func`` applied once to each distinct value of ``text`` and spread back over its
    rows (``missing`` where ``text`` is missing): a column repeats a few thousand dates
    or codes over a million rows, and string functions work one value at a time.

    >>> per_distinct(pd.Series(["a", None, "b", "a"]), lambda s: s.str.upper(), "-").tolist()
    ['A', '-', 'B', 'A']
    """
    codes, distinct = pd.factorize(text)  # missing: code -1
    values = func(pd.Series(np.asarray(distinct, dtype=object), dtype=object)).to_numpy()
    return pd.Series(pd.api.extensions.take(values, codes, allow_fill=True, fill_value=missing), index=text.index)


def parse_dates(text: pd.Series, date_format: str) -> pd.Series:
    """Dates written in ``date_format``; anything else (or blank) becomes NaT.

    >>> parse_dates(pd.Series(["01/02/2015", "31/02/2015", None, "01/02/2015"]), CSV_DATES).tolist()
    [Timestamp('2015-02-01 00:00:00'), NaT, NaT, Timestamp('2015-02-01 00:00:00')]
    """
    return per_distinct(
        text, lambda s: pd.to_datetime(s, format=date_format, errors="coerce"), np.datetime64("NaT")
    ).astype("datetime64[ns]")


def parse_numbers(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text, errors="coerce").astype("float64")


def parse_flags(text: pd.Series) -> pd.Series:
    """``"true"``/``"false"`` from any usual spelling; anything else stays as written."""
    lower = text.str.lower()
    return text.mask(lower.isin(TRUE_WORDS), "true").mask(lower.isin(FALSE_WORDS), "false")


def code_rule(column: str, allowed: Collection[str]) -> str:
    """The words for a value outside a code list: the list itself when short."""
    listed = sorted(allowed)
    if len(listed) <= 12:
        return f"is not a valid {column} code (expected one of {', '.join(listed)})"
    return f"is not a valid {column} code (see the code list in src/iru_analysis/codes.py)"


def date_rule(date_format: str) -> str:
    return f"is not a date (expected {DATE_LABEL[date_format]})"


@cache
def raw_schema(spec: TableSpec, date_format: str) -> pa.DataFrameSchema:
    """The pandera schema for a table's raw text (all columns strings, blanks missing).

    Each check is named with the rule it enforces, so a failure becomes a finding whose
    wording is the check's name. Missing values are left to ``nullable`` so that a
    blank is reported once, as missing, and not again as a bad date or code.
    """
    columns = {}
    for f in spec.fields:
        checks: list[pa.Check] = []
        if f.kind == DATE:
            checks.append(
                pa.Check(
                    lambda s, fmt=date_format: parse_dates(s, fmt).notna(), name=date_rule(date_format), ignore_na=True
                )
            )
        if f.kind == NUMBER:
            checks.append(pa.Check(lambda s: parse_numbers(s).notna(), name=RULE_NUMBER, ignore_na=True))
        if f.range is not None:
            low, high = f.range
            checks.append(
                pa.Check(
                    lambda s, lo=low, hi=high: parse_numbers(s).pipe(lambda n: n.isna() | ((n > lo) & (n <= hi))),
                    name=f"is out of range (must be more than {low:g} and at most {high:g})",
                    ignore_na=True,
                )
            )
        if f.kind == FLAG:
            checks.append(
                pa.Check(lambda s: s.str.lower().isin(TRUE_WORDS | FALSE_WORDS), name=RULE_FLAG, ignore_na=True)
            )
        if f.codes is not None:
            checks.append(
                pa.Check(
                    lambda s, allowed=frozenset(f.codes): s.isin(allowed),
                    name=code_rule(f.name, f.codes),
                    ignore_na=True,
                )
            )
        if f.unique:
            checks.append(
                pa.Check(lambda s: ~s.duplicated(keep=False), name=RULE_UNIQUE.format(column=f.name), ignore_na=True)
            )
        columns[f.name] = pa.Column(nullable=not f.required, required=not f.optional, checks=checks)
    return pa.DataFrameSchema(columns, strict=False)


def to_typed(raw: pd.DataFrame, spec: TableSpec, date_format: str) -> pd.DataFrame:
    """The typed table from its raw text, columns in the documented order.

    Columns absent from the file are added empty; extra columns are dropped;
    provenance columns (``_file``, ``_row``, ``_where``, ``_child``) are kept for the checks.
    """
    out = {}
    for f in spec.fields:
        text = raw[f.name] if f.name in raw else pd.Series(np.nan, index=raw.index, dtype="str")
        if f.kind == DATE:
            out[f.name] = parse_dates(text, date_format)
        elif f.kind == NUMBER:
            out[f.name] = parse_numbers(text)
        elif f.kind == FLAG:
            out[f.name] = parse_flags(text.astype("str"))
        else:
            out[f.name] = text.astype("str")
    for col in ("_file", "_row", "_where", "_child"):
        out[col] = raw[col] if col in raw else pd.Series(pd.NA, index=raw.index, dtype="object")
    return pd.DataFrame(out, index=raw.index)
