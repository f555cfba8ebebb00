"""Children's participation in their statutory reviews (section ``participation``).

Source: the SSDA903 Reviews table, one row per review held, with REVIEW_CODE PN0–PN7
(DATA-STANDARDS §1.8, ``codes.PARTICIPATION``). Rules chosen here:

* Reviews are counted in the reporting year of their REVIEW date; two rows for the same
  child on the same day are one review. Every review held counts, whether or not it falls
  in a period of care (participation is about the meeting, not its timeliness).
* ``lac_review_participation_pct`` is a share of all reviews held in the year; a review
  with no (or an unknown) code is shown under ``codes.NOT_RECORDED`` so the shares add
  up to 100.
* The child's voice: of reviews of children aged 4 or over (codes PN1–PN7; PN0 means the
  child was under 4, and reviews without a valid code are left out), those where the
  child's views were conveyed to the review, in person, through an advocate,
  symbolically or by a facilitative medium (PN1–PN6). PN7 = views not conveyed.
"""

from __future__ import annotations

import pandas as pd

from ..calendar import ReportingYear
from ..codes import NOT_RECORDED, PARTICIPATION
from ..dataset import Dataset
from . import FIGURE_COLUMNS, as_dates, concat_rows, figure_frame

SECTION = "participation"

INDICATORS: dict[str, str] = {
    "lac_review_participation": "Statutory reviews held in the year by how the child participated (SSDA903 REVIEW_CODE PN0–PN7; not_recorded when no valid code is held).",
    "lac_review_participation_pct": "Percentage of all statutory reviews held in the year with each participation code.",
    "lac_review_aged_4_plus": "Statutory reviews held in the year of children aged 4 or over (codes PN1–PN7).",
    "lac_review_views_conveyed": "Statutory reviews held in the year of children aged 4 or over where the child's views were conveyed (PN1–PN6).",
    "lac_review_views_conveyed_pct": "Percentage of statutory reviews of children aged 4 or over where the child's views were conveyed to the review (PN1–PN6 out of PN1–PN7).",
}

UNDER_4 = "PN0"
VIEWS_CONVEYED = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
VIEWS_NOT_CONVEYED = ("PN7",)


def reviews_in_year(reviews: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """The reviews held in ``year`` (CHILD, REVIEW, REVIEW_CODE), duplicates removed.

    A code outside PN0–PN7, or none, becomes ``NOT_RECORDED``.
    """
    held = reviews.loc[:, ["CHILD", "REVIEW", "REVIEW_CODE"]].copy()
    held["REVIEW"] = as_dates(held["REVIEW"])
    held = held.dropna(subset=["CHILD", "REVIEW"]).drop_duplicates(["CHILD", "REVIEW"], keep="last")
    code = held["REVIEW_CODE"].astype("object").where(held["REVIEW_CODE"].isin(list(PARTICIPATION)))
    held["REVIEW_CODE"] = code.fillna(NOT_RECORDED).astype("str")
    return held.loc[year.contains(held["REVIEW"])].reset_index(drop=True)


def participation_counts(reviews: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Reviews held in the year by participation code: columns ``code, count, pct``.

    Every PN code is listed (0 when unused); ``not_recorded`` only when some review has
    no valid code. pct is the share of all reviews held in the year (NaN if none).
    """
    held = reviews_in_year(reviews, year)
    codes = list(PARTICIPATION)
    if (held["REVIEW_CODE"] == NOT_RECORDED).any():
        codes.append(NOT_RECORDED)
    count = held["REVIEW_CODE"].value_counts().reindex(codes, fill_value=0).astype(float)
    total = count.sum()
    pct = 100.0 * count / total if total > 0 else count * float("nan")
    return pd.DataFrame({"code": codes, "count": count.to_numpy(), "pct": pct.to_numpy()})


def views_conveyed(reviews: pd.DataFrame, year: ReportingYear) -> pd.Series:
    """Reviews of children aged 4+ (PN1–PN7), those where views were conveyed (PN1–PN6), and the %.

    Returns a Series with ``aged_4_plus``, ``conveyed`` and ``pct`` (NaN when no review
    of a child aged 4+ was held).
    """
    code = reviews_in_year(reviews, year)["REVIEW_CODE"]
    aged_4_plus = float(code.isin(VIEWS_CONVEYED + VIEWS_NOT_CONVEYED).sum())
    conveyed = float(code.isin(VIEWS_CONVEYED).sum())
    pct = 100.0 * conveyed / aged_4_plus if aged_4_plus > 0 else float("nan")
    return pd.Series({"aged_4_plus": aged_4_plus, "conveyed": conveyed, "pct": pct})


def figure_rows(ds: Dataset, year: ReportingYear, **options) -> pd.DataFrame:
    """Rows of section ``participation`` for the reporting year (needs ``reviews``)."""
    if not ds.has("reviews"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    counts = participation_counts(ds.reviews, year).set_index("code")
    voice = views_conveyed(ds.reviews, year)
    frames = [
        figure_frame(SECTION, "lac_review_participation", counts["count"], period=year.label),
        figure_frame(SECTION, "lac_review_aged_4_plus", pd.Series({"": voice["aged_4_plus"]}), period=year.label),
        figure_frame(SECTION, "lac_review_views_conveyed", pd.Series({"": voice["conveyed"]}), period=year.label),
    ]
    if counts["count"].sum() > 0:
        frames.append(figure_frame(SECTION, "lac_review_participation_pct", counts["pct"], period=year.label))
    if voice["aged_4_plus"] > 0:
        frames.append(figure_frame(SECTION, "lac_review_views_conveyed_pct",
                                   pd.Series({"": voice["pct"]}), period=year.label))
    return concat_rows(frames)
