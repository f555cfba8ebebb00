"""Dispute resolution: the RAG (red, amber, green) ratings of meetings and the reasons ticked.

The unit's dispute-resolution process: after each looked-after child's statutory review
and each child protection conference the chair completes a RAG form, rating the meeting
red, amber or green and ticking any number of items (reasons) on the form. Each form is
one row of ``rag_forms.csv``, each tick one row of ``rag_items.csv``
(``docs/data-folder.md``). Items are ticked on every form whatever its overall rating
(the model report's green reasons for March 2016 CP conferences add up to 165 ticks over
19 green-rated meetings; docs/data-standards.md §0, §6.1), so a count of items is a count of
forms on which the item was ticked, and it can exceed the number of forms with any one
rating.

Conventions:

* A form belongs to the month of its ``MEETING_DATE`` (the meeting rated, not the day
  the form was sent).
* The process starts in the month of the earliest form in ``rag_forms`` (the model
  report: "the Rag Rating system was introduced in November 2015"). Months of the year
  from that month onwards get a count for every meeting type, rating and item, zero
  when nothing was recorded; months before it have no rows at all, because the process
  did not exist then and zero would claim it did.
* A form with a meeting type or rating outside the code lists, and a tick whose item is
  not an item of its form's meeting type (``codes.RAG_ITEMS``) or whose form is not in
  ``rag_forms``, is not counted: such rows are data-quality findings of the loader.
* The same item ticked twice on one form counts once.
"""

from __future__ import annotations

import pandas as pd

from .. import codes
from ..calendar import ReportingYear
from ..dataset import Dataset
from . import FIGURE_COLUMNS, figure_frame

SUBJECT = "dispute_resolution"
MEETING_TYPES: list[str] = list(codes.MEETING_TYPE)  # lac_review, cp_conference
RATINGS: list[str] = list(codes.RAG_RATING)  # red, amber, green

INDICATORS: dict[str, str] = {
    "rag_count": (
        "Number of RAG dispute-resolution forms completed for meetings held in the month "
        "(or the year), by meeting type and overall rating (breakdown <meeting type>/<rating>); "
        "months before the first form on record have no figure, as the process had not started."
    ),
    "rag_count_pct": (
        "Percentage of the RAG forms for meetings of the type held in the month (or the year) with "
        "the rating (breakdown <meeting type>/<rating>): rag_count over rag_forms; none for a month "
        "with no form of the type."
    ),
    "rag_forms": (
        "Number of RAG forms completed for meetings held in the month (or the year), by meeting "
        "type (breakdown lac_review or cp_conference): rag_count summed over the ratings; from the "
        "month of the first form on record."
    ),
    "rag_item_count": (
        "Number of RAG forms for meetings held in the month (or the year) on which the item was "
        "ticked, whatever the form's overall rating (breakdown <meeting type>/<item key>); "
        "from the month of the first form on record."
    ),
    "rag_item_count_by_rating": (
        "Number of RAG forms with a given overall rating for meetings held in the month (or the "
        "year) on which the item was ticked (breakdown <meeting type>/<rating>/<item key>); "
        "from the month of the first form on record."
    ),
}

_ITEMS = pd.DataFrame(
    [(key, meeting_type, kind, wording) for key, (meeting_type, kind, wording) in codes.RAG_ITEMS.items()],
    columns=["item", "meeting_type", "kind", "wording"],
)


def first_form_month(forms: pd.DataFrame) -> str:
    """The month (``YYYY-MM``) of the earliest ``MEETING_DATE`` on record, "" when none.

    >>> first_form_month(pd.DataFrame({"MEETING_DATE": pd.to_datetime(["2016-02-01", "2015-11-03", None])}))
    '2015-11'
    >>> first_form_month(pd.DataFrame({"MEETING_DATE": pd.to_datetime([])}))
    ''
    """
    first = forms["MEETING_DATE"].min()
    return "" if pd.isna(first) else str(first.to_period("M"))


def rag_months(forms: pd.DataFrame, year: ReportingYear) -> pd.PeriodIndex:
    """The months of ``year`` from the month of the first RAG form on record onwards.

    The first form is the earliest ``MEETING_DATE`` in the whole of ``forms`` (not only
    the year's), so a process that began before the year covers all twelve months and
    one that began after it covers none.

    >>> forms = pd.DataFrame({"MEETING_DATE": pd.to_datetime(["2015-11-03", "2016-02-01"])})
    >>> [str(m) for m in rag_months(forms, ReportingYear(2015))]
    ['2015-11', '2015-12', '2016-01', '2016-02', '2016-03']
    """
    first = forms["MEETING_DATE"].min()
    if pd.isna(first):
        return year.months[:0]
    return year.months[year.months >= first.to_period("M")]


def _forms_in_months(forms: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """The forms with known codes whose meeting falls in one of ``months``, with ``month``."""
    valid = forms["MEETING_TYPE"].isin(MEETING_TYPES) & forms["RATING"].isin(RATINGS)
    dated = forms.loc[valid & forms["MEETING_DATE"].notna()]
    month = dated["MEETING_DATE"].dt.to_period("M")
    return dated.assign(month=month).loc[month.isin(months)]


def rag_ratings_by_month(forms: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Number of RAG forms by meeting type, rating and month of the meeting.

    One row for every meeting type x rating x month of the year from the process's
    start (``rag_months``), zero where no form was recorded; columns ``meeting_type``,
    ``rating``, ``month`` (``YYYY-MM``), ``forms``. Forms are counted, not children: a
    child with two meetings in a month has two forms.
    """
    months = rag_months(forms, year)
    grid = pd.MultiIndex.from_product([MEETING_TYPES, RATINGS, months], names=["meeting_type", "rating", "month"])
    found = _forms_in_months(forms, months)
    counts = (
        found.rename(columns={"MEETING_TYPE": "meeting_type", "RATING": "rating"})
        .groupby(["meeting_type", "rating", "month"])
        .size()
        .reindex(grid, fill_value=0)
        .rename("forms")
        .reset_index()
    )
    counts["month"] = counts["month"].astype(str)
    return counts.astype({"forms": "int64"})


def rag_items_by_month(forms: pd.DataFrame, items: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Number of RAG forms on which each item was ticked, by the form's rating and month.

    One row for every meeting type x rating x item of that meeting type x month of the
    year from the process's start, zero where the item was not ticked; columns
    ``meeting_type``, ``rating``, ``item`` (the key in ``codes.RAG_ITEMS``), ``kind``
    (which rating the item argues for: red, green or other), ``wording`` (as on the
    form, for display), ``month`` (``YYYY-MM``) and ``forms``. Sum over ``rating`` for
    the ticks on forms of every rating: items are ticked whatever the overall rating.

    >>> forms = pd.DataFrame({"FORM_ID": ["f1"], "MEETING_TYPE": ["cp_conference"],
    ...     "CHILD": ["c1"], "MEETING_DATE": pd.to_datetime(["2016-03-10"]), "RATING": ["green"]})
    >>> items = pd.DataFrame({"FORM_ID": ["f1"], "ITEM": ["cp_key_people"]})
    >>> out = rag_items_by_month(forms, items, ReportingYear(2015))
    >>> out.loc[out["forms"] > 0, ["rating", "item", "month", "forms"]].to_dict("records")
    [{'rating': 'green', 'item': 'cp_key_people', 'month': '2016-03', 'forms': 1}]
    """
    months = rag_months(forms, year)
    found = _forms_in_months(forms, months)
    ticks = (
        items[["FORM_ID", "ITEM"]]
        .drop_duplicates()
        .merge(found[["FORM_ID", "MEETING_TYPE", "RATING", "month"]], on="FORM_ID", how="inner")
        .rename(columns={"MEETING_TYPE": "meeting_type", "RATING": "rating", "ITEM": "item"})
    )
    grid = _ITEMS.merge(pd.DataFrame({"rating": RATINGS}), how="cross").merge(
        pd.DataFrame({"month": months}), how="cross"
    )
    keys = ["meeting_type", "rating", "item", "month"]
    counts = ticks.groupby(keys).size().rename("forms").reset_index()
    # the grid holds only items of their own meeting type: a tick of a cp_ item on a
    # lac_review form (or an unknown key) finds no grid row and is not counted
    out = grid.merge(counts, on=keys, how="left")
    out["forms"] = out["forms"].fillna(0).astype("int64")
    out["month"] = out["month"].astype(str)
    return out[["meeting_type", "rating", "item", "kind", "wording", "month", "forms"]]


def _with_year_total(frame: pd.DataFrame, keys: list[str], year: ReportingYear) -> pd.DataFrame:
    """Monthly rows (``period_type`` month) plus one row per key for the whole year (the
    year's label in ``month``, ``period_type`` year; only when there are months)."""
    if frame.empty:
        return frame.assign(period_type=pd.Series(dtype="object"))
    total = frame.groupby(keys, as_index=False)["forms"].sum().assign(month=year.label, period_type="year")
    return pd.concat([frame[keys + ["month", "forms"]].assign(period_type="month"), total], ignore_index=True)


def _shares(ratings: pd.DataFrame, forms: pd.DataFrame) -> pd.DataFrame:
    """``ratings`` with ``forms`` as the percentage of the meeting type's forms in the period
    (rows of periods with no form of the type left out).

    >>> r = pd.DataFrame({"meeting_type": ["lac_review"] * 2, "rating": ["red", "green"],
    ...     "month": ["2016-03"] * 2, "period_type": ["month"] * 2, "forms": [1, 3]})
    >>> f = r.groupby(["meeting_type", "month", "period_type"], as_index=False)["forms"].sum()
    >>> _shares(r, f)["forms"].tolist()
    [25.0, 75.0]
    """
    keys = ["meeting_type", "month", "period_type"]
    joined = ratings.merge(forms.rename(columns={"forms": "of"}), on=keys, how="left")
    joined = joined.loc[joined["of"] > 0]
    return joined.assign(forms=joined["forms"] / joined["of"] * 100).drop(columns="of")


def _rows(frame: pd.DataFrame, indicator: str, keys: list[str]) -> pd.DataFrame:
    """figures.csv rows of one indicator, breakdown the ``keys`` joined by "/"."""
    parts = [frame[k].astype(str) for k in keys]
    breakdown = parts[0].str.cat(parts[1:], sep="/") if len(parts) > 1 else parts[0]
    values = pd.DataFrame(
        {"breakdown": breakdown, "period": frame["month"], "period_type": frame["period_type"], "value": frame["forms"]}
    )
    return figure_frame(SUBJECT, indicator, values)


def figure_rows(ds: Dataset, year: ReportingYear, **_options: object) -> pd.DataFrame:
    """The subject's rows of figures.csv: ``rag_count`` (and ``_pct``), ``rag_forms``, ``rag_item_count`` and
    ``rag_item_count_by_rating`` for each month from the process's start and for the year.

    Needs ``rag_forms``; the item counts also need ``rag_items``. Other options passed by
    the figures registry are ignored.
    """
    if not ds.has("rag_forms"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    ratings = _with_year_total(rag_ratings_by_month(ds.rag_forms, year), ["meeting_type", "rating"], year)
    forms = ratings.groupby(["meeting_type", "month", "period_type"], as_index=False, sort=False)["forms"].sum()
    shares = _shares(ratings, forms)
    parts = [
        _rows(ratings, "rag_count", ["meeting_type", "rating"]),
        _rows(shares, "rag_count_pct", ["meeting_type", "rating"]),
        _rows(forms, "rag_forms", ["meeting_type"]),
    ]
    if ds.has("rag_items"):
        by_rating = rag_items_by_month(ds.rag_forms, ds.rag_items, year)
        by_item = by_rating.groupby(["meeting_type", "item", "month"], as_index=False, sort=False)["forms"].sum()
        parts.append(
            _rows(_with_year_total(by_item, ["meeting_type", "item"], year), "rag_item_count", ["meeting_type", "item"])
        )
        parts.append(
            _rows(
                _with_year_total(by_rating, ["meeting_type", "rating", "item"], year),
                "rag_item_count_by_rating",
                ["meeting_type", "rating", "item"],
            )
        )
    return pd.concat(parts, ignore_index=True)
