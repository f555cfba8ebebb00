"""Review schedules by design: reviews of spells (periods of care, plans) month by month.

A *spell* is a period of care or a child protection plan: START, END (NaT while open)
and the date its first review falls due. Reviews of a spell are due by the statutory
rules the measures apply: the first on ``FIRST_DUE``; the second ``second_months``
after the first, later ones ``later_months`` after the previous one. A review is in
time when held on or before its due date.

The scheduler walks month by month. In a month with no target every review falls due
and is held a few days early (in time). In a month with a target (total reviews and
how many late) it holds:

* every review falling due that month: ``late`` of them a few days after the due date
  (still in the month), the others on or before it;
* extra reviews, brought forward from later months (first those due in the next months
  whose due count would exceed their own target), until the month's total is met.

A spell may be *flexible*: when a month has more reviews due than its target, a
flexible spell may instead end before its review falls due (a plan ended between
conferences), never before ``END_FLOOR``. Shortfalls (targets that could not be met)
are returned so that the caller can fail loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DAY = pd.Timedelta(days=1)


@dataclass
class Schedule:
    reviews: pd.DataFrame  # SPELL, DATE, IN_TIME, ORDINAL
    ends: pd.Series  # SPELL -> END (after flexible spells were ended early)
    shortfalls: list[tuple[str, str, int]] = field(default_factory=list)


def _add_months(date: pd.Timestamp, n: int) -> pd.Timestamp:
    return date + pd.DateOffset(months=n)


def schedule_reviews(
    spells: pd.DataFrame,
    targets: dict[str, tuple[int, int]],
    first_month: str,
    last_month: str,
    second_months: int,
    later_months: int,
    rng: np.random.Generator,
    min_gap_days: int = 35,
    slack: int = 3,
) -> Schedule:
    """Reviews for ``spells`` (columns SPELL, START, END, FIRST_DUE, FLEX, END_FLOOR).

    ``targets`` maps ``YYYY-MM`` to (total reviews, late reviews) for the months that
    have one. Months from ``first_month`` to ``last_month`` are scheduled.
    """
    ids = spells["SPELL"].to_numpy()
    start = spells["START"].to_numpy("datetime64[ns]")
    end = spells["END"].to_numpy("datetime64[ns]").copy()
    first_due = spells["FIRST_DUE"].to_numpy("datetime64[ns]")
    flex = spells["FLEX"].to_numpy(bool)
    floor = spells["END_FLOOR"].to_numpy("datetime64[ns]")
    n = len(ids)
    last = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    count = np.zeros(n, dtype=int)
    due = first_due.copy()
    never = np.datetime64("2262-01-01")
    out: list[tuple] = []
    shortfalls: list[tuple[str, str, int]] = []

    def end_or_never() -> np.ndarray:
        return np.where(np.isnat(end), never, end)

    def hold(i: int, date: np.datetime64, in_time: bool) -> None:
        count[i] += 1
        out.append((ids[i], pd.Timestamp(date), in_time, int(count[i])))
        last[i] = date
        months = second_months if count[i] == 1 else later_months
        due[i] = np.datetime64(_add_months(pd.Timestamp(date), months), "ns")

    def earliest(i: int, m_start: np.datetime64, gap: int) -> np.datetime64:
        lo = max(m_start, start[i] + np.timedelta64(1, "D"))
        if not np.isnat(last[i]):
            lo = max(lo, last[i] + np.timedelta64(gap, "D"))
        return lo

    def pick(lo: np.datetime64, hi: np.datetime64, near_hi: bool = True) -> np.datetime64:
        span = int((hi - lo) / np.timedelta64(1, "D"))
        if span <= 0:
            return lo
        back = int(rng.integers(0, min(span, 21) + 1)) if near_hi else int(rng.integers(0, span + 1))
        return hi - np.timedelta64(back, "D") if near_hi else lo + np.timedelta64(back, "D")

    months = pd.period_range(first_month, last_month, freq="M")
    for k, month in enumerate(months):
        m_start = np.datetime64(month.start_time.normalize(), "ns")
        m_end = np.datetime64(month.end_time.normalize(), "ns")
        stop = end_or_never()
        active = (start < m_end) & (stop > m_start)
        due_now = active & (due <= m_end) & (due < stop)
        label = str(month)
        if label not in targets:
            for i in np.flatnonzero(due_now):
                lo = earliest(i, m_start, 1)
                hi = min(due[i], stop[i] - np.timedelta64(1, "D"))
                if hi < lo:
                    continue
                hold(i, pick(lo, hi), True)
            # the month before the first month with a target: bring forward what would
            # exceed that month's target
            if k + 1 < len(months) and str(months[k + 1]) in targets:
                nxt = months[k + 1]
                n_start = np.datetime64(nxt.start_time.normalize(), "ns")
                n_end = np.datetime64(nxt.end_time.normalize(), "ns")
                stop = end_or_never()
                due_next = list(np.flatnonzero((start < m_end) & (due >= n_start) & (due <= n_end) & (due < stop)))
                t_next, l_next = targets[str(nxt)]
                over = min(len(due_next) - (t_next - slack), len(due_next) - (l_next + slack))
                rng.shuffle(due_next)
                for i in due_next[: max(over, 0)]:
                    lo = max(earliest(i, m_start, min_gap_days), start[i] + np.timedelta64(5, "D"))
                    hi = min(m_end, stop[i] - np.timedelta64(1, "D"))
                    if hi >= lo:
                        hold(i, pick(lo, hi, near_hi=False), True)
            continue
        total, late = targets[label]
        mandatory = list(np.flatnonzero(due_now))
        rng.shuffle(mandatory)
        if len(mandatory) > total:  # end flexible spells before their review falls due
            excess = len(mandatory) - total
            for i in list(mandatory):
                if excess == 0:
                    break
                lo_end = max(floor[i], m_start, start[i] + np.timedelta64(1, "D"))
                if not np.isnat(last[i]):
                    lo_end = max(lo_end, last[i] + np.timedelta64(1, "D"))
                if flex[i] and lo_end <= due[i] - np.timedelta64(1, "D"):
                    end[i] = pick(lo_end, due[i] - np.timedelta64(1, "D"), near_hi=False)
                    mandatory.remove(i)
                    excess -= 1
            stop = end_or_never()
        # defer some of this month's reviews into the next month (held late there) when the
        # next month needs more late reviews than it has reviews falling due
        if k + 1 < len(months) and str(months[k + 1]) in targets:
            nxt = months[k + 1]
            n_start = np.datetime64(nxt.start_time.normalize(), "ns")
            n_end = np.datetime64(nxt.end_time.normalize(), "ns")
            room = (
                (start < n_end)
                & (due >= n_start)
                & (due + np.timedelta64(1, "D") <= np.minimum(n_end, stop - np.timedelta64(1, "D")))
            )
            deficit = targets[str(nxt)][1] - int(room.sum()) + slack
            if deficit > 0:
                movable = [i for i in mandatory if due[i] >= m_start and stop[i] > n_start + np.timedelta64(10, "D")]
                for i in movable[:deficit]:
                    mandatory.remove(i)
        overdue = [i for i in mandatory if due[i] < m_start]
        # late reviews: due inside the month with room after the due date
        can_be_late = [
            i
            for i in mandatory
            if due[i] >= m_start and due[i] + np.timedelta64(1, "D") <= min(m_end, stop[i] - np.timedelta64(1, "D"))
        ]
        late_needed = max(0, late - len(overdue))
        late_set = set(can_be_late[:late_needed]) | set(overdue)
        if len(late_set) < late:
            shortfalls.append((label, "late", late - len(late_set)))
        if len(overdue) > late:
            shortfalls.append((label, "overdue", len(overdue) - late))
        held = 0
        for i in mandatory:
            hi = min(m_end, stop[i] - np.timedelta64(1, "D"))
            if i in late_set:
                lo = max(due[i] + np.timedelta64(1, "D"), m_start)
                if hi < lo:
                    continue
                hold(i, pick(lo, hi, near_hi=False), False)
            else:
                lo = earliest(i, m_start, 1)
                hi = min(due[i], hi)
                if hi < lo:
                    continue
                hold(i, pick(lo, hi), True)
            held += 1
        extra = total - held
        if extra < 0:
            shortfalls.append((label, "too many due", -extra))
            continue
        # extras: brought forward, first from the next months that would be over target
        stop = end_or_never()
        reviewed = {r[0] for r in out[len(out) - held :]} if held else set()
        candidates = []
        for ahead in range(1, 4):
            if k + ahead >= len(months):
                break
            nxt = months[k + ahead]
            n_start = np.datetime64(nxt.start_time.normalize(), "ns")
            n_end = np.datetime64(nxt.end_time.normalize(), "ns")
            due_next = np.flatnonzero((start < n_end) & (due >= n_start) & (due <= n_end) & (due < stop))
            t_next = targets.get(str(nxt))
            if t_next is None:
                continue
            # flexible spells can end before their review instead: count the others
            due_next = np.array([i for i in due_next if not flex[i]], dtype=int)
            over = len(due_next) - (t_next[0] - slack)
            keep_late = len(due_next) - (t_next[1] + slack)
            over = min(over, keep_late)
            if over > 0:
                pool = [i for i in due_next if ids[i] not in reviewed]
                rng.shuffle(pool)
                candidates += pool[:over]
        horizon = m_end
        if k + 1 < len(months) and str(months[k + 1]) in targets:
            horizon = np.datetime64(months[k + 1].end_time.normalize(), "ns")
        rest = np.flatnonzero(active & (due > horizon) & (stop > m_start + np.timedelta64(7, "D")))
        rest = [i for i in rest if ids[i] not in reviewed and i not in candidates]
        rng.shuffle(rest)
        # prefer spells whose last review is longest ago
        rest.sort(key=lambda i: last[i] if not np.isnat(last[i]) else start[i])
        for i in candidates + rest:
            if extra == 0:
                break
            lo = earliest(i, m_start, min_gap_days)
            hi = min(m_end, due[i], stop[i] - np.timedelta64(1, "D"))
            lo = max(lo, start[i] + np.timedelta64(5, "D"))
            if hi < lo:
                continue
            hold(i, pick(lo, hi, near_hi=False), True)
            reviewed.add(ids[i])
            extra -= 1
        if extra > 0:
            shortfalls.append((label, "too few spells for extras", extra))
    reviews = pd.DataFrame(out, columns=["SPELL", "DATE", "IN_TIME", "ORDINAL"])
    return Schedule(reviews=reviews, ends=pd.Series(end, index=ids).astype("datetime64[ns]"), shortfalls=shortfalls)
