"""Which sections a rebuild can reuse: the manifest of hashes in the output folder.

Every build writes ``manifest.json`` beside ``report.html``: per section notebook (by
its file stem, e.g. ``"05_reviews"``) the sha256 of the source notebook, the
package version, the sha256 of the effective parameters (the year, the parameters and
narrative files' contents, ``reviews_from``, ``exclude_invalid``) and the sha256 of the
figures bundle the notebook read. The next build computes the same entries; a section
whose entry is unchanged, and whose executed notebook the previous build published, is
reused (its executed notebook and ``tables/NN_*.csv`` copied) instead of run.
``--force`` runs every section; ``--section NAME`` runs that one whatever its entry.

The package version is compared, not the package's source: an analyst who edits the
code of ``iru_analysis`` without raising its version rebuilds with ``--force``.
"""

from __future__ import annotations

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
    return {"manifest_version": MANIFEST_VERSION,
            "sections": {name: {"notebook": sha, "package": package, "parameters": parameters,
                                "figures": figures}
                         for name, sha in notebooks.items()}}


def reusable(previous: Mapping[str, object] | None, current: Mapping[str, object],
             published: Iterable[str], *, force: bool = False, rerun: Iterable[str] = ()) -> set[str]:
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
        raise ValueError(f'"{name}" is the section notebook {stem}, which is not among those built '
                         f"({', '.join(stems)})")
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
    (Path(folder) / MANIFEST_FILE).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")
