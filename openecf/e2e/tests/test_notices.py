"""Notices in Chromium, in the embedded default (tasks in-process after commit, mail to the file outbox): an
attorney files a motion through the wizard; the clerk opens the court's Notices outbox from the staff menu
and reads the Notice of Electronic Filing as it was sent, in its sandboxed frame; the filer sees each
recipient's delivery state and the party served by other means. No page breaks the Content-Security-Policy
or axe's rules."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import transaction
from playwright.sync_api import Page

from openecf.cases.models import Case, PartyRole
from openecf.cases.services import (
    attorney_create,
    case_open,
    party_add,
    party_postal_address_set,
    representation_add,
)
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.documents.testing import make_pdf
from openecf.e2e.tests.helpers import (
    CLERK_PASSWORD,
    attorney_filer,
    check_box,
    cit_clerk,
    pacer_account,
    staff_authenticator_give,
    submit_login_with_code,
)
from openecf.e2e.tests.test_filing_wizard import CSP_RECORDER, accessibility, step_shown
from openecf.filers.rights import attorney_record_ensure
from openecf.filing.models import Filing
from openecf.notices.models import DeliveryState, NoticeDelivery

PASSWORD = "lanterns along the towpath"
COUNSEL_EMAIL = "trial.attorney@civil.example.gov"


@pytest.fixture
def outbox_dir(settings, tmp_path: Path) -> Path:
    """The embedded default's delivery: in this process after commit, into a folder of e-mail files."""
    folder = tmp_path / "outbox"
    settings.TASK_BACKEND = "inprocess"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    return folder


@pytest.fixture
def case(transactional_db, settings, outbox_dir) -> Case:
    """The CIT with its events and a clerk; the plaintiff's attorney files (Nora Quill), the defendant's is
    e-mailed, and an unregistered intervenor is served by mail."""
    settings.OPENECF_RATE_LIMITS_ENABLED = False
    cit, clerk = cit_clerk()
    event_dictionary_load(court=cit, acting_user=None)
    attorney = pacer_account("nora.quill", PASSWORD)
    attorney.first_name, attorney.last_name = "Nora", "Quill"
    attorney.save(update_fields=["first_name", "last_name"])
    attorney_filer(attorney, cit, clerk)
    staff_authenticator_give(attorney)
    case = case_open(
        court=cit,
        caption="Harbor Steel Inc., Plaintiff, v. United States, Defendant.",
        short_title="Harbor Steel Inc. v. United States",
        date_filed=dt.date(2026, 1, 12),
        acting_user=None,
    )
    plaintiff = party_add(case=case, name="Harbor Steel Inc.", role=PartyRole.PLAINTIFF, acting_user=None)
    defendant = party_add(case=case, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
    intervenor = party_add(
        case=case, name="Tidewater Wire LLC", role=PartyRole.DEFENDANT_INTERVENOR, acting_user=None
    )
    party_postal_address_set(
        party=intervenor, postal_address="12 Dock Street\nBaltimore, MD 21202", acting_user=None
    )
    with transaction.atomic():
        record = attorney_record_ensure(user=attorney, court=cit, acting_user=None)
        representation_add(party=plaintiff, attorney=record, acting_user=None)
        counsel = attorney_create(court=cit, name="Lee Trial", email=COUNSEL_EMAIL, acting_user=None)
        representation_add(party=defendant, attorney=counsel, acting_user=None)
    return case


def file_a_motion(page: Page, case: Case) -> Filing:
    """Through the wizard, as the filing test does, to the Notice of Electronic Filing on screen."""
    page.goto("/cit/cmecf/")
    submit_login_with_code(page, "nora.quill", PASSWORD)
    check_box(page, "id_acknowledge")
    page.click("#redaction-continue")
    page.click("summary:has-text('Filing')")
    page.click("#menu-link-filing")
    step_shown(page, "Event")
    page.click("#event-categories a:has-text('Motions')")
    page.click("#event-motion")
    step_shown(page, "Case")
    page.fill("#id_case_number", case.pacer_case_number)
    page.click("#case-find")
    page.wait_for_selector("#case-caption")
    page.click("#case-confirm-submit")
    step_shown(page, "Parties")
    page.click("#parties-next")
    step_shown(page, "Documents")
    page.set_input_files(
        "#id_document",
        {"name": "motion-to-stay.pdf", "mimeType": "application/pdf", "buffer": make_pdf("Motion to stay")},
    )
    page.click("#upload-submit")
    page.wait_for_selector("#upload-0:has-text('motion-to-stay.pdf')")
    page.click("#documents-next")
    step_shown(page, "Questions")
    page.click("#prompts-next")
    step_shown(page, "Review and file")
    page.fill("#id_docket_text_extra", "to stay the proceedings")
    page.click("#review-update")
    page.wait_for_selector("#docket-text-preview:has-text('to stay the proceedings')")
    page.click("#review-submit")
    page.wait_for_url(re.compile(r".*/cit/cmecf/filing/\d+/notice/$"))
    return Filing.objects.get()


def test_the_clerk_reads_the_notice_in_the_outbox_and_the_filer_sees_who_got_it(
    page: Page, new_page, case: Case, outbox_dir: Path
):
    failures: list[str] = []
    filing = file_a_motion(page, case)

    # Delivered in-process after the filing committed: one message per recipient in the file outbox.
    deliveries = {d.name: d for d in NoticeDelivery.objects.filter(notice__filing=filing)}
    assert set(deliveries) == {"Nora Quill", "Lee Trial"}, deliveries
    assert {d.state for d in deliveries.values()} == {DeliveryState.SENT}
    mailed = "".join(path.read_text() for path in outbox_dir.iterdir())
    assert COUNSEL_EMAIL in mailed and "Activity in Case" in mailed

    # The clerk: the staff menu's Notices outbox, then the notice sent to the defendant's counsel.
    clerk = new_page()
    clerk.add_init_script(CSP_RECORDER)
    console: list[str] = []
    clerk.on("console", lambda message: console.append(message.text))
    clerk.goto("/cit/")
    clerk.click("header >> text=Log in")
    submit_login_with_code(clerk, "cit.clerk.e2e", CLERK_PASSWORD)
    clerk.goto("/cit/")
    clerk.click("button:has-text('CIT staff')")
    clerk.click("#staff-menu-cit a:has-text('Notices outbox')")
    clerk.wait_for_url("**/cit/cmecf/notices/outbox/")
    counsel = deliveries["Lee Trial"]
    assert clerk.inner_text(f"#outbox-state-{counsel.pk}") == "Sent"
    failures += accessibility(clerk, "outbox")
    clerk.click(f"#outbox-open-{counsel.pk}")
    clerk.wait_for_url(f"**/cit/cmecf/notices/outbox/{counsel.pk}/")
    assert clerk.inner_text("#message-header-to") == COUNSEL_EMAIL
    subject = clerk.inner_text("#message-header-subject")
    assert subject.startswith(f"Activity in Case {case.pacer_case_number}"), subject
    assert clerk.inner_text("#message-header-message-id") == counsel.message_id
    assert clerk.get_attribute("#message-body", "sandbox") == "allow-popups allow-popups-to-escape-sandbox"
    notice = clerk.frame_locator("#message-body")
    text = notice.locator("body").inner_text()
    assert "Notice of Electronic Filing" in text and "to stay the proceedings" in text
    assert "Tidewater Wire LLC" in text  # served by other means, as the notice says
    document_link = notice.locator("a[href*='/cit/doc1/']").first.get_attribute("href") or ""
    assert "magic_num=" not in document_link  # the recipient's free look is theirs, not the clerk's
    failures += accessibility(clerk, "outbox message")
    clerk.goto("/cit/cmecf/notices/undelivered/")
    assert clerk.is_visible("#undelivered-empty")
    failures += accessibility(clerk, "undelivered notices")
    violations = clerk.evaluate("window.__cspViolations")
    assert violations == [], violations
    assert not [line for line in console if "Content Security Policy" in line], console

    # The filer, from the notice on screen: each recipient and how its delivery went.
    page.add_init_script(CSP_RECORDER)
    page.click("#nef-deliveries")
    page.wait_for_url(f"**/cit/cmecf/filing/{filing.pk}/deliveries/")
    for delivery in deliveries.values():
        assert page.inner_text(f"#delivery-state-{delivery.pk}") == "Sent"
        assert delivery.addresses[0] in page.inner_text(f"#delivery-{delivery.pk}")
    other_means = page.inner_text(f"#notice-other-means-{filing.notices.get().pk}")
    assert "Tidewater Wire LLC" in other_means and "Baltimore, MD 21202" in other_means
    assert page.locator("text=Resend").count() == 0
    failures += accessibility(page, "recipients of the filing")
    assert page.evaluate("window.__cspViolations") == []
    if failures:
        pytest.fail("\n".join(failures))
