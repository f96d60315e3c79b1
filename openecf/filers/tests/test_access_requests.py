"""Requests for filing access: who may ask, what each filer role needs, the clerk's queue, the e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from openecf.access.policy import Action, may
from openecf.accounts.models import AccountStatus, UserType
from openecf.audit.models import AuditEvent
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.models import CourtRoleKind
from openecf.docket.models import EntryRestriction, Event
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.errors import Conflict, Forbidden, InvalidInput, NotFound
from openecf.filers.access_requests import filing_access_approve, filing_access_deny, filing_access_request
from openecf.filers.models import FilerRole, FilingAccessRequest, FilingRight, RequestStatus
from openecf.filers.tests.helpers import (
    confirm_mfa,
    grant_right,
    legacy_user,
    make_staff,
    make_user,
    signed_in,
)

pytestmark = pytest.mark.django_db

ATTORNEY = {
    "role": FilerRole.ATTORNEY,
    "bar_number": "NY4455",
    "bar_state": "New York",
    "bar_admission_date": dt.date(2015, 6, 1),
}


def ask(user, court, **fields):
    return filing_access_request(user=user, court=court, acting_user=user, **fields)


@pytest.fixture
def clerk_cit(cit):
    return make_staff("citclerk", cit, CourtRoleKind.CLERK)


# --- requests -------------------------------------------------------------------------------------


def test_attorney_request_needs_bar_details(cit):
    user = make_user("jane")
    with pytest.raises(InvalidInput, match="bar number"):
        ask(user, cit, **{**ATTORNEY, "bar_number": ""})
    with pytest.raises(InvalidInput, match="state of your bar"):
        ask(user, cit, **{**ATTORNEY, "bar_state": ""})
    with pytest.raises(InvalidInput, match="admitted to this court's bar"):
        ask(user, cit, **{**ATTORNEY, "bar_admission_date": None})
    with pytest.raises(InvalidInput, match="future"):
        ask(user, cit, **{**ATTORNEY, "bar_admission_date": dt.date(2999, 1, 1)})
    request = ask(user, cit, **ATTORNEY)
    assert request.status == RequestStatus.PENDING
    assert request.bar_number == "NY4455"
    assert AuditEvent.objects.filter(kind="filing_access.requested", court=cit).count() == 1


def test_pro_hac_vice_needs_a_sponsoring_attorney_not_an_admission_date(cit):
    user = make_user("visitor")
    fields = {**ATTORNEY, "bar_admission_date": None, "pro_hac_vice": True}
    with pytest.raises(InvalidInput, match="sponsoring attorney"):
        ask(user, cit, **fields)
    request = ask(user, cit, **fields, sponsoring_attorney_name="  Frank   H. Morgan ")
    assert request.pro_hac_vice
    assert request.sponsoring_attorney_name == "Frank H. Morgan"


def test_pro_se_request(cit):
    request = ask(make_user("self"), cit, role=FilerRole.PRO_SE, bar_number="ignored")
    assert request.role == FilerRole.PRO_SE
    assert request.bar_number == ""


def test_filing_agent_names_an_attorney_who_files_in_the_court(cit, cafc):
    attorney = make_user("counsel")
    grant_right(attorney, cafc)
    agent = make_user("agent")
    with pytest.raises(InvalidInput, match="attorney with filing rights in this court"):
        ask(agent, cit, role=FilerRole.FILING_AGENT, for_attorney_username="counsel")
    with pytest.raises(InvalidInput, match="attorney with filing rights"):
        ask(agent, cit, role=FilerRole.FILING_AGENT, for_attorney_username="nobody")
    grant_right(agent, cit)
    with pytest.raises(InvalidInput, match="attorney with filing rights"):
        ask(agent, cit, role=FilerRole.FILING_AGENT, for_attorney_username="agent")
    grant_right(attorney, cit)
    request = ask(agent, cit, role=FilerRole.FILING_AGENT, for_attorney_username="COUNSEL")
    assert request.for_attorney == attorney


def test_shared_legacy_and_anonymous_accounts_may_not_ask(cit):
    with pytest.raises(Forbidden, match="shared"):
        ask(make_user("firm", shared_account=True), cit, role=FilerRole.PRO_SE)
    with pytest.raises(Forbidden, match="legacy"):
        ask(legacy_user(), cit, role=FilerRole.PRO_SE)
    assert ask(make_user("waiting", status=AccountStatus.INACTIVE), cit, role=FilerRole.PRO_SE)
    assert not FilingAccessRequest.objects.filter(user__shared_account=True).exists()


def test_one_pending_request_per_role_and_none_for_a_right_already_held(cit):
    user = make_user("jane")
    ask(user, cit, **ATTORNEY)
    with pytest.raises(Conflict, match="not decided yet"):
        ask(user, cit, **ATTORNEY)
    ask(user, cit, role=FilerRole.PRO_SE)
    holder = make_user("holder")
    grant_right(holder, cit)
    with pytest.raises(Conflict, match="already have filing rights"):
        ask(holder, cit, **ATTORNEY)


def test_nobody_asks_for_someone_else(cit):
    with pytest.raises(InvalidInput, match="owner"):
        filing_access_request(user=make_user("jane"), court=cit, acting_user=make_user("bob"), role="pro_se")
    with pytest.raises(InvalidInput, match="Choose a filer role"):
        ask(make_user("x"), cit, role="judge")


# --- Confidential Information Filers --------------------------------------------------------------


@pytest.fixture
def trade_case(cit):
    return case_open(
        court=cit, caption="Steel Co. v. United States", date_filed=dt.date(2020, 3, 2), acting_user=None
    )


def form(cit, code):
    return Event.objects.get_or_create(court=cit, code=code, defaults={"label": code, "menu": "Notices"})[0]


def file_entry(case, *, event=None, text="", by=None, restriction=EntryRestriction.PUBLIC):
    documents = [DocumentUpload(make_pdf(text or "form"))] if event is not None else []
    return docket_entry_with_documents_create(
        case=case, event=event, text=text, acting_user=by, restriction=restriction, documents=documents
    )


def test_cif_with_a_form_17_filed_from_the_account(cit, trade_case):
    event, _ = Event.objects.update_or_create(
        court=cit,
        code="form17_attorney",
        defaults={
            "label": "Form 17 Business Proprietary Information Certification (attorney)",
            "menu": "Notices",
        },
    )
    user = make_user("bpi")
    with pytest.raises(InvalidInput, match="No Form 17 filed by your account"):
        ask(user, cit, role=FilerRole.CONFIDENTIAL_INFORMATION_FILER, cif_basis="form17")
    file_entry(trade_case, event=event, text="Form 17 certification.", by=user)
    request = ask(user, cit, role=FilerRole.CONFIDENTIAL_INFORMATION_FILER, cif_basis="form17")
    assert request.cif_basis == "form17"
    assert "filed by this account: 1:20-cv-00001 entry 1" in request.statement


def test_cif_naming_the_case_and_entry_of_the_form(cit, trade_case):
    file_entry(trade_case, text="Complaint.")
    file_entry(trade_case, text="FORM 17 BUSINESS PROPRIETARY INFORMATION CERTIFICATION by Jane Doe.")
    file_entry(trade_case, text="Form 17 under seal.", restriction=EntryRestriction.SEALED)
    user = make_user("bpi")
    cif = {"role": FilerRole.CONFIDENTIAL_INFORMATION_FILER, "cif_basis": "form17"}
    with pytest.raises(InvalidInput, match=r"Entry 1 of Court No\. 20-00001 is not a Form 17"):
        ask(user, cit, **cif, cif_case_number="1:20-cv-00001", cif_entry_number=1)
    with pytest.raises(InvalidInput, match="is not a Form 17"):
        ask(user, cit, **cif, cif_case_number="1:20-cv-00001", cif_entry_number=3)
    with pytest.raises(InvalidInput, match="is not a Form 17"):
        ask(user, cit, **cif, cif_case_number="1:20-cv-00001", cif_entry_number=99)
    with pytest.raises(NotFound):
        ask(user, cit, **cif, cif_case_number="1:20-cv-09999", cif_entry_number=2)
    request = ask(user, cit, **cif, cif_case_number="Court No. 20-00001", cif_entry_number=2)
    assert "named by the applicant: 1:20-cv-00001 entry 2" in request.statement


def test_cif_form_in_a_sealed_case_is_not_found(cit, trade_case):
    file_entry(trade_case, text="Form 17 certification.")
    trade_case.restriction = CaseRestriction.SEALED
    trade_case.save(update_fields=["restriction"])
    with pytest.raises(NotFound):
        ask(
            make_user("bpi"),
            cit,
            role=FilerRole.CONFIDENTIAL_INFORMATION_FILER,
            cif_basis="form17",
            cif_case_number="1:20-cv-00001",
            cif_entry_number=1,
        )


def test_cif_form_11_is_for_government_attorneys(cit, trade_case):
    file_entry(trade_case, event=form(cit, "form11"), text="Form 11 Notice of Appearance.")
    cif = {
        "role": FilerRole.CONFIDENTIAL_INFORMATION_FILER,
        "cif_basis": "government_form11",
        "cif_case_number": "1:20-cv-00001",
        "cif_entry_number": 1,
    }
    with pytest.raises(InvalidInput, match="Only a government account"):
        ask(make_user("private"), cit, **cif)
    assert (
        ask(make_user("doj", user_type=UserType.FEDERAL_GOVERNMENT), cit, **cif).cif_basis
        == "government_form11"
    )
    assert ask(make_user("agency", government_account=True), cit, **cif)
    with pytest.raises(InvalidInput, match="Form 17 on file"):
        ask(make_user("nobasis"), cit, role=FilerRole.CONFIDENTIAL_INFORMATION_FILER, cif_basis="")


# --- decisions ------------------------------------------------------------------------------------


def test_clerk_approves_once_and_the_applicant_is_emailed(
    cit, clerk_cit, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user("jane")
    request = ask(user, cit, **ATTORNEY)
    with django_capture_on_commit_callbacks(execute=True):
        right = filing_access_approve(request=request, acting_user=clerk_cit, reason="Welcome")
    assert right.role == FilerRole.ATTORNEY
    assert right.bar_number == "NY4455"
    assert right.bar_state == "New York"
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert request.decided_by == clerk_cit
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["jane@example.com"]
    assert "approved" in mailoutbox[0].subject
    assert "Welcome" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict, match="already approved"):
        filing_access_approve(request=request, acting_user=clerk_cit)
    with pytest.raises(Conflict, match="already approved"):
        filing_access_deny(request=request, acting_user=clerk_cit, reason="changed my mind")
    assert FilingRight.objects.filter(user=user).count() == 1
    assert len(mailoutbox) == 1
    confirm_mfa(user)
    assert may(user, Action.FILE, court=cit)


def test_clerk_denies_with_a_reason(cit, clerk_cit, mailoutbox, django_capture_on_commit_callbacks):
    request = ask(make_user("jane"), cit, role=FilerRole.PRO_SE)
    with pytest.raises(InvalidInput, match="reason"):
        filing_access_deny(request=request, acting_user=clerk_cit, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        filing_access_deny(request=request, acting_user=clerk_cit, reason="Not a party to any case.")
    request.refresh_from_db()
    assert request.status == RequestStatus.DENIED
    assert request.reason == "Not a party to any case."
    assert not FilingRight.objects.exists()
    assert "Not a party to any case." in mailoutbox[0].body
    assert AuditEvent.objects.filter(kind="filing_access.denied").count() == 1


def test_nothing_is_emailed_when_the_approval_rolls_back(
    cit, clerk_cit, mailoutbox, django_capture_on_commit_callbacks
):
    attorney = make_user("counsel")
    right = grant_right(attorney, cit)
    request = ask(make_user("agent"), cit, role=FilerRole.FILING_AGENT, for_attorney_username="counsel")
    right.revoked_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    right.save(update_fields=["revoked_at"])
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Conflict, match="no longer has filing rights"),
    ):
        filing_access_approve(request=request, acting_user=clerk_cit)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    assert mailoutbox == []


def test_filing_agent_approval_records_the_attorney(cit, clerk_cit):
    attorney = make_user("counsel")
    grant_right(attorney, cit)
    request = ask(make_user("agent"), cit, role=FilerRole.FILING_AGENT, for_attorney_username="counsel")
    right = filing_access_approve(request=request, acting_user=clerk_cit)
    assert right.role == FilerRole.FILING_AGENT
    assert right.sponsoring_attorney == attorney


def test_other_courts_clerk_judges_and_applicants_cannot_decide(cit, cafc):
    request = ask(make_user("jane"), cit, **ATTORNEY)
    for outsider in (
        make_staff("fcclerk", cafc, CourtRoleKind.CLERK),
        make_staff("citjudge", cit, CourtRoleKind.JUDGE),
        request.user,
    ):
        with pytest.raises(NotFound):
            filing_access_approve(request=request, acting_user=outsider)
        with pytest.raises(NotFound):
            filing_access_deny(request=request, acting_user=outsider, reason="no")
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    help_desk = make_staff("cithelp", cit, CourtRoleKind.HELP_DESK)
    assert filing_access_approve(request=request, acting_user=help_desk)


# --- pages ----------------------------------------------------------------------------------------


def test_request_page_and_clerk_queue(client, cit, clerk_cit, mailoutbox, django_capture_on_commit_callbacks):
    jane = make_user("jane")
    signed_in(client, jane, cit)
    page = client.get("/cit/cmecf/request-access/")
    for name in (
        "role",
        "bar_number",
        "bar_state",
        "bar_admission_date",
        "pro_hac_vice",
        "sponsoring_attorney_name",
        "for_attorney_username",
        "cif_basis",
        "cif_case_number",
        "cif_entry_number",
        "statement",
    ):
        assert f'name="{name}"'.encode() in page.content
    missing = client.post("/cit/cmecf/request-access/", {"role": "attorney", "bar_state": "New York"})
    assert missing.status_code == 400
    assert b"Give your bar number." in missing.content
    sent = client.post(
        "/cit/cmecf/request-access/",
        {
            "role": "attorney",
            "bar_number": "NY4455",
            "bar_state": "New York",
            "bar_admission_date": "2015-06-01",
        },
    )
    assert sent.status_code == 200
    assert b"sent to the clerk" in sent.content
    request = FilingAccessRequest.objects.get(user=jane)
    clerk_client = Client()
    clerk_client.force_login(clerk_cit)
    queue = clerk_client.get("/cit/cmecf/clerk/filing-access/")
    assert queue.status_code == 200
    assert b"NY4455" in queue.content
    assert f'id="approve-{request.pk}"'.encode() in queue.content
    with django_capture_on_commit_callbacks(execute=True):
        done = clerk_client.post(f"/cit/cmecf/clerk/filing-access/{request.pk}/", {"decision": "approve"})
    assert done["Location"] == "/cit/cmecf/clerk/filing-access/"
    assert FilingRight.objects.filter(user=jane, court=cit).exists()
    assert len(mailoutbox) == 1
    twice = clerk_client.post(f"/cit/cmecf/clerk/filing-access/{request.pk}/", {"decision": "approve"})
    assert twice.status_code == 400
    assert b"already approved" in twice.content
    assert FilingRight.objects.filter(user=jane, court=cit).count() == 1
    assert b"Approved" in client.get("/cit/cmecf/request-access/").content


def test_deny_page_requires_a_reason(client, cit, clerk_cit):
    request = ask(make_user("jane"), cit, role=FilerRole.PRO_SE)
    client.force_login(clerk_cit)
    refused = client.post(f"/cit/cmecf/clerk/filing-access/{request.pk}/", {"decision": "deny", "reason": ""})
    assert refused.status_code == 400
    assert b"Give the reason for the denial" in refused.content
    assert (
        client.post(f"/cit/cmecf/clerk/filing-access/{request.pk}/", {"decision": "maybe"}).status_code == 400
    )
    denied = client.post(
        f"/cit/cmecf/clerk/filing-access/{request.pk}/", {"decision": "deny", "reason": "No."}
    )
    assert denied.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.DENIED


def test_queue_and_decisions_are_hidden_from_other_courts_and_forged_ids(client, cit, cafc, clerk_cit):
    request = ask(make_user("jane"), cit, **ATTORNEY)
    fc_clerk = make_staff("fcclerk", cafc, CourtRoleKind.CLERK)
    client.force_login(fc_clerk)
    assert client.get("/cit/cmecf/clerk/filing-access/").status_code == 404
    assert (
        client.post(f"/cit/cmecf/clerk/filing-access/{request.pk}/", {"decision": "approve"}).status_code
        == 404
    )
    assert (
        client.post(f"/cafc/cmecf/clerk/filing-access/{request.pk}/", {"decision": "approve"}).status_code
        == 404
    )
    assert client.get("/cafc/cmecf/clerk/filing-access/").status_code == 200
    assert b"jane" not in client.get("/cafc/cmecf/clerk/filing-access/").content
    applicant = Client()
    applicant.force_login(request.user)
    assert applicant.get("/cit/cmecf/clerk/filing-access/").status_code == 404
    assert (
        applicant.post(f"/cit/cmecf/clerk/filing-access/{request.pk}/", {"decision": "approve"}).status_code
        == 404
    )
    clerk = Client()
    clerk.force_login(clerk_cit)
    assert clerk.post("/cit/cmecf/clerk/filing-access/999999/", {"decision": "approve"}).status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    assert not FilingRight.objects.exists()


def test_shared_account_sees_why_it_cannot_ask(client, cit):
    signed_in(client, make_user("firm", shared_account=True), cit)
    page = client.get("/cit/cmecf/request-access/")
    assert b"DO NOT login with a shared/firm PACER account" in page.content
    response = client.post("/cit/cmecf/request-access/", {"role": "pro_se"})
    assert response.status_code == 400
    assert not FilingAccessRequest.objects.exists()


def test_request_and_decision_forms_need_csrf(cit, clerk_cit):
    jane = make_user("jane")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(jane)
    assert strict.post("/cit/cmecf/request-access/", {"role": "pro_se"}).status_code == 403
    request = ask(jane, cit, role=FilerRole.PRO_SE)
    clerk = Client(enforce_csrf_checks=True)
    clerk.force_login(clerk_cit)
    assert (
        clerk.post(f"/cit/cmecf/clerk/filing-access/{request.pk}/", {"decision": "approve"}).status_code
        == 403
    )
    assert clerk.post("/cit/cmecf/logout/").status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


@pytest.mark.parametrize("number", ["\u0662", "\u00b2", "\u2461", "\uff12", "9" * 30, "0", "-2"])
def test_a_form_entry_number_not_in_ascii_digits_is_refused_naming_the_field(client, cit, trade_case, number):
    file_entry(trade_case, text="Complaint.")
    file_entry(trade_case, text="Form 17 Business Proprietary Information Certification.")
    signed_in(client, make_user("bpi"), cit)
    response = client.post(
        "/cit/cmecf/request-access/",
        {
            "role": FilerRole.CONFIDENTIAL_INFORMATION_FILER,
            "cif_basis": "form17",
            "cif_case_number": "1:20-cv-00001",
            "cif_entry_number": number,
        },
    )
    assert response.status_code == 400
    assert "Docket entry number of the form" in response.content.decode()
    assert "digits 0-9" in response.content.decode()
    assert not FilingAccessRequest.objects.exists()


def test_a_decision_with_a_refused_reason_says_what_is_wrong_with_the_reason(client, cit, clerk_cit):
    asked = ask(make_user("jane"), cit, role=FilerRole.PRO_SE)
    client.force_login(clerk_cit)
    response = client.post(
        f"/cit/cmecf/clerk/filing-access/{asked.pk}/", {"decision": "approve", "reason": "Welcome\u202e"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "text-direction control characters" in body
    assert "Choose Approve or Deny" not in body
    asked.refresh_from_db()
    assert asked.status == RequestStatus.PENDING
