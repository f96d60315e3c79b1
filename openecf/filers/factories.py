# mypy: allow-untyped-calls
# (factory-boy's declarations carry no annotations.)
"""Test data: filing rights and legacy CM/ECF logins (factory-boy; used by the tests only, never by the site)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from openecf.accounts.factories import UserFactory
from openecf.filers.models import FilerRole, FilingRight, LegacyFilerAccount

# The password of a legacy login a factory makes, unless the test gives another.
LEGACY_PASSWORD = "old-cmecf-secret"  # noqa: S105


class FilingRightFactory(DjangoModelFactory[FilingRight]):
    """Filing rights in a court (an attorney's unless `role` says otherwise); the test gives the `court`."""

    class Meta:
        model = FilingRight

    user = SubFactory(UserFactory)
    role = FilerRole.ATTORNEY


class LegacyFilerAccountFactory(DjangoModelFactory[LegacyFilerAccount]):
    """A court's imported CM/ECF login for Jane Doe, unlinked; the test gives the `court`.

    `password` is the clear password the login checks (its hash is what is stored).
    """

    class Meta:
        model = LegacyFilerAccount

    class Params:
        password = LEGACY_PASSWORD

    login = Sequence(lambda n: f"filer{n}")
    password_hash = LazyAttribute(lambda account: make_password(account.password))
    name = "Jane Doe"
    role = "attorney"
