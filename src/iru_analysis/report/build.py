"""``iru-report build``: one year's report, built whole or not at all (docs/design.md §5).

Steps, all writing into a temporary folder beside the destination:

1. read the parameters (``params/<year>.yaml``) and load the data folder (bad input stops
   here with the usual one-paragraph message; with ``exclude_invalid`` the children with
   errors are left out instead, and the build says how many, under which rules);
2. the figures bundle (:mod:`iru_analysis.bundle`), computed once: ``figures.csv`` and
   ``figures.parquet`` (every figure), ``data-quality.csv`` (the loader's findings and the
   reviews whose timeliness could not be assessed, without their ``value`` column, which
   may hold a child's identifier or date of birth), ``comparators.parquet`` and
   ``context.json`` (what the report says about the run);
3. execute the section notebooks with papermill, as many at a time as the machine has
   cores (``notebooks/`` keeps the executed copies, code visible, for reviewers;
   ``tables/`` gets the CSV behind every chart and table). Each notebook gets, as
   papermill parameters, the year, the parameters file and the bundle's
   ``figures.parquet``, so it shows exactly the figures the build computed (with the
   *effective* ``reviews_from`` and ``exclude_invalid``: the command line's, else the
   parameters file's) and never loads the data folder; the parameters file itself is
   never rewritten;
4. stitch ``report.html``; check that no published file holds a child's identifier,
   date of birth or postcode (``privacy.py``);
5. print ``report.pdf`` (A4; skipped with a note when no PDF engine works);
6. ``provenance.json`` and ``manifest.json``; then the temporary folder replaces
   ``outputs/<year>/``.

A rebuild reuses every section whose notebook, package version, effective parameters
and figures bundle are unchanged since the build in ``out`` (:mod:`.reuse`): its
executed notebook and ``tables/NN_*.csv`` are copied from ``out`` instead of run, so a
rebuild with nothing changed only recomputes the figures, restitches, re-checks privacy,
re-prints the PDF and rewrites the provenance. ``force`` runs every section; ``section``
runs that one whatever its manifest entry (the others are reused when unchanged).

Any failure removes the temporary folder and leaves the previous outputs untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import nbformat
import pandas as pd

from .. import __version__
from ..calendar import ReportingYear
from ..paths import NOTEBOOKS, OUTPUTS, PARAMS, PROJECT_ROOT
from .privacy import PrivacyError, check_privacy, identifying_values, report_dates
from .reuse import (BUNDLE_FILES, file_sha256, files_sha256, manifest, parameters_sha256, read_manifest,
                    resolve_section, reusable, write_manifest)
from .run import NotebookFailed, run_notebooks, section_notebooks

Log = Callable[[str], None]

class BuildError(Exception):
    """The build stopped; the message is one paragraph and nothing was published.

    ``exit_status`` is 2 when the cause is bad input (as for the CLI's other commands),
    else 1.
    """

    def __init__(self, message: str, exit_status: int = 1):
        super().__init__(message)
        self.exit_status = exit_status


def _print(line: str) -> None:
    print(line, flush=True)


def _shown(path: Path) -> str:
    """A path as the user reads it: relative to the project when inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


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


def point_at_destination(notebook: Path, tmp: Path, dest: Path) -> None:
    """In an executed notebook's injected parameters, name the published folder, not the
    temporary one, so a reviewer who re-runs it writes to ``dest`` (e.g. ``tables_dir``)."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace(str(tmp), str(dest.resolve()))
    nbformat.write(nb, notebook)


def copy_previous(names: list[str], previous: Path, tmp: Path) -> None:
    """Copy the executed notebooks ``names`` (stems) and their ``tables/NN_*.csv`` from
    the last build's folder ``previous`` into the build folder ``tmp``."""
    (tmp / "notebooks").mkdir(exist_ok=True)
    for name in names:
        shutil.copy2(previous / "notebooks" / f"{name}.ipynb", tmp / "notebooks")
        for table in (previous / "tables").glob(f"{name[:2]}_*.csv"):
            shutil.copy2(table, tmp / "tables")


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"


def build_report(year: ReportingYear, params: Path | None = None, data: Path | None = None,
                 out: Path | None = None, *, reviews_from: pd.Timestamp | None = None,
                 exclude_invalid: bool | None = None, notebooks_dir: Path | None = None,
                 workers: int | None = None, pdf: bool = True, force: bool = False,
                 section: str | None = None, log: Log = _print) -> Path:
    """Build one year's report into ``out`` (default ``outputs/<year>``) and return it.

    ``params`` defaults to ``params/<year>.yaml``; ``data`` (default: the parameters'
    data folder) overrides the data folder for the figures and every notebook, as
    ``reviews_from`` and ``exclude_invalid`` (None: as the parameters say) override
    the parameters' values. ``workers`` notebooks run at a time (default: one per core).
    Sections unchanged since the last build in ``out`` are reused unless ``force``;
    ``section`` (a section key or notebook name) is run whatever (see the module docstring).
    Raises InputError/InputErrors for bad parameters or data, BuildError when a notebook
    fails or the privacy check finds identifying values, in which case ``out`` is left
    as it was.
    """
    from ..bundle import build_bundle, write_bundle
    from ..figures import compute_figures
    from ..load import load_dataset
    from ..load.exclusion import exclusion_lines, file_warnings
    from .params import check_year, load_params
    from .pdf import write_pdf
    from .provenance import provenance_record, write_json
    from .stitch import images_without_alt, stitch_report

    started = time.perf_counter()
    timings: dict[str, object] = {}
    params_path = Path(params) if params else PARAMS / f"{year.label}.yaml"
    settings = load_params(params_path)
    check_year(settings, year)
    data_dir = Path(data).resolve() if data else settings.data
    out = Path(out) if out else OUTPUTS / year.label
    notebooks_dir = Path(notebooks_dir or NOTEBOOKS).resolve()
    sources = section_notebooks(notebooks_dir)
    if not sources:
        raise BuildError(f"No section notebooks (NN_<section>.ipynb) in {_shown(notebooks_dir)}.")
    try:
        rerun = {resolve_section(section, [s.stem for s in sources])} if section else set()
    except ValueError as exc:
        raise BuildError(f"{exc}.", exit_status=2) from None
    start = pd.Timestamp(reviews_from) if reviews_from is not None else (
        pd.Timestamp(settings.reviews_from) if settings.reviews_from else None)
    exclude = settings.exclude_invalid if exclude_invalid is None else bool(exclude_invalid)
    log(f"Building the {year} report from {_shown(data_dir)} with {_shown(settings.source)}")

    tick = time.perf_counter()
    ds = load_dataset(data_dir, exclude_invalid=exclude)
    timings["load_data"] = round(time.perf_counter() - tick, 2)
    for line in exclusion_lines(ds.excluded_children, ds.exclusions) + file_warnings(ds.findings):
        log(line)

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    os.chmod(tmp, 0o755)
    try:
        tick = time.perf_counter()
        figures = compute_figures(ds, year, as_at=pd.Timestamp(settings.as_at), reviews_from=start)
        bundle = build_bundle(ds, figures, year, pd.Timestamp(settings.as_at), start, exclude)
        figures_path = write_bundle(bundle, tmp)
        identifying = identifying_values(ds)
        timings["figures"] = round(time.perf_counter() - tick, 2)
        log(f"Wrote figures.csv ({len(figures)} figures) and data-quality.csv "
            f"({len(bundle.context.data_quality)} findings)")

        (tmp / "tables").mkdir()
        current = manifest({s.stem: file_sha256(s) for s in sources}, __version__,
                           parameters_sha256({"year": year.label, "params": file_sha256(settings.source),
                                              "narrative": file_sha256(settings.narrative),
                                              "reviews_from": bundle.context.reviews_from,
                                              "exclude_invalid": exclude}),
                           files_sha256(tmp / name for name in BUNDLE_FILES))
        reused = reusable(read_manifest(out), current, [p.stem for p in (out / "notebooks").glob("*.ipynb")],
                          force=force, rerun=rerun)
        copy_previous(sorted(reused), out, tmp)
        to_run = [s for s in sources if s.stem not in reused]
        if reused:
            log(f"Reusing {len(reused)} unchanged section notebook{'s' if len(reused) != 1 else ''} "
                f"from {_shown(out)}")
        parameters = {"year": year.label, "params": str(settings.source), "figures": str(figures_path),
                      "tables_dir": str(tmp / "tables")}
        workers = workers or os.cpu_count() or 1
        if to_run:
            log(f"Running {len(to_run)} section notebook{'s' if len(to_run) != 1 else ''}, {workers} at a time:")
        tick = time.perf_counter()
        try:
            runs = run_notebooks(to_run, tmp / "notebooks", parameters, cwd=notebooks_dir,
                                 workers=workers, log=log) if to_run else []
        except NotebookFailed as exc:
            raise BuildError(f"{exc} Nothing was published; open {_shown(exc.path)} in JupyterLab "
                             "and run it to see the whole error.",
                             exit_status=2 if exc.is_input_error else 1) from None
        for r in runs:
            point_at_destination(r.output, tmp, out)
        timings["notebooks"] = {r.name: round(r.seconds, 2) for r in runs}
        timings["notebooks_total"] = round(time.perf_counter() - tick, 2)

        tick = time.perf_counter()
        title = f"{settings.authority_name} Independent Chairperson's Report {year.label}"
        subtitle = (f"Reviews of looked-after children and child protection conferences, "
                    f"{year.start.day} April {year.first} to {year.end.day} March {year.first + 1}")
        stitched = stitch_report([tmp / "notebooks" / s.name for s in sources], title, subtitle=subtitle,
                                 images_folder=notebooks_dir)
        missing_alt = images_without_alt(stitched.html)
        if missing_alt:
            log(f"Note: {missing_alt} image(s) in the report have no alt text; give each chart its message.")
        for warning in stitched.warnings:
            log(f"Note: {warning}")
        (tmp / "report.html").write_text(stitched.html, encoding="utf-8")
        timings["stitch"] = round(time.perf_counter() - tick, 2)
        log(f"Stitched report.html ({_size(tmp / 'report.html')}, {len(stitched.sections)} sections)")

        snapshots = figures.loc[figures["period_type"] == "date", "period"]
        try:
            check_privacy(tmp, identifying, report_dates(year, settings.as_at, snapshots))
        except PrivacyError as exc:
            raise BuildError(str(exc)) from None

        tick = time.perf_counter()
        if pdf:
            printed = write_pdf(tmp / "report.html", tmp / "report.pdf")
            if printed.path is None:
                log(f"No PDF: no PDF engine worked ({printed.reason}); carrying on without report.pdf.")
            else:
                log(f"Printed report.pdf with {printed.engine} ({_size(printed.path)})")
            engine, note = printed.engine, printed.reason
        else:
            engine, note = None, "PDF not requested"
        timings["pdf"] = round(time.perf_counter() - tick, 2)
        timings["total"] = round(time.perf_counter() - started, 2)

        record = provenance_record(
            year=year.label,
            parameters={**asdict(settings), "data_override": data_dir if data else None,
                        "reviews_from_override": reviews_from, "exclude_invalid_override": exclude_invalid,
                        "notebook_parameters": {"year": year.label, "params": settings.source,
                                                "figures": "figures.parquet", "tables_dir": "tables/"},
                        "figures_loaded_with": {"reviews_from": bundle.context.reviews_from,
                                                "exclude_invalid": exclude},
                        "sections_reused": sorted(reused), "forced": force, "section": section,
                        "excluded": {"children": ds.excluded_children,
                                     "by_rule": ds.exclusions.to_dict(orient="records")}},
            params_file=settings.source, narrative_file=settings.narrative, data_folder=data_dir,
            input_hashes=ds.file_hashes, timings=timings, pdf_engine=engine, pdf_note=note,
            project_root=PROJECT_ROOT)
        write_json(record, tmp / "provenance.json")
        write_manifest(current, tmp)
        replace_folder(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log(f"Built {_shown(out)} in {time.perf_counter() - started:.0f} s")
    return out
