"""Measures: pure functions from DataFrames (and the reporting year) to tidy DataFrames.

Each subject module also offers ``figure_rows(dataset, year)``, the rows it contributes
to ``figures.csv`` (docs/design.md §4), produced only from the sources supplied.
"""

from __future__ import annotations

import pandas as pd

from ..calendar import ReportingYear, month_label
from ..dataset import Dataset

FIGURE_COLUMNS = ["subject", "indicator", "breakdown", "period", "period_type", "value"]


def period_type(periods: pd.Series) -> pd.Series:
    """What each period of figures.csv names: ``date`` for a snapshot day ``YYYY-MM-DD``,
    ``year`` for a reporting year ``YYYY-YY`` (the second year the one after the first),
    ``month`` for any other ``YYYY-MM``.

    The one place a period's type is read from its text. The labels of the reporting
    years 2000-01 to 2011-12 are also months (2011-12 is December 2011): they are read as
    years, so the figures of those years cannot hold a month spelt like their own label.
    Any other text is a programming error (ValueError).

    >>> period_type(pd.Series(["2016-03-31", "2015-16", "2015-12", "2011-12"])).tolist()
    ['date', 'year', 'month', 'year']
    """
    text = periods.astype(str)
    first = pd.to_numeric(text.str[:4], errors="coerce")
    second = pd.to_numeric(text.str[5:], errors="coerce")
    shape = text.str.fullmatch(r"\d{4}-\d{2}")
    kinds = pd.Series(None, index=periods.index, dtype="object")
    kinds[(text.str.len() == 10) & pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").notna()] = "date"
    kinds[shape & second.between(1, 12)] = "month"
    kinds[shape & ((first + 1) % 100 == second)] = "year"
    if kinds.isna().any():
        raise ValueError(f"not a figures period (YYYY-YY, YYYY-MM or YYYY-MM-DD): {text[kinds.isna()].iloc[0]!r}")
    return kinds


def figure_frame(subject: str, indicator: str, values: pd.DataFrame | pd.Series,
                 period: str | None = None, breakdown: str | None = None) -> pd.DataFrame:
    """Rows of figures.csv for one indicator.

    ``values`` is a Series (index = breakdown, or period when ``period`` is None) or a
    DataFrame with columns ``value`` and optionally ``breakdown`` and ``period``.
    Fixed ``period``/``breakdown`` arguments fill those columns for every row;
    ``period_type`` is read from the period (:func:`period_type`).
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
    frame["subject"] = subject
    frame["indicator"] = indicator
    frame["breakdown"] = frame["breakdown"].astype(str)
    frame["period"] = frame["period"].astype(str)
    frame["period_type"] = period_type(frame["period"])
    frame["value"] = frame["value"].astype(float)
    return frame[FIGURE_COLUMNS].reset_index(drop=True)


def years_held(ds: Dataset, years: list[ReportingYear]) -> list[ReportingYear]:
    """The ``years`` whose episodes the data hold whole: all of them for a whole history,
    else those starting on or after ``ds.history_from`` (the earliest annual return's
    year), since a return leaves out the episodes that ended before its year.

    >>> y = ReportingYear.parse("2015-16")
    >>> [x.label for x in years_held(Dataset(folder=".", history_from=y.start), [y.previous(), y])]
    ['2015-16']
    """
    return [y for y in years if ds.history_from is None or y.start >= ds.history_from]


def as_dates(values: pd.Series) -> pd.Series:
    """A date column as ``datetime64[ns]`` (NaT for missing), whatever resolution it came in."""
    return pd.to_datetime(values).astype("datetime64[ns]")


def month_labels(year: ReportingYear) -> list[str]:
    """``YYYY-MM`` for the twelve months of the year, April first."""
    return [str(p) for p in year.months]


def count_by_period(dates: pd.Series, year: ReportingYear, breakdown: pd.Series | None = None,
                    categories: list[str] | None = None) -> pd.DataFrame:
    """Events counted per month of the year and over the whole year.

    Returns rows ``breakdown, period, value``: one per category and month (``YYYY-MM``,
    zeros included) and one per category for the year (period = the year label). Without
    ``breakdown`` the breakdown is empty. ``categories`` fixes the breakdowns reported
    (default: those seen); events whose breakdown is missing count in no category.
    """
    dates = as_dates(dates)
    in_year = year.contains(dates)
    when = dates[in_year]
    if breakdown is None:
        group = pd.Series("", index=when.index, dtype="object")
        categories = [""]
    else:
        group = breakdown[in_year].astype("object")
        if categories is None:
            categories = sorted(group.dropna().unique().tolist())
    months = month_labels(year)
    frame = pd.DataFrame({"breakdown": group, "period": month_label(when)})
    monthly = (frame.groupby(["breakdown", "period"]).size()
               .reindex(pd.MultiIndex.from_product([categories, months], names=["breakdown", "period"]),
                        fill_value=0))
    yearly = frame.groupby("breakdown").size().reindex(categories, fill_value=0)
    yearly.index = pd.MultiIndex.from_arrays([yearly.index, [year.label] * len(yearly)],
                                             names=["breakdown", "period"])
    out = pd.concat([monthly, yearly]).rename("value").reset_index()
    out["value"] = out["value"].astype(float)
    return out


def percentage(numerator: pd.DataFrame, denominator: pd.DataFrame) -> pd.DataFrame:
    """100 × numerator / denominator matched on ``breakdown`` and ``period``.

    Rows whose denominator is 0 are left out (a percentage of nothing is not a figure).
    """
    both = numerator.merge(denominator, on=["breakdown", "period"], suffixes=("_n", "_d"))
    both = both[both["value_d"] > 0]
    return pd.DataFrame({"breakdown": both["breakdown"], "period": both["period"],
                         "value": 100.0 * both["value_n"] / both["value_d"]}).reset_index(drop=True)


def share_of_total(counts: pd.Series) -> pd.Series:
    """Each count as a percentage of their total (``<indicator>_pct`` of a breakdown);
    empty when the total is 0 (a percentage of nothing is not a figure).

    >>> share_of_total(pd.Series({"a": 1.0, "b": 3.0})).tolist()
    [25.0, 75.0]
    >>> share_of_total(pd.Series({"a": 0.0})).empty
    True
    """
    total = counts.sum()
    return counts / total * 100 if total > 0 else counts.iloc[:0]


def rows(subject: str, indicator: str, values: pd.DataFrame) -> pd.DataFrame:
    """Figure rows of one indicator from a frame with ``breakdown, period, value``."""
    if values.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    return figure_frame(subject, indicator, values[["breakdown", "period", "value"]])


def concat_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The non-empty frames stacked, or an empty frame with FIGURE_COLUMNS."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[FIGURE_COLUMNS]
