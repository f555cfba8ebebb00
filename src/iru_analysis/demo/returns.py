"""The demo data as annual SSDA903 returns: what each year's return would have held.

``annual_returns`` cuts a whole 903 history (the tables as text, as the files hold
them) into returns. Return Y holds:

* the episodes open at any time in Y (DECOM on or before Y's 31 March, and no DEC or
  DEC on or after Y's 1 April), with DEC and REC blank when DEC is after Y's 31 March
  (the episode was still open when the return was made);
* the reviews held in Y;
* the header rows of the children in those episodes or reviews.

The returns run from the year of the earliest DECOM or review to the year of the
latest date, so that combining them (``iru_analysis.load.returns``) gives back the
whole history, and the review history starts, as for the flat files, on 1 April of the
year of the earliest review (the demo's first episode and first review are both in
2002-03). ``write_demo_returns`` writes the committed demo folder that way; ``cin/``,
``iru/`` and ``reference/`` are copied unchanged. The slow generator is not rerun.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from ..calendar import ReportingYear
from ..errors import InputError
from ..load.checks import year_start
from ..paths import DEMO_DATA, SYNTHETIC_MARKER

TABLES = ("header", "episodes", "reviews")
COPIED = ("cin", "iru", "reference")


def _dates(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")


def annual_returns(
    header: pd.DataFrame, episodes: pd.DataFrame, reviews: pd.DataFrame
) -> dict[ReportingYear, dict[str, pd.DataFrame]]:
    """Each year's return (module docstring) from the whole history, in year order.

    The tables are text as read from the files (blank cells ``""``), and are returned
    with the same columns, rows in the source order.
    """
    decom, dec, held = _dates(episodes["DECOM"]), _dates(episodes["DEC"]), _dates(reviews["REVIEW"])
    first = int(year_start(pd.concat([decom, held])).min())
    last = int(year_start(pd.concat([decom, dec, held])).max())
    years = pd.DataFrame({"_year": range(first, last + 1)})
    years["_start"] = pd.to_datetime(years["_year"].astype(str) + "-04-01")
    years["_end"] = pd.to_datetime((years["_year"] + 1).astype(str) + "-03-31")

    eps = episodes.assign(_decom=decom, _dec=dec).merge(years, how="cross")
    eps = eps.loc[(eps["_decom"] <= eps["_end"]) & (eps["_dec"].isna() | (eps["_dec"] >= eps["_start"]))]
    eps.loc[eps["_dec"] > eps["_end"], ["DEC", "REC"]] = ""
    revs = reviews.assign(_year=year_start(held).astype(int))
    children = pd.concat([eps[["_year", "CHILD"]], revs[["_year", "CHILD"]]]).drop_duplicates()
    heads = children.merge(header, on="CHILD").sort_values(["_year", "CHILD"], kind="stable")

    held_by_year = {
        name: dict(iter(table.groupby("_year", sort=True)))
        for name, table in (("header", heads), ("episodes", eps), ("reviews", revs))
    }
    columns = {"header": header.columns, "episodes": episodes.columns, "reviews": reviews.columns}
    return {
        ReportingYear(int(year)): {
            name: held_by_year[name]
            .get(year, pd.DataFrame(columns=columns[name]))[list(columns[name])]
            .reset_index(drop=True)
            for name in TABLES
        }
        for year in years["_year"]
    }


def _read_text(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])


def write_demo_returns(out: Path, source: Path = DEMO_DATA) -> list[ReportingYear]:
    """Write ``source`` (a flat data folder, by default the demo) to ``out`` as annual returns.

    ``out/ssda903/`` is replaced by one subfolder per return; the other sources (and the
    ``SYNTHETIC`` marker) are copied unchanged. Returns the years written.

    Raises:
        InputError: ``out`` is ``source`` itself (its tables would be lost).
    """
    out, source = Path(out), Path(source)
    if out.resolve() == source.resolve():
        raise InputError(str(out), None, None, None, "is the folder the returns are made from; choose another --out")
    returns = annual_returns(*(_read_text(source / "ssda903" / f"{name}.csv") for name in TABLES))
    for name in COPIED:
        if (source / name).is_dir():
            shutil.copytree(source / name, out / name, dirs_exist_ok=True)
    if (source / SYNTHETIC_MARKER).is_file():  # the returns are as synthetic as their source
        shutil.copy2(source / SYNTHETIC_MARKER, out / SYNTHETIC_MARKER)
    if (out / "ssda903").exists():
        shutil.rmtree(out / "ssda903")
    for year, tables in returns.items():
        folder = out / "ssda903" / year.label
        folder.mkdir(parents=True)
        for name, table in tables.items():
            table.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return list(returns)


__all__ = ["annual_returns", "write_demo_returns"]
