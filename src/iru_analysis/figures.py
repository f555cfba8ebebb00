"""The figures registry: every number of the report as one tidy table (docs/design.md §4).

Each subject module in ``iru_analysis.measures`` offers ``figure_rows(dataset, year)``;
this module gathers them in a fixed order. Sources that were not supplied produce no
rows, so a folder holding only ``ssda903/`` yields the looked-after indicators alone.
"""

from __future__ import annotations

import importlib
import inspect

import pandas as pd

from .calendar import ReportingYear
from .dataset import Dataset
from .measures import FIGURE_COLUMNS

SUBJECTS = [
    "looked_after",
    "placements",
    "distance",
    "reviews",
    "participation",
    "child_protection",
    "dispute_resolution",
    "workforce",
    "practice",
    "escalations",
]


def _subject(name: str):
    return importlib.import_module(f"iru_analysis.measures.{name}")


def compute_figures(
    dataset: Dataset, year: ReportingYear, as_at: pd.Timestamp | None = None, reviews_from: pd.Timestamp | None = None
) -> pd.DataFrame:
    """All figures for ``year`` that the dataset's sources allow.

    ``as_at`` is the date of the caseload snapshot (default: the year end);
    ``reviews_from`` the first day of the review history (default: as the data says).
    Each is passed to the subjects whose ``figure_rows`` takes it, and so are the periods
    of care (``periods``: ``dataset.periods_of_care()``, worked out once per dataset).
    """
    options = {"as_at": as_at, "reviews_from": reviews_from, "periods": dataset.periods_of_care()}
    frames = []
    for name in SUBJECTS:
        rows = _subject(name).figure_rows
        accepted = inspect.signature(rows).parameters
        frames.append(rows(dataset, year, **{k: v for k, v in options.items() if k in accepted}))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[FIGURE_COLUMNS]


def indicator_definitions() -> pd.DataFrame:
    """Every indicator with its subject (measures module) and one-sentence definition."""
    rows = [(name, indicator, text) for name in SUBJECTS for indicator, text in _subject(name).INDICATORS.items()]
    table = pd.DataFrame(rows, columns=["subject", "indicator", "definition"])
    return table.drop_duplicates("indicator", ignore_index=True)  # shared ones, once
