"""Rate limits: how often one client address, account or API token may do one kind of thing.

One place for every limit of the site and the API. The limits are named in the setting
`OPENECF_RATE_LIMITS` (e.g. `"signin_ip": "30/10m"`); each view names the limits it counts and, for
each, whom it counts (an address, an account, a token) with a key function. Counters live in Django's
cache through django-ratelimit, in fixed windows. A refused request raises `RateLimited` (429), which
the site shows as its error page and the API as its JSON error, both with `Retry-After`.
"""

from __future__ import annotations

import functools
import ipaddress
import json
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.http import HttpRequest
from django.http.request import RawPostDataException
from django_ratelimit.core import get_usage

from openecf.errors import OpenECFError

KeyFunction = Callable[[HttpRequest], str | None]
ViewFunction = TypeVar("ViewFunction", bound=Callable[..., Any])

POST = ("POST",)
ALL_METHODS: tuple[str, ...] = ()

# What a refused client was doing, for the message: the part of the limit's name before "_".
_DOINGS = {
    "signin": "login attempts",
    "code": "codes entered",
    "mail": "e-mail requests",
    "register": "registration steps",
    "read": "requests",
    "api": "API requests",
    "verify": "documents verified",
    "upload": "documents uploaded",
}


class RateLimited(OpenECFError):
    """Too many requests of one kind: try again after `retry_after` seconds."""

    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, limit: str) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.limit = limit


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{(seconds + 59) // 60} minutes"


def rate_limited_message(limit: str, retry_after: int) -> str:
    doing = _DOINGS.get(limit.split("_", 1)[0], "requests")
    return (
        f"Too many {doing} in a short time. Wait {_wait_words(retry_after)} and try again. If you need "
        "more, contact the PACER Service Center."
    )


def _rate(limit: str) -> str | None:
    limits: dict[str, str | None] = settings.OPENECF_RATE_LIMITS
    if limit not in limits:
        raise ImproperlyConfigured(f"Rate limit {limit!r} is not in OPENECF_RATE_LIMITS.")
    return limits[limit] or None


def rate_limit_check(request: HttpRequest, **keys: str | None) -> None:
    """Count this request against each named limit for its key (None: the limit does not apply).

    Every applicable counter goes up, then the request is refused if any of them is over its rate.
    """
    if not settings.OPENECF_RATE_LIMITS_ENABLED:
        return
    refused: list[tuple[int, str]] = []
    for limit, value in keys.items():
        rate = _rate(limit)
        if rate is None or not value:
            continue
        usage = get_usage(
            request, group=limit, key=lambda _group, _request, v=value: v, rate=rate, increment=True
        )
        if usage is not None and usage["should_limit"]:
            refused.append((max(1, int(usage["time_left"])), limit))
    if refused:
        retry_after, limit = max(refused)
        raise RateLimited(rate_limited_message(limit, retry_after), retry_after=retry_after, limit=limit)


def rate_limit(
    *, methods: Collection[str] = POST, **key_functions: KeyFunction
) -> Callable[[ViewFunction], ViewFunction]:
    """A view decorator: `@rate_limit(signin_ip=client_ip, signin_account=posted("username"))`.

    Only requests of `methods` count (POST by default; `ALL_METHODS` for every method).
    """
    for limit in key_functions:
        if limit not in settings.OPENECF_RATE_LIMITS:
            raise ImproperlyConfigured(f"Rate limit {limit!r} is not in OPENECF_RATE_LIMITS.")

    def decorate(view: ViewFunction) -> ViewFunction:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not methods or request.method in methods:
                rate_limit_check(request, **{limit: key(request) for limit, key in key_functions.items()})
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


# --- whom a limit counts ----------------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one the trusted proxies saw; IPv6 by its /64 network.

    With `OPENECF_TRUSTED_PROXIES = n`, the n-th address from the right of X-Forwarded-For is the client
    (each trusted proxy appends the address it received the request from).
    """
    address = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.OPENECF_TRUSTED_PROXIES
    forwarded = [
        part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
    ]
    if proxies > 0 and forwarded:
        address = forwarded[-min(proxies, len(forwarded))]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def visitor_ip(request: HttpRequest) -> str | None:
    """The client address of a visitor who is not signed in (a signed-in one counts by account)."""
    return None if request.user.is_authenticated else client_ip(request)


def account_username(request: HttpRequest) -> str | None:
    """The signed-in account's username (lowercase), or None for a visitor."""
    user = request.user
    return str(user.get_username()).lower() if user.is_authenticated else None


def account_email(request: HttpRequest) -> str | None:
    """The signed-in account's primary e-mail address, where a mail it asks for goes."""
    user = request.user
    if not user.is_authenticated:
        return None
    return str(getattr(user, "email", "") or "").strip().lower() or None


def posted(field: str) -> KeyFunction:
    """The value the client sent in a form field (or a JSON body's member), trimmed and lowercased."""

    def value(request: HttpRequest) -> str | None:
        raw: Any = request.POST.get(field)
        if raw is None and request.content_type == "application/json":
            try:
                body = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError, RequestDataTooBig, RawPostDataException):
                # The view answers a body it cannot read; the other limits still count this request.
                return None
            raw = body.get(field) if isinstance(body, dict) else None
        text = str(raw or "").strip().lower()
        return text[:254] or None

    return value


# Whom a read counts against: visitors by address, signed-in accounts by account.
READS: dict[str, KeyFunction] = {"read_ip": visitor_ip, "read_account": account_username}


def read_keys(request: HttpRequest) -> dict[str, str | None]:
    """The read limits' keys for this request (the API's throttle counts the same way as the pages)."""
    return {limit: key(request) for limit, key in READS.items()}


def rate_limit_reads(view: ViewFunction) -> ViewFunction:
    """A page or document anyone may read, counted by `READS`."""
    return rate_limit(methods=ALL_METHODS, **READS)(view)
