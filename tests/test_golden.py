"""The golden-file check of tests/conftest.py, run in a pytest of its own (pytester)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).with_name("conftest.py").read_text(encoding="utf-8")
TEST = """
def test_said(golden):
    golden("said", {"caption": "Two notes", "notes": ["One.", "Two."]})
"""
GOLDEN = "[caption]\nTwo notes\n\n[notes]\n- One.\n- Two.\n"


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with the conftest, one wording test (report/test_words.py) and no golden file."""
    pytester.makeconftest(CONFTEST)
    (pytester.path / "report").mkdir()
    (pytester.path / "report" / "test_words.py").write_text(TEST, encoding="utf-8")
    return pytester


def test_a_missing_golden_file_fails_and_names_the_command(suite):
    result = suite.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*no golden file report/golden/words/said.txt: write it from the text generated "
            "with `pytest --update-golden report/test_words.py::test_said`*"
        ]
    )


def test_update_writes_the_file_and_a_plain_run_then_compares_with_it(suite):
    suite.runpytest("-p", "no:cacheprovider", "--update-golden").assert_outcomes(passed=1)
    written = suite.path / "report" / "golden" / "words" / "said.txt"
    assert written.read_text(encoding="utf-8") == GOLDEN
    suite.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    written.write_text(GOLDEN.replace("Two.", "Three."), encoding="utf-8")  # the text no longer matches
    result = suite.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the text differs from said.txt (pytest --update-golden rewrites it)*"])


def test_a_list_item_over_two_lines_is_refused():
    from conftest import render

    with pytest.raises(AssertionError, match="golden lists hold one-line strings"):
        render(["one\n- two"])
