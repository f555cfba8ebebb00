"""The figures registry: every number of the report as one tidy table (docs/design.md §4).

Each subject module in ``iru_analysis.measures`` offers ``figure_rows(dataset, year)``;
this module gathers them in a fixed order. Sources that were not supplied produce no
rows, so a folder holding only ``ssda903/`` yields the looked-after indicators alone.

The monthly practice report shows a month beside the twelve before it, which may span two
reporting years: :func:`monthly_figures` gives those thirteen months' rows.
"""

from __future__ import annotations

import importlib
import inspect

import pandas as pd

from .calendar import ReportingYear
from .dataset import Dataset
from .measures import FIGURE_COLUMNS
from .measures.practice import DEFAULT_TIMESCALES, Timescales

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
    dataset: Dataset,
    year: ReportingYear,
    as_at: pd.Timestamp | None = None,
    reviews_from: pd.Timestamp | None = None,
    timescales: Timescales = DEFAULT_TIMESCALES,
) -> pd.DataFrame:
    """All figures for ``year`` that the dataset's sources allow.

    ``as_at`` is the date of the caseload snapshot (default: the year end);
    ``reviews_from`` the first day of the review history (default: as the data says);
    ``timescales`` the unit's practice timescales (default: 5, 5 and 20 working days).
    Each is passed to the subjects whose ``figure_rows`` takes it, and so are the periods
    of care (``periods``: ``dataset.periods_of_care()``, worked out once per dataset).
    """
    options = {
        "as_at": as_at,
        "reviews_from": reviews_from,
        "timescales": timescales,
        "periods": dataset.periods_of_care(),
    }
    frames = []
    for name in SUBJECTS:
        rows = _subject(name).figure_rows
        accepted = inspect.signature(rows).parameters
        frames.append(rows(dataset, year, **{k: v for k, v in options.items() if k in accepted}))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[FIGURE_COLUMNS]


MONTHS_SHOWN = 13  # the monthly report's month and the twelve before it


def month_window(month: pd.Period) -> list[str]:
    """``YYYY-MM`` of ``month`` and the twelve months before it, oldest first.

    >>> month_window(pd.Period("2016-03", "M"))[::12]
    ['2015-03', '2016-03']
    """
    return [str(m) for m in pd.period_range(end=month, periods=MONTHS_SHOWN, freq="M")]


def monthly_figures(
    dataset: Dataset,
    month: pd.Period,
    reviews_from: pd.Timestamp | None = None,
    timescales: Timescales = DEFAULT_TIMESCALES,
) -> pd.DataFrame:
    """The month rows of every figure for ``month`` and the twelve months before it
    (:func:`month_window`): :func:`compute_figures` of each reporting year they fall in
    (with ``reviews_from`` and ``timescales``), its rows of type ``month`` in the window.
    Months that start before the data's history (``dataset.history_from``, the earliest
    annual return's year) are left out: a return does not hold the episodes that ended
    before its year."""
    window = month_window(month)
    years = sorted({ReportingYear.of(pd.Period(m, "M")) for m in window}, key=lambda y: y.first)
    frames = [compute_figures(dataset, y, reviews_from=reviews_from, timescales=timescales) for y in years]
    figures = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FIGURE_COLUMNS)
    held = [m for m in window if dataset.history_from is None or pd.Period(m, "M").start_time >= dataset.history_from]
    keep = (figures["period_type"] == "month") & figures["period"].isin(held)
    return figures.loc[keep].reset_index(drop=True)


def report_figures(
    dataset: Dataset,
    year: ReportingYear,
    as_at: pd.Timestamp | None,
    reviews_from: pd.Timestamp | None,
    month: str = "",
    timescales: Timescales = DEFAULT_TIMESCALES,
) -> pd.DataFrame:
    """The figures one report shows: the year's (:func:`compute_figures`), or with ``month``
    (``YYYY-MM``) the monthly practice report's (:func:`monthly_figures`)."""
    if month:
        return monthly_figures(dataset, pd.Period(month, "M"), reviews_from=reviews_from, timescales=timescales)
    return compute_figures(dataset, year, as_at=as_at, reviews_from=reviews_from, timescales=timescales)


def indicator_definitions() -> pd.DataFrame:
    """Every indicator with its subject (measures module) and one-sentence definition."""
    rows = [(name, indicator, text) for name in SUBJECTS for indicator, text in _subject(name).INDICATORS.items()]
    table = pd.DataFrame(rows, columns=["subject", "indicator", "definition"])
    return table.drop_duplicates("indicator", ignore_index=True)  # shared ones, once
