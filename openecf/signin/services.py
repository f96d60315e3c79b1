"""Sign-in: username and password (with the lockout), client code, second factor, completion, API sign-in.

Services only: they take the request for its session and client address and raise the domain error; the
pages and the API turn that into a response.
"""

from __future__ import annotations

import time

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from openecf.access.policy import mfa_required
from openecf.accounts.models import AccountStatus, User
from openecf.audit.services import audit_event_record
from openecf.errors import InvalidInput
from openecf.signin.lockout import (
    SignInLockedOut,
    failure_count,
    is_locked_out,
    locked_out_by_this_failure,
    lockout_message,
)
from openecf.signin.mfa import mfa_code_verify, mfa_is_enrolled, totp_device_confirm
from openecf.signin.models import ApiToken, TotpDevice
from openecf.signin.tokens import api_token_issue, client_code_clean

SIGNIN_FAILED_MESSAGE = (
    "Login failed: the username or password is not correct. Check both and try again (usernames are not "
    "case-sensitive). If you forgot them, use the links below to reset your password or get your username."
)
MFA_FAILED_MESSAGE = (
    "That code is not correct, or it was already used. Enter the current code from your authenticator app, "
    "or one of your unused backup codes."
)
PENDING_SESSION_KEY = "signin_pending"
# When the account signed in before this session (PACER's "Last Login"); login() overwrites last_login.
PREVIOUS_LOGIN_SESSION_KEY = "previous_login"
# How the session signed in ('none' when by password alone): such a session ends if the account comes to need
# a second factor (made court staff, given filing rights) while it lasts.
SECOND_FACTOR_SESSION_KEY = "signin_second_factor"
# A password checked but no second factor yet: the half-finished sign-in expires after ten minutes.
PENDING_SECONDS = 600


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
    if is_locked_out(request, username):
        _audit_refusal(kind="signin.refused_locked_out", request=request, username=username)
        raise SignInLockedOut(lockout_message())
    # Django's backend hashes the password even for an unknown username: the same work either way.
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        locked_now = locked_out_by_this_failure(request)
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
    if is_locked_out(request, user.username):
        _audit_refusal(kind="signin.refused_locked_out", request=request, username=user.username)
        raise SignInLockedOut(lockout_message())
    method = mfa_code_verify(user=user, code=code)
    if method is not None:
        return method
    locked_now = failure_count(request, user.username)
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


def signin_pending_device_remember(request: HttpRequest, device: TotpDevice) -> None:
    """The authenticator app this half-finished sign-in added: the only one its set-up page offers."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if isinstance(pending, dict):
        request.session[PENDING_SESSION_KEY] = {**pending, "device_id": device.pk}


def signin_pending_device(request: HttpRequest, user: User) -> TotpDevice | None:
    """The app this sign-in added, while it waits for its confirmation. Never an app added elsewhere: whoever
    added it saw its secret, and confirming it would hand them the second factor."""
    pending = request.session.get(PENDING_SESSION_KEY)
    device_id = pending.get("device_id") if isinstance(pending, dict) else None
    if not isinstance(device_id, int):
        return None
    return TotpDevice.objects.filter(pk=device_id, user=user, confirmed_at__isnull=True).first()


def signin_pending_next(request: HttpRequest) -> str:
    pending = request.session.get(PENDING_SESSION_KEY) or {}
    return safe_next(request, pending.get("next"))


@transaction.atomic
def signin_complete(*, request: HttpRequest, user: User, client_code: str, second_factor: str) -> None:
    """Sign the user in (a fresh session) with the client code for billing, and audit it."""
    pending = request.session.pop(PENDING_SESSION_KEY, None)
    if isinstance(pending, dict) and not client_code:
        client_code = str(pending.get("client_code", ""))
    previous = user.last_login
    login(request, user, backend=getattr(user, "backend", None))
    request.session["client_code"] = client_code
    request.session[PREVIOUS_LOGIN_SESSION_KEY] = previous.isoformat() if previous else ""
    request.session[SECOND_FACTOR_SESSION_KEY] = second_factor
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


def session_second_factor_given(request: HttpRequest) -> bool:
    """The session's sign-in gave a second factor (an app code, a backup code, or a first app set up)."""
    return request.session.get(SECOND_FACTOR_SESSION_KEY) not in (None, "", "none")


def signin_next_step(user: User) -> str:
    """After the password: 'enroll' (filer without an app), 'verify' (has an app) or 'done'."""
    if mfa_is_enrolled(user):
        return "verify"
    if mfa_required(user):
        return "enroll"
    return "done"


def signin_enrollment_confirm(
    *, request: HttpRequest, user: User, device: TotpDevice, email_code: str, app_code: str
) -> list[str]:
    """Confirm the first authenticator app of a half-signed-in filer; returns the new backup codes.

    Still half signed in, so wrong codes count towards the lockout like wrong passwords.
    """
    if is_locked_out(request, user.username):
        raise SignInLockedOut(lockout_message())
    try:
        return totp_device_confirm(device=device, email_code=email_code, app_code=app_code, acting_user=user)
    except InvalidInput:
        if failure_count(request, user.username):
            raise SignInLockedOut(lockout_message()) from None
        raise


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
            user=user,
            acting_user=user,
            name=name or "API sign-in",
            client_code=client_code,
            second_factor=second_factor != "none",
        )
        audit_event_record(
            kind="signin.api_token",
            acting_user=user,
            subject=user,
            extra={"second_factor": second_factor, "prefix": token.prefix, "ip": _client_ip(request)},
        )
    return token, raw
