"""Set-up shared by the report's tests: ``built``, the demo year built once for the whole
session (the slowest step of the suite), read by the end-to-end checks of its outputs
(test_build.py) and by the accessibility checks of its HTML (test_accessibility.py)."""

from __future__ import annotations

import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.paths import PARAMS
from iru_analysis.report.build import build_report


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The demo year's build: its folder, and the lines the build logged."""
    out = tmp_path_factory.mktemp("build") / "2015-16"
    lines: list[str] = []
    path = build_report(
        ReportingYear.parse("2015-16"), params=PARAMS / "2015-16.yaml", data=None, out=out, log=lines.append
    )
    return path, lines
