"""The figures bundle: everything the report shows, computed once from one data folder.

The bundle is the contract between computation and presentation. ``iru-report build``
writes it once, before any notebook runs, into the build's output folder; each section
notebook reads it (its ``figures`` parameter names ``figures.parquet``), so nothing
under ``report/`` loads a data folder or computes a measure. The files:

======================  ================================================================
``figures.parquet``     the figures table (``compute_figures``), typed
``figures.csv``         the same table, as published (docs/design.md §4; a withheld
                        figure of a public version as ``c``)
``comparators.parquet`` ``reference/comparators.csv`` as loaded (indicator, year, area,
                        value, source, verified; empty when not supplied)
``data-quality.csv``    the loader's findings and the reviews whose timeliness could not
                        be assessed, as published: no value, no child
                        (:func:`~iru_analysis.report.privacy.data_quality_table`)
``context.json``        the run: year, as-at date, review history start, exclude_invalid,
                        data folder name, files read, sources not supplied, the children
                        left out (counts by file and rule, rule texts withheld as in
                        data-quality.csv), the month of the first RAG form, whether the
                        data folder is marked synthetic (``SYNTHETIC``), the package
                        version, the month of a monthly practice report
                        (``month``: ``YYYY-MM``, empty for the annual report), and the
                        unit's practice timescales the figures used (``timescales``:
                        working days, :class:`~iru_analysis.measures.practice.Timescales`)
======================  ================================================================

A monthly practice report's bundle holds the month rows of its month and the twelve
before it (:func:`iru_analysis.figures.monthly_figures`), which may span two years.

A notebook opened without ``figures`` computes the bundle itself, once:
:func:`cached_bundle` keeps it in ``outputs/.cache/<key>/``, ``key`` being the sha256 of
the data folder's file hashes, the effective parameters (year, as-at date, review
history start, exclude_invalid, data folder, the month of a monthly report, the practice
timescales) and the package version, so the next notebook opened with the same inputs
reads it instead. Editing the package's code
without changing its version does not change the key: delete ``outputs/.cache`` then.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import __version__
from .calendar import ReportingYear
from .dataset import Dataset, empty_exclusions
from .disclosure import marked, withhold
from .fingerprint import package_fingerprint
from .measures.practice import DEFAULT_TIMESCALES, Timescales
from .paths import OUTPUTS, SYNTHETIC_MARKER

FIGURES_FILE = "figures.parquet"
COMPARATOR_COLUMNS = ["indicator", "year", "area", "value", "source", "verified"]
CACHE = OUTPUTS / ".cache"


def empty_comparators() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in COMPARATOR_COLUMNS})


def empty_data_quality() -> pd.DataFrame:
    from .report.privacy import DATA_QUALITY_COLUMNS

    return pd.DataFrame({c: pd.Series(dtype="object") for c in DATA_QUALITY_COLUMNS})


@dataclass(frozen=True, eq=False)  # DataFrames do not compare to one truth value
class Context:
    """What the report says about the run besides the figures (no child named in it)."""

    year: str = ""
    as_at: str = ""  # YYYY-MM-DD
    reviews_from: str = ""  # YYYY-MM-DD, "" when the data's own history start was used
    exclude_invalid: bool = False
    data_folder: str = ""  # the folder's name only
    files_read: int = 0
    missing_sources: tuple[str, ...] = ()
    history_from: str = ""  # YYYY-MM-DD: first day of the SSDA903 history held, "" when whole
    excluded_children: int = 0
    exclusions: pd.DataFrame = field(default_factory=empty_exclusions)  # file, check (withheld), children
    rag_forms_from: str = ""  # YYYY-MM of the first RAG form on record, "" when none
    comparators: pd.DataFrame = field(default_factory=empty_comparators)
    data_quality: pd.DataFrame = field(default_factory=empty_data_quality)
    synthetic: bool = False  # the data folder holds the SYNTHETIC marker: its records are made up
    package_version: str = __version__
    withheld_up_to: int = 0  # a public version: counts from 1 to this withheld (0: none, the internal report)
    month: str = ""  # YYYY-MM of a monthly practice report's bundle, "" for the annual report's
    timescales: Timescales = DEFAULT_TIMESCALES  # the practice timescales the figures used (the report's words)


@dataclass(frozen=True, eq=False)
class Bundle:
    """The figures table and the context of the run that computed it."""

    figures: pd.DataFrame
    context: Context


def build_bundle(
    dataset: Dataset,
    figures: pd.DataFrame,
    year: ReportingYear,
    as_at: pd.Timestamp,
    reviews_from: pd.Timestamp | None = None,
    exclude_invalid: bool = False,
    month: str = "",
    timescales: Timescales = DEFAULT_TIMESCALES,
) -> Bundle:
    """The bundle of ``figures`` computed from ``dataset`` (with these parameters; ``month``
    for a monthly practice report's; ``timescales``, the practice timescales they used).

    Child identifiers and dates of birth in rule texts (data quality, children left
    out) are withheld here, so nothing that reads the bundle can print them.
    """
    from .load.findings import combine
    from .measures.dispute_resolution import first_form_month
    from .measures.reviews import history_findings
    from .report.privacy import data_quality_table, identifying_values, withhold

    identifying = identifying_values(dataset)
    findings = combine([dataset.findings, history_findings(dataset, reviews_from)])
    exclusions = dataset.exclusions.assign(
        check=withhold(dataset.exclusions["check"], identifying["ids"], identifying["dobs"])
    )
    comparators = dataset.comparators if dataset.comparators is not None else empty_comparators()
    forms = dataset.rag_forms
    context = Context(
        year=year.label,
        as_at=as_at.date().isoformat(),
        reviews_from=reviews_from.date().isoformat() if reviews_from is not None else "",
        exclude_invalid=bool(exclude_invalid),
        data_folder=Path(dataset.folder).name,
        files_read=len(dataset.file_hashes),
        missing_sources=tuple(dataset.missing_sources),
        history_from=dataset.history_from.date().isoformat() if dataset.history_from is not None else "",
        excluded_children=int(dataset.excluded_children),
        exclusions=exclusions.reset_index(drop=True),
        rag_forms_from=first_form_month(forms) if forms is not None else "",
        comparators=comparators[COMPARATOR_COLUMNS].reset_index(drop=True),
        data_quality=data_quality_table(findings, identifying["ids"], identifying["dobs"]),
        synthetic=(Path(dataset.folder) / SYNTHETIC_MARKER).is_file(),
        month=month,
        timescales=timescales,
    )
    return Bundle(figures.reset_index(drop=True), context)


def write_bundle(bundle: Bundle, folder: Path) -> Path:
    """Write ``bundle`` into ``folder`` (see the module docstring); return figures.parquet's path.
    figures.csv has the values as :func:`~iru_analysis.report.tables.csv_numbers` writes them
    (at most two decimals; figures.parquet keeps them unrounded)."""
    from .report.tables import csv_numbers

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    context = bundle.context
    bundle.figures.to_parquet(folder / FIGURES_FILE, index=False)
    csv_numbers(bundle.figures.drop(columns="withheld", errors="ignore")).to_csv(folder / "figures.csv", index=False)
    context.comparators.to_parquet(folder / "comparators.parquet", index=False)
    context.data_quality.to_csv(folder / "data-quality.csv", index=False)
    scalars = {k: v for k, v in asdict(context).items() if not isinstance(v, pd.DataFrame)}
    scalars["missing_sources"] = list(context.missing_sources)
    scalars["exclusions"] = context.exclusions.to_dict(orient="records")
    (folder / "context.json").write_text(json.dumps(scalars, indent=1, default=int) + "\n", encoding="utf-8")
    return folder / FIGURES_FILE


def read_bundle(figures_path: Path) -> Bundle:
    """The bundle whose ``figures.parquet`` is ``figures_path`` (its other files beside it)."""
    from .errors import InputError

    figures_path = Path(figures_path)
    folder = figures_path.parent
    if not figures_path.is_file() or not (folder / "context.json").is_file():
        raise InputError(
            str(figures_path),
            None,
            None,
            None,
            "is not a figures bundle (figures.parquet with context.json beside it, as iru-report build writes)",
        )
    scalars = json.loads((folder / "context.json").read_text(encoding="utf-8"))
    exclusions = pd.DataFrame(scalars.pop("exclusions"), columns=list(empty_exclusions().columns))
    data_quality = pd.read_csv(folder / "data-quality.csv", dtype=str, keep_default_na=False)
    context = Context(
        **{
            **scalars,
            "missing_sources": tuple(scalars["missing_sources"]),
            "timescales": Timescales(**scalars.get("timescales", {})),  # the defaults in an older bundle
        },
        exclusions=exclusions.astype({"children": "int64"}),
        comparators=pd.read_parquet(folder / "comparators.parquet"),
        data_quality=data_quality,
    )
    return Bundle(marked(pd.read_parquet(figures_path)), context)


def public_bundle(bundle: Bundle, threshold: int) -> Bundle:
    """The bundle of a public version: figures withheld as :func:`~iru_analysis.disclosure.withhold`
    says (counts from 1 to ``threshold``, their complements and percentages)."""
    return Bundle(withhold(bundle.figures, threshold), replace(bundle.context, withheld_up_to=threshold))


def compute_bundle(
    folder: Path,
    year: ReportingYear,
    as_at: pd.Timestamp,
    reviews_from: pd.Timestamp | None,
    exclude_invalid: bool,
    month: str = "",
    timescales: Timescales = DEFAULT_TIMESCALES,
) -> Bundle:
    """Load ``folder`` and compute its bundle (what ``iru-report build`` does first); with
    ``month`` (``YYYY-MM``), the monthly practice report's; ``timescales``: the unit's
    practice timescales."""
    from .figures import report_figures
    from .load import load_dataset

    dataset = load_dataset(Path(folder), exclude_invalid=exclude_invalid)
    figures = report_figures(dataset, year, as_at, reviews_from, month, timescales)
    return build_bundle(dataset, figures, year, as_at, reviews_from, exclude_invalid, month, timescales)


def folder_hashes(folder: Path) -> dict[str, str]:
    """The sha256 of every file under ``folder``, by path relative to it (hidden files left out)."""
    folder = Path(folder)
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def cache_key(
    folder: Path,
    year: ReportingYear,
    as_at: pd.Timestamp,
    reviews_from: pd.Timestamp | None,
    exclude_invalid: bool,
    month: str = "",
    timescales: Timescales = DEFAULT_TIMESCALES,
) -> str:
    """sha256 of the input files' hashes, the effective parameters and the package's code (its fingerprint)."""
    described = {
        "files": folder_hashes(folder),
        "folder": str(Path(folder).resolve()),
        "year": year.label,
        "as_at": as_at.date().isoformat(),
        "reviews_from": reviews_from.date().isoformat() if reviews_from is not None else "",
        "exclude_invalid": bool(exclude_invalid),
        "month": month,
        "timescales": asdict(timescales),
        "package": package_fingerprint(),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def cached_bundle(
    folder: Path,
    year: ReportingYear,
    as_at: pd.Timestamp,
    reviews_from: pd.Timestamp | None,
    exclude_invalid: bool,
    cache: Path | None = None,
    month: str = "",
    timescales: Timescales = DEFAULT_TIMESCALES,
) -> Bundle:
    """The bundle of these inputs from ``cache`` (default ``outputs/.cache``), computed (:func:`compute_bundle`) and
    stored there first when absent. A bundle is written to a temporary folder and renamed
    into place, so two notebooks opened at once never read half a bundle."""
    cache = Path(cache or CACHE)
    key = cache_key(folder, year, as_at, reviews_from, exclude_invalid, month, timescales)
    stored = cache / key
    if not (stored / "context.json").is_file():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=cache))
        try:
            bundle = compute_bundle(folder, year, as_at, reviews_from, exclude_invalid, month, timescales)
            write_bundle(bundle, tmp)
            tmp.rename(stored)
        except OSError:
            if not (stored / "context.json").is_file():  # not another notebook's bundle in place first
                raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return read_bundle(stored / FIGURES_FILE)
