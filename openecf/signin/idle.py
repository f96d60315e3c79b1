"""Idle sessions: a signed-in session left without a request for OPENECF_SESSION_IDLE_MINUTES ends, and
the browser is sent to the login page with a word why (PACER signs out idle sessions too)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record

# [session key, seconds since the epoch] of the last request: a new login (new session key) starts again.
LAST_ACTIVITY_KEY = "signin_last_activity"
# The stored time is refreshed at most this often, so that not every request writes the session.
REFRESH_SECONDS = 60


def idle_timeout_message(minutes: int) -> str:
    return (
        f"You were logged out because your session was idle for more than {minutes} minutes. "
        "Log in again to continue."
    )


@transaction.atomic
def session_end_for_idleness(*, request: HttpRequest, user: User, idle_seconds: int) -> None:
    audit_event_record(
        kind="signout.idle",
        acting_user=user,
        subject=user,
        extra={"ip": str(request.META.get("REMOTE_ADDR", "")), "idle_seconds": idle_seconds},
    )
    logout(request)


class SessionIdleTimeoutMiddleware:
    """After Django's authentication and messages middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        minutes: int = settings.OPENECF_SESSION_IDLE_MINUTES
        user = request.user
        if minutes > 0 and isinstance(user, User) and SESSION_KEY in request.session:
            now = int(time.time())
            stamp = request.session.get(LAST_ACTIVITY_KEY)
            session_key = request.session.session_key
            last = (
                stamp[1] if isinstance(stamp, list) and len(stamp) == 2 and stamp[0] == session_key else None
            )
            if isinstance(last, int) and now - last > minutes * 60:
                session_end_for_idleness(request=request, user=user, idle_seconds=now - last)
                if request.path.startswith("/api/"):
                    # The API call goes on as the public's; a browser page asks to log in again.
                    return self.get_response(request)
                messages.info(request, idle_timeout_message(minutes))
                return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")
            if last is None or now - last >= REFRESH_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = [session_key, now]
        response = self.get_response(request)
        if minutes > 0 and SESSION_KEY in request.session:
            _clock_start(request)
        return response


def _clock_start(request: HttpRequest) -> None:
    """Start the idle clock of a session that was just signed in (a new session key), so that a session never
    used after its sign-in times out too."""
    stamp = request.session.get(LAST_ACTIVITY_KEY)
    session_key = request.session.session_key
    if not (isinstance(stamp, list) and len(stamp) == 2 and stamp[0] == session_key):
        request.session[LAST_ACTIVITY_KEY] = [session_key, int(time.time())]
