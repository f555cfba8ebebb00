"""What the monthly practice report's recipes share (``month_*.py``): the month, the twelve
before it, and honest blanks.

A monthly section's :class:`~.base.Lookup` shows thirteen months (``lk.months``, oldest
first): the report's month, last, and the twelve before it. A month with no figure (a
record the unit started keeping later, such as the RAG forms and escalations of the demo
from November 2015) is a blank (NaN), never a zero, and is left out of every average.
A figure withheld by disclosure control makes whatever is worked out from it withheld too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...disclosure import WITHHELD_VALUE, withheld_cells
from .. import sentences as s
from .base import Absent, Lookup


def this_month(lk: Lookup) -> str:
    """The report's month (``YYYY-MM``): the last month shown."""
    return lk.months[-1]


def months_before(lk: Lookup) -> list[str]:
    """The twelve months before the report's month, oldest first."""
    return lk.months[:-1]


def span(months: list[str]) -> str:
    """ "March 2015 to February 2016" (one month: "March 2016")."""
    first, last = s.month_name(months[0]), s.month_name(months[-1])
    return first if first == last else f"{first} to {last}"


def short_span(months: list[str]) -> str:
    """ "Mar 2015 to Feb 2016" (table headers)."""
    return f"{s.short_month(months[0])} to {s.short_month(months[-1])}"


def span_of_labels(labels: list[str]) -> str:
    """:func:`span` of chart labels ("Nov 2015" ... "Mar 2016"): "November 2015 to March 2016"."""
    return span([pd.Period(pd.to_datetime(label, format="%b %Y"), "M").strftime("%Y-%m") for label in labels])


def series(lk: Lookup, indicator: str, breakdown: str = "") -> pd.Series:
    """The indicator's value for each month shown (index ``lk.months``); NaN where none."""
    return lk.by_month(indicator, breakdown, required=False).reindex(lk.months)


def summed(lk: Lookup, indicator: str, breakdowns: list[str] | None = None) -> pd.Series:
    """The indicator summed over its breakdowns (``breakdowns``, default all) for each
    month shown; NaN for a month with no row, withheld when any part is."""
    rows = lk.rows(indicator)
    rows = rows.loc[(rows["period_type"] == "month") & rows["period"].isin(lk.months)]
    if breakdowns is not None:
        rows = rows.loc[rows["breakdown"].fillna("").isin(breakdowns)]
    hidden = withheld_cells(rows["value"].astype("float64")).groupby(rows["period"].to_numpy()).any()
    total = rows.groupby("period")["value"].sum(min_count=1)
    return total.mask(hidden.reindex(total.index, fill_value=False), WITHHELD_VALUE).reindex(lk.months)


def _withheld_if_any(values: pd.Series, result: float) -> float:
    """``result``, or the withheld value when any of ``values`` is withheld."""
    return WITHHELD_VALUE if withheld_cells(values.astype("float64")).any() else result


def average(values: pd.Series) -> float:
    """The mean of the months that have a figure (NaN when none has; withheld when any is)."""
    return _withheld_if_any(values, float(values.mean()) if values.notna().any() else np.nan)


def pooled(numerator: pd.Series, base: pd.Series) -> float:
    """The percentage of the summed ``base`` that the summed ``numerator`` makes, over the
    months where both have a figure (NaN when the base is 0 or absent; withheld when any
    figure is)."""
    both = numerator.notna() & base.notna()
    bottom = float(base[both].sum())
    value = 100 * float(numerator[both].sum()) / bottom if bottom else np.nan
    return _withheld_if_any(pd.concat([numerator, base]), value)


def first_month(values: pd.Series) -> str | None:
    """The first month (``YYYY-MM``) with a figure; None when none has."""
    shown = values.index[values.notna() | withheld_cells(values.astype("float64"))]
    return str(shown[0]) if len(shown) else None


def starts_note(lk: Lookup, record: str, values: pd.Series) -> str:
    """The note for a record kept from a month after the first shown: "<record> are on
    record from November 2015: the months before are blank (no record), not zero."; ""
    when it covers every month shown. Raises Absent when no month has a figure."""
    first = first_month(values)
    if first is None:
        raise Absent(record)
    if first == lk.months[0]:
        return ""
    return f"{record} are on record from {s.month_name(first)}: the months before are blank (no record), not zero."


def pct_points(after: float, before: float) -> str:
    """The change between two percentages as the reader sees them (rounded): "up 3 points",
    "down 1 point", "no change"; "" when either is missing or withheld."""
    if pd.isna(after) or pd.isna(before):
        return ""
    change = s.round_half_up(after) - s.round_half_up(before)
    if change == 0:
        return "no change"
    return f"{'up' if change > 0 else 'down'} {s.plural(abs(change), 'point')}"
