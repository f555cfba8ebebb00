"""environment.yml (conda) and pyproject.toml (pip) must list the same requirements.

The pip path (``make test``) is the tested one; the conda file installs the same
requirements through its ``pip:`` list. Requirement strings are compared after removing
whitespace and quotes; the ``-e .`` line and the conda-level ``python`` and ``pip``
entries are not requirements of the package. Any other conda-level entry is a package
the pip path lacks, so it makes the lists differ too.
"""

from __future__ import annotations

import re
import tomllib

import yaml

from iru_analysis.paths import PROJECT_ROOT

CONDA_ONLY = {"python", "pip"}  # conda-level entries that are not package requirements


def normalise(requirement: str) -> str:
    """A requirement string without whitespace or quotes, name in lower case.

    >>> normalise(' "Pandas >= 2.2, <4" ')
    'pandas>=2.2,<4'
    """
    text = "".join(str(requirement).split()).replace('"', "").replace("'", "")
    name = _name(text)
    return name.lower() + text[len(name) :]


def _name(requirement: str) -> str:
    """The project name at the start of a requirement string (before any specifier)."""
    return re.split(r"[<>=!~;\[@]", "".join(str(requirement).split()), maxsplit=1)[0]


def pyproject_requirements(text: str) -> set[str]:
    """Normalised requirements of ``[project].dependencies`` and the ``test`` extra."""
    project = tomllib.loads(text)["project"]
    listed = project.get("dependencies", []) + project.get("optional-dependencies", {}).get("test", [])
    return {normalise(r) for r in listed}


def environment_requirements(text: str) -> set[str]:
    """Normalised requirements of environment.yml: its ``pip:`` list (less ``-e .``) and any
    conda-level entry other than python and pip."""
    found: set[str] = set()
    for entry in yaml.safe_load(text).get("dependencies", []):
        if isinstance(entry, dict):
            found |= {normalise(r) for r in entry.get("pip", []) if normalise(r) not in {"-e.", "."}}
        elif _name(entry).lower() not in CONDA_ONLY:
            found.add(normalise(entry))
    return found


def differences(pyproject_text: str, environment_text: str) -> dict[str, set[str]]:
    """Requirements listed in one file only, keyed by the file that lists them."""
    pip, conda = pyproject_requirements(pyproject_text), environment_requirements(environment_text)
    return {"pyproject.toml only": pip - conda, "environment.yml only": conda - pip}


def test_environment_yml_matches_pyproject():
    found = differences(
        (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"),
        (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"),
    )
    assert found == {"pyproject.toml only": set(), "environment.yml only": set()}, (
        f"Add each requirement to both files: {found}"
    )
    assert pyproject_requirements((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


PYPROJECT = """
[project]
name = "x"
dependencies = ["pandas>=2.2,<4", 'numpy >= 1.26']
[project.optional-dependencies]
test = ["pytest>=8"]
docs = ["sphinx"]
"""

ENVIRONMENT = """
dependencies:
  - python>=3.11
  - pip
  - pip:
      - "pandas >=2.2, <4"
      - numpy>=1.26
      - 'pytest>=8'
      - "-e ."
"""


def test_differences_ignore_whitespace_quotes_and_the_package_itself():
    # same three requirements written differently; sphinx is another extra, not compared
    assert differences(PYPROJECT, ENVIRONMENT) == {"pyproject.toml only": set(), "environment.yml only": set()}


def test_differences_catch_a_package_added_to_one_side():
    # seaborn added to pyproject only
    more_pip = PYPROJECT.replace('"pytest>=8"]', '"pytest>=8", "seaborn>=0.13"]')
    assert differences(more_pip, ENVIRONMENT)["pyproject.toml only"] == {"seaborn>=0.13"}
    # holidays added to the pip list of environment.yml only
    more_conda = ENVIRONMENT.replace('      - "-e ."', '      - holidays>=0.50\n      - "-e ."')
    assert differences(PYPROJECT, more_conda)["environment.yml only"] == {"holidays>=0.50"}
    # a conda-level package other than python and pip is one the pip path lacks
    conda_level = ENVIRONMENT.replace("  - pip\n", "  - pip\n  - scipy\n")
    assert differences(PYPROJECT, conda_level)["environment.yml only"] == {"scipy"}
    # a changed version bound is a difference too
    bumped = ENVIRONMENT.replace("numpy>=1.26", "numpy>=2")
    assert differences(PYPROJECT, bumped) == {
        "pyproject.toml only": {"numpy>=1.26"},
        "environment.yml only": {"numpy>=2"},
    }
