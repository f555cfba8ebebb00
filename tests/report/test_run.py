"""Executing notebooks with papermill (iru_analysis.report.run), on tiny notebooks built here."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from iru_analysis.errors import InputErrors
from iru_analysis.report import run
from iru_analysis.report.run import NotebookFailed, is_kernel_start_race, run_notebooks, section_notebooks


def _notebook(path: Path, *cells) -> Path:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _parameters(source: str):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


SECTION_NOTEBOOKS = [
    "01_summary.ipynb",
    "02_unit_profile.ipynb",
    "03_looked_after.ipynb",
    "04_permanence.ipynb",
    "05_reviews.ipynb",
    "06_placements.ipynb",
    "07_child_protection.ipynb",
    "08_dispute_resolution.ipynb",
    "09_participation.ipynb",
    "10_priorities.ipynb",
    "11_oversight.ipynb",
    "12_appendices.ipynb",
]  # the registry's keys, numbered in its order


def _folder(folder: Path, names: list[str]) -> Path:
    for name in names:
        (folder / name).write_text("{}")
    (folder / "explore").mkdir()
    (folder / "explore" / "01_start_here.ipynb").write_text("{}")  # subfolders are not looked at
    return folder


def test_section_notebooks_are_the_registered_ones_in_section_order(tmp_path):
    folder = _folder(tmp_path, sorted(SECTION_NOTEBOOKS, reverse=True))
    assert [p.name for p in section_notebooks(folder)] == SECTION_NOTEBOOKS
    assert section_notebooks(folder)[0] == folder / "01_summary.ipynb"


def test_an_unregistered_or_missing_section_notebook_is_an_error(tmp_path):
    # the reviews notebook under its old name (not registered), and so missing under its own
    names = [n if n != "05_reviews.ipynb" else "05_care_plan_reviews.ipynb" for n in SECTION_NOTEBOOKS]
    folder = _folder(tmp_path, names + ["Untitled.ipynb"])
    with pytest.raises(InputErrors) as caught:
        section_notebooks(folder)
    assert str(caught.value).splitlines() == [
        f"{folder / '05_care_plan_reviews.ipynb'}: is not the notebook of a section of the report (NN_<key>.ipynb).",
        f"{folder / 'Untitled.ipynb'}: is not the notebook of a section of the report (NN_<key>.ipynb).",
        (
            f'{folder / "05_reviews.ipynb"}: is missing: it is the notebook of the section "reviews" '
            "(5. Care plan reviews)."
        ),
        (
            "The sections and their notebooks' names are registered in src/iru_analysis/report/sections.py; "
            "a notebook that is not a section belongs in notebooks/explore/."
        ),
    ]


def test_an_empty_folder_misses_every_section_notebook(tmp_path):
    with pytest.raises(InputErrors) as caught:
        section_notebooks(tmp_path)
    assert len(caught.value.errors) == 12 and all("is missing" in e.rule for e in caught.value.errors)


def test_notebook_title_is_its_first_heading(tmp_path):
    path = _notebook(
        tmp_path / "03_x.ipynb",
        _parameters('year = "2015-16"'),
        new_markdown_cell("Intro\n\n# 3. Looked-after children\n\n## Numbers"),
    )
    assert run.notebook_title(path) == "3. Looked-after children"


@pytest.mark.parametrize(
    "message, expected",
    [
        ("Kernel didn't respond in 60 seconds", True),
        ("Kernel died before replying to kernel_info", True),
        ("Address already in use (addr='tcp://127.0.0.1:5555')", True),
        ("name 'x' is not defined", False),
    ],
)
def test_kernel_start_race_is_recognised_by_its_message(message, expected):
    assert is_kernel_start_race(RuntimeError(message)) is expected


def test_notebooks_run_with_parameters_in_the_given_folder(tmp_path):
    # The parameters cell says year = "2014-15"; the injected "2015-16" must win, and the
    # working directory must be `work` (the file written there proves it).
    work = tmp_path / "work"
    work.mkdir()
    sources = [
        _notebook(
            tmp_path / "01_a.ipynb",
            _parameters('year = "2014-15"'),
            new_code_cell('open("ran-a.txt", "w").write(year)'),
        ),
        _notebook(
            tmp_path / "02_b.ipynb",
            _parameters('year = "2014-15"'),
            new_code_cell('open("ran-b.txt", "w").write(year)'),
        ),
    ]
    lines: list[str] = []
    runs = run_notebooks(sources, tmp_path / "out", {"year": "2015-16"}, cwd=work, log=lines.append)
    assert [r.name for r in runs] == ["01_a", "02_b"]
    assert (work / "ran-a.txt").read_text() == "2015-16"
    assert (work / "ran-b.txt").read_text() == "2015-16"
    executed = nbformat.read(tmp_path / "out" / "01_a.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    # one "started" and one "finished ... s" line per notebook
    assert sum(line.strip().startswith("started") for line in lines) == 2
    assert sum(line.strip().startswith("finished") and line.endswith(" s") for line in lines) == 2


def test_a_failing_notebook_names_section_cell_and_error(tmp_path):
    # Source cells: 1 title, 2 parameters, 3 fine, 4 fails. Papermill injects a cell after
    # the parameters; the message must still say cell 4 (of the source notebook).
    source = _notebook(
        tmp_path / "05_reviews.ipynb",
        new_markdown_cell("# 5. Care plan reviews"),
        _parameters('year = "2015-16"'),
        new_code_cell("x = 1"),
        new_code_cell("total = x + missing_name\nprint(total)"),
    )
    with pytest.raises(NotebookFailed) as caught:
        run_notebooks([source], tmp_path / "out", {"year": "2015-16"}, cwd=tmp_path, log=lambda _: None)
    failure = caught.value
    assert failure.section == "5. Care plan reviews"
    assert failure.cell == 4
    assert failure.first_line == "total = x + missing_name"
    assert failure.ename == "NameError"
    message = str(failure)
    assert message == (
        'Section "5. Care plan reviews" (05_reviews.ipynb) failed in cell 4 '
        "(`total = x + missing_name`): NameError: name 'missing_name' is not defined."
    )
    assert "Traceback" not in message and "\n" not in message


def test_an_input_error_in_a_notebook_keeps_its_one_paragraph_message(tmp_path):
    source = _notebook(
        tmp_path / "03_lac.ipynb",
        new_markdown_cell("# 3. Looked after"),
        _parameters('year = "2015-16"'),
        new_code_cell(
            "from iru_analysis.errors import InputError\n"
            "raise InputError('episodes.csv', 214, 'DECOM', '31/02/2015', "
            "'is not a date (expected dd/mm/yyyy)')"
        ),
    )
    with pytest.raises(NotebookFailed) as caught:
        run_notebooks([source], tmp_path / "out", {}, cwd=tmp_path, log=lambda _: None)
    assert caught.value.is_input_error
    assert str(caught.value).endswith(
        'InputError: episodes.csv, row 214, column DECOM: "31/02/2015" is not a date (expected dd/mm/yyyy).'
    )


def test_a_kernel_start_race_is_retried_once(tmp_path, monkeypatch):
    import papermill

    calls = []
    real = papermill.execute_notebook

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    source = _notebook(tmp_path / "01_a.ipynb", _parameters("a = 1"), new_code_cell("a + 1"))
    [result] = run_notebooks([source], tmp_path / "out", {}, cwd=tmp_path, log=lambda _: None)
    assert len(calls) == 2 and result.attempts == 2


def test_a_second_kernel_start_failure_fails_the_notebook(tmp_path, monkeypatch):
    import papermill

    def broken(*args, **kwargs):
        raise RuntimeError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(papermill, "execute_notebook", broken)
    source = _notebook(tmp_path / "01_a.ipynb", new_markdown_cell("# 1. Summary"), _parameters("a = 1"))
    with pytest.raises(NotebookFailed) as caught:
        run_notebooks([source], tmp_path / "out", {}, cwd=tmp_path, log=lambda _: None)
    assert caught.value.cell is None
    assert str(caught.value) == (
        'Section "1. Summary" (01_a.ipynb) failed: RuntimeError: Kernel didn\'t respond in 60 seconds.'
    )


def test_each_prestarted_kernel_runs_one_notebook_in_the_folder_and_is_shut_down(tmp_path):
    from jupyter_core.utils import run_sync

    from iru_analysis.report.run import Prestarted

    where = new_code_cell("import os\nprint(os.getpid(), os.getcwd())")
    sources = [_notebook(tmp_path / f"0{i}_a.ipynb", _parameters("a = 1"), where) for i in (1, 2)]
    kernels = Prestarted(1, tmp_path)
    [manager] = kernels._managers
    pid = str(manager.provisioner.pid)
    runs = run_notebooks(sources, tmp_path / "out", {}, cwd=tmp_path, workers=1, log=lambda _: None, prestarted=kernels)
    printed = [nbformat.read(r.output, as_version=4).cells[-1].outputs[0]["text"].split() for r in runs]
    assert [cwd for _, cwd in printed] == [str(tmp_path)] * 2
    assert printed[0][0] == pid, "the first notebook ran in the prestarted kernel"
    assert printed[1][0] != pid, "the second in a kernel of its own"
    assert kernels.take() is None  # the one prestarted kernel went to the first notebook
    assert not run_sync(manager.is_alive)(), "and was shut down after it"


def test_a_kernel_is_stopped_as_soon_as_its_notebook_is_done(tmp_path):
    """A finished notebook's kernel, prestarted or not, is stopped at once rather than asked
    to stop (a graceful stop takes about a second of the worker's time per notebook): so
    nothing it would run on a normal exit runs."""
    from iru_analysis.report.run import Prestarted

    def leaving(name: str):
        return new_code_cell(f"import atexit, pathlib\natexit.register(pathlib.Path({name!r}).touch)")

    sources = [_notebook(tmp_path / f"0{i}_a.ipynb", _parameters("a = 1"), leaving(f"exit_{i}")) for i in (1, 2)]
    run_notebooks(
        sources, tmp_path / "out", {}, cwd=tmp_path, workers=1, log=lambda _: None, prestarted=Prestarted(1, tmp_path)
    )
    assert not list(tmp_path.glob("exit_*"))


def test_an_interrupted_run_kills_its_kernel_and_starts_no_other(tmp_path):
    import signal
    import threading
    import time

    sleeping = new_code_cell("import time\ntime.sleep(120)")
    sources = [_notebook(tmp_path / f"0{i}_a.ipynb", _parameters("a = 1"), sleeping) for i in (1, 2)]
    lines: list[str] = []

    def interrupt_once_started() -> None:  # Ctrl-C, as the terminal sends it to the main thread
        while not lines:
            time.sleep(0.1)
        time.sleep(3)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    threading.Thread(target=interrupt_once_started, daemon=True).start()
    tick = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        run_notebooks(sources, tmp_path / "out", {}, cwd=tmp_path, workers=1, log=lines.append)
    assert time.perf_counter() - tick < 30  # its cell sleeps for 120 s
    assert [line.split() for line in lines] == [["started", "01_a"], ["stopped", "01_a"]]  # 02_a never started
    assert run._LIVE == set(), "every kernel manager was shut down"
