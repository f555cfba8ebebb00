"""Placements of looked-after children: type at year end, and placement stability.

Rules and sources:

* **Placement type at 31 March** (DfE CLA statistical release, docs/data-standards.md §1.4):
  children looked after at 31 March (V3/V4 excluded, see ``looked_after_at``) by the
  PLACE of the episode open that day, grouped as ``codes.PLACEMENT_GROUP``. A code in no
  group (or a blank) is counted under ``other``.
* **Short-term stability, 3 or more placements** (old NI 62; docs/data-standards.md §4.2): % of
  children looked after at 31 March who had 3 or more placements during the year.
  Convention chosen (the brief's, after the DfE's placement count): a child's
  placements in the year are the placement held at the start of the year (or on
  entry: the child's first non-short-break episode that is open on or after 1 April)
  plus every later episode starting in the year whose RNE is S, P, B, T or U (a new
  placement; L is a legal change only). Episodes in a temporary placement (PLACE
  T0-T4) and short-break episodes (LS V3/V4) are not counted. A return to the former
  carer after a temporary placement is counted when recorded with RNE P/B/T/U (no
  attempt is made to recognise it as the same placement).
* **Long-term stability** (old NI 63; docs/data-standards.md §4.3): % of children aged under 16
  at 31 March, looked after continuously for at least 2.5 years (their period of care
  started on or before 31 March less 30 months), who have been in the same placement
  for at least 2 years (it started on or before 31 March less 24 months), or who are
  placed for adoption (A3-A6) and whose adoptive placement together with the
  placement before it has lasted at least 2 years. Convention chosen: a placement runs
  on across episodes linked within a period of care while the carer does not change,
  i.e. through RNE L (legal status only) and, with ``same_carer=True`` (the default,
  the EES wording "living with the same carer"), also T and U (placement change, same
  carer); P, B and S start a new placement.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import ReportingYear, add_months
from ..codes import PLACEMENT_GROUP, PLACEMENT_TO_GROUP, SHORT_BREAKS, TEMPORARY_PLACEMENTS
from ..dataset import Dataset
from ..periods import period_ids, run_starts
from . import FIGURE_COLUMNS, figure_frame, years_held
from .looked_after import ages_on, looked_after_at

SUBJECT = "placements"

NEW_PLACEMENT_RNE = frozenset({"S", "P", "B", "T", "U"})
ADOPTION_PLACEMENTS = frozenset(PLACEMENT_GROUP["placed_for_adoption"][1])
LONG_TERM_CARE_MONTHS = 30  # NI 63: looked after for at least 2.5 years...
LONG_TERM_PLACEMENT_MONTHS = 24  # ...and in the same placement for at least 2 years

INDICATORS: dict[str, str] = {
    "lac_placement_group": "Children looked after at 31 March by the DfE group of their placement type on that day.",
    "lac_placement_group_pct": "Percentage of children looked after at 31 March in each DfE placement group.",
    "lac_stability_3plus_n": "Children looked after at 31 March who had 3 or more placements during the year (temporary placements T0-T4 not counted).",
    "lac_stability_3plus_d": "Children looked after at 31 March (short breaks excluded).",
    "lac_stability_3plus_pct": "Percentage of children looked after at 31 March who had 3 or more placements during the year (old NI 62).",
    "lac_stability_long_term_n": f"Children under 16 at 31 March looked after for {LONG_TERM_CARE_MONTHS / 12:g} years or more who have lived in the same placement (or adoptive placement with the one before it) for {LONG_TERM_PLACEMENT_MONTHS / 12:g} years or more.",
    "lac_stability_long_term_d": f"Children under 16 at 31 March who have been looked after continuously for {LONG_TERM_CARE_MONTHS / 12:g} years or more.",
    "lac_stability_long_term_pct": f"Percentage of children under 16 looked after continuously for {LONG_TERM_CARE_MONTHS / 12:g} years or more who have been in the same placement for {LONG_TERM_PLACEMENT_MONTHS / 12:g} years or more (old NI 63).",
}


def placement_groups_at(episodes: pd.DataFrame, date: pd.Timestamp) -> pd.Series:
    """Children looked after on ``date`` per placement group (every group listed, 0 when empty)."""
    on = looked_after_at(episodes, [date])
    groups = on["PLACE"].map(PLACEMENT_TO_GROUP).fillna("other")
    return groups.value_counts().reindex(list(PLACEMENT_GROUP), fill_value=0).rename_axis("breakdown").rename("value")


def placements_in_year(episodes: pd.DataFrame, year: ReportingYear) -> pd.Series:
    """Number of placements each child had during the year (index CHILD; children with none absent).

    See the module docstring for the counting convention (NI 62, docs/data-standards.md §4.2).
    """
    eps = episodes.loc[~episodes["LS"].isin(SHORT_BREAKS).fillna(False).astype(bool)]
    in_year = (eps["DECOM"] <= year.end) & (eps["DEC"].isna() | (eps["DEC"] > year.start))
    eps = eps.loc[in_year.fillna(False).astype(bool)].sort_values(["CHILD", "DECOM"], kind="stable")
    first = ~eps["CHILD"].duplicated()
    new = year.contains(eps["DECOM"]) & eps["RNE"].isin(NEW_PLACEMENT_RNE).fillna(False).astype(bool)
    temporary = eps["PLACE"].isin(TEMPORARY_PLACEMENTS).fillna(False).astype(bool)
    counted = (first | new) & ~temporary
    return counted.groupby(eps["CHILD"]).sum().astype("int64").rename("placements")


def three_plus_placements(episodes: pd.DataFrame, year: ReportingYear) -> tuple[int, int]:
    """(numerator, denominator) of NI 62: children looked after at 31 March with 3+ placements."""
    at_end = looked_after_at(episodes, [year.end])["CHILD"]
    counts = placements_in_year(episodes, year).reindex(at_end, fill_value=0)
    return int((counts >= 3).sum()), int(len(at_end))


def placement_starts(episodes: pd.DataFrame, same_carer: bool = True) -> pd.DataFrame:
    """Episodes (sorted, with PERIOD) plus the dates NI 63 needs.

    Added columns: PERIOD_START_DATE (start of the episode's period of care),
    PLACEMENT_START (start of the placement the episode belongs to), and STABLE_SINCE
    (PLACEMENT_START, except for an episode placed for adoption, A3-A6, whose
    placement began with the adoption: then the start of the placement before it in
    the same period, so that adoptive and previous placement count together).

    A placement starts at the first episode of a period of care and at every episode
    whose RNE changes the carer (S, P, B; and T, U too when ``same_carer`` is False).
    Vectorised by position: once sorted, the episodes of a period, of a placement and of
    a run of adoption placements are consecutive rows, each run begun by a marked row
    (``periods.run_starts``).
    """
    eps = period_ids(episodes)
    decom = eps["DECOM"].to_numpy()
    period_start = eps["PERIOD_START"].to_numpy()
    breaking = {"S", "P", "B"} | (set() if same_carer else {"T", "U"})
    starts = period_start | eps["RNE"].isin(breaking).fillna(False).astype(bool).to_numpy()
    placement_at = run_starts(starts)
    eps["PERIOD_START_DATE"] = decom[run_starts(period_start)]
    eps["PLACEMENT_START"] = decom[placement_at]
    # start of the placement before this one (same period), NaT for the first placement
    previous_at = placement_at[np.maximum(placement_at - 1, 0)]
    prev_start = np.where(period_start[placement_at], np.datetime64("NaT"), decom[previous_at])
    # first day of the current unbroken run of adoption placements
    adoption = eps["PLACE"].isin(ADOPTION_PLACEMENTS).fillna(False).astype(bool).to_numpy()
    run_break = period_start | (adoption != np.concatenate([[False], adoption[:-1]]))
    run_start = decom[run_starts(run_break)]
    began_with_adoption = adoption & (eps["PLACEMENT_START"].to_numpy() >= run_start)
    use_previous = began_with_adoption & ~np.isnat(prev_start)
    eps["STABLE_SINCE"] = eps["PLACEMENT_START"].where(~use_previous, prev_start)
    return eps


def long_term_stability(
    episodes: pd.DataFrame,
    header: pd.DataFrame | None,
    year: ReportingYear,
    same_carer: bool = True,
    placed: pd.DataFrame | None = None,
) -> tuple[int, int]:
    """(numerator, denominator) of NI 63 at the year end 31 March; see the module docstring.

    Denominator: children looked after on 31 March, under 16 that day (age from the
    header DOB; a child with no DOB is left out), whose period of care started on or
    before 31 March less 30 months. Numerator: those whose STABLE_SINCE (see
    :func:`placement_starts`) is on or before 31 March less 24 months. ``placed``:
    ``placement_starts(episodes, same_carer)`` when already worked out (it does not
    depend on the year).
    """
    if placed is None:
        placed = placement_starts(episodes, same_carer=same_carer)
    on = looked_after_at(placed, [year.end])
    ages = ages_on(on.assign(_AT=year.end), header, "_AT")
    under_16 = (ages < 16).fillna(False).astype(bool)
    limit_period = add_months(pd.Series([year.end]), -LONG_TERM_CARE_MONTHS).iloc[0]
    limit_placement = add_months(pd.Series([year.end]), -LONG_TERM_PLACEMENT_MONTHS).iloc[0]
    cohort = on.loc[under_16 & (on["PERIOD_START_DATE"] <= limit_period)]
    stable = cohort["STABLE_SINCE"] <= limit_placement
    return int(stable.sum()), int(len(cohort))


def long_term_held(ds: Dataset, year: ReportingYear) -> bool:
    """True when the data hold the ``LONG_TERM_CARE_MONTHS`` before the year end whole
    (always for a whole history): with annual returns that begin later, a period of care's
    or a placement's start can lie in a return not supplied, so who has been looked after
    for 30 months, or placed for 24, cannot be told."""
    return ds.history_from is None or (
        ds.history_from <= add_months(pd.Series([year.end]), -LONG_TERM_CARE_MONTHS).iloc[0]
    )


def _pct(numerator: int, denominator: int) -> float:
    return numerator / denominator * 100 if denominator else np.nan


def figure_rows(ds: Dataset, year: ReportingYear) -> pd.DataFrame:
    """The rows of subject ``placements`` of figures.csv (empty when there are no episodes).

    Placement groups at the year end; the two stability measures (with their
    numerators ``_n`` and denominators ``_d``) for the year and the year before (when the
    data hold it whole: ``years_held``). The long-term measure needs ages, so it is left
    out when the header is absent, and the 30 months before the year end
    (``long_term_held``). A percentage with a zero denominator is not written. Distance rows come from
    ``measures.distance``.
    """
    if not ds.has("episodes"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    eps = ds.episodes
    rows = []
    end_label = year.end.strftime("%Y-%m-%d")
    groups = placement_groups_at(eps, year.end)
    rows.append(figure_frame(SUBJECT, "lac_placement_group", groups, period=end_label, period_type="date"))
    if groups.sum() > 0:
        rows.append(
            figure_frame(
                SUBJECT, "lac_placement_group_pct", groups / groups.sum() * 100, period=end_label, period_type="date"
            )
        )
    placed = None  # placement_starts(eps), worked out once for both years when needed
    for yr in years_held(ds, [year.previous(), year]):
        measures = {"lac_stability_3plus": three_plus_placements(eps, yr)}
        if ds.has("header") and long_term_held(ds, yr):
            placed = placement_starts(eps) if placed is None else placed
            measures["lac_stability_long_term"] = long_term_stability(eps, ds.header, yr, placed=placed)
        for name, (n, d) in measures.items():
            values = {f"{name}_n": n, f"{name}_d": d}
            if d:
                values[f"{name}_pct"] = _pct(n, d)
            for indicator, value in values.items():
                rows.append(
                    figure_frame(
                        SUBJECT, indicator, pd.Series([value], index=[yr.label], dtype="float64"), period_type="year"
                    )
                )
    return pd.concat(rows, ignore_index=True)


__all__ = [
    "INDICATORS",
    "figure_rows",
    "long_term_stability",
    "placement_groups_at",
    "placement_starts",
    "placements_in_year",
    "three_plus_placements",
]
