"""``iru-report build``: one year's report, built whole or not at all (docs/design.md §5).

:func:`build_report` calls one function per step, all writing into a temporary folder
beside the destination:

1. :func:`plan_build`: read the parameters (``params/<year>.yaml``) and resolve every
   option (the command line's ``reviews_from`` and ``exclude_invalid``, else the
   parameters file's: the *effective* options);
2. :func:`make_figures`: load the data folder (bad input stops here with the usual
   one-paragraph message; with ``exclude_invalid`` the children with errors are left
   out instead, and the build says how many, under which rules) and write the figures
   bundle (:mod:`iru_analysis.bundle`), computed once: ``figures.csv`` and
   ``figures.parquet`` (every figure), ``data-quality.csv`` (the loader's findings and the
   reviews whose timeliness could not be assessed, without their ``value`` column, which
   may hold a child's identifier or date of birth), ``comparators.parquet`` and
   ``context.json`` (what the report says about the run);
   Then the narrative file is checked against the notebooks and the figures
   (:func:`.narrative.check_narrative`: a key no notebook shows, a figure cited that is
   not one, a key missing when building for publication stop the build);
3. :func:`run_sections`: execute the section notebooks with papermill, as many at a time
   as the machine has cores, each in its own fresh kernel (``notebooks/`` keeps the
   executed copies, code visible, for reviewers, finalised by :func:`finalise_notebook`;
   ``tables/`` gets the CSV behind every chart and table, and ``NN_used.json``, the figures
   rows each shows, which :func:`write_used_in` adds to ``figures.csv`` as ``used_in``),
   then :func:`notebook_pages` writes each executed notebook as a web page beside it, code
   shown (:mod:`.reviewers`). Each notebook gets, as papermill parameters, the year, the
   parameters file and the bundle's ``figures.parquet``, so it shows exactly the figures
   the build computed and never loads the data folder; the parameters file itself is
   never rewritten. When nothing can be reused, the first kernels are launched before
   step 2, so their start-up overlaps it (:class:`.run.Prestarted`); while the notebooks
   run, the build imports what the next steps need (:func:`warm_up`);
4. :func:`stitch`: ``report.html``, the front matter (cover report, "At a glance", the
   synthetic-data banner) made from the parameters and the bundle, then the sections;
5. :func:`print_pdf`: ``report.pdf`` (A4; skipped with a note when no PDF engine works);
6. :func:`write_word`: ``report.docx``, the same page as a Word document (:mod:`.docx`);
7. :func:`build_public`, when the parameters or ``--publication`` ask for it: the public
   version in ``public/`` (its figures bundle with disclosure control,
   :mod:`iru_analysis.disclosure`; its notebooks and their pages, tables, ``report.html``,
   ``report.pdf`` and ``report.docx``, made afresh by the same steps), checked with the
   rest at the next step;
8. :func:`check_published`: no published file, ``report.pdf``'s and ``report.docx``'s text
   included, holds a child's identifier, date of birth or postcode (``privacy.py``);
9. :func:`write_records`: ``provenance.json`` and ``manifest.json``; then the temporary
   folder replaces ``outputs/<year>/``.

A rebuild reuses what is unchanged since the build in ``out``, as its ``manifest.json``
records (:mod:`.reuse`): the figures bundle when the input files, the effective options
and the package version are unchanged (copied; the data folder is not loaded); every
section whose notebook, package version, effective parameters and figures are unchanged
(its executed notebook and ``tables/NN_*.csv`` copied instead of run); ``report.html``
when the executed notebooks, title, the notebooks folder's files, the parameters file and
the figures bundle (the front matter's inputs) are unchanged; the
privacy check's pass when the data and every published byte are unchanged; and
``report.pdf`` when ``report.html`` is byte-identical, ``report.docx`` when it is too and so
are the Word template, the document's date and the package. So a rebuild with nothing changed
copies and rewrites the provenance, which lists what was reused. Nothing is reused from
a folder whose files were changed since its build. ``force`` reuses nothing;
``section`` runs that section whatever its manifest entry (the others are reused when
unchanged).

``month`` builds the monthly practice report instead: the same steps but the public
version, with the sections of ``notebooks/monthly/`` (:data:`.sections.MONTHLY_SECTIONS`)
and the figures of the month and the twelve months before it
(:func:`iru_analysis.figures.monthly_figures`), into ``outputs/<year>/monthly/<month>/``;
an annual build keeps the year's monthly reports (:func:`keep_monthly_reports`), and both
take the year folder's lock, so the two never run at once.

Before any work the output folder is checked (:func:`check_out`: a relative ``out`` is
relative to the working directory) and locked (:func:`build_lock`: a second build of the
same folder refuses). Any failure, and Ctrl-C or SIGTERM (:class:`Signals`: the
notebooks' kernels are killed, :class:`BuildStopped` raised), removes the temporary
folder and leaves the previous outputs untouched.

The same inputs give the same bytes: every output but ``provenance.json`` (its build
time and timings) is a function of the inputs, parameters and code alone; the executed
notebooks are made so by :func:`finalise_notebook`.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..calendar import ReportingYear
from ..fingerprint import package_fingerprint
from ..paths import NOTEBOOKS, OUTPUTS, PARAMS, PROJECT_ROOT
from .narrative import check_narrative
from .params import Params
from .privacy import (
    PrivacyError,
    check_privacy,
    identifying_values,
    published_files,
    report_dates,
)
from .reuse import (
    BUNDLE_FILES,
    MANIFEST_FILE,
    docx_sha256,
    file_sha256,
    files_sha256,
    folder_files,
    intact,
    manifest,
    parameters_sha256,
    read_manifest,
    report_sha256,
    resolve_section,
    reusable,
    unchanged_step,
    write_manifest,
)
from .run import NotebookFailed, Prestarted, kill_kernels, run_notebooks, section_notebooks
from .sentences import month_name

Log = Callable[[str], None]
PROVENANCE_FILE = "provenance.json"
PUBLIC = "public"  # the folder of the public version, inside the build's
MONTHLY = "monthly"  # the folder of the monthly practice reports, inside the year's (monthly/<YYYY-MM>/)
Timings = dict[str, object]
Identifying = dict[str, set[str]]
SOURCE_FOLDERS = ("src", "notebooks", "tests", "params", "data")  # of the project: never an output folder
EXIT_BAD_OUTPUT = 2


class BuildError(Exception):
    """The build stopped; the message is one paragraph and nothing was published.

    ``exit_status`` is 2 when the cause is bad input (as for the CLI's other commands),
    else 1.
    """

    def __init__(self, message: str, exit_status: int = 1):
        super().__init__(message)
        self.exit_status = exit_status


class BuildStopped(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM stopped the build: its kernels were killed, its temporary
    folder removed, the previous outputs left as they were. ``exit_status`` is 128 plus
    the signal's number, as a shell reports a process ended by it."""

    def __init__(self, signum: int, message: str = ""):
        super().__init__(message or f"stopped by {signal.Signals(signum).name}")
        self.signum = signum
        self.exit_status = 128 + signum


class Signals:
    """While active (in the main thread only: elsewhere Python cannot catch signals), the
    first SIGINT or SIGTERM raises :class:`BuildStopped` in the main thread; later ones
    are ignored, so the clean-up is not itself interrupted. Inside :meth:`hold` the first
    one is only recorded (``received``), so what the block does is not left half done."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._holding = False
        self._old: dict[int, Any] = {}

    def __enter__(self) -> Signals:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._old.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: object) -> None:
        if self.received is not None:
            return
        self.received = signum
        if not self._holding:
            raise BuildStopped(signum)

    @contextmanager
    def hold(self, stop_after: bool = True) -> Iterator[None]:
        """Record a signal received in the block; raise BuildStopped for it at the end of
        the block unless not ``stop_after``."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if stop_after and self.received is not None:
            raise BuildStopped(self.received)


def _print(line: str) -> None:
    print(line, flush=True)


def _shown(path: Path) -> str:
    """A path as the user reads it: relative to the project when inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


@contextmanager
def _timed(timings: Timings, step: str) -> Iterator[None]:
    """Record the seconds the ``with`` block took as ``timings[step]``."""
    tick = time.perf_counter()
    yield
    timings[step] = round(time.perf_counter() - tick, 2)


# --- the output folder -----------------------------------------------------------------


def resolve_out(out: Path | None, year: ReportingYear) -> Path:
    """The output folder as an absolute path: ``out`` relative to the caller's working
    directory (never the notebooks folder, where the kernels run), else ``outputs/<year>``."""
    return Path(out).expanduser().resolve() if out else OUTPUTS / year.label


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out(out: Path, protected: list[Path]) -> None:
    """Raise BuildError (exit status 2) before any work when ``out`` cannot be the output
    folder: it is a file, it is or lies inside (or holds) one of the ``protected`` folders
    (the project's source folders, the data and notebooks folders), it is a folder that
    holds files but is not an earlier build's (no ``provenance.json``: replacing it would
    delete them; a year's folder holding only ``monthly/``, its monthly reports, is one), or its
    parent folder cannot be created or written."""
    protected = [Path(p).resolve() for p in protected]
    clash = next((p for p in protected if _within(out, p) or _within(p, out)), None)
    problem = None
    if out.exists() and not out.is_dir():
        problem = "it is a file, not a folder"
    elif clash is not None:
        relation = "is" if out == clash else "lies inside" if _within(out, clash) else "holds"
        problem = f"it {relation} {_shown(clash)}/, which the report is built from"
    elif out.is_dir() and any(p.name != MONTHLY for p in out.iterdir()) and not (out / PROVENANCE_FILE).is_file():
        problem = f"it holds files but is not the output folder of an earlier build (it has no {PROVENANCE_FILE}), and a build replaces its output folder whole"
    else:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            problem = f"the folder {_shown(out.parent)} cannot be created ({exc.strerror or exc}: {exc.filename})"
        else:
            if not os.access(out.parent, os.W_OK | os.X_OK):
                problem = f"its parent folder {_shown(out.parent)} cannot be written"
    if problem:
        raise BuildError(
            f"Cannot build into {_shown(out)}: {problem}. Nothing was written; give --out a new folder "
            "or one an earlier build wrote (default outputs/<year>), outside the project's "
            f"{', '.join(name + '/' for name in SOURCE_FOLDERS)} and the data folder.",
            exit_status=EXIT_BAD_OUTPUT,
        )


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold ``.<out>.lock`` beside ``out`` for the ``with`` block, or raise BuildError
    when another build of the same folder holds it (a lock the system releases when its
    process ends, however it ends). The file names the holding process; it is removed on
    release (a build that locked the file just as it was removed locks a new one)."""
    path = out.parent / f".{out.name}.lock"
    while True:
        try:
            handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise BuildError(
                f"Cannot build into {_shown(out)}: cannot write {path.name} in {_shown(out.parent)} "
                f"({exc.strerror or exc}). Nothing was written.",
                exit_status=EXIT_BAD_OUTPUT,
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            process = f" (process {holder})" if holder.isdigit() else ""
            raise BuildError(
                f"Another build{process} is writing {_shown(out)} now; nothing was done. Wait for it "
                "to finish, or build into another folder with --out."
            ) from None
        with suppress(OSError):
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                break
        handle.close()
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()


# --- writing ---------------------------------------------------------------------------


def replace_folder(new: Path, dest: Path) -> None:
    """Put the finished folder ``new`` in place of ``dest`` (same parent; renames only).

    ``dest`` is moved aside, ``new`` renamed to ``dest``, then the old copy removed; if
    the second rename fails the old copy is put back.
    """
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{uuid.uuid4().hex[:8]}")
        dest.rename(old)
    try:
        new.rename(dest)
    except BaseException:
        if old is not None:
            old.rename(dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


INJECTED_CELL_ID = "injected-parameters"
_RUN_TIMES = ("start_time", "end_time", "duration")  # papermill's, in the notebook's and each cell's metadata


def finalise_notebook(notebook: Path, tmp: Path, project: Path = PROJECT_ROOT) -> None:
    """Make an executed notebook depend on its inputs only, so two builds of the same
    inputs write the same bytes, and leave it usable where it is published:

    - the build folder's path (in the injected parameters, papermill's record of them and
      any output) becomes ``..``, the published folder as seen from its ``notebooks/``
      (where JupyterLab runs it), so a reviewer who re-runs it reads and writes there;
    - then a path inside the ``project`` (the parameters file, papermill's record of the
      source notebook) is written relative to the project's ``notebooks/``, where the
      kernels ran and where a section finds a relative parameters file from anywhere
      (:func:`.notebook.section`): no path of the build machine is published;
    - papermill's start and end times and durations, and nbclient's message times
      (``metadata.execution``), are removed (the build's timings are in the provenance);
    - the cell papermill injects, which it gives a random id, gets the id
      ``injected-parameters``.
    """
    import nbformat

    text = Path(notebook).read_text(encoding="utf-8")
    text = text.replace(json.dumps(str(tmp))[1:-1], "..").replace(json.dumps(f"{project}{os.sep}")[1:-1], "../")
    nb = nbformat.reads(text, as_version=4)
    for name in _RUN_TIMES:
        nb.metadata.get("papermill", {}).pop(name, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for name in _RUN_TIMES:
            cell.metadata.get("papermill", {}).pop(name, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = INJECTED_CELL_ID
    nbformat.write(nb, notebook)


def remove_leftovers(out: Path, log: Log) -> None:
    """Remove the temporary folders a build of ``out`` killed outright (SIGKILL, a power
    cut) left beside it: with the lock held, no other build of ``out`` is using them."""
    for stale in sorted(out.parent.glob(f".{out.name}.building-*")) + sorted(out.parent.glob(f".{out.name}.old-*")):
        shutil.rmtree(stale, ignore_errors=True)
        log(f"Removed {stale.name}, left by a build that was killed")


def copy_previous(names: list[str], previous: Path, tmp: Path) -> None:
    """Copy the executed notebooks ``names`` (stems) and their ``tables/NN_*`` files from
    the last build's folder ``previous`` into the build folder ``tmp``."""
    (tmp / "notebooks").mkdir(exist_ok=True)
    for name in names:
        shutil.copy2(previous / "notebooks" / f"{name}.ipynb", tmp / "notebooks")
        for table in (previous / "tables").glob(f"{name[:2]}_*"):  # its CSVs and NN_used.json
            shutil.copy2(table, tmp / "tables")


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"


def _read_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path`` ({} when absent or unreadable)."""
    try:
        found = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


class Later:
    """A value computed once: in a background thread after :meth:`start`, else on the
    first :meth:`get` (which waits for the thread). A failure in the thread is raised by
    :meth:`get`, computing again in the caller."""

    def __init__(self, compute: Callable[[], Identifying]):
        self._compute, self._lock, self._value = compute, threading.Lock(), None

    def start(self) -> None:
        threading.Thread(target=self._quietly, daemon=True).start()

    def _quietly(self) -> None:
        with suppress(Exception):  # get() in the build's thread computes again and raises
            self.get()

    def get(self) -> Identifying:
        with self._lock:
            if self._value is None:
                self._value = self._compute()
            return self._value


# --- the steps -------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What one build is asked to do, every default resolved (see :func:`build_report`)."""

    year: ReportingYear
    settings: Params
    data_dir: Path
    out: Path
    notebooks_dir: Path
    sources: list[Path]
    rerun: set[str]
    reviews_from: pd.Timestamp | None  # effective: the command line's, else the parameters'
    exclude: bool  # effective exclude_invalid
    force: bool
    section: str | None
    pdf: bool
    publication: bool  # effective: also write the public version (public/)
    workers: int
    overrides: dict[str, object]  # the command line's options, for the provenance
    month: str = ""  # YYYY-MM: the monthly practice report of this month ("": the annual report)
    home: Path | None = None  # the year's output folder, locked by every build of the year (default: out)

    @property
    def lock(self) -> Path:
        return self.home or self.out


@dataclass
class Figures:
    """The figures bundle in the build folder, and what the later steps need of its making."""

    path: Path  # figures.parquet
    key: str  # iru_analysis.bundle.cache_key of its inputs
    reused: bool
    reviews_from: str  # the context's effective review history start ("" : the data's own)
    input_hashes: dict[str, str]
    excluded: dict[str, object]
    identifying: Later  # what must never be published (loads the data folder when reused)


@dataclass
class Outcome:
    """What the steps after the figures did, for the records."""

    sections: dict[str, object] = field(default_factory=dict)  # this build's manifest entries
    sections_reused: set[str] = field(default_factory=set)
    report_key: str = ""
    report_reused: bool = False
    checked: dict[str, str] = field(default_factory=dict)
    check_reused: bool = False
    pdf_html: str | None = None  # sha256 of the report.html that report.pdf was printed from
    pdf_engine: str | None = None
    pdf_note: str = ""
    pdf_reused: bool = False
    docx_key: str | None = None  # :func:`.reuse.docx_sha256` of what report.docx was written from
    docx_reused: bool = False


def previous_build(plan: Plan, log: Log) -> dict[str, object] | None:
    """The manifest of the build in ``plan.out``: None (reuse nothing) when there is none,
    with ``force``, or when a file it lists was changed since that build."""
    previous = None if plan.force else read_manifest(plan.out)
    if previous and "files" not in previous:  # written before the manifest listed its files
        return None
    if previous and not intact(previous, plan.out):
        log(f"Reusing nothing from {_shown(plan.out)}: its files were changed since it was built")
        return None
    return previous


def plan_build(
    year: ReportingYear,
    params: Path | None,
    data: Path | None,
    out: Path | None,
    *,
    reviews_from: pd.Timestamp | None,
    exclude_invalid: bool | None,
    notebooks_dir: Path | None,
    workers: int | None,
    pdf: bool,
    force: bool,
    section: str | None,
    publication: bool | None = None,
    month: str | None = None,
) -> Plan:
    """Read the parameters file and resolve every option (see :func:`build_report`)."""
    from .params import check_year, load_narrative, load_params

    settings = load_params(Path(params) if params else PARAMS / f"{year.label}.yaml")
    check_year(settings, year)
    load_narrative(settings.narrative)  # a narrative the report cannot publish (a link to a file) stops it here
    month = check_month(month, year, publication)
    notebooks_dir = Path(notebooks_dir or NOTEBOOKS).resolve() / (MONTHLY if month else "")
    sources = section_notebooks(notebooks_dir, monthly=bool(month))
    try:
        rerun = {resolve_section(section, [s.stem for s in sources])} if section else set()
    except ValueError as exc:
        raise BuildError(f"{exc}.", exit_status=2) from None
    start = (
        pd.Timestamp(reviews_from)
        if reviews_from is not None
        else (pd.Timestamp(settings.reviews_from) if settings.reviews_from else None)
    )
    home = resolve_out(out, year)
    return Plan(
        year=year,
        settings=settings,
        data_dir=Path(data).resolve() if data else settings.data,
        out=home / MONTHLY / month if month else home,
        notebooks_dir=notebooks_dir,
        sources=sources,
        rerun=rerun,
        reviews_from=start,
        exclude=settings.exclude_invalid if exclude_invalid is None else bool(exclude_invalid),
        force=force,
        section=section,
        pdf=pdf,
        publication=not month and (settings.publication if publication is None else bool(publication)),
        workers=workers or os.cpu_count() or 1,
        overrides={
            "data_override": Path(data).resolve() if data else None,
            "reviews_from_override": reviews_from,
            "exclude_invalid_override": exclude_invalid,
            "publication_override": publication,
        },
        month=month,
        home=home,
    )


def check_month(month: str | None, year: ReportingYear, publication: bool | None) -> str:
    """``month`` (``YYYY-MM``) when it is a month of ``year``, else "" for none; raise
    BuildError (exit status 2) for another year's month, or when the public version is
    asked of a monthly report (which is for the unit and its managers, not published)."""
    if not month:
        return ""
    if publication:
        raise BuildError(
            "--publication applies to the annual report: the monthly practice report is for the unit and its "
            "managers and has no public version. Nothing was written.",
            exit_status=2,
        )
    if pd.Period(month, "M") not in year.months:
        raise BuildError(
            f"--month {month} is not a month of the reporting year {year.label} (April {year.first} to March "
            f"{year.first + 1}): build {month_name(month)}'s report with the parameters of its own year. "
            "Nothing was written.",
            exit_status=2,
        )
    return month


def make_figures(plan: Plan, previous: dict[str, object] | None, tmp: Path, timings: Timings, log: Log) -> Figures:
    """The figures bundle in ``tmp``: copied from the last build when its key is unchanged
    (and that build's bundle and provenance are there), else computed from the data."""
    from ..bundle import cache_key

    as_at, timescales = pd.Timestamp(plan.settings.as_at), plan.settings.timescales
    key = cache_key(plan.data_dir, plan.year, as_at, plan.reviews_from, plan.exclude, plan.month, timescales=timescales)
    before = _read_json(plan.out / PROVENANCE_FILE)
    if (
        unchanged_step(previous, "bundle", key, plan.force)
        and before.get("input_files")
        and all((plan.out / name).is_file() for name in BUNDLE_FILES)
    ):
        with _timed(timings, "figures"):
            for name in BUNDLE_FILES:
                shutil.copy2(plan.out / name, tmp / name)
        log(f"Reusing the figures bundle of {_shown(plan.out)} (same input files, options and package version)")
        return Figures(
            tmp / BUNDLE_FILES[0],
            key,
            True,
            _read_json(tmp / "context.json")["reviews_from"],
            before["input_files"],
            before["parameters"]["excluded"],
            Later(lambda: identifying_values(_load(plan))),
        )

    from ..bundle import build_bundle, write_bundle
    from ..figures import report_figures
    from ..load.exclusion import exclusion_lines, file_warnings

    with _timed(timings, "load_data"):
        ds = _load(plan)
    for line in exclusion_lines(ds.excluded_children, ds.exclusions) + file_warnings(ds.findings):
        log(line)
    with _timed(timings, "figures"):
        figures = report_figures(ds, plan.year, as_at, plan.reviews_from, plan.month, timescales)
        bundle = build_bundle(
            ds, figures, plan.year, as_at, plan.reviews_from, plan.exclude, plan.month, timescales=timescales
        )
        path = write_bundle(bundle, tmp)
        values = identifying_values(ds)
    log(
        f"Wrote figures.csv ({len(figures)} figures) and data-quality.csv ({len(bundle.context.data_quality)} findings)"
    )
    return Figures(
        path,
        key,
        False,
        bundle.context.reviews_from,
        ds.file_hashes,
        {"children": ds.excluded_children, "by_rule": ds.exclusions.to_dict(orient="records")},
        Later(lambda: values),
    )


def _load(plan: Plan):  # -> Dataset
    from ..load import load_dataset

    return load_dataset(plan.data_dir, exclude_invalid=plan.exclude)


def run_sections(
    plan: Plan,
    previous: dict[str, object] | None,
    figures: Figures,
    tmp: Path,
    timings: Timings,
    log: Log,
    done: Outcome,
    kernels: Prestarted | None = None,
) -> None:
    """Copy the reusable sections' executed notebooks and tables from the last build; run
    the others, ``plan.workers`` at a time, each in its own fresh kernel (the first ones
    in ``kernels``, launched while the figures were computed)."""
    (tmp / "tables").mkdir()
    effective = {
        "year": plan.year.label,
        "params": file_sha256(plan.settings.source),
        "narrative": file_sha256(plan.settings.narrative),
        "reviews_from": figures.reviews_from,
        "exclude_invalid": plan.exclude,
        "month": plan.month,
    }
    done.sections = manifest(
        {s.stem: file_sha256(s) for s in plan.sources},
        package_fingerprint(),
        parameters_sha256(effective),
        files_sha256(tmp / name for name in BUNDLE_FILES if name != "figures.csv"),  # rewritten by write_used_in
    )
    done.sections_reused = reusable(
        previous,
        done.sections,
        [p.stem for p in (plan.out / "notebooks").glob("*.ipynb")],
        force=plan.force,
        rerun=plan.rerun,
    )
    copy_previous(sorted(done.sections_reused), plan.out, tmp)
    to_run = [s for s in plan.sources if s.stem not in done.sections_reused]
    if done.sections_reused:
        log(f"Reusing {_plural(len(done.sections_reused), 'unchanged section notebook')} from {_shown(plan.out)}")
    if not to_run:
        return
    if figures.reused:
        figures.identifying.start()  # the privacy check will need the data: load it while the notebooks run
    threading.Thread(target=warm_up, args=(plan.pdf,), daemon=True).start()
    log(f"Running {_plural(len(to_run), 'section notebook')}, {plan.workers} at a time:")
    parameters = {k: str(v) for k, v in notebook_parameters(plan, str(figures.path), str(tmp / "tables")).items()}
    tick = time.perf_counter()
    try:
        runs = run_notebooks(
            to_run,
            tmp / "notebooks",
            parameters,
            cwd=plan.notebooks_dir,
            workers=plan.workers,
            log=log,
            prestarted=kernels,
        )
    except NotebookFailed as exc:
        raise BuildError(
            f"{exc} Nothing was published; open {_shown(exc.path)} in JupyterLab and run it to see the whole error.",
            exit_status=2 if exc.is_input_error else 1,
        ) from None
    for r in runs:
        finalise_notebook(r.output, tmp)
    timings["notebooks"] = {r.name: round(r.seconds, 2) for r in runs}
    timings["notebooks_total"] = round(time.perf_counter() - tick, 2)


def notebook_parameters(plan: Plan, figures: str, tables_dir: str) -> dict[str, object]:
    """What papermill passes each section notebook (``month`` only to the monthly report's;
    ``params`` a path, to be written as text)."""
    month = {"month": plan.month} if plan.month else {}
    return {
        "year": plan.year.label,
        **month,
        "params": plan.settings.source,
        "figures": figures,
        "tables_dir": tables_dir,
    }


def write_used_in(folder: Path) -> None:
    """Rewrite ``folder/figures.csv`` with a ``used_in`` column: the figures and tables of
    the report that show each row (:func:`.tables.used_in`, from ``tables/NN_used.json``)."""
    from ..disclosure import marked
    from .tables import csv_numbers, used_in

    figures = marked(pd.read_parquet(folder / "figures.parquet"))
    shown = csv_numbers(figures.drop(columns="withheld", errors="ignore"))
    shown.assign(used_in=used_in(figures, folder / "tables")).to_csv(folder / "figures.csv", index=False)


def notebook_pages(plan: Plan, tmp: Path, timings: Timings, done: Outcome) -> None:
    """``notebooks/*.html``: each executed notebook as a page for reviewers (:mod:`.reviewers`);
    a reused section's page copied from the last build."""
    from .reviewers import write_notebook_pages

    with _timed(timings, "notebook_pages"):
        write_notebook_pages(tmp / "notebooks", plan.notebooks_dir, done.sections_reused, plan.out / "notebooks")


def warm_up(pdf: bool) -> None:
    """Import what stitching (nbconvert's exporter) and printing (WeasyPrint, with ``pdf``)
    will need: run in a thread while the notebooks run in their kernels, it takes these
    imports (about 2 s) off the build's path. A failure is left to the step itself."""
    with suppress(Exception):  # the step that needs the module reports its failure
        from .stitch import _exporter

        _exporter()
        if pdf:
            import weasyprint  # noqa: F401


def report_titles(plan: Plan, public: bool = False) -> tuple[str, str]:
    """The title and subtitle of the annual report (``public``: its public version's, saying
    what is withheld) or of the monthly practice report."""
    settings, year = plan.settings, plan.year
    if plan.month:
        from ..figures import month_window

        window = month_window(pd.Period(plan.month, "M"))
        return (
            f"{settings.authority_name} Independent Reviewing Unit: monthly practice report, {month_name(plan.month)}",
            f"Reviews of looked-after children and child protection conferences in {month_name(plan.month)}, "
            f"beside the twelve months before it ({month_name(window[0])} to {month_name(window[-2])})",
        )
    title = f"{settings.authority_name} Independent Chairperson's Report {year.label}"
    subtitle = (
        f"Reviews of looked-after children and child protection conferences, "
        f"{year.start.day} April {year.first} to {year.end.day} March {year.first + 1}"
    )
    if public:
        title += " (public version)"
        subtitle += (
            f". To protect children's privacy, counts from 1 to {settings.disclosure_threshold} are shown as c, "
            f"and so are the percentages built on them and, where needed, other figures (also c) "
            "from which such counts could be worked out."
        )
    return title, subtitle


def stitch(
    plan: Plan,
    previous: dict[str, object] | None,
    tmp: Path,
    timings: Timings,
    log: Log,
    done: Outcome,
    public: bool = False,
) -> None:
    """``report.html`` from the executed notebooks (copied from the last build when what
    it is stitched from is unchanged); ``public``: the public version's, saying so."""
    from ..bundle import folder_hashes

    settings = plan.settings
    title, subtitle = report_titles(plan, public)
    executed = [tmp / "notebooks" / s.name for s in plan.sources]
    front = {"params": file_sha256(settings.source), "bundle": files_sha256(tmp / name for name in BUNDLE_FILES)}
    done.report_key = report_sha256(
        executed, title, subtitle, folder_hashes(plan.notebooks_dir), package_fingerprint(), front
    )
    done.report_reused = (
        unchanged_step(previous, "report", done.report_key, plan.force) and (plan.out / "report.html").is_file()
    )
    if done.report_reused:
        shutil.copy2(plan.out / "report.html", tmp / "report.html")
        log(f"Reusing report.html of {_shown(plan.out)} (stitched from the same notebooks)")
        return
    from ..bundle import read_bundle
    from .stitch import FrontMatter, front_matter, images_without_alt, stitch_report

    with _timed(timings, "stitch"):
        bundle = read_bundle(tmp / BUNDLE_FILES[0])
        front_page = FrontMatter(synthetic=bundle.context.synthetic) if plan.month else front_matter(settings, bundle)
        stitched = stitch_report(executed, title, subtitle=subtitle, images_folder=plan.notebooks_dir, front=front_page)
        (tmp / "report.html").write_text(stitched.html, encoding="utf-8")
    missing_alt = images_without_alt(stitched.html)
    if missing_alt:
        log(f"Note: {missing_alt} image(s) in the report have no alt text; give each chart its message.")
    for warning in stitched.warnings:
        log(f"Note: {warning}")
    log(f"Stitched report.html ({_size(tmp / 'report.html')}, {len(stitched.sections)} sections)")


def check_published(
    plan: Plan, previous: dict[str, object] | None, figures: Figures, tmp: Path, timings: Timings, done: Outcome
) -> None:
    """Raise BuildError when a file to be published holds a child's identifier, date of
    birth or postcode. Not searched again when the data are unchanged (the bundle was
    reused) and every file to be published is byte-identical to the last build's, which
    passed this check (its hashes are in the manifest): the result would be the same."""
    done.checked = {p.relative_to(tmp).as_posix(): file_sha256(p) for p in published_files(tmp)}
    done.check_reused = figures.reused and unchanged_step(previous, "checked", done.checked, plan.force)
    if done.check_reused:
        return
    with _timed(timings, "privacy"):
        periods = pd.read_parquet(figures.path, columns=["period", "period_type"])
        allowed = report_dates(plan.year, plan.settings.as_at, periods.loc[periods["period_type"] == "date", "period"])
        try:
            check_privacy(tmp, figures.identifying.get(), allowed)
        except PrivacyError as exc:
            raise BuildError(str(exc)) from None


def print_pdf(
    plan: Plan, previous: dict[str, object] | None, tmp: Path, timings: Timings, log: Log, done: Outcome
) -> None:
    """``report.pdf`` (copied from the last build when ``report.html`` is byte-identical to
    the one it was printed from)."""
    if not plan.pdf:
        done.pdf_note = "PDF not requested"
        return
    html = file_sha256(tmp / "report.html")
    engine = (previous or {}).get("pdf_engine")
    if unchanged_step(previous, "pdf", html, plan.force) and engine and (plan.out / "report.pdf").is_file():
        shutil.copy2(plan.out / "report.pdf", tmp / "report.pdf")
        done.pdf_html, done.pdf_engine, done.pdf_reused = html, str(engine), True
        log(f"Reusing report.pdf of {_shown(plan.out)} (report.html unchanged)")
        return
    from .pdf import write_pdf

    with _timed(timings, "pdf"):
        printed = write_pdf(tmp / "report.html", tmp / "report.pdf")
    if printed.path is None:
        log(f"No PDF: no PDF engine worked ({printed.reason}); carrying on without report.pdf.")
    else:
        log(f"Printed report.pdf with {printed.engine} ({_size(printed.path)})")
        for url in printed.refused:
            log(f"Note: left out of report.pdf (outside the build folder): {url[:80]}")
        done.pdf_html = html
    done.pdf_engine, done.pdf_note = printed.engine, printed.reason


def build_public(plan: Plan, figures: Figures, tmp: Path, timings: Timings, log: Log) -> None:
    """The public version in ``tmp/public/``, when ``plan.publication``: the figures with
    disclosure control (counts from 1 to the parameters' ``disclosure_threshold`` withheld,
    :func:`iru_analysis.disclosure.withhold`), then every section notebook and its page,
    ``report.html``, ``report.pdf`` and ``report.docx`` from them, afresh (nothing of the
    public version is reused)."""
    if not plan.publication:
        return
    from ..bundle import public_bundle, read_bundle, write_bundle

    folder, steps = tmp / PUBLIC, {}
    log(f"Writing the public version (counts from 1 to {plan.settings.disclosure_threshold} withheld) in {PUBLIC}/")
    with _timed(steps, "figures"):
        bundle = public_bundle(read_bundle(figures.path), plan.settings.disclosure_threshold)
        path = write_bundle(bundle, folder)
    public_plan, done = replace(plan, force=True), Outcome()
    run_sections(public_plan, None, replace(figures, path=path, reused=False), folder, steps, log, done)
    write_used_in(folder)
    notebook_pages(public_plan, folder, steps, done)
    stitch(public_plan, None, folder, steps, log, done, public=True)
    print_pdf(public_plan, None, folder, steps, log, done)
    write_word(public_plan, None, folder, steps, log, done)
    log(f"Withheld {int(bundle.figures['withheld'].sum())} of {len(bundle.figures)} figures in the public version")
    timings["public"] = steps


def write_word(
    plan: Plan, previous: dict[str, object] | None, tmp: Path, timings: Timings, log: Log, done: Outcome
) -> None:
    """``report.docx`` (copied from the last build when what it is written from is unchanged)."""
    settings = plan.settings
    done.docx_key = docx_sha256(tmp / "report.html", settings.reference_docx, settings.as_at, package_fingerprint())
    if unchanged_step(previous, "docx", done.docx_key, plan.force) and (plan.out / "report.docx").is_file():
        shutil.copy2(plan.out / "report.docx", tmp / "report.docx")
        done.docx_reused = True
        log(f"Reusing report.docx of {_shown(plan.out)} (report.html unchanged)")
        return
    from .docx import WordError, write_docx

    with _timed(timings, "docx"):
        try:
            write_docx(tmp / "report.html", tmp / "report.docx", settings.as_at, settings.reference_docx)
        except WordError as exc:
            raise BuildError(f"report.docx could not be written: {exc}. Nothing was published.") from None
    log(f"Wrote report.docx ({_size(tmp / 'report.docx')})")


def keep_monthly_reports(plan: Plan, tmp: Path) -> None:
    """Carry the monthly practice reports of the year's folder (``monthly/``) into the annual
    build's folder ``tmp``, linked, not copied: an annual build does not replace them. They
    are not among the annual build's files (its manifest, its privacy check): each monthly
    build records and checks its own."""
    previous = plan.out / MONTHLY
    if not plan.month and previous.is_dir():
        shutil.copytree(previous, tmp / MONTHLY, copy_function=os.link)


def write_records(plan: Plan, figures: Figures, done: Outcome, tmp: Path, timings: Timings) -> None:
    """``provenance.json`` (what was built from what, what was reused, the timings) and
    ``manifest.json`` (the keys the next build compares, :mod:`.reuse`)."""
    from .provenance import provenance_record, write_json

    settings = plan.settings
    record = provenance_record(
        year=plan.year.label,
        parameters={
            **asdict(settings),
            **plan.overrides,
            "notebook_parameters": notebook_parameters(plan, "figures.parquet", "tables/"),
            "figures_loaded_with": {"reviews_from": figures.reviews_from, "exclude_invalid": plan.exclude},
            "month": plan.month,
            "sections_reused": sorted(done.sections_reused),
            "forced": plan.force,
            "section": plan.section,
            "reused": {
                "figures": figures.reused,
                "report_html": done.report_reused,
                "privacy_check": done.check_reused,
                "pdf": done.pdf_reused,
                "docx": done.docx_reused,
            },
            "excluded": figures.excluded,
        },
        params_file=settings.source,
        narrative_file=settings.narrative,
        data_folder=plan.data_dir,
        input_hashes=figures.input_hashes,
        timings=timings,
        pdf_engine=done.pdf_engine,
        pdf_note=done.pdf_note,
        project_root=PROJECT_ROOT,
    )
    write_json(record, tmp / PROVENANCE_FILE)
    write_manifest(
        {
            **done.sections,
            "bundle": figures.key,
            "report": done.report_key,
            "checked": done.checked,
            "pdf": done.pdf_html,
            "pdf_engine": done.pdf_engine,
            "docx": done.docx_key,
            "files": folder_files(tmp, leave_out=(MANIFEST_FILE, PROVENANCE_FILE)),
        },
        tmp,
    )


def build_report(
    year: ReportingYear,
    params: Path | None = None,
    data: Path | None = None,
    out: Path | None = None,
    *,
    reviews_from: pd.Timestamp | None = None,
    exclude_invalid: bool | None = None,
    notebooks_dir: Path | None = None,
    workers: int | None = None,
    pdf: bool = True,
    force: bool = False,
    section: str | None = None,
    publication: bool | None = None,
    month: str | None = None,
    log: Log = _print,
) -> Path:
    """Build one year's report into ``out`` (default ``outputs/<year>``) and return it; with
    ``month`` (``YYYY-MM``, a month of ``year``), that month's practice report instead, into
    ``out/monthly/<month>/`` (its notebooks ``notebooks/monthly/``, no public version).

    ``params`` defaults to ``params/<year>.yaml``; ``data`` (default: the parameters'
    data folder) overrides the data folder for the figures and every notebook, as
    ``reviews_from`` and ``exclude_invalid`` (None: as the parameters say) override
    the parameters' values. ``workers`` notebooks run at a time (default: one per core).
    What is unchanged since the last build in ``out`` is reused unless ``force``;
    ``section`` (a section key or notebook name) is run whatever (see the module docstring).
    ``publication`` (None: as the parameters say) also writes the public version, in
    ``out/public/`` (:func:`build_public`).
    A relative ``out`` is relative to the working directory; it is checked before any
    work (:func:`check_out`) and locked for the build (:func:`build_lock`).
    Raises InputError/InputErrors for bad parameters or data, BuildError when the output
    folder cannot be used or is being built by another process, a notebook fails or the
    privacy check finds identifying values, and BuildStopped on Ctrl-C or SIGTERM (the
    kernels killed); in each case the temporary folder is removed and ``out`` is left as
    it was.
    """
    started = time.perf_counter()
    plan = plan_build(
        year,
        params,
        data,
        out,
        reviews_from=reviews_from,
        exclude_invalid=exclude_invalid,
        notebooks_dir=notebooks_dir,
        workers=workers,
        pdf=pdf,
        force=force,
        section=section,
        publication=publication,
        month=month,
    )
    check_out(plan.out, [PROJECT_ROOT / name for name in SOURCE_FOLDERS] + [plan.data_dir, plan.notebooks_dir])
    with build_lock(plan.lock), Signals() as signals:
        tmp, kernels = None, None
        try:
            what = f"monthly practice report for {month_name(plan.month)}" if plan.month else f"{year} report"
            log(f"Building the {what} from {_shown(plan.data_dir)} with {_shown(plan.settings.source)}")
            remove_leftovers(plan.out, log)
            previous = previous_build(plan, log)
            with signals.hold():  # a signal now would leave the folder without its name
                tmp = Path(tempfile.mkdtemp(prefix=f".{plan.out.name}.building-", dir=plan.out.parent))
            os.chmod(tmp, 0o755)
            timings: Timings = {}
            done = Outcome()
            if previous is None:  # every section will run: launch the first kernels while the figures are computed
                kernels = Prestarted(min(plan.workers, len(plan.sources)), plan.notebooks_dir)
            figures = make_figures(plan, previous, tmp, timings, log)
            if not plan.month:  # the monthly report shows no narrative
                check_narrative(plan.settings, plan.sources, figures.path)  # before any notebook shows it
            run_sections(plan, previous, figures, tmp, timings, log, done, kernels)
            write_used_in(tmp)
            notebook_pages(plan, tmp, timings, done)
            stitch(plan, previous, tmp, timings, log, done)
            print_pdf(plan, previous, tmp, timings, log, done)
            write_word(plan, previous, tmp, timings, log, done)
            build_public(plan, figures, tmp, timings, log)
            check_published(plan, previous, figures, tmp, timings, done)
            timings["total"] = round(time.perf_counter() - started, 2)
            write_records(plan, figures, done, tmp, timings)
            keep_monthly_reports(plan, tmp)
            with signals.hold(stop_after=False):  # never half replaced; once replaced, the build is done
                replace_folder(tmp, plan.out)
        except BaseException as exc:
            kill_kernels()
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(exc, BuildStopped):
                raise BuildStopped(
                    exc.signum,
                    f"stopped by {signal.Signals(exc.signum).name}; nothing was published and "
                    f"{_shown(plan.out)} is as it was.",
                ) from None
            raise
        finally:
            if kernels is not None:
                with signals.hold(stop_after=False):
                    kernels.close()
    log(f"Built {_shown(plan.out)} in {time.perf_counter() - started:.0f} s")
    return plan.out
