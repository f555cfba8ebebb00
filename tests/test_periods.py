"""Periods of care: episodes chained by REC = X1 and a same-day next episode (docs/data-standards.md §2.1)."""

from pathlib import Path

import pandas as pd

from iru_analysis.dataset import Dataset
from iru_analysis.periods import PERIOD_COLUMNS, periods_of_care


def episodes(rows, **extra):
    """Episodes from (CHILD, DECOM, RNE, LS, PLACE, DEC, REC) tuples; '' means missing."""
    frame = pd.DataFrame(rows, columns=["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"])
    frame["DECOM"] = pd.to_datetime(frame["DECOM"], format="%Y-%m-%d")
    frame["DEC"] = pd.to_datetime(frame["DEC"].replace("", None), format="%Y-%m-%d")
    frame["REC"] = frame["REC"].replace("", None)
    frame["HOME_POST"] = "SY1 1AA"
    frame["PL_POST"] = [f"PL{i}" for i in range(len(frame))]
    for key, value in extra.items():
        frame[key] = value
    return frame


def test_x1_chain_is_one_period_and_a_gap_starts_another():
    # Child A: S on 5 Jan 2015, moves (X1 -> P) on 1 Mar, returns home (E4A) on 30 Jun:
    #   one period 2015-01-05 .. 2015-06-30 of 2 episodes, REC E4A.
    # Then a new start on 1 Sep 2015, still open: period 2, END NaT, REC missing.
    # Child B: X1 on 10 May but the next episode starts 12 May (gap), so the chain is
    #   broken: two periods, the first ending X1 on 10 May.
    eps = episodes(
        [
            ("B", "2015-05-12", "P", "C2", "U4", "", ""),
            ("A", "2015-03-01", "P", "C2", "U6", "2015-06-30", "E4A"),
            ("A", "2015-01-05", "S", "C1", "U4", "2015-03-01", "X1"),
            ("A", "2015-09-01", "S", "V2", "K2", "", ""),
            ("B", "2015-01-01", "S", "C2", "U4", "2015-05-10", "X1"),
        ]
    )
    got = periods_of_care(eps)
    assert list(got.columns) == PERIOD_COLUMNS
    assert got[["CHILD", "PERIOD"]].values.tolist() == [["A", 1], ["A", 2], ["B", 1], ["B", 2]]
    a1, a2, b1, b2 = (got.iloc[i] for i in range(4))
    assert (a1.START, a1.END, a1.REC, a1.EPISODES) == (pd.Timestamp("2015-01-05"), pd.Timestamp("2015-06-30"), "E4A", 2)
    # first-episode attributes come from the S episode, not the move
    assert (a1.FIRST_LS, a1.FIRST_PLACE, a1.PL_POST) == ("C1", "U4", "PL2")
    assert pd.isna(a2.END) and pd.isna(a2.REC) and a2.FIRST_LS == "V2"
    assert b1.END == pd.Timestamp("2015-05-10") and b1.REC == "X1"
    assert b2.START == pd.Timestamp("2015-05-12") and b2.EPISODES == 1
    # no distance columns in the input: present and missing in the output
    assert got["PL_DISTANCE"].isna().all() and got["PL_LOCATION"].isna().all()


def test_short_breaks_only_flag_needs_every_episode_v3_or_v4():
    # Child S: two V3 episodes chained by X1, then V4 -> short breaks only.
    # Child M: V3 then C2 chained -> not short breaks only.
    eps = episodes(
        [
            ("S", "2015-04-01", "S", "V3", "R1", "2015-04-03", "X1"),
            ("S", "2015-04-03", "L", "V4", "R1", "2015-04-05", "E8"),
            ("M", "2015-04-01", "S", "V3", "R1", "2015-04-03", "X1"),
            ("M", "2015-04-03", "L", "C2", "U4", "", ""),
        ]
    )
    got = periods_of_care(eps).set_index("CHILD")
    assert bool(got.loc["S", "SHORT_BREAKS_ONLY"]) is True
    assert bool(got.loc["M", "SHORT_BREAKS_ONLY"]) is False
    assert got.loc["S", "EPISODES"] == 2 and got.loc["M", "EPISODES"] == 2


def test_distance_columns_come_from_the_first_episode():
    # Two chained episodes with distances 3.5 (IN) then 40.0 (OUT): the period keeps 3.5 / IN.
    eps = episodes(
        [
            ("A", "2015-01-05", "S", "C1", "U4", "2015-03-01", "X1"),
            ("A", "2015-03-01", "P", "C2", "U6", "", ""),
        ],
        PL_DISTANCE=[3.5, 40.0],
        PL_LOCATION=["IN", "OUT"],
    )
    got = periods_of_care(eps).iloc[0]
    assert (got.PL_DISTANCE, got.PL_LOCATION) == (3.5, "IN")


def test_empty_episodes_give_empty_periods():
    got = periods_of_care(episodes([]))
    assert got.empty and list(got.columns) == PERIOD_COLUMNS


def test_same_day_episodes_give_the_same_periods_in_any_row_order():
    # Child Z, one period 2015-04-01 .. 2015-09-30 of three episodes:
    #   S 2015-04-01 -> 2015-05-31 X1, a zero-length P 2015-05-31 -> 2015-05-31 X1,
    #   P 2015-05-31 -> 2015-09-30 E4A. The canonical order puts the zero-length episode
    #   before the one starting that day (it ends first), so every row order chains
    #   S -> zero-length -> P: 1 period, 3 episodes, REC E4A, FIRST_LS C1.
    # Child Y, two zero-length episodes on 2015-06-01, one X1 and one E4A, then nothing:
    #   with equal dates the X1 comes first, so one period ending E4A (2 episodes).
    rows = [
        ("Z", "2015-05-31", "P", "C2", "U6", "2015-09-30", "E4A"),
        ("Z", "2015-05-31", "P", "C2", "U4", "2015-05-31", "X1"),
        ("Z", "2015-04-01", "S", "C1", "U4", "2015-05-31", "X1"),
        ("Y", "2015-06-01", "S", "V2", "U4", "2015-06-01", "E4A"),
        ("Y", "2015-06-01", "S", "V2", "U4", "2015-06-01", "X1"),
    ]
    expected = pd.DataFrame(
        {
            "CHILD": ["Y", "Z"],
            "PERIOD": [1, 1],
            "START": pd.to_datetime(["2015-06-01", "2015-04-01"]),
            "END": pd.to_datetime(["2015-06-01", "2015-09-30"]),
            "REC": ["E4A", "E4A"],
            "FIRST_LS": ["V2", "C1"],
            "EPISODES": [2, 3],
        }
    )
    for order in ([0, 1, 2, 3, 4], [2, 1, 0, 4, 3], [1, 3, 0, 2, 4], [4, 2, 3, 0, 1]):
        got = periods_of_care(episodes([rows[i] for i in order]))
        pd.testing.assert_frame_equal(got[list(expected.columns)], expected, check_dtype=False, obj=str(order))


def test_episodes_already_in_order_give_the_same_periods_unsorted():
    # The loader sorts the episodes once (sort_episodes) and passes them with
    # in_order=True: the periods must be those of the unsorted rows. Child A: S 1 Apr
    # -> X1 1 Jun, P 1 Jun -> open (one period of 2 episodes); child B: S 1 May -> E4A
    # 2 May, then S 3 May -> open (two periods of 1 episode each).
    rows = [
        ("B", "2015-05-03", "S", "C2", "U4", "", ""),
        ("A", "2015-06-01", "P", "C2", "U6", "", ""),
        ("B", "2015-05-01", "S", "C2", "U4", "2015-05-02", "E4A"),
        ("A", "2015-04-01", "S", "C1", "U4", "2015-06-01", "X1"),
    ]
    from iru_analysis.periods import sort_episodes

    eps = episodes(rows)
    got = periods_of_care(sort_episodes(eps), in_order=True)
    pd.testing.assert_frame_equal(got, periods_of_care(eps))
    assert got[["CHILD", "PERIOD", "EPISODES"]].values.tolist() == [["A", 1, 2], ["B", 1, 1], ["B", 2, 1]]


def test_dataset_works_out_the_periods_once_and_again_when_episodes_are_replaced():
    # Child A: S on 5 Jan 2015 ending X1 on 1 Mar, next episode the same day: one period
    # of 2 episodes. The dataset hands out that same frame each time it is asked; when
    # leaving children out replaces the episodes (here: by a frame without A's second
    # episode), it works them out again -- one period of 1 episode.
    eps = episodes(
        [("A", "2015-01-05", "S", "C1", "U4", "2015-03-01", "X1"), ("A", "2015-03-01", "P", "C2", "U6", "", "")]
    )
    ds = Dataset(folder=Path("."), episodes=eps)
    first = ds.periods_of_care()
    assert first["EPISODES"].tolist() == [2]
    assert ds.periods_of_care() is first
    ds.episodes = eps.iloc[:1]
    assert ds.periods_of_care()["EPISODES"].tolist() == [1]
    assert Dataset(folder=Path(".")).periods_of_care() is None
