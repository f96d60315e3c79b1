"""Map the domain error to the site's error page (the API maps it to JSON itself)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openecf.errors import NotFound, OpenECFError
from openecf.ratelimit import RateLimited


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OpenECFError) or request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            title = "Not found"
        elif exception.status == 403:
            title = "Not allowed yet"
        elif isinstance(exception, RateLimited):
            title = "Too many requests"
        else:
            title = "Please correct the request"
        response = render(
            request,
            "web/error.html",
            {
                "status": exception.status,
                "title": title,
                "message": exception.message,
                "field": exception.field,
                # A refusal's remedy may be the court's own page (request permission to file there).
                "remedy_court": request.resolver_match.kwargs.get("court_id")
                if request.resolver_match
                else None,
            },
            status=exception.status,
        )
        if isinstance(exception, RateLimited):
            response["Retry-After"] = str(exception.retry_after)
        return response
