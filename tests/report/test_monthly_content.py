"""The monthly practice report's content (report/content/month_*.py) on the demo's March 2016.

The monthly bundle is computed once for the module (``compute_bundle(..., month="2016-03")``)
and written to a temporary folder, as the build writes it; each table's values are
checked against the figures worked out independently: ``compute_figures`` of the
reporting years 2014-15 and 2015-16, their month rows (March 2015 is a month of
2014-15). Then the honest blanks (the demo's RAG forms and escalations start in November
2015), the wording when a record starts after the months shown, the charts' alt text, the
notebook API's checks, and each monthly notebook run with papermill.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from iru_analysis.bundle import compute_bundle, write_bundle
from iru_analysis.calendar import ReportingYear
from iru_analysis.errors import InputError
from iru_analysis.figures import compute_figures
from iru_analysis.load import load_dataset
from iru_analysis.paths import DEMO_DATA, NOTEBOOKS
from iru_analysis.report import monthly_section
from iru_analysis.report.charts import ALT_LIMIT, Chart
from iru_analysis.report.notebook import Section
from iru_analysis.report.sections import MONTHLY_SECTIONS
from iru_analysis.report.tables import Table

YEAR = ReportingYear.parse("2015-16")
MONTH = "2016-03"
BEFORE = [str(m) for m in pd.period_range("2015-03", "2016-02", freq="M")]  # the twelve months before
RECORDED = ["2015-11", "2015-12", "2016-01", "2016-02"]  # the months before with RAG forms and escalations

# What the notebooks show (notebooks/monthly/), by section.
ITEMS = {
    "month_summary": [("say", "month_at_a_glance_summary"), ("table", "month_at_a_glance")],
    "month_ratings": [
        ("say", "month_ratings_summary"),
        ("table", "month_rag_reviews_by_month"),
        ("chart", "month_rag_reviews_shares"),
        ("table", "month_rag_items_reviews"),
        ("table", "month_rag_conferences_by_month"),
        ("chart", "month_rag_conferences_shares"),
        ("table", "month_rag_items_conferences"),
    ],
    "month_escalations": [
        ("say", "month_escalations_summary"),
        ("chart", "month_escalations_flow"),
        ("table", "month_escalations_by_month"),
        ("table", "month_escalation_themes"),
    ],
    "month_timescales": [
        ("say", "month_timescales_summary"),
        ("table", "month_timescales_compare"),
        ("table", "month_timescales_by_month"),
        ("chart", "month_meetings_in_time"),
        ("chart", "month_records_in_time"),
    ],
}


@pytest.fixture(scope="module")
def bundle_path(tmp_path_factory) -> Path:
    bundle = compute_bundle(DEMO_DATA, YEAR, pd.Timestamp("2016-06-30"), None, False, month=MONTH)
    return write_bundle(bundle, tmp_path_factory.mktemp("monthly") / "bundle")


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    """The month rows of 2014-15 and 2015-16, computed independently of the monthly bundle."""
    dataset = load_dataset(DEMO_DATA)
    years = [compute_figures(dataset, y) for y in (YEAR.previous(), YEAR)]
    both = pd.concat(years, ignore_index=True)
    return both.loc[both["period_type"] == "month"]


def value(figures: pd.DataFrame, indicator: str, month: str, breakdown: str = "") -> float:
    found = figures.loc[
        (figures["indicator"] == indicator)
        & (figures["period"] == month)
        & (figures["breakdown"].fillna("") == breakdown)
    ]
    return float(found["value"].iloc[0]) if len(found) else float("nan")


def total(figures: pd.DataFrame, indicator: str, month: str) -> float:
    found = figures.loc[(figures["indicator"] == indicator) & (figures["period"] == month), "value"]
    return float(found.sum()) if len(found) else float("nan")


def open_section(bundle_path: Path, name: str, tmp_path: Path | None = None) -> Section:
    return monthly_section(
        name, year="2015-16", month=MONTH, figures=str(bundle_path), tables_dir=str(tmp_path) if tmp_path else ""
    )


# --- the notebook API ---------------------------------------------------------------------------


def test_a_monthly_section_shows_the_month_and_the_twelve_before(bundle_path):
    report = open_section(bundle_path, "month_timescales")
    assert (report.number, report.title, report.month) == (4, "Meetings and records in timescale", MONTH)
    assert report.lookup.months == [*BEFORE, MONTH]


def test_the_annual_lookup_still_shows_the_years_twelve_months():
    from iru_analysis.bundle import Context
    from iru_analysis.report.content import Lookup

    assert Lookup(pd.DataFrame(), YEAR, None, Context(year="2015-16")).months[::11] == ["2015-04", "2016-03"]


def test_the_month_must_be_of_the_year_and_of_the_figures(bundle_path, tmp_path):
    with pytest.raises(InputError, match="2016-04.*is not a month of 2015-16"):
        monthly_section("month_summary", year="2015-16", month="2016-04", figures=str(bundle_path))
    with pytest.raises(InputError, match="is not a section of the monthly report"):
        monthly_section("summary", year="2015-16", month=MONTH, figures=str(bundle_path))
    with pytest.raises(InputError, match="is the month of these figures, not 2016-02"):
        monthly_section("month_summary", year="2015-16", month="2016-02", figures=str(bundle_path))
    from iru_analysis.report import section

    with pytest.raises(InputError, match="is the month of these figures, not the annual report"):
        section("summary", year="2015-16", figures=str(bundle_path))


# --- the month at a glance -------------------------------------------------------------------------


def test_the_glance_table_against_the_years_figures(bundle_path, figures):
    made = open_section(bundle_path, "month_summary").table("month_at_a_glance")
    assert isinstance(made, Table)
    raw = made.data  # as displayed
    rows = raw.set_index(raw.columns[0])
    assert list(raw.columns[1:]) == [
        "This month (Mar 2016)",
        "Previous month (Feb 2016)",
        "Same month last year (Mar 2015)",
        "Average month, Mar 2015 to Feb 2016",
    ]
    reviews = rows.loc["Statutory reviews held"]
    # the same month last year is 2014-15's March, from that year's figures
    assert reviews.iloc[2] == f"{value(figures, 'lac_reviews_total', '2015-03'):,.0f}"
    assert reviews.iloc[0] == f"{value(figures, 'lac_reviews_total', MONTH):,.0f}"
    average = sum(value(figures, "lac_reviews_total", m) for m in BEFORE) / 12
    assert reviews.iloc[3] == f"{average:.1f}"
    # a share of the twelve months: all their reviews in time over all assessed, not a mean of months
    in_time = sum(value(figures, "lac_reviews_in_time", m) for m in BEFORE)
    assessed = sum(value(figures, "lac_reviews_assessed", m) for m in BEFORE)
    assert rows.loc["% of reviews in timescale"].iloc[3] == f"{100 * in_time / assessed:.0f}%"
    # RAG forms rated red: both meeting types; none on record a year before (a blank, not 0);
    # the average over the four months on record
    red = [value(figures, "rag_count", MONTH, f"{m}/red") for m in ("lac_review", "cp_conference")]
    assert rows.loc["RAG forms rated red"].iloc[0] == f"{sum(red):.0f}"
    assert rows.loc["RAG forms rated red"].iloc[2] == ""
    reds = [
        value(figures, "rag_count", m, "lac_review/red") + value(figures, "rag_count", m, "cp_conference/red")
        for m in RECORDED
    ]
    assert rows.loc["RAG forms rated red"].iloc[3] == f"{sum(reds) / 4:.1f}"
    assert (
        rows.loc["Escalations stepped up to a formal stage"].iloc[0]
        == f"{total(figures, 'escalations_progressed', MONTH):.0f}"
    )
    assert (
        rows.loc["Escalations resolved (any outcome)"].iloc[1]
        == f"{total(figures, 'escalations_resolved', '2016-02'):.0f}"
    )
    assert (
        rows.loc["Escalations open at the month's end"].iloc[0]
        == f"{value(figures, 'escalations_open_at_end', MONTH):.0f}"
    )
    # recommendations on time: the mean of the monthly shares (no count in the figures)
    mean = sum(value(figures, "recommendations_in_time_pct", m) for m in BEFORE) / 12
    assert rows.loc["% of recommendations issued within 5 working days"].iloc[3] == f"{mean:.0f}%"
    assert "RAG forms are on record from November 2015: the months before are blank, not zero." in made.notes


def test_the_glance_sentences_say_what_moved_and_over_which_months(bundle_path, figures):
    text = open_section(bundle_path, "month_summary").say("month_at_a_glance_summary").data
    now, then = value(figures, "lac_reviews_total", MONTH), value(figures, "lac_reviews_total", "2016-02")
    assert f"- In March 2016, {now:.0f} statutory reviews were held (up {now - then:.0f} on February 2016)" in text
    assert "a month from November 2015 to February 2016." in text  # RAG forms and escalations: the months on record


# --- ratings, escalations, timescales -------------------------------------------------------------


def test_the_rag_table_by_month_leaves_the_months_before_the_record_blank(bundle_path, figures):
    made = open_section(bundle_path, "month_ratings").table("month_rag_reviews_by_month")
    rows = made.data.set_index("Month")
    assert rows.loc["Oct 2015"].tolist() == [""] * 7
    march = rows.loc["Mar 2016"]
    assert march["Meetings rated"] == f"{value(figures, 'rag_forms', MONTH, 'lac_review'):.0f}"
    assert march["Red"] == f"{value(figures, 'rag_count', MONTH, 'lac_review/red'):.0f}"
    assert march["% green"] == f"{value(figures, 'rag_count_pct', MONTH, 'lac_review/green'):.0f}%"
    assert (
        "RAG forms are on record from November 2015: the months before are blank (no record), not zero." in made.notes
    )


def test_the_issues_raised_in_the_month_beside_the_average_month_before(bundle_path, figures):
    made = open_section(bundle_path, "month_ratings").table("month_rag_items_reviews")
    rows = made.data.set_index("Item")
    delay = rows.loc["Delay in assessment"]
    key = "lac_review/{}/lac_assessment_delay"
    assert delay["Red, Mar 2016"] == f"{value(figures, 'rag_item_count_by_rating', MONTH, key.format('red')):.0f}"
    before = sum(
        value(figures, "rag_item_count_by_rating", m, key.format(r)) for m in RECORDED for r in ("red", "amber")
    )
    assert delay["Red or amber, average month Nov 2015 to Feb 2016"] == f"{before / 4:.1f}"
    assert "Care or permanence plan is progressing in a timely manner with no drift or delay" not in rows.index  # green


def test_the_escalations_by_month_against_the_figures(bundle_path, figures):
    made = open_section(bundle_path, "month_escalations").table("month_escalations_by_month")
    rows = made.data.set_index("Month")
    march = rows.loc["Mar 2016"]
    assert march["Opened"] == f"{total(figures, 'escalations_raised', MONTH):.0f}"
    assert march["To stage 2"] == f"{value(figures, 'escalations_progressed', MONTH, 'stage2'):.0f}"
    assert march["Withdrawn"] == f"{value(figures, 'escalations_resolved', MONTH, 'withdrawn'):.0f}"
    assert march["Open at month end"] == f"{value(figures, 'escalations_open_at_end', MONTH):.0f}"
    assert set(rows.loc["Mar 2015"]) == {""}
    assert (
        "Escalations are on record from November 2015: the months before are blank (no record), not zero." in made.notes
    )


def test_the_timescales_compared_with_the_twelve_months_before(bundle_path, figures):
    made = open_section(bundle_path, "month_timescales").table("month_timescales_compare")
    rows = made.data.set_index("Measure")
    icpc = rows.loc["Initial conferences within 15 working days"]
    within = sum(value(figures, "icpc_within_15wd", m) for m in BEFORE)
    held = sum(value(figures, "icpc_total", m) for m in BEFORE)
    assert icpc["Mar 2016"] == f"{value(figures, 'icpc_within_15wd_pct', MONTH):.0f}%"
    assert icpc["Mar 2015 to Feb 2016"] == f"{100 * within / held:.0f}%"
    assert icpc["Change"].startswith(("up", "down")) or icpc["Change"] == "no change"
    # the numbers behind it (its CSV): pooled over the twelve months' conferences, not the
    # mean of the monthly shares (both are 89% when rounded)
    numbers = open_section(bundle_path, "month_timescales").data("month_timescales_compare").set_index("Measure")
    assert numbers.loc["Initial conferences within 15 working days", "Mar 2015 to Feb 2016"] == pytest.approx(
        100 * within / held
    )


def test_every_monthly_item_shows_with_short_alt_text_and_its_csv(bundle_path, tmp_path):
    for name, items in ITEMS.items():
        report = open_section(bundle_path, name, tmp_path / name)
        for kind, item in items:
            shown = getattr(report, kind)(item)
            assert shown is not None, item
            if kind == "chart":
                assert isinstance(shown, Chart), item
                assert 0 < len(shown.alt) <= ALT_LIMIT, (item, shown.alt)
                assert "2016" in shown.caption  # the months covered
        written = sorted(p.name for p in (tmp_path / name).glob("*.csv"))
        assert len(written) == sum(kind != "say" for kind, _ in items), written


def test_a_record_starting_after_the_months_shown_is_said_once(bundle_path, tmp_path):
    # The same figures shown for October 2015, before the RAG forms and escalations start
    # (November 2015): every RAG item says so in one sentence, said once for the section.
    report = open_section(bundle_path, "month_ratings")
    months = [str(m) for m in pd.period_range("2014-10", "2015-10", freq="M")]
    early = report.figures.loc[report.figures["period"] <= "2015-10"]
    shown = Section("month_ratings", 2, "Ratings", YEAR, report.params, report.context, early, month="2015-10")
    assert shown.lookup.months == months
    first = shown.table("month_rag_reviews_by_month")
    assert first.data == (
        "No RAG forms are on record for October 2014 to October 2015: the first form on record is for a meeting in "
        "November 2015."
    )
    assert shown.chart("month_rag_reviews_shares") is None  # said once
    escalations = Section(
        "month_escalations", 3, "Escalations", YEAR, report.params, report.context, early, month="2015-10"
    )
    assert escalations.say("month_escalations_summary").data.startswith("No escalations are on record for October 2014")


# --- the notebooks ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("spec", list(MONTHLY_SECTIONS.values()), ids=list(MONTHLY_SECTIONS))
def test_each_monthly_notebook_runs(spec, bundle_path, tmp_path):
    from iru_analysis.report.run import run_notebook

    source = NOTEBOOKS / "monthly" / spec.notebook
    parameters = {"year": "2015-16", "month": MONTH, "figures": str(bundle_path), "tables_dir": str(tmp_path / "t")}
    run_notebook(source, tmp_path / spec.notebook, parameters, cwd=source.parent, log=lambda _: None)
    assert sorted((tmp_path / "t").glob(f"{spec.number:02d}_*.csv"))
