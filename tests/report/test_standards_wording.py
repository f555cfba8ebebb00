"""Wording that states a standard is built from the constant that holds it.

The report's content modules, its sentence helpers and the measures' indicator
definitions must not spell out a timescale, distance or caseload range that a measure
module holds as a constant (ICPC_WORKING_DAYS, FIRST_REVIEW_WORKING_DAYS,
SECOND_REVIEW_MONTHS / LATER_REVIEW_MONTHS, LONG_PLAN_MONTHS, LONG_TERM_CARE_MONTHS /
LONG_TERM_PLACEMENT_MONTHS, NEAR_MILES, IRO_HANDBOOK_RANGE, codes.PARTICIPATION_AGE): a literal copy would go
stale silently when the constant changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iru_analysis import codes
from iru_analysis.measures import child_protection, distance, participation, placements, reviews, workforce
from iru_analysis.report.content import child_protection as cp_content
from iru_analysis.report.content import looked_after as la_content
from iru_analysis.report.content import placements as pl_content

SRC = Path(__file__).resolve().parents[2] / "src" / "iru_analysis"
CONTENT = sorted((SRC / "report" / "content").glob("*.py")) + [SRC / "report" / "sentences.py"]
MEASURES = sorted((SRC / "measures").glob("*.py"))

# Standards as they were once typed into the wording; none may come back.
BARE = re.compile(
    r"\b(50 to 70|50-70|\d+ working days|[236] months|30 months|2(\.5)? years"
    r"|20 miles|more than 20\b|aged 4\b|under 4\b)"
)


def _indicators_source(path: Path) -> str:
    """The source text of a measure module's INDICATORS definitions ("" when it has none)."""
    text = path.read_text(encoding="utf-8")
    start = text.find("INDICATORS: dict[str, str] = {")
    return "" if start < 0 else text[start : text.index("\n}\n", start)]


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: p.name)
def test_content_does_not_restate_a_standard(path: Path) -> None:
    assert BARE.findall(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", MEASURES, ids=lambda p: p.name)
def test_indicator_definitions_do_not_restate_a_standard(path: Path) -> None:
    assert BARE.findall(_indicators_source(path)) == []


def test_the_pattern_catches_what_it_guards_against() -> None:
    # the forms once in the wording are caught; breakdown keys and ages are not
    caught = [
        "within 15 working days",
        "for 2.5 years or more",
        "for 2 years",
        "recommended 50 to 70",
        "20 miles or less",
        "more than 20, unknown",
        "within 3 months",
        "within 6 months",
        "30 months of care",
        "children aged 4 or over",
        "under 4 at the review",
    ]
    assert [bool(BARE.search(t)) for t in caught] == [True] * len(caught)
    assert BARE.search("within_2_years under_20_in lac_review_aged_4_plus under 16 under 1") is None


def test_wording_is_built_from_the_constants() -> None:
    # the constants as they stand: 15 working days, 24 months = 2 years, 30 months = 2.5 years,
    # 20 miles, 50 to 70 children per full-time IRO; the words must carry them
    low, high = workforce.IRO_HANDBOOK_RANGE
    assert f"recommends {low} to {high} " in workforce.INDICATORS["caseload_per_fte"]
    days = child_protection.ICPC_WORKING_DAYS
    assert f"within {days} working days" in child_protection.INDICATORS["icpc_within_15wd"]
    assert f"within {reviews.FIRST_REVIEW_WORKING_DAYS} working days" in reviews.INDICATORS["lac_reviews_in_time"]
    assert cp_content.PLAN_YEARS == f"{child_protection.LONG_PLAN_MONTHS // 12} years" == "2 years"
    assert (pl_content.CARE_YEARS, pl_content.PLACEMENT_YEARS) == ("2.5 years", "2 years")
    assert placements.LONG_TERM_CARE_MONTHS == 30 and placements.LONG_TERM_PLACEMENT_MONTHS == 24
    assert la_content.MILES == "20 miles" and distance.NEAR_MILES == 20
    assert codes.PARTICIPATION_AGE == 4
    assert "aged 4 or over" in participation.INDICATORS["lac_review_participated"]
    assert la_content.DISTANCE["over_20_out"] == "More than 20 miles, outside the authority"
