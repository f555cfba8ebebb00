"""reference/: comparator years, the verified flag, the authority's code."""

import pandas as pd

from iru_analysis.load import read_dataset

from .folders import REFERENCE, csv, findings_for, write_folder


def test_comparators_are_typed(tmp_path):
    ds = read_dataset(write_folder(tmp_path, REFERENCE))
    assert ds.comparators["value"].tolist() == [70440.0, 77.0]
    assert ds.comparators["verified"].tolist() == [True, False]  # blank: not verified
    assert ds.comparators["verified"].dtype == bool
    assert ds.la_code == "E06000051"
    assert ds.postcodes is None  # optional, not supplied


def test_comparator_year_must_be_a_reporting_year(tmp_path):
    comparators = csv("""
        indicator,year,area,value,source,verified
        lac_at_31_march,2015-17,England,70440,SFR 41/2016,yes
        lac_at_31_march,2015,England,70440,SFR 41/2016,no
        """)
    found = findings_for(tmp_path, {**REFERENCE, "reference/comparators.csv": comparators})
    assert found == [
        'error: reference/comparators.csv, row 1, column year: "2015-17" is not a reporting year (expected e.g. 2015-16).',
        'error: reference/comparators.csv, row 2, column year: "2015" is not a reporting year (expected e.g. 2015-16).',
    ]


def test_authority_code_shape_is_a_warning(tmp_path):
    found = findings_for(tmp_path, {"reference/authority.csv": "la_code,la_name\n893,Shropshire\n"})
    assert found == [
        'warning: reference/authority.csv, row 1, column la_code: "893" does not look like an ONS code '
        "of an English authority (e.g. E06000051)."
    ]


def test_postcode_lookup(tmp_path):
    postcodes = csv("""
        postcode,easting,northing,laua
        SY3 8HQ,348000,312000,E06000051
        SY1 1AA,349000,313000,
        """)
    ds = read_dataset(write_folder(tmp_path, {"reference/postcodes.csv": postcodes}))
    assert ds.findings.empty
    assert ds.postcodes["easting"].dtype == "float64"
    assert pd.isna(ds.postcodes["laua"].iloc[1])
