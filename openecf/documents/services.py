"""Writes of documents: the file goes to content-addressed storage, the row in the entry's transaction.

The docket entry is written by `openecf.docket` (below this app); docketing an entry with its documents is
composed here so that the two never part. A document has a restriction of its own beside its entry's; readers
(`openecf.access`) require both, so a change to the entry never loosens a document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.cases.generation import case_docket_generation_bump
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.docket.services import (
    docket_entry_create,
    docket_entry_modification_note,
    docket_entry_restriction_set,
)
from openecf.documents.models import Document
from openecf.documents.pdf import pdf_page_count
from openecf.errors import Conflict, InvalidInput
from openecf.storage import blob_storage

_RESTRICTIVENESS = [
    EntryRestriction.PUBLIC,
    EntryRestriction.PARTICIPANTS,
    EntryRestriction.SEALED,
    EntryRestriction.EX_PARTE,
]


@dataclass(frozen=True)
class DocumentUpload:
    """A PDF handed in for a docket entry."""

    content: bytes
    description: str = ""


def stricter_restriction(a: str, b: str) -> EntryRestriction:
    return max(EntryRestriction(a), EntryRestriction(b), key=_RESTRICTIVENESS.index)


@transaction.atomic
def document_attach(
    *,
    docket_entry: DocketEntry,
    upload: DocumentUpload,
    acting_user: User | None,
    attachment_number: int | None = None,
    restriction: EntryRestriction = EntryRestriction.PUBLIC,
) -> Document:
    """Store a PDF as the main document (0) or the next attachment of a docket entry."""
    court = docket_entry.case.court
    if len(upload.content) > court.max_file_size_bytes:
        megabytes = court.max_file_size_bytes // (1024 * 1024)
        raise InvalidInput(
            f"You cannot load this file because it's over {megabytes} Megabytes (MB). "
            f"Break the document into logical parts of no more than {megabytes} MB each.",
            code="file_too_large",
            field="document",
        )
    page_count = pdf_page_count(upload.content)
    if attachment_number is None:
        attachment_number = docket_entry.documents.count()
    elif docket_entry.documents.filter(attachment_number=attachment_number).exists():
        raise Conflict("That attachment number is already used on this entry.", field="attachment_number")
    # Stored before the row: a rolled-back transaction leaves an unreferenced blob, never a row without file.
    storage_key = blob_storage().put(upload.content)
    document = Document.objects.create(
        docket_entry=docket_entry,
        attachment_number=attachment_number,
        description=upload.description[:300],
        page_count=page_count,
        size_bytes=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        storage_key=storage_key,
        restriction=stricter_restriction(restriction, docket_entry.restriction),
    )
    case_docket_generation_bump(case_id=docket_entry.case_id)
    audit_event_record(
        kind="document.stored",
        acting_user=acting_user,
        subject=document,
        court=court,
        extra={
            "entry": docket_entry.pk,
            "attachment": attachment_number,
            "sha256": document.sha256,
        },
    )
    return document


@dataclass(frozen=True)
class FiledFile:
    """A PDF already vetted by the filing rules: the file as filed and its copy with the court's header."""

    content: bytes
    stamped_content: bytes
    page_count: int
    original_filename: str = ""
    category: str = ""
    description: str = ""


@transaction.atomic
def document_file(
    *, docket_entry: DocketEntry, filed: FiledFile, attachment_number: int, acting_user: User | None
) -> Document:
    """Store a filed PDF and its stamped copy as document `attachment_number` of the entry.

    Both files go to storage before the row (content-addressed, so a retry stores nothing twice); a
    transaction that rolls back leaves only unreferenced files, which `openecf storage-sweep` removes.
    """
    if docket_entry.documents.filter(attachment_number=attachment_number).exists():
        raise Conflict("That attachment number is already used on this entry.", field="attachment_number")
    storage = blob_storage()
    storage_key = storage.put(filed.content)
    stamped_key = storage.put(filed.stamped_content)
    document = Document.objects.create(
        docket_entry=docket_entry,
        attachment_number=attachment_number,
        description=filed.description[:300],
        page_count=filed.page_count,
        size_bytes=len(filed.content),
        sha256=hashlib.sha256(filed.content).hexdigest(),
        storage_key=storage_key,
        stamped_storage_key=stamped_key,
        original_filename=filed.original_filename[:255],
        category=filed.category[:60],
        restriction=EntryRestriction(docket_entry.restriction),
    )
    case_docket_generation_bump(case_id=docket_entry.case_id)
    audit_event_record(
        kind="document.stored",
        acting_user=acting_user,
        subject=document,
        court=docket_entry.case.court,
        extra={"entry": docket_entry.pk, "attachment": attachment_number, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def docket_entry_with_documents_create(
    *, documents: Sequence[DocumentUpload] = (), acting_user: User | None, **entry: Any
) -> DocketEntry:
    """Docket one entry with its documents, all or nothing: no entry without its stored documents.

    `entry` takes the arguments of `docket.services.docket_entry_create`; the first document is the main
    document (0), the others its attachments in order.
    """
    created = docket_entry_create(acting_user=acting_user, document_count=len(documents), **entry)
    for upload in documents:
        document_attach(
            docket_entry=created,
            upload=upload,
            acting_user=acting_user,
            restriction=EntryRestriction(created.restriction),
        )
    return created


@transaction.atomic
def docket_entry_restrict(
    *,
    entry: DocketEntry,
    restriction: EntryRestriction,
    acting_user: User | None,
    note: str = "",
    mark_modified: bool = False,
) -> DocketEntry:
    """Seal, restrict or unseal an entry. Its documents keep their own restrictions: a reader needs both the
    entry's and the document's, so lifting the entry's never opens a document sealed on its own.

    With `mark_modified` (the clerk's quality control), the entry shows '(Modified on <date>)'."""
    return docket_entry_restriction_set(
        entry=entry, restriction=restriction, acting_user=acting_user, note=note, mark_modified=mark_modified
    )


@transaction.atomic
def document_restrict(
    *,
    document: Document,
    restriction: EntryRestriction,
    acting_user: User | None,
    note: str = "",
    mark_modified: bool = False,
) -> Document:
    """Seal, restrict or unseal one document (e.g. an exhibit); its entry's restriction still applies.

    With `mark_modified` (the clerk's quality control), its entry shows '(Modified on <date>)' and keeps
    the note."""
    previous = document.restriction
    document.restriction = restriction
    document.save(update_fields=["restriction"])
    entry = document.docket_entry
    if mark_modified:
        entry.save(update_fields=docket_entry_modification_note(entry, note))
    case_docket_generation_bump(case_id=entry.case_id)
    audit_event_record(
        kind="document.restriction_changed",
        acting_user=acting_user,
        subject=document,
        court=entry.case.court,
        extra={"from": previous, "to": restriction, "note": note},
    )
    return document
