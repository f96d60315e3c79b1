"""The feeds: each court's RSS feed of recent docket activity at PACER's own address, each case's Atom feed.

Free and without login, and the same for everyone: both are built from what an anonymous visitor may read,
so the account asking changes nothing (a sealed case's feed is "not found" even for the court's clerk, who
reads the Docket Report instead).

Cache-Control: `public, max-age=300`. Nothing restricted can be inside a feed (it holds only what the public
may read at the moment it is built), so a shared cache may keep it, and feed readers polling every few
minutes cost one query each five minutes per cache rather than one per poll. What a cache may show is at
most five minutes older than the docket: an entry sealed meanwhile may still be listed there for that long,
as it is in any reader that fetched it before; its document is never cached (`never_cache_anywhere`) and is
refused at once. A signed-in account's answer is still made `private, no-store` by the site's middleware.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from openecf.access.cases import access_case, access_court
from openecf.ratelimit import rate_limit_reads
from openecf.reports.feeds import CaseAtom, PacerRss, case_atom_build, court_rss_build

FEED_MAX_AGE = 300


def _feed_response(feed: PacerRss | CaseAtom) -> HttpResponse:
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


@require_safe
@rate_limit_reads
def court_rss(request: HttpRequest, court_id: str) -> HttpResponse:
    """`/<court>/cgi-bin/rss_outside.pl`: the court's entries of the last day (query strings are ignored, as
    PACER's feed ignores them)."""
    return _feed_response(court_rss_build(access_court(court_id)))


@require_safe
@rate_limit_reads
def case_atom(request: HttpRequest, court_id: str, case_number: str) -> HttpResponse:
    """`/<court>/cases/<number>/feed.atom`: the case's docket, for the public whoever asks."""
    case = access_case(None, court_id, case_number)
    return _feed_response(case_atom_build(case))


urlpatterns: list[URLPattern] = [
    path("<str:court_id>/cgi-bin/rss_outside.pl", court_rss, name="court_rss"),
    path("<str:court_id>/cases/<str:case_number>/feed.atom", case_atom, name="case_atom"),
]
