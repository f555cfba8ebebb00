"""The looked-after population: snapshots, month ends, starters, leavers, ages, reasons, ethnicity.

Rules (docs/data-standards.md §0 and §2, the DfE's SSDA903 counting rules):

* Looked after on date d: an episode with DECOM <= d and DEC empty or later than d, and
  legal status other than V3/V4. A child who leaves on d is not looked after on d; a
  child who starts on d is.
* Started / ceased in the year count *children*, not periods of care: a child who
  started twice is counted once, at the first start (age on that START); a child who
  ceased twice is counted once, at the last cease (age and reason of that END).
  A period starts in the year when its START (DECOM of its first episode) falls in the
  year; it ceases in the year when its END falls in the year with REC other than X1.
  Periods made only of V3/V4 (short-break) episodes are left out of both.
* Children whose only care in the year was V3/V4 are reported separately
  (``lac_short_breaks_only``), as the SFR does (``CLA_stp``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import ReportingYear, age_in_years
from ..codes import AGE_BANDS_REPORT, NOT_RECORDED, SHORT_BREAKS
from ..dataset import Dataset
from ..periods import periods_of_care
from . import FIGURE_COLUMNS, figure_frame, share_of_total, years_held

SUBJECT = "looked_after"

INDICATORS: dict[str, str] = {
    "lac_month_end": "Children looked after at the end of each month (an episode open at the end of the day, short breaks V3/V4 excluded).",
    "lac_at_31_march": "Children looked after at 31 March at the start and end of the year (DfE rule: DECOM on or before the date, DEC empty or later, legal status not V3/V4).",
    "lac_started": "Children who started to be looked after in the year, each counted once (first start), periods of short breaks only excluded.",
    "lac_ceased": "Children who ceased to be looked after in the year, each counted once (last cease), periods of short breaks only excluded.",
    "lac_started_by_age": "Children who started to be looked after in the year by age on the day of their first start.",
    "lac_started_by_age_pct": "Percentage of the children who started to be looked after in the year in each age band (age not recorded included in the total).",
    "lac_ceased_by_age": "Children who ceased to be looked after in the year by age on the day of their last cease.",
    "lac_ceased_by_age_pct": "Percentage of the children who ceased to be looked after in the year in each age band (age not recorded included in the total).",
    "lac_ceased_by_reason": "Children who ceased to be looked after in the year by the DfE reason (REC) of their last cease (not_recorded when blank).",
    "lac_ceased_by_route": "Children who ceased to be looked after in the year by route to permanence (REC of the last cease): adoption (E11, E12), sgo (special guardianship, E43–E48), cao (residence or child arrangements order, E41), home (planned return home, E4A).",
    "lac_ethnicity": "Children looked after at 31 March by ethnicity (DfE code; not_recorded when no code is held).",
    "lac_ethnicity_pct": "Percentage of all children looked after at 31 March in each ethnicity.",
    "lac_short_breaks_only": "Children whose only care in the year was an agreed series of short breaks (legal status V3/V4); excluded from the other counts.",
}


PERMANENCE_ROUTES: dict[str, tuple[str, ...]] = {  # route -> the REC codes of a cease by that route
    "adoption": ("E11", "E12"),
    "sgo": ("E43", "E44", "E45", "E46", "E47", "E48"),
    "cao": ("E41",),
    "home": ("E4A",),
}


# --- pure measures ---------------------------------------------------------------------


def _is_short_break(ls: pd.Series) -> pd.Series:
    return ls.isin(SHORT_BREAKS).fillna(False).astype(bool)


def looked_after_at(episodes: pd.DataFrame, dates: pd.DatetimeIndex | list) -> pd.DataFrame:
    """One row per child looked after on each date: ``DATE`` plus the open episode's columns.

    DfE rule (SSDA903 guidance, "children looked after at 31 March"; docs/data-standards.md §2.2):
    a child is looked after on date d when an episode has DECOM <= d and DEC empty or
    later than d, with legal status other than V3/V4. A child leaving on d is not
    counted; a child starting on d is. Vectorised: every episode is compared with every
    date at once (episodes x dates), so no loop over children. Should two episodes of a
    child overlap (a data error) the later-starting one is kept. Only the episodes open on
    a date are copied.
    """
    dates = pd.DatetimeIndex(dates)
    counted = ~_is_short_break(episodes["LS"]).to_numpy()[:, None]
    decom = episodes["DECOM"].to_numpy(dtype="datetime64[ns]")[:, None]
    dec = episodes["DEC"].to_numpy(dtype="datetime64[ns]")[:, None]
    when = dates.to_numpy(dtype="datetime64[ns]")[None, :]
    open_on = counted & (decom <= when) & (np.isnat(dec) | (dec > when))
    ep_idx, date_idx = np.nonzero(open_on)
    out = episodes.iloc[ep_idx].reset_index(drop=True)
    out.insert(0, "DATE", dates[date_idx])
    out = out.sort_values(["DATE", "CHILD", "DECOM"], kind="stable")
    out = out.drop_duplicates(["DATE", "CHILD"], keep="last")
    return out.reset_index(drop=True)


def count_looked_after(episodes: pd.DataFrame, dates: pd.DatetimeIndex | list) -> pd.Series:
    """Number of children looked after on each date (index: the dates; 0 when none)."""
    dates = pd.DatetimeIndex(dates)
    on = looked_after_at(episodes, dates)
    return on.groupby("DATE").size().reindex(dates, fill_value=0).rename("value")


def care_periods(episodes: pd.DataFrame, periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """Periods of care that are not made only of short breaks (V3/V4).

    ``periods``: ``periods_of_care(episodes)`` when already computed (it is not changed).
    """
    if periods is None:
        periods = periods_of_care(episodes)
    return periods.loc[~periods["SHORT_BREAKS_ONLY"]].reset_index(drop=True)


def started_in_year(periods: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """One row per child who started a period of care in the year: the first such period.

    ``periods`` as from :func:`care_periods` (short-break-only periods already left out).
    """
    started = periods.loc[year.contains(periods["START"])]
    started = started.sort_values(["CHILD", "START"], kind="stable")
    return started.drop_duplicates("CHILD", keep="first").reset_index(drop=True)


def ceased_in_year(periods: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """One row per child who ceased to be looked after in the year: the last such period.

    A period ceases when it ends in the year with a reason other than X1 (docs/data-standards.md §2.3).
    """
    ended = year.contains(periods["END"]) & (periods["REC"] != "X1").fillna(True).astype(bool)
    ceased = periods.loc[ended].sort_values(["CHILD", "END"], kind="stable")
    return ceased.drop_duplicates("CHILD", keep="last").reset_index(drop=True)


def ceased_by_reason(ceased: pd.DataFrame) -> pd.Series:
    """Children who ceased, by the REC of their last cease (a blank REC: ``codes.NOT_RECORDED``)."""
    reasons = ceased["REC"].astype("str").fillna(NOT_RECORDED)
    return reasons.value_counts().sort_index().rename_axis("breakdown").rename("value")


def ceased_by_route(reasons: pd.Series) -> pd.Series:
    """Children who ceased by route to permanence (``PERMANENCE_ROUTES``, every route
    listed, 0 when none), from the counts by REC (:func:`ceased_by_reason`); other
    reasons count in no route.

    >>> ceased_by_route(pd.Series({"E11": 2, "E12": 1, "E17": 5, "E4A": 3})).to_dict()
    {'adoption': 3.0, 'sgo': 0.0, 'cao': 0.0, 'home': 3.0}
    """
    route = pd.Series({code: name for name, codes in PERMANENCE_ROUTES.items() for code in codes})
    by_route = reasons.groupby(reasons.index.map(route)).sum()
    return by_route.reindex(list(PERMANENCE_ROUTES), fill_value=0).astype(float).rename_axis("breakdown")


def age_band(ages: pd.Series, bands: list[tuple[str, int, int]] = AGE_BANDS_REPORT) -> pd.Series:
    """The band label for each whole-year age; missing ages get ``codes.NOT_RECORDED``.

    >>> age_band(pd.Series([0, 1, 4, 14, 15, 16, None], dtype="Int64")).tolist()
    ['Under 1', '1 to 4', '1 to 4', '10 to 14', '15', '16+', 'not_recorded']
    """
    values = ages.astype("float64").to_numpy()
    conditions = [(values >= low) & (values <= high) for _, low, high in bands]
    labels = np.select(conditions, [label for label, _, _ in bands], default=NOT_RECORDED)
    return pd.Series(labels, index=ages.index, dtype="str")


def ages_on(children: pd.DataFrame, header: pd.DataFrame | None, date_column: str) -> pd.Series:
    """Each row's age in whole years on ``children[date_column]``, from the header DOB (NA if unknown)."""
    if header is None:
        return pd.Series(pd.NA, index=children.index, dtype="Int64")
    dob = header.drop_duplicates("CHILD").set_index("CHILD")["DOB"]
    born = children["CHILD"].map(dob).astype("datetime64[ns]")
    return age_in_years(born, children[date_column])


def count_by_age(
    children: pd.DataFrame,
    header: pd.DataFrame | None,
    date_column: str,
    bands: list[tuple[str, int, int]] = AGE_BANDS_REPORT,
) -> pd.Series:
    """Children per age band (every band listed, 0 when empty; NOT_RECORDED only if any)."""
    labels = age_band(ages_on(children, header, date_column), bands)
    order = [label for label, _, _ in bands]
    counts = labels.value_counts().reindex(order + [NOT_RECORDED], fill_value=0)
    if counts[NOT_RECORDED] == 0:
        counts = counts.drop(NOT_RECORDED)
    return counts.rename_axis("breakdown").rename("value")


def ethnicity_at(episodes: pd.DataFrame, header: pd.DataFrame | None, date: pd.Timestamp) -> pd.Series:
    """Children looked after on ``date`` by header ETHNIC.

    A child without an ETHNIC code (blank, or absent from the header) is counted under
    ``codes.NOT_RECORDED``, not dropped, so the counts add to the number looked after
    (docs/data-standards.md §0: show the gap honestly).
    """
    on = looked_after_at(episodes, [date])
    if header is None:
        codes = pd.Series(NOT_RECORDED, index=on.index, dtype="str")
    else:
        ethnic = header.drop_duplicates("CHILD").set_index("CHILD")["ETHNIC"]
        codes = on["CHILD"].map(ethnic).astype("str")
        codes = codes.str.strip().replace("", pd.NA).fillna(NOT_RECORDED)
    return codes.value_counts().sort_index().rename_axis("breakdown").rename("value")


def short_breaks_only(episodes: pd.DataFrame, year: ReportingYear) -> pd.Index:
    """Children whose only care in the year was under V3/V4 short breaks.

    Episodes in the year: DECOM on or before 31 March and DEC empty or on/after 1 April.
    A child qualifies when every such episode has LS V3 or V4 (docs/data-standards.md §2.4).
    """
    in_year = (episodes["DECOM"] <= year.end) & (episodes["DEC"].isna() | (episodes["DEC"] >= year.start))
    eps = episodes.loc[in_year.fillna(False).astype(bool)]
    only = _is_short_break(eps["LS"]).groupby(eps["CHILD"]).all()
    return only.index[only.to_numpy()]


# --- figures ---------------------------------------------------------------------------


def _snapshot_label(date: pd.Timestamp) -> str:
    return date.strftime("%Y-%m-%d")


def figure_rows(ds: Dataset, year: ReportingYear, periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of subject ``looked_after`` of figures.csv (empty when there are no episodes).

    Month-end and 31 March counts, starters and leavers for the year and the year
    before (when the data hold it whole: ``years_held``), reasons for leaving and routes to permanence,
    short-breaks-only children; ages and ethnicity too when the header table is present.
    ``periods``: ``periods_of_care(ds.episodes)``, passed in to save recomputing it.
    """
    if not ds.has("episodes"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    eps, header = ds.episodes, ds.header
    rows = []

    month_ends = year.month_ends
    counts = count_looked_after(eps, month_ends)
    counts.index = month_ends.strftime("%Y-%m")
    rows.append(figure_frame(SUBJECT, "lac_month_end", counts, period_type="month"))

    snapshots = pd.DatetimeIndex([year.start - pd.Timedelta(days=1), year.end])
    counts = count_looked_after(eps, snapshots)
    counts.index = snapshots.strftime("%Y-%m-%d")
    rows.append(figure_frame(SUBJECT, "lac_at_31_march", counts, period_type="date"))

    periods = care_periods(eps, periods)
    for yr in years_held(ds, [year.previous(), year]):
        rows.append(
            figure_frame(
                SUBJECT,
                "lac_started",
                pd.Series([len(started_in_year(periods, yr))], index=[yr.label], dtype="float64"),
                period_type="year",
            )
        )
        rows.append(
            figure_frame(
                SUBJECT,
                "lac_ceased",
                pd.Series([len(ceased_in_year(periods, yr))], index=[yr.label], dtype="float64"),
                period_type="year",
            )
        )

    started = started_in_year(periods, year)
    ceased = ceased_in_year(periods, year)
    reasons = ceased_by_reason(ceased)
    rows.append(figure_frame(SUBJECT, "lac_ceased_by_reason", reasons, period=year.label, period_type="year"))
    rows.append(
        figure_frame(SUBJECT, "lac_ceased_by_route", ceased_by_route(reasons), period=year.label, period_type="year")
    )
    if header is not None:  # ages and ethnicity need the header
        for indicator, ages in [
            ("lac_started_by_age", count_by_age(started, header, "START")),
            ("lac_ceased_by_age", count_by_age(ceased, header, "END")),
        ]:
            rows.append(figure_frame(SUBJECT, indicator, ages, period=year.label, period_type="year"))
            rows.append(
                figure_frame(SUBJECT, f"{indicator}_pct", share_of_total(ages), period=year.label, period_type="year")
            )
        ethnic = ethnicity_at(eps, header, year.end)
        end_label = _snapshot_label(year.end)
        rows.append(figure_frame(SUBJECT, "lac_ethnicity", ethnic, period=end_label, period_type="date"))
        rows.append(
            figure_frame(SUBJECT, "lac_ethnicity_pct", share_of_total(ethnic), period=end_label, period_type="date")
        )

    rows.append(
        figure_frame(
            SUBJECT,
            "lac_short_breaks_only",
            pd.Series([len(short_breaks_only(eps, year))], index=[year.label], dtype="float64"),
            period_type="year",
        )
    )
    return pd.concat([r for r in rows if not r.empty], ignore_index=True)
