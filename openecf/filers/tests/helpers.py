"""Builders shared by the CM/ECF sign-on, linking, filing-access and permission tests (no tests here)."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from openecf.accounts.models import User
from openecf.courts.models import Court, CourtRole, CourtRoleKind
from openecf.filers.models import FilerRole, FilingRight, LegacyFilerAccount
from openecf.signin.models import TotpDevice

PASSWORD = "pacer-password-123"
LEGACY_PASSWORD = "old-cmecf-secret"


def make_user(username: str, **fields) -> User:
    fields.setdefault("email", f"{username}@example.com")
    fields.setdefault("first_name", username.title())
    fields.setdefault("last_name", "Filer")
    return User.objects.create_user(username=username, password=PASSWORD, **fields)


def legacy_user(username: str = "oldtimer") -> User:
    return make_user(username, account_created_on=dt.date(2010, 5, 1))


def confirm_mfa(user: User) -> TotpDevice:
    return TotpDevice.objects.create(
        user=user, name="Phone", secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )


def grant_right(user: User, court: Court, role: FilerRole = FilerRole.ATTORNEY) -> FilingRight:
    return FilingRight.objects.create(user=user, court=court, role=role)


def make_staff(username: str, court: Court, role: CourtRoleKind) -> User:
    user = make_user(username)
    CourtRole.objects.create(user=user, court=court, role=role)
    return user


def make_legacy_login(
    court: Court, login: str = "jdoe", password: str = LEGACY_PASSWORD, role: str = "attorney", **fields
) -> LegacyFilerAccount:
    fields.setdefault("name", "Jane Doe")
    return LegacyFilerAccount.objects.create(
        court=court, login=login, password_hash=make_password(password), role=role, **fields
    )


def signed_in(client: Client, user: User, court: Court) -> Client:
    """Log in (as the central PACER login would) and acknowledge the redaction rules for the court."""
    client.force_login(user)
    response = client.post(f"/{court.pk}/cmecf/redaction/", {"acknowledge": "on"})
    assert response.status_code == 302
    return client


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Argon2 is the site's hasher; these tests only need hashes that check, and many of them."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
