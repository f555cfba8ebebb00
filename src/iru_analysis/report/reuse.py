"""Which sections a rebuild can reuse: the manifest of hashes in the output folder.

Every build writes ``manifest.json`` beside ``report.html``: per section notebook (by
its file stem, e.g. ``"05_reviews"``) the sha256 of the source notebook, the
package fingerprint, the sha256 of the effective parameters (the year, the parameters and
narrative files' contents, ``reviews_from``, ``exclude_invalid``) and the sha256 of the
figures bundle the notebook read. The next build computes the same entries; a section
whose entry is unchanged, and whose executed notebook the previous build published, is
reused (its executed notebook and ``tables/NN_*.csv`` copied) instead of run.
``--force`` runs every section; ``--section NAME`` runs that one whatever its entry.

The manifest also keys the build's other steps, so a rebuild skips each step whose
inputs are unchanged (never with ``--force``):

- ``bundle``: the figures bundle's key (:func:`iru_analysis.bundle.cache_key`: every
  input file's sha256, the year, as-at date, review history start, ``exclude_invalid``,
  the data folder and the package fingerprint). Unchanged, the bundle files are copied from
  the last build and the data folder is not loaded.
- ``report``: the sha256 of what ``report.html`` is stitched from (:func:`report_sha256`).
  Unchanged, ``report.html`` is copied.
- ``checked``: the sha256 of every file the privacy check searched when it passed.
  When the bundle is unchanged (so are the data, hence the identifying values) and
  every file to be published has the hash recorded, the check's result is unchanged and
  it is not run again; otherwise the data folder is loaded for it.
- ``pdf``: the sha256 of the ``report.html`` that ``report.pdf`` was printed from (None
  when no PDF was printed). Unchanged, ``report.pdf`` is copied.
- ``docx``: the sha256 of what ``report.docx`` is written from (:func:`docx_sha256`).
  Unchanged, ``report.docx`` is copied.
- ``files``: the sha256 of every file the build wrote (but the two records). A rebuild
  reuses nothing from a folder whose files were changed since (:func:`intact`), so a
  hand-edited output is never copied into the next build.

"The package" is its fingerprint (:func:`iru_analysis.fingerprint.package_fingerprint`:
the version and a hash of the package's files), so an edit to the code is seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .sections import find_section

MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = 1
BUNDLE_FILES = ("figures.parquet", "figures.csv", "comparators.parquet", "data-quality.csv", "context.json")


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_sha256(paths: Iterable[Path]) -> str:
    """One sha256 over several files (each file's name and hash, in the order given)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{Path(path).name}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def parameters_sha256(parameters: Mapping[str, object]) -> str:
    """The sha256 of the effective parameters (keys sorted; values as text).

    >>> parameters_sha256({"b": 1, "a": None}) == parameters_sha256({"a": None, "b": 1})
    True
    """
    return hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()


def manifest(notebooks: Mapping[str, str], package: str, parameters: str, figures: str) -> dict[str, object]:
    """The manifest of one build: ``notebooks`` maps each section's notebook stem to the
    sha256 of its source; ``parameters`` and ``figures`` are sha256s, shared by all."""
    return {
        "manifest_version": MANIFEST_VERSION,
        "sections": {
            name: {"notebook": sha, "package": package, "parameters": parameters, "figures": figures}
            for name, sha in notebooks.items()
        },
    }


def report_sha256(
    notebooks: Iterable[Path],
    title: str,
    subtitle: str,
    images: Mapping[str, str],
    package: str,
    front: Mapping[str, str] | None = None,
) -> str:
    """The sha256 of what ``report.html`` is stitched from: the executed notebooks' bytes (in
    order), the title and subtitle, ``images`` (the notebooks folder's files by relative
    path, with their sha256: Markdown cells may link images there), the package fingerprint
    and ``front``, the sha256 of what the front matter is made from (the parameters file,
    the figures bundle) by name."""
    return parameters_sha256(
        {
            "notebooks": files_sha256(notebooks),
            "title": title,
            "subtitle": subtitle,
            "images": dict(images),
            "package": package,
            "front": dict(front or {}),
        }
    )


def docx_sha256(html: Path, reference_docx: Path | None, date: dt.date, package: str) -> str:
    """The sha256 of what ``report.docx`` is written from: ``report.html``'s bytes, the Word
    template's (None: none), the document's date and the package fingerprint."""
    return parameters_sha256(
        {
            "html": file_sha256(html),
            "reference_docx": file_sha256(reference_docx) if reference_docx else None,
            "date": date.isoformat(),
            "package": package,
        }
    )


def folder_files(folder: Path, leave_out: Iterable[str] = ()) -> dict[str, str]:
    """The sha256 of every file under ``folder`` by relative path (POSIX), but ``leave_out``."""
    folder = Path(folder)
    return {
        p.relative_to(folder).as_posix(): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() not in set(leave_out)
    }


def intact(previous: Mapping[str, object] | None, folder: Path) -> bool:
    """True when every file the manifest ``previous`` lists under ``files`` is in ``folder``
    with the recorded sha256 (False without a manifest or its ``files``)."""
    files: Mapping[str, str] = (previous or {}).get("files") or {}  # type: ignore[assignment]
    folder = Path(folder)
    return bool(files) and all(
        (folder / name).is_file() and file_sha256(folder / name) == sha for name, sha in files.items()
    )


def unchanged_step(previous: Mapping[str, object] | None, step: str, key: object, force: bool = False) -> bool:
    """True when the last build's manifest ``previous`` recorded ``key`` for ``step`` (one of
    ``bundle``, ``report``, ``checked``, ``pdf``, ``docx``): never with ``force``, nor for a missing or
    None key.

    >>> unchanged_step({"pdf": "abc"}, "pdf", "abc"), unchanged_step({"pdf": "abc"}, "pdf", "abc", force=True)
    (True, False)
    >>> unchanged_step({"pdf": None}, "pdf", None), unchanged_step(None, "pdf", "abc")
    (False, False)
    """
    return bool(previous) and not force and key is not None and previous.get(step) == key


def reusable(
    previous: Mapping[str, object] | None,
    current: Mapping[str, object],
    published: Iterable[str],
    *,
    force: bool = False,
    rerun: Iterable[str] = (),
) -> set[str]:
    """The sections of ``current`` whose executed notebook can be taken from the last build.

    A section is reused when ``previous`` (the last build's manifest, None when there is
    none) holds the same entry for it and ``published`` (the stems of the last build's
    executed notebooks) holds it; never with ``force``, nor for a section in ``rerun``.
    """
    if force or not previous or previous.get("manifest_version") != MANIFEST_VERSION:
        return set()
    before: Mapping[str, object] = previous.get("sections") or {}  # type: ignore[assignment]
    now: Mapping[str, object] = current["sections"]  # type: ignore[assignment]
    same = {name for name, entry in now.items() if before.get(name) == entry}
    return (same & set(published)) - set(rerun)


def resolve_section(name: str, stems: Sequence[str]) -> str:
    """The notebook stem that ``--section NAME`` means: a section key (``"reviews"``) or
    a notebook name (``"05_reviews"``, ``.ipynb`` allowed), as the registry of sections
    says (:func:`.sections.find_section`), which must be one of ``stems``. Raises
    ValueError naming the choices.

    >>> resolve_section("reviews", ["01_summary", "05_reviews"])
    '05_reviews'
    >>> resolve_section("01_summary.ipynb", ["01_summary"])
    '01_summary'
    """
    stem = find_section(name).stem
    if stem not in stems:
        raise ValueError(
            f'"{name}" is the section notebook {stem}, which is not among those built ({", ".join(stems)})'
        )
    return stem


def read_manifest(folder: Path) -> dict[str, object] | None:
    """The manifest a build left in ``folder`` (None when absent or unreadable)."""
    try:
        found = json.loads((Path(folder) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def write_manifest(record: Mapping[str, object], folder: Path) -> None:
    """Write ``record`` as ``folder/manifest.json``."""
    (Path(folder) / MANIFEST_FILE).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
