"""Writes to the docket: events and docket entries.

An entry's documents are stored by `openecf.documents`, the app above this one: an entry with its
documents is docketed by `documents.services.docket_entry_with_documents_create`. Sealing an entry never
changes its documents' own restrictions (a reader needs both).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.cases.generation import case_docket_generation_bump
from openecf.cases.models import Case, Party
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, EntryRestriction, Event
from openecf.errors import Conflict, InvalidInput
from openecf.numbers import is_ascii_digits

TEMPLATE_FIELDS = frozenset({"label", "related", "filer", "parties", "text"})


def _check_template(template: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise InvalidInput(
            f"Docket-text template is malformed: {exc}.", field="docket_text_template"
        ) from exc
    unknown = names - TEMPLATE_FIELDS
    if unknown:
        raise InvalidInput(
            f"Docket-text template uses unknown field(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(TEMPLATE_FIELDS))}.",
            field="docket_text_template",
        )


@transaction.atomic
def event_define(
    *,
    court: Court,
    code: str,
    label: str,
    menu: str,
    acting_user: User | None,
    keywords: str = "",
    document_required: bool = True,
    opens_case: bool = False,
    numbered: bool = True,
    fee: Decimal = Decimal("0.00"),
    prompts_related_entry: bool = False,
    docket_text_template: str = "",
    staff_only: bool = False,
    text_extendable: bool = True,
    confidential: bool = False,
    after_hours: bool = False,
    joins_case: bool = False,
    manual_filing: bool = False,
    certification: str = "",
    date_prompt: str = "",
    deadline_days: int | None = None,
    deadline_label: str = "",
) -> Event:
    """Add an event to a court's dictionary, or redefine the one with that code."""
    template = docket_text_template or "{label}{related}. Filed by {filer} on behalf of {parties}."
    _check_template(template)
    fields = {
        "label": label,
        "menu": menu,
        "keywords": keywords,
        "document_required": document_required,
        "opens_case": opens_case,
        "numbered": numbered,
        "fee": fee,
        "prompts_related_entry": prompts_related_entry,
        "docket_text_template": template,
        "staff_only": staff_only,
        "text_extendable": text_extendable,
        "confidential": confidential,
        "after_hours": after_hours,
        "joins_case": joins_case,
        "manual_filing": manual_filing,
        "certification": certification,
        "date_prompt": date_prompt,
        "deadline_days": deadline_days,
        "deadline_label": deadline_label,
    }
    event, created = Event.objects.update_or_create(court=court, code=code, defaults=fields)
    audit_event_record(
        kind="event.defined" if created else "event.redefined",
        acting_user=acting_user,
        subject=event,
        court=court,
        extra={"code": code, "label": label},
    )
    return event


def docket_text_compose(
    *,
    event: Event,
    filer: str = "",
    parties: Sequence[Party] = (),
    related: Sequence[DocketEntry] = (),
    text: str = "",
    label: str = "",
) -> str:
    """Docket text from the event's template, e.g. 'Motion to stay (related document(s) 4). Filed by …'.

    `label` replaces the event's label (a filer's words extending it: 'Motion to stay proceedings')."""
    numbers = [str(entry.number) for entry in related if entry.number is not None]
    composed = event.docket_text_template.format(
        label=label or event.label,
        related=f" (related document(s) {', '.join(numbers)})" if numbers else "",
        filer=filer or "the court",
        parties=", ".join(party.name for party in parties) or "the court",
        text=text,
    )
    if text and "{text}" not in event.docket_text_template:
        composed = f"{composed} {text}"
    # A name that ends its sentence ("Acme Steel Corp.") takes no second full stop.
    return " ".join(composed.replace(".. ", ". ").removesuffix("..").split()) + (
        "." if composed.endswith("..") else ""
    )


def court_today(court: Court, moment: dt.datetime | None = None) -> dt.date:
    """The date in the court's own time zone (a filing before local midnight is filed that day)."""
    return (moment or timezone.now()).astimezone(ZoneInfo(court.time_zone)).date()


def us_date(day: dt.date) -> str:
    """A date as PACER writes it in docket text: 3/16/2026 (no zero padding)."""
    return f"{day.month}/{day.day}/{day.year}"


def _next_numbers(case: Case, *, numbered: bool, number: int | None) -> tuple[int | None, int]:
    """Allocate (docket number, ordering sequence); the UPDATE row-locks the case until commit."""
    updates: dict[str, object] = {
        "last_entry_sequence": F("last_entry_sequence") + 1,
        "docket_generation": F("docket_generation") + 1,  # a new row: cached report rows are stale
    }
    if numbered and number is None:
        updates["last_entry_number"] = F("last_entry_number") + 1
    Case.objects.filter(pk=case.pk).update(**updates)
    row = Case.objects.filter(pk=case.pk).values("last_entry_number", "last_entry_sequence").get()
    if not numbered:
        return None, row["last_entry_sequence"]
    if number is None:
        return row["last_entry_number"], row["last_entry_sequence"]
    if DocketEntry.objects.filter(case=case, number=number).exists():
        raise Conflict(f"Docket number {number} is already used in this case.", field="number")
    if number > row["last_entry_number"]:
        Case.objects.filter(pk=case.pk).update(last_entry_number=number)
    return number, row["last_entry_sequence"]


@transaction.atomic
def docket_entry_create(
    *,
    case: Case,
    acting_user: User | None,
    event: Event | None = None,
    text: str = "",
    date_filed: dt.date | None = None,
    date_entered: dt.date | None = None,
    filed_at: dt.datetime | None = None,
    filer_name: str = "",
    filed_for: Sequence[Party] = (),
    related_entries: Sequence[DocketEntry] = (),
    restriction: EntryRestriction = EntryRestriction.PUBLIC,
    numbered: bool | None = None,
    number: int | None = None,
    document_count: int = 0,
    printed_number: str = "",
    legacy_doc_id: str = "",
    legacy_seq_no: str = "",
) -> DocketEntry:
    """Docket one entry (its `document_count` documents are stored in the same transaction by the caller).

    The docket number is the next one of the case unless `number` is given (an imported entry);
    `printed_number` is how an imported docket printed it, when not plainly (e.g. '009029155384').
    """
    court = case.court
    if event is not None and event.court_id != court.pk:
        raise InvalidInput("That event is not in this court's event dictionary.", field="event")
    for party in filed_for:
        if party.case_id != case.pk:
            raise InvalidInput(f"{party.name} is not a party to this case.", field="filed_for")
    for related in related_entries:
        if related.case_id != case.pk:
            raise InvalidInput("A related entry must be on the same docket.", field="related_entries")
    if event is not None and event.document_required and not document_count and number is None:
        raise InvalidInput(f"'{event.label}' requires a PDF document.", field="documents")
    if numbered is None:
        numbered = event.numbered if event is not None else True
    if number is not None and number < 1:
        raise InvalidInput("Docket numbers start at 1.", field="number")
    if printed_number and not is_ascii_digits(printed_number):
        raise InvalidInput("A printed docket number is digits 0-9 only, at most 20.", field="printed_number")
    if event is not None and not text.strip():
        text = docket_text_compose(event=event, filer=filer_name, parties=filed_for, related=related_entries)
    elif event is not None and event.prompts_related_entry and related_entries and "related" not in text:
        text = docket_text_compose(
            event=event, filer=filer_name, parties=filed_for, related=related_entries, text=text
        )
    if not text.strip():
        raise InvalidInput("A docket entry needs docket text or an event.", field="text")
    now = timezone.now()
    today = court_today(court, now)
    allocated_number, sequence = _next_numbers(case, numbered=numbered, number=number)
    entry = DocketEntry.objects.create(
        case=case,
        number=allocated_number,
        sequence=sequence,
        date_filed=date_filed or today,
        date_entered=date_entered or date_filed or today,
        filed_at=filed_at or (now if date_filed is None else None),
        text=text,
        event=event,
        filer_name=filer_name,
        filed_by=acting_user if acting_user is not None and acting_user.pk else None,
        restriction=restriction,
        printed_number=printed_number,
        legacy_doc_id=legacy_doc_id,
        legacy_seq_no=legacy_seq_no,
    )
    if filed_for:
        entry.filed_for.set(filed_for)
    if related_entries:
        entry.related_entries.set(related_entries)
    audit_event_record(
        kind="docket_entry.created",
        acting_user=acting_user,
        subject=entry,
        court=court,
        extra={"case": case.pk, "number": allocated_number, "event": event.code if event else None},
    )
    return entry


def docket_entry_modification_note(entry: DocketEntry, note: str) -> list[str]:
    """Mark the entry modified today (the court's date) with the clerk's note; the caller saves the fields
    returned, in its own transaction, and audits the change it made."""
    entry.modified_on = court_today(entry.case.court)
    fields = ["modified_on"]
    if note.strip():
        entry.modification_notes = "\n".join(filter(None, [entry.modification_notes, note.strip()]))
        fields.append("modification_notes")
    return fields


def _note_required(note: str) -> str:
    if not note.strip():
        raise InvalidInput("Say why the entry is modified.", field="note")
    return note.strip()


@transaction.atomic
def docket_entry_restriction_set(
    *,
    entry: DocketEntry,
    restriction: EntryRestriction,
    acting_user: User | None,
    note: str = "",
    mark_modified: bool = False,
) -> DocketEntry:
    """Seal, restrict or unseal the entry itself; its documents keep their own restrictions.

    With `mark_modified` (the clerk's quality control), the entry shows '(Modified on <date>)'.
    """
    previous = entry.restriction
    entry.restriction = restriction
    fields = ["restriction"]
    if mark_modified:
        fields += docket_entry_modification_note(entry, note)
    elif note:
        entry.modification_notes = "\n".join(filter(None, [entry.modification_notes, note]))
        fields.append("modification_notes")
    entry.save(update_fields=fields)
    case_docket_generation_bump(case_id=entry.case_id)
    audit_event_record(
        kind="docket_entry.restriction_changed",
        acting_user=acting_user,
        subject=entry,
        court=entry.case.court,
        extra={"from": previous, "to": restriction, "note": note},
    )
    return entry


@transaction.atomic
def docket_entry_modify_text(
    *, entry: DocketEntry, text: str, note: str, acting_user: User | None
) -> DocketEntry:
    """Correct docket text; the clerk's note says why and stays on the entry."""
    if not text.strip():
        raise InvalidInput("Docket text cannot be empty.", field="text")
    note = _note_required(note)
    if text == entry.text:
        raise InvalidInput(
            "The docket text is unchanged; edit it, or leave the entry as it is.", field="text"
        )
    previous = entry.text
    entry.text = text
    entry.save(update_fields=["text", *docket_entry_modification_note(entry, note)])
    case_docket_generation_bump(case_id=entry.case_id)
    audit_event_record(
        kind="docket_entry.modified",
        acting_user=acting_user,
        subject=entry,
        court=entry.case.court,
        extra={"previous_text": previous, "note": note},
    )
    return entry


@transaction.atomic
def docket_entry_strike(*, entry: DocketEntry, note: str, acting_user: User | None) -> DocketEntry:
    """Strike the entry: it stays on the docket with its text and documents, marked stricken."""
    note = _note_required(note)
    if entry.stricken_on is not None:
        raise Conflict(f"This entry was already stricken on {us_date(entry.stricken_on)}.", code="stricken")
    entry.stricken_on = court_today(entry.case.court)
    entry.save(update_fields=["stricken_on", *docket_entry_modification_note(entry, note)])
    case_docket_generation_bump(case_id=entry.case_id)
    audit_event_record(
        kind="docket_entry.stricken",
        acting_user=acting_user,
        subject=entry,
        court=entry.case.court,
        extra={"case": entry.case_id, "number": entry.number, "note": note},
    )
    return entry


@transaction.atomic
def docket_entry_mark_filed_in_error(
    *, entry: DocketEntry, note: str, acting_user: User | None
) -> DocketEntry:
    """Mark the entry filed in error (the wrong case, document or event): it stays on the docket, marked."""
    note = _note_required(note)
    if entry.filed_in_error_on is not None:
        raise Conflict(
            f"This entry was already marked filed in error on {us_date(entry.filed_in_error_on)}.",
            code="filed_in_error",
        )
    entry.filed_in_error_on = court_today(entry.case.court)
    entry.save(update_fields=["filed_in_error_on", *docket_entry_modification_note(entry, note)])
    case_docket_generation_bump(case_id=entry.case_id)
    audit_event_record(
        kind="docket_entry.filed_in_error",
        acting_user=acting_user,
        subject=entry,
        court=entry.case.court,
        extra={"case": entry.case_id, "number": entry.number, "note": note},
    )
    return entry


@transaction.atomic
def docket_entry_relink(
    *, entry: DocketEntry, related: Sequence[DocketEntry], acting_user: User | None, note: str
) -> DocketEntry:
    """Set the entries this one relates to (none unlinks them all). The docket text is not recomposed: it
    says what the clerk writes in it."""
    note = _note_required(note)
    chosen = {other.pk: other for other in related}
    for other in chosen.values():
        if other.case_id != entry.case_id:
            raise InvalidInput("A related entry must be on the same docket.", field="related_entries")
        if other.pk == entry.pk:
            raise InvalidInput("An entry cannot relate to itself.", field="related_entries")
    previous = sorted(entry.related_entries.values_list("pk", flat=True))
    if previous == sorted(chosen):
        raise InvalidInput(
            "Those are already the entry's related entries; choose others, or leave it as it is.",
            field="related_entries",
        )
    entry.related_entries.set(list(chosen.values()))
    entry.save(update_fields=docket_entry_modification_note(entry, note))
    case_docket_generation_bump(case_id=entry.case_id)
    audit_event_record(
        kind="docket_entry.relinked",
        acting_user=acting_user,
        subject=entry,
        court=entry.case.court,
        extra={
            "from": _numbers_of(DocketEntry.objects.filter(pk__in=previous)),
            "to": _numbers_of(chosen.values()),
            "note": note,
        },
    )
    return entry


def _numbers_of(entries: Iterable[DocketEntry]) -> list[str]:
    return sorted((entry.number_label or f"#{entry.pk}" for entry in entries), key=lambda n: (len(n), n))


@transaction.atomic
def docket_entry_event_change(
    *, entry: DocketEntry, event: Event, acting_user: User | None, note: str, text: str = ""
) -> DocketEntry:
    """Docket the entry under another event of the court (a Z-motion refined into its real event); it keeps
    its number and its date filed. `text` is its new docket text (empty: the text stays as it is)."""
    note = _note_required(note)
    court = entry.case.court
    if event.court_id != court.pk:
        raise InvalidInput("That event is not in this court's event dictionary.", field="event")
    if event.pk == entry.event_id:
        raise InvalidInput(f"The entry is already docketed as '{event.label}'.", field="event")
    previous, previous_text = entry.event, entry.text
    fields = ["event"]
    entry.event = event
    if text.strip():
        entry.text = text.strip()
        fields.append("text")
    entry.save(update_fields=[*fields, *docket_entry_modification_note(entry, note)])
    case_docket_generation_bump(case_id=entry.case_id)
    audit_event_record(
        kind="docket_entry.event_changed",
        acting_user=acting_user,
        subject=entry,
        court=court,
        extra={
            "from": previous.code if previous is not None else None,
            "to": event.code,
            "note": note,
            **({"previous_text": previous_text, "text": entry.text} if "text" in fields else {}),
        },
    )
    return entry
