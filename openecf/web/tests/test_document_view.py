"""The document address: an opaque id, and a hidden document answers exactly like a missing one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from openecf.cases.services import case_open
from openecf.docket.models import EntryRestriction
from openecf.documents.models import Document, new_public_id
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create, document_attach
from openecf.documents.testing import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(cit) -> tuple[Document, Document]:
    case = case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    entry = docket_entry_with_documents_create(
        case=case, text="Motion.", documents=[DocumentUpload(make_pdf("motion"))], acting_user=None
    )
    exhibit = document_attach(
        docket_entry=entry,
        upload=DocumentUpload(make_pdf("exhibit")),
        restriction=EntryRestriction.SEALED,
        acting_user=None,
    )
    return entry.documents.get(attachment_number=0), exhibit


def _answer(client, url: str) -> tuple[int, bytes, str | None]:
    response = client.get(url)
    # The CSRF token, the CSP nonce and the login link's way back differ per request; nothing else may.
    body = re.sub(rb'(nonce|value)="[^"]*"|next=[^"]*', b"", response.content)
    return response.status_code, body, response.get("Content-Type")


def test_a_public_document_is_served_at_its_public_id(client, documents):
    public, _ = documents
    response = client.get(f"/cit/doc1/{public.public_id}")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert re.fullmatch(r"[0-9]{40}", public.public_id)


def test_the_old_row_id_address_is_not_found(client, documents):
    public, _ = documents
    assert client.get(f"/cit/doc1/{public.pk}").status_code == 404


def test_hidden_missing_and_malformed_answer_alike(client, documents):
    _, sealed = documents
    hidden = _answer(client, f"/cit/doc1/{sealed.public_id}")
    assert hidden[0] == 404
    for url in (
        f"/cit/doc1/{new_public_id()}",
        f"/cit/doc1/{sealed.pk}",
        "/cit/doc1/1%C2%B2",
        "/cit/doc1/%00",
    ):
        assert _answer(client, url) == hidden, url


def test_the_docket_links_the_public_id_and_juriscraper_reads_it_back(client, documents):
    from juriscraper.pacer import DocketReport

    public, sealed = documents
    page = client.get("/cit/cases/1:20-cv-00001/docket/").content.decode()
    assert f'href="/cit/doc1/{public.public_id}"' in page
    assert sealed.public_id not in page
    assert f'/doc1/{public.pk}"' not in page
    parser = DocketReport("cit")
    parser._parse_text(page)
    assert [e["pacer_doc_id"] for e in parser.data["docket_entries"]] == [public.public_id]
