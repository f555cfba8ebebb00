"""Workforce: chairs in post, full-time equivalents and caseloads per full-time chair.

Sources: the unit's own ``chairs.csv`` (role IRO or ICC, contracted weekly hours, dates in
post) and ``allocations.csv`` (children allocated to chairs, with dates); schemas in
``docs/data-folder.md``. The model report gives caseloads "at the time of writing"
(95 children per full-time IRO, 106 per ICC), so they are measured at an as-at date,
which the build takes from the parameters file (docs/data-standards.md §0, §6.2).

Conventions (all at one as-at date ``d``):

* **In post / allocated on d, inclusive at both ends**: a chair is in post when
  ``START_DATE <= d`` and (``END_DATE`` is blank or ``END_DATE >= d``); an allocation is
  current on the same rule. A chair whose last day is d, or an allocation ending on d,
  still counts on d; one that ended the day before does not.
* **Full-time equivalent (FTE)**: ``WEEKLY_HOURS / codes.FULL_TIME_HOURS`` (37 hours), summed
  over the role's chairs in post (2 full-time IROs and one on 30 hours: 2 + 30/37 = 2.8108).
* **Children allocated**: distinct children with a current allocation to a chair of the
  role who is in post on d. The report counts children, so a child allocated to two
  chairs of the same role at once (for example during a handover) counts once; a child
  allocated to an IRO and to an ICC counts once in each role. An allocation to a chair
  not in post on d (one who has left, with the allocation not closed) is not counted:
  the child has no chair in post, which is a data-quality matter for the unit.
* **Caseload per FTE**: children allocated / FTE in post, per role; no figure for a role
  with no one in post (a division by zero is not a caseload).
"""

from __future__ import annotations

import pandas as pd

from .. import codes
from ..calendar import ReportingYear
from ..dataset import Dataset
from . import FIGURE_COLUMNS, figure_frame

SUBJECT = "workforce"
ROLES: list[str] = list(codes.CHAIR_ROLE)  # IRO, ICC

IRO_HANDBOOK_RANGE: tuple[int, int] = (50, 70)
"""Recommended caseload of looked-after children per full-time IRO, lowest and highest.

Source: IRO Handbook (DCSF 2010), paragraph 7.15; the model report: "The IRO Handbook
recommends a caseload size of 50-70 looked after children". For charts (a reference
band), not a figure of the data.
"""

INDICATORS: dict[str, str] = {
    "chairs_in_post": "Number of independent chairs of the role (IRO or ICC) in post at the as-at date.",
    "chairs_fte": (
        "Full-time equivalents of the role's chairs in post at the as-at date "
        f"(contracted weekly hours / {codes.FULL_TIME_HOURS:g})."
    ),
    "children_allocated": (
        "Number of distinct children allocated at the as-at date to a chair of the role in post "
        "at that date (a child allocated to two chairs of the same role counts once)."
    ),
    "caseload_per_fte": (
        "Children allocated to the role's chairs at the as-at date per full-time equivalent chair "
        "in post (children_allocated / chairs_fte); the IRO Handbook recommends "
        f"{IRO_HANDBOOK_RANGE[0]} to {IRO_HANDBOOK_RANGE[1]} "
        "looked-after children per full-time IRO."
    ),
}


def current_on(frame: pd.DataFrame, as_at: pd.Timestamp) -> pd.Series:
    """True for each row (a chair in post, an allocation) current on ``as_at``.

    Inclusive at both ends: ``START_DATE <= as_at`` and (``END_DATE`` blank or
    ``END_DATE >= as_at``). A row with no start date is not current.

    >>> rows = pd.DataFrame({"START_DATE": pd.to_datetime(["2016-01-01", "2016-01-01", "2016-07-01"]),
    ...                      "END_DATE": pd.to_datetime([None, "2016-05-31", None])})
    >>> current_on(rows, pd.Timestamp("2016-05-31")).tolist()
    [True, True, False]
    """
    started = (frame["START_DATE"] <= as_at).fillna(False)
    not_ended = (frame["END_DATE"].isna() | (frame["END_DATE"] >= as_at)).fillna(False)
    return (started & not_ended).astype(bool)


def chairs_at(chairs: pd.DataFrame, as_at: pd.Timestamp) -> pd.DataFrame:
    """Chairs in post and their full-time equivalents by role on ``as_at``.

    One row per role in ``codes.CHAIR_ROLE`` (zeros for a role with no one in post);
    columns ``role``, ``chairs_in_post``, ``fte`` (sum of WEEKLY_HOURS / 37).
    """
    in_post = chairs.loc[current_on(chairs, as_at)]
    by_role = (
        in_post.assign(fte=in_post["WEEKLY_HOURS"].astype(float) / codes.FULL_TIME_HOURS)
        .groupby("ROLE")
        .agg(chairs_in_post=("CHAIR_ID", "nunique"), fte=("fte", "sum"))
        .reindex(ROLES, fill_value=0)
    )
    return by_role.rename_axis("role").reset_index().astype({"chairs_in_post": "int64", "fte": "float64"})


def children_allocated_at(allocations: pd.DataFrame, chairs: pd.DataFrame, as_at: pd.Timestamp) -> pd.Series:
    """Distinct children allocated on ``as_at`` to a chair of each role in post on that date.

    Index ``role`` (every role in ``codes.CHAIR_ROLE``), values the number of children.
    A child with two current allocations to chairs of the same role counts once.
    """
    current = allocations.loc[current_on(allocations, as_at), ["CHILD", "CHAIR_ID"]]
    in_post = chairs.loc[current_on(chairs, as_at), ["CHAIR_ID", "ROLE"]]
    allocated = current.merge(in_post, on="CHAIR_ID", how="inner")
    return (
        allocated.groupby("ROLE")["CHILD"]
        .nunique()
        .reindex(ROLES, fill_value=0)
        .rename_axis("role")
        .rename("children_allocated")
        .astype("int64")
    )


def caseloads_at(allocations: pd.DataFrame, chairs: pd.DataFrame, as_at: pd.Timestamp) -> pd.DataFrame:
    """Caseload per full-time equivalent chair by role on ``as_at``.

    Columns ``role``, ``chairs_in_post``, ``fte``, ``children_allocated`` and
    ``caseload_per_fte`` (children_allocated / fte; NaN for a role with no FTE in post).
    Rules as in the module docstring.

    >>> chairs = pd.DataFrame({"CHAIR_ID": ["a", "b"], "ROLE": ["IRO", "IRO"],
    ...     "WEEKLY_HOURS": [37.0, 18.5], "START_DATE": pd.to_datetime(["2010-01-01"] * 2),
    ...     "END_DATE": pd.to_datetime([None, None])})
    >>> allocations = pd.DataFrame({"CHILD": ["1", "2", "3"], "CHAIR_ID": ["a", "a", "b"],
    ...     "START_DATE": pd.to_datetime(["2015-01-01"] * 3), "END_DATE": pd.to_datetime([None] * 3)})
    >>> caseloads_at(allocations, chairs, pd.Timestamp("2016-03-31")).loc[0, "caseload_per_fte"]
    np.float64(2.0)
    """
    out = chairs_at(chairs, as_at).merge(children_allocated_at(allocations, chairs, as_at).reset_index(), on="role")
    fte = out["fte"].where(out["fte"] > 0)
    out["caseload_per_fte"] = out["children_allocated"] / fte
    return out


def figure_rows(
    ds: Dataset, year: ReportingYear, as_at: pd.Timestamp | str | None = None, **_options: object
) -> pd.DataFrame:
    """The subject's rows of figures.csv, by role (IRO, ICC), at the as-at date.

    ``as_at`` defaults to the year end (31 March); the report's caseloads are "at the time
    of writing", so the build passes a later date from the parameters file. Period is the
    as-at date ``YYYY-MM-DD``. ``chairs_in_post`` and ``chairs_fte`` need ``chairs``;
    ``children_allocated`` and ``caseload_per_fte`` also need ``allocations``.
    ``caseload_per_fte`` is left out for a role with no one in post. Other options passed
    by the figures registry are ignored.
    """
    if not ds.has("chairs"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    day = year.end if as_at is None else pd.Timestamp(as_at).normalize()
    period = day.strftime("%Y-%m-%d")
    if ds.has("allocations"):
        table = caseloads_at(ds.allocations, ds.chairs, day)
        indicators = ["chairs_in_post", "chairs_fte", "children_allocated", "caseload_per_fte"]
    else:
        table = chairs_at(ds.chairs, day)
        indicators = ["chairs_in_post", "chairs_fte"]
    table = table.rename(columns={"fte": "chairs_fte"}).set_index("role")
    parts = [
        figure_frame(SUBJECT, name, table[name].dropna(), period=period, period_type="date") for name in indicators
    ]
    return pd.concat(parts, ignore_index=True)
