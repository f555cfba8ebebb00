"""Periods of care: SSDA903 episodes chained into unbroken spells of being looked after.

Rule (docs/data-standards.md §2.1, "Periods of care"; DfE SSDA903 guidance as applied by
the csc-validator-be-903): a period of care is an unbroken chain of episodes. Each
episode that ends with REC = ``X1`` is followed by another episode starting the same
day; the period ends at the first episode whose REC is not X1 (or that is still open).

Convention chosen here: a new period begins at a child's first episode, and at any
episode whose predecessor did not end with X1 on this episode's DECOM, the episodes
taken in the canonical order of ``sort_episodes`` (a zero-length episode before the
episode starting on its day), so the row order of the file does not matter. The RNE code is
not used to split periods, so a chain that is broken by a gap is two periods even if
the second episode's RNE is wrongly recorded as P/L/T (validators report such errors;
counting them as a new start is the safer reading).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .codes import SHORT_BREAKS

PERIOD_COLUMNS = [
    "CHILD",
    "PERIOD",
    "START",
    "END",
    "REC",
    "FIRST_LS",
    "FIRST_PLACE",
    "HOME_POST",
    "PL_POST",
    "PL_DISTANCE",
    "PL_LOCATION",
    "SHORT_BREAKS_ONLY",
    "EPISODES",
]


def sort_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes in the one canonical order, whatever the order of the rows.

    By child, then DECOM, then DEC (open episodes last), so that a zero-length episode
    (DECOM == DEC) comes before the episode starting on its day; among episodes with the
    same dates one ending X1 comes first. The loader's checks and the periods of care
    both use this order, so same-day episodes give the same result in any row order.

    >>> eps = pd.DataFrame({"CHILD": ["1", "1", "1"], "REC": [None, "X1", "X1"],
    ...     "DECOM": pd.to_datetime(["2015-05-01", "2015-05-01", "2015-04-01"]),
    ...     "DEC": pd.to_datetime([None, "2015-05-01", "2015-05-01"])})
    >>> sort_episodes(eps).index.tolist()
    [2, 1, 0]
    """
    child = pd.factorize(episodes["CHILD"], sort=True)[0]  # numbers in the children's order: quicker to sort
    keys = pd.DataFrame(
        {
            "CHILD": np.where(child < 0, len(child), child),
            "DECOM": episodes["DECOM"].to_numpy(),
            "DEC": episodes["DEC"].to_numpy(),
            "_NOT_X1": ~(episodes["REC"] == "X1").fillna(False).astype(bool).to_numpy(),
        }
    )
    order = keys.sort_values(["CHILD", "DECOM", "DEC", "_NOT_X1"], na_position="last", kind="stable").index
    return episodes.iloc[order]


def period_ids(episodes: pd.DataFrame, in_order: bool = False) -> pd.DataFrame:
    """The episodes, sorted, with ``PERIOD`` (1, 2, … per child) and ``PERIOD_START`` (bool).

    An episode continues its predecessor's period when the predecessor belongs to the
    same child, ended with REC = X1, and ended on this episode's DECOM. ``in_order``:
    the episodes are already in ``sort_episodes`` order (they are not sorted again).
    Vectorised on the sorted rows: a child's episodes are consecutive, so PERIOD is the
    running count of period starts less its value before the child's first episode.
    """
    eps = (episodes if in_order else sort_episodes(episodes)).reset_index(drop=True)
    prev_child = eps["CHILD"].shift()
    prev_dec = eps["DEC"].shift()
    prev_rec = eps["REC"].shift()
    same_child = (prev_child == eps["CHILD"]).fillna(False).astype(bool).to_numpy()
    continues = (
        same_child
        & (prev_rec == "X1").fillna(False).astype(bool).to_numpy()
        & (prev_dec == eps["DECOM"]).fillna(False).astype(bool).to_numpy()
    )
    starts = np.cumsum(~continues)
    eps["PERIOD_START"] = ~continues
    eps["PERIOD"] = (starts - starts[run_starts(~same_child)] + 1).astype("int64")
    return eps


def run_starts(first: np.ndarray) -> np.ndarray:
    """For each row, the position of the latest row at or before it where ``first`` is True.

    Rows in runs (a child's episodes, a period's, a placement's) each begun by a row
    marked ``first``: indexing a column by the result gives every row its run's first
    value. The first row must be marked.

    >>> run_starts(np.array([True, False, True, False, False])).tolist()
    [0, 0, 2, 2, 2]
    """
    return np.maximum.accumulate(np.where(first, np.arange(len(first)), 0))


def periods_of_care(episodes: pd.DataFrame, in_order: bool = False) -> pd.DataFrame:
    """One row per period of care.

    Columns: CHILD, PERIOD (1, 2, … per child in date order), START (DECOM of the first
    episode), END (DEC of the last episode, NaT while open), REC (REC of the last
    episode, NA while open), FIRST_LS, FIRST_PLACE, HOME_POST, PL_POST (first
    episode's), PL_DISTANCE, PL_LOCATION (first episode's, NA when the episodes lack
    those columns), SHORT_BREAKS_ONLY (every episode has LS V3 or V4), EPISODES
    (number of episodes). ``in_order``: as for :func:`period_ids`. Vectorised: a
    period's episodes are consecutive rows once sorted, so its first and last episodes
    are found by position.

    >>> eps = pd.DataFrame({"CHILD": ["1", "1", "1"],
    ...     "DECOM": pd.to_datetime(["2015-01-05", "2015-03-01", "2015-09-01"]),
    ...     "DEC": pd.to_datetime(["2015-03-01", "2015-06-30", None]),
    ...     "REC": ["X1", "E4A", None], "RNE": ["S", "P", "S"], "LS": ["C1", "C2", "V2"],
    ...     "PLACE": ["U4", "U6", "K2"], "HOME_POST": None, "PL_POST": None})
    >>> got = periods_of_care(eps)
    >>> got["PERIOD"].tolist(), got["EPISODES"].tolist(), got["REC"].tolist()
    ([1, 2], [2, 1], ['E4A', nan])
    >>> got["END"].dt.strftime("%d/%m/%Y").tolist()
    ['30/06/2015', nan]
    """
    if episodes.empty:
        return _empty_periods()
    eps = period_ids(episodes, in_order=in_order)
    first_at = np.flatnonzero(eps["PERIOD_START"].to_numpy())
    last_at = np.append(first_at[1:], len(eps)) - 1
    first, last = eps.iloc[first_at].reset_index(drop=True), eps.iloc[last_at].reset_index(drop=True)
    short_break = eps["LS"].isin(SHORT_BREAKS).fillna(False).astype(bool).to_numpy()
    not_short_before = np.concatenate([[0], np.cumsum(~short_break)])  # non-short-break episodes before each row
    missing = pd.Series(pd.NA, index=first.index, dtype="object")
    return pd.DataFrame(
        {
            "CHILD": first["CHILD"],
            "PERIOD": first["PERIOD"],
            "START": first["DECOM"],
            "END": last["DEC"],
            "REC": last["REC"].where(last["DEC"].notna()),
            "FIRST_LS": first["LS"],
            "FIRST_PLACE": first["PLACE"],
            **{col: first.get(col, missing) for col in ("HOME_POST", "PL_POST", "PL_DISTANCE", "PL_LOCATION")},
            "SHORT_BREAKS_ONLY": not_short_before[last_at + 1] == not_short_before[first_at],
            "EPISODES": (last_at - first_at + 1).astype("int64"),
        }
    )[PERIOD_COLUMNS]


def _empty_periods() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "CHILD": pd.Series(dtype="str"),
            "PERIOD": pd.Series(dtype="int64"),
            "START": pd.Series(dtype="datetime64[ns]"),
            "END": pd.Series(dtype="datetime64[ns]"),
            "REC": pd.Series(dtype="str"),
            "FIRST_LS": pd.Series(dtype="str"),
            "FIRST_PLACE": pd.Series(dtype="str"),
            "HOME_POST": pd.Series(dtype="str"),
            "PL_POST": pd.Series(dtype="str"),
            "PL_DISTANCE": pd.Series(dtype="float64"),
            "PL_LOCATION": pd.Series(dtype="str"),
            "SHORT_BREAKS_ONLY": pd.Series(dtype="bool"),
            "EPISODES": pd.Series(dtype="int64"),
        }
    )
