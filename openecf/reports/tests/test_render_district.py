"""The trial-court Docket Report round-trips through juriscraper's DocketReport."""

from __future__ import annotations

import datetime as dt

import pytest
from juriscraper.pacer import DocketReport as JuriscraperDocketReport

from openecf.cases.models import CaseRestriction, PartyRole
from openecf.cases.services import (
    attorney_create,
    case_open,
    case_terminate,
    party_add,
    representation_add,
)
from openecf.courts.services import judge_add
from openecf.docket.models import EntryRestriction
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
)
from openecf.documents.testing import make_pdf
from openecf.reports.filters import DocketFilters
from openecf.reports.render import docket_report_html
from openecf.reports.selectors import docket_report_build

pytestmark = pytest.mark.django_db


def parse(html: str, court_id: str = "cit") -> JuriscraperDocketReport:
    parser = JuriscraperDocketReport(court_id)
    parser._parse_text(html)
    return parser


@pytest.fixture
def trade_case(cit):
    judge = judge_add(court=cit, name="Leo M. Gordon", initials="LMG", acting_user=None)
    case = case_open(
        court=cit,
        caption="Acme Bearings & Co. v. United States",
        short_title="Acme Bearings & Co. v. United States",
        date_filed=dt.date(2020, 3, 16),
        judges=[judge],
        nature_of_suit="Antidumping Duty",
        jurisdiction="28 U.S.C. § 1581(c)",
        acting_user=None,
    )
    plaintiff = party_add(case=case, name="Acme Bearings & Co.", role=PartyRole.PLAINTIFF, acting_user=None)
    defendant = party_add(case=case, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
    intervenor = party_add(
        case=case,
        name="The <Timken> Company",
        role=PartyRole.DEFENDANT_INTERVENOR,
        acting_user=None,
        date_terminated=dt.date(2021, 1, 5),
    )
    counsel = attorney_create(
        court=cit,
        name="Frank H. Morgan",
        firm="White & Case, LLP",
        address="701 Thirteenth Street, NW.\nWashington, DC 20005",
        phone="(202) 626-3644",
        email="fmorgan@example.com",
        acting_user=None,
    )
    government = attorney_create(
        court=cit,
        name="Courtney S. McNamara",
        firm="U.S. Department of Justice",
        address="P.O. Box 480\nBen Franklin Station\nWashington, DC 20044",
        email="courtney@example.gov",
        acting_user=None,
    )
    representation_add(party=plaintiff, attorney=counsel, lead=True, acting_user=None)
    representation_add(party=defendant, attorney=government, lead=True, acting_user=None)
    representation_add(
        party=intervenor,
        attorney=counsel,
        pro_hac_vice=True,
        date_terminated=dt.date(2021, 1, 5),
        acting_user=None,
    )
    summons = docket_entry_with_documents_create(
        case=case,
        text="Summons. Filed by Frank H. Morgan on behalf of Acme Bearings & Co.",
        date_filed=dt.date(2020, 3, 16),
        documents=[DocumentUpload(make_pdf("summons"))],
        acting_user=None,
    )
    docket_entry_with_documents_create(
        case=case,
        text='Complaint "against all defendants" <b>not bold</b> (related document(s) 1)',
        date_filed=dt.date(2020, 3, 17),
        date_entered=dt.date(2020, 3, 18),
        related_entries=[summons],
        documents=[
            DocumentUpload(make_pdf("complaint")),
            DocumentUpload(make_pdf("exhibit"), "Exhibit A"),
        ],
        acting_user=None,
    )
    docket_entry_with_documents_create(
        case=case, text="Minute entry: status conference held.", numbered=False,
        date_filed=dt.date(2020, 4, 1), acting_user=None,
    )  # fmt: skip
    sealed = docket_entry_with_documents_create(
        case=case,
        text="Confidential exhibit of proprietary information.",
        date_filed=dt.date(2020, 4, 2),
        documents=[DocumentUpload(make_pdf("secret"))],
        acting_user=None,
    )
    docket_entry_restrict(entry=sealed, restriction=EntryRestriction.SEALED, acting_user=None)
    case_terminate(case=case, date_terminated=dt.date(2021, 6, 30), acting_user=None)
    return case


def test_round_trip_public(trade_case):
    report = docket_report_build(case=trade_case, viewer=None, filters=DocketFilters())
    parsed = parse(docket_report_html(report))
    data = parsed.data
    assert data["docket_number"] == "1:20-cv-00001"
    assert data["case_name"] == "Acme Bearings & Co. v. United States"
    assert data["date_filed"] == dt.date(2020, 3, 16)
    assert data["date_terminated"] == dt.date(2021, 6, 30)
    assert data["assigned_to_str"] == "Leo M. Gordon"
    entries = [(e["document_number"], e["date_filed"], e["description"]) for e in data["docket_entries"]]
    assert entries == [
        ("1", dt.date(2020, 3, 16),
         "Summons. Filed by Frank H. Morgan on behalf of Acme Bearings & Co. (Entered: 03/16/2020)"),
        ("2", dt.date(2020, 3, 17),
         'Complaint "against all defendants" <b>not bold</b> (related document(s) 1) (Entered: 03/18/2020)'),
        (None, dt.date(2020, 4, 1), "Minute entry: status conference held. (Entered: 04/01/2020)"),
        ("3", dt.date(2020, 4, 2), "SEALED"),
    ]  # fmt: skip
    assert data["docket_entries"][1]["date_entered"] == dt.date(2020, 3, 18)
    parties = [(p["name"], p["type"]) for p in data["parties"]]
    assert parties == [
        ("Acme Bearings & Co.", "Plaintiff"),
        ("United States", "Defendant"),
        ("The <Timken> Company", "Defendant-Intervenor"),
    ]
    assert data["parties"][2]["date_terminated"] == dt.date(2021, 1, 5)
    morgan = data["parties"][0]["attorneys"][0]
    assert morgan["name"] == "Frank H. Morgan"
    assert morgan["roles"] == ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"]
    assert morgan["contact"] == (
        "White & Case, LLP\n701 Thirteenth Street, NW.\nWashington, DC 20005\n(202) 626-3644\n"
        "Email: fmorgan@example.com\n"
    )
    again = data["parties"][2]["attorneys"][0]
    assert again["roles"] == ["TERMINATED: 01/05/2021", "PRO HAC VICE", "ATTORNEY TO BE NOTICED"]


def test_sealed_entry_has_no_text_or_link_for_public_but_staff_reads_it(trade_case, clerk):
    public_html = docket_report_html(
        docket_report_build(case=trade_case, viewer=None, filters=DocketFilters())
    )
    assert "proprietary" not in public_html
    assert public_html.count("/cit/doc1/") == 2
    staff = parse(
        docket_report_html(docket_report_build(case=trade_case, viewer=clerk, filters=DocketFilters()))
    )
    assert staff.data["docket_entries"][3]["description"].startswith("Confidential exhibit")


def test_filters_and_order(trade_case):
    report = docket_report_build(
        case=trade_case,
        viewer=None,
        filters=DocketFilters(number_from=2, number_to=3, order="newest"),
    )
    numbers = [e["document_number"] for e in parse(docket_report_html(report)).data["docket_entries"]]
    assert numbers == ["3", "2"]
    report = docket_report_build(
        case=trade_case,
        viewer=None,
        filters=DocketFilters(date_from=dt.date(2020, 3, 18), date_type="entered"),
    )
    numbers = [e["document_number"] for e in parse(docket_report_html(report)).data["docket_entries"]]
    assert numbers == ["2", None, "3"]


def test_sealed_case_still_renders_for_staff(trade_case, clerk):
    from openecf.cases.services import case_restriction_set

    case_restriction_set(case=trade_case, restriction=CaseRestriction.SEALED, acting_user=clerk)
    report = docket_report_build(case=trade_case, viewer=clerk, filters=DocketFilters())
    assert parse(docket_report_html(report)).data["docket_number"] == "1:20-cv-00001"


def test_the_public_reads_sealed_on_the_line_and_juriscraper_reads_an_entry_without_document(trade_case):
    html = docket_report_html(docket_report_build(case=trade_case, viewer=None, filters=DocketFilters()))
    sealed = parse(html).data["docket_entries"][3]
    assert sealed["description"] == "SEALED"
    assert sealed["document_number"] == "3"
    assert not sealed.get("pacer_doc_id")
    assert "proprietary" not in html


def test_a_court_may_word_the_sealed_line_its_own_way(trade_case, settings):
    settings.OPENECF_SEALED_ENTRY_TEXT_BY_COURT = {"cit": "SEALED DOCUMENT <restricted>"}
    html = docket_report_html(docket_report_build(case=trade_case, viewer=None, filters=DocketFilters()))
    assert "SEALED DOCUMENT &lt;restricted&gt;" in html
    assert parse(html).data["docket_entries"][3]["description"] == "SEALED DOCUMENT <restricted>"


def test_long_dockets_come_in_row_groups_that_juriscraper_reads_whole(trade_case):
    from openecf.reports.render_district import ROWS_PER_GROUP

    for day in range(ROWS_PER_GROUP + 5):
        docket_entry_with_documents_create(
            case=trade_case,
            text=f"Status report {day}.",
            date_filed=dt.date(2021, 1, 1) + dt.timedelta(days=day),
            acting_user=None,
        )
    html = docket_report_html(docket_report_build(case=trade_case, viewer=None, filters=DocketFilters()))
    assert html.count('<tbody class="docket-rows">') == 1
    assert "style=" not in html.split('class="docket-report"', 1)[1]
    descriptions = [e["description"] for e in parse(html).data["docket_entries"]]
    assert len(descriptions) == 4 + ROWS_PER_GROUP + 5
    assert descriptions[-1].startswith(f"Status report {ROWS_PER_GROUP + 4}.")
