"""Section 2, the unit's profile: chairs, caseloads against the IRO Handbook, meetings, ethnicity."""

from __future__ import annotations

import pandas as pd

from ... import codes
from ...measures.workforce import IRO_HANDBOOK_RANGE as IRO_HANDBOOK
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, chart, ethnicity_label, largest, say, table


def _workforce(lk: Lookup) -> pd.DataFrame:
    period = lk.params.as_at.isoformat()
    frame = pd.DataFrame(
        {
            name: lk.by_breakdown(name, period, required=name == "chairs_in_post")
            for name in ("chairs_in_post", "chairs_fte", "children_allocated", "caseload_per_fte")
        }
    )
    return frame.reindex([r for r in codes.CHAIR_ROLE if r in frame.index])


@table("chairs_and_caseloads", "iru", "table of chairs and caseloads")
def _chairs_table(lk: Lookup) -> Made:
    w = _workforce(lk)
    raw = pd.DataFrame(
        {
            "Role": [codes.CHAIR_ROLE[r].description for r in w.index],
            "Chairs in post": w["chairs_in_post"].to_numpy(),
            "Full-time equivalents": w["chairs_fte"].to_numpy(),
            "Children allocated": w["children_allocated"].to_numpy(),
            "Children per full-time chair": w["caseload_per_fte"].to_numpy(),
        }
    )
    display = raw.assign(
        **{
            "Chairs in post": tb.counts(raw["Chairs in post"]),
            "Full-time equivalents": raw["Full-time equivalents"].map(lambda v: s.fmt_number(v, 2)),
            "Children allocated": tb.counts(raw["Children allocated"]),
            "Children per full-time chair": tb.counts(raw["Children per full-time chair"]),
        }
    )
    when = s.date_name(lk.params.as_at)
    return Made(
        f"Independent chairs in post and children allocated at {when}",
        display,
        raw,
        notes=[f"One full-time equivalent is {codes.FULL_TIME_HOURS:g} hours a week.", counting_note(lk)],
    )


def counting_note(lk: Lookup) -> str:
    """How vacancies, leave and agency chairs are counted: the parameters' ``chairs_counted``,
    else what the figures do (the chairs listed in post on the date, at their contracted hours)."""
    if lk.params.chairs_counted:
        return f"How chairs are counted: {lk.params.chairs_counted.strip()}"
    return (
        f"How chairs are counted: the chairs listed as in post on {s.date_name(lk.params.as_at)}, at their "
        "contracted hours; a vacant post counts as no one, and a chair on leave or from an agency counts "
        "only when the unit's chairs list has them."
    )


def _caseloads_data(lk: Lookup) -> pd.DataFrame:
    """Children per full-time chair at the as-at date, one row per role ("Independent
    reviewing officers (IRO)")."""
    load = lk.by_breakdown("caseload_per_fte", lk.params.as_at.isoformat())
    load = load.reindex([r for r in codes.CHAIR_ROLE if r in load.index])
    labels = [f"{codes.CHAIR_ROLE[r].description}s ({r})" for r in load.index]
    return pd.DataFrame({"Role": labels, "Children per full-time chair": load.to_numpy()})


@chart("caseloads", "iru", "chart of caseloads", data=_caseloads_data)
def _caseloads_chart(lk: Lookup, frame: pd.DataFrame) -> Made:
    load = frame["Children per full-time chair"]
    when = s.date_name(lk.params.as_at)
    figure = ch.bar_chart(
        frame,
        "Role",
        "Children per full-time chair",
        xlabel="Children per full-time chair",
        fmt=s.fmt_count,
        reference_band=IRO_HANDBOOK,
        band_label=f"IRO Handbook, for IROs: {IRO_HANDBOOK[0]} to {IRO_HANDBOOK[1]}",
        wrap=30,
    )
    low, high = IRO_HANDBOOK
    iro = frame.loc[frame["Role"].str.endswith("(IRO)"), "Children per full-time chair"]
    caption = f"Children per full-time chair at {when}"
    if not iro.empty:
        shown = s.round_half_up(iro.iloc[0])
        where = "above" if shown > high else "below" if shown < low else "within"
        caption = (
            f"{s.fmt_count(iro.iloc[0])} children per full-time IRO at {when}, {where} the IRO Handbook's "
            f"recommended {low} to {high} (which applies to IROs only)"
        )
    alt = ch.alt_bars(
        "Bar chart",
        f"children per full-time chair at {when}; the IRO Handbook recommends {low} to {high} per IRO",
        list(frame["Role"].str.rsplit(" (", n=1).str[0]),
        list(load),
        s.fmt_count,
    )
    display = frame.assign(**{"Children per full-time chair": tb.counts(frame["Children per full-time chair"])})
    return Made(caption, display, frame, alt=alt, figure=figure)


def caseload_sentence(lk: Lookup) -> str:
    """Caseloads per full-time chair at the as-at date, beside the IRO Handbook's range."""
    load = lk.by_breakdown("caseload_per_fte", lk.params.as_at.isoformat())
    parts = [f"{s.fmt_count(load[r])} children per full-time {r}" for r in codes.CHAIR_ROLE if r in load.index]
    if not parts:
        raise Absent("caseload_per_fte")
    return (
        f"At {s.date_name(lk.params.as_at)} caseloads were {s.list_phrase(parts)}; the IRO Handbook "
        f"recommends {IRO_HANDBOOK[0]} to {IRO_HANDBOOK[1]} looked-after children per full-time IRO."
    )


@say("caseloads", "iru", "caseloads")
def _caseloads(lk: Lookup) -> str:
    return caseload_sentence(lk)


@say("meetings_per_month", "ssda903", "meetings a month")
def _meetings(lk: Lookup) -> str:
    per = lk.by_breakdown("meetings_per_month")
    parts = []
    if "lac_review" in per.index:
        parts.append(f"{s.fmt_number(per['lac_review'], 1)} statutory reviews of looked-after children")
    if "cp_conference" in per.index:
        parts.append(f"{s.fmt_number(per['cp_conference'], 1)} child protection conferences")
    if not parts:
        raise Absent("meetings_per_month")
    return f"On average {s.list_phrase(parts)} took place each month in {lk.year.label}."


@say("children_ethnicity", "ssda903", "ethnicity of children")
def _children_ethnicity(lk: Lookup) -> str:
    parts = []
    for indicator, who in (
        ("lac_ethnicity_pct", "children looked after"),
        ("cpp_ethnicity_pct", "children on a child protection plan"),
    ):
        pct = lk.by_breakdown(indicator, lk.end_label, required=False)
        if not pct.empty:
            code, value = largest(pct)
            parts.append(f"{s.fmt_pct(value, 1)} of {who} were {ethnicity_label(code).split(' (')[0]}")
    if not parts:
        raise Absent("lac_ethnicity_pct")
    return f"At {s.date_name(lk.year.end)}, {s.list_phrase(parts)}. The tables in sections 3 and 7 give every group."
