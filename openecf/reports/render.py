"""The Docket Report as the site serves it: the court's PACER layout inside the site's page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from openecf.reports.render_district import district_docket_body
from openecf.reports.selectors import DocketReport


def document_url_builder(court_id: str) -> Callable[[str], str]:
    """Links to documents by their opaque public ids, built without a reverse() per entry (a docket may have
    10,000). The form /<court>/doc1/<digits> is PACER's, and juriscraper reads the id back from it."""
    prefix = reverse("web:document", kwargs={"court_id": court_id, "public_id": "0"})[:-1]
    return lambda public_id: f"{prefix}{public_id}"


def docket_report_body(report: DocketReport) -> str:
    document_url = document_url_builder(report.court.pk)
    if report.court.is_appellate:
        from openecf.reports.render_appellate import appellate_docket_body

        return appellate_docket_body(report, document_url=document_url, cache=True)
    return district_docket_body(report, document_url=document_url, cache=True)


_BODY_MARK = "<!-- openecf:docket-report-body -->"


def docket_report_html(report: DocketReport, *, request: HttpRequest | None = None) -> str:
    """The whole page, for the browser and for `openecf docket-report --format html`.

    The body (megabytes for a long docket) is spliced into the rendered chrome rather than passed
    through the template engine, which costs tens of milliseconds per megabyte for no gain.
    """
    chrome = render_to_string(
        "reports/docket_report.html",
        {
            "court": report.court,
            "case": report.case,
            "report": report,
            "filters": report.filters,
            "body": mark_safe(_BODY_MARK),  # noqa: S308 — a constant
        },
        request=request,
    )
    head, tail = chrome.split(_BODY_MARK, 1)
    # join, not +: a Markup body would escape the chrome it is added to.
    return "".join((head, docket_report_body(report), tail))
