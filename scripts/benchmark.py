"""How loading and computing the figures scale with the size of the input.

Run by hand (not part of the test suite):

    .venv/bin/python scripts/benchmark.py [--children 600] [--scales 1 4 16] [--repeat 1] [--keep]

For each scale the script generates a synthetic SSDA903 return (``header.csv``,
``episodes.csv``, ``reviews.csv``) for ``children x scale`` children with
``iru_analysis.demo.scaled.synthetic_903`` (seeded: two runs write the same files). The
files are written to a temporary data folder (``ssda903/`` only: the other sources are
absent, so only the looked-after indicators are computed), then the script times

1. ``iru_analysis.load.load_dataset(folder)`` — reading and validating the CSVs;
2. ``iru_analysis.figures.compute_figures(dataset, ReportingYear.parse("2015-16"))``.

It prints the input sizes (rows, MB), the seconds per stage (the fastest of ``--repeat``
runs) and each stage's time relative to the 1x run: a ratio close to the scale means the
stage grows linearly with the input, a much larger one that something grows faster.
A small warm-up run comes first, untimed in the table, so that one-off costs (imports,
code lists, the postcode directory cached after its first read) do not inflate the 1x run.

Postcodes are blank unless ``--postcodes`` is given: then each child gets a real home
postcode in Shropshire (SY, ONS ``laua`` E06000051) and each placement a real SY or TF
postcode (three in four in Shropshire), taken from the ONS directory the project
installs, and ``reference/authority.csv`` names Shropshire, so the placement-distance
look-up is timed too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from iru_analysis.demo.scaled import postcode_pools, synthetic_903
from iru_analysis.errors import InputErrors

YEAR_LABEL = "2015-16"
HOME_LA = ("E06000051", "Shropshire")


def write_903(tables: dict[str, pd.DataFrame], folder: Path, authority: bool = False) -> dict[str, int]:
    """Write the tables as ``ssda903/*.csv`` (dates dd/mm/YYYY) and, if asked,
    ``reference/authority.csv``; return rows per 903 file."""
    out = folder / "ssda903"
    out.mkdir(parents=True, exist_ok=True)
    if authority:
        (folder / "reference").mkdir(exist_ok=True)
        pd.DataFrame([HOME_LA], columns=["la_code", "la_name"]).to_csv(
            folder / "reference" / "authority.csv", index=False)
    rows = {}
    for name, table in tables.items():
        text = table.copy()
        for column in text.columns:
            if pd.api.types.is_datetime64_any_dtype(text[column]):
                text[column] = text[column].dt.strftime("%d/%m/%Y")
        text.to_csv(out / f"{name}.csv", index=False)
        rows[f"{name}.csv"] = len(table)
    return rows


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _time(stage, repeat: int):
    """The result of ``stage()`` and the fastest of ``repeat`` wall-clock times."""
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = stage()
        best = min(best, time.perf_counter() - began)
    return result, best


def run(children: int, scales: list[int], repeat: int, keep: bool, with_postcodes: bool) -> pd.DataFrame:
    from iru_analysis.calendar import ReportingYear
    from iru_analysis.figures import compute_figures
    from iru_analysis.load import load_dataset

    year = ReportingYear.parse(YEAR_LABEL)
    pools = postcode_pools() if with_postcodes else None
    results = []
    root = Path(tempfile.mkdtemp(prefix="iru-benchmark-"))

    warm = root / "warm-up"
    write_903(synthetic_903(max(1, children // 10), postcodes=pools), warm, authority=with_postcodes)
    _, warm_s = _time(lambda: compute_figures(load_dataset(warm), year), 1)
    print(f"  warm-up ({max(1, children // 10)} children): {warm_s:.2f} s", file=sys.stderr)

    for scale in scales:
        folder = root / f"x{scale}"
        began = time.perf_counter()
        rows = write_903(synthetic_903(children * scale, postcodes=pools), folder, authority=with_postcodes)
        generated = time.perf_counter() - began
        dataset, load_s = _time(lambda: load_dataset(folder), repeat)
        figures, figures_s = _time(lambda: compute_figures(dataset, year), repeat)
        results.append({"scale": f"{scale}x", "children": children * scale, **rows,
                        "MB": round(_folder_mb(folder), 2), "generate_s": generated,
                        "load_s": load_s, "figures_s": figures_s, "figure_rows": len(figures)})
        print(f"  {scale}x done: load {load_s:.2f} s, figures {figures_s:.2f} s", file=sys.stderr)
    table = pd.DataFrame(results)
    table["total_s"] = table["load_s"] + table["figures_s"]
    base = table.iloc[0]
    for stage in ("load_s", "figures_s", "total_s"):
        table[stage.replace("_s", "_ratio")] = table[stage] / base[stage]
    if keep:
        print(f"Data folders kept in {root}", file=sys.stderr)
    else:
        import shutil
        shutil.rmtree(root, ignore_errors=True)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=600, help="children at 1x (default 600)")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16], help="multiples of the base (default 1 4 16)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per stage; the fastest is shown (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the generated data folders")
    parser.add_argument("--postcodes", action="store_true",
                        help="fill HOME_POST/PL_POST with real SY/TF postcodes so placement distance is timed")
    args = parser.parse_args(argv)
    try:
        table = run(args.children, sorted(set(args.scales)), max(1, args.repeat), args.keep, args.postcodes)
    except ImportError as exc:  # the loader or the figures registry is not installed yet
        print(f"benchmark: cannot import the stages to time ({exc}).", file=sys.stderr)
        return 1
    except InputErrors as exc:  # the synthetic data broke a rule of the loader: say which
        print(f"benchmark: the loader rejected the synthetic data:\n{exc}", file=sys.stderr)
        return 1
    print(f"\nSynthetic SSDA903 inputs, reporting year {YEAR_LABEL}; seconds are wall-clock "
          f"(fastest of {max(1, args.repeat)}), ratios relative to the smallest run.\n")
    with pd.option_context("display.width", 200, "display.max_columns", 30,
                           "display.float_format", "{:,.2f}".format):
        print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
