"""Property-based tests (hypothesis) of the identities every looked-after history obeys.

Histories are generated child by child: a child's dated events, in order, either change
episode inside a period of care (the episode ends X1 and the next starts that day) or
end the period (E41; the next event, if any, starts a new period), and the last episode
may be left open. Reviews fall on random days, some twice. Then, for any reporting year:

* the children looked after on its last day = those looked after on the day before it
  starts + periods of care starting in it - periods ending in it (a child is looked after
  on d when DECOM <= d < DEC);
* no review is counted twice, and each counted review lies in its period of care;
* the row order of the episodes and reviews changes none of the results, and neither does
  a review row given twice.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from iru_analysis.calendar import ReportingYear
from iru_analysis.measures.looked_after import care_periods, ceased_in_year, count_looked_after, started_in_year
from iru_analysis.measures.reviews import review_timeliness

ORIGIN = pd.Timestamp(2013, 1, 1)
DAYS = 1200  # histories from 1 January 2013 to April 2016
YEARS = [ReportingYear.parse(label) for label in ("2013-14", "2014-15", "2015-16")]
# the days either side of each year's first and last day, where a rule's < or <= matters
EDGES = sorted({(day - ORIGIN).days + shift for y in YEARS for day in (y.start, y.end) for shift in (-1, 0, 1)})
DAY = st.one_of(st.integers(0, DAYS), st.sampled_from(EDGES))
EPISODE_COLUMNS = ["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC", "HOME_POST", "PL_POST"]


@st.composite
def child_history(draw, child: str) -> list[tuple]:
    """One child's episodes (as rows of EPISODE_COLUMNS) from a few dated events."""
    days = sorted(draw(st.sets(DAY, min_size=1, max_size=7)))
    kinds = draw(st.lists(st.sampled_from(["X1", "E41"]), min_size=len(days), max_size=len(days)))
    left_open = draw(st.booleans())
    rows, start, new_period = [], None, True
    for day, kind in zip(days, kinds):
        date = ORIGIN + pd.Timedelta(days=day)
        if start is None:  # out of care: this event starts a period
            start, new_period = date, True
            continue
        rows.append((child, start, "S" if new_period else "P", "C2", "U1", date, kind, None, None))
        start, new_period = (date, False) if kind == "X1" else (None, True)
    if start is not None:
        closing = (None, None) if left_open or len(rows) == 0 else (start + pd.Timedelta(days=30), "E41")
        rows.append((child, start, "S" if new_period else "P", "C2", "U1", *closing, None, None))
    return rows


@st.composite
def histories(draw) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Episodes of up to six children and their reviews (some dates twice)."""
    n = draw(st.integers(1, 6))
    rows = [row for c in range(n) for row in draw(child_history(f"C{c}"))]
    episodes = pd.DataFrame(rows, columns=EPISODE_COLUMNS)
    for column in ("DECOM", "DEC"):
        episodes[column] = pd.to_datetime(episodes[column])
    reviews = draw(
        st.lists(st.tuples(st.integers(0, n - 1), DAY), max_size=25).map(
            lambda pairs: pd.DataFrame(
                {
                    "CHILD": [f"C{c}" for c, _ in pairs],
                    "REVIEW": [ORIGIN + pd.Timedelta(days=d) for _, d in pairs],
                },
                dtype=object,
            ).astype({"REVIEW": "datetime64[ns]"})
        )
    )
    return episodes, reviews


def in_order(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


@settings(max_examples=100, deadline=None, database=None)
@given(histories(), st.sampled_from(YEARS))
def test_looked_after_at_the_end_is_the_start_plus_starters_minus_leavers(history, year):
    episodes, _ = history
    periods = care_periods(episodes)
    before, end = year.start - pd.Timedelta(days=1), year.end
    counts = count_looked_after(episodes, [before, end])
    starters = int(year.contains(periods["START"]).sum())
    leavers = int((year.contains(periods["END"]) & (periods["REC"] != "X1")).sum())
    assert counts[end] == counts[before] + starters - leavers
    # each child counted once among starters and leavers, however many periods they had
    assert len(started_in_year(periods, year)) == periods.loc[year.contains(periods["START"]), "CHILD"].nunique()
    assert len(ceased_in_year(periods, year)) <= leavers


@settings(max_examples=100, deadline=None, database=None)
@given(histories())
def test_no_review_counted_twice_and_each_in_its_period(history):
    episodes, reviews = history
    periods = care_periods(episodes)
    counted = review_timeliness(reviews, periods)
    assert not counted.duplicated(["CHILD", "REVIEW"]).any()
    spans = counted.merge(periods[["CHILD", "PERIOD", "START", "END"]], on=["CHILD", "PERIOD"], suffixes=("", "_P"))
    assert len(spans) == len(counted)
    assert ((spans["START_P"] <= spans["REVIEW"]) & (spans["END"].isna() | (spans["REVIEW"] <= spans["END"]))).all()
    # a review row given twice is still one review
    again = review_timeliness(pd.concat([reviews, reviews], ignore_index=True), periods)
    pd.testing.assert_frame_equal(again, counted)


@settings(max_examples=60, deadline=None, database=None)
@given(histories(), st.randoms(use_true_random=False), st.sampled_from(YEARS))
def test_results_do_not_depend_on_row_order(history, rng, year):
    episodes, reviews = history
    shuffled_episodes = episodes.sample(frac=1, random_state=rng.randrange(2**32)).reset_index(drop=True)
    shuffled_reviews = reviews.sample(frac=1, random_state=rng.randrange(2**32)).reset_index(drop=True)
    periods, shuffled_periods = care_periods(episodes), care_periods(shuffled_episodes)
    keys = ["CHILD", "PERIOD"]
    pd.testing.assert_frame_equal(in_order(shuffled_periods, keys), in_order(periods, keys))
    dates = [year.start, year.end]
    pd.testing.assert_series_equal(count_looked_after(shuffled_episodes, dates), count_looked_after(episodes, dates))
    for measure in (started_in_year, ceased_in_year):
        pd.testing.assert_frame_equal(
            in_order(measure(shuffled_periods, year), ["CHILD"]), in_order(measure(periods, year), ["CHILD"])
        )
    pd.testing.assert_frame_equal(
        in_order(review_timeliness(shuffled_reviews, shuffled_periods), ["CHILD", "REVIEW"]),
        in_order(review_timeliness(reviews, periods), ["CHILD", "REVIEW"]),
    )
