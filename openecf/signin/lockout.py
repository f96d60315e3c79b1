"""The sign-in lockout (django-axes, counted per username): one place for every sign-in path.

Wrong passwords, wrong second-factor codes and wrong codes while setting up a first authenticator app all
count towards the same limit, through `failure_count`.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import user_login_failed
from django.http import HttpRequest

from openecf.errors import OpenECFError


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


def is_locked_out(request: HttpRequest, username: str) -> bool:
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


def locked_out_by_this_failure(request: HttpRequest) -> bool:
    """Whether the failure just counted (by `authenticate` or `failure_count`) locked the username."""
    return bool(getattr(request, "axes_locked_out", False))


def failure_count(request: HttpRequest, username: str) -> bool:
    """Count a failed attempt that did not go through `authenticate` (a wrong code); True if now locked."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return locked_out_by_this_failure(request)
