"""The clerk's quality control of electronic filings (seed 003 Q32).

Every filing lands in its court's queue. The clerk's office reviews it and corrects what needs correcting:
the docket text (the entry then shows "(Modified on 3/16/2026)"), a stricken entry (kept, marked), a seal on
the entry or one of its documents, its related entries, "filed in error" (the filer is told by e-mail), and a
Z-motion or Z-document refined into its real event. Each action is one transaction: the docket's own service
makes the change, and a `QualityControlAction` (the entry's history, which the filer sees) and its audit
event are written beside it. Only the court's clerk's office may act; to anyone else the queue and its
filings do not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from openecf.access.policy import Action, AnyUser, is_court_staff, require, signed_in
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.courts.calendar import deadline_compute
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, EntryRestriction, Event
from openecf.docket.services import (
    docket_entry_event_change,
    docket_entry_mark_filed_in_error,
    docket_entry_modify_text,
    docket_entry_relink,
    docket_entry_strike,
    docket_text_compose,
    us_date,
)
from openecf.documents.models import Document
from openecf.documents.services import docket_entry_restrict, document_restrict
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.filing.models import (
    Deadline,
    Filing,
    QualityControlAction,
    QualityControlKind,
    QualityControlStatus,
)
from openecf.filing.reach import filer_display_name
from openecf.filing.selectors import FilingNotFound
from openecf.filing.stamps import document_label
from openecf.text import search_words_parse, typed_text_check

NOTE_MAX_LENGTH = 2000
DOCKET_TEXT_MAX_LENGTH = 5000
FILTER_MAX_LENGTH = 100
MAX_RELATED = 50
QUEUE_STATUSES = ("pending", "all")

FILED_IN_ERROR_SUBJECT = "Filed in error: {case} Document {number}"
FILED_IN_ERROR_BODY = """\
The Clerk's Office of the {court} marked this filing as filed in error:

  Case: {case} ({title})
  Document {number}: {event}, filed {filed}

Note from the clerk: {note}

The entry stays on the docket, marked FILED IN ERROR.
What to do now:
- Read the clerk's note: it says what was wrong (the case, the document or the event).
- If the document still has to be filed, file it again, in the right case and under the right event. Do not
  file it again before you know what was wrong.
- For questions, contact the CM/ECF Help Desk{help_desk}.
{history}"""


class QualityControlNotFound(NotFound):
    code = "filing_not_found"


# --- who may act -----------------------------------------------------------------------------------------


def _clerk(user: AnyUser, court: Court | str) -> User:
    """The clerk's office of the court; to anyone else the page does not exist (NotFound)."""
    return require(user, Action.DOCKET, court=court)


def _locked(filing: Filing) -> Filing:
    """The filing again, row-locked until commit: two clerks' actions on one filing take turns."""
    return (
        Filing.objects.select_for_update(of=("self",))
        .select_related("court", "case__court", "docket_entry__case__court", "event", "filer", "submitted_by")
        .get(pk=filing.pk)
    )


def _note(note: str, *, required: bool = True) -> str:
    note = typed_text_check(note, name="note", multiline=True).strip()
    if required and not note:
        raise InvalidInput(
            "Write a note: say what was changed and why (the filer sees it in the entry's history).",
            field="note",
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(f"The note is at most {NOTE_MAX_LENGTH} characters.", field="note")
    return note


def _restriction(value: str) -> EntryRestriction:
    if value not in EntryRestriction.values:
        labels = ", ".join(str(label) for label in EntryRestriction.labels)
        raise InvalidInput(f"Choose who may read it: {labels}.", field="restriction")
    return EntryRestriction(value)


def _record(
    *, filing: Filing, kind: QualityControlKind, note: str, details: dict[str, Any], clerk: User
) -> QualityControlAction:
    action = QualityControlAction.objects.create(
        filing=filing, kind=kind, note=note, details=details, acting_user=clerk
    )
    entry = filing.docket_entry
    audit_event_record(
        kind=f"filing.qc_{kind}",
        acting_user=clerk,
        subject=filing,
        court=filing.court,
        extra={"case": filing.case.pacer_case_number, "entry": entry.number, "note": note, **details},
    )
    return action


# --- the actions -----------------------------------------------------------------------------------------


@transaction.atomic
def qc_review_complete(*, filing: Filing, acting_user: User, note: str = "") -> Filing:
    """The clerk has reviewed the filing: it leaves the queue of filings awaiting quality control."""
    clerk = _clerk(acting_user, filing.court_id)
    note = _note(note, required=False)
    filing = _locked(filing)
    if filing.qc_status == QualityControlStatus.REVIEWED:
        reviewed_by = filer_display_name(filing.qc_reviewed_by) if filing.qc_reviewed_by else "the clerk"
        raise Conflict(f"This filing was already reviewed by {reviewed_by}.", code="already_reviewed")
    filing.qc_status = QualityControlStatus.REVIEWED
    filing.qc_reviewed_by = clerk
    filing.qc_reviewed_at = timezone.now()
    filing.save(update_fields=["qc_status", "qc_reviewed_by", "qc_reviewed_at"])
    _record(filing=filing, kind=QualityControlKind.REVIEWED, note=note, details={}, clerk=clerk)
    return filing


@transaction.atomic
def qc_text_edit(*, filing: Filing, text: str, note: str, acting_user: User) -> Filing:
    """Correct the docket text; the entry then shows '(Modified on <date>)'."""
    clerk = _clerk(acting_user, filing.court_id)
    text = " ".join(typed_text_check(text, name="text", multiline=True).split())
    if not text:
        raise InvalidInput("Docket text cannot be empty.", field="text")
    if len(text) > DOCKET_TEXT_MAX_LENGTH:
        raise InvalidInput(f"Docket text is at most {DOCKET_TEXT_MAX_LENGTH} characters.", field="text")
    note = _note(note)
    filing = _locked(filing)
    entry = filing.docket_entry
    previous = entry.text
    docket_entry_modify_text(entry=entry, text=text, note=note, acting_user=clerk)
    _record(
        filing=filing,
        kind=QualityControlKind.TEXT_EDITED,
        note=note,
        details={"from": previous, "to": text},
        clerk=clerk,
    )
    return filing


@transaction.atomic
def qc_strike(*, filing: Filing, note: str, acting_user: User) -> Filing:
    """Strike the entry: it stays on the docket with its text, marked stricken."""
    clerk = _clerk(acting_user, filing.court_id)
    note = _note(note)
    filing = _locked(filing)
    entry = docket_entry_strike(entry=filing.docket_entry, note=note, acting_user=clerk)
    stricken_on = entry.stricken_on.isoformat() if entry.stricken_on else None
    _record(
        filing=filing,
        kind=QualityControlKind.STRICKEN,
        note=note,
        details={"stricken_on": stricken_on},
        clerk=clerk,
    )
    return filing


@transaction.atomic
def qc_restrict(*, filing: Filing, restriction: str, note: str, acting_user: User) -> Filing:
    """Seal, restrict or unseal the entry (its documents keep their own restrictions as well)."""
    clerk = _clerk(acting_user, filing.court_id)
    chosen = _restriction(restriction)
    note = _note(note)
    filing = _locked(filing)
    entry = filing.docket_entry
    previous = EntryRestriction(entry.restriction)
    if previous == chosen:
        raise InvalidInput(f"The entry is already '{chosen.label}'.", field="restriction")
    docket_entry_restrict(entry=entry, restriction=chosen, note=note, acting_user=clerk, mark_modified=True)
    _record(
        filing=filing,
        kind=QualityControlKind.SEALED,
        note=note,
        details={"from": previous.value, "to": chosen.value},
        clerk=clerk,
    )
    return filing


@transaction.atomic
def qc_document_restrict(
    *, filing: Filing, document_id: int, restriction: str, note: str, acting_user: User
) -> Filing:
    """Seal, restrict or unseal one document of the entry (an exhibit); the entry's restriction still applies."""
    clerk = _clerk(acting_user, filing.court_id)
    chosen = _restriction(restriction)
    note = _note(note)
    filing = _locked(filing)
    document = (
        Document.objects.filter(docket_entry=filing.docket_entry, pk=document_id)
        .select_related("docket_entry__case__court")
        .first()
    )
    if document is None:
        raise InvalidInput("Choose one of this entry's documents.", field="document")
    previous = EntryRestriction(document.restriction)
    if previous == chosen:
        raise InvalidInput(f"That document is already '{chosen.label}'.", field="restriction")
    document_restrict(document=document, restriction=chosen, note=note, acting_user=clerk, mark_modified=True)
    _record(
        filing=filing,
        kind=QualityControlKind.DOCUMENT_SEALED,
        note=note,
        details={
            "document": document_label_of(document, documents_in_entry=filing.docket_entry.documents.count()),
            "attachment": document.attachment_number,
            "from": previous.value,
            "to": chosen.value,
        },
        clerk=clerk,
    )
    return filing


@transaction.atomic
def qc_relink(*, filing: Filing, related_numbers: Sequence[int], note: str, acting_user: User) -> Filing:
    """Set the earlier entries this one relates to, by their docket numbers (none: unlink them all). The
    docket text says what the clerk writes in it: edit it too where it names them."""
    clerk = _clerk(acting_user, filing.court_id)
    note = _note(note)
    numbers = sorted(set(related_numbers))
    if len(numbers) > MAX_RELATED:
        raise InvalidInput(f"At most {MAX_RELATED} related entries.", field="related_entries")
    filing = _locked(filing)
    entry = filing.docket_entry
    found = {e.number: e for e in DocketEntry.objects.filter(case=filing.case, number__in=numbers)}
    missing = [str(n) for n in numbers if n not in found]
    if missing:
        raise InvalidInput(
            f"There is no entry {', '.join(missing)} on this docket.",
            code="unknown_entry",
            field="related_entries",
        )
    previous = sorted(n for n in entry.related_entries.values_list("number", flat=True) if n is not None)
    docket_entry_relink(entry=entry, related=[found[n] for n in numbers], note=note, acting_user=clerk)
    _record(
        filing=filing,
        kind=QualityControlKind.RELINKED,
        note=note,
        details={"from": previous, "to": numbers},
        clerk=clerk,
    )
    return filing


@transaction.atomic
def qc_filed_in_error(*, filing: Filing, note: str, acting_user: User, history_url: str = "") -> Filing:
    """Mark the entry filed in error and tell the filer (and the agent who submitted it) by e-mail once the
    change commits. `history_url`: the address of the entry's history, for the mail."""
    clerk = _clerk(acting_user, filing.court_id)
    note = _note(note)
    filing = _locked(filing)
    entry = docket_entry_mark_filed_in_error(entry=filing.docket_entry, note=note, acting_user=clerk)
    recipients = sorted({u.email for u in (filing.filer, filing.submitted_by) if u.email})
    marked_on = entry.filed_in_error_on.isoformat() if entry.filed_in_error_on else None
    _record(
        filing=filing,
        kind=QualityControlKind.FILED_IN_ERROR,
        note=note,
        details={"filed_in_error_on": marked_on, "told": recipients},
        clerk=clerk,
    )
    subject, body = filed_in_error_mail(filing, note=note, history_url=history_url)
    if recipients:
        # robust: a mail server that fails after the commit is logged, never shown the clerk as an error.
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients), robust=True)
    return filing


def filed_in_error_mail(filing: Filing, *, note: str, history_url: str = "") -> tuple[str, str]:
    """The subject and body of the mail that tells the filer their filing was filed in error."""
    court, case, entry = filing.court, filing.case, filing.docket_entry
    number = entry.number_label or "(unnumbered)"
    contacts = [c for c in (court.help_desk_phone, court.help_desk_email) if c]
    subject = FILED_IN_ERROR_SUBJECT.format(case=case.pacer_case_number, number=number)
    body = FILED_IN_ERROR_BODY.format(
        court=court.name,
        case=case.pacer_case_number,
        title=case.short_title,
        number=number,
        event=filing.event.label,
        filed=us_date(filing.date_filed),
        note=note,
        help_desk=f" at {' or '.join(contacts)}" if contacts else "",
        history=f"\nThe entry's history: {history_url}\n" if history_url else "",
    )
    return subject, body


@transaction.atomic
def qc_event_refine(
    *, filing: Filing, event_code: str, note: str, acting_user: User, text: str = ""
) -> Filing:
    """Docket the filing under its real event (a Z-motion or Z-document filed after hours, or a wrong event).
    It keeps its number and its date filed. `text`: the new docket text; empty, it is built from the new
    event's template (and the deadline the event sets, counted from the date filed)."""
    clerk = _clerk(acting_user, filing.court_id)
    note = _note(note)
    text = " ".join(typed_text_check(text, name="text", multiline=True).split())
    if len(text) > DOCKET_TEXT_MAX_LENGTH:
        raise InvalidInput(f"Docket text is at most {DOCKET_TEXT_MAX_LENGTH} characters.", field="text")
    filing = _locked(filing)
    event = refine_events(filing.court).filter(code=event_code.strip()[:40]).first()
    if event is None:
        raise InvalidInput(
            "Choose the filing's real event from the court's event dictionary (not a Z-event).",
            code="unknown_event",
            field="event",
        )
    entry = filing.docket_entry
    due: dt.date | None = None
    if event.deadline_days and not Deadline.objects.filter(docket_entry=entry).exists():
        due = deadline_compute(filing.court, start=entry.date_filed, days=event.deadline_days)
    if not text:
        text = docket_text_compose(
            event=event,
            filer=entry.filer_name,
            parties=list(entry.filed_for.all()),
            related=list(entry.related_entries.all()),
        )
        if due is not None:
            text = f"{text} {event.deadline_label or 'Due'} by {us_date(due)}."
    previous = filing.event
    previous_text = entry.text
    docket_entry_event_change(entry=entry, event=event, note=note, text=text, acting_user=clerk)
    filing.event = event
    filing.save(update_fields=["event"])
    if due is not None:
        Deadline.objects.create(
            case=filing.case, docket_entry=entry, label=event.deadline_label or "Due", due_on=due
        )
    _record(
        filing=filing,
        kind=QualityControlKind.EVENT_REFINED,
        note=note,
        details={
            "from": previous.label,
            "to": event.label,
            "from_code": previous.code,
            "to_code": event.code,
            "text_from": previous_text,
            "text_to": entry.text,
            **({"deadline": due.isoformat()} if due is not None else {}),
        },
        clerk=clerk,
    )
    return filing


# --- reads ---------------------------------------------------------------------------------------------


def qc_queue(
    user: AnyUser, court: Court, *, event_code: str = "", filer: str = "", status: str = "pending"
) -> QuerySet[Filing]:
    """The court's filings for quality control, newest first: those awaiting it (or all), of one event (its
    code), of one filer (username, or a part of the name)."""
    _clerk(user, court)
    if status not in QUEUE_STATUSES:
        raise InvalidInput("Show the filings awaiting quality control ('pending') or 'all'.", field="status")
    filings = Filing.objects.filter(court=court).select_related(
        "case", "docket_entry", "event", "filer", "submitted_by", "qc_reviewed_by"
    )
    if status == "pending":
        filings = filings.filter(qc_status=QualityControlStatus.PENDING)
    event_code = search_words_parse(event_code, name="event", max_length=40)
    if event_code:
        filings = filings.filter(event__code=event_code)
    words = search_words_parse(filer, name="filer", max_length=FILTER_MAX_LENGTH).split()
    for word in words[:5]:
        filings = filings.filter(
            Q(filer__username__icontains=word)
            | Q(filer__first_name__icontains=word)
            | Q(filer__last_name__icontains=word)
            | Q(docket_entry__filer_name__icontains=word)
        )
    return filings.order_by("-filed_at", "-id")


def access_qc_filing(user: AnyUser, court: Court, filing_id: int) -> Filing:
    """One filing of the court, for its clerk's office; to anyone else, or in another court: not found."""
    _clerk(user, court)
    related = ("court", "case__court", "docket_entry__case__court", "event", "filer", "submitted_by")
    found = (
        Filing.objects.filter(court=court, pk=filing_id).select_related(*related, "qc_reviewed_by").first()
    )
    if found is None:
        raise QualityControlNotFound("There is no such filing in this court.")
    return found


def entry_history(user: AnyUser, filing: Filing) -> list[QualityControlAction]:
    """What the clerk did to the filing, oldest first: for its filer, whoever submitted it, and the court."""
    account = signed_in(user)
    if account is None or not (
        account.pk in (filing.filer_id, filing.submitted_by_id) or is_court_staff(account, filing.court_id)
    ):
        raise FilingNotFound("There is no such filing.")
    return list(filing.qc_actions.select_related("acting_user").order_by("created_at", "id"))


def qc_documents(filing: Filing) -> list[Document]:
    """The entry's documents, main document first (for a filing the clerk already opened)."""
    return list(Document.objects.filter(docket_entry=filing.docket_entry).order_by("attachment_number"))


def qc_related_numbers(filing: Filing) -> list[int]:
    """The docket numbers of the entries the filing's entry relates to."""
    numbers = filing.docket_entry.related_entries.values_list("number", flat=True)
    return sorted(n for n in numbers if n is not None)


def refine_events(court: Court) -> QuerySet[Event]:
    """The events a filing may be refined into: the court's active events, neither Z-events nor ones that
    open a case."""
    return (
        Event.objects.for_court(court)
        .filter(active=True, after_hours=False, opens_case=False)
        .order_by("menu", "label")
    )


def document_label_of(document: Document, *, documents_in_entry: int = 1) -> str:
    """'Document 5' or 'Document 5-1' (an attachment), as the court numbers its documents."""
    entry = document.docket_entry
    if not entry.number_label:
        return (
            "Main document" if not document.attachment_number else f"Attachment {document.attachment_number}"
        )
    label = document_label(
        entry.case.court,
        entry.number_label,
        document.attachment_number,
        documents_in_entry=documents_in_entry,
    )
    return f"Document {label}"
