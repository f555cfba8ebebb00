"""Cuts of the data that the report does not make, for notebooks/explore/.

Each function takes what the starter notebook has loaded (the dataset, or the figures
through the report's :class:`~iru_analysis.report.content.Lookup`) and returns a tidy
frame, labels as text and values as numbers, for the analyst to table or plot. They
reuse the measures' own rules (review timeliness, age bands, the 15-working-day ICPC
timescale), so a cut agrees with the report where the two overlap.
"""

from __future__ import annotations

import pandas as pd

from .calendar import ReportingYear
from .codes import AGE_BANDS_REPORT, NOT_RECORDED
from .dataset import Dataset
from .measures.looked_after import age_band, ages_on
from .measures.reviews import dataset_history_start, review_timeliness
from .report.content import Lookup


def review_timeliness_by_age(
    ds: Dataset, year: ReportingYear, reviews_from: pd.Timestamp | str | None = None
) -> pd.DataFrame:
    """Statutory reviews held in ``year`` by the child's age on the day of the review.

    Columns ``age_band`` (the report's bands, every one listed; ``not_recorded`` last
    when a child's date of birth is unknown), ``held``, ``assessed``, ``in_time`` and
    ``in_time_pct`` (of those assessed; NaN when none was). Timeliness is
    :func:`~iru_analysis.measures.reviews.review_timeliness` with the history starting
    as the report's does (``reviews_from``, else the data's own), so the bands add up to
    the report's figures for the year.
    """
    timeliness = review_timeliness(ds.reviews, ds.periods_of_care(), dataset_history_start(ds, reviews_from))
    held = timeliness.loc[year.contains(timeliness["REVIEW"])]
    grouped = held.assign(age_band=age_band(ages_on(held, ds.header, "REVIEW"))).groupby("age_band")
    out = pd.DataFrame(
        {"held": grouped.size(), "assessed": grouped["ASSESSED"].sum(), "in_time": grouped["IN_TIME"].sum()}
    )
    order = [label for label, _, _ in AGE_BANDS_REPORT] + ([NOT_RECORDED] if NOT_RECORDED in out.index else [])
    out = out.reindex(order, fill_value=0).astype("int64")
    out["in_time_pct"] = (100.0 * out["in_time"] / out["assessed"]).where(out["assessed"] > 0)
    return out.rename_axis("age_band").reset_index()


def icpc_timeliness_by_month(lookup: Lookup, area: str = "England") -> pd.DataFrame:
    """Initial child protection conferences within 15 working days of the section 47
    enquiry's start, for each month of the year, beside ``area``'s percentage for the year.

    Columns ``month`` (``YYYY-MM``), ``icpcs`` (conferences whose enquiry start is known),
    ``within_15wd``, ``within_15wd_pct`` and ``comparator_pct`` (``area``'s figure from
    ``reference/comparators.csv`` when the parameters list that area, else NaN). The
    months are those the figures hold (``icpc_with_s47`` and the rest, by month).
    """
    icpcs = lookup.by_month("icpc_with_s47")
    comparators = lookup.comparators("icpc_within_15wd_pct").set_index("area")["value"]
    return pd.DataFrame(
        {
            "month": list(icpcs.index),
            "icpcs": icpcs.to_numpy(),
            "within_15wd": lookup.by_month("icpc_within_15wd").reindex(icpcs.index).to_numpy(),
            "within_15wd_pct": lookup.by_month("icpc_within_15wd_pct").reindex(icpcs.index).to_numpy(),
            "comparator_pct": float(comparators.get(area, float("nan"))),
        }
    )
