"""The sections of the report, in order: the one registry that everything else reads.

A section is registered with its key (``"reviews"``) and title; its number is its place
in :data:`SECTIONS`, from 1. From these follow:

- its notebook, ``notebooks/NN_<key>.ipynb`` (``NN`` the number, two digits), whose first
  cell is the heading ``# N. Title`` and whose setup call names the key. The build runs
  exactly the registered notebooks, in this order (:func:`.run.section_notebooks`), and
  stitches them in this order; ``--section NAME`` names one by key or notebook name
  (:func:`find_section`);
- the numbers of its figures and tables ("Figure 5.1", "Table 5.2") and the prefix of the
  CSV file behind each, ``tables/NN_<name>.csv``;
- its content module, ``report/content/<key>.py``, which registers the recipes written
  for it. A section registered with ``content=False`` has none: it shows only the unit's
  narrative (and any recipes of other sections' modules).

To add a section: register it here, add its notebook (and its content module) under
those names, and renumber the notebooks after it with ``git mv``.

The monthly practice report (``iru-report build --month``) has its own sections,
:data:`MONTHLY_SECTIONS`, numbered the same way, whose notebooks live in
``notebooks/monthly/``; their keys begin ``month_`` so that no key or notebook name is
shared with the annual report's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    """One registered section: its key, number and title, and the names that follow from them."""

    key: str
    number: int
    title: str
    content: bool = True  # whether report/content/<key>.py holds recipes of its own
    monthly: bool = False  # a section of the monthly practice report (notebooks/monthly/)

    @property
    def stem(self) -> str:
        """The notebook's file name without ``.ipynb``, e.g. ``"05_reviews"``."""
        return f"{self.number:02d}_{self.key}"

    @property
    def notebook(self) -> str:
        """The notebook's file name, e.g. ``"05_reviews.ipynb"``."""
        return f"{self.stem}.ipynb"

    @property
    def heading(self) -> str:
        """The section's heading in the report, e.g. ``"5. Care plan reviews"``."""
        return f"{self.number}. {self.title}"

    @property
    def module(self) -> str | None:
        """The content module's name, e.g. ``"iru_analysis.report.content.reviews"`` (None without one)."""
        return f"{__package__}.content.{self.key}" if self.content else None


def _registry(*entries: tuple[str, str, bool], monthly: bool = False) -> dict[str, SectionSpec]:
    """The sections ``(key, title, content)``, numbered in the order given."""
    return {
        key: SectionSpec(key, number, title, content, monthly)
        for number, (key, title, content) in enumerate(entries, start=1)
    }


SECTIONS: dict[str, SectionSpec] = _registry(
    ("summary", "Summary and key messages", True),
    ("unit_profile", "Purpose, legal context and the unit's profile", True),
    ("looked_after", "The looked-after population", True),
    ("permanence", "Permanence outcomes", True),
    ("reviews", "Care plan reviews", True),
    ("placements", "Placement stability", True),
    ("child_protection", "Child protection", True),
    ("dispute_resolution", "Dispute resolution and escalation", True),
    ("participation", "Children's participation", True),
    ("priorities", "Priorities for next year", False),
    ("oversight", "The chairs' oversight", True),
    ("appendices", "Appendices", True),
)


MONTHLY_SECTIONS: dict[str, SectionSpec] = _registry(
    ("month_summary", "The month at a glance", True),
    ("month_ratings", "Quality assurance ratings (RAG)", True),
    ("month_escalations", "Escalations", True),
    ("month_timescales", "Meetings and records in timescale", True),
    monthly=True,
)


def registry(monthly: bool = False) -> dict[str, SectionSpec]:
    """The sections of the monthly practice report (``monthly``) or of the annual report."""
    return MONTHLY_SECTIONS if monthly else SECTIONS


def find_section(name: str, monthly: bool = False) -> SectionSpec:
    """The section that ``name`` means: its key (``"reviews"``) or its notebook's name
    (``"05_reviews"``, ``.ipynb`` allowed), among the annual report's sections or the
    monthly report's (``monthly``). Raises ValueError naming the choices.

    >>> find_section("05_reviews.ipynb").key
    'reviews'
    """
    name = name.removesuffix(".ipynb")
    sections = registry(monthly)
    for spec in sections.values():
        if name in (spec.key, spec.stem):
            return spec
    raise ValueError(
        f'"{name}" is not a section of the {"monthly " if monthly else ""}report; give a section key '
        f"({', '.join(sections)}) or a notebook name "
        f"({', '.join(spec.stem for spec in sections.values())})"
    )
