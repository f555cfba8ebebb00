"""Section 1: the key messages of the whole report, from the other sections' sentences."""

from __future__ import annotations

from .. import sentences as s
from .base import Absent, Lookup, bullets, optional, say
from .child_protection import cpp_change, icpc_sentence, rcpc_sentence
from .looked_after import lac_change
from .reviews import reviews_sentence
from .unit_profile import caseload_sentence


@say("summary_key_messages", "ssda903", "key messages")
def _summary_key_messages(lk: Lookup) -> str:
    lines = [
        optional(lambda: lac_change(lk)),
        optional(
            lambda: (
                f"{s.plural(lk.value('lac_started'), 'child', 'children')} started to be looked after "
                f"in {lk.year.label}."
            )
        ),
        optional(lambda: reviews_sentence(lk)),
        optional(lambda: cpp_change(lk)),
        optional(lambda: icpc_sentence(lk)),
        optional(lambda: rcpc_sentence(lk)),
        optional(lambda: caseload_sentence(lk)),
    ]
    lines = [line for line in lines if line]
    if not lines:
        raise Absent("summary")
    return bullets(lines)
