"""The recipe registry (report/content/base.py): re-registering after a reload, clashes refused."""

from __future__ import annotations

import importlib

import pytest

from iru_analysis.report import content
from iru_analysis.report.content import base, reviews

from figures_fixture import make_section


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry for the test to change (the package's own is left as it was)."""
    monkeypatch.setattr(base, "_RECIPES", {kind: dict(known) for kind, known in base._RECIPES.items()})
    return base._RECIPES


def _recipe_from(caption: str):
    """A recipe function; every one made here has the same module and name, as a function
    defined again by a reloaded module has."""

    def made_here(lk):
        return caption

    return made_here


def test_reloading_a_content_module_replaces_its_recipes(registry, tmp_path):
    before = dict(registry["chart"])
    importlib.reload(reviews)  # as importlib.reload or %autoreload does after an edit
    assert content.names("chart") == sorted(before)
    assert registry["chart"]["reviews_in_time_by_month"] is not before["reviews_in_time_by_month"]
    assert registry["chart"]["lac_month_end"] is before["lac_month_end"]  # another module's: untouched
    # the reloaded recipe works: fixture 2015-16, lowest August 42 / 74 = 57%, highest July 88 / 88 = 100%
    chart = make_section(tmp_path, "reviews", 5).chart("reviews_in_time_by_month")
    assert chart.caption == "Reviews held within timescale ranged from 57% in August 2015 to 100% in July 2015"


def test_the_same_function_registered_again_replaces_the_earlier_recipe(registry):
    base.say("test_said", "ssda903", "a test")(_recipe_from("first"))
    base.say("test_said", "ssda903", "a test")(_recipe_from("second"))
    assert content.recipe("say", "test_said")(None) == "second"


def test_another_function_cannot_claim_a_registered_name(registry):
    def other(lk):
        return "other"

    with pytest.raises(
        ValueError,
        match="reviews_by_month is registered twice: by iru_analysis.report.content.reviews._reviews_table and by ",
    ):
        base.chart("reviews_by_month", "ssda903", "a clash", data=other)(other)  # not a table's name
    assert registry["table"]["reviews_by_month"].__qualname__ == "_reviews_table"
    assert "reviews_by_month" not in registry["chart"]
    with pytest.raises(ValueError, match="registered twice"):
        base.say("reviews_key_message", "ssda903", "a clash")(other)
    base.say("reviews_by_month", "ssda903", "a sentence")(other)  # sentences have names of their own
    assert content.recipe("say", "reviews_by_month")(None) == "other"
