"""The ``iru-report`` command line (DESIGN.md, contract 2).

User errors (bad input, bad parameters) print a one-paragraph message and exit with a
non-zero status, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
from pathlib import Path

import pandas as pd

from .calendar import ReportingYear
from .errors import InputError, InputErrors
from .paths import DEMO_DATA, DEMO_RETURNS

EXIT_BAD_INPUT = 2


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iru-report", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="run the section notebooks and stitch the annual report")
    build.add_argument("--year", type=_year, required=True, help="reporting year, e.g. 2015-16")
    build.add_argument("--params", type=Path, help="parameters file (default params/<year>.yaml)")
    build.add_argument("--data", type=Path, help="data folder (default: as the parameters say)")
    build.add_argument("--out", type=Path, help="output folder (default outputs/<year>)")

    figures = commands.add_parser("figures", help="write figures.csv, the report's numbers")
    figures.add_argument("--year", type=_year, required=True, help="reporting year, e.g. 2015-16")
    figures.add_argument("--data", type=Path, default=DEMO_DATA, help="data folder (default: the demo data)")
    figures.add_argument("--out", type=Path, default=Path("figures.csv"), help="output file (default figures.csv)")
    figures.add_argument("--as-at", type=_date, help="date of the caseload snapshot, YYYY-MM-DD (default: the year end)")

    validate = commands.add_parser("validate", help="check a data folder and list every finding")
    validate.add_argument("--data", type=Path, default=DEMO_DATA, help="data folder (default: the demo data)")

    demo = commands.add_parser("demo-data", help="write the synthetic demo data folder")
    demo.add_argument("--out", type=Path,
                      help="output folder (default data/demo; with --as-returns, data/demo-returns)")
    demo.add_argument("--as-returns", action="store_true",
                      help="write data/demo as annual SSDA903 returns (ssda903/<year>/, replaced), not regenerated")
    return parser


def _write_atomically(frame, path: Path) -> None:
    """Write a CSV beside its destination, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False, newline="") as tmp:
        frame.to_csv(tmp, index=False)
    Path(tmp.name).replace(path)


def _figures(args: argparse.Namespace) -> int:
    from .figures import compute_figures
    from .load import load_dataset

    dataset = load_dataset(args.data)
    table = compute_figures(dataset, args.year, as_at=args.as_at)
    _write_atomically(table, args.out)
    print(f"Wrote {len(table)} figures for {args.year} to {args.out}")
    for source in dataset.missing_sources:
        print(f"Note: no {source}/ in {args.data}; the figures that need it were not produced.")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .load import read_dataset

    dataset = read_dataset(args.data)
    findings = dataset.findings
    for f in findings.itertuples():
        where = ", ".join(str(p) for p in (f.file, f"row {f.row}" if f.row else None,
                                           f"column {f.column}" if f.column else None) if p)
        value = f' "{f.value}"' if f.value not in (None, "") else ""
        print(f"{f.severity.upper()}: {where}:{value} {f.rule}.")
    for source in dataset.missing_sources:
        print(f"NOTE: no {source}/ in {args.data}; the figures that need it will not be produced.")
    errors = int((findings["severity"] == "error").sum())
    print(f"{errors} error(s), {len(findings) - errors} warning(s) in {args.data}")
    return 1 if errors else 0


def _build(args: argparse.Namespace) -> int:
    from .report.build import BuildError, build_report

    try:
        build_report(year=args.year, params=args.params, data=args.data, out=args.out)
    except BuildError as exc:
        print(f"iru-report build: {exc}", file=sys.stderr)
        return exc.exit_status
    return 0


def _demo_data(args: argparse.Namespace) -> int:
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {"build": _build, "figures": _figures, "validate": _validate, "demo-data": _demo_data}
    try:
        return handler[args.command](args)
    except (InputError, InputErrors) as exc:
        print(f"iru-report {args.command}: bad input, nothing was written.\n{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
