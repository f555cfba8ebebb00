"""Measures: pure functions from DataFrames (and the reporting year) to tidy DataFrames.

Each subject module also offers ``figure_rows(dataset, year)``, the rows it contributes
to ``figures.csv`` (contract 3 in DESIGN.md), produced only from the sources supplied.
"""

from __future__ import annotations

import pandas as pd

FIGURE_COLUMNS = ["section", "indicator", "breakdown", "period", "value"]


def figure_frame(section: str, indicator: str, values: pd.DataFrame | pd.Series,
                 period: str | None = None, breakdown: str | None = None) -> pd.DataFrame:
    """Rows of figures.csv for one indicator.

    ``values`` is a Series (index = breakdown, or period when ``period`` is None) or a
    DataFrame with columns ``value`` and optionally ``breakdown`` and ``period``.
    Fixed ``period``/``breakdown`` arguments fill those columns for every row.
    """
    if isinstance(values, pd.Series):
        key = "period" if period is None else "breakdown"
        frame = values.rename("value").rename_axis(key).reset_index()
    else:
        frame = values.copy()
    if period is not None:
        frame["period"] = period
    if breakdown is not None or "breakdown" not in frame:
        frame["breakdown"] = breakdown or ""
    frame["section"] = section
    frame["indicator"] = indicator
    frame["breakdown"] = frame["breakdown"].astype(str)
    frame["period"] = frame["period"].astype(str)
    frame["value"] = frame["value"].astype(float)
    return frame[FIGURE_COLUMNS].reset_index(drop=True)
