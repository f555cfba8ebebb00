"""Child protection by design: CIN census returns (section 47 enquiries, plans, reviews)
and the unit's conference log.

Construction:

1. Plans are grouped in classes fixed by the report: started in 2015-16 and open at
   31 March 2016 (180 children) or ended within the year (87); open at 31 March 2015
   and ended in 2015-16 (176), open at both year ends (83 started in 2014-15, and the 4
   children whose plans had lasted 2 years by March 2016); and plans of earlier years.
   Open at 31 March 2015: 176 + 83 + 4 = 263; at 31 March 2016: 180 + 83 + 4 = 267. Two
   of the 176 (class "g") had lasted 2 years when they ended. Earlier years' plans that
   would start in 2014-15 are kept up to ``PLANS_2014_15`` (about 300 plans a year).
2. Children come in sibling groups of 1 to 3 that share the enquiry, the initial
   conference and the plan dates. A review conference is held for the family and
   recorded once, against the eldest child on a plan (the quirk that makes 299 review
   conferences consistent with about 265 children on plans: docs/data-standards.md §0).
3. ICPC dates follow the monthly outcome table; every ICPC has a section 47 enquiry
   started 5 to 15 working days before (252 of 286) or 16 to 30 (34).
4. Review conferences are scheduled by ``schedule.schedule_reviews`` to the monthly
   totals of 2015-16 (3 late in April); a plan that ends between conferences is a
   plan ended by the core group before the next review fell due.
5. Year-end categories, ethnicity (one unborn child with none), the 4 long plans and
   the 30 repeat plans (12 within 2 years of the previous plan ending) are assigned; in
   2013-14 and 2014-15 about 15% of new plans are repeats (6-7% within 2 years).
6. ICPCs without a plan and changes of category: the report's table for 2015-16, about
   4% and 1% of the ICPCs of earlier years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..calendar import add_working_days, bank_holidays
from . import targets as T
from .schedule import schedule_reviews

DAY = pd.Timedelta(days=1)
Y13, Y14, Y15, Y16 = (
    pd.Timestamp("2013-04-01"),
    pd.Timestamp("2014-04-01"),
    pd.Timestamp("2015-04-01"),
    pd.Timestamp("2016-04-01"),
)
YEAR_END = pd.Timestamp("2016-03-31")
FIRST_RETURN = 2011  # census returns from 2011-12 to 2015-16
FAMILY_SIZES = ([1, 2, 3], [0.55, 0.3, 0.15])
CATEGORY_OTHER = ["NEG"] * 5 + ["EMO"] * 3 + ["PHY", "SAB"]
ETHNIC_OTHER = ["WBRI"] * 17 + ["WOTH", "MWBA", "MWAS"]
# Plans starting each month of 2015-16 that end within the year (87 of the 267).
ENDING_IN_YEAR = [4, 21, 13, 8, 6, 6, 5, 4, 13, 5, 2, 0]
REFERRAL_SOURCES = ["1A", "2A", "2B", "3A", "3B", "5A", "5B", "5C", "6", "8"]
# Earlier years (not printed in the 2015-16 report, but the 2014-15 report built from the
# same data compares with them). Plans of earlier years ("a") that would start in
# 2014-15 are kept only up to this many plans starting in 2014-15 (with the repeat
# children's earlier plans a few more): 263 children were on a plan at 31 March 2015 and
# plans last about a year, so about 300 plans a year start (267 in 2015-16).
PLANS_2014_15 = 296
# ICPCs of earlier years that did not lead to a plan (about 4%), and changes of category
# at an ICPC held for a child already on a plan, by the year's first calendar year.
EARLIER_NO_PLAN = {2011: 10, 2012: 9, 2013: 12, 2014: 12}
EARLIER_CHANGE_OF_CATEGORY = {2011: 2, 2012: 3, 2013: 3, 2014: 4}
# Repeat plans among the 2014-15 (and 2013-14) starters: any previous plan, and within 2 years of the
# previous plan ending (shares of the plans starting; the report: repeat plans "have
# seen a decrease since 2014/2015", 11.2% and 4.5% in 2015-16).
REPEAT_2014_15 = (0.15, 0.06)
REPEAT_2013_14 = (0.16, 0.07)
FIRST_PLAN_END = pd.Timestamp("2011-11-01")  # earliest end of an earlier plan in the data (from June 2011)
# Plans open at 31 March 2015 that had lasted 2 years when they ended in 2015-16
# (the "% Deregistered CPP 2yrs+" line of the report's chart is above 0): class "g",
# started in April and July 2013 and ended 2 to 4 weeks after 2 years (May and August
# 2015, when many plans end, so that the monthly share of ended plans stays low).
LONG_ENDED = (("g", 1, "2013-04-18", "2013-04-30"), ("g", 1, "2013-07-22", "2013-07-31"))
N_LONG_ENDED = len(LONG_ENDED)


@dataclass
class ChildProtection:
    children: pd.DataFrame  # LAchildID, DOB, EXPECTED_DOB, SEX, ETHNIC, DEATH
    plans: pd.DataFrame  # LAchildID, PLAN, FAMILY, LEAD, START, END, INITIAL, LATEST, PREVIOUS, CLASS
    reviews: pd.DataFrame  # LAchildID, PLAN, DATE
    section47: pd.DataFrame  # LAchildID, S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC, ICPCnotRequired
    cin: pd.DataFrame  # LAchildID, CINreferralDate, CINclosureDate, ReasonForClosure, ReferralSource, PrimaryNeedCode
    conferences: pd.DataFrame  # LAchildID, TYPE, MEETING_DATE, OUTCOME
    shortfalls: list


def _day(rng, lo: pd.Timestamp, hi: pd.Timestamp) -> pd.Timestamp:
    span = (hi - lo).days
    return lo + pd.Timedelta(days=int(rng.integers(0, span + 1))) if span > 0 else lo


def _workday(rng, lo: pd.Timestamp, hi: pd.Timestamp) -> pd.Timestamp:
    """A working day (Monday to Friday, not an England bank holiday) from lo to hi."""
    days = pd.bdate_range(lo, hi)
    hols = set(pd.DatetimeIndex(bank_holidays(lo.year - 1, hi.year + 1)))
    days = [d for d in days if d not in hols]
    return days[int(rng.integers(0, len(days)))]


def _minus_working_days(date: pd.Timestamp, n: int) -> pd.Timestamp:
    hols = bank_holidays(date.year - 1, date.year + 1)
    return pd.Timestamp(np.busday_offset(np.datetime64(date.date()), -n, roll="forward", holidays=hols))


def _families(rng, n: int) -> list[int]:
    """Sizes of sibling groups adding up to ``n`` children."""
    sizes = []
    while sum(sizes) < n:
        size = int(rng.choice(FAMILY_SIZES[0], p=FAMILY_SIZES[1]))
        sizes.append(min(size, n - sum(sizes)))
    return sizes


def _month_days(rng, month: pd.Period, n: int) -> list[pd.Timestamp]:
    return sorted(_workday(rng, month.start_time.normalize(), month.end_time.normalize()) for _ in range(n))


def _plan_groups(rng) -> list[dict]:
    """Family plans: dicts with size, start, end (NaT open), cls, flex, floor."""
    groups: list[dict] = []
    months = pd.period_range("2015-04", periods=12, freq="M")
    # 2015-16 starters: 87 plans end within the year. Many are May and December plans: the
    # first reviews of those would fall in August and March, the quiet months of the table.
    by_month: dict[tuple, int] = {}
    for m, n, ending in zip(months, T.ICPC_PLAN, ENDING_IN_YEAR):
        by_month[(m, "e")] = ending
        by_month[(m, "f")] = n - ending
    for (m, cls), n in sorted(by_month.items()):
        sizes = _families(rng, n)
        for size, day in zip(sizes, _month_days(rng, m, len(sizes))):
            groups.append(dict(size=size, start=day, cls=cls))
    # 2014-15 and earlier starters open at 31 March 2015
    for cls, n, lo, hi in (("b", 176 - N_LONG_ENDED, pd.Timestamp("2013-10-01"), Y15 - DAY), ("c", 83, Y14, Y15 - DAY)):
        for size in _families(rng, n):
            groups.append(dict(size=size, start=_workday(rng, lo, hi), cls=cls))
    # the 4 on a plan for 2 years at 31 March 2016 (2 years reached in Oct-Nov 2015,
    # Dec 2015-Jan 2016 and March 2016: "March 2016 saw a slight increase"), and the
    # long plans that ended in 2015-16 after 2 years
    for cls, size, lo, hi in (
        ("d", 2, "2013-10-01", "2013-11-30"),
        ("d", 1, "2013-12-01", "2014-01-31"),
        ("d", 1, "2014-03-03", "2014-03-14"),
    ) + LONG_ENDED:
        groups.append(dict(size=size, start=_workday(rng, pd.Timestamp(lo), pd.Timestamp(hi)), cls=cls))
    # plans of earlier years (ended before 31 March 2015)
    earlier = []
    for _ in range(560):
        start = _workday(rng, pd.Timestamp("2011-04-01"), pd.Timestamp("2015-01-31"))
        earlier.append(dict(size=int(rng.choice(FAMILY_SIZES[0], p=FAMILY_SIZES[1])), start=start, cls="a"))
    # of those starting in 2014-15, only enough for PLANS_2014_15 plans that year
    room = PLANS_2014_15 - sum(g["size"] for g in groups if Y14 <= g["start"] < Y15)
    for i in rng.permutation(len(earlier)):
        g = earlier[int(i)]
        if g["start"] < Y14 or g["size"] <= room:
            groups.append(g)
            room -= g["size"] if g["start"] >= Y14 else 0
    for g in groups:
        cls, start = g["cls"], g["start"]
        if cls == "e":
            g["end"] = _day(rng, start + 30 * DAY, min(start + 300 * DAY, YEAR_END - DAY))
        elif cls == "b":
            g["end"] = _day(rng, max(Y15 + DAY, start + 120 * DAY), min(start + 700 * DAY, YEAR_END - DAY))
        elif cls == "a":
            g["end"] = start + pd.Timedelta(
                days=int(rng.choice([80, 200, 300, 420, 560], p=[0.15, 0.3, 0.3, 0.15, 0.1]) * rng.uniform(0.7, 1.3))
            )
            if g["end"] >= Y15 - DAY:
                g["end"] = _day(rng, start + 60 * DAY, Y15 - 2 * DAY)
        elif cls == "g":  # ended in 2015-16, 2 years and some weeks after it started
            two_years = start + pd.DateOffset(months=24)
            g["end"] = _day(rng, two_years + 14 * DAY, two_years + 28 * DAY)
        else:
            g["end"] = pd.NaT
        g["flex"] = cls in ("a", "b", "e")
        g["floor"] = {"b": Y15 + DAY, "e": start + 14 * DAY, "a": start + 14 * DAY}.get(cls, pd.NaT)
    return groups


def _repeat_groups(
    rng, groups: list[dict], classes: tuple[str, ...], year_start: pd.Timestamp, n_any: int, n_within: int
) -> list[dict]:
    """Earlier plans for ``n_any`` singleton plans of ``classes`` starting in the year from
    ``year_start``, spread through the year (marked ``previous``): ``n_within`` of them
    ended within 2 years before the new plan started (and at least 60 days before), the
    others more than 2 years before.
    Each earlier plan is a group of its own (class "a") pointing at the later one (``later``);
    when an earlier plan more than 2 years before would end before ``FIRST_PLAN_END``, it
    predates the data and only the later plan's ``NumberOfPreviousCPP`` shows it."""
    year_end = year_start + pd.DateOffset(years=1)
    single = sorted(
        (
            i
            for i, g in enumerate(groups)
            if g["cls"] in classes and g["size"] == 1 and year_start <= g["start"] < year_end
        ),
        key=lambda i: groups[i]["start"],
    )
    # spread through the year in step with all the plans starting (the first single plan on
    # or after every (N / n)-th start, from a drawn offset), so that the cumulative monthly
    # percentage stays about level; then in drawn order
    starts = sorted(
        g["start"]
        for g in groups
        if g["cls"] in classes and year_start <= g["start"] < year_end
        for _ in range(g["size"])
    )
    offset = rng.random()
    chosen: list[int] = []
    for k in range(n_any):
        due = starts[int((k + offset) * len(starts) / n_any)]
        unused = [i for i in single if i not in chosen]
        chosen.append(next((i for i in unused if groups[i]["start"] >= due), unused[-1]))
    chosen = [chosen[int(i)] for i in rng.permutation(n_any)]
    earlier = []
    for n, i in enumerate(chosen):
        g = groups[i]
        g["previous"] = 1
        if n < n_within:
            lo_end = max(g["start"] - pd.DateOffset(months=24) + 20 * DAY, FIRST_PLAN_END)
            end = _day(rng, lo_end, min(g["start"] - 60 * DAY, Y15 - 2 * DAY))
            floor = lo_end
        else:
            lo_end = max(FIRST_PLAN_END, g["start"] - pd.DateOffset(years=4))
            hi_end = g["start"] - pd.DateOffset(months=24) - 20 * DAY
            if hi_end < lo_end:  # the earlier plan predates the data: NumberOfPreviousCPP only
                continue
            end = _day(rng, lo_end, hi_end)
            floor = pd.Timestamp("2011-06-01") + 200 * DAY
        start = _workday(rng, max(pd.Timestamp("2011-06-01"), end - 500 * DAY), end - 150 * DAY)
        earlier.append(dict(size=1, start=start, end=end, cls="a", flex=True, floor=max(floor, start + DAY), later=i))
    return earlier


def build_child_protection(rng: np.random.Generator, first_id: int) -> ChildProtection:
    """The CIN census content and conference log of the demo authority."""
    groups = _plan_groups(rng)
    groups.sort(key=lambda g: (g["start"], g["cls"], g["size"]))
    # repeats: 30 singleton 2015-16 starters had an earlier plan (12 ending within 2 years);
    # in 2014-15 about 15% (6% within 2 years) of the plans starting
    earlier_groups = _repeat_groups(rng, groups, ("e", "f"), Y15, T.CPP_REPEAT_ANY, T.CPP_REPEAT_WITHIN_2_YEARS)
    started_14 = sum(g["size"] for g in groups if Y14 <= g["start"] < Y15)
    earlier_groups += _repeat_groups(
        rng, groups, ("a", "b", "c"), Y14, round(REPEAT_2014_15[0] * started_14), round(REPEAT_2014_15[1] * started_14)
    )
    started_13 = sum(g["size"] for g in groups if Y13 <= g["start"] < Y14)
    earlier_groups += _repeat_groups(
        rng, groups, ("a", "b", "d"), Y13, round(REPEAT_2013_14[0] * started_13), round(REPEAT_2013_14[1] * started_13)
    )
    all_groups = groups + earlier_groups

    # review conferences of each family (one spell per family)
    spells = pd.DataFrame(
        {
            "SPELL": np.arange(len(all_groups)),
            "START": [g["start"] for g in all_groups],
            "END": pd.to_datetime([g["end"] for g in all_groups]),
            "FLEX": [g["flex"] for g in all_groups],
            "END_FLOOR": pd.to_datetime([g["floor"] for g in all_groups]),
        }
    )
    spells["FIRST_DUE"] = spells["START"] + pd.DateOffset(months=3)
    targets = {m: (t, t - i) for m, t, i in zip(T.MONTHS_2015_16, T.RCPC_TOTAL, T.RCPC_IN_TIME)}
    sched = schedule_reviews(spells, targets, "2011-04", "2016-03", second_months=6, later_months=6, rng=rng)
    for g, end in zip(all_groups, sched.ends.to_numpy()):
        g["end"] = pd.Timestamp(end) if not pd.isna(end) else pd.NaT

    # children: one per family member; the repeat children are the same child twice
    plan_rows = []
    next_id = first_id
    group_child: dict[int, list[str]] = {}
    for gi, g in enumerate(all_groups):
        if "later" in g:
            continue
        ids = [f"C{next_id + k:06d}" for k in range(g["size"])]
        next_id += g["size"]
        group_child[gi] = ids
    for gi, g in enumerate(earlier_groups, start=len(groups)):
        group_child[gi] = group_child[g["later"]]
    # dates of birth: the eldest's age at the family's first plan, siblings 1-3 years apart;
    # nobody may reach 17 while on a plan
    first_start: dict[str, pd.Timestamp] = {}
    last_day: dict[str, pd.Timestamp] = {}
    for gi, g in enumerate(all_groups):
        lead = group_child[gi][0]
        first_start[lead] = min(first_start.get(lead, g["start"]), g["start"])
        stop = g["end"] if pd.notna(g["end"]) else pd.Timestamp(T.AS_AT)
        last_day[lead] = max(last_day.get(lead, stop), stop)
    dob = {}
    for gi, g in enumerate(all_groups):
        if "later" in g:
            continue
        ids = group_child[gi]
        start = first_start[ids[0]]
        oldest = max(0, min(15, int(16.5 - (last_day[ids[0]] - start).days / 365.25)))
        ages = np.arange(1 if len(ids) > 1 else 0, max(oldest, 1) + 1)
        p = _AGE_P[ages] / _AGE_P[ages].sum()
        eldest_age = int(rng.choice(ages, p=p))
        born = start - pd.Timedelta(days=int(eldest_age * 365.25 + rng.integers(0, 300)))
        for k, child in enumerate(ids):
            dob[child] = min(born + pd.Timedelta(days=int(k * rng.integers(400, 1100))), start - 10 * DAY)
    # year-end attributes of the children on a plan at 31 March 2016
    open_groups = [gi for gi, g in enumerate(all_groups) if pd.isna(g["end"])]
    open_children = [c for gi in open_groups for c in group_child[gi]]
    assert len(open_children) == T.CPP_AT_31_MARCH["2016-03-31"], len(open_children)
    latest = [c for c, n in T.CPP_CATEGORY.items() for _ in range(n)]
    latest = [latest[i] for i in rng.permutation(len(latest))]
    latest_of = dict(zip(open_children, latest))
    ethnic = [c for c, n in T.CPP_ETHNICITY.items() for _ in range(n)]
    ethnic = [ethnic[i] for i in rng.permutation(len(ethnic))]
    # the unborn child: a singleton family whose plan started before birth (pre-birth conference)
    unborn_group = next(
        gi
        for gi in open_groups
        if all_groups[gi]["size"] == 1
        and all_groups[gi]["cls"] == "f"
        and all_groups[gi]["start"] >= pd.Timestamp("2016-01-01")
        and "previous" not in all_groups[gi]
    )
    unborn = group_child[unborn_group][0]
    ethnic_of = dict(zip([c for c in open_children if c != unborn], ethnic))

    for gi, g in enumerate(all_groups):
        for k, child in enumerate(group_child[gi]):
            category = latest_of.get(child) if pd.isna(g["end"]) else CATEGORY_OTHER[int(rng.integers(0, 10))]
            plan_rows.append(
                dict(
                    LAchildID=child,
                    FAMILY=gi,
                    LEAD=k == 0,
                    START=g["start"],
                    END=g["end"],
                    INITIAL=category,
                    LATEST=category,
                    PREVIOUS=g.get("previous", 0),
                    CLASS=g["cls"],
                )
            )
    plans = pd.DataFrame(plan_rows)
    # plans lasting 2 years: the four class d children are the only ones (checked by the back test)

    # change of category at an ICPC (October 2015: 4, January 2016: 3), children on open plans
    change_icpcs = []
    for month, n in (("2015-10", 4), ("2016-01", 3)):
        m = pd.Period(month, "M")
        pool = plans.index[
            plans["END"].isna()
            & (plans["START"] < m.start_time - pd.Timedelta(days=90))
            & (plans["LAchildID"] != unborn)
        ]
        pool = [i for i in pool if i not in {c[0] for c in change_icpcs}]
        for i in [pool[int(j)] for j in rng.choice(len(pool), size=n, replace=False)]:
            change_icpcs.append((i, _workday(rng, m.start_time.normalize(), m.end_time.normalize())))
            before = [c for c in ("NEG", "EMO", "PHY", "SAB") if c != plans.at[i, "LATEST"]]
            plans.at[i, "INITIAL"] = before[int(rng.integers(0, len(before)))]
    # and in earlier years: children on a plan that ended later (one plan only), the
    # conference some months into the plan and at least a month before its end
    n_plans = plans.groupby("LAchildID")["START"].transform("size")
    for first_year, n in EARLIER_CHANGE_OF_CATEGORY.items():
        lo, hi = max(pd.Timestamp(first_year, 4, 1), pd.Timestamp("2011-09-01")), pd.Timestamp(first_year + 1, 3, 31)
        for _ in range(n):
            day = _workday(rng, lo, hi)
            pool = plans.index[
                plans["END"].notna()
                & (plans["START"] < day - pd.Timedelta(days=90))
                & (plans["END"] > day + pd.Timedelta(days=30))
                & n_plans.eq(1)
            ]
            pool = [i for i in pool if i not in {c[0] for c in change_icpcs}]
            i = pool[int(rng.integers(0, len(pool)))]
            change_icpcs.append((i, day))
            before = [c for c in ("NEG", "EMO", "PHY", "SAB") if c != plans.at[i, "LATEST"]]
            plans.at[i, "INITIAL"] = before[int(rng.integers(0, len(before)))]

    # children records
    kids = []
    for child in plans["LAchildID"].unique():
        if child == unborn:
            start = plans.loc[plans["LAchildID"] == child, "START"].iloc[0]
            kids.append(
                dict(
                    LAchildID=child,
                    DOB=pd.NaT,
                    EXPECTED_DOB=start + pd.Timedelta(days=int(rng.integers(70, 120))),
                    SEX="0",
                    ETHNIC=None,
                )
            )
            continue
        e = ethnic_of.get(child, ETHNIC_OTHER[int(rng.integers(0, len(ETHNIC_OTHER)))])
        kids.append(
            dict(LAchildID=child, DOB=dob[child], EXPECTED_DOB=pd.NaT, SEX=str(int(rng.integers(1, 3))), ETHNIC=e)
        )

    # ICPCs: plan starts (per child), no plan, child died, change of category
    icpc = [dict(LAchildID=r.LAchildID, DATE=r.START, OUTCOME="plan", FAMILY=r.FAMILY) for r in plans.itertuples()]
    extra_kids = []
    months = pd.period_range("2015-04", periods=12, freq="M")
    earlier_months = pd.period_range("2011-04", "2015-03", freq="M")
    earlier_no_plan = [0] * len(earlier_months)
    for first_year, n in EARLIER_NO_PLAN.items():
        for k in rng.choice(12, size=n):
            earlier_no_plan[(first_year - 2011) * 12 + int(k)] += 1
    for outcome, month_list, counts in (
        ("no_plan", earlier_months, earlier_no_plan),
        ("no_plan", months, T.ICPC_NO_PLAN),
        ("child_died", months, T.ICPC_CHILD_DIED),
    ):
        for m, n in zip(month_list, counts):
            for _ in range(n):
                child = f"C{next_id:06d}"
                next_id += 1
                date = _workday(rng, m.start_time.normalize(), m.end_time.normalize())
                age = int(rng.choice(np.arange(0, 16), p=_AGE_P))
                born = date - pd.Timedelta(days=int(age * 365.25 + rng.integers(30, 360)))
                extra_kids.append(
                    dict(
                        LAchildID=child,
                        DOB=born,
                        EXPECTED_DOB=pd.NaT,
                        SEX=str(int(rng.integers(1, 3))),
                        ETHNIC="WBRI",
                        DEATH=date - 4 * DAY if outcome == "child_died" else pd.NaT,
                    )
                )
                icpc.append(dict(LAchildID=child, DATE=date, OUTCOME=outcome, FAMILY=-1))
    for i, date in change_icpcs:
        icpc.append(dict(LAchildID=plans.at[i, "LAchildID"], DATE=date, OUTCOME="change_of_category", FAMILY=-2))
    icpc = pd.DataFrame(icpc)
    # section 47 enquiries: one per ICPC, shared by a family's children
    in_year = icpc["DATE"].between(Y15, YEAR_END)
    late_n = 286 - T.ICPC_WITHIN_15WD
    keys = icpc.loc[in_year].groupby(["FAMILY", "DATE"], sort=True).size()
    keys = keys[[f >= 0 for f, _ in keys.index]]
    singles = icpc.loc[in_year & (icpc["FAMILY"] < 0)].index.tolist()
    late_keys, late_count = set(), 0
    for key in [keys.index[i] for i in rng.permutation(len(keys))]:
        if late_count + keys[key] <= late_n - 6:
            late_keys.add(key)
            late_count += keys[key]
    late_singles = set([singles[int(i)] for i in rng.choice(len(singles), size=late_n - late_count, replace=False)])
    s47_days = {}
    for idx, r in icpc.iterrows():
        key = (r.FAMILY, r.DATE)
        if Y15 <= r.DATE <= YEAR_END:
            late = (key in late_keys) if r.FAMILY >= 0 else (idx in late_singles)
        else:  # other years: about one conference in ten late
            late = bool(rng.random() < 0.1)
        if r.FAMILY >= 0 and key in s47_days:
            continue
        w = int(rng.integers(16, 31)) if late else int(rng.integers(5, 16))
        if r.FAMILY >= 0:
            s47_days[key] = w
        else:
            s47_days[("single", idx)] = w
    s47_rows = []
    for idx, r in icpc.iterrows():
        w = s47_days[(r.FAMILY, r.DATE)] if r.FAMILY >= 0 else s47_days[("single", idx)]
        start = _minus_working_days(r.DATE, w)
        s47_rows.append(
            dict(LAchildID=r.LAchildID, S47ActualStartDate=start, DateOfInitialCPC=r.DATE, ICPCnotRequired="false")
        )
    # enquiries that found no conference was needed (about 70 a year)
    for _ in range(350):
        date = _workday(rng, pd.Timestamp("2011-05-01"), YEAR_END - 20 * DAY)
        child = f"C{next_id:06d}"
        next_id += 1
        age = int(rng.choice(np.arange(0, 16), p=_AGE_P))
        extra_kids.append(
            dict(
                LAchildID=child,
                DOB=date - pd.Timedelta(days=int(age * 365.25 + rng.integers(30, 360))),
                EXPECTED_DOB=pd.NaT,
                SEX=str(int(rng.integers(1, 3))),
                ETHNIC=ETHNIC_OTHER[int(rng.integers(0, len(ETHNIC_OTHER)))],
                DEATH=pd.NaT,
            )
        )
        s47_rows.append(dict(LAchildID=child, S47ActualStartDate=date, DateOfInitialCPC=pd.NaT, ICPCnotRequired="true"))
    section47 = pd.DataFrame(s47_rows)
    section47["InitialCPCtarget"] = add_working_days(section47["S47ActualStartDate"], 15)
    children = pd.DataFrame(kids + extra_kids)
    if "DEATH" not in children:
        children["DEATH"] = pd.NaT
    # reviews: the scheduled family reviews, recorded against the lead child's plan
    reviews = sched.reviews.merge(
        plans.loc[plans["LEAD"], ["FAMILY", "LAchildID", "START"]].rename(columns={"FAMILY": "SPELL"}), on="SPELL"
    )
    reviews = reviews[["LAchildID", "START", "DATE"]].sort_values(["LAchildID", "DATE"]).reset_index(drop=True)
    # conference log: every ICPC per child, every review per family (lead child)
    conferences = pd.concat(
        [
            icpc[["LAchildID", "DATE", "OUTCOME"]].assign(TYPE="ICPC"),
            reviews[["LAchildID", "DATE"]].assign(TYPE="RCPC", OUTCOME=None),
        ],
        ignore_index=True,
    ).rename(columns={"DATE": "MEETING_DATE"})
    # CIN episodes: referral before the enquiry, closure some months after the plan or ICPC
    died = set(icpc.loc[icpc["OUTCOME"] == "child_died", "LAchildID"])
    cin, section47 = _cin_episodes(rng, plans, section47, died)
    return ChildProtection(
        children=children,
        plans=plans,
        reviews=reviews,
        section47=section47,
        cin=cin,
        conferences=conferences,
        shortfalls=sched.shortfalls,
    )


_AGE_P = np.array([16, 10, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 2, 1], dtype=float)
_AGE_P = _AGE_P / _AGE_P.sum()


def _cin_episodes(
    rng, plans: pd.DataFrame, section47: pd.DataFrame, died: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """CIN episodes (referral to closure) and the enquiries with their episode's referral date.

    An enquiry that led to a plan opens an episode that closes 2 to 6 months after the plan
    ends; an enquiry during a plan belongs to the plan's episode; any other enquiry opens
    its own episode (closed after the conference, or after the enquiry when none was needed).
    """
    s47 = section47.sort_values(["LAchildID", "S47ActualStartDate"], kind="stable").reset_index(drop=True)
    spans = plans[["LAchildID", "START", "END"]]
    by_child = {c: g for c, g in spans.groupby("LAchildID")}
    rows, link = [], []
    plan_episode: dict[tuple, pd.Timestamp] = {}
    for r in s47.itertuples():
        child_plans = by_child.get(r.LAchildID)
        icpc = r.DateOfInitialCPC
        starts_plan = child_plans is not None and pd.notna(icpc) and (child_plans["START"] == icpc).any()
        if not starts_plan and child_plans is not None:
            inside = child_plans[
                (child_plans["START"] < r.S47ActualStartDate)
                & (child_plans["END"].isna() | (child_plans["END"] > r.S47ActualStartDate))
            ]
            if len(inside):
                link.append(plan_episode[(r.LAchildID, inside["START"].iloc[0])])
                continue
        referral = r.S47ActualStartDate - pd.Timedelta(days=int(rng.integers(0, 15)))
        if starts_plan:
            end = child_plans.loc[child_plans["START"] == icpc, "END"].iloc[0]
            closure = end + pd.Timedelta(days=int(rng.integers(60, 200))) if pd.notna(end) else pd.NaT
            plan_episode[(r.LAchildID, icpc)] = referral
            reason = "RC7"
        elif pd.notna(icpc):
            closure = icpc + pd.Timedelta(days=int(rng.integers(60, 200)))
            reason = "RC2" if r.LAchildID in died else "RC7"
        else:
            closure = r.S47ActualStartDate + pd.Timedelta(days=int(rng.integers(20, 90)))
            reason = "RC8"
        link.append(referral)
        rows.append(
            dict(
                LAchildID=r.LAchildID,
                CINreferralDate=referral,
                CINclosureDate=closure,
                ReasonForClosure=reason if pd.notna(closure) else None,
                ReferralSource=REFERRAL_SOURCES[int(rng.integers(0, len(REFERRAL_SOURCES)))],
                PrimaryNeedCode="N1",
            )
        )
    s47["CINreferralDate"] = link
    return pd.DataFrame(rows), s47


def census_returns(cp: ChildProtection, first: int = FIRST_RETURN, last: int = 2015) -> dict[int, list[dict]]:
    """The content of each year's census return (``writers.cin_return`` input), by year start.

    A return holds the children with a CIN episode open at some time in its year, as it
    was known at its reference date (31 March): later closures, plan ends, conference
    dates and reviews are not yet in it; a plan open across 31 March is in both returns.
    """
    kids = {r.LAchildID: r for r in cp.children.itertuples()}
    episode_of_plan = {}
    for r in cp.section47.dropna(subset=["DateOfInitialCPC"]).itertuples():
        episode_of_plan.setdefault((r.LAchildID, r.DateOfInitialCPC), r.CINreferralDate)
    s47_of: dict[tuple, list] = {}
    for r in cp.section47.sort_values(["LAchildID", "S47ActualStartDate"], kind="stable").itertuples():
        s47_of.setdefault((r.LAchildID, r.CINreferralDate), []).append(r)
    plans_of: dict[tuple, list] = {}
    for p in cp.plans.sort_values(["LAchildID", "START"], kind="stable").itertuples():
        plans_of.setdefault((p.LAchildID, episode_of_plan.get((p.LAchildID, p.START))), []).append(p)
    reviews_of: dict[tuple, list] = {}
    for r in cp.reviews.itertuples():
        reviews_of.setdefault((r.LAchildID, r.START), []).append(r.DATE)
    changed = dict(
        zip(
            cp.conferences.loc[cp.conferences["OUTCOME"] == "change_of_category", "LAchildID"],
            cp.conferences.loc[cp.conferences["OUTCOME"] == "change_of_category", "MEETING_DATE"],
        )
    )
    cin = cp.cin.sort_values(["LAchildID", "CINreferralDate"], kind="stable")

    def shown(date, ref):
        return date if pd.notna(date) and date <= ref else None

    out = {}
    for year in range(first, last + 1):
        start, ref = pd.Timestamp(year, 4, 1), pd.Timestamp(year + 1, 3, 31)
        open_in_year = cin["CINclosureDate"].isna() | (cin["CINclosureDate"] >= start)
        episodes = cin[(cin["CINreferralDate"] <= ref) & open_in_year]
        children = []
        for child, eps in episodes.groupby("LAchildID", sort=True):
            k = kids[child]
            ids = [
                ("LAchildID", child),
                ("UPN", None),
                ("PersonBirthDate", shown(k.DOB, ref)),
                ("ExpectedPersonBirthDate", k.EXPECTED_DOB if pd.isna(k.DOB) else None),
                ("GenderCurrent", k.SEX),
                ("PersonDeathDate", shown(k.DEATH, ref)),
            ]
            details = []
            for e in eps.itertuples():
                closed = pd.notna(e.CINclosureDate) and e.CINclosureDate <= ref
                enquiries = []
                for r in s47_of.get((child, e.CINreferralDate), []):
                    s47_end = r.DateOfInitialCPC if pd.notna(r.DateOfInitialCPC) else r.S47ActualStartDate
                    if r.S47ActualStartDate <= ref and s47_end >= start:
                        enquiries.append(
                            dict(
                                S47ActualStartDate=r.S47ActualStartDate,
                                InitialCPCtarget=r.InitialCPCtarget,
                                DateOfInitialCPC=shown(r.DateOfInitialCPC, ref),
                                ICPCnotRequired=r.ICPCnotRequired,
                            )
                        )
                plan_list = []
                for p in plans_of.get((child, e.CINreferralDate), []):
                    if p.START > ref or (pd.notna(p.END) and p.END < start):
                        continue
                    reviews = [d for d in reviews_of.get((child, p.START), []) if start <= d <= ref]
                    latest = p.INITIAL if child in changed and changed[child] > ref else p.LATEST
                    plan_list.append(
                        dict(
                            CPPstartDate=p.START,
                            CPPendDate=shown(p.END, ref),
                            InitialCategoryOfAbuse=p.INITIAL,
                            LatestCategoryOfAbuse=latest,
                            NumberOfPreviousCPP=str(int(p.PREVIOUS)),
                            reviews=sorted(reviews),
                        )
                    )
                details.append(
                    dict(
                        CINreferralDate=e.CINreferralDate,
                        ReferralSource=e.ReferralSource,
                        PrimaryNeedCode=e.PrimaryNeedCode,
                        CINclosureDate=e.CINclosureDate if closed else None,
                        ReasonForClosure=e.ReasonForClosure if closed else None,
                        ReferralNFA="false",
                        section47=enquiries,
                        plans=plan_list,
                    )
                )
            children.append(dict(ids=ids, ethnicity=k.ETHNIC if isinstance(k.ETHNIC, str) else None, details=details))
        out[year] = children
    return out
