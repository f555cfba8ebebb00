"""Disclosure control (iru_analysis.disclosure): hand-worked tables, then the demo year,
checked by linear algebra that nothing withheld can be worked out from what is shown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iru_analysis.bundle import Bundle, Context, public_bundle, read_bundle, write_bundle
from iru_analysis.calendar import ReportingYear
from iru_analysis.disclosure import WITHHELD_VALUE, is_withheld, relations, withheld_cells, withhold
from iru_analysis.figures import compute_figures
from iru_analysis.load import load_dataset
from iru_analysis.measures import FIGURE_COLUMNS
from iru_analysis.paths import DEMO_DATA


def figures_of(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """A figures table from (indicator, breakdown, period, value); months, years and dates by the period's form."""
    frame = pd.DataFrame(rows, columns=["indicator", "breakdown", "period", "value"])
    kind = np.where(frame["period"].str.len() == 10, "date", np.where(frame["period"].str[5:] > "12", "year", "month"))
    kind = np.where(frame["period"] == "2015-16", "year", kind)
    return frame.assign(subject="test", period_type=kind)[FIGURE_COLUMNS]


# Initial conferences by outcome, April and May 2015 and the year:
#            plan  no_plan  change  died | total
#   Apr 2015   12     3*       0      0  |  15
#   May 2015   20     8        1*     0  |  29
#   2015-16    32    11        1*     0  |  44
# (* from 1 to 5: withheld.) Worked by hand, one cell at a time (the smallest non-zero
# part shown of a sum with one withheld cell, preferring one that completes two sums):
# May no_plan (8: completes May's outcomes and no_plan's months), then 2015-16 no_plan
# (11), then April plan (12: April's outcomes), then May plan (20: plan's months).
ICPC = [
    ("icpc_outcome", "plan", "2015-04", 12),
    ("icpc_outcome", "no_plan", "2015-04", 3),
    ("icpc_outcome", "change_of_category", "2015-04", 0),
    ("icpc_outcome", "child_died", "2015-04", 0),
    ("icpc_outcome", "plan", "2015-05", 20),
    ("icpc_outcome", "no_plan", "2015-05", 8),
    ("icpc_outcome", "change_of_category", "2015-05", 1),
    ("icpc_outcome", "child_died", "2015-05", 0),
    ("icpc_outcome", "plan", "2015-16", 32),
    ("icpc_outcome", "no_plan", "2015-16", 11),
    ("icpc_outcome", "change_of_category", "2015-16", 1),
    ("icpc_outcome", "child_died", "2015-16", 0),
    ("icpc_total", "", "2015-04", 15),
    ("icpc_total", "", "2015-05", 29),
    ("icpc_total", "", "2015-16", 44),
]


def test_a_hand_worked_month_table():
    done = withhold(figures_of(ICPC))
    hidden = set(done.loc[done["withheld"], ["breakdown", "period"]].itertuples(index=False, name=None))
    assert hidden == {
        ("no_plan", "2015-04"),
        ("change_of_category", "2015-05"),
        ("change_of_category", "2015-16"),
        ("no_plan", "2015-05"),
        ("no_plan", "2015-16"),
        ("plan", "2015-04"),
        ("plan", "2015-05"),
    }
    assert done.loc[done["withheld"], "value"].map(is_withheld).all()
    assert done.loc[~done["withheld"], "value"].tolist() == [0, 0, 0, 32, 0, 15, 29, 44]


def test_percentages_built_on_a_withheld_count_or_base_are_withheld():
    # 20 started: 3 under 1 (withheld), so 17 aged 1 to 4 is withheld too (20 - 3);
    # both percentages go with them. 10 ceased, all 16+: nothing withheld.
    done = withhold(
        figures_of(
            [
                ("lac_started", "", "2015-16", 20),
                ("lac_started_by_age", "Under 1", "2015-16", 3),
                ("lac_started_by_age", "1 to 4", "2015-16", 17),
                ("lac_started_by_age_pct", "Under 1", "2015-16", 15.0),
                ("lac_started_by_age_pct", "1 to 4", "2015-16", 85.0),
                ("lac_ceased", "", "2015-16", 10),
                ("lac_ceased_by_age", "16+", "2015-16", 10),
                ("lac_ceased_by_age_pct", "16+", "2015-16", 100.0),
                ("icpc_total", "", "2015-16", 4),  # a base from 1 to 5
                ("icpc_within_15wd", "", "2015-16", 4),
                ("icpc_within_15wd_pct", "", "2015-16", 100.0),
            ]
        )
    )
    assert done.set_index(["indicator", "breakdown"])["withheld"].to_dict() == {
        ("lac_started", ""): False,
        ("lac_started_by_age", "Under 1"): True,
        ("lac_started_by_age", "1 to 4"): True,
        ("lac_started_by_age_pct", "Under 1"): True,
        ("lac_started_by_age_pct", "1 to 4"): True,
        ("lac_ceased", ""): False,
        ("lac_ceased_by_age", "16+"): False,
        ("lac_ceased_by_age_pct", "16+"): False,
        ("icpc_total", ""): True,
        ("icpc_within_15wd", ""): True,
        ("icpc_within_15wd_pct", ""): True,
    }


def test_the_threshold_is_a_parameter_and_rates_are_not_counts():
    rows = [("lac_short_breaks_only", "", "2015-16", 7), ("caseload_per_fte", "IRO", "2016-06-30", 3.5)]
    assert not withhold(figures_of(rows))["withheld"].any()
    assert withhold(figures_of(rows), threshold=10)["withheld"].tolist() == [True, False]


def test_the_mark_survives_the_bundle_and_figures_csv_shows_c(tmp_path):
    public = public_bundle(Bundle(figures_of(ICPC), Context(year="2015-16")), 5)
    path = write_bundle(public, tmp_path)
    back = read_bundle(path)
    assert back.context.withheld_up_to == 5
    assert withheld_cells(back.figures["value"]).tolist() == public.figures["withheld"].tolist()
    csv = pd.read_csv(tmp_path / "figures.csv", dtype=str, keep_default_na=False)
    assert list(csv.columns) == FIGURE_COLUMNS
    assert (csv["value"] == "c").tolist() == public.figures["withheld"].tolist()
    assert not is_withheld(float("nan")) and is_withheld(WITHHELD_VALUE)


# --- the demo year: can anything withheld be worked out? ---------------------------------


def determined(figures: pd.DataFrame, hidden: pd.Series) -> set[int]:
    """The withheld cells (index labels) that the cells shown determine: each relation of
    the figures is a linear equation (parts minus total = 0) in the withheld cells; a cell
    is determined when the null space of those equations is zero in its coordinate."""
    links = relations(figures)
    unknown = [i for i in figures.index[hidden]]
    column = {cell: j for j, cell in enumerate(unknown)}
    rows = []
    for _, members in links.groupby("relation"):
        row = np.zeros(len(unknown))
        for cell, total in zip(members["cell"], members["total"]):
            if cell in column:
                row[column[cell]] += -1.0 if total else 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    free = np.linalg.norm(null, axis=0) > 1e-9 if len(null) else np.zeros(len(unknown), dtype=bool)
    return {cell for cell, j in column.items() if not free[j]}


@pytest.fixture(scope="module")
def demo_figures() -> pd.DataFrame:
    return compute_figures(load_dataset(DEMO_DATA), ReportingYear.parse("2015-16"), as_at=pd.Timestamp("2016-06-30"))


def test_nothing_withheld_in_the_demo_year_can_be_worked_out(demo_figures):
    done = withhold(demo_figures)
    counts = ~done["indicator"].str.endswith("_pct")
    assert done["withheld"].sum() > 300  # the demo year has hundreds of small counts
    assert determined(demo_figures, done["withheld"] & counts) == set()


def test_primary_suppression_alone_would_give_counts_away(demo_figures):
    """The check above can fail: withholding only the counts from 1 to 5 leaves many of
    them recoverable by subtraction (e.g. a month's no-plan conferences from its total)."""
    small = demo_figures["value"].between(1, 5) & ~demo_figures["indicator"].str.endswith("_pct")
    assert len(determined(demo_figures, small)) > 20


def test_no_percentage_of_a_withheld_count_is_shown(demo_figures):
    done = withhold(demo_figures)
    key = done["indicator"] + "|" + done["breakdown"].fillna("") + "|" + done["period"]
    hidden = set(key[done["withheld"]])
    shares = done.loc[done["indicator"].str.endswith("_pct")]
    count_key = (
        shares["indicator"].str.removesuffix("_pct") + "|" + shares["breakdown"].fillna("") + "|" + shares["period"]
    )
    assert shares.loc[count_key.isin(hidden), "withheld"].all()


def test_practice_records_means_go_with_their_forms_and_open_escalations_are_not_summed():
    # 3 forms from children in March 2016 (withheld) and their mean score; 12 from parents
    # shown. Escalations open at the end of each month are counts at a date: February's 4
    # and March's 4 are withheld for being small, but they add up to nothing, so the year's
    # figure (March's, 4) is withheld for the same reason, not as a complement.
    done = withhold(
        figures_of(
            [
                ("feedback_forms", "lac_review/child", "2016-03", 3),
                ("feedback_forms", "lac_review/parent", "2016-03", 12),
                ("feedback_score_mean", "lac_review/child", "2016-03", 4.33),
                ("feedback_score_mean", "lac_review/parent", "2016-03", 3.5),
                ("escalations_open_at_end", "", "2016-01", 9),
                ("escalations_open_at_end", "", "2016-02", 4),
                ("escalations_open_at_end", "", "2016-03", 4),
                ("escalations_open_at_end", "", "2015-16", 4),
            ]
        )
    )
    # the forms of one meeting type add up to their total, which is not a figure: with one
    # part withheld, the other (12) goes too, and the means with them
    assert done["withheld"].tolist() == [True, True, True, True, False, True, True, True]


def test_escalations_progressed_and_resolved_are_withheld_with_their_parts_and_months():
    # March 2016, resolved by outcome: resolved 3 (withheld: small), withdrawn 0, referred 7.
    # Their sum is shown in the monthly report, so with one part withheld the smallest
    # non-zero part shown (referred, 7) goes too; the zero stays. Progressed by stage in
    # January and February 2016 and the year: stage1 2* + 9 = 11. With January's 2 withheld,
    # January's stages (2* + 0) would give it away: no non-zero part and no total is left, so
    # the zero (stage2) goes; and stage1's months (2* + 9 = 11) would: February's 9 goes (the
    # smallest non-zero part before the total). The year's 11 stays.
    done = withhold(
        figures_of(
            [
                ("escalations_resolved", "resolved", "2016-03", 3),
                ("escalations_resolved", "withdrawn", "2016-03", 0),
                ("escalations_resolved", "referred_cafcass", "2016-03", 7),
                ("escalations_progressed", "stage1", "2016-01", 2),
                ("escalations_progressed", "stage2", "2016-01", 0),
                ("escalations_progressed", "stage1", "2016-02", 9),
                ("escalations_progressed", "stage1", "2015-16", 11),
            ]
        )
    )
    assert done["withheld"].tolist() == [True, False, True, True, True, True, False]
