"""The demo as annual returns: the cut made by hand, and the same figures as the flat folder."""

from __future__ import annotations

import pandas as pd
import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.cli import main
from iru_analysis.demo.returns import annual_returns, write_demo_returns
from iru_analysis.errors import InputError
from iru_analysis.figures import compute_figures
from iru_analysis.load import load_dataset
from iru_analysis.paths import DEMO_DATA

YEAR = ReportingYear.parse("2015-16")
AS_AT = pd.Timestamp("2016-06-30")  # the params' caseload date: needs the 2016-17 return


def _text(columns: list[str], *rows: str) -> pd.DataFrame:
    return pd.DataFrame([r.split(",") for r in rows], columns=columns)


def test_annual_returns_by_hand():
    header = _text(["CHILD", "SEX"], "A,1", "B,2")
    episodes = _text(
        ["CHILD", "DECOM", "DEC", "REC"],
        "A,01/06/2013,15/05/2015,E41",  # open through 2013-14 and 2014-15, closed in 2015-16
        "B,01/02/2014,31/03/2014,E13",  # ends on 2013-14's last day: in 2013-14 only, closed
        "B,01/04/2015,,",
    )  # open since 2015-16's first day
    reviews = _text(["CHILD", "REVIEW"], "A,20/06/2013", "B,10/02/2014", "A,01/04/2015")
    got = annual_returns(header, episodes, reviews)
    # First year: the earliest DECOM or review (2013-14); last: the latest date (DEC 15/05/2015, 2015-16).
    assert [y.label for y in got] == ["2013-14", "2014-15", "2015-16"]
    rows = {y.label: {name: t.values.tolist() for name, t in tables.items()} for y, tables in got.items()}
    assert rows["2013-14"] == {
        "header": [["A", "1"], ["B", "2"]],
        "episodes": [["A", "01/06/2013", "", ""], ["B", "01/02/2014", "31/03/2014", "E13"]],
        "reviews": [["A", "20/06/2013"], ["B", "10/02/2014"]],
    }
    assert rows["2014-15"] == {"header": [["A", "1"]], "episodes": [["A", "01/06/2013", "", ""]], "reviews": []}
    assert rows["2015-16"] == {
        "header": [["A", "1"], ["B", "2"]],
        "episodes": [["A", "01/06/2013", "15/05/2015", "E41"], ["B", "01/04/2015", "", ""]],
        "reviews": [["A", "01/04/2015"]],
    }
    assert list(got[ReportingYear(2014)]["reviews"].columns) == ["CHILD", "REVIEW"]


@pytest.fixture(scope="module")
def returns_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-returns")
    assert main(["demo-data", "--as-returns", "--out", str(out)]) == 0
    return out


def test_written_layout(returns_folder):
    years = sorted(p.name for p in (returns_folder / "ssda903").iterdir())
    # The demo's first episode (11/05/2002) and first review (03/06/2002) are in 2002-03; its last
    # dates are in June 2016.
    assert years[0] == "2002-03" and years[-1] == "2016-17" and len(years) == 15
    assert len(pd.read_csv(returns_folder / "ssda903/2015-16/reviews.csv")) == 882  # the report's 882 reviews
    for source in ("cin", "iru", "reference"):
        assert {p.name: p.read_bytes() for p in (returns_folder / source).iterdir()} == {
            p.name: p.read_bytes() for p in (DEMO_DATA / source).iterdir()
        }
    assert (returns_folder / "SYNTHETIC").read_bytes() == (DEMO_DATA / "SYNTHETIC").read_bytes()  # still made up


def test_returns_give_the_same_figures_as_the_flat_folder(returns_folder):
    flat, split = load_dataset(DEMO_DATA), load_dataset(returns_folder)
    # Same start of the review history: 1 April 2002 (first return; year of the earliest review).
    assert split.history_from == pd.Timestamp(2002, 4, 1)
    assert not (split.findings["rule"].str.contains("differs from")).any()  # no corrections
    pd.testing.assert_frame_equal(compute_figures(split, YEAR, as_at=AS_AT), compute_figures(flat, YEAR, as_at=AS_AT))


def test_the_demo_folder_itself_is_refused():
    with pytest.raises(InputError):
        write_demo_returns(DEMO_DATA)
