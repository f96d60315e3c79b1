"""An account's standing: which kind of PACER account it is (legacy, upgraded, shared)."""

from __future__ import annotations

import enum

from openecf.accounts.models import UPGRADED_ACCOUNTS_SINCE, User


class PacerAccountKind(enum.StrEnum):
    LEGACY = "legacy"
    UPGRADED = "upgraded"
    SHARED = "shared"


def pacer_account_kind(user: User) -> PacerAccountKind:
    if user.shared_account:
        return PacerAccountKind.SHARED
    return PacerAccountKind.LEGACY if user.is_legacy else PacerAccountKind.UPGRADED


UPGRADE_CUTOFF_TEXT = (
    f"{UPGRADED_ACCOUNTS_SINCE:%B} {UPGRADED_ACCOUNTS_SINCE.day}, {UPGRADED_ACCOUNTS_SINCE.year}"
)
