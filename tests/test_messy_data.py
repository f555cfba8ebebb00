"""A messy copy of the demo (tests/messy_data.py): strict runs refuse it and name the
option; ``--exclude-invalid`` leaves out exactly the children that were broken and
computes the figures from the rest, naming no child."""

from __future__ import annotations

import pandas as pd
import pytest

from iru_analysis.cli import main
from iru_analysis.load import load_dataset
from iru_analysis.load.csv_tables import REPEATED_ROW
from iru_analysis.load.exclusion import CHILD_COLUMNS

from messy_data import make_messy


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    out = tmp_path_factory.mktemp("messy") / "data"
    return out, make_messy(out)


@pytest.fixture(scope="module")
def excluded(messy):
    return load_dataset(messy[0], exclude_invalid=True)


def test_several_hundred_rows_of_every_kind_are_broken(messy):
    rows = messy[1]["rows"]
    assert sum(rows.values()) >= 300 and len(rows) >= 12
    assert len(messy[1]["children"]) > 200


def test_exactly_the_broken_children_are_left_out(messy, excluded):
    broken = set(messy[1]["children"])
    assert excluded.excluded_children == len(broken)
    for name, column in CHILD_COLUMNS.items():
        if getattr(excluded, name) is not None:  # the demo keeps no practice records yet
            assert not set(getattr(excluded, name)[column]) & broken, name
    # the rest is kept: the header's other children, every one
    header = pd.read_csv(messy[0] / "ssda903/header.csv", dtype=str)["CHILD"]
    assert sorted(excluded.header["CHILD"]) == sorted(set(header) - broken)


def test_repeated_rows_are_one_warning_each_and_add_no_child(messy, excluded):
    repeated = excluded.findings[excluded.findings["check"] == REPEATED_ROW]
    expected = messy[1]["rows"]["episodes repeated exactly"] + messy[1]["rows"]["reviews repeated exactly"]
    assert len(repeated) == expected and set(repeated["severity"]) == {"warning"}


def test_strict_figures_refuse_and_name_the_option(messy, tmp_path, capsys):
    code = main(["figures", "--year", "2015-16", "--data", str(messy[0]), "--out", str(tmp_path / "f.csv")])
    _, err = capsys.readouterr()
    assert code == 2 and not (tmp_path / "f.csv").exists()
    assert err.rstrip().endswith("--exclude-invalid")
    assert f"concern {len(messy[1]['children'])} children" in err.splitlines()[-1]


def test_figures_with_exclude_invalid_say_what_was_left_out(messy, tmp_path, capsys):
    code = main(
        ["figures", "--year", "2015-16", "--data", str(messy[0]), "--out", str(tmp_path / "f.csv"), "--exclude-invalid"]
    )
    out, err = capsys.readouterr()
    assert code == 0 and (tmp_path / "f.csv").is_file()
    lines = out.splitlines()
    assert lines[0] == (
        f"Left out {len(messy[1]['children'])} children with errors, with all their records in "
        "every source (exclude_invalid):"
    )
    assert lines[1].startswith("  ") and " for ssda903/" in lines[1]
    assert not any(child in out + err for child in messy[1]["children"])  # no child is named


def test_validate_with_exclude_invalid_exits_0(messy, capsys):
    assert main(["validate", "--data", str(messy[0])]) == 1
    capsys.readouterr()
    assert main(["validate", "--data", str(messy[0]), "--exclude-invalid"]) == 0
