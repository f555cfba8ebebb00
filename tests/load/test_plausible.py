"""Implausible dates (load/plausible.py): before 1950, years after the data, a child 25
or older at an episode's start."""

from .folders import SSDA903, findings_for

REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE\n101,01/06/2010,28/04/2015,PN1\n102,15/03/2013,{second},PN0\n"


def test_a_date_years_after_the_data(tmp_path):
    # The folder's 11 dates: DOBs 2010, 2010, 2013, 2013 (header and reviews); DECOM
    # 01/04/2015, 31/05/2015, 01/09/2015; DEC 31/05/2015, 10/01/2016; REVIEW 28/04/2015 and
    # the one mistyped as 2061. The 99th percentile date ("lower": the 10th of 11 in order)
    # is 10/01/2016, so the latest plausible date is 31/12/2021 (2016 + 5).
    found = findings_for(tmp_path, {**SSDA903, "ssda903/reviews.csv": REVIEWS.format(second="25/09/2061")})
    assert found[0] == (
        'error: ssda903/reviews.csv, row 2, column REVIEW: "25/09/2061" is after 31/12/2021, '
        "years after the data's latest dates: not a plausible date."
    )
    # 31/12/2021 itself is plausible: only the age warning remains (102 is 8 then)
    assert findings_for(tmp_path / "b", {**SSDA903, "ssda903/reviews.csv": REVIEWS.format(second="31/12/2021")}) == [
        'warning: ssda903/reviews.csv, row 2, column REVIEW_CODE: "PN0" is for a child under 4, but the child was 8 '
        "at the review (rule 440: use PN1 to PN7)."
    ]


def test_a_date_before_1950_and_a_child_too_old_at_an_episode(tmp_path):
    # 101 born 01/06/1949: the DOB is before 1950, and 101 is 65 at both its episodes
    # (01/04/2015, 31/05/2015). 102 born 02/04/1990 is 25 at its episode of 01/09/2015:
    # 25 or older, so implausible too; born 02/09/1990 it would be 24 and plausible.
    header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,1,01/06/1949,WBRI,,,\n102,2,02/04/1990,MWBC,,,\n"
    found = [f for f in findings_for(tmp_path, {**SSDA903, "ssda903/header.csv": header}) if f.startswith("error")]
    too_old = (
        "is when the child was 25 or older (DOB in ssda903/header.csv): the date of birth or the start of "
        "the episode is not plausible."
    )
    assert found == [
        f'error: ssda903/episodes.csv, row 1, column DECOM: "01/04/2015" {too_old}',
        f'error: ssda903/episodes.csv, row 2, column DECOM: "31/05/2015" {too_old}',
        f'error: ssda903/episodes.csv, row 3, column DECOM: "01/09/2015" {too_old}',
        'error: ssda903/header.csv, row 1, column DOB: "01/06/1949" is before 01/01/1950: not a plausible date for '
        "these records.",
    ]
    header = header.replace("02/04/1990", "02/09/1990")
    found = [f for f in findings_for(tmp_path / "b", {**SSDA903, "ssda903/header.csv": header}) if "row 3" in f]
    assert not any(f.startswith("error") for f in found)
