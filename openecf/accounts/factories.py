# mypy: allow-untyped-calls
# (factory-boy's declarations carry no annotations.)
"""Test data: PACER accounts (factory-boy; used by the tests only, never by the site)."""

from __future__ import annotations

from typing import Any

from factory.declarations import LazyAttribute, Sequence
from factory.django import DjangoModelFactory

from openecf.accounts.models import User

# Every account a factory makes signs in with this password unless the test gives another.
PASSWORD = "correct horse battery staple"  # noqa: S105


class UserFactory(DjangoModelFactory[User]):
    """A national PACER account: Jane Doe, `<username>@example.com`, signing in with PASSWORD."""

    class Meta:
        model = User

    username = Sequence(lambda n: f"user{n}")
    email = LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = "Jane"
    last_name = "Doe"
    password = PASSWORD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        # As the site's own accounts are made: username and e-mail normalized, the password hashed.
        manager = cls._get_manager(model_class)
        user: User = manager.create_user(*args, **kwargs)
        return user
