"""Back test: the demo data, computed by the project's own measures, print the 2015-16 report.

Every number the model report prints (its tables, charts and key-message sentences) is
a row of ``back_test/expected_2015-16.csv`` with the place it stands in the report. The
figures are computed from the committed demo data (``data/demo``) for 2015-16, with
the caseload snapshot "at the time of writing" taken on 30 June 2016, the as-at date
of the demo (``iru_analysis.demo.targets.AS_AT``).

Comparison: counts must be equal; a percentage or ratio (``*_pct``,
``meetings_per_month``, ``caseload_per_fte``) must equal the printed number after
rounding half up to the printed precision, because that is how it was printed (not a
tolerance). Every difference fails.

The report's quirks, each stated here and in ``data/demo/README.md``:

1. "On average each month 73 statutory review meetings take place": 882 / 12 = 73.5,
   printed as 73 — truncated, although the conferences' 48.75 was rounded to 49. That
   one row is compared after truncation.
2. The ceased-reason table prints "Special guardianship order made to carers not former
   f/c 6" and a separate unsplit "Special Guardianship Order 2", which has no code of its
   own in 2015-16 (E45-E48 start in 2018-19). The demo records the two as E44 (an SGO to
   carers not shown as former foster carers), so the E44 figure is the sum of the two
   printed lines (8).
3. The CPP ethnicity chart's "Not Known - use only if ethnicity cannot be obtained" has
   no code of that name; the demo records it as REFU. The chart's denominator is 266
   children (one unborn child has no ethnicity): the measure leaves that child out of
   the percentages, as the report did.

Derived rows: a breakdown ``A+B`` is the sum of the two figures; a period ``X - Y`` is
the difference between the two years' figures; ``lac_started_by_distance_pct``,
``lac_started_by_age_pct`` and ``lac_ceased_by_age_pct`` (printed next to the counts,
for which the measures give counts only) are each band's count over the table's total.
"""

from __future__ import annotations

import csv
import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from iru_analysis.calendar import ReportingYear
from iru_analysis.figures import compute_figures
from iru_analysis.load import load_dataset
from iru_analysis.paths import DEMO_DATA

EXPECTED = Path(__file__).parent / "back_test" / "expected_2015-16.csv"
AS_AT = pd.Timestamp("2016-06-30")

TRUNCATED = {("meetings_per_month", "lac_review", "2015-16")}  # quirk 1
SUMMED = {("lac_ceased_by_reason", "E44", "2015-16")}  # quirk 2: printed lines added
DERIVED_PCT = {
    "lac_started_by_distance_pct": "lac_started_by_distance",
    "lac_started_by_age_pct": "lac_started_by_age",
    "lac_ceased_by_age_pct": "lac_ceased_by_age",
}
RATIOS = {"meetings_per_month", "caseload_per_fte"}


def _expected_rows() -> list[dict]:
    with open(EXPECTED, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    merged: dict[tuple, dict] = {}
    out = []
    for row in rows:
        key = (row["indicator"], row["breakdown"], row["period"])
        if key in SUMMED:
            if key in merged:
                first = merged[key]
                first["printed"] = str(int(first["printed"]) + int(row["printed"]))
                first["citation"] += " + " + row["citation"]
                continue
            merged[key] = row
        out.append(row)
    return out


ROWS = _expected_rows()


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    dataset = load_dataset(DEMO_DATA)
    return compute_figures(dataset, ReportingYear.parse("2015-16"), as_at=AS_AT)


def _value(figures: pd.DataFrame, indicator: str, breakdown: str, period: str) -> float:
    if " - " in period:
        first, second = period.split(" - ")
        return _value(figures, indicator, breakdown, first) - _value(figures, indicator, breakdown, second)
    if "+" in breakdown and all(breakdown.split("+")):  # "E43+E44" (but not the band "16+")
        return sum(_value(figures, indicator, part, period) for part in breakdown.split("+"))
    if indicator in DERIVED_PCT:
        counts = figures[(figures["indicator"] == DERIVED_PCT[indicator]) & (figures["period"] == period)]
        return 100.0 * _value(figures, DERIVED_PCT[indicator], breakdown, period) / counts["value"].sum()
    found = figures[
        (figures["indicator"] == indicator)
        & (figures["breakdown"].fillna("") == breakdown)
        & (figures["period"] == period)
    ]
    assert len(found) == 1, f"{indicator}/{breakdown}/{period}: {len(found)} rows in figures.csv"
    return float(found["value"].iloc[0])


def _as_printed(value: float, printed: str) -> Decimal:
    places = len(printed.split(".")[1]) if "." in printed else 0
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def test_expected_table_is_complete():
    # 293 numbers transcribed; each has a citation
    assert len(ROWS) == 292  # the two E44 lines are compared as one
    assert all(row["citation"] for row in ROWS)


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{r['indicator']}|{r['breakdown']}|{r['period']}|{n}" for n, r in enumerate(ROWS)]
)
def test_printed_number(figures, row):
    indicator, breakdown, period, printed = row["indicator"], row["breakdown"], row["period"], row["printed"]
    value = _value(figures, indicator, breakdown, period)
    where = f"{row['citation']}: computed {value!r}, printed {printed}"
    if (indicator, breakdown, period) in TRUNCATED:
        assert math.floor(value) == int(printed), where
    elif indicator.endswith("_pct") or indicator in RATIOS:
        assert _as_printed(value, printed) == Decimal(printed), where
    else:
        assert value == float(printed), where
