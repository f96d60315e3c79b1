"""Numbers and words typed into the site's addresses: a bad one is a 400 naming it, never a 500."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest

from openecf.cases.services import case_open

pytestmark = pytest.mark.django_db

HOSTILE_NUMBERS = ["²", "①", "1²", "٣", "\uff11", "9" * 5000, "0", "-1", "1e9"]


@pytest.fixture
def case(cit):
    return case_open(
        court=cit, caption="Acme Corp. v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )


@pytest.mark.parametrize("page", HOSTILE_NUMBERS)
def test_court_page_number_is_ascii_digits(client, case, page):
    response = client.get("/cit/?" + urlencode({"page": page}))
    assert response.status_code == 400
    assert b"page:" in response.content


def test_a_page_past_the_end_is_the_last_page(client, case):
    response = client.get("/cit/?page=2147483647")
    assert response.status_code == 200
    assert b"Acme Corp." in response.content


@pytest.mark.parametrize("parameter", ["number_from", "number_to"])
@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_docket_number_filters_are_ascii_digits(client, case, parameter, value):
    response = client.get("/cit/cases/1:20-cv-00001/docket/?" + urlencode({parameter: value}))
    assert response.status_code == 400
    assert f"{parameter}:".encode() in response.content


@pytest.mark.parametrize("q", ["acme\x00", "\x00", "a\x1bb"])
def test_search_words_with_nul_are_refused(client, case, q):
    response = client.get("/cit/?" + urlencode({"q": q}))
    assert response.status_code == 400
    assert b"q:" in response.content


def test_search_still_finds(client, case):
    assert b"Acme Corp." in client.get("/cit/?q=acme").content
