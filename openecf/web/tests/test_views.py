"""The site's pages: reports, documents, and the errors users see."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.cases.models import CaseRestriction, PartyRole
from openecf.cases.services import case_open, case_restriction_set, party_add
from openecf.docket.models import EntryRestriction
from openecf.documents.models import Document
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
)
from openecf.documents.testing import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cit):
    case = case_open(
        court=cit,
        caption="Acme Corp. v. United States",
        date_filed=dt.date(2020, 1, 2),
        acting_user=None,
    )
    party_add(case=case, name="Acme Corp.", role=PartyRole.PLAINTIFF, acting_user=None)
    docket_entry_with_documents_create(
        case=case,
        text="Summons.",
        documents=[DocumentUpload(make_pdf("summons"))],
        acting_user=None,
    )
    sealed = docket_entry_with_documents_create(
        case=case,
        text="Sealed motion text.",
        documents=[DocumentUpload(make_pdf("sealed"))],
        acting_user=None,
    )
    docket_entry_restrict(entry=sealed, restriction=EntryRestriction.SEALED, acting_user=None)
    return case


def docket_url(court_id: str, number: str) -> str:
    return f"/{court_id}/cases/{number}/docket/"


def test_home_and_court_pages_list_public_cases(client, case, cit):
    home = client.get("/")
    assert home.status_code == 200
    assert b"U.S. Court of International Trade" in home.content
    assert b"usa-header" in home.content
    page = client.get("/cit/")
    assert b"Acme Corp. v. United States" in page.content
    assert b"Court No. 20-00001" in page.content
    case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=None)
    assert b"Acme Corp." not in client.get("/cit/").content
    assert b"Acme Corp." not in client.get("/cit/?q=Acme").content


def test_docket_report_page(client, case):
    response = client.get(docket_url("cit", "1:20-cv-00001"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "CIT DOCKET FOR CASE #: 1:20-cv-00001" in body
    assert "Summons." in body
    assert "Sealed motion text." not in body
    # The court's own form of the number reaches the same case.
    assert client.get(docket_url("cit", "20-00001")).status_code == 200


def test_unknown_court_and_case_are_404_in_the_site_look(client, case):
    for url in (
        docket_url("zzz", "1:20-cv-00001"),
        docket_url("cit", "1:20-cv-09999"),
        "/nope/",
        "/cit/doc1/999",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"usa-alert" in response.content
        assert b"Traceback" not in response.content


def test_sealed_case_is_not_found_exactly_like_a_missing_case(client, case, cit):
    case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=None)
    other = case_open(
        court=cit,
        caption="Other v. United States",
        date_filed=dt.date(2020, 5, 1),
        acting_user=None,
    )
    sealed = client.get(docket_url("cit", "1:20-cv-00001"))
    missing = client.get(docket_url("cit", "1:20-cv-00007"))
    assert sealed.status_code == missing.status_code == 404
    assert sealed.content.replace(b"00001", b"X") == missing.content.replace(b"00007", b"X")
    assert client.get(docket_url("cit", other.pacer_case_number)).status_code == 200


def test_staff_of_the_court_see_the_sealed_case(client, case, clerk):
    case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=None)
    client.force_login(clerk)
    response = client.get(docket_url("cit", "1:20-cv-00001"))
    assert response.status_code == 200
    assert b"Sealed motion text." in response.content


def test_case_number_under_another_court_is_not_found(client, case, cafc):
    assert client.get(docket_url("cafc", "1:20-cv-00001")).status_code == 404
    assert client.get(docket_url("cafc", "20-0001")).status_code == 404


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("date_from=yesterday", "date_from"),
        ("date_to=2020-13-45", "date_to"),
        ("number_from=abc", "number_from"),
        ("number_to=-3", "number_to"),
        ("order=sideways", "order"),
        ("date_type=modified", "date_type"),
        ("number_from=9&number_to=2", "number_from"),
        ("date_from=2021-01-01&date_to=2020-01-01", "date_from"),
    ],
)
def test_malformed_filters_are_400_naming_the_parameter(client, case, query, parameter):
    response = client.get(docket_url("cit", "1:20-cv-00001") + "?" + query)
    assert response.status_code == 400
    assert f"{parameter}:".encode() in response.content
    assert b"Traceback" not in response.content


def test_hostile_case_numbers_are_plain_404(client, case):
    for number in (
        "1:20-cv-00001' OR 1=1--",
        "..%2F..%2Fetc%2Fpasswd",
        "9" * 500,
        "<script>x</script>",
    ):
        response = client.get(docket_url("cit", number))
        assert response.status_code == 404
        assert b"<script>x" not in response.content


def test_documents_are_served_only_when_public(client, case, clerk):
    public, sealed = Document.objects.filter(docket_entry__case=case).order_by("docket_entry__number")
    response = client.get(f"/cit/doc1/{public.public_id}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert client.get(f"/cit/doc1/{sealed.public_id}").status_code == 404
    assert client.get(f"/cafc/doc1/{public.public_id}").status_code == 404
    client.force_login(clerk)
    assert client.get(f"/cit/doc1/{sealed.public_id}").status_code == 200


def test_documents_of_a_sealed_case_are_not_found(client, case):
    public = Document.objects.filter(docket_entry__case=case, docket_entry__number=1).get()
    case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=None)
    assert client.get(f"/cit/doc1/{public.public_id}").status_code == 404


def test_post_to_a_report_is_refused(client, case):
    assert client.post(docket_url("cit", "1:20-cv-00001")).status_code == 405


@pytest.mark.parametrize("court_id", ["cit", "cafc"])
def test_report_page_chrome_is_html_not_text(client, court_id, cit, cafc):
    court = {"cit": cit, "cafc": cafc}[court_id]
    case = case_open(
        court=court, caption="Acme Corp. v. United States", date_filed=dt.date(2021, 3, 1), acting_user=None
    )
    docket_entry_with_documents_create(case=case, text="Notice of appeal & <docketing>.", acting_user=None)
    body = client.get(docket_url(court_id, case.pacer_case_number)).content.decode()
    assert body.startswith("<!DOCTYPE html>")
    assert "&lt;!DOCTYPE" not in body
    assert "&lt;header" not in body
    assert '<header class="usa-header' in body
    assert "Notice of appeal &amp; &lt;docketing&gt;." in body


def test_inactive_account_sees_what_the_public_sees_until_activated(client, case):
    from openecf.accounts.factories import UserFactory
    from openecf.accounts.models import AccountStatus, User

    inactive = UserFactory.create(username="waiting")
    User.objects.filter(pk=inactive.pk).update(status=AccountStatus.INACTIVE)
    client.force_login(inactive)
    for url in ("/cit/", "/cit/?q=Acme", docket_url("cit", "1:20-cv-00001")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Acme Corp. v. United States" in response.content
        assert b"Sealed motion text." not in response.content
        assert b"activation code" in response.content
    assert client.get("/api/v1/courts/cit/cases/1:20-cv-00001/docket").status_code == 200
    assert client.get("/api/v1/courts/cit/cases").status_code == 200
