"""Children's participation in their statutory reviews (subject ``participation``).

Source: the SSDA903 Reviews table, one row per review held, with REVIEW_CODE PN0–PN7
(docs/data-standards.md §1.8, ``codes.PARTICIPATION``). Rules chosen here:

* The reviews counted are those every review measure counts: with episodes, the reviews
  ``measures.reviews.review_timeliness`` keeps (held inside a period of care that is not
  short breaks only: a review outside care, or in a V3/V4 short-breaks period, which has
  no statutory reviews (DfE rule 399), is left out, and the loader warns about it);
  without episodes, every review recorded. Two rows for the same child on the same day
  are one review. Reviews are counted in the reporting year of their REVIEW date.
* ``lac_review_participation_pct`` is a share of all reviews counted in the year; a
  review with no (or an unknown) code is shown under ``codes.NOT_RECORDED`` so the
  shares add up to 100.
* The child's voice, two indicators over one denominator: the reviews of children aged
  4 or over (codes PN1–PN7; PN0 means the child was under 4, and reviews without a valid
  code are left out).
  ``lac_review_participated``: the child participated (PN1–PN6), the former national
  indicator of participation in reviews. ``lac_review_views_conveyed``: the child's
  views were conveyed to the review, in person, through an advocate, symbolically or
  by a facilitative medium (PN1–PN3, PN5, PN6). PN4 (attends but does not speak or
  convey their views) participated without conveying views; PN7 did neither.
"""

from __future__ import annotations

import pandas as pd

from ..calendar import ReportingYear
from ..codes import NOT_RECORDED, PARTICIPATION, PARTICIPATION_AGE
from ..dataset import Dataset
from . import FIGURE_COLUMNS, as_dates, concat_rows, figure_frame
from .reviews import held_reviews, placed_reviews

SUBJECT = "participation"

INDICATORS: dict[str, str] = {
    "lac_review_participation": "Statutory reviews held in the year (inside a period of care other than short breaks only) by how the child participated (SSDA903 REVIEW_CODE PN0–PN7; not_recorded when no valid code is held).",
    "lac_review_participation_pct": "Percentage of all statutory reviews held in the year with each participation code.",
    "lac_review_aged_4_plus": f"Statutory reviews held in the year of children aged {PARTICIPATION_AGE} or over (codes PN1–PN7): the denominator of lac_review_participated_pct and lac_review_views_conveyed_pct.",
    "lac_review_participated": f"Statutory reviews held in the year of children aged {PARTICIPATION_AGE} or over in which the child participated (PN1–PN6, the former national indicator).",
    "lac_review_participated_pct": f"Percentage of statutory reviews of children aged {PARTICIPATION_AGE} or over (PN1–PN7) in which the child participated (PN1–PN6, the former national indicator).",
    "lac_review_views_conveyed": f"Statutory reviews held in the year of children aged {PARTICIPATION_AGE} or over where the child's views were conveyed (PN1–PN3, PN5, PN6; not PN4, attending without speaking or conveying views).",
    "lac_review_views_conveyed_pct": f"Percentage of statutory reviews of children aged {PARTICIPATION_AGE} or over (PN1–PN7) where the child's views were conveyed to the review (PN1–PN3, PN5, PN6).",
}

PARTICIPATED = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
VIEWS_CONVEYED = ("PN1", "PN2", "PN3", "PN5", "PN6")
AGED_4_PLUS = PARTICIPATED + ("PN7",)


def counted_reviews(reviews: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``reviews`` that the review measures count.

    A review counts when ``review_timeliness(reviews, periods)`` keeps it: held inside a
    period of care that is not short breaks only. Those reviews are found as the review
    measures find them (``placed_reviews``), without working out their due dates again.
    """
    kept = placed_reviews(held_reviews(reviews), periods)[["CHILD", "REVIEW"]].assign(_KEPT=True)
    keys = pd.DataFrame(
        {"CHILD": reviews["CHILD"].astype("str").to_numpy(), "REVIEW": as_dates(reviews["REVIEW"]).to_numpy()}
    )
    keep = keys.merge(kept, on=["CHILD", "REVIEW"], how="left")["_KEPT"].fillna(False).astype(bool)
    return reviews.loc[keep.to_numpy()]


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


def child_voice(reviews: pd.DataFrame, year: ReportingYear) -> pd.Series:
    """Reviews of children aged 4+ (PN1–PN7) and, of those, participated (PN1–PN6) and
    views conveyed (PN1–PN3, PN5, PN6), with the two percentages.

    Returns a Series with ``aged_4_plus``, ``participated``, ``participated_pct``,
    ``views_conveyed`` and ``views_conveyed_pct`` (the percentages NaN when no review of
    a child aged 4+ was held).
    """
    code = reviews_in_year(reviews, year)["REVIEW_CODE"]
    aged_4_plus = float(code.isin(AGED_4_PLUS).sum())
    participated = float(code.isin(PARTICIPATED).sum())
    conveyed = float(code.isin(VIEWS_CONVEYED).sum())
    share = (lambda n: 100.0 * n / aged_4_plus) if aged_4_plus > 0 else (lambda n: float("nan"))
    return pd.Series(
        {
            "aged_4_plus": aged_4_plus,
            "participated": participated,
            "participated_pct": share(participated),
            "views_conveyed": conveyed,
            "views_conveyed_pct": share(conveyed),
        }
    )


def figure_rows(ds: Dataset, year: ReportingYear, periods: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """Rows of subject ``participation`` for the reporting year (needs ``reviews``).

    With episodes (or ``periods``, the output of ``periods_of_care``) only the reviews
    the review measures count are used (``counted_reviews``); without, every review.
    """
    if not ds.has("reviews"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    if periods is None:
        periods = ds.periods_of_care()
    held = ds.reviews if periods is None else counted_reviews(ds.reviews, periods)
    counts = participation_counts(held, year).set_index("code")
    voice = child_voice(held, year)  # indicator lac_review_<key> for each key
    keys = ["aged_4_plus", "participated", "views_conveyed"]
    if voice["aged_4_plus"] > 0:
        keys += ["participated_pct", "views_conveyed_pct"]
    frames = [figure_frame(SUBJECT, "lac_review_participation", counts["count"], period=year.label, period_type="year")]
    if counts["count"].sum() > 0:
        frames.append(
            figure_frame(SUBJECT, "lac_review_participation_pct", counts["pct"], period=year.label, period_type="year")
        )
    frames += [
        figure_frame(SUBJECT, f"lac_review_{key}", pd.Series({"": voice[key]}), period=year.label, period_type="year")
        for key in keys
    ]
    return concat_rows(frames)
