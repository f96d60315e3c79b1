"""The filing API (openecf/api/filing.py): events, my cases, the dry run, filing, idempotency, refusals, fees."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.utils import timezone

from openecf.accounts.models import User
from openecf.api.tests.test_api import error_of
from openecf.audit.models import AuditEvent
from openecf.billing.models import FeePayment, FeePaymentStatus
from openecf.cases.models import Case, CaseRestriction, Party, PartyRole
from openecf.cases.services import attorney_create, case_open, party_add, representation_add
from openecf.courts.models import Court
from openecf.courts.services import maintenance_window_set
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.docket.models import DocketEntry
from openecf.documents.models import Document
from openecf.documents.testing import make_pdf
from openecf.filers.factories import FilingRightFactory
from openecf.filers.models import FilerRole
from openecf.filers.tests.helpers import confirm_mfa, grant_right, make_user
from openecf.filing.models import Filing, IdempotencyKey
from openecf.signin.tokens import api_token_issue

# PyMuPDF ships no type hints.
fitz: Any = importlib.import_module("fitz")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)  # a Tuesday, 11:00 in New York: the office is open
EXPIRY = {"card_exp_month": "12", "card_exp_year": "2030", "card_cvv": "123", "card_name": "Ann Lee"}


def pdf_file(name: str, text: str = "OpenECF test document", pages: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(text, pages), content_type="application/pdf")


def scanned_pdf() -> bytes:
    """A page with a drawing and no text layer (a scan without OCR): a warning, not a refusal."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    pdf.pages[0].Contents = pdf.make_stream(b"0 0 0 rg 72 72 200 200 re f")
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def make_case(court: Court, title: str, **fields: Any) -> tuple[Case, Party, Party]:
    case = case_open(
        court=court,
        caption=f"{title}, Plaintiff, v. United States, Defendant.",
        short_title=f"{title} v. United States",
        date_filed=dt.date(2026, 1, 5),
        acting_user=None,
        **fields,
    )
    plaintiff = party_add(case=case, name=title, role=PartyRole.PLAINTIFF, acting_user=None)
    defendant = party_add(case=case, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
    return case, plaintiff, defendant


def attorney_filer(court: Court, username: str, name: tuple[str, str]) -> tuple[User, Any]:
    user = make_user(username, first_name=name[0], last_name=name[1])
    attorney = attorney_create(court=court, name=" ".join(name), acting_user=None)
    FilingRightFactory.create(user=user, court=court, role=FilerRole.ATTORNEY, attorney=attorney)
    confirm_mfa(user)
    return user, attorney


@pytest.fixture
def world(cit, frozen) -> dict[str, Any]:
    event_dictionary_load(court=cit, acting_user=None)
    case, plaintiff, defendant = make_case(cit, "Acme Corp.")
    other_case, _, _ = make_case(cit, "Brown Ltd.")
    lawyer, attorney = attorney_filer(cit, "lawyer", ("Ann", "Lee"))
    representation_add(party=plaintiff, attorney=attorney, acting_user=None)
    return {
        "court": cit,
        "case": case,
        "plaintiff": plaintiff,
        "defendant": defendant,
        "other_case": other_case,
        "lawyer": lawyer,
        "attorney": attorney,
    }


def as_user(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def filings_url(case: Case) -> str:
    return f"/api/v1/courts/{case.court_id}/cases/{case.pacer_case_number}/filings"


def motion_form(**extra: Any) -> dict[str, Any]:
    return {
        "event": "motion",
        "document": pdf_file("motion.pdf", "Motion to compel", 2),
        "description": "Motion to compel",
        "attachments": [pdf_file("exhibit-a.pdf", "Exhibit A", 3), pdf_file("order.pdf", "Proposed order")],
        "attachment_categories": ["Exhibit", "Proposed Order"],
        "attachment_descriptions": ["A", ""],
        **extra,
    }


def stored_files(settings) -> list[Path]:
    root = Path(settings.DOCUMENT_STORAGE_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- events --------------------------------------------------------------------------------------------


def test_event_search_is_public_and_describes_each_event(client, world):
    response = client.get("/api/v1/courts/cit/events", {"q": "extension"})
    assert response.status_code == 200, response.content
    events = response.json()
    assert [event["code"] for event in events] == ["motion_extension"]
    assert set(events[0]) == {
        "code",
        "label",
        "menu",
        "document_required",
        "fee",
        "opens_case",
        "prompts_related_entry",
        "date_prompt",
        "certification",
        "confidential",
        "after_hours",
    }
    summons = next(
        e for e in client.get("/api/v1/courts/cit/events?q=summons").json() if e["code"] == "summons"
    )
    assert summons["fee"] == "150.00"
    assert summons["opens_case"] is True
    everything = client.get("/api/v1/courts/cit/events").json()
    assert len(everything) > 20
    assert "order" not in {event["code"] for event in everything}  # the court's own events are not offered


def test_event_search_refuses_control_characters_and_unknown_courts(client, world):
    assert error_of(client.get("/api/v1/courts/cit/events", {"q": "mo\x00tion"}), 400)["field"] == "q"
    assert error_of(client.get("/api/v1/courts/nowhere/events"), 404)["code"] == "court_not_found"


# --- my cases ------------------------------------------------------------------------------------------


def test_my_cases_of_an_attorney(world):
    response = as_user(world["lawyer"]).get("/api/v1/courts/cit/my-cases")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["filer"] == {"username": "lawyer", "name": "Ann Lee"}
    assert body["count"] == 1
    [item] = body["items"]
    case = world["case"]
    assert item["docket_number"] == case.pacer_case_number
    assert item["display_number"] == case.display_case_number
    assert item["case_name"] == "Acme Corp. v. United States"
    assert item["parties"] == [
        {"id": world["plaintiff"].pk, "name": "Acme Corp.", "role": "plaintiff", "role_label": "Plaintiff"}
    ]


def test_my_cases_of_a_pro_se_filer(world, cit):
    filer = make_user("prose", first_name="Pat", last_name="Self")
    grant_right(filer, cit, FilerRole.PRO_SE)
    confirm_mfa(filer)
    case, _, _ = make_case(cit, "Self Imports")
    party = party_add(
        case=case,
        name="Pat Self",
        role=PartyRole.PLAINTIFF,
        acting_user=None,
        pro_se=True,
        pro_se_account=filer,
    )
    body = as_user(filer).get("/api/v1/courts/cit/my-cases").json()
    assert [item["docket_number"] for item in body["items"]] == [case.pacer_case_number]
    assert [p["id"] for p in body["items"][0]["parties"]] == [party.pk]


def test_my_cases_of_a_filing_agent(world, cit):
    agent = make_user("agent", first_name="Al", last_name="Gent")
    FilingRightFactory.create(
        user=agent, court=cit, role=FilerRole.FILING_AGENT, sponsoring_attorney=world["lawyer"]
    )
    confirm_mfa(agent)
    client = as_user(agent)
    body = client.get("/api/v1/courts/cit/my-cases", {"on_behalf_of": "LAWYER"}).json()
    assert body["filer"]["username"] == "lawyer"
    assert [item["docket_number"] for item in body["items"]] == [world["case"].pacer_case_number]
    # One attorney: chosen without asking; someone who has not authorised the agent: refused.
    assert client.get("/api/v1/courts/cit/my-cases").json()["count"] == 1
    refused = error_of(client.get("/api/v1/courts/cit/my-cases", {"on_behalf_of": "stranger"}), 403)
    assert refused["message"] == "stranger has not authorised you to file in their name in this court."


def test_my_cases_needs_a_signed_in_filer(client, world, cit):
    refused = error_of(client.get("/api/v1/courts/cit/my-cases"), 401)
    assert refused["code"] == "not_signed_in"
    assert refused["message"].startswith("Log in with your PACER account first.")
    reader = make_user("reader")
    refused = error_of(as_user(reader).get("/api/v1/courts/cit/my-cases"), 403)
    assert refused["message"] == (
        "You do not have filing rights in this court. Link your filer account or request permission to file."
    )
    no_mfa, _ = attorney_filer(cit, "nomfa", ("No", "Factor"))
    no_mfa.totp_devices.all().delete()
    assert "multi-factor" in error_of(as_user(no_mfa).get("/api/v1/courts/cit/my-cases"), 403)["message"]
    assert (
        error_of(as_user(world["lawyer"]).get("/api/v1/courts/cit/my-cases?page=x"), 400)["field"] == "page"
    )


# --- the dry run -----------------------------------------------------------------------------------------


def test_check_answers_what_the_filing_would_be_and_writes_nothing(world, settings):
    entries, audits = DocketEntry.objects.count(), AuditEvent.objects.count()
    response = as_user(world["lawyer"]).post(f"{filings_url(world['case'])}/check", motion_form())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["event"] == {"code": "motion", "label": "Motion"}
    assert body["case_number"] == world["case"].pacer_case_number
    assert body["docket_text"].startswith("Motion. Filed by Ann Lee on behalf of Acme Corp.")
    assert body["docket_text"].endswith(" Responses due by 3/31/2026.")
    assert body["filer"] == "Ann Lee"
    assert body["fee"] == "0.00"
    assert body["deadline"] == {"label": "Responses due", "due": "2026-03-31"}
    assert body["date_filed"] == "2026-03-10"
    assert body["parties"] == [
        {"id": world["plaintiff"].pk, "name": "Acme Corp.", "role": "plaintiff", "role_label": "Plaintiff"}
    ]
    assert [(d["filename"], d["attachment_number"], d["pages"]) for d in body["documents"]] == [
        ("motion.pdf", 0, 2),
        ("exhibit-a.pdf", 1, 3),
        ("order.pdf", 2, 1),
    ]
    assert body["warnings"] == []
    assert (DocketEntry.objects.count(), AuditEvent.objects.count()) == (entries, audits)
    assert not Filing.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_check_shows_warnings_and_the_filing_needs_them_confirmed(world, settings):
    client = as_user(world["lawyer"])
    form = {"event": "motion", "document": SimpleUploadedFile("scan.pdf", scanned_pdf())}
    body = client.post(f"{filings_url(world['case'])}/check", form).json()
    assert body["warnings"], body
    assert all(warning.startswith("scan.pdf: ") for warning in body["warnings"])
    assert body["documents"][0]["warnings"]
    form = {"event": "motion", "document": SimpleUploadedFile("scan.pdf", scanned_pdf())}
    refused = error_of(client.post(filings_url(world["case"]), form), 400)
    assert refused["code"] == "warnings_unconfirmed"
    assert refused["field"] == "confirm_warnings"
    assert refused["message"].startswith("Confirm that you have read the warnings about your PDF(s)")
    assert not Filing.objects.exists()
    assert stored_files(settings) == []
    form = {
        "event": "motion",
        "document": SimpleUploadedFile("scan.pdf", scanned_pdf()),
        "confirm_warnings": "true",
    }
    response = client.post(filings_url(world["case"]), form)
    assert response.status_code == 201, response.content
    assert Filing.objects.get().warnings_confirmed == body["warnings"]


# --- filing ------------------------------------------------------------------------------------------------


def test_file_a_motion_with_two_attachments(world):
    client = as_user(world["lawyer"])
    response = client.post(filings_url(world["case"]), motion_form())
    assert response.status_code == 201, response.content
    body = response.json()
    filing = Filing.objects.get()
    case = world["case"]
    assert body["id"] == filing.pk
    assert body["entry_number"] == 1
    assert body["case_number"] == case.pacer_case_number
    assert body["filed_at"].startswith("2026-03-10T15:00:00")
    assert body["date_filed"] == "2026-03-10"
    assert body["via"] == "api"
    assert body["fee"] == "0.00"
    assert body["filer"] == body["submitted_by"] == {"username": "lawyer", "name": "Ann Lee"}
    assert "Responses due by 3/31/2026." in body["docket_text"]
    assert body["notice"]["docket_text"] == body["docket_text"]
    assert body["notice"]["document_number"] == "1"
    documents = body["documents"]
    assert [(d["attachment_number"], d["pages"], d["filename"]) for d in documents] == [
        (0, 2, "motion.pdf"),
        (1, 3, "exhibit-a.pdf"),
        (2, 1, "order.pdf"),
    ]
    stored = {document.public_id: document for document in Document.objects.all()}
    assert {d["id"] for d in documents} == set(stored)
    for document in documents:
        assert document["stamp"].startswith("[STAMP citStamp_ID=")
        assert f"[FileNumber={filing.docket_entry_id}-{document['attachment_number']}]" in document["stamp"]
    served = client.get(documents[1]["url"])
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    with fitz.open(stream=served.content, filetype="pdf") as pdf:
        first_page = pdf[0].get_text()
    assert f"Case {case.pacer_case_number} Document 1-1 Filed 03/10/26 Page 1 of 3" in first_page
    # The filing, read back.
    read = client.get(f"/api/v1/filings/{filing.pk}")
    assert read.status_code == 200, read.content
    assert read.json() == body


def test_a_filing_is_read_only_by_its_filer_submitter_and_court(world, cit, clerk):
    response = as_user(world["lawyer"]).post(filings_url(world["case"]), motion_form())
    filing_id = response.json()["id"]
    stranger, _ = attorney_filer(cit, "stranger", ("Sam", "Stranger"))
    assert error_of(as_user(stranger).get(f"/api/v1/filings/{filing_id}"), 404)["code"] == "filing_not_found"
    assert error_of(as_user(stranger).get("/api/v1/filings/999999"), 404)["code"] == "filing_not_found"
    assert error_of(Client().get(f"/api/v1/filings/{filing_id}"), 401)["code"] == "not_signed_in"
    assert error_of(as_user(stranger).get("/api/v1/filings/1x"), 400)["field"] == "filing_id"
    assert as_user(clerk).get(f"/api/v1/filings/{filing_id}").status_code == 200


def test_an_idempotency_key_files_once(world):
    client = as_user(world["lawyer"])
    key = {"Idempotency-Key": "7b0f6f8e-retry-1"}
    first = client.post(filings_url(world["case"]), motion_form(), headers=key)
    assert first.status_code == 201, first.content
    again = client.post(filings_url(world["case"]), motion_form(), headers=key)
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert Filing.objects.count() == 1
    assert IdempotencyKey.objects.get().filing_id == first.json()["id"]
    different = client.post(
        filings_url(world["case"]), motion_form(docket_text_extra="and more"), headers=key
    )
    refused = error_of(different, 409)
    assert refused["code"] == "idempotency_key_reused"
    assert Filing.objects.count() == 1
    # Without a key, a second submission is a second filing.
    assert client.post(filings_url(world["case"]), motion_form()).json()["entry_number"] == 2


def test_a_token_files_without_a_session(world):
    client = Client(raise_request_exception=False)
    # A filer's token must have been issued with a second factor.
    _, raw = api_token_issue(user=world["lawyer"], acting_user=world["lawyer"], name="no second factor")
    refused = client.post(filings_url(world["case"]), motion_form(), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert error_of(refused, 401)["code"] == "second_factor_required"
    _, raw = api_token_issue(
        user=world["lawyer"], acting_user=world["lawyer"], name="filing tool", second_factor=True
    )
    response = client.post(filings_url(world["case"]), motion_form(), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 201, response.content
    assert Filing.objects.get().via == "api"
    bad = client.post(filings_url(world["case"]), motion_form(), HTTP_AUTHORIZATION="Bearer nope")
    assert error_of(bad, 401)["code"] == "invalid_token"


def test_a_session_must_send_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(world["lawyer"])
    refused = error_of(client.post(filings_url(world["case"]), motion_form()), 403)
    assert refused["code"] == "csrf_failed"
    assert client.get("/api/v1/courts/cit/my-cases").status_code == 200  # reads need no token
    assert not Filing.objects.exists()
    secret = "a" * CSRF_SECRET_LENGTH
    client.cookies["csrftoken"] = secret
    response = client.post(filings_url(world["case"]), motion_form(), HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201, response.content


def test_a_filing_agent_files_in_the_attorneys_name(world, cit):
    agent = make_user("agent", first_name="Al", last_name="Gent")
    FilingRightFactory.create(
        user=agent, court=cit, role=FilerRole.FILING_AGENT, sponsoring_attorney=world["lawyer"]
    )
    confirm_mfa(agent)
    response = as_user(agent).post(filings_url(world["case"]), motion_form(on_behalf_of="lawyer"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["filer"]["username"] == "lawyer"
    assert body["submitted_by"]["username"] == "agent"
    assert "Ann Lee (by filing agent Al Gent)" in body["docket_text"]
    # The attorney reads it too.
    assert as_user(world["lawyer"]).get(f"/api/v1/filings/{body['id']}").status_code == 200


# --- refusals ------------------------------------------------------------------------------------------------


def refused_and_nothing_filed(response, status: int, settings) -> dict[str, Any]:
    error = error_of(response, status)
    assert not Filing.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(settings) == []
    return error


def test_an_attorney_not_in_the_case_is_refused(world, settings):
    refused = refused_and_nothing_filed(
        as_user(world["lawyer"]).post(filings_url(world["other_case"]), motion_form()), 403, settings
    )
    assert refused["code"] == "not_in_case"
    assert refused["message"].startswith("You do not appear in this case.")


def test_no_filing_rights_is_refused_before_anything_is_read(world, settings):
    reader = make_user("reader")
    refused = refused_and_nothing_filed(
        as_user(reader).post(filings_url(world["case"]), {"event": "nonsense"}), 403, settings
    )
    assert refused["message"].startswith("You do not have filing rights in this court.")
    anonymous = refused_and_nothing_filed(
        Client().post(filings_url(world["case"]), motion_form()), 401, settings
    )
    assert anonymous["code"] == "not_signed_in"


def test_a_case_of_another_court_is_not_found(world, cafc, settings):
    # The attorney files in both courts and appears in a case of the Federal Circuit ...
    appeal, appellant, _ = make_case(cafc, "Acme Corp.")
    in_cafc = attorney_create(court=cafc, name="Ann Lee", acting_user=None)
    FilingRightFactory.create(user=world["lawyer"], court=cafc, role=FilerRole.ATTORNEY, attorney=in_cafc)
    representation_add(party=appellant, attorney=in_cafc, acting_user=None)
    # ... which, under the Court of International Trade's address, is no case at all.
    url = f"/api/v1/courts/cit/cases/{appeal.pacer_case_number}/filings"
    refused = refused_and_nothing_filed(as_user(world["lawyer"]).post(url, motion_form()), 404, settings)
    assert refused["code"] == "case_not_found"
    assert refused["message"] == f"No case {appeal.pacer_case_number} was found in {world['court'].name}."


def test_a_sealed_case_of_others_is_not_found(world, cit, settings):
    sealed, _, _ = make_case(cit, "Hidden Co.", restriction=CaseRestriction.SEALED)
    refused = refused_and_nothing_filed(
        as_user(world["lawyer"]).post(filings_url(sealed), motion_form()), 404, settings
    )
    assert refused["code"] == "case_not_found"
    assert refused["message"] == f"No case {sealed.pacer_case_number} was found in {cit.name}."


def test_an_unknown_event_is_refused(world, settings):
    refused = refused_and_nothing_filed(
        as_user(world["lawyer"]).post(filings_url(world["case"]), motion_form(event="no_such_event")),
        400,
        settings,
    )
    assert refused["code"] == "unknown_event"
    assert refused["field"] == "event"


def test_a_bad_pdf_is_refused_naming_the_file(world, settings):
    form = motion_form()
    form["attachments"] = [
        pdf_file("exhibit-a.pdf"),
        SimpleUploadedFile("page.pdf", b"<html><body>not a pdf</body></html>"),
    ]
    refused = refused_and_nothing_filed(
        as_user(world["lawyer"]).post(filings_url(world["case"]), form), 400, settings
    )
    assert "page.pdf" in refused["message"]
    assert "Document is not a well-formed PDF document" in refused["message"]


def test_attachments_need_their_categories(world, settings):
    client = as_user(world["lawyer"])
    refused = refused_and_nothing_filed(
        client.post(filings_url(world["case"]), motion_form(attachment_categories=["Exhibit"])), 400, settings
    )
    assert refused["field"] == "attachment_categories"
    refused = refused_and_nothing_filed(
        client.post(filings_url(world["case"]), motion_form(attachment_categories=["Exhibit", "Nonsense"])),
        400,
        settings,
    )
    assert refused["code"] == "attachment_category"


def test_a_main_document_and_a_hundred_attachments_fit_in_one_request(world, settings):
    client = as_user(world["lawyer"])
    pdf = make_pdf("Exhibit")
    hundred = {
        "event": "motion",
        "document": pdf_file("motion.pdf"),
        "attachments": [SimpleUploadedFile(f"exhibit-{n}.pdf", pdf) for n in range(100)],
        # Read, and refused at the first attachment's category: every file arrived.
        "attachment_categories": ["Nonsense"] + ["Exhibit"] * 99,
    }
    refused = refused_and_nothing_filed(client.post(filings_url(world["case"]), hundred), 400, settings)
    assert refused["code"] == "attachment_category"
    assert refused["message"].startswith("exhibit-0.pdf: choose the attachment's category")
    too_many = {**hundred, "attachments": [SimpleUploadedFile(f"e{n}.pdf", pdf) for n in range(101)]}
    assert error_of(client.post(filings_url(world["case"]), too_many), 400)["code"] == "bad_request"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("parties", "²"),
        ("parties", "99999999999"),
        ("related_entries", "-1"),
        ("prompted_date", "2026-02-30"),
    ],
)
def test_numbers_and_dates_are_parsed_strictly(world, settings, field, value):
    refused = refused_and_nothing_filed(
        as_user(world["lawyer"]).post(filings_url(world["case"]), motion_form(**{field: value})),
        400,
        settings,
    )
    assert refused["field"] == field


def test_parties_must_be_the_filers(world, settings):
    client = as_user(world["lawyer"])
    refused = refused_and_nothing_filed(
        client.post(filings_url(world["case"]), motion_form(parties=[str(world["defendant"].pk)])),
        400,
        settings,
    )
    assert refused["field"] == "parties"
    response = client.post(filings_url(world["case"]), motion_form(parties=[str(world["plaintiff"].pk)]))
    assert response.status_code == 201, response.content


def test_suspended_filing_is_refused_with_the_notice(world, cit, clerk, settings):
    maintenance_window_set(
        court=cit,
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=2),
        notice="CM/ECF is down for an upgrade until 1 p.m.",
        acting_user=clerk,
    )
    client = as_user(world["lawyer"])
    refused = refused_and_nothing_filed(client.post(filings_url(world["case"]), motion_form()), 403, settings)
    assert refused["code"] == "filing_suspended"
    assert refused["message"] == "Electronic filing is suspended: CM/ECF is down for an upgrade until 1 p.m."
    assert error_of(client.post(f"{filings_url(world['case'])}/check", motion_form()), 403)["code"] == (
        "filing_suspended"
    )


def test_form_fields_over_the_request_limit_are_413_but_a_50_mb_pdf_is_accepted(world, settings):
    client = as_user(world["lawyer"])
    too_long = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    refused = error_of(client.post(filings_url(world["case"]), motion_form(new_party_name=too_long)), 413)
    assert refused["code"] == "request_too_large"
    big = big_pdf(49 * 1024 * 1024)
    assert len(big) > 48 * 1024 * 1024
    form = {"event": "motion", "document": SimpleUploadedFile("big.pdf", big)}
    response = client.post(f"{filings_url(world['case'])}/check", form)
    assert response.status_code == 200, response.content[:500]
    assert response.json()["documents"][0]["filename"] == "big.pdf"


def big_pdf(size: int) -> bytes:
    """A one-page PDF with text, made about `size` bytes long by an incompressible embedded image."""
    pdf = pikepdf.open(io.BytesIO(make_pdf("A large scanned exhibit")))
    side = int((size / 3) ** 0.5)
    image = pdf.make_stream(
        os.urandom(side * side * 3),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=side,
        Height=side,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
    )
    page = pdf.pages[0]
    page.Resources.XObject = pikepdf.Dictionary(Im1=image)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


# --- opening a case with a fee ------------------------------------------------------------------------------


def summons_form(card_number: str, **extra: Any) -> dict[str, Any]:
    return {
        "event": "summons",
        "document": pdf_file("summons.pdf", "Summons"),
        "plaintiffs": ["Zenith Imports LLC"],
        "short_title": "Zenith Imports LLC v. United States",
        "nature_of_suit": "Antidumping",
        "card_number": card_number,
        **EXPIRY,
        **extra,
    }


def test_opening_a_case_pays_the_fee(world, django_capture_on_commit_callbacks):
    client = as_user(world["lawyer"])
    check = client.post("/api/v1/courts/cit/filings/check", summons_form("4111111111111111"))
    assert check.status_code == 200, check.content
    assert check.json()["fee"] == "150.00"
    assert check.json()["case_number"] is None
    assert check.json()["parties"] == [
        {"id": None, "name": "Zenith Imports LLC", "role": "plaintiff", "role_label": "Plaintiff"}
    ]
    assert not FeePayment.objects.exists()
    cases = Case.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/courts/cit/filings", summons_form("4111 1111 1111 1111"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["fee"] == "150.00"
    assert body["entry_number"] == 1
    assert Case.objects.count() == cases + 1
    new_case = Case.objects.get(short_title="Zenith Imports LLC v. United States")
    assert body["case_number"] == new_case.pacer_case_number
    payment = FeePayment.objects.get()
    assert (payment.status, payment.amount, payment.last4) == (
        FeePaymentStatus.CAPTURED,
        Decimal("150.00"),
        "1111",
    )
    assert Filing.objects.get().fee_payment == payment
    # The new case is one the attorney files in now.
    mine = client.get("/api/v1/courts/cit/my-cases").json()
    assert new_case.pacer_case_number in {item["docket_number"] for item in mine["items"]}


def test_a_declined_card_files_nothing_and_opens_no_case(world, settings):
    cases = Case.objects.count()
    response = as_user(world["lawyer"]).post("/api/v1/courts/cit/filings", summons_form("4000000000000002"))
    refused = refused_and_nothing_filed(response, 400, settings)
    assert refused == {
        "code": "card_declined",
        "message": "The card was declined by its issuer. Use a different card.",
        "field": "card_number",
    }
    assert Case.objects.count() == cases
    assert not FeePayment.objects.exists()


def test_the_fee_needs_a_card_and_card_fields_are_named_as_sent(world, settings):
    client = as_user(world["lawyer"])
    form = summons_form("")
    for name in EXPIRY:
        form.pop(name)
    refused = refused_and_nothing_filed(client.post("/api/v1/courts/cit/filings", form), 400, settings)
    assert (refused["code"], refused["field"]) == ("fee_required", "card_number")
    refused = refused_and_nothing_filed(
        client.post("/api/v1/courts/cit/filings", summons_form("4111111111111111", card_cvv="12")),
        400,
        settings,
    )
    assert refused["field"] == "card_cvv"
    refused = refused_and_nothing_filed(
        client.post("/api/v1/courts/cit/filings", summons_form("4111111111111111", card_exp_month="13")),
        400,
        settings,
    )
    assert refused["field"] == "card_exp_month"


def test_a_case_opening_event_is_not_filed_in_a_case_and_needs_plaintiffs(world, settings):
    client = as_user(world["lawyer"])
    refused = refused_and_nothing_filed(
        client.post(filings_url(world["case"]), summons_form("4111111111111111")), 400, settings
    )
    assert refused["field"] == "case_number"
    refused = refused_and_nothing_filed(
        client.post("/api/v1/courts/cit/filings", summons_form("4111111111111111", plaintiffs=[])),
        400,
        settings,
    )
    assert refused["field"] == "plaintiffs"


def test_schema_names_are_unique_in_the_openapi_document():
    # ninja names a component after its class: a second `PartyOut` would silently replace the docket's.
    import inspect

    from ninja import Schema

    from openecf.api import auth, filing_schemas, schemas

    names = [
        name
        for module in (schemas, filing_schemas, auth)
        for name, value in vars(module).items()
        if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__
    ]
    assert len(names) == len(set(names)), sorted(names)
