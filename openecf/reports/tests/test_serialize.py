"""The JSON form of the Docket Report (openecf/reports/serialize.py)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from openecf.cases.models import Case, CaseRestriction, PartyRole
from openecf.cases.services import (
    attorney_create,
    case_consolidate,
    case_open,
    case_terminate,
    party_add,
    representation_add,
)
from openecf.courts.models import Court
from openecf.courts.services import judge_add
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.reports.filters import DocketFilters, docket_filters_parse
from openecf.reports.render import document_url_builder
from openecf.reports.selectors import docket_report_build
from openecf.reports.serialize import docket_report_json

pytestmark = pytest.mark.django_db

SEALED_TEXT = "SEALED motion for protective order naming the confidential supplier."


@dataclass
class BuiltCase:
    case: Case
    complaint: DocketEntry
    sealed: DocketEntry
    minute: DocketEntry
    order: DocketEntry


def build_case(court: Court, *, caption: str = "Acme Steel Corp. v. United States") -> BuiltCase:
    """A CIT-style case built only with services: parties, attorneys, documents, a sealed entry."""
    judge = judge_add(court=court, name="Leo M. Gordon", initials="LMG", acting_user=None)
    case = case_open(
        court=court,
        caption=f"{caption.upper()},\nPlaintiff,\nv.\nUNITED STATES,\nDefendant.",
        short_title=caption,
        date_filed=dt.date(2020, 3, 16),
        judges=[judge],
        nature_of_suit="1581(c) Antidumping",
        jurisdiction="28 U.S.C. 1581(c)",
        acting_user=None,
    )
    plaintiff = party_add(
        case=case, name=caption.partition(" v. ")[0], role=PartyRole.PLAINTIFF, acting_user=None
    )
    defendant = party_add(case=case, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
    counsel = attorney_create(
        court=court,
        name="Frank H. Morgan",
        firm="White & Case, LLP",
        address="701 Thirteenth Street, NW.\nWashington, DC 20005-3807",
        phone="(202) 626-3644",
        email="fmorgan@example.com",
        acting_user=None,
    )
    government = attorney_create(
        court=court, name="Jane Doe", firm="U.S. Department of Justice", acting_user=None
    )
    representation_add(party=plaintiff, attorney=counsel, lead=True, acting_user=None)
    representation_add(party=defendant, attorney=government, acting_user=None)
    complaint = docket_entry_with_documents_create(
        case=case,
        text="Complaint. Filed by Frank H. Morgan on behalf of Acme Steel Corp.",
        date_filed=dt.date(2020, 3, 16),
        documents=[
            DocumentUpload(make_pdf("Complaint")),
            DocumentUpload(make_pdf("Exhibit A"), "Exhibit A"),
            DocumentUpload(make_pdf("Exhibit B"), "Exhibit B"),
        ],
        acting_user=None,
    )
    sealed = docket_entry_with_documents_create(
        case=case,
        text=SEALED_TEXT,
        date_filed=dt.date(2020, 4, 1),
        date_entered=dt.date(2020, 4, 2),
        restriction=EntryRestriction.SEALED,
        documents=[DocumentUpload(make_pdf("Sealed motion"))],
        acting_user=None,
    )
    minute = docket_entry_with_documents_create(
        case=case,
        text="Telephone conference held.",
        date_filed=dt.date(2020, 5, 1),
        numbered=False,
        acting_user=None,
    )
    order = docket_entry_with_documents_create(
        case=case,
        text="ORDER granting motion for protective order.",
        date_filed=dt.date(2020, 6, 1),
        documents=[DocumentUpload(make_pdf("Order"))],
        acting_user=None,
    )
    return BuiltCase(case, complaint, sealed, minute, order)


def report_json(case: Case, viewer=None, filters: DocketFilters | None = None) -> dict[str, Any]:
    report = docket_report_build(case=case, viewer=viewer, filters=filters or DocketFilters())
    return docket_report_json(report, document_url=document_url_builder(case.court_id))


def test_case_header_and_parties(cit):
    built = build_case(cit)
    data = report_json(built.case)
    assert data["court_id"] == "cit"
    assert data["court_name"] == "U.S. Court of International Trade"
    assert data["docket_number"] == "1:20-cv-00001"
    assert data["display_number"] == "Court No. 20-00001"
    assert data["case_name"] == "Acme Steel Corp. v. United States"
    assert data["caption"].startswith("ACME STEEL CORP. V. UNITED STATES,\nPlaintiff")
    assert data["date_filed"] == "2020-03-16"
    assert data["date_terminated"] is None
    assert data["status"] == "open"
    assert data["assigned_to"] == "Leo M. Gordon"
    assert data["judges"] == ["Leo M. Gordon"]
    assert data["nature_of_suit"] == "1581(c) Antidumping"
    assert data["jurisdiction"] == "28 U.S.C. 1581(c)"
    assert data["lead_case"] is None
    assert data["member_cases"] == []
    assert data["originating_case"] is None
    assert data["appeals"] == []
    assert [(p["name"], p["type"]) for p in data["parties"]] == [
        ("Acme Steel Corp.", "Plaintiff"),
        ("United States", "Defendant"),
    ]
    morgan = data["parties"][0]["attorneys"][0]
    assert morgan == {
        "name": "Frank H. Morgan",
        "contact": "White & Case, LLP\n701 Thirteenth Street, NW.\nWashington, DC 20005-3807\n"
        "(202) 626-3644\nEmail: fmorgan@example.com",
        "roles": ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"],
    }
    assert data["parties"][0]["date_terminated"] is None
    assert data["parties"][0]["extra_info"] == ""


def test_entries_as_the_public_sees_them(cit):
    built = build_case(cit)
    data = report_json(built.case, viewer=AnonymousUser())
    entries = data["docket_entries"]
    assert [e["document_number"] for e in entries] == ["1", "2", None, "3"]
    complaint, sealed, minute, order = entries
    main_document = built.complaint.documents.get(attachment_number=0)
    assert complaint == {
        "document_number": "1",
        "date_filed": "2020-03-16",
        "date_entered": "2020-03-16",
        "description": "Complaint. Filed by Frank H. Morgan on behalf of Acme Steel Corp.",
        "restricted": False,
        "document_url": f"/cit/doc1/{main_document.public_id}",
        "attachment_count": 2,
    }
    assert sealed == {
        "document_number": "2",
        "date_filed": "2020-04-01",
        "date_entered": "2020-04-02",
        "description": "SEALED",
        "restricted": True,
        "document_url": None,
        "attachment_count": 0,
    }
    assert minute["description"] == "Telephone conference held."
    assert minute["document_url"] is None
    assert order["document_url"] == f"/cit/doc1/{built.order.documents.get().public_id}"
    # Nothing of the sealed entry leaks anywhere in the serialized report.
    dumped = json.dumps(data)
    assert "confidential supplier" not in dumped
    assert f'/doc1/{built.sealed.documents.get().public_id}"' not in dumped


def test_court_staff_see_the_sealed_entry(cit, clerk):
    built = build_case(cit)
    sealed = report_json(built.case, viewer=clerk)["docket_entries"][1]
    assert sealed["description"] == SEALED_TEXT
    assert sealed["restricted"] is True
    assert sealed["document_url"] == f"/cit/doc1/{built.sealed.documents.get().public_id}"


def test_filters_are_applied_and_reported(cit):
    built = build_case(cit)
    filters = docket_filters_parse(
        {"date_from": "04/01/2020", "date_to": "2020-06-01", "order": "newest", "number_from": "2"}
    )
    data = report_json(built.case, filters=filters)
    assert [e["document_number"] for e in data["docket_entries"]] == ["3", "2"]
    assert data["filters"] == {
        "date_from": "2020-04-01",
        "date_to": "2020-06-01",
        "date_type": "filed",
        "number_from": 2,
        "number_to": None,
        "order": "newest",
    }


def test_default_filters_are_reported(cit):
    built = build_case(cit)
    assert report_json(built.case)["filters"] == {
        "date_from": None,
        "date_to": None,
        "date_type": "filed",
        "number_from": None,
        "number_to": None,
        "order": "oldest",
    }


def test_terminated_consolidated_case_and_its_appeal(cit, cafc):
    lead = build_case(cit).case
    member = case_open(
        court=cit, caption="Beta Pipe Co. v. United States", date_filed=dt.date(2020, 4, 1), acting_user=None
    )
    sealed_member = case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 4, 2),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )
    case_consolidate(lead_case=lead, member_cases=[member, sealed_member], acting_user=None)
    case_terminate(case=lead, date_terminated=dt.date(2021, 1, 4), acting_user=None)
    appeal = case_open(
        court=cafc,
        caption="Acme Steel Corp. v. United States",
        date_filed=dt.date(2021, 2, 1),
        originating_case=lead,
        acting_user=None,
    )
    lead.refresh_from_db()
    data = report_json(lead)
    assert data["status"] == "terminated"
    assert data["date_terminated"] == "2021-01-04"
    # A sealed member case is not even named to the public.
    assert data["member_cases"] == [member.pacer_case_number]
    assert data["appeals"] == ["21-1001"]
    member.refresh_from_db()
    assert report_json(member)["lead_case"] == lead.pacer_case_number
    appeal_data = report_json(appeal)
    assert appeal_data["originating_case"] == "1:20-cv-00001"
    assert appeal_data["docket_number"] == appeal_data["display_number"] == "21-1001"


def test_originating_court_outside_the_system_is_named_in_text(cafc):
    appeal = case_open(
        court=cafc,
        caption="Zeta Corp. v. United States",
        date_filed=dt.date(2021, 2, 1),
        originating_case_text="United States Court of Federal Claims, No. 1:19-cv-00123",
        acting_user=None,
    )
    data = report_json(appeal)
    assert data["originating_case"] == "United States Court of Federal Claims, No. 1:19-cv-00123"


def test_the_shape_is_json_and_stable(cit):
    data = report_json(build_case(cit).case)
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "court_id",
        "court_name",
        "docket_number",
        "display_number",
        "case_name",
        "caption",
        "date_filed",
        "date_terminated",
        "status",
        "assigned_to",
        "judges",
        "nature_of_suit",
        "jurisdiction",
        "cause",
        "lead_case",
        "member_cases",
        "originating_case",
        "appeals",
        "parties",
        "docket_entries",
        "filters",
    ]


def test_appeal_from_a_sealed_case_does_not_name_it(cit, cafc):
    sealed_origin = case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 3, 16),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )
    appeal = case_open(
        court=cafc,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2021, 2, 1),
        originating_case=sealed_origin,
        acting_user=None,
    )
    assert report_json(appeal)["originating_case"] is None
