"""The quality-control pages: the clerk's queue and one filing with a form per action, the filer's history
of the entry; every other account finds no such page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from openecf.courts.factories import CourtRoleFactory
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.filing.models import Filing, QualityControlAction, QualityControlStatus
from openecf.filing.tests.factories import attorney_make, case_with_counsel, filing_make
from openecf.filing.views import qc as qc_views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

# Monday, March 16, 2026, 3:00 PM in New York.
NOW = dt.datetime(2026, 3, 16, 19, 0, tzinfo=dt.UTC)
QUEUE = "/cit/cmecf/clerk/qc/"


@pytest.fixture
def world(cit):
    return case_with_counsel(cit)


@pytest.fixture
def filing(world) -> Filing:
    with time_machine.travel(NOW, tick=False):
        first = filing_make(court=world.court, case=world.case, filer=world.attorney)
        return filing_make(
            court=world.court,
            case=world.case,
            filer=world.attorney,
            attachments=1,
            related=[first.docket_entry],
        )


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def _page(filing: Filing) -> str:
    return f"/cit/cmecf/clerk/qc/{filing.pk}/"


def _entry(filing: Filing) -> DocketEntry:
    return DocketEntry.objects.get(pk=filing.docket_entry_id)


def _post(client, filing: Filing, action: str, **fields: str):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(_page(filing), data)


class TestQueue:
    def test_the_clerk_sees_new_filings_newest_first_with_links(self, clerk_client, world, filing):
        page = clerk_client.get(QUEUE)
        assert page.status_code == 200
        html = page.content.decode()
        first = Filing.objects.exclude(pk=filing.pk).get()
        assert html.index(f'id="qc-filing-{filing.pk}"') < html.index(f'id="qc-filing-{first.pk}"')
        assert f'href="{_page(filing)}"' in html
        assert "3/16/2026 3:00 PM EDT" in html
        assert "Awaiting review" in html

    def test_filters_by_event_filer_and_status(self, clerk_client, cit, world, filing, clerk):
        other = attorney_make(cit, "quill", first_name="Ada", last_name="Quill")
        answer = filing_make(court=cit, case=world.case, filer=other, event_code="answer")
        by_event = clerk_client.get(QUEUE, {"event": "answer"}).content.decode()
        assert f'id="qc-filing-{answer.pk}"' in by_event and f'id="qc-filing-{filing.pk}"' not in by_event
        by_filer = clerk_client.get(QUEUE, {"filer": "Quill"}).content.decode()
        assert f'id="qc-filing-{answer.pk}"' in by_filer and f'id="qc-filing-{filing.pk}"' not in by_filer
        Filing.objects.filter(pk=answer.pk).update(qc_status=QualityControlStatus.REVIEWED)
        assert f'id="qc-filing-{answer.pk}"' not in clerk_client.get(QUEUE).content.decode()
        everything = clerk_client.get(QUEUE, {"status": "all"}).content.decode()
        assert f'id="qc-filing-{answer.pk}"' in everything and "Reviewed" in everything

    def test_fifty_a_page_with_the_filters_kept(self, clerk_client, world, filing, monkeypatch):
        monkeypatch.setattr(qc_views, "QUEUE_PER_PAGE", 1)
        page = clerk_client.get(QUEUE, {"event": "motion"}).content.decode()
        assert "Page 1 of 2" in page
        assert 'href="?event=motion&amp;page=2"' in page
        second = clerk_client.get(QUEUE, {"event": "motion", "page": "2"}).content.decode()
        assert "Page 2 of 2" in second

    @pytest.mark.parametrize(
        "query", [{"status": "done"}, {"event": "no_such_event"}, {"page": "two"}, {"filer": "a\x00b"}]
    )
    def test_bad_filters_are_a_400_that_says_what_to_change(self, clerk_client, filing, query):
        page = clerk_client.get(QUEUE, query)
        assert page.status_code == 400
        assert b"Traceback" not in page.content

    def test_nobody_else_finds_the_queue(self, client, cit, cafc, world, filing):
        assert client.get(QUEUE).status_code == 302  # to the PACER login
        cafc_clerk = CourtRoleFactory.create(court=cafc, user__username="cafc-clerk").user
        for user in (world.attorney, cafc_clerk):
            client.force_login(user)
            assert client.get(QUEUE).status_code == 404
            assert client.get(_page(filing)).status_code == 404
            assert _post(client, filing, "strike", note="No.").status_code == 404
        assert _entry(filing).stricken_on is None

    def test_the_staff_menu_links_the_queue_for_the_clerk_only(self, client, clerk, world):
        client.force_login(clerk)
        assert b"Quality control queue" in client.get("/cit/cmecf/clerk/maintenance/").content
        client.force_login(world.attorney)
        assert b"Quality control queue" not in client.get("/cit/").content


class TestFilingPage:
    def test_shows_the_entry_documents_notice_and_one_form_per_action(self, clerk_client, filing):
        html = clerk_client.get(_page(filing)).content.decode()
        entry = _entry(filing)
        assert entry.text in html
        for document in entry.documents.all():
            assert f'href="/cit/doc1/{document.public_id}"' in html
        assert 'id="qc-notice"' in html and f'href="/cit/cmecf/filing/{filing.pk}/notice/"' in html
        for action in qc_views.ACTIONS:
            assert f'id="qc-form-{action}"' in html
        assert 'id="qc-related">1<' in html

    def test_a_filing_of_another_court_or_none_is_not_found(self, clerk_client, filing):
        assert clerk_client.get(f"/cafc/cmecf/clerk/qc/{filing.pk}/").status_code == 404
        assert clerk_client.get("/cit/cmecf/clerk/qc/999999/").status_code == 404

    def test_text_edit_then_the_docket_report_shows_modified(self, clerk_client, world, filing, clerk):
        with time_machine.travel(NOW, tick=False):
            done = _post(
                clerk_client, filing, "text_edit", text="MOTION to Stay proceedings.", note="Event wording."
            )
            assert (done.status_code, done["Location"]) == (302, _page(filing))
            shown = clerk_client.get(_page(filing)).content.decode()
        assert "The docket text is corrected" in shown
        assert "MOTION to Stay proceedings. (Modified on 3/16/2026)" in shown
        report = clerk_client.get(f"/cit/cases/{world.case.pacer_case_number}/docket/").content.decode()
        assert "MOTION to Stay proceedings. (Modified on 3/16/2026) (Entered: 03/16/2026)" in report

    def test_a_refusal_is_shown_beside_the_field_and_changes_nothing(self, clerk_client, filing):
        text = _entry(filing).text
        page = _post(clerk_client, filing, "text_edit", text="New text.", note="")
        assert page.status_code == 400
        html = page.content.decode()
        assert 'id="id_text_edit-note-error"' in html
        assert "New text." in html  # what the clerk typed is kept
        assert _entry(filing).text == text and not QualityControlAction.objects.exists()

    def test_a_service_refusal_is_shown_too(self, clerk_client, filing):
        page = _post(clerk_client, filing, "relink", related_entries="9", note="Responds to 9.")
        assert page.status_code == 400
        assert "There is no entry 9 on this docket." in page.content.decode()
        bad = _post(clerk_client, filing, "relink", related_entries="one", note="x")
        assert bad.status_code == 400 and "separated by commas" in bad.content.decode()

    @pytest.mark.parametrize("action", ["", "delete", "text_edit-text"])
    def test_an_unknown_action_is_a_400(self, clerk_client, filing, action):
        assert clerk_client.post(_page(filing), {"action": action}).status_code == 400

    def test_every_action_from_the_page(
        self, clerk_client, world, filing, mailoutbox, django_capture_on_commit_callbacks
    ):
        exhibit = filing.docket_entry.documents.get(attachment_number=1)
        steps = [
            ("relink", {"related_entries": "", "note": "Not a response."}),
            ("restrict", {"restriction": "sealed", "note": "Sealed per order 3."}),
            ("restrict", {"restriction": "public", "note": "Unsealed per order 4."}),
            ("document_restrict", {"document": str(exhibit.pk), "restriction": "sealed", "note": "BPI."}),
            ("event_refine", {"event": "motion_dismiss", "text": "", "note": "Wrong event."}),
            ("strike", {"note": "Stricken per order 5."}),
            ("filed_in_error", {"note": "Belongs in another case."}),
            ("review", {"note": ""}),
        ]
        for action, fields in steps:
            with django_capture_on_commit_callbacks(execute=True):
                done = _post(clerk_client, filing, action, **fields)
            assert done.status_code == 302, (action, done.content.decode()[:2000])
        entry = _entry(filing)
        assert not entry.related_entries.exists() and entry.restriction == EntryRestriction.PUBLIC
        exhibit.refresh_from_db()
        assert exhibit.restriction == EntryRestriction.SEALED
        assert entry.event is not None and entry.event.code == "motion_dismiss"
        assert entry.stricken_on and entry.filed_in_error_on
        filing.refresh_from_db()
        assert filing.qc_status == QualityControlStatus.REVIEWED
        (mail,) = mailoutbox
        assert mail.subject == f"Filed in error: {world.case.pacer_case_number} Document 2"
        assert f"http://testserver/cit/cmecf/filing/{filing.pk}/history/" in mail.body
        html = clerk_client.get(_page(filing)).content.decode()
        assert 'id="qc-form-strike"' not in html and 'id="qc-form-review"' not in html
        assert re.search(r"FILED IN ERROR STRICKEN Motion to Dismiss\. .*\(Modified on \d+/\d+/2026\)", html)
        report = clerk_client.get(f"/cit/cases/{world.case.pacer_case_number}/docket/").content.decode()
        assert '<strong class="docket-mark">FILED IN ERROR</strong>' in report
        assert (
            '<strong class="docket-mark">STRICKEN</strong> <s class="docket-stricken">Motion to Dismiss.'
            in report
        )


class TestHistoryPage:
    def test_the_filer_sees_what_the_clerk_did(self, client, world, filing, clerk):
        client.force_login(clerk)
        _post(client, filing, "text_edit", text="MOTION to Stay.", note="Shortened per the rules.")
        client.force_login(world.attorney)
        page = client.get(f"/cit/cmecf/filing/{filing.pk}/history/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Docket text edited" in html and "Shortened per the rules." in html
        assert "Now: “MOTION to Stay.”" in html
        assert 'id="history-docket-text">MOTION to Stay. (Modified on' in html

    def test_nobody_else_finds_it(self, client, cit, cafc, world, filing):
        path = f"/cit/cmecf/filing/{filing.pk}/history/"
        assert client.get(path).status_code == 302
        stranger = attorney_make(cit, "stranger")
        cafc_clerk = CourtRoleFactory.create(court=cafc, user__username="cafc-clerk").user
        for user in (stranger, cafc_clerk):
            client.force_login(user)
            assert client.get(path).status_code == 404
        client.force_login(world.attorney)
        assert client.get(f"/cafc/cmecf/filing/{filing.pk}/history/").status_code == 404

    def test_no_history_yet(self, client, world, filing):
        client.force_login(world.attorney)
        html = client.get(f"/cit/cmecf/filing/{filing.pk}/history/").content.decode()
        assert 'id="qc-history-empty">The Clerk\'s Office has not changed this entry.' in html
