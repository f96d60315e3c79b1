"""The filer is told whom the notice does not serve (seed 003 Q36-Q38): the wizard's review with the reminder to
file a Certificate of Service (only then), the Notice of Electronic Filing, and the API's dry run and filing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from openecf.cases.models import Party, PartyRole
from openecf.cases.services import attorney_create, party_add, representation_add
from openecf.courts.models import Court
from openecf.documents.testing import make_pdf
from openecf.filers.tests.helpers import signed_in
from openecf.filing.models import Filing
from openecf.filing.packet import CERTIFICATE_OF_SERVICE_REMINDER
from openecf.filing.tests.factories import CaseWithCounsel, case_with_counsel
from openecf.filing.tests.test_wizard import step, text_of, to_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)  # a Tuesday, 11:00 in New York
ADDRESS = "27 Fenwick Court, Apt. 3B\nBaltimore, MD 21230"
TOLD = "These parties are not served by the Notice of Electronic Filing; serve them by other means:"


@pytest.fixture
def world(cit: Court, frozen: Any) -> CaseWithCounsel:
    """The attorney's case: the United States without counsel, and an unregistered pro se intervenor."""
    world = case_with_counsel(cit)
    party_add(
        case=world.case,
        name="Odile Marchetti",
        role=PartyRole.INTERVENOR,
        pro_se=True,
        postal_address=ADDRESS,
        acting_user=None,
    )
    return world


def everyone_served_electronically(world: CaseWithCounsel) -> None:
    """Counsel appears for the United States and the pro se intervenor leaves the case."""
    with transaction.atomic():
        doj = attorney_create(
            court=world.court, name="Theresa Galvin", email="tg@usdoj.gov", acting_user=None
        )
        representation_add(
            party=Party.objects.get(case=world.case, name="United States"), attorney=doj, acting_user=None
        )
    Party.objects.filter(case=world.case, name="Odile Marchetti").update(date_terminated=dt.date(2026, 3, 9))


# --- the wizard -------------------------------------------------------------------------------------------


def test_the_review_names_them_with_their_addresses_and_asks_for_a_certificate(client, world):
    attorney = signed_in(client, world.attorney, world.court)
    draft = to_review(attorney, world)
    review = attorney.get(step(draft, "review"))
    words = text_of(review)
    assert TOLD in words
    assert "United States (Defendant): no postal address on record" in words
    assert "Odile Marchetti (Intervenor): 27 Fenwick Court, Apt. 3B Baltimore, MD 21230" in words
    # The filer's own party is served through the filer.
    assert "Acme Steel Corp. (Plaintiff):" not in words
    assert CERTIFICATE_OF_SERVICE_REMINDER in words
    # At submit, the notice names them again and offers the packet.
    filed = attorney.post(step(draft, "review"), {"action": "submit"})
    filing = Filing.objects.get()
    notice = attorney.get(filed["Location"])
    assert "Notice will be delivered by other means to:" in text_of(notice)
    assert f'href="/cit/cmecf/filing/{filing.pk}/service-packet.pdf"' in notice.content.decode()


def test_when_the_notice_serves_everyone_the_review_says_nothing_of_it(client, world):
    everyone_served_electronically(world)
    attorney = signed_in(client, world.attorney, world.court)
    draft = to_review(attorney, world)
    words = text_of(attorney.get(step(draft, "review")))
    assert "Docket text" in words  # the review itself is there
    assert TOLD not in words and "Certificate of Service" not in words


# --- the API ----------------------------------------------------------------------------------------------


def api_client(world: CaseWithCounsel) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.attorney)
    return client


def motion_form() -> dict[str, Any]:
    document = SimpleUploadedFile("motion.pdf", make_pdf("Motion to stay"), content_type="application/pdf")
    return {"event": "motion", "document": document}


def filings_url(world: CaseWithCounsel) -> str:
    return f"/api/v1/courts/cit/cases/{world.case.pacer_case_number}/filings"


EXPECTED = [
    {"name": "United States", "role": "Defendant", "postal_address": ""},
    {"name": "Odile Marchetti", "role": "Intervenor", "postal_address": ADDRESS},
]


def test_the_dry_run_and_the_filing_report_them(world):
    client = api_client(world)
    check = client.post(f"{filings_url(world)}/check", motion_form())
    assert check.status_code == 200, check.content
    assert check.json()["service_by_other_means"] == EXPECTED
    assert CERTIFICATE_OF_SERVICE_REMINDER in check.json()["reminders"]
    assert not Filing.objects.exists()
    filed = client.post(filings_url(world), motion_form())
    assert filed.status_code == 201, filed.content
    assert filed.json()["service_by_other_means"] == EXPECTED
    again = client.get(f"/api/v1/filings/{filed.json()['id']}")
    assert again.json()["service_by_other_means"] == EXPECTED


def test_a_certificate_of_service_is_not_reminded_of_itself(world):
    document = SimpleUploadedFile(
        "cos.pdf", make_pdf("Certificate of Service"), content_type="application/pdf"
    )
    check = api_client(world).post(
        f"{filings_url(world)}/check", {"event": "certificate_of_service", "document": document}
    )
    assert check.status_code == 200, check.content
    assert check.json()["service_by_other_means"] == EXPECTED
    assert CERTIFICATE_OF_SERVICE_REMINDER not in check.json()["reminders"]


def test_nobody_to_serve_otherwise_reports_an_empty_list(world):
    everyone_served_electronically(world)
    client = api_client(world)
    check = client.post(f"{filings_url(world)}/check", motion_form())
    assert check.json()["service_by_other_means"] == []
    assert CERTIFICATE_OF_SERVICE_REMINDER not in check.json()["reminders"]
    filed = client.post(filings_url(world), motion_form())
    assert filed.json()["service_by_other_means"] == []


def test_a_new_cases_defendants_are_served_by_other_means(world):
    form = {
        "event": "summons",
        "document": SimpleUploadedFile("summons.pdf", make_pdf("Summons"), content_type="application/pdf"),
        "plaintiffs": ["Zenith Imports LLC"],
        "defendants": ["United States", "U.S. Customs and Border Protection"],
        "short_title": "Zenith Imports LLC v. United States",
        "nature_of_suit": "Antidumping",
    }
    check = api_client(world).post("/api/v1/courts/cit/filings/check", form)
    assert check.status_code == 200, check.content
    assert check.json()["service_by_other_means"] == [
        {"name": "United States", "role": "Defendant", "postal_address": ""},
        {"name": "U.S. Customs and Border Protection", "role": "Defendant", "postal_address": ""},
    ]
