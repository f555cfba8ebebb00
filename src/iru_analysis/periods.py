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
    "CHILD", "PERIOD", "START", "END", "REC", "FIRST_LS", "FIRST_PLACE", "HOME_POST",
    "PL_POST", "PL_DISTANCE", "PL_LOCATION", "SHORT_BREAKS_ONLY", "EPISODES",
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
    keys = pd.DataFrame({"CHILD": np.where(child < 0, len(child), child), "DECOM": episodes["DECOM"].to_numpy(),
                         "DEC": episodes["DEC"].to_numpy(), "_NOT_X1": ~(episodes["REC"] == "X1").fillna(False).astype(bool).to_numpy()})
    order = keys.sort_values(["CHILD", "DECOM", "DEC", "_NOT_X1"], na_position="last", kind="stable").index
    return episodes.iloc[order]


def period_ids(episodes: pd.DataFrame) -> pd.DataFrame:
    """The episodes, sorted, with ``PERIOD`` (1, 2, … per child) and ``PERIOD_START`` (bool).

    An episode continues its predecessor's period when the predecessor belongs to the
    same child, ended with REC = X1, and ended on this episode's DECOM.
    """
    eps = sort_episodes(episodes).reset_index(drop=True)
    prev_child = eps["CHILD"].shift()
    prev_dec = eps["DEC"].shift()
    prev_rec = eps["REC"].shift()
    continues = (
        (prev_child == eps["CHILD"]).fillna(False).astype(bool)
        & (prev_rec == "X1").fillna(False).astype(bool)
        & (prev_dec == eps["DECOM"]).fillna(False).astype(bool)
    )
    eps["PERIOD_START"] = ~continues
    eps["PERIOD"] = eps.groupby("CHILD", sort=False)["PERIOD_START"].cumsum().astype("int64")
    return eps


def periods_of_care(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per period of care.

    Columns: CHILD, PERIOD (1, 2, … per child in date order), START (DECOM of the first
    episode), END (DEC of the last episode, NaT while open), REC (REC of the last
    episode, NA while open), FIRST_LS, FIRST_PLACE, HOME_POST, PL_POST (first
    episode's), PL_DISTANCE, PL_LOCATION (first episode's, NA when the episodes lack
    those columns), SHORT_BREAKS_ONLY (every episode has LS V3 or V4), EPISODES
    (number of episodes).

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
    eps = period_ids(episodes)
    eps["_SB"] = eps["LS"].isin(SHORT_BREAKS).fillna(False).astype(bool)
    for col in ("PL_DISTANCE", "PL_LOCATION", "HOME_POST", "PL_POST"):
        if col not in eps:
            eps[col] = pd.NA
    grouped = eps.groupby(["CHILD", "PERIOD"], sort=True)
    first = grouped.nth(0).set_index(["CHILD", "PERIOD"])
    last = grouped.nth(-1).set_index(["CHILD", "PERIOD"])
    out = pd.DataFrame({
        "START": first["DECOM"],
        "END": last["DEC"],
        "REC": last["REC"].where(last["DEC"].notna()),
        "FIRST_LS": first["LS"],
        "FIRST_PLACE": first["PLACE"],
        "HOME_POST": first["HOME_POST"],
        "PL_POST": first["PL_POST"],
        "PL_DISTANCE": first["PL_DISTANCE"],
        "PL_LOCATION": first["PL_LOCATION"],
        "SHORT_BREAKS_ONLY": grouped["_SB"].all(),
        "EPISODES": grouped.size().astype("int64"),
    })
    return out.reset_index()[PERIOD_COLUMNS]


def _empty_periods() -> pd.DataFrame:
    return pd.DataFrame({
        "CHILD": pd.Series(dtype="str"), "PERIOD": pd.Series(dtype="int64"),
        "START": pd.Series(dtype="datetime64[ns]"), "END": pd.Series(dtype="datetime64[ns]"),
        "REC": pd.Series(dtype="str"), "FIRST_LS": pd.Series(dtype="str"),
        "FIRST_PLACE": pd.Series(dtype="str"), "HOME_POST": pd.Series(dtype="str"),
        "PL_POST": pd.Series(dtype="str"), "PL_DISTANCE": pd.Series(dtype="float64"),
        "PL_LOCATION": pd.Series(dtype="str"), "SHORT_BREAKS_ONLY": pd.Series(dtype="bool"),
        "EPISODES": pd.Series(dtype="int64"),
    })
