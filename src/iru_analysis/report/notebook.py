"""The one setup call of a section notebook, and the display objects it hands back.

A notebook does::

    report = iru_analysis.report.section("reviews", year=year, params=params, figures=figures,
                                         tables_dir=tables_dir)
    report.chart("reviews_in_time_by_month")  # numbered figure: caption, alt text, data table
    report.table("reviews_three_years")       # numbered table
    report.say("reviews_key_message")         # sentences of fact from the figures
    report.data("reviews_in_time_by_month")   # the numbers behind a chart or table, as a frame
    report.chart("reviews_in_time_by_month", data=frame)  # the chart drawn from an edited frame
    report.narrative("reviews")               # the unit's own words for the year

One parameter picks the year: ``year``; the parameters file is ``params/<year>.yaml``
unless ``params`` names another (whose year must then be ``year``).

Every number shown comes from one figures bundle (:mod:`iru_analysis.bundle`): the
figures table and the run's context. ``iru-report build`` computes it once and passes
each notebook its ``figures.parquet`` as the ``figures`` parameter; nothing here loads
the data folder. A notebook opened without ``figures`` gets the bundle of its data
folder (the parameters file's, or ``data``), review history start and ``exclude_invalid``
(the parameters file's unless ``reviews_from`` / ``exclude_invalid`` say otherwise) from
the cache in ``outputs/.cache/``, computed there once for all notebooks.

The monthly practice report's notebooks do the same with
``iru_analysis.report.monthly_section(name, year=year, month=month, ...)``
(:func:`monthly_section`): their sections are :data:`MONTHLY_SECTIONS`, their bundle the
month's (``figures.month_window``: the month and the twelve before it), and their charts
and tables show those thirteen months.

Figures and tables are numbered within the section, whose number the registry of sections gives
(:mod:`.sections`): "Figure 5.1", "Table 5.2", in the order the notebook first asks
for them, so notebooks run separately still number consistently.
Asking again for the same item (re-running a cell) keeps its number. When a chart's data
is written (``tables_dir`` given) it goes to ``<tables_dir>/<NN>_<figure or
table>_<number>_<name>.csv`` (``NN`` the section number; ``05_figure_5.1_reviews_in_time_by_month.csv``).

A chart or table whose source was not supplied becomes one sentence saying so, said once
per section (later items missing for the same reason show nothing); the notebook does
not fail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from ..bundle import Bundle, Context, cached_bundle, read_bundle
from ..calendar import ReportingYear
from ..disclosure import WITHHELD
from ..errors import InputError
from ..paths import PARAMS, PROJECT_ROOT
from . import content
from .charts import Chart
from .markup import Prose, literal
from .narrative import CitationError, fill
from .params import Params, check_year, load_narrative, load_params
from .sections import MONTHLY_SECTIONS, SECTIONS, SectionSpec
from .tables import USED, Table, write_csv


def _resolve(path: str | Path) -> Path:
    """A path as given, else relative to the notebooks folder (a notebook opened elsewhere)."""
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    beside_notebooks = PROJECT_ROOT / "notebooks" / path
    return beside_notebooks if beside_notebooks.exists() else path


@dataclass
class Section:
    """One section of the report for one year: its figures, the run's context and its display objects."""

    key: str
    number: int
    title: str
    year: ReportingYear
    params: Params
    context: Context
    figures: pd.DataFrame
    tables_dir: Path | None = None
    month: str = ""  # YYYY-MM: a section of the monthly practice report, showing this month and the 12 before

    def __post_init__(self) -> None:
        months = None
        if self.month:  # the figures registry (light: it imports the measures when computing) for its window
            from ..figures import month_window

            months = month_window(pd.Period(self.month, "M"))
        self.lookup = content.Lookup(self.figures, self.year, self.params, self.context, months)
        self._numbers: dict[tuple[str, str], str] = {}
        self._narrative: dict[str, str | list[str]] | None = None
        self._gaps: dict[str, tuple[str, str]] = {}  # sentence -> the item that said it first
        self._used: dict[str, list[int]] = {}  # "Figure 5.1" -> the figures rows it shows

    def _gap(self, kind: str, name: str, gap: content.NoFigures) -> Markdown | None:
        """A missing-data sentence, said once per section: by the first item it concerns
        (again if that item is asked for again), by later items not at all."""
        text = str(gap)
        first = self._gaps.setdefault(text, (kind, name))
        return Markdown(text) if first == (kind, name) else None

    # --- numbering and files -------------------------------------------------------------

    def _number(self, kind: str, name: str) -> str:
        key = (kind, name)
        if key not in self._numbers:
            used = sum(1 for k, _ in self._numbers if k == kind)
            self._numbers[key] = f"{self.number}.{used + 1}"
        return self._numbers[key]

    def _write(self, kind: str, name: str, frame: pd.DataFrame, shown: pd.DataFrame) -> str:
        """Write the numbers behind the named figure or table (``kind``) as
        ``NN_<kind>_<number>_<name>.csv``, and add the figures rows it read to the section's
        ``NN_used.json`` (:func:`used_in`); return its number."""
        number = self._number(kind, name)
        write_csv(frame, self.tables_dir, f"{self.number:02d}_{kind}_{number}_{name}", shown)
        if self.tables_dir:
            self._used[f"{kind.capitalize()} {number}"] = sorted(int(i) for i in self.lookup.read)
            used = Path(self.tables_dir) / f"{self.number:02d}_{USED}"
            used.write_text(json.dumps(self._used, sort_keys=True) + "\n", encoding="utf-8")
        return number

    def _withheld_note(self, shown: pd.DataFrame) -> list[str]:
        """The note under a table or chart of a public version that shows a withheld figure."""
        up_to = self.context.withheld_up_to
        if not up_to or not shown.isin([WITHHELD]).to_numpy().any():
            return []
        return [
            f"{WITHHELD}: withheld to protect children's privacy: a count from 1 to {up_to}, a percentage "
            "built on one, or a figure from which one could be worked out."
        ]

    # --- what a notebook calls -------------------------------------------------------------

    def chart(self, name: str, data: pd.DataFrame | None = None) -> Chart | Markdown | None:
        """The named chart as a numbered figure (or one sentence when its data are missing).

        ``data``, a frame as :meth:`data` gives it (edited, say), draws the chart, its
        caption, alt text and data table from those numbers instead of the figures'.
        """
        recipe = content.recipe("chart", name)
        self.lookup.read.clear()
        try:
            made = recipe(self.lookup, data)
        except content.NoFigures as gap:
            return self._gap("chart", name, gap)
        number = self._write("figure", name, made.raw, made.data)
        notes = made.notes + self._withheld_note(made.data)
        return Chart(number, made.caption, made.alt, made.figure, made.data, notes)

    def table(self, name: str) -> Table | Markdown | None:
        """The named table, numbered, with its caption (or one sentence when its data are missing)."""
        recipe = content.recipe("table", name)
        self.lookup.read.clear()
        try:
            made = recipe(self.lookup)
        except content.NoFigures as gap:
            return self._gap("table", name, gap)
        number = self._write("table", name, made.raw, made.data)
        return Table(number, made.caption, made.data, made.notes + self._withheld_note(made.data))

    def data(self, name: str) -> pd.DataFrame:
        """The numbers behind the named chart or table, as a tidy frame: one row per bar,
        point or table row, labels as text and every value a number (98.9, not "99%"),
        as written to its CSV. Raises :class:`content.NoFigures` (its message the sentence
        the report would show) when the figures are absent."""
        return content.numbers(name)(self.lookup)

    def say(self, name: str) -> Markdown | None:
        """The named sentences of fact, as Markdown (nothing when the recipe has nothing to say)."""
        recipe = content.recipe("say", name)
        try:
            text = recipe(self.lookup)
        except content.NoFigures as gap:
            return self._gap("say", name, gap)
        return Markdown(text) if text else None

    def narrative(self, key: str) -> Prose | None:
        """The unit's own words for ``key`` from the year's narrative file, shown as HTML from
        its Markdown in which nothing runs or fetches anything (:mod:`.markup`), with the
        figures it cites by name filled in from this section's figures (:mod:`.narrative`).

        A key set to an empty text shows nothing (nothing to say this year); a key that is
        absent shows a short reminder naming it, so a new year's file can be completed, or,
        building for publication (``publication`` in the parameters), is an InputError. A
        citation that cannot be filled is an InputError naming the file and the key.
        """
        if self._narrative is None:
            self._narrative = load_narrative(self.params.narrative)
        text = self._narrative.get(key)
        source = self.params.narrative
        if text is None:
            if getattr(self.params, "publication", False):
                raise InputError(
                    f"{source}, key {key}", None, None, None, "is missing, and a report built for publication needs it"
                )
            return Prose(f"*No text for “{literal(key)}” in {literal(source.name)} yet.*")
        if not text or (isinstance(text, str) and not text.strip()):
            return None
        items = [text] if isinstance(text, str) else text
        try:
            filled = [fill(item.strip(), self.figures, self.year) for item in items]
        except CitationError as problem:
            raise InputError(f"{source}, key {key}", None, None, problem.citation, problem.rule) from None
        return Prose("\n".join(f"- {item}" for item in filled) if isinstance(text, list) else filled[0])


def section(
    name: str,
    year: str,
    params: str | Path = "",
    figures: str | Path = "",
    data: str | Path = "",
    tables_dir: str | Path = "",
    reviews_from: str = "",
    exclude_invalid: bool | None = None,
) -> Section:
    """Set up one section notebook: read the parameters and the figures bundle.

    ``year`` picks the parameters file, ``params/<year>.yaml``; ``params`` (optional)
    names another, whose year must be ``year``. ``figures`` (optional) is the build's
    ``figures.parquet``; without it the bundle is computed from the data folder (the
    parameters', or ``data``) with the parameters' ``timescales``, and their ``reviews_from``
    and ``exclude_invalid`` unless these arguments replace them (``YYYY-MM-DD``, True/False),
    once, and cached (:func:`iru_analysis.bundle.cached_bundle`). ``tables_dir``
    (optional) is where the CSV behind each chart and table is written.
    Raises InputError when the section is unknown, the parameters or the bundle are for
    another year, or ``figures`` is given with ``data``, ``reviews_from`` or
    ``exclude_invalid`` (the bundle was computed with its own).
    """
    if name not in SECTIONS:
        raise InputError(
            "notebook", None, None, name, f"is not a section of the report (the sections are: {', '.join(SECTIONS)})"
        )
    return _section(SECTIONS[name], year, "", params, figures, data, tables_dir, reviews_from, exclude_invalid)


def monthly_section(
    name: str,
    year: str,
    month: str,
    params: str | Path = "",
    figures: str | Path = "",
    data: str | Path = "",
    tables_dir: str | Path = "",
    reviews_from: str = "",
    exclude_invalid: bool | None = None,
) -> Section:
    """Set up one section notebook of the monthly practice report (:data:`MONTHLY_SECTIONS`)
    for ``month`` (``YYYY-MM``, a month of ``year``): as :func:`section`, its charts and
    tables showing the month and the twelve before it (``Lookup.months``). ``figures`` is
    then the monthly build's ``figures.parquet``, whose month must be ``month``; without
    it the month's bundle is computed once and cached.
    Raises InputError as :func:`section` does, and when ``month`` is not a month of
    ``year`` or ``figures`` holds another month's figures (or the annual report's).
    """
    if name not in MONTHLY_SECTIONS:
        raise InputError(
            "notebook",
            None,
            None,
            name,
            f"is not a section of the monthly report (the sections are: {', '.join(MONTHLY_SECTIONS)})",
        )
    if not month:
        raise InputError("notebook", None, "month", month, "is required: the month of the report, YYYY-MM")
    spec = MONTHLY_SECTIONS[name]
    return _section(spec, year, month, params, figures, data, tables_dir, reviews_from, exclude_invalid)


def _section(
    spec: SectionSpec,
    year: str,
    month: str,
    params: str | Path,
    figures: str | Path,
    data: str | Path,
    tables_dir: str | Path,
    reviews_from: str,
    exclude_invalid: bool | None,
) -> Section:
    """The section ``spec`` for ``year`` (and ``month``, a monthly report's): :func:`section`'s work."""
    loaded = load_params(_resolve(params) if params else PARAMS / f"{year}.yaml")
    check_year(loaded, year)
    months = [str(m) for m in loaded.reporting_year.months]
    if month and month not in months:
        raise InputError(
            "notebook", None, "month", month, f"is not a month of {year} (YYYY-MM, {months[0]} to {months[-1]})"
        )
    if figures:
        if data or reviews_from or exclude_invalid is not None:
            raise InputError(
                "notebook",
                None,
                "figures",
                str(figures),
                "comes with the data folder, reviews_from and exclude_invalid it was computed with: "
                "give figures, or data / reviews_from / exclude_invalid, not both",
            )
        bundle = read_bundle(_resolve(figures))
        if bundle.context.year != loaded.year:
            raise InputError(
                str(figures), None, "year", bundle.context.year, f"is the year of these figures, not {loaded.year}"
            )
        if bundle.context.month != month:
            raise InputError(
                str(figures),
                None,
                "month",
                bundle.context.month or "(none: the annual report's)",
                f"is the month of these figures, not {month or 'the annual report'}",
            )
    else:
        bundle = _computed(loaded, data, reviews_from, exclude_invalid, month)
    return Section(
        key=spec.key,
        number=spec.number,
        title=spec.title,
        year=loaded.reporting_year,
        params=loaded,
        context=bundle.context,
        figures=bundle.figures,
        tables_dir=Path(tables_dir) if tables_dir else None,
        month=month,
    )


def _computed(
    loaded: Params, data: str | Path, reviews_from: str, exclude_invalid: bool | None, month: str = ""
) -> Bundle:
    """The cached bundle for the parameters (their timescales too), the notebook's overrides and
    the monthly report's ``month``."""
    folder = Path(data).resolve() if data else loaded.data
    if not folder.is_dir():
        raise InputError(str(folder), None, None, None, "data folder not found")
    start = reviews_from or (loaded.reviews_from.isoformat() if loaded.reviews_from else "")
    exclude = loaded.exclude_invalid if exclude_invalid is None else bool(exclude_invalid)
    return cached_bundle(
        folder,
        loaded.reporting_year,
        pd.Timestamp(loaded.as_at),
        pd.Timestamp(start) if start else None,
        exclude,
        month=month,
        timescales=loaded.timescales,
    )
