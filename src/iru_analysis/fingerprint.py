"""The package as it is on disk, so a cache or a rebuild sees an edit to its code.

:func:`package_fingerprint` is the version and a hash of every file of the package
(code, templates, code lists), computed once per process (about 70 files, under a
megabyte). The figures cache (:func:`iru_analysis.bundle.cache_key`) and the build's
manifest of reusable steps (:mod:`iru_analysis.report.reuse`) compare it, so an analyst
who edits the code, or updates it without a new version number, never reads figures or
sections made by the code before.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from . import __version__

PACKAGE_DIR = Path(__file__).resolve().parent


def files_digest(folder: Path) -> str:
    """sha256 of every file under ``folder`` (relative path and bytes, in path order), caches left out."""
    digest = hashlib.sha256()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def package_fingerprint() -> str:
    """``<version>+<first 16 hex digits of files_digest(the package)>``, e.g. ``0.1.0+3fa9…``."""
    return f"{__version__}+{files_digest(PACKAGE_DIR)[:16]}"
