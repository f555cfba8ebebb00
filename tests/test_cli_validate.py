"""`iru-report validate`: exit 0 on a clean folder, 1 on errors, every finding printed,
never a traceback."""

from pathlib import Path

import pytest

from iru_analysis.cli import main

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,1,01/06/2010,WBRI,,,\n"
EPISODE_COLUMNS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
# Child 101: one episode, 01/04/2015 to 10/01/2016, ended E41 (child arrangements order).
GOOD_EPISODE = "101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,E41,,SY3 8HQ,SY1 1AA,"


def folder(root: Path, episodes: str | None = None, header: str = HEADER) -> Path:
    """A data folder with only ssda903/: the header and these episodes."""
    (root / "ssda903").mkdir(parents=True)
    (root / "ssda903" / "header.csv").write_text(header)
    text = f"{EPISODE_COLUMNS}\n{GOOD_EPISODE}\n" if episodes is None else episodes
    (root / "ssda903" / "episodes.csv").write_text(text)
    return root


def run(capsys, data: Path) -> tuple[int, list[str], str]:
    code = main(["validate", "--data", str(data)])
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


@pytest.mark.parametrize("episodes, expected", [
    pytest.param(  # no DEC column at all
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
        "101,01/04/2015,S,C1,N1,U4,PR1,,,SY3 8HQ,SY1 1AA,\n",
        "ERROR: ssda903/episodes.csv, column DEC: the file has no such column, and it is required (columns found: "
        "CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN).",
        id="missing column"),
    pytest.param(
        f"{EPISODE_COLUMNS}\n101,31/02/2015,S,C1,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,\n",
        'ERROR: ssda903/episodes.csv, row 1, column DECOM: "31/02/2015" is not a date (expected dd/mm/yyyy).',
        id="impossible date"),
    pytest.param(
        f"{EPISODE_COLUMNS}\n101,01/04/2015,S,C1,N1,U4,PR1,10/01/2016,E99,,SY3 8HQ,SY1 1AA,\n",
        'ERROR: ssda903/episodes.csv, row 1, column REC: "E99" is not a valid REC code in 2015-16 '
        '(see the SSDA903 code list in src/iru_analysis/codes.py).',
        id="unknown code"),
    pytest.param(
        f"{EPISODE_COLUMNS}\n101,01/04/2015,S,C1,N1,U4,PR1,01/03/2015,E41,,SY3 8HQ,SY1 1AA,\n",
        'ERROR: ssda903/episodes.csv, row 1, column DEC: "01/03/2015" is before DECOM 01/04/2015 '
        '(an episode cannot end before it starts).',
        id="end before start"),
    pytest.param(
        "",
        "ERROR: ssda903/episodes.csv: the file is empty (expected a header row naming the columns: CHILD, DECOM, "
        "RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN, PL_DISTANCE, "
        "PL_LOCATION).",
        id="empty file"),
])
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
    assert lines[0] == ("WARNING: ssda903/header.csv, row 1, column ETHNIC: no ethnicity is recorded for this child; "
                        "they will be shown as not recorded.")
    assert lines[-1] == f"0 error(s), 1 warning(s) in {data}"


def test_folder_that_does_not_exist(tmp_path, capsys):
    code, lines, _ = run(capsys, tmp_path / "nowhere")
    assert code == 1
    assert lines[0] == f"ERROR: {tmp_path / 'nowhere'}: the data folder does not exist."
