"""The parameters of one year's report (``params/<year>.yaml``) and its narrative file.

A parameters file holds exactly these keys (a key missing, a key not listed, or a value
of the wrong type is an :class:`~iru_analysis.errors.InputError` naming the file, the
key, the value and the rule):

=================  ==========================================================================
``year``           the reporting year, e.g. ``2015-16``
``authority_name`` the authority's name as the report prints it
``la_code``        the authority's ONS code (``E`` and eight digits, e.g. ``E06000051``)
``data``           the data folder, relative to the parameters file (optional;
                   default ``../data/demo``)
``as_at``          the date of the caseload snapshot, "at the time of writing"
                   (on or after the year's last day), e.g. ``2016-06-30``
``rag_month``      the month whose RAG reasons the dispute-resolution section details
                   (``YYYY-MM``, within the year)
``comparators``    the comparator areas shown beside the authority's figures
                   (names as in ``reference/comparators.csv``; may be empty)
``narrative``      the narrative file (the unit's own words), relative to the parameters file
``reviews_from``   the first day of the review history held (optional; default: from the
                   data -- 1 April of the earliest annual return's year, or of the year of
                   the earliest review), ``YYYY-MM-DD``, on or before the year's last day
``exclude_invalid`` ``true`` to leave out every child with an error and build from the rest
                   (optional; default ``false``: data with errors is refused)
``publication``    ``true`` to write, beside the report, a public version with disclosure
                   control (``public/``; optional, default ``false``)
``chairs_counted`` how the unit counts vacant posts, chairs on leave and agency chairs in its
                   chairs list, printed under the chairs table (optional; default: what the
                   figures do, said plainly)
``disclosure_threshold`` the largest count the public version withholds (optional; default 5:
                   counts from 1 to 5 are shown as ``c``)
``reference_docx`` a Word document whose styles, page set-up, headers and footers
                   ``report.docx`` takes (the unit's committee template), relative to the
                   parameters file (optional; default: pandoc's plain styles)
``timescales``     the unit's practice timescales in working days (the day of the event not
                   counted), each a whole number from 1 and each optional (local standards
                   differ; the whole key is optional too):
                   ``iro_allocation_working_days`` an IRO allocated after the start of a
                   period of care (default 5), ``recommendations_working_days`` the review's
                   recommendations issued after it (default 5), ``record_working_days`` its
                   full record (default 20). The figures, and the report's words ("within
                   5 working days"), follow them; the indicator ``iro_allocated_within_5wd``
                   keeps its name whatever the allocation timescale
=================  ==========================================================================

and, optional, the front matter of the report as a committee paper (its cover report,
printed before the contents: :func:`iru_analysis.report.stitch.front_matter`):

======================  =====================================================================
``meeting``             the meeting the report goes to, e.g. ``Corporate Parenting Board``
``meeting_date``        the date of that meeting, ``YYYY-MM-DD``, after the year's last day
``author``              the report's author (name and role)
``contact``             how to reach the author (an e-mail address or telephone number)
``status``              e.g. ``Final`` or ``Draft for comment``
``version``             text, e.g. ``"1.0"`` (in quotes: unquoted, YAML reads 1.0 as a number)
``recommendations``     the recommendations or decisions sought, a list of Markdown texts
``background_papers``   the background papers, a list of Markdown texts (a title, and a
                        link to a web page where there is one)
``sign_off``            ``name``, ``role`` and ``date`` (``YYYY-MM-DD``, on or before
                        ``meeting_date`` when both are given) of who signed the report off
======================  =====================================================================

The texts are data: printed as written (escaped), ``recommendations`` and
``background_papers`` rendered as Markdown with raw HTML shown as text, and a link to
anything but a web page or an e-mail address refused as in the narrative
(:func:`.markup.unsafe_links`).

The command line's ``--reviews-from``, ``--exclude-invalid`` and ``--publication`` override
``reviews_from``, ``exclude_invalid`` and ``publication``.


The file is read by :func:`read_yaml`: UTF-8 YAML holding plain values only. A YAML tag
(``!!python/object``, ``!!binary``, ``!custom``), an alias (``*name``: a few of them can
stand for millions of values, the "alias bomb") or a key given twice is refused with the
line it is on; a value quoted in a message is cut to 80 characters.

Paths are resolved against the parameters file's folder, never the working directory,
so a notebook run from ``notebooks/`` and the CLI run from anywhere read the same data.
Validation uses pydantic (strict types, unknown keys forbidden); its messages are
replaced by this module's own rule for each key so the user reads one plain sentence.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..calendar import ReportingYear
from ..errors import InputError, InputErrors, shown
from ..measures.practice import Timescales
from .markup import unsafe_links

DEFAULT_DATA = "../data/demo"

RULES: dict[str, str] = {
    "year": "must be a reporting year such as 2015-16",
    "authority_name": "must be the authority's name as text",
    "la_code": "must be the authority's ONS code: E followed by eight digits, e.g. E06000051",
    "data": "must be the data folder as a path relative to the parameters file, e.g. ../data/demo",
    "as_at": "must be a date written YYYY-MM-DD on or after the year's last day (31 March)",
    "rag_month": "must be a month written YYYY-MM within the reporting year",
    "comparators": "must be a list of comparator area names, e.g. [England, Statistical neighbours]",
    "narrative": "must be the narrative file as a path relative to the parameters file",
    "reviews_from": "must be a date written YYYY-MM-DD on or before the year's last day (31 March): "
    "the first day of the review history held",
    "exclude_invalid": "must be true (leave out every child with an error) or false (refuse data with errors)",
    "chairs_counted": "must be text: how vacant posts, chairs on leave and agency chairs are counted",
    "publication": "must be true (also write a public version with disclosure control) or false",
    "disclosure_threshold": "must be a whole number from 1 up: counts from 1 to it are withheld in the public version",
    "meeting": "must be the meeting the report goes to, as text, e.g. Corporate Parenting Board",
    "meeting_date": "must be the date of the meeting written YYYY-MM-DD, after the year's last day (31 March)",
    "author": "must be the report's author as text",
    "contact": "must be the author's contact (an e-mail address or telephone number) as text",
    "status": "must be the report's status as text, e.g. Final or Draft for comment",
    "version": 'must be the version as text in quotes, e.g. "1.0"',
    "recommendations": "must be a list of texts: the recommendations or decisions sought",
    "background_papers": "must be a list of texts: the background papers",
    "sign_off": "must give name, role and date (YYYY-MM-DD) of who signed the report off",
    "reference_docx": "must be a Word document (.docx) as a path relative to the parameters file, "
    "e.g. templates/committee.docx",
    "timescales": "must be a mapping of the unit's timescales in working days, each optional: "
    + ", ".join(f"{name} (default {days})" for name, days in asdict(Timescales()).items()),
}

# The keys of the keys that hold a mapping, with the rule of each value.
NESTED: dict[str, dict[str, str]] = {
    "sign_off": dict.fromkeys(("name", "role", "date"), RULES["sign_off"]),
    "timescales": {
        name: f"must be a whole number of working days from 1 (default {default})"
        for name, default in asdict(Timescales()).items()
    },
}


class _SignOff(BaseModel):
    """Who signed the report off (the three keys of ``sign_off``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    date: dt.date


class _Timescales(BaseModel):
    """The unit's practice timescales (the keys of ``timescales``), in working days."""

    model_config = ConfigDict(extra="forbid", strict=True)

    iro_allocation_working_days: int = Field(default=Timescales.iro_allocation_working_days, ge=1)
    recommendations_working_days: int = Field(default=Timescales.recommendations_working_days, ge=1)
    record_working_days: int = Field(default=Timescales.record_working_days, ge=1)


class _Schema(BaseModel):
    """The file's shape (pydantic, strict: a number is not text, text is not a date)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    year: str
    authority_name: str = Field(min_length=1)
    la_code: str = Field(pattern=r"^E\d{8}$")
    data: str = Field(default=DEFAULT_DATA, min_length=1)
    as_at: dt.date
    rag_month: str = Field(pattern=r"^\d{4}-\d{2}$")
    comparators: list[str]
    narrative: str = Field(min_length=1)
    reviews_from: dt.date | None = None
    exclude_invalid: bool = False
    chairs_counted: str = ""
    publication: bool = False
    disclosure_threshold: int = Field(default=5, ge=1)
    meeting: str | None = Field(default=None, min_length=1)
    meeting_date: dt.date | None = None
    author: str | None = Field(default=None, min_length=1)
    contact: str | None = Field(default=None, min_length=1)
    status: str | None = Field(default=None, min_length=1)
    version: str | None = Field(default=None, min_length=1)
    recommendations: list[str] = []
    background_papers: list[str] = []
    sign_off: _SignOff | None = None
    reference_docx: str | None = Field(default=None, min_length=1)
    timescales: _Timescales = _Timescales()

    @field_validator("year")
    @classmethod
    def _year(cls, value: str) -> str:
        ReportingYear.parse(value)  # ValueError when not a year label
        return value

    @field_validator("recommendations", "background_papers")
    @classmethod
    def _texts(cls, value: list[str]) -> list[str]:
        if any(not text.strip() for text in value):
            raise ValueError("an empty item")
        return value

    @field_validator("as_at", "reviews_from", "meeting_date", mode="before")
    @classmethod
    def _date_not_datetime(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("a date, not a date and time")
        return value

    @model_validator(mode="after")
    def _within_year(self) -> _Schema:
        year = ReportingYear.parse(self.year)
        if pd.Timestamp(self.as_at) < year.end:
            raise _KeyProblem(
                "as_at",
                self.as_at,
                f"must be on or after the year's last day "
                f"({year.end.strftime('%d/%m/%Y')}); caseloads are given at the time of writing",
            )
        if self.reviews_from is not None and pd.Timestamp(self.reviews_from) > year.end:
            raise _KeyProblem(
                "reviews_from",
                self.reviews_from,
                f"must be on or before the year's last day ({year.end.strftime('%d/%m/%Y')}): "
                "the review history begins before the reviews it counts",
            )
        if self.meeting_date is not None and pd.Timestamp(self.meeting_date) <= year.end:
            raise _KeyProblem(
                "meeting_date",
                self.meeting_date,
                f"must be after the year's last day ({year.end.strftime('%d/%m/%Y')}): the report "
                "is presented once the year is over",
            )
        if self.sign_off and self.meeting_date and self.sign_off.date > self.meeting_date:
            raise _KeyProblem(
                "sign_off.date",
                self.sign_off.date,
                f"must be on or before the meeting_date ({self.meeting_date.strftime('%d/%m/%Y')}): "
                "a report is signed off before the meeting it goes to",
            )
        if not year.start <= pd.Period(self.rag_month, freq="M").start_time <= year.end:
            raise _KeyProblem(
                "rag_month",
                self.rag_month,
                f"must be a month within {year.label} (April {year.first} to March {year.first + 1})",
            )
        return self


class _KeyProblem(ValueError):
    """A rule across keys, reported against one key."""

    def __init__(self, key: str, value: object, rule: str):
        super().__init__(rule)
        self.key, self.value, self.rule = key, value, rule


@dataclass(frozen=True)
class SignOff:
    """Who signed the report off, in which role, on which day."""

    name: str
    role: str
    date: dt.date


@dataclass(frozen=True)
class Params:
    """A year's report parameters, validated, with paths resolved."""

    source: Path  # the parameters file
    year: str
    authority_name: str
    la_code: str
    data: Path
    as_at: dt.date
    rag_month: str
    comparators: tuple[str, ...]
    narrative: Path
    reviews_from: dt.date | None = None
    exclude_invalid: bool = False
    chairs_counted: str = ""
    publication: bool = False
    disclosure_threshold: int = 5
    meeting: str | None = None
    meeting_date: dt.date | None = None
    author: str | None = None
    contact: str | None = None
    status: str | None = None
    version: str | None = None
    recommendations: tuple[str, ...] = ()
    background_papers: tuple[str, ...] = ()
    sign_off: SignOff | None = None
    reference_docx: Path | None = None
    timescales: Timescales = Timescales()

    @property
    def reporting_year(self) -> ReportingYear:
        return ReportingYear.parse(self.year)


def _error(path: Path, key: str, value: object, rule: str) -> InputError:
    return InputError(f"{path}, key {shown(key)}", None, None, shown(value), rule)


class _PlainLoader(yaml.SafeLoader):
    """PyYAML's safe loader that also refuses tags, aliases and a key given twice."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, f"an alias (*{shown(event.anchor)}) is not allowed: write the value out", event.start_mark
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            written = tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise yaml.composer.ComposerError(
                None, None, f"a tag ({shown(written)}) is not allowed: write plain values", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [self.construct_object(key, deep=True) for key, _ in node.value]
        for position, (key_node, _) in enumerate(node.value):
            if keys[position] in keys[:position]:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {shown(keys[position])} is given twice", key_node.start_mark
                )
        return super().construct_mapping(node, deep)


def read_yaml(path: Path) -> object:
    """The YAML document in ``path`` (UTF-8), plain values only; an ``InputError`` naming
    the file and line when it is not UTF-8, not YAML, or uses a tag, an alias or a key twice.

    >>> import tempfile
    >>> bomb = Path(tempfile.mkdtemp()) / "bomb.yaml"
    >>> _ = bomb.write_text("a: &a [x, x]\\nb: [*a, *a]\\n")
    >>> read_yaml(bomb)
    Traceback (most recent call last):
    iru_analysis.errors.InputError: ...bomb.yaml, row 2: is not valid YAML (an alias (*a) is not allowed: write the value out).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), None, None, None, f"is not UTF-8 text (byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_PlainLoader)  # noqa: S506 (a safe loader, stricter still)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = " ".join(filter(None, [getattr(exc, "context", None), getattr(exc, "problem", None)]))
        raise InputError(str(path), row, None, None, f"is not valid YAML ({problem or exc})") from None


def _errors_from(path: Path, exc: ValidationError) -> list[InputError]:
    out = []
    for problem in exc.errors():
        key = ".".join(str(p) for p in problem["loc"]) or "(file)"
        top = str(problem["loc"][0]) if problem["loc"] else ""
        value = problem.get("input")
        context = problem.get("ctx", {}) or {}
        if isinstance(context.get("error"), _KeyProblem):
            p = context["error"]
            out.append(_error(path, p.key, p.value, p.rule))
        elif problem["type"] == "missing":
            out.append(_error(path, key, None, f"is missing; it {RULES.get(top, 'is required')}"))
        elif problem["type"] == "extra_forbidden":
            known = ", ".join(NESTED[top] if len(problem["loc"]) > 1 and top in NESTED else RULES)
            out.append(_error(path, key, None, f"is not a known key (the keys are: {known})"))
        else:
            rule = NESTED.get(top, {}).get(str(problem["loc"][-1])) if len(problem["loc"]) > 1 else None
            out.append(_error(path, key, value, rule or RULES.get(top, "has the wrong type")))
    return out


def load_params(path: str | Path) -> Params:
    """Read and check a parameters file; raise InputError (one problem) or InputErrors (several).

    >>> from iru_analysis.paths import PARAMS
    >>> load_params(PARAMS / "2015-16.yaml").year
    '2015-16'
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), None, None, None, "parameters file not found")
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(str(path), None, None, None, "must hold one key: value per line (a YAML mapping)")
    try:
        schema = _Schema.model_validate(raw)
    except ValidationError as exc:
        errors = _errors_from(path, exc)
        raise (errors[0] if len(errors) == 1 else InputErrors(errors)) from None
    unsafe = [
        _error(path, f"{key}[{number}]", target, UNSAFE_LINK_RULE)
        for key in ("recommendations", "background_papers")
        for number, text in enumerate(getattr(schema, key), start=1)
        for target in unsafe_links(text)
    ]
    if unsafe:
        raise unsafe[0] if len(unsafe) == 1 else InputErrors(unsafe)
    folder = path.resolve().parent
    return Params(
        source=path.resolve(),
        year=schema.year,
        authority_name=schema.authority_name,
        la_code=schema.la_code,
        data=(folder / schema.data).resolve(),
        as_at=schema.as_at,
        rag_month=schema.rag_month,
        comparators=tuple(schema.comparators),
        narrative=(folder / schema.narrative).resolve(),
        reviews_from=schema.reviews_from,
        exclude_invalid=schema.exclude_invalid,
        chairs_counted=schema.chairs_counted,
        publication=schema.publication,
        disclosure_threshold=schema.disclosure_threshold,
        meeting=schema.meeting,
        meeting_date=schema.meeting_date,
        author=schema.author,
        contact=schema.contact,
        status=schema.status,
        version=schema.version,
        recommendations=tuple(schema.recommendations),
        background_papers=tuple(schema.background_papers),
        sign_off=SignOff(**schema.sign_off.model_dump()) if schema.sign_off else None,
        reference_docx=_reference_docx(path, folder, schema.reference_docx),
        timescales=Timescales(**schema.timescales.model_dump()),
    )


def _reference_docx(path: Path, folder: Path, value: str | None) -> Path | None:
    """The ``reference_docx`` file, resolved; InputError when it is not a Word document."""
    if value is None:
        return None
    found = (folder / value).resolve()
    if found.suffix.lower() != ".docx" or not zipfile.is_zipfile(found):
        raise _error(path, "reference_docx", value, RULES["reference_docx"] + " (no such Word document)")
    return found


def check_year(params: Params, year: str | ReportingYear) -> None:
    """Raise InputError when the parameters file is for another year than the one asked for."""
    asked = year.label if isinstance(year, ReportingYear) else str(year)
    if params.year != asked:
        raise _error(
            params.source,
            "year",
            params.year,
            f"does not match the year asked for ({asked}); use params/{asked}.yaml or pass --params",
        )


UNSAFE_LINK_RULE = (
    "is a link or image the report does not publish: its text may link only to a web page or an "
    "e-mail address (https://, http://, mailto:), never to a file, and shows no images"
)


def load_narrative(path: str | Path) -> dict[str, str | list[str]]:
    """The unit's own words: a mapping of key -> Markdown text, or a list of bullet points.

    A missing file is an InputError; so is a value that is neither text nor a list of text,
    and a link to anything but a web page or an e-mail address (``https://``, ``http://``,
    ``mailto:``) or an image (:func:`.markup.unsafe_links`): one InputError for each such
    link, naming the key and the link. Raw HTML is not refused: the report shows it as text
    (:func:`.markup.markdown_html`).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), None, None, None, "narrative file not found")
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict):
        raise InputError(str(path), None, None, None, "must be a mapping of section keys to text")
    for key, value in raw.items():
        ok = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        if not ok:
            raise _error(path, str(key), value, "must be text or a list of text items")
    unsafe = [
        _error(path, str(key), target, UNSAFE_LINK_RULE)
        for key, value in raw.items()
        for text in ([value] if isinstance(value, str) else value)
        for target in unsafe_links(text)
    ]
    if unsafe:
        raise unsafe[0] if len(unsafe) == 1 else InputErrors(unsafe)
    return {str(k): v for k, v in raw.items()}
