"""How loading and computing the figures scale with the size of the input.

Run by hand (not part of the test suite):

    .venv/bin/python scripts/benchmark.py [--children 600] [--scales 1 4 16] [--repeat 1] [--keep]

For each scale the script generates a synthetic SSDA903 return (``header.csv``,
``episodes.csv``, ``reviews.csv``) for ``children x scale`` children, about 8 episodes
each, in one or more periods of care up to 31 March 2016, and their statutory reviews.
Generation is pure pandas/numpy with a fixed seed, so two runs write the same files. The
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

import numpy as np
import pandas as pd

from iru_analysis.errors import InputErrors

YEAR_LABEL = "2015-16"
COLLECTION_END = pd.Timestamp("2016-03-31")
EARLIEST_START = pd.Timestamp("2010-04-01")
SEED = 20160331

# Codes valid in 2015-16 (iru_analysis.codes); placements with a plausible provider.
LEGAL_STATUS = (["C2", "C1", "V2", "E1"], [0.55, 0.2, 0.2, 0.05])
CATEGORY_OF_NEED = (["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"],
                    [0.6, 0.04, 0.04, 0.08, 0.14, 0.02, 0.01, 0.07])
PLACEMENTS = (["U4", "U6", "U1", "U3", "K2", "P1", "A4", "H5", "R1"],
              [0.2, 0.35, 0.05, 0.1, 0.1, 0.06, 0.05, 0.06, 0.03])
PROVIDER = {"U4": "PR1", "U6": "PR1", "U1": "PR1", "U3": "PR1", "K2": "PR3", "P1": "PR0",
            "A4": "PR1", "H5": "PR4", "R1": "PR3"}
CHANGE = (["P", "L", "T", "B", "U"], [0.6, 0.2, 0.1, 0.05, 0.05])
CEASED = (["E4A", "E41", "E11", "E12", "E43", "E8", "E5", "E6"],  # valid in every year 2010-16
          [0.35, 0.1, 0.1, 0.05, 0.1, 0.2, 0.05, 0.05])
ETHNIC = (["WBRI", "WOTH", "MWBC", "MOTH", "ABAN", "BAFR", "OOTH", "NOBT"],
          [0.85, 0.04, 0.03, 0.02, 0.01, 0.02, 0.01, 0.02])
PARTICIPATION = (["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"],
                 [0.45, 0.1, 0.05, 0.05, 0.15, 0.1, 0.1])


def _choice(rng: np.random.Generator, options: tuple[list[str], list[float]], n: int) -> np.ndarray:
    codes, weights = options
    p = np.asarray(weights, dtype=float)
    return rng.choice(np.asarray(codes, dtype=object), size=n, p=p / p.sum())


def _days(values: np.ndarray) -> pd.TimedeltaIndex:
    return pd.to_timedelta(values.astype("int64"), unit="D")


HOME_LA = ("E06000051", "Shropshire")


def postcode_pools() -> tuple[np.ndarray, np.ndarray]:
    """Real postcodes: Shropshire's own (SY, laua E06000051) and any SY or TF postcode."""
    from iru_analysis.measures.distance import ons_postcodes

    both = pd.concat([ons_postcodes("S"), ons_postcodes("T")], ignore_index=True)
    area = both[both["postcode"].str.match(r"^(SY|TF)\d")]
    own = area.loc[area["laua"] == HOME_LA[0], "postcode"]
    return own.to_numpy(dtype=object), area["postcode"].to_numpy(dtype=object)


def synthetic_903(n_children: int, seed: int = SEED,
                  postcodes: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, pd.DataFrame]:
    """Header, episodes and reviews for ``n_children`` children (dates as datetimes).

    Each child has 1 + Poisson(11) episodes of about 90 days (exponential), chained end to
    start; one join in ten is instead a gap of 30 to 365 days that ends one period of care
    (a ceased reason) and starts another (RNE ``S``). Episodes starting after the collection
    end are dropped, and one running over it is left open. Reviews fall 20 days after each
    period of care starts, 3 months later, then every 6 months while the period lasts.
    """
    rng = np.random.default_rng(seed)
    child = np.array([f"C{i:07d}" for i in range(n_children)], dtype=object)
    dob = pd.Timestamp("1998-04-02") + _days(rng.integers(0, (pd.Timestamp("2016-01-01")
                                                              - pd.Timestamp("1998-04-02")).days, n_children))
    header = pd.DataFrame({
        "CHILD": child, "SEX": rng.choice(np.array(["1", "2"], dtype=object), n_children), "DOB": dob,
        "ETHNIC": _choice(rng, ETHNIC, n_children), "UPN": None, "MOTHER": None, "MC_DOB": pd.NaT,
    })

    # episodes: one row per episode, offsets accumulated within each child
    n_eps = 1 + rng.poisson(11, n_children)
    who = np.repeat(np.arange(n_children), n_eps)
    order = np.arange(len(who)) - np.repeat(np.cumsum(n_eps) - n_eps, n_eps)  # 0, 1, ... per child
    duration = np.maximum(1, rng.exponential(90, len(who)).round()).astype(int)
    gap = np.where((order > 0) & (rng.random(len(who)) < 0.1), rng.integers(30, 366, len(who)), 0)
    frame = pd.DataFrame({"who": who, "order": order, "duration": duration, "gap": gap})
    grouped = frame.groupby("who")
    offset = grouped["gap"].cumsum() + grouped["duration"].cumsum() - frame["duration"]
    earliest = np.maximum(dob.values, np.datetime64(EARLIEST_START))
    span = (np.datetime64(COLLECTION_END - pd.Timedelta(days=30)) - earliest).astype("timedelta64[D]").astype(int)
    first = earliest + (rng.random(n_children) * np.maximum(span, 1)).astype("timedelta64[D]")
    decom = pd.Series(first[who]) + _days(offset.to_numpy())
    dec = decom + _days(duration)
    next_gap = frame.groupby("who")["gap"].shift(-1)  # NaN for a child's last episode
    new_period = (order == 0) | (gap > 0)
    n = len(who)
    placement = _choice(rng, PLACEMENTS, n)
    episodes = pd.DataFrame({
        "CHILD": child[who], "DECOM": decom,
        "RNE": np.where(new_period, "S", _choice(rng, CHANGE, n)),
        "LS": _choice(rng, LEGAL_STATUS, n), "CIN": _choice(rng, CATEGORY_OF_NEED, n),
        "PLACE": placement, "PLACE_PROVIDER": pd.Series(placement).map(PROVIDER).to_numpy(),
        "DEC": dec, "REC": np.where(next_gap.to_numpy() == 0, "X1", _choice(rng, CEASED, n)),
        "REASON_PLACE_CHANGE": None, "HOME_POST": None, "PL_POST": None, "URN": None,
        "period": (pd.Series(new_period).groupby(who).cumsum()).to_numpy(),
    })
    if postcodes is not None:
        own, area = postcodes
        episodes["HOME_POST"] = rng.choice(own, n_children)[who]
        episodes["PL_POST"] = np.where(rng.random(n) < 0.75, rng.choice(own, n), rng.choice(area, n))
    episodes = episodes.loc[episodes["DECOM"] <= COLLECTION_END].reset_index(drop=True)
    open_at_end = episodes["DEC"] > COLLECTION_END
    episodes.loc[open_at_end, "DEC"] = pd.NaT
    episodes.loc[open_at_end, "REC"] = None

    # reviews: per period of care, at +20 days, +3 months, then every 6 months
    periods = episodes.groupby(["CHILD", "period"]).agg(start=("DECOM", "min"), end=("DEC", "max"),
                                                        still_open=("DEC", lambda s: s.isna().any()))
    periods["end"] = periods["end"].where(~periods["still_open"], COLLECTION_END)
    steps = np.array([20, 20 + 91] + [20 + 91 + 182 * k for k in range(1, 40)])
    at = periods["start"].to_numpy()[:, None] + steps[None, :].astype("timedelta64[D]")
    held = at <= periods["end"].to_numpy()[:, None]
    rows, cols = np.nonzero(held)
    review_child = periods.index.get_level_values("CHILD").to_numpy()[rows]
    reviews = pd.DataFrame({"CHILD": review_child, "REVIEW": at[rows, cols]})
    reviews = reviews.merge(header[["CHILD", "DOB"]], on="CHILD")
    under_4 = (reviews["REVIEW"] - reviews["DOB"]).dt.days < 4 * 365.25
    reviews["REVIEW_CODE"] = np.where(under_4, "PN0", _choice(rng, PARTICIPATION, len(reviews)))
    reviews = reviews[["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]]
    return {"header": header, "episodes": episodes.drop(columns="period"), "reviews": reviews}


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
