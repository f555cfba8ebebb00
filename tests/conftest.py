"""Shared test set-up: figures computed the way a notebook opened by hand computes them are
cached in a temporary folder for the session, never in the project's ``outputs/.cache``."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _bundle_cache(tmp_path_factory):
    patch = pytest.MonkeyPatch()
    patch.setattr("iru_analysis.bundle.CACHE", tmp_path_factory.mktemp("bundle-cache"))
    yield
    patch.undo()
