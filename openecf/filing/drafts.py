"""The filing wizard's drafts: what a filer chose so far, kept on the server between the steps, and the PDFs
uploaded (checked at once, stored in blob storage at once and referenced by their keys).

A draft is its owner's alone, in its court: `access_draft` answers "not found" for anyone else's. A
discarded draft leaves its files to `storage-sweep`: a content address may be shared with a filed document.
Submitting a draft files it once (`draft_submit`: the draft's own idempotency key), and the draft then
points at its filing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openecf.access.docket import readable_restrictions
from openecf.access.policy import Action, AnyUser, require, signed_in
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.billing.gateway import CardDetails
from openecf.cases.models import Case, CaseNumberSequence, Party, PartyRole
from openecf.cases.numbers import default_case_type
from openecf.courts.calendar import court_date
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, Event
from openecf.documents.pdf import pdf_inspect
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.filing.models import Filing, FilingDraft
from openecf.filing.services import (
    ATTACHMENT_CATEGORIES,
    MAX_ATTACHMENTS,
    MAX_DESCRIPTION,
    MAX_FILENAME,
    MAX_TEXT_EXTRA,
    FilingRequest,
    FilingUpload,
    NewCase,
    filing_submit,
)
from openecf.storage import blob_storage
from openecf.text import typed_text_check

DRAFT_NOT_FOUND = "There is no such filing in progress. Start again from the Filing menu."
MAX_PARTY_NAME = 500
MAX_NEW_CASE_FIELD = 300


class DraftNotFound(NotFound):
    code = "draft_not_found"


class DraftUpload(TypedDict):
    """One PDF of a draft, as kept in `FilingDraft.uploads` (the main document first)."""

    key: str
    filename: str
    main: bool
    category: str
    description: str
    size: int
    pages: int
    warnings: list[str]


@dataclass(frozen=True)
class DraftChoices:
    """What `FilingDraft.choices` holds, read back with its types."""

    on_behalf_of: str = ""
    new_case: NewCase | None = None
    party_ids: tuple[int, ...] | None = None
    join_party_id: int | None = None
    new_party_name: str = ""
    new_party_role: str = PartyRole.INTERVENOR
    parties_done: bool = False
    documents_done: bool = False
    related_entry_numbers: tuple[int, ...] = ()
    prompted_date: dt.date | None = None
    certify: bool = False
    confidential: bool = False
    prompts_done: bool = False
    docket_text_extra: str = ""


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ints(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, int) and not isinstance(item, bool))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def draft_choices(draft: FilingDraft) -> DraftChoices:
    """The draft's choices (what the JSON holds, typed; anything malformed reads as not chosen)."""
    raw: dict[str, Any] = draft.choices if isinstance(draft.choices, dict) else {}
    new_case = None
    stored_case = raw.get("new_case")
    if isinstance(stored_case, dict):
        new_case = NewCase(
            plaintiffs=tuple(_text(p) for p in stored_case.get("plaintiffs") or [] if _text(p)),
            defendants=tuple(_text(d) for d in stored_case.get("defendants") or [] if _text(d)),
            short_title=_text(stored_case.get("short_title")),
            nature_of_suit=_text(stored_case.get("nature_of_suit")),
            agency=_text(stored_case.get("agency")),
            product_description=_text(stored_case.get("product_description")),
            export_country=_text(stored_case.get("export_country")),
        )
    prompted = None
    if _text(raw.get("prompted_date")):
        try:
            prompted = dt.date.fromisoformat(raw["prompted_date"])
        except ValueError:
            prompted = None
    party_ids = raw.get("party_ids")
    return DraftChoices(
        on_behalf_of=_text(raw.get("on_behalf_of")),
        new_case=new_case,
        party_ids=_ints(party_ids) if isinstance(party_ids, list) else None,
        join_party_id=_int_or_none(raw.get("join_party_id")),
        new_party_name=_text(raw.get("new_party_name")),
        new_party_role=_text(raw.get("new_party_role")) or PartyRole.INTERVENOR,
        parties_done=raw.get("parties_done") is True,
        documents_done=raw.get("documents_done") is True,
        related_entry_numbers=_ints(raw.get("related_entry_numbers")),
        prompted_date=prompted,
        certify=raw.get("certify") is True,
        confidential=raw.get("confidential") is True,
        prompts_done=raw.get("prompts_done") is True,
        docket_text_extra=_text(raw.get("docket_text_extra")),
    )


def draft_uploads(draft: FilingDraft) -> list[DraftUpload]:
    """The draft's PDFs, main document first."""
    uploads = draft.uploads if isinstance(draft.uploads, list) else []
    kept = [cast(DraftUpload, item) for item in uploads if isinstance(item, dict) and "key" in item]
    return sorted(kept, key=lambda item: not item.get("main", False))


def draft_main_upload(draft: FilingDraft) -> DraftUpload | None:
    return next((item for item in draft_uploads(draft) if item.get("main")), None)


# --- reads --------------------------------------------------------------------------------------------


def access_draft(user: AnyUser, court: Court, draft_id: int) -> FilingDraft:
    """The user's own draft in this court; DraftNotFound for a draft of anyone else or of another court."""
    account = signed_in(user)
    if account is None:
        raise DraftNotFound(DRAFT_NOT_FOUND)
    draft = (
        FilingDraft.objects.select_related("court", "event", "case__court", "filing")
        .filter(pk=draft_id, court=court, user=account)
        .first()
    )
    if draft is None:
        raise DraftNotFound(DRAFT_NOT_FOUND)
    return draft


def drafts_of(user: AnyUser, court: Court) -> QuerySet[FilingDraft]:
    """The account's filings in progress in the court (not yet filed), latest first."""
    account = signed_in(user)
    if account is None:
        return FilingDraft.objects.none()
    return (
        FilingDraft.objects.select_related("event", "case__court")
        .filter(court=court, user=account, filing__isnull=True)
        .order_by("-updated_at", "-id")
    )


def event_for_filers(court: Court, code: str) -> Event:
    """The court's event a filer may choose, by code; InvalidInput (unknown_event) otherwise."""
    code = code.strip()[:40]
    event = Event.objects.for_court(court).filter(code=code, active=True, staff_only=False).first()
    if event is None:
        raise InvalidInput(
            f"'{code}' is not an event of {court.name}'s filing menus; search for menus and events to "
            "find yours.",
            code="unknown_event",
            field="event",
        )
    return event


def case_parties_active(case: Case) -> list[Party]:
    """The case's parties still in it, in docket order (an appearance joins one of them)."""
    return list(case.parties.filter(date_terminated__isnull=True).order_by("position", "id"))


def case_entries_to_relate(user: AnyUser, case: Case) -> list[DocketEntry]:
    """The case's numbered entries the user may read, the ones a filing may refer to."""
    return list(
        DocketEntry.objects.filter(
            case=case, number__isnull=False, restriction__in=readable_restrictions(user, case)
        ).order_by("number")
    )


def new_case_preview(court: Court, moment: dt.datetime) -> Case:
    """An unsaved case with the number a case opened now would get (for the stamp preview; it may change)."""
    day = court_date(court, moment)
    case_type = default_case_type(court)
    counter = CaseNumberSequence.objects.filter(court=court, year=day.year, case_type=case_type).first()
    sequence = counter.last_sequence + 1 if counter is not None else court.first_case_sequence
    return Case(court=court, year=day.year, case_type=case_type, sequence=sequence)


# --- writes -------------------------------------------------------------------------------------------


def _save_choices(draft: FilingDraft, changes: dict[str, Any]) -> None:
    choices: dict[str, Any] = dict(draft.choices) if isinstance(draft.choices, dict) else {}
    choices.update(changes)
    draft.choices = choices


def _open(draft: FilingDraft) -> None:
    if draft.filing_id is not None:
        raise Conflict(
            "This filing was already submitted; see its Notice of Electronic Filing.", code="filed"
        )


@transaction.atomic
def draft_start(*, court: Court, event_code: str, acting_user: User) -> FilingDraft:
    """A new draft for the chosen event; Forbidden (why) when the account may not file in the court."""
    require(acting_user, Action.FILE, court=court)
    event = event_for_filers(court, event_code)
    draft = FilingDraft.objects.create(user=acting_user, court=court, event=event)
    audit_event_record(
        kind="filing_draft.started",
        acting_user=acting_user,
        subject=draft,
        court=court,
        extra={"event": event.code},
    )
    return draft


@transaction.atomic
def draft_event_set(*, draft: FilingDraft, event_code: str, acting_user: User) -> FilingDraft:
    """Choose another event: the choices that belong to the event go (a case-opening event also the case)."""
    _open(draft)
    event = event_for_filers(draft.court, event_code)
    if draft.event_id == event.pk:
        return draft
    choices = draft_choices(draft)
    kept: dict[str, Any] = {"on_behalf_of": choices.on_behalf_of}
    if draft.event is not None and draft.event.opens_case == event.opens_case:
        if event.opens_case and isinstance(draft.choices, dict) and "new_case" in draft.choices:
            kept["new_case"] = draft.choices["new_case"]
        case = draft.case
    else:
        case = None
    draft.event, draft.case, draft.choices = event, case, kept
    draft.save(update_fields=["event", "case", "choices", "updated_at"])
    return draft


@transaction.atomic
def draft_on_behalf_set(*, draft: FilingDraft, on_behalf_of: str, acting_user: User) -> FilingDraft:
    """A filing agent chooses the attorney they file for; the case and parties are then chosen again."""
    _open(draft)
    _save_choices(draft, {"on_behalf_of": on_behalf_of.strip()[:150], "parties_done": False})
    draft.case = None
    draft.save(update_fields=["case", "choices", "updated_at"])
    return draft


@transaction.atomic
def draft_case_set(*, draft: FilingDraft, case: Case, acting_user: User) -> FilingDraft:
    """The case the filing goes into (already found and checked by `access_case_to_file`)."""
    _open(draft)
    if case.court_id != draft.court_id:
        raise InvalidInput("That case is not in this court.", field="case_number")
    if draft.case_id != case.pk:
        _save_choices(
            draft,
            {
                "party_ids": None,
                "join_party_id": None,
                "new_party_name": "",
                "parties_done": False,
                "related_entry_numbers": [],
                "new_case": None,
            },
        )
    draft.case = case
    draft.save(update_fields=["case", "choices", "updated_at"])
    return draft


def _line_names(names: Sequence[str], *, field: str) -> list[str]:
    cleaned = [" ".join(typed_text_check(name, name=field).split()) for name in names]
    cleaned = [name for name in cleaned if name]
    for name in cleaned:
        if len(name) > MAX_PARTY_NAME:
            raise InvalidInput(f"{field}: at most {MAX_PARTY_NAME} characters per name.", field=field)
    return cleaned


@transaction.atomic
def draft_new_case_set(*, draft: FilingDraft, new_case: NewCase, acting_user: User) -> FilingDraft:
    """What a case-opening event asks for the new case."""
    _open(draft)
    if draft.event is None or not draft.event.opens_case:
        raise InvalidInput("This event is filed in an existing case; enter its case number.", field="case")
    plaintiffs = _line_names(new_case.plaintiffs, field="plaintiffs")
    defendants = _line_names(new_case.defendants, field="defendants")
    if not plaintiffs:
        raise InvalidInput("Name the plaintiff(s) of the new case, one per line.", field="plaintiffs")
    if not defendants:
        raise InvalidInput("Name the defendant(s) of the new case, one per line.", field="defendants")
    details: dict[str, Any] = {"plaintiffs": plaintiffs, "defendants": defendants}
    for name in ("short_title", "nature_of_suit", "agency", "product_description", "export_country"):
        value = " ".join(typed_text_check(getattr(new_case, name), name=name).split())
        if len(value) > MAX_NEW_CASE_FIELD:
            raise InvalidInput(f"{name}: at most {MAX_NEW_CASE_FIELD} characters.", field=name)
        details[name] = value
    _save_choices(draft, {"new_case": details})
    draft.case = None
    draft.save(update_fields=["case", "choices", "updated_at"])
    return draft


@transaction.atomic
def draft_parties_set(
    *,
    draft: FilingDraft,
    acting_user: User,
    party_ids: Sequence[int] | None = None,
    join_party_id: int | None = None,
    new_party_name: str = "",
    new_party_role: str = PartyRole.INTERVENOR,
) -> FilingDraft:
    """The parties filed for, the party an appearance joins, or a movant (checked again when filed)."""
    _open(draft)
    name = " ".join(typed_text_check(new_party_name, name="new_party_name").split())
    if len(name) > MAX_PARTY_NAME:
        raise InvalidInput(f"The movant's name: at most {MAX_PARTY_NAME} characters.", field="new_party_name")
    if new_party_role not in PartyRole.values:
        raise InvalidInput("Choose the movant's role.", field="new_party_role")
    _save_choices(
        draft,
        {
            "party_ids": None if party_ids is None else sorted(set(party_ids)),
            "join_party_id": join_party_id,
            "new_party_name": name,
            "new_party_role": new_party_role,
            "parties_done": True,
        },
    )
    draft.save(update_fields=["choices", "updated_at"])
    return draft


@transaction.atomic
def draft_prompts_set(
    *,
    draft: FilingDraft,
    acting_user: User,
    related_entry_numbers: Sequence[int] = (),
    prompted_date: dt.date | None = None,
    certify: bool = False,
    confidential: bool = False,
) -> FilingDraft:
    """The answers to the event's prompts."""
    _open(draft)
    _save_choices(
        draft,
        {
            "related_entry_numbers": sorted(set(related_entry_numbers)),
            "prompted_date": prompted_date.isoformat() if prompted_date else "",
            "certify": certify,
            "confidential": confidential,
            "prompts_done": True,
        },
    )
    draft.save(update_fields=["choices", "updated_at"])
    return draft


@transaction.atomic
def draft_text_set(*, draft: FilingDraft, docket_text_extra: str, acting_user: User) -> FilingDraft:
    """The words the filer adds to the docket text."""
    _open(draft)
    text = " ".join(typed_text_check(docket_text_extra, name="docket_text_extra", multiline=True).split())
    if len(text) > MAX_TEXT_EXTRA:
        raise InvalidInput(f"At most {MAX_TEXT_EXTRA} characters.", field="docket_text_extra")
    if text and (draft.event is None or not draft.event.text_extendable):
        raise InvalidInput("The docket text of this event cannot be extended.", field="docket_text_extra")
    _save_choices(draft, {"docket_text_extra": text})
    draft.save(update_fields=["choices", "updated_at"])
    return draft


@transaction.atomic
def draft_documents_done(*, draft: FilingDraft, acting_user: User) -> FilingDraft:
    """The filer is done with the documents step (a document the event requires must be there)."""
    _open(draft)
    event = draft.event
    if (
        event is not None
        and (event.document_required or event.manual_filing)
        and not draft_main_upload(draft)
    ):
        raise InvalidInput(
            f"'{event.label}' requires a PDF document.", code="document_required", field="document"
        )
    _save_choices(draft, {"documents_done": True})
    draft.save(update_fields=["choices", "updated_at"])
    return draft


def _filename(name: str) -> str:
    base = typed_text_check(name.replace("\\", "/").rsplit("/", 1)[-1], name="document").strip()
    return base[:MAX_FILENAME] or "document.pdf"


def draft_upload_add(
    *,
    draft: FilingDraft,
    content: bytes,
    filename: str,
    acting_user: User,
    main: bool,
    category: str = "",
    description: str = "",
) -> DraftUpload:
    """Check a PDF at once (the court's refusal names the file; nothing is kept), store it, and add it.

    The check and the storage run outside the draft's transaction; the draft row is then updated under its
    lock, so two uploads at once both land. A main document replaces the one before.
    """
    _open(draft)
    name = _filename(filename)
    description = " ".join(typed_text_check(description, name="description").split())
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(f"The description: at most {MAX_DESCRIPTION} characters.", field="description")
    category = category.strip()
    if not main and category not in ATTACHMENT_CATEGORIES:
        raise InvalidInput(
            f"{name}: choose the attachment's category ({', '.join(ATTACHMENT_CATEGORIES)}).",
            code="attachment_category",
            field="category",
        )
    inspection = pdf_inspect(content, filename=name, max_bytes=draft.court.max_file_size_bytes)
    key = blob_storage().put(content)
    upload = DraftUpload(
        key=key,
        filename=name,
        main=main,
        category="" if main else category,
        description=description,
        size=len(content),
        pages=inspection.page_count,
        warnings=[warning.message for warning in inspection.warnings],
    )
    with transaction.atomic():
        locked = FilingDraft.objects.select_for_update().get(pk=draft.pk)
        _open(locked)
        uploads = draft_uploads(locked)
        if main:
            uploads = [item for item in uploads if not item.get("main")]
        elif sum(1 for item in uploads if not item.get("main")) >= MAX_ATTACHMENTS:
            raise InvalidInput(f"At most {MAX_ATTACHMENTS} attachments per filing.", field="document")
        uploads.append(upload)
        locked.uploads = [dict(item) for item in sorted(uploads, key=lambda item: not item.get("main"))]
        locked.save(update_fields=["uploads", "updated_at"])
        audit_event_record(
            kind="filing_draft.document_uploaded",
            acting_user=acting_user,
            subject=locked,
            court=draft.court,
            extra={"key": key, "filename": name, "main": main, "pages": inspection.page_count},
        )
    draft.uploads = locked.uploads
    return upload


@transaction.atomic
def draft_upload_remove(*, draft: FilingDraft, index: int, acting_user: User) -> FilingDraft:
    """Take a PDF out of the draft (by its place in `draft_uploads`); its stored file is left to the sweep."""
    _open(draft)
    locked = FilingDraft.objects.select_for_update().get(pk=draft.pk)
    uploads = draft_uploads(locked)
    if not 0 <= index < len(uploads):
        raise InvalidInput("That document is no longer in this filing.", field="document")
    removed = uploads.pop(index)
    locked.uploads = [dict(item) for item in uploads]
    if removed.get("main"):
        _save_choices(locked, {"documents_done": False})  # the documents step is to be done again
    locked.save(update_fields=["uploads", "choices", "updated_at"])
    draft.uploads, draft.choices = locked.uploads, locked.choices
    return draft


@transaction.atomic
def draft_discard(*, draft: FilingDraft, acting_user: User) -> None:
    """Drop a filing in progress (a filed draft stays: it shows the filing it became)."""
    _open(draft)
    audit_event_record(
        kind="filing_draft.discarded",
        acting_user=acting_user,
        subject=draft,
        court=draft.court,
        extra={"event": draft.event.code if draft.event else "", "documents": len(draft_uploads(draft))},
    )
    draft.delete()


# --- the request it makes -----------------------------------------------------------------------------


def draft_request(
    draft: FilingDraft, *, confirm_warnings: bool = False, card: CardDetails | None = None
) -> FilingRequest:
    """The filing request the draft stands for, its PDFs read back from storage."""
    if draft.event is None:
        raise InvalidInput("Choose the event first.", code="unknown_event", field="event")
    choices = draft_choices(draft)
    storage = blob_storage()
    main: FilingUpload | None = None
    attachments: list[FilingUpload] = []
    for item in draft_uploads(draft):
        upload = FilingUpload(
            content=storage.get(item["key"]),
            filename=item["filename"],
            category=item.get("category", ""),
            description=item.get("description", ""),
        )
        if item.get("main"):
            main = upload
        else:
            attachments.append(upload)
    return FilingRequest(
        event_code=draft.event.code,
        case_number=draft.case.pacer_case_number if draft.case is not None else "",
        new_case=choices.new_case if draft.event.opens_case else None,
        main_document=main,
        attachments=tuple(attachments),
        party_ids=choices.party_ids,
        join_party_id=choices.join_party_id,
        new_party_name=choices.new_party_name,
        new_party_role=choices.new_party_role,
        related_entry_numbers=choices.related_entry_numbers,
        prompted_date=choices.prompted_date,
        docket_text_extra=choices.docket_text_extra,
        confidential=choices.confidential,
        confirm_warnings=confirm_warnings,
        certify=choices.certify,
        on_behalf_of=choices.on_behalf_of,
        card=card,
        via="web",
    )


def draft_submit(
    *, draft: FilingDraft, acting_user: User, confirm_warnings: bool, card: CardDetails | None = None
) -> Filing:
    """File the draft, once: a second submit (even at the same moment) gets the filing the first made."""
    if draft.filing is not None:
        return draft.filing
    request = draft_request(draft, confirm_warnings=confirm_warnings, card=card)
    filing = filing_submit(
        user=acting_user, court=draft.court, request=request, idempotency_key=f"draft-{draft.pk}"
    )
    with transaction.atomic():
        FilingDraft.objects.filter(pk=draft.pk, filing__isnull=True).update(
            filing=filing, updated_at=timezone.now()
        )
    draft.filing = filing
    return filing
