"""Fetch-and-authorize for documents.

A document is addressed by its opaque public id (`Document.public_id`), never by its row id: a run of
refusals between public ids would otherwise count the hidden documents.
"""

from __future__ import annotations

from openecf.access.docket import EVERYTHING, readable_restrictions
from openecf.access.policy import AnyUser
from openecf.cases.models import Case, CaseRestriction
from openecf.documents.models import PUBLIC_ID_FORM, Document
from openecf.errors import NotFound

NOT_FOUND = "That document was not found."


class DocumentNotFound(NotFound):
    code = "document_not_found"


def access_document(user: AnyUser, court_id: str, public_id: str) -> Document:
    """The document, if the user may read it; a hidden one is 'not found' exactly like a missing one.

    Both take the same steps (one query by public id, then the same access decision, made against a stand-in
    case when nothing was found), so neither the answer nor its time tells them apart. A reader needs the
    document's own restriction, its entry's and its case's to allow it.
    """
    # A malformed id is looked up as one no document has: the same query, and nothing odd reaches the database.
    lookup = public_id if PUBLIC_ID_FORM.fullmatch(public_id) else ""
    court_id = court_id if len(court_id) <= 15 and court_id.isascii() and court_id.isalnum() else ""
    document = (
        Document.objects.select_related("docket_entry__case__court")
        .filter(public_id=lookup, docket_entry__case__court_id=court_id)
        .first()
    )
    if document is None:
        entry_restriction = document_restriction = ""
        case = Case(pk=0, court_id=court_id, restriction=CaseRestriction.PUBLIC)
    else:
        entry_restriction = document.docket_entry.restriction
        document_restriction = document.restriction
        case = document.docket_entry.case
    readable = readable_restrictions(user, case)
    # Only the court's staff read everything, and only they may see a sealed case's documents.
    sealed_case_hidden = case.is_sealed and readable != EVERYTHING
    if (
        document is None
        or sealed_case_hidden
        or entry_restriction not in readable
        or document_restriction not in readable
    ):
        raise DocumentNotFound(NOT_FOUND)
    return document
