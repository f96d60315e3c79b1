"""The docket's own services behind the clerk's quality control: strike, filed in error, relink, change of
event, and the "(Modified on …)" date every correction sets (the court's date, not UTC's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from openecf.audit.models import AuditEvent
from openecf.cases.models import Case, PartyRole
from openecf.cases.services import case_open, party_add
from openecf.docket.models import DocketEntry, EntryRestriction, Event
from openecf.docket.services import (
    docket_entry_create,
    docket_entry_event_change,
    docket_entry_mark_filed_in_error,
    docket_entry_modify_text,
    docket_entry_relink,
    docket_entry_strike,
    event_define,
    us_date,
)
from openecf.documents.services import FiledFile, docket_entry_restrict, document_file, document_restrict
from openecf.documents.testing import make_pdf
from openecf.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db

# 10:30 p.m. in New York on March 16 is already March 17 in UTC: the court's date is the 16th.
LATE_EVENING = dt.datetime(2026, 3, 17, 2, 30, tzinfo=dt.UTC)
COURT_DATE = dt.date(2026, 3, 16)


@pytest.fixture
def case(cit):
    return case_open(
        court=cit,
        caption="Acme Steel Corp. v. United States",
        date_filed=dt.date(2026, 3, 2),
        acting_user=None,
    )


@pytest.fixture
def motion(cit):
    return event_define(
        court=cit, code="motion_stay", label="Motion to Stay", menu="Motions", acting_user=None
    )


@pytest.fixture
def z_motion(cit):
    return event_define(
        court=cit,
        code="z_motion",
        label="Z-Motion (filed after the Clerk's Office closed)",
        menu="Motions",
        after_hours=True,
        acting_user=None,
    )


def _file(case: Case, event: Event, *, documents: int = 1, **fields: Any) -> DocketEntry:
    """An entry with its documents as the filing service stores them (no PDF is parsed here)."""
    entry = docket_entry_create(case=case, event=event, document_count=documents, acting_user=None, **fields)
    for number in range(documents):
        document_file(
            docket_entry=entry,
            filed=FiledFile(content=make_pdf(f"document {number}"), stamped_content=b"", page_count=1),
            attachment_number=number,
            acting_user=None,
        )
    return entry


@pytest.fixture
def entry(case, motion):
    plaintiff = party_add(case=case, name="Acme Steel Corp.", role=PartyRole.PLAINTIFF, acting_user=None)
    return _file(
        case,
        motion,
        documents=2,
        filer_name="Jane Doe",
        filed_for=[plaintiff],
        date_filed=dt.date(2026, 3, 13),
    )


def _generation(case: Case) -> int:
    return Case.objects.values_list("docket_generation", flat=True).get(pk=case.pk)


def _reloaded(entry: DocketEntry) -> DocketEntry:
    return DocketEntry.objects.get(pk=entry.pk)


def test_us_date_has_no_zero_padding():
    assert us_date(dt.date(2026, 3, 6)) == "3/6/2026"
    assert us_date(dt.date(2026, 11, 16)) == "11/16/2026"


class TestStrike:
    def test_the_entry_stays_with_its_text_marked_stricken_on_the_courts_date(self, case, entry, clerk):
        text, generation = entry.text, _generation(case)
        with time_machine.travel(LATE_EVENING, tick=False):
            docket_entry_strike(entry=entry, note="Stricken per order 12.", acting_user=clerk)
        entry = _reloaded(entry)
        assert (entry.stricken_on, entry.modified_on) == (COURT_DATE, COURT_DATE)
        assert entry.text == text and entry.documents.count() == 2
        assert entry.modification_notes == "Stricken per order 12."
        assert _generation(case) == generation + 1
        (audit,) = AuditEvent.objects.filter(kind="docket_entry.stricken")
        assert audit.acting_user == clerk and audit.extra["note"] == "Stricken per order 12."

    def test_twice_is_a_conflict_and_changes_nothing(self, case, entry, clerk):
        with time_machine.travel(LATE_EVENING, tick=False):
            docket_entry_strike(entry=entry, note="Stricken.", acting_user=clerk)
        generation = _generation(case)
        with pytest.raises(Conflict, match="already stricken on 3/16/2026"):
            docket_entry_strike(entry=_reloaded(entry), note="Again.", acting_user=clerk)
        assert _reloaded(entry).modification_notes == "Stricken."
        assert _generation(case) == generation
        assert AuditEvent.objects.filter(kind="docket_entry.stricken").count() == 1

    @pytest.mark.parametrize("note", ["", "   "])
    def test_a_note_is_required(self, case, entry, clerk, note):
        generation = _generation(case)
        with pytest.raises(InvalidInput) as caught:
            docket_entry_strike(entry=entry, note=note, acting_user=clerk)
        assert caught.value.field == "note"
        entry = _reloaded(entry)
        assert entry.stricken_on is None and entry.modified_on is None
        assert _generation(case) == generation


class TestFiledInError:
    def test_marked_kept_and_audited(self, case, entry, clerk):
        generation = _generation(case)
        with time_machine.travel(LATE_EVENING, tick=False):
            docket_entry_mark_filed_in_error(entry=entry, note="Filed in the wrong case.", acting_user=clerk)
        entry = _reloaded(entry)
        assert (entry.filed_in_error_on, entry.modified_on) == (COURT_DATE, COURT_DATE)
        assert entry.stricken_on is None
        assert _generation(case) == generation + 1
        assert AuditEvent.objects.get(kind="docket_entry.filed_in_error").extra["number"] == entry.number

    def test_twice_is_a_conflict(self, entry, clerk):
        docket_entry_mark_filed_in_error(entry=entry, note="Wrong case.", acting_user=clerk)
        with pytest.raises(Conflict):
            docket_entry_mark_filed_in_error(entry=_reloaded(entry), note="Wrong.", acting_user=clerk)
        assert _reloaded(entry).modification_notes == "Wrong case."


class TestRelink:
    def test_sets_the_related_entries_and_keeps_the_text(self, case, motion, entry, clerk):
        later = _file(case, motion)
        text, generation = later.text, _generation(case)
        with time_machine.travel(LATE_EVENING, tick=False):
            docket_entry_relink(entry=later, related=[entry], note="Responds to 1.", acting_user=clerk)
        later = _reloaded(later)
        assert list(later.related_entries.all()) == [entry]
        assert later.text == text
        assert later.modified_on == COURT_DATE and later.modification_notes == "Responds to 1."
        assert _generation(case) == generation + 1
        audit = AuditEvent.objects.get(kind="docket_entry.relinked")
        assert (audit.extra["from"], audit.extra["to"]) == ([], ["1"])
        docket_entry_relink(entry=later, related=[], note="Unlinked.", acting_user=clerk)
        assert not _reloaded(later).related_entries.exists()

    def test_another_cases_entry_is_refused(self, cit, motion, entry, clerk):
        other = case_open(court=cit, caption="B v. United States", date_filed=COURT_DATE, acting_user=None)
        elsewhere = _file(other, motion)
        with pytest.raises(InvalidInput, match="same docket"):
            docket_entry_relink(entry=entry, related=[elsewhere], note="Link.", acting_user=clerk)
        entry = _reloaded(entry)
        assert not entry.related_entries.exists() and entry.modified_on is None

    def test_itself_is_refused(self, entry, clerk):
        with pytest.raises(InvalidInput, match="itself"):
            docket_entry_relink(entry=entry, related=[entry], note="Link.", acting_user=clerk)
        assert not _reloaded(entry).related_entries.exists()

    def test_the_same_links_again_change_nothing(self, case, entry, clerk):
        generation = _generation(case)
        with pytest.raises(InvalidInput, match="already"):
            docket_entry_relink(entry=entry, related=[], note="Nothing.", acting_user=clerk)
        assert _generation(case) == generation and _reloaded(entry).modified_on is None


class TestEventChange:
    def test_a_z_motion_becomes_its_real_event_keeping_number_and_date(self, case, z_motion, motion, clerk):
        filed = _file(case, z_motion, date_filed=dt.date(2026, 3, 13))
        with time_machine.travel(LATE_EVENING, tick=False):
            docket_entry_event_change(
                entry=filed, event=motion, note="Refined from Z-Motion.", acting_user=clerk
            )
        changed = _reloaded(filed)
        assert changed.event == motion
        assert (changed.number, changed.date_filed, changed.text) == (
            filed.number,
            filed.date_filed,
            filed.text,
        )
        assert changed.modified_on == COURT_DATE
        audit = AuditEvent.objects.get(kind="docket_entry.event_changed")
        assert (audit.extra["from"], audit.extra["to"]) == ("z_motion", "motion_stay")
        assert "text" not in audit.extra

    def test_with_new_text(self, z_motion, entry, clerk):
        original = entry.text
        docket_entry_event_change(
            entry=entry, event=z_motion, text="Z-Motion. ", note="Corrected.", acting_user=clerk
        )
        assert _reloaded(entry).text == "Z-Motion."
        assert AuditEvent.objects.get(kind="docket_entry.event_changed").extra["previous_text"] == original

    def test_another_courts_event_is_refused(self, cafc, entry, clerk):
        elsewhere = event_define(court=cafc, code="motion", label="Motion", menu="Motions", acting_user=None)
        with pytest.raises(InvalidInput, match="event dictionary"):
            docket_entry_event_change(entry=entry, event=elsewhere, note="Wrong.", acting_user=clerk)
        assert _reloaded(entry).event_id == entry.event_id

    def test_the_same_event_is_refused(self, motion, entry, clerk):
        with pytest.raises(InvalidInput, match="already docketed"):
            docket_entry_event_change(entry=entry, event=motion, note="Same.", acting_user=clerk)
        assert _reloaded(entry).modified_on is None


class TestModifiedOn:
    def test_a_text_correction_is_dated_by_the_court(self, entry, clerk):
        with time_machine.travel(LATE_EVENING, tick=False):
            docket_entry_modify_text(entry=entry, text="Motion to Stay.", note="Typo.", acting_user=clerk)
        assert _reloaded(entry).modified_on == COURT_DATE

    def test_unchanged_text_is_refused(self, entry, clerk):
        with pytest.raises(InvalidInput, match="unchanged"):
            docket_entry_modify_text(entry=entry, text=entry.text, note="Nothing.", acting_user=clerk)
        assert _reloaded(entry).modified_on is None

    def test_a_seal_marks_the_entry_modified_only_when_asked(self, entry, clerk):
        docket_entry_restrict(entry=entry, restriction=EntryRestriction.SEALED, acting_user=clerk)
        assert _reloaded(entry).modified_on is None
        with time_machine.travel(LATE_EVENING, tick=False):
            docket_entry_restrict(
                entry=_reloaded(entry),
                restriction=EntryRestriction.PUBLIC,
                note="Unsealed per order 9.",
                acting_user=clerk,
                mark_modified=True,
            )
        entry = _reloaded(entry)
        assert entry.modified_on == COURT_DATE and entry.modification_notes == "Unsealed per order 9."

    def test_sealing_one_document_marks_its_entry(self, case, entry, clerk):
        exhibit = entry.documents.get(attachment_number=1)
        generation = _generation(case)
        with time_machine.travel(LATE_EVENING, tick=False):
            document_restrict(
                document=exhibit,
                restriction=EntryRestriction.SEALED,
                note="Exhibit A sealed.",
                acting_user=clerk,
                mark_modified=True,
            )
        entry = _reloaded(entry)
        assert entry.modified_on == COURT_DATE and entry.modification_notes == "Exhibit A sealed."
        assert entry.restriction == EntryRestriction.PUBLIC
        assert entry.documents.get(attachment_number=1).restriction == EntryRestriction.SEALED
        assert _generation(case) == generation + 1
