"""``iru-report demo-data --scale``: a valid folder of the size asked, the same bytes for
the same seed, and England's size implied by the parameters (without writing it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from iru_analysis.cli import main
from iru_analysis.demo.scaled import (
    AUTHORITY_CHILDREN,
    COLLECTION_END,
    ENGLAND_AUTHORITIES,
    REVIEW_DAYS,
    scale_factor,
    synthetic_903,
    write_scaled_data,
)
from iru_analysis.load import read_dataset


def _bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scale-1")
    assert main(["demo-data", "--scale", "1", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def sample() -> dict[str, pd.DataFrame]:
    """Two authorities' worth, in memory: the rates per child that England's size scales."""
    return synthetic_903(2 * AUTHORITY_CHILDREN)


def _looked_after(episodes: pd.DataFrame, at: pd.Timestamp) -> int:
    # started on or before the date and not ended on or before it (README, Conventions)
    return episodes.loc[(episodes["DECOM"] <= at) & ~(episodes["DEC"] <= at), "CHILD"].nunique()


def test_scale_factor():
    assert [scale_factor(s) for s in ("1", "10", "England")] == [1, 10, ENGLAND_AUTHORITIES]
    with pytest.raises(ValueError):
        scale_factor("0")


def test_a_bad_scale_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["demo-data", "--scale", "0"])
    assert main(["demo-data", "--scale", "1", "--as-returns"]) == 2


def test_scaled_folder_validates_with_no_error(one):
    findings = read_dataset(one).findings
    assert findings.loc[findings["severity"] == "error"].empty
    assert sorted(_bytes(one)) == [
        "reference/authority.csv",
        "reference/comparators.csv",
        "ssda903/episodes.csv",
        "ssda903/header.csv",
        "ssda903/reviews.csv",
    ]


def test_scaled_folder_has_one_authoritys_children(one):
    header = pd.read_csv(one / "ssda903" / "header.csv", dtype=str)
    episodes = pd.read_csv(one / "ssda903" / "episodes.csv", dtype=str)
    assert len(header) == header["CHILD"].nunique() == AUTHORITY_CHILDREN
    # every child's first episode starts by 1 March 2016, so none is dropped
    assert set(episodes["CHILD"]) == set(header["CHILD"])


def test_same_seed_same_bytes(one, tmp_path):
    write_scaled_data(tmp_path / "again", 1)
    write_scaled_data(tmp_path / "other", 1, seed=1)
    assert _bytes(tmp_path / "again") == _bytes(one)
    assert _bytes(tmp_path / "other")["ssda903/episodes.csv"] != _bytes(one)["ssda903/episodes.csv"]


def test_reviews_follow_each_period_of_care(sample):
    # each review is 20 days, 111 days (20 + 91), then 111 + 182k days after the start (RNE S) of the
    # child's latest period of care, and no later than its end; a child's only open episode is its last
    episodes, reviews = sample["episodes"], sample["reviews"]
    starts = episodes.loc[episodes["RNE"] == "S", ["CHILD", "DECOM"]].sort_values("DECOM")
    after = pd.merge_asof(reviews.sort_values("REVIEW"), starts, left_on="REVIEW", right_on="DECOM", by="CHILD")
    assert set((after["REVIEW"] - after["DECOM"]).dt.days) <= set(REVIEW_DAYS)
    assert after["REVIEW"].max() <= COLLECTION_END
    last = ~episodes["CHILD"].duplicated(keep="last")
    assert not (episodes["DEC"].isna() & ~last).any()


def test_england_size_implied_by_the_parameters(sample):
    # England is 152 authorities of 960 children = 145,920 children; the rows per child and the
    # share looked after at 31 March 2016, measured on two authorities' worth, give its size:
    # about 7.7 episodes a child (1.1 million) and 56% looked after (82,000)
    children = ENGLAND_AUTHORITIES * AUTHORITY_CHILDREN
    assert children == 145_920
    per_child = len(sample["episodes"]) / len(sample["header"])
    looked_after = _looked_after(sample["episodes"], COLLECTION_END) / len(sample["header"])
    assert children * per_child >= 1_000_000
    assert 75_000 <= children * looked_after <= 85_000
    assert np.isclose(looked_after * AUTHORITY_CHILDREN, 540, rtol=0.05)  # the module's "about 540"
