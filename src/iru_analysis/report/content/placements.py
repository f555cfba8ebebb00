"""Section 6: placement types and stability beside comparators."""

from __future__ import annotations

import pandas as pd

from ... import codes
from ...measures.placements import LONG_TERM_CARE_MONTHS, LONG_TERM_PLACEMENT_MONTHS
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, chart, comparator_words, largest, pct_formatter, say, table

CARE_YEARS = f"{LONG_TERM_CARE_MONTHS / 12:g} years"  # long-term stability: looked after this long...
PLACEMENT_YEARS = f"{LONG_TERM_PLACEMENT_MONTHS / 12:g} years"  # ...and in the same placement this long


STABILITY = {
    "lac_stability_3plus_pct": "Children looked after at 31 March with 3 or more placements in the year",
    "lac_stability_long_term_pct": (
        f"Children under 16 looked after for {CARE_YEARS} or more, in the same placement for {PLACEMENT_YEARS}"
    ),
}


@say("placements_key_message", "ssda903", "placement types")
def _placements_key(lk: Lookup) -> str:
    pct = lk.by_breakdown("lac_placement_group_pct", lk.end_label)
    group, value = largest(pct)
    label = codes.PLACEMENT_GROUP.get(group, (group,))[0].lower()
    return (
        f"At {s.date_name(lk.year.end)} most children looked after were in {label} ({s.fmt_pct(value, 1)})."
        if value > 50
        else f"At {s.date_name(lk.year.end)} the largest group of children looked after were in {label} "
        f"({s.fmt_pct(value, 1)})."
    )


def _placement_types_data(lk: Lookup) -> pd.DataFrame:
    """Children looked after at the year end by placement type (largest first; ``group`` the code)."""
    pct = lk.by_breakdown("lac_placement_group_pct", lk.end_label)
    counts = lk.by_breakdown("lac_placement_group", lk.end_label).reindex(pct.index)
    pct = pct[pct > 0].sort_values(ascending=False, kind="stable")
    labels = [codes.PLACEMENT_GROUP.get(g, (g,))[0] for g in pct.index]
    return pd.DataFrame(
        {
            "Placement type": labels,
            "Children": counts.reindex(pct.index).to_numpy(),
            "Percentage": pct.to_numpy(),
            "group": list(pct.index),
        }
    )


@chart("placement_types", "ssda903", "chart of placement types", data=_placement_types_data)
def _placement_types(lk: Lookup, data: pd.DataFrame) -> Made:
    frame = data.drop(columns="group")
    figure = ch.bar_chart(
        frame, "Placement type", "Percentage", xlabel="% of children looked after", fmt=pct_formatter(1)
    )
    when = s.date_name(lk.year.end)
    top = frame.loc[frame["Percentage"].idxmax()]
    caption = (
        f"{s.fmt_pct(top['Percentage'], 1)} of children looked after at {when} were in {top['Placement type'].lower()}"
    )
    alt = ch.alt_bars(
        "Bar chart",
        f"percentage of children looked after at {when} by placement type",
        list(frame["Placement type"]),
        list(frame["Percentage"]),
        pct_formatter(1),
    )
    display = frame.assign(Children=tb.counts(frame["Children"]), Percentage=tb.percents(frame["Percentage"], 1))
    return Made(caption, display, data, alt=alt, figure=figure)


def _long_term_missing(lk: Lookup) -> str:
    """Why this year's long-term stability is not shown (empty when it is)."""
    if lk.value("lac_stability_long_term_pct", required=False) is not None:
        return ""
    return (
        f"Long-term stability is not given for {lk.year.label}: it needs each child's date of birth and the "
        f"{LONG_TERM_CARE_MONTHS} months of care before the year end, which the data do not hold whole."
    )


def _stability_frame(lk: Lookup) -> pd.DataFrame:
    """Long frame: measure, who (authority year or comparator area), value, source."""
    rows = []
    for indicator, label in STABILITY.items():
        years = lk.by_year(indicator, last=2)
        for y, v in years.items():
            rows.append((label, f"{lk.params.authority_name} {y}", v, ""))
        for c in lk.comparators(indicator).itertuples():
            verified = "" if str(c.verified).lower() == "true" else " (not verified)"
            rows.append((label, f"{c.area} {lk.year.label}", float(c.value), f"{c.source}{verified}"))
    frame = pd.DataFrame(rows, columns=["Measure", "Area and year", "Percentage", "Source"])
    if frame.empty or not frame["Area and year"].str.endswith(lk.year.label).any():
        raise Absent("lac_stability_3plus_pct")
    return frame


@table("stability_vs_comparators", "ssda903", "table of placement stability")
def _stability_table(lk: Lookup) -> Made:
    frame = _stability_frame(lk)
    wide = frame.pivot_table(index="Measure", columns="Area and year", values="Percentage", sort=False)
    wide = wide.reindex([m for m in STABILITY.values() if m in wide.index]).reset_index()
    display = wide.copy()
    for c in wide.columns[1:]:
        display[c] = tb.percents(wide[c], 1)
    sources = sorted({x for x in frame["Source"] if x})
    notes = [f"Comparators: {x}." for x in sources] + [n for n in [_long_term_missing(lk)] if n]
    caption = f"Placement stability in {lk.year.label} beside earlier years and comparators"
    own = frame[frame["Area and year"] == f"{lk.params.authority_name} {lk.year.label}"].set_index("Measure")
    if STABILITY["lac_stability_long_term_pct"] in own.index:
        caption = (
            f"{s.fmt_pct(own.loc[STABILITY['lac_stability_long_term_pct'], 'Percentage'], 1)} of children "
            f"under 16 looked after for {CARE_YEARS} or more had been in the same placement for "
            f"{PLACEMENT_YEARS}"
        )
    return Made(caption, display.rename(columns={"Measure": "Measure (%)"}), frame, notes=notes)


@chart("stability", "ssda903", "chart of placement stability", data=_stability_frame)
def _stability_chart(lk: Lookup, frame: pd.DataFrame) -> Made:
    short = {
        STABILITY["lac_stability_3plus_pct"]: "3 or more placements in the year (lower is better)",
        STABILITY["lac_stability_long_term_pct"]: f"Same placement for {PLACEMENT_YEARS} (higher is better)",
    }
    plot = frame.assign(Measure=frame["Measure"].map(short))
    figure = ch.grouped_bar_chart(
        plot, "Measure", "Area and year", "Percentage", ylabel="% of children", fmt=pct_formatter(1)
    )
    others = [a for a in dict.fromkeys(frame["Area and year"]) if not a.startswith(lk.params.authority_name)]
    years = [
        a.removeprefix(lk.params.authority_name).strip()
        for a in dict.fromkeys(frame["Area and year"])
        if a.startswith(lk.params.authority_name)
    ]
    caption = f"Placement stability: {lk.params.authority_name} " + (
        f"beside {s.list_phrase(others)}" if others else f"in {s.list_phrase(years)}"
    )
    own = frame.loc[frame["Area and year"] == f"{lk.params.authority_name} {lk.year.label}"].set_index("Measure")
    said = [
        f"{s.fmt_pct(own.loc[label, 'Percentage'], 1)} {words}"
        for label, words in (
            (
                STABILITY["lac_stability_3plus_pct"],
                "of children had 3 or more placements in the year (lower is better)",
            ),
            (
                STABILITY["lac_stability_long_term_pct"],
                f"of those in long-term care had the same placement for {PLACEMENT_YEARS} (higher is better)",
            ),
        )
        if label in own.index
    ]
    if said:
        caption = f"In {lk.year.label}, {s.list_phrase(said)}" + (f", beside {s.list_phrase(others)}" if others else "")
    alt = ch.fit_alt(
        f"Bar chart: {caption}.",
        [f"{row['Measure']}, {row['Area and year']}: {s.fmt_pct(row['Percentage'], 1)}" for _, row in plot.iterrows()],
    )
    display = plot.assign(Percentage=tb.percents(plot["Percentage"], 1))
    return Made(caption, display, frame, alt=alt, figure=figure)


@say("stability", "ssda903", "placement stability")
def _stability_say(lk: Lookup) -> str:
    out = []
    for indicator, words in (
        (
            "lac_stability_long_term_pct",
            f"of children under 16 looked after for {CARE_YEARS} "
            "or more had lived in the same placement for "
            f"{PLACEMENT_YEARS}",
        ),
        ("lac_stability_3plus_pct", "of children looked after at 31 March had 3 or more placements during the year"),
    ):
        now = lk.value(indicator, required=False)
        if now is None:
            continue
        before = lk.value(indicator, lk.year.previous().label, required=False)
        text = f"In {lk.year.label}, {s.fmt_pct(now, 1)} {words}"
        if before is not None:
            text += f" ({s.fmt_pct(before, 1)} in {lk.year.previous().label})"
        comps = comparator_words(lk, indicator, pct_formatter(1))
        if comps:
            text += f"; {comps}"
        out.append(text + ".")
    if not out:
        raise Absent("lac_stability_3plus_pct")
    return " ".join(out + [n for n in [_long_term_missing(lk)] if n])
