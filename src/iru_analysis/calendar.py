"""Reporting years, month ends and England's working days.

Conventions (used by every timeliness measure):

* A reporting year ``2015-16`` runs from 1 April 2015 to 31 March 2016 inclusive.
* Working days are Monday to Friday less England's bank holidays, taken from the
  ``holidays`` package (``holidays.UK(subdiv="ENG")``), never from a hand-kept list.
* "Within N working days of day d" means on or before the Nth working day *after* d:
  d itself is not counted, whatever day of the week it is. This is the CIN census
  convention (S47 started Tue 2 June, 15 working-day target Tue 23 June) and matches
  the DfE's published duration bands, where "within 15" means a duration of 15 or less.
* "Within N months of d" means on or before the same day of the month N months later,
  clipped to the month's last day (31 August + 6 months = 28/29 February).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

_YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class ReportingYear:
    """A reporting year from 1 April to 31 March, named like ``2015-16``."""

    first: int  # the calendar year in which the reporting year starts

    @classmethod
    def parse(cls, label: str) -> ReportingYear:
        """Read a label such as ``2015-16``; raise ValueError for anything else.

        >>> ReportingYear.parse("2015-16").start
        Timestamp('2015-04-01 00:00:00')
        """
        match = _YEAR_LABEL.match(str(label).strip())
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            raise ValueError(f'"{label}" is not a reporting year (expected e.g. 2015-16)')
        return cls(int(match.group(1)))

    @property
    def label(self) -> str:
        return f"{self.first}-{(self.first + 1) % 100:02d}"

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.first, 4, 1)

    @property
    def end(self) -> pd.Timestamp:
        """The last day of the year, 31 March (a date, midnight)."""
        return pd.Timestamp(self.first + 1, 3, 31)

    @property
    def month_ends(self) -> pd.DatetimeIndex:
        """The twelve month ends, 30 April to 31 March."""
        return pd.date_range(self.start, self.end, freq="ME")

    @property
    def months(self) -> pd.PeriodIndex:
        """The twelve months, April to March."""
        return pd.period_range(self.start, self.end, freq="M")

    @classmethod
    def of(cls, month: pd.Period) -> ReportingYear:
        """The reporting year that holds ``month``.

        >>> ReportingYear.of(pd.Period("2016-03", "M")).label, ReportingYear.of(pd.Period("2016-04", "M")).label
        ('2015-16', '2016-17')
        """
        return cls(month.year if month.month >= 4 else month.year - 1)

    def previous(self, n: int = 1) -> ReportingYear:
        return ReportingYear(self.first - n)

    def contains(self, dates: pd.Series) -> pd.Series:
        """True where a date falls in the year (missing dates are False)."""
        return dates.between(self.start, self.end).fillna(False).astype(bool)

    def __str__(self) -> str:
        return self.label


def month_label(dates: pd.Series) -> pd.Series:
    """``YYYY-MM`` for each date, the period format of figures.csv (missing: NaN).

    Each distinct date is formatted once (``strftime`` works one value at a time).

    >>> month_label(pd.Series(pd.to_datetime(["2015-04-30", None, "2015-04-01"]))).tolist()
    ['2015-04', nan, '2015-04']
    """
    codes, distinct = pd.factorize(dates)
    labels = pd.Series(distinct).dt.strftime("%Y-%m").array
    return pd.Series(labels.take(codes, allow_fill=True), index=dates.index)


@cache
def bank_holidays(first_year: int, last_year: int) -> np.ndarray:
    """England's bank holidays from ``first_year`` to ``last_year`` as datetime64[D].
    (``holidays`` is imported here: most importers of this module count no working days.)"""
    import holidays

    days = holidays.UK(subdiv="ENG", years=range(first_year, last_year + 1))
    return np.array(sorted(days.keys()), dtype="datetime64[D]")


def _holidays_for(*series: pd.Series) -> np.ndarray:
    years = pd.concat([s.dropna() for s in series]).dt.year
    if years.empty:
        return np.array([], dtype="datetime64[D]")
    return bank_holidays(int(years.min()) - 1, int(years.max()) + 1)


def add_working_days(dates: pd.Series, n: int) -> pd.Series:
    """The Nth working day after each date (the date itself not counted); NaT stays NaT.

    >>> add_working_days(pd.Series(pd.to_datetime(["2015-12-18"])), 5).dt.date.tolist()
    [datetime.date(2015, 12, 29)]
    """
    out = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    known = dates.notna()
    if known.any():
        days = dates[known].to_numpy().astype("datetime64[D]")
        shifted = np.busday_offset(days, n, roll="backward", holidays=_holidays_for(dates))
        out[known] = shifted.astype("datetime64[ns]")
    return out


def working_days_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days after ``start`` up to and including ``end`` (a duration; NA if a date is missing).

    >>> working_days_between(pd.Series(pd.to_datetime(["1970-06-02"])), pd.Series(pd.to_datetime(["1970-06-23"]))).tolist()
    [15]
    """
    out = pd.Series(pd.NA, index=start.index, dtype="Int64")
    known = start.notna() & end.notna()
    if known.any():
        first = start[known].to_numpy().astype("datetime64[D]") + np.timedelta64(1, "D")
        last = end[known].to_numpy().astype("datetime64[D]") + np.timedelta64(1, "D")
        out[known] = np.busday_count(first, last, holidays=_holidays_for(start, end))
    return out


def add_months(dates: pd.Series, n: int) -> pd.Series:
    """The same day ``n`` months later, clipped to the month's end; NaT stays NaT."""
    return dates + pd.DateOffset(months=n)


def age_in_years(born: pd.Series, on: pd.Series) -> pd.Series:
    """Whole years of age on a date (a birthday counts from the day itself)."""
    years = on.dt.year - born.dt.year
    before_birthday = (on.dt.month < born.dt.month) | ((on.dt.month == born.dt.month) & (on.dt.day < born.dt.day))
    return (years - before_birthday.astype("Int64")).astype("Int64")
