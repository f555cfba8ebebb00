"""Outputs that are safe to replace (iru_analysis.report.build, iru_analysis.cli): the
output folder checked before any work, one build of a folder at a time, and a build
stopped by Ctrl-C or SIGTERM that leaves the previous outputs as they were and no
temporary folder or kernel behind.

The stopping tests run the real command line in a subprocess and signal it at three
points (computing the figures, running the notebooks, printing the PDF): they are slow.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.cli import main
from iru_analysis.paths import DEMO_DATA, PARAMS, PROJECT_ROOT
from iru_analysis.report.build import (
    BuildError,
    BuildStopped,
    Signals,
    build_lock,
    build_report,
    check_out,
    resolve_out,
)

YEAR = ReportingYear.parse("2015-16")
PROTECTED = [PROJECT_ROOT / name for name in ("src", "notebooks", "data")]


def _earlier_build(out: Path) -> Path:
    """A folder as an earlier build left it (as far as the checks look: provenance.json)."""
    out.mkdir(parents=True)
    (out / "provenance.json").write_text("{}")
    (out / "report.html").write_text("last year's build")
    return out


# --- the output folder, checked before any work --------------------------------------------


def test_a_relative_out_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_out(Path("reports/2015-16"), YEAR) == tmp_path / "reports" / "2015-16"
    assert resolve_out(None, YEAR) == PROJECT_ROOT / "outputs" / "2015-16"


@pytest.mark.parametrize(
    ("out", "problem"),
    [
        (PROJECT_ROOT / "README.md", "it is a file, not a folder"),
        (PROJECT_ROOT / "notebooks", "it is notebooks/"),
        (PROJECT_ROOT / "src" / "out", "it lies inside src/"),
        (PROJECT_ROOT / "data" / "demo" / "out", "it lies inside data/"),
        (PROJECT_ROOT, "it holds src/"),  # replacing it would delete the project
    ],
)
def test_an_output_folder_in_the_project_sources_is_refused(out, problem):
    with pytest.raises(BuildError) as caught:
        check_out(out, PROTECTED)
    assert str(caught.value).startswith(f"Cannot build into {out.relative_to(PROJECT_ROOT)}: {problem}")
    assert caught.value.exit_status == 2


def test_a_folder_that_is_not_an_earlier_build_is_refused(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "letter.txt").write_text("keep me")
    with pytest.raises(BuildError, match=r"holds files but is not the output folder of an earlier build"):
        check_out(tmp_path / "documents", PROTECTED)


def test_an_output_folder_whose_parent_cannot_be_created_is_refused(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(BuildError, match=r"cannot be created \(File exists: .*file\)"):
        check_out(tmp_path / "file" / "2015-16", PROTECTED)


def test_new_empty_and_earlier_build_folders_are_accepted(tmp_path):
    check_out(tmp_path / "new" / "2015-16", PROTECTED)  # its parent is created
    assert (tmp_path / "new").is_dir()
    (tmp_path / "empty").mkdir()
    check_out(tmp_path / "empty", PROTECTED)
    check_out(_earlier_build(tmp_path / "outputs" / "2015-16"), PROTECTED)


def test_the_build_refuses_a_file_before_reading_the_data(tmp_path):
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(BuildError, match="it is a file"):
        build_report(YEAR, params=PARAMS / "2015-16.yaml", data=tmp_path / "missing", out=tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_figures_out_naming_a_folder_is_refused_and_leaves_nothing(tmp_path, capsys):
    folder = tmp_path / "results"
    folder.mkdir()
    assert main(["figures", "--year", "2015-16", "--data", str(DEMO_DATA), "--out", str(folder)]) == 2
    assert f"{folder} is a folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


# --- one build of a folder at a time ----------------------------------------------------


def test_a_second_build_of_the_same_folder_refuses(tmp_path):
    out = _earlier_build(tmp_path / "2015-16")
    with build_lock(out):
        assert (tmp_path / ".2015-16.lock").read_text() == f"{os.getpid()}\n"
        with pytest.raises(BuildError) as caught:
            build_report(YEAR, params=PARAMS / "2015-16.yaml", out=out, log=lambda _: None)
    assert str(caught.value).startswith(f"Another build (process {os.getpid()}) is writing {out} now; nothing")
    assert (out / "report.html").read_text() == "last year's build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2015-16"]  # the lock file is removed on release
    with build_lock(out):  # and can be taken again
        pass


def test_signals_stop_the_build_except_inside_hold():
    before = signal.getsignal(signal.SIGTERM)
    with Signals():
        with pytest.raises(BuildStopped) as caught:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends
        assert caught.value.exit_status == 128 + signal.SIGTERM
    with Signals() as signals:
        with signals.hold(stop_after=False):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.1)
        assert signals.received == signal.SIGINT  # recorded, not raised
        os.kill(os.getpid(), signal.SIGTERM)  # a later signal is ignored: the clean-up goes on
        time.sleep(0.1)
    with Signals() as signals, pytest.raises(BuildStopped), signals.hold():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)  # the block ends, then the build stops
    assert signal.getsignal(signal.SIGTERM) is before


# --- a build stopped by Ctrl-C or SIGTERM (real builds, in a subprocess) --------------------


def _start_build(out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{PROJECT_ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.Popen(
        [sys.executable, "-m", "iru_analysis.cli", "build", "--year", "2015-16", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for(build: subprocess.Popen, start: str) -> list[str]:
    """The build's output lines up to the first starting with ``start``."""
    lines = []
    for line in build.stdout:
        lines.append(line)
        if line.startswith(start):
            return lines
    raise AssertionError(f"the build ended before {start!r}: {''.join(lines)}{build.stderr.read()}")


def _kernels(pid: int) -> list[int]:
    """The kernels the build ``pid`` runs now (a kernel ending meanwhile is left out)."""
    psutil = pytest.importorskip("psutil")
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child.pid)
        except (psutil.ZombieProcess, psutil.NoSuchProcess):
            pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("when", "signum"),
    [
        ("Building the", signal.SIGTERM),  # computing the figures (and starting the first kernels)
        ("  started  ", signal.SIGTERM),  # running the notebooks
        ("  started  ", signal.SIGINT),  # Ctrl-C, the same
        ("Stitched report.html", signal.SIGTERM),  # checking the published files, printing the PDF
    ],
)
def test_a_stopped_build_leaves_the_previous_outputs_and_nothing_else(tmp_path, when, signum):
    psutil = pytest.importorskip("psutil")
    out = _earlier_build(tmp_path / "2015-16")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    build = _start_build(out)
    _wait_for(build, when)
    if when == "  started  ":  # a second build of the same folder meanwhile refuses
        second = _start_build(out)
        assert second.wait(timeout=120) == 1
        assert f"Another build (process {build.pid}) is writing {out} now" in second.stderr.read()
    kernels = _kernels(build.pid)
    sent = time.perf_counter()
    build.send_signal(signum)
    status = build.wait(timeout=60)
    seconds = time.perf_counter() - sent
    stderr = build.stderr.read()
    assert status == 128 + signum
    assert stderr == (
        f"iru-report build: stopped by {signal.Signals(signum).name}; nothing was published and {out} is as it was.\n"
    )
    assert seconds < 20, f"stopping took {seconds:.1f} s"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2015-16"]  # no temporary folder, no lock
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    gone, alive = psutil.wait_procs([psutil.Process(k) for k in kernels if psutil.pid_exists(k)], timeout=10)
    assert not alive, "a kernel outlived the build"
    assert json.loads((out / "provenance.json").read_text()) == {}


def test_figures_out_that_cannot_be_written_gives_one_line_and_leaves_nothing(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    out = tmp_path / "file" / "figures.csv"  # its folder would be a file
    assert main(["figures", "--year", "2015-16", "--data", str(DEMO_DATA), "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"iru-report figures: nothing was written: cannot write {out}: ")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]
