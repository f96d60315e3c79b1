"""Sign-in: username and password (with django-axes lockout), client code, second factor, completion."""

from __future__ import annotations

import time
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, login, logout, user_login_failed
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from openecf.accounts.api_tokens import api_token_issue, client_code_clean
from openecf.accounts.mfa import mfa_code_verify, mfa_is_enrolled, mfa_is_required
from openecf.accounts.models import AccountStatus, ApiToken, User
from openecf.audit.services import audit_event_record
from openecf.errors import InvalidInput, OpenECFError

SIGNIN_FAILED_MESSAGE = (
    "Login failed: the username or password is not correct. Check both and try again (usernames are not "
    "case-sensitive). If you forgot them, use the links below to reset your password or get your username."
)
MFA_FAILED_MESSAGE = (
    "That code is not correct, or it was already used. Enter the current code from your authenticator app, "
    "or one of your unused backup codes."
)
PENDING_SESSION_KEY = "signin_pending"
# A password checked but no second factor yet: the half-finished sign-in expires after ten minutes.
PENDING_SECONDS = 600


class SignInLockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """django-axes' lockout for every sign-in that comes with a request (the site, the API, the admin)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        # Without a request there is no client to lock out: scripts and the test client's login().
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None


class SignInLockedOut(OpenECFError):
    status = 429
    code = "locked_out"


def lockout_message() -> str:
    cool_off = get_cool_off()
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    wait = f"Wait {minutes} minutes and log in again" if minutes else "Contact the PACER Service Center"
    return (
        f"This username is locked after {settings.AXES_FAILURE_LIMIT} failed login attempts. {wait}, or "
        "reset your password by e-mail with 'Forgot password?'. If you still cannot log in, contact the "
        "PACER Service Center."
    )


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The username axes counts failures against: the one typed, trimmed and lowercased."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return str(value or "").strip().lower()


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """What axes shows a locked-out client: the API's error shape, or the login page with the message."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "locked_out", "message": message, "field": None}}, status=429)
    from openecf.accounts.forms_signin import LoginForm

    return render(
        request,
        "accounts/signin/login.html",
        {"form": LoginForm(), "error": message, "next": ""},
        status=429,
    )


def safe_next(request: HttpRequest, value: str | None) -> str:
    """The 'next' address if it is a path on this site, otherwise the home page."""
    if value and value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return value
    return settings.LOGIN_REDIRECT_URL


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _audit_refusal(*, kind: str, request: HttpRequest, username: str) -> None:
    with transaction.atomic():
        subject: models.Model | None = User.objects.filter(username=username).first()
        if subject is None:
            subject = AccessAttempt.objects.filter(username=username).first()
        audit_event_record(
            kind=kind,
            acting_user=None,
            subject=subject if subject is not None else User(username=username),
            extra={"username": username[:150], "ip": _client_ip(request)},
        )


def signin_password_check(*, request: HttpRequest, username: str, password: str) -> User:
    """The account for this username and password, or one refusal that does not say which was wrong."""
    username = username.strip().lower()
    credentials = {"username": username}
    if AxesProxyHandler.is_locked(request, credentials):
        _audit_refusal(kind="signin.refused_locked_out", request=request, username=username)
        raise SignInLockedOut(lockout_message())
    # Django's backend hashes the password even for an unknown username: the same work either way.
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        locked_now = bool(getattr(request, "axes_locked_out", False))
        _audit_refusal(
            kind="signin.locked_out" if locked_now else "signin.failed", request=request, username=username
        )
        if locked_now:
            raise SignInLockedOut(lockout_message())
        raise InvalidInput(SIGNIN_FAILED_MESSAGE, code="signin_failed")
    if user.status == AccountStatus.DISABLED:
        _audit_refusal(kind="signin.refused_disabled", request=request, username=username)
        raise InvalidInput(
            "This PACER account is disabled. Contact the PACER Service Center.", code="account_disabled"
        )
    return user


def signin_second_factor_check(*, request: HttpRequest, user: User, code: str) -> str:
    """'totp' or 'backup_code'; a wrong or replayed code counts as a failed login for the lockout."""
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        _audit_refusal(kind="signin.refused_locked_out", request=request, username=user.username)
        raise SignInLockedOut(lockout_message())
    method = mfa_code_verify(user=user, code=code)
    if method is not None:
        return method
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    locked_now = bool(getattr(request, "axes_locked_out", False))
    _audit_refusal(
        kind="signin.locked_out" if locked_now else "signin.mfa_failed",
        request=request,
        username=user.username,
    )
    if locked_now:
        raise SignInLockedOut(lockout_message())
    raise InvalidInput(MFA_FAILED_MESSAGE, code="mfa_failed", field="code")


def signin_pending_start(request: HttpRequest, user: User, *, client_code: str, next_url: str) -> None:
    """Remember a checked password until the second factor is given; nothing is signed in yet."""
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "client_code": client_code,
        "next": next_url,
        "started": int(time.time()),
    }


def signin_pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if int(time.time()) - int(pending.get("started", 0)) > PENDING_SECONDS:
        del request.session[PENDING_SESSION_KEY]
        return None
    user_id = pending.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.status == AccountStatus.DISABLED:
        return None
    user.backend = pending.get("backend", settings.AUTHENTICATION_BACKENDS[-1])
    return user


def signin_pending_next(request: HttpRequest) -> str:
    pending = request.session.get(PENDING_SESSION_KEY) or {}
    return safe_next(request, pending.get("next"))


@transaction.atomic
def signin_complete(*, request: HttpRequest, user: User, client_code: str, second_factor: str) -> None:
    """Sign the user in (a fresh session) with the client code for billing, and audit it."""
    pending = request.session.pop(PENDING_SESSION_KEY, None)
    if isinstance(pending, dict) and not client_code:
        client_code = str(pending.get("client_code", ""))
    login(request, user, backend=getattr(user, "backend", None))
    request.session["client_code"] = client_code
    audit_event_record(
        kind="signin.succeeded",
        acting_user=user,
        subject=user,
        extra={"second_factor": second_factor, "client_code": client_code, "ip": _client_ip(request)},
    )


@transaction.atomic
def signout(*, request: HttpRequest) -> None:
    """End the session (client code included), with an audit event for a signed-in user."""
    user = request.user
    if isinstance(user, User):
        audit_event_record(kind="signout", acting_user=user, subject=user, extra={"ip": _client_ip(request)})
    logout(request)


def signin_next_step(user: User) -> str:
    """After the password: 'enroll' (filer without an app), 'verify' (has an app) or 'done'."""
    if mfa_is_enrolled(user):
        return "verify"
    if mfa_is_required(user):
        return "enroll"
    return "done"


def api_signin(
    *,
    request: HttpRequest,
    username: str,
    password: str,
    one_time_code: str,
    client_code: str,
    name: str = "",
) -> tuple[ApiToken, str]:
    """A token for an API client, after the same checks as the login page (second factor included)."""
    client_code = client_code_clean(client_code)
    user = signin_password_check(request=request, username=username, password=password)
    step = signin_next_step(user)
    if step == "enroll":
        raise InvalidInput(
            "Filers must set up multi-factor authentication before using the API. Log in on the site and "
            "add an authenticator app in Manage My Account.",
            code="mfa_setup_required",
        )
    second_factor = "none"
    if step == "verify":
        if not one_time_code.strip():
            raise InvalidInput(
                "This account uses multi-factor authentication: send the current code from your "
                "authenticator app (or a backup code) as one_time_code.",
                code="mfa_required",
                field="one_time_code",
            )
        try:
            second_factor = signin_second_factor_check(request=request, user=user, code=one_time_code)
        except InvalidInput as refused:
            raise InvalidInput(refused.message, code=refused.code, field="one_time_code") from None
    with transaction.atomic():
        token, raw = api_token_issue(
            user=user, acting_user=user, name=name or "API sign-in", client_code=client_code
        )
        audit_event_record(
            kind="signin.api_token",
            acting_user=user,
            subject=user,
            extra={"second_factor": second_factor, "prefix": token.prefix, "ip": _client_ip(request)},
        )
    return token, raw
