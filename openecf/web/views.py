"""Pages of the site. Thin: an access helper or selector, then a template."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from openecf.access.cases import (
    SEARCH_MAX_LENGTH,
    access_case,
    access_court,
    access_search,
    cases_visible_to,
    courts_with_public_case_counts,
)
from openecf.access.documents import access_document
from openecf.documents.models import Document
from openecf.notices.free_look import (
    FreeLookState,
    FreeLookUnavailable,
    free_look_of_link,
    free_look_state,
    free_look_use,
)
from openecf.notices.models import FreeLook
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


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit_reads
def document(request: HttpRequest, court_id: str, public_id: str) -> HttpResponse:
    """A document by its public id (`doc1`, or `docs1` at a court of appeals); with a notice's magic number
    (`magic_num`, appellate `uid`), the recipient's free look.

    Any number that is not a free look of this very document is ignored: the link gives normal access.
    """
    magic_num = request.GET.get("magic_num") or request.GET.get("uid") or ""  # uid: appellate docs1 links
    free_look = free_look_of_link(court_id=court_id, public_id=public_id, magic_num=magic_num)
    if free_look is not None:
        return _free_look_answer(request, free_look)
    return _document_access(request, court_id, public_id)


def _document_access(request: HttpRequest, court_id: str, public_id: str) -> HttpResponse:
    """Normal access: the access layer decides. Only a free look is used by a POST; any other POST is sent
    to the document's own address."""
    if request.method == "POST":
        redirect = HttpResponseRedirect(reverse("web:document", args=[court_id, public_id]))
        redirect.status_code = 303
        return redirect
    return _document_pdf(access_document(request.user, court_id, public_id))


def _document_pdf(found: Document) -> HttpResponse:
    entry = found.docket_entry
    filename = (
        f"{entry.case.pacer_case_number.replace(':', '_')}-{entry.number or 0}-{found.attachment_number}.pdf"
    )
    response = HttpResponse(blob_storage().get(found.served_storage_key), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    # A document may be sealed at any moment: no shared cache keeps a copy.
    return never_cache_anywhere(response)


def _free_look_answer(request: HttpRequest, free_look: FreeLook) -> HttpResponse:
    """GET and HEAD (a person, or a mail scanner following the link) ask; only the click, a POST, uses it.

    A used or expired free look says so and links normal access; a document no longer public gets
    normal access straight away (and so the access layer's refusal).
    """
    state = free_look_state(free_look)
    if state == FreeLookState.REMAINING and request.method == "POST":
        try:
            used = free_look_use(
                free_look=free_look, acting_user=request.user, from_ip=request.META.get("REMOTE_ADDR")
            )
        except FreeLookUnavailable as gone:
            state, free_look = gone.state, gone.free_look
        else:
            return _document_pdf(used.document)
    document = free_look.document
    if state == FreeLookState.WITHDRAWN:
        return _document_access(request, document.docket_entry.case.court_id, document.public_id)
    template = "notices/free_look.html" if state == FreeLookState.REMAINING else "notices/free_look_gone.html"
    response = render(
        request,
        template,
        {
            "free_look": free_look,
            "state": state,
            "document": document,
            "court": document.docket_entry.case.court,
        },
        # A click that found the free look gone did not get the document.
        status=409 if request.method == "POST" else 200,
    )
    # The address holds the magic number: no index, cache or other page keeps it.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
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
