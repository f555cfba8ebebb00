"""The unit's own records and the reference files: chairs, allocations, the conference
log, RAG forms and ticked items, comparators and the authority.

Conventions written down here (and in ``data/demo/README.md``):

* **Chairs** (the report's staffing at the time of writing, 30 June 2016): two full-time
  IROs, the part-time (30 hours) IRO post vacant since its holder left on 31 March 2016,
  two full-time ICCs, the part-time (20 hours) ICC on maternity leave from 30 April 2016.
  A chair on leave is recorded as out of post for the leave (her row ends the day before
  it starts; a return would be a new row), so her hours do not count. The agency chair
  who covers both posts has one row per role, with the hours of the post covered (30 as
  IRO, 20 as ICC): an agency chair counts like any chair, by the hours worked in the role.
  At 30 June 2016: IRO FTE (37 + 37 + 30) / 37 = 2.81, ICC FTE (37 + 37 + 20) / 37 = 2.54.
* **Allocations**: every period of care to an IRO, every child on a plan to an ICC,
  from the start to the last day (the day before the period or plan ended); when a chair
  leaves, the children pass to a chair in post the next day. At 30 June 2016: 267
  looked-after children (95.0 per IRO FTE) and 270 children on a plan (267 at 31 March
  and 3 whose initial conferences were in May and June 2016: 106.3 per ICC FTE).
* **RAG forms** (from November 2015): one per statutory review and per conference held,
  the items ticked on every form whatever its rating (docs/data-standards.md §0). March 2016 is
  built to the report's counts; in November to February the share rated red falls and
  the share rated green rises month by month (``RAG_TREND``), as the report describes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import codes
from . import targets as T
from .postcodes import AUTHORITY

DAY = pd.Timedelta(days=1)
RAG_START = pd.Timestamp("2015-11-01")
RAG_END = pd.Timestamp("2016-03-31")
# (red, green) shares of the forms of November 2015 to February 2016; March 2016 is the
# report's (conferences 9 and 19 of 34: 26% and 56%; reviews 28 and 28 of 67: 42% and 42%).
RAG_TREND = {
    "cp_conference": [(0.45, 0.28), (0.40, 0.35), (0.35, 0.42), (0.31, 0.49)],
    "lac_review": [(0.56, 0.20), (0.52, 0.26), (0.49, 0.31), (0.46, 0.36)],
}

# CHAIR_ID, ROLE, WEEKLY_HOURS, START_DATE, END_DATE
CHAIRS = [
    ("IRO-0", "IRO", 37.0, "2000-01-04", "2012-01-31"),
    ("IRO-1", "IRO", 37.0, "2007-01-08", None),
    ("IRO-2", "IRO", 37.0, "2010-09-06", None),
    ("IRO-3", "IRO", 30.0, "2012-02-01", "2016-03-31"),
    ("AGY-IRO", "IRO", 30.0, "2016-04-01", None),
    ("ICC-0", "ICC", 37.0, "2000-01-04", "2011-05-31"),
    ("ICC-1", "ICC", 37.0, "2009-03-02", None),
    ("ICC-2", "ICC", 37.0, "2011-06-01", None),
    ("ICC-3", "ICC", 20.0, "2013-09-02", "2016-04-29"),
    ("AGY-ICC", "ICC", 20.0, "2016-04-30", None),
]

# England figures: docs/data-standards.md §8. Only those in VERIFIED were checked against the
# publication's own text; the rest keep verified=false until someone checks them.
SFR_CLA = "DfE SFR 41/2016 Children looked after in England including adoption: 2015 to 2016"
SFR_CLA_15 = "DfE SFR 34/2015 Children looked after in England including adoption: 2014 to 2015"
SFR_CIN = "DfE SFR 52/2016 Characteristics of children in need: 2015 to 2016"
SFR_CIN_15 = "DfE SFR 41/2015 Characteristics of children in need: 2014 to 2015"
ILLUSTRATIVE = "illustrative: not a published statistical-neighbour figure (demo data)"
VERIFIED = {("lac_at_31_march", "2014-15", "England")}  # SFR 34/2015, page 1: "69,540 looked after children"
COMPARATORS = [
    ("lac_at_31_march", "2015-16", "England", 70440, SFR_CLA),
    ("lac_at_31_march", "2014-15", "England", 69540, SFR_CLA_15),
    ("lac_stability_3plus_pct", "2015-16", "England", 10, SFR_CLA),
    ("lac_stability_long_term_pct", "2015-16", "England", 68, SFR_CLA),
    ("cpp_at_31_march", "2015-16", "England", 50310, SFR_CIN),
    ("cpp_repeat_pct", "2015-16", "England", 17.9, SFR_CIN),
    ("cpp_repeat_pct", "2014-15", "England", 16.6, SFR_CIN_15),
    ("cpp_2yrs_ended_pct", "2015-16", "England", 3.7, SFR_CIN),
    ("icpc_within_15wd_pct", "2015-16", "England", 77, SFR_CIN),
    ("rcpc_in_time_pct", "2015-16", "England", 94, SFR_CIN),
    ("rcpc_in_time_pct", "2014-15", "England", 94.0, SFR_CIN_15),
    ("lac_stability_3plus_pct", "2015-16", "Statistical neighbours", 9.5, ILLUSTRATIVE),
    ("lac_stability_long_term_pct", "2015-16", "Statistical neighbours", 69, ILLUSTRATIVE),
    ("cpp_repeat_pct", "2015-16", "Statistical neighbours", 16.0, ILLUSTRATIVE),
    ("cpp_2yrs_ended_pct", "2015-16", "Statistical neighbours", 3.2, ILLUSTRATIVE),
    ("icpc_within_15wd_pct", "2015-16", "Statistical neighbours", 80, ILLUSTRATIVE),
    ("rcpc_in_time_pct", "2015-16", "Statistical neighbours", 95, ILLUSTRATIVE),
]


@dataclass
class UnitRecords:
    conferences: pd.DataFrame
    rag_forms: pd.DataFrame
    rag_items: pd.DataFrame
    chairs: pd.DataFrame
    allocations: pd.DataFrame
    comparators: pd.DataFrame
    authority: pd.DataFrame


def chairs_table() -> pd.DataFrame:
    table = pd.DataFrame(CHAIRS, columns=["CHAIR_ID", "ROLE", "WEEKLY_HOURS", "START_DATE", "END_DATE"])
    table["START_DATE"] = pd.to_datetime(table["START_DATE"])
    table["END_DATE"] = pd.to_datetime(table["END_DATE"])
    return table


def _in_post(chairs: pd.DataFrame, role: str, day: pd.Timestamp) -> pd.DataFrame:
    c = chairs[
        (chairs["ROLE"] == role)
        & (chairs["START_DATE"] <= day)
        & (chairs["END_DATE"].isna() | (chairs["END_DATE"] >= day))
    ]
    if c.empty:  # before the records of chairs begin: the longest-serving chair
        c = chairs[chairs["ROLE"] == role].nsmallest(1, "START_DATE")
    return c


def allocate(rng, chairs: pd.DataFrame, spells: pd.DataFrame, role: str) -> pd.DataFrame:
    """Allocation rows for spells (CHILD, FIRST, LAST with LAST NaT while open) of one role."""
    rows = []
    for s in spells.itertuples():
        day = s.FIRST
        while True:
            pool = _in_post(chairs, role, day)
            w = pool["WEEKLY_HOURS"].to_numpy(float)
            chair = pool.iloc[int(rng.choice(len(pool), p=w / w.sum()))]
            chair_end = chair["END_DATE"]
            last = s.LAST
            if pd.notna(chair_end) and (pd.isna(last) or chair_end < last):
                rows.append((s.CHILD, chair["CHAIR_ID"], day, chair_end))
                day = chair_end + DAY
                continue
            rows.append((s.CHILD, chair["CHAIR_ID"], day, last))
            break
    return pd.DataFrame(rows, columns=["CHILD", "CHAIR_ID", "START_DATE", "END_DATE"])


def chair_on(allocations: pd.DataFrame, children: pd.Series, dates: pd.Series) -> pd.Series:
    """The chair allocated to each child on each date (NA when none)."""
    a = allocations.rename(columns={"CHILD": "_C"})
    probe = pd.DataFrame({"_C": children.to_numpy(), "_D": dates.to_numpy(), "_I": np.arange(len(children))})
    m = probe.merge(a, on="_C", how="left")
    ok = (m["START_DATE"] <= m["_D"]) & (m["END_DATE"].isna() | (m["END_DATE"] >= m["_D"]))
    found = m[ok].drop_duplicates("_I").set_index("_I")["CHAIR_ID"]
    return pd.Series(found.reindex(np.arange(len(children))).to_numpy(), index=children.index)


def _rag(rng, meetings: pd.DataFrame, meeting_type: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Forms (one per meeting from November 2015) and ticked items; March 2016 to the report."""
    forms = meetings[meetings["MEETING_DATE"].between(RAG_START, RAG_END)].copy()
    forms["MEETING_TYPE"] = meeting_type
    month = forms["MEETING_DATE"].dt.to_period("M")
    march = (month == pd.Period("2016-03", "M")).to_numpy()
    ratings = np.empty(len(forms), dtype=object)
    n_march = int(march.sum())
    red, green = T.RAG_MARCH[meeting_type]["red"], T.RAG_MARCH[meeting_type]["green"]
    march_ratings = np.array(["red"] * red + ["green"] * green + ["amber"] * (n_march - red - green), dtype=object)
    ratings[march] = march_ratings[rng.permutation(n_march)]
    # November to February: each month's red and green shares (``RAG_TREND``) step towards
    # March's, so that red falls and green rises month by month ("fewer cases where there is
    # evidence of drift and delay ... an increasing number of cases being rag rated green")
    for m, (share_red, share_green) in zip(pd.period_range("2015-11", "2016-02", freq="M"), RAG_TREND[meeting_type]):
        here = np.flatnonzero((month == m).to_numpy())
        red_m, green_m = round(share_red * len(here)), round(share_green * len(here))
        month_ratings = np.array(
            ["red"] * red_m + ["green"] * green_m + ["amber"] * (len(here) - red_m - green_m), dtype=object
        )
        ratings[here] = month_ratings[rng.permutation(len(here))]
    forms["RATING"] = ratings
    items = [(k, kind) for k, (t, kind, _) in codes.RAG_ITEMS.items() if t == meeting_type]
    weight = {
        "red": {"red": 6.0, "amber": 2.0, "green": 0.2},
        "green": {"red": 1.0, "amber": 3.0, "green": 6.0},
        "other": {"red": 1.0, "amber": 1.0, "green": 1.0},
    }
    chance = {
        "red": {"red": 0.35, "amber": 0.12, "green": 0.02},
        "green": {"red": 0.15, "amber": 0.45, "green": 0.7},
        "other": {"red": 0.03, "amber": 0.03, "green": 0.03},
    }
    ticks = []
    form_ids = forms["FORM_ID"].to_numpy()
    march_idx = np.flatnonzero(march)
    for key, kind in items:
        n = T.RAG_ITEMS_MARCH[key]
        w = np.array([weight[kind][r] for r in ratings[march_idx]])
        chosen = rng.choice(march_idx, size=n, replace=False, p=w / w.sum())
        ticks += [(form_ids[i], key) for i in chosen]
        p = np.array([chance[kind][r] for r in ratings])
        hit = (rng.random(len(forms)) < p) & ~march
        ticks += [(form_ids[i], key) for i in np.flatnonzero(hit)]
    ticked = pd.DataFrame(ticks, columns=["FORM_ID", "ITEM"])
    return forms, ticked


def build_unit_records(
    rng: np.random.Generator,
    lac_periods: pd.DataFrame,
    lac_reviews: pd.DataFrame,
    cp_plans: pd.DataFrame,
    conferences: pd.DataFrame,
    next_id: int,
) -> UnitRecords:
    """Chairs, allocations, the conference log with chairs, RAG forms and items, references.

    ``next_id`` is the first child number not yet used (for the three children whose
    plans began after the year, before the as-at date).
    """
    chairs = chairs_table()
    # allocations: periods of care to IROs, children on plans to ICCs
    lac = pd.DataFrame({"CHILD": lac_periods["CHILD"], "FIRST": lac_periods["START"], "LAST": lac_periods["END"] - DAY})
    # three children whose initial conferences (plan) were held after the year, before 30 June 2016
    new_ids = [f"C{next_id + k:06d}" for k in range(3)]
    new_days = [pd.Timestamp("2016-05-12"), pd.Timestamp("2016-06-07"), pd.Timestamp("2016-06-21")]
    cp = pd.DataFrame(
        {
            "CHILD": list(cp_plans["LAchildID"]) + new_ids,
            "FIRST": list(cp_plans["START"]) + new_days,
            "LAST": list(cp_plans["END"] - DAY) + [pd.NaT] * 3,
        }
    )
    allocations = pd.concat([allocate(rng, chairs, lac, "IRO"), allocate(rng, chairs, cp, "ICC")], ignore_index=True)
    allocations = allocations.sort_values(["CHILD", "START_DATE", "CHAIR_ID"]).reset_index(drop=True)

    log = pd.concat(
        [
            conferences,
            pd.DataFrame({"LAchildID": new_ids, "MEETING_DATE": new_days, "OUTCOME": "plan", "TYPE": "ICPC"}),
        ],
        ignore_index=True,
    )
    log = log.sort_values(["MEETING_DATE", "TYPE", "LAchildID"], kind="stable").reset_index(drop=True)
    log["MEETING_ID"] = [f"M{i:06d}" for i in range(1, len(log) + 1)]
    chair = chair_on(allocations, log["LAchildID"], log["MEETING_DATE"])
    missing = chair.isna()
    if missing.any():  # no plan followed: the chair in post that day
        icc = chairs[chairs["ROLE"] == "ICC"]
        chair[missing] = [_in_post(icc, "ICC", d)["CHAIR_ID"].iloc[0] for d in log.loc[missing, "MEETING_DATE"]]
    log["CHAIR_ID"] = chair

    lac_meetings = pd.DataFrame({"CHILD": lac_reviews["CHILD"], "MEETING_DATE": lac_reviews["REVIEW"]})
    lac_meetings["CHAIR_ID"] = chair_on(allocations, lac_meetings["CHILD"], lac_meetings["MEETING_DATE"])
    cp_meetings = pd.DataFrame(
        {"CHILD": log["LAchildID"], "MEETING_DATE": log["MEETING_DATE"], "CHAIR_ID": log["CHAIR_ID"]}
    )
    cp_meetings = cp_meetings[log["MEETING_DATE"] <= RAG_END]
    frames, items = [], []
    for meeting_type, meetings in (("cp_conference", cp_meetings), ("lac_review", lac_meetings)):
        meetings = meetings[meetings["MEETING_DATE"].between(RAG_START, RAG_END)]
        meetings = meetings.sort_values(["MEETING_DATE", "CHILD"], kind="stable").reset_index(drop=True)
        prefix = "FC" if meeting_type == "cp_conference" else "FL"
        meetings["FORM_ID"] = [f"{prefix}{i:05d}" for i in range(1, len(meetings) + 1)]
        forms, ticked = _rag(rng, meetings, meeting_type)
        frames.append(forms)
        items.append(ticked)
    rag_forms = pd.concat(frames, ignore_index=True)
    rag_items = pd.concat(items, ignore_index=True).sort_values(["FORM_ID", "ITEM"]).reset_index(drop=True)

    comparators = pd.DataFrame(COMPARATORS, columns=["indicator", "year", "area", "value", "source"])
    comparators["value"] = comparators["value"].map(lambda v: f"{v:g}")
    keys = zip(comparators["indicator"], comparators["year"], comparators["area"])
    comparators["verified"] = ["true" if key in VERIFIED else "false" for key in keys]
    authority = pd.DataFrame({"la_code": [AUTHORITY], "la_name": ["Shropshire (synthetic)"]})
    chairs_out = chairs.assign(WEEKLY_HOURS=chairs["WEEKLY_HOURS"].map(lambda v: f"{v:g}"))
    return UnitRecords(
        conferences=log,
        rag_forms=rag_forms,
        rag_items=rag_items,
        chairs=chairs_out,
        allocations=allocations,
        comparators=comparators,
        authority=authority,
    )
