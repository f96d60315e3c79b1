"""Standing on every request: a session whose account was disabled (or deactivated) since it signed in
ends at its next request, before any view runs; so does a session signed in by password alone whose account
has since come to need a second factor."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import SESSION_KEY, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from openecf.access.policy import in_good_standing, mfa_required
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.signin.services import SECOND_FACTOR_SESSION_KEY


class AccountStandingMiddleware:
    """Placed right after Django's AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            user = request.user
            if isinstance(user, User) and not in_good_standing(user):
                session_end_for_standing(request=request, user=user)
            elif (
                isinstance(user, User)
                and request.session.get(SECOND_FACTOR_SESSION_KEY) == "none"
                and mfa_required(user)
            ):
                session_end_for_second_factor(request=request, user=user)
            elif not user.is_authenticated:
                # Django found no account that may sign in behind the session (deactivated): drop it too.
                logout(request)
        return self.get_response(request)


@transaction.atomic
def session_end_for_standing(*, request: HttpRequest, user: User) -> None:
    audit_event_record(
        kind="signin.session_ended_disabled",
        acting_user=None,
        subject=user,
        extra={"ip": str(request.META.get("REMOTE_ADDR", "")), "status": user.status},
    )
    logout(request)


@transaction.atomic
def session_end_for_second_factor(*, request: HttpRequest, user: User) -> None:
    """The account now needs a second factor (court staff, filing rights) that this session never gave."""
    audit_event_record(
        kind="signin.session_ended_second_factor",
        acting_user=None,
        subject=user,
        extra={"ip": str(request.META.get("REMOTE_ADDR", ""))},
    )
    logout(request)
