"""Builders shared by the CM/ECF sign-on, linking, filing-access and permission tests (no tests here)."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.accounts.models import User
from openecf.courts.factories import CourtRoleFactory
from openecf.courts.models import Court, CourtRoleKind
from openecf.filers.factories import LEGACY_PASSWORD, FilingRightFactory, LegacyFilerAccountFactory
from openecf.filers.models import FilerRole, FilingRight, LegacyFilerAccount
from openecf.signin.factories import TotpDeviceFactory
from openecf.signin.models import TotpDevice

__all__ = [
    "LEGACY_PASSWORD",
    "PASSWORD",
    "confirm_mfa",
    "grant_right",
    "legacy_user",
    "make_legacy_login",
    "make_staff",
    "make_user",
    "signed_in",
]


def make_user(username: str, **fields) -> User:
    return UserFactory.create(username=username, **fields)


def legacy_user(username: str = "oldtimer") -> User:
    return make_user(username, account_created_on=dt.date(2010, 5, 1))


def confirm_mfa(user: User) -> TotpDevice:
    return TotpDeviceFactory.create(user=user, confirmed=True)


def grant_right(user: User, court: Court, role: FilerRole = FilerRole.ATTORNEY) -> FilingRight:
    return FilingRightFactory.create(user=user, court=court, role=role)


def make_staff(username: str, court: Court, role: CourtRoleKind) -> User:
    return CourtRoleFactory.create(user__username=username, court=court, role=role).user


def make_legacy_login(
    court: Court, login: str = "jdoe", password: str = LEGACY_PASSWORD, role: str = "attorney", **fields
) -> LegacyFilerAccount:
    return LegacyFilerAccountFactory.create(court=court, login=login, password=password, role=role, **fields)


def signed_in(client: Client, user: User, court: Court) -> Client:
    """Log in (as the central PACER login would) and acknowledge the redaction rules for the court."""
    client.force_login(user)
    response = client.post(f"/{court.pk}/cmecf/redaction/", {"acknowledge": "on"})
    assert response.status_code == 302
    return client


# A filer's contact details as Manage My Account posts them.
CONTACT = {
    "first_name": "Jane",
    "middle_name": "",
    "last_name": "Doe",
    "phone": "212-555-0100",
    "firm": "Doe & Roe LLP",
    "address_line1": "1 Main Street",
    "address_line2": "",
    "city": "New York",
    "state": "NY",
    "postal_code": "10001",
    "country": "United States",
}


def filer_in_two_courts(cit: Court, cafc: Court) -> User:
    """An attorney filing in both courts (and a Confidential Information Filer of the first), with CONTACT."""
    user = UserFactory.create(username="filer", **CONTACT)
    grant_right(user, cit)
    grant_right(user, cafc)
    # A second role in the same court still means one request for that court.
    grant_right(user, cit, FilerRole.CONFIDENTIAL_INFORMATION_FILER)
    return user
