"""Writes of documents: the file goes to content-addressed storage, the row in the entry's transaction.

The docket entry is written by `openecf.docket` (below this app); docketing an entry with its documents,
and sealing an entry with its documents, are composed here so that the two never part.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.docket.services import docket_entry_create, docket_entry_restriction_set
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
    *, entry: DocketEntry, restriction: EntryRestriction, acting_user: User | None, note: str = ""
) -> DocketEntry:
    """Seal, restrict or unseal an entry and its documents together."""
    restricted = docket_entry_restriction_set(
        entry=entry, restriction=restriction, acting_user=acting_user, note=note
    )
    changed = Document.objects.filter(docket_entry=restricted).exclude(restriction=restriction)
    document_ids = list(changed.values_list("pk", flat=True))
    if document_ids:
        Document.objects.filter(pk__in=document_ids).update(restriction=restriction)
        audit_event_record(
            kind="documents.restriction_changed",
            acting_user=acting_user,
            subject=restricted,
            court=restricted.case.court,
            extra={"documents": document_ids, "to": restriction},
        )
    return restricted
