"""Provenance of a build (iru_analysis.report.provenance)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from iru_analysis.report.provenance import git_state, provenance_record, sha256_file, write_json


def test_sha256_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"CHILD,DOB\n")
    assert sha256_file(path) == hashlib.sha256(b"CHILD,DOB\n").hexdigest()


def test_git_state_outside_a_checkout(tmp_path):
    assert git_state(tmp_path) == {"commit": "unknown", "dirty": None}


def test_record(tmp_path):
    root = tmp_path / "project"
    (root / "params" / "narrative").mkdir(parents=True)
    params = root / "params" / "2015-16.yaml"
    params.write_text("year: 2015-16\n")
    narrative = root / "params" / "narrative" / "2015-16.yaml"
    narrative.write_text("summary: text\n")
    record = provenance_record(
        year="2015-16",
        parameters={"data": root / "data" / "demo", "as_at": dt.date(2016, 6, 30)},
        params_file=params,
        narrative_file=narrative,
        data_folder=root / "data" / "demo",
        input_hashes={"ssda903/header.csv": "b" * 64, "cin/a.xml": "a" * 64},
        timings={"notebooks": {"01_summary": 1.5}, "total": 9.0},
        pdf_engine="weasyprint",
        project_root=root,
        built_at=dt.datetime(2016, 7, 1, 9, 30, tzinfo=dt.UTC),
    )
    assert record["built_at"] == "2016-07-01T09:30:00+00:00"
    assert record["git"] == {"commit": "unknown", "dirty": None}  # tmp_path is not a checkout
    # paths inside the project are relative; dates ISO
    assert record["parameters"] == {"data": "data/demo", "as_at": "2016-06-30"}
    assert record["data_folder"] == "data/demo"
    assert list(record["input_files"]) == ["cin/a.xml", "ssda903/header.csv"]
    assert record["parameter_files"]["params"] == {
        "path": "params/2015-16.yaml",
        "sha256": hashlib.sha256(b"year: 2015-16\n").hexdigest(),
    }
    assert record["parameter_files"]["narrative"]["path"] == "params/narrative/2015-16.yaml"
    assert record["python"]["version"].count(".") == 2
    assert "pandas" in record["packages"] and record["pdf"]["engine"] == "weasyprint"
    # the typeface of the PDF and the charts, installed with the project (report/fonts.py)
    assert record["font"] == {
        "family": "Source Sans Pro",
        "package": "font-source-sans-pro",
        "package_version": "0.0.1",
        "font_version": "2.020",
        "files": [
            "SourceSansPro-Regular.ttf",
            "SourceSansPro-Bold.ttf",
            "SourceSansPro-It.ttf",
            "SourceSansPro-BoldIt.ttf",
        ],
        "licence": "SIL Open Font License 1.1",
    }
    write_json(record, tmp_path / "provenance.json")
    assert json.loads((tmp_path / "provenance.json").read_text()) == record
