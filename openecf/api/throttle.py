"""Every API call under the rate limits of openecf/ratelimit.py, through django-ninja's throttle hook.

A call with an API token counts against the token; with a signed-in session, against the account; without
either, against the client address. Ninja runs it after authentication, so the token is known.
"""

from __future__ import annotations

import threading

from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from openecf.ratelimit import RateLimited, rate_limit_check, read_keys
from openecf.signin.models import ApiToken


class ApiRateLimit(BaseThrottle):
    def __init__(self) -> None:
        # One instance serves every thread: the wait of a refused call is kept per thread.
        self._refused = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        auth = getattr(request, "auth", None)
        try:
            if isinstance(auth, ApiToken):
                rate_limit_check(request, api_token=str(auth.pk))
            else:
                rate_limit_check(request, **read_keys(request))
        except RateLimited as refused:
            self._refused.retry_after = refused.retry_after
            return False
        return True

    def wait(self) -> float | None:
        retry_after: int | None = getattr(self._refused, "retry_after", None)
        return float(retry_after) if retry_after is not None else None
