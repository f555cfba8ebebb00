"""How fast the report builds, against its floor: ``python -m iru_analysis.bench``.

One run prints these side by side and appends them to a CSV (default
``outputs/bench.csv``: one row per measurement with the UTC time and the git commit), so
runs can be compared:

- ``build``: the full demo build (``iru-report build --year 2015-16`` into a temporary
  folder); ``floor``: as many bare kernels as there are section notebooks, each only
  importing pandas, seaborn and iru_analysis, run through papermill as the build runs its
  notebooks (``WORKERS`` at a time). The build's ratio is its time over the floor's.
- ``rebuild unchanged``: the same build again right after it, into the same folder
  (everything reused from its manifest: the figures bundle, every section, report.html,
  the privacy check's pass, report.pdf; the provenance rewritten); ``rebuild one
  section``: then ``--section reviews`` (that notebook run, the others reused). The note
  of each rebuild says, from the provenance it wrote, what it reused and the seconds of
  each step it ran, so a PDF re-printed (or reused because report.html came out
  byte-identical) shows. Its ratio is its time over the floor of one notebook (``floor``
  with one bare kernel); the target is that floor plus 2 s.
- ``figures``: ``iru-report figures`` on synthetic folders (``iru_analysis.demo.scaled``:
  looked-after data only) of one authority's size, 10x and 100x (``--england``: 152x).
  Its ratio is the time per 10x of data against the next smaller folder,
  ``(t / t_smaller) ** (1 / log10(size / size_smaller))``: 10 means linear.
- ``pdf``: ``write_pdf`` alone on the built report.html.

Times are wall-clock seconds of one run. Build, floor and figures run in subprocesses
under ``/usr/bin/time``; their peak memory is its ``%M``, the largest resident set of the
subprocess or of any process it waited for (the build's: its own or its largest
kernel's). A child of this process itself would report at least this process's own peak
(Linux carries the parent's high-water mark across ``exec``), hence the small ``time``
in between. The PDF step runs in this process (peak not measured).

``--tiny`` checks that everything runs, in seconds, on folders of ``TINY_CHILDREN``
children (1x and 10x), one bare kernel and a one-paragraph PDF, without the build: its
times mean nothing (``tests/test_bench.py`` runs it).
"""

from __future__ import annotations

import argparse
import datetime
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .demo.scaled import AUTHORITY_CHILDREN, scale_factor, write_scaled_data
from .paths import NOTEBOOKS, OUTPUTS, PROJECT_ROOT

YEAR = "2015-16"
SCALES = (1, 10, 100)
TINY_CHILDREN = 20
TINY_KERNELS = 1
BARE_IMPORTS = "import pandas, seaborn, iru_analysis"
REBUILT_SECTION = "reviews"
SKIPPED = "skipped (--tiny)"
TIME = Path("/usr/bin/time")  # GNU time: the peak of a process started by a small one, not by this one
CSV_COLUMNS = [
    "timestamp",
    "commit",
    "dirty",
    "tiny",
    "stage",
    "size",
    "children",
    "episodes",
    "seconds",
    "peak_mb",
    "ratio",
    "note",
]


class BenchError(RuntimeError):
    """A step of the benchmark failed (its command and the end of its error output)."""


@dataclass
class Measurement:
    """One row of the benchmark: a stage at a size, its time, peak memory and ratio."""

    stage: str
    size: str = ""
    children: int | None = None
    episodes: int | None = None
    seconds: float | None = None
    peak_mb: float | None = None
    ratio: float | None = None
    note: str = ""


def run_measured(command: Sequence[str]) -> tuple[float, float | None]:
    """Run ``command`` to the end; return its wall-clock seconds and peak resident MB
    (from ``/usr/bin/time``; None without it). Raises BenchError, with the end of its
    stderr, when it exits non-zero."""
    with tempfile.TemporaryDirectory(prefix="iru-bench-run-") as scratch:
        peak_file, errors_file = Path(scratch) / "peak", Path(scratch) / "stderr"
        timed = TIME.exists()
        wrapped = [str(TIME), "-f", "%M", "-o", str(peak_file), *command] if timed else list(command)
        with open(errors_file, "wb") as errors:
            began = time.perf_counter()
            status = subprocess.run(wrapped, stdout=subprocess.DEVNULL, stderr=errors).returncode
            seconds = time.perf_counter() - began
        if status:
            tail = errors_file.read_text(errors="replace").strip()[-2000:]
            raise BenchError(f"{' '.join(map(str, command))} exited {status}:\n{tail}")
        return seconds, int(peak_file.read_text().split()[-1]) / 1024 if timed else None  # %M is in kB


def per_tenfold(seconds: float, smaller_seconds: float, size: float, smaller_size: float) -> float:
    """The time ratio per 10x of data between two runs.

    >>> round(per_tenfold(30.0, 3.0, 10, 1), 6), round(per_tenfold(4.0, 1.0, 100, 1), 6)
    (10.0, 2.0)
    """
    return (seconds / smaller_seconds) ** (1 / math.log10(size / smaller_size))


def _cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "iru_analysis.cli", *arguments]


def measure_build(out: Path) -> Measurement:
    seconds, peak = run_measured(_cli("build", "--year", YEAR, "--out", str(out)))
    return Measurement("build", "demo", seconds=seconds, peak_mb=peak, note="iru-report build, PDF included")


def rebuild_note(provenance: dict) -> str:
    """What a rebuild reused and the seconds of the steps it ran, from its provenance.

    >>> rebuild_note({"parameters": {"reused": {"figures": True, "report_html": False, "privacy_check": False,
    ...                                         "pdf": True}, "sections_reused": ["01_a", "02_b"]},
    ...               "timings_seconds": {"figures": 0.01, "notebooks": {"03_c": 3.1}, "notebooks_total": 3.5,
    ...                                   "stitch": 0.6, "total": 5.0}})
    'reused: figures, 2 sections, pdf; ran: 03_c 3.1 s (notebooks 3.5 s), stitch 0.6 s'
    """
    reused = provenance["parameters"]["reused"]
    sections = len(provenance["parameters"]["sections_reused"])
    taken = [step for step in ("figures", "report_html", "privacy_check", "pdf") if reused.get(step)]
    if sections:
        taken.insert(1 if reused.get("figures") else 0, f"{sections} sections")
    timings = provenance["timings_seconds"]
    ran = [f"{name} {seconds} s" for name, seconds in timings.get("notebooks", {}).items()]
    if ran:
        ran[-1] += f" (notebooks {timings['notebooks_total']} s)"
    ran += [f"{step} {timings[step]} s" for step in ("load_data", "stitch", "privacy", "pdf") if step in timings]
    return f"reused: {', '.join(taken) or 'nothing'}; ran: {', '.join(ran) or 'nothing'}"


def measure_rebuilds(out: Path) -> list[Measurement]:
    """Two rebuilds of the build in ``out``: nothing changed, then ``--section reviews``."""
    import json

    rows = []
    for stage, extra in (("rebuild unchanged", ()), ("rebuild one section", ("--section", REBUILT_SECTION))):
        seconds, peak = run_measured(_cli("build", "--year", YEAR, "--out", str(out), *extra))
        note = rebuild_note(json.loads((out / "provenance.json").read_text(encoding="utf-8")))
        rows.append(Measurement(stage, "demo", seconds=seconds, peak_mb=peak, note=" ".join([*extra, note])))
    return rows


def measure_floor(kernels: int, workers: int, folder: Path) -> Measurement:
    """``kernels`` notebooks of one cell (``BARE_IMPORTS``), run as the build runs its own,
    in a subprocess (as the build is: both times include starting Python)."""
    seconds, peak = run_measured(
        [sys.executable, "-m", "iru_analysis.bench", "--floor-only", str(kernels), str(workers), str(folder)]
    )
    return Measurement(
        "floor", f"{kernels} bare kernels", seconds=seconds, peak_mb=peak, note=f"{BARE_IMPORTS}; {workers} at a time"
    )


def run_bare_kernels(kernels: int, workers: int, folder: Path) -> None:
    """Write and execute ``kernels`` bare notebooks in ``folder``, ``workers`` at a time."""
    import nbformat

    from .report.run import KERNEL, run_notebooks

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BARE_IMPORTS)])
    notebook.metadata["kernelspec"] = {"name": KERNEL, "display_name": KERNEL, "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    sources = [folder / f"{i:02d}_bare.ipynb" for i in range(1, kernels + 1)]
    for source in sources:
        nbformat.write(notebook, source)
    run_notebooks(sources, folder / "executed", {}, cwd=folder, workers=workers, log=lambda _: None)


def measure_figures(scales: Sequence[int | str], root: Path, authority_children: int) -> list[Measurement]:
    """``iru-report figures`` on a synthetic folder at each scale (smallest first)."""
    rows: list[Measurement] = []
    for scale in scales:
        folder = root / f"scale-{scale}"
        written = write_scaled_data(folder, scale, authority_children=authority_children)
        seconds, peak = run_measured(
            _cli("figures", "--year", YEAR, "--data", str(folder), "--out", str(folder / "figures.csv"))
        )
        factor = scale_factor(scale)
        ratio = None
        if rows:
            smaller = rows[-1]
            ratio = per_tenfold(seconds, smaller.seconds, factor, int(smaller.size.rstrip("x")))
        rows.append(
            Measurement(
                "figures",
                f"{factor}x",
                children=written["ssda903/header.csv"],
                episodes=written["ssda903/episodes.csv"],
                seconds=seconds,
                peak_mb=peak,
                ratio=ratio,
                note="looked-after data only" if not rows else "",
            )
        )
    return rows


def measure_pdf(html: Path, folder: Path) -> Measurement:
    from .report.pdf import write_pdf

    began = time.perf_counter()
    printed = write_pdf(html, folder / "report.pdf")
    seconds = time.perf_counter() - began
    note = f"write_pdf with {printed.engine}" if printed.path else f"no PDF: {printed.reason}"
    return Measurement("pdf", html.name, seconds=seconds, note=note)


def run_bench(tiny: bool, england: bool, work: Path) -> list[Measurement]:
    """Every measurement, in the order printed (see the module docstring)."""
    from .report.run import WORKERS, section_notebooks

    rows: list[Measurement] = []
    if tiny:
        rows.append(Measurement("build", "demo", note=SKIPPED))
        rows.append(measure_floor(TINY_KERNELS, WORKERS, work / "floor"))
        rows += [Measurement(stage, "demo", note=SKIPPED) for stage in ("rebuild unchanged", "rebuild one section")]
    else:
        build = measure_build(work / "build")
        floor = measure_floor(len(section_notebooks(NOTEBOOKS)), WORKERS, work / "floor")
        build.ratio = build.seconds / floor.seconds
        unchanged, one_section = measure_rebuilds(work / "build")
        floor_one = measure_floor(1, 1, work / "floor-one")
        one_section.ratio = one_section.seconds / floor_one.seconds
        one_section.note += f"; {one_section.seconds - floor_one.seconds:+.2f} s on one bare kernel"
        rows += [build, floor, unchanged, one_section, floor_one]
    scales = list(SCALES[:2] if tiny else SCALES) + (["england"] if england else [])
    rows += measure_figures(scales, work / "figures", TINY_CHILDREN if tiny else AUTHORITY_CHILDREN)
    if tiny:
        html = work / "tiny.html"
        html.write_text("<!DOCTYPE html><html><body><h1>Bench</h1><p>One paragraph.</p></body></html>")
    else:
        html = work / "build" / "report.html"
    rows.append(measure_pdf(html, work))
    return rows


def results_table(rows: Sequence[Measurement], tiny: bool) -> pd.DataFrame:
    """The rows as the CSV's columns, stamped with the UTC time and the git commit."""
    from .report.provenance import git_state

    state = git_state(PROJECT_ROOT)
    stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    table = pd.DataFrame([asdict(r) for r in rows])
    table.insert(0, "tiny", tiny)
    table.insert(0, "dirty", state["dirty"])
    table.insert(0, "commit", state["commit"])
    table.insert(0, "timestamp", stamp)
    return table[CSV_COLUMNS].astype({"children": "Int64", "episodes": "Int64"})


def append_csv(table: pd.DataFrame, path: Path) -> None:
    """Append ``table`` to the CSV at ``path`` (header written only when the file is new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    table.to_csv(path, mode="w" if new else "a", header=new, index=False, float_format="%.3f")


def shown(table: pd.DataFrame) -> str:
    """The table as printed: one line per measurement, blanks for what was not measured."""
    view = table[["stage", "size", "children", "episodes", "seconds", "peak_mb", "ratio", "note"]].copy()
    for column, pattern in (
        ("children", "{:,}"),
        ("episodes", "{:,}"),
        ("seconds", "{:.2f}"),
        ("peak_mb", "{:,.0f}"),
        ("ratio", "{:.2f}"),
    ):
        view[column] = [pattern.format(v) if pd.notna(v) else "" for v in view[column]]
    return view.to_string(index=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iru_analysis.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="a smoke test in seconds: tiny folders, no build")
    parser.add_argument("--england", action="store_true", help="also time figures at England's size (152x)")
    parser.add_argument(
        "--csv",
        type=Path,
        default=OUTPUTS / "bench.csv",
        help="append the results to this CSV (default outputs/bench.csv)",
    )
    parser.add_argument("--floor-only", nargs=3, metavar=("KERNELS", "WORKERS", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_only:  # the floor's subprocess (see measure_floor)
        run_bare_kernels(int(args.floor_only[0]), int(args.floor_only[1]), Path(args.floor_only[2]))
        return 0
    try:
        with tempfile.TemporaryDirectory(prefix="iru-bench-") as work:
            table = results_table(run_bench(args.tiny, args.england, Path(work)), args.tiny)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    append_csv(table, args.csv)
    print(
        f"iru-report benchmark, {table['timestamp'].iat[0]}, commit {str(table['commit'].iat[0])[:12]}"
        f"{' (uncommitted changes)' if table['dirty'].iat[0] else ''}{', --tiny' if args.tiny else ''}"
    )
    print(
        "seconds: wall clock, one run; peak_mb: largest resident set; ratio: build / floor, one section / floor of one, "
        "figures time per 10x of data"
    )
    print(shown(table))
    print(f"Appended {len(table)} rows to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
