"""`iru-report figures` end to end on tiny folders whose answers are worked out by hand.

The folder is the loader tests' VALID one (tests/load/folders.py):
- 903 child 101, born 01/06/2010: one period 01/04/2015 (S, aged 4) to 10/01/2016 (E41),
  moving by X1 on 31/05/2015; child 102, born 15/03/2013: open from 01/09/2015 (aged 2).
- CIN child C1: s47 Tue 05/05/2015, ICPC Wed 20/05/2015 (11 working days later), plan
  from 20/05/2015 still open, reviewed 15/08/2015 (due by 20/08/2015: in time).
- chairs: CH1 IRO 37 h, CH2 ICC 18.5 h (0.5 FTE); at 31/03/2016 only C1 is still
  allocated (to CH2), 101's allocation having ended on 10/01/2016.
"""

from pathlib import Path

import pandas as pd
import pytest

from iru_analysis.cli import main

from load.folders import SSDA903, VALID, write_folder


def run_figures(folder: Path, out: Path, capsys) -> tuple[int, str, str]:
    code = main(["figures", "--year", "2015-16", "--data", str(folder), "--out", str(out)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def value(table: pd.DataFrame, indicator: str, period: str, breakdown: str = "") -> float:
    row = table[(table.indicator == indicator) & (table.period == period) & (table.breakdown.fillna("") == breakdown)]
    assert len(row) == 1, f"{indicator} {breakdown} {period}: {len(row)} rows"
    return float(row["value"].iloc[0])


@pytest.fixture()
def full_table(tmp_path, capsys) -> pd.DataFrame:
    out = tmp_path / "figures.csv"
    code, stdout, _ = run_figures(write_folder(tmp_path / "data", VALID), out, capsys)
    assert code == 0
    assert "Wrote" in stdout
    return pd.read_csv(out, dtype={"breakdown": str, "period": str}, keep_default_na=False)


def test_columns_follow_the_contract(full_table):
    assert list(full_table.columns) == ["subject", "indicator", "breakdown", "period", "period_type", "value"]


def test_looked_after_figures(full_table):
    assert value(full_table, "lac_at_31_march", "2015-03-31") == 0  # 101 starts on 1 April
    assert value(full_table, "lac_at_31_march", "2016-03-31") == 1  # 102 only
    assert value(full_table, "lac_month_end", "2015-09") == 2
    assert value(full_table, "lac_month_end", "2016-01") == 1  # 101 left on 10 January
    assert value(full_table, "lac_started", "2015-16") == 2
    assert value(full_table, "lac_ceased", "2015-16") == 1
    assert value(full_table, "lac_started_by_age", "2015-16", "1 to 4") == 2  # aged 4 and 2
    assert value(full_table, "lac_ceased_by_reason", "2015-16", "E41") == 1


def test_child_protection_figures(full_table):
    assert value(full_table, "icpc_total", "2015-16") == 1
    assert value(full_table, "icpc_outcome", "2015-16", "plan") == 1
    assert value(full_table, "icpc_within_15wd_pct", "2015-16") == 100
    assert value(full_table, "rcpc_in_time", "2015-16") == 1
    assert value(full_table, "cpp_at_31_march", "2016-03-31") == 1


def test_unit_records_figures(full_table):
    assert value(full_table, "caseload_per_fte", "2016-03-31", "ICC") == 2  # 1 child / 0.5 FTE
    assert value(full_table, "caseload_per_fte", "2016-03-31", "IRO") == 0  # 0 children / 1 FTE
    assert value(full_table, "rag_count", "2015-04", "lac_review/green") == 1
    assert value(full_table, "rag_count", "2015-05", "cp_conference/amber") == 1
    assert (
        value(full_table, "meetings_per_month", "2015-16", "lac_review") == 0.17
    )  # 2 / 12, to two decimals as written


def test_a_folder_with_only_ssda903(tmp_path, capsys):
    out = tmp_path / "figures.csv"
    code, stdout, _ = run_figures(write_folder(tmp_path / "data", SSDA903), out, capsys)
    assert code == 0
    table = pd.read_csv(out)
    assert {"lac_month_end", "lac_at_31_march", "lac_started", "lac_ceased", "lac_reviews_total"} <= set(
        table.indicator
    )
    assert not table.indicator.str.startswith(("icpc", "rcpc", "cpp", "rag", "caseload")).any()
    for source in ("cin", "iru", "reference"):
        assert f"no {source}/" in stdout


def test_bad_input_writes_nothing_and_names_the_problem(tmp_path, capsys):
    broken = dict(SSDA903)
    broken["ssda903/episodes.csv"] = broken["ssda903/episodes.csv"].replace("01/09/2015", "31/02/2015")
    out = tmp_path / "figures.csv"
    code, _, stderr = run_figures(write_folder(tmp_path / "data", broken), out, capsys)
    assert code != 0
    assert not out.exists()
    assert 'ssda903/episodes.csv, row 3, column DECOM: "31/02/2015"' in stderr
    assert "Traceback" not in stderr


def test_caseloads_at_a_later_date(tmp_path, capsys):
    # At 15/05/2015 both allocations are current: 101 to CH1 (1 FTE IRO) since 01/04/2015,
    # C1 to CH2 (0.5 FTE ICC) from 20/05/2015 — not yet, so the ICC caseload is 0.
    out = tmp_path / "figures.csv"
    folder = write_folder(tmp_path / "data", VALID)
    assert (
        main(["figures", "--year", "2015-16", "--data", str(folder), "--out", str(out), "--as-at", "2015-05-15"]) == 0
    )
    table = pd.read_csv(out, dtype={"breakdown": str, "period": str}, keep_default_na=False)
    assert value(table, "caseload_per_fte", "2015-05-15", "IRO") == 1
    assert value(table, "caseload_per_fte", "2015-05-15", "ICC") == 0


def test_a_bad_as_at_date_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["figures", "--year", "2015-16", "--as-at", "30/06/2016"])
    assert exit_.value.code == 2
    assert '"30/06/2016" is not a date (expected YYYY-MM-DD)' in capsys.readouterr().err


def test_a_folder_with_only_reference_gives_an_empty_table(tmp_path, capsys):
    only_reference = {k: v for k, v in VALID.items() if k.startswith("reference/")}
    out = tmp_path / "figures.csv"
    code, stdout, _ = run_figures(write_folder(tmp_path / "data", only_reference), out, capsys)
    assert code == 0
    assert "Wrote 0 figures" in stdout
    assert out.read_text().splitlines() == ["subject,indicator,breakdown,period,period_type,value"]


def test_reviews_from_goes_to_the_subjects_that_take_it(monkeypatch):
    # One subject takes reviews_from, the others do not: only it gets the date.
    from types import SimpleNamespace

    from iru_analysis import figures as registry
    from iru_analysis.calendar import ReportingYear
    from iru_analysis.measures import FIGURE_COLUMNS

    got = {}

    def taking(dataset, year, reviews_from=None):
        got["reviews_from"] = reviews_from
        return pd.DataFrame(columns=FIGURE_COLUMNS)

    def not_taking(dataset, year, as_at=None):
        got["as_at"] = as_at
        return pd.DataFrame(columns=FIGURE_COLUMNS)

    monkeypatch.setattr(
        registry, "_subject", lambda name: SimpleNamespace(figure_rows=taking if name == "reviews" else not_taking)
    )
    no_sources = SimpleNamespace(has=lambda source: False, periods_of_care=lambda: None)
    registry.compute_figures(
        no_sources,
        ReportingYear.parse("2015-16"),
        as_at=pd.Timestamp("2016-06-30"),
        reviews_from=pd.Timestamp("2015-04-01"),
    )
    assert got == {"reviews_from": pd.Timestamp("2015-04-01"), "as_at": pd.Timestamp("2016-06-30")}


def test_the_periods_of_care_are_computed_once_per_figures_run(tmp_path, monkeypatch):
    # Four subjects use the periods of care (looked_after, distance through
    # looked_after.care_periods, reviews, participation), and so does the bundle (the
    # reviews not assessed, in data-quality.csv); the dataset works them out once
    # (Dataset.periods_of_care) and each is handed them, so one call in all is counted.
    from iru_analysis import dataset as dataset_module
    from iru_analysis import figures as registry
    from iru_analysis import periods as periods_module
    from iru_analysis.bundle import build_bundle
    from iru_analysis.calendar import ReportingYear
    from iru_analysis.load import load_dataset
    from iru_analysis.measures import looked_after

    calls = []

    def counted(episodes):
        calls.append(len(episodes))
        return periods_module.periods_of_care(episodes)

    for module in (dataset_module, looked_after):
        monkeypatch.setattr(module, "periods_of_care", counted)
    year = ReportingYear.parse("2015-16")
    ds = load_dataset(write_folder(tmp_path / "data", SSDA903))
    table = registry.compute_figures(ds, year)
    build_bundle(ds, table, year, year.end, reviews_from=pd.Timestamp("2015-04-01"))
    assert len(calls) == 1
    assert {"looked_after", "reviews", "participation"} <= set(table["subject"])


def test_a_missing_reviews_file_is_said_out_loud(tmp_path, capsys):
    folder = write_folder(tmp_path / "data", {**SSDA903, "ssda903/reviews.csv": None})
    code, stdout, _ = run_figures(folder, tmp_path / "figures.csv", capsys)
    assert code == 0
    assert stdout.splitlines()[0] == (
        "Warning: ssda903/reviews.csv: the file is missing: no review of a looked-after child is counted, so the "
        "report has no figures about reviews or participation."
    )
