"""The site's security headers and the page of a refused form (CSRF)."""

from __future__ import annotations

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render

CSRF_FAILED_MESSAGE = (
    "This form could not be accepted: the page was open too long, or it was sent from another site, or "
    "your browser does not keep this site's cookies. Go back, reload the page and send the form again. "
    "If it happens again, allow cookies for this site."
)
CSRF_FAILED_API_MESSAGE = (
    "The request was refused by the CSRF check: send the API token as 'Authorization: Bearer <token>', or "
    "with a signed-in session, send the session's CSRF token as the X-CSRFToken header."
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy on every response but PDF documents, which the browser's PDF viewer shows (a
    policy meant for pages would keep the viewer from loading them)."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith("application/pdf"):
            response._csp_exempt = True  # type: ignore[attr-defined]
        return super().process_response(request, response)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: 403 in the site's look (or the API's JSON error), saying what to do."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "csrf_failed", "message": CSRF_FAILED_API_MESSAGE, "field": None}}, status=403
        )
    return render(
        request,
        "web/error.html",
        {"status": 403, "title": "Please send the form again", "message": CSRF_FAILED_MESSAGE},
        status=403,
    )
