"""A small hand-made figures table for 2015-16 (the model report's numbers), shared by the report tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from iru_analysis.bundle import Context
from iru_analysis.calendar import ReportingYear
from iru_analysis.measures import FIGURE_COLUMNS, check_periods
from iru_analysis.report.notebook import Section
from iru_analysis.report.params import Params

YEAR = ReportingYear.parse("2015-16")
MONTHS = [str(m) for m in YEAR.months]  # 2015-04 .. 2016-03
YEARS = [YEAR.previous(n).label for n in range(-1, 3)]  # 2016-17, 2015-16, 2014-15, 2013-14: the tests' years


def rows(indicator, values, period=None, breakdown="", subject="test"):
    """Rows for one indicator: ``values`` a dict (key = period, or breakdown when period is given)."""
    out = []
    for key, value in values.items():
        out.append(
            (subject, indicator, breakdown if period is None else key, key if period is None else period, float(value))
        )
    return out


def shares(indicator, counts, period):
    """``<indicator>_pct`` rows: each count of ``counts`` as a percentage of their total, as the measures give."""
    total = sum(counts.values())
    return rows(f"{indicator}_pct", {k: v / total * 100 for k, v in counts.items()}, period=period)


def figures_table(rows_: list[tuple]) -> pd.DataFrame:
    """A figures table (FIGURE_COLUMNS) from :func:`rows`' tuples: a period is a date when it has a
    day, a year when it is one of ``YEARS``, else a month (the tests use no month spelt like a year)."""
    frame = pd.DataFrame(rows_, columns=["subject", "indicator", "breakdown", "period", "value"])
    kind = (
        frame["period"].str.len().eq(10).map({True: "date", False: "month"}).where(~frame["period"].isin(YEARS), "year")
    )
    frame = frame.assign(period_type=kind)[FIGURE_COLUMNS]
    check_periods(frame)
    return frame


def model_figures() -> pd.DataFrame:
    r = []
    # model report p.9: LAC at month end Apr-15 .. Mar-16
    r += rows("lac_month_end", dict(zip(MONTHS, [311, 313, 308, 306, 307, 308, 309, 304, 299, 298, 290, 283])))
    r += rows("lac_at_31_march", {"2015-03-31": 310, "2016-03-31": 283})
    r += rows("lac_started", {"2014-15": 136, "2015-16": 83})
    r += rows("lac_ceased", {"2014-15": 94, "2015-16": 110})
    ages = {"Under 1": 15, "1 to 4": 16, "5 to 9": 11, "10 to 14": 21, "15": 12, "16+": 8}
    r += rows("lac_started_by_age", ages, period="2015-16") + shares("lac_started_by_age", ages, "2015-16")
    held = dict(zip(MONTHS, [66, 82, 75, 88, 74, 72, 91, 61, 84, 72, 50, 67])) | {
        "2013-14": 792,
        "2014-15": 988,
        "2015-16": 882,
    }
    in_time = dict(zip(MONTHS, [65, 76, 47, 88, 42, 72, 89, 55, 82, 70, 47, 62])) | {
        "2013-14": 774,
        "2014-15": 941,
        "2015-16": 795,
    }
    r += rows("lac_reviews_total", held) + rows("lac_reviews_in_time", in_time)
    r += rows("lac_reviews_assessed", held)  # every review assessed (the whole history)
    r += rows("lac_reviews_in_time_pct", {p: in_time[p] / held[p] * 100 for p in held})
    r += rows("cpp_ethnicity", {"WBRI": 216, "WOTH": 13, "not_recorded": 1}, period="2016-03-31")
    r += shares("cpp_ethnicity", {"WBRI": 216, "WOTH": 13}, "2016-03-31")  # of the 229 with one recorded
    r += rows("cpp_ethnicity_not_recorded", {"2016-03-31": 1})
    r += rows("rag_count", {"2016-03": 9}, breakdown="cp_conference/red")
    r += rows(
        "rag_item_count",
        {
            "cp_conference/cp_assessment_delay": 5,
            "cp_conference/cp_visits_missed": 3,
            "cp_conference/cp_plan_timely": 19,
        },
        period="2016-03",
    )
    # model report p.11: reasons ceased (adopted 23, SGO 6 + 6, residence order 2, planned return home 28)
    r += rows("lac_ceased_by_reason", {"E4A": 28, "E17": 26, "E11": 23, "E43": 6, "E44": 6, "E41": 2}, period="2015-16")
    r += rows("lac_ceased_by_route", {"adoption": 23, "sgo": 12, "cao": 2, "home": 28}, period="2015-16")
    r += rows("rag_count", {"2016-03": 2}, breakdown="cp_conference/amber")
    r += rows("rag_count", {"2016-03": 19}, breakdown="cp_conference/green")
    r += rows("rag_forms", {"2016-03": 30}, breakdown="cp_conference")  # 9 red + 2 amber + 19 green
    r += rows("caseload_per_fte", {"IRO": 95.2, "ICC": 106.1}, period="2016-06-30")
    r += rows("lac_stability_long_term_pct", {"2014-15": 72.0, "2015-16": 68.75})
    return figures_table(r)


def comparators() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["lac_stability_long_term_pct"] * 3,
            "year": ["2015-16", "2015-16", "2014-15"],
            "area": ["England", "Statistical neighbours", "England"],
            "value": [68.0, 70.1, 67.0],
            "source": ["SFR 41/2016", "illustrative", "SFR 34/2015"],
            "verified": [True, False, True],
        }
    )


def params(tmp_path: Path, narrative_text: str = "summary: Words.\n") -> Params:
    narrative = tmp_path / "narrative.yaml"
    narrative.write_text(narrative_text)
    import datetime as dt

    return Params(
        source=tmp_path / "2015-16.yaml",
        year="2015-16",
        authority_name="Demoshire",
        la_code="E06000051",
        data=tmp_path,
        as_at=dt.date(2016, 6, 30),
        rag_month="2016-03",
        comparators=("Statistical neighbours", "England"),
        narrative=narrative,
    )


def make_section(
    tmp_path: Path,
    key: str = "looked_after",
    number: int = 3,
    figures: pd.DataFrame | None = None,
    context: Context | None = None,
    tables_dir: Path | None = None,
    **kw,
) -> Section:
    return Section(
        key=key,
        number=number,
        title="Test",
        year=YEAR,
        params=params(tmp_path, **kw),
        context=context or Context(),
        figures=model_figures() if figures is None else figures,
        tables_dir=tables_dir,
    )
