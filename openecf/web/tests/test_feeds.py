"""The feeds' addresses: PACER's `rss_outside.pl` and each case's `feed.atom`, free, the same for everyone,
cacheable by a shared cache, rate limited, and 'not found' for what is not there or not public."""

from __future__ import annotations

import datetime as dt
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest
from django.test import Client
from juriscraper.pacer import PacerRssFeed

from openecf.accounts.models import User
from openecf.cases.models import Case, CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf

pytestmark = pytest.mark.django_db

RSS = "/cit/cgi-bin/rss_outside.pl"
ATOM = "/cit/cases/1:26-cv-00001/feed.atom"
SEALED_ATOM = "/cit/cases/1:26-cv-00002/feed.atom"


def _case(court: Court, title: str, restriction: CaseRestriction = CaseRestriction.PUBLIC) -> Case:
    return case_open(
        court=court,
        caption=title,
        short_title=title,
        date_filed=dt.date(2026, 3, 2),
        year=2026,
        acting_user=None,
        restriction=restriction,
    )


def _entry(case: Case, text: str, restriction: EntryRestriction = EntryRestriction.PUBLIC) -> DocketEntry:
    return docket_entry_with_documents_create(
        case=case,
        text=text,
        restriction=restriction,
        documents=[DocumentUpload(make_pdf(text))],
        acting_user=None,
    )


@pytest.fixture
def docket(cit: Court) -> dict[str, DocketEntry]:
    public, sealed = (
        _case(cit, "Acme Steel Corp. v. United States"),
        _case(cit, "Cobalt v. United States", CaseRestriction.SEALED),
    )
    return {
        "public": _entry(public, "Complaint."),
        "sealed_entry": _entry(public, "Sealed motion.", EntryRestriction.SEALED),
        "in_sealed_case": _entry(sealed, "Sealed complaint."),
    }


def _cache_control(response: Any) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_the_court_feed_is_at_pacers_address_free_and_without_login(
    client: Client, docket: dict[str, DocketEntry]
) -> None:
    response = client.get(RSS)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert _cache_control(response) == {"public", "max-age=300"}
    parser = PacerRssFeed("cit")
    parser._parse_text(response.content.decode())
    assert [d["docket_entries"][0]["pacer_doc_id"] for d in parser.data] == [
        docket["public"].documents.get().public_id
    ]
    body = response.content.decode()
    assert "Sealed" not in body and "Cobalt" not in body


def test_the_case_feed_is_atom(client: Client, docket: dict[str, DocketEntry]) -> None:
    response = client.get(ATOM)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert _cache_control(response) == {"public", "max-age=300"}
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert [entry.summary for entry in feed.entries] == ["Complaint."]
    # The court's own form of the number reaches the same case.
    assert client.get("/cit/cases/26-00001/feed.atom").content == response.content


def test_everyone_gets_the_public_feed_and_staff_no_more(
    client: Client, clerk: User, docket: dict[str, DocketEntry]
) -> None:
    anonymous = {url: client.get(url) for url in (RSS, ATOM, SEALED_ATOM)}
    client.force_login(clerk)
    for url, seen in anonymous.items():
        response = client.get(url)
        assert response.status_code == seen.status_code, url
        if response.status_code == 200:
            assert response.content == seen.content, url
            # Sent to a signed-in account, it is still never stored (the site's rule), though it is public.
            assert {"private", "no-store"} <= _cache_control(response) and "public" not in _cache_control(
                response
            )
    assert anonymous[SEALED_ATOM].status_code == 404


def test_a_sealed_case_feed_is_not_found_exactly_like_a_missing_one(
    client: Client, docket: dict[str, DocketEntry]
) -> None:
    sealed = client.get(SEALED_ATOM)
    missing = client.get("/cit/cases/1:26-cv-00099/feed.atom")

    assert sealed.status_code == missing.status_code == 404
    # The page names the number asked for (also in its sign-in link), and nothing else differs.
    assert sealed.content.replace(b"26-cv-00002", b"N") == missing.content.replace(b"26-cv-00099", b"N")
    assert b"Cobalt" not in sealed.content


@pytest.mark.parametrize(
    "case_number",
    [
        "not-a-number",
        "1:26-cv-0000x",
        "1:26-cv-",
        "99999999999999999999-1",
        "%00",
        "..",
        "1:26-cv-00001;drop",
        "é" * 300,
    ],
)
def test_malformed_case_numbers_are_not_found(
    client: Client, docket: dict[str, DocketEntry], case_number: str
) -> None:
    response = client.get(f"/cit/cases/{case_number}/feed.atom")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("court_id", ["zzz", "CIT-", "c" * 40, "%C3%A9", "cit.pl"])
def test_unknown_courts_are_not_found(client: Client, docket: dict[str, DocketEntry], court_id: str) -> None:
    assert client.get(f"/{court_id}/cgi-bin/rss_outside.pl").status_code == 404
    assert client.get(f"/{court_id}/cases/1:26-cv-00001/feed.atom").status_code == 404


def test_the_court_id_is_read_in_any_case(client: Client, docket: dict[str, DocketEntry]) -> None:
    assert client.get("/CIT/cgi-bin/rss_outside.pl").status_code == 200


def test_query_strings_are_ignored(client: Client, docket: dict[str, DocketEntry]) -> None:
    for url in (RSS, ATOM):
        plain = client.get(url).content
        assert client.get(url, {"since": "2001-01-01", "show": "sealed", "x": "<script>"}).content == plain
    assert client.get(SEALED_ATOM, {"as": "clerk"}).status_code == 404


def test_head_works_and_nothing_else_is_allowed(client: Client, docket: dict[str, DocketEntry]) -> None:
    for url in (RSS, ATOM):
        head = client.head(url)
        assert head.status_code == 200 and head.content == b""
        assert head["Content-Type"] == client.get(url)["Content-Type"]
        assert client.post(url).status_code == 405


def test_a_feed_is_two_queries_for_a_visitor(
    client: Client, docket: dict[str, DocketEntry], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):  # the court, the entries
        client.get(RSS)
    with django_assert_num_queries(4):  # the court, the case, its entries, their documents
        client.get(ATOM)


def test_feeds_are_rate_limited(client: Client, docket: dict[str, DocketEntry], rate_limits: Any) -> None:
    rate_limits(read_ip="2/h")
    assert client.get(RSS).status_code == 200
    assert client.get(ATOM).status_code == 200
    refused = client.get(RSS)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
