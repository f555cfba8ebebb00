"""Reporting years and the working-day convention, with dates worked out on a calendar."""

import pandas as pd
import pytest

from iru_analysis.calendar import (
    ReportingYear,
    add_months,
    add_working_days,
    age_in_years,
    bank_holidays,
    working_days_between,
)


def dates(*texts):
    return pd.Series(pd.to_datetime(list(texts)))


def test_reporting_year_bounds_and_months():
    year = ReportingYear.parse("2015-16")
    assert (year.start, year.end) == (pd.Timestamp("2015-04-01"), pd.Timestamp("2016-03-31"))
    assert year.month_ends[0] == pd.Timestamp("2015-04-30")
    assert year.month_ends[-1] == pd.Timestamp("2016-03-31")
    assert len(year.month_ends) == 12
    assert year.previous(2).label == "2013-14"
    assert ReportingYear.parse("1999-00").label == "1999-00"


@pytest.mark.parametrize("bad", ["2015-17", "2015", "15-16", "2015/16", ""])
def test_reporting_year_rejects_bad_labels(bad):
    with pytest.raises(ValueError, match="is not a reporting year"):
        ReportingYear.parse(bad)


def test_contains_is_inclusive_and_false_for_missing():
    year = ReportingYear.parse("2015-16")
    got = year.contains(dates("2015-03-31", "2015-04-01", "2016-03-31", "2016-04-01", None))
    assert got.tolist() == [False, True, True, False, False]


def test_bank_holidays_come_from_the_holidays_package():
    # England 2015-16: Easter 3 and 6 April 2015; Christmas 25 and 28 (substitute) Dec 2015;
    # Easter 2016 on 25 and 28 March.
    days = set(pd.to_datetime(bank_holidays(2015, 2016)).date.astype(str))
    assert {"2015-04-03", "2015-04-06", "2015-12-25", "2015-12-28", "2016-03-25", "2016-03-28"} <= days
    assert "2015-07-13" not in days  # Twelfth of July is Northern Ireland's, not England's


def test_cin_census_example_fifteen_working_days():
    # CIN census fake data: S47 starts Tue 2 June 1970, ICPC target Tue 23 June 1970.
    assert add_working_days(dates("1970-06-02"), 15).iloc[0] == pd.Timestamp("1970-06-23")
    assert working_days_between(dates("1970-06-02"), dates("1970-06-23")).iloc[0] == 15


def test_christmas_bank_holidays_push_the_target_back():
    # Fri 18 Dec 2015 + 20 working days: Dec 21-24 (4), 25 and 28 are bank holidays,
    # Dec 29-31 (7), Jan 1 is a bank holiday, Jan 4-8 (12), 11-15 (17), 18-20 (20).
    assert add_working_days(dates("2015-12-18"), 20).iloc[0] == pd.Timestamp("2016-01-20")


def test_start_on_a_weekend_counts_from_the_next_working_day():
    # Sat 4 Apr 2015; Mon 6 April is Easter Monday, so Tue 7 April is working day 1.
    assert add_working_days(dates("2015-04-04"), 1).iloc[0] == pd.Timestamp("2015-04-07")
    assert working_days_between(dates("2015-04-04"), dates("2015-04-07")).iloc[0] == 1


def test_missing_dates_stay_missing():
    assert add_working_days(dates(None), 5).isna().all()
    assert working_days_between(dates("2015-04-01"), dates(None)).isna().all()


def test_months_clip_to_month_end():
    assert add_months(dates("2015-08-31"), 6).iloc[0] == pd.Timestamp("2016-02-29")
    assert add_months(dates("2015-01-15"), 3).iloc[0] == pd.Timestamp("2015-04-15")


def test_age_in_years_counts_birthday_from_the_day():
    born = dates("2000-03-31", "2000-04-01", "2016-02-29")
    on = dates("2016-03-31", "2016-03-31", "2017-02-28")
    assert age_in_years(born, on).tolist() == [16, 15, 0]
