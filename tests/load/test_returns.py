"""ssda903/ as annual returns: layout, combining rules, corrections and provenance.

Two small returns made by hand, 2014-15 and 2015-16 (children 201 to 203, all born
01/06/2008, so PN1 fits every review):

* 201: one episode from 01/10/2014, open at the end of 2014-15 (no DEC), closed
  10/06/2015 (E41) in 2015-16: one closed episode;
* 202: an X1 chain 01/05/2014 -> 01/09/2014 -> 01/05/2015 -> open; its first episode
  ended in 2014-15, so only the 2014-15 return holds it: one period of three episodes;
* 203: one open episode from 01/06/2014 placed U4 in 2014-15, corrected to U5 in
  2015-16: one episode (U5) and one correction warning;
* the review of 201 on 15/03/2015 is in both returns: it counts once.
"""

import hashlib

import pandas as pd
import pytest

from iru_analysis.load import read_dataset
from iru_analysis.periods import periods_of_care

from .folders import EPISODE_COLUMNS, HEADER_COLUMNS, csv, messages, write_folder

HEADER = csv(f"""
    {HEADER_COLUMNS}
    201,1,01/06/2008,WBRI,,,
    202,2,01/06/2008,WBRI,,,
    203,1,01/06/2008,WBRI,,,
    """)

RETURNS = {
    "ssda903/2014-15/header.csv": HEADER,
    "ssda903/2014-15/episodes.csv": csv(f"""
        {EPISODE_COLUMNS}
        201,01/10/2014,S,C2,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,
        202,01/05/2014,S,C2,N1,U4,PR1,01/09/2014,X1,,SY3 8HQ,SY1 1AA,
        202,01/09/2014,P,C2,N1,U6,PR1,,,,SY3 8HQ,SY2 5AB,
        203,01/06/2014,S,C2,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,
        """),
    "ssda903/2014-15/reviews.csv": csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        201,01/06/2008,15/10/2014,PN1
        201,01/06/2008,15/03/2015,PN1
        202,01/06/2008,20/05/2014,PN1
        202,01/06/2008,10/11/2014,PN1
        203,01/06/2008,20/06/2014,PN1
        203,01/06/2008,10/12/2014,PN1
        """),
    "ssda903/2015-16/header.csv": HEADER,
    "ssda903/2015-16/episodes.csv": csv(f"""
        {EPISODE_COLUMNS}
        201,01/10/2014,S,C2,N1,U4,PR1,10/06/2015,E41,,SY3 8HQ,SY1 1AA,
        202,01/09/2014,P,C2,N1,U6,PR1,01/05/2015,X1,,SY3 8HQ,SY2 5AB,
        202,01/05/2015,P,C2,N1,U5,PR1,,,,SY3 8HQ,SY2 5AB,
        203,01/06/2014,S,C2,N1,U5,PR1,,,,SY3 8HQ,SY1 1AA,
        """),
    "ssda903/2015-16/reviews.csv": csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        201,01/06/2008,15/03/2015,PN1
        201,01/06/2008,01/05/2015,PN1
        202,01/06/2008,05/05/2015,PN1
        203,01/06/2008,01/06/2015,PN1
        """),
}

# The same history as one flat folder: what the two returns combine to.
FLAT = {
    "ssda903/header.csv": HEADER,
    "ssda903/episodes.csv": csv(f"""
        {EPISODE_COLUMNS}
        201,01/10/2014,S,C2,N1,U4,PR1,10/06/2015,E41,,SY3 8HQ,SY1 1AA,
        202,01/05/2014,S,C2,N1,U4,PR1,01/09/2014,X1,,SY3 8HQ,SY1 1AA,
        202,01/09/2014,P,C2,N1,U6,PR1,01/05/2015,X1,,SY3 8HQ,SY2 5AB,
        202,01/05/2015,P,C2,N1,U5,PR1,,,,SY3 8HQ,SY2 5AB,
        203,01/06/2014,S,C2,N1,U5,PR1,,,,SY3 8HQ,SY1 1AA,
        """),
    "ssda903/reviews.csv": csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        201,01/06/2008,15/10/2014,PN1
        201,01/06/2008,15/03/2015,PN1
        201,01/06/2008,01/05/2015,PN1
        202,01/06/2008,20/05/2014,PN1
        202,01/06/2008,10/11/2014,PN1
        202,01/06/2008,05/05/2015,PN1
        203,01/06/2008,20/06/2014,PN1
        203,01/06/2008,10/12/2014,PN1
        203,01/06/2008,01/06/2015,PN1
        """),
}

CORRECTION = (
    'warning: ssda903/2015-16/episodes.csv, row 4, column PLACE: "U5" differs from the 2014-15 return '
    "(ssda903/2014-15/episodes.csv, row 4); the later return's value is used."
)


def _by_key(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


@pytest.fixture
def split(tmp_path):
    return read_dataset(write_folder(tmp_path, RETURNS))


def test_two_returns_combine_into_one_history(split):
    # The only finding is 203's corrected placement (201 closing and 202's chain are not corrections).
    assert messages(split.findings) == [CORRECTION]
    ep = _by_key(split.episodes, ["CHILD", "DECOM"])
    assert ep["CHILD"].tolist() == ["201", "202", "202", "202", "203"]
    # 201's episode open in 2014-15 and closed in 2015-16 is one closed episode.
    assert ep.loc[0, ["DEC", "REC"]].tolist() == [pd.Timestamp(2015, 6, 10), "E41"]
    # 203's corrected episode: one episode, the later return's PLACE.
    assert ep.loc[4, "PLACE"] == "U5"
    # 9 reviews: 201's 15/03/2015, in both returns, counts once.
    held = split.reviews["REVIEW"]
    assert len(split.reviews) == 9 and (held == pd.Timestamp(2015, 3, 15)).sum() == 1
    assert (held.dt.year - (held.dt.month < 4)).value_counts().to_dict() == {2014: 6, 2015: 3}
    assert split.header["CHILD"].tolist() == ["201", "202", "203"]


def test_flat_and_split_give_the_same_history(split, tmp_path):
    flat = read_dataset(write_folder(tmp_path / "flat", FLAT))
    assert messages(flat.findings) == []
    for name, keys in (("episodes", ["CHILD", "DECOM"]), ("reviews", ["CHILD", "REVIEW"]), ("header", ["CHILD"])):
        pd.testing.assert_frame_equal(_by_key(getattr(split, name), keys), _by_key(getattr(flat, name), keys))
    periods = periods_of_care(split.episodes)
    pd.testing.assert_frame_equal(periods, periods_of_care(flat.episodes))
    # 202's X1 chain, whose first episode only the 2014-15 return holds, is one period of three episodes.
    assert periods[["CHILD", "PERIOD", "EPISODES"]].values.tolist() == [["201", 1, 1], ["202", 1, 3], ["203", 1, 1]]
    assert periods.loc[1, "START"] == pd.Timestamp(2014, 5, 1) and pd.isna(periods.loc[1, "END"])


def test_review_history_starts_with_the_earliest_return(split, tmp_path):
    assert split.history_from == pd.Timestamp(2014, 4, 1)
    assert read_dataset(write_folder(tmp_path / "flat", FLAT)).history_from is None


def test_every_file_of_every_return_is_hashed(split, tmp_path):
    assert set(split.file_hashes) == set(RETURNS)
    data = (tmp_path / "ssda903/2015-16/episodes.csv").read_bytes()
    assert split.file_hashes["ssda903/2015-16/episodes.csv"] == hashlib.sha256(data).hexdigest()


def test_an_error_names_the_return_and_row(tmp_path):
    # 2015-16: an unknown PLACE on episodes row 3 (found on the combined table) and an
    # impossible date on reviews row 2 (found reading the return).
    episodes = RETURNS["ssda903/2015-16/episodes.csv"].replace("01/05/2015,P,C2,N1,U5", "01/05/2015,P,C2,N1,Z9")
    reviews = RETURNS["ssda903/2015-16/reviews.csv"].replace("01/05/2015", "31/02/2016")
    found = messages(
        read_dataset(
            write_folder(
                tmp_path, {**RETURNS, "ssda903/2015-16/episodes.csv": episodes, "ssda903/2015-16/reviews.csv": reviews}
            )
        ).findings
    )
    assert found == [
        'error: ssda903/2015-16/episodes.csv, row 3, column PLACE: "Z9" is not a valid PLACE code in 2015-16 '
        "(see the SSDA903 code list in src/iru_analysis/codes.py).",
        'error: ssda903/2015-16/reviews.csv, row 2, column REVIEW: "31/02/2016" is not a date (expected dd/mm/yyyy).',
        CORRECTION,
    ]


def test_an_overlap_names_the_rows_of_both_returns(tmp_path):
    # 203's open episode (2015-16 row 4) and a new 203 episode from 01/01/2016 overlap.
    episodes = RETURNS["ssda903/2015-16/episodes.csv"] + "203,01/01/2016,S,C2,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,\n"
    found = messages(
        read_dataset(write_folder(tmp_path, {**RETURNS, "ssda903/2015-16/episodes.csv": episodes})).findings
    )
    assert found[0] == (
        'error: ssda903/2015-16/episodes.csv, row 5, column DECOM: "01/01/2016" starts before the '
        "end of child 203's previous episode (row 4, which has no end date (DEC)); a child's "
        "episodes must not overlap."
    )


def test_a_correction_never_quotes_the_value_in_its_rule(tmp_path):
    header = HEADER.replace("203,1,01/06/2008", "203,1,02/06/2008")
    found = read_dataset(write_folder(tmp_path, {**RETURNS, "ssda903/2015-16/header.csv": header})).findings
    dob = found[found["column"] == "DOB"]
    assert messages(dob) == [
        'warning: ssda903/2015-16/header.csv, row 3, column DOB: "02/06/2008" differs from the 2014-15 return '
        "(ssda903/2014-15/header.csv, row 3); the later return's value is used."
    ]
    assert not dob["rule"].str.contains("2008|203").any()


def test_a_return_without_its_required_files(tmp_path):
    found = messages(
        read_dataset(
            write_folder(tmp_path, {**RETURNS, "ssda903/2015-16/header.csv": None, "ssda903/2015-16/reviews.csv": None})
        ).findings
    )
    # reviews.csv is optional in a return; the 2014-15 header still names every child.
    assert found == [
        "error: ssda903/2015-16/header.csv: the file is missing; each return in ssda903/ must hold "
        "header.csv and episodes.csv.",
        CORRECTION,
    ]


@pytest.mark.parametrize("name", ["2015-17", "misc", "2015-2016"])
def test_a_subfolder_not_named_by_a_year_is_refused(tmp_path, name):
    files = {k.replace("2015-16", name): v for k, v in RETURNS.items()}
    found = read_dataset(write_folder(tmp_path, files))
    assert messages(found.findings[found.findings["file"] == f"ssda903/{name}/"]) == [
        f"error: ssda903/{name}/: is not named by a collection year (expected two consecutive years such as "
        "2015-16); rename the return's subfolder, or move the folder out of ssda903/."
    ]
    assert found.history_from == pd.Timestamp(2014, 4, 1)


def test_a_subfolder_beside_flat_tables_is_ignored_with_a_warning(tmp_path):
    found = messages(read_dataset(write_folder(tmp_path, {**FLAT, "ssda903/old/notes.txt": "x"})).findings)
    assert found == [
        "warning: ssda903/old/: is not a return subfolder (not named by a collection year such as "
        "2015-16) and ssda903/ holds the tables directly; it was ignored."
    ]


def test_tables_beside_returns_are_refused(tmp_path):
    found = messages(
        read_dataset(write_folder(tmp_path, {**RETURNS, "ssda903/episodes.csv": FLAT["ssda903/episodes.csv"]})).findings
    )
    assert found == [
        "error: ssda903/: holds both tables (episodes.csv) and annual return subfolders (2014-15/, "
        "2015-16/); keep one layout: move the tables into their return's subfolder, or remove the "
        "subfolders.",
        CORRECTION,
    ]


def test_a_missing_year_between_returns(tmp_path):
    files = {k.replace("2015-16", "2016-17"): v for k, v in RETURNS.items()}
    found = messages(read_dataset(write_folder(tmp_path, files)).findings)
    assert (
        "warning: ssda903/: holds no return for 2015-16 between 2014-15 and 2016-17; episodes that began "
        "and ended in that year are missing."
    ) in found


def test_one_return_neither_warns_of_nor_counts_what_came_before_it(tmp_path):
    """The 2015-16 return alone: 202's first episode held (01/09/2014, RNE P) continues an
    episode of 2014-15 that the return does not hold, so it is no "should start with S"
    warning; the same tables as a flat whole history do warn. The year before the return
    is not held whole, so starters and leavers are given for 2015-16 only: none started
    (all three periods began in 2014), one ceased (201 on 10/06/2015)."""
    from iru_analysis.calendar import ReportingYear
    from iru_analysis.measures.looked_after import figure_rows

    only = {k: v for k, v in RETURNS.items() if k.startswith("ssda903/2015-16/")}
    split = read_dataset(write_folder(tmp_path / "split", only))
    flat = read_dataset(write_folder(tmp_path / "flat", {k.replace("2015-16/", ""): v for k, v in only.items()}))
    rne = "is not S, but the episode does not follow"
    assert not any(rne in m for m in messages(split.findings))
    warned = [m for m in messages(flat.findings) if rne in m]
    assert len(warned) == 1 and "ssda903/episodes.csv, row 2, column RNE" in warned[0]
    rows = figure_rows(split, ReportingYear.parse("2015-16"))
    flows = rows[rows["indicator"].isin(["lac_started", "lac_ceased"])]
    assert flows[["indicator", "period", "value"]].values.tolist() == [
        ["lac_started", "2015-16", 0.0],
        ["lac_ceased", "2015-16", 1.0],
    ]
    assert "2014-15" in set(figure_rows(flat, ReportingYear.parse("2015-16"))["period"])
