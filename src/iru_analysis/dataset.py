"""The loaded, validated inputs of one data folder, as typed DataFrames.

Column names are the DfE's (SSDA903, CIN census) or those documented in
``docs/data-folder.md`` for the unit's own records. Dates are ``datetime64[ns]``
(missing: NaT), codes and identifiers are strings (missing: NA). A source that was not
supplied is ``None`` and is listed in ``missing_sources``. The periods of care of the
episodes are worked out once per dataset (:meth:`Dataset.periods_of_care`) and shared by
every measure and the figures bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .periods import periods_of_care

# ``check``: a short, stable name of the rule broken (the rule text may name per-row
# values), for grouping findings. ``child``: the child the finding is about (CHILD or
# LAchildID of the row; None for a whole file or a row of no child) -- internal, used to
# leave out children with errors; never printed or published.
FINDING_COLUMNS = ["severity", "file", "row", "column", "value", "rule", "check", "child"]


def empty_findings() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in FINDING_COLUMNS})


EXCLUSION_COLUMNS = ["file", "check", "children"]


def empty_exclusions() -> pd.DataFrame:
    return pd.DataFrame(
        {"file": pd.Series(dtype="object"), "check": pd.Series(dtype="object"), "children": pd.Series(dtype="int64")}
    )


@dataclass
class Dataset:
    folder: Path
    # ssda903/
    header: pd.DataFrame | None = None  # CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB
    episodes: pd.DataFrame | None = (
        None  # CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN [, PL_DISTANCE, PL_LOCATION]
    )
    reviews: pd.DataFrame | None = None  # CHILD, DOB, REVIEW, REVIEW_CODE
    # cin/ (flattened census modules; one row per plan, review, enquiry...)
    child_identifiers: pd.DataFrame | None = (
        None  # LAchildID, UPN, PersonBirthDate, ExpectedPersonBirthDate, GenderCurrent, PersonDeathDate
    )
    child_characteristics: pd.DataFrame | None = None  # LAchildID, Ethnicity
    cin_details: pd.DataFrame | None = (
        None  # LAchildID, CINdetailsID, CINreferralDate, ReferralSource, PrimaryNeedCode, CINclosureDate, ReasonForClosure, DateOfInitialCPC, ReferralNFA
    )
    section47: pd.DataFrame | None = (
        None  # LAchildID, CINdetailsID, S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC, ICPCnotRequired
    )
    child_protection_plans: pd.DataFrame | None = (
        None  # LAchildID, CINdetailsID, CPPID, CPPstartDate, CPPendDate, InitialCategoryOfAbuse, LatestCategoryOfAbuse, NumberOfPreviousCPP
    )
    cpp_reviews: pd.DataFrame | None = None  # LAchildID, CINdetailsID, CPPID, CPPreviewDate
    # iru/
    conferences: pd.DataFrame | None = None  # MEETING_ID, LAchildID, TYPE, MEETING_DATE, OUTCOME, CHAIR_ID, QUORATE
    rag_forms: pd.DataFrame | None = None  # FORM_ID, MEETING_TYPE, CHILD, MEETING_DATE, RATING, CHAIR_ID
    rag_items: pd.DataFrame | None = None  # FORM_ID, ITEM
    chairs: pd.DataFrame | None = None  # CHAIR_ID, ROLE, WEEKLY_HOURS, START_DATE, END_DATE
    allocations: pd.DataFrame | None = None  # CHILD, CHAIR_ID, START_DATE, END_DATE
    contacts: pd.DataFrame | None = None  # CONTACT_ID, CHILD, CHAIR_ID, CONTACT_DATE, TYPE
    review_records: pd.DataFrame | None = (
        None  # CHILD, REVIEW_DATE, CHAIR_ID, RECOMMENDATIONS_ISSUED, RECORD_ISSUED, ADVOCATE
    )
    escalations: pd.DataFrame | None = (
        None  # ESCALATION_ID, CHILD, CHAIR_ID, RAISED_DATE, THEME, RESOLVED_DATE, OUTCOME
    )
    escalation_steps: pd.DataFrame | None = None  # ESCALATION_ID, STAGE, STEP_DATE
    feedback: pd.DataFrame | None = None  # FEEDBACK_ID, MEETING_TYPE, MEETING_DATE, RESPONDENT, SCORE
    # reference/
    comparators: pd.DataFrame | None = None  # indicator, year, area, value, source, verified
    authority: pd.DataFrame | None = None  # la_code, la_name (one row)
    postcodes: pd.DataFrame | None = None  # postcode, easting, northing, laua (optional local lookup)
    # what loading found
    findings: pd.DataFrame = field(default_factory=empty_findings)
    missing_sources: list[str] = field(default_factory=list)
    file_hashes: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    # first day of the SSDA903 history the data hold: 1 April of the earliest annual
    # return's year when ssda903/ holds returns; None when it holds the whole history
    history_from: pd.Timestamp | None = None
    # what ``load_dataset(..., exclude_invalid=True)`` left out (counts only, no identifiers)
    excluded_children: int = 0
    exclusions: pd.DataFrame = field(default_factory=empty_exclusions)  # file, check, children
    # (episodes, their periods of care), kept by ``periods_of_care``
    _periods: tuple[pd.DataFrame, pd.DataFrame] | None = field(default=None, init=False, repr=False, compare=False)

    def periods_of_care(self) -> pd.DataFrame | None:
        """``periods_of_care(episodes)`` (None without episodes), worked out once.

        Kept while ``episodes`` is the same frame (leaving children out replaces it, and so
        works them out again); the frame is shared, so callers must not change it.
        """
        if self.episodes is None:
            return None
        if self._periods is None or self._periods[0] is not self.episodes:
            self._periods = (self.episodes, periods_of_care(self.episodes))
        return self._periods[1]

    def has(self, *tables: str) -> bool:
        """True when every named table was supplied."""
        return all(getattr(self, t) is not None for t in tables)

    @property
    def la_code(self) -> str | None:
        if self.authority is None or self.authority.empty:
            return None
        return str(self.authority["la_code"].iloc[0])
