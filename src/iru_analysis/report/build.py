"""``iru-report build``: one year's report, built whole or not at all (DESIGN.md, contract 4).

Steps, all writing into a temporary folder beside the destination:

1. read the parameters (``params/<year>.yaml``) and load the data folder (bad input stops
   here with the usual one-paragraph message);
2. ``figures.csv`` (every figure, from the same measures the notebooks call) and
   ``data-quality.csv`` (the loader's findings, without their ``value`` column, which
   may hold a child's identifier or date of birth);
3. execute the section notebooks with papermill, two at a time (``notebooks/`` keeps the
   executed copies, code visible, for reviewers; ``tables/`` gets the CSV behind every
   chart and table);
4. stitch ``report.html``; check that no published file holds a child's identifier,
   date of birth or postcode (:func:`privacy_findings`);
5. print ``report.pdf`` (A4; skipped with a note when no PDF engine works);
6. ``provenance.json``; then the temporary folder replaces ``outputs/<year>/``.

Any failure removes the temporary folder and leaves the previous outputs untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

import nbformat
import pandas as pd

from ..calendar import ReportingYear
from ..dataset import Dataset
from ..paths import NOTEBOOKS, OUTPUTS, PARAMS, PROJECT_ROOT
from .run import NotebookFailed, run_notebooks, section_notebooks

Log = Callable[[str], None]

DATA_QUALITY_COLUMNS = ["severity", "file", "row", "column", "rule"]  # never "value"
ID_COLUMNS = ("CHILD", "LAchildID", "UPN")
DOB_COLUMNS = ("DOB", "PersonBirthDate", "ExpectedPersonBirthDate", "MC_DOB")
POSTCODE_COLUMNS = ("HOME_POST", "PL_POST")
# Identifiers shorter than this cannot be told apart from the report's own numbers
# (a child "283" and 283 children), so they are not searched for.
MIN_ID_LENGTH = 5

_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_DATE = re.compile(r"(?<!\d)(?:\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2})(?!\d)")
_POSTCODE = re.compile(r"(?<![A-Z0-9])[A-Z]{1,2}[0-9][A-Z0-9]? ?(?:[0-9](?:[A-Z]{2})?)?(?![A-Z0-9])")


class BuildError(Exception):
    """The build stopped; the message is one paragraph and nothing was published.

    ``exit_status`` is 2 when the cause is bad input (as for the CLI's other commands),
    else 1.
    """

    def __init__(self, message: str, exit_status: int = 1):
        super().__init__(message)
        self.exit_status = exit_status


class PrivacyError(BuildError):
    """A published file would hold a child's identifier, date of birth or postcode."""


def _print(line: str) -> None:
    print(line, flush=True)


def _shown(path: Path) -> str:
    """A path as the user reads it: relative to the project when inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


# --- privacy ---------------------------------------------------------------------------

def _column_values(ds: Dataset, columns: Iterable[str]) -> pd.Series:
    """Every non-missing value of the named columns, in any of the dataset's tables."""
    wanted = set(columns)
    parts = [frame[c] for name in ds.__dataclass_fields__
             if isinstance(frame := getattr(ds, name), pd.DataFrame) and name != "findings"
             for c in frame.columns if c in wanted]
    if not parts:
        return pd.Series([], dtype="object")
    return pd.concat(parts, ignore_index=True).dropna()


def identifying_values(ds: Dataset) -> dict[str, set[str]]:
    """What must never be published, as text: ``ids``, ``dobs`` (both date forms), ``postcodes``.

    Identifiers are the values of CHILD, LAchildID and UPN of at least MIN_ID_LENGTH
    characters; dates of birth are written ``dd/mm/YYYY`` (SSDA903) and ``YYYY-MM-DD``
    (CIN XML, ISO); postcodes (HOME_POST, PL_POST) are upper-cased with single spaces.
    """
    ids = _column_values(ds, ID_COLUMNS).astype(str).str.strip()
    dates = pd.to_datetime(_column_values(ds, DOB_COLUMNS), errors="coerce", dayfirst=True).dropna()
    posts = _column_values(ds, POSTCODE_COLUMNS).astype(str).str.upper().str.split().str.join(" ")
    return {
        "ids": set(ids[ids.str.len() >= MIN_ID_LENGTH]),
        "dobs": set(dates.dt.strftime("%d/%m/%Y")) | set(dates.dt.strftime("%Y-%m-%d")),
        "postcodes": set(posts[posts.str.len() >= 2]),
    }


def report_dates(year: ReportingYear, as_at: dt.date, extra: Iterable[str] = ()) -> set[str]:
    """Dates the report itself prints (year starts and ends of the year and the five before
    it, the as-at date, figures' snapshot periods), in both forms; a child born on one of
    them cannot be told apart from the report's own dates, so they are not searched for."""
    days = [pd.Timestamp(as_at)]
    for y in range(year.first - 5, year.first + 1):
        days += [ReportingYear(y).start, ReportingYear(y).end]
    days += [pd.Timestamp(d) for d in extra if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d))]
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


def privacy_findings(text: str, values: dict[str, set[str]], allowed_dates: set[str] = frozenset()) -> dict[str, list[int]]:
    """Line numbers of ``text`` holding an identifier, a date of birth or a postcode.

    Base64 data (embedded images) is ignored. Identifiers match whole alphanumeric
    tokens; dates of birth match ``dd/mm/YYYY`` or ``YYYY-MM-DD`` unless in
    ``allowed_dates``; postcodes match case-insensitively. Returns e.g.
    ``{"child identifier": [12], "date of birth": [], "postcode": []}``.
    """
    found: dict[str, list[int]] = defaultdict(list)
    dobs = values.get("dobs", set()) - set(allowed_dates)
    postcodes = {_canonical_postcode(p) for p in values.get("postcodes", set())}
    for number, line in enumerate(_DATA_URI.sub("", text).splitlines(), start=1):
        if values.get("ids") and values["ids"] & set(_TOKEN.findall(line)):
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


def check_privacy(folder: Path, values: dict[str, set[str]], allowed_dates: set[str]) -> None:
    """Raise PrivacyError when any output of ``folder`` holds identifying values.

    Searched: report.html, figures.csv, data-quality.csv, tables/*.csv and the outputs
    of notebooks/*.ipynb. The message names each file, what was found and on which
    lines — never the values themselves.
    """
    problems = []
    files = [folder / "report.html", folder / "figures.csv", folder / "data-quality.csv",
             *sorted((folder / "tables").glob("*.csv")), *sorted((folder / "notebooks").glob("*.ipynb"))]
    for path in files:
        if not path.is_file():
            continue
        text = notebook_text(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8", errors="replace")
        for kind, lines in privacy_findings(text, values, allowed_dates).items():
            where = "outputs" if path.suffix == ".ipynb" else "lines"
            shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
            problems.append(f"{path.relative_to(folder)} holds a {kind} ({where} {shown})")
    if problems:
        raise PrivacyError("Privacy check failed, nothing was published: " + "; ".join(problems)
                           + ". Remove the identifying values from the section that writes them.")


# --- writing ---------------------------------------------------------------------------

def data_quality_table(findings: pd.DataFrame, ids: set[str] = frozenset()) -> pd.DataFrame:
    """The findings as published: severity, file, row, column, rule — never the value.

    A rule that names a child (the loader locates rows of a CIN XML return by the
    child's LAchildID) has that identifier replaced by ``[withheld]``; the row of an XML
    return is still found by its ``<Child>`` number. ``iru-report validate`` prints the
    findings in full for the data officer.
    """
    frame = findings.reindex(columns=DATA_QUALITY_COLUMNS)
    rules = frame["rule"].fillna("").astype(str)
    named = sorted(set(_TOKEN.findall(" ".join(rules))) & set(ids), key=len, reverse=True)
    if named:
        pattern = r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, named)) + r")(?![A-Za-z0-9])"
        frame["rule"] = rules.str.replace(pattern, "[withheld]", regex=True)
    return frame.sort_values(["severity", "file"], kind="stable").reset_index(drop=True)


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


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"


def build_report(year: ReportingYear, params: Path | None = None, data: Path | None = None,
                 out: Path | None = None, *, notebooks_dir: Path | None = None,
                 workers: int = 2, pdf: bool = True, log: Log = _print) -> Path:
    """Build one year's report into ``out`` (default ``outputs/<year>``) and return it.

    ``params`` defaults to ``params/<year>.yaml``; ``data`` (default: the parameters'
    data folder) overrides the data folder for the figures and every notebook.
    Raises InputError/InputErrors for bad parameters or data, BuildError when a notebook
    fails or the privacy check finds identifying values, in which case ``out`` is left
    as it was.
    """
    from ..figures import compute_figures
    from ..load import load_dataset
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
    log(f"Building the {year} report from {_shown(data_dir)} with {_shown(settings.source)}")

    tick = time.perf_counter()
    ds = load_dataset(data_dir)
    timings["load_data"] = round(time.perf_counter() - tick, 2)

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    os.chmod(tmp, 0o755)
    try:
        tick = time.perf_counter()
        figures = compute_figures(ds, year, as_at=pd.Timestamp(settings.as_at))
        figures.to_csv(tmp / "figures.csv", index=False)
        identifying = identifying_values(ds)
        data_quality_table(ds.findings, identifying["ids"]).to_csv(tmp / "data-quality.csv", index=False)
        timings["figures"] = round(time.perf_counter() - tick, 2)
        log(f"Wrote figures.csv ({len(figures)} figures) and data-quality.csv ({len(ds.findings)} findings)")

        (tmp / "tables").mkdir()
        parameters = {"year": year.label, "params": str(settings.source),
                      "data": str(data_dir) if data else "", "tables_dir": str(tmp / "tables")}
        log(f"Running {len(sources)} section notebook{'s' if len(sources) != 1 else ''}, {workers} at a time:")
        tick = time.perf_counter()
        try:
            runs = run_notebooks(sources, tmp / "notebooks", parameters, cwd=notebooks_dir,
                                 workers=workers, log=log)
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
        stitched = stitch_report([r.output for r in runs], title, subtitle=subtitle,
                                 images_folder=notebooks_dir)
        missing_alt = images_without_alt(stitched.html)
        if missing_alt:
            log(f"Note: {missing_alt} image(s) in the report have no alt text; give each chart its message.")
        for warning in stitched.warnings:
            log(f"Note: {warning}")
        (tmp / "report.html").write_text(stitched.html, encoding="utf-8")
        timings["stitch"] = round(time.perf_counter() - tick, 2)
        log(f"Stitched report.html ({_size(tmp / 'report.html')}, {len(stitched.sections)} sections)")

        periods = figures["period"].astype(str) if "period" in figures else []
        check_privacy(tmp, identifying, report_dates(year, settings.as_at, periods))

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
                        "notebook_parameters": {"year": year.label, "params": settings.source,
                                                "data": data_dir if data else "", "tables_dir": "tables/"}},
            params_file=settings.source, narrative_file=settings.narrative, data_folder=data_dir,
            input_hashes=ds.file_hashes, timings=timings, pdf_engine=engine, pdf_note=note,
            project_root=PROJECT_ROOT)
        write_json(record, tmp / "provenance.json")
        replace_folder(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log(f"Built {_shown(out)} in {time.perf_counter() - started:.0f} s")
    return out
