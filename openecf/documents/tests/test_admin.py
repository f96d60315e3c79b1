"""The clerk's admin seals and unseals entries and documents through the services, never loosening a document
by a change to its entry."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.audit.models import AuditEvent
from openecf.cases.services import case_open
from openecf.docket.models import EntryRestriction
from openecf.docket.services import docket_entry_create
from openecf.documents.services import DocumentUpload, document_attach
from openecf.documents.testing import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def filing(cit):
    case = case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    entry = docket_entry_create(case=case, text="Motion with exhibit.", acting_user=None)
    main = document_attach(docket_entry=entry, upload=DocumentUpload(make_pdf("main")), acting_user=None)
    exhibit = document_attach(
        docket_entry=entry,
        upload=DocumentUpload(make_pdf("exhibit")),
        restriction=EntryRestriction.SEALED,
        acting_user=None,
    )
    return entry, main, exhibit


def _act(client, model: str, action: str, pk: int) -> None:
    response = client.post(f"/admin/{model}/", {"action": action, "_selected_action": [str(pk)]})
    assert response.status_code == 302


def test_seal_then_unseal_of_the_entry_leaves_a_sealed_exhibit_sealed(client, clerk, filing):
    entry, main, exhibit = filing
    client.force_login(clerk)

    _act(client, "docket/docketentry", "seal_entries", entry.pk)
    entry.refresh_from_db()
    assert entry.restriction == EntryRestriction.SEALED
    _act(client, "docket/docketentry", "unseal_entries", entry.pk)

    entry.refresh_from_db()
    exhibit.refresh_from_db()
    main.refresh_from_db()
    assert entry.restriction == EntryRestriction.PUBLIC
    assert exhibit.restriction == EntryRestriction.SEALED
    assert main.restriction == EntryRestriction.PUBLIC
    assert client.logout() is None
    assert client.get(f"/cit/doc1/{exhibit.public_id}").status_code == 404
    assert client.get(f"/cit/doc1/{main.public_id}").status_code == 200


def test_a_document_is_sealed_and_unsealed_by_its_own_actions(client, clerk, filing):
    _, main, exhibit = filing
    client.force_login(clerk)

    _act(client, "documents/document", "unseal_documents", exhibit.pk)
    _act(client, "documents/document", "seal_documents", main.pk)

    exhibit.refresh_from_db()
    main.refresh_from_db()
    assert (exhibit.restriction, main.restriction) == (EntryRestriction.PUBLIC, EntryRestriction.SEALED)
    kinds = AuditEvent.objects.filter(kind="document.restriction_changed", acting_user=clerk)
    assert kinds.count() == 2
