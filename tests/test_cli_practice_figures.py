"""`iru-report figures` on tests/fixtures/practice: the practice records end to end.

The folder (worked out by hand; bank holidays around the dates: Good Friday 03/04/2015,
Easter Monday 06/04/2015, 04/05/2015, 25/05/2015, 25 and 28/12/2015, 01/01/2016):

- P1 starts Fri 18/12/2015 (IRO due Tue 29/12), IRO a allocated 29/12 -> within.
  P3 starts Wed 01/04/2015 (due Fri 10/04: 2, 7, 8, 9, 10 April), IRO b on 10/04 -> within.
  P2 started 01/06/2014, IRO a the same day (2014-15: 1 of 1); IRO b from 10/01/2016: a change.
  2015-16: 2 of 2 started within (100%); at 31/03/2016 P1, P2, P3 looked after, P2's IRO
  changed -> 33.33%.
- Reviews with an earlier one in the same period of care, 2015-16: P2 10/06/2015 (remote
  01/03/2015 between: seen), P2 10/12/2015 (nothing), P3 20/07/2015 (midway 01/06), P3
  15/01/2016 (visit 10/10) -> midway 1/4 = 25%, seen 2/4 = 50%.
- Review records: P3 Tue 28/04/2015, recommendations 01/05 (due 06/05) and record 20/05 (due
  28/05): in time, no advocate. P1 15/01/2016, both blank, due 22/01 and 12/02: not in time,
  advocate. -> 50%, 50%, 50%.
- Conferences: quorate yes (May), no (August) -> 50% in the year.
- Escalations: X3 raised Mon 07/12/2015, informal, withdrawn 09/12 (2 working days); X2 raised
  Fri 18/12/2015, informal then stage1, resolved 15/02/2016 (38 working days). The year:
  informal 1, stage1 1, resolved informally 1/2 = 50%, median 20 days, none open at 31/03/2016.
- Feedback: two lac_review forms from children on 15/01/2016, scores 5 and 4 (one with a
  comment, never read) -> 2 forms, mean 4.5.
"""

from pathlib import Path

import pandas as pd

from iru_analysis.cli import main
from iru_analysis.measures import escalations, practice

FOLDER = Path(__file__).parent / "fixtures" / "practice"


def test_figures_include_the_practice_records(tmp_path, capsys):
    out = tmp_path / "figures.csv"
    assert main(["figures", "--year", "2015-16", "--data", str(FOLDER), "--out", str(out)]) == 0
    capsys.readouterr()
    table = pd.read_csv(out, dtype={"breakdown": str, "period": str}, keep_default_na=False)
    assert set(practice.INDICATORS) | set(escalations.INDICATORS) <= set(table["indicator"])

    def year(indicator: str, breakdown: str = "", period: str = "2015-16") -> float:
        row = table[(table.indicator == indicator) & (table.breakdown == breakdown) & (table.period == period)]
        assert len(row) == 1, (indicator, breakdown, period)
        return float(row["value"].iloc[0])

    assert year("iro_allocated_within_5wd") == 2 and year("iro_allocated_within_5wd_pct") == 100
    assert year("iro_allocated_within_5wd", period="2014-15") == 1
    assert year("iro_changed_pct") == 33.33 and year("iro_changed_pct", period="2016-01") == 33.33
    assert (year("midway_coverage_pct"), year("iro_saw_child_pct")) == (25, 50)
    assert year("recommendations_in_time_pct") == year("record_in_time_pct") == year("review_advocate_pct") == 50
    assert year("cp_conference_quorate_pct") == 50
    assert (year("escalations_raised", "informal"), year("escalations_raised", "stage1")) == (1, 1)
    assert year("escalations_by_theme", "drift") == 1
    assert year("escalations_resolved_informally_pct") == 50
    assert year("escalation_days_to_resolve_median") == 20
    assert year("escalations_open_at_end") == 0 and year("escalations_open_at_end", period="2016-01") == 1
    assert year("cafcass_referrals") == 0
    assert year("feedback_forms", "lac_review/child") == 2
    assert year("feedback_score_mean", "lac_review/child", "2016-01") == 4.5
    assert "came to see me" not in out.read_text()
