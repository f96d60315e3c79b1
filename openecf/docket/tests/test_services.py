from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openecf.audit.models import AuditEvent
from openecf.cases.models import Case, PartyRole
from openecf.cases.services import case_open, party_add
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.docket.services import (
    court_today,
    docket_entry_create,
    docket_entry_modify_text,
    docket_text_compose,
    event_define,
)
from openecf.documents.models import Document
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
)
from openecf.documents.testing import make_pdf
from openecf.errors import Conflict, InvalidInput
from openecf.storage import blob_storage

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")


@pytest.fixture
def case(cit):
    return case_open(
        court=cit,
        caption="Acme Steel Corp. v. United States",
        date_filed=dt.date(2020, 3, 16),
        acting_user=None,
    )


@pytest.fixture
def plaintiff(case):
    return party_add(case=case, name="Acme Steel Corp.", role=PartyRole.PLAINTIFF, acting_user=None)


@pytest.fixture
def motion(cit):
    return event_define(
        court=cit,
        code="motion_stay",
        label="Motion to Stay",
        menu="Motions",
        prompts_related_entry=True,
        acting_user=None,
    )


@pytest.fixture
def notice(cit):
    return event_define(
        court=cit, code="notice", label="Notice", menu="Notices", document_required=False, acting_user=None
    )


@pytest.fixture
def minute(cit):
    return event_define(
        court=cit,
        code="minute",
        label="Minute Entry",
        menu="Other",
        document_required=False,
        numbered=False,
        docket_text_template="{text}",
        acting_user=None,
    )


def _pdf(text: str = "motion") -> list[DocumentUpload]:
    return [DocumentUpload(content=make_pdf(text))]


def _file(case, event, **kwargs):
    return docket_entry_with_documents_create(case=case, event=event, acting_user=None, **kwargs)


def _numbers(case) -> list[int | None]:
    return list(DocketEntry.objects.filter(case=case).order_by("sequence").values_list("number", flat=True))


class TestNumbering:
    def test_numbers_are_gapless_and_minute_entries_unnumbered(self, case, notice, minute):
        _file(case, notice)
        _file(case, minute, text="Telephone conference held.")
        _file(case, notice)
        _file(case, minute, text="Status conference held.")
        _file(case, notice)
        assert _numbers(case) == [1, None, 2, None, 3]
        sequences = list(DocketEntry.objects.filter(case=case).values_list("sequence", flat=True))
        assert sorted(sequences) == [1, 2, 3, 4, 5]
        case.refresh_from_db()
        assert (case.last_entry_number, case.last_entry_sequence) == (3, 5)

    def test_numbers_are_per_case(self, cit, case, notice):
        other = case_open(
            court=cit, caption="B v. United States", date_filed=dt.date(2020, 3, 17), acting_user=None
        )
        _file(case, notice)
        _file(other, notice)
        _file(case, notice)
        assert _numbers(case) == [1, 2]
        assert _numbers(other) == [1]

    def test_numbered_false_overrides_the_event(self, case, notice):
        entry = _file(case, notice, numbered=False)
        assert entry.number is None

    def test_explicit_numbers_of_an_import_keep_the_counter_ahead(self, case, notice):
        _file(case, notice, number=1, text="Summons", date_filed=dt.date(2020, 3, 16))
        _file(case, notice, number=5, text="Order", date_filed=dt.date(2020, 4, 1))
        assert _file(case, notice).number == 6

    def test_explicit_number_already_used_is_a_conflict(self, case, notice):
        _file(case, notice, number=3, text="Summons")
        with pytest.raises(Conflict) as caught:
            _file(case, notice, number=3, text="Again")
        assert caught.value.field == "number"
        assert DocketEntry.objects.filter(case=case).count() == 1
        case.refresh_from_db()
        assert case.last_entry_sequence == 1

    @pytest.mark.parametrize("number", [0, -1])
    def test_docket_numbers_start_at_one(self, case, notice, number):
        with pytest.raises(InvalidInput):
            _file(case, notice, number=number, text="Bad")
        assert not DocketEntry.objects.exists()


class TestDocketText:
    def test_text_comes_from_the_event_template(self, case, notice, plaintiff):
        entry = _file(case, notice, filer_name="Ann Lee of Lee & Park LLP", filed_for=[plaintiff])
        # CIT's CM/ECF also prints the template's period after a name ending in one ("Inc..").
        assert entry.text == "Notice. Filed by Ann Lee of Lee & Park LLP on behalf of Acme Steel Corp."
        assert list(entry.filed_for.all()) == [plaintiff]

    def test_related_entries_are_named(self, case, notice, motion, plaintiff):
        for _ in range(3):
            _file(case, notice)
        fourth = _file(case, notice)
        assert fourth.number == 4
        entry = _file(case, motion, related_entries=[fourth], filed_for=[plaintiff], documents=_pdf())
        assert entry.text == (
            "Motion to Stay (related document(s) 4). Filed by the court on behalf of Acme Steel Corp."
        )
        assert list(entry.related_entries.all()) == [fourth]
        assert list(fourth.referenced_by.all()) == [entry]

    def test_free_text_gets_the_related_entries_appended(self, case, notice, motion):
        first = _file(case, notice)
        entry = _file(case, motion, text="Consent motion.", related_entries=[first], documents=_pdf())
        assert "(related document(s) 1)" in entry.text
        assert entry.text.endswith("Consent motion.")

    def test_unnumbered_related_entries_are_not_printed(self, case, motion, minute):
        conference = _file(case, minute, text="Conference held.")
        entry = _file(case, motion, related_entries=[conference], documents=_pdf())
        assert "related" not in entry.text

    def test_hostile_filer_name_is_not_formatted_again(self, case, notice):
        entry = _file(case, notice, filer_name="{label.__class__} {parties} %s <b>")
        assert entry.text == "Notice. Filed by {label.__class__} {parties} %s <b> on behalf of the court."

    def test_entry_without_event_needs_text(self, case):
        with pytest.raises(InvalidInput) as caught:
            docket_entry_create(case=case, acting_user=None, text="   ")
        assert caught.value.field == "text"
        entry = docket_entry_create(case=case, acting_user=None, text="Case reassigned.")
        assert (entry.number, entry.text, entry.event) == (1, "Case reassigned.", None)

    def test_compose_lists_several_related_numbers(self, case, motion, notice):
        entries = [_file(case, notice) for _ in range(2)]
        text = docket_text_compose(event=motion, related=entries, filer="X")
        assert text == "Motion to Stay (related document(s) 1, 2). Filed by X on behalf of the court."


class TestDocuments:
    def test_event_requiring_a_document_refuses_an_entry_without_one(self, case, motion):
        with pytest.raises(InvalidInput) as caught:
            _file(case, motion)
        assert caught.value.field == "documents"
        assert "Motion to Stay" in caught.value.message
        assert not DocketEntry.objects.exists()
        case.refresh_from_db()
        assert (case.last_entry_number, case.last_entry_sequence) == (0, 0)

    def test_documents_are_stored_with_the_entry(self, case, motion):
        uploads = [
            DocumentUpload(content=make_pdf("main", pages=3)),
            DocumentUpload(content=make_pdf("exhibit"), description="Exhibit A"),
        ]
        entry = _file(case, motion, documents=uploads)
        main, exhibit = entry.documents.order_by("attachment_number")
        assert (main.attachment_number, main.page_count) == (0, 3)
        assert (exhibit.attachment_number, exhibit.description) == (1, "Exhibit A")
        assert blob_storage().get(main.storage_key) == uploads[0].content

    def test_a_failing_document_undoes_the_entry_and_its_number(self, case, notice, motion):
        _file(case, notice)
        entries, documents, audits = (
            DocketEntry.objects.count(),
            Document.objects.count(),
            AuditEvent.objects.count(),
        )
        with pytest.raises(InvalidInput) as caught:
            _file(
                case,
                motion,
                documents=[
                    DocumentUpload(content=make_pdf("ok")),
                    DocumentUpload(content=b"not a PDF at all"),
                ],
            )
        assert caught.value.code == "not_pdf"
        assert DocketEntry.objects.count() == entries
        assert Document.objects.count() == documents
        assert AuditEvent.objects.count() == audits
        case.refresh_from_db()
        assert (case.last_entry_number, case.last_entry_sequence) == (1, 1)
        assert _file(case, motion, documents=_pdf()).number == 2

    def test_an_oversized_document_undoes_the_entry(self, case, motion):
        from openecf.courts.services import court_configure

        court_configure(court_id="cit", acting_user=None, max_file_size_bytes=1024 * 1024)
        case = Case.objects.get(pk=case.pk)
        with pytest.raises(InvalidInput) as caught:
            _file(case, motion, documents=[DocumentUpload(content=b"%PDF-1.7" + b"0" * 1024 * 1024)])
        assert caught.value.code == "file_too_large"
        assert not DocketEntry.objects.exists()
        assert _file(case, motion, documents=_pdf()).number == 1

    def test_sealed_entry_seals_its_documents(self, case, motion):
        entry = _file(case, motion, documents=_pdf(), restriction=EntryRestriction.SEALED)
        assert set(entry.documents.values_list("restriction", flat=True)) == {"sealed"}


class TestOtherCourts:
    @pytest.fixture
    def appeal(self, cafc):
        return case_open(
            court=cafc, caption="Acme v. United States", date_filed=dt.date(2020, 5, 1), acting_user=None
        )

    def test_event_of_another_court_is_refused(self, case, cafc):
        foreign = event_define(
            court=cafc, code="brief", label="Brief", menu="Briefs", document_required=False, acting_user=None
        )
        with pytest.raises(InvalidInput) as caught:
            _file(case, foreign)
        assert caught.value.field == "event"
        assert not DocketEntry.objects.exists()

    def test_party_of_another_case_is_refused(self, case, appeal, notice):
        stranger = party_add(case=appeal, name="Acme", role=PartyRole.APPELLANT, acting_user=None)
        with pytest.raises(InvalidInput) as caught:
            _file(case, notice, filed_for=[stranger])
        assert caught.value.field == "filed_for"
        assert not DocketEntry.objects.filter(case=case).exists()

    def test_related_entry_of_another_docket_is_refused(self, cit, case, notice, motion):
        other = case_open(
            court=cit, caption="B v. United States", date_filed=dt.date(2020, 3, 17), acting_user=None
        )
        elsewhere = _file(other, notice)
        with pytest.raises(InvalidInput) as caught:
            _file(case, motion, related_entries=[elsewhere], documents=_pdf())
        assert caught.value.field == "related_entries"
        assert not DocketEntry.objects.filter(case=case).exists()
        assert not Document.objects.exists()


class TestRestrictAndModify:
    def test_restrict_keeps_the_note_and_leaves_the_documents_their_own(self, case, motion, clerk):
        entry = _file(case, motion, documents=_pdf())
        docket_entry_restrict(
            entry=entry, restriction=EntryRestriction.SEALED, note="Sealed per order 7.", acting_user=clerk
        )
        docket_entry_restrict(
            entry=entry,
            restriction=EntryRestriction.PARTICIPANTS,
            note="Unsealed in part.",
            acting_user=clerk,
        )
        entry.refresh_from_db()
        assert entry.restriction == EntryRestriction.PARTICIPANTS
        assert entry.modification_notes == "Sealed per order 7.\nUnsealed in part."
        # The entry's restriction applies to its documents when they are read; their own is unchanged.
        assert set(entry.documents.values_list("restriction", flat=True)) == {"public"}
        changes = AuditEvent.objects.filter(kind="docket_entry.restriction_changed").order_by("id")
        assert [(e.extra["from"], e.extra["to"], e.acting_user) for e in changes] == [
            ("public", "sealed", clerk),
            ("sealed", "participants", clerk),
        ]

    def test_modify_text_keeps_the_previous_text_in_the_audit(self, case, notice, clerk):
        entry = _file(case, notice)
        original = entry.text
        docket_entry_modify_text(
            entry=entry, text="Notice of Appearance.", note="Event corrected.", acting_user=clerk
        )
        entry.refresh_from_db()
        assert entry.text == "Notice of Appearance."
        assert entry.modification_notes == "Event corrected."
        (event,) = AuditEvent.objects.filter(kind="docket_entry.modified")
        assert event.extra == {"previous_text": original, "note": "Event corrected."}

    @pytest.mark.parametrize(("text", "note"), [("", "why"), ("  ", "why"), ("New text", ""), ("New", "  ")])
    def test_modify_needs_text_and_a_reason(self, case, notice, text, note):
        entry = _file(case, notice)
        with pytest.raises(InvalidInput):
            docket_entry_modify_text(entry=entry, text=text, note=note, acting_user=None)
        entry.refresh_from_db()
        assert entry.modification_notes == ""
        assert not AuditEvent.objects.filter(kind="docket_entry.modified").exists()


class TestAudit:
    def test_an_entry_and_its_documents_are_audited(self, case, motion, clerk):
        entry = docket_entry_with_documents_create(
            case=case, event=motion, documents=_pdf(), acting_user=clerk
        )
        created = AuditEvent.objects.get(kind="docket_entry.created")
        assert created.subject_id == str(entry.pk) and created.acting_user == clerk
        assert created.extra == {"case": case.pk, "number": 1, "event": "motion_stay"}
        stored = AuditEvent.objects.get(kind="document.stored")
        assert stored.extra["entry"] == entry.pk
        assert entry.filed_by == clerk


class TestCourtDay:
    # 2020-03-16 is a Monday; Eastern Daylight Time (UTC-4) began 2020-03-08.
    def test_before_local_midnight_is_the_same_day(self, cit):
        moment = dt.datetime(2020, 3, 17, 3, 59, 59, tzinfo=dt.UTC)
        assert court_today(cit, moment) == dt.date(2020, 3, 16)
        assert court_today(cit, moment + dt.timedelta(seconds=1)) == dt.date(2020, 3, 17)

    def test_winter_offset(self, cit):
        assert court_today(cit, dt.datetime(2020, 1, 7, 4, 59, tzinfo=dt.UTC)) == dt.date(2020, 1, 6)
        assert court_today(cit, dt.datetime(2020, 1, 7, 5, 0, tzinfo=dt.UTC)) == dt.date(2020, 1, 7)

    def test_other_time_zone(self, cit):
        from openecf.courts.services import court_get_or_create_from_courts_db

        cand = court_get_or_create_from_courts_db(court_id="cand", acting_user=None)
        moment = dt.datetime(2020, 3, 17, 6, 59, tzinfo=dt.UTC)
        assert court_today(cand, moment) == dt.date(2020, 3, 16)
        assert court_today(cit, moment) == dt.date(2020, 3, 17)

    def test_filing_a_second_before_midnight_eastern(self, case, notice):
        with time_machine.travel(dt.datetime(2020, 3, 16, 23, 59, 59, tzinfo=EASTERN), tick=False):
            late = _file(case, notice)
        with time_machine.travel(dt.datetime(2020, 3, 17, 0, 0, 0, tzinfo=EASTERN), tick=False):
            next_day = _file(case, notice)
        assert (late.date_filed, late.date_entered) == (dt.date(2020, 3, 16), dt.date(2020, 3, 16))
        assert late.filed_at == dt.datetime(2020, 3, 17, 3, 59, 59, tzinfo=dt.UTC)
        assert next_day.date_filed == dt.date(2020, 3, 17)

    def test_given_dates_are_kept_and_no_filing_moment_is_invented(self, case, notice):
        entry = _file(case, notice, date_filed=dt.date(2019, 12, 31))
        assert (entry.date_filed, entry.date_entered, entry.filed_at) == (
            dt.date(2019, 12, 31),
            dt.date(2019, 12, 31),
            None,
        )
