"""Cache-Control for what must never sit in a cache: restricted material and whatever a signed-in account
or an authenticated API client is sent. Public pages for anonymous visitors stay cacheable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control

R = TypeVar("R", bound=HttpResponseBase)


def never_cache_anywhere(response: R) -> R:
    """`Cache-Control: private, no-store`: neither a shared cache nor the browser keeps a copy."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    # An API client authenticates per request with its token; any credentials make the answer private.
    return signed_in or "HTTP_AUTHORIZATION" in request.META


class PrivateCacheMiddleware:
    """Every answer to a signed-in account or an authenticated request is sent `private, no-store`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _authenticated(request):
            never_cache_anywhere(response)
        return response
