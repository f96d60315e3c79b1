# mypy: allow-untyped-calls
# (factory-boy's declarations carry no annotations.)
"""Test data: authenticator apps (factory-boy; used by the tests only, never by the site)."""

from __future__ import annotations

import pyotp
from django.utils import timezone
from factory.declarations import LazyFunction, SubFactory, Trait
from factory.django import DjangoModelFactory

from openecf.accounts.factories import UserFactory
from openecf.signin.models import TotpDevice


class TotpDeviceFactory(DjangoModelFactory[TotpDevice]):
    """An authenticator app with a fresh secret, not yet confirmed; `confirmed=True` makes it count."""

    class Meta:
        model = TotpDevice

    class Params:
        confirmed = Trait(confirmed_at=LazyFunction(timezone.now))

    user = SubFactory(UserFactory)
    name = "Phone"
    secret = LazyFunction(pyotp.random_base32)
