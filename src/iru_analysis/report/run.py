"""Execute the section notebooks with papermill, as many at a time as the machine has cores.

Each section notebook, ``notebooks/NN_<key>.ipynb`` (:func:`section_notebooks`, from the
registry of sections), runs in a fresh ``python3`` kernel whose working
directory is the notebooks folder (given explicitly, never inherited), with the build's
parameters injected after its ``parameters`` cell. Progress is one line per notebook
started and finished.

Two kernels started at the same moment occasionally lose a race for ZMQ ports or miss
the first ``kernel_info`` reply (nteract/papermill#239, #511; jupyter/nbconvert#1066):
"Kernel didn't respond in 60 seconds", "Kernel died before replying to kernel_info",
"ZMQError: Address already in use". Such a start failure is retried once; any other
failure is a :class:`NotebookFailed` naming the section, the cell and the error in one
paragraph (no traceback: the analyst opens the notebook and presses Run All for that).

Importing this module marks ``rfc3987_syntax`` as absent for the process (see
:data:`SKIPPED_MODULES`): nbformat, which papermill and the stitching use, imports
jsonschema, whose format checker, when ``rfc3987_syntax`` is installed, builds a parser
for the "iri" string format on import (1.5-3.5 s of CPU here, more than importing
papermill itself). The notebook schema uses no such format, and jsonschema imports the
module under ``suppress(ImportError)``, so nothing else changes.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, InputErrors
from .sections import registry

SKIPPED_MODULES = ("rfc3987_syntax",)
for _name in SKIPPED_MODULES:
    sys.modules.setdefault(_name, None)  # type: ignore[assignment]

KERNEL = "python3"
WORKERS = os.cpu_count() or 1
START_TIMEOUT = 60  # seconds for the kernel to answer its first message
CELL_TIMEOUT = 600  # seconds for any one cell
# The kernel logs to stderr that it talks over local TCP unencrypted, and that the SIGINT
# of its shutdown was "caught": neither is news (errors in cells reach the build anyway).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]

_KERNEL_START_RACE = re.compile(
    r"Kernel didn't respond in \d+ seconds|Kernel died before replying to kernel_info"
    r"|Address already in use|ZMQError",
    re.IGNORECASE,
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_INPUT_ERRORS = {"InputError", "InputErrors"}

Log = Callable[[str], None]


def _print(line: str) -> None:
    print(line, flush=True)


@dataclass(frozen=True)
class SectionRun:
    """One executed notebook: its source, the executed copy and how long it took."""

    name: str  # the notebook's stem, e.g. "03_looked_after"
    source: Path
    output: Path
    seconds: float
    attempts: int


class NotebookFailed(Exception):
    """A section notebook stopped with an error: section, cell and error in one paragraph.

    ``cell`` is the 1-based position of the failing cell in the *source* notebook (the
    cell papermill injects is not counted); ``None`` when no cell was running (the kernel
    did not start, or died).
    """

    def __init__(self, section: str, path: Path, cell: int | None, first_line: str | None, ename: str, evalue: str):
        super().__init__(section, path, cell, first_line, ename, evalue)
        self.section, self.path, self.cell, self.first_line = section, path, cell, first_line
        self.ename, self.evalue = ename, evalue

    @property
    def is_input_error(self) -> bool:
        """True when the notebook raised the package's InputError (bad data, bad parameters)."""
        return self.ename in _INPUT_ERRORS

    def __str__(self) -> str:
        where = f'Section "{self.section}" ({self.path.name})'
        if self.cell is not None:
            line = f" (`{self.first_line}`)" if self.first_line else ""
            where += f" failed in cell {self.cell}{line}"
        else:
            where += " failed"
        error = f"{self.ename}: {self.evalue}" if self.evalue else self.ename
        return f"{where}: {error.rstrip('.')}."


def section_notebooks(folder: Path, monthly: bool = False) -> list[Path]:
    """The notebook of every registered section in ``folder``, in section order: the
    annual report's sections, or with ``monthly`` the monthly practice report's.

    Raises InputErrors naming each notebook of ``folder`` that is not a registered
    section's (an old name, a scratch notebook: those belong in ``explore/``) and each
    registered section whose notebook is missing; its subfolders are not looked at.
    """
    folder = Path(folder)
    sections = registry(monthly)
    expected = [spec.notebook for spec in sections.values()]
    found = {path.name for path in folder.glob("*.ipynb") if path.is_file()}
    errors = [
        InputError(
            str(folder / name), None, None, None, "is not the notebook of a section of the report (NN_<key>.ipynb)"
        )
        for name in sorted(found - set(expected))
    ]
    errors += [
        InputError(
            str(folder / spec.notebook),
            None,
            None,
            None,
            f'is missing: it is the notebook of the section "{spec.key}" ({spec.heading})',
        )
        for spec in sections.values()
        if spec.notebook not in found
    ]
    if errors:
        raise InputErrors(
            errors,
            hint="The sections and their notebooks' names are registered in "
            "src/iru_analysis/report/sections.py; a notebook that is not a "
            "section belongs in notebooks/explore/.",
        )
    return [folder / name for name in expected]


def notebook_title(path: Path) -> str:
    """The text of a notebook's first Markdown heading, else its stem.

    >>> notebook_title(Path("does/not/exist/03_looked_after.ipynb"))
    '03_looked_after'
    """
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return path.stem
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1)
    return path.stem


def is_kernel_start_race(exc: BaseException) -> bool:
    """True for the transient failures of starting two kernels at once (retried once)."""
    if type(exc).__module__.startswith("zmq"):
        return True
    return bool(_KERNEL_START_RACE.search(f"{type(exc).__name__}: {exc}"))


def _first_line(source: str) -> str:
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[0]
    return line if len(line) <= 80 else line[:77] + "..."


def _failure_from(exc: Exception, source: Path, executed: Path) -> NotebookFailed:
    """Turn papermill's error (or any other) into a one-paragraph NotebookFailed."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    title = notebook_title(source)
    if isinstance(exc, PapermillExecutionError):
        cell = exc.cell_index + 1  # papermill's index counts the cell it injected
        try:
            nb = nbformat.read(executed, as_version=4)
            cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
            injected = sum(1 for c in cells[: exc.cell_index] if "injected-parameters" in c.metadata.get("tags", []))
            cell -= injected
        except (OSError, ValueError):
            pass
        evalue = _ANSI.sub("", str(exc.evalue)).strip()
        return NotebookFailed(title, source, cell, _first_line(exc.source), exc.ename, evalue)
    message = _ANSI.sub("", str(exc)).strip().splitlines()
    return NotebookFailed(title, source, None, None, type(exc).__name__, message[0] if message else "")


_LIVE: set[Any] = set()  # the kernel managers not yet shut down
_LIVE_LOCK = threading.Lock()
_STOPPING = threading.Event()  # set while run_notebooks kills the kernels of an interrupted build


def _manager(kernel: str = KERNEL) -> Any:
    """A kernel manager (its kernel not yet started) registered as live until
    :func:`shut_down`, so :func:`kill_kernels` can stop it. It keeps the clients it makes:
    papermill leaves a kernel it was given, and its client's channels, open (their threads
    would compete with the build)."""
    from jupyter_client.manager import AsyncKernelManager

    class Manager(AsyncKernelManager):
        def client(self, **kwargs: Any) -> Any:
            made = super().client(**kwargs)
            self.clients.append(made)
            return made

    manager = Manager(kernel_name=kernel)
    manager.clients = []
    with _LIVE_LOCK:
        _LIVE.add(manager)
    return manager


def kill_kernels() -> None:
    """Kill (SIGKILL, by process id) the kernel of every live manager: a build stopped by
    Ctrl-C or SIGTERM does not wait for its notebooks."""
    with _LIVE_LOCK:
        processes = [getattr(getattr(m, "provisioner", None), "process", None) for m in _LIVE]
    for process in processes:
        if process is not None and process.poll() is None:
            with suppress(OSError):
                process.kill()


class Prestarted:
    """Kernels launched ahead of the notebooks (while the build computes the figures), so
    their start-up overlaps that work. Each is handed to one notebook only
    (:meth:`take`) and shut down after it: every notebook still runs in a fresh kernel of
    its own, started in the notebooks folder with the same arguments."""

    def __init__(self, count: int, cwd: Path, kernel: str = KERNEL):
        from jupyter_core.utils import run_sync

        self._managers: list[Any] = []
        for _ in range(count):
            manager = _manager(kernel)
            self._managers.append(manager)
            run_sync(manager.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)  # launches, no wait
        self._lock = threading.Lock()

    def take(self) -> Any | None:
        """A kernel manager not yet used (None when all are taken)."""
        with self._lock:
            return self._managers.pop(0) if self._managers else None

    def close(self) -> None:
        """Shut down the kernels no notebook took."""
        while (manager := self.take()) is not None:
            shut_down(manager)


def shut_down(manager: Any) -> None:
    """Close the clients of a kernel manager and shut its kernel down (papermill leaves
    both open when it was given the manager)."""
    from jupyter_core.utils import run_sync

    try:
        for made in manager.clients:
            made.stop_channels()
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)  # its notebook is done or stopped: a graceful stop takes ~1 s
    finally:
        with _LIVE_LOCK:
            _LIVE.discard(manager)


def run_notebook(
    source: Path,
    output: Path,
    parameters: Mapping[str, object],
    cwd: Path,
    kernel: str = KERNEL,
    retries: int = 1,
    log: Log = _print,
    prestarted: Prestarted | None = None,
) -> SectionRun:
    """Execute one notebook into ``output`` with papermill; raise NotebookFailed on error.

    A kernel-start race (see the module docstring) is retried up to ``retries`` times.
    The notebook runs in a kernel of ``prestarted`` when one is left (not on a retry),
    else in a new one (started by papermill, through a manager :func:`kill_kernels` knows).
    """
    import papermill

    source, output = Path(source), Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    name = source.stem
    started = time.perf_counter()
    log(f"  started  {name}")
    attempt = 0
    while True:
        attempt += 1
        manager = (prestarted.take() if prestarted and attempt == 1 else None) or _manager(kernel)
        try:
            papermill.execute_notebook(
                str(source),
                str(output),
                parameters=dict(parameters),
                kernel_name=kernel,
                cwd=str(cwd),
                progress_bar=False,
                log_output=False,
                start_timeout=START_TIMEOUT,
                execution_timeout=CELL_TIMEOUT,
                request_save_on_cell_execute=False,
                extra_arguments=KERNEL_ARGUMENTS,
                km=manager,
            )
            break
        except Exception as exc:  # noqa: BLE001 - every failure becomes a NotebookFailed
            if _STOPPING.is_set():
                log(f"  stopped  {name}")
                raise
            if attempt <= retries and is_kernel_start_race(exc):
                log(f"  retrying {name}: the kernel did not start ({type(exc).__name__}: {str(exc)[:80]})")
                continue
            log(f"  FAILED   {name} after {time.perf_counter() - started:.1f} s")
            raise _failure_from(exc, source, output) from None
        finally:
            shut_down(manager)
    seconds = time.perf_counter() - started
    log(f"  finished {name} in {seconds:.1f} s")
    return SectionRun(name, source, output, seconds, attempt)


def run_notebooks(
    sources: Sequence[Path],
    out_dir: Path,
    parameters: Mapping[str, object],
    cwd: Path,
    workers: int = WORKERS,
    kernel: str = KERNEL,
    log: Log = _print,
    prestarted: Prestarted | None = None,
) -> list[SectionRun]:
    """Execute ``sources`` into ``out_dir`` (same file names), ``workers`` at a time
    (the first ones in the kernels of ``prestarted``, if given).

    Returns the runs in the order of ``sources``. When a notebook fails, the notebooks not
    yet started are cancelled, the running ones finish, and the first failure (in section
    order) is raised. When the build is interrupted (Ctrl-C, or SIGTERM turned into an
    exception by the build), the notebooks not yet started are cancelled and the running
    ones' kernels killed; the interruption is raised once their threads have returned
    (within seconds: nbclient notices a dead kernel), so nothing writes to ``out_dir``
    afterwards.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notebook")
    futures: list[Future[SectionRun]] = [
        pool.submit(run_notebook, s, out_dir / Path(s).name, parameters, cwd, kernel, 1, log, prestarted)
        for s in sources
    ]
    try:
        _, pending = wait(futures, return_when=FIRST_EXCEPTION)
        if pending:
            for future in pending:
                future.cancel()
            wait(pending)
    except BaseException:
        papermill_log = logging.getLogger("papermill")
        level = papermill_log.level
        papermill_log.setLevel(logging.CRITICAL)  # not "Kernel died while waiting for execute reply"
        _STOPPING.set()
        try:
            for future in futures:
                future.cancel()  # the queued ones (the pool's threads take them off the queue)
            kill_kernels()
            while wait(futures, timeout=0.5).not_done:
                kill_kernels()  # again: a notebook may have been starting its kernel
        finally:
            _STOPPING.clear()
            papermill_log.setLevel(level)
        raise
    pool.shutdown()
    failures = [f.exception() for f in futures if f.done() and not f.cancelled() and f.exception()]
    if failures:
        raise failures[0]
    return [f.result() for f in futures]
