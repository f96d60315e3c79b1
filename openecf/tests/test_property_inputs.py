"""Whatever a client puts in the query string or the address of a public page or API call, the answer is
never a server error: arbitrary text, digits of other scripts ("²", "①", "٣"), NUL, text-direction
controls and huge numbers, in every parameter the pages and the API read (and some they do not).

Bounded (MAX_EXAMPLES per address) so the run stays short; raise OPENECF_PROPERTY_EXAMPLES to hunt longer.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openecf.reports.tests.test_serialize import build_case

MAX_EXAMPLES = int(os.environ.get("OPENECF_PROPERTY_EXAMPLES", "40"))

pytestmark = pytest.mark.django_db

HOSTILE = [
    "²",
    "①②",
    "٣",
    "\uff11",
    "\x00",
    "1\x00",
    "\u202e1",
    "\u2066acme\u2069",
    "\u200f",
    "\u061c",
    "9" * 5000,
    "-1",
    "0",
    "1e9",
    "1.5",
    " ",
    "%",
    "'; --",
    "<script>",
    "../../etc/passwd",
    "\ud7ff",
    "2020-02-30",
    "02/30/2020",
    "newest",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(list("0123456789²³¹①٣\x00\u202e\u2066\u200f -/:")), max_size=30),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)

COMMON = ("q", "page", "next", "format")
FILTERS = ("date_from", "date_to", "date_type", "number_from", "number_to", "order")


def queries(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(names), values, max_size=len(names))


def _text(value: str) -> str:
    # A query string carries UTF-8; a lone surrogate cannot be sent, so it goes as its replacement.
    return value.encode("utf-8", "replace").decode("utf-8")


PAGES = {
    "/": COMMON,
    "/cit/": COMMON,
    "/cit/cases/1:20-cv-00001/docket/": COMMON + FILTERS,
    "/pacer/login/": COMMON,
    "/pacer/forgot-username/": COMMON,
    "/pacer/password-reset/": COMMON,
    "/pacer/register/": COMMON,
    "/api/v1/courts": COMMON,
    "/api/v1/courts/cit": COMMON,
    "/api/v1/courts/cit/cases": COMMON,
    "/api/v1/courts/cit/cases/1:20-cv-00001/docket": COMMON + FILTERS,
}
ADDRESSES = [
    "/{}/",
    "/cit/cases/{}/docket/",
    "/{}/cases/1:20-cv-00001/docket/",
    "/cit/doc1/{}",
    "/api/v1/courts/{}",
    "/api/v1/courts/{}/cases",
    "/api/v1/courts/cit/cases/{}/docket",
]
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(cit):
    return build_case(cit)


def _answer(client: Client, address: str) -> int:
    response = client.get(address)
    assert response.status_code < 500, (address, response.content[:500])
    return response.status_code


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_parameters_never_reach_a_server_error(world, page):
    client = Client(raise_request_exception=False)

    @SETTINGS
    @given(query=queries(PAGES[page]))
    def check(query: dict[str, str]) -> None:
        _answer(client, page + "?" + urlencode({name: _text(value) for name, value in query.items()}))

    check()


@pytest.mark.parametrize("address", ADDRESSES)
def test_addresses_never_reach_a_server_error(world, address):
    client = Client(raise_request_exception=False)

    @SETTINGS
    @given(part=values.filter(bool))
    def check(part: str) -> None:
        _answer(client, address.format(quote(_text(part), safe="")))

    check()


@pytest.mark.parametrize(("parameter", "value"), [("q", "acme\x00"), ("q", "\x00")])
@pytest.mark.parametrize("page", ["/cit/", "/api/v1/courts/cit/cases"])
def test_nul_in_a_search_is_a_400(world, page, parameter, value):
    client = Client(raise_request_exception=False)
    assert _answer(client, page + "?" + urlencode({parameter: value})) == 400
