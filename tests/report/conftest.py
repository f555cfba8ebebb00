"""Fixtures shared by the report's tests: the demo year built once for the whole session."""

from __future__ import annotations

import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.paths import PARAMS
from iru_analysis.report.build import build_report


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """``(output folder, log lines)`` of one end-to-end build of the demo year (2015-16),
    shared by every test that reads a built report (test_build.py, test_pdf_build.py)."""
    out = tmp_path_factory.mktemp("build") / "2015-16"
    lines: list[str] = []
    path = build_report(
        ReportingYear.parse("2015-16"), params=PARAMS / "2015-16.yaml", data=None, out=out, log=lines.append
    )
    return path, lines
