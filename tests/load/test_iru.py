"""iru/: local codes, unique identifiers, links between the unit's files, hours."""

from .folders import IRU, csv, findings_for


def test_unknown_form_and_items_of_the_wrong_meeting_type(tmp_path):
    # F1 is a lac_review form: cp_no_report belongs to cp_conference forms.
    # F9 is not a form. "made_up" is no item at all.
    items = csv("""
        FORM_ID,ITEM
        F1,lac_plan_timely
        F1,cp_no_report
        F9,cp_no_report
        F2,made_up
        """)
    found = findings_for(tmp_path, {**IRU, "iru/rag_items.csv": items})
    assert found == [
        'error: iru/rag_items.csv, row 2, column ITEM: "cp_no_report" is an item of a cp_conference form, but form F1 '
        "is for a lac_review.",
        'error: iru/rag_items.csv, row 3, column FORM_ID: "F9" is not found in iru/rag_forms.csv.',
        'error: iru/rag_items.csv, row 4, column ITEM: "made_up" is not a valid ITEM code (see the code list in '
        "src/iru_analysis/codes.py).",
    ]


def test_allocation_to_an_unknown_chair(tmp_path):
    allocations = csv("""
        CHILD,CHAIR_ID,START_DATE,END_DATE
        101,CH1,01/04/2015,10/01/2016
        C1,CH7,20/05/2015,
        """)
    found = findings_for(tmp_path, {**IRU, "iru/allocations.csv": allocations})
    assert found == ['error: iru/allocations.csv, row 2, column CHAIR_ID: "CH7" is not found in iru/chairs.csv.']


def test_conference_or_form_chair_not_in_chairs_is_a_warning(tmp_path):
    conferences = csv("""
        MEETING_ID,LAchildID,TYPE,MEETING_DATE,OUTCOME,CHAIR_ID
        M1,C1,ICPC,20/05/2015,plan,CH7
        """)
    found = findings_for(tmp_path, {**IRU, "iru/conferences.csv": conferences})
    assert found == ['warning: iru/conferences.csv, row 1, column CHAIR_ID: "CH7" is not found in iru/chairs.csv.']


def test_weekly_hours_must_be_more_than_0_and_at_most_37(tmp_path):
    # 0 is not allowed, 37 is; 37.5 is over a full-time week.
    chairs = csv("""
        CHAIR_ID,ROLE,WEEKLY_HOURS,START_DATE,END_DATE
        CH1,IRO,37,01/01/2010,
        CH2,ICC,0,01/09/2014,
        CH3,ICC,37.5,01/09/2014,
        """)
    found = findings_for(tmp_path, {**IRU, "iru/chairs.csv": chairs})
    assert found == [
        'error: iru/chairs.csv, row 2, column WEEKLY_HOURS: "0" is out of range (must be more than 0 and at most 37).',
        'error: iru/chairs.csv, row 3, column WEEKLY_HOURS: "37.5" is out of range (must be more than 0 and at most 37).',
    ]


def test_duplicated_identifiers(tmp_path):
    conferences = csv("""
        MEETING_ID,LAchildID,TYPE,MEETING_DATE,OUTCOME,CHAIR_ID
        M1,C1,ICPC,20/05/2015,plan,CH2
        M1,C1,RCPC,15/08/2015,,CH2
        """)
    forms = csv("""
        FORM_ID,MEETING_TYPE,CHILD,MEETING_DATE,RATING,CHAIR_ID
        F1,lac_review,101,28/04/2015,green,CH1
        F2,cp_conference,C1,20/05/2015,amber,CH2
        F2,cp_conference,C1,15/08/2015,red,CH2
        """)
    chairs = csv("""
        CHAIR_ID,ROLE,WEEKLY_HOURS,START_DATE,END_DATE
        CH1,IRO,37,01/01/2010,
        CH2,ICC,18.5,01/09/2014,
        CH2,ICC,37,01/09/2014,
        """)  # not an exact copy (WEEKLY_HOURS differs): the identifier is repeated
    found = findings_for(
        tmp_path, {**IRU, "iru/conferences.csv": conferences, "iru/rag_forms.csv": forms, "iru/chairs.csv": chairs}
    )
    assert found == [
        'error: iru/chairs.csv, row 2, column CHAIR_ID: "CH2" appears on more than one row; CHAIR_ID must be unique.',
        'error: iru/chairs.csv, row 3, column CHAIR_ID: "CH2" appears on more than one row; CHAIR_ID must be unique.',
        'error: iru/conferences.csv, row 1, column MEETING_ID: "M1" appears on more than one row; MEETING_ID must be unique.',
        'error: iru/conferences.csv, row 2, column MEETING_ID: "M1" appears on more than one row; MEETING_ID must be unique.',
        'error: iru/rag_forms.csv, row 2, column FORM_ID: "F2" appears on more than one row; FORM_ID must be unique.',
        'error: iru/rag_forms.csv, row 3, column FORM_ID: "F2" appears on more than one row; FORM_ID must be unique.',
    ]


def test_local_codes(tmp_path):
    conferences = csv("""
        MEETING_ID,LAchildID,TYPE,MEETING_DATE,OUTCOME,CHAIR_ID
        M1,C1,ICPC,20/05/2015,Plan,CH2
        M2,C1,RCP,15/08/2015,,CH2
        """)
    forms = csv("""
        FORM_ID,MEETING_TYPE,CHILD,MEETING_DATE,RATING,CHAIR_ID
        F1,lac,101,28/04/2015,green,CH1
        F2,cp_conference,C1,20/05/2015,yellow,CH2
        """)
    chairs = csv("""
        CHAIR_ID,ROLE,WEEKLY_HOURS,START_DATE,END_DATE
        CH1,IRO,37,01/01/2010,
        CH2,Chair,18.5,01/09/2014,
        """)
    found = findings_for(
        tmp_path,
        {
            **IRU,
            "iru/conferences.csv": conferences,
            "iru/rag_forms.csv": forms,
            "iru/chairs.csv": chairs,
            "iru/rag_items.csv": None,
        },
    )
    assert found == [
        'error: iru/chairs.csv, row 2, column ROLE: "Chair" is not a valid ROLE code (expected one of ICC, IRO).',
        'error: iru/conferences.csv, row 1, column OUTCOME: "Plan" is not a valid OUTCOME code (expected one of '
        "change_of_category, child_died, no_plan, plan).",
        'error: iru/conferences.csv, row 2, column TYPE: "RCP" is not a valid TYPE code (expected one of ICPC, RCPC).',
        'error: iru/rag_forms.csv, row 1, column MEETING_TYPE: "lac" is not a valid MEETING_TYPE code (expected one '
        "of cp_conference, lac_review).",
        'error: iru/rag_forms.csv, row 2, column RATING: "yellow" is not a valid RATING code (expected one of amber, '
        "green, red).",
    ]


def test_icpc_needs_an_outcome_and_rcpc_has_none(tmp_path):
    conferences = csv("""
        MEETING_ID,LAchildID,TYPE,MEETING_DATE,OUTCOME,CHAIR_ID
        M1,C1,ICPC,20/05/2015,,CH2
        M2,C1,RCPC,15/08/2015,plan,CH2
        """)
    found = findings_for(tmp_path, {**IRU, "iru/conferences.csv": conferences})
    assert found == [
        "error: iru/conferences.csv, row 1, column OUTCOME: an initial conference (ICPC) needs an outcome "
        "(plan, no_plan, change_of_category, child_died).",
        'warning: iru/conferences.csv, row 2, column OUTCOME: "plan" is recorded for a review conference (RCPC); '
        "only ICPC outcomes are counted.",
    ]


def test_end_before_start(tmp_path):
    allocations = csv("""
        CHILD,CHAIR_ID,START_DATE,END_DATE
        101,CH1,01/04/2015,31/03/2015
        """)
    found = findings_for(tmp_path, {**IRU, "iru/allocations.csv": allocations})
    assert found == [
        'error: iru/allocations.csv, row 1, column END_DATE: "31/03/2015" is before START_DATE 01/04/2015 '
        "(an allocation cannot end before it starts)."
    ]


def test_every_iru_file_is_optional(tmp_path):
    assert findings_for(tmp_path, {"iru/chairs.csv": IRU["iru/chairs.csv"]}) == []
