"""Checks across the whole data folder: dates no record could hold, and sources said out loud.

Run by ``read_dataset`` once every source is read, on the tables whose required columns
are all present:

* **implausible dates** (errors): any date, in any table, before 1 January 1950 (``EARLIEST``)
  or more than ``MARGIN_YEARS`` (5) years after the data's own latest year (after 31
  December of that year + 5: a date years after the data was extracted). That year is the
  year of the data's 99th percentile date (all dates of all tables, the lower of the two
  dates around it), so that a handful of mistyped years (2061 for 2016) cannot move it:
  with fewer than 101 dates it is the second latest date's year. An episode that starts
  when the child (header DOB) is 25 or older (``MAX_AGE``) is also an error: an SSDA903
  episode starts before the child's 18th birthday, so the DOB or DECOM is mistyped. (An
  episode before the child's birth is already a warning, ``ssda903.dob_after_decom``.)
* **a missing reviews.csv** (warning): ssda903/ without reviews.csv gives no review
  figures at all, which the run and the data-quality appendix say.

An empty table (a header row and no data rows) is a warning of ``csv_tables.Reader``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..calendar import age_in_years
from .checks import lookup
from .csv_tables import Table
from .findings import WARNING, file_finding, flag
from .schemas import DATE

EARLIEST = pd.Timestamp(1950, 1, 1)
LATEST_QUANTILE = 0.99
MARGIN_YEARS = 5
MAX_AGE = 25
NO_REVIEWS = (
    "the file is missing: no review of a looked-after child is counted, so the report has no "
    "figures about reviews or participation"
)


def latest_plausible(tables: dict[str, Table]) -> pd.Timestamp | None:
    """31 December, ``MARGIN_YEARS`` after the year of the data's 99th percentile date
    (None when the tables hold no date).

    >>> from iru_analysis.load.schemas import REVIEWS
    >>> t = pd.DataFrame({"REVIEW": pd.to_datetime(["2015-05-01", "2016-02-01", "2061-01-01"])})
    >>> latest_plausible({"reviews": Table(REVIEWS, t, t)})
    Timestamp('2021-12-31 00:00:00')
    """
    dates = pd.concat(
        [t.typed[c] for t in tables.values() for c in t.spec.kind(DATE) if c in t.typed]
        + [pd.Series([], dtype="datetime64[ns]")],
        ignore_index=True,
    ).dropna()
    if dates.empty:
        return None
    year = dates.quantile(LATEST_QUANTILE, interpolation="lower").year
    return pd.Timestamp(year + MARGIN_YEARS, 12, 31)


def implausible_dates(table: Table, latest: pd.Timestamp) -> list[pd.DataFrame | None]:
    """Errors for the table's dates before ``EARLIEST`` or after ``latest``."""
    t = table.typed
    last = latest.strftime("%d/%m/%Y")
    found = []
    for column in table.spec.kind(DATE):
        found.append(
            flag(
                t,
                t[column] < EARLIEST,
                column,
                "is before 01/01/1950: not a plausible date for these records",
                raw=table.raw,
                check="is not a plausible date (before 1950)",
            )
        )
        found.append(
            flag(
                t,
                t[column] > latest,
                column,
                f"is after {last}, years after the data's latest dates: not a plausible date",
                raw=table.raw,
                check="is not a plausible date (after the data's latest year)",
            )
        )
    return found


def too_old_at_episode(episodes: Table, header: Table) -> pd.DataFrame | None:
    """Errors for episodes starting when the child (header DOB) was ``MAX_AGE`` or older."""
    t = episodes.typed
    age = age_in_years(lookup(t["CHILD"], header.typed, "CHILD", "DOB"), t["DECOM"])
    return flag(
        t,
        age >= MAX_AGE,
        "DECOM",
        f"is when the child was {MAX_AGE} or older (DOB in ssda903/header.csv): the date of birth or the "
        "start of the episode is not plausible",
        raw=episodes.raw,
        check=f"the child was {MAX_AGE} or older at the start of the episode",
    )


def check_plausible(tables: dict[str, Table]) -> None:
    """Add the implausible-date errors to each table's findings."""
    latest = latest_plausible(tables)
    if latest is None:
        return
    for table in tables.values():
        table.findings += implausible_dates(table, latest)
    if "episodes" in tables and "header" in tables:
        tables["episodes"].findings.append(too_old_at_episode(tables["episodes"], tables["header"]))


def missing_reviews(folder: Path) -> pd.DataFrame | None:
    """A warning when ``folder`` (a data folder's ssda903/) holds no reviews.csv at any depth."""
    if any(folder.rglob("reviews.csv")):
        return None
    return file_finding("ssda903/reviews.csv", NO_REVIEWS, severity=WARNING)


__all__ = ["check_plausible", "missing_reviews", "latest_plausible"]
