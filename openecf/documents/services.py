"""Writes of documents: the file goes to content-addressed storage, the row in the entry's transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.documents.models import Document
from openecf.documents.pdf import pdf_page_count
from openecf.documents.storage import document_storage
from openecf.errors import Conflict, InvalidInput

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
    storage_key = document_storage().put(upload.content)
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
