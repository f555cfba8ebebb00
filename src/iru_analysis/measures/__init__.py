"""Measures: pure functions from DataFrames (and the reporting year) to tidy DataFrames.

Each subject module also offers ``figure_rows(dataset, year)``, the rows it contributes
to ``figures.csv`` (docs/design.md §4), produced only from the sources supplied.
"""

from __future__ import annotations

import pandas as pd

from ..calendar import ReportingYear, month_label
from ..dataset import Dataset

FIGURE_COLUMNS = ["subject", "indicator", "breakdown", "period", "period_type", "value"]


PERIOD_TYPES = ("year", "month", "date")


def check_periods(frame: pd.DataFrame) -> None:
    """Raise ValueError unless every row's ``period_type`` is ``year``, ``month`` or ``date``
    and its ``period`` is spelt as that type says: a reporting year ``YYYY-YY`` (the second
    year the one after the first), a month ``YYYY-MM``, a day ``YYYY-MM-DD``.

    The type is set where the rows are made (:func:`figure_frame`), never read from the
    text, which is ambiguous: ``2011-12`` is the reporting year 2011-12 and December 2011.

    >>> check_periods(pd.DataFrame({"period": ["2011-12", "2011-12"], "period_type": ["year", "month"]}))
    >>> check_periods(pd.DataFrame({"period": ["2015-16"], "period_type": ["date"]}))
    Traceback (most recent call last):
    ValueError: period '2015-16' is not a date (YYYY-MM-DD)
    """
    text = frame["period"].astype(str)
    kind = frame["period_type"]
    first = pd.to_numeric(text.str[:4], errors="coerce")
    second = pd.to_numeric(text.str[5:7], errors="coerce")
    shape = text.str.fullmatch(r"\d{4}-\d{2}")
    fits = (
        ((kind == "year") & shape & ((first + 1) % 100 == second))
        | ((kind == "month") & shape & second.between(1, 12))
        | ((kind == "date") & (text.str.len() == 10) & pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").notna())
    )
    if not fits.all():
        bad = fits.index[~fits.to_numpy()][0]
        spelt = {"year": "a reporting year (YYYY-YY)", "month": "a month (YYYY-MM)", "date": "a date (YYYY-MM-DD)"}
        what = spelt.get(kind[bad], f"of a known type ({', '.join(PERIOD_TYPES)}), but of type {kind[bad]!r}")
        raise ValueError(f"period {text[bad]!r} is not {what}")


def figure_frame(
    subject: str,
    indicator: str,
    values: pd.DataFrame | pd.Series,
    period: str | None = None,
    breakdown: str | None = None,
    period_type: str | None = None,
) -> pd.DataFrame:
    """Rows of figures.csv for one indicator.

    ``values`` is a Series (index = breakdown, or period when ``period`` is None) or a
    DataFrame with columns ``value`` and optionally ``breakdown``, ``period`` and
    ``period_type``. Fixed ``period``/``breakdown`` arguments fill those columns for every
    row. ``period_type`` (``year``, ``month`` or ``date``) is what every period is; it is
    required unless ``values`` has a ``period_type`` column (rows of several types, as
    :func:`count_by_period` gives). The periods are checked against it (:func:`check_periods`).

    >>> figure_frame("s", "i", pd.Series({"2011-12": 1.0}), period_type="month")["period_type"].tolist()
    ['month']
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
    if period_type is not None:
        frame["period_type"] = period_type
    elif "period_type" not in frame:
        raise ValueError(f"{indicator}: the period type (year, month or date) of its rows is not given")
    frame["subject"] = subject
    frame["indicator"] = indicator
    frame["breakdown"] = frame["breakdown"].astype(str)
    frame["period"] = frame["period"].astype(str)
    frame["value"] = frame["value"].astype(float)
    frame = frame[FIGURE_COLUMNS].reset_index(drop=True)
    check_periods(frame)
    return frame


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


def count_by_period(
    dates: pd.Series, year: ReportingYear, breakdown: pd.Series | None = None, categories: list[str] | None = None
) -> pd.DataFrame:
    """Events counted per month of the year and over the whole year.

    Returns rows ``breakdown, period, period_type, value``: one per category and month
    (``YYYY-MM``, type ``month``, zeros included) and one per category for the year
    (period = the year label, type ``year``). Without
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
    monthly = (
        frame.groupby(["breakdown", "period"])
        .size()
        .reindex(pd.MultiIndex.from_product([categories, months], names=["breakdown", "period"]), fill_value=0)
    )
    yearly = frame.groupby("breakdown").size().reindex(categories, fill_value=0)
    yearly.index = pd.MultiIndex.from_arrays([yearly.index, [year.label] * len(yearly)], names=["breakdown", "period"])
    out = pd.concat([monthly, yearly]).rename("value").reset_index()
    out.insert(2, "period_type", ["month"] * len(monthly) + ["year"] * len(yearly))
    out["value"] = out["value"].astype(float)
    return out


def percentage(numerator: pd.DataFrame, denominator: pd.DataFrame) -> pd.DataFrame:
    """100 × numerator / denominator matched on ``breakdown``, ``period`` and ``period_type``
    (frames as :func:`count_by_period` gives).

    Rows whose denominator is 0 are left out (a percentage of nothing is not a figure).
    """
    keys = ["breakdown", "period", "period_type"]
    both = numerator.merge(denominator, on=keys, suffixes=("_n", "_d"))
    both = both[both["value_d"] > 0]
    return both[keys].assign(value=100.0 * both["value_n"] / both["value_d"]).reset_index(drop=True)


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
    """Figure rows of one indicator from a frame with ``breakdown, period, period_type, value``."""
    if values.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    return figure_frame(subject, indicator, values[["breakdown", "period", "period_type", "value"]])


def concat_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The non-empty frames stacked, or an empty frame with FIGURE_COLUMNS."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[FIGURE_COLUMNS]
