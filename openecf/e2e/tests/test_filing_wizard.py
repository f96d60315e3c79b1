"""The filing wizard in Chromium, from the sign-in (with the authenticator's code) to the Notice of Electronic
Filing on screen: a motion with a real PDF and an exhibit, through the Filing menu, htmx between the steps,
the upload's progress bar, Back, and no page breaking the Content-Security-Policy or axe's rules."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import transaction
from playwright.sync_api import Page

from openecf.cases.models import Case, PartyRole
from openecf.cases.services import case_open, party_add, representation_add
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.documents.testing import make_pdf
from openecf.e2e.tests.helpers import (
    attorney_filer,
    check_box,
    cit_clerk,
    pacer_account,
    staff_authenticator_give,
    submit_login_with_code,
)
from openecf.e2e.tests.test_accessibility import DESKTOP, PHONE, axe_violations
from openecf.filers.rights import attorney_record_ensure
from openecf.filing.models import Filing

PASSWORD = "cedar boughs over the quay"
CSP_RECORDER = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
    "e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));"
)


@pytest.fixture
def case(transactional_db, settings) -> Case:
    """The CIT with its events, an attorney (filing rights approved, an authenticator app) for a plaintiff."""
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
    party_add(case=case, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
    with transaction.atomic():
        record = attorney_record_ensure(user=attorney, court=cit, acting_user=None)
        representation_add(party=plaintiff, attorney=record, acting_user=None)
    return case


def accessibility(page: Page, label: str) -> list[str]:
    failures = []
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        failures += [f"{label} at {size['width']} px: {json.dumps(v)}" for v in axe_violations(page)]
    page.set_viewport_size(DESKTOP)
    return failures


def step_shown(page: Page, title: str) -> None:
    page.wait_for_function(
        "title => document.getElementById('wizard-step-title')?.textContent === title", arg=title
    )


def test_an_attorney_files_a_motion_from_the_filing_menu_to_the_notice(page: Page, case: Case):
    page.add_init_script(CSP_RECORDER)
    failures: list[str] = []
    page.set_viewport_size(DESKTOP)
    page.goto("/cit/cmecf/")
    submit_login_with_code(page, "nora.quill", PASSWORD)
    assert "/cit/cmecf/redaction/" in page.url
    check_box(page, "id_acknowledge")
    page.click("#redaction-continue")

    # The Filing menu: Civil, then a category, then the event.
    page.click("summary:has-text('Filing')")
    page.click("#menu-link-filing")
    step_shown(page, "Event")
    failures += accessibility(page, "event step")
    page.click("#event-categories a:has-text('Motions')")
    page.wait_for_selector("#event-motion")
    assert page.url.endswith("?menu=Motions")  # htmx pushed the category's address
    page.fill("#id_q", "extension")
    page.click("#event-search-submit")
    page.wait_for_selector("#events-heading:has-text('extension')")
    assert page.locator("#event-list li").count() >= 1
    page.click("#event-categories a:has-text('Motions')")
    page.click("#event-motion")

    # The case: its number in the CIT's own form, then its caption to confirm.
    step_shown(page, "Case")
    assert re.search(r"/cit/cmecf/filing/draft/\d+/case/$", page.url), page.url
    page.fill("#id_case_number", f"Court No. {case.year % 100:02d}-{case.sequence:05d}")
    page.click("#case-find")
    page.wait_for_selector("#case-caption")
    assert "Harbor Steel Inc., Plaintiff, v. United States, Defendant." in page.inner_text("#case-caption")
    failures += accessibility(page, "case step")
    page.click("#case-confirm-submit")

    # The parties: the one the attorney represents, checked.
    step_shown(page, "Parties")
    assert page.locator("input[name=party_ids]").count() == 1
    assert page.locator("input[name=party_ids]").is_checked()
    failures += accessibility(page, "parties step")
    page.click("#parties-next")

    # The documents: a real PDF and an exhibit, each checked as it arrives, with the progress bar.
    step_shown(page, "Documents")
    page.evaluate(
        "window.__progress = []; document.addEventListener('htmx:xhr:progress', () => {"
        " const bar = document.getElementById('upload-progress'); if (bar) window.__progress.push(bar.value); });"
    )
    page.set_input_files(
        "#id_document",
        {
            "name": "motion-to-stay.pdf",
            "mimeType": "application/pdf",
            "buffer": make_pdf("Motion to stay", 12),
        },
    )
    page.click("#upload-submit")
    page.wait_for_selector("#upload-0:has-text('motion-to-stay.pdf')")
    progress = page.evaluate("window.__progress")
    assert progress and max(progress) == 100, progress
    # Back, and forward again: the parties step keeps its answer.
    page.click("#wizard-back")
    step_shown(page, "Parties")
    assert page.locator("input[name=party_ids]").is_checked()
    page.click("#parties-next")
    step_shown(page, "Documents")
    page.select_option("#id_category", "Exhibit")
    page.fill("#id_description", "Exhibit A: Declaration")
    page.set_input_files(
        "#id_document",
        {
            "name": "exhibit-a.pdf",
            "mimeType": "application/pdf",
            "buffer": make_pdf("Declaration of J. Smith"),
        },
    )
    page.click("#upload-submit")
    page.wait_for_selector("#upload-1:has-text('exhibit-a.pdf')")
    failures += accessibility(page, "documents step")
    # The browser's own Back button goes to the step before (the page is loaded again, whole).
    documents_url = page.url
    page.go_back()
    page.wait_for_url(re.compile(r".*/parties/$"))
    step_shown(page, "Parties")
    page.go_forward()
    page.wait_for_url(documents_url)
    step_shown(page, "Documents")
    page.click("#documents-next")

    step_shown(page, "Questions")
    failures += accessibility(page, "questions step")
    page.click("#prompts-next")

    # The review: the docket text, and the first page as stamped with the number it would get.
    step_shown(page, "Review and file")
    number = case.last_entry_number + 1
    assert "Filed by Nora Quill on behalf of Harbor Steel Inc." in page.inner_text("#docket-text-preview")
    page.fill("#id_docket_text_extra", "to stay the proceedings")
    page.click("#review-update")
    page.wait_for_selector("#docket-text-preview:has-text('to stay the proceedings')")
    page.wait_for_function("document.getElementById('stamp-preview')?.naturalWidth > 0")
    assert f"document number {number}" in page.inner_text("#stamp-preview-note")
    failures += accessibility(page, "review step")
    page.click("#review-submit")

    # The Notice of Electronic Filing, on screen.
    page.wait_for_url(re.compile(r".*/cit/cmecf/filing/\d+/notice/$"))
    filing = Filing.objects.get()
    assert page.url.endswith(f"/cit/cmecf/filing/{filing.pk}/notice/")
    assert page.inner_text("#nef-heading") == "Notice of Electronic Filing"
    assert page.inner_text("#nef-document-number") == str(number) == filing.docket_entry.number_label
    assert page.inner_text("#nef-case-number") == case.pacer_case_number
    assert "to stay the proceedings" in page.inner_text("#nef-docket-text")
    assert page.inner_text("#nef-transaction").startswith(
        "The following transaction was entered by Nora Quill on "
    )
    stamps = [page.inner_text(f"#nef-stamp-{n}") for n in (0, 1)]
    for stamp in stamps:
        assert re.fullmatch(
            r"\[STAMP citStamp_ID=\S+ \[Date=\d+/\d+/\d{4}\] \[FileNumber=\d+-[01]\] \[[0-9a-f]{128}\]\]",
            stamp,
        ), stamp
    assert "motion-to-stay.pdf" in page.inner_text("#nef-document-0")
    assert "exhibit-a.pdf" in page.inner_text("#nef-document-1")
    failures += accessibility(page, "notice")
    # On a phone the stamps wrap: the page is never wider than the screen.
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)
    # The document number opens the filed document; the case number its Docket Report.
    assert page.get_attribute("#nef-case-number a", "href") == f"/cit/cases/{case.pacer_case_number}/docket/"

    violations = page.evaluate("window.__cspViolations")
    assert violations == [], violations
    if failures:
        pytest.fail("\n".join(failures))
