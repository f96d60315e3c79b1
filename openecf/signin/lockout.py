"""The sign-in lockout (django-axes, counted per username): one place for every sign-in path.

Wrong passwords, wrong second-factor codes and wrong codes while setting up a first authenticator app all
count towards the same limit, through `failure_count`.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest

# The counter itself is shared with the other sign-in paths (a court's legacy CM/ECF login page).
from openecf.accounts.lockout import (
    cool_off_minutes,
    failure_count,
    is_locked_out,
    locked_out_by_this_failure,
)
from openecf.errors import OpenECFError

__all__ = [
    "SignInLockedOut",
    "SignInLockoutBackend",
    "failure_count",
    "is_locked_out",
    "locked_out_by_this_failure",
    "lockout_message",
    "lockout_username",
]


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
    minutes = cool_off_minutes()
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
