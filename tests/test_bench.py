"""``python -m iru_analysis.bench``: the ``--tiny`` smoke test (no timing asserted) and the
CSV it appends to."""

from __future__ import annotations

import pandas as pd
import pytest

from iru_analysis.bench import CSV_COLUMNS, SKIPPED, TINY_CHILDREN, append_csv, main


@pytest.mark.slow
def test_tiny_run_measures_every_stage_and_appends_to_the_csv(tmp_path, capsys):
    csv = tmp_path / "bench.csv"
    assert main(["--tiny", "--csv", str(csv)]) == 0
    printed = capsys.readouterr().out
    table = pd.read_csv(csv)
    assert list(table.columns) == CSV_COLUMNS
    assert list(table["stage"]) == [
        "build",
        "floor",
        "rebuild unchanged",
        "rebuild one section",
        "figures",
        "figures",
        "pdf",
    ]
    assert table["timestamp"].nunique() == 1 and table["commit"].notna().all()
    assert table["tiny"].all()
    timed = table.set_index("stage")
    # --tiny has no build, so neither rebuild: said so, never timed
    skipped = ["build", "rebuild unchanged", "rebuild one section"]
    assert timed.loc[skipped, "seconds"].isna().all()
    assert (timed.loc[skipped, "note"] == SKIPPED).all()
    assert printed.count(SKIPPED) == 3
    figures = table[table["stage"] == "figures"]
    assert list(figures["children"]) == [TINY_CHILDREN, 10 * TINY_CHILDREN]
    assert (figures["seconds"] > 0).all() and figures["ratio"].iloc[1] > 0
    assert timed.loc[["floor", "pdf"], "seconds"].gt(0).all()


def test_append_writes_the_header_once(tmp_path):
    csv = tmp_path / "runs" / "bench.csv"
    first = pd.DataFrame({"stage": ["figures"], "seconds": [1.5]})
    append_csv(first, csv)
    append_csv(first.assign(seconds=2.0), csv)
    assert csv.read_text().splitlines() == ["stage,seconds", "figures,1.500", "figures,2.000"]
