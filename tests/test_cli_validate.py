"""`iru-report validate`: exit 0 on a clean folder, 1 on errors, every finding printed,
never a traceback."""

from pathlib import Path

import pandas as pd
import pytest

from iru_analysis.cli import main

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,1,01/06/2010,WBRI,,,\n"
EPISODE_COLUMNS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
# Child 101: one episode, 01/04/2015 to 10/01/2016, ended E41 (child arrangements order).
GOOD_EPISODE = "101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,E41,,SY3 8HQ,SY1 1AA,"


# Child 101 (born 01/06/2010) is 4 at the review of 28/04/2015: PN1 fits.
REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE\n101,01/06/2010,28/04/2015,PN1\n"


def folder(root: Path, episodes: str | None = None, header: str = HEADER) -> Path:
    """A data folder with only ssda903/: the header, these episodes and one review."""
    (root / "ssda903").mkdir(parents=True)
    (root / "ssda903" / "header.csv").write_text(header)
    text = f"{EPISODE_COLUMNS}\n{GOOD_EPISODE}\n" if episodes is None else episodes
    (root / "ssda903" / "episodes.csv").write_text(text)
    (root / "ssda903" / "reviews.csv").write_text(REVIEWS)
    return root


def run(capsys, data: Path, *options: str) -> tuple[int, list[str], str]:
    code = main(["validate", "--data", str(data), *options])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.splitlines(), err


def test_clean_folder_exits_0(tmp_path, capsys):
    data = folder(tmp_path)
    code, lines, _ = run(capsys, data)
    assert code == 0
    assert lines == [
        f"NOTE: no cin/ in {data}; the figures that need it will not be produced.",
        f"NOTE: no iru/ in {data}; the figures that need it will not be produced.",
        f"NOTE: no reference/ in {data}; the figures that need it will not be produced.",
        f"0 error(s), 0 warning(s) in {data}",
    ]


@pytest.mark.parametrize(
    "episodes, expected",
    [
        pytest.param(  # no DEC column at all
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
            "101,01/04/2015,S,C1,N1,U4,PR1,,,SY3 8HQ,SY1 1AA,\n",
            "ERROR: ssda903/episodes.csv, column DEC: the file has no such column, and it is required (columns found: "
            "CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN).",
            id="missing column",
        ),
        pytest.param(
            f"{EPISODE_COLUMNS}\n101,31/02/2015,S,C1,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,\n",
            'ERROR: ssda903/episodes.csv, row 1, column DECOM: "31/02/2015" is not a date (expected dd/mm/yyyy).',
            id="impossible date",
        ),
        pytest.param(
            f"{EPISODE_COLUMNS}\n101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,E99,,SY3 8HQ,SY1 1AA,\n",
            'ERROR: ssda903/episodes.csv, row 1, column REC: "E99" is not a valid REC code in 2015-16 '
            "(see the SSDA903 code list in src/iru_analysis/codes.py).",
            id="unknown code",
        ),
        pytest.param(
            f"{EPISODE_COLUMNS}\n101,01/04/2015,S,C1,N1,U4,PR1,01/03/2015,E41,,SY3 8HQ,SY1 1AA,\n",
            'ERROR: ssda903/episodes.csv, row 1, column DEC: "01/03/2015" is before DECOM 01/04/2015 '
            "(an episode cannot end before it starts).",
            id="end before start",
        ),
        pytest.param(
            "",
            "ERROR: ssda903/episodes.csv: the file is empty (expected a header row naming the columns: CHILD, DECOM, "
            "RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN, PL_DISTANCE, "
            "PL_LOCATION).",
            id="empty file",
        ),
    ],
)
def test_bad_input_exits_1_and_names_the_problem(tmp_path, capsys, episodes, expected):
    data = folder(tmp_path, episodes)
    code, lines, _ = run(capsys, data)
    assert code == 1
    assert lines[0] == expected
    assert lines[-1].startswith("1 error(s), ")


def test_warnings_alone_exit_0(tmp_path, capsys):
    # No ETHNIC for 101: a warning, the report can still be built.
    data = folder(tmp_path, header="CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,1,01/06/2010,,,,\n")
    code, lines, _ = run(capsys, data)
    assert code == 0
    assert lines[0] == (
        "WARNING: ssda903/header.csv, row 1, column ETHNIC: no ethnicity is recorded for this child; "
        "they will be shown as not recorded."
    )
    assert lines[-1] == f"0 error(s), 1 warning(s) in {data}"


def test_folder_that_does_not_exist(tmp_path, capsys):
    code, lines, _ = run(capsys, tmp_path / "nowhere")
    assert code == 1
    assert lines[0] == f"ERROR: {tmp_path / 'nowhere'}: the data folder does not exist."


# Five children (201 to 205) whose episodes start on an impossible date, and child 101
# whose episode ends before it starts: two rules, one found five times.
MESSY_HEADER = HEADER + "".join(f"{c},1,01/06/2010,WBRI,,,\n" for c in range(201, 206))
MESSY_EPISODES = f"{EPISODE_COLUMNS}\n101,01/04/2015,S,C1,N1,U4,PR1,01/03/2015,E41,,SY3 8HQ,SY1 1AA,\n" + "".join(
    f"{c},31/02/2015,S,C1,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,\n" for c in range(201, 206)
)
DATE_RULE = "is not a date (expected dd/mm/yyyy)"


def test_summary_groups_findings_by_rule(tmp_path, capsys):
    data = folder(tmp_path, MESSY_EPISODES, header=MESSY_HEADER)
    code, lines, _ = run(capsys, data)
    assert code == 1  # exit codes unchanged
    assert lines[:6] == [
        f"ERROR: ssda903/episodes.csv: {DATE_RULE} (5 findings)",
        f'    row 2, column DECOM: "31/02/2015" {DATE_RULE}.',
        f'    row 3, column DECOM: "31/02/2015" {DATE_RULE}.',
        f'    row 4, column DECOM: "31/02/2015" {DATE_RULE}.',
        "    ... and 2 more",
        # found once: one line, as --all prints it
        'ERROR: ssda903/episodes.csv, row 1, column DEC: "01/03/2015" is before DECOM 01/04/2015 (an episode '
        "cannot end before it starts).",
    ]
    # the warning: 101's review is outside its (impossible) episode
    assert lines[7] == "Each rule shows its first 3 findings: --all lists every finding, --csv FILE writes them all."
    assert lines[-1] == f"6 error(s), 1 warning(s) in {data}"


def test_all_lists_every_finding_and_csv_writes_them(tmp_path, capsys):
    data = folder(tmp_path / "data", MESSY_EPISODES, header=MESSY_HEADER)
    out = tmp_path / "findings.csv"
    code, lines, _ = run(capsys, data, "--all", "--csv", str(out))
    assert code == 1
    errors = [line for line in lines if line.startswith("ERROR: ")]
    assert len(errors) == 6 and errors[0].startswith("ERROR: ssda903/episodes.csv, row 1, column DEC")
    assert lines[-2:] == [f"Wrote the 7 finding(s) to {out}", f"6 error(s), 1 warning(s) in {data}"]
    written = pd.read_csv(out, dtype=str)
    assert list(written.columns) == ["severity", "file", "row", "column", "value", "check", "rule"]
    assert (written["check"] == DATE_RULE).sum() == 5 and "child" not in written


def test_exclude_invalid_says_which_children_would_be_left_out(tmp_path, capsys):
    data = folder(tmp_path, MESSY_EPISODES, header=MESSY_HEADER)
    code, lines, _ = run(capsys, data, "--exclude-invalid")
    assert code == 0  # every error concerns a child: the report can be built without them
    at = lines.index(
        "--exclude-invalid would leave out 6 children with errors, with all their records in every source:"
    )
    assert lines[at + 1 : at + 3] == [
        f"  5 for ssda903/episodes.csv: {DATE_RULE}",
        "  1 for ssda903/episodes.csv: is before DECOM (an episode cannot end before it starts)",
    ]
    assert not any("C0" in line or "201" in line.split(":")[0] for line in lines[at:])  # counts, no child named


def test_exclude_invalid_cannot_mend_an_error_about_no_child(tmp_path, capsys):
    # A missing required column concerns the whole file, no single child.
    data = folder(tmp_path, f"{EPISODE_COLUMNS.replace(',RNE', '')}\n101,01/04/2015,C1,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,\n")
    code, lines, _ = run(capsys, data, "--exclude-invalid")
    assert code == 1
    assert "1 error(s) concern no single child: --exclude-invalid cannot leave them out." in lines
