"""Tiny data folders for the loader's tests, written from CSV (and XML) strings.

``VALID`` is a complete data folder that loads with no finding at all; each test
changes one file of it (or writes a few rows of its own) to break one rule.
Every date is dd/mm/yyyy in CSV and YYYY-MM-DD in XML, as docs/data-folder.md says.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pandas as pd

from iru_analysis.errors import InputError
from iru_analysis.load import read_dataset

EPISODE_COLUMNS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"


def csv(text: str) -> str:
    """A CSV string from an indented block (leading blank line and indentation removed)."""
    return dedent(text).lstrip("\n")


SSDA903 = {
    "ssda903/header.csv": csv(f"""
        {HEADER_COLUMNS}
        101,1,01/06/2010,WBRI,,,
        102,2,15/03/2013,MWBC,,,
        """),
    # 101: one period of care in two episodes joined by X1 on 31/05/2015, ended E41.
    # 102: one open episode from 01/09/2015.
    "ssda903/episodes.csv": csv(f"""
        {EPISODE_COLUMNS}
        101,01/04/2015,S,C1,N1,U4,PR1,31/05/2015,X1,,SY3 8HQ,SY1 1AA,
        101,31/05/2015,P,C2,N1,U6,PR1,10/01/2016,E41,,SY3 8HQ,SY2 5AB,
        102,01/09/2015,S,V2,N4,U4,PR1,,,,TF1 1AA,SY1 1AA,
        """),
    # 101 is 4 at the review (PN1 fits); 102 is 2 (PN0 fits).
    "ssda903/reviews.csv": csv("""
        CHILD,DOB,REVIEW,REVIEW_CODE
        101,01/06/2010,28/04/2015,PN1
        102,15/03/2013,25/09/2015,PN0
        """),
}

CIN_CSV = {
    "cin/child_identifiers.csv": csv("""
        LAchildID,UPN,PersonBirthDate,ExpectedPersonBirthDate,GenderCurrent,PersonDeathDate
        C1,,01/02/2012,,1,
        C2,,,01/12/2015,0,
        """),
    "cin/child_characteristics.csv": csv("""
        LAchildID,Ethnicity
        C1,WBRI
        C2,WBRI
        """),
    "cin/cin_details.csv": csv("""
        LAchildID,CINdetailsID,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure,DateOfInitialCPC,ReferralNFA
        C1,2015-05-01,01/05/2015,1A,N1,,,20/05/2015,false
        C2,2015-10-01,01/10/2015,5B,N1,,,,false
        """),
    "cin/section47.csv": csv("""
        LAchildID,CINdetailsID,S47ActualStartDate,InitialCPCtarget,DateOfInitialCPC,ICPCnotRequired
        C1,2015-05-01,05/05/2015,26/05/2015,20/05/2015,false
        """),
    "cin/child_protection_plans.csv": csv("""
        LAchildID,CINdetailsID,CPPID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
        C1,2015-05-01,2015-05-20,20/05/2015,,NEG,NEG,0
        """),
    "cin/cpp_reviews.csv": csv("""
        LAchildID,CINdetailsID,CPPID,CPPreviewDate
        C1,2015-05-01,2015-05-20,15/08/2015
        """),
}

# The same census as CIN_CSV, as one DfE XML return (ISO dates; no identifiers for
# referrals or plans: the loader labels them with their start dates, which is why the
# CSV above uses those dates as its CINdetailsID and CPPID).
CIN_XML = csv("""
    <?xml version="1.0" encoding="utf-8"?>
    <Message>
      <Header>
        <CollectionDetails><Collection>CIN</Collection><Year>2016</Year><ReferenceDate>2016-03-31</ReferenceDate></CollectionDetails>
        <Source><SourceLevel>L</SourceLevel><LEA>893</LEA></Source>
      </Header>
      <Children>
        <Child>
          <ChildIdentifiers>
            <LAchildID>C1</LAchildID><PersonBirthDate>2012-02-01</PersonBirthDate><GenderCurrent>1</GenderCurrent>
          </ChildIdentifiers>
          <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
          <CINdetails>
            <CINreferralDate>2015-05-01</CINreferralDate><ReferralSource>1A</ReferralSource>
            <PrimaryNeedCode>N1</PrimaryNeedCode><DateOfInitialCPC>2015-05-20</DateOfInitialCPC><ReferralNFA>false</ReferralNFA>
            <Section47>
              <S47ActualStartDate>2015-05-05</S47ActualStartDate><InitialCPCtarget>2015-05-26</InitialCPCtarget>
              <DateOfInitialCPC>2015-05-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired>
            </Section47>
            <ChildProtectionPlans>
              <CPPstartDate>2015-05-20</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
              <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
              <Reviews><CPPreviewDate>2015-08-15</CPPreviewDate></Reviews>
            </ChildProtectionPlans>
          </CINdetails>
        </Child>
        <Child>
          <ChildIdentifiers>
            <LAchildID>C2</LAchildID><ExpectedPersonBirthDate>2015-12-01</ExpectedPersonBirthDate><GenderCurrent>0</GenderCurrent>
          </ChildIdentifiers>
          <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
          <CINdetails>
            <CINreferralDate>2015-10-01</CINreferralDate><ReferralSource>5B</ReferralSource>
            <PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>
          </CINdetails>
        </Child>
      </Children>
    </Message>
    """)

IRU = {
    "iru/conferences.csv": csv("""
        MEETING_ID,LAchildID,TYPE,MEETING_DATE,OUTCOME,CHAIR_ID
        M1,C1,ICPC,20/05/2015,plan,CH2
        M2,C1,RCPC,15/08/2015,,CH2
        """),
    "iru/rag_forms.csv": csv("""
        FORM_ID,MEETING_TYPE,CHILD,MEETING_DATE,RATING,CHAIR_ID
        F1,lac_review,101,28/04/2015,green,CH1
        F2,cp_conference,C1,20/05/2015,amber,CH2
        """),
    "iru/rag_items.csv": csv("""
        FORM_ID,ITEM
        F1,lac_plan_timely
        F2,cp_no_report
        F2,cp_report_3_days
        """),
    "iru/chairs.csv": csv("""
        CHAIR_ID,ROLE,WEEKLY_HOURS,START_DATE,END_DATE
        CH1,IRO,37,01/01/2010,
        CH2,ICC,18.5,01/09/2014,
        """),
    "iru/allocations.csv": csv("""
        CHILD,CHAIR_ID,START_DATE,END_DATE
        101,CH1,01/04/2015,10/01/2016
        C1,CH2,20/05/2015,
        """),
}

REFERENCE = {
    "reference/comparators.csv": csv("""
        indicator,year,area,value,source,verified
        lac_at_31_march,2015-16,England,70440,SFR 41/2016,true
        icpc_within_15wd_pct,2015-16,England,77,SFR 52/2016,
        """),
    "reference/authority.csv": csv("""
        la_code,la_name
        E06000051,Shropshire
        """),
}

VALID = {**SSDA903, **CIN_CSV, **IRU, **REFERENCE}


def write_folder(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write ``files`` (relative path -> text; None: leave the file out) under ``root``."""
    for rel, content in files.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def message(finding) -> str:
    """A finding as the CLI prints it: severity, then the InputError sentence."""
    return f"{finding.severity}: {InputError(finding.file, finding.row, finding.column, finding.value, finding.rule)}"


def messages(findings: pd.DataFrame) -> list[str]:
    return [message(f) for f in findings.itertuples(index=False)]


def findings_for(root: Path, files: dict[str, str | bytes | None]) -> list[str]:
    """Every finding (as text) for a folder holding ``files``."""
    return messages(read_dataset(write_folder(root, files)).findings)
