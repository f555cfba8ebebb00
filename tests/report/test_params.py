"""Parameters files: the schema's errors name file, key, value and rule (report/params.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iru_analysis.errors import InputError, InputErrors
from iru_analysis.measures.practice import Timescales
from iru_analysis.paths import PARAMS
from iru_analysis.report.params import check_year, load_narrative, load_params

GOOD = """\
year: "2015-16"
authority_name: Demoshire
la_code: E06000051
data: ../data/demo
as_at: 2016-06-30
rag_month: "2016-03"
comparators: [England]
narrative: narrative/2015-16.yaml
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "params" / "2015-16.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_good_file_resolves_paths_against_its_own_folder(tmp_path):
    path = write(tmp_path, GOOD)
    params = load_params(path)
    # data ../data/demo from <tmp>/params/ is <tmp>/data/demo, whatever the working directory
    assert params.data == (tmp_path / "data" / "demo").resolve()
    assert params.narrative == (tmp_path / "params" / "narrative" / "2015-16.yaml").resolve()
    assert params.as_at == dt.date(2016, 6, 30)
    assert params.comparators == ("England",)
    assert params.reporting_year.label == "2015-16"


def test_reviews_from_and_exclude_invalid_are_optional(tmp_path):
    assert (load_params(write(tmp_path, GOOD)).reviews_from, load_params(write(tmp_path, GOOD)).exclude_invalid) == (
        None,
        False,
    )
    given = load_params(write(tmp_path, GOOD + "reviews_from: 2015-04-01\nexclude_invalid: true\n"))
    assert (given.reviews_from, given.exclude_invalid) == (dt.date(2015, 4, 1), True)


def test_data_defaults_to_the_demo_folder(tmp_path):
    path = write(tmp_path, GOOD.replace("data: ../data/demo\n", ""))
    assert load_params(path).data == (tmp_path / "data" / "demo").resolve()


def test_reference_docx_is_optional_and_relative_to_the_parameters_file(tmp_path):
    import zipfile

    assert load_params(write(tmp_path, GOOD)).reference_docx is None
    (tmp_path / "templates").mkdir()
    with zipfile.ZipFile(tmp_path / "templates" / "committee.docx", "w") as template:
        template.writestr("[Content_Types].xml", "<Types/>")
    given = load_params(write(tmp_path, GOOD + "reference_docx: ../templates/committee.docx\n"))
    assert given.reference_docx == (tmp_path / "templates" / "committee.docx").resolve()
    (tmp_path / "params" / "notes.docx").write_text("not a Word document")
    for value in ("missing.docx", "notes.docx", "../templates"):
        with pytest.raises(InputError) as caught:
            load_params(write(tmp_path, GOOD + f"reference_docx: {value}\n"))
        assert str(caught.value).startswith(f"{tmp_path / 'params' / '2015-16.yaml'}, key reference_docx: ")
        assert "must be a Word document (.docx)" in str(caught.value) and value in str(caught.value)


def test_missing_key(tmp_path):
    path = write(tmp_path, GOOD.replace("la_code: E06000051\n", ""))
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert str(caught.value) == (
        f"{path}, key la_code: is missing; it must be the authority's ONS code: "
        "E followed by eight digits, e.g. E06000051."
    )


def test_unknown_key(tmp_path):
    path = write(tmp_path, GOOD + "colour: blue\n")
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert str(caught.value) == (
        f"{path}, key colour: is not a known key (the keys are: year, authority_name, la_code, data, "
        "as_at, rag_month, comparators, narrative, reviews_from, exclude_invalid, chairs_counted, publication, "
        "disclosure_threshold, meeting, meeting_date, author, contact, status, version, recommendations, "
        "background_papers, sign_off, reference_docx, timescales)."
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        # YAML reads 2016 (unquoted) as a number, not the text the rule asks for
        (
            'rag_month: "2016-03"',
            "rag_month: 2016",
            'key rag_month: "2016" must be a month written YYYY-MM within the reporting year.',
        ),
        (
            "as_at: 2016-06-30",
            'as_at: "30/06/2016"',
            'key as_at: "30/06/2016" must be a date written YYYY-MM-DD on or after the year\'s last day (31 March).',
        ),
        ('year: "2015-16"', 'year: "2015/16"', 'key year: "2015/16" must be a reporting year such as 2015-16.'),
        # 2016-04 is the first month of 2016-17, not of 2015-16
        (
            'rag_month: "2016-03"',
            'rag_month: "2016-04"',
            'key rag_month: "2016-04" must be a month within 2015-16 (April 2015 to March 2016).',
        ),
        (
            "as_at: 2016-06-30",
            "as_at: 2016-03-30",
            'key as_at: "2016-03-30" must be on or after the year\'s last day (31/03/2016); '
            "caseloads are given at the time of writing.",
        ),
        (
            "narrative:",
            'reviews_from: "01/04/2015"\nnarrative:',
            'key reviews_from: "01/04/2015" must be a date written YYYY-MM-DD on or before the year\'s last day '
            "(31 March): the first day of the review history held.",
        ),
        # 1 April 2016 is after 31 March 2016, the last day of 2015-16
        (
            "narrative:",
            "reviews_from: 2016-04-01\nnarrative:",
            'key reviews_from: "2016-04-01" must be on or before the year\'s last day (31/03/2016): the review '
            "history begins before the reviews it counts.",
        ),
        (
            "narrative:",
            "exclude_invalid: yes please\nnarrative:",
            'key exclude_invalid: "yes please" must be true (leave out every child with an error) or false (refuse '
            "data with errors).",
        ),
    ],
    ids=[
        "wrong_type",
        "as_at_text",
        "year_label",
        "rag_month_outside_year",
        "as_at_before_year_end",
        "reviews_from_text",
        "reviews_from_after_year",
        "exclude_invalid_text",
    ],
)
def test_one_bad_value(tmp_path, old, new, message):
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert str(caught.value) == f"{path}, {message}"


def test_several_problems_are_reported_together(tmp_path):
    path = write(
        tmp_path, GOOD.replace("la_code: E06000051\n", "").replace("comparators: [England]", "comparators: England")
    )
    with pytest.raises(InputErrors) as caught:
        load_params(path)
    assert [e.file for e in caught.value.errors] == [f"{path}, key la_code", f"{path}, key comparators"]


def test_not_a_mapping_and_not_found(tmp_path):
    path = write(tmp_path, "- just\n- a list\n")
    with pytest.raises(InputError, match="must hold one key: value per line"):
        load_params(path)
    with pytest.raises(InputError, match="parameters file not found"):
        load_params(tmp_path / "nowhere.yaml")


def test_year_mismatch(tmp_path):
    params = load_params(write(tmp_path, GOOD))
    check_year(params, "2015-16")  # no error
    with pytest.raises(InputError) as caught:
        check_year(params, "2016-17")
    assert str(caught.value) == (
        f'{params.source}, key year: "2015-16" does not match the year asked for (2016-17); '
        "use params/2016-17.yaml or pass --params."
    )


def test_narrative_values_are_text_or_lists(tmp_path):
    path = tmp_path / "n.yaml"
    path.write_text("summary: Words.\npriorities:\n  - one\n  - two\nbad: 3\n")
    with pytest.raises(InputError) as caught:
        load_narrative(path)
    assert str(caught.value) == f'{path}, key bad: "3" must be text or a list of text items.'


@pytest.mark.parametrize("year", ["2015-16", "2014-15"])
def test_committed_params_and_narratives_load(year):
    params = load_params(PARAMS / f"{year}.yaml")
    check_year(params, year)
    narrative = load_narrative(params.narrative)
    assert "priorities" in narrative and "summary" in narrative


# --- the front matter (the cover report) ----------------------------------------------------

FRONT = """\
meeting: Corporate Parenting Board
meeting_date: 2016-09-14
author: A. N. Example
contact: iru@example.org
status: Final
version: "1.0"
recommendations:
  - The Board notes the report.
background_papers:
  - "[IRO Handbook](https://www.gov.uk/iro-handbook)"
sign_off:
  name: A. Head
  role: Head of Service
  date: 2016-08-31
"""


def test_front_matter_is_optional_and_read_when_given(tmp_path):
    bare = load_params(write(tmp_path, GOOD))
    assert (bare.meeting, bare.recommendations, bare.sign_off) == (None, (), None)
    given = load_params(write(tmp_path, GOOD + FRONT))
    assert (given.meeting, given.meeting_date, given.version) == (
        "Corporate Parenting Board",
        dt.date(2016, 9, 14),
        "1.0",
    )
    assert given.recommendations == ("The Board notes the report.",)
    assert given.background_papers == ("[IRO Handbook](https://www.gov.uk/iro-handbook)",)
    assert (given.sign_off.name, given.sign_off.role, given.sign_off.date) == (
        "A. Head",
        "Head of Service",
        dt.date(2016, 8, 31),
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        # YAML reads an unquoted 1.0 as a number, not the text "1.0"
        ('version: "1.0"', "version: 1.0", 'key version: "1.0" must be the version as text in quotes, e.g. "1.0".'),
        # the year 2015-16 ends on 31 March 2016: a meeting that day is too early
        (
            "meeting_date: 2016-09-14",
            "meeting_date: 2016-03-31",
            'key meeting_date: "2016-03-31" must be after the year\'s last day (31/03/2016): the report is '
            "presented once the year is over.",
        ),
        # signed off on 15 September, the day after the meeting on 14 September
        (
            "  date: 2016-08-31",
            "  date: 2016-09-15",
            'key sign_off.date: "2016-09-15" must be on or before the meeting_date (14/09/2016): a report is '
            "signed off before the meeting it goes to.",
        ),
        (
            "  role: Head of Service\n",
            "",
            "key sign_off.role: is missing; it must give name, role and date (YYYY-MM-DD) of who signed the report off.",
        ),
        (
            "  - The Board notes the report.",
            '  - "  "',
            "key recommendations: \"['  ']\" must be a list of texts: the recommendations or decisions sought.",
        ),
        (
            '  - "[IRO Handbook](https://www.gov.uk/iro-handbook)"',
            '  - "[the chairs](../data/demo/iru/chairs.csv)"',
            'key background_papers[1]: "../data/demo/iru/chairs.csv" is a link or image the report does not '
            "publish: its text may link only to a web page or an e-mail address (https://, http://, mailto:), "
            "never to a file, and shows no images.",
        ),
    ],
    ids=["version_number", "meeting_in_year", "signed_after_meeting", "sign_off_no_role", "blank_item", "file_link"],
)
def test_front_matter_errors_name_key_value_and_rule(tmp_path, old, new, message):
    path = write(tmp_path, GOOD + FRONT.replace(old, new))
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert str(caught.value) == f"{path}, {message}"


# --- the unit's practice timescales ---------------------------------------------------------


def test_timescales_default_to_5_5_and_20_working_days_each_key_optional(tmp_path):
    assert load_params(write(tmp_path, GOOD)).timescales == Timescales(5, 5, 20)
    assert load_params(write(tmp_path, GOOD + "timescales: {}\n")).timescales == Timescales(5, 5, 20)
    given = load_params(write(tmp_path, GOOD + "timescales:\n  record_working_days: 15\n"))
    assert given.timescales == Timescales(
        iro_allocation_working_days=5, recommendations_working_days=5, record_working_days=15
    )
    every = (
        "timescales:\n  iro_allocation_working_days: 3\n  recommendations_working_days: 1\n  record_working_days: 10\n"
    )
    assert load_params(write(tmp_path, GOOD + every)).timescales == Timescales(3, 1, 10)


DAYS_RULE = "must be a whole number of working days from 1"


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            "timescales:\n  record_working_days: 0\n",
            f'key timescales.record_working_days: "0" {DAYS_RULE} (default 20).',
        ),
        # YAML reads 2.5 as a number that is not whole, "10" (quoted) as text, true as no number at all
        (
            "timescales:\n  iro_allocation_working_days: 2.5\n",
            f'key timescales.iro_allocation_working_days: "2.5" {DAYS_RULE} (default 5).',
        ),
        (
            'timescales:\n  recommendations_working_days: "10"\n',
            f'key timescales.recommendations_working_days: "10" {DAYS_RULE} (default 5).',
        ),
        (
            "timescales:\n  record_working_days: true\n",
            f'key timescales.record_working_days: "True" {DAYS_RULE} (default 20).',
        ),
        (
            "timescales:\n  record_days: 15\n",
            "key timescales.record_days: is not a known key (the keys are: iro_allocation_working_days, "
            "recommendations_working_days, record_working_days).",
        ),
        (
            "timescales: 20\n",
            'key timescales: "20" must be a mapping of the unit\'s timescales in working days, each optional: '
            "iro_allocation_working_days (default 5), recommendations_working_days (default 5), "
            "record_working_days (default 20).",
        ),
    ],
    ids=["zero", "not_whole", "text", "boolean", "unknown_key", "not_a_mapping"],
)
def test_timescale_errors_name_key_value_and_rule(tmp_path, extra, message):
    path = write(tmp_path, GOOD + extra)
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert str(caught.value) == f"{path}, {message}"


def test_an_unknown_key_of_sign_off_lists_the_keys_of_sign_off(tmp_path):
    path = write(tmp_path, GOOD + FRONT + "  seal: red\n")
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert str(caught.value) == f"{path}, key sign_off.seal: is not a known key (the keys are: name, role, date)."
