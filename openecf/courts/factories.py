# mypy: allow-untyped-calls
# (factory-boy's declarations carry no annotations.)
"""Test data: court staff roles (factory-boy; used by the tests only, never by the site)."""

from __future__ import annotations

from factory.declarations import SubFactory
from factory.django import DjangoModelFactory

from openecf.accounts.factories import UserFactory
from openecf.courts.models import CourtRole, CourtRoleKind


class CourtRoleFactory(DjangoModelFactory[CourtRole]):
    """A staff role in a court (a clerk's unless `role` says otherwise); the test gives the `court`."""

    class Meta:
        model = CourtRole

    user = SubFactory(UserFactory)
    role = CourtRoleKind.CLERK
