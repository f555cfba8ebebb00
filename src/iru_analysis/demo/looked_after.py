"""Looked-after children by design: the SSDA903 header, episodes and reviews.

Construction (each step fixes what the model report prints, then details are drawn
from the seeded generator):

1. 2015-16 starters (83): start month (monthly starts chosen so that starts minus
   leavers gives the month-end series), age band, distance class; 12 of them leave again
   within the year (short stays), the other 71 are looked after at 31 March 2016.
2. 2015-16 leavers (110): cease month, age band and reason (``targets.CEASED_AGE_REASON``);
   98 come from the 310 looked after at 31 March 2015. A young person leaves at the
   latest the day before their 18th birthday: the 33 of the 310 who turn 18 in the
   year leave on that day (E17 staying put, E5, E7).
3. The 283 at 31 March 2016: ethnicity and placement group (``targets``), an age that
   fits the placement, and a start before the year (212) or in it (71); most of the
   under-16s already looked after before April 2014 since before October 2013.
4. 2014-15: 116 of the 310 started in 2014-15; 20 more started and left within it and
   74 of those looked after at 31 March 2014 left in it (136 started, 94 ceased).
5. Earlier history: periods of care from 2006 that ended before April 2014, and the
   earlier starts of those still looked after, so that review histories reach back.
6. After the year: those who turn 18 by 30 June 2016 leave, and a few more, so that 267
   children are looked after (and allocated to an IRO) at the as-at date.
7. Placement moves by design (``_design_moves``): some children looked after at each
   31 March move two or three times in the year before it (3 or more placements, NI 62);
   the long-term cohorts (NI 63) are settled but for a designed share who moved in the
   year before each 31 March, so that long-term stability improves year on year and
   short-term stability declines in 2015-16 (the report's words).
8. Each period becomes a chain of episodes (X1 links, legal status changes, the designed
   moves) ending in the placement and legal status its role needs.
9. Reviews are scheduled by ``schedule.schedule_reviews`` to the monthly targets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..calendar import add_working_days
from . import targets as T
from .postcodes import distance_matrix, postcode_table
from .schedule import schedule_reviews

Y15 = pd.Timestamp("2015-04-01")
Y16 = pd.Timestamp("2016-04-01")
YEAR_END = pd.Timestamp("2016-03-31")
AS_AT = pd.Timestamp(T.AS_AT)
DAY = pd.Timedelta(days=1)

BAND_AGES = {
    "Under 1": (0, 0),
    "1 to 4": (1, 4),
    "5 to 9": (5, 9),
    "10 to 14": (10, 14),
    "15": (15, 15),
    "16+": (16, 17),
}
MONTH_STARTS_2015_16 = [8, 9, 6, 7, 8, 8, 9, 6, 5, 7, 5, 5]  # 83; minus leavers = month-end changes
N_SHORT_STAY = 12  # 2015-16 starters who also leave in the year
# (band, reason) of the 12 short stays: same band on arrival and on leaving.
SHORT_STAYS = [
    ("Under 1", "E4A"),
    ("Under 1", "E4A"),
    ("1 to 4", "E4A"),
    ("1 to 4", "E4A"),
    ("5 to 9", "E4A"),
    ("5 to 9", "E4A"),
    ("10 to 14", "E4A"),
    ("10 to 14", "E4A"),
    ("10 to 14", "E4A"),
    ("15", "E4B"),
    ("16+", "E4A"),
    ("16+", "E8"),
]
TURN_18_REASONS = {"E17": 26, "E5": 6, "E7": 1}  # leave the day before their 18th birthday

# Year-end placement groups: (PLACE, youngest, oldest at 31 March 2016, legal status, count)
YEAR_END_PLACES = {
    "foster": [
        ("U4", 1, 17, "C2", 64),
        ("U6", 0, 17, "C2", 58),
        ("U6", 0, 17, "V2", 18),
        ("U6", 0, 3, "C1", 12),
        ("U1", 1, 17, "C2", 12),
        ("U3", 0, 17, "C2", 13),
        ("U5", 0, 2, "C1", 4),
        ("U2", 0, 3, "C1", 4),
    ],
    "secure_homes_semi_independent": [
        ("K2", 10, 17, "C2", 15),
        ("K2", 12, 17, "V2", 6),
        ("H5", 16, 17, "V2", 6),
        ("H5", 16, 17, "C2", 5),
        ("K1", 13, 17, "C2", 3),
    ],
    "placed_with_parents": [("P1", 1, 16, "C2", 21)],
    "other_community": [("P2", 16, 17, "V2", 8), ("P2", 16, 17, "C2", 6)],
    "placed_for_adoption": [("A6", 1, 6, "E1", 7), ("A5", 1, 4, "E1", 3)],
    "other_residential": [
        ("R1", 8, 17, "C2", 4),
        ("R1", 10, 17, "V2", 2),
        ("R2", 5, 17, "C2", 1),
        ("R3", 0, 0, "C1", 1),
        ("R3", 16, 17, "V2", 1),
        ("R5", 15, 17, "J1", 1),
    ],
    "residential_schools": [("S1", 8, 17, "C2", 5), ("S1", 10, 17, "V2", 3)],
}
# Where leavers' last episode is: reason -> [(PLACE, LS)]
LEAVER_PLACES = {
    "E11": [("A6", "E1"), ("A5", "E1")],
    "E43": [("U4", "C2"), ("U6", "C2")],
    "E44": [("U3", "C2"), ("U1", "C2")],
    "E41": [("U3", "C2"), ("U1", "C2")],
    "E4A": [("P1", "C2"), ("U6", "V2"), ("U6", "C2"), ("K2", "V2")],
    "E4B": [("U6", "V2"), ("K2", "V2")],
    "E13": [("U3", "V2"), ("U6", "V2")],
    "E8": [("U6", "V2"), ("H5", "V2")],
    "E17": [("U4", "C2"), ("U6", "C2"), ("U4", "V2")],
    "E5": [("H5", "C2"), ("H5", "V2"), ("P2", "V2")],
    "E7": [("R1", "C2")],
    "E6": [("P2", "V2")],
    "E3": [("U6", "C2")],
    "E2": [("U6", "C2")],
}
PROVIDER = {
    "P1": "PR0",
    "P2": "PR0",
    "U1": "PR1",
    "U2": "PR1",
    "U3": "PR1",
    "U4": "PR1",
    "U5": "PR1",
    "U6": "PR1",
    "A5": "PR1",
    "A6": "PR1",
    "K1": "PR2",
    "K2": "PR4",
    "H5": "PR4",
    "R1": "PR4",
    "R2": "PR3",
    "R3": "PR4",
    "R5": "PR3",
    "S1": "PR5",
}
ETHNIC_OTHERS = ["WBRI"] * 22 + ["WOTH", "MWBC", "MOTH", "MWBA", "WIRT", "AOTH"]
NEED = ["N1"] * 6 + ["N4", "N5", "N5", "N8"]


@dataclass
class LookedAfter:
    header: pd.DataFrame
    episodes: pd.DataFrame
    reviews: pd.DataFrame
    periods: pd.DataFrame  # CHILD, START, END, REC (the designed periods, for allocations)
    shortfalls: list


# --- small date helpers -------------------------------------------------------------------


def _day(rng: np.random.Generator, lo: pd.Timestamp, hi: pd.Timestamp) -> pd.Timestamp:
    """A uniformly drawn day from lo to hi inclusive (lo if hi < lo)."""
    span = (hi - lo).days
    return lo + pd.Timedelta(days=int(rng.integers(0, span + 1))) if span > 0 else lo


def _years(date: pd.Timestamp, n: int) -> pd.Timestamp:
    return date + pd.DateOffset(years=n)


def _dob_for_age(
    rng, on: pd.Timestamp, age: int, lo: pd.Timestamp | None = None, hi: pd.Timestamp | None = None
) -> pd.Timestamp:
    """A date of birth giving whole-year ``age`` on ``on`` (optionally within lo..hi)."""
    first = _years(on, -(age + 1)) + DAY
    last = _years(on, -age)
    if lo is not None:
        first = max(first, lo)
    if hi is not None:
        last = min(last, hi)
    return _day(rng, first, last)


def _age(dob: pd.Timestamp, on: pd.Timestamp) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _month_slots(counts: list[int], first: str) -> list[pd.Period]:
    months = pd.period_range(first, periods=len(counts), freq="M")
    return [m for m, c in zip(months, counts) for _ in range(c)]


def _in_month(rng, month: pd.Period, lo: pd.Timestamp | None = None, hi: pd.Timestamp | None = None):
    a, b = month.start_time.normalize(), month.end_time.normalize()
    return _day(rng, max(a, lo) if lo is not None else a, min(b, hi) if hi is not None else b)


# --- design -----------------------------------------------------------------------------------


def _design_2015_16(rng) -> tuple[list[dict], list[dict]]:
    """Starters and leavers of 2015-16: records with keys role, band, reason, start, end, dob."""
    start_slots = _month_slots(MONTH_STARTS_2015_16, "2015-04")
    deltas = np.diff([T.LAC_AT_31_MARCH_2015] + T.LAC_MONTH_END)
    cease_counts = [s - d for s, d in zip(MONTH_STARTS_2015_16, deltas)]
    assert sum(cease_counts) == T.CEASED["2015-16"] and min(cease_counts) >= 0
    cease_left = dict(zip(pd.period_range("2015-04", periods=12, freq="M"), cease_counts))

    order = rng.permutation(len(start_slots))
    starters: list[dict] = []
    # short stays: start Apr-Oct, leave 2-4 months later
    early = [i for i in order if start_slots[i] <= pd.Period("2015-10", "M")][:N_SHORT_STAY]
    for i, (band, reason) in zip(early, SHORT_STAYS):
        month = start_slots[i]
        leave = month + int(rng.integers(2, 5))
        while cease_left[leave] == 0:
            leave += 1
        cease_left[leave] -= 1
        start = _in_month(rng, month, hi=month.end_time.normalize() - 3 * DAY)
        end = _in_month(rng, leave)
        lo_age, hi_age = BAND_AGES[band]
        for _ in range(200):
            age = int(rng.integers(lo_age, hi_age + 1))
            dob = _dob_for_age(rng, start, age)
            if lo_age <= _age(dob, end) <= hi_age and _years(dob, 18) - DAY > end:
                break
        starters.append(dict(role="short_stay", band=band, reason=reason, start=start, end=end, dob=dob))
    rest_bands = dict(T.STARTED_BY_AGE)
    for band, _ in SHORT_STAYS:
        rest_bands[band] -= 1
    bands = [b for b, n in rest_bands.items() for _ in range(n)]
    rng.shuffle(bands)
    others = [i for i in order if i not in set(early)]
    for i, band in zip(others, bands):
        start = _in_month(rng, start_slots[i])
        lo_age, hi_age = BAND_AGES[band]
        age = int(rng.integers(lo_age, hi_age + 1))
        # stays past the year end: must not turn 18 before 1 July 2016
        dob = _dob_for_age(rng, start, age, lo=_years(AS_AT, -18) + 2 * DAY)
        if _age(dob, start) != age:
            age = _age(dob, start)
        starters.append(dict(role="starter", band=band, reason=None, start=start, end=pd.NaT, dob=dob))
    classes = [c for c, n in T.STARTED_BY_DISTANCE.items() for _ in range(n)]
    rng.shuffle(classes)
    for record, cls in zip(starters, classes):
        record["distance"] = cls

    # leavers from the 310: (band, reason) pool less the short stays
    pool = [(b, r) for b, reasons in T.CEASED_AGE_REASON.items() for r, n in reasons.items() for _ in range(n)]
    for pair in SHORT_STAYS:
        pool.remove(pair)
    turn18 = dict(TURN_18_REASONS)
    slots = [m for m, n in cease_left.items() for _ in range(n)]
    slots = [slots[i] for i in rng.permutation(len(slots))]
    babies = [p for p in pool if p[0] == "Under 1"]
    grown = [p for p in pool if p[0] != "Under 1"]
    grown = [grown[i] for i in rng.permutation(len(grown))]
    baby_idx = [i for i, m in enumerate(slots) if m <= pd.Period("2015-11", "M")][: len(babies)]
    other_idx = [i for i in range(len(slots)) if i not in set(baby_idx)]
    leavers: list[dict] = []
    for (band, reason), i in list(zip(babies, baby_idx)) + list(zip(grown, other_idx)):
        month = slots[i]
        end = _in_month(rng, month)
        forced = band == "16+" and turn18.get(reason, 0) > 0
        if forced:
            turn18[reason] -= 1
            dob = _years(end + DAY, -18)
        elif band == "Under 1":
            dob = _day(rng, _years(end, -1) + 10 * DAY, min(Y15 - DAY, end - 60 * DAY))
        else:
            lo_age, hi_age = BAND_AGES[band]
            age = int(rng.integers(lo_age, hi_age + 1))
            # not forced to leave this year: 18th birthday after the end of the year
            dob = _dob_for_age(rng, end, age, lo=_years(Y16, -18) + DAY)
        leavers.append(dict(role="leaver", band=band, reason=reason, start=pd.NaT, end=end, dob=dob, turn18=forced))
    return starters, leavers


def _year_end_roles(rng) -> list[tuple[str, str, int, int, str]]:
    """(group, PLACE, youngest, oldest, LS) for each of the 283, in random order."""
    roles = [(g, p, lo, hi, ls) for g, rows in YEAR_END_PLACES.items() for p, lo, hi, ls, n in rows for _ in range(n)]
    assert len(roles) == T.LAC_MONTH_END[-1]
    return [roles[i] for i in rng.permutation(len(roles))]


def _assign_year_end(rng, starters: list[dict]) -> list[dict]:
    """Give the 71 staying starters a year-end placement and create the 212 stayers from before."""
    roles = _year_end_roles(rng)
    staying = [s for s in starters if s["role"] == "starter"]
    staying.sort(key=lambda s: s["dob"])
    for s in staying:
        age = _age(s["dob"], YEAR_END)
        fit = [
            i
            for i, r in enumerate(roles)
            if r[2] <= age <= r[3] and r[1] not in ("A5", "A6", "U4", "S1") and not (r[1] == "R3" and r[2] > 0)
        ]
        i = fit[int(rng.integers(0, len(fit)))]
        group, place, _, _, ls = roles.pop(i)
        # new arrivals: interim order or s20 rather than a full care order
        if ls == "C2":
            ls = "C1" if rng.random() < 0.7 else "V2"
        s.update(group=group, place=place, ls=ls)
    stayers = []
    for group, place, lo, hi, ls in roles:
        lo = max(lo, 1)
        hi = max(hi, lo)
        age = int(rng.integers(lo, hi + 1)) if hi > lo else lo
        if age >= 16 and rng.random() < 0.5:
            age = 17 if hi >= 17 else age
        dob = _dob_for_age(rng, YEAR_END, age, lo=_years(Y16, -18) + 2 * DAY, hi=Y15 - DAY)
        stayers.append(
            dict(
                role="stayer",
                band=None,
                reason=None,
                start=pd.NaT,
                end=pd.NaT,
                dob=dob,
                group=group,
                place=place,
                ls=ls,
            )
        )
    return stayers


# Looked after at 31 March 2016, under 16, and in care since before 1 October 2013 (the
# long-term stability cohort): most of the children under 16 who were already looked
# after before April 2014 are in it, and few of the under-16s stayed on from 2014-15's
# many starters (those mostly went home again, or are the older young people).
LONG_STAY_BY = pd.Timestamp("2013-09-30")
LONG_STAY_SHARE = 0.8


def _recent_weight(s: dict) -> float:
    """Relative chance that one of the 310 (born before April 2014) started in 2014-15."""
    if s.get("turn18") or s.get("place") in ("U4", "S1", "P2", "H5"):
        return 0.2
    if s.get("reason") in ("E4A", "E4B", "E13", "E8"):
        return 2.0
    if s["role"] == "stayer" and _age(s["dob"], YEAR_END) < 16 and s.get("place") not in ("A5", "A6"):
        return 0.45
    return 2.0 if s.get("place") in ("U6", "K2", "P1", "A5", "A6", "U5", "U2") else 1.0


def _stock_starts(rng, stock: list[dict]) -> None:
    """Start dates of the 310 looked after at 31 March 2015: 116 of them in 2014-15."""
    y14 = pd.Timestamp("2014-04-01")
    n_recent = T.STARTED["2014-15"] - 20
    forced = [s for s in stock if s["dob"] >= y14]
    free = [s for s in stock if s["dob"] < y14]
    weights = np.array([_recent_weight(s) for s in free])
    pick = rng.choice(len(free), size=n_recent - len(forced), replace=False, p=weights / weights.sum())
    recent = set(int(i) for i in pick)
    for i, s in enumerate(free):
        s["recent"] = i in recent
    for s in forced:
        s["recent"] = True
    for s in stock:
        dob = s["dob"]
        if s["recent"]:
            lo = max(dob, y14)
            if s.get("reason") == "E11":
                lo = max(lo, s["end"] - pd.Timedelta(days=3 * 365))
            s["start"] = _day(rng, lo, Y15 - DAY)
        else:
            latest = y14 - DAY
            earliest = max(dob, _years(latest, -12))
            if s.get("reason") == "E11" or s.get("place") in ("A5", "A6"):
                end = s["end"] if pd.notna(s["end"]) else YEAR_END
                earliest = max(earliest, end - pd.Timedelta(days=3 * 365))
            if s.get("turn18") or s.get("place") in ("U4", "S1"):
                earliest = max(dob + pd.Timedelta(days=3 * 365), _years(latest, -10))
            if (
                s["role"] == "stayer"
                and _age(dob, YEAR_END) < 16
                and dob < LONG_STAY_BY - 30 * DAY
                and rng.random() < LONG_STAY_SHARE
            ):
                latest = min(latest, LONG_STAY_BY)  # in care 2.5 years or more at 31 March 2016
            s["start"] = _day(rng, min(earliest, latest), latest)


def _earlier_flows(rng) -> list[dict]:
    """Periods that started and/or ended in 2014-15 other than the 310, and older history."""
    y14, y13 = pd.Timestamp("2014-04-01"), pd.Timestamp("2013-04-01")
    periods = []
    # 20 who started and left within 2014-15
    for _ in range(20):
        start = _day(rng, y14, pd.Timestamp("2014-12-31"))
        end = _day(rng, start + 30 * DAY, Y15 - DAY)
        age = int(rng.integers(0, 17))
        dob = _dob_for_age(rng, start, age, lo=_years(end, -18) + 2 * DAY)
        reason = rng.choice(["E4A", "E4A", "E4A", "E4B", "E8", "E41"])
        periods.append(dict(role="past", start=start, end=end, dob=dob, reason=str(reason)))
    # 74 looked after at 31 March 2014 who left in 2014-15: 25 at 18, 49 others
    at18 = ["E5"] * 12 + ["E6"] * 3 + ["E8"] * 6 + ["E7"] + ["E4A"] * 3
    others = (
        ["E11"] * 15 + ["E4A"] * 15 + ["E44"] * 5 + ["E43"] * 4 + ["E41"] * 3 + ["E4B"] * 2 + ["E8"] * 3 + ["E3"] * 2
    )
    for reason in at18:
        end = _day(rng, y14, Y15 - DAY)
        dob = _years(end + DAY, -18)
        start = _day(rng, _years(end, -9), y14 - DAY)
        periods.append(dict(role="past", start=start, end=end, dob=dob, reason=reason))
    for reason in others:
        end = _day(rng, y14, Y15 - DAY)
        if reason in ("E11", "E43", "E44", "E41"):
            age = int(rng.integers(1, 8))
            dob = _dob_for_age(rng, end, age, hi=y14 - 60 * DAY)
            start = _day(rng, max(dob, end - pd.Timedelta(days=3 * 365)), min(y14 - DAY, end - 200 * DAY))
        else:
            age = int(rng.integers(3, 17))
            dob = _dob_for_age(rng, end, age, lo=_years(Y15, -18) + DAY)
            start = _day(rng, max(dob, _years(end, -5)), y14 - DAY)
        periods.append(dict(role="past", start=start, end=end, dob=dob, reason=reason))
    # older history: periods from April 2006 that ended before April 2014
    n_old = 560
    for _ in range(n_old):
        start = _day(rng, pd.Timestamp("2006-04-01"), y13 + pd.Timedelta(days=300))
        years = float(rng.choice([0.3, 0.8, 1.5, 2.5, 4.0], p=[0.3, 0.25, 0.2, 0.15, 0.1]))
        end = start + pd.Timedelta(days=int(years * 365 * rng.uniform(0.5, 1.5)) + 20)
        if end >= y14 - DAY or end < pd.Timestamp("2010-04-01"):
            continue
        age = int(rng.integers(0, 17))
        dob = _dob_for_age(rng, start, age)
        if _years(dob, 18) - DAY <= end:
            end = _years(dob, 18) - DAY
            if end <= start + 7 * DAY or end < pd.Timestamp("2010-04-01"):
                continue
            reason = str(rng.choice(["E5", "E6", "E8"]))
        elif age <= 3 and years >= 1.5:
            reason = str(rng.choice(["E11", "E11", "E44", "E43", "E41"]))
        else:
            reason = str(rng.choice(["E4A", "E4A", "E4A", "E4B", "E8", "E3"]))
        periods.append(dict(role="past", start=start, end=end, dob=dob, reason=reason))
    return periods


def _after_year(rng, stock: list[dict]) -> None:
    """Leavers between 1 April and the as-at date (30 June 2016): 16 of the 283."""
    n_leave = T.LAC_MONTH_END[-1] - 267
    turning = [s for s in stock if _years(s["dob"], 18) - DAY <= AS_AT]
    for s in turning:
        s["end"] = _years(s["dob"], 18) - DAY
        s["reason"] = "E17" if s["place"].startswith("U") else "E5"
    assert len(turning) <= n_leave, len(turning)
    others = [
        s
        for s in stock
        if s not in turning and s["place"] in ("P1", "A5", "A6", "U6") and s["start"] < pd.Timestamp("2015-10-01")
    ]
    for i in rng.choice(len(others), size=n_leave - len(turning), replace=False):
        s = others[int(i)]
        s["end"] = _day(rng, Y16 + 5 * DAY, AS_AT - 2 * DAY)
        s["reason"] = {"P1": "E4A", "A5": "E11", "A6": "E11"}.get(s["place"], "E4A")


# --- episodes --------------------------------------------------------------------------------

# --- placement moves by design --------------------------------------------------------------
# Year ends at which the stability measures are read, and the children looked after then
# who move twice or more in the year before it (so that, counting the placement they
# were in at its start, they have had 3 or more placements: NI 62). The report says
# short-term stability declined in 2015-16 yet stayed in line with England (10%).
MOBILE = {
    pd.Timestamp("2013-03-31"): 17,
    pd.Timestamp("2014-03-31"): 18,
    pd.Timestamp("2015-03-31"): 20,
    pd.Timestamp("2016-03-31"): 22,
}
# Long-term stability (NI 63) aimed at for each year end: the share of the cohort
# (under 16, looked after 2.5 years or more) in the same placement for 2 years or more.
# The report: it "continue[s] to improve" and exceeds England (68%) and the neighbours.
STABLE_SHARE = {pd.Timestamp("2014-03-31"): 0.63, pd.Timestamp("2015-03-31"): 0.67, pd.Timestamp("2016-03-31"): 0.715}
SETTLED = 0.6  # share of other periods whose placements are settled within six months


def _in_cohort(p: dict, y_end: pd.Timestamp, last: pd.Timestamp) -> bool:
    """Whether a period is in NI 63's cohort at ``y_end``: looked after that day, under 16,
    in care since 30 months before it (the rule of ``measures.placements``)."""
    return (
        p["start"] <= _years(y_end, -2) - pd.DateOffset(months=6)
        and last >= y_end
        and (pd.isna(p["end"]) or p["end"] > y_end)
        and _age(p["dob"], y_end) < 16
    )


def _settled_moves(rng, start: pd.Timestamp, stop: pd.Timestamp) -> list[pd.Timestamp]:
    """0 to 2 moves within the first 170 days (never after ``stop``)."""
    n = int(rng.choice([0, 1, 2], p=[0.5, 0.46, 0.04]))
    window = min(170, (stop - start).days + 1)
    if window <= 2 * n:
        return []
    return [start + pd.Timedelta(days=int(d)) for d in sorted(rng.choice(np.arange(1, window), size=n, replace=False))]


def _design_moves(rng, periods: list[dict]) -> None:
    """Set ``moves`` (the dates the child moved to a new carer) on each period of care.

    Periods ending in an adoption placement keep the drawn moves of ``_episodes``
    (the placement order and the move to the adopters). Of the rest:

    1. ``MOBILE[Y]`` children looked after at each year end Y move 2 or 3 times in the
       year before it (NI 62: 3 or more placements in the year).
    2. Every period in a long-term cohort (``_in_cohort``) starts settled (0 to 2 moves
       in its first 170 days, so in the same placement for 2 years at any year end at
       which it is in the cohort); then, year end by year end from 2014, enough of the
       cohort move once in the year before Y for the unstable share to be
       ``1 - STABLE_SHARE[Y]`` (a move in that year also unsettles the child at Y + 1).
    3. Other periods: settled (``SETTLED``) or one or two moves at any time after six months.
    """
    todo = [p for p in periods if p.get("ls") != "V3"]
    for p in todo:
        p["moves"] = None if p["place"] in ("A5", "A6") else []
    # the starters of unknown distance (a postcode missing) stay where they were first placed
    todo = [p for p in todo if p.get("distance") != "unknown" and p["moves"] is not None]
    last = {id(p): min(p["end"], YEAR_END) if pd.notna(p["end"]) else YEAR_END for p in todo}
    latest = {k: v - 3 * DAY for k, v in last.items()}  # a move at least 3 days before the last day
    mobile: set[int] = set()
    for y_end, n in MOBILE.items():
        y_start = _years(y_end, -1) + DAY
        pool = [
            p
            for p in todo
            if id(p) not in mobile
            and p["start"] <= y_end - 60 * DAY
            and last[id(p)] >= y_end
            and (pd.isna(p["end"]) or p["end"] > y_end)
            and (latest[id(p)] - max(p["start"], y_start)).days >= 60
        ]
        weights = np.array([0.4 if any(_in_cohort(p, y, last[id(p)]) for y in STABLE_SHARE) else 1.0 for p in pool])
        for i in rng.choice(len(pool), size=min(n, len(pool)), replace=False, p=weights / weights.sum()):
            p = pool[int(i)]
            mobile.add(id(p))
            lo = max(p["start"], y_start) + DAY
            span = (min(y_end, latest[id(p)]) - lo).days + 1
            k = 2 if rng.random() < 0.75 else 3
            p["moves"] = [lo + pd.Timedelta(days=int(d)) for d in sorted(rng.choice(span, size=k, replace=False))]
            if (lo - p["start"]).days > 200 and rng.random() < 0.5:  # and once when first looked after
                p["moves"].insert(0, _day(rng, p["start"] + DAY, p["start"] + 170 * DAY))
    cohort = {id(p) for p in todo if id(p) not in mobile and any(_in_cohort(p, y, last[id(p)]) for y in STABLE_SHARE)}
    for p in todo:
        if id(p) in cohort:
            p["moves"] = _settled_moves(rng, p["start"], latest[id(p)])
    for y_end, share in STABLE_SHARE.items():
        members = [p for p in todo if _in_cohort(p, y_end, last[id(p)])]
        recent = _years(y_end, -2)
        unstable = {id(p) for p in members if any(recent < m <= y_end for m in p["moves"])}
        need = round(len(members) * (1 - share)) - len(unstable)
        free = [p for p in members if id(p) not in mobile and id(p) not in unstable]
        for i in rng.choice(len(free), size=max(min(need, len(free)), 0), replace=False):
            p = free[int(i)]
            move = _day(rng, _years(y_end, -1) + DAY, min(y_end, latest[id(p)]))
            p["moves"] = sorted(p["moves"] + [move])
    for p in todo:
        if id(p) in mobile or id(p) in cohort:
            continue
        start, stop = p["start"], latest[id(p)]
        if (stop - start).days < 200 or rng.random() < SETTLED:
            p["moves"] = _settled_moves(rng, start, stop)
        else:
            final = _day(rng, start + 181 * DAY, stop)
            p["moves"] = [final]
            if rng.random() < 0.3:
                p["moves"].insert(0, _day(rng, start + DAY, final - 20 * DAY))


def _legal_path(rng, final_ls: str, age: int) -> list[str]:
    if final_ls == "E1":
        return ["C1", "E1"] if rng.random() < 0.8 else ["V2", "C1", "E1"]
    if final_ls == "C2":
        options = [["C1", "C2"], ["C1", "C2"], ["C2"], ["V2", "C1", "C2"], ["L2", "C1", "C2"]]
        return options[int(rng.integers(0, len(options)))]
    if final_ls == "C1":
        return ["C1"] if rng.random() < 0.8 else ["L1", "C1"]
    return [final_ls]


def _interim_place(rng, age: int) -> str:
    if age >= 12 and rng.random() < 0.3:
        return "K2"
    return "U6" if rng.random() < 0.8 else "U4"


def _episodes(rng, child: str, period: dict, pcs: pd.DataFrame, home: str | None, first_pl: str | None) -> list[dict]:
    """The chain of episodes of one period: legal changes and moves, ending in its final placement."""
    start, end = period["start"], period["end"]
    final_place, final_ls = period["place"], period["ls"]
    last_day = min(end, YEAR_END) if pd.notna(end) else YEAR_END
    dob = period["dob"]
    legal = _legal_path(rng, final_ls, _age(dob, start))
    if period.get("moves") is not None and not (final_place in ("A5", "A6") and legal[-1] == "E1"):
        days, kinds, legal = _designed_days(rng, period["moves"], legal, start, last_day)
    else:
        days, kinds, legal = _drawn_days(rng, legal, start, end, last_day, final_place)
    episodes = []
    ls_i = 0
    place_i = 0
    places = [_interim_place(rng, _age(dob, start)) for _ in range(kinds.count("P"))] + [final_place]
    if first_pl is None:
        first_pl = _placement_postcode(rng, pcs, home, places[0])
    pl_post = first_pl
    current_ls = legal[0]
    current_place = places[0]
    ep_start = start
    rne = "S"
    for d, kind in zip(days, kinds):
        change = start + pd.Timedelta(days=int(d))
        episodes.append(
            dict(
                CHILD=child,
                DECOM=ep_start,
                RNE=rne,
                LS=current_ls,
                PLACE=current_place,
                DEC=change,
                REC="X1",
                PL_POST=pl_post,
            )
        )
        if kind == "L":
            ls_i += 1
            current_ls = legal[min(ls_i, len(legal) - 1)]
            rne = "L"
        else:
            place_i += 1
            current_place = places[min(place_i, len(places) - 1)]
            pl_post = _placement_postcode(rng, pcs, home, current_place)
            rne = "P"
        ep_start = change
    episodes.append(
        dict(
            CHILD=child,
            DECOM=ep_start,
            RNE=rne,
            LS=current_ls,
            PLACE=current_place,
            DEC=end,
            REC=period.get("reason") if pd.notna(end) else None,
            PL_POST=pl_post,
        )
    )
    return episodes


def _drawn_days(
    rng, legal: list[str], start: pd.Timestamp, end, last_day: pd.Timestamp, final_place: str
) -> tuple[list[int], list[str], list[str]]:
    """Days (after the start) of the period's legal changes and moves, drawn at random:
    about one move every two years; an adoption placement comes after a placement order."""
    years = max((last_day - start).days, 1) / 365.25
    moves = int(min(rng.poisson(0.5 * years), 4))
    if final_place in ("A5", "A6") and legal[-1] == "E1":
        moves = max(moves, 1)
    n_bounds = len(legal) - 1 + moves
    room = (last_day - start).days - 2
    if room < 2 * (n_bounds + 1):
        n_bounds = min(n_bounds, max(room // 10, 0))
        legal = legal[-(min(len(legal), n_bounds + 1)) :]
        moves = n_bounds - (len(legal) - 1)
    days = sorted(rng.choice(np.arange(1, max(room, 2)), size=n_bounds, replace=False)) if n_bounds else []
    if final_place in ("A5", "A6") and len(days) >= 2 and legal[-1] == "E1":
        # placed with the adopters at least 12 weeks before the order (or before the year
        # end for those still placed), the placement order some weeks before that
        placed = room - int(rng.integers(84, 260)) if pd.notna(end) else days[-1]
        placed = max(placed, len(days) + 1)
        order = max(placed - int(rng.integers(20, 120)), len(days))
        head = (
            sorted(rng.choice(np.arange(1, max(order, len(days))), size=len(days) - 2, replace=False))
            if len(days) > 2
            else []
        )
        days = list(head) + [order, placed]
        assert days == sorted(set(days)), days
    adoption = final_place in ("A5", "A6") and legal[-1] == "E1" and len(legal) >= 2 and moves >= 1
    if adoption:  # the placement order comes first, then the move to the adopters
        head = ["L"] * (len(legal) - 2) + ["P"] * (moves - 1)
        rng.shuffle(head)
        kinds = head + ["L", "P"]
    else:
        kinds = ["L"] * (len(legal) - 1) + ["P"] * moves
        rng.shuffle(kinds)
    return days, kinds, legal


def _designed_days(
    rng, move_dates: list[pd.Timestamp], legal: list[str], start: pd.Timestamp, last_day: pd.Timestamp
) -> tuple[list[int], list[str], list[str]]:
    """Days of the designed moves (``_design_moves``) and of the legal changes drawn
    around them; legal changes that do not fit are dropped from the start of the path."""
    room = (last_day - start).days - 2
    move_days = sorted({(m - start).days for m in move_dates})
    assert len(move_days) == len(move_dates) and all(1 <= d < room for d in move_days), (start, move_dates)
    free = np.setdiff1d(np.arange(1, max(room, 2)), move_days)
    n_legal = min(len(legal) - 1, len(free))
    legal = legal[len(legal) - 1 - n_legal :]
    legal_days = [int(d) for d in rng.choice(free, size=n_legal, replace=False)] if n_legal else []
    marked = sorted([(d, "L") for d in legal_days] + [(d, "P") for d in move_days])
    return [d for d, _ in marked], [k for _, k in marked], legal


def _placement_postcode(rng, pcs: pd.DataFrame, home: str | None, place: str) -> str:
    if place == "P1" and home is not None:
        return home
    inside = pcs.index[pcs["inside"]]
    outside = pcs.index[~pcs["inside"]]
    pool = inside if rng.random() < 0.8 else outside
    return str(pcs.loc[pool[int(rng.integers(0, len(pool)))], "postcode"])


def _distance_pair(rng, pcs: pd.DataFrame, miles: np.ndarray, cls: str) -> tuple[str | None, str | None]:
    """A (home, first placement) postcode pair of the distance class; 'unknown' leaves one blank."""
    inside = pcs["inside"].to_numpy()
    homes = np.flatnonzero(inside)
    if cls == "unknown":
        h = str(pcs["postcode"].iloc[homes[int(rng.integers(0, len(homes)))]])
        p = str(pcs["postcode"].iloc[int(rng.integers(0, len(pcs)))])
        return (h, None) if rng.random() < 0.7 else (None, p)
    near = cls.startswith("under")
    want_in = cls.endswith("_in")
    ok = (miles <= 18.0) if near else (miles >= 22.0)
    ok = ok & inside[:, None] & (inside[None, :] == want_in)
    pairs = np.argwhere(ok)
    h, p = pairs[int(rng.integers(0, len(pairs)))]
    return str(pcs["postcode"].iloc[h]), str(pcs["postcode"].iloc[p])


# --- the whole -------------------------------------------------------------------------------


def _short_breaks(rng) -> list[dict]:
    """Three disabled children on agreed short breaks (V3): never counted as looked after."""
    periods = []
    for k in range(3):
        dob = _dob_for_age(rng, Y15, int(rng.integers(8, 14)))
        day = pd.Timestamp("2015-04-10") + pd.Timedelta(days=int(rng.integers(0, 20)))
        for _ in range(6):
            periods.append(
                dict(
                    role="short_break",
                    start=day,
                    end=day + pd.Timedelta(days=int(rng.integers(2, 4))),
                    dob=dob,
                    reason="E4A",
                    place="K2",
                    ls="V3",
                    key=f"sb{k}",
                )
            )
            day = day + pd.Timedelta(days=int(rng.integers(40, 70)))
    return periods


def build_looked_after(rng: np.random.Generator, first_id: int = 1) -> LookedAfter:
    """The 903 header, episodes and reviews of the demo authority."""
    pcs = postcode_table()
    miles = distance_matrix(pcs)
    starters, leavers = _design_2015_16(rng)
    stayers = _assign_year_end(rng, starters)
    stock = leavers + stayers
    _stock_starts(rng, stock)
    staying = [s for s in starters if s["role"] == "starter"] + stayers
    _after_year(rng, staying)
    past = _earlier_flows(rng)
    # re-entries: six starters aged 5+ had an earlier period that ended before April 2014
    older = [s for s in starters if _age(s["dob"], s["start"]) >= 6]
    earlier = []
    for s in [older[int(i)] for i in rng.choice(len(older), size=6, replace=False)]:
        p_start = _day(rng, max(s["dob"] + 400 * DAY, pd.Timestamp("2010-06-01")), pd.Timestamp("2013-06-30"))
        p_end = _day(rng, p_start + 60 * DAY, min(p_start + 500 * DAY, pd.Timestamp("2014-03-20")))
        s["earlier"] = dict(role="past", start=p_start, end=p_end, dob=s["dob"], reason="E4A")
        earlier.append(s["earlier"])

    # final placement and legal status of periods that end (leavers, past)
    for p in leavers + [s for s in starters if s["role"] == "short_stay"] + past + earlier:
        choices = LEAVER_PLACES[p["reason"]]
        age = _age(p["dob"], p["end"])
        place, ls = choices[int(rng.integers(0, len(choices)))]
        if place == "K2" and age < 10:
            place = "U6"
        if place in ("H5", "P2") and age < 16:
            place = "U6"
        p.update(place=place, ls=ls)
    for s in starters:
        if s["role"] == "short_stay":
            s["ls"] = "V2" if s["ls"] == "C2" else s["ls"]
    _design_moves(np.random.default_rng(rng.integers(0, 2**32)), starters + stock + past + earlier)

    # children: one record per child, periods in date order
    children = []
    for s in starters:
        children.append([s["earlier"], s] if "earlier" in s else [s])
    for s in stock:
        children.append([s])
    for p in past:
        children.append([p])
    sb = _short_breaks(rng)
    for k in range(3):
        children.append([p for p in sb if p["key"] == f"sb{k}"])
    children.sort(key=lambda ps: (ps[0]["start"], ps[0]["dob"]))

    header_rows, episode_rows, period_rows = [], [], []
    ethnic_year_end = [c for c, n in T.LAC_ETHNICITY.items() for _ in range(n)]
    rng.shuffle(ethnic_year_end)
    homes = pcs.index[pcs["inside"]]
    for n, periods in enumerate(children):
        child = f"C{first_id + n:06d}"
        last = periods[-1]
        looked_after_at_end = last["role"] in ("starter", "stayer")
        other = ETHNIC_OTHERS[int(rng.integers(0, len(ETHNIC_OTHERS)))]
        ethnic = ethnic_year_end.pop() if looked_after_at_end else other
        female = last.get("place") == "R3" and _age(last["dob"], YEAR_END) >= 16
        sex = "2" if female else str(int(rng.integers(1, 3)))
        header_rows.append(
            dict(
                CHILD=child,
                SEX=sex,
                DOB=last["dob"],
                ETHNIC=ethnic,
                UPN=None,
                MOTHER="1" if female else None,
                MC_DOB=pd.Timestamp("2015-12-14") if female else pd.NaT,
            )
        )
        need = NEED[int(rng.integers(0, len(NEED)))]
        for p in periods:
            if p["role"] == "short_break":
                episode_rows.append(
                    dict(
                        CHILD=child,
                        DECOM=p["start"],
                        RNE="S",
                        LS="V3",
                        CIN="N2",
                        PLACE="K2",
                        PLACE_PROVIDER="PR1",
                        DEC=p["end"],
                        REC="E4A",
                        HOME_POST=None,
                        PL_POST=None,
                    )
                )
                continue
            home = str(pcs.loc[homes[int(rng.integers(0, len(homes)))], "postcode"])
            first_pl = None
            if "distance" in p:
                home, first_pl = _distance_pair(rng, pcs, miles, p["distance"])
                if first_pl is None:
                    first_pl = ""
            eps = _episodes(rng, child, p, pcs, home if home else None, first_pl if first_pl != "" else None)
            if "distance" in p and first_pl == "":
                eps[0]["PL_POST"] = None
            for e in eps:
                e.update(
                    CIN=need if p["place"] not in ("R1", "R2", "S1") else "N2",
                    PLACE_PROVIDER=PROVIDER.get(e["PLACE"], "PR1"),
                    HOME_POST=home,
                )
            episode_rows += eps
            period_rows.append(dict(CHILD=child, START=p["start"], END=p["end"], REC=p.get("reason")))

    header = pd.DataFrame(header_rows)
    episodes = pd.DataFrame(episode_rows)
    episodes["REASON_PLACE_CHANGE"] = None
    moved = episodes["REC"].eq("X1") & episodes["DEC"].ge(Y15)
    nxt = episodes["RNE"].shift(-1).isin(["P", "B"])
    reasons = np.array(["CARPL", "CARPL", "PLACE", "CHILD", "LAREQ", "OTHER"])
    episodes.loc[moved & nxt, "REASON_PLACE_CHANGE"] = reasons[rng.integers(0, len(reasons), (moved & nxt).sum())]
    episodes["URN"] = None
    periods = pd.DataFrame(period_rows)
    reviews, shortfalls = _reviews(rng, periods, header)
    return LookedAfter(header=header, episodes=episodes, reviews=reviews, periods=periods, shortfalls=shortfalls)


# Seasonal shape of the earlier years' monthly reviews (only their annual totals are printed).
SEASON = [0.95, 1.05, 1.0, 1.1, 0.85, 1.0, 1.1, 0.95, 1.05, 0.95, 0.9, 1.1]
LATE_SEASON = [0.5, 1.0, 1.5, 1.0, 2.0, 1.0, 0.5, 1.0, 1.5, 1.0, 0.5, 0.5]


def _spread(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders; deterministic)."""
    raw = np.array(weights) / sum(weights) * total
    base = np.floor(raw).astype(int)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[: total - base.sum()]] += 1
    return [int(v) for v in base]


def _review_targets() -> dict[str, tuple[int, int]]:
    targets = {}
    for month, total, in_time in zip(T.MONTHS_2015_16, T.LAC_REVIEWS_TOTAL, T.LAC_REVIEWS_IN_TIME):
        targets[month] = (total, total - in_time)
    for label, first in (("2014-15", 2014), ("2013-14", 2013)):
        total, in_time = T.LAC_REVIEWS_YEARS[label]
        months = [str(m) for m in pd.period_range(f"{first}-04", periods=12, freq="M")]
        for m, n, late in zip(months, _spread(total, SEASON), _spread(total - in_time, LATE_SEASON)):
            targets[m] = (n, late)
    return targets


# Participation codes of reviews of children aged 4 and over ("a high level of
# participation": about 95% took part (PN1-PN6), PN7 the rest; with PN4, attending
# without conveying views, left out, about 89% had their views conveyed).
PN_CODES = np.array(["PN1"] * 40 + ["PN5"] * 15 + ["PN6"] * 20 + ["PN2"] * 5 + ["PN3"] * 4 + ["PN4"] * 6 + ["PN7"] * 5)


def _reviews(rng, periods: pd.DataFrame, header: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    spells = periods.reset_index(drop=True).copy()
    spells["SPELL"] = np.arange(len(spells))
    spells["FIRST_DUE"] = add_working_days(spells["START"], 20)
    spells["FLEX"] = False
    spells["END_FLOOR"] = pd.NaT
    first = str(spells["START"].min().to_period("M"))
    sched = schedule_reviews(spells, _review_targets(), first, "2016-06", second_months=3, later_months=6, rng=rng)
    reviews = sched.reviews.merge(spells[["SPELL", "CHILD"]], on="SPELL")
    dob = reviews["CHILD"].map(header.set_index("CHILD")["DOB"])
    age = (
        reviews["DATE"].dt.year
        - dob.dt.year
        - (
            (reviews["DATE"].dt.month < dob.dt.month)
            | ((reviews["DATE"].dt.month == dob.dt.month) & (reviews["DATE"].dt.day < dob.dt.day))
        ).astype(int)
    )
    codes = PN_CODES[rng.integers(0, len(PN_CODES), len(reviews))]
    out = pd.DataFrame(
        {
            "CHILD": reviews["CHILD"],
            "DOB": dob,
            "REVIEW": reviews["DATE"],
            "REVIEW_CODE": np.where(age < 4, "PN0", codes),
        }
    )
    return out.sort_values(["CHILD", "REVIEW"]).reset_index(drop=True), sched.shortfalls
