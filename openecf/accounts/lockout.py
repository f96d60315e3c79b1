"""The lockout counter that every way of proving who one is shares: django-axes, counted per username.

It lives with the identity core so that each sign-in path (the PACER login in `signin`, a court's legacy
CM/ECF login page in `filers`) counts failures in the same tables, under the same limit and cool-off
(`AXES_FAILURE_LIMIT`, `AXES_COOLOFF_TIME`). The sign-in backend and its messages stay in `signin.lockout`.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib.auth import user_login_failed
from django.http import HttpRequest


def is_locked_out(request: HttpRequest, username: str) -> bool:
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


def locked_out_by_this_failure(request: HttpRequest) -> bool:
    """Whether the failure just counted (by `authenticate` or `failure_count`) locked the username."""
    return bool(getattr(request, "axes_locked_out", False))


def failure_count(request: HttpRequest, username: str) -> bool:
    """Count a failed attempt that did not go through `authenticate` (a wrong code); True if now locked."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return locked_out_by_this_failure(request)


def cool_off_minutes() -> int:
    """How long a locked username waits, in whole minutes; 0 when it stays locked until staff unlock it."""
    cool_off = get_cool_off()
    return int(cool_off.total_seconds() // 60) if cool_off else 0
