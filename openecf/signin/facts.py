"""The second-factor facts this app gives the access policy (see `openecf.access.facts`)."""

from __future__ import annotations

from openecf.accounts.models import User
from openecf.signin.mfa import mfa_is_enrolled


class SecondFactorFactsFromSignIn:
    def has_second_factor(self, user: User) -> bool:
        return mfa_is_enrolled(user)
