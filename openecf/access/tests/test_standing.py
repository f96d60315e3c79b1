"""A disabled or deactivated account is not signed in for anything beyond what the public sees."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.access.cases import CaseNotFound, access_case
from openecf.access.docket import PUBLIC_ONLY, readable_restrictions
from openecf.access.documents import DocumentNotFound, access_document
from openecf.access.policy import Action, is_court_staff, may, signed_in
from openecf.accounts.models import AccountStatus, User
from openecf.cases.models import CaseRestriction, PartyRole
from openecf.cases.services import attorney_create, case_open, party_add, representation_add
from openecf.courts.models import CourtRoleKind
from openecf.docket.models import EntryRestriction
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.filers.tests.helpers import confirm_mfa, grant_right, make_staff, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def _out_of_standing(user: User, how: str) -> User:
    if how == "disabled":
        user.status = AccountStatus.DISABLED
    else:
        user.is_active = False
    return user


@pytest.fixture(params=["disabled", "deactivated"])
def how(request) -> str:
    return str(request.param)


@pytest.fixture
def case(cit):
    return case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 3, 16), acting_user=None
    )


def _document_of(case, restriction: EntryRestriction):
    entry = docket_entry_with_documents_create(
        case=case,
        text="Motion.",
        restriction=restriction,
        documents=[DocumentUpload(content=make_pdf("doc"))],
        acting_user=None,
    )
    return entry.documents.get()


def test_signed_in_refuses_an_account_out_of_standing(how):
    user = make_user("gone")
    assert signed_in(user) == user
    assert signed_in(_out_of_standing(user, how)) is None


def test_court_staff_out_of_standing_sees_nothing_sealed(cit, how):
    clerk = _out_of_standing(make_staff("clerkz", cit, CourtRoleKind.CLERK), how)
    sealed = case_open(
        court=cit,
        caption="Hidden v. United States",
        date_filed=dt.date(2020, 3, 16),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )
    assert not is_court_staff(clerk, cit)
    assert not may(clerk, Action.SEE_SEALED, court=cit)
    with pytest.raises(CaseNotFound):
        access_case(clerk, "cit", sealed.pacer_case_number)


def _public_id(document) -> str:
    return str(getattr(document, "public_id", document.pk))


def test_a_participant_out_of_standing_reads_no_participants_only_document(cit, case, how):
    attorney_user = make_user("counsel")
    right = grant_right(attorney_user, cit)
    confirm_mfa(attorney_user)
    attorney = attorney_create(court=cit, name="Counsel", acting_user=None)
    right.attorney = attorney
    right.save(update_fields=["attorney"])
    party = party_add(case=case, name="Acme", role=PartyRole.PLAINTIFF, acting_user=None)
    representation_add(party=party, attorney=attorney, acting_user=None)
    document = _document_of(case, EntryRestriction.PARTICIPANTS)
    assert readable_restrictions(attorney_user, case) != PUBLIC_ONLY
    assert access_document(attorney_user, "cit", _public_id(document)) == document
    _out_of_standing(attorney_user, how)
    assert readable_restrictions(attorney_user, case) == PUBLIC_ONLY
    with pytest.raises(DocumentNotFound):
        access_document(attorney_user, "cit", _public_id(document))
