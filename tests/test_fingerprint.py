"""The package's fingerprint: its version and a hash of its files (iru_analysis.fingerprint)."""

from __future__ import annotations

from iru_analysis import __version__
from iru_analysis.fingerprint import files_digest, package_fingerprint


def test_a_changed_file_changes_the_digest_and_caches_do_not(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_text("code\nE11\n")
    before = files_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0compiled")
    assert files_digest(tmp_path) == before  # compiled caches are not the code
    (tmp_path / "sub" / "b.csv").write_text("code\nE12\n")
    assert files_digest(tmp_path) != before  # one code changed in a code list
    (tmp_path / "sub" / "b.csv").write_text("code\nE11\n")
    (tmp_path / "sub" / "b.csv").rename(tmp_path / "b.csv")
    assert files_digest(tmp_path) != before  # the same bytes under another name


def test_the_fingerprint_is_the_version_and_the_digest():
    version, digest = package_fingerprint().split("+")
    assert version == __version__ and len(digest) == 16
