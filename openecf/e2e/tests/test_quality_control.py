"""The clerk's quality control in Chromium: a clerk signs in with a second factor, opens a new filing from the
queue (filed through the filing service), corrects its docket text, and the Docket Report shows the entry
modified, as PACER does."""

from __future__ import annotations

import pytest

from openecf.audit.models import AuditEvent
from openecf.docket.models import DocketEntry
from openecf.e2e.tests.helpers import CLERK_PASSWORD, cit_clerk, submit_login_with_code
from openecf.filing.models import QualityControlAction
from openecf.filing.tests.factories import case_with_counsel, filing_submitted

CORRECTED = "MOTION to Stay proceedings pending the appeal in No. 26-1001."


@pytest.fixture
def court(transactional_db):
    cit, clerk = cit_clerk()
    world = case_with_counsel(cit)
    filing = filing_submitted(court=cit, case=world.case, user=world.attorney, event_code="motion_stay")
    return clerk, filing


def test_the_clerk_edits_the_docket_text_and_the_docket_report_shows_it_modified(page, court):
    clerk, filing = court
    page.goto("/cit/cmecf/clerk/qc/")
    submit_login_with_code(page, clerk.username, CLERK_PASSWORD)
    assert page.url.endswith("/cit/cmecf/clerk/qc/"), page.url
    assert "Awaiting review" in page.inner_text(f"#qc-filing-{filing.pk}")
    page.click(f"#qc-open-{filing.pk}")
    assert page.url.endswith(f"/cit/cmecf/clerk/qc/{filing.pk}/")
    assert "Motion to Stay" in page.inner_text("#qc-docket-text")

    page.click("#qc-open-text_edit")
    page.fill("#id_text_edit-text", CORRECTED)
    page.fill("#id_text_edit-note", "Docket text conformed to the motion's title.")
    page.click("#qc-submit-text_edit")

    assert "The docket text is corrected" in page.inner_text("#qc-done")
    entry = DocketEntry.objects.get(pk=filing.docket_entry_id)
    assert entry.text == CORRECTED and entry.modified_on is not None
    modified = f"(Modified on {entry.modified_on.month}/{entry.modified_on.day}/{entry.modified_on.year})"
    assert page.inner_text("#qc-docket-text") == f"{CORRECTED} {modified}"
    assert "Docket text conformed to the motion's title." in page.inner_text("#qc-history")

    page.click("#qc-docket-report")
    row = page.locator("table.docket-entries tr", has_text=CORRECTED)
    assert f"{CORRECTED} {modified} (Entered: " in row.inner_text()

    (action,) = QualityControlAction.objects.filter(filing=filing)
    assert action.acting_user == clerk
    assert AuditEvent.objects.filter(kind="filing.qc_text_edited", acting_user=clerk).count() == 1
