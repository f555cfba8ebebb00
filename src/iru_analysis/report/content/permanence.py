"""Recipes of the permanence section: children who ceased to be looked after, and how."""

from __future__ import annotations

import pandas as pd

from ... import codes
from .. import sentences as s
from .. import tables as tb
from .base import Lookup, Made, say, table
from .looked_after import age_table, started_ceased

ROUTE_WORDS = {  # lac_ceased_by_route breakdowns (measures.looked_after.PERMANENCE_ROUTES)
    "adoption": "were adopted",
    "sgo": "left on a special guardianship order",
    "cao": "left on a residence or child arrangements order",
    "home": "returned home to their parents as part of care planning",
}


@say("lac_ceased", "ssda903", "number of children ceasing to be looked after")
def _lac_ceased(lk: Lookup) -> str:
    return started_ceased(lk, "lac_ceased", "ceased to be looked after")


@say("permanence_routes", "ssda903", "routes to permanence")
def _permanence(lk: Lookup) -> str:
    routes = lk.by_breakdown("lac_ceased_by_route")
    parts = [f"{s.fmt_count(routes[route])} {words}" for route, words in ROUTE_WORDS.items() if route in routes]
    return (
        f"Of the {s.plural(lk.value('lac_ceased'), 'child', 'children')} who ceased to be looked after in "
        f"{lk.year.label}, {s.list_phrase(parts)}."
    )


@table("lac_ceased_by_reason", "ssda903", "table of reasons for ceasing to be looked after")
def _ceased_reason(lk: Lookup) -> Made:
    counts = lk.by_breakdown("lac_ceased_by_reason").sort_values(ascending=False, kind="stable")
    raw = pd.DataFrame(
        {
            "Reason": [codes.REASON_CEASED[c].description if c in codes.REASON_CEASED else c for c in counts.index],
            "Code": counts.index,
            "Children": counts.to_numpy(),
        }
    )
    display = raw.assign(Children=tb.counts(raw["Children"]))
    top = raw.iloc[0]
    caption = (
        f"The most common reason for ceasing to be looked after in {lk.year.label} was: "
        f"{top['Reason'].lower()} ({s.plural(top['Children'], 'child', 'children')})"
    )
    return Made(caption, display, raw)


@table("lac_ceased_by_age", "ssda903", "table of ages on ceasing to be looked after")
def _ceased_age(lk: Lookup) -> Made:
    return age_table(lk, "lac_ceased_by_age", "Age on ceasing", "ceasing")
