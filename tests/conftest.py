"""Shared test set-up.

- Figures computed the way a notebook opened by hand computes them are cached in a
  temporary folder for the session, never in the project's ``outputs/.cache``.
- ``built``: the demo year built once for the session, for every test that reads a
  built report.
- ``golden``: the wording tests compare the text the report generates with small golden
  files, one per case, under ``tests/report/golden/<test module>/<case>.txt``.
  ``pytest --update-golden`` (never on by default) writes the generated text to them
  instead; review the diff (``git diff tests/report/golden``) before committing it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "report" / "golden"
UPDATE = "--update-golden"

Text = str | Sequence[str] | Mapping[str, "Text"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        UPDATE,
        action="store_true",
        default=False,
        help="write the text the wording tests generate to their golden files under "
        "tests/report/golden/ instead of comparing with them (review the diff before committing)",
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """``(output folder, log lines)`` of one end-to-end build of the demo year (2015-16), with
    its public version (``public/``), shared by every test that reads a built report
    (report/test_build.py, report/test_pdf_build.py, report/test_accessibility.py)."""
    from iru_analysis.calendar import ReportingYear
    from iru_analysis.paths import PARAMS
    from iru_analysis.report.build import build_report

    out = tmp_path_factory.mktemp("build") / "2015-16"
    lines: list[str] = []
    path = build_report(
        ReportingYear.parse("2015-16"),
        params=PARAMS / "2015-16.yaml",
        data=None,
        out=out,
        publication=True,
        log=lines.append,
    )
    return path, lines


@pytest.fixture(autouse=True, scope="session")
def _bundle_cache(tmp_path_factory):
    patch = pytest.MonkeyPatch()
    patch.setattr("iru_analysis.bundle.CACHE", tmp_path_factory.mktemp("bundle-cache"))
    yield
    patch.undo()


def render(text: Text) -> str:
    """The text as its golden file holds it: a sentence as it is; a list one "- " line per
    item; named parts each under its "[name]" line, a blank line between parts.

    >>> print(render({"caption": "Two notes", "notes": ["One.", "Two."]}))
    [caption]
    Two notes
    <BLANKLINE>
    [notes]
    - One.
    - Two.
    """
    if isinstance(text, str):
        return text
    if isinstance(text, Mapping):
        return "\n\n".join(f"[{name}]\n{render(part)}" for name, part in text.items())
    items = list(text)
    # an item over several lines would read as several items: such text is kept as one string
    assert all(isinstance(i, str) and "\n" not in i for i in items), f"golden lists hold one-line strings: {items!r}"
    return "\n".join(f"- {item}" for item in items)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, Text], None]:
    """``golden(case, text)``: assert that ``text`` (a string, a list of strings, or a mapping
    of named parts) is what ``tests/report/golden/<module>/<case>.txt`` holds."""
    folder = GOLDEN / request.path.stem.removeprefix("test_")
    update = request.config.getoption(UPDATE)

    def check(case: str, text: Text) -> None:
        path = folder / f"{case}.txt"
        shown = render(text) + "\n"
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(shown, encoding="utf-8")
            return
        if not path.is_file():
            pytest.fail(
                f"no golden file {path.relative_to(request.config.rootpath)}: write it from the text generated with "
                f"`pytest {UPDATE} {request.node.nodeid}`, then read it before committing",
                pytrace=False,
            )
        assert shown == path.read_text(encoding="utf-8"), (
            f"the text differs from {path.name} (pytest {UPDATE} rewrites it)"
        )

    return check
