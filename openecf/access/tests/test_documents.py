from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openecf.access.documents import DocumentNotFound, access_document
from openecf.accounts.factories import UserFactory
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open, case_restriction_set
from openecf.courts.factories import CourtRoleFactory
from openecf.docket.models import EntryRestriction
from openecf.documents.models import PUBLIC_ID_FORM, Document, new_public_id
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
)
from openecf.documents.testing import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cit):
    return case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 3, 16), acting_user=None
    )


def _document(case, restriction: EntryRestriction = EntryRestriction.PUBLIC, text: str = "doc") -> Document:
    entry = docket_entry_with_documents_create(
        case=case,
        text="Motion.",
        restriction=restriction,
        documents=[DocumentUpload(content=make_pdf(text))],
        acting_user=None,
    )
    return entry.documents.get()


@pytest.fixture
def reader(db):
    return UserFactory.create(username="reader")


@pytest.fixture
def other_clerk(cafc):
    return CourtRoleFactory.create(court=cafc, user__username="cafc-clerk", user__is_staff=True).user


@pytest.fixture
def superuser(db):
    return UserFactory.create(username="root", is_staff=True, is_superuser=True)


def _refused(user, court_id: str, public_id: str) -> DocumentNotFound:
    with pytest.raises(DocumentNotFound) as caught:
        access_document(user, court_id, public_id)
    return caught.value


def _outsiders(reader, other_clerk):
    return [None, AnonymousUser(), reader, other_clerk]


def test_public_document_is_readable_by_anyone(case, reader, other_clerk):
    document = _document(case)
    for user in _outsiders(reader, other_clerk):
        assert access_document(user, "cit", document.public_id) == document


@pytest.mark.parametrize(
    "restriction", [EntryRestriction.SEALED, EntryRestriction.PARTICIPANTS, EntryRestriction.EX_PARTE]
)
def test_restricted_entry_looks_like_a_missing_document(case, reader, other_clerk, clerk, restriction):
    document = _document(case, restriction)
    missing_id = new_public_id()
    for user in _outsiders(reader, other_clerk):
        hidden = _refused(user, "cit", document.public_id)
        missing = _refused(user, "cit", missing_id)
        assert (hidden.message, hidden.code, hidden.status) == (missing.message, missing.code, missing.status)
    assert access_document(clerk, "cit", document.public_id) == document


def test_sealing_an_entry_later_hides_its_document(case, reader, clerk):
    document = _document(case)
    docket_entry_restrict(entry=document.docket_entry, restriction=EntryRestriction.SEALED, acting_user=clerk)
    _refused(reader, "cit", document.public_id)
    assert access_document(clerk, "cit", document.public_id) == document


def test_a_restricted_document_of_a_public_entry_is_hidden(case, reader, clerk):
    document = _document(case)
    Document.objects.filter(pk=document.pk).update(restriction=EntryRestriction.SEALED)
    _refused(reader, "cit", document.public_id)
    _refused(None, "cit", document.public_id)
    assert access_document(clerk, "cit", document.public_id).pk == document.pk


def test_documents_of_a_sealed_case_are_hidden(case, reader, other_clerk, clerk, superuser):
    document = _document(case)
    case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=clerk)
    for user in _outsiders(reader, other_clerk):
        _refused(user, "cit", document.public_id)
    assert access_document(clerk, "cit", document.public_id) == document
    assert access_document(superuser, "cit", document.public_id) == document


def test_another_courts_id_does_not_find_the_document(case, cafc, clerk, superuser):
    document = _document(case)
    for user in (None, clerk, superuser):
        _refused(user, "cafc", document.public_id)
        _refused(user, "zzz", document.public_id)
        _refused(user, "", document.public_id)
        _refused(user, "\x00", document.public_id)
        _refused(user, "c" * 5000, document.public_id)
    assert access_document(None, "cit", document.public_id) == document


def test_staff_of_another_court_does_not_see_sealed_documents(case, other_clerk, cafc):
    document = _document(case, EntryRestriction.SEALED)
    _refused(other_clerk, "cit", document.public_id)
    _refused(other_clerk, "cafc", document.public_id)


@pytest.mark.parametrize(
    "public_id",
    ["0", "-1", str(2**63 - 1), "9" * 40, "0" * 40, "x" * 5000, "\x00", "1²3", "1" * 39 + "\n"],
)
def test_ids_that_do_not_exist(case, superuser, public_id):
    _document(case)
    _refused(superuser, "cit", public_id)


def test_the_row_id_never_finds_a_document(case, superuser):
    document = _document(case)
    _refused(superuser, "cit", str(document.pk))
    _refused(None, "cit", str(document.pk))


def test_public_ids_are_random_and_reveal_no_order(case):
    documents = [_document(case, text=f"doc {n}") for n in range(20)]
    ids = [d.public_id for d in documents]
    assert len(set(ids)) == len(ids)
    assert all(PUBLIC_ID_FORM.fullmatch(public_id) for public_id in ids)
    assert ids != sorted(ids)  # 20 random ids in creation order: sorted by chance 1 in 20!


@pytest.mark.parametrize("user_kind", ["anonymous", "reader", "other_clerk"])
def test_hidden_and_missing_take_the_same_steps(case, reader, other_clerk, user_kind):
    """The same queries for a sealed document and a missing one: no early return tells them apart in time."""
    user = {"anonymous": None, "reader": reader, "other_clerk": other_clerk}[user_kind]
    sealed = _document(case, EntryRestriction.SEALED)
    with CaptureQueriesContext(connection) as hidden:
        _refused(user, "cit", sealed.public_id)
    with CaptureQueriesContext(connection) as missing:
        _refused(user, "cit", new_public_id())
    assert len(hidden.captured_queries) == len(missing.captured_queries)


def test_a_participant_only_entry_is_not_public_even_to_a_signed_in_reader(case, reader):
    document = _document(case, EntryRestriction.PARTICIPANTS)
    error = _refused(reader, "cit", document.public_id)
    assert error.status == 404 and error.code == "document_not_found"
