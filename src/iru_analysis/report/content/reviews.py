"""Section 5: care plan (statutory) reviews by month and over three years."""

from __future__ import annotations

import pandas as pd

from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, chart, month_cols, month_table, pct_formatter, say, table


def reviews_sentence(lk: Lookup) -> str:
    """Statutory reviews held in the year and the share in time, compared with the year before."""
    total = lk.value("lac_reviews_total")
    in_time = lk.value("lac_reviews_in_time")
    text = (f"{s.fmt_count(total)} statutory reviews were held in {lk.year.label}, {s.fmt_count(in_time)} "
            f"({s.fmt_pct(s.share(in_time, total))}) of them within timescale")
    prev = lk.year.previous().label
    p_total = lk.value("lac_reviews_total", prev, required=False)
    p_in_time = lk.value("lac_reviews_in_time", prev, required=False)
    if p_total and p_in_time is not None:
        text += f", compared with {s.fmt_pct(s.share(p_in_time, p_total))} in {prev}"
    return text + "."


@say("reviews_key_message", "ssda903", "timeliness of statutory reviews")
def _reviews_key(lk: Lookup) -> str:
    text = reviews_sentence(lk)
    total = lk.by_month("lac_reviews_total", required=False)
    in_time = lk.by_month("lac_reviews_in_time", required=False).reindex(total.index)
    pct = (in_time / total * 100).where(total > 0).dropna()
    if not pct.empty:
        low = pct.idxmin()
        text += (f" The lowest month was {s.month_name(low)}, when {s.fmt_pct(pct[low])} of reviews were held "
                 f"within timescale.")
    return text


@table("reviews_by_month", "ssda903", "table of statutory reviews by month")
def _reviews_table(lk: Lookup) -> Made:
    total, in_time = lk.by_month("lac_reviews_total"), lk.by_month("lac_reviews_in_time")
    pct = (in_time / total * 100).where(total > 0)
    year_total, year_in_time = lk.value("lac_reviews_total"), lk.value("lac_reviews_in_time")
    display, raw = month_table(
        {"Reviews held": total, "Held in timescale": in_time, "% held in timescale": pct},
        {"Reviews held": year_total, "Held in timescale": year_in_time,
         "% held in timescale": s.share(year_in_time, year_total)},
        f"Statutory reviews {lk.year.label}", pct_rows=("% held in timescale",))
    caption = (f"{s.fmt_count(year_total)} statutory reviews were held in {lk.year.label}, "
               f"{s.fmt_pct(s.share(year_in_time, year_total))} of them within timescale")
    return Made(caption, display, raw)


@chart("reviews_in_time_by_month", "ssda903", "chart of reviews held in timescale by month")
def _reviews_chart(lk: Lookup) -> Made:
    total, in_time = lk.by_month("lac_reviews_total"), lk.by_month("lac_reviews_in_time")
    pct = (in_time / total * 100).where(total > 0).dropna()
    months = list(pct.index)
    frame = pd.DataFrame({"Month": month_cols(months), "Reviews held": total.reindex(months).to_numpy(),
                          "Held in timescale": in_time.reindex(months).to_numpy(),
                          "% held in timescale": pct.to_numpy()})
    png = ch.line_chart(frame, "Month", "% held in timescale", ylabel="% of reviews held in timescale",
                        fmt=pct_formatter())
    names = [s.month_name(m) for m in months]
    low, high = pct.idxmin(), pct.idxmax()
    caption = (f"Reviews held within timescale ranged from {s.fmt_pct(pct[low])} in {s.month_name(low)} to "
               f"{s.fmt_pct(pct[high])} in {s.month_name(high)}")
    alt = ch.alt_trend("Line chart", "percentage of statutory reviews held within timescale each month", names,
                       list(pct), pct_formatter())
    display = frame.assign(**{"Reviews held": tb.counts(frame["Reviews held"]),
                              "Held in timescale": tb.counts(frame["Held in timescale"]),
                              "% held in timescale": tb.percents(frame["% held in timescale"])})
    return Made(caption, display, frame.assign(Month=months), alt=alt, png=png)


@table("reviews_three_years", "ssda903", "table of statutory reviews over three years")
def _reviews_years(lk: Lookup) -> Made:
    total, in_time = lk.by_year("lac_reviews_total"), lk.by_year("lac_reviews_in_time")
    if lk.year.label not in total.index:
        raise Absent("lac_reviews_total")
    years = sorted(total.index, reverse=True)
    raw = pd.DataFrame({"Year": years, "Reviews held": total.reindex(years).to_numpy(),
                        "Held in timescale": in_time.reindex(years).to_numpy()})
    raw["% held in timescale"] = raw["Held in timescale"] / raw["Reviews held"] * 100
    display = raw.assign(**{"Reviews held": tb.counts(raw["Reviews held"]),
                            "Held in timescale": tb.counts(raw["Held in timescale"]),
                            "% held in timescale": tb.percents(raw["% held in timescale"])})
    pcts = raw.set_index("Year")["% held in timescale"]
    if len(pcts) > 1:
        caption = (f"Statutory reviews held within timescale {s.direction(pcts.iloc[-1], pcts.iloc[0])} from "
                   f"{s.fmt_pct(pcts.iloc[-1])} in {pcts.index[-1]} to {s.fmt_pct(pcts.iloc[0])} in {pcts.index[0]}")
        if s.direction(pcts.iloc[-1], pcts.iloc[0]) == "stayed":
            caption = f"Statutory reviews held within timescale stayed at {s.fmt_pct(pcts.iloc[0])} from " \
                      f"{pcts.index[-1]} to {pcts.index[0]}"
    else:
        caption = f"Statutory reviews held within timescale in {lk.year.label}"
    return Made(caption, display, raw)
