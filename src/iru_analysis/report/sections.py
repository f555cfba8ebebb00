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


def _registry(*entries: tuple[str, str, bool]) -> dict[str, SectionSpec]:
    """The sections ``(key, title, content)``, numbered in the order given."""
    return {
        key: SectionSpec(key, number, title, content) for number, (key, title, content) in enumerate(entries, start=1)
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


def find_section(name: str) -> SectionSpec:
    """The section that ``name`` means: its key (``"reviews"``) or its notebook's name
    (``"05_reviews"``, ``.ipynb`` allowed). Raises ValueError naming the choices.

    >>> find_section("05_reviews.ipynb").key
    'reviews'
    """
    name = name.removesuffix(".ipynb")
    for spec in SECTIONS.values():
        if name in (spec.key, spec.stem):
            return spec
    raise ValueError(
        f'"{name}" is not a section of the report; give a section key '
        f"({', '.join(SECTIONS)}) or a notebook name "
        f"({', '.join(spec.stem for spec in SECTIONS.values())})"
    )
