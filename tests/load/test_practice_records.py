"""iru/: the unit's practice records -- contacts, review records, escalations and their
steps, feedback -- and the optional QUORATE of the conference log."""

import pandas as pd

from iru_analysis.load import load_dataset, read_dataset

from .folders import IRU, SSDA903, VALID, csv, findings_for, write_folder

# Children 101 and 102 are in the 903 header (101 reviewed 28/04/2015), C1 in the CIN
# census; CH1 is an IRO, CH2 an ICC.
PRACTICE = {
    "iru/contacts.csv": csv("""
        CONTACT_ID,CHILD,CHAIR_ID,CONTACT_DATE,TYPE
        K1,101,CH1,10/04/2015,visit
        K2,102,CH1,01/10/2015,midway
        """),
    "iru/review_records.csv": csv("""
        CHILD,REVIEW_DATE,CHAIR_ID,RECOMMENDATIONS_ISSUED,RECORD_ISSUED,ADVOCATE
        101,28/04/2015,CH1,01/05/2015,20/05/2015,no
        102,25/09/2015,CH1,,,yes
        """),
    "iru/escalations.csv": csv("""
        ESCALATION_ID,CHILD,CHAIR_ID,RAISED_DATE,THEME,RESOLVED_DATE,OUTCOME
        E1,101,CH1,05/05/2015,drift,20/05/2015,resolved
        E2,C1,CH2,01/06/2015,care_planning,,
        """),
    "iru/escalation_steps.csv": csv("""
        ESCALATION_ID,STAGE,STEP_DATE
        E1,informal,05/05/2015
        E2,informal,01/06/2015
        E2,stage1,10/06/2015
        """),
    "iru/feedback.csv": csv("""
        FEEDBACK_ID,MEETING_TYPE,MEETING_DATE,RESPONDENT,SCORE,COMMENTS
        B1,lac_review,28/04/2015,child,5,"Really good, my IRO listened to me"
        B2,cp_conference,20/05/2015,parent,2,
        """),
    "iru/conferences.csv": csv("""
        MEETING_ID,LAchildID,TYPE,MEETING_DATE,OUTCOME,CHAIR_ID,QUORATE
        M1,C1,ICPC,20/05/2015,plan,CH2,yes
        M2,C1,RCPC,15/08/2015,,CH2,no
        """),
}
FOLDER = {**VALID, **PRACTICE}


def test_practice_records_load_with_their_documented_columns_only(tmp_path):
    ds = read_dataset(write_folder(tmp_path, FOLDER))
    assert ds.findings.empty
    assert list(ds.contacts.columns) == ["CONTACT_ID", "CHILD", "CHAIR_ID", "CONTACT_DATE", "TYPE"]
    assert list(ds.review_records.columns) == [
        "CHILD",
        "REVIEW_DATE",
        "CHAIR_ID",
        "RECOMMENDATIONS_ISSUED",
        "RECORD_ISSUED",
        "ADVOCATE",
    ]
    assert list(ds.escalations.columns) == [
        "ESCALATION_ID",
        "CHILD",
        "CHAIR_ID",
        "RAISED_DATE",
        "THEME",
        "RESOLVED_DATE",
        "OUTCOME",
    ]
    assert list(ds.escalation_steps.columns) == ["ESCALATION_ID", "STAGE", "STEP_DATE"]
    assert list(ds.feedback.columns) == ["FEEDBACK_ID", "MEETING_TYPE", "MEETING_DATE", "RESPONDENT", "SCORE"]
    assert ds.conferences["QUORATE"].tolist() == ["yes", "no"]
    assert ds.feedback["SCORE"].tolist() == [5.0, 2.0]
    assert ds.escalations["RESOLVED_DATE"].tolist()[0] == pd.Timestamp("2015-05-20")


def test_free_text_is_never_carried_into_the_dataset(tmp_path):
    ds = read_dataset(write_folder(tmp_path, FOLDER))
    frames = [getattr(ds, name) for name in vars(ds) if isinstance(getattr(ds, name), pd.DataFrame)]
    assert all("COMMENTS" not in f.columns for f in frames)
    assert not any(f.astype(str).apply(lambda c: c.str.contains("listened")).any().any() for f in frames)


def test_absent_practice_files_leave_their_tables_none(tmp_path):
    ds = read_dataset(write_folder(tmp_path, VALID))
    assert ds.findings.empty
    assert [ds.contacts, ds.review_records, ds.escalations, ds.escalation_steps, ds.feedback] == [None] * 5
    assert ds.conferences["QUORATE"].isna().all()  # the optional column left out: added, empty


def test_local_codes_of_the_practice_records(tmp_path):
    bad = {
        **PRACTICE,
        "iru/contacts.csv": PRACTICE["iru/contacts.csv"].replace("visit", "Visit"),
        "iru/review_records.csv": PRACTICE["iru/review_records.csv"].replace(",no\n", ",maybe\n"),
        "iru/escalations.csv": PRACTICE["iru/escalations.csv"].replace("drift", "delay").replace(",resolved", ",done"),
        "iru/escalation_steps.csv": PRACTICE["iru/escalation_steps.csv"].replace("stage1", "stage 1"),
        "iru/feedback.csv": PRACTICE["iru/feedback.csv"].replace("child,5", "mother,5").replace("cp_conference", "cp"),
        "iru/conferences.csv": PRACTICE["iru/conferences.csv"].replace(",yes\n", ",Y\n"),
    }
    assert findings_for(tmp_path, {**VALID, **bad}) == [
        'error: iru/conferences.csv, row 1, column QUORATE: "Y" is not a valid QUORATE code (expected one of no, yes).',
        'error: iru/contacts.csv, row 1, column TYPE: "Visit" is not a valid TYPE code (expected one of midway, '
        "remote, visit).",
        'error: iru/escalation_steps.csv, row 3, column STAGE: "stage 1" is not a valid STAGE code (expected one of '
        "cafcass, informal, stage1, stage2, stage3).",
        'error: iru/escalations.csv, row 1, column OUTCOME: "done" is not a valid OUTCOME code (expected one of '
        "referred_cafcass, resolved, withdrawn).",
        'error: iru/escalations.csv, row 1, column THEME: "delay" is not a valid THEME code (expected one of '
        "care_planning, contact, drift, education, health, other, permanence, placement).",
        'error: iru/feedback.csv, row 1, column RESPONDENT: "mother" is not a valid RESPONDENT code (expected one of '
        "carer, child, parent, professional).",
        'error: iru/feedback.csv, row 2, column MEETING_TYPE: "cp" is not a valid MEETING_TYPE code (expected one of '
        "cp_conference, lac_review).",
        'error: iru/review_records.csv, row 1, column ADVOCATE: "maybe" is not a valid ADVOCATE code (expected one of '
        "no, yes).",
    ]


def test_dates_and_required_values(tmp_path):
    bad = {
        **PRACTICE,
        "iru/contacts.csv": PRACTICE["iru/contacts.csv"].replace("10/04/2015", "2015-04-10"),
        "iru/review_records.csv": PRACTICE["iru/review_records.csv"].replace("20/05/2015", "20/5/15"),
        "iru/escalation_steps.csv": PRACTICE["iru/escalation_steps.csv"].replace("E2,stage1,10/06/2015", "E2,stage1,"),
    }
    assert findings_for(tmp_path, {**VALID, **bad}) == [
        'error: iru/contacts.csv, row 1, column CONTACT_DATE: "2015-04-10" is not a date (expected dd/mm/yyyy).',
        "error: iru/escalation_steps.csv, row 3, column STEP_DATE: a value is required.",
        'error: iru/review_records.csv, row 1, column RECORD_ISSUED: "20/5/15" is not a date (expected dd/mm/yyyy).',
    ]


def test_a_missing_required_column_is_an_error(tmp_path):
    steps = csv("""
        ESCALATION_ID,STEP_DATE
        E1,05/05/2015
        """)
    found = findings_for(tmp_path, {**FOLDER, "iru/escalation_steps.csv": steps})
    assert found == [
        "error: iru/escalation_steps.csv, column STAGE: the file has no such column, and it is required "
        "(columns found: ESCALATION_ID, STEP_DATE)."
    ]


def test_references_to_unknown_chairs_children_reviews_and_escalations(tmp_path):
    contacts = csv("""
        CONTACT_ID,CHILD,CHAIR_ID,CONTACT_DATE,TYPE
        K1,101,CH9,10/04/2015,visit
        K2,999,CH1,01/10/2015,midway
        """)
    records = csv("""
        CHILD,REVIEW_DATE,CHAIR_ID,RECOMMENDATIONS_ISSUED,RECORD_ISSUED,ADVOCATE
        101,29/04/2015,CH1,01/05/2015,20/05/2015,no
        """)  # 101 was reviewed on 28/04/2015, not on the 29th
    escalations = PRACTICE["iru/escalations.csv"].replace("E2,C1,CH2", "E2,C9,CH2")
    steps = PRACTICE["iru/escalation_steps.csv"] + "E7,informal,01/07/2015\n"
    found = findings_for(
        tmp_path,
        {
            **FOLDER,
            "iru/contacts.csv": contacts,
            "iru/review_records.csv": records,
            "iru/escalations.csv": escalations,
            "iru/escalation_steps.csv": steps,
        },
    )
    assert found == [
        'error: iru/escalation_steps.csv, row 4, column ESCALATION_ID: "E7" is not found in iru/escalations.csv.',
        'warning: iru/contacts.csv, row 1, column CHAIR_ID: "CH9" is not found in iru/chairs.csv.',
        'warning: iru/contacts.csv, row 2, column CHILD: "999" is not found in the children of ssda903/ or cin/.',
        'warning: iru/escalations.csv, row 2, column CHILD: "C9" is not found in the children of ssda903/ or cin/.',
        'warning: iru/review_records.csv, row 1, column REVIEW_DATE: "29/04/2015" is not a review of the child in '
        "ssda903/reviews.csv.",
    ]


def test_the_children_are_looked_for_only_in_the_sources_supplied(tmp_path):
    # no cin/: C1's escalation is about a child the folder cannot know of
    files = {**SSDA903, **IRU, **PRACTICE, "iru/conferences.csv": None}
    found = findings_for(tmp_path, files)
    assert found == [
        'warning: iru/escalations.csv, row 2, column CHILD: "C1" is not found in the children of ssda903/.'
    ]
    # the unit's records alone: nothing to look the children up in
    assert findings_for(tmp_path / "alone", {**IRU, **PRACTICE}) == []


def test_dates_out_of_order(tmp_path):
    # E1 raised 05/05/2015: resolved the day before, and a step on 04/05/2015.
    # 101's review 28/04/2015: recommendations issued 27/04/2015.
    escalations = PRACTICE["iru/escalations.csv"].replace("20/05/2015,resolved", "04/05/2015,resolved")
    steps = PRACTICE["iru/escalation_steps.csv"].replace("E1,informal,05/05/2015", "E1,informal,04/05/2015")
    records = PRACTICE["iru/review_records.csv"].replace("CH1,01/05/2015", "CH1,27/04/2015")
    found = findings_for(
        tmp_path,
        {
            **FOLDER,
            "iru/escalations.csv": escalations,
            "iru/escalation_steps.csv": steps,
            "iru/review_records.csv": records,
        },
    )
    assert found == [
        'error: iru/escalation_steps.csv, row 1, column STEP_DATE: "04/05/2015" is before the escalation\'s '
        "RAISED_DATE 05/05/2015 (a step cannot come before the escalation is raised).",
        'error: iru/escalations.csv, row 1, column RESOLVED_DATE: "04/05/2015" is before RAISED_DATE 05/05/2015 '
        "(an escalation cannot end before it starts).",
        'error: iru/review_records.csv, row 1, column RECOMMENDATIONS_ISSUED: "27/04/2015" is before REVIEW_DATE '
        "28/04/2015 (a review's recommendations cannot be issued before the review).",
    ]


def test_an_outcome_goes_with_a_date_resolved(tmp_path):
    escalations = csv("""
        ESCALATION_ID,CHILD,CHAIR_ID,RAISED_DATE,THEME,RESOLVED_DATE,OUTCOME
        E1,101,CH1,05/05/2015,drift,,resolved
        E2,C1,CH2,01/06/2015,care_planning,20/06/2015,
        """)
    found = findings_for(tmp_path, {**FOLDER, "iru/escalations.csv": escalations})
    assert found == [
        'error: iru/escalations.csv, row 1, column OUTCOME: "resolved" is recorded for an escalation with no '
        "RESOLVED_DATE: an open escalation has no outcome (give the date it was resolved, or leave OUTCOME blank).",
        "error: iru/escalations.csv, row 2, column OUTCOME: an escalation with a RESOLVED_DATE needs an outcome "
        "(resolved, withdrawn, referred_cafcass).",
    ]


def test_repeated_stages_and_review_records(tmp_path):
    steps = PRACTICE["iru/escalation_steps.csv"] + "E2,stage1,12/06/2015\n"
    records = PRACTICE["iru/review_records.csv"] + "101,28/04/2015,CH1,02/05/2015,20/05/2015,no\n"
    found = findings_for(tmp_path, {**FOLDER, "iru/escalation_steps.csv": steps, "iru/review_records.csv": records})
    assert found == [
        'error: iru/escalation_steps.csv, row 3, column STAGE: "stage1" appears on more than one row for the same '
        "escalation; it must be unique.",
        'error: iru/escalation_steps.csv, row 4, column STAGE: "stage1" appears on more than one row for the same '
        "escalation; it must be unique.",
        'error: iru/review_records.csv, row 1, column REVIEW_DATE: "28/04/2015" appears on more than one row for the '
        "same child; it must be unique.",
        'error: iru/review_records.csv, row 3, column REVIEW_DATE: "28/04/2015" appears on more than one row for the '
        "same child; it must be unique.",
    ]


def test_score_is_a_whole_number_from_1_to_5(tmp_path):
    feedback = csv("""
        FEEDBACK_ID,MEETING_TYPE,MEETING_DATE,RESPONDENT,SCORE
        B1,lac_review,28/04/2015,child,0
        B2,lac_review,28/04/2015,carer,6
        B3,lac_review,28/04/2015,parent,4.5
        B4,lac_review,28/04/2015,professional,five
        B5,lac_review,28/04/2015,professional,1
        B6,lac_review,28/04/2015,child,5.0
        """)
    found = findings_for(tmp_path, {**FOLDER, "iru/feedback.csv": feedback})
    rule = "is not a score from 1 to 5 (a whole number, 5 the best)."
    assert found == [
        f'error: iru/feedback.csv, row 1, column SCORE: "0" {rule}',
        f'error: iru/feedback.csv, row 2, column SCORE: "6" {rule}',
        f'error: iru/feedback.csv, row 3, column SCORE: "4.5" {rule}',
        'error: iru/feedback.csv, row 4, column SCORE: "five" is not a number.',
    ]


def test_leaving_a_child_out_takes_its_escalations_steps_with_it(tmp_path):
    # C1's third contact has a TYPE that is no code: an error about C1 alone.
    contacts = PRACTICE["iru/contacts.csv"] + "K3,C1,CH2,01/07/2015,phone\n"
    ds = load_dataset(write_folder(tmp_path, {**FOLDER, "iru/contacts.csv": contacts}), exclude_invalid=True)
    assert ds.excluded_children == 1
    assert ds.escalations["ESCALATION_ID"].tolist() == ["E1"]
    assert ds.escalation_steps["ESCALATION_ID"].tolist() == ["E1"]
    assert ds.contacts["CHILD"].tolist() == ["101", "102"]
