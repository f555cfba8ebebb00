"""load_dataset(..., exclude_invalid=True): every child with an error is left out of every
source, counted without identifiers; errors about no single child still stop the run."""

import pytest

from iru_analysis.errors import InputErrors
from iru_analysis.load import load_dataset, read_dataset

from .folders import IRU, SSDA903, VALID, csv, write_folder

# Child 101 (903) gets an impossible DEC on its first episode; child C1 (CIN) a conference
# on 31/02/2015. Everything else is VALID: 102 (903) and C2 (CIN) have no error.
BROKEN = {
    **VALID,
    "ssda903/episodes.csv": SSDA903["ssda903/episodes.csv"].replace("31/05/2015,X1", "31/04/2015,X1"),
    "iru/conferences.csv": IRU["iru/conferences.csv"].replace("M2,C1,RCPC,15/08/2015", "M2,C1,RCPC,31/02/2015"),
}


def test_findings_name_the_child_they_concern(tmp_path):
    findings = read_dataset(write_folder(tmp_path, BROKEN)).findings
    # (101's second episode no longer follows an X1 end it can read: a warning, about 101 too)
    assert findings[["severity", "file", "row", "child"]].values.tolist() == [
        ["error", "iru/conferences.csv", 2, "C1"],
        ["error", "ssda903/episodes.csv", 1, "101"],
        ["warning", "ssda903/episodes.csv", 2, "101"],
    ]


def test_strict_loading_ends_by_naming_the_option(tmp_path):
    with pytest.raises(InputErrors) as caught:
        load_dataset(write_folder(tmp_path, BROKEN))
    assert str(caught.value).splitlines()[-1] == (
        "The errors concern 2 children: to leave them out and report on the rest, set exclude_invalid: true in "
        "the parameters file or run again with --exclude-invalid"
    )


def test_every_record_of_a_child_with_an_error_is_left_out(tmp_path):
    ds = load_dataset(write_folder(tmp_path, BROKEN), exclude_invalid=True)
    # 101: header, two episodes, one review, RAG form F1 (and its item), one allocation.
    # C1: identifiers, characteristics, referral, enquiry, plan, plan review, both
    # conferences, RAG form F2 (and its two items), one allocation.
    assert ds.header["CHILD"].tolist() == ["102"]
    assert ds.episodes["CHILD"].tolist() == ["102"] and ds.reviews["CHILD"].tolist() == ["102"]
    assert ds.child_identifiers["LAchildID"].tolist() == ["C2"] and ds.cin_details["LAchildID"].tolist() == ["C2"]
    assert ds.child_characteristics["LAchildID"].tolist() == ["C2"]
    for name in (
        "section47",
        "child_protection_plans",
        "cpp_reviews",
        "conferences",
        "rag_forms",
        "rag_items",
        "allocations",
    ):
        assert getattr(ds, name).empty, name
    assert len(ds.chairs) == 2 and len(ds.comparators) == 2  # records of no child are kept
    assert ds.excluded_children == 2
    assert ds.exclusions.values.tolist() == [
        ["iru/conferences.csv", "is not a date (expected dd/mm/yyyy)", 1],
        ["ssda903/episodes.csv", "is not a date (expected dd/mm/yyyy)", 1],
    ]
    assert len(ds.findings) == 3  # the findings are all kept


def test_an_item_is_the_child_of_its_form(tmp_path):
    # F1 is 101's lac_review form; cp_no_report is an item of the other (cp_conference) form.
    items = csv("""
        FORM_ID,ITEM
        F1,cp_no_report
        F2,cp_report_3_days
        """)
    ds = load_dataset(write_folder(tmp_path, {**VALID, "iru/rag_items.csv": items}), exclude_invalid=True)
    assert ds.findings["child"].tolist() == ["101"]
    assert ds.rag_forms["FORM_ID"].tolist() == ["F2"] and ds.rag_items["FORM_ID"].tolist() == ["F2"]
    assert "101" not in set(ds.episodes["CHILD"]) | set(ds.allocations["CHILD"])


def test_an_error_about_no_child_still_stops_the_run(tmp_path):
    chairs = IRU["iru/chairs.csv"].replace("CH1,IRO,37,", "CH1,IRO,forty,")
    with pytest.raises(InputErrors) as caught:
        load_dataset(write_folder(tmp_path, {**BROKEN, "iru/chairs.csv": chairs}), exclude_invalid=True)
    assert str(caught.value).splitlines() == [
        'iru/chairs.csv, row 1, column WEEKLY_HOURS: "forty" is not a number.',
        "These errors concern no single child, so exclude_invalid cannot leave them out: fix them and run again",
    ]


def test_a_folder_without_errors_is_left_whole(tmp_path):
    ds = load_dataset(write_folder(tmp_path, VALID), exclude_invalid=True)
    assert ds.excluded_children == 0 and ds.exclusions.empty and len(ds.header) == 2


def test_a_row_repeated_exactly_is_one_warning_and_its_copies_are_dropped(tmp_path):
    # Row 3 repeats row 2 (102's episode) and row 4 repeats it again: one warning, on row 2.
    episodes = SSDA903["ssda903/episodes.csv"] + "102,01/09/2015,S,V2,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,\n" * 2
    ds = load_dataset(write_folder(tmp_path, {**SSDA903, "ssda903/episodes.csv": episodes}))
    assert len(ds.episodes) == 3
    assert ds.findings[["severity", "file", "row", "rule"]].values.tolist() == [
        [
            "warning",
            "ssda903/episodes.csv",
            3,
            "is repeated exactly on rows 4, 5 (every column the same); the copies were left out",
        ]
    ]
