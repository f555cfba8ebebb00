"""The notebooks as committed: no outputs, a literal `parameters` cell, no definitions
(the section notebooks and the starters in notebooks/explore/).

Outputs belong in ``outputs/<year>/notebooks/`` (a build's executed copies), never in
git: they may hold personal data and they make every diff noisy. The committed version
is the one in git's index (``git ls-files``), read with ``git show :<path>``; the
structure rules (docs/design.md §1: "a parameters cell of plain literals", "no function
definitions") are checked on every section notebook in the working tree.
"""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest

from iru_analysis.paths import NOTEBOOKS, PROJECT_ROOT
from iru_analysis.report.run import section_notebooks


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), *args], check=True, capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _committed() -> list[str]:
    listed = _git("ls-files", "--", "notebooks")
    return [p for p in (listed or "").splitlines() if p.endswith(".ipynb")]


def _unclean(nb: dict) -> list[str]:
    problems = []
    for index, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("outputs"):
            problems.append(f"cell {index} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {index} has an execution count")
    return problems


def test_unclean_finds_outputs_and_counts():
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "# 1"},
            {"cell_type": "code", "source": "x", "outputs": [], "execution_count": None},
            {"cell_type": "code", "source": "x", "outputs": [{"output_type": "stream"}], "execution_count": 3},
        ]
    }
    assert _unclean(nb) == ["cell 3 has outputs", "cell 3 has an execution count"]


@pytest.mark.parametrize("path", _committed())
def test_committed_notebook_has_no_outputs(path):
    text = _git("show", f":{path}")
    if text is None:
        pytest.skip(f"{path} is listed but not readable from git's index")
    problems = _unclean(json.loads(text))
    assert not problems, f"{path}: {'; '.join(problems)} (run nbstripout, or `pre-commit install`)"


def _code_cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _non_literal_assignments(source: str) -> list[str]:
    """Statements of a parameters cell that are not `name = <literal>`."""
    problems = []
    for statement in ast.parse(source).body:
        target_ok = (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ) or (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value is not None
        )
        try:
            ast.literal_eval(statement.value) if target_ok else None
        except ValueError:
            target_ok = False
        if not target_ok:
            problems.append(ast.unparse(statement))
    return problems


def test_literal_assignments_are_told_apart():
    assert _non_literal_assignments('year = "2015-16"\nn: int = 3\nxs = [1, "a"]') == []
    assert _non_literal_assignments("data = Path('x')\nimport os\na = b = 1") == [
        "data = Path('x')",
        "import os",
        "a = b = 1",
    ]


@pytest.mark.parametrize(
    "path",
    section_notebooks(NOTEBOOKS)
    + section_notebooks(NOTEBOOKS / "monthly", monthly=True)
    + sorted((NOTEBOOKS / "explore").glob("*.ipynb")),
    ids=lambda p: p.name,
)
def test_notebook_structure(path):
    cells = _code_cells(path)
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: needs exactly one code cell tagged `parameters`"
    problems = _non_literal_assignments(_source(tagged[0]))
    assert not problems, f"{path.name}: the parameters cell must hold only literal assignments: {problems}"
    for index, cell in enumerate(cells, start=1):
        lines = _source(cell).splitlines()
        code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)  # magics
        defined = [
            n for n in ast.walk(ast.parse(code)) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        ]
        assert not defined, f"{path.name}: code cell {index} defines a function or class; put it in iru_analysis"
