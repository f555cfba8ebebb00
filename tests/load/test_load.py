"""read_dataset and load_dataset: a whole folder, missing sources, errors raised, speed."""

import time

import pandas as pd
import pytest

from iru_analysis.errors import InputError, InputErrors
from iru_analysis.load import load_dataset, read_dataset

from .folders import EPISODE_COLUMNS, HEADER_COLUMNS, SSDA903, VALID, messages, write_folder

DATE = "datetime64[ns]"


def test_valid_folder_loads_with_canonical_dtypes(tmp_path):
    ds = load_dataset(write_folder(tmp_path, VALID))
    assert ds.findings.empty and ds.missing_sources == []
    ep = ds.episodes
    assert list(ep.columns) == [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
        "PL_DISTANCE",
        "PL_LOCATION",
    ]
    assert {str(ep[c].dtype) for c in ("DECOM", "DEC")} == {DATE}
    assert ep["PL_DISTANCE"].dtype == "float64" and ep["PL_DISTANCE"].isna().all()  # optional, absent
    assert pd.api.types.is_string_dtype(ep["CHILD"]) and pd.api.types.is_string_dtype(ep["REC"])
    # 101's episodes: 01/04/2015-31/05/2015 X1, then 31/05/2015-10/01/2016 E41; 102 open since 01/09/2015.
    assert ep["DECOM"].tolist() == [pd.Timestamp(2015, 4, 1), pd.Timestamp(2015, 5, 31), pd.Timestamp(2015, 9, 1)]
    assert ep["REC"].isna().tolist() == [False, False, True]
    assert pd.isna(ep["DEC"].iloc[2])
    assert ep["CHILD"].tolist() == ["101", "101", "102"]  # identifiers stay text
    assert ds.header["SEX"].tolist() == ["1", "2"]
    assert str(ds.reviews["REVIEW"].dtype) == DATE
    assert ds.chairs["WEEKLY_HOURS"].tolist() == [37.0, 18.5]
    assert str(ds.conferences["MEETING_DATE"].dtype) == DATE
    assert ds.rag_items["ITEM"].tolist() == ["lac_plan_timely", "cp_no_report", "cp_report_3_days"]
    assert ds.has("episodes", "child_protection_plans", "conferences", "comparators")
    # No provenance columns leak out.
    assert not any(c.startswith("_") for name in ("episodes", "cpp_reviews", "chairs") for c in getattr(ds, name))


def test_file_hashes_cover_every_file_read(tmp_path):
    folder = write_folder(tmp_path, VALID)
    ds = read_dataset(folder)
    assert set(ds.file_hashes) == set(VALID)
    import hashlib

    assert ds.file_hashes["iru/chairs.csv"] == hashlib.sha256((folder / "iru/chairs.csv").read_bytes()).hexdigest()


def test_only_ssda903(tmp_path):
    ds = read_dataset(write_folder(tmp_path, SSDA903))
    assert ds.missing_sources == ["cin", "iru", "reference"]
    assert ds.findings.empty
    assert ds.cin_details is None and ds.chairs is None and ds.comparators is None
    assert not ds.has("conferences")


def test_absent_reviews_leave_table_none_and_are_said_out_loud(tmp_path):
    ds = read_dataset(write_folder(tmp_path, {**SSDA903, "ssda903/reviews.csv": None}))
    assert ds.reviews is None and ds.missing_sources == ["cin", "iru", "reference"]
    assert messages(ds.findings) == [
        "warning: ssda903/reviews.csv: the file is missing: no review of a looked-after child is counted, so the "
        "report has no figures about reviews or participation."
    ]


def test_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "nowhere"
    ds = read_dataset(missing)
    assert ds.findings["rule"].tolist() == ["the data folder does not exist"]
    with pytest.raises(InputError) as caught:
        load_dataset(missing)
    assert str(caught.value) == f"{missing}: the data folder does not exist."


def test_folder_without_any_source(tmp_path):
    (tmp_path / "other").mkdir()
    with pytest.raises(InputError) as caught:
        load_dataset(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: the data folder holds none of the subfolders ssda903/, cin/, iru/, reference/."
    )


def test_load_raises_every_error_but_not_warnings(tmp_path):
    # Two errors (an impossible date, an unknown code) and one warning (no ETHNIC).
    header = f"{HEADER_COLUMNS}\n101,1,01/06/2010,,,,\n102,2,15/03/2013,MWBC,,,\n"
    episodes = (
        f"{EPISODE_COLUMNS}\n101,01/04/2015,S,C1,N1,U4,PR1,31/04/2015,E41,,SY3 8HQ,SY1 1AA,\n"
        "102,01/09/2015,S,V2,N9,U4,PR1,,,,TF1 1AA,SY1 1AA,\n"
    )
    folder = write_folder(tmp_path, {**SSDA903, "ssda903/header.csv": header, "ssda903/episodes.csv": episodes})
    with pytest.raises(InputErrors) as caught:
        load_dataset(folder)
    assert str(caught.value).splitlines() == [
        'ssda903/episodes.csv, row 1, column DEC: "31/04/2015" is not a date (expected dd/mm/yyyy).',
        'ssda903/episodes.csv, row 2, column CIN: "N9" is not a valid CIN code in 2015-16 (see the SSDA903 code '
        "list in src/iru_analysis/codes.py).",
        "The errors concern 2 children: to leave them out and report on the rest, set exclude_invalid: true in "
        "the parameters file or run again with --exclude-invalid",
    ]


def test_load_caps_the_list_of_errors(tmp_path):
    # 60 episodes with an impossible DECOM each: 50 listed, then one line for the 10 more,
    # then how to leave the 60 children out.
    rows = [f"{i},31/02/2015,S,C1,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA," for i in range(60)]
    header = [f"{i},1,01/06/2010,WBRI,,," for i in range(60)]
    folder = write_folder(
        tmp_path,
        {
            "ssda903/episodes.csv": "\n".join([EPISODE_COLUMNS, *rows]) + "\n",
            "ssda903/header.csv": "\n".join([HEADER_COLUMNS, *header]) + "\n",
        },
    )
    with pytest.raises(InputErrors) as caught:
        load_dataset(folder)
    lines = str(caught.value).splitlines()
    assert len(lines) == 52
    assert lines[-2] == (f"{folder}: and 10 more error(s); run 'iru-report validate --data {folder}' to list them all.")
    assert lines[-1].startswith("The errors concern 60 children: ") and lines[-1].endswith("--exclude-invalid")


def test_ten_thousand_episodes_load_quickly(tmp_path):
    # 5,000 children, each with two episodes joined by X1 on 31/05/2015.
    rows = []
    for child in range(5000):
        rows.append(f"{child},01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,")
        rows.append(f"{child},31/05/2015,P,C2,N1,U6,PR1,,,,SY3 8HQ,SY2 5AB,")
    header = [f"{child},1,01/06/2010,WBRI,,," for child in range(5000)]
    folder = write_folder(
        tmp_path,
        {
            "ssda903/episodes.csv": "\n".join([EPISODE_COLUMNS, *rows]) + "\n",
            "ssda903/header.csv": "\n".join([HEADER_COLUMNS, *header]) + "\n",
        },
    )
    started = time.perf_counter()
    ds = read_dataset(folder)
    elapsed = time.perf_counter() - started
    assert len(ds.episodes) == 10_000 and ds.findings["file"].tolist() == ["ssda903/reviews.csv"]  # missing
    assert elapsed < 1.5
