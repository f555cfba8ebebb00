"""Section 9: children's participation in their reviews (PN codes)."""

from __future__ import annotations

import pandas as pd

from ... import codes
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import NOT_RECORDED_LABEL, Lookup, Made, chart, largest, pct_formatter, say, share_table, table


@say("participation", "ssda903", "children's participation in reviews")
def _participation_say(lk: Lookup) -> str:
    d = lk.value("lac_review_aged_4_plus", required=False)

    def share(indicator: str) -> str:
        n = lk.value(indicator, required=False)
        detail = f" ({s.fmt_count(n)} of {s.fmt_count(d)})" if n is not None and d else ""
        return s.fmt_pct(lk.value(f"{indicator}_pct")) + detail

    return (
        f"In {lk.year.label} children aged {codes.PARTICIPATION_AGE} or over took part in "
        f"{share('lac_review_participated')} of their "
        f"statutory reviews (the former national indicator of participation), and their views were conveyed "
        f"to {share('lac_review_views_conveyed')}, in person, through an advocate or by other means."
    )


@table("participation_by_code", "ssda903", "table of participation in reviews")
def _participation_table(lk: Lookup) -> Made:
    counts = lk.by_breakdown("lac_review_participation")
    order = [c for c in codes.PARTICIPATION if c in counts.index] + [
        c for c in counts.index if c not in codes.PARTICIPATION
    ]
    counts = counts.reindex(order)
    shares = lk.by_breakdown("lac_review_participation_pct")
    labels = {
        c: codes.PARTICIPATION[c].description if c in codes.PARTICIPATION else NOT_RECORDED_LABEL for c in counts.index
    }
    display, raw = share_table(counts, shares, labels, "How the child took part")
    display.insert(0, "Code", [c if c in codes.PARTICIPATION else "" for c in counts.index])
    raw.insert(0, "Code", list(counts.index))
    code, _ = largest(counts)
    caption = (
        f"The most common way children took part in their reviews in {lk.year.label}: "
        f"{labels[code].lower()} ({s.fmt_pct(shares[code])} of reviews)"
    )
    return Made(caption, display, raw)


def _participation_data(lk: Lookup) -> pd.DataFrame:
    """Statutory reviews in the year by participation code (``code``), with each code's share of
    all the reviews held (``lac_review_participation_pct``)."""
    counts = lk.by_breakdown("lac_review_participation")
    counts = counts.reindex([c for c in codes.PARTICIPATION if c in counts.index])
    pct = lk.by_breakdown("lac_review_participation_pct").reindex(counts.index)
    labels = [f"{c}: {codes.PARTICIPATION[c].description}" for c in counts.index]
    return pd.DataFrame(
        {
            "Participation": labels,
            "Reviews": counts.to_numpy(),
            "Percentage": pct.to_numpy(),
            "code": list(counts.index),
        }
    )


@chart("participation", "ssda903", "chart of participation in reviews", data=_participation_data)
def _participation_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    frame = data.drop(columns="code")
    figure = ch.bar_chart(
        frame,
        "Participation",
        "Percentage",
        xlabel="% of statutory reviews",
        fmt=pct_formatter(),
        colour=ch.OKABE_ITO["green"],
        wrap=50,
    )
    top = data.loc[data["Percentage"].idxmax()]
    caption = (
        f"Statutory reviews in {lk.year.label} by how the child took part: most often "
        f"{codes.PARTICIPATION[top['code']].description.lower()} ({s.fmt_pct(top['Percentage'])})"
    )
    alt = ch.alt_bars(
        "Bar chart",
        f"statutory reviews held in {lk.year.label} by how the child took part",
        list(frame["Participation"]),
        list(frame["Percentage"]),
        pct_formatter(),
    )
    display = frame.assign(Reviews=tb.counts(frame["Reviews"]), Percentage=tb.percents(frame["Percentage"]))
    return Made(caption, display, data, alt=alt, figure=figure)
