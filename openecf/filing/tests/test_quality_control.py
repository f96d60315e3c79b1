"""The clerk's quality control (issue 8 §7, seed 003 Q32): every action writes its history row and its audit
event in the docket change's transaction, the filer sees the history, and nobody but the court's clerk's
office may act (to anyone else the filings are not there)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from openecf.audit.models import AuditEvent
from openecf.courts.calendar import deadline_compute
from openecf.courts.factories import CourtRoleFactory
from openecf.courts.models import CourtRoleKind
from openecf.docket.models import DocketEntry, EntryRestriction, Event
from openecf.errors import Conflict, InvalidInput, NotFound, OpenECFError
from openecf.filing.models import (
    Deadline,
    Filing,
    QualityControlAction,
    QualityControlKind,
    QualityControlStatus,
)
from openecf.filing.quality_control import (
    access_qc_filing,
    entry_history,
    qc_document_restrict,
    qc_event_refine,
    qc_filed_in_error,
    qc_queue,
    qc_relink,
    qc_restrict,
    qc_review_complete,
    qc_strike,
    qc_text_edit,
)
from openecf.filing.selectors import FilingNotFound
from openecf.filing.tests.factories import (
    CaseWithCounsel,
    agent_make,
    attorney_make,
    case_with_counsel,
    filing_make,
    filing_submitted,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

# 9:15 p.m. in New York on Monday March 16, 2026 (already the 17th in UTC).
EVENING = dt.datetime(2026, 3, 17, 1, 15, tzinfo=dt.UTC)


@pytest.fixture
def world(cit) -> CaseWithCounsel:
    return case_with_counsel(cit)


@pytest.fixture
def filing(world) -> Filing:
    first = filing_make(court=world.court, case=world.case, filer=world.attorney, attachments=1)
    return filing_make(court=world.court, case=world.case, filer=world.attorney, related=[first.docket_entry])


@pytest.fixture
def z_filing(world) -> Filing:
    return filing_make(court=world.court, case=world.case, filer=world.attorney, event_code="z_motion")


@pytest.fixture
def other_clerk(cafc):
    return CourtRoleFactory.create(court=cafc, user__username="cafc-clerk").user


def _entry(filing: Filing) -> DocketEntry:
    return DocketEntry.objects.get(pk=filing.docket_entry_id)


def _document_id(filing: Filing) -> int:
    return filing.docket_entry.documents.get(attachment_number=0).pk


# Each action, as the clerk takes it: (kind, call, what the entry looks like after).
ACTIONS: dict[str, Callable[..., Filing]] = {
    "reviewed": lambda f, u: qc_review_complete(filing=f, acting_user=u, note="Looks right."),
    "text_edited": lambda f, u: qc_text_edit(
        filing=f, text="Motion to Stay proceedings.", note="Typo corrected.", acting_user=u
    ),
    "stricken": lambda f, u: qc_strike(filing=f, note="Stricken per order 12.", acting_user=u),
    "sealed": lambda f, u: qc_restrict(
        filing=f, restriction="sealed", note="Sealed per order.", acting_user=u
    ),
    "document_sealed": lambda f, u: qc_document_restrict(
        filing=f, document_id=_document_id(f), restriction="sealed", note="Contains BPI.", acting_user=u
    ),
    "relinked": lambda f, u: qc_relink(filing=f, related_numbers=[], note="Not a response.", acting_user=u),
    "filed_in_error": lambda f, u: qc_filed_in_error(filing=f, note="Wrong case.", acting_user=u),
    "event_refined": lambda f, u: qc_event_refine(
        filing=f, event_code="motion_dismiss", note="Wrong event.", acting_user=u
    ),
}


@pytest.mark.parametrize("kind", list(ACTIONS))
def test_each_action_writes_its_history_and_audit_and_the_filer_sees_it(world, filing, clerk, kind):
    with time_machine.travel(EVENING, tick=False):
        ACTIONS[kind](filing, clerk)
    (action,) = QualityControlAction.objects.filter(filing=filing)
    assert action.kind == kind and action.acting_user == clerk and action.note
    (audit,) = AuditEvent.objects.filter(kind=f"filing.qc_{kind}")
    assert audit.acting_user == clerk and audit.court_id == "cit"
    assert audit.subject_id == str(filing.pk) and audit.extra["note"] == action.note
    history = entry_history(world.attorney, filing)
    assert [(h.kind, h.note) for h in history] == [(kind, action.note)]
    if kind != "reviewed":  # every change of the docket shows "(Modified on …)" with the court's date
        assert _entry(filing).modified_on == dt.date(2026, 3, 16)


@pytest.mark.parametrize("kind", list(ACTIONS))
def test_another_courts_clerk_and_the_attorney_find_nothing(world, filing, other_clerk, kind):
    before = _entry(filing)
    for stranger in (other_clerk, world.attorney):
        with pytest.raises(NotFound):
            ACTIONS[kind](filing, stranger)
    after = _entry(filing)
    assert (after.text, after.modified_on, after.restriction) == (before.text, None, before.restriction)
    assert not QualityControlAction.objects.exists()
    assert not AuditEvent.objects.filter(kind__startswith="filing.qc_").exists()


def test_a_judge_may_not_act_either(cit, filing):
    judge = CourtRoleFactory.create(court=cit, role=CourtRoleKind.JUDGE, user__username="judge").user
    with pytest.raises(NotFound):
        qc_strike(filing=filing, note="No.", acting_user=judge)
    assert _entry(filing).stricken_on is None


class TestActions:
    def test_review_complete_takes_it_off_the_queue_once(self, cit, filing, clerk):
        qc_review_complete(filing=filing, acting_user=clerk)
        filing.refresh_from_db()
        assert filing.qc_status == QualityControlStatus.REVIEWED and filing.qc_reviewed_by == clerk
        assert filing.qc_reviewed_at is not None
        assert filing not in qc_queue(clerk, cit)
        assert filing in qc_queue(clerk, cit, status="all")
        with pytest.raises(Conflict, match="already reviewed"):
            qc_review_complete(filing=filing, acting_user=clerk)
        assert QualityControlAction.objects.count() == 1

    def test_text_edit_keeps_before_and_after(self, filing, clerk):
        before = filing.docket_entry.text
        qc_text_edit(filing=filing, text="  Motion to Stay\nproceedings. ", note="Typo.", acting_user=clerk)
        assert _entry(filing).text == "Motion to Stay proceedings."
        assert QualityControlAction.objects.get().details == {
            "from": before,
            "to": "Motion to Stay proceedings.",
        }

    @pytest.mark.parametrize(
        ("text", "note", "field"),
        [
            ("", "Why.", "text"),
            ("New text", "", "note"),
            ("New\u202etext", "Why.", "text"),
            ("New text", "bad\x00note", "note"),
            ("x" * 5001, "Why.", "text"),
        ],
    )
    def test_text_edit_refusals_change_nothing(self, filing, clerk, text, note, field):
        before = filing.docket_entry.text
        with pytest.raises(InvalidInput) as caught:
            qc_text_edit(filing=filing, text=text, note=note, acting_user=clerk)
        assert caught.value.field == field
        assert _entry(filing).text == before
        assert not QualityControlAction.objects.exists()

    def test_strike_keeps_the_text(self, filing, clerk):
        text = filing.docket_entry.text
        qc_strike(filing=filing, note="Stricken.", acting_user=clerk)
        entry = _entry(filing)
        assert entry.stricken_on is not None and entry.text == text
        with pytest.raises(Conflict):
            qc_strike(filing=filing, note="Again.", acting_user=clerk)
        assert QualityControlAction.objects.count() == 1

    def test_seal_and_unseal(self, filing, clerk):
        qc_restrict(filing=filing, restriction="sealed", note="Sealed per order 7.", acting_user=clerk)
        assert _entry(filing).restriction == EntryRestriction.SEALED
        qc_restrict(filing=filing, restriction="public", note="Unsealed per order 9.", acting_user=clerk)
        assert _entry(filing).restriction == EntryRestriction.PUBLIC
        assert [a.details for a in QualityControlAction.objects.order_by("id")] == [
            {"from": "public", "to": "sealed"},
            {"from": "sealed", "to": "public"},
        ]

    @pytest.mark.parametrize("restriction", ["public", "secret", ""])
    def test_seal_refusals(self, filing, clerk, restriction):
        with pytest.raises(InvalidInput) as caught:
            qc_restrict(filing=filing, restriction=restriction, note="Why.", acting_user=clerk)
        assert caught.value.field == "restriction"
        assert not QualityControlAction.objects.exists()

    def test_one_document_is_sealed_and_its_entry_stays_public(self, world, clerk):
        filing = filing_make(court=world.court, case=world.case, filer=world.attorney, attachments=2)
        exhibit = filing.docket_entry.documents.get(attachment_number=2)
        qc_document_restrict(
            filing=filing, document_id=exhibit.pk, restriction="sealed", note="BPI.", acting_user=clerk
        )
        exhibit.refresh_from_db()
        assert exhibit.restriction == EntryRestriction.SEALED
        assert _entry(filing).restriction == EntryRestriction.PUBLIC
        details = QualityControlAction.objects.get().details
        assert details == {"document": "Document 1-2", "attachment": 2, "from": "public", "to": "sealed"}

    def test_a_document_of_another_entry_is_refused(self, world, filing, clerk):
        other = filing_make(court=world.court, case=world.case, filer=world.attorney)
        with pytest.raises(InvalidInput, match="this entry's documents"):
            qc_document_restrict(
                filing=filing,
                document_id=_document_id(other),
                restriction="sealed",
                note="x",
                acting_user=clerk,
            )
        assert set(other.docket_entry.documents.values_list("restriction", flat=True)) == {"public"}

    def test_relink_by_docket_numbers(self, world, filing, clerk):
        third = filing_make(court=world.court, case=world.case, filer=world.attorney)
        text = third.docket_entry.text
        qc_relink(filing=third, related_numbers=[2, 1, 2], note="Responds to 1 and 2.", acting_user=clerk)
        entry = _entry(third)
        assert sorted(e.number or 0 for e in entry.related_entries.all()) == [1, 2]
        assert entry.text == text  # the text says what the clerk writes in it
        assert QualityControlAction.objects.get().details == {"from": [], "to": [1, 2]}

    @pytest.mark.parametrize(("numbers", "message"), [([9], "no entry 9"), ([2], "itself")])
    def test_relink_refusals(self, filing, clerk, numbers, message):
        with pytest.raises(InvalidInput, match=message):
            qc_relink(filing=filing, related_numbers=numbers, note="Link.", acting_user=clerk)
        assert [e.number for e in _entry(filing).related_entries.all()] == [1]

    def test_an_entry_of_another_case_is_not_found_by_number(self, cit, filing, clerk):
        other = case_with_counsel(cit, username="other", load_events=False)
        filing_make(court=cit, case=other.case, filer=other.attorney)
        filing_make(court=cit, case=other.case, filer=other.attorney)
        filing_make(court=cit, case=other.case, filer=other.attorney)
        with pytest.raises(InvalidInput, match="no entry 3"):
            qc_relink(filing=filing, related_numbers=[3], note="Link.", acting_user=clerk)

    def test_z_motion_refined_into_its_real_event_keeps_number_and_date(self, world, z_filing, clerk):
        entry = z_filing.docket_entry
        with time_machine.travel(EVENING, tick=False):
            qc_event_refine(filing=z_filing, event_code="motion_stay", note="Refined.", acting_user=clerk)
        z_filing.refresh_from_db()
        refined = _entry(z_filing)
        assert z_filing.event.code == "motion_stay" and refined.event == z_filing.event
        assert (refined.number, refined.date_filed) == (entry.number, entry.date_filed)
        assert refined.text.startswith("Motion to Stay. Filed by Jane Marlowe on behalf of Acme Steel Corp.")
        details = QualityControlAction.objects.get().details
        assert (details["from_code"], details["to_code"]) == ("z_motion", "motion_stay")
        assert details["text_from"] == entry.text and details["text_to"] == refined.text

    def test_refined_with_the_clerks_text(self, z_filing, clerk):
        qc_event_refine(
            filing=z_filing,
            event_code="motion_stay",
            text="MOTION to Stay pending appeal.",
            note="Refined.",
            acting_user=clerk,
        )
        assert _entry(z_filing).text == "MOTION to Stay pending appeal."

    def test_refined_into_an_event_that_sets_a_deadline(self, cit, z_filing, clerk):
        event = Event.objects.get(court=cit, code="motion_dismiss")
        event.deadline_days, event.deadline_label = 14, "Responses due"
        event.save(update_fields=["deadline_days", "deadline_label"])
        qc_event_refine(filing=z_filing, event_code="motion_dismiss", note="Refined.", acting_user=clerk)
        (deadline,) = Deadline.objects.filter(docket_entry=z_filing.docket_entry)
        assert deadline.label == "Responses due" and deadline.due_on > z_filing.date_filed
        due = f"{deadline.due_on.month}/{deadline.due_on.day}/{deadline.due_on.year}"
        assert _entry(z_filing).text.endswith(f"Responses due by {due}.")

    @pytest.mark.parametrize("code", ["z_document", "z_motion", "summons", "nonsense", ""])
    def test_refined_only_into_a_real_event(self, z_filing, clerk, code):
        with pytest.raises(InvalidInput) as caught:
            qc_event_refine(filing=z_filing, event_code=code, note="Refined.", acting_user=clerk)
        assert caught.value.field == "event"
        z_filing.refresh_from_db()
        assert z_filing.event.code == "z_motion" and _entry(z_filing).modified_on is None

    def test_another_courts_event_is_not_offered(self, cafc, z_filing, clerk):
        from openecf.docket.event_dictionary import event_dictionary_load

        event_dictionary_load(court=cafc, acting_user=None)
        cafc_only = set(Event.objects.filter(court=cafc).values_list("code", flat=True)) - set(
            Event.objects.filter(court="cit").values_list("code", flat=True)
        )
        with pytest.raises(InvalidInput):
            qc_event_refine(filing=z_filing, event_code=sorted(cafc_only)[0], note="x", acting_user=clerk)


class TestFiledInError:
    def test_the_filer_is_told_by_email_after_commit(
        self, world, filing, clerk, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            qc_filed_in_error(
                filing=filing,
                note="This motion belongs in case 1:26-cv-00002.",
                acting_user=clerk,
                history_url="https://ecf.example/cit/cmecf/filing/1/history/",
            )
        (mail,) = mailoutbox
        case_number = world.case.pacer_case_number
        assert mail.subject == f"Filed in error: {case_number} Document 2"
        assert mail.to == [world.attorney.email]
        assert "Note from the clerk: This motion belongs in case 1:26-cv-00002." in mail.body
        assert "marked, FILED IN ERROR" not in mail.body and "marked FILED IN ERROR" in mail.body
        assert "file it again, in the right case and under the right event" in mail.body
        assert "https://ecf.example/cit/cmecf/filing/1/history/" in mail.body
        assert _entry(filing).filed_in_error_on is not None
        details = QualityControlAction.objects.get().details
        assert details["told"] == [world.attorney.email]

    def test_the_agent_who_submitted_it_is_told_too(
        self, world, clerk, mailoutbox, django_capture_on_commit_callbacks
    ):
        agent = agent_make(world.court, "agent", for_attorney=world.attorney)
        filing = filing_submitted(
            court=world.court, case=world.case, user=agent, on_behalf_of=world.attorney.username
        )
        assert (filing.filer, filing.submitted_by) == (world.attorney, agent)
        with django_capture_on_commit_callbacks(execute=True):
            qc_filed_in_error(filing=filing, note="Duplicate of 1.", acting_user=clerk)
        (mail,) = mailoutbox
        assert sorted(mail.to) == sorted([world.attorney.email, agent.email])
        assert mail.subject == f"Filed in error: {world.case.pacer_case_number} Document 1"

    def test_no_mail_when_the_marking_is_refused(
        self, filing, clerk, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            qc_filed_in_error(filing=filing, note="Wrong case.", acting_user=clerk)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict):
            qc_filed_in_error(filing=filing, note="Again.", acting_user=clerk)
        assert mailoutbox == []
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput):
            qc_filed_in_error(filing=filing, note="", acting_user=clerk)
        assert mailoutbox == []


class TestOnARealFiling:
    def test_a_z_motion_filed_after_hours_is_refined_and_its_deadline_set(self, world, clerk):
        with time_machine.travel(EVENING):  # the Clerk's Office is closed: a Z-motion keeps the date
            z_motion = filing_submitted(
                court=world.court, case=world.case, user=world.attorney, event_code="z_motion"
            )
        assert z_motion.date_filed == dt.date(2026, 3, 16)
        assert z_motion in qc_queue(clerk, world.court, event_code="z_motion")
        qc_event_refine(
            filing=z_motion, event_code="motion", note="Refined from Z-Motion.", acting_user=clerk
        )
        z_motion.refresh_from_db()
        entry = _entry(z_motion)
        due = deadline_compute(world.court, start=dt.date(2026, 3, 16), days=21)
        assert (z_motion.event.code, entry.event, entry.date_filed) == (
            "motion",
            z_motion.event,
            z_motion.date_filed,
        )
        assert entry.text.startswith("Motion. Filed by Jane Marlowe on behalf of Acme Steel Corp.")
        assert entry.text.endswith(f"Responses due by {due.month}/{due.day}/{due.year}.")
        assert Deadline.objects.get(docket_entry=entry).due_on == due
        assert [h.kind for h in entry_history(world.attorney, z_motion)] == [QualityControlKind.EVENT_REFINED]


class TestQueue:
    def test_newest_first_and_filtered_by_event_and_filer(self, cit, world, clerk):
        other = attorney_make(cit, "quill", first_name="Ada", last_name="Quill")
        first = filing_make(court=cit, case=world.case, filer=world.attorney)
        with time_machine.travel(dt.timedelta(minutes=5)):
            second = filing_make(court=cit, case=world.case, filer=other, event_code="answer")
        assert list(qc_queue(clerk, cit)) == [second, first]
        assert list(qc_queue(clerk, cit, event_code="motion")) == [first]
        assert list(qc_queue(clerk, cit, filer="quill")) == [second]
        assert list(qc_queue(clerk, cit, filer="ADA")) == [second]
        assert list(qc_queue(clerk, cit, filer="marlowe")) == [first]
        assert list(qc_queue(clerk, cit, filer="nobody")) == []

    def test_only_the_courts_clerks_office(self, cit, world, filing, other_clerk):
        for stranger in (other_clerk, world.attorney, None):
            with pytest.raises(NotFound):
                qc_queue(stranger, cit)
            with pytest.raises(NotFound):
                access_qc_filing(stranger, cit, filing.pk)

    def test_a_filing_of_another_court_is_not_found(self, cafc, filing, other_clerk):
        with pytest.raises(NotFound):
            access_qc_filing(other_clerk, cafc, filing.pk)

    @pytest.mark.parametrize(
        ("kwargs", "field"), [({"status": "done"}, "status"), ({"filer": "a\x00b"}, "filer")]
    )
    def test_bad_filters_are_refused(self, cit, clerk, kwargs: dict[str, Any], field):
        with pytest.raises(InvalidInput) as caught:
            qc_queue(clerk, cit, **kwargs)
        assert caught.value.field == field


class TestHistory:
    def test_the_filer_sees_every_action_in_order(self, world, filing, clerk):
        qc_text_edit(filing=filing, text="Motion to Stay.", note="Shortened.", acting_user=clerk)
        qc_relink(filing=filing, related_numbers=[], note="Unlinked.", acting_user=clerk)
        qc_review_complete(filing=filing, acting_user=clerk)
        history = entry_history(world.attorney, filing)
        assert [h.kind for h in history] == [
            QualityControlKind.TEXT_EDITED,
            QualityControlKind.RELINKED,
            QualityControlKind.REVIEWED,
        ]

    def test_nobody_else_sees_it(self, cit, world, filing, other_clerk):
        stranger = attorney_make(cit, "stranger")
        for user in (stranger, other_clerk, None):
            with pytest.raises(FilingNotFound):
                entry_history(user, filing)


def test_every_refusal_is_a_domain_error(filing, clerk):
    """Bad input never escapes as anything but the domain's errors (the pages turn them into messages)."""
    attempts = [
        lambda: qc_text_edit(filing=filing, text="x", note="y" * 2001, acting_user=clerk),
        lambda: qc_relink(filing=filing, related_numbers=list(range(1, 60)), note="x", acting_user=clerk),
        lambda: qc_document_restrict(
            filing=filing, document_id=10**9, restriction="sealed", note="x", acting_user=clerk
        ),
    ]
    for attempt in attempts:
        with pytest.raises(OpenECFError):
            attempt()
    assert not QualityControlAction.objects.exists()
