"""The published numbers the demo data are calibrated to, each with where it stands.

Source: the model report, Shropshire's Annual Independent Chairperson's Report 2015-16
(docs/data-standards.md §0). Months run April to March. These are the
*design targets* of the generator; the back test (``tests/back_test``) checks the
figures the project's measures compute from the generated data against the report.
"""

from __future__ import annotations

MONTHS_2015_16 = [
    "2015-04",
    "2015-05",
    "2015-06",
    "2015-07",
    "2015-08",
    "2015-09",
    "2015-10",
    "2015-11",
    "2015-12",
    "2016-01",
    "2016-02",
    "2016-03",
]

# "LAC at Month End" line (chart of looked-after children at each month end).
LAC_MONTH_END = [311, 313, 308, 306, 307, 308, 309, 304, 299, 298, 290, 283]
LAC_AT_31_MARCH_2015 = 310  # the same chart's starting point (310 + 83 - 110 = 283)

# "A total of 83 children became looked after in 2015/2016 compared to 136 ... in 2014/2015."
STARTED = {"2015-16": 83, "2014-15": 136}
# "a total of 110 children ceased to be looked after compared to 94 ... in 2014/2015."
CEASED = {"2015-16": 110, "2014-15": 94}

AGE_BANDS = ["Under 1", "1 to 4", "5 to 9", "10 to 14", "15", "16+"]
# "Age on Starting to be Looked After" table.
STARTED_BY_AGE = dict(zip(AGE_BANDS, [15, 16, 11, 21, 12, 8]))
# Age band x reason of the 110 leavers (a design choice; only the margins are printed: the
# "Age on Ceasing to be Looked After" and "Looked After Children Ceased Reason" tables). The
# report's unsplit "Special Guardianship Order 2" has no 2015-16 code of its own: the demo
# records those two as E44 (see data/demo/README.md, quirk 2).
CEASED_AGE_REASON = {
    "Under 1": {"E11": 4, "E4A": 2, "E43": 1},
    "1 to 4": {"E11": 15, "E4A": 4, "E43": 2, "E44": 3, "E41": 1, "E13": 1},
    "5 to 9": {"E11": 4, "E4A": 5, "E43": 2, "E44": 3, "E41": 1},
    "10 to 14": {"E4A": 7, "E13": 2, "E43": 1, "E44": 2},
    "15": {"E4A": 4, "E4B": 1, "E8": 1},
    "16+": {"E17": 26, "E5": 8, "E7": 1, "E8": 1, "E4A": 6, "E13": 1, "E4B": 1},
}

# Distance table for the 83 starters: Under 20 Miles In/Out, Over 20 Miles In/Out, Unknown.
STARTED_BY_DISTANCE = {"under_20_in": 52, "under_20_out": 4, "over_20_in": 14, "over_20_out": 6, "unknown": 7}

# "LAC as at 31/03/16 by Ethnic Origin Percentage" (counts of 283 that print those %).
LAC_ETHNICITY = {
    "WBRI": 256,
    "MOTH": 6,
    "WOTH": 6,
    "MWBC": 3,
    "ABAN": 2,
    "BCRB": 2,
    "MWBA": 2,
    "OOTH": 2,
    "AOTH": 1,
    "BAFR": 1,
    "WROM": 1,
    "MWAS": 1,
}

# "LAC Statutory Reviews 2015/16" table.
LAC_REVIEWS_TOTAL = [66, 82, 75, 88, 74, 72, 91, 61, 84, 72, 50, 67]  # 882
LAC_REVIEWS_IN_TIME = [65, 76, 47, 88, 42, 72, 89, 55, 82, 70, 47, 62]  # 795
# "Number of care plan reviews held in" table: (total, in timescale).
LAC_REVIEWS_YEARS = {"2015-16": (882, 795), "2014-15": (988, 941), "2013-14": (792, 774)}

# "Initial CP Conference Outcomes 2015/16" table.
ICPC_PLAN = [10, 35, 24, 26, 16, 17, 32, 14, 25, 22, 32, 14]  # 267
ICPC_NO_PLAN = [1, 0, 1, 1, 3, 2, 1, 1, 0, 0, 1, 0]  # 11
ICPC_CHILD_DIED = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]  # 1
# Key messages: "A total of 88% of initial child protection conferences held within 15 working days".
ICPC_WITHIN_15WD = 252  # of 286 (88.1%)

# "CP Review Conferences 2015/16" table.
RCPC_TOTAL = [11, 13, 17, 31, 15, 26, 26, 36, 30, 36, 38, 20]  # 299
RCPC_IN_TIME = [8, 13, 17, 31, 15, 26, 26, 36, 30, 36, 38, 20]  # 296

# Key messages: 267 children on a plan at 31 March 2016, 263 in 2014/2015.
CPP_AT_31_MARCH = {"2016-03-31": 267, "2015-03-31": 263}
# "CPP Categories of Abuse (as at 31/03/2016)": 57%, 30%, 9%, 5%.
CPP_CATEGORY = {"NEG": 152, "EMO": 79, "PHY": 23, "SAB": 13}
# "CPP as at 31/03/16 by Ethnic Origin Percentage" (denominator 266: one unborn child
# has no ethnicity; "Not Known" recorded as REFU, see the README).
CPP_ETHNICITY = {
    "WBRI": 216,
    "WOTH": 13,
    "MWAS": 7,
    "MWBA": 6,
    "WROM": 5,
    "NOBT": 4,
    "AOTH": 3,
    "BAFR": 3,
    "MOTH": 3,
    "MWBC": 3,
    "WIRT": 2,
    "REFU": 1,
}
# "% Children starting CPP with 2nd/Subsequent": 11.2 and 4.5 (of the 267 starting).
CPP_REPEAT_ANY = 30
CPP_REPEAT_WITHIN_2_YEARS = 12

# Dispute resolution, March 2016 (RAG charts and sentences).
RAG_MARCH = {"cp_conference": {"red": 9, "green": 19}, "lac_review": {"red": 28, "green": 28}}
RAG_ITEMS_MARCH = {
    "cp_no_report": 1,
    "cp_legal_delay": 2,
    "cp_plan_delay": 2,
    "cp_assessment_delay": 5,
    "cp_visits_missed": 3,
    "cp_new_concerns": 1,
    "cp_plan_timely": 19,
    "cp_report_3_days": 25,
    "cp_parents_saw_report": 18,
    "cp_good_preparation": 28,
    "cp_key_people": 30,
    "cp_outstanding_practice": 4,
    "cp_partnership": 19,
    "cp_good_relationship": 20,
    "cp_other": 2,
    "lac_visits_late": 14,
    "lac_sw_absent": 1,
    "lac_no_progress": 4,
    "lac_key_people_missing": 2,
    "lac_assessment_delay": 20,
    "lac_tasks_outstanding": 1,
    "lac_plan_delay": 2,
    "lac_contact_delay": 3,
    "lac_legal_delay": 1,
    "lac_risk_not_assessed": 2,
    "lac_health_needs": 1,
    "lac_poor_preparation": 1,
    "lac_other": 2,
    "lac_plan_timely": 49,
    "lac_tasks_done": 29,
    "lac_relationship": 40,
    "lac_contact_promoted": 43,
    "lac_good_preparation": 34,
    "lac_key_people": 47,
    "lac_plan_meets_needs": 47,
    "lac_outstanding_practice": 5,
    "lac_partnership": 35,
}

# Caseloads "at the time of writing" (the as-at date chosen for the demo).
AS_AT = "2016-06-30"
