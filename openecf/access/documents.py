"""Fetch-and-authorize for documents."""

from __future__ import annotations

from openecf.access.docket import EVERYTHING, readable_restrictions
from openecf.access.policy import AnyUser
from openecf.documents.models import Document
from openecf.errors import NotFound


class DocumentNotFound(NotFound):
    code = "document_not_found"


def access_document(user: AnyUser, court_id: str, document_id: int) -> Document:
    """The document, if the user may read it; a sealed or restricted one is 'not found' like a missing one."""
    document = (
        Document.objects.select_related("docket_entry__case__court")
        .filter(pk=document_id, docket_entry__case__court_id=court_id)
        .first()
    )
    if document is None:
        raise DocumentNotFound("That document was not found.")
    entry = document.docket_entry
    case = entry.case
    readable = readable_restrictions(user, case)
    # Only the court's staff read everything, and only they may see a sealed case's documents.
    sealed_case_hidden = case.is_sealed and readable != EVERYTHING
    if sealed_case_hidden or entry.restriction not in readable or document.restriction not in readable:
        raise DocumentNotFound("That document was not found.")
    return document
