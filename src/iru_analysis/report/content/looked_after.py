"""Section 3: the looked-after population (children looked after, starting and ceasing, placement distance, age, ethnicity)."""

from __future__ import annotations

import pandas as pd

from ... import codes
from ...measures.distance import NEAR_MILES
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import (
    NOT_RECORDED_LABEL,
    Lookup,
    Made,
    age_order,
    band_words,
    bullets,
    chart,
    ethnicity_label,
    largest,
    month_cols,
    optional,
    say,
    share_table,
    table,
)
from .reviews import reviews_sentence

MILES = f"{NEAR_MILES:g} miles"  # the near/far line of the distance bands
DISTANCE = {  # lac_started_by_distance breakdowns (measures.distance)
    "under_20_in": f"{MILES} or less, inside the authority",
    "under_20_out": f"{MILES} or less, outside the authority",
    "over_20_in": f"More than {MILES}, inside the authority",
    "over_20_out": f"More than {MILES}, outside the authority",
    "unknown": "Distance not known",
}


def lac_change(lk: Lookup) -> str:
    """The looked-after population at the two 31 Marches, compared."""
    before = lk.value("lac_at_31_march", lk.start_label)
    after = lk.value("lac_at_31_march", lk.end_label)
    return s.change_sentence(
        "The looked-after population",
        before,
        f"at {s.date_name(lk.start_label)}",
        after,
        f"at {s.date_name(lk.end_label)}",
    )


def started_ceased(lk: Lookup, indicator: str, verb: str) -> str:
    """Children starting (or ceasing) in the year, compared with the year before when known."""
    now = lk.value(indicator)
    before = lk.value(indicator, lk.year.previous().label, required=False)
    text = f"{s.plural(now, 'child', 'children')} {verb} in {lk.year.label}"
    if before is not None:
        text += f", {s.compared_with(before, 'in ' + lk.year.previous().label)}"
    return text + "."


@say("lac_key_messages", "ssda903", "key messages on the looked-after population")
def _lac_key_messages(lk: Lookup) -> str:
    def majority_age() -> str:
        ages = lk.by_breakdown("lac_started_by_age")
        band, n = largest(ages.drop(codes.NOT_RECORDED, errors="ignore"))
        pct = lk.value("lac_started_by_age_pct", breakdown=band)
        return (
            f"The largest age group starting to be looked after was {band_words(band)} "
            f"({s.plural(n, 'child', 'children')}, {s.fmt_pct(pct)})."
        )

    def home() -> str:
        n = lk.value("lac_ceased_by_route", breakdown="home")
        return f"{s.plural(n, 'child', 'children')} left care through a planned return home to their parents."

    lines = [
        lac_change(lk),
        optional(lambda: started_ceased(lk, "lac_started", "started to be looked after")),
        optional(lambda: reviews_sentence(lk)),
        optional(majority_age),
        optional(home),
    ]
    return bullets(lines)


def _lac_month_end_data(lk: Lookup) -> pd.DataFrame:
    """Children looked after at each month end (``month`` as ``YYYY-MM``)."""
    series = lk.by_month("lac_month_end")
    return pd.DataFrame({"month": list(series.index), "lac_month_end": series.to_numpy()})


@chart("lac_month_end", "ssda903", "chart of children looked after at each month end", data=_lac_month_end_data)
def _lac_month_end(lk: Lookup, data: pd.DataFrame) -> Made:
    series = data.set_index("month")["lac_month_end"]
    months = list(series.index)
    frame = pd.DataFrame({"Month": month_cols(months), "Children looked after": series.to_numpy()})
    figure = ch.line_chart(frame, "Month", "Children looked after", ylabel="Children looked after", fmt=s.fmt_count)
    names = [s.month_name(m) for m in months]
    caption = (
        f"Children looked after at each month end {s.trend(list(series))} over the year: "
        f"{s.fmt_count(series.iloc[0])} in {names[0]}, {s.fmt_count(series.iloc[-1])} in {names[-1]}"
    )
    alt = ch.alt_trend("Line chart", "children looked after at each month end", names, list(series), s.fmt_count)
    display = frame.assign(**{"Children looked after": tb.counts(frame["Children looked after"])})
    return Made(caption, display, data, alt=alt, figure=figure)


@say("lac_population", "ssda903", "change in the looked-after population")
def _lac_population(lk: Lookup) -> str:
    return lac_change(lk)


@say("lac_started_ceased", "ssda903", "numbers starting and ceasing to be looked after")
def _lac_started_ceased(lk: Lookup) -> str:
    return " ".join(
        [
            started_ceased(lk, "lac_started", "started to be looked after"),
            started_ceased(lk, "lac_ceased", "ceased to be looked after"),
        ]
    )


@table("lac_flows", "ssda903", "table of children starting and ceasing to be looked after")
def _lac_flows(lk: Lookup) -> Made:
    years = [lk.year.previous(), lk.year]
    raw = pd.DataFrame(
        {
            "Year": [y.label for y in years],
            "Started to be looked after": [lk.value("lac_started", y.label, required=y == lk.year) for y in years],
            "Ceased to be looked after": [lk.value("lac_ceased", y.label, required=y == lk.year) for y in years],
            "Looked after at 31 March": [
                lk.value("lac_at_31_march", y.end.strftime("%Y-%m-%d"), required=y == lk.year) for y in years
            ],
        }
    )
    raw = raw.dropna(subset=["Started to be looked after"])
    display = raw.copy()
    for c in raw.columns[1:]:
        display[c] = tb.counts(raw[c])
    now, before = raw.iloc[-1], raw.iloc[0] if len(raw) > 1 else None
    caption = (
        f"{s.fmt_count(now['Started to be looked after'])} children started and "
        f"{s.fmt_count(now['Ceased to be looked after'])} ceased to be looked after in {lk.year.label}"
    )
    if before is not None:
        caption += (
            f" ({s.fmt_count(before['Started to be looked after'])} and "
            f"{s.fmt_count(before['Ceased to be looked after'])} in {before['Year']})"
        )
    return Made(
        caption,
        display,
        raw,
        notes=[
            "Children are counted once: at their first start and last "
            "cease in the year; short breaks (V3/V4) are excluded."
        ],
    )


@table("lac_started_by_distance", "ssda903", "table of placement distance")
def _distance_table(lk: Lookup) -> Made:
    counts = lk.by_breakdown("lac_started_by_distance").reindex(list(DISTANCE), fill_value=0.0)
    shares = lk.by_breakdown("lac_started_by_distance_pct", required=False)  # of all who started
    display, raw = share_table(counts, shares, DISTANCE, "Distance from home")
    far = counts.get("over_20_out", 0.0)
    who = (
        f"the {s.plural(lk.value('lac_started'), 'child', 'children')} who started to be looked after in "
        f"{lk.year.label}"
    )
    if far == 0:  # a withheld (NaN) count is not 0
        caption = f"None of {who} was placed more than {MILES} from home and outside the authority"
    else:
        caption = (
            f"{s.fmt_count(far)} of {who} {'was' if far == 1 else 'were'} placed more than "
            f"{MILES} from home and outside the authority"
        )
    return Made(
        caption,
        display,
        raw,
        notes=["Distance in a straight line between the home postcode and the postcode of the first placement."],
    )


def age_table(lk: Lookup, indicator: str, heading: str, verb: str) -> Made:
    """Children starting or ceasing to be looked after by age band, captioned by the largest band."""
    ages = age_order(lk.by_breakdown(indicator))
    shares = lk.by_breakdown(f"{indicator}_pct", required=False)  # of all who started (ceased)
    display, raw = share_table(ages, shares, {codes.NOT_RECORDED: NOT_RECORDED_LABEL}, heading)
    band, n = largest(ages.drop(codes.NOT_RECORDED, errors="ignore"))
    caption = (
        f"The largest age group of children {verb} to be looked after in {lk.year.label} was "
        f"{band_words(band)} ({s.fmt_count(n)}, {s.fmt_pct(shares[band])})"
    )
    return Made(caption, display, raw)


@table("lac_started_by_age", "ssda903", "table of ages on starting to be looked after")
def _started_age(lk: Lookup) -> Made:
    return age_table(lk, "lac_started_by_age", "Age on starting", "starting")


@table("lac_ethnicity", "ssda903", "table of the ethnicity of children looked after")
def _lac_ethnicity(lk: Lookup) -> Made:
    counts = lk.by_breakdown("lac_ethnicity", lk.end_label)
    shares = lk.by_breakdown("lac_ethnicity_pct", lk.end_label, required=False)
    labels = {c: ethnicity_label(c) for c in counts.index}
    display, raw = share_table(counts, shares, labels, "Ethnicity", pct_decimals=1, sort=True)
    code, _ = largest(counts)
    caption = (
        f"{s.fmt_pct(shares[code], 1)} of children looked after at "
        f"{s.date_name(lk.year.end)} were {labels[code].split(' (')[0]}"
    )
    return Made(caption, display, raw)
