"""ssda903/: the DfE's looked-after children return (header, episodes, reviews).

The tables are either directly in ``ssda903/`` or in one subfolder per annual return,
combined by ``returns.py`` before the checks below.

Rules checked here, beyond the one-column rules of ``schemas.py`` (sources: the DfE
SSDA903 guidance and validation rules as the public validator
data-to-insight/csc-validator-be-903 implements them; ``docs/data-standards.md`` §1):

* codes valid in the row's own reporting year: LS, RNE, PLACE and CIN by DECOM, REC by
  DEC, REVIEW_CODE by REVIEW; header SEX and ETHNIC against every year in the data;
* an episode cannot end (DEC) before it starts (DECOM); a child's episodes must not
  overlap (an episode may start on the day the previous one ends); an episode ending
  X1 must be followed by one of the same child starting that day, and an episode
  followed the same day by another of the same child must end X1 (rule 388); an
  episode starting the day the child's previous one ends cannot have RNE S (rule 431);
  REC is given exactly when DEC is. A child's episodes are compared in the canonical
  order of ``periods.sort_episodes`` (a zero-length episode before the one starting on
  its day), so the order of the rows in the file does not matter;
* warning: an episode with RNE other than S that does not follow an X1 ending the same
  day (a new period of care should start with S), except a child's first episode in
  annual returns that starts before the earliest return's year (its predecessor may be
  in a return not supplied);
* children in episodes and reviews must be in the header (warning: a header child
  with no episodes); warning: a review outside every episode; warning: a review held
  only within a period of care of short breaks only (LS V3/V4, DfE rule 399: such a
  period has no statutory reviews, and every review measure leaves the review out);
* warnings (rules 440/441): REVIEW_CODE PN0 for a child aged 4 or over, PN1–PN7 for a
  child under 4;
* data-quality warnings: no ETHNIC; HOME_POST or PL_POST missing (not V3/V4, and not
  replaced by a PL_DISTANCE, with PL_LOCATION for PL_POST) or not shaped like a
  postcode; DOB after DECOM.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import codes as C
from ..calendar import age_in_years
from ..periods import periods_of_care, sort_episodes
from .checks import codes_for_year, codes_for_years, ends_before_start, lookup, postcode_shape, unknown_keys, year_start
from .csv_tables import Reader, Table, read_csv_tables, usable
from .findings import WARNING, flag
from .returns import combine_returns, history_start, return_folders
from .schemas import EPISODES, HEADER, REVIEWS

REQUIRED_FILES = (HEADER, EPISODES)
OPTIONAL_FILES = (REVIEWS,)


def read_ssda903(reader: Reader, folder: Path) -> dict[str, Table]:
    """The 903 tables of ``folder`` (a missing required file is an error), checked.

    ``folder`` holds the tables directly, or one subfolder per annual return, each read
    and checked on its own and then combined (``returns.py``); the cross-table checks
    run on the combined tables.
    """
    required = " and ".join(s.file for s in REQUIRED_FILES)
    returns = return_folders(reader, folder, [s.file for s in REQUIRED_FILES + OPTIONAL_FILES])
    if returns:
        tables = combine_returns(
            {
                year: read_csv_tables(
                    reader,
                    path,
                    REQUIRED_FILES + OPTIONAL_FILES,
                    required=REQUIRED_FILES,
                    missing_rule=f"the file is missing; each return in ssda903/ must hold {required}",
                )
                for year, path in returns.items()
            }
        )
    else:
        tables = read_csv_tables(
            reader,
            folder,
            REQUIRED_FILES + OPTIONAL_FILES,
            required=REQUIRED_FILES,
            missing_rule=f"the file is missing; ssda903/ must hold {required}",
        )
    check_ssda903(usable(tables), history_from=history_start(folder))
    return tables


def check_ssda903(tables: dict[str, Table], history_from: pd.Timestamp | None = None) -> None:
    """Add the cross-column and cross-table findings to each table's findings.

    ``history_from``: the first day of the history held (annual returns), else None.
    """
    header, episodes, reviews = (tables.get(n) for n in ("header", "episodes", "reviews"))
    years: set[int] = set()
    ordered = None
    if episodes is not None:
        ordered = in_order(episodes)
        episodes.findings += check_episodes(episodes, ordered, history_from)
        years |= set(year_start(episodes.typed["DECOM"]).dropna().astype(int))
    if reviews is not None:
        reviews.findings += check_reviews(reviews, ordered, header)
        years |= set(year_start(reviews.typed["REVIEW"]).dropna().astype(int))
    if header is not None:
        header.findings += [
            codes_for_years(header, "SEX", C.SEX, years),
            codes_for_years(header, "ETHNIC", C.ETHNICITY, years),
            flag(
                header.typed,
                header.typed["ETHNIC"].isna(),
                "ETHNIC",
                "no ethnicity is recorded for this child; they will be shown as not recorded",
                severity=WARNING,
            ),
        ]
        if episodes is not None:
            header.findings.append(
                unknown_keys(
                    header,
                    "CHILD",
                    episodes.typed["CHILD"],
                    "ssda903/episodes.csv (the child has no episodes)",
                    severity=WARNING,
                )
            )
            episodes.findings.append(unknown_keys(episodes, "CHILD", header.typed["CHILD"], "ssda903/header.csv"))
            episodes.findings.append(dob_after_decom(episodes, header))
        if reviews is not None:
            reviews.findings.append(unknown_keys(reviews, "CHILD", header.typed["CHILD"], "ssda903/header.csv"))


def _previous(ordered: pd.DataFrame, column: str, child: pd.Series, step: int = 1) -> pd.Series:
    """The value of ``column`` on the child's previous (step=1) or next (step=-1) episode.

    ``child`` numbers the children (``_child_numbers``), which compare faster than their text.
    """
    shifted = ordered[column].shift(step)
    return shifted.where(child.shift(step) == child)


def _child_numbers(child: pd.Series) -> pd.Series:
    """A number for each child (NaN for a missing one, equal to no other)."""
    numbers = pd.Series(pd.factorize(child)[0], index=child.index)
    return numbers.where(numbers >= 0)


def in_order(episodes: Table) -> pd.DataFrame:
    """The typed episodes with their text dates (``_raw_decom``, ``_raw_dec``), in the
    canonical order of ``periods.sort_episodes``: sorted once for every check that
    follows a child's sequence of episodes, and for the periods of care."""
    return sort_episodes(episodes.typed.assign(_raw_decom=episodes.raw["DECOM"], _raw_dec=episodes.raw["DEC"]))


def check_episodes(
    episodes: Table, ordered: pd.DataFrame, history_from: pd.Timestamp | None = None
) -> list[pd.DataFrame]:
    """Findings about each episode on its own and within its child's sequence of episodes
    (``ordered``: ``in_order(episodes)``; ``history_from``: the first day of the history
    held, when it is not the whole)."""
    t, raw = episodes.typed, episodes.raw
    found = [
        codes_for_year(episodes, col, code_list, t["DECOM"], "SSDA903")
        for col, code_list in (
            ("RNE", C.REASON_NEW_EPISODE),
            ("LS", C.LEGAL_STATUS),
            ("CIN", C.CATEGORY_OF_NEED),
            ("PLACE", C.PLACEMENT),
        )
    ]
    found.append(codes_for_year(episodes, "REC", C.REASON_CEASED, t["DEC"], "SSDA903"))
    found.append(ends_before_start(episodes, "DECOM", "DEC", "an episode"))

    # REC is given exactly when DEC is (an unreadable DEC is already an error).
    dec_given = raw["DEC"].notna()
    found.append(
        flag(
            t,
            dec_given & t["REC"].isna(),
            "REC",
            "a reason the episode ceased is required because it has an end date (DEC)",
        )
    )
    found.append(
        flag(
            t,
            ~dec_given & t["REC"].notna(),
            "REC",
            "is given but the episode has no end date (DEC); give both or neither",
            raw=raw,
        )
    )

    # The child's sequence, in the canonical order the periods of care use: each
    # episode compared with the one before and after it.
    child, number = ordered["CHILD"], _child_numbers(ordered["CHILD"])
    prev_dec, prev_dec_raw = _previous(ordered, "DEC", number), _previous(ordered, "_raw_dec", number)
    prev_rec, prev_row = _previous(ordered, "REC", number), _previous(ordered, "_row", number)
    has_prev = number.shift(1) == number
    prev_open = has_prev & prev_dec_raw.isna()
    overlap = ordered["DECOM"].notna() & (prev_open | (prev_dec.notna() & (ordered["DECOM"] < prev_dec)))
    # Each per-row rule is worded for the flagged rows only: a million sentences nobody reads are slow.
    ends = ("ends " + prev_dec_raw[overlap].astype(str)).where(~prev_open[overlap], "has no end date (DEC)")
    rule = (
        "starts before the end of child "
        + child[overlap].astype(str)
        + "'s previous episode (row "
        + prev_row[overlap].astype("Int64").astype(str)
        + ", which "
        + ends
        + "); a child's episodes must not overlap"
    )
    found.append(
        flag(ordered, overlap, "DECOM", rule, raw=raw, check="starts before the end of the child's previous episode")
    )

    next_decom = _previous(ordered, "DECOM", number, step=-1)
    x1 = (ordered["REC"] == "X1") & ordered["DEC"].notna()
    orphan_x1 = x1 & ~(next_decom == ordered["DEC"])
    rule = (
        "means a new episode starts the day this one ends ("
        + ordered.loc[orphan_x1, "_raw_dec"].astype(str)
        + "), but child "
        + child[orphan_x1].astype(str)
        + " has no episode starting that day"
    )
    found.append(
        flag(
            ordered,
            orphan_x1,
            "REC",
            rule,
            raw=raw,
            check="is X1 but no episode of the child starts the day this one ends",
        )
    )

    found += same_day_continuations(ordered, raw)

    follows_x1 = has_prev & (prev_rec == "X1") & (prev_dec == ordered["DECOM"])
    gap_start = ordered["RNE"].notna() & (ordered["RNE"] != "S") & ordered["DECOM"].notna() & ~follows_x1
    if history_from is not None:  # the first episode held may continue one in an earlier return
        gap_start &= has_prev | (ordered["DECOM"] >= history_from)
    found.append(
        flag(
            ordered,
            gap_start,
            "RNE",
            "is not S, but the episode does not follow an episode of the same child ending X1 "
            "on the same day; a new period of care should start with RNE S",
            severity=WARNING,
            raw=raw,
        )
    )

    # Data quality: postcodes (short breaks V3/V4 need none, nor an episode whose
    # PL_DISTANCE, and for PL_POST also PL_LOCATION, is given).
    not_short_break = ~t["LS"].isin(C.SHORT_BREAKS)
    distance_given = t["PL_DISTANCE"].notna()
    given = {"HOME_POST": distance_given, "PL_POST": distance_given & t["PL_LOCATION"].notna()}
    lost = pd.Series(np.where(distance_given, "location (IN or OUT)", "distance"), index=t.index)
    for column in ("HOME_POST", "PL_POST"):
        missing = not_short_break & t[column].isna() & ~given[column]
        found.append(
            flag(
                t,
                missing,
                column,
                "no postcode is recorded; the placement " + lost[missing] + " cannot be worked out",
                severity=WARNING,
            )
        )
        found.append(postcode_shape(episodes, column))
    return found


def same_day_continuations(ordered: pd.DataFrame, raw: pd.DataFrame) -> list[pd.DataFrame]:
    """Errors for an episode followed the same day by another of the same child.

    ``ordered`` is the episodes table in ``sort_episodes`` order. The child stays looked
    after, so the earlier episode must end with REC X1 (DfE rule 388), and the later one
    cannot start a new period of care with RNE S (DfE rule 431).
    """
    child = _child_numbers(ordered["CHILD"])
    next_decom, next_row = _previous(ordered, "DECOM", child, step=-1), _previous(ordered, "_row", child, step=-1)
    continued = ordered["DEC"].notna() & (next_decom == ordered["DEC"])
    not_x1 = continued & ordered["REC"].notna() & (ordered["REC"] != "X1")
    rule = (
        "is not X1, but the child's next episode (row "
        + next_row[not_x1].astype("Int64").astype(str)
        + ") starts the day this one ends ("
        + ordered.loc[not_x1, "_raw_dec"].astype(str)
        + "); an episode followed the same day by another must end with X1 (DfE rule 388)"
    )
    prev_dec, prev_row = _previous(ordered, "DEC", child), _previous(ordered, "_row", child)
    restart = (ordered["RNE"] == "S") & ordered["DECOM"].notna() & (prev_dec == ordered["DECOM"])
    restart_rule = (
        "means the child started to be looked after, but the child's previous episode (row "
        + prev_row[restart].astype("Int64").astype(str)
        + ") ended the same day ("
        + ordered.loc[restart, "_raw_decom"].astype(str)
        + "); an episode continuing a period of care cannot have RNE S (DfE rule 431)"
    )
    return [flag(ordered, not_x1, "REC", rule, raw=raw), flag(ordered, restart, "RNE", restart_rule, raw=raw)]


def dob_after_decom(episodes: Table, header: Table) -> pd.DataFrame:
    """Warnings for episodes that start before the child was born (header DOB).

    The rule does not quote the date of birth: rule texts are published in data-quality.csv.
    """
    born = lookup(episodes.typed["CHILD"], header.typed, "CHILD", "DOB")
    bad = born.notna() & episodes.typed["DECOM"].notna() & (episodes.typed["DECOM"] < born)
    return flag(
        episodes.typed,
        bad,
        "DECOM",
        "is before the child's date of birth (DOB in ssda903/header.csv)",
        severity=WARNING,
        raw=episodes.raw,
    )


def check_reviews(reviews: Table, episodes: pd.DataFrame | None, header: Table | None) -> list[pd.DataFrame]:
    """Codes by year, participation codes for the child's age, and reviews out of care
    (``episodes``: the typed episodes in canonical order, ``in_order``; None when absent)."""
    t = reviews.typed
    found = [codes_for_year(reviews, "REVIEW_CODE", C.PARTICIPATION, t["REVIEW"], "SSDA903")]

    # Age at review: the review row's DOB, else the header's (rules 440/441).
    dob = t["DOB"]
    if header is not None:
        dob = dob.fillna(lookup(t["CHILD"], header.typed, "CHILD", "DOB"))
    age = age_in_years(dob, t["REVIEW"])
    pn0_aged_4 = (t["REVIEW_CODE"] == "PN0") & (age >= C.PARTICIPATION_AGE)
    found.append(
        flag(
            t,
            pn0_aged_4,
            "REVIEW_CODE",
            f"is for a child under {C.PARTICIPATION_AGE}, but the child was "
            + age[pn0_aged_4].astype(str)
            + " at the review (rule 440: use PN1 to PN7)",
            severity=WARNING,
            raw=reviews.raw,
            check=f"PN0 for a child aged {C.PARTICIPATION_AGE} or over (rule 440)",
        )
    )
    under_4 = t["REVIEW_CODE"].isin([f"PN{i}" for i in range(1, 8)]) & (age < C.PARTICIPATION_AGE)
    found.append(
        flag(
            t,
            under_4,
            "REVIEW_CODE",
            f"is for a child aged {C.PARTICIPATION_AGE} or over, but the child was "
            + age[under_4].astype(str)
            + " at the review (rule 441: use PN0)",
            severity=WARNING,
            raw=reviews.raw,
            check=f"PN1 to PN7 for a child under {C.PARTICIPATION_AGE} (rule 441)",
        )
    )

    if episodes is not None:
        found.append(outside_care(reviews, episodes))
        found.append(in_short_breaks(reviews, episodes))
    return found


def outside_care(reviews: Table, episodes: pd.DataFrame) -> pd.DataFrame:
    """Warnings for reviews held on a day the child had no episode (DECOM <= REVIEW <= DEC);
    ``episodes`` typed (in any order).

    Vectorised without pairing each review with every episode of its child: each
    episode, its child's taken by DECOM, carries the latest end (DEC; an open episode
    never ends) of itself and the child's episodes starting before it, and a review is
    within an episode when that latest end, on the child's last episode starting on or
    before the review, is not before it.
    """
    t = reviews.typed
    dated = t.loc[t["REVIEW"].notna(), ["CHILD", "REVIEW"]]
    spells = episodes.loc[episodes["DECOM"].notna(), ["CHILD", "DECOM", "DEC"]]
    # a number per child (a missing one too, matched to a missing one, as a merge on CHILD would)
    numbers = pd.factorize(pd.concat([dated["CHILD"], spells["CHILD"]], ignore_index=True), use_na_sentinel=False)[0]
    spells = pd.DataFrame(
        {
            "_CHILD": numbers[len(dated) :],
            "DECOM": spells["DECOM"].to_numpy(),
            "_END": spells["DEC"].fillna(pd.Timestamp.max).to_numpy(),
        }
    )
    spells = spells.sort_values(["_CHILD", "DECOM"], kind="stable")
    spells["_REACH"] = spells.groupby("_CHILD", sort=False)["_END"].cummax()
    held = pd.DataFrame(
        {"_CHILD": numbers[: len(dated)], "REVIEW": dated["REVIEW"].to_numpy(), "_AT": dated.index}
    ).sort_values("REVIEW", kind="stable")
    reach = pd.merge_asof(
        held,
        spells.sort_values("DECOM", kind="stable")[["_CHILD", "DECOM", "_REACH"]],
        left_on="REVIEW",
        right_on="DECOM",
        by="_CHILD",
        direction="backward",
    )
    covered = pd.Index(reach.loc[reach["_REACH"] >= reach["REVIEW"], "_AT"])
    bad = t["REVIEW"].notna() & ~t.index.isin(covered)
    return flag(
        t,
        bad,
        "REVIEW",
        "is not within any episode of child "
        + t.loc[bad, "CHILD"].astype(str)
        + " in ssda903/episodes.csv (a review is held while the child is looked after)",
        severity=WARNING,
        raw=reviews.raw,
        check="is not within any episode of the child",
    )


def in_short_breaks(reviews: Table, episodes: pd.DataFrame) -> pd.DataFrame:
    """Warnings for reviews held only within a period of care of short breaks only (LS V3/V4).

    Such a period has no statutory reviews (DfE rule 399); the review measures leave the
    review out. A review in no period at all is ``outside_care``'s finding, not this one.
    ``episodes``: the typed episodes in canonical order (``in_order``), so that the
    periods of care are worked out without sorting them again.
    """
    t = reviews.typed
    dated = t.loc[t["REVIEW"].notna(), ["CHILD", "REVIEW"]].reset_index()
    known = episodes[["CHILD", "DECOM"]].notna().all(axis=1)  # a blank is already an error
    periods = periods_of_care(episodes.loc[known], in_order=True)
    pairs = dated.merge(periods[["CHILD", "START", "END", "SHORT_BREAKS_ONLY"]], on="CHILD", how="inner")
    inside = (pairs["START"] <= pairs["REVIEW"]) & (pairs["END"].isna() | (pairs["REVIEW"] <= pairs["END"]))
    pairs = pairs.loc[inside]
    in_care = pd.Index(pairs.loc[~pairs["SHORT_BREAKS_ONLY"], "index"].unique())
    in_breaks = pd.Index(pairs.loc[pairs["SHORT_BREAKS_ONLY"], "index"].unique()).difference(in_care)
    return flag(
        t,
        t.index.to_series().isin(in_breaks),
        "REVIEW",
        "is within a period of short breaks only (legal status V3/V4), which has no statutory reviews; "
        "the review is left out of the review and participation figures (DfE rule 399)",
        severity=WARNING,
        raw=reviews.raw,
    )


__all__ = ["read_ssda903", "check_ssda903"]
