"""Placement type at 31 March and placement stability (NI 62 / NI 63), year 2015-16 by hand.

Year end 31/03/2016. For NI 63: 31/03/2016 less 30 months = 30/09/2013 (looked after
continuously since on or before); less 24 months = 31/03/2014 (same placement since on
or before).
"""

from pathlib import Path

import pandas as pd
import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.placements import (
    INDICATORS,
    figure_rows,
    long_term_stability,
    placement_groups_at,
    placement_starts,
    placements_in_year,
    three_plus_placements,
)

from episode_rows import make_episodes

YEAR = ReportingYear.parse("2015-16")


def make_header(rows):
    frame = pd.DataFrame(rows, columns=["CHILD", "DOB"])
    frame["DOB"] = pd.to_datetime(frame["DOB"], format="%d/%m/%Y")
    frame["SEX"] = "1"
    frame["ETHNIC"] = "WBRI"
    return frame


# Placement groups at 31/03/2016:
#   P1 U4 foster; P2 A5 placed for adoption; P3 K2 secure/homes/semi-independent;
#   P4 P1 placed with parents; P5 left on 31/03/2016 (not counted); P6 V3 short break (not counted).
#   4 children: 1 each in four groups = 25% each, the other four groups 0.
GROUP_ROWS = [
    ("P1", "01/01/2015", "S", "C2", "U4", "", ""),
    ("P2", "01/01/2015", "S", "E1", "A5", "", ""),
    ("P3", "01/01/2015", "S", "C2", "K2", "", ""),
    ("P4", "01/01/2015", "S", "C2", "P1", "", ""),
    ("P5", "01/01/2015", "S", "C2", "U4", "31/03/2016", "E4A"),
    ("P6", "30/03/2016", "S", "V3", "R1", "", ""),
]


def test_placement_groups_at_year_end():
    got = placement_groups_at(make_episodes(GROUP_ROWS), YEAR.end)
    assert got.to_dict() == {
        "foster": 1,
        "placed_for_adoption": 1,
        "placed_with_parents": 1,
        "other_community": 0,
        "secure_homes_semi_independent": 1,
        "other_residential": 0,
        "residential_schools": 0,
        "other": 0,
    }


# 3+ placements in 2015-16 (placements: the one held on 1 April or on entry, plus each new
# S/P/B/T/U episode in the year; T0-T4 not counted):
#   Q1 U4 since 2014 (1), P->U6 01/06 (2), P->T4 01/08 (temporary, not counted),
#      P->U6 05/08 (3), L 01/10 (legal only) -> 3: yes
#   Q2 U4 since 2014 (1), L 01/05, P 01/09 (2) -> 2: no
#   Q3 S 10/04 (1), P 01/05 (2), P 01/07 (3) -> 3: yes
#   Q4 S 01/04 (1), P 01/05 (2), P 01/06 (3), ceased 01/07/2015 -> not looked after at 31 March
#   Q5 U4 episode ended X1 on 01/04/2015 (not open on 1 April), P->U6 01/04/2015 -> 1: no
#   Denominator at 31/03/2016: Q1, Q2, Q3, Q5 = 4; numerator Q1, Q3 = 2.
STABILITY_ROWS = [
    ("Q1", "01/01/2014", "S", "C2", "U4", "01/06/2015", "X1"),
    ("Q1", "01/06/2015", "P", "C2", "U6", "01/08/2015", "X1"),
    ("Q1", "01/08/2015", "P", "C2", "T4", "05/08/2015", "X1"),
    ("Q1", "05/08/2015", "P", "C2", "U6", "01/10/2015", "X1"),
    ("Q1", "01/10/2015", "L", "E1", "U6", "", ""),
    ("Q2", "01/02/2014", "S", "C1", "U4", "01/05/2015", "X1"),
    ("Q2", "01/05/2015", "L", "C2", "U4", "01/09/2015", "X1"),
    ("Q2", "01/09/2015", "P", "C2", "U5", "", ""),
    ("Q3", "10/04/2015", "S", "V2", "U6", "01/05/2015", "X1"),
    ("Q3", "01/05/2015", "P", "V2", "U4", "01/07/2015", "X1"),
    ("Q3", "01/07/2015", "P", "V2", "K2", "", ""),
    ("Q4", "01/04/2015", "S", "V2", "U6", "01/05/2015", "X1"),
    ("Q4", "01/05/2015", "P", "V2", "U4", "01/06/2015", "X1"),
    ("Q4", "01/06/2015", "P", "V2", "K2", "01/07/2015", "E4A"),
    ("Q5", "01/06/2014", "S", "C2", "U4", "01/04/2015", "X1"),
    ("Q5", "01/04/2015", "P", "C2", "U6", "", ""),
]


def test_placements_in_year_counts():
    got = placements_in_year(make_episodes(STABILITY_ROWS), YEAR)
    assert got.to_dict() == {"Q1": 3, "Q2": 2, "Q3": 3, "Q4": 3, "Q5": 1}


def test_three_plus_placements():
    assert three_plus_placements(make_episodes(STABILITY_ROWS), YEAR) == (2, 4)


# Long-term stability at 31/03/2016:
#   R1 born 2005 (11). S 01/01/2012 U4, L 01/01/2014: same placement since 01/01/2012 -> in, stable
#   R2 born 2004. S 30/09/2013 (exactly 2.5 years: in), P 01/04/2014 (> 31/03/2014) -> in, not stable
#   R3 born 2006. S 01/10/2013: under 2.5 years -> out
#   R4 born 31/03/2000: 16 on 31/03/2016 -> out
#   R5 born 2011. S 01/06/2013 U4, P 01/03/2014 U6, P 01/06/2015 A6 (adoption): adoptive
#      placement + the one before it since 01/03/2014 <= 31/03/2014 -> in, stable
#   R6 born 2007. S 01/05/2012 U4, T 01/02/2015 U4 (placement change, same carer):
#      same carer since 01/05/2012 -> stable; with same_carer=False since 01/02/2015 -> not
#   Denominator R1, R2, R5, R6 = 4; numerator R1, R5, R6 = 3 (same_carer=False: R1, R5 = 2).
LONG_TERM_ROWS = [
    ("R1", "01/01/2012", "S", "C1", "U4", "01/01/2014", "X1"),
    ("R1", "01/01/2014", "L", "C2", "U4", "", ""),
    ("R2", "30/09/2013", "S", "C2", "U4", "01/04/2014", "X1"),
    ("R2", "01/04/2014", "P", "C2", "U6", "", ""),
    ("R3", "01/10/2013", "S", "C2", "U4", "", ""),
    ("R4", "01/01/2010", "S", "C2", "U4", "", ""),
    ("R5", "01/06/2013", "S", "C2", "U4", "01/03/2014", "X1"),
    ("R5", "01/03/2014", "P", "E1", "U6", "01/06/2015", "X1"),
    ("R5", "01/06/2015", "P", "E1", "A6", "", ""),
    ("R6", "01/05/2012", "S", "C2", "U4", "01/02/2015", "X1"),
    ("R6", "01/02/2015", "T", "C2", "U4", "", ""),
]
LONG_TERM_HEADER = [
    ("R1", "01/01/2005"),
    ("R2", "01/01/2004"),
    ("R3", "01/01/2006"),
    ("R4", "31/03/2000"),
    ("R5", "01/01/2011"),
    ("R6", "01/01/2007"),
]


def test_long_term_stability():
    eps, header = make_episodes(LONG_TERM_ROWS), make_header(LONG_TERM_HEADER)
    assert long_term_stability(eps, header, YEAR) == (3, 4)
    assert long_term_stability(eps, header, YEAR, same_carer=False) == (2, 4)


def test_placement_starts_dates_by_hand():
    # From LONG_TERM_ROWS, sorted by child then DECOM (placement_starts works them out once
    # for every year; long_term_stability takes them as ``placed``):
    #   R2: S 30/09/2013 then P 01/04/2014: the P starts a placement, whose previous one
    #       began 30/09/2013; no adoption, so STABLE_SINCE = PLACEMENT_START.
    #   R5: S 01/06/2013, P 01/03/2014, P 01/06/2015 A6: the adoption began with its own
    #       placement, so its STABLE_SINCE is the start of the one before it, 01/03/2014.
    #   R6: S 01/05/2012, T 01/02/2015: T keeps the carer, one placement from 01/05/2012.
    eps, header = make_episodes(LONG_TERM_ROWS), make_header(LONG_TERM_HEADER)
    placed = placement_starts(eps).set_index(["CHILD", "DECOM"])
    day = pd.Timestamp
    assert placed.loc[("R2", day("2014-04-01")), ["PERIOD_START_DATE", "PLACEMENT_START", "STABLE_SINCE"]].tolist() == [
        day("2013-09-30"),
        day("2014-04-01"),
        day("2014-04-01"),
    ]
    assert placed.loc[("R5", day("2015-06-01")), ["PLACEMENT_START", "STABLE_SINCE"]].tolist() == [
        day("2015-06-01"),
        day("2014-03-01"),
    ]
    assert placed.loc[("R6", day("2015-02-01")), "PLACEMENT_START"] == day("2012-05-01")
    assert long_term_stability(eps, header, YEAR, placed=placement_starts(eps)) == (3, 4)


def test_adoption_with_current_foster_carer_runs_on_from_the_foster_placement():
    # A1 born 2010: S 01/01/2013 U4; U 01/01/2016 A5 with the same carer -> placement since
    # 01/01/2013 (same carer) -> stable. A2 born 2010: S 01/01/2013 U4, P 01/01/2015 U6,
    # P 01/06/2015 A6 -> adoptive + previous since 01/01/2015 > 31/03/2014 -> not stable. 1 of 2.
    eps = make_episodes(
        [
            ("A1", "01/01/2013", "S", "C2", "U4", "01/01/2016", "X1"),
            ("A1", "01/01/2016", "U", "E1", "A5", "", ""),
            ("A2", "01/01/2013", "S", "C2", "U4", "01/01/2015", "X1"),
            ("A2", "01/01/2015", "P", "C2", "U6", "01/06/2015", "X1"),
            ("A2", "01/06/2015", "P", "E1", "A6", "", ""),
        ]
    )
    header = make_header([("A1", "01/01/2010"), ("A2", "01/01/2010")])
    assert long_term_stability(eps, header, YEAR) == (1, 2)


@pytest.mark.parametrize("with_header", [True, False])
def test_figure_rows(with_header):
    eps = make_episodes(GROUP_ROWS + STABILITY_ROWS + LONG_TERM_ROWS)
    header = make_header(LONG_TERM_HEADER) if with_header else None
    rows = figure_rows(Dataset(folder=Path("."), header=header, episodes=eps), YEAR)
    assert list(rows.columns) == FIGURE_COLUMNS
    assert set(rows["indicator"]) <= set(INDICATORS)
    got = rows.set_index(["indicator", "breakdown", "period"])["value"]
    # at 31/03/2016: P1-P4 (4), Q1, Q2, Q3, Q5 (4), R1-R6 (6) = 14 children.
    # foster: P1, Q1 U6, Q2 U5, Q5 U6, R1 U4, R2 U6, R3 U4, R4 U4, R6 U4 = 9
    assert got[("lac_placement_group", "foster", "2016-03-31")] == 9
    assert got[("lac_placement_group_pct", "foster", "2016-03-31")] == pytest.approx(9 / 14 * 100)
    # 3+ placements: Q1, Q3 of 14 (the P and R children have one placement each in the year)
    assert got[("lac_stability_3plus_n", "", "2015-16")] == 2
    assert got[("lac_stability_3plus_d", "", "2015-16")] == 14
    assert got[("lac_stability_3plus_pct", "", "2015-16")] == pytest.approx(2 / 14 * 100)
    if with_header:
        # only the R children have header rows: 3 of 4 as above
        assert got[("lac_stability_long_term_pct", "", "2015-16")] == 75.0
    else:
        assert "lac_stability_long_term_pct" not in set(rows["indicator"])


@pytest.mark.parametrize(
    "history_from, held",
    [
        (None, True),  # the whole history
        ("2013-09-30", True),  # 31/03/2016 less 30 months: the 30 months are held
        ("2013-10-01", False),  # a day later: a period begun by 30/09/2013 may lie in a return not held
        ("2015-04-01", False),  # the 2015-16 return alone
    ],
)
def test_long_term_stability_only_where_the_30_months_are_held(history_from, held):
    ds = Dataset(
        folder=Path("."),
        header=make_header(LONG_TERM_HEADER),
        episodes=make_episodes(LONG_TERM_ROWS),
        history_from=pd.Timestamp(history_from) if history_from else None,
    )
    rows = figure_rows(ds, YEAR)
    assert ("lac_stability_long_term_pct" in set(rows.loc[rows["period"] == "2015-16", "indicator"])) is held
    assert "lac_stability_3plus_pct" in set(rows["indicator"])  # the year itself is held either way
