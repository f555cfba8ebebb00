"""A hostile-input corpus: the demo data and the demo year's parameters file, copied and
broken on purpose, one way per case, each with its exact outcome (docs/data-folder.md,
"What the loader tolerates", lists every tolerance).

* **Refused**: ``iru-report validate --all`` exits 1 and prints exactly the case's
  ERROR line(s) (file, row, column, the value as written -- at most 80 characters, control
  characters escaped -- and the rule), no traceback; ``iru-report figures`` (``build``
  for a parameters file) exits 2 (bad input) with the same lines and writes nothing.
* **Tolerated**: ``validate`` exits 0 with no error, printing the case's warning if it
  has one; ``same`` names the tables that must read exactly as from the demo itself.

Each case copies only the demo subfolder it breaks (``ssda903``, ``cin``, ``iru``,
``reference``) to keep the corpus quick; a parameters case copies ``params/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from iru_analysis.cli import EXIT_BAD_INPUT, main
from iru_analysis.dataset import Dataset
from iru_analysis.errors import InputError, InputErrors
from iru_analysis.load import read_dataset
from iru_analysis.paths import PROJECT_ROOT
from iru_analysis.report.params import load_narrative, load_params

DEMO = PROJECT_ROOT / "data" / "demo"
PARAMS = PROJECT_ROOT / "params"
EPISODES, HEADER, REVIEWS = "ssda903/episodes.csv", "ssda903/header.csv", "ssda903/reviews.csv"
CENSUS = "cin/cin_2015-16.xml"
PARAMS_FILE = "params/2015-16.yaml"
PARAMS_END = len((PROJECT_ROOT / PARAMS_FILE).read_text(encoding="utf-8").splitlines())  # a line added is row END + 1
NARRATIVE_FILE = "params/narrative/2015-16.yaml"
NARRATIVE_END = len((PROJECT_ROOT / NARRATIVE_FILE).read_text(encoding="utf-8").splitlines())


@dataclass(frozen=True)
class Case:
    """One way of breaking a copy of the demo, and what must come of it."""

    name: str
    source: str  # the demo subfolder copied and broken, or "params"
    breaks: Callable[[Path], object]  # breaks the copy in place, given the folder holding it
    refused: tuple[str, ...] = ()  # the ERROR lines printed, exactly (none: tolerated)
    warning: str | None = None  # tolerated: a WARNING line printed
    same: tuple[str, ...] = ()  # tolerated: tables read exactly as from the demo


# --- how the copies are broken ---------------------------------------------------------


def text(rel: str, edit: Callable[[str], str], encoding: str = "utf-8") -> Callable[[Path], object]:
    """Rewrite the file ``rel`` (under the copy) through ``edit``, written in ``encoding``."""

    def run(root: Path) -> None:
        path = root / rel
        path.write_bytes(edit(path.read_bytes().decode("utf-8")).encode(encoding))

    return run


def line(rel: str, number: int, edit: Callable[[str], str]) -> Callable[[Path], object]:
    """Rewrite line ``number`` of ``rel`` (0: the header row) through ``edit``."""

    def change(content: str) -> str:
        lines = content.split("\n")
        lines[number] = edit(lines[number])
        return "\n".join(lines)

    return text(rel, change)


def cell(rel: str, number: int, column: int, value: str) -> Callable[[Path], object]:
    """Set one cell (``column`` counted from 0) of line ``number`` of ``rel``."""
    return line(rel, number, lambda row: ",".join(value if i == column else c for i, c in enumerate(row.split(","))))


def replace(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], object]:
    return text(rel, lambda content: content.replace(old, new, count))


def write(rel: str, content: bytes) -> Callable[[Path], object]:
    return lambda root: (root / rel).write_bytes(content)


def remove(rel: str) -> Callable[[Path], object]:
    return lambda root: (root / rel).unlink()


def link_out(rel: str) -> Callable[[Path], object]:
    """Replace ``rel`` by a symbolic link to a copy of it outside the data folder."""

    def run(root: Path) -> None:
        outside = root.parent / "outside" / Path(rel).name
        outside.parent.mkdir(exist_ok=True)
        shutil.move(root / rel, outside)
        (root / rel).symlink_to(outside)

    return run


def link_folder_out(source: str) -> Callable[[Path], object]:
    def run(root: Path) -> None:
        shutil.move(root / source, root.parent / "outside")
        (root / source).symlink_to(root.parent / "outside", target_is_directory=True)

    return run


def link_in(rel: str) -> Callable[[Path], object]:
    """Replace ``rel`` by a symbolic link to a copy of it elsewhere inside the data folder."""

    def run(root: Path) -> None:
        kept = root / ".store" / Path(rel).name
        kept.parent.mkdir()
        shutil.move(root / rel, kept)
        (root / rel).symlink_to(kept)

    return run


def insert_column(rel: str, position: int, name: str, value: str) -> Callable[[Path], object]:
    """Insert a column ``name`` holding ``value`` on every row, at ``position`` (from 0)."""

    def change(content: str) -> str:
        rows = [r.split(",") for r in content.rstrip("\n").split("\n")]
        return "".join(
            ",".join(r[:position] + [name if i == 0 else value] + r[position:]) + "\n" for i, r in enumerate(rows)
        )

    return text(rel, change)


def both(*steps: Callable[[Path], object]) -> Callable[[Path], object]:
    return lambda root: [step(root) for step in steps]


def header_line(rel: str) -> str:
    return (DEMO / rel).read_text().split("\n", 1)[0]


EPISODE_COLUMNS = header_line(EPISODES)
FOUND = "CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN"
DATE_RULE = "is not a date (expected dd/mm/yyyy)."
EMPTY = (
    "the file is empty (expected a header row naming the columns: CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, "
    "DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN, PL_DISTANCE, PL_LOCATION)"
)
WHICH = "which one holds the data cannot be told"
LINKED_OUT = "is a symbolic link to a file outside the data folder; only files inside it are read"
YEAR_RULE = (
    "is not a census year (Header/CollectionDetails/Year, four digits such as 2016), which decides which return's "
    "copy of a record wins"
)
P = "<PARAMS>/2015-16.yaml"
TABBED = EPISODE_COLUMNS[:80].replace(",", "\\t")  # the header as a finding quotes it
XML_DTD = (
    "the file declares a DTD (<!DOCTYPE>), which a CIN census return never has; it was not read "
    "(its entities could expand without end or fetch other files)."
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE Message [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10))
    + "]>\n<Message><Header/><Children><Child><ChildIdentifiers><LAchildID>&lol9;</LAchildID>"
    "</ChildIdentifiers></Child></Children></Message>\n"
).encode()
EXTERNAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    b"<Message><Children><Child><ChildIdentifiers><LAchildID>&secret;</LAchildID></ChildIdentifiers>"
    b"</Child></Children></Message>\n"
)
ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9) if previous else ', '.join(['lol'] * 9)}]\n"
    for previous, name in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi")
)
LONG = "9" * 10_000

CASES = [
    # -- missing, empty and header-only tables
    Case(
        "missing table",
        "ssda903",
        remove(EPISODES),
        refused=(f"ERROR: {EPISODES}: the file is missing; ssda903/ must hold header.csv and episodes.csv.",),
    ),
    Case("empty table", "ssda903", write(EPISODES, b""), refused=(f"ERROR: {EPISODES}: {EMPTY}.",)),
    Case("blank lines only", "ssda903", write(EPISODES, b"\n \n\n"), refused=(f"ERROR: {EPISODES}: {EMPTY}.",)),
    Case(
        "header-only table",
        "iru",
        write("iru/rag_items.csv", b"FORM_ID,ITEM\n"),
        warning="WARNING: iru/rag_items.csv: the file has a header row but no data rows: every figure that needs it will be missing or zero.",
    ),
    Case(
        "missing reviews.csv",
        "ssda903",
        remove(REVIEWS),
        warning="WARNING: ssda903/reviews.csv: the file is missing: no review of a looked-after child is counted, so the report has no figures about reviews or participation.",
    ),
    # -- renamed, duplicated and case-variant columns
    Case(
        "renamed column",
        "ssda903",
        line(EPISODES, 0, lambda h: h.replace("DECOM", "START")),
        refused=(
            f"ERROR: {EPISODES}, column DECOM: the file has no such column, and it is required (columns found: {FOUND.replace('DECOM', 'START')}).",
        ),
    ),
    Case(
        "very long column name",
        "ssda903",
        line(EPISODES, 0, lambda h: h.replace("DECOM", "X" * 5000)),
        refused=(
            f"ERROR: {EPISODES}, column DECOM: the file has no such column, and it is required (columns found: {FOUND.replace('DECOM', 'X' * 80 + '... (5000 characters)')}).",
        ),
    ),
    Case(
        "duplicated column",
        "ssda903",
        text(EPISODES, lambda t: t.replace("\n", ",DECOM\n", 1)),
        refused=(
            f'ERROR: {EPISODES}, column DECOM: has 2 columns that are DECOM once case and spaces are ignored (columns 2 and 14: "DECOM", "DECOM"); {WHICH}.',
        ),
    ),
    Case(
        "case-variant column before the real one",
        "ssda903",
        insert_column(HEADER, 2, "dob", "01/01/1990"),
        refused=(
            f'ERROR: {HEADER}, column DOB: has 2 columns that are DOB once case and spaces are ignored (columns 3 and 4: "dob", "DOB"); {WHICH}.',
        ),
    ),
    Case("lower-case column names", "ssda903", line(EPISODES, 0, str.lower), same=("episodes",)),
    Case(
        "spaces around column names", "ssda903", line(EPISODES, 0, lambda h: h.replace(",", " , ")), same=("episodes",)
    ),
    Case(
        "unknown extra column", "ssda903", text(EPISODES, lambda t: t.replace("\n", ",NOTES\n", 1)), same=("episodes",)
    ),
    # -- encodings and line endings
    Case("UTF-8 byte-order mark", "ssda903", text(EPISODES, lambda t: "\ufeff" + t), same=("episodes",)),
    Case(
        "Windows-1252",
        "reference",
        text("reference/authority.csv", lambda t: t.replace("(synthetic)", "(synthétique)"), encoding="cp1252"),
        warning="WARNING: reference/authority.csv: the file is not UTF-8 text; it was read as Windows-1252, check any accented names.",
    ),
    Case(
        "UTF-16",
        "ssda903",
        text(EPISODES, lambda t: t, encoding="utf-16"),
        refused=(
            f"ERROR: {EPISODES}: the file holds NUL bytes (the first on line 1), so it is not UTF-8 or Windows-1252 text; save it as CSV (UTF-8).",
        ),
    ),
    Case("CRLF line endings", "ssda903", text(EPISODES, lambda t: t.replace("\n", "\r\n")), same=("episodes",)),
    Case("mixed line endings", "ssda903", text(EPISODES, lambda t: t.replace("\n", "\r\n", 500)), same=("episodes",)),
    # -- separators other than commas
    Case(
        "semicolons",
        "ssda903",
        text(EPISODES, lambda t: t.replace(",", ";")),
        refused=(
            f'ERROR: {EPISODES}: the header row is one column, "{EPISODE_COLUMNS.replace(",", ";")[:80]}... (93 characters)": the file separates its values with semicolons; save it as CSV (comma delimited).',
        ),
    ),
    Case(
        "tabs",
        "ssda903",
        text(EPISODES, lambda t: t.replace(",", "\t")),
        refused=(
            f'ERROR: {EPISODES}: the header row is one column, "{TABBED}... (93 characters)": the file separates its values with tabs; save it as CSV (comma delimited).',
        ),
    ),
    # -- quoting
    Case(
        "quoted newline in a date",
        "ssda903",
        cell(HEADER, 1, 2, '"28/03/\n2001"'),
        refused=(f'ERROR: {HEADER}, row 1, column DOB: "28/03/\\n2001" {DATE_RULE}',),
    ),
    Case(
        "quoted cells",
        "ssda903",
        line(EPISODES, 1, lambda r: ",".join(f'"{c}"' for c in r.split(","))),
        same=("episodes",),
    ),
    Case(
        "unclosed quote",
        "ssda903",
        cell(EPISODES, 5, 10, '"SY9 5DE'),
        refused=(
            f"ERROR: {EPISODES}: the file could not be read as CSV (Error tokenizing data. C error: EOF inside string starting at row 5).",
        ),
    ),
    Case(
        "row with an extra cell",
        "ssda903",
        line(EPISODES, 5, lambda r: r + ",extra"),
        refused=(
            f"ERROR: {EPISODES}: the file could not be read as CSV (Error tokenizing data. C error: Expected 13 fields in line 6, saw 14).",
        ),
    ),
    Case(
        "row with cells missing",
        "ssda903",
        line(EPISODES, 5, lambda r: ",".join(r.split(",")[:4])),
        refused=(
            f"ERROR: {EPISODES}, row 5, column CIN: a value is required.",
            f"ERROR: {EPISODES}, row 5, column PLACE: a value is required.",
        ),
    ),
    # -- very long fields
    Case(
        "very long date",
        "ssda903",
        cell(HEADER, 1, 2, LONG),
        refused=(f'ERROR: {HEADER}, row 1, column DOB: "{"9" * 80}... (10000 characters)" {DATE_RULE}',),
    ),
    Case(
        "very long code",
        "ssda903",
        cell(HEADER, 1, 1, "1" * 100_000),
        refused=(
            f'ERROR: {HEADER}, row 1, column SEX: "{"1" * 80}... (100000 characters)" is not a valid SEX code in 2002-03 to 2016-17 (expected one of 1, 2).',
        ),
    ),
    # -- dates
    Case(
        "ISO date",
        "ssda903",
        cell(HEADER, 1, 2, "2001-03-28"),
        refused=(f'ERROR: {HEADER}, row 1, column DOB: "2001-03-28" {DATE_RULE}',),
    ),
    Case(
        "Excel serial date",
        "ssda903",
        cell(HEADER, 1, 2, "36978"),
        refused=(f'ERROR: {HEADER}, row 1, column DOB: "36978" {DATE_RULE}',),
    ),
    Case(
        "two-digit year",
        "ssda903",
        cell(HEADER, 1, 2, "28/03/01"),
        refused=(f'ERROR: {HEADER}, row 1, column DOB: "28/03/01" {DATE_RULE}',),
    ),
    Case(
        "month and day swapped",
        "ssda903",
        cell(HEADER, 1, 2, "03/28/2001"),
        refused=(f'ERROR: {HEADER}, row 1, column DOB: "03/28/2001" {DATE_RULE}',),
    ),
    Case(
        "date and time",
        "ssda903",
        cell(HEADER, 1, 2, "28/03/2001 00:00"),
        refused=(f'ERROR: {HEADER}, row 1, column DOB: "28/03/2001 00:00" {DATE_RULE}',),
    ),
    Case("day and month without zeros", "ssda903", cell(EPISODES, 1, 1, "11/5/2002"), same=("episodes",)),
    # -- NUL bytes and other control characters
    Case(
        "NUL byte in a cell",
        "ssda903",
        cell(EPISODES, 3, 0, "C000\x00002"),
        refused=(
            f"ERROR: {EPISODES}: the file holds NUL bytes (the first on line 4), so it is not UTF-8 or Windows-1252 text; save it as CSV (UTF-8).",
        ),
    ),
    Case(
        "tab inside a code",
        "ssda903",
        cell(HEADER, 1, 1, "1\t2"),
        refused=(
            f'ERROR: {HEADER}, row 1, column SEX: "1\\t2" is not a valid SEX code in 2002-03 to 2016-17 (expected one of 1, 2).',
        ),
    ),
    Case("non-breaking spaces around a value", "ssda903", cell(EPISODES, 1, 2, "\xa0S\xa0"), same=("episodes",)),
    Case(
        "blank (spaces) required cell",
        "ssda903",
        cell(HEADER, 1, 2, "   "),
        refused=(f"ERROR: {HEADER}, row 1, column DOB: a value is required.",),
    ),
    # -- duplicated rows
    Case(
        "row repeated exactly",
        "ssda903",
        line(EPISODES, 1, lambda r: f"{r}\n{r}"),
        warning="WARNING: ssda903/episodes.csv, row 1: is repeated exactly on row 2 (every column the same); the copies were left out.",
        same=("episodes",),
    ),
    Case(
        "child's header row twice, different",
        "ssda903",
        line(HEADER, 1, lambda r: f"{r}\n{r.replace(',1,', ',2,', 1)}"),
        refused=(
            f'ERROR: {HEADER}, row 1, column CHILD: "C000001" appears on more than one row; CHILD must be unique.',
            f'ERROR: {HEADER}, row 2, column CHILD: "C000001" appears on more than one row; CHILD must be unique.',
        ),
    ),
    # -- symbolic links
    Case(
        "table linked out of the data folder",
        "ssda903",
        link_out(EPISODES),
        refused=(f"ERROR: {EPISODES}: {LINKED_OUT}.",),
    ),
    Case(
        "source folder linked out of the data folder",
        "iru",
        link_folder_out("iru"),
        refused=tuple(
            f"ERROR: iru/{name}.csv: {LINKED_OUT}."
            for name in (
                "allocations",
                "chairs",
                "conferences",
                "contacts",
                "escalation_steps",
                "escalations",
                "feedback",
                "rag_forms",
                "rag_items",
                "review_records",
            )
        ),
    ),
    Case("table linked inside the data folder", "ssda903", link_in(EPISODES), same=("episodes",)),
    # -- the unit's practice records (a case writes one over the demo's)
    Case(
        "feedback score out of range",
        "iru",
        write(
            "iru/feedback.csv",
            b"FEEDBACK_ID,MEETING_TYPE,MEETING_DATE,RESPONDENT,SCORE\nB1,lac_review,01/06/2016,child,7\n",
        ),
        refused=(
            'ERROR: iru/feedback.csv, row 1, column SCORE: "7" is not a score from 1 to 5 (a whole number, 5 the best).',
        ),
    ),
    Case(
        "escalation step before it was raised",
        "iru",
        both(
            write(
                "iru/escalations.csv",
                b"ESCALATION_ID,CHILD,CHAIR_ID,RAISED_DATE,THEME,RESOLVED_DATE,OUTCOME\n"
                b"E1,C000001,IRO-1,02/03/2016,drift,,\n",
            ),
            write("iru/escalation_steps.csv", b"ESCALATION_ID,STAGE,STEP_DATE\nE1,stage1,01/03/2016\n"),
        ),
        refused=(
            'ERROR: iru/escalation_steps.csv, row 1, column STEP_DATE: "01/03/2016" is before the escalation\'s '
            "RAISED_DATE 02/03/2016 (a step cannot come before the escalation is raised).",
        ),
    ),
    Case(
        "free text on a feedback form",
        "iru",
        write(
            "iru/feedback.csv",
            b'FEEDBACK_ID,MEETING_TYPE,MEETING_DATE,RESPONDENT,SCORE,COMMENT\nB1,lac_review,01/06/2016,child,4,"Kept, not read"\n',
        ),
    ),
    # -- CIN census XML
    Case(
        "malformed XML",
        "cin",
        text(CENSUS, lambda t: t[: len(t) // 2]),
        refused=(f"ERROR: {CENSUS}: the file could not be read as XML (no element found: line 9628, column 5).",),
    ),
    Case("billion laughs", "cin", write(CENSUS, LAUGHS), refused=(f"ERROR: {CENSUS}: {XML_DTD}",)),
    Case("external entity", "cin", write(CENSUS, EXTERNAL), refused=(f"ERROR: {CENSUS}: {XML_DTD}",)),
    Case(
        "external DTD",
        "cin",
        replace(CENSUS, "<Message>", '<!DOCTYPE Message SYSTEM "http://localhost:9/cin.dtd">\n<Message>'),
        refused=(f"ERROR: {CENSUS}: {XML_DTD}",),
    ),
    Case(
        "NUL byte in XML",
        "cin",
        replace(CENSUS, "<LAchildID>C001254", "<LAchildID>C00\x001254"),
        refused=(
            f"ERROR: {CENSUS}: the file could not be read as XML (not well-formed (invalid token): line 21, column 22).",
        ),
    ),
    Case(
        "XML of another kind",
        "cin",
        write(CENSUS, b"<Report><Rows/></Report>"),
        refused=(f"ERROR: {CENSUS}: the file is not a CIN census return (expected <Message> holding <Children>).",),
    ),
    Case(
        "wrong namespace",
        "cin",
        replace(CENSUS, "<Message>", '<Message xmlns="urn:example:not-cin">'),
        refused=(
            f"ERROR: {CENSUS}: \"urn:example:not-cin\" is the file's XML namespace; a CIN census return's elements are in none (the DfE schema has no target namespace).",
        ),
    ),
    Case(
        "wrong Collection",
        "cin",
        replace(CENSUS, "<Collection>CIN</Collection>", "<Collection>SSDA903</Collection>"),
        refused=(
            f'ERROR: {CENSUS}, column Collection: "SSDA903" is not CIN (Header/CollectionDetails/Collection): the file is not a CIN census return.',
        ),
    ),
    Case(
        "no Year",
        "cin",
        replace(CENSUS, "<Year>2016</Year>", ""),
        refused=(f"ERROR: {CENSUS}, column Year: {YEAR_RULE}.",),
    ),
    Case(
        "two-digit Year",
        "cin",
        replace(CENSUS, "<Year>2016</Year>", "<Year>16</Year>"),
        refused=(f'ERROR: {CENSUS}, column Year: "16" {YEAR_RULE}.',),
    ),
    Case(
        "Year and ReferenceDate disagree",
        "cin",
        replace(CENSUS, "<Year>2016</Year>", "<Year>2015</Year>"),
        refused=(
            f'ERROR: {CENSUS}, column ReferenceDate: "2016-03-31" is not 31 March of the census Year 2015 (2015-03-31): which year the return is for cannot be told.',
        ),
    ),
    Case(
        "two returns of one Year",
        "cin",
        both(
            replace("cin/cin_2014-15.xml", "<Year>2015</Year>", "<Year>2016</Year>"),
            replace("cin/cin_2014-15.xml", "2015-03-31</ReferenceDate>", "2016-03-31</ReferenceDate>"),
        ),
        refused=(
            f'ERROR: {CENSUS}, column Year: "2016" is also the Year of cin/cin_2014-15.xml: which return\'s copy of a record wins cannot be told; keep one return per census year.',
        ),
    ),
    Case(
        "file names out of Year order",
        "cin",
        lambda root: [
            (root / "cin" / f"cin_{y}.xml").rename(root / "cin" / f"{'edcba'[i]}.xml")
            for i, y in enumerate(["2011-12", "2012-13", "2013-14", "2014-15", "2015-16"])
        ],
        same=("child_identifiers", "cin_details", "child_protection_plans", "cpp_reviews", "section47"),
    ),
    Case(
        "very long XML date",
        "cin",
        replace(CENSUS, "<PersonBirthDate>1999-12-20", f"<PersonBirthDate>{LONG}"),
        refused=(
            f'ERROR: {CENSUS}, column PersonBirthDate: "{"9" * 80}... (10000 characters)" is not a date (expected YYYY-MM-DD) (<Child> number 1, LAchildID C001254).',
        ),
    ),
    Case(
        "dd/mm/yyyy date in XML",
        "cin",
        replace(CENSUS, "<PersonBirthDate>1999-12-20", "<PersonBirthDate>20/12/1999"),
        refused=(
            f'ERROR: {CENSUS}, column PersonBirthDate: "20/12/1999" is not a date (expected YYYY-MM-DD) (<Child> number 1, LAchildID C001254).',
        ),
    ),
    # -- the parameters file (YAML)
    Case(
        "YAML alias bomb",
        "params",
        text(PARAMS_FILE, lambda t: t + ALIAS_BOMB),
        refused=(f"{P}, row {PARAMS_END + 2}: is not valid YAML (an alias (*a) is not allowed: write the value out).",),
    ),
    Case(
        "YAML python tag",
        "params",
        text(PARAMS_FILE, lambda t: t + 'x: !!python/object/apply:os.system ["echo pwned"]\n'),
        refused=(
            f"{P}, row {PARAMS_END + 1}: is not valid YAML (a tag (!!python/object/apply:os.system) is not allowed: write plain values).",
        ),
    ),
    Case(
        "YAML custom tag",
        "params",
        replace(PARAMS_FILE, "la_code: E06000051", "la_code: !include secrets.yaml"),
        refused=(f"{P}, row 5: is not valid YAML (a tag (!include) is not allowed: write plain values).",),
    ),
    Case(
        "YAML merge key",
        "params",
        text(PARAMS_FILE, lambda t: "base: &base {year: '2015-16'}\n<<: *base\n" + t),
        refused=(f"{P}, row 2: is not valid YAML (an alias (*base) is not allowed: write the value out).",),
    ),
    Case(
        "YAML anchor without alias",
        "params",
        replace(PARAMS_FILE, "comparators:", "comparators: &areas"),
        same=("params",),
    ),
    Case(
        "unknown key",
        "params",
        text(PARAMS_FILE, lambda t: t + "authority: Shropshire\n"),
        refused=(
            f"{P}, key authority: is not a known key (the keys are: year, authority_name, la_code, data, as_at, rag_month, comparators, narrative, reviews_from, exclude_invalid, chairs_counted, publication, disclosure_threshold, meeting, meeting_date, author, contact, status, version, recommendations, background_papers, sign_off, reference_docx, timescales).",
        ),
    ),
    Case(
        "key given twice",
        "params",
        text(PARAMS_FILE, lambda t: t + "la_code: E06000052\n"),
        refused=(f"{P}, row {PARAMS_END + 1}: is not valid YAML (the key la_code is given twice).",),
    ),
    Case(
        "parameters not UTF-8",
        "params",
        text(PARAMS_FILE, lambda t: t.replace("(synthetic)", "(synthétique)"), encoding="cp1252"),
        refused=(f"{P}: is not UTF-8 text (byte 220).",),
    ),
    Case(
        "very long value",
        "params",
        replace(PARAMS_FILE, "la_code: E06000051", f"la_code: E{LONG}"),
        refused=(
            f'{P}, key la_code: "E{"9" * 79}... (10001 characters)" must be the authority\'s ONS code: E followed by eight digits, e.g. E06000051.',
        ),
    ),
    Case(
        "two YAML documents",
        "params",
        text(PARAMS_FILE, lambda t: t + "---\nyear: '2016-17'\n"),
        refused=(
            f"{P}, row {PARAMS_END + 1}: is not valid YAML (expected a single document in the stream but found another document).",
        ),
    ),
    Case(
        "narrative alias bomb",
        "params",
        text(NARRATIVE_FILE, lambda t: t + ALIAS_BOMB),
        refused=(
            f"<PARAMS>/narrative/2015-16.yaml, row {NARRATIVE_END + 2}: is not valid YAML (an alias (*a) is not "
            "allowed: write the value out).",
        ),
    ),
]


# --- running a case --------------------------------------------------------------------


def broken_copy(case: Case, tmp_path: Path) -> Path:
    """The demo subfolder (or params/) copied under ``tmp_path`` and broken; the folder the
    case is read from (the data folder, or params/)."""
    if case.source == "params":
        shutil.copytree(PARAMS, tmp_path / "params")
        case.breaks(tmp_path)
        return tmp_path / "params"
    data = tmp_path / "data"
    shutil.copytree(DEMO / case.source, data / case.source)
    case.breaks(data)
    return data


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def run_cli(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.splitlines(), err.splitlines()


def params_outcome(case: Case, params: Path) -> tuple[int, list[str]]:
    """Loading the parameters (and their narrative): 0 and no lines, or 1 and the message."""
    try:
        load_narrative(load_params(params / "2015-16.yaml").narrative)
    except (InputError, InputErrors) as exc:
        return 1, str(exc).splitlines()
    return 0, []


@cache
def demo() -> Dataset:
    return read_dataset(DEMO)


@pytest.mark.parametrize("case", [c for c in CASES if c.source != "params"], ids=lambda c: c.name)
def test_data_folder(case, tmp_path, capsys):
    data = broken_copy(case, tmp_path)
    code, out, _ = run_cli(capsys, "validate", "--all", "--data", str(data))
    errors = [line for line in out if line.startswith("ERROR: ")]
    if not case.refused:
        assert (code, errors) == (0, [])
        assert case.warning is None or case.warning in out
        read = read_dataset(data)
        for name in case.same:
            pd.testing.assert_frame_equal(getattr(read, name), getattr(demo(), name))
        return
    assert (code, errors) == (1, list(case.refused))
    before = files_under(tmp_path)
    out_file = tmp_path / "out" / "figures.csv"
    code, out, err = run_cli(capsys, "figures", "--year", "2015-16", "--data", str(data), "--out", str(out_file))
    assert (code, out) == (EXIT_BAD_INPUT, [])
    assert err[: len(case.refused) + 1] == [
        "iru-report figures: bad input, nothing was written.",
        *(line.removeprefix("ERROR: ") for line in case.refused),
    ]
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("case", [c for c in CASES if c.source == "params"], ids=lambda c: c.name)
def test_parameters_file(case, tmp_path, capsys):
    params = broken_copy(case, tmp_path)
    code, lines = params_outcome(case, params)
    if not case.refused:
        assert (code, lines) == (0, [])
        original = load_params(PARAMS / "2015-16.yaml")
        assert load_params(params / "2015-16.yaml").comparators == original.comparators
        return
    expected = [line.replace("<PARAMS>", str(params)) for line in case.refused]
    assert (code, lines) == (1, expected)
    if not expected[0].startswith(str(params / "2015-16.yaml")):
        return  # the narrative is read by the notebooks, not before a build starts
    before = files_under(tmp_path)
    argv = ["build", "--year", "2015-16", "--params", str(params / "2015-16.yaml"), "--out", str(tmp_path / "out")]
    code, out, err = run_cli(capsys, *argv)
    assert (code, out) == (EXIT_BAD_INPUT, [])
    assert err[:2] == ["iru-report build: bad input, nothing was written.", expected[0]]
    assert files_under(tmp_path) == before
