"""The section API: numbering, sentences from the figures, missing sources, narrative, notebooks.

Whole sentences are compared with golden files in tests/report/golden/section/."""

from __future__ import annotations

import ast
import re

import nbformat
import pandas as pd
import pytest
from IPython.display import Markdown

from iru_analysis.bundle import Bundle, Context, write_bundle
from iru_analysis.errors import InputError
from iru_analysis.paths import NOTEBOOKS
from iru_analysis.report.charts import Chart
from iru_analysis.report.run import section_notebooks
from iru_analysis.report.sections import SECTIONS
from iru_analysis.report.tables import Table

from figures_fixture import comparators, figures_table, make_section, model_figures, rows, shares


def test_figures_and_tables_are_numbered_by_section_in_order_asked(tmp_path):
    report = make_section(tmp_path)  # section 3
    first = report.chart("lac_month_end")
    second = report.chart("reviews_in_time_by_month")
    again = report.chart("lac_month_end")  # re-running a cell keeps its number
    table = report.table("lac_started_by_age")
    assert (first.number, second.number, again.number) == ("3.1", "3.2", "3.1")
    assert isinstance(table, Table) and table.number == "3.1"
    assert table.title.startswith("Table 3.1: ")


def test_population_sentence(tmp_path, golden):
    # 310 at 31 March 2015 and 283 at 31 March 2016 (fixture): fell
    said = make_section(tmp_path).say("lac_population")
    assert isinstance(said, Markdown)
    golden("lac_population", said.data)


def test_started_and_ceased_compared_with_previous_year(tmp_path, golden):
    # started 83 (136 in 2014-15), ceased 110 (94 in 2014-15)
    golden("lac_started_ceased", make_section(tmp_path).say("lac_started_ceased").data)


def test_reviews_key_message(tmp_path, golden):
    # 795 / 882 = 90.1% -> 90%; 941 / 988 = 95.2% -> 95%;
    # lowest month August 2015: 42 / 74 = 56.8% -> 57% (June is 47 / 75 = 62.7%)
    golden("reviews_key_message", make_section(tmp_path, "reviews", 5).say("reviews_key_message").data)


def test_three_year_table_newest_first(tmp_path, golden):
    table = make_section(tmp_path, "reviews", 5).table("reviews_three_years")
    # 2013-14: 774 / 792 = 97.7% -> 98%; 2015-16: 90%
    golden("reviews_three_years_caption", table.caption)
    assert table.data.values.tolist() == [
        ["2015-16", "882", "795", "90%"],
        ["2014-15", "988", "941", "95%"],
        ["2013-14", "792", "774", "98%"],
    ]


def test_age_table_caption_and_percentages(tmp_path, golden):
    table = make_section(tmp_path).table("lac_started_by_age")
    # 10 to 14: 21 of 83 = 25.3% -> 25%
    golden("lac_started_by_age_caption", table.caption)
    assert table.data["Age on starting"].tolist() == ["Under 1", "1 to 4", "5 to 9", "10 to 14", "15", "16+"]
    assert table.data["Percentage"].tolist() == ["18%", "19%", "13%", "25%", "14%", "10%"]


def test_cpp_ethnicity_notes_the_child_with_no_ethnicity(tmp_path, golden):
    table = make_section(tmp_path, "child_protection", 7).table("cpp_ethnicity")
    # recorded: 216 + 13 = 229; White British 216 / 229 = 94.32% -> 94.3%
    assert table.data["Percentage"].tolist() == ["94.3%", "5.7%"]
    golden("cpp_ethnicity_notes", table.notes)
    assert "1 child with no ethnicity recorded" in table._repr_html_()


def test_rag_items_chart_for_the_month(tmp_path, golden):
    chart = make_section(tmp_path, "dispute_resolution", 8).chart("rag_items_cp_red")
    # red items for CP conferences in March 2016: assessments 5, visits 3 (the green item is not shown);
    # 9 meetings rated red
    assert chart.data["Forms"].tolist() == ["5", "3"]
    golden("rag_items_cp_red_caption", chart.caption)


def test_missing_source_is_one_sentence_not_a_failure(tmp_path, golden):
    report = make_section(tmp_path, "child_protection", 7, context=Context(missing_sources=("cin",)))
    shown = report.chart("cpp_categories")
    assert isinstance(shown, Markdown)
    golden("cin_not_supplied", shown.data)
    assert report.say("cp_key_messages") is None  # said once per section, not after every item
    assert report.chart("cpp_categories").data == shown.data  # re-running the first item's cell says it again
    empty = make_section(tmp_path, figures=model_figures().iloc[0:0])
    golden("lac_population_no_figures", empty.say("lac_population").data)


def test_permanence_routes(tmp_path, golden):
    # lac_ceased 110 in the fixture (its reasons list only some of them); by route (lac_ceased_by_route):
    # adopted E11+E12 = 23; SGO E43+E44 = 12; residence/child arrangements E41 = 2; planned return home E4A = 28
    golden("permanence_routes", make_section(tmp_path, "permanence", 4).say("permanence_routes").data)


def test_participation_sentence_gives_each_indicator_it_names(tmp_path, golden):
    # 100 reviews of children aged 4+: PN1-PN6 (participated) 93 -> 93%; PN1-PN3, PN5, PN6
    # (views conveyed, the 7 PN4 reviews left out) 86 -> 86%.
    figures = figures_table(
        rows("lac_review_aged_4_plus", {"2015-16": 100})
        + rows("lac_review_participated", {"2015-16": 93})
        + rows("lac_review_participated_pct", {"2015-16": 93.0})
        + rows("lac_review_views_conveyed", {"2015-16": 86})
        + rows("lac_review_views_conveyed_pct", {"2015-16": 86.0})
    )
    golden("participation", make_section(tmp_path, "participation", 9, figures=figures).say("participation").data)


def test_caseloads_rounded_and_against_the_handbook(tmp_path, golden):
    report = make_section(tmp_path, "unit_profile", 2)
    # 95.2 -> 95, 106.1 -> 106; both above 70
    golden("caseloads", {"sentence": report.say("caseloads").data, "chart caption": report.chart("caseloads").caption})


def test_rag_month_summary(tmp_path, golden):
    # March 2016 CP conferences: 9 red + 2 amber + 19 green = 30 forms; no statutory review forms in the fixture
    golden("rag_month_summary", make_section(tmp_path, "dispute_resolution", 8).say("rag_month_summary").data)


def test_shares_and_totals_are_the_figures_not_worked_out_again(tmp_path):
    # figures that do not add up, on purpose: 9 + 2 + 19 = 30 rated forms but rag_forms 31; WBRI 216 and
    # WOTH 13 (94.3% and 5.7% of 229) but cpp_ethnicity_pct 90 and 10. The report prints each figure as given.
    model = model_figures()
    odd = figures_table(
        rows("rag_forms", {"2016-03": 31}, breakdown="cp_conference")
        + rows("cpp_ethnicity_pct", {"WBRI": 90.0, "WOTH": 10.0}, period="2016-03-31")
    )
    figures = pd.concat([model[~model["indicator"].isin(["rag_forms", "cpp_ethnicity_pct"])], odd])
    said = make_section(tmp_path, "dispute_resolution", 8, figures=figures).say("rag_month_summary").data
    assert "31 for child protection conferences (9 red, 2 amber, 19 green)" in said
    table = make_section(tmp_path, "child_protection", 7, figures=figures).table("cpp_ethnicity")
    assert table.data["Percentage"].tolist() == ["90.0%", "10.0%"]
    assert table.caption.startswith("90.0% of children on a child protection plan")


def test_stability_beside_comparators_of_the_year(tmp_path, golden):
    report = make_section(tmp_path, "placements", 6, context=Context(comparators=comparators()))
    # 68.75 -> 68.8% (half up); comparators of 2015-16 only, in the parameters' order (SN, then England)
    golden("stability", report.say("stability").data)
    table = report.table("stability_vs_comparators")
    assert list(table.data.columns) == [
        "Measure (%)",
        "Demoshire 2014-15",
        "Demoshire 2015-16",
        "Statistical neighbours 2015-16",
        "England 2015-16",
    ]
    golden("stability_vs_comparators_notes", table.notes)


def test_stability_chart_names_only_the_comparators_it_shows(tmp_path, golden):
    with_comparators = make_section(tmp_path, "placements", 6, context=Context(comparators=comparators()))
    without = make_section(tmp_path, "placements", 6, context=Context())
    golden(
        "stability_chart_captions",
        {
            "with comparators": with_comparators.chart("stability").caption,
            "without": without.chart("stability").caption,
        },
    )


def test_data_quality_counts_by_rule_and_names_no_child(tmp_path):
    from iru_analysis.report.privacy import data_quality_table

    findings = pd.DataFrame(
        {
            "severity": ["warning", "warning", "error"],
            "file": ["cin/c.xml", "cin/c.xml", "ssda903/episodes.csv"],
            "row": [1, 2, 3],
            "column": ["LAchildID", "LAchildID", "DECOM"],
            "value": ["C002119", "C7", "x"],
            "rule": [
                "has no Ethnicity (<Child> number 635, LAchildID C002119)",
                "has no Ethnicity (<Child> number 9, LAchildID C7)",
                "is not a date, see C7",
            ],
        }
    )
    # as the bundle holds it (data-quality.csv): the identifiers withheld
    context = Context(data_quality=data_quality_table(findings, {"C002119", "C7"}))
    table = make_section(tmp_path, "appendices", 11, context=context).table("data_quality")
    # the two ethnicity warnings are one rule once the child references are gone: 2 rows
    assert table.data.values.tolist() == [
        ["error", "ssda903/episodes.csv", "DECOM", "is not a date, see [withheld]", "1"],
        ["warning", "cin/c.xml", "LAchildID", "has no Ethnicity", "2"],
    ]
    assert "C002119" not in table._repr_html_() and "C7" not in table._repr_html_()


def test_csv_written_for_tables(tmp_path):
    out = tmp_path / "tables"
    make_section(tmp_path, "reviews", 5, tables_dir=out).table("reviews_three_years")
    written = pd.read_csv(next(out.glob("05_table_5.*_reviews_three_years.csv")))
    assert written["Reviews held"].tolist() == [882, 988, 792]


def test_narrative_text_list_and_gap(tmp_path):
    report = make_section(tmp_path, narrative_text="summary: Words here.\npriorities:\n  - One\n  - Two\n")
    assert report.narrative("summary").data == "Words here."
    assert report.narrative("priorities").data == "- One\n- Two"
    assert report.narrative("absent").data == "*No text for “absent” in narrative.yaml yet.*"


def test_narrative_left_empty_shows_nothing(tmp_path):
    assert make_section(tmp_path, narrative_text='rag_next: ""\n').narrative("rag_next") is None


def test_unknown_names_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="is not a chart of the report"):
        make_section(tmp_path).chart("no_such_chart")


# --- the committed notebooks keep the contract with the build ------------------------------

NOTEBOOK_FILES = section_notebooks(NOTEBOOKS)  # every registered section's, in order (else an error)
PARAMETERS = (
    'year = "2015-16"\n'
    'params = ""  # optional: another parameters file for this year (default ../params/<year>.yaml)\n'
    'figures = ""  # optional: the build\'s figures.parquet (default: computed from the data once, and cached)\n'
    'data = ""  # optional, without figures: another data folder\n'
    'tables_dir = ""\n'
    'reviews_from = ""  # optional, without figures: YYYY-MM-DD, replaces the parameters file\'s reviews_from\n'
    "exclude_invalid = None  # optional, without figures: True/False, replaces the parameters file's "
    "exclude_invalid"
)


@pytest.mark.parametrize("spec", SECTIONS.values(), ids=lambda spec: spec.notebook)
def test_notebook_shape(spec):
    nb = nbformat.read(NOTEBOOKS / spec.notebook, as_version=4)
    nbformat.validate(nb)
    cells = nb.cells
    assert cells[0].cell_type == "markdown" and cells[0].source == f"# {spec.heading}"  # e.g. "# 5. Care plan reviews"
    assert cells[1].metadata.get("tags") == ["parameters"] and cells[1].source == PARAMETERS
    assert f'iru_analysis.report.section("{spec.key}", ' in cells[2].source  # the section its file name says
    # every notebook reads the build's figures, else computes them as the build would
    assert re.search(
        r"year=year, params=params, figures=figures, data=data,\s+tables_dir=tables_dir, "
        r"reviews_from=reviews_from,\s+exclude_invalid=exclude_invalid\)",
        cells[2].source,
    )
    headings = []
    for cell in cells[3:]:
        if cell.cell_type == "code":
            call = ast.parse(cell.source).body
            # only one call of a report method per cell: no definitions, logic or loops
            assert len(call) == 1 and isinstance(call[0], ast.Expr)
            assert re.fullmatch(r'report\.(chart|table|say|narrative)\("[a-z0-9_]+"\)', cell.source)
        else:
            headings += [len(m) for m in re.findall(r"^(#+) ", cell.source, flags=re.M)]
    levels = [1] + headings
    assert 1 not in headings  # one h1 per section
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))  # no gaps in heading levels
    for cell in cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None  # committed without outputs


# --- end to end: section() loads a data folder through the real loader and measures ----------

HEADER = """CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/01/2005,WBRI,,,
B,2,01/01/2008,WBRI,,,
C,1,01/01/2012,MWBC,,,
D,2,01/01/2001,WBRI,,,
"""
EPISODES = """CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/01/2015,S,C2,N1,U4,PR1,,,,SY1 1AA,SY2 5AA,
B,01/06/2014,S,V2,N4,U6,PR1,15/10/2015,E4A,,SY1 1AA,SY2 5AA,
C,10/05/2015,S,C1,N1,U4,PR1,,,,SY1 1AA,SY2 5AA,
D,01/02/2016,S,V2,N4,K2,PR3,,,,SY1 1AA,SY2 5AA,
"""


def test_section_end_to_end_on_a_small_data_folder(tmp_path, golden):
    from iru_analysis.report import section

    data = tmp_path / "data"
    (data / "ssda903").mkdir(parents=True)
    (data / "ssda903" / "header.csv").write_text(HEADER)
    (data / "ssda903" / "episodes.csv").write_text(EPISODES)
    (data / "ssda903" / "reviews.csv").write_text("CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2005,20/01/2015,PN1\n")
    params = tmp_path / "params" / "2015-16.yaml"
    params.parent.mkdir()
    params.write_text(
        'year: "2015-16"\nauthority_name: Testshire\nla_code: E06000051\ndata: ../data\n'
        'as_at: 2016-06-30\nrag_month: "2016-03"\ncomparators: []\nnarrative: n.yaml\n'
    )
    (params.parent / "n.yaml").write_text("looked_after: Our words.\n")

    report = section("looked_after", year="2015-16", params=str(params), tables_dir=str(tmp_path / "tables"))
    # 31 March 2015: A and B looked after (2); 31 March 2016: A, C and D (B left 15 Oct 2015) -> rose to 3
    golden("end_to_end_lac_population", report.say("lac_population").data)
    # started in 2015-16: C (10 May 2015) and D (1 Feb 2016); ceased: B
    assert report.say("lac_started_ceased").data.startswith("2 children started to be looked after in 2015-16")
    assert report.narrative("looked_after").data == "Our words."
    chart = report.chart("lac_month_end")
    assert isinstance(chart, Chart) and chart.number == "3.1"
    assert (tmp_path / "tables" / "03_figure_3.1_lac_month_end.csv").is_file()
    # no cin/ in the folder: the child protection chart is one sentence, not a failure
    cp = section("child_protection", year="2015-16", params=str(params))
    golden("cin_not_supplied", cp.chart("cpp_categories").data)
    with pytest.raises(InputError, match="does not match the year asked for"):
        section("looked_after", year="2014-15", params=str(params))


@pytest.mark.parametrize("year", ["2015-16", "2014-15"])
def test_committed_narratives_have_every_key_the_notebooks_use(year):
    from iru_analysis.paths import PARAMS
    from iru_analysis.report.params import load_narrative

    used = {
        key
        for path in NOTEBOOK_FILES
        for cell in nbformat.read(path, as_version=4).cells
        for key in re.findall(r'report\.narrative\("([a-z0-9_]+)"\)', cell.source)
    }
    assert used - set(load_narrative(PARAMS / "narrative" / f"{year}.yaml")) == set()


def test_icpc_outcomes_table_by_month_with_totals(tmp_path, golden):
    # April 2015: 10 plans + 1 no plan = 11; May 2015: 35 plans (model report p.13, first two months)
    extra = figures_table(
        [
            ("t", "icpc_outcome", "plan", "2015-04", 10.0),
            ("t", "icpc_outcome", "plan", "2015-05", 35.0),
            ("t", "icpc_outcome", "no_plan", "2015-04", 1.0),
            ("t", "icpc_outcome", "no_plan", "2015-05", 0.0),
            ("t", "icpc_outcome", "plan", "2015-16", 45.0),
            ("t", "icpc_outcome", "no_plan", "2015-16", 1.0),
            ("t", "icpc_total", "", "2015-04", 11.0),
            ("t", "icpc_total", "", "2015-05", 35.0),
            ("t", "icpc_total", "", "2015-16", 46.0),
        ]
    )
    report = make_section(tmp_path, "child_protection", 7, figures=pd.concat([model_figures(), extra]))
    table = report.table("icpc_outcomes_by_month")
    golden("icpc_outcomes_by_month_caption", table.caption)  # 46 held, 45 led to a plan
    assert table.data.values.tolist() == [
        ["Child becomes subject to a child protection plan", "10", "35", "45"],
        ["Child not made subject to a plan", "1", "0", "1"],
        ["Total", "11", "35", "46"],
    ]
    assert list(table.data.columns) == ["Initial conference outcomes 2015-16", "Apr 2015", "May 2015", "Total"]


def test_distance_caption_when_none_and_when_some(tmp_path, golden):
    def distance(over_out):
        # the bands, their shares and lac_started (all who started: the bands' total), as the measures give
        counts = {"under_20_in": 52, "under_20_out": 4, "over_20_in": 14, "over_20_out": over_out, "unknown": 7}
        extra = figures_table(
            rows("lac_started_by_distance", counts, period="2015-16")
            + shares("lac_started_by_distance", counts, "2015-16")
            + rows("lac_started", {"2015-16": sum(counts.values())})
        )
        model = model_figures()
        model = model[~((model["indicator"] == "lac_started") & (model["period"] == "2015-16"))]
        return make_section(tmp_path, figures=pd.concat([model, extra])).table("lac_started_by_distance")

    # 52 + 4 + 14 + 6 + 7 = 83 (model report p.9); 6 / 83 = 7.2% -> 7%
    six = distance(6)
    assert six.data["Percentage"].tolist() == ["63%", "5%", "17%", "7%", "8%"]
    # 6 of the 83; with none over 20 miles out of the authority, none of the 77
    golden("distance_captions", {"six": six.caption, "none": distance(0).caption})


def test_appendices_definitions_sources_and_provenance(tmp_path, golden):
    from iru_analysis import __version__
    from iru_analysis.measures.looked_after import INDICATORS

    report = make_section(
        tmp_path,
        "appendices",
        11,
        context=Context(missing_sources=("cin", "reference"), data_folder="demo", files_read=2),
    )
    table = report.table("definitions")
    # only indicators present in the figures are defined, each with its module's own sentence
    shown = dict(zip(table.data["Indicator"], table.data["Definition"]))
    assert shown["lac_month_end"] == INDICATORS["lac_month_end"]
    assert "icpc_total" not in shown
    golden("missing_sources", report.say("missing_sources").data)
    said = report.say("provenance").data
    assert said.startswith(
        f"This report for Demoshire (E06000051), 2015-16, was produced by iru-report {__version__} "
        "from the data folder `demo` (2 files read) with the parameters in `2015-16.yaml`."
    )


@pytest.mark.skipif(not (NOTEBOOKS.parent / "data" / "demo").is_dir(), reason="no demo data folder")
@pytest.mark.parametrize("year", ["2015-16", "2014-15"])
def test_every_recipe_runs_on_the_demo_data(year, tmp_path):
    """Smoke test: every chart, table and sentence renders (or says its data are missing) for both demo years."""
    from iru_analysis.paths import PARAMS
    from iru_analysis.report import content, section

    report = section("appendices", year=year, params=str(PARAMS / f"{year}.yaml"), tables_dir=str(tmp_path))
    for kind in ("chart", "table", "say"):
        for name in content.names(kind):
            shown = getattr(report, kind)(name)
            assert shown is None or isinstance(shown, (Chart, Table, Markdown))
            if isinstance(shown, Chart):
                assert shown.alt and "No description" not in shown.alt
    assert list(tmp_path.glob("12_*.csv"))


# --- children left out (exclude_invalid) -------------------------------------------------


def left_out_context() -> Context:
    """Three children left out: two for an impossible DECOM, one for an unknown child
    (whose rule, were it per row, could name the child: it is withheld, as in the bundle)."""
    from iru_analysis.report.privacy import data_quality_table

    findings = pd.DataFrame(
        {
            "severity": ["error"] * 4,
            "file": ["ssda903/episodes.csv"] * 4,
            "row": [1, 2, 3, 4],
            "column": ["DECOM", "DECOM", "DECOM", "CHILD"],
            "value": ["x", "y", "z", "C123456"],
            "rule": ["is not a date", "is not a date", "is not a date", "C123456 is not in the header"],
            "check": ["is not a date", "is not a date", "is not a date", "C123456 is not in the header"],
            "child": ["C000001", "C000001", "C000002", "C123456"],
        }
    )
    exclusions = pd.DataFrame(
        {
            "file": ["ssda903/episodes.csv"] * 2,
            "check": ["is not a date", "[withheld] is not in the header"],
            "children": [2, 1],
        }
    )
    return Context(
        excluded_children=3,
        exclusions=exclusions,
        data_quality=data_quality_table(findings, {"C000001", "C000002", "C123456"}),
    )


def test_the_summary_says_which_children_were_left_out(tmp_path, golden):
    # 3 children; by rule: not a date 2, not in the header 1
    said = make_section(tmp_path, "summary", 1, context=left_out_context()).say("children_left_out").data
    golden("children_left_out", said)
    assert make_section(tmp_path, "summary", 1).say("children_left_out") is None  # nobody left out: nothing said


def test_the_data_quality_appendix_counts_by_check_and_notes_the_children_left_out(tmp_path, golden):
    table = make_section(tmp_path, "appendices", 11, context=left_out_context()).table("data_quality")
    assert table.data.values.tolist() == [
        ["error", "ssda903/episodes.csv", "DECOM", "is not a date", "3"],
        ["error", "ssda903/episodes.csv", "CHILD", "[withheld] is not in the header", "1"],
    ]
    golden("data_quality_left_out_note", table.notes[-1])  # 3 children
    assert "C123456" not in table._repr_html_()


def test_notebooks_load_the_data_as_the_build_says(monkeypatch):
    import importlib

    from iru_analysis.paths import PARAMS

    section_module = importlib.import_module("iru_analysis.report.notebook")

    calls = []
    monkeypatch.setattr(
        section_module,
        "cached_bundle",
        lambda *args, **_: calls.append(args[3:]) or Bundle(model_figures(), Context(year="2015-16")),
    )
    section_module.section("summary", year="2015-16")  # params/2015-16.yaml, found from the year
    section_module.section(
        "summary", year="2015-16", params=PARAMS / "2015-16.yaml", reviews_from="2015-04-01", exclude_invalid=True
    )
    # (reviews_from, exclude_invalid): the parameters file's (none given: None and False), then the overrides
    assert calls == [(None, False), (pd.Timestamp("2015-04-01"), True)]


def test_stability_says_why_long_term_is_missing(tmp_path):
    # the annual returns held do not reach 30 months back: no long-term figure for 2015-16
    figures = model_figures()
    figures = figures[~((figures["indicator"] == "lac_stability_long_term_pct") & (figures["period"] == "2015-16"))]
    figures = pd.concat([figures, figures_table(rows("lac_stability_3plus_pct", {"2015-16": 11.0}))])
    report = make_section(tmp_path, "placements", 6, figures=figures)
    why = (
        "Long-term stability is not given for 2015-16: it needs each child's date of birth and the 30 months of "
        "care before the year end, which the data do not hold whole."
    )
    assert report.say("stability").data.endswith(why)
    assert why in report.table("stability_vs_comparators").notes


# --- the build's figures bundle --------------------------------------------------------------


def test_a_notebook_given_the_build_figures_reads_them_and_never_the_data(tmp_path, monkeypatch, golden):
    import importlib

    section_module = importlib.import_module("iru_analysis.report.notebook")
    monkeypatch.setattr(section_module, "cached_bundle", lambda *args: pytest.fail("the figures were computed"))
    path = write_bundle(Bundle(model_figures(), Context(year="2015-16", missing_sources=("cin",))), tmp_path / "b")
    report = section_module.section("child_protection", year="2015-16", figures=str(path))
    pd.testing.assert_frame_equal(report.figures, model_figures().reset_index(drop=True), check_dtype=False)
    golden("cin_not_supplied", report.chart("cpp_categories").data)
    with pytest.raises(InputError, match="not both"):  # the bundle says which data folder it was computed from
        section_module.section("summary", year="2015-16", figures=str(path), data="../data/demo")
    with pytest.raises(InputError, match="is the year of these figures, not 2014-15"):
        section_module.section("summary", year="2014-15", figures=str(path))


def test_with_the_build_figures_the_loader_and_the_measures_are_never_imported(tmp_path):
    """A section notebook's kernel that reads the build's figures pays for no loading and
    no computing: neither the loader nor the figures registry is imported."""
    import subprocess
    import sys

    path = write_bundle(Bundle(model_figures(), Context(year="2015-16")), tmp_path / "b")
    code = (
        "import sys, iru_analysis.report as r; r.section('reviews', year='2015-16', figures=sys.argv[1]); "
        "print(sorted(m for m in ('iru_analysis.load', 'iru_analysis.figures', 'pandera') if m in sys.modules))"
    )
    ran = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[]"


def test_a_section_imports_matplotlib_only_to_draw_a_chart(tmp_path):
    """A kernel pays for what its section shows: setting up a section, its tables (the
    appendices' definitions, which name every measure's indicators) and its sentences import
    neither matplotlib nor seaborn, nor the loader (pandera), nor holidays; the first chart
    drawn imports matplotlib and seaborn, and the chart holds a matplotlib Figure."""
    import subprocess
    import sys

    path = write_bundle(Bundle(model_figures(), Context(year="2015-16")), tmp_path / "b")
    code = "\n".join(
        [
            "import sys, iru_analysis.report as r",
            "heavy = ('matplotlib', 'seaborn', 'pandera', 'iru_analysis.load', 'holidays')",
            "report = r.section('appendices', year='2015-16', figures=sys.argv[1])",
            "report.table('definitions')._repr_html_(), report.say('provenance')",
            "print(sorted(m for m in heavy if m in sys.modules))",
            "chart = report.chart('lac_month_end')",
            "chart._repr_html_()",
            "print(type(chart.figure).__module__, type(chart.figure).__name__)",
            "print(sorted(m for m in heavy if m in sys.modules))",
        ]
    )
    ran = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == ["[]", "matplotlib.figure Figure", "['matplotlib', 'seaborn']"]
