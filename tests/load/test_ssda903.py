"""ssda903/: dates, codes by year, episode sequences, links and data-quality warnings.

Each test starts from the valid 903 folder (folders.SSDA903: children 101 and 102)
and breaks one rule; the expected sentence is written out in full.
"""

from .folders import EPISODE_COLUMNS, HEADER_COLUMNS, SSDA903, csv, findings_for


def episodes(*rows: str) -> dict[str, str]:
    """The valid folder with these episode rows instead of its own."""
    return {**SSDA903, "ssda903/episodes.csv": "\n".join([EPISODE_COLUMNS, *rows]) + "\n"}


# Child 102's one open episode, the valid folder's third row.
EP_102 = "102,01/09/2015,S,V2,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,"


def test_impossible_date(tmp_path):
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,E41,,SY3 8HQ,SY1 1AA,",
            "102,31/02/2015,S,V2,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,",
        ),
    )
    assert found == [
        'error: ssda903/episodes.csv, row 2, column DECOM: "31/02/2015" is not a date (expected dd/mm/yyyy).',
        # 102's only review (25/09/2015) cannot be placed in an episode without a start
        'warning: ssda903/reviews.csv, row 2, column REVIEW: "25/09/2015" is not within any episode of '
        "child 102 in ssda903/episodes.csv (a review is held while the child is looked after).",
    ]


def test_unknown_placement_code(tmp_path):
    found = findings_for(tmp_path, episodes("101,01/04/2015,S,C1,N1,Z9,PR1,10/01/2016,E41,,SY3 8HQ,SY1 1AA,", EP_102))
    assert found == [
        'error: ssda903/episodes.csv, row 1, column PLACE: "Z9" is not a valid PLACE code in 2015-16 '
        "(see the SSDA903 code list in src/iru_analysis/codes.py)."
    ]


def test_code_checked_against_the_year_of_the_rows_own_date(tmp_path):
    # K3 (supported accommodation) is valid from 2023-24, not in 2015-16 (DECOM 01/04/2015);
    # E45 (SGO) is valid from 2018-19, not in 2015-16 (DEC 10/01/2016).
    found = findings_for(tmp_path, episodes("101,01/04/2015,S,C1,N1,K3,PR1,10/01/2016,E45,,SY3 8HQ,SY1 1AA,", EP_102))
    assert found == [
        'error: ssda903/episodes.csv, row 1, column PLACE: "K3" is not a valid PLACE code in 2015-16 '
        "(it is valid in other years of the SSDA903 code list).",
        'error: ssda903/episodes.csv, row 1, column REC: "E45" is not a valid REC code in 2015-16 '
        "(it is valid in other years of the SSDA903 code list).",
    ]


def test_rec_year_comes_from_dec(tmp_path):
    # E45 ending on 10/01/2019 (reporting year 2018-19) is valid though DECOM is in 2015-16.
    found = findings_for(tmp_path, episodes("101,01/04/2015,S,C1,N1,U4,PR1,10/01/2019,E45,,SY3 8HQ,SY1 1AA,", EP_102))
    assert found == []


def test_review_code_year_and_list(tmp_path):
    reviews = csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        101,01/06/2010,28/04/2015,PN9
        102,15/03/2013,25/09/2015,PN0
        """)
    found = findings_for(tmp_path, {**SSDA903, "ssda903/reviews.csv": reviews})
    assert found == [
        'error: ssda903/reviews.csv, row 1, column REVIEW_CODE: "PN9" is not a valid REVIEW_CODE code '
        "in 2015-16 (see the SSDA903 code list in src/iru_analysis/codes.py)."
    ]


def test_header_sex_and_ethnic_against_the_years_in_the_data(tmp_path):
    # The data covers 2015-16 only, when SEX was 1/2: "M" became valid in 2024-25.
    header = csv(f"""
        {HEADER_COLUMNS}
        101,M,01/06/2010,WBRI,,,
        102,2,15/03/2013,XXXX,,,
        """)
    found = findings_for(tmp_path, {**SSDA903, "ssda903/header.csv": header})
    assert found == [
        'error: ssda903/header.csv, row 1, column SEX: "M" is not a valid SEX code in 2015-16 (expected one of 1, 2).',
        'error: ssda903/header.csv, row 2, column ETHNIC: "XXXX" is not a valid ETHNIC code in 2015-16 '
        "(see src/iru_analysis/codes.py).",
    ]


def test_end_before_start(tmp_path):
    found = findings_for(tmp_path, episodes("101,01/04/2015,S,C1,N1,U4,PR1,01/03/2015,E41,,SY3 8HQ,SY1 1AA,", EP_102))
    assert found == [
        'error: ssda903/episodes.csv, row 1, column DEC: "01/03/2015" is before DECOM 01/04/2015 '
        "(an episode cannot end before it starts).",
        # the review of 28/04/2015 now falls outside 101's (impossible) episode
        'warning: ssda903/reviews.csv, row 1, column REVIEW: "28/04/2015" is not within any episode of child 101 '
        "in ssda903/episodes.csv (a review is held while the child is looked after).",
    ]


def test_overlapping_episodes(tmp_path):
    # Row 1 runs to 31/05/2015; row 2 starts 20/05/2015, before it ends.
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,",
            "101,20/05/2015,P,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,",
            EP_102,
        ),
    )
    assert found == [
        'error: ssda903/episodes.csv, row 1, column REC: "X1" means a new episode starts the day this one ends '
        "(31/05/2015), but child 101 has no episode starting that day.",
        'error: ssda903/episodes.csv, row 2, column DECOM: "20/05/2015" starts before the end of child 101\'s '
        "previous episode (row 1, which ends 31/05/2015); a child's episodes must not overlap.",
        'warning: ssda903/episodes.csv, row 2, column RNE: "P" is not S, but the episode does not follow an episode '
        "of the same child ending X1 on the same day; a new period of care should start with RNE S.",
    ]


def test_episode_after_an_open_episode_overlaps_it(tmp_path):
    # Rows are out of date order in the file: row 2 (01/04/2015, open) precedes row 1 (01/06/2015).
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/06/2015,S,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,",
            "101,01/04/2015,S,C1,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,",
            EP_102,
        ),
    )
    assert found == [
        'error: ssda903/episodes.csv, row 1, column DECOM: "01/06/2015" starts before the end of child 101\'s '
        "previous episode (row 2, which has no end date (DEC)); a child's episodes must not overlap.",
    ]


def test_same_day_end_and_start_is_fine(tmp_path):
    # The valid folder: 101's first episode ends 31/05/2015 X1 and the next starts 31/05/2015.
    assert findings_for(tmp_path, SSDA903) == []


def test_x1_needs_an_episode_starting_the_same_day(tmp_path):
    # Row 1 ends X1 on 31/05/2015 but the next episode starts 01/06/2015 (a gap of a day).
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,",
            "101,01/06/2015,P,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,",
            EP_102,
        ),
    )
    assert found == [
        'error: ssda903/episodes.csv, row 1, column REC: "X1" means a new episode starts the day this one ends '
        "(31/05/2015), but child 101 has no episode starting that day.",
        'warning: ssda903/episodes.csv, row 2, column RNE: "P" is not S, but the episode does not follow an episode '
        "of the same child ending X1 on the same day; a new period of care should start with RNE S.",
    ]


def test_episode_followed_the_same_day_must_end_x1_and_the_next_cannot_start_s(tmp_path):
    # Row 1 ends E4A (returned home) on 31/05/2015, and row 2 starts S that same day: the
    # child never left care, so row 1 must end X1 (rule 388) and row 2 is no new start
    # (rule 431). Today this passed and counted as a leave plus a start.
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,E4A,,SY3 8HQ,SY1 1AA,",
            "101,31/05/2015,S,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,",
            EP_102,
        ),
    )
    assert found == [
        'error: ssda903/episodes.csv, row 1, column REC: "E4A" is not X1, but the child\'s next episode (row 2) '
        "starts the day this one ends (31/05/2015); an episode followed the same day by another must end with X1 "
        "(DfE rule 388).",
        'error: ssda903/episodes.csv, row 2, column RNE: "S" means the child started to be looked after, but the '
        "child's previous episode (row 1) ended the same day (31/05/2015); an episode continuing a period of care "
        "cannot have RNE S (DfE rule 431).",
    ]


def test_x1_then_s_the_same_day_breaks_rule_431_only(tmp_path):
    # Row 1 ends X1 on 31/05/2015 as it should; row 2 continues the period but says S.
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,",
            "101,31/05/2015,S,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,",
            EP_102,
        ),
    )
    assert [f.split(": ")[1].split(",")[:3] for f in found] == [["ssda903/episodes.csv", " row 2", " column RNE"]]
    assert found[0].endswith("(DfE rule 431).")


# Child 101 in one period of care, 01/04/2015 to 10/01/2016, with a zero-length episode
# on 31/05/2015 (a same-day move: DECOM = DEC = 31/05/2015, X1) between two others:
#   A 01/04/2015-31/05/2015 X1 (S), Z 31/05/2015-31/05/2015 X1 (P), B 31/05/2015-10/01/2016 E41 (P).
# The canonical order is A, Z, B (on 31/05/2015 the zero-length Z before B, which ends later).
SAME_DAY = {
    "A": "101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,",
    "Z": "101,31/05/2015,P,C2,N1,U6,PR1,31/05/2015,X1,,SY3 8HQ,SY2 5AB,",
    "B": "101,31/05/2015,P,C2,N1,U4,PR1,10/01/2016,E41,,SY3 8HQ,SY1 1AA,",
}


def test_same_day_episodes_in_any_row_order_are_legal(tmp_path):
    # Listed B before Z, the old order (DECOM, then row) put Z after B: "starts before the
    # end of the previous episode" — legal data refused. Every order now gives no finding.
    for n, order in enumerate(["AZB", "ABZ", "BZA", "ZBA"]):
        folder = tmp_path / str(n)
        assert findings_for(folder, episodes(*(SAME_DAY[k] for k in order), EP_102)) == [], order


def test_rec_present_if_and_only_if_dec_present(tmp_path):
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,,,SY3 8HQ,SY1 1AA,",
            "102,01/09/2015,S,V2,N4,U4,PR1,,E8,,TF1 1AA,SY1 1AA,",
        ),
    )
    assert found == [
        "error: ssda903/episodes.csv, row 1, column REC: a reason the episode ceased is required because it has "
        "an end date (DEC).",
        'error: ssda903/episodes.csv, row 2, column REC: "E8" is given but the episode has no end date (DEC); '
        "give both or neither.",
    ]


def test_children_must_be_in_the_header(tmp_path):
    reviews = csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        101,01/06/2010,28/04/2015,PN1
        999,15/03/2013,25/09/2015,PN0
        """)
    files = episodes(
        "101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,E41,,SY3 8HQ,SY1 1AA,",
        "103,01/09/2015,S,V2,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,",
    )
    found = findings_for(tmp_path, {**files, "ssda903/reviews.csv": reviews})
    assert found == [
        'error: ssda903/episodes.csv, row 2, column CHILD: "103" is not found in ssda903/header.csv.',
        'error: ssda903/reviews.csv, row 2, column CHILD: "999" is not found in ssda903/header.csv.',
        # 102 is in the header but now has no episode
        'warning: ssda903/header.csv, row 2, column CHILD: "102" is not found in ssda903/episodes.csv '
        "(the child has no episodes).",
        'warning: ssda903/reviews.csv, row 2, column REVIEW: "25/09/2015" is not within any episode of child 999 '
        "in ssda903/episodes.csv (a review is held while the child is looked after).",
    ]


def test_review_outside_every_period_of_care(tmp_path):
    # 101 is looked after 01/04/2015-10/01/2016; a review on 11/01/2016 is after that.
    # (The review on 10/01/2016 itself, the last day, is inside.)
    reviews = csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        101,01/06/2010,10/01/2016,PN1
        101,01/06/2010,11/01/2016,PN1
        """)
    found = findings_for(tmp_path, {**SSDA903, "ssda903/reviews.csv": reviews})
    assert found == [
        'warning: ssda903/reviews.csv, row 2, column REVIEW: "11/01/2016" is not within any episode of '
        "child 101 in ssda903/episodes.csv (a review is held while the child is looked after)."
    ]


def test_review_within_an_earlier_starting_longer_episode_is_inside(tmp_path):
    # 101: 01/04/2015-10/01/2016 and, overlapping it (an error of its own), 01/05/2015-10/05/2015.
    # The review on 20/06/2015 is after the later-starting episode ends but within the
    # earlier, longer one: inside. The review on 11/01/2016 is after both: outside.
    folder = {
        **episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,E41,,SY3 8HQ,SY1 1AA,",
            "101,01/05/2015,P,C1,N1,U4,PR1,10/05/2015,E41,,SY3 8HQ,SY1 1AA,",
            EP_102,
        ),
        "ssda903/reviews.csv": csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        101,01/06/2010,20/06/2015,PN1
        101,01/06/2010,11/01/2016,PN1
        """),
    }
    found = [f for f in findings_for(tmp_path, folder) if "is not within any episode" in f]
    assert found == [
        'warning: ssda903/reviews.csv, row 2, column REVIEW: "11/01/2016" is not within any episode of '
        "child 101 in ssda903/episodes.csv (a review is held while the child is looked after)."
    ]


def test_review_in_a_short_breaks_only_period_is_a_warning(tmp_path):
    # 102's only episode (open from 01/09/2015) is LS V3, agreed short breaks: a period of
    # short breaks only, which has no statutory reviews, so the review on 25/09/2015 is
    # flagged (rule 399). 101's review on 28/04/2015 is in an ordinary period: no finding.
    # A V3 episode then a C2 episode chained by X1 would be an ordinary period (not flagged).
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,",
            "101,31/05/2015,P,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,",
            "102,01/09/2015,S,V3,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,",
        ),
    )
    assert found == [
        'warning: ssda903/reviews.csv, row 2, column REVIEW: "25/09/2015" is within a period of short '
        "breaks only (legal status V3/V4), which has no statutory reviews; the review is left out of the "
        "review and participation figures (DfE rule 399)."
    ]


def test_review_in_a_period_that_only_began_with_short_breaks_is_fine(tmp_path):
    # 102: V3 from 01/09/2015 to 20/09/2015 (X1), then C2 from 20/09/2015: one period, not
    # short breaks only, so the review on 25/09/2015 is a statutory review.
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,",
            "101,31/05/2015,P,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,",
            "102,01/09/2015,S,V3,N4,U4,PR1,20/09/2015,X1,,TF1 1AA,SY1 1AA,",
            "102,20/09/2015,P,C2,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,",
        ),
    )
    assert found == []


def test_participation_code_for_age(tmp_path):
    # 101 (born 01/06/2010) is 4 on 28/04/2015 (4th birthday 01/06/2014): PN0 is wrong (rule 440).
    # 102 (born 15/03/2013) is 2 on 25/09/2015: PN3 is wrong (rule 441).
    reviews = csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        101,01/06/2010,28/04/2015,PN0
        102,15/03/2013,25/09/2015,PN3
        """)
    found = findings_for(tmp_path, {**SSDA903, "ssda903/reviews.csv": reviews})
    assert found == [
        'warning: ssda903/reviews.csv, row 1, column REVIEW_CODE: "PN0" is for a child under 4, but the child was 4 '
        "at the review (rule 440: use PN1 to PN7).",
        'warning: ssda903/reviews.csv, row 2, column REVIEW_CODE: "PN3" is for a child aged 4 or over, but the child '
        "was 2 at the review (rule 441: use PN0).",
    ]


def test_participation_age_uses_header_dob_when_review_has_none(tmp_path):
    # No DOB on the review row: 102's header DOB 15/03/2013 makes them 2 on 25/09/2015.
    reviews = csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        102,,25/09/2015,PN1
        """)
    found = findings_for(tmp_path, {**SSDA903, "ssda903/reviews.csv": reviews})
    assert found == [
        'warning: ssda903/reviews.csv, row 1, column REVIEW_CODE: "PN1" is for a child aged 4 or over, '
        "but the child was 2 at the review (rule 441: use PN0)."
    ]


def test_data_quality_warnings(tmp_path):
    header = csv(f"""
        {HEADER_COLUMNS}
        101,1,01/06/2010,,,,
        102,2,15/09/2015,MWBC,,,
        """)
    # Row 1: no PL_POST; row 2: HOME_POST not a postcode shape; row 3: 102 starts 01/09/2015,
    # before the header DOB 15/09/2015. Row 4: a V3 short break with no postcodes: no warning.
    files = episodes(
        "101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,,",
        "101,31/05/2015,P,C2,N1,U6,PR1,10/01/2016,E41,,SY3,SY2 5AB,",
        "102,01/09/2015,S,V2,N4,U4,PR1,10/09/2015,E8,,TF1 1AA,SY1 1AA,",
        "102,01/10/2015,S,V3,N2,U4,PR1,,,,,,",
    )
    reviews = csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        101,01/06/2010,28/04/2015,PN1
        """)
    found = findings_for(tmp_path, {**files, "ssda903/header.csv": header, "ssda903/reviews.csv": reviews})
    assert found == [
        "warning: ssda903/episodes.csv, row 1, column PL_POST: no postcode is recorded; the placement distance "
        "cannot be worked out.",
        'warning: ssda903/episodes.csv, row 2, column HOME_POST: "SY3" does not look like a full UK postcode '
        "(e.g. SY3 8HQ); distances cannot be worked out.",
        'warning: ssda903/episodes.csv, row 3, column DECOM: "01/09/2015" is before the child\'s date of birth '
        "(DOB in ssda903/header.csv).",
        "warning: ssda903/header.csv, row 1, column ETHNIC: no ethnicity is recorded for this child; they will be "
        "shown as not recorded.",
    ]


def test_no_postcode_warning_when_the_distance_is_given(tmp_path):
    # COLLECT's extended export: row 1 has neither postcode but PL_DISTANCE and PL_LOCATION,
    # so nothing is lost (no warning). Row 2 has a distance but no PL_LOCATION and no
    # PL_POST: the location cannot be worked out (PL_POST warning; HOME_POST is not needed).
    files = {
        **SSDA903,
        "ssda903/episodes.csv": csv(f"""
        {EPISODE_COLUMNS},PL_DISTANCE,PL_LOCATION
        101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,,,,12.5,IN
        101,31/05/2015,P,C2,N1,U6,PR1,10/01/2016,E41,,,,,3.0,
        {EP_102},,
        """),
    }
    assert findings_for(tmp_path, files) == [
        "warning: ssda903/episodes.csv, row 2, column PL_POST: no postcode is recorded; the placement location "
        "(IN or OUT) cannot be worked out."
    ]


def test_episode_without_a_child_is_one_finding_not_a_crash(tmp_path):
    # 102's episode has no CHILD: an error; its review (25/09/2015) is then in no episode.
    found = findings_for(
        tmp_path,
        episodes(
            "101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,E41,,SY3 8HQ,SY1 1AA,",
            ",01/09/2015,S,V2,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,",
        ),
    )
    assert found[0] == "error: ssda903/episodes.csv, row 2, column CHILD: a value is required."
    assert [f for f in found if f.startswith("error")] == found[:1]
