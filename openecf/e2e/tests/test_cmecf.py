"""CM/ECF sign-on to the CIT in Chromium: linking a legacy filer login, a failed link, filing access."""

from __future__ import annotations

import pytest

from openecf.audit.models import AuditEvent
from openecf.e2e.tests.helpers import (
    CLERK_PASSWORD,
    check_box,
    cit_clerk,
    log_in,
    pacer_account,
    submit_login,
    submit_login_with_code,
)
from openecf.filers.legacy_logins import legacy_filer_accounts_import
from openecf.filers.linking import LINK_FAILED
from openecf.filers.models import (
    FilerRole,
    FilingAccessRequest,
    FilingRight,
    LegacyFilerAccount,
    RequestStatus,
)

PASSWORD = "granite steps to the river"
LEGACY_PASSWORD = "old-cmecf-password-1"


@pytest.fixture
def court(transactional_db):
    cit, clerk = cit_clerk()
    legacy_filer_accounts_import(
        court=cit,
        csv_text=(
            "login,password,name,email,role,bar_number\n"
            f"kwhitfield,{LEGACY_PASSWORD},Karen Whitfield,kwhitfield@example.org,attorney,NY-2210456\n"
        ),
        acting_user=clerk,
    )
    return cit, clerk


@pytest.fixture
def applicant(court):
    return pacer_account("karen.whitfield", PASSWORD)


def sign_on_to_cit(page, username: str) -> None:
    """From the court's site through the central PACER login and back, past the redaction rules."""
    page.goto("/cit/")
    page.click("text=CM/ECF Document Filing System")
    assert page.url.endswith("/pacer/login/?next=/cit/cmecf/")
    submit_login(page, username, PASSWORD)
    assert "/cit/cmecf/redaction/" in page.url
    check_box(page, "id_acknowledge")
    page.click("#redaction-continue")


def test_linking_a_legacy_filer_login_to_a_pacer_account(page, court, applicant):
    sign_on_to_cit(page, "karen.whitfield")
    assert page.locator("#cmecf-attention").is_visible()
    page.click("#choice-link")
    page.fill("#id_login", "kwhitfield")
    page.fill("#id_password", LEGACY_PASSWORD)
    page.click("#link-submit")

    accounts = page.inner_text("#link-accounts")
    assert "Karen Whitfield (login kwhitfield, U.S. Court of International Trade)" in accounts
    assert "username karen.whitfield" in accounts
    assert LegacyFilerAccount.objects.get(login="kwhitfield").linked_user is None
    page.click("#link-confirm")

    assert "now linked to your upgraded PACER account karen.whitfield" in page.inner_text("#link-done")
    legacy = LegacyFilerAccount.objects.get(login="kwhitfield")
    assert legacy.linked_user == applicant
    assert FilingRight.objects.filter(user=applicant, court="cit", role=FilerRole.ATTORNEY).exists()
    assert AuditEvent.objects.filter(kind="filer_account.linked", court="cit").count() == 1

    # The old CM/ECF login no longer signs in: it sends the filer to the PACER login.
    page.goto("/cit/cmecf/legacy-login/")
    page.fill("#id_login", "kwhitfield")
    page.fill("#id_password", LEGACY_PASSWORD)
    page.click("#legacy-login-submit")
    answer = page.inner_text("#legacy-login-answer")
    assert "linked to a PACER account and no longer signs in" in answer
    assert "using your PACER login information" in answer


def test_a_failed_link_says_to_type_the_login_in_lowercase(page, court, applicant):
    sign_on_to_cit(page, "karen.whitfield")
    page.click("#choice-link")
    page.fill("#id_login", "KWhitfield")
    page.fill("#id_password", LEGACY_PASSWORD)
    page.click("#link-submit")

    assert LINK_FAILED in page.inner_text("#link-form")
    assert LINK_FAILED == (
        "If the linking process failed, please try again. Make sure your username is all lowercase."
    )
    assert page.locator("#link-accounts").count() == 0
    assert LegacyFilerAccount.objects.get(login="kwhitfield").linked_user is None
    assert not FilingRight.objects.filter(user=applicant).exists()
    assert AuditEvent.objects.filter(kind="filer_account.link_failed", acting_user=applicant).count() == 1


def test_request_for_filing_access_approved_by_the_clerk_and_told_by_email(
    page, new_page, court, applicant, smtp_server
):
    cit, clerk = court
    sign_on_to_cit(page, "karen.whitfield")
    page.click("#choice-request")
    check_box(page, "id_role_0")  # Attorney
    page.fill("#id_bar_number", "NY-2210456")
    page.fill("#id_bar_state", "New York")
    page.fill("#id_bar_admission_date", "2014-09-15")
    page.click("#request-access-submit")
    assert "as Attorney" in page.inner_text("#request-access-done")
    asked = FilingAccessRequest.objects.get(user=applicant, court=cit)
    assert (asked.role, asked.status, asked.bar_number) == (
        FilerRole.ATTORNEY,
        RequestStatus.PENDING,
        "NY-2210456",
    )
    assert smtp_server.messages == []

    clerk_page = new_page()
    clerk_page.goto("/cit/cmecf/clerk/filing-access/")
    submit_login_with_code(clerk_page, clerk.username, CLERK_PASSWORD)
    row = clerk_page.locator(f"#request-{asked.pk}")
    assert "karen.whitfield" in row.inner_text() and "Bar NY-2210456 (New York)" in row.inner_text()
    clerk_page.fill(f"#reason-{asked.pk}", "Admitted to the bar of this court.")
    clerk_page.click(f"#approve-{asked.pk}")
    assert "No pending request." in clerk_page.inner_text("#pending-requests")
    assert "Approved" in clerk_page.inner_text("#decided-requests")

    asked.refresh_from_db()
    assert asked.status == RequestStatus.APPROVED and asked.decided_by == clerk
    assert FilingRight.objects.filter(user=applicant, court=cit, role=FilerRole.ATTORNEY).exists()
    [mail] = smtp_server.messages_to("karen.whitfield@example.org")
    assert mail.subject == "U.S. Court of International Trade: filing access approved"
    assert "as Attorney was approved" in mail.body
    assert "Note from the clerk: Admitted to the bar of this court." in mail.body

    # The applicant now files there, so the next login asks for a second factor first.
    later = new_page()
    log_in(later, "karen.whitfield", PASSWORD)
    assert later.url.endswith("/pacer/login/mfa-setup/")
