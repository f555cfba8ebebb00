"""The report's front matter: the one-page "At a glance" of the headline indicators.

Not a section's recipe (no notebook shows it): the stitcher puts it at the start of the
report, after the cover report (:func:`iru_analysis.report.stitch.front_matter`). Like
every recipe it only selects and words figures from the figures table, so it cannot
disagree with the sections or figures.csv:

* each headline (:data:`HEADLINES`) shows this year's figure, last year's, the change
  between the two *as printed* (so the digits and the words agree: 89.6% and 90.4% both
  print "90%", a change of 0 points, "no change"), its direction ("up", "down") and,
  where the measure has a better way (:attr:`Headline.better`), whether the change is
  better or worse;
* a comparator (``reference/comparators.csv``, the areas the parameters name) is shown
  for percentages only: another area's count is no yardstick for this authority's. An
  illustrative comparator (its source says "illustrative") is marked ``*``;
* a headline whose figure for the year is absent is left out; last year's absent prints
  "n/a"; a figure withheld by disclosure control (held as NaN in a publication build)
  prints "c", and so does a change computed from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ...codes import PARTICIPATION_AGE
from ...disclosure import WITHHELD
from ...measures.child_protection import ICPC_WORKING_DAYS
from .. import sentences as s
from .. import tables as tb
from .base import Lookup, Made
from .child_protection import PLAN_YEARS

NOT_AVAILABLE = "n/a"
ILLUSTRATIVE_MARK = "*"


@dataclass(frozen=True)
class Headline:
    """One row of the "At a glance" table."""

    indicator: str
    label: str
    breakdown: str = ""
    better: str = ""  # "higher" or "lower" when that way is better, "" when neither is
    decimals: int = 0  # of a percentage, as its section prints it
    snapshot: bool = False  # a count at 31 March (periods are dates), else over the year

    @property
    def percent(self) -> bool:
        return self.indicator.endswith("_pct")


HEADLINES: tuple[Headline, ...] = (
    Headline("lac_at_31_march", "Children looked after at 31 March", snapshot=True),
    Headline("lac_started", "Children who started to be looked after"),
    Headline("lac_reviews_in_time_pct", "Reviews of looked-after children held in time", better="higher"),
    Headline(
        "lac_review_participated_pct",
        f"Children aged {PARTICIPATION_AGE} or over who took part in their review",
        better="higher",
    ),
    Headline("lac_stability_3plus_pct", "Children looked after with 3 or more placements in the year", "", "lower", 1),
    Headline("lac_stability_long_term_pct", "Long-term placement stability (under 16s)", "", "higher", 1),
    Headline("icpc_total", "Initial child protection conferences"),
    Headline("icpc_within_15wd_pct", f"Initial conferences within {ICPC_WORKING_DAYS} working days", better="higher"),
    Headline("rcpc_in_time_pct", "Review conferences held in time", better="higher"),
    Headline("cpp_at_31_march", "Children on a child protection plan at 31 March", snapshot=True),
    Headline("cpp_repeat_pct", "Plans that were a second or later plan", "any_previous", "lower", 1),
    Headline("cpp_2yrs_ended_pct", f"Plans ended that had lasted {PLAN_YEARS} or more", "", "lower", 1),
)


def shown(value: float | None, headline: Headline) -> str:
    """A figure as the report prints it: "c" when withheld (NaN), "n/a" when absent.

    >>> h = Headline("x_pct", "x", decimals=1)
    >>> shown(11.25, h), shown(float("nan"), h), shown(None, h), shown(1204.0, Headline("n", "n"))
    ('11.3%', 'c', 'n/a', '1,204')
    """
    if value is None:
        return NOT_AVAILABLE
    if math.isnan(value):
        return WITHHELD
    return s.fmt_pct(value, headline.decimals) if headline.percent else s.fmt_count(value)


def change(before: float | None, after: float | None, headline: Headline) -> float | None:
    """The change from ``before`` to ``after`` as printed (both rounded half up first);
    NaN when either is withheld, None when either is absent.

    >>> change(95.24, 90.14, Headline("x_pct", "x")), change(14.62, 11.24, Headline("x_pct", "x", decimals=1))
    (-5.0, -3.4)
    """
    if before is None or after is None:
        return None
    if math.isnan(before) or math.isnan(after):
        return math.nan
    places = headline.decimals if headline.percent else 0
    return round(s.round_half_up(after, places) - s.round_half_up(before, places), places)


def direction(delta: float | None, headline: Headline) -> str:
    """ "Up", "Down" or "No change", with ", better" or ", worse" where the measure has a
    better way; "" when the change cannot be shown.

    >>> [direction(d, Headline("x_pct", "x", better="lower")) for d in (-3.4, 2.0, 0.0, None)]
    ['Down, better', 'Up, worse', 'No change', '']
    >>> direction(-27.0, Headline("n", "n"))
    'Down'
    """
    if delta is None or math.isnan(delta):
        return ""
    if delta == 0:
        return "No change"
    word = "Up" if delta > 0 else "Down"
    if not headline.better:
        return word
    better = (delta > 0) == (headline.better == "higher")
    return f"{word}, {'better' if better else 'worse'}"


def shown_change(delta: float | None, headline: Headline) -> str:
    """A change as printed: "+5", "-27", "-3.4 points" (percentage points), "0"; "c" or "n/a".

    >>> shown_change(-3.4, Headline("x_pct", "x", decimals=1)), shown_change(-1.0, Headline("x_pct", "x"))
    ('-3.4 points', '-1 point')
    >>> shown_change(1204.0, Headline("n", "n")), shown_change(0.0, Headline("n", "n"))
    ('+1,204', '0')
    """
    if delta is None:
        return NOT_AVAILABLE
    if math.isnan(delta):
        return WITHHELD
    sign = "+" if delta > 0 else "-" if delta < 0 else ""
    if headline.percent:
        points = s.fmt_number(abs(delta), headline.decimals)
        return f"{sign}{points} point{'' if points == '1' else 's'}"
    return f"{sign}{s.fmt_count(abs(delta))}"


def _periods(lk: Lookup, headline: Headline) -> tuple[str, str]:
    """(this year's period, last year's) of a headline's figure."""
    if headline.snapshot:
        return lk.end_label, lk.start_label
    return lk.year.label, lk.year.previous().label


def _comparators(lk: Lookup, headline: Headline) -> tuple[dict[str, float], set[str]]:
    """A percentage's comparator value by area, and the areas whose value is illustrative
    (none for a count)."""
    if not headline.percent:
        return {}, set()
    found = lk.comparators(headline.indicator)
    illustrative = found["source"].astype(str).str.lower().str.startswith("illustrative")
    return dict(zip(found["area"], found["value"].astype(float), strict=True)), set(found.loc[illustrative, "area"])


def at_a_glance(lk: Lookup) -> Made | None:
    """The "At a glance" table, or None when no headline figure is held for the year.

    ``data`` is the table as printed (``Indicator``, this year, last year, ``Change``,
    ``Direction``, then one column per comparator area of the parameters);
    ``raw`` its numbers (``This year``, ``Last year``, ``Change``, one column per area:
    NaN where absent or withheld).
    """
    year, previous = lk.year.label, lk.year.previous().label
    areas = list(lk.params.comparators)
    shown_rows, raw_rows, marked, withheld = [], [], False, False
    for h in HEADLINES:  # the twelve headlines, not children
        now_period, before_period = _periods(lk, h)
        now = lk.value(h.indicator, now_period, h.breakdown, required=False)
        if now is None:
            continue
        before = lk.value(h.indicator, before_period, h.breakdown, required=False)
        delta = change(before, now, h)
        values, illustrative = _comparators(lk, h)
        cells = [shown(now, h), shown(before, h), shown_change(delta, h)]
        comparators = [
            shown(values[a], h) + (ILLUSTRATIVE_MARK if a in illustrative else "") if a in values else "" for a in areas
        ]
        marked |= bool(illustrative & set(areas))
        withheld |= WITHHELD in cells + comparators
        shown_rows.append([h.label, *cells, direction(delta, h), *comparators])
        raw_rows.append([h.label, now, before, delta, *(values.get(a) for a in areas)])
    if not shown_rows:
        return None
    data = pd.DataFrame(shown_rows, columns=["Indicator", year, previous, "Change", "Direction", *areas])
    raw = pd.DataFrame(raw_rows, columns=["Indicator", "This year", "Last year", "Change", *areas]).astype(
        {c: "float64" for c in ["This year", "Last year", "Change", *areas]}
    )
    notes = [
        f"Change: {year} against {previous}, between the figures as printed (percentages in percentage "
        "points). Better or worse is said only where one way is better."
    ]
    if data.isin([NOT_AVAILABLE]).any().any():
        notes.append(f"{NOT_AVAILABLE}: the data held do not give the figure for that year.")
    if areas:
        notes.append("Comparators are shown for percentages only (reference/comparators.csv).")
    if marked:
        notes.append(f"{ILLUSTRATIVE_MARK} An illustrative value, not a published figure.")
    if withheld:
        notes.append(f"{WITHHELD}: withheld to protect the privacy of the children concerned.")
    caption = f"At a glance: the headline figures for {year}, with {previous}" + (
        f" and comparators for {year}" if areas else ""
    )
    return Made(caption=caption, data=data, raw=raw, notes=notes)


def glance_html(made: Made) -> str:
    """The table as the report's other tables are: accessible HTML (:func:`.tables.html_table`)
    in their scrolling region (:func:`.tables.table_region`)."""
    return tb.table_region("table-at-a-glance", made.caption, tb.html_table(made.data, made.caption, made.notes))
