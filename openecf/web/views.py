"""Pages of the site. Thin: an access helper or selector, then a template."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from openecf.access.cases import (
    SEARCH_MAX_LENGTH,
    access_case,
    access_court,
    access_search,
    cases_visible_to,
    courts_with_public_case_counts,
)
from openecf.access.documents import access_document
from openecf.numbers import whole_number_parse
from openecf.ratelimit import rate_limit_reads
from openecf.reports.filters import docket_filters_parse
from openecf.reports.render import docket_report_html
from openecf.reports.selectors import docket_report_build
from openecf.storage import blob_storage
from openecf.text import search_words_parse
from openecf.web.cache_control import never_cache_anywhere

CASES_PER_PAGE = 50


@require_safe
@rate_limit_reads
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"courts": courts_with_public_case_counts()})


@require_safe
@rate_limit_reads
def court(request: HttpRequest, court_id: str) -> HttpResponse:
    the_court = access_court(court_id)
    access_search(request.user, the_court)
    query = search_words_parse(request.GET.get("q", ""), max_length=SEARCH_MAX_LENGTH)
    page_number = whole_number_parse(request.GET.get("page", "1"), name="page", minimum=1)
    cases = cases_visible_to(request.user, the_court, search=query)
    page = Paginator(cases, CASES_PER_PAGE).get_page(page_number)
    return render(request, "web/court.html", {"court": the_court, "page": page, "q": query})


@require_safe
@rate_limit_reads
def docket_report(request: HttpRequest, court_id: str, case_number: str) -> HttpResponse:
    case = access_case(request.user, court_id, case_number)
    access_search(request.user, case.court)
    filters = docket_filters_parse(request.GET)
    report = docket_report_build(case=case, viewer=request.user, filters=filters)
    return HttpResponse(docket_report_html(report, request=request))


@require_safe
@rate_limit_reads
def document(request: HttpRequest, court_id: str, public_id: str) -> HttpResponse:
    found = access_document(request.user, court_id, public_id)
    entry = found.docket_entry
    filename = (
        f"{entry.case.pacer_case_number.replace(':', '_')}-{entry.number or 0}-{found.attachment_number}.pdf"
    )
    response = HttpResponse(blob_storage().get(found.served_storage_key), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    # A document may be sealed at any moment: no shared cache keeps a copy.
    return never_cache_anywhere(response)


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400, "Bad request", "The request could not be understood.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403, "Not allowed", "You may not do that here.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 404, "Not found", "There is nothing at this address.")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(
        request,
        500,
        "Internal Server Error",
        "The system is unable to complete your request. Please contact the CM/ECF Help Desk "
        "and tell them what you were doing.",
    )
