"""Every refusal of the API in its JSON shape with the right status (openecf/api/api.py, urls.py)."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from openecf.api.tests.test_api import error_of
from openecf.cases.services import case_open

pytestmark = pytest.mark.django_db

DOCKET = "/api/v1/courts/cit/cases/1:20-cv-00001/docket"


@pytest.fixture
def strict_client() -> Client:
    """As a browser or script would: CSRF checked, a 500 answered rather than raised."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def test_a_body_over_the_limit_is_413_in_json(strict_client, cit, settings):
    body = json.dumps({"username": "x" * 3_000_000, "password": "p"})
    response = strict_client.post("/api/v1/auth/token", body, content_type="application/json")
    error = error_of(response, 413)
    assert error["code"] == "request_too_large"
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in error["message"]


@pytest.mark.parametrize(
    ("method", "address", "allowed"),
    [
        ("post", "/api/v1/courts", "GET"),
        ("put", "/api/v1/courts/cit", "GET"),
        ("delete", DOCKET, "GET"),
        ("patch", "/api/v1/courts/cit/cases", "GET"),
        ("get", "/api/v1/auth/token", "POST"),
        ("delete", "/api/v1/auth/token", "POST"),
    ],
)
def test_a_method_an_address_does_not_take_is_405_in_json(strict_client, cit, method, address, allowed):
    response = getattr(strict_client, method)(address)
    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert response["Allow"] == allowed
    assert allowed in error["message"]


def test_a_signed_in_session_gets_json_not_a_csrf_page(strict_client, cit, clerk):
    strict_client.force_login(clerk)
    error_of(strict_client.delete(DOCKET), 405)
    error_of(strict_client.delete(DOCKET + "/"), 404)
    error_of(strict_client.post("/api/v1/nothing", {"a": "b"}), 404)


@pytest.mark.parametrize("page", ["²", "①", "١٢", "\uff11\uff12", "9" * 5000, " 3", "3.0", "1_0", "+3"])
def test_a_page_number_is_ascii_digits(client, cit, page):
    error = error_of(client.get("/api/v1/courts/cit/cases?" + urlencode({"page": page})), 400)
    assert error["field"] == "page"
    assert error["message"].startswith("page: ")
    assert ".." not in error["message"]


@pytest.mark.parametrize("parameter", ["number_from", "number_to"])
@pytest.mark.parametrize("value", ["²", "①", "9" * 5000, "1²"])
def test_docket_number_filters_are_ascii_digits(client, cit, parameter, value):
    case_open(
        court=cit, caption="Acme Corp. v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    error = error_of(client.get(DOCKET + "?" + urlencode({parameter: value})), 400)
    assert error["field"] == parameter


@pytest.mark.parametrize("field", ["name", "client_code"])
@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f", "\x00"])
def test_token_names_refuse_hidden_codes(client, cit, field, control):
    body = {"username": "someone", "password": "a password", field: f"Acme{control}gpj.exe"}
    response = client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert error_of(response, 400)["field"] == field


def test_the_openapi_document_says_reads_need_no_credentials(client):
    document = client.get("/api/v1/openapi.json").json()
    for address in (
        "/api/v1/courts",
        "/api/v1/courts/{court}",
        "/api/v1/courts/{court}/cases",
        "/api/v1/courts/{court}/cases/{case_number}/docket",
    ):
        operation = document["paths"][address]["get"]
        assert {} in operation["security"], address
        assert {"BearerTokenAuth": []} in operation["security"], address
        assert {"401", "429"} <= set(operation["responses"]), address
    for address in ("/api/v1/courts/{court}/cases", "/api/v1/courts/{court}/cases/{case_number}/docket"):
        assert {"400", "403", "404"} <= set(document["paths"][address]["get"]["responses"])
    assert "security" not in document["paths"]["/api/v1/auth/token"]["post"]
