"""Looked-after population measures on a small cohort worked out by hand (year 2015-16).

The cohort (docs/data-standards.md §2 rules; '' = missing):

A  S 01/06/2014 C2 U4 -> X1 on 10/09/2015, then P 10/09/2015 C2 U6 open.  A move inside one
   period: neither a start nor a cease; looked after all year.         WBRI
B  V3 short breaks only: 01/05-03/05/2015 and 29/05-02/06/2015 (spans 31 May).  Excluded
   everywhere; the one child in lac_short_breaks_only.                  WBRI
C  starts twice in the year: S 10/05/2015 V2 -> E4A 20/08/2015; S 15/11/2015 C1 open.
   Born 01/09/2010: 4 on the first start (5 on the second) -> counted once, "1 to 4";
   ceased once (20/08/2015, E4A, age 4).                                WBRI
D  S 01/01/2013 C2 K2 -> E8 on 31/03/2016 (leaves on 31 March).  Born 01/04/2000: 15 on
   31/03/2016 -> ceased "15"; not looked after at 31/03/2016.             WBRI
E  S 31/03/2016 L2 U6 open (starts on 31 March).  Born 31/03/2001: 15th birthday on the
   start day -> "15"; looked after at 31/03/2016.                        ETHNIC missing
F  remand: S 20/04/2015 J1 R5 -> E14 15/06/2015.  Born 15/06/1999: 15 on start, 16th
   birthday on the cease day -> started "15", ceased "16+".                 WBRI
G  S 10/04/2014 C1 U4 -> E11 on 31/03/2015: left on the snapshot day, not looked after at
   31/03/2015; started and ceased in 2014-15.                             WBRI
H  S 15/01/2015 C2 A5 open, looked after all year.                         MWBC
"""

from pathlib import Path

import pandas as pd
import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.codes import NOT_RECORDED
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.looked_after import (
    INDICATORS,
    age_band,
    care_periods,
    ceased_by_reason,
    ceased_by_route,
    ceased_in_year,
    count_by_age,
    count_looked_after,
    ethnicity_at,
    figure_rows,
    looked_after_at,
    short_breaks_only,
    started_in_year,
)

from episode_rows import make_episodes

YEAR = ReportingYear.parse("2015-16")

EPISODE_ROWS = [
    # CHILD, DECOM, RNE, LS, PLACE, DEC, REC
    ("A", "01/06/2014", "S", "C2", "U4", "10/09/2015", "X1"),
    ("A", "10/09/2015", "P", "C2", "U6", "", ""),
    ("B", "01/05/2015", "S", "V3", "R1", "03/05/2015", "E8"),
    ("B", "29/05/2015", "S", "V3", "R1", "02/06/2015", "E8"),
    ("C", "10/05/2015", "S", "V2", "U6", "20/08/2015", "E4A"),
    ("C", "15/11/2015", "S", "C1", "U4", "", ""),
    ("D", "01/01/2013", "S", "C2", "K2", "31/03/2016", "E8"),
    ("E", "31/03/2016", "S", "L2", "U6", "", ""),
    ("F", "20/04/2015", "S", "J1", "R5", "15/06/2015", "E14"),
    ("G", "10/04/2014", "S", "C1", "U4", "31/03/2015", "E11"),
    ("H", "15/01/2015", "S", "C2", "A5", "", ""),
]
HEADER_ROWS = [
    # CHILD, SEX, DOB, ETHNIC
    ("A", "1", "01/02/2008", "WBRI"),
    ("B", "2", "01/01/2005", "WBRI"),
    ("C", "1", "01/09/2010", "WBRI"),
    ("D", "2", "01/04/2000", "WBRI"),
    ("E", "1", "31/03/2001", ""),
    ("F", "1", "15/06/1999", "WBRI"),
    ("G", "2", "01/01/2012", "WBRI"),
    ("H", "2", "01/01/2014", "MWBC"),
]


def make_header(rows):
    frame = pd.DataFrame(rows, columns=["CHILD", "SEX", "DOB", "ETHNIC"])
    frame["DOB"] = pd.to_datetime(frame["DOB"], format="%d/%m/%Y")
    frame["ETHNIC"] = frame["ETHNIC"].replace("", None)
    return frame


@pytest.fixture
def eps():
    return make_episodes(EPISODE_ROWS)


@pytest.fixture
def header():
    return make_header(HEADER_ROWS)


def test_snapshots_at_31_march(eps):
    # 31/03/2015: A, D, H (G left that day; C, E, F not yet started) = 3.
    # 31/03/2016: A, C, E, H (D left that day; E started that day) = 4.
    got = count_looked_after(eps, pd.to_datetime(["2015-03-31", "2016-03-31"]))
    assert got.tolist() == [3, 4]
    on = looked_after_at(eps, pd.to_datetime(["2016-03-31"]))
    assert sorted(on["CHILD"]) == ["A", "C", "E", "H"]
    # A's open episode at year end is the one after the move
    assert on.set_index("CHILD").loc["A", "PLACE"] == "U6"


def test_month_end_counts(eps):
    # Apr A D H F=4; May +C (B's V3 over 31 May not counted)=5; Jun F left=4; Jul 4;
    # Aug C left 20/08=3; Sep A counted once across its X1 move=3; Oct 3; Nov C back=4;
    # Dec, Jan, Feb 4; Mar: D out (left 31/03), E in (started 31/03)=4.
    got = count_looked_after(eps, YEAR.month_ends)
    assert got.tolist() == [4, 5, 4, 4, 3, 3, 3, 4, 4, 4, 4, 4]


def test_started_and_ceased_count_children_once(eps):
    periods = care_periods(eps)
    # B's periods are short breaks only and dropped; A's X1 move is inside one period.
    assert "B" not in set(periods["CHILD"])
    started = started_in_year(periods, YEAR).set_index("CHILD")
    # C (first start 10/05/2015 only), E (31/03/2016), F (20/04/2015, remand J1)
    assert sorted(started.index) == ["C", "E", "F"]
    assert started.loc["C", "START"] == pd.Timestamp("2015-05-10")
    ceased = ceased_in_year(periods, YEAR).set_index("CHILD")
    # C (20/08/2015 E4A), D (31/03/2016 E8), F (15/06/2015 E14)
    assert ceased["REC"].to_dict() == {"C": "E4A", "D": "E8", "F": "E14"}
    previous = YEAR.previous()
    # 2014-15: started A (01/06/2014), G (10/04/2014), H (15/01/2015); ceased G (31/03/2015)
    assert sorted(started_in_year(periods, previous)["CHILD"]) == ["A", "G", "H"]
    assert ceased_in_year(periods, previous)["CHILD"].tolist() == ["G"]


def test_a_child_who_ceases_twice_is_counted_at_the_last_cease():
    # K: S 01/04/2015 -> E4A 01/06/2015; S 01/09/2015 -> E41 01/12/2015.
    # One child ceased, reason E41 (the last cease), on 01/12/2015.
    eps = make_episodes(
        [
            ("K", "01/04/2015", "S", "C1", "U4", "01/06/2015", "E4A"),
            ("K", "01/09/2015", "S", "C1", "U4", "01/12/2015", "E41"),
        ]
    )
    got = ceased_in_year(care_periods(eps), YEAR)
    assert got[["CHILD", "END", "REC"]].values.tolist() == [["K", pd.Timestamp("2015-12-01"), "E41"]]


def test_ages_at_start_and_cease(eps, header):
    periods = care_periods(eps)
    started = count_by_age(started_in_year(periods, YEAR), header, "START")
    # C 4 -> "1 to 4"; E 15 (birthday on the day) -> "15"; F 15 -> "15"
    assert started.to_dict() == {"Under 1": 0, "1 to 4": 1, "5 to 9": 0, "10 to 14": 0, "15": 2, "16+": 0}
    ceased = count_by_age(ceased_in_year(periods, YEAR), header, "END")
    # C 4 -> "1 to 4"; D 15 (16th birthday is 01/04/2016) -> "15"; F 16 on the day -> "16+"
    assert ceased.to_dict() == {"Under 1": 0, "1 to 4": 1, "5 to 9": 0, "10 to 14": 0, "15": 1, "16+": 1}


def test_age_band_boundaries():
    # 0 Under 1; 1 and 4 "1 to 4"; 5 and 9 "5 to 9"; 10 and 14 "10 to 14"; 15; 16 and 17 "16+"
    ages = pd.Series([0, 1, 4, 5, 9, 10, 14, 15, 16, 17], dtype="Int64")
    assert age_band(ages).tolist() == [
        "Under 1",
        "1 to 4",
        "1 to 4",
        "5 to 9",
        "5 to 9",
        "10 to 14",
        "10 to 14",
        "15",
        "16+",
        "16+",
    ]


def test_child_missing_from_header_has_age_not_recorded(eps, header):
    # Only F and E started with a header row; drop E's header row -> E's age is unknown.
    started = started_in_year(care_periods(eps), YEAR)
    got = count_by_age(started, header[header["CHILD"] != "E"], "START")
    assert got["15"] == 1 and got[NOT_RECORDED] == 1 and got["1 to 4"] == 1


def test_ethnicity_at_year_end_keeps_missing_codes(eps, header):
    # At 31/03/2016: A WBRI, C WBRI, E (no code), H MWBC
    got = ethnicity_at(eps, header, YEAR.end)
    assert got.to_dict() == {"MWBC": 1, "WBRI": 2, NOT_RECORDED: 1}


def test_short_breaks_only_children(eps):
    # B's only care in the year is V3.  A, C, D… have other legal statuses.
    assert list(short_breaks_only(eps, YEAR)) == ["B"]


def test_figure_rows_on_ssda903_only_dataset(eps, header):
    ds = Dataset(folder=Path("."), header=header, episodes=eps)
    rows = figure_rows(ds, YEAR)
    assert list(rows.columns) == FIGURE_COLUMNS
    assert set(rows["indicator"]) <= set(INDICATORS)

    def value(indicator, breakdown="", period=None):
        hit = rows[(rows.indicator == indicator) & (rows.breakdown == breakdown)]
        if period is not None:
            hit = hit[hit.period == period]
        assert len(hit) == 1, (indicator, breakdown, period)
        return hit["value"].iloc[0]

    assert value("lac_at_31_march", period="2015-03-31") == 3
    assert value("lac_at_31_march", period="2016-03-31") == 4
    assert value("lac_month_end", period="2015-05") == 5
    assert value("lac_month_end", period="2016-03") == 4
    assert value("lac_started", period="2015-16") == 3
    assert value("lac_started", period="2014-15") == 3
    assert value("lac_ceased", period="2015-16") == 3
    assert value("lac_ceased", period="2014-15") == 1
    assert value("lac_started_by_age", "15", "2015-16") == 2
    assert value("lac_ceased_by_age", "16+", "2015-16") == 1
    # 2 of the 3 starters were 15 on starting: 66.7%; 1 of the 3 leavers was 16+: 33.3%
    assert value("lac_started_by_age_pct", "15", "2015-16") == pytest.approx(200 / 3)
    assert value("lac_ceased_by_age_pct", "16+", "2015-16") == pytest.approx(100 / 3)
    assert value("lac_ceased_by_reason", "E14", "2015-16") == 1
    # the leavers: C E4A (home), D E8 and F E14 (no route to permanence)
    assert rows.loc[rows.indicator == "lac_ceased_by_route", ["breakdown", "value"]].values.tolist() == [
        ["adoption", 0.0],
        ["sgo", 0.0],
        ["cao", 0.0],
        ["home", 1.0],
    ]
    assert value("lac_ethnicity", "WBRI", "2016-03-31") == 2
    # 2 of 4 = 50%; the not-recorded child stays in the denominator: 1 of 4 = 25%
    assert value("lac_ethnicity_pct", "WBRI", "2016-03-31") == 50.0
    assert value("lac_ethnicity_pct", NOT_RECORDED, "2016-03-31") == 25.0
    assert value("lac_short_breaks_only", period="2015-16") == 1


def test_ceased_by_reason_keeps_a_blank_reason():
    # L1 ceased E11; L2 ceased with DEC but no REC (a data error) -> not_recorded, still counted
    eps = make_episodes(
        [
            ("L1", "01/01/2015", "S", "C2", "U4", "01/06/2015", "E11"),
            ("L2", "01/01/2015", "S", "C2", "U4", "01/07/2015", ""),
        ]
    )
    got = ceased_by_reason(ceased_in_year(care_periods(eps), YEAR))
    assert got.to_dict() == {"E11": 1, NOT_RECORDED: 1}


def test_ceased_by_route_adds_the_reasons_of_each_route():
    # adoption E11 2 + E12 1 = 3; sgo E43 1 + E48 2 = 3; cao E41 1; home E4A 4;
    # E8 5 and not_recorded 1 are no route (counted in none)
    reasons = pd.Series({"E11": 2, "E12": 1, "E43": 1, "E48": 2, "E41": 1, "E4A": 4, "E8": 5, NOT_RECORDED: 1})
    assert ceased_by_route(reasons).to_dict() == {"adoption": 3.0, "sgo": 3.0, "cao": 1.0, "home": 4.0}
    # no leaver by any route: every route listed, 0
    assert ceased_by_route(pd.Series({"E8": 2})).tolist() == [0.0, 0.0, 0.0, 0.0]


def test_figure_rows_without_header_leaves_out_ages_and_ethnicity(eps):
    rows = figure_rows(Dataset(folder=Path("."), episodes=eps), YEAR)
    assert not {"lac_started_by_age", "lac_ceased_by_age", "lac_ethnicity"} & set(rows["indicator"])
    # the counts do not need the header: 4 at 31/03/2016 as above
    hit = rows[(rows.indicator == "lac_at_31_march") & (rows.period == "2016-03-31")]
    assert hit["value"].tolist() == [4.0]


def test_figure_rows_without_episodes_is_empty():
    rows = figure_rows(Dataset(folder=Path(".")), YEAR)
    assert rows.empty and list(rows.columns) == FIGURE_COLUMNS
