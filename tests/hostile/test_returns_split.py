"""Property-based test (hypothesis): the figures do not depend on how one looked-after
history is split into annual SSDA903 returns.

A random history (``test_identities.histories``: episodes and reviews of up to six
children, 2013 to 2016) is written as text, as the files hold it, and read by the loader
(``iru_analysis.load.read_dataset``) flat (``ssda903/header.csv``, ``episodes.csv``,
``reviews.csv`` holding the whole history) and as annual returns (``ssda903/<year>/``),
either:

* cut as ``demo.returns.annual_returns`` cuts them (an episode open across years is in
  each of those years' returns, DEC and REC blank until the return of the year it ends); or
* varied: each copy of a record that a later return also holds may be left out (an
  episode open through 2014-15 may be missing from 2014-15's return when 2015-16's has
  it), a record's final version may be sent again in each of the 1 to 3 later returns (a
  header row, a closed episode or a review given in two returns), the rows of each file
  are shuffled, the folders are made in a random order and handed to the loader in a
  random order.

The typed tables are the same either way. For a random reporting year, the figures of
subjects ``looked_after`` and ``reviews`` (children looked after at each month end and at
the start and end of the year, started, ceased, reasons, reviews held, in time, not
assessed…) are the same once both readings are given the same start of the history.
Two differences are true and expected, and checked as such:

* the review history: read flat, it begins (unless ``reviews_from`` is given) on 1 April
  of the year of the earliest review; read as returns, on 1 April of the earliest
  return's year (``Dataset.history_from``), earlier when an episode began in a year
  before the first review. So the figures are compared with the same ``reviews_from``;
* the previous year's started and ceased: read as returns, a year before the first
  return is not held whole (``measures.years_held``), so its figures are left out; read
  flat, they are given. Otherwise the returns' figures are the flat ones.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from unittest import mock

import pandas as pd
from hypothesis import event, given, settings
from hypothesis import strategies as st

from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.demo.returns import annual_returns
from iru_analysis.load import read_dataset
from iru_analysis.load import returns as loader_returns
from iru_analysis.measures import looked_after as looked_after_measures
from iru_analysis.measures import reviews as review_measures

from .test_identities import YEARS, histories

HEADER_KEYS, EPISODE_KEYS, REVIEW_KEYS = ["CHILD"], ["CHILD", "DECOM"], ["CHILD", "REVIEW"]


def _text_dates(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%d/%m/%Y").fillna("")


def as_text(episodes: pd.DataFrame, reviews: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The history as the three files would hold it (dates dd/mm/YYYY, blank cells "")."""
    children = sorted(set(episodes["CHILD"]) | set(reviews["CHILD"]))
    header = pd.DataFrame({"CHILD": children, "SEX": "1", "DOB": "01/06/2006", "ETHNIC": "WBRI"})
    eps = pd.DataFrame(
        {
            "CHILD": episodes["CHILD"],
            "DECOM": _text_dates(episodes["DECOM"]),
            "RNE": episodes["RNE"],
            "LS": episodes["LS"],
            "CIN": "N1",
            "PLACE": episodes["PLACE"],
            "PLACE_PROVIDER": "PR1",
            "DEC": _text_dates(episodes["DEC"]),
            "REC": episodes["REC"].fillna(""),
            "HOME_POST": "SY3 8HQ",
            "PL_POST": "SY1 1AA",
        }
    )
    revs = pd.DataFrame(
        {"CHILD": reviews["CHILD"], "DOB": "01/06/2006", "REVIEW": _text_dates(reviews["REVIEW"]), "REVIEW_CODE": "PN1"}
    )
    return {"header": header, "episodes": eps, "reviews": revs}


def write_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    folder.mkdir(parents=True)
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def _long(returns: dict[ReportingYear, dict[str, pd.DataFrame]], name: str) -> pd.DataFrame:
    """One table's rows of every return, with ``_year`` (the return's first year)."""
    return pd.concat([tables[name].assign(_year=year.first) for year, tables in returns.items()], ignore_index=True)


def vary(
    returns: dict[ReportingYear, dict[str, pd.DataFrame]], data: st.DataObject
) -> dict[ReportingYear, dict[str, pd.DataFrame]]:
    """The same history split differently (module docstring): drawn copies left out, final
    versions sent again in later returns, rows shuffled."""
    last = max(y.first for y in returns)
    varied = {}
    for name, keys in (("header", HEADER_KEYS), ("episodes", EPISODE_KEYS), ("reviews", REVIEW_KEYS)):
        rows = _long(returns, name)
        # the latest return's copy of each record (two review rows of one day: both, they are one return's rows)
        final = rows["_year"] == rows.groupby(keys)["_year"].transform("max")
        drop = pd.Series(data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows))), dtype=bool)
        kept = rows.loc[final | ~drop.to_numpy()]
        # a record's final version sent again 1 to 3 years later (0: not), every row of it (a review given twice)
        finals = rows.loc[final]
        record = finals.groupby(keys).ngroup().to_numpy()
        n = int(record.max(initial=-1)) + 1
        gaps = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
        resent = finals.assign(_year=finals["_year"] + pd.Series(gaps, dtype="int64").to_numpy()[record])
        resent = resent.loc[(resent["_year"] > finals["_year"]) & (resent["_year"] <= last)]
        varied[name] = pd.concat([kept, resent], ignore_index=True)
        event(f"{name}: {'some' if len(kept) < len(rows) else 'no'} copies left out")
        event(f"{name}: {'some' if len(resent) else 'no'} records sent again")
    seed = data.draw(st.integers(0, 2**32 - 1))
    return {
        year: {
            name: table.loc[table["_year"] == year.first]
            .drop(columns="_year")
            .sample(frac=1, random_state=seed)
            .reset_index(drop=True)
            for name, table in varied.items()
        }
        for year in returns
    }


def write_returns(folder: Path, returns: dict[ReportingYear, dict[str, pd.DataFrame]], order: list[int]) -> None:
    """Each return in ``folder/ssda903/<year>/``, the folders made in the ``order`` given."""
    years = list(returns)
    for i in order:
        write_tables(folder / "ssda903" / years[i].label, returns[years[i]])


def read_shuffled(folder: Path, rng: random.Random) -> Dataset:
    """``read_dataset(folder)`` with the return subfolders handed to the loader in a random order."""
    listed = loader_returns._subfolders

    def shuffled(path: Path) -> list[Path]:
        found = listed(path)
        return rng.sample(found, len(found))

    with mock.patch.object(loader_returns, "_subfolders", shuffled):
        return read_dataset(folder)


def _sorted(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return table.sort_values(keys + list(table.columns), kind="stable").reset_index(drop=True)


def _figures(ds: Dataset, year: ReportingYear, reviews_from: pd.Timestamp) -> pd.DataFrame:
    """The figures of subjects ``looked_after`` and ``reviews``, as ``compute_figures`` gives them, in order."""
    periods = ds.periods_of_care()
    figures = pd.concat(
        [
            looked_after_measures.figure_rows(ds, year, periods),
            review_measures.figure_rows(ds, year, periods, reviews_from),
        ],
        ignore_index=True,
    )
    return figures.sort_values(list(figures.columns[:-1]), kind="stable").reset_index(drop=True)


@settings(max_examples=30, deadline=None, database=None)
@given(histories(), st.sampled_from(YEARS), st.booleans(), st.data())
def test_figures_do_not_depend_on_how_the_history_is_split_into_returns(history, year, varied, data):
    tables = as_text(*history)
    returns = annual_returns(tables["header"], tables["episodes"], tables["reviews"])
    order = list(range(len(returns)))  # the order the folders are made in
    if varied:  # else the returns as annual_returns cuts them
        returns, order = vary(returns, data), data.draw(st.permutations(order))
    with tempfile.TemporaryDirectory() as tmp:
        write_tables(Path(tmp, "flat", "ssda903"), tables)
        write_returns(Path(tmp, "split"), returns, order)
        flat = read_dataset(Path(tmp, "flat"))
        split = read_shuffled(Path(tmp, "split"), data.draw(st.randoms(use_true_random=False)))

    first = min(returns, key=lambda y: y.first)
    # where the history begins when not told: the flat files hold it whole (None), the returns from the first;
    # and the review history, read flat, from the year of the earliest review (on or after the first return's)
    assert flat.history_from is None and split.history_from == first.start
    assert len(flat.reviews) == 0 or review_measures.dataset_history_start(flat) >= first.start
    assert not split.findings["rule"].str.contains("differs from").any()  # no corrections: the same history
    for name, keys in (("header", HEADER_KEYS), ("episodes", EPISODE_KEYS), ("reviews", REVIEW_KEYS)):
        pd.testing.assert_frame_equal(_sorted(getattr(split, name), keys), _sorted(getattr(flat, name), keys))
    reviews_from = first.start
    whole = _figures(flat, year, reviews_from)
    assert {"lac_at_31_march", "lac_started", "lac_ceased", "lac_reviews_total"} <= set(whole["indicator"])

    # The true difference: read as returns, the figures of a year before the first return (the previous
    # year's started and ceased) are left out, since its episodes may be missing (``measures.years_held``).
    from_returns = _figures(split, year, reviews_from)
    both = whole.merge(from_returns, how="outer", indicator=True)
    assert not (both["_merge"] == "right_only").any()  # nothing new, nothing changed
    left_out = both.loc[both["_merge"] == "left_only"]
    assert set(left_out["indicator"]) <= {"lac_started", "lac_ceased"}
    assert (left_out["period"].map(lambda p: ReportingYear.parse(p).first) < first.first).all()

    # Told the same start of the history, the flat files give every figure the returns give, however split.
    flat.history_from = first.start
    pd.testing.assert_frame_equal(from_returns, _figures(flat, year, reviews_from))
