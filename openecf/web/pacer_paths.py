"""PACER's own addresses, for the links in notices and for tools that know PACER: `DktRpt.pl?<case id>` leads
to the case's Docket Report once the access layer lets the reader see the case."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_safe

from openecf.access.cases import access_case_by_id
from openecf.ratelimit import rate_limit_reads


@require_safe
@rate_limit_reads
def docket_report_by_id(request: HttpRequest, court_id: str) -> HttpResponseRedirect:
    """The query string is the case's id, as in PACER (`DktRpt.pl?75736`, or a court of appeals'
    `caseId=75736`); anything else is "not found"."""
    query = request.META.get("QUERY_STRING", "")
    case = access_case_by_id(request.user, court_id, query.removeprefix("caseId="))
    return HttpResponseRedirect(
        reverse(
            "web:docket_report", kwargs={"court_id": case.court_id, "case_number": case.pacer_case_number}
        )
    )


urlpatterns: list[URLPattern] = [
    path("<str:court_id>/cgi-bin/DktRpt.pl", docket_report_by_id, name="pacer_docket_report"),
]
