from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from openecf.access.cases import CaseNotFound, CourtNotFound, access_case, access_court
from openecf.access.policy import is_court_staff as user_is_court_staff
from openecf.accounts.factories import UserFactory
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.factories import CourtRoleFactory
from openecf.courts.models import CourtRoleKind
from openecf.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_case(cit):
    return case_open(
        court=cit, caption="Open Co. v. United States", date_filed=dt.date(2020, 3, 16), acting_user=None
    )


@pytest.fixture
def sealed_case(cit, public_case):
    return case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 3, 16),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )


@pytest.fixture
def other_clerk(cafc):
    return CourtRoleFactory.create(court=cafc, user__username="cafc-clerk", user__is_staff=True).user


@pytest.fixture
def superuser(db):
    return UserFactory.create(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def member_of_public(db):
    return UserFactory.create(username="reader")


def _refusal(user, court_id: str, number: str) -> CaseNotFound:
    with pytest.raises(CaseNotFound) as caught:
        access_case(user, court_id, number)
    return caught.value


def test_public_case_by_every_form(public_case):
    for number in ("1:20-cv-00001", "20-cv-1", "Court No. 20-00001", "20-00001", " 20-1 "):
        assert access_case(None, "cit", number) == public_case
    assert access_case(AnonymousUser(), "CIT", "20-00001") == public_case


def test_sealed_case_looks_exactly_like_a_missing_one(sealed_case, member_of_public, other_clerk):
    assert sealed_case.sequence == 2
    for user in (None, AnonymousUser(), member_of_public, other_clerk):
        sealed = _refusal(user, "cit", "Court No. 20-00002")
        missing = _refusal(user, "cit", "Court No. 20-00003")
        assert type(sealed) is type(missing) is CaseNotFound
        assert (sealed.status, sealed.code, sealed.field) == (missing.status, missing.code, missing.field)
        assert sealed.message.replace("20-00002", "N") == missing.message.replace("20-00003", "N")


def test_sealed_and_missing_give_the_same_message_for_the_same_text(cit, sealed_case):
    sealed = _refusal(None, "cit", "20-00002")
    sealed_case.delete()
    missing = _refusal(None, "cit", "20-00002")
    assert sealed.message == missing.message
    assert sealed.code == missing.code == "case_not_found"
    assert sealed.status == missing.status == 404


def test_staff_of_the_court_and_superusers_see_a_sealed_case(sealed_case, clerk, superuser):
    assert access_case(clerk, "cit", "20-00002") == sealed_case
    assert access_case(superuser, "cit", "20-00002") == sealed_case


def test_every_court_role_is_staff(cit, sealed_case):
    for role in CourtRoleKind:
        user = UserFactory.create(username=f"user-{role}")
        assert not user_is_court_staff(user, cit)
        CourtRoleFactory.create(user=user, court=cit, role=role)
        assert user_is_court_staff(user, cit) and user_is_court_staff(user, "cit")
        assert access_case(user, "cit", "20-00002") == sealed_case


def test_django_staff_flag_alone_is_not_court_staff(sealed_case):
    staff = UserFactory.create(username="staff", is_staff=True)
    _refusal(staff, "cit", "20-00002")


def test_only_signed_in_users_can_be_staff(clerk):
    assert user_is_court_staff(clerk, "cit")
    assert not user_is_court_staff(None, "cit")
    assert not user_is_court_staff(AnonymousUser(), "cit")


def test_case_of_another_court_is_not_found_there(cit, cafc, public_case):
    _refusal(None, "cafc", "20-00001")
    _refusal(None, "cafc", "1:20-cv-00001")


@pytest.mark.parametrize(
    "number",
    ["", "garbage", "1:20-cv-00001'; DROP TABLE cases_case; --", "x" * 100_000, "20-00001\x00"],
)
def test_unreadable_number_is_not_found_with_a_short_message(public_case, number):
    error = _refusal(None, "cit", number)
    assert len(error.message) < 200


@pytest.mark.parametrize("court_id", ["zzz", "", "cit ", "../cit", "cit'; --", "c" * 100_000, "dcd"])
def test_unknown_court_is_court_not_found(cit, court_id):
    with pytest.raises(CourtNotFound) as caught:
        access_case(None, court_id, "20-00001")
    assert isinstance(caught.value, NotFound)
    assert caught.value.code == "court_not_found" and caught.value.status == 404
    assert len(caught.value.message) < 100


def test_access_court(cit):
    assert access_court("cit") == cit
    assert access_court("CIT") == cit
