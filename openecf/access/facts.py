"""What the policy needs to know about filers and second factors, provided by the apps that keep them.

The policy sits below the feature apps (`filers` keeps filing rights, `signin` keeps authenticator apps), so
it cannot import them. Each of those apps hands the policy a provider when Django starts (`AppConfig.ready`);
the policy asks its questions through the protocols here and never reads their tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from openecf.accounts.models import User


class FilerFacts(Protocol):
    """Answered by `openecf.filers`: who may file where, and which attorney records are theirs."""

    def files_in(self, user: User, court_id: str) -> bool:
        """The user holds an active filing right in the court (any filer role)."""
        ...

    def files_confidential_in(self, user: User, court_id: str) -> bool:
        """The user is an active Confidential Information Filer of the court."""
        ...

    def files_anywhere(self, user: User) -> bool:
        """The user holds an active filing right in some court."""
        ...

    def attorney_record_ids(self, user: User, court_id: str) -> frozenset[int]:
        """The court's attorney records (`cases.Attorney`) that are the user's, by filing right or link."""
        ...


class SecondFactorFacts(Protocol):
    """Answered by `openecf.signin`: whether the account has a confirmed second factor."""

    def has_second_factor(self, user: User) -> bool: ...


@dataclass
class _Providers:
    filers: FilerFacts | None = None
    second_factor: SecondFactorFacts | None = None


_PROVIDERS = _Providers()


def facts_provide(
    *, filers: FilerFacts | None = None, second_factor: SecondFactorFacts | None = None
) -> None:
    """Called once by the app that keeps the facts, from its AppConfig.ready()."""
    if filers is not None:
        _PROVIDERS.filers = filers
    if second_factor is not None:
        _PROVIDERS.second_factor = second_factor


def _missing(app: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"The access policy needs {app} in INSTALLED_APPS: it provides facts the policy asks."
    )


def filer_facts() -> FilerFacts:
    if _PROVIDERS.filers is None:
        raise _missing("openecf.filers")
    return _PROVIDERS.filers


def second_factor_facts() -> SecondFactorFacts:
    if _PROVIDERS.second_factor is None:
        raise _missing("openecf.signin")
    return _PROVIDERS.second_factor
