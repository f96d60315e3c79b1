"""API tokens: the token is shown once when issued; only its SHA-256 is kept."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from openecf.access.policy import mfa_required
from openecf.accounts.models import AccountStatus, User
from openecf.accounts.services import account_current_password_check
from openecf.audit.services import audit_event_record
from openecf.errors import Conflict, InvalidInput, OpenECFError
from openecf.signin.models import ApiToken

TOKEN_PREFIX = "oecf_"  # noqa: S105 (a label, not a secret)
MAX_ACTIVE_TOKENS = 20


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def client_code_clean(value: str) -> str:
    """The optional client code: at most 32 characters of plain text."""
    value = value.strip()
    if len(value) > 32:
        raise InvalidInput(
            f"A client code can be at most 32 characters long (this one has {len(value)}). "
            "Shorten it and try again.",
            field="client_code",
        )
    if any(ord(ch) < 32 for ch in value):
        raise InvalidInput("A client code must be plain text.", field="client_code")
    return value


class ApiTokenNeedsSecondFactor(OpenECFError):
    """A token issued without a second factor, for an account that has since come to need one."""

    status = 401
    code = "second_factor_required"


def api_token_issue(
    *,
    user: User,
    acting_user: User,
    name: str = "",
    client_code: str = "",
    second_factor: bool = False,
    current_password: str | None = None,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """A new token for API clients. The plaintext is returned here and never again.

    `second_factor`: the sign-in behind the request gave one (a token without stops working once its account
    needs one). `current_password` is checked (and counted towards the lockout with `request`) when given:
    Manage My Account asks for it, since a session is not the account; the API's sign-in has just checked it.
    """
    name = name.strip()
    if len(name) > 60:
        raise InvalidInput("A token name can be at most 60 characters long.", field="name")
    client_code = client_code_clean(client_code)
    if current_password is not None:
        account_current_password_check(
            user=user,
            password=current_password,
            acting_user=acting_user,
            doing="api_token_issue",
            request=request,
        )
    return _api_token_create(
        user=user, acting_user=acting_user, name=name, client_code=client_code, second_factor=second_factor
    )


@transaction.atomic
def _api_token_create(
    *, user: User, acting_user: User, name: str, client_code: str, second_factor: bool
) -> tuple[ApiToken, str]:
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise Conflict(
            f"An account may have at most {MAX_ACTIVE_TOKENS} active API tokens. Revoke one you no longer use."
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:12],
        key_hash=_digest(raw),
        client_code=client_code,
        issued_with_second_factor=second_factor,
    )
    audit_event_record(
        kind="api_token.issued",
        acting_user=acting_user,
        subject=token,
        extra={"prefix": token.prefix, "name": name, "second_factor": second_factor},
    )
    return token, raw


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise Conflict("This API token is already revoked.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_event_record(
        kind="api_token.revoked", acting_user=acting_user, subject=token, extra={"prefix": token.prefix}
    )
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User, acting_user: User | None) -> int:
    """Revoke every live API token of the account (its sessions ended); returns how many."""
    live = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    if not live:
        return 0
    ApiToken.objects.filter(pk__in=[token.pk for token in live]).update(revoked_at=timezone.now())
    audit_event_record(
        kind="api_token.revoked_all",
        acting_user=acting_user,
        subject=user,
        extra={"prefixes": [token.prefix for token in live]},
    )
    return len(live)


def api_tokens_revoke_on_sessions_end(
    sender: object, *, user: User, acting_user: User | None, **_: object
) -> None:
    """Receiver of `accounts.signals.account_sessions_ended` (connected in `SignInConfig.ready`)."""
    api_tokens_revoke_all(user=user, acting_user=acting_user)


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token with this value, or None (unknown, revoked, or its account may not sign in).

    A token issued without a second factor is refused (`ApiTokenNeedsSecondFactor`) while its account needs
    one: the rule is asked at each use, so every way of coming to need it counts (a court role, a filing
    right, the PSC role, the admin site, a change of the rule itself).
    """
    raw = raw.strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=_digest(raw), revoked_at__isnull=True).first()
    )
    if token is None or not token.user.is_active or token.user.status == AccountStatus.DISABLED:
        return None
    if not token.issued_with_second_factor and mfa_required(token.user):
        raise ApiTokenNeedsSecondFactor(
            "This API token was issued without a second factor, and your account now needs one (court staff "
            "and filers sign in with an authenticator app). Get a new token from POST /api/v1/auth/token with "
            "the current code of your authenticator app as one_time_code, or in Manage My Account after "
            "logging in with the code, and revoke this one."
        )
    # A plain UPDATE: bookkeeping, not a change to the record, so no audit row.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
