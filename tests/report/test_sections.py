"""The registry of sections (report/sections.py) and what follows from it: notebooks, content modules, names."""

from __future__ import annotations

from pathlib import Path

import pytest

from iru_analysis.paths import NOTEBOOKS
from iru_analysis.report import content
from iru_analysis.report.run import section_notebooks
from iru_analysis.report.sections import MONTHLY_SECTIONS, SECTIONS, SectionSpec, find_section

CONTENT = Path(content.__file__).parent


def test_sections_are_numbered_in_order_from_one():
    assert [spec.number for spec in SECTIONS.values()] == list(range(1, 13))
    assert all(key == spec.key for key, spec in SECTIONS.items())


def test_a_sections_names_follow_from_its_key_and_number():
    # the 5th section, key "reviews": notebook 05_reviews.ipynb, content module content/reviews.py
    spec = SECTIONS["reviews"]
    assert spec == SectionSpec("reviews", 5, "Care plan reviews", True)
    assert (spec.stem, spec.notebook, spec.heading) == ("05_reviews", "05_reviews.ipynb", "5. Care plan reviews")
    assert spec.module == "iru_analysis.report.content.reviews"
    assert SECTIONS["appendices"].stem == "12_appendices"  # two digits, no padding beyond
    assert SECTIONS["priorities"].module is None  # no recipes of its own: the narrative only


def test_the_committed_notebooks_are_the_registered_ones():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == [spec.notebook for spec in SECTIONS.values()]
    assert section_notebooks(NOTEBOOKS) == [NOTEBOOKS / spec.notebook for spec in SECTIONS.values()]


def test_the_content_modules_are_the_registered_ones():
    # front matter: no section; monthly: what the monthly report's modules share
    modules = {p.stem for p in CONTENT.glob("*.py")} - {"__init__", "base", "front_matter", "monthly"}
    both = [*SECTIONS.values(), *MONTHLY_SECTIONS.values()]
    assert modules == {spec.key for spec in both if spec.module}
    assert list(content.MODULES) == [spec.key for spec in both if spec.module]
    assert content.MODULES["unit_profile"].__name__ == "iru_analysis.report.content.unit_profile"


@pytest.mark.parametrize("name", ["reviews", "05_reviews", "05_reviews.ipynb"])
def test_a_section_is_found_by_key_or_notebook_name(name):
    assert find_section(name) is SECTIONS["reviews"]


@pytest.mark.parametrize("name", ["care_plan_reviews", "05_care_plan_reviews", "5_reviews", "04_reviews", ""])
def test_other_names_are_not_sections(name):
    with pytest.raises(ValueError, match="is not a section of the report"):
        find_section(name)
