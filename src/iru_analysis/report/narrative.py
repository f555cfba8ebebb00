"""Narrative that cannot go stale: figures cited by name in the narrative file, and its checks.

The narrative file (the unit's own words, :func:`.params.load_narrative`) may cite any
figure of figures.csv by name in braces; the build fills it in from the figures, printed
as the report prints numbers (docs/design.md §6):

=====================================  =================================================
``{lac_at_31_march}``                  the figure for the year: the reporting year's row
                                       (``2015-16``), else the year's last day's
                                       (``2016-03-31``), else the figure's only period
``{cpp_repeat_pct[any_previous]}``     of one breakdown (as in figures.csv's column)
``{lac_at_31_march@2015-03-31}``       of another period (``YYYY-YY``, ``YYYY-MM``,
                                       ``YYYY-MM-DD``)
``{cpp_repeat_pct[any_previous]:1}``   to one decimal place (percentages and other
                                       non-counts; default: percentages whole, other
                                       non-counts two places)
``{{`` and ``}}``                      a brace as such
=====================================  =================================================

A count prints with thousands separators ("1,204"), a percentage (an indicator ending
``_pct``) rounded half up with "%" ("90%"), a figure withheld by disclosure control "c".
A filled value is escaped (:func:`.markup.literal`) before the text is rendered as
Markdown, so it prints as it is.

:func:`check_narrative`, run by the build once the figures are computed and before any
notebook runs, stops it (an :class:`~iru_analysis.errors.InputError` naming the file and
the key) when:

* a key of the file is one no section notebook shows (a misspelt key, or one left from
  another year): the keys shown are those the notebooks pass to ``report.narrative(...)``
  as a literal text (:func:`narrative_keys`);
* a text cites a name that is no figure, a breakdown or period it has not, a figure with
  several periods and none given, or braces that are no citation;
* building for publication (``publication: true`` in the parameters), a key a notebook
  shows is absent from the file (a draft prints a reminder in its place instead).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..calendar import ReportingYear
from ..errors import InputError, InputErrors, shown
from . import sentences as s
from .markup import literal

_BRACES = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_CITATION = re.compile(
    r"^(?P<indicator>[a-z][a-z0-9_]*)"
    r"(?:\[(?P<breakdown>[^\[\]@:]+)\])?"
    r"(?:@(?P<period>\d{4}-\d{2}(?:-\d{2})?))?"
    r"(?::(?P<decimals>[0-3]))?$"
)
_NARRATIVE_CALL = re.compile(r"""\.narrative\(\s*(["'])([^"'\\]+)\1\s*\)""")
SYNTAX = "{name}, {name[breakdown]}, {name@period} or {name:decimals}, as in figures.csv"


class CitationError(ValueError):
    """A citation that cannot be filled in; the message is the rule, the argument the citation."""

    def __init__(self, citation: str, rule: str):
        super().__init__(rule)
        self.citation, self.rule = citation, rule


@dataclass(frozen=True)
class Citation:
    """A figure cited in the narrative, as written and parsed."""

    text: str  # as written, braces included
    indicator: str
    breakdown: str = ""
    period: str | None = None
    decimals: int | None = None


def parse(text: str) -> Citation:
    """The citation written ``text`` (braces included); CitationError when it is not one.

    >>> parse("{cpp_repeat_pct[any_previous]@2014-15:1}")
    Citation(text='{cpp_repeat_pct[any_previous]@2014-15:1}', indicator='cpp_repeat_pct', breakdown='any_previous', period='2014-15', decimals=1)
    """
    found = _CITATION.match(text[1:-1].strip())
    if not found:
        raise CitationError(text, f"is not a figure cited by name (write {SYNTAX}; a brace as such is {{{{ or }}}})")
    decimals = found["decimals"]
    return Citation(
        text, found["indicator"], found["breakdown"] or "", found["period"], None if decimals is None else int(decimals)
    )


def citations(text: str) -> list[str]:
    """The citations in ``text`` as written, in order (doubled braces are not citations).

    >>> citations("{lac_at_31_march} children ({{not}} one) and {x[a]@2015-03}")
    ['{lac_at_31_march}', '{x[a]@2015-03}']
    """
    return [m.group(0) for m in _BRACES.finditer(text) if m.group(1) is not None]


def _row(figures: pd.DataFrame, cited: Citation, year: ReportingYear) -> float:
    """The value a citation names; CitationError naming what is missing."""
    rows = figures.loc[figures["indicator"] == cited.indicator]
    if rows.empty:
        raise CitationError(cited.text, f"cites {cited.indicator}, which is not a figure of the report (figures.csv)")
    rows = rows.loc[rows["breakdown"].fillna("").astype(str) == cited.breakdown]
    if rows.empty:
        raise CitationError(
            cited.text,
            f"cites {cited.indicator} "
            + (
                f"by the breakdown {cited.breakdown}, which it does not have"
                if cited.breakdown
                else "without a breakdown"
            )
            + " (its breakdowns are in figures.csv)",
        )
    periods = rows["period"].astype(str)
    if cited.period is not None:
        chosen = rows.loc[periods == cited.period]
        if chosen.empty:
            raise CitationError(cited.text, f"cites {cited.indicator} for {cited.period}, which has no figure")
    else:
        chosen = rows.loc[periods == year.label]
        if chosen.empty:
            chosen = rows.loc[periods == year.end.strftime("%Y-%m-%d")]
        if chosen.empty and periods.nunique() == 1:
            chosen = rows
        if chosen.empty:
            raise CitationError(
                cited.text,
                f"cites {cited.indicator}, which has a figure for several periods and none for {year.label}: "
                f"give one, e.g. {{{cited.indicator}@{periods.iloc[-1]}}}",
            )
    return float(chosen["value"].iloc[0])


def printed(value: float, cited: Citation) -> str:
    """A cited figure as the report prints it.

    >>> printed(89.5, Citation("", "x_pct")), printed(11.236, Citation("", "x_pct", decimals=1))
    ('90%', '11.2%')
    >>> printed(1204.0, Citation("", "n")), printed(2.8108, Citation("", "chairs_fte")), printed(math.nan, Citation("", "n"))
    ('1,204', '2.81', 'c')
    """
    if math.isnan(value):
        return "c"
    if cited.indicator.endswith("_pct"):
        return s.fmt_pct(value, cited.decimals or 0)
    if cited.decimals is None and float(value).is_integer():
        return s.fmt_count(value)
    return s.fmt_number(value, 2 if cited.decimals is None else cited.decimals)


def fill(text: str, figures: pd.DataFrame, year: ReportingYear) -> str:
    """``text`` with every cited figure filled in (escaped for Markdown) and doubled
    braces made single; CitationError for the first citation that cannot be filled.

    >>> figures = pd.DataFrame({"indicator": ["lac_at_31_march"] * 2, "breakdown": [None] * 2,
    ...                         "period": ["2015-03-31", "2016-03-31"], "value": [310.0, 283.0]})
    >>> fill("{lac_at_31_march} at 31 March 2016 ({lac_at_31_march@2015-03-31} a year before; {{sic}})",
    ...      figures, ReportingYear(2015))
    '283 at 31 March 2016 (310 a year before; {sic})'
    """

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)[0]
        cited = parse(match.group(0))
        return literal(printed(_row(figures, cited, year), cited))

    return _BRACES.sub(replace, text)


def _texts(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def narrative_keys(notebooks: Iterable[Path]) -> dict[str, str]:
    """The narrative keys the notebooks show (``report.narrative("key")`` with a literal
    key, in a code cell), each with the first notebook's file name.

    >>> import tempfile, nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> path = Path(tempfile.mkdtemp()) / "05_reviews.ipynb"
    >>> nbformat.write(new_notebook(cells=[new_code_cell('report.narrative("reviews")')]), path)
    >>> narrative_keys([path])
    {'reviews': '05_reviews.ipynb'}
    """
    keys: dict[str, str] = {}
    for path in notebooks:
        cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") == "code":
                source = "".join(cell.get("source", ""))
                for found in _NARRATIVE_CALL.finditer(source):
                    keys.setdefault(found.group(2), Path(path).name)
    return keys


def _error(path: Path, key: str, value: object, rule: str) -> InputError:
    return InputError(f"{path}, key {shown(key)}", None, None, None if value is None else shown(value), rule)


def narrative_errors(
    narrative: Mapping[str, str | list[str]],
    path: Path,
    shown_keys: Mapping[str, str],
    figures: pd.DataFrame,
    year: ReportingYear,
    publication: bool = False,
) -> list[InputError]:
    """What is wrong with the narrative file ``path`` (read as ``narrative``) for a report of
    ``year`` whose notebooks show ``shown_keys`` (:func:`narrative_keys`), from ``figures``:
    one error per key no notebook shows, per citation that cannot be filled and, when
    building for ``publication``, per key shown but absent from the file."""
    errors = []
    listed = ", ".join(sorted(shown_keys)) or "none"
    for key, value in narrative.items():
        if key not in shown_keys:
            errors.append(_error(path, key, None, f"is not a key any section notebook shows (they show: {listed})"))
        for text in _texts(value):
            for written in citations(text):
                try:
                    _row(figures, parse(written), year)
                except CitationError as problem:
                    errors.append(_error(path, key, problem.citation, problem.rule))
    if publication:
        errors.extend(
            _error(
                path,
                key,
                None,
                f"is missing; {notebook} shows it, and a report built for publication prints no reminder in its "
                'place (write the text, or key: "" to print nothing there)',
            )
            for key, notebook in shown_keys.items()
            if key not in narrative
        )
    return errors


def check_narrative(params, notebooks: Iterable[Path], figures_path: Path) -> None:
    """Raise InputError (one problem) or InputErrors (several) when the narrative file of
    ``params`` does not fit the notebooks about to run and the figures they will show
    (:func:`narrative_errors`; ``params.publication``, when the parameters have it, says
    whether the build is for publication)."""
    from .params import load_narrative

    narrative = load_narrative(params.narrative)
    figures = pd.read_parquet(figures_path, columns=["indicator", "breakdown", "period", "value"])
    errors = narrative_errors(
        narrative,
        params.narrative,
        narrative_keys(notebooks),
        figures,
        params.reporting_year,
        publication=bool(getattr(params, "publication", False)),
    )
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
