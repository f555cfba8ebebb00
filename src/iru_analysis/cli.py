"""The ``iru-report`` command line (docs/design.md §3).

User errors (bad input, bad parameters, an output that cannot be written) print a
one-paragraph message and exit with a non-zero status, never a traceback; Ctrl-C or
SIGTERM stops a command with a one-line message (exit status 128 plus the signal's number).
"""

from __future__ import annotations

import argparse
import datetime
import signal
import sys
import tempfile
import threading
from pathlib import Path

import pandas as pd

from .calendar import ReportingYear
from .errors import InputError, InputErrors
from .paths import DEMO_DATA, DEMO_RETURNS

EXIT_BAD_INPUT = 2


class OutputError(Exception):
    """An output file cannot be written where the user asked (one paragraph)."""


def _year(text: str) -> ReportingYear:
    try:
        return ReportingYear.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(text: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(datetime.date.fromisoformat(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date (expected YYYY-MM-DD)') from None


def _month(text: str) -> str:
    try:
        return str(pd.Period(datetime.datetime.strptime(text, "%Y-%m"), "M"))
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a month (expected YYYY-MM, e.g. 2016-03)') from None


def _scale(text: str) -> str:
    from .demo.scaled import scale_factor

    try:
        scale_factor(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number of at least 1 or "england"') from None
    return text.strip().lower()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iru-report", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="run the section notebooks and stitch the annual report")
    build.add_argument("--year", type=_year, required=True, help="reporting year, e.g. 2015-16")
    build.add_argument("--params", type=Path, help="parameters file (default params/<year>.yaml)")
    build.add_argument("--data", type=Path, help="data folder (default: as the parameters say)")
    build.add_argument("--out", type=Path, help="output folder (default outputs/<year>)")
    build.add_argument(
        "--reviews-from",
        type=_date,
        help="first day of the review history, YYYY-MM-DD (default: as the parameters say, else from the data)",
    )
    build.add_argument(
        "--exclude-invalid",
        action="store_true",
        default=None,
        help="leave out every child with an error and build from the rest "
        "(default: as the parameters say, else refuse data with errors)",
    )
    build.add_argument(
        "--publication",
        action="store_true",
        default=None,
        help="also write the public version, with disclosure control, in <out>/public/ "
        "(default: as the parameters say, else not)",
    )
    build.add_argument(
        "--month",
        type=_month,
        help="build the monthly practice report of this month of the year (YYYY-MM), the month beside the "
        "twelve before it, into <out>/monthly/<month>/ (default: the annual report)",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="run every section notebook (default: reuse the sections unchanged since the last "
        "build in the output folder)",
    )
    build.add_argument(
        "--section",
        metavar="NAME",
        help="run this section again (a section key such as reviews, or a notebook name) "
        "and restitch, reusing the unchanged others",
    )

    figures = commands.add_parser("figures", help="write figures.csv, the report's numbers")
    figures.add_argument("--year", type=_year, required=True, help="reporting year, e.g. 2015-16")
    figures.add_argument("--data", type=Path, default=DEMO_DATA, help="data folder (default: the demo data)")
    figures.add_argument("--out", type=Path, default=Path("figures.csv"), help="output file (default figures.csv)")
    figures.add_argument(
        "--as-at", type=_date, help="date of the caseload snapshot, YYYY-MM-DD (default: the year end)"
    )
    figures.add_argument(
        "--reviews-from", type=_date, help="first day of the review history, YYYY-MM-DD (default: from the data)"
    )
    figures.add_argument(
        "--exclude-invalid",
        action="store_true",
        help="leave out every child with an error and compute the figures from the rest",
    )

    validate = commands.add_parser("validate", help="check a data folder and list every finding")
    validate.add_argument("--data", type=Path, default=DEMO_DATA, help="data folder (default: the demo data)")
    validate.add_argument("--all", action="store_true", help="list every finding (default: a summary by rule)")
    validate.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="also write every finding, with its value, to FILE (keep it with the data: values can identify a child)",
    )
    validate.add_argument(
        "--exclude-invalid",
        action="store_true",
        help="say which children --exclude-invalid would leave out; exit 0 when that leaves no error",
    )

    demo = commands.add_parser("demo-data", help="write the synthetic demo data folder")
    demo.add_argument(
        "--out", type=Path, help="output folder (default data/demo; with --as-returns, data/demo-returns)"
    )
    demo.add_argument(
        "--as-returns",
        action="store_true",
        help="write data/demo as annual SSDA903 returns (ssda903/<year>/, replaced), not regenerated",
    )
    demo.add_argument(
        "--scale",
        type=_scale,
        help="instead, a synthetic folder of N authorities' size (ssda903/ and reference/ only) or "
        "'england' (default out: data/demo-scale-<N>)",
    )
    return parser


def _check_output_file(path: Path) -> None:
    """Raise OutputError, before any work, when ``path`` is a folder."""
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give the file to write, e.g. {path / 'figures.csv'}.")


def _write_atomically(frame, path: Path) -> None:
    """Write a CSV beside its destination, then move it into place (the partial file is
    removed when either step fails), numbers as a published CSV writes them
    (:func:`~iru_analysis.report.tables.csv_numbers`); raise OutputError when it cannot be written."""
    from .report.tables import csv_numbers

    _check_output_file(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False, newline="") as handle:
            tmp = Path(handle.name)
            csv_numbers(frame).to_csv(handle, index=False)
        tmp.replace(path)
    except BaseException as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}.") from None
        raise


def _figures(args: argparse.Namespace) -> int:
    from .figures import compute_figures
    from .load import load_dataset
    from .load.exclusion import exclusion_lines, file_warnings

    _check_output_file(args.out)
    dataset = load_dataset(args.data, exclude_invalid=args.exclude_invalid)
    table = compute_figures(dataset, args.year, as_at=args.as_at, reviews_from=args.reviews_from)
    _write_atomically(table, args.out)
    for line in exclusion_lines(dataset.excluded_children, dataset.exclusions) + file_warnings(dataset.findings):
        print(line)
    print(f"Wrote {len(table)} figures for {args.year} to {args.out}")
    for source in dataset.missing_sources:
        print(f"Note: no {source}/ in {args.data}; the figures that need it were not produced.")
    return 0


FINDINGS_CSV_COLUMNS = ["severity", "file", "row", "column", "value", "check", "rule"]  # never the internal child


def _validate(args: argparse.Namespace) -> int:
    from .load import read_dataset
    from .load.exclusion import exclusion_lines, exclusions
    from .load.findings import finding_line, summary_lines

    dataset = read_dataset(args.data)
    findings = dataset.findings
    lines = [finding_line(f) for f in findings.itertuples()] if args.all else summary_lines(findings)
    for line in lines:
        print(line)
    shortened = any(line.startswith("    ... and ") for line in lines)
    if shortened and not args.csv:
        print("Each rule shows its first 3 findings: --all lists every finding, --csv FILE writes them all.")
    for source in dataset.missing_sources:
        print(f"NOTE: no {source}/ in {args.data}; the figures that need it will not be produced.")
    if args.csv:
        _write_atomically(findings[FINDINGS_CSV_COLUMNS], args.csv)
        print(f"Wrote the {len(findings)} finding(s) to {args.csv}")
    is_error = findings["severity"] == "error"
    errors = int(is_error.sum())
    childless = int((is_error & findings["child"].isna()).sum())
    if args.exclude_invalid:
        children = findings.loc[is_error, "child"].nunique()
        for line in exclusion_lines(children, exclusions(findings), limit=len(findings), would=True):
            print(line)
        if childless:
            print(f"{childless} error(s) concern no single child: --exclude-invalid cannot leave them out.")
    print(f"{errors} error(s), {len(findings) - errors} warning(s) in {args.data}")
    return 1 if (childless if args.exclude_invalid else errors) else 0


def _build(args: argparse.Namespace) -> int:
    from .report.build import BuildError, BuildStopped, build_report

    try:
        build_report(
            year=args.year,
            params=args.params,
            data=args.data,
            out=args.out,
            reviews_from=args.reviews_from,
            exclude_invalid=args.exclude_invalid,
            force=args.force,
            section=args.section,
            publication=args.publication,
            month=args.month,
        )
    except (BuildError, BuildStopped) as exc:
        print(f"iru-report build: {exc}", file=sys.stderr)
        return exc.exit_status
    return 0


def _demo_data(args: argparse.Namespace) -> int:
    if args.scale and args.as_returns:
        print("iru-report demo-data: --scale and --as-returns cannot be used together.", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.scale:
        from .demo.scaled import write_scaled_data

        out = args.out or DEMO_DATA.with_name(f"demo-scale-{args.scale}")
        rows = write_scaled_data(out, args.scale)
        print(
            f"Wrote a synthetic data folder at scale {args.scale} to {out}: "
            + ", ".join(f"{name} {count:,} rows" for name, count in rows.items())
        )
        return 0
    if args.as_returns:
        from .demo.returns import write_demo_returns

        out = args.out or DEMO_RETURNS
        years = write_demo_returns(out)
        print(f"Wrote the demo data as {len(years)} annual returns ({years[0].label} to {years[-1].label}) to {out}")
        return 0
    from .demo import write_demo_data

    out = args.out or DEMO_DATA
    write_demo_data(out)
    print(f"Wrote the synthetic demo data to {out}")
    return 0


def _sigterm_as_interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops a command as Ctrl-C does (clean-up runs; ``build`` has its own)."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _sigterm_as_interrupt) if main_thread else None
    handler = {"build": _build, "figures": _figures, "validate": _validate, "demo-data": _demo_data}
    try:
        return handler[args.command](args)
    except (InputError, InputErrors) as exc:
        print(f"iru-report {args.command}: bad input, nothing was written.\n{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OutputError as exc:
        print(f"iru-report {args.command}: nothing was written: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        name = str(exc) or "SIGINT"
        print(f"iru-report {args.command}: stopped by {name}; nothing was written.", file=sys.stderr)
        return 128 + signal.Signals[name]
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
