"""Disclosure control: no child's identifier, date of birth or postcode in a published file.

The build collects what must never be published from the dataset
(:func:`identifying_values`), writes the loader's findings without their values
(:func:`data_quality_table`), and scans every published file, ``report.pdf``'s text and
attachments included, before anything replaces the previous outputs (:func:`check_privacy`).

Identifiers are matched as whole *tokens*, whatever their length: a token is a run of
letters and digits in which a decimal point (``.`` between two digits) does not end the
run, so ``10.15625`` is one token (a number, not the identifier ``15625``), while ``283.``
at the end of a sentence, ``(283)`` and ``283,`` are the token ``283``. A comma always
ends a token, as in a CSV row (so ``1,283`` holds the token ``283``: a false alarm at
worst, where joining at commas would hide ``283,12`` in a CSV). An identifier that is
not one token itself (``C-12``) is matched where it stands between the same boundaries. So a short numeric identifier is caught,
and a count of the same number anywhere in the report blocks the build too: a false
alarm is told apart by reading the file, a leak cannot be undone.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from ..calendar import ReportingYear
from ..dataset import Dataset

DATA_QUALITY_COLUMNS = ["severity", "file", "row", "column", "check", "rule"]  # never "value" nor "child"
ID_COLUMNS = ("CHILD", "LAchildID", "UPN")
DOB_COLUMNS = ("DOB", "PersonBirthDate", "ExpectedPersonBirthDate", "MC_DOB")
POSTCODE_COLUMNS = ("HOME_POST", "PL_POST")

_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.(?<=[0-9]\.)[0-9]+[A-Za-z0-9]*)*")
_BEFORE = r"(?<![A-Za-z0-9])(?!(?<=[0-9]\.)[0-9])"  # a token's boundaries, as _TOKEN draws them
_AFTER = r"(?![A-Za-z0-9])(?!(?<=[0-9])\.[0-9])"
_DATE = re.compile(r"(?<!\d)(?:\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2})(?!\d)")
_POSTCODE = re.compile(r"(?<![A-Z0-9])[A-Z]{1,2}[0-9][A-Z0-9]? ?(?:[0-9](?:[A-Z]{2})?)?(?![A-Z0-9])")


class PrivacyError(Exception):
    """A published file would hold a child's identifier, date of birth or postcode."""


def _column_values(ds: Dataset, columns: Iterable[str]) -> pd.Series:
    """Every distinct non-missing value of the named columns, in any of the dataset's tables.

    Each value once (a child's identifier is on every episode): the callers' string and
    date work is then done on the distinct values alone.
    """
    wanted = set(columns)
    parts = [
        frame[c]
        for name in ds.__dataclass_fields__
        if isinstance(frame := getattr(ds, name), pd.DataFrame) and name != "findings"
        for c in frame.columns
        if c in wanted
    ]
    if not parts:
        return pd.Series([], dtype="object")
    return pd.concat([p.drop_duplicates() for p in parts], ignore_index=True).dropna().drop_duplicates()


def identifying_values(ds: Dataset) -> dict[str, set[str]]:
    """What must never be published, as text: ``ids``, ``dobs`` (both date forms), ``postcodes``.

    Identifiers are the values of CHILD, LAchildID and UPN, of any length, and the
    children the findings concern (a child left out by ``exclude_invalid`` is in no table
    but may be named in a finding); dates of birth are written ``dd/mm/YYYY`` (SSDA903)
    and ``YYYY-MM-DD`` (CIN XML, ISO); postcodes (HOME_POST, PL_POST) are upper-cased with single spaces.
    """
    ids = (
        pd.concat(
            [_column_values(ds, ID_COLUMNS), ds.findings.get("child", pd.Series([], dtype="object")).dropna()],
            ignore_index=True,
        )
        .astype(str)
        .str.strip()
    )
    dates = pd.to_datetime(_column_values(ds, DOB_COLUMNS), errors="coerce", dayfirst=True).dropna()
    posts = _column_values(ds, POSTCODE_COLUMNS).astype(str).str.upper().str.split().str.join(" ")
    return {
        "ids": set(ids[ids != ""]),
        "dobs": set(dates.dt.strftime("%d/%m/%Y")) | set(dates.dt.strftime("%Y-%m-%d")),
        "postcodes": set(posts[posts.str.len() >= 2]),
    }


def report_dates(year: ReportingYear, as_at: dt.date, snapshots: Iterable[str] = ()) -> set[str]:
    """Dates the report itself prints (year starts and ends of the year and the five before
    it, the as-at date, ``snapshots``: the figures' periods of type ``date``), in both forms;
    a child born on one of them cannot be told apart from the report's own dates, so they
    are not searched for."""
    days = [pd.Timestamp(as_at)]
    for y in range(year.first - 5, year.first + 1):
        days += [ReportingYear(y).start, ReportingYear(y).end]
    days += [pd.Timestamp(d) for d in snapshots]
    return {d.strftime(f) for d in days for f in ("%d/%m/%Y", "%Y-%m-%d")}


def _canonical_postcode(text: str) -> str:
    """Upper case, single-spaced; a full postcode gets its one space before the inward code.

    >>> _canonical_postcode("sy12ab"), _canonical_postcode("SY1  2")
    ('SY1 2AB', 'SY1 2')
    """
    squeezed = "".join(text.upper().split())
    if re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}", squeezed):
        return f"{squeezed[:-3]} {squeezed[-3:]}"
    return " ".join(text.upper().split())


def _postcode_parts(text: str) -> set[str]:
    """A postcode and its outward code and sector (which the SSDA903 may hold instead).

    >>> sorted(_postcode_parts("SY1 2AB"))
    ['SY1', 'SY1 2', 'SY1 2AB']
    """
    full = _canonical_postcode(text)
    parts = {full, full.split(" ")[0]}
    if re.fullmatch(r"\S+ [0-9][A-Z]{2}", full):
        parts.add(full[:-2])
    return parts


def _tokens(text: str) -> set[str]:
    """The whole tokens of ``text`` (see the module docstring).

    >>> sorted(_tokens("child 283. Rate 10.15625, 1,284 of C-12 (283)"))
    ['1', '10.15625', '12', '283', '284', 'C', 'Rate', 'child', 'of']
    """
    return set(_TOKEN.findall(text))


def _id_pattern(ids: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of ``ids`` as a whole token (longest first); None for no ids."""
    named = sorted(set(ids), key=len, reverse=True)
    if not named:
        return None
    return re.compile(_BEFORE + "(?:" + "|".join(map(re.escape, named)) + ")" + _AFTER)


def _id_matcher(ids: set[str]) -> Callable[[str], set[str]]:
    """A function giving the identifiers of ``ids`` that a text holds as whole tokens: the
    identifiers that are one token each are looked up among the text's tokens, the others
    (few, if any) searched for with :func:`_id_pattern`."""
    single = {i for i in ids if _TOKEN.fullmatch(i)}
    pattern = _id_pattern(ids - single)
    return lambda text: (_tokens(text) & single) | (set(pattern.findall(text)) if pattern else set())


def named_ids(text: str, ids: set[str]) -> set[str]:
    """The identifiers of ``ids`` that ``text`` holds as whole tokens.

    >>> sorted(named_ids("283 and 10.15625 and C-12.", {"283", "15625", "C-12", "C-1"}))
    ['283', 'C-12']
    """
    return _id_matcher(ids)(text)


def privacy_findings(
    text: str, values: dict[str, set[str]], allowed_dates: set[str] = frozenset()
) -> dict[str, list[int]]:
    """Line numbers of ``text`` holding an identifier, a date of birth or a postcode.

    Base64 data (embedded images) is ignored. Identifiers match whole tokens of any
    length (:func:`named_ids`); dates of birth match ``dd/mm/YYYY`` or ``YYYY-MM-DD`` unless in
    ``allowed_dates``; postcodes match case-insensitively. Returns e.g.
    ``{"child identifier": [12], "date of birth": [], "postcode": []}``.
    """
    found: dict[str, list[int]] = defaultdict(list)
    dobs = values.get("dobs", set()) - set(allowed_dates)
    postcodes = {_canonical_postcode(p) for p in values.get("postcodes", set())}
    ids = _id_matcher(set(values.get("ids", set())))
    for number, line in enumerate(_DATA_URI.sub("", text).splitlines(), start=1):
        if ids(line):
            found["child identifier"].append(number)
        if dobs and dobs & set(_DATE.findall(line)):
            found["date of birth"].append(number)
        if postcodes:
            tokens = {part for m in _POSTCODE.findall(line.upper()) for part in _postcode_parts(m)}
            if postcodes & tokens:
                found["postcode"].append(number)
    return dict(found)


def notebook_text(path: Path) -> str:
    """The outputs of an executed notebook as text (images left out), one output a line."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    lines = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "text" in output:
                lines.append(str(output.text))
            for mimetype, value in output.get("data", {}).items():
                if mimetype.startswith("text/"):
                    lines.append(value if isinstance(value, str) else "".join(value))
            if output.get("output_type") == "error":
                lines.append(f"{output.get('ename')}: {output.get('evalue')}")
    return "\n".join(lines)


def pdf_text(path: Path) -> str:
    """The text of a PDF's pages, then of every file attached to it (embedded in the
    document or in a page's annotation), each read as UTF-8 (bytes that are not, replaced).
    A PDF that cannot be read raises PrivacyError: what it holds cannot be checked."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        parts = [_page_text(path) or "\n".join(page.extract_text() or "" for page in reader.pages)]
        attached = [data for copies in reader.attachments.values() for data in copies]
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") == "/FileAttachment":
                    attached.append(annotation["/FS"].get_object()["/EF"]["/F"].get_object().get_data())
    except (PyPdfError, OSError, KeyError, ValueError) as exc:
        raise PrivacyError(
            f"{path.name} could not be read to check it ({type(exc).__name__}); nothing was published."
        ) from None
    return "\n".join(parts + [data.decode("utf-8", errors="replace") for data in attached])


def _page_text(path: Path) -> str | None:
    """The text of a PDF's pages from poppler's ``pdftotext`` (C, some ten times faster than
    pypdf on the report's tagged, vector-charted pages); None when it is not installed or
    fails, and pypdf reads the pages instead."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    done = subprocess.run([tool, "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


# where a line of a Word part ends: a paragraph, a line break or tab, or any element outside
# WordprocessingML's namespace (a property such as the title)
_WORD_LINE_END = re.compile(r"</w:p>|<w:br\b[^>]*>|<w:tab\b[^>]*>|</(?!w:)[\w.-]+:[\w.-]+>")
_WORD_ATTRIBUTE = re.compile(r'\b(?:descr|title|Target)="([^"]*)"')


def docx_text(path: Path) -> str:
    """The text of a Word document: each paragraph of each of its parts (the body, headers,
    footers, notes, comments, the title and other properties) a line, then the pictures'
    alt text and titles and the links' targets, each a line. A file that is not a readable Word
    document raises PrivacyError: what it holds cannot be checked."""
    import html
    import zipfile

    try:
        with zipfile.ZipFile(path) as document:
            parts = [
                document.read(name).decode("utf-8", errors="replace")
                for name in sorted(document.namelist())
                if name.startswith(("word/", "docProps/core", "docProps/custom")) and name.endswith((".xml", ".rels"))
            ]
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise PrivacyError(
            f"{path.name} could not be read to check it ({type(exc).__name__}); nothing was published."
        ) from None
    lines = []
    for xml in parts:
        lines += [re.sub(r"<[^>]*>", "", part) for part in _WORD_LINE_END.split(xml)]
        lines += _WORD_ATTRIBUTE.findall(xml)
    return "\n".join(shown for line in lines if (shown := " ".join(html.unescape(line).split())))


def published_files(folder: Path) -> list[Path]:
    """The files of a build folder that :func:`check_privacy` searches, those present:
    report.html, report.pdf, report.docx, figures.csv, data-quality.csv, context.json,
    tables/*.csv, notebooks/*.ipynb and notebooks/*.html, and the same of the public
    version (``public/``)."""
    files = []
    for base in (Path(folder), Path(folder) / "public"):
        files += [
            base / "report.html",
            base / "report.pdf",
            base / "report.docx",
            base / "figures.csv",
            base / "data-quality.csv",
            base / "context.json",
            *sorted((base / "tables").glob("*.csv")),
            *sorted((base / "notebooks").glob("*.ipynb")),
            *sorted((base / "notebooks").glob("*.html")),
        ]
    return [path for path in files if path.is_file()]


def check_privacy(folder: Path, values: dict[str, set[str]], allowed_dates: set[str]) -> None:
    """Raise PrivacyError when any output of ``folder`` holds identifying values.

    Searched: report.html, the text and attachments of report.pdf (:func:`pdf_text`), the
    text of report.docx (:func:`docx_text`), figures.csv, data-quality.csv, context.json,
    tables/*.csv, the outputs of notebooks/*.ipynb and the notebooks' pages
    notebooks/*.html. The message names each file, what was found and on which lines
    (of a notebook's outputs, of the PDF's or the Word document's text) — never the values
    themselves.
    """
    readers = {".ipynb": notebook_text, ".pdf": pdf_text, ".docx": docx_text}
    problems = []
    for path in published_files(folder):
        read = readers.get(path.suffix, lambda p: p.read_text(encoding="utf-8", errors="replace"))
        for kind, lines in privacy_findings(read(path), values, allowed_dates).items():
            where = {".ipynb": "outputs", ".pdf": "text lines", ".docx": "text lines"}.get(path.suffix, "lines")
            shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
            problems.append(f"{path.relative_to(folder)} holds a {kind} ({where} {shown})")
    if problems:
        raise PrivacyError(
            "Privacy check failed, nothing was published: "
            + "; ".join(problems)
            + ". Remove the identifying values from the section that writes them."
        )


def data_quality_table(
    findings: pd.DataFrame, ids: set[str] = frozenset(), dobs: set[str] = frozenset()
) -> pd.DataFrame:
    """The findings as published: severity, file, row, column, check, rule — never the
    value, nor the child a finding concerns.

    A rule that names a child (the loader locates rows of a CIN XML return by the
    child's LAchildID) has that identifier replaced by ``[withheld]``; the row of an XML
    return is still found by its ``<Child>`` number. So has a date in a rule that is some
    child's date of birth (``dobs``; e.g. "is before START_DATE 18/01/2009": among
    thousands of children, most days are somebody's birthday). ``iru-report validate``
    prints the findings in full for the data officer.
    """
    frame = findings.reindex(columns=DATA_QUALITY_COLUMNS)
    frame["check"] = frame["check"].astype(object).fillna(frame["rule"].astype(object))
    for column in ("check", "rule"):
        frame[column] = withhold(frame[column], ids, dobs)
    return frame.sort_values(["severity", "file"], kind="stable").reset_index(drop=True)


def withhold(texts: pd.Series, ids: set[str] = frozenset(), dobs: set[str] = frozenset()) -> pd.Series:
    """Texts (missing: "") with every whole token that is one of ``ids`` (any length, as
    :func:`named_ids` finds them) and every date that is one of ``dobs`` replaced by
    ``[withheld]``.

    >>> withhold(pd.Series(["C12345 is not in the header", "born 01/02/2010", None, "283 of 10.283"]),
    ...          {"C12345", "283"}, {"01/02/2010"}).tolist()
    ['[withheld] is not in the header', 'born [withheld]', '', '[withheld] of 10.283']
    """
    texts = texts.astype(object).fillna("").astype(str)
    distinct = "\n".join(texts.unique())
    pattern = _id_pattern(named_ids(distinct, set(ids)))
    if pattern is not None:
        texts = texts.str.replace(pattern, "[withheld]", regex=True)
    if set(_DATE.findall(distinct)) & set(dobs):
        texts = texts.str.replace(_DATE, lambda m: "[withheld]" if m.group(0) in dobs else m.group(0), regex=True)
    return texts
