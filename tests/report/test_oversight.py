"""The chairs' oversight (section 11) and the escalations of section 8, from the unit's practice records.

The figures bundle is built through the real loader and measures from
tests/fixtures/practice (every practice file); whole sentences and captions are compared
with golden files in tests/report/golden/oversight/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from iru_analysis.bundle import Context, compute_bundle, write_bundle
from iru_analysis.calendar import ReportingYear
from iru_analysis.measures.practice import Timescales
from iru_analysis.report import section
from iru_analysis.report.charts import Chart
from iru_analysis.report.tables import Table

from figures_fixture import make_section, model_figures

FIXTURE = Path(__file__).parents[1] / "fixtures" / "practice"
YEAR = ReportingYear.parse("2015-16")
PRACTICE_FILES = ["contacts.csv", "review_records.csv", "escalations.csv", "escalation_steps.csv", "feedback.csv"]

# What the notebooks show, in their order (11_oversight.ipynb; the end of 08_dispute_resolution.ipynb).
OVERSIGHT = [
    ("say", "oversight_records"),
    ("say", "oversight_key_messages"),
    ("table", "oversight_measures"),
    ("chart", "oversight_between_reviews"),
    ("chart", "records_in_time"),
    ("chart", "advocates_by_month"),
    ("table", "feedback_by_respondent"),
    ("chart", "feedback_scores"),
]
ESCALATIONS = [
    ("say", "escalations_summary"),
    ("chart", "escalations_by_stage"),
    ("chart", "escalations_by_theme"),
    ("table", "escalations_by_month"),
]


def _sections(tmp_path: Path, data: Path):
    """The oversight and dispute resolution sections of 2015-16, read from the bundle of ``data``."""
    bundle = compute_bundle(data, YEAR, YEAR.end, None, False)
    figures = write_bundle(bundle, tmp_path / "bundle")
    params = tmp_path / "params" / "2015-16.yaml"
    params.parent.mkdir()
    params.write_text(
        f'year: "2015-16"\nauthority_name: Testshire\nla_code: E06000051\ndata: {data}\n'
        'as_at: 2016-03-31\nrag_month: "2016-03"\ncomparators: []\nnarrative: n.yaml\n'
    )
    (params.parent / "n.yaml").write_text("{}\n")
    made = {
        key: section(key, year="2015-16", params=str(params), figures=str(figures), tables_dir=str(tmp_path / "t"))
        for key in ("oversight", "dispute_resolution")
    }
    return made["oversight"], made["dispute_resolution"]


def _shown(report, items) -> list:
    return [getattr(report, kind)(name) for kind, name in items]


def test_oversight_and_escalations_from_the_practice_records(tmp_path, golden):
    oversight, disputes = _sections(tmp_path, FIXTURE)
    shown = dict(zip([name for _, name in OVERSIGHT], _shown(oversight, OVERSIGHT)))
    assert shown["oversight_records"] is None  # every practice record gives figures: nothing to say
    table = shown["oversight_measures"]
    assert isinstance(table, Table) and table.number == "11.1"
    # worked by hand from the fixture:
    # - started in 2015-16: P1 (Fri 18 Dec 2015; 5 working days skip Christmas and Boxing Day: due
    #   Tue 29 Dec, IRO a from 29 Dec) and P3 (Wed 1 Apr 2015; Easter: due Fri 10 Apr, IRO b from
    #   10 Apr): 2 of 2 = 100%; in 2014-15 P2 alone: 100%
    # - looked after at 31 March 2016: P1, P2, P3; P2's IRO changed a -> b on 10 Jan 2016: 1/3 = 33%
    # - reviews after an earlier one in the same period of care: P2 10 Jun 2015 (remote contact 1 Mar),
    #   P2 10 Dec 2015 (none), P3 20 Jul 2015 (midway 1 Jun), P3 15 Jan 2016 (visit 10 Oct):
    #   midway 1/4 = 25%, saw the child 2/4 = 50%
    # - review records: P3 28 Apr 2015 issued in time (recommendations 1 May, record 20 May); P1
    #   15 Jan 2016 blank, both due before 31 March: 1/2 = 50% each; advocates no, yes: 50%
    # - conferences: M1 quorate, M2 not: 50%
    assert table.data.values.tolist() == [
        ["% of children starting care with an IRO allocated within 5 working days", "100%", "100%", "higher"],
        ["% of children looked after whose IRO changed", "0%", "33%", "lower"],
        ["% of reviews with a midway review since the last", "", "25%", "higher"],
        ["% of reviews with the IRO seeing the child since the last", "", "50%", "higher"],
        ["% of reviews with recommendations issued within 5 working days", "", "50%", "higher"],
        ["% of reviews with the record issued within 20 working days", "", "50%", "higher"],
        ["% of reviews in which an advocate took part", "", "50%", "higher"],
        ["% of child protection conferences quorate", "", "50%", "higher"],
    ]
    # feedback: two forms from children after statutory reviews, scores 5 and 4: mean 4.5
    assert shown["feedback_by_respondent"].data.values.tolist() == [
        ["The child or young person", "Looked-after child statutory review", "2", "4.5"]
    ]
    said = dict(zip([name for _, name in ESCALATIONS], _shown(disputes, ESCALATIONS)))
    # escalations raised in 2015-16: X3 (7 Dec, informal, resolved 9 Dec: 2 working days) and X2
    # (18 Dec, stage 1 on 5 Jan, resolved 15 Feb: 7 + 20 + 11 = 38 working days): median 20;
    # 1 of the 2 resolved never went beyond informal: 50%; none open at 31 March 2016
    assert said["escalations_by_stage"].data["Escalations"].tolist() == ["1", "1", "0", "0", "0"]
    months = said["escalations_by_month"].data.set_index("Measure")
    assert months.loc["Median working days to resolve", "2015-16"] == "20.0"
    assert months.loc["Open at the end of the period"].tolist() == ["1", "1", "0", "0", "0"]  # Dec to Mar, year
    for item in [*shown.values(), *said.values()]:
        if isinstance(item, Chart):
            assert 0 < len(item.alt) <= 250
    golden(
        "practice_records",
        {
            "key messages": shown["oversight_key_messages"].data,
            "measures table": table.caption,
            **{name: shown[name].caption for name in ("oversight_between_reviews", "records_in_time")},
            **{name: shown[name].caption for name in ("advocates_by_month", "feedback_by_respondent")},
            "feedback_scores": shown["feedback_scores"].caption,
            "escalations summary": said["escalations_summary"].data,
            **{name: said[name].caption for name in ("escalations_by_stage", "escalations_by_theme")},
            "escalations_by_month": said["escalations_by_month"].caption,
        },
    )


def test_the_words_follow_the_timescales_of_the_parameters(tmp_path):
    # The section opened without a bundle computes one with the parameters' timescales, and its
    # words are the context's: an IRO within 4 working days, recommendations within 2, the record
    # within 10. Worked by hand from the fixture:
    # - P1 starts Fri 18 Dec 2015: due Thu 24 Dec (21-24 Dec), IRO a from 29 Dec -> not within; P3
    #   starts Wed 1 Apr 2015: due Thu 9 Apr (2 Apr, then Good Friday and Easter Monday, 7-9 Apr), IRO b
    #   from 10 Apr -> not within: 0 of 2 = 0%. In 2014-15 P2 starts Sun 1 Jun 2014, due Thu 5 Jun, IRO
    #   a from 1 Jun -> within: 100%.
    # - P3's review Tue 28 Apr 2015: recommendations due Thu 30 Apr, issued Fri 1 May -> late; record
    #   due Wed 13 May (29, 30 Apr, 1 May, then the May bank holiday, 5-8 and 11-13 May), issued
    #   20 May -> late. P1's review 15 Jan 2016: both blank, due before 31 March -> not in time: 0% each.
    # The other measures need no timescale and are as with the defaults.
    params = tmp_path / "params" / "2015-16.yaml"
    params.parent.mkdir()
    params.write_text(
        f'year: "2015-16"\nauthority_name: Testshire\nla_code: E06000051\ndata: {FIXTURE}\n'
        'as_at: 2016-03-31\nrag_month: "2016-03"\ncomparators: []\nnarrative: n.yaml\n'
        "timescales:\n  iro_allocation_working_days: 4\n  recommendations_working_days: 2\n"
        "  record_working_days: 10\n"
    )
    (params.parent / "n.yaml").write_text("{}\n")
    report = section("oversight", year="2015-16", params=str(params), tables_dir=str(tmp_path / "t"))
    assert report.context.timescales == Timescales(4, 2, 10)
    assert report.table("oversight_measures").data.values.tolist() == [
        ["% of children starting care with an IRO allocated within 4 working days", "100%", "0%", "higher"],
        ["% of children looked after whose IRO changed", "0%", "33%", "lower"],
        ["% of reviews with a midway review since the last", "", "25%", "higher"],
        ["% of reviews with the IRO seeing the child since the last", "", "50%", "higher"],
        ["% of reviews with recommendations issued within 2 working days", "", "0%", "higher"],
        ["% of reviews with the record issued within 10 working days", "", "0%", "higher"],
        ["% of reviews in which an advocate took part", "", "50%", "higher"],
        ["% of child protection conferences quorate", "", "50%", "higher"],
    ]
    said = report.say("oversight_key_messages").data.splitlines()
    assert said[0].startswith(
        "- An IRO was allocated within 4 working days of the start of their period of care for 0%"
    )
    assert said[3] == (
        "- Recommendations were issued within 2 working days of 0% of the reviews held, and the full record "
        "within 10 working days of 0%."
    )
    caption = report.chart("records_in_time").caption
    assert "recommendations issued within 2 working days" in caption
    assert "the record issued within 10 working days" in caption
    assert "5 working days" not in caption and "20 working days" not in caption


def test_without_the_practice_records_each_section_says_so_once(tmp_path, golden):
    # the demo's case until it has practice records: allocations and chairs, no other practice file
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    for name in PRACTICE_FILES:
        (data / "iru" / name).unlink()
    conferences = data / "iru" / "conferences.csv"
    pd.read_csv(conferences, dtype=str).drop(columns="QUORATE").to_csv(conferences, index=False)
    oversight, disputes = _sections(tmp_path, data)
    shown = _shown(oversight, OVERSIGHT)
    sentences = [item.data for item in shown if isinstance(item, Markdown) and not item.data.startswith("- ")]
    # one sentence for the records of the chairs' oversight, said first; one in the feedback part
    assert [type(item).__name__ for item in shown] == [
        "Markdown", "Markdown", "Table", "NoneType", "NoneType", "NoneType", "Markdown", "NoneType"
    ]  # fmt: skip
    assert shown[2].data["Measure"].tolist() == [
        "% of children starting care with an IRO allocated within 5 working days",
        "% of children looked after whose IRO changed",
    ]
    escalations = [item for item in _shown(disputes, ESCALATIONS) if item is not None]
    assert len(escalations) == 1 and isinstance(escalations[0], Markdown)
    golden("no_practice_records", {"oversight": sentences, "escalations": escalations[0].data})


def test_without_the_units_records_each_section_says_the_standard_sentence_once(tmp_path):
    # no iru/ at all: the sentence every section gives for a source not supplied, said by the first item only
    for key, number, items in (("oversight", 11, OVERSIGHT), ("dispute_resolution", 8, ESCALATIONS)):
        report = make_section(tmp_path, key, number, figures=model_figures(), context=Context(missing_sources=("iru",)))
        shown = [item for item in _shown(report, items) if item is not None]
        assert len(shown) == 1 and shown[0].data == (
            "This part of the report needs the unit's own records (iru/), which was not supplied for 2015-16."
        )


def test_each_chart_drawn_from_its_own_frame_is_the_chart(tmp_path):
    # chart(name) is draw(data(name)) for the charts of the practice records (the demo has none yet)
    from iru_analysis.report import content
    from iru_analysis.report.charts import to_svg

    for report, items in zip(_sections(tmp_path, FIXTURE), (OVERSIGHT, ESCALATIONS)):
        for name in [name for kind, name in items if kind == "chart"]:
            frame = report.data(name)
            made = content.recipe("chart", name)(report.lookup)
            again = content.recipe("chart", name)(report.lookup, frame)
            assert (made.caption, made.alt, made.notes) == (again.caption, again.alt, again.notes), name
            assert made.data.equals(again.data) and made.raw.equals(frame), name
            assert to_svg(made.figure) == to_svg(again.figure), name
