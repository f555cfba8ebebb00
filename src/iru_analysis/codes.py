"""DfE code lists (SSDA903, CIN census) and the local codes of the unit's own records.

Each list maps a code to its description. Where validity changed between years the
first and last reporting year (``YYYY`` of the year's start) are recorded, so that a
2015-16 return is checked against the 2015-16 list. Sources: ``docs/data-standards.md``
(the DfE 903 and CIN specifications as used by the public validators).
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST, LAST = 2000, 2100  # open-ended validity


@dataclass(frozen=True)
class Code:
    description: str
    first: int = FIRST  # first reporting year (start year) in which the code is valid
    last: int = LAST


def valid_codes(code_list: dict[str, Code], year_start: int) -> set[str]:
    """The codes of a list valid in the reporting year that starts in ``year_start``."""
    return {k for k, c in code_list.items() if c.first <= year_start <= c.last}


# --- SSDA903 ---------------------------------------------------------------------------

SEX = {
    "1": Code("Male", last=2023),
    "2": Code("Female", last=2023),
    "M": Code("Male", first=2024),
    "F": Code("Female", first=2024),
    "U": Code("Unknown", first=2024),
}

LEGAL_STATUS = {
    "C1": Code("Interim care order"),
    "C2": Code("Full care order"),
    "D1": Code("Freeing order granted"),
    "E1": Code("Placement order granted"),
    "V2": Code("Single period of accommodation under section 20"),
    "V3": Code("Agreed series of short-term breaks, individual episodes recorded"),
    "V4": Code("Agreed series of short-term breaks, agreements recorded"),
    "L1": Code("Under police protection and in local authority accommodation"),
    "L2": Code("Emergency protection order"),
    "L3": Code("Under child assessment order and in local authority accommodation"),
    "J1": Code("Remanded to local authority or youth detention accommodation"),
    "J2": Code("Placed in local authority accommodation under PACE 1984"),
    "J3": Code("Sentenced to a youth rehabilitation order with residence or intensive fostering requirement"),
}
SHORT_BREAKS = frozenset({"V3", "V4"})

REASON_NEW_EPISODE = {
    "S": Code("Started to be looked after"),
    "L": Code("Change of legal status only"),
    "P": Code("Change of placement and carer(s) only"),
    "T": Code("Change of placement (same carer(s)) only"),
    "B": Code("Change of legal status and placement and carer(s) at the same time"),
    "U": Code("Change of legal status and change of placement (same carer(s)) at the same time"),
}

CATEGORY_OF_NEED = {
    "N1": Code("Abuse or neglect"),
    "N2": Code("Child's disability"),
    "N3": Code("Parental illness or disability"),
    "N4": Code("Family in acute stress"),
    "N5": Code("Family dysfunction"),
    "N6": Code("Socially unacceptable behaviour"),
    "N7": Code("Low income"),
    "N8": Code("Absent parenting"),
}

PLACEMENT = {
    **{
        c: Code(d)
        for c, d in {
            "A3": "Placed for adoption with consent with current foster carer",
            "A4": "Placed for adoption with consent not with current foster carer",
            "A5": "Placed for adoption with placement order with current foster carer",
            "A6": "Placed for adoption with placement order not with current foster carer",
            "K1": "Secure children's home",
            "K2": "Children's home",
            "P1": "Placed with own parent(s) or other person(s) with parental responsibility",
            "P3": "Residential employment",
            "R1": "Residential care home",
            "R2": "NHS/health trust or other establishment providing medical or nursing care",
            "R3": "Family centre or mother and baby unit",
            "R5": "Young offender institution or prison",
            "S1": "Residential school",
            "T0": "Temporary move of any type",
            "T1": "Temporary period in hospital",
            "T2": "Temporary absence on holiday",
            "T3": "Temporary accommodation while normal foster carer is on holiday",
            "T4": "Temporary accommodation of seven days or less",
            "U1": "Foster placement with relative or friend, long term",
            "U2": "Foster placement with relative or friend, fostering for adoption or concurrent planning",
            "U3": "Foster placement with relative or friend, other",
            "U4": "Foster placement with other foster carer, long term",
            "U5": "Foster placement with other foster carer, fostering for adoption or concurrent planning",
            "U6": "Foster placement with other foster carer, other",
        }.items()
    },
    "H5": Code("Semi-independent living accommodation not subject to children's homes regulations", last=2024),
    "P2": Code("Independent living", last=2024),
    "Z1": Code("Other placement", last=2024),
    "K3": Code("Registered supported accommodation", first=2023),
}

# DfE published placement groups (CLA statistical release), keyed as in figures.csv.
PLACEMENT_GROUP = {
    "foster": ("Foster placements", ["U1", "U2", "U3", "U4", "U5", "U6"]),
    "placed_for_adoption": ("Placed for adoption", ["A3", "A4", "A5", "A6"]),
    "placed_with_parents": ("Placed with parents", ["P1"]),
    "other_community": ("Other placements in the community", ["P2", "P3"]),
    "secure_homes_semi_independent": (
        "Secure units, children's homes and semi-independent living",
        ["K1", "K2", "K3", "H5"],
    ),
    "other_residential": ("Other residential settings", ["R1", "R2", "R3", "R5"]),
    "residential_schools": ("Residential schools", ["S1"]),
    "other": ("Other placements", ["Z1", "T0", "T1", "T2", "T3", "T4"]),
}
PLACEMENT_TO_GROUP = {code: group for group, (_, codes) in PLACEMENT_GROUP.items() for code in codes}
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})

REASON_CEASED = {
    "X1": Code("Episode ceases and new episode begins on the same day (remains looked after)"),
    "E11": Code("Adopted: application unopposed"),
    "E12": Code("Adopted: consent dispensed with by the court"),
    "E13": Code("Left care to live with person(s) with no parental responsibility", first=2015),
    "E14": Code("Accommodation on remand ended", first=2015),
    "E15": Code("Age assessment determined child is 18 or over", first=2015),
    "E16": Code("Child moved abroad", first=2015),
    "E17": Code("Aged 18 or over and remained with current carers (staying put)", first=2015),
    "E2": Code("Died"),
    "E3": Code("Care taken over by another local authority"),
    "E41": Code("Residence order or child arrangements order granted"),
    "E43": Code("Special guardianship order made to former foster carers", last=2017),
    "E44": Code("Special guardianship order made to carers other than former foster carers", last=2017),
    "E45": Code("SGO to former foster carers who are relatives or friends", first=2018),
    "E46": Code("SGO to former foster carers other than relatives or friends", first=2018),
    "E47": Code("SGO to carers, not former foster carers, who are relatives or friends", first=2018),
    "E48": Code("SGO to carers, not former foster carers, other than relatives or friends", first=2018),
    "E4A": Code("Returned home to parents or others with parental responsibility as part of care planning"),
    "E4B": Code("Returned home to parents or others with parental responsibility not as part of care planning"),
    "E5": Code("Moved to independent living with supportive accommodation"),
    "E6": Code("Moved to independent living with no formalised support"),
    "E7": Code("Transferred to residential care funded by adult social care"),
    "E8": Code("Period of being looked after ceased for any other reason"),
    "E9": Code("Sentenced to custody"),
}

ETHNICITY = {
    "WBRI": Code("White British"),
    "WIRI": Code("White Irish"),
    "WIRT": Code("Traveller of Irish heritage"),
    "WOTH": Code("Any other White background"),
    "WROM": Code("Gypsy/Roma"),
    "MWBC": Code("White and Black Caribbean"),
    "MWBA": Code("White and Black African"),
    "MWAS": Code("White and Asian"),
    "MOTH": Code("Any other Mixed background"),
    "AIND": Code("Indian"),
    "APKN": Code("Pakistani"),
    "ABAN": Code("Bangladeshi"),
    "AOTH": Code("Any other Asian background"),
    "BCRB": Code("Caribbean"),
    "BAFR": Code("African"),
    "BOTH": Code("Any other Black background"),
    "CHNE": Code("Chinese"),
    "OOTH": Code("Any other ethnic group"),
    "REFU": Code("Refused"),
    "NOBT": Code("Information not yet obtained"),
}
NOT_RECORDED = "not_recorded"  # breakdown for a child with no ethnicity recorded

PARTICIPATION_AGE = 4  # PN0 is for a child under this age at the review, PN1-PN7 for one of it or over
PARTICIPATION = {
    "PN0": Code(f"Child aged under {PARTICIPATION_AGE} at the time of the review"),
    "PN1": Code("Child attends and speaks for themselves"),
    "PN2": Code("Child attends and an advocate speaks on their behalf"),
    "PN3": Code("Child attends and conveys their views symbolically (non-verbally)"),
    "PN4": Code("Child attends but does not speak or convey their views"),
    "PN5": Code("Child does not attend but briefs an advocate to speak for them"),
    "PN6": Code("Child does not attend but conveys their views by a facilitative medium"),
    "PN7": Code("Child does not attend and their views are not conveyed"),
}

# --- CIN census ------------------------------------------------------------------------

CATEGORY_OF_ABUSE = {
    "NEG": Code("Neglect"),
    "EMO": Code("Emotional abuse"),
    "PHY": Code("Physical abuse"),
    "SAB": Code("Sexual abuse"),
    "MUL": Code("Multiple"),
}
GENDER_CURRENT = {
    "0": Code("Not recorded or unborn"),
    "1": Code("Male"),
    "2": Code("Female"),
    "9": Code("Indeterminate"),
}
REASON_FOR_CLOSURE = {
    f"RC{i}": Code(d)
    for i, d in enumerate(
        [
            "Adopted",
            "Died",
            "Child arrangements order",
            "Special guardianship order",
            "Transferred to another local authority",
            "Transferred to adult social care",
            "Services ceased for any other reason",
            "Case closed after assessment, no further action",
        ],
        1,
    )
}
PRIMARY_NEED = {**CATEGORY_OF_NEED, "N0": Code("Not stated"), "N9": Code("Cases other than children in need")}

# --- The unit's own records (local, lower-case codes) ----------------------------------

CONFERENCE_TYPE = {
    "ICPC": Code("Initial child protection conference"),
    "RCPC": Code("Review child protection conference"),
}
ICPC_OUTCOME = {
    "plan": Code("Child becomes subject to a child protection plan"),
    "no_plan": Code("Child not made subject to a plan"),
    "change_of_category": Code("Change of category"),
    "child_died": Code("Child died"),
}
MEETING_TYPE = {
    "lac_review": Code("Looked-after child statutory review"),
    "cp_conference": Code("Child protection conference"),
}
RAG_RATING = {"red": Code("Red"), "amber": Code("Amber"), "green": Code("Green")}
CHAIR_ROLE = {"IRO": Code("Independent Reviewing Officer"), "ICC": Code("Independent Conference Chair")}
FULL_TIME_HOURS = 37.0  # weekly hours of one full-time equivalent
YES_NO = {"yes": Code("Yes"), "no": Code("No")}
CONTACT_TYPE = {
    "visit": Code("The IRO saw the child"),
    "remote": Code("The IRO spoke with the child by phone or video"),
    "midway": Code("Midway review of the plan's progress with the social worker"),
}
ESCALATION_THEME = {
    "care_planning": Code("Care planning"),
    "placement": Code("Placement"),
    "contact": Code("Contact"),
    "education": Code("Education"),
    "health": Code("Health"),
    "permanence": Code("Permanence"),
    "drift": Code("Drift and delay"),
    "other": Code("Other"),
}
ESCALATION_OUTCOME = {
    "resolved": Code("Resolved"),
    "withdrawn": Code("Withdrawn"),
    "referred_cafcass": Code("Referred to Cafcass"),
}
# in the order an escalation climbs them: the highest stage reached is the last of these
ESCALATION_STAGE = {
    "informal": Code("Informal resolution with the social worker or team manager"),
    "stage1": Code("Stage 1 of the dispute resolution process"),
    "stage2": Code("Stage 2 of the dispute resolution process"),
    "stage3": Code("Stage 3 of the dispute resolution process"),
    "cafcass": Code("Referral to Cafcass"),
}
RESPONDENT = {
    "child": Code("The child or young person"),
    "parent": Code("A parent"),
    "carer": Code("A carer"),
    "professional": Code("A professional"),
}

# --- Age bands -------------------------------------------------------------------------

# (label, lowest age, highest age) — the model report's bands.
AGE_BANDS_REPORT = [
    ("Under 1", 0, 0),
    ("1 to 4", 1, 4),
    ("5 to 9", 5, 9),
    ("10 to 14", 10, 14),
    ("15", 15, 15),
    ("16+", 16, 200),
]

# RAG dispute-resolution form items: key -> (meeting type, kind, wording on the form).
# ``kind`` says which rating the item argues for; items are ticked on every form,
# whatever its overall rating.
RAG_ITEMS: dict[str, tuple[str, str, str]] = {
    # child protection conferences
    "cp_no_report": ("cp_conference", "red", "Social worker did not provide a report in advance of conference"),
    "cp_legal_delay": ("cp_conference", "red", "Delay in progressing legal advice, planning or proceedings"),
    "cp_plan_delay": ("cp_conference", "red", "Serious delays in progressing the child protection plan"),
    "cp_assessment_delay": ("cp_conference", "red", "Delay in progressing assessments"),
    "cp_visits_missed": ("cp_conference", "red", "Visits have not taken place with the frequency agreed in the plan"),
    "cp_new_concerns": ("cp_conference", "red", "New concerns have not been appropriately assessed or responded to"),
    "cp_plan_timely": (
        "cp_conference",
        "green",
        "Child protection plan is progressing in a timely way with no drift or delay",
    ),
    "cp_report_3_days": ("cp_conference", "green", "Social worker provided report 3 or more days before conference"),
    "cp_parents_saw_report": (
        "cp_conference",
        "green",
        "Parents were given and commented on the report 3 or more days before conference",
    ),
    "cp_good_preparation": ("cp_conference", "green", "Good planning and preparation for conference"),
    "cp_key_people": ("cp_conference", "green", "All key people were invited to or attended conference"),
    "cp_outstanding_practice": ("cp_conference", "green", "Evidence of excellent, creative or outstanding practice"),
    "cp_partnership": ("cp_conference", "green", "Parents, carers and local authority are working in partnership"),
    "cp_good_relationship": ("cp_conference", "green", "Evidence of good working relationship with child and family"),
    "cp_other": ("cp_conference", "other", "Other (stated on the form)"),
    # looked-after children's statutory reviews
    "lac_visits_late": ("lac_review", "red", "Statutory visits not undertaken within required timescales"),
    "lac_sw_absent": ("lac_review", "red", "Social worker or representative did not attend"),
    "lac_no_progress": ("lac_review", "red", "Previous meeting rated red or amber and progress unacceptable"),
    "lac_key_people_missing": (
        "lac_review",
        "red",
        "Key people not invited to, attending or contributing to the review",
    ),
    "lac_assessment_delay": ("lac_review", "red", "Delay in assessment"),
    "lac_tasks_outstanding": ("lac_review", "red", "Majority of tasks incomplete or outstanding from previous review"),
    "lac_plan_delay": ("lac_review", "red", "Serious delays in progressing care, permanence or independence plan"),
    "lac_contact_delay": ("lac_review", "red", "Unacceptable delay in progressing contact arrangements"),
    "lac_legal_delay": ("lac_review", "red", "Delays in progressing or initiating legal planning or proceedings"),
    "lac_risk_not_assessed": (
        "lac_review",
        "red",
        "Risk to the young person has not been fully assessed or responded to",
    ),
    "lac_health_needs": ("lac_review", "red", "Health needs are not being met or progressed"),
    "lac_poor_preparation": (
        "lac_review",
        "red",
        "Lack of preparation for review has affected the child or young person",
    ),
    "lac_plan_timely": (
        "lac_review",
        "green",
        "Care or permanence plan is progressing in a timely manner with no drift or delay",
    ),
    "lac_tasks_done": ("lac_review", "green", "All tasks from previous review have been completed or exceeded"),
    "lac_relationship": (
        "lac_review",
        "green",
        "Relationship with young person is positive and they know the plan for the future",
    ),
    "lac_contact_promoted": (
        "lac_review",
        "green",
        "Contact is promoted and arrangements are in the child's best interest",
    ),
    "lac_good_preparation": ("lac_review", "green", "Good planning and preparation for the review"),
    "lac_key_people": ("lac_review", "green", "All key people were invited to or attended the review"),
    "lac_plan_meets_needs": ("lac_review", "green", "Plan meets the child's needs and is in the child's best interest"),
    "lac_outstanding_practice": ("lac_review", "green", "Evidence of outstanding practice"),
    "lac_partnership": ("lac_review", "green", "Parents, carers and local authority are working in partnership"),
    "lac_other": ("lac_review", "other", "Other (stated on the form)"),
}
