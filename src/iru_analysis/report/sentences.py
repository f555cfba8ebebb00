"""Sentences of fact built from figures: numbers, dates and comparisons in plain English.

Conventions (house style for the report's text):

* Counts are whole numbers with thousands separators ("1,204").
* Percentages are rounded half up (never to even) to the stated decimals, so 89.5 is "90%".
* A change compares the rounded figures the reader sees: when both round to the same
  number the figure "stayed at" it, so the words never contradict the digits.
* Months read "August 2015", snapshot dates "31 March 2016", years "2015-16".
* A figure withheld by disclosure control (a public version, :mod:`iru_analysis.disclosure`)
  is written "c" wherever a number would be; a change to or from it is "changed".
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from ..disclosure import WITHHELD, is_withheld


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round as people do (0.5 goes up), not to even as Python does.

    >>> round_half_up(89.5), round_half_up(2.25, 1), round(89.5)
    (90.0, 2.3, 90)
    """
    scale = 10**decimals
    return math.floor(value * scale + 0.5 + 1e-9) / scale


def fmt_count(value: float) -> str:
    """A count as a whole number with thousands separators.

    >>> from iru_analysis.disclosure import WITHHELD_VALUE
    >>> fmt_count(1204.0), fmt_count(WITHHELD_VALUE)
    ('1,204', 'c')
    """
    if is_withheld(value):
        return WITHHELD
    return f"{int(round_half_up(value)):,}"


def fmt_pct(value: float, decimals: int = 0) -> str:
    """A percentage rounded half up.

    >>> fmt_pct(89.52), fmt_pct(65.42, 1)
    ('90%', '65.4%')
    """
    if is_withheld(value):
        return WITHHELD
    return f"{round_half_up(value, decimals):.{decimals}f}%"


def fmt_number(value: float, decimals: int = 0) -> str:
    """A number (not a count) rounded half up, e.g. a caseload per full-time chair."""
    if is_withheld(value):
        return WITHHELD
    return f"{round_half_up(value, decimals):,.{decimals}f}"


def month_name(period: str) -> str:
    """``YYYY-MM`` as "August 2015".

    >>> month_name("2015-08")
    'August 2015'
    """
    return pd.Period(period, freq="M").strftime("%B %Y")


def short_month(period: str) -> str:
    """``YYYY-MM`` as "Aug 2015" (chart axes and table headers)."""
    return pd.Period(period, freq="M").strftime("%b %Y")


def date_name(day: str | date | pd.Timestamp) -> str:
    """A date as "31 March 2016" (no leading zero).

    >>> date_name("2016-03-31")
    '31 March 2016'
    """
    stamp = pd.Timestamp(day)
    return f"{stamp.day} {stamp.strftime('%B %Y')}"


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """ "1 child", "2 children" (the count written out with its noun).

    >>> plural(1, "child", "children"), plural(2, "meeting")
    ('1 child', '2 meetings')
    """
    if is_withheld(count):
        return f"{WITHHELD} {plural_form or singular + 's'}"
    n = int(round_half_up(count))
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{n:,} {word}"


def direction(before: float, after: float, decimals: int = 0) -> str:
    """ "rose", "fell" or "stayed" comparing the figures as shown (rounded to ``decimals``).

    >>> direction(310, 283), direction(263, 267), direction(90.2, 89.9)
    ('fell', 'rose', 'stayed')
    """
    if is_withheld(before) or is_withheld(after):
        return "changed"
    a, b = round_half_up(before, decimals), round_half_up(after, decimals)
    if b > a:
        return "rose"
    if b < a:
        return "fell"
    return "stayed"


def trend(values: list[float], tolerance: float = 0.05) -> str:
    """The direction of a whole series: "rose", "fell" or "stayed fairly stable", from the
    least-squares line through the values shown (withheld or missing ones left out): stable
    when that line moves by less than ``tolerance`` of the values' mean over the series.
    Not from the first and last points alone, which one unusual month can decide.

    >>> trend([311, 313, 305, 300, 290, 283]), trend([40, 60, 41, 59, 42]), trend([3, 1, 2, 3, 4, 5])
    ('fell', 'stayed fairly stable', 'rose')
    """
    shown = pd.Series(values, dtype="float64").dropna()
    if len(shown) < 2 or not shown.mean():
        return "stayed fairly stable"
    steps = pd.Series(range(len(values)), dtype="float64")[shown.index]
    slope = ((steps - steps.mean()) * (shown - shown.mean())).sum() / ((steps - steps.mean()) ** 2).sum()
    moved = slope * (steps.max() - steps.min())
    if abs(moved) < tolerance * abs(shown.mean()):
        return "stayed fairly stable"
    return "rose" if moved > 0 else "fell"


def change_sentence(
    subject: str, before: float, when_before: str, after: float, when_after: str, fmt=fmt_count, decimals: int = 0
) -> str:
    """One sentence comparing a figure at two times.

    ``when_before``/``when_after`` are phrases such as "at 31 March 2015" or "in 2014-15".

    >>> change_sentence("The looked-after population", 310, "at 31 March 2015", 283, "at 31 March 2016")
    'The looked-after population fell from 310 at 31 March 2015 to 283 at 31 March 2016.'
    >>> change_sentence("The number on a plan", 267, "at 31 March 2015", 267, "at 31 March 2016")
    'The number on a plan stayed at 267 at 31 March 2016, the same as at 31 March 2015.'
    """
    word = direction(before, after, decimals)
    if word == "stayed":
        return f"{subject} stayed at {fmt(after)} {when_after}, the same as {when_before}."
    return f"{subject} {word} from {fmt(before)} {when_before} to {fmt(after)} {when_after}."


def compared_with(before: float, when_before: str, fmt=fmt_count) -> str:
    """A clause comparing this year's figure with an earlier one: "compared with 136 in 2014-15".

    >>> compared_with(136, "in 2014-15")
    'compared with 136 in 2014-15'
    """
    return f"compared with {fmt(before)} {when_before}"


def list_phrase(items: list[str]) -> str:
    """ "a, b and c".

    >>> list_phrase(["adoption (23 children)", "return home (28 children)"])
    'adoption (23 children) and return home (28 children)'
    """
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
