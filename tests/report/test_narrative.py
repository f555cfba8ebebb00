"""Figures cited by name in the narrative, and the build's checks of the narrative file
(report/narrative.py), worked by hand on tiny figures."""

from __future__ import annotations

import math

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from iru_analysis.errors import InputError, InputErrors
from iru_analysis.report.markup import markdown_html
from iru_analysis.report.narrative import CitationError, check_narrative, fill, narrative_errors, narrative_keys

from figures_fixture import YEAR, figures_table, make_section, params, rows


def cited_figures():
    r = []
    r += rows("lac_at_31_march", {"2015-03-31": 310, "2016-03-31": 283})
    r += rows("lac_started", {"2014-15": 136, "2015-16": 1204})
    r += rows("lac_reviews_in_time_pct", {"2014-15": 95.24, "2015-16": 89.5})
    r += rows("cpp_repeat_pct", {"2015-16": 11.236}, breakdown="any_previous")
    r += rows("chairs_fte", {"2016-06-30": 2.8108}, breakdown="IRO")
    r += rows("lac_month_end", {"2015-04": 311, "2015-05": 313})
    r += rows("icpc_within_15wd_pct", {"2015-16": math.nan})  # withheld
    return figures_table(r)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("{lac_at_31_march}", "283"),  # no year row: the year's last day, 2016-03-31
        ("{lac_at_31_march@2015-03-31}", "310"),
        ("{lac_started}", "1,204"),  # the year's row, with a thousands separator
        ("{lac_started@2014-15}", "136"),
        ("{lac_reviews_in_time_pct}", "90%"),  # 89.5 rounds half up
        ("{lac_reviews_in_time_pct@2014-15:1}", "95.2%"),
        ("{cpp_repeat_pct[any_previous]:1}", "11.2%"),
        ("{chairs_fte[IRO]}", "2.81"),  # its only period (the as-at date); not a count: two places
        ("{lac_month_end@2015-05}", "313"),
        ("{icpc_within_15wd_pct}", "c"),
        ("{{lac_started}} stays {{as written}}", "{lac_started} stays {as written}"),
    ],
)
def test_citations_are_filled_as_the_report_prints_figures(text, expected):
    # as the report shows it: filled (escaped for Markdown: "95\\.2%"), then rendered
    assert markdown_html(fill(text, cited_figures(), YEAR)) == f"<p>{expected}</p>\n"


@pytest.mark.parametrize(
    "text, rule",
    [
        ("{lac_at_31_mar}", "cites lac_at_31_mar, which is not a figure of the report (figures.csv)"),
        ("{cpp_repeat_pct}", "cites cpp_repeat_pct without a breakdown (its breakdowns are in figures.csv)"),
        (
            "{lac_started[IRO]}",
            "cites lac_started by the breakdown IRO, which it does not have (its breakdowns are in figures.csv)",
        ),
        ("{lac_started@2013-14}", "cites lac_started for 2013-14, which has no figure"),
        (
            "{lac_month_end}",
            "cites lac_month_end, which has a figure for several periods and none for 2015-16: give one, "
            "e.g. {lac_month_end@2015-05}",
        ),
        ("{LAC started}", "is not a figure cited by name"),
    ],
)
def test_a_citation_that_cannot_be_filled_says_why(text, rule):
    with pytest.raises(CitationError) as caught:
        fill(f"Text {text}.", cited_figures(), YEAR)
    assert caught.value.citation == text and caught.value.rule.startswith(rule)


def test_a_filled_value_is_escaped_before_markdown(tmp_path):
    # a breakdown's value is printed, never its text: but a filled value goes through literal()
    report = make_section(tmp_path, figures=cited_figures(), narrative_text="summary: '**{lac_started}** children'\n")
    assert report.narrative("summary").data == "**1,204** children"
    assert report.narrative("summary")._repr_html_() == "<p><strong>1,204</strong> children</p>\n"


def test_the_section_fills_lists_and_names_file_and_key_for_a_bad_citation(tmp_path):
    text = "priorities:\n  - '{lac_at_31_march} children'\n  - plain\nsummary: 'See {no_such_figure}.'\n"
    report = make_section(tmp_path, figures=cited_figures(), narrative_text=text)
    assert report.narrative("priorities").data == "- 283 children\n- plain"
    with pytest.raises(InputError) as caught:
        report.narrative("summary")
    assert str(caught.value) == (
        f'{tmp_path / "narrative.yaml"}, key summary: "{{no_such_figure}}" cites no_such_figure, which is not a '
        "figure of the report (figures.csv)."
    )


def test_a_missing_key_is_a_reminder_in_a_draft_and_an_error_for_publication(tmp_path):
    report = make_section(tmp_path, narrative_text="summary: Words.\n")
    assert report.narrative("absent").data == "*No text for “absent” in narrative.yaml yet.*"
    object.__setattr__(report.params, "publication", True)  # the lead's field, set here as the build will
    with pytest.raises(InputError, match="key absent: is missing, and a report built for publication needs it"):
        report.narrative("absent")


# --- the build's check, before any notebook runs ----------------------------------------------


def notebook(folder, name, keys):
    cells = [new_markdown_cell("# Title")] + [new_code_cell(f'report.narrative("{k}")') for k in keys]
    path = folder / name
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_narrative_keys_are_the_literal_keys_the_notebooks_show(tmp_path):
    first = notebook(tmp_path, "01_summary.ipynb", ["summary", "summary_risks"])
    second = notebook(tmp_path, "05_reviews.ipynb", ["reviews", "summary"])
    assert narrative_keys([first, second]) == {
        "summary": "01_summary.ipynb",
        "summary_risks": "01_summary.ipynb",
        "reviews": "05_reviews.ipynb",
    }


def test_narrative_errors_name_the_file_and_key(tmp_path):
    path = tmp_path / "narrative.yaml"
    shown = {"summary": "01_summary.ipynb", "reviews": "05_reviews.ipynb"}
    narrative = {"summary": "{lac_started} started.", "sumary": "Typo.", "reviews": ["{nope}", "ok"]}
    errors = narrative_errors(narrative, path, shown, cited_figures(), YEAR)
    assert [str(e) for e in errors] == [
        f"{path}, key sumary: is not a key any section notebook shows (they show: reviews, summary).",
        f'{path}, key reviews: "{{nope}}" cites nope, which is not a figure of the report (figures.csv).',
    ]
    # a draft leaves "reviews" to a reminder; a publication build does not
    draft = narrative_errors({"summary": "Words."}, path, shown, cited_figures(), YEAR)
    assert draft == []
    published = narrative_errors({"summary": "Words."}, path, shown, cited_figures(), YEAR, publication=True)
    assert [str(e) for e in published] == [
        f"{path}, key reviews: is missing; 05_reviews.ipynb shows it, and a report built for publication prints "
        'no reminder in its place (write the text, or key: "" to print nothing there).'
    ]


def test_check_narrative_reads_the_files_and_raises_them_together(tmp_path):
    settings = params(tmp_path, narrative_text="summary: '{lac_started}'\nextra: Words.\nother: '{x}'\n")
    figures = tmp_path / "figures.parquet"
    cited_figures().to_parquet(figures)
    sources = [notebook(tmp_path, "01_summary.ipynb", ["summary"])]
    with pytest.raises(InputErrors) as caught:
        check_narrative(settings, sources, figures)
    assert [(e.file.rsplit(", ", 1)[1], e.value) for e in caught.value.errors] == [
        ("key extra", None),
        ("key other", None),
        ("key other", "{x}"),
    ]
    check_narrative(params(tmp_path, narrative_text="summary: '{lac_started}'\n"), sources, figures)  # no error
