"""Cache-Control: private, no-store on documents and on whatever a signed-in account or an authenticated
API client is sent; public pages for anonymous visitors stay cacheable."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.accounts.factories import UserFactory
from openecf.cases.services import case_open
from openecf.docket.models import EntryRestriction
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.signin.tokens import api_token_issue

pytestmark = pytest.mark.django_db

DOCKET = "/cit/cases/1:20-cv-00001/docket/"
API_DOCKET = "/api/v1/courts/cit/cases/1:20-cv-00001/docket"


@pytest.fixture
def documents(cit):
    case = case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    public = docket_entry_with_documents_create(
        case=case, text="Summons.", documents=[DocumentUpload(make_pdf("summons"))], acting_user=None
    )
    sealed = docket_entry_with_documents_create(
        case=case,
        text="Sealed motion.",
        restriction=EntryRestriction.SEALED,
        documents=[DocumentUpload(make_pdf("sealed"))],
        acting_user=None,
    )
    return public.documents.get(), sealed.documents.get()


def _never_stored(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def test_anonymous_public_pages_stay_cacheable(client, documents):
    for url in ("/", "/cit/", DOCKET, API_DOCKET):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_every_document_is_never_stored(client, clerk, documents):
    public, sealed = documents
    assert _never_stored(client.get(f"/cit/doc1/{public.public_id}"))
    client.force_login(clerk)
    response = client.get(f"/cit/doc1/{sealed.public_id}")
    assert response.status_code == 200
    assert _never_stored(response)


def test_every_page_sent_to_a_signed_in_account_is_never_stored(client, clerk, documents):
    client.force_login(clerk)
    for url in ("/", "/cit/", DOCKET, "/cit/cases/1:20-cv-09999/docket/", API_DOCKET):
        response = client.get(url)
        assert _never_stored(response), url
    assert "Sealed motion." in client.get(DOCKET).content.decode()


def test_api_answers_to_a_token_are_never_stored(client, documents):
    user = UserFactory.create(username="reader")
    raw = api_token_issue(user=user, acting_user=user)[1]
    for url in (API_DOCKET, "/api/v1/courts", "/api/v1/courts/zzz"):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert _never_stored(response), url
    assert _never_stored(client.get(API_DOCKET, HTTP_AUTHORIZATION="Bearer not-a-token"))
