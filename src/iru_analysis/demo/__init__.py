"""A seeded synthetic data folder that reproduces the published 2015-16 report.

``write_demo_data(out, seed=2016)`` writes ``ssda903/``, ``cin/``, ``iru/`` and
``reference/`` for a fictional authority modelled on the model report's (Shropshire,
2015-16). Nothing in it is about a real person: identifiers are made up, postcodes are
real areas (ONS directory), dates are drawn. The generator is built to the report's
numbers (``targets``) rather than searched for them: the children and their key dates
are laid out first from the published tables, then the details are drawn from a
seeded ``numpy.random.default_rng``. Same seed, same bytes.

Modules: ``targets`` (the published numbers), ``looked_after`` (903 header, episodes,
reviews), ``child_protection`` (CIN census returns, conference log), ``schedule``
(review timetables to monthly targets), ``unit_records`` (chairs, allocations, RAG,
references), ``postcodes`` (real postcodes with grid references), ``writers``; and
``scaled``, a separate generator of synthetic folders of any size for timing (``--scale``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .child_protection import build_child_protection, census_returns
from .looked_after import build_looked_after
from .unit_records import build_unit_records
from .writers import cin_return, write_csv, write_synthetic_marker, write_xml

DEFAULT_SEED = 2016

HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODES = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]
REVIEWS = ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]
CONFERENCES = ["MEETING_ID", "LAchildID", "TYPE", "MEETING_DATE", "OUTCOME", "CHAIR_ID"]
RAG_FORMS = ["FORM_ID", "MEETING_TYPE", "CHILD", "MEETING_DATE", "RATING", "CHAIR_ID"]
CHAIRS = ["CHAIR_ID", "ROLE", "WEEKLY_HOURS", "START_DATE", "END_DATE"]
ALLOCATIONS = ["CHILD", "CHAIR_ID", "START_DATE", "END_DATE"]
COMPARATORS = ["indicator", "year", "area", "value", "source", "verified"]


class DemoDataError(RuntimeError):
    """The generator could not meet one of its targets (a bug, or a seed that does not fit)."""


MAX_ATTEMPTS = 20


def _first_fit(build, seed: int, part: int):
    """``build(rng)`` with the streams ``[seed, part, 0]``, ``[seed, part, 1]``… until its
    review timetable meets every monthly target (the scheduler reports shortfalls).

    Each part (looked-after children 1, child protection 2, unit records 3) has its own
    stream, so a change in one part does not reshuffle the others.
    """
    problems = []
    for attempt in range(MAX_ATTEMPTS):
        result = build(np.random.default_rng([seed, part, attempt]))
        if not result.shortfalls:
            return result
        problems.append(result.shortfalls)
    raise DemoDataError(f"seed {seed}, part {part}: review targets not met in {MAX_ATTEMPTS} attempts: {problems[-1]}")


def write_demo_data(out: Path, seed: int = DEFAULT_SEED) -> None:
    """Write the synthetic data folder to ``out`` (created if needed; files overwritten).

    Raises ``DemoDataError`` if the monthly review targets cannot be met with this seed.
    """
    out = Path(out)
    lac = _first_fit(lambda rng: build_looked_after(rng), seed, 1)
    next_id = int(lac.header["CHILD"].str[1:].astype(int).max()) + 1
    cp = _first_fit(lambda rng: build_child_protection(rng, first_id=next_id), seed, 2)
    next_id = int(cp.children["LAchildID"].str[1:].astype(int).max()) + 1
    unit = build_unit_records(
        np.random.default_rng([seed, 3]), lac.periods, lac.reviews, cp.plans, cp.conferences, next_id=next_id
    )

    write_csv(lac.header.sort_values("CHILD"), out / "ssda903" / "header.csv", HEADER)
    write_csv(lac.episodes.sort_values(["CHILD", "DECOM"], kind="stable"), out / "ssda903" / "episodes.csv", EPISODES)
    write_csv(lac.reviews.sort_values(["CHILD", "REVIEW"], kind="stable"), out / "ssda903" / "reviews.csv", REVIEWS)
    for year, children in census_returns(cp).items():
        write_xml(cin_return(year, children), out / "cin" / f"cin_{year}-{(year + 1) % 100:02d}.xml")
    write_csv(unit.conferences, out / "iru" / "conferences.csv", CONFERENCES)
    write_csv(unit.rag_forms, out / "iru" / "rag_forms.csv", RAG_FORMS)
    write_csv(unit.rag_items, out / "iru" / "rag_items.csv", ["FORM_ID", "ITEM"])
    write_csv(unit.chairs, out / "iru" / "chairs.csv", CHAIRS)
    write_csv(unit.allocations, out / "iru" / "allocations.csv", ALLOCATIONS)
    write_csv(unit.comparators, out / "reference" / "comparators.csv", COMPARATORS)
    write_csv(unit.authority, out / "reference" / "authority.csv", ["la_code", "la_name"])
    write_synthetic_marker(out)


__all__ = ["write_demo_data", "DEFAULT_SEED", "DemoDataError"]
