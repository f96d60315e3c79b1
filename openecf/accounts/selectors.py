"""Reads of the identity core for the account's own pages."""

from __future__ import annotations

from django.db.models import QuerySet

from openecf.accounts.models import SecondaryEmail, User


def secondary_emails_of(user: User) -> QuerySet[SecondaryEmail]:
    return SecondaryEmail.objects.filter(user=user).order_by("created_at", "pk")


def account_by_username(username: str, *, active_only: bool = False) -> User | None:
    """The account with this username, in any capitalization (usernames are stored lowercase)."""
    accounts = User.objects.filter(username__iexact=username.strip())
    if active_only:
        accounts = accounts.filter(is_active=True)
    return accounts.first()
