"""The JSON API (OpenAPI 3). Thin: an access helper, a selector, a serializer; errors mapped here once."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.params.functions import Path as path_parameter

from openecf.access.cases import access_case, access_court, access_search, cases_visible_to, courts_listed
from openecf.api.auth import BearerTokenAuth
from openecf.api.auth import router as auth_router
from openecf.api.docs import AccessibleSwagger
from openecf.api.filing import router as filing_router
from openecf.api.schemas import (
    CaseListOut,
    CaseListQuery,
    CourtDetailOut,
    CourtOut,
    DocketFilterQuery,
    DocketReportOut,
    ErrorResponse,
)
from openecf.api.throttle import ApiRateLimit
from openecf.courts.models import Court
from openecf.errors import OpenECFError
from openecf.ratelimit import RateLimited, rate_limited_message
from openecf.reports.filters import docket_filters_parse
from openecf.reports.render import document_url_builder
from openecf.reports.selectors import docket_report_build
from openecf.reports.serialize import docket_report_json

logger = logging.getLogger(__name__)

CASES_PER_PAGE = 50
# Every read may meet a bad token (401), the rate limit (429) and a missing or hidden court (404); the lists
# and reports also a bad parameter (400) and an account that may not search yet (403).
REFUSALS = {401: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse}
SEARCH_REFUSALS = {400: ErrorResponse, 403: ErrorResponse, **REFUSALS}
COURT: Any = path_parameter(
    ..., description="Court id as in courts-db, e.g. 'cit' (not case-sensitive).", example="cit"
)
CASE_NUMBER: Any = path_parameter(
    ...,
    description="Case number in any form the court prints, e.g. '1:20-cv-00012' or 'Court No. 20-00012'.",
    example="1:20-cv-00001",
)
# Reads are open to the public: a session, a Bearer token, or nobody ({} in OpenAPI: no credentials).
PUBLIC_READ: dict[str, Any] = {"security": [{}, {"BearerTokenAuth": []}]}

api = NinjaAPI(
    title="OpenECF API",
    version="1",
    description="Courts, cases and Docket Reports of this OpenECF deployment, as the signed-in user "
    "(or the public) may see them.",
    urls_namespace="api",
    auth=BearerTokenAuth(),
    throttle=ApiRateLimit(),
    docs=AccessibleSwagger(),
)
api.add_router("/auth", auth_router)
api.add_router("", filing_router)


def _error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "field": field}}, status=status
    )


@api.exception_handler(OpenECFError)
def _domain_error(request: HttpRequest, exc: OpenECFError) -> HttpResponse:
    response = _error(request, exc.status, exc.code, exc.message, exc.field)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # Ninja adds Retry-After itself.
    return _error(request, 429, "rate_limited", rate_limited_message("api", max(1, int(exc.wait or 1))))


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first: dict[str, Any] = exc.errors[0] if exc.errors else {}
    # loc is e.g. ('query', 'filters', 'page'): the last part is the parameter the client sent.
    location = [str(part) for part in first.get("loc", ()) if not isinstance(part, int)]
    field = location[-1] if len(location) > 1 else None
    reason = str(first.get("msg", "is not valid")).removeprefix("Value error, ").rstrip(".")
    message = f"{field}: {reason}." if field else f"{reason}."
    return _error(request, 400, "invalid_parameter", message, field)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "There is nothing at this address.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", exc.message)


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _error(
        request, 413, "request_too_large", f"The request body is larger than {limit} bytes; send less."
    )


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return _error(request, 400, "bad_request", "The request could not be understood.")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API request %s failed", request.path, exc_info=exc)
    return _error(
        request,
        500,
        "server_error",
        "The system is unable to complete your request. Please contact the CM/ECF Help Desk.",
    )


@api.get(
    "/courts",
    response={200: list[CourtOut], 401: ErrorResponse, 429: ErrorResponse},
    tags=["courts"],
    summary="Courts on this system",
    openapi_extra=PUBLIC_READ,
)
def court_list(request: HttpRequest) -> list[Court]:
    return list(courts_listed())


@api.get(
    "/courts/{court}", response={200: CourtDetailOut, **REFUSALS}, tags=["courts"], openapi_extra=PUBLIC_READ
)
def court_detail(request: HttpRequest, court: str = COURT) -> Court:
    return access_court(court)


@api.get(
    "/courts/{court}/cases",
    response={200: CaseListOut, **SEARCH_REFUSALS},
    tags=["cases"],
    openapi_extra=PUBLIC_READ,
)
def case_list(request: HttpRequest, filters: Query[CaseListQuery], court: str = COURT) -> dict[str, Any]:
    """The court's cases, newest first; sealed cases only for the court's own staff."""
    the_court = access_court(court)
    access_search(request.user, the_court)
    cases = cases_visible_to(request.user, the_court, search=filters.q)
    start = (filters.page - 1) * CASES_PER_PAGE
    return {
        "count": cases.count(),
        "page": filters.page,
        "page_size": CASES_PER_PAGE,
        "items": list(cases[start : start + CASES_PER_PAGE]),
    }


@api.get(
    "/courts/{court}/cases/{case_number}/docket",
    response={200: DocketReportOut, **SEARCH_REFUSALS},
    tags=["cases"],
    summary="Docket Report of a case",
    openapi_extra=PUBLIC_READ,
)
def docket_report(
    request: HttpRequest,
    filters: Query[DocketFilterQuery],
    court: str = COURT,
    case_number: str = CASE_NUMBER,
) -> dict[str, Any]:
    """The docket as the viewer may see it: sealed entries without text or document link."""
    case = access_case(request.user, court, case_number)
    access_search(request.user, case.court)
    parsed = docket_filters_parse(filters.dict())
    report = docket_report_build(case=case, viewer=request.user, filters=parsed)
    return docket_report_json(report, document_url=document_url_builder(case.court_id))


def api_index(request: HttpRequest) -> HttpResponse:
    """The API's root names where its description is (ninja's own root view only raises a 404)."""
    return api.create_response(
        request,
        {
            "title": api.title,
            "version": api.version,
            "openapi": reverse("api:openapi-json"),
            "docs": reverse("api:openapi-view"),
        },
        status=200,
    )


@csrf_exempt  # reads no body and changes nothing: whatever the method, the answer is the JSON 404
def api_address_unknown(request: HttpRequest, address: str = "") -> HttpResponse:
    """Any other address under the API answers in the API's shape, not with the site's HTML page."""
    return _error(request, 404, "not_found", "There is no such API address; see /api/v1/docs.")


def json_method_refusal(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a method an address does not take with Django's plain-text 405: answer it in JSON."""

    @functools.wraps(view)  # keeps ninja's csrf_exempt mark
    def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
            return response
        allowed = response.get("Allow", "GET")
        refusal = _error(
            request, 405, "method_not_allowed", f"{request.method} is not allowed here; use {allowed}."
        )
        refusal["Allow"] = allowed
        return refusal

    return answered
