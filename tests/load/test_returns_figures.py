"""Two annual returns made by hand, combined, give the review figures worked by hand,
reviews not assessed included.

The returns are those of ``tests/load/test_returns.py`` (children 201 to 203, whose
periods of care all began in 2014-15) plus two children looked after since before the
history begins (1 April 2014, the 2014-15 return's first day):

* 204, looked after since 01/01/2013: its first review held, 10/06/2014, is on or before
  the latest date it could have been due (a review on 31/03/2014 + 6 months = 30/09/2014),
  so it is *not assessed*; 01/11/2014 is within 6 months of it (in time); 20/05/2015 is
  after 01/05/2015 (late);
* 205, looked after since 01/02/2014: its first review held, 15/10/2014, is after
  30/09/2014, late even in the best case.

Children 201 to 203 (worked in the docstring of ``test_returns.py``; due dates with
England's bank holidays): 201 starts 01/10/2014 — 15/10/2014 in time (due 29/10/2014),
15/03/2015 late (due 15/01/2015), 01/05/2015 in time; 202 starts 01/05/2014 —
20/05/2014 in time (due 02/06/2014, 5 and 26 May bank holidays), 10/11/2014 late (due
20/08/2014), 05/05/2015 in time; 203 starts 01/06/2014 — 20/06/2014 in time (due
27/06/2014), 10/12/2014 late (due 20/09/2014), 01/06/2015 in time.

2014-15: 9 reviews (201's 15/03/2015 is in both returns and counts once), 1 not assessed,
4 in time of the 8 assessed (50%). 2015-16: 4 reviews, 3 in time (75%), none not assessed.
"""

import pandas as pd

from iru_analysis.calendar import ReportingYear
from iru_analysis.load import read_dataset
from iru_analysis.measures.reviews import figure_rows

from .folders import write_folder
from .test_returns import RETURNS

EXTRA_HEADER = "204,1,01/06/2008,WBRI,,,\n205,2,01/06/2008,WBRI,,,\n"
EXTRA_EPISODES = (
    "204,01/01/2013,S,C2,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,\n205,01/02/2014,S,C2,N1,U4,PR1,,,,SY3 8HQ,SY1 1AA,\n"
)
EXTRA_REVIEWS = {
    "2014-15": "204,01/06/2008,10/06/2014,PN1\n204,01/06/2008,01/11/2014,PN1\n205,01/06/2008,15/10/2014,PN1\n",
    "2015-16": "204,01/06/2008,20/05/2015,PN1\n",
}


def _returns() -> dict[str, str]:
    files = dict(RETURNS)
    for year in ("2014-15", "2015-16"):
        files[f"ssda903/{year}/header.csv"] += EXTRA_HEADER
        files[f"ssda903/{year}/episodes.csv"] += EXTRA_EPISODES
        files[f"ssda903/{year}/reviews.csv"] += EXTRA_REVIEWS[year]
    return files


def test_two_returns_give_the_review_figures_worked_by_hand(tmp_path):
    ds = read_dataset(write_folder(tmp_path, _returns()))
    assert not (ds.findings["severity"] == "error").any()
    rows = figure_rows(ds, ReportingYear.parse("2015-16"))
    got = rows.set_index(["indicator", "period"])["value"]
    for period, total, not_assessed, in_time, pct in [("2014-15", 9, 1, 4, 50.0), ("2015-16", 4, 0, 3, 75.0)]:
        assert got[("lac_reviews_total", period)] == total
        assert got[("lac_reviews_not_assessed", period)] == not_assessed
        assert got[("lac_reviews_in_time", period)] == in_time
        assert got[("lac_reviews_in_time_pct", period)] == pct
    assert got[("lac_reviews_history_start", "2014-04-01")] == 1
    # May 2015: 201's 01/05 and 202's 05/05 in time, 204's 20/05 late
    assert (got[("lac_reviews_total", "2015-05")], got[("lac_reviews_in_time", "2015-05")]) == (3, 2)
    assert pd.isna(got.get(("lac_reviews_in_time_pct", "2015-04")))  # no review in April 2015
