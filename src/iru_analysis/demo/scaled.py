"""A synthetic data folder of any size, for timing: N authorities' worth of children, or England's.

``write_scaled_data(out, scale)`` writes ``ssda903/`` (header, episodes, reviews) for
``scale x AUTHORITY_CHILDREN`` children and copies the demo's ``reference/`` (the
authority, Shropshire, and the comparators, which do not grow with the data). ``cin/``
and ``iru/`` are not written, so only the looked-after figures are computed from it.
``scale="england"`` is ``ENGLAND_AUTHORITIES`` authorities: about 146,000 children,
1.1 million episodes and 80,000 looked after at 31 March 2016.

Everything is drawn at once with numpy from a seeded generator (no loop over children),
so the same seed and the same installed postcode directory give the same bytes. Each
child has 1 + Poisson(11) episodes of about 90 days (exponential), chained end to start;
one join in ten is instead a gap of 30 to 365 days that ends one period of care (a
ceased reason) and starts another (RNE ``S``). The first episode starts between the
later of birth and 1 April 2010 and 1 March 2016; episodes starting after 31 March 2016
are dropped and one running over it is left open. Reviews fall 20 days after each period
of care starts, 3 months later, then every 6 months while the period lasts. Each child
has a home postcode in Shropshire and each placement one in Shropshire (three in four)
or elsewhere in the SY and TF areas, from the ONS directory, so placement distances are
computed too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from ..paths import DEMO_DATA

SEED = 20160331
AUTHORITY_CHILDREN = 960  # about 540 looked after at 31 March 2016: England's average authority
ENGLAND_AUTHORITIES = 152  # local authorities with children's services
COLLECTION_END = pd.Timestamp("2016-03-31")
EARLIEST_START = pd.Timestamp("2010-04-01")
EARLIEST_DOB = pd.Timestamp("1998-04-02")  # 18 on 2 April 2016: nobody ages out inside the history
LATEST_DOB = pd.Timestamp("2016-01-01")
HOME_LA = "E06000051"  # Shropshire, as in the demo's reference/authority.csv

# Codes valid in every year 2010-16 (iru_analysis.codes); placements with a plausible provider.
LEGAL_STATUS = (["C2", "C1", "V2", "E1"], [0.55, 0.2, 0.2, 0.05])
CATEGORY_OF_NEED = (["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"], [0.6, 0.04, 0.04, 0.08, 0.14, 0.02, 0.01, 0.07])
PLACEMENTS = (
    ["U4", "U6", "U1", "U3", "K2", "P1", "A4", "H5", "R1"],
    [0.2, 0.35, 0.05, 0.1, 0.1, 0.06, 0.05, 0.06, 0.03],
)
PROVIDER = {
    "U4": "PR1",
    "U6": "PR1",
    "U1": "PR1",
    "U3": "PR1",
    "K2": "PR3",
    "P1": "PR0",
    "A4": "PR1",
    "H5": "PR4",
    "R1": "PR3",
}
CHANGE = (["P", "L", "T", "B", "U"], [0.6, 0.2, 0.1, 0.05, 0.05])
CEASED = (["E4A", "E41", "E11", "E12", "E43", "E8", "E5", "E6"], [0.35, 0.1, 0.1, 0.05, 0.1, 0.2, 0.05, 0.05])
ETHNIC = (
    ["WBRI", "WOTH", "MWBC", "MOTH", "ABAN", "BAFR", "OOTH", "NOBT"],
    [0.85, 0.04, 0.03, 0.02, 0.01, 0.02, 0.01, 0.02],
)
PARTICIPATION = (["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], [0.45, 0.1, 0.05, 0.05, 0.15, 0.1, 0.1])
REVIEW_DAYS = np.array([20, 20 + 91] + [20 + 91 + 182 * k for k in range(1, 40)])  # after a period starts


def scale_factor(scale: int | str) -> int:
    """How many authorities' worth of children ``scale`` means: an integer >= 1, or
    ``"england"`` (``ENGLAND_AUTHORITIES``).

    >>> scale_factor("england"), scale_factor("3")
    (152, 3)
    """
    if str(scale).strip().lower() == "england":
        return ENGLAND_AUTHORITIES
    factor = int(scale)
    if factor < 1:
        raise ValueError(f'scale must be a whole number of at least 1 or "england", not {scale!r}')
    return factor


def _choice(rng: np.random.Generator, options: tuple[list[str], list[float]], n: int) -> np.ndarray:
    codes, weights = options
    p = np.asarray(weights, dtype=float)
    return rng.choice(np.asarray(codes, dtype=object), size=n, p=p / p.sum())


def _days(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype="int64").astype("timedelta64[D]")


def postcode_pools() -> tuple[np.ndarray, np.ndarray]:
    """Real postcodes, as written: Shropshire's own (SY, laua ``HOME_LA``) and every SY or TF postcode."""
    from ..measures.distance import ons_postcodes

    both = pd.concat([ons_postcodes("S"), ons_postcodes("T")], ignore_index=True)
    area = both[both["postcode"].str.match(r"^(SY|TF)\d")]
    written = area["postcode"].str[:-3] + " " + area["postcode"].str[-3:]  # "SY79PH" as "SY7 9PH"
    return written[area["laua"] == HOME_LA].to_numpy(dtype=object), written.to_numpy(dtype=object)


def synthetic_903(
    n_children: int, seed: int = SEED, postcodes: tuple[np.ndarray, np.ndarray] | None = None
) -> dict[str, pd.DataFrame]:
    """Header, episodes and reviews for ``n_children`` children (dates as datetimes), as
    the module docstring describes; postcodes blank unless ``postcodes`` (own, area) given."""
    rng = np.random.default_rng(seed)
    child = ("C" + pd.Series(np.arange(n_children)).astype(str).str.zfill(7)).to_numpy(dtype=object)
    dob = np.datetime64(EARLIEST_DOB, "D") + _days(rng.integers(0, (LATEST_DOB - EARLIEST_DOB).days, n_children))
    header = pd.DataFrame(
        {
            "CHILD": child,
            "SEX": rng.choice(np.array(["1", "2"], dtype=object), n_children),
            "DOB": dob.astype("datetime64[ns]"),
            "ETHNIC": _choice(rng, ETHNIC, n_children),
            "UPN": None,
            "MOTHER": None,
            "MC_DOB": pd.NaT,
        }
    )

    # episodes: one row per episode, day offsets accumulated within each child
    n_eps = 1 + rng.poisson(11, n_children)
    who = np.repeat(np.arange(n_children), n_eps)
    n = len(who)
    order = np.arange(n) - np.repeat(np.cumsum(n_eps) - n_eps, n_eps)  # 0, 1, ... within each child
    duration = np.maximum(1, rng.exponential(90, n).round()).astype("int64")
    gap = np.where((order > 0) & (rng.random(n) < 0.1), rng.integers(30, 366, n), 0)
    steps = pd.Series(gap + duration).groupby(who).cumsum().to_numpy() - duration  # days from the first start
    earliest = np.maximum(dob, np.datetime64(EARLIEST_START, "D"))
    span = (np.datetime64(COLLECTION_END - pd.Timedelta(days=30), "D") - earliest).astype("int64")
    first = earliest + _days(rng.random(n_children) * np.maximum(span, 1))
    decom = first[who] + _days(steps)
    ends_child = np.append(order[1:] == 0, True)  # a child's last episode
    next_gap = np.append(gap[1:], 0)
    new_period = (order == 0) | (gap > 0)
    placement = _choice(rng, PLACEMENTS, n)
    episodes = pd.DataFrame(
        {
            "CHILD": child[who],
            "DECOM": decom.astype("datetime64[ns]"),
            "RNE": np.where(new_period, "S", _choice(rng, CHANGE, n)),
            "LS": _choice(rng, LEGAL_STATUS, n),
            "CIN": _choice(rng, CATEGORY_OF_NEED, n),
            "PLACE": placement,
            "PLACE_PROVIDER": pd.Series(placement).map(PROVIDER).to_numpy(),
            "DEC": (decom + _days(duration)).astype("datetime64[ns]"),
            "REC": np.where(~ends_child & (next_gap == 0), "X1", _choice(rng, CEASED, n)),
            "REASON_PLACE_CHANGE": None,
            "HOME_POST": None,
            "PL_POST": None,
            "URN": None,
        }
    )
    if postcodes is not None:
        own, area = postcodes
        episodes["HOME_POST"] = rng.choice(own, n_children)[who]
        episodes["PL_POST"] = np.where(rng.random(n) < 0.75, rng.choice(own, n), rng.choice(area, n))
    period = who * 1000 + pd.Series(new_period).groupby(who).cumsum().to_numpy()  # unique per child's period
    kept = (episodes["DECOM"] <= COLLECTION_END).to_numpy()
    episodes, period = episodes.loc[kept].reset_index(drop=True), period[kept]
    open_at_end = episodes["DEC"] > COLLECTION_END
    episodes.loc[open_at_end, "DEC"] = pd.NaT
    episodes.loc[open_at_end, "REC"] = None

    # reviews: per period of care, REVIEW_DAYS after it starts while it lasts (to the collection end if open)
    end = episodes["DEC"].fillna(COLLECTION_END)
    periods = (
        pd.DataFrame({"period": period, "who": who[kept], "start": episodes["DECOM"], "end": end})
        .groupby("period", sort=True)
        .agg(who=("who", "first"), start=("start", "min"), end=("end", "max"))
    )
    at = periods["start"].to_numpy()[:, None] + REVIEW_DAYS[None, :].astype("timedelta64[D]")
    rows, cols = np.nonzero(at <= periods["end"].to_numpy()[:, None])
    reviewed = periods["who"].to_numpy()[rows]
    reviews = pd.DataFrame(
        {"CHILD": child[reviewed], "DOB": header["DOB"].to_numpy()[reviewed], "REVIEW": at[rows, cols]}
    )
    under_4 = (reviews["REVIEW"] - reviews["DOB"]).dt.days < 4 * 365.25
    reviews["REVIEW_CODE"] = np.where(under_4, "PN0", _choice(rng, PARTICIPATION, len(reviews)))
    return {"header": header, "episodes": episodes, "reviews": reviews}


def _write(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as CSV: dates dd/mm/YYYY, blanks for missing values, ``\\n`` line ends."""
    text = frame.copy()
    for column in text.columns:
        if pd.api.types.is_datetime64_any_dtype(text[column]):
            text[column] = text[column].dt.strftime("%d/%m/%Y")
    path.parent.mkdir(parents=True, exist_ok=True)
    text.to_csv(path, index=False, lineterminator="\n")


def write_scaled_data(
    out: Path, scale: int | str, seed: int = SEED, authority_children: int = AUTHORITY_CHILDREN
) -> dict[str, int]:
    """Write ``ssda903/`` for ``scale_factor(scale) x authority_children`` children and the
    demo's ``reference/`` to ``out`` (files overwritten); return the rows of each 903 file.

    A smaller ``authority_children`` makes tiny folders for quick tests of the benchmark.
    """
    out = Path(out)
    tables = synthetic_903(scale_factor(scale) * authority_children, seed, postcode_pools())
    for name, table in tables.items():
        _write(table, out / "ssda903" / f"{name}.csv")
    shutil.copytree(DEMO_DATA / "reference", out / "reference", dirs_exist_ok=True)
    return {f"ssda903/{name}.csv": len(table) for name, table in tables.items()}


__all__ = ["write_scaled_data", "synthetic_903", "scale_factor", "AUTHORITY_CHILDREN", "ENGLAND_AUTHORITIES"]
