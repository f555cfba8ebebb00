"""A messy copy of the demo data: several hundred rows broken on purpose, deterministically.

    python tests/messy_data.py OUT      # writes OUT/ and prints what it broke

``make_messy(out)`` copies ``data/demo`` to ``out`` and breaks rows of ssda903/, iru/ and
the latest CIN census return in ways an authority's real extracts are broken (seeded, so
the copy is the same every time). It returns what it broke: ``rows`` (rows broken or
added, by kind) and ``children``, the children that now have an error -- exactly those
that ``load_dataset(out, exclude_invalid=True)`` must leave out. Repeated rows are
warnings (their copies are dropped), so they add no child.

Kinds (rows): episodes with an impossible DECOM (30), a PLACE code not valid in the
episode's year (30), a child's episode overlapping the next one (25), episodes of a child
missing from the header (20, each a new child), a blank RNE (15); reviews with a blank
REVIEW_CODE (30), with a date decades after the data (20); header dates of birth in 1901
(10); exact copies of episodes (20) and reviews (40); conferences on an impossible date
(20); RAG forms with an unknown RATING (10); allocations ending before they start (15);
children of the 2015-16 CIN census born on 30 February (15).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
SEED = 20151
CENSUS = "cin/cin_2015-16.xml"


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


class _Picker:
    """Disjoint, seeded samples of a table's rows (a row is broken once, in one way)."""

    def __init__(self, frame: pd.DataFrame, rng: np.random.Generator, rows: pd.Index | None = None):
        self.order = list(rng.permutation(frame.index if rows is None else rows))

    def take(self, n: int) -> list[int]:
        taken, self.order = self.order[:n], self.order[n:]
        return taken


def make_messy(out: Path, seed: int = SEED) -> dict[str, object]:
    """Copy the demo data to ``out`` and break it (see the module); return what was broken."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(DEMO, out)
    rng = np.random.default_rng(seed)
    rows: dict[str, int] = {}
    children: set[str] = set()

    def broke(kind: str, frame: pd.DataFrame, at: list[int], column: str) -> None:
        rows[kind] = len(at)
        children.update(frame.loc[at, column])

    # ssda903/episodes.csv
    episodes = _read(out / "ssda903/episodes.csv")
    followed = episodes.index[(episodes["CHILD"] == episodes["CHILD"].shift(-1)) & (episodes["DEC"] != "")]
    overlap = _Picker(episodes, rng, followed).take(25)
    episodes.loc[overlap, "DEC"] = (
        (pd.to_datetime(episodes.loc[[i + 1 for i in overlap], "DECOM"], dayfirst=True) + pd.Timedelta(days=30))
        .dt.strftime("%d/%m/%Y")
        .to_numpy()
    )
    broke("episodes overlapping the next", episodes, overlap, "CHILD")
    pick = _Picker(episodes, rng, episodes.index.difference(overlap + [i + 1 for i in overlap]))
    at = pick.take(30)
    episodes.loc[at, "DECOM"] = "31/02/" + episodes.loc[at, "DECOM"].str[-4:]
    broke("episodes with an impossible DECOM", episodes, at, "CHILD")
    at = pick.take(30)
    episodes.loc[at, "PLACE"] = "K3"  # a placement code from 2023-24 on
    broke("episodes with a PLACE code not valid in their year", episodes, at, "CHILD")
    at = pick.take(15)
    episodes.loc[at, "RNE"] = ""
    broke("episodes with a blank RNE", episodes, at, "CHILD")
    strangers = episodes.loc[pick.take(20)].assign(CHILD=[f"X{900001 + i}" for i in range(20)])
    rows["episodes of a child not in the header"] = len(strangers)
    children.update(strangers["CHILD"])
    copies = episodes.loc[pick.take(20)]
    rows["episodes repeated exactly"] = len(copies)
    _write(pd.concat([episodes, strangers, copies], ignore_index=True), out / "ssda903/episodes.csv")

    # ssda903/reviews.csv
    reviews = _read(out / "ssda903/reviews.csv")
    pick = _Picker(reviews, rng)
    at = pick.take(30)
    reviews.loc[at, "REVIEW_CODE"] = ""
    broke("reviews with a blank REVIEW_CODE", reviews, at, "CHILD")
    at = pick.take(20)
    reviews.loc[at, "REVIEW"] = reviews.loc[at, "REVIEW"].str[:6] + "2061"
    broke("reviews dated decades after the data", reviews, at, "CHILD")
    copies = reviews.loc[pick.take(40)]
    rows["reviews repeated exactly"] = len(copies)
    _write(pd.concat([reviews, copies], ignore_index=True), out / "ssda903/reviews.csv")

    # ssda903/header.csv
    header = _read(out / "ssda903/header.csv")
    at = _Picker(header, rng).take(10)
    header.loc[at, "DOB"] = header.loc[at, "DOB"].str[:6] + "1901"
    broke("dates of birth in 1901", header, at, "CHILD")
    _write(header, out / "ssda903/header.csv")

    # iru/
    conferences = _read(out / "iru/conferences.csv")
    at = _Picker(conferences, rng).take(20)
    conferences.loc[at, "MEETING_DATE"] = "31/02/2015"
    broke("conferences on an impossible date", conferences, at, "LAchildID")
    _write(conferences, out / "iru/conferences.csv")
    forms = _read(out / "iru/rag_forms.csv")
    at = _Picker(forms, rng).take(10)
    forms.loc[at, "RATING"] = "purple"
    broke("RAG forms with an unknown RATING", forms, at, "CHILD")
    _write(forms, out / "iru/rag_forms.csv")
    allocations = _read(out / "iru/allocations.csv")
    ended = allocations.index[allocations["END_DATE"] != ""]
    at = _Picker(allocations, rng, ended).take(15)
    allocations.loc[at, "END_DATE"] = (
        (pd.to_datetime(allocations.loc[at, "START_DATE"], dayfirst=True) - pd.Timedelta(days=1))
        .dt.strftime("%d/%m/%Y")
        .to_numpy()
    )
    broke("allocations ending before they start", allocations, at, "CHILD")
    _write(allocations, out / "iru/allocations.csv")

    # cin/: the latest census return (the one whose copy of a child is kept)
    text = (out / CENSUS).read_text(encoding="utf-8")
    born = re.findall(r"<LAchildID>(\w+)</LAchildID>\s*<PersonBirthDate>", text)
    chosen = set(rng.choice(born, size=15, replace=False))
    text = re.sub(
        r"(<LAchildID>(\w+)</LAchildID>\s*<PersonBirthDate>)(\d{4})-\d{2}-\d{2}",
        lambda m: f"{m.group(1)}{m.group(3)}-02-30" if m.group(2) in chosen else m.group(0),
        text,
    )
    (out / CENSUS).write_text(text, encoding="utf-8")
    rows["CIN children born on 30 February"] = len(chosen)
    children.update(chosen)

    return {"rows": rows, "children": sorted(children)}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tests/messy_data.py OUT", file=sys.stderr)
        return 2
    broken = make_messy(Path(args[0]))
    for kind, n in broken["rows"].items():
        print(f"{n:4d} {kind}")
    print(
        f"{sum(broken['rows'].values()):4d} rows broken or added in {args[0]}; "
        f"{len(broken['children'])} children now have an error"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
