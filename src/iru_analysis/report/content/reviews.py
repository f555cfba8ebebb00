"""Section 5: care plan (statutory) reviews by month and over three years.

Where the review history in the data is partial, some reviews cannot be assessed for
timeliness (``lac_reviews_not_assessed``; see ``iru_analysis.measures.reviews``). A
year's percentage in time is then taken over the reviews assessed; a month in which any
review could not be assessed shows no percentage (never 0%): of its first reviews only
those late even in the best case can be told apart, so its percentage would understate
timeliness. The sentences, captions and notes say how many reviews could not be
assessed and why. With the whole history nothing is said about
it and the wording is as it always was.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, NoFigures, chart, month_cols, month_table, pct_formatter, say, table

PCT = "% held in timescale"
PCT_ASSESSED = "% of those assessed held in timescale"


def _history_start(lk: Lookup) -> str:
    """The first day of the review history, as "1 April 2015"."""
    found = lk.rows("lac_reviews_history_start")
    if found.empty:
        raise Absent("lac_reviews_history_start")
    return s.date_name(found["period"].iloc[0])


def not_assessed_reason(lk: Lookup) -> str:
    """Why reviews could not be assessed (a clause to follow a count of them)."""
    return (
        f"the review history in the data begins on {_history_start(lk)}, and each was the first review "
        f"in it of a period of care that began before then, so whether it was held in time depends on "
        f"reviews the data do not hold"
    )


class YearCounts(NamedTuple):
    """A year's review figures; ``pct`` (in time, of those assessed) is None when none was assessed."""

    held: float
    in_time: float
    not_assessed: float
    assessed: float
    pct: float | None


def _year_counts(lk: Lookup, period: str | None = None, required: bool = True) -> YearCounts | None:
    """A year's review figures, or None when they are absent and not required."""
    total = lk.value("lac_reviews_total", period, required=required)
    in_time = lk.value("lac_reviews_in_time", period, required=required)
    if total is None or in_time is None:
        return None
    return YearCounts(
        total,
        in_time,
        lk.value("lac_reviews_not_assessed", period, required=False) or 0.0,
        lk.value("lac_reviews_assessed", period, required=required),
        lk.value("lac_reviews_in_time_pct", period, required=False),
    )


def _months(lk: Lookup, drop_empty: bool = False) -> pd.DataFrame:
    """Held, in time, not assessed and the percentage in time (``lac_reviews_in_time_pct``), by
    month; the percentage only for the months in which every review held was assessed (see
    the module docstring)."""
    total = lk.by_month("lac_reviews_total")
    frame = pd.DataFrame(
        {
            "total": total,
            "in_time": lk.by_month("lac_reviews_in_time").reindex(total.index),
            "not_assessed": lk.by_month("lac_reviews_not_assessed", required=False).reindex(
                total.index, fill_value=0.0
            ),
        }
    )
    frame["pct"] = (
        lk.by_month("lac_reviews_in_time_pct", required=False).reindex(total.index).where(frame["not_assessed"] == 0)
    )
    return frame[frame["total"] > 0] if drop_empty else frame


def reviews_sentence(lk: Lookup) -> str:
    """Statutory reviews held in the year and the share in time (of those assessed), compared
    with the year before; with the reviews that could not be assessed and why."""
    year = _year_counts(lk)
    text = f"{s.fmt_count(year.held)} statutory reviews were held in {lk.year.label}"
    if year.pct is None:
        if year.held:
            return f"{text}; none could be assessed for timeliness: {not_assessed_reason(lk)}."
        return f"{text}."
    pct = s.fmt_pct(year.pct)
    text += (
        f", {s.fmt_count(year.in_time)} ({pct}) of them within timescale"
        if not year.not_assessed
        else f", {s.fmt_count(year.in_time)} ({pct}) of the {s.fmt_count(year.assessed)} whose timeliness could "
        f"be assessed within timescale"
    )
    prev = lk.year.previous().label
    before = _year_counts(lk, prev, required=False)
    if before and before.pct is not None:
        text += f", compared with {s.fmt_pct(before.pct)} in {prev}"
    text += "."
    if year.not_assessed:
        text += f" {s.plural(year.not_assessed, 'review')} could not be assessed: {not_assessed_reason(lk)}."
    return text


@say("reviews_key_message", "ssda903", "timeliness of statutory reviews")
def _reviews_key(lk: Lookup) -> str:
    text = reviews_sentence(lk)
    months = _months(lk)
    shown = months.dropna(subset=["pct"])
    if not shown.empty:
        low = shown["pct"].idxmin()
        among = " of those in which every review could be assessed" if months["not_assessed"].any() else ""
        text += (
            f" The lowest month{among} was {s.month_name(low)}, when {s.fmt_pct(shown.loc[low, 'pct'])} "
            f"of reviews were held within timescale."
        )
    return text


def _not_assessed_notes(lk: Lookup, missing: float, months: pd.DataFrame) -> list[str]:
    """Notes under a table or chart: how many reviews were not assessed, why, and the months
    left without a percentage."""
    if not missing:
        return []
    notes = [
        f"{s.plural(missing, 'review')} held in {lk.year.label} could not be assessed for timeliness: "
        f"{not_assessed_reason(lk)}. Percentages are of the reviews assessed."
    ]
    blank = months.index[(months["total"] > 0) & months["pct"].isna()]
    if len(blank):
        notes.append(
            f"No percentage is shown for {s.list_phrase([s.month_name(m) for m in blank])}: some "
            f"reviews held then could not be assessed, and of those only the ones late whatever "
            f"came before can be told apart, so a percentage would understate timeliness."
        )
    return notes


@table("reviews_by_month", "ssda903", "table of statutory reviews by month")
def _reviews_table(lk: Lookup) -> Made:
    months = _months(lk)
    counts = _year_counts(lk)
    missing = counts.not_assessed
    rows = {"Reviews held": months["total"]}
    year = {"Reviews held": counts.held}
    if missing:
        rows["Not assessed"], year["Not assessed"] = months["not_assessed"], missing
    pct_name = PCT_ASSESSED if missing else PCT
    rows.update({"Held in timescale": months["in_time"], pct_name: months["pct"]})
    year.update({"Held in timescale": counts.in_time, pct_name: float("nan") if counts.pct is None else counts.pct})
    display, raw = month_table(rows, year, f"Statutory reviews {lk.year.label}", pct_rows=(pct_name,))
    caption = f"{s.fmt_count(counts.held)} statutory reviews were held in {lk.year.label}"
    if counts.pct is None:
        caption += "; none could be assessed for timeliness" if missing else ""
    elif not missing:
        caption += f", {s.fmt_pct(counts.pct)} of them within timescale"
    else:
        caption += f"; {s.fmt_pct(counts.pct)} of the {s.fmt_count(counts.assessed)} assessed were within timescale"
    return Made(caption, display, raw, notes=_not_assessed_notes(lk, missing, months))


def _reviews_chart_data(lk: Lookup) -> pd.DataFrame:
    """For each month with reviews (``YYYY-MM``): held, not assessed (only when some were not),
    held in timescale, and the percentage in timescale (of those assessed, when some were not)."""
    months = _months(lk, drop_empty=True)
    year = _year_counts(lk)
    missing = year.not_assessed
    if months["pct"].dropna().empty:
        what = (
            "no review held in the year could be assessed"
            if year.pct is None
            else "in no month could every review held be assessed"
        )
        raise NoFigures(
            f"The chart of reviews held in timescale cannot be shown for {lk.year.label}: {what} "
            f"for timeliness ({not_assessed_reason(lk)})."
        )
    frame = pd.DataFrame({"Month": list(months.index), "Reviews held": months["total"].to_numpy()})
    if missing:
        frame["Not assessed"] = months["not_assessed"].to_numpy()
    frame["Held in timescale"] = months["in_time"].to_numpy()
    frame[PCT_ASSESSED if missing else PCT] = months["pct"].to_numpy()
    return frame


@chart("reviews_in_time_by_month", "ssda903", "chart of reviews held in timescale by month", data=_reviews_chart_data)
def _reviews_chart(lk: Lookup, frame: pd.DataFrame) -> Made:
    assessed_only = PCT_ASSESSED in frame
    pct_name = PCT_ASSESSED if assessed_only else PCT
    pct = frame.set_index("Month")[pct_name].dropna()
    shown = frame.assign(Month=month_cols(list(frame["Month"])))
    ylabel = f"% of {'assessed ' if assessed_only else ''}reviews held in timescale"
    figure = ch.line_chart(shown, "Month", pct_name, ylabel=ylabel, fmt=pct_formatter())
    low, high = pct.idxmin(), pct.idxmax()
    subject = "In the months in which every review could be assessed, reviews held" if assessed_only else "Reviews held"
    caption = (
        f"{subject} within timescale ranged from {s.fmt_pct(pct[low])} in {s.month_name(low)} to "
        f"{s.fmt_pct(pct[high])} in {s.month_name(high)}"
    )
    which = "the statutory reviews assessed that were" if assessed_only else "statutory reviews"
    alt = ch.alt_trend(
        "Line chart",
        f"percentage of {which} held within timescale each month",
        [s.month_name(m) for m in pct.index],
        list(pct),
        pct_formatter(),
    )
    display = shown.assign(
        **{c: tb.counts(shown[c]) for c in shown.columns if c not in ("Month", pct_name)},
        **{pct_name: tb.percents(shown[pct_name])},
    )
    months = pd.DataFrame(
        {"total": frame["Reviews held"].to_numpy(), "pct": frame[pct_name].to_numpy()}, index=frame["Month"].to_numpy()
    )
    return Made(
        caption,
        display,
        frame,
        alt=alt,
        figure=figure,
        notes=_not_assessed_notes(lk, _year_counts(lk).not_assessed, months),
    )


@table("reviews_three_years", "ssda903", "table of statutory reviews over three years")
def _reviews_years(lk: Lookup) -> Made:
    total, in_time = lk.by_year("lac_reviews_total"), lk.by_year("lac_reviews_in_time")
    if lk.year.label not in total.index:
        raise Absent("lac_reviews_total")
    years = sorted(total.index, reverse=True)
    missing = lk.by_year("lac_reviews_not_assessed").reindex(years, fill_value=0.0)
    raw = pd.DataFrame({"Year": years, "Reviews held": total.reindex(years).to_numpy()})
    if missing.any():
        raw["Not assessed"] = missing.to_numpy()
    pct_name = PCT_ASSESSED if missing.any() else PCT
    raw["Held in timescale"] = in_time.reindex(years).to_numpy()
    raw[pct_name] = lk.by_year("lac_reviews_in_time_pct").reindex(years).to_numpy()
    display = raw.assign(
        **{c: tb.counts(raw[c]) for c in raw.columns if c not in ("Year", pct_name)},
        **{pct_name: tb.percents(raw[pct_name])},
    )
    pcts = raw.set_index("Year")[pct_name].dropna()
    if len(pcts) > 1:
        caption = (
            f"Statutory reviews held within timescale {s.direction(pcts.iloc[-1], pcts.iloc[0])} from "
            f"{s.fmt_pct(pcts.iloc[-1])} in {pcts.index[-1]} to {s.fmt_pct(pcts.iloc[0])} in {pcts.index[0]}"
        )
        if s.direction(pcts.iloc[-1], pcts.iloc[0]) == "stayed":
            caption = (
                f"Statutory reviews held within timescale stayed at {s.fmt_pct(pcts.iloc[0])} from "
                f"{pcts.index[-1]} to {pcts.index[0]}"
            )
    else:
        caption = f"Statutory reviews held within timescale in {lk.year.label}"
    notes = []
    if missing.any():
        counts = s.list_phrase([f"{s.fmt_count(n)} in {y}" for y, n in missing.items() if n])
        notes.append(
            f"Reviews that could not be assessed for timeliness ({counts}): {not_assessed_reason(lk)}. "
            f"Percentages are of the reviews assessed."
        )
    return Made(caption, display, raw, notes=notes)
