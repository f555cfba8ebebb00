"""cin/: XML returns and CSV tables give the same tables; returns are combined once;
links between census modules, dates in order, codes and warnings."""

import pandas as pd
import pytest

from iru_analysis.load import read_dataset

from .folders import CIN_CSV, CIN_XML, csv, findings_for, messages, write_folder

CIN_TABLES = [
    "child_identifiers",
    "child_characteristics",
    "cin_details",
    "section47",
    "child_protection_plans",
    "cpp_reviews",
]


def test_xml_and_csv_forms_give_identical_tables(tmp_path):
    from_csv = read_dataset(write_folder(tmp_path / "csv", CIN_CSV))
    from_xml = read_dataset(write_folder(tmp_path / "xml", {"cin/2016.xml": CIN_XML}))
    assert list(from_csv.findings.itertuples()) == list(from_xml.findings.itertuples()) == []
    for name in CIN_TABLES:
        pd.testing.assert_frame_equal(getattr(from_csv, name), getattr(from_xml, name))


def test_cin_tables_are_typed_and_identifiers_made_unique(tmp_path):
    ds = read_dataset(write_folder(tmp_path, {"cin/2016.xml": CIN_XML}))
    plans = ds.child_protection_plans
    # One plan, C1's, from 20/05/2015, still open; its identifiers are <child>/<start date>.
    assert plans[["LAchildID", "CINdetailsID", "CPPID"]].values.tolist() == [["C1", "C1/2015-05-01", "C1/2015-05-20"]]
    assert plans["CPPstartDate"].tolist() == [pd.Timestamp(2015, 5, 20)]
    assert str(plans["CPPstartDate"].dtype) == "datetime64[ns]" and plans["CPPendDate"].isna().all()
    assert str(plans["NumberOfPreviousCPP"].dtype) == "float64"
    assert ds.cpp_reviews["CPPID"].tolist() == ["C1/2015-05-20"]
    # C2 is unborn: no birth date, an expected one.
    ids = ds.child_identifiers.set_index("LAchildID")
    assert pd.isna(ids.loc["C2", "PersonBirthDate"]) and ids.loc["C2", "ExpectedPersonBirthDate"] == pd.Timestamp(
        2015, 12, 1
    )
    assert ds.section47["ICPCnotRequired"].tolist() == ["false"]


RETURN_2017 = csv("""
    <?xml version="1.0" encoding="utf-8"?>
    <Message>
      <Header><CollectionDetails><Collection>CIN</Collection><Year>2017</Year></CollectionDetails></Header>
      <Children>
        <Child>
          <ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2012-02-01</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
          <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
          <CINdetails>
            <CINreferralDate>2015-05-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
            <CINclosureDate>2016-09-30</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>
            <DateOfInitialCPC>2015-05-20</DateOfInitialCPC><ReferralNFA>false</ReferralNFA>
            <ChildProtectionPlans>
              <CPPstartDate>2015-05-20</CPPstartDate><CPPendDate>2016-09-01</CPPendDate>
              <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
              <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
              <Reviews><CPPreviewDate>2015-08-15</CPPreviewDate></Reviews>
              <Reviews><CPPreviewDate>2016-02-10</CPPreviewDate></Reviews>
            </ChildProtectionPlans>
          </CINdetails>
        </Child>
      </Children>
    </Message>
    """)


def test_two_returns_are_combined_once(tmp_path):
    # The 2016 return (file name sorts last on purpose) has C1's plan open; the 2017 return
    # has the same plan (same child, same start) ended 01/09/2016 with a second review.
    ds = read_dataset(write_folder(tmp_path, {"cin/z_2016.xml": CIN_XML, "cin/a_2017.xml": RETURN_2017}))
    assert ds.findings.empty
    plans = ds.child_protection_plans
    assert len(plans) == 1  # one plan, not two
    assert plans["CPPendDate"].tolist() == [pd.Timestamp(2016, 9, 1)]  # the later return's end
    assert plans["LatestCategoryOfAbuse"].tolist() == ["EMO"]
    # Reviews: 15/08/2015 (in both returns, kept once) and 10/02/2016.
    assert sorted(ds.cpp_reviews["CPPreviewDate"].dt.strftime("%Y-%m-%d")) == ["2015-08-15", "2016-02-10"]
    # Referrals: C1's (in both, closed in the later) and C2's (2016 only).
    details = ds.cin_details.set_index("CINdetailsID")
    assert sorted(details.index) == ["C1/2015-05-01", "C2/2015-10-01"]
    assert details.loc["C1/2015-05-01", "CINclosureDate"] == pd.Timestamp(2016, 9, 30)
    assert sorted(ds.child_identifiers["LAchildID"]) == ["C1", "C2"]
    assert len(ds.section47) == 1  # only the 2016 return had the enquiry
    assert set(ds.file_hashes) == {"cin/a_2017.xml", "cin/z_2016.xml"}


def test_xml_bad_date_names_the_child(tmp_path):
    bad = CIN_XML.replace("<CPPstartDate>2015-05-20</CPPstartDate>", "<CPPstartDate>20/05/2015</CPPstartDate>")
    found = findings_for(tmp_path, {"cin/2016.xml": bad})
    # The plan's start no longer reads as a date. Its review still links to it (the
    # review's CPPID is made from the same text) and is not reported again.
    assert found == [
        'error: cin/2016.xml, column CPPstartDate: "20/05/2015" is not a date (expected YYYY-MM-DD) '
        "(<Child> number 1, LAchildID C1)."
    ]


def test_xml_that_does_not_parse(tmp_path):
    # The text stops after 19 characters; the parser counts columns from 0, so it ran
    # out of input at column 19.
    found = findings_for(tmp_path, {"cin/broken.xml": "<Message><Children>"})
    assert found == ["error: cin/broken.xml: the file could not be read as XML (no element found: line 1, column 19)."]


def test_xml_of_another_kind(tmp_path):
    found = findings_for(tmp_path, {"cin/other.xml": "<Report><Rows/></Report>"})
    assert found == [
        "error: cin/other.xml: the file is not a CIN census return (expected <Message> holding <Children>)."
    ]


def test_unknown_child_in_plans_sections_and_reviews(tmp_path):
    plans = csv("""
        LAchildID,CINdetailsID,CPPID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
        C1,2015-05-01,2015-05-20,20/05/2015,,NEG,NEG,0
        C9,1,1,01/06/2015,,PHY,PHY,0
        """)
    found = findings_for(tmp_path, {**CIN_CSV, "cin/child_protection_plans.csv": plans})
    assert found == [
        'error: cin/child_protection_plans.csv, row 2, column CINdetailsID: "1" is not a CINdetailsID of this child '
        "in cin_details.",
        'error: cin/child_protection_plans.csv, row 2, column LAchildID: "C9" is not found in the child identifiers '
        "(LAchildID).",
    ]


def test_plan_ending_before_it_starts(tmp_path):
    plans = csv("""
        LAchildID,CINdetailsID,CPPID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
        C1,2015-05-01,2015-05-20,20/05/2015,19/05/2015,NEG,NEG,0
        """)
    found = findings_for(tmp_path, {**CIN_CSV, "cin/child_protection_plans.csv": plans})
    assert found == [
        'error: cin/child_protection_plans.csv, row 1, column CPPendDate: "19/05/2015" is before CPPstartDate '
        "20/05/2015 (a plan cannot end before it starts).",
        # and its review of 15/08/2015 is now after its end
        'warning: cin/cpp_reviews.csv, row 1, column CPPreviewDate: "15/08/2015" is outside its plan '
        "(CPPstartDate 20/05/2015, CPPendDate 19/05/2015).",
    ]


def test_initial_conference_before_its_enquiry_is_a_warning(tmp_path):
    # C1's enquiry starts 25/05/2015 but its ICPC is dated 20/05/2015, five days earlier.
    section47 = csv("""
        LAchildID,CINdetailsID,S47ActualStartDate,InitialCPCtarget,DateOfInitialCPC,ICPCnotRequired
        C1,2015-05-01,25/05/2015,15/06/2015,20/05/2015,false
        """)
    found = findings_for(tmp_path, {**CIN_CSV, "cin/section47.csv": section47})
    assert found == [
        'warning: cin/section47.csv, row 1, column DateOfInitialCPC: "20/05/2015" is before '
        "S47ActualStartDate 25/05/2015 (an initial conference follows the enquiry that led to it); the "
        "conference counts as held but is left out of the 15-working-day measure."
    ]


def test_plan_review_outside_its_plan(tmp_path):
    # C1's plan starts 20/05/2015; a review on 19/05/2015 is before it.
    reviews = csv("""
        LAchildID,CINdetailsID,CPPID,CPPreviewDate
        C1,2015-05-01,2015-05-20,19/05/2015
        """)
    found = findings_for(tmp_path, {**CIN_CSV, "cin/cpp_reviews.csv": reviews})
    assert found == [
        'warning: cin/cpp_reviews.csv, row 1, column CPPreviewDate: "19/05/2015" is outside its plan '
        "(CPPstartDate 20/05/2015, CPPendDate blank)."
    ]


def test_review_of_an_unknown_plan(tmp_path):
    reviews = csv("""
        LAchildID,CINdetailsID,CPPID,CPPreviewDate
        C1,2015-05-01,P7,15/08/2015
        """)
    found = findings_for(tmp_path, {**CIN_CSV, "cin/cpp_reviews.csv": reviews})
    assert found == [
        'error: cin/cpp_reviews.csv, row 1, column CPPID: "P7" is not a CPPID of this child in child_protection_plans.'
    ]


def test_duplicate_plan_identifier_within_a_child(tmp_path):
    plans = csv("""
        LAchildID,CINdetailsID,CPPID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
        C1,2015-05-01,2015-05-20,20/05/2015,,NEG,NEG,0
        C1,2015-05-01,2015-05-20,01/07/2015,,NEG,NEG,1
        """)
    found = findings_for(tmp_path, {**CIN_CSV, "cin/child_protection_plans.csv": plans})
    assert found == [
        'error: cin/child_protection_plans.csv, row 1, column CPPID: "C1/2015-05-20" appears on more than one row for '
        "the same child; it must be unique.",
        'error: cin/child_protection_plans.csv, row 2, column CPPID: "C1/2015-05-20" appears on more than one row for '
        "the same child; it must be unique.",
    ]


def test_codes_dates_and_flags(tmp_path):
    details = csv("""
        LAchildID,CINdetailsID,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure,DateOfInitialCPC,ReferralNFA
        C1,2015-05-01,01/05/2015,1A,N1,30/04/2015,RC9,20/05/2015,maybe
        C2,2015-10-01,01/10/2015,5B,N1,,,,false
        """)
    found = findings_for(tmp_path, {**CIN_CSV, "cin/cin_details.csv": details})
    assert found == [
        'error: cin/cin_details.csv, row 1, column CINclosureDate: "30/04/2015" is before CINreferralDate 01/05/2015 '
        "(a referral cannot end before it starts).",
        'error: cin/cin_details.csv, row 1, column ReasonForClosure: "RC9" is not a valid ReasonForClosure code '
        "(expected one of RC1, RC2, RC3, RC4, RC5, RC6, RC7, RC8).",
        'error: cin/cin_details.csv, row 1, column ReferralNFA: "maybe" is not true or false.',
    ]


def test_child_without_ethnicity_is_a_warning(tmp_path):
    characteristics = csv("""
        LAchildID,Ethnicity
        C1,WBRI
        C2,
        """)
    found = findings_for(tmp_path, {**CIN_CSV, "cin/child_characteristics.csv": characteristics})
    assert found == [
        'warning: cin/child_identifiers.csv, row 2, column LAchildID: "C2" has no Ethnicity recorded; the '
        "child will be shown as not recorded."
    ]


def test_csv_form_needs_child_identifiers(tmp_path):
    found = findings_for(tmp_path, {**CIN_CSV, "cin/child_identifiers.csv": None})
    assert found == [
        "error: cin/child_identifiers.csv: the file is missing; cin/ must hold CIN census XML returns "
        "or CSV tables including child_identifiers.csv."
    ]


@pytest.mark.parametrize("extra", ["cin/notes.csv"])
def test_csv_files_beside_xml_are_ignored_with_a_warning(tmp_path, extra):
    found = findings_for(tmp_path, {"cin/2016.xml": CIN_XML, extra: "a,b\n1,2\n"})
    assert found == ["warning: cin/: holds both XML returns and CSV files; the CSV files (notes.csv) were ignored."]


def test_xml_child_without_identifier_is_reported_once(tmp_path):
    # Child 1 has no LAchildID: one error, not one per referral, plan and review.
    found = findings_for(tmp_path, {"cin/2016.xml": CIN_XML.replace("<LAchildID>C1</LAchildID>", "")})
    assert found == ["error: cin/2016.xml, column LAchildID: a value is required (<Child> number 1)."]


def test_xml_referral_without_date_keeps_its_plan_linked(tmp_path):
    # No CINreferralDate: reported once; the referral is labelled by position instead.
    ds = read_dataset(
        write_folder(tmp_path, {"cin/2016.xml": CIN_XML.replace("<CINreferralDate>2015-05-01</CINreferralDate>", "")})
    )
    assert messages(ds.findings) == [
        "error: cin/2016.xml, column CINreferralDate: a value is required (<Child> number 1, LAchildID C1)."
    ]
    assert ds.child_protection_plans["CINdetailsID"].tolist() == ["C1/referral 1"]


def test_xml_with_a_namespace_is_refused(tmp_path):
    # The DfE schema has no target namespace: a namespaced file is some other message.
    namespaced = CIN_XML.replace("<Message>", '<Message xmlns="http://www.dfe.gov.uk/CIN">')
    ds = read_dataset(write_folder(tmp_path, {"cin/2016.xml": namespaced}))
    assert messages(ds.findings) == [
        "error: cin/2016.xml: \"http://www.dfe.gov.uk/CIN\" is the file's XML namespace; a CIN census return's "
        "elements are in none (the DfE schema has no target namespace)."
    ]
