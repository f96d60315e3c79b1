"""The JSON API (openecf/api/api.py): courts, cases, Docket Report, errors, OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.reports.filters import DocketFilters
from openecf.reports.render import document_url_builder
from openecf.reports.selectors import docket_report_build
from openecf.reports.serialize import docket_report_json
from openecf.reports.tests.test_serialize import SEALED_TEXT, build_case

pytestmark = pytest.mark.django_db

DOCKET = "/api/v1/courts/cit/cases/1:20-cv-00001/docket"


@pytest.fixture
def built(cit):
    return build_case(cit)


@pytest.fixture
def sealed_case(cit, built):
    return case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 5, 1),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )


def error_of(response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    assert set(body["error"]) == {"code", "message", "field"}
    assert "Traceback" not in response.content.decode()
    error: dict[str, Any] = body["error"]
    return error


def test_courts(client, cit, cafc):
    response = client.get("/api/v1/courts")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": "cafc",
            "name": "U.S. Court of Appeals for the Federal Circuit",
            "kind": "appellate",
            "time_zone": "America/New_York",
        },
        {
            "id": "cit",
            "name": "U.S. Court of International Trade",
            "kind": "trial",
            "time_zone": "America/New_York",
        },
    ]


def test_court(client, cit):
    body = client.get("/api/v1/courts/cit").json()
    assert body["id"] == "cit"
    assert body["kind"] == "trial"
    assert body["max_file_size_bytes"] == 50 * 1024 * 1024
    # RFC 3339 full-time (format: time): the court's wall-clock time with its UTC offset today.
    assert body["office_opens_at"] in {"08:30:00-05:00", "08:30:00-04:00"}
    assert body["help_desk_phone"] == "866-450-1859"


@pytest.mark.parametrize("court", ["nowhere", "CIT%00", "x" * 300, "cit'--"])
def test_unknown_court(client, cit, court):
    error = error_of(client.get(f"/api/v1/courts/{court}"), 404)
    assert error["code"] == "court_not_found"


def test_court_id_is_case_insensitive(client, cit):
    assert client.get("/api/v1/courts/CIT").json()["id"] == "cit"


def test_cases_are_the_public_ones(client, cit, built, sealed_case):
    body = client.get("/api/v1/courts/cit/cases").json()
    assert body["count"] == 1
    assert body["page"] == 1
    assert body["page_size"] == 50
    assert body["items"] == [
        {
            "docket_number": "1:20-cv-00001",
            "display_number": "Court No. 20-00001",
            "case_name": "Acme Steel Corp. v. United States",
            "date_filed": "2020-03-16",
            "date_terminated": None,
            "status": "open",
            "nature_of_suit": "1581(c) Antidumping",
        }
    ]
    assert "Hidden" not in client.get("/api/v1/courts/cit/cases?q=Hidden").content.decode()


def test_court_staff_list_sealed_cases(client, cit, clerk, built, sealed_case):
    client.force_login(clerk)
    body = client.get("/api/v1/courts/cit/cases").json()
    assert [item["case_name"] for item in body["items"]] == [
        "Hidden Co. v. United States",
        "Acme Steel Corp. v. United States",
    ]


def test_cases_search_and_pages(client, cit, built):
    for n in range(55):
        case_open(
            court=cit,
            caption=f"Beta {n} Co. v. United States",
            date_filed=dt.date(2021, 1, 4),
            acting_user=None,
        )
    assert client.get("/api/v1/courts/cit/cases?q=acme").json()["count"] == 1
    assert client.get("/api/v1/courts/cit/cases?q=nothing-like-it").json()["items"] == []
    first = client.get("/api/v1/courts/cit/cases").json()
    second = client.get("/api/v1/courts/cit/cases?page=2").json()
    assert first["count"] == second["count"] == 56
    assert len(first["items"]) == 50
    assert len(second["items"]) == 6
    assert second["items"][-1]["docket_number"] == "1:20-cv-00001"
    assert client.get("/api/v1/courts/cit/cases?page=99").json()["items"] == []


@pytest.mark.parametrize("page", ["0", "-1", "two", "99999999999999999999"])
def test_bad_page_is_400_naming_it(client, cit, page):
    error = error_of(client.get(f"/api/v1/courts/cit/cases?page={page}"), 400)
    assert error["field"] == "page"
    assert error["code"] == "invalid_parameter"
    assert error["message"].startswith("page: ")


@pytest.mark.parametrize("q", ["a" * 201, "acme%00", "%0Aacme"])
def test_bad_search_is_400(client, cit, q):
    error = error_of(client.get("/api/v1/courts/cit/cases?q=" + q), 400)
    assert error["field"] == "q"
    assert error["message"].startswith("q: ")
    assert "Value error" not in error["message"]


def test_docket_is_the_report_json(client, built):
    response = client.get(DOCKET)
    assert response.status_code == 200
    report = docket_report_build(case=built.case, viewer=None, filters=DocketFilters())
    assert response.json() == docket_report_json(report, document_url=document_url_builder("cit"))


@pytest.mark.parametrize(
    "number", ["1:20-cv-00001", "1%3A20-cv-00001", "20-00001", "Court%20No.%2020-00001", "1:2020-cv-1"]
)
def test_docket_by_any_form_of_the_number(client, built, number):
    response = client.get(f"/api/v1/courts/cit/cases/{number}/docket")
    assert response.status_code == 200, response.content
    assert response.json()["docket_number"] == "1:20-cv-00001"


def test_sealed_entry_is_hidden_from_the_public(client, built):
    response = client.get(DOCKET)
    sealed = response.json()["docket_entries"][1]
    assert sealed == {
        "document_number": "2",
        "date_filed": "2020-04-01",
        "date_entered": "2020-04-02",
        "description": "SEALED",
        "restricted": True,
        "document_url": None,
        "attachment_count": 0,
    }
    assert SEALED_TEXT not in response.content.decode()
    assert f'/doc1/{built.sealed.documents.get().public_id}"' not in response.content.decode()


def test_court_staff_see_the_sealed_entry(client, built, clerk):
    client.force_login(clerk)
    assert client.get(DOCKET).json()["docket_entries"][1]["description"] == SEALED_TEXT


def test_sealed_and_missing_cases_answer_alike(client, sealed_case):
    assert sealed_case.pacer_case_number == "1:20-cv-00002"
    sealed = client.get("/api/v1/courts/cit/cases/1:20-cv-00002/docket")
    missing = client.get("/api/v1/courts/cit/cases/1:20-cv-00003/docket")
    sealed_error, missing_error = error_of(sealed, 404), error_of(missing, 404)
    assert sealed_error["code"] == missing_error["code"] == "case_not_found"
    assert sealed_error["message"].replace("00002", "N") == missing_error["message"].replace("00003", "N")
    assert len(sealed.content) == len(missing.content)
    assert "Hidden" not in sealed.content.decode()


def test_court_staff_read_a_sealed_case(client, clerk, sealed_case):
    client.force_login(clerk)
    response = client.get("/api/v1/courts/cit/cases/1:20-cv-00002/docket")
    assert response.json()["case_name"] == "Hidden Co. v. United States"


def test_other_courts_case_under_the_wrong_court_is_404(client, cit, cafc, built):
    appeal = case_open(
        court=cafc,
        caption="Acme Steel Corp. v. United States",
        date_filed=dt.date(2021, 2, 1),
        acting_user=None,
    )
    assert client.get(f"/api/v1/courts/cafc/cases/{appeal.pacer_case_number}/docket").status_code == 200
    assert error_of(client.get(f"/api/v1/courts/cit/cases/{appeal.pacer_case_number}/docket"), 404)
    assert error_of(client.get("/api/v1/courts/cafc/cases/1:20-cv-00001/docket"), 404)
    error_of(client.get("/api/v1/courts/cafc/cases/20-00001/docket"), 404)


@pytest.mark.parametrize(
    "number",
    [
        str(10**30),  # a forged database id rather than a case number
        "1",
        "1:20-cv-00001' OR '1'='1",
        "1:20-cv-99999999",
        "%00",
        "x" * 500,
    ],
)
def test_forged_case_numbers_are_404(client, built, number):
    error = error_of(client.get(f"/api/v1/courts/cit/cases/{number}/docket"), 404)
    assert error["code"] == "case_not_found"


def test_filters(client, built):
    response = client.get(DOCKET, {"date_from": "04/01/2020", "order": "newest", "number_to": "2"})
    body = response.json()
    assert [e["document_number"] for e in body["docket_entries"]] == ["2"]
    assert body["filters"]["date_from"] == "2020-04-01"
    assert body["filters"]["order"] == "newest"
    entered = client.get(DOCKET, {"date_type": "entered", "date_from": "2020-04-02", "date_to": "2020-04-02"})
    assert [e["document_number"] for e in entered.json()["docket_entries"]] == ["2"]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("date_from", "2020-02-30"),
        ("date_to", "tomorrow"),
        ("date_type", "docketed"),
        ("number_from", "0"),
        ("number_to", "1.5"),
        ("order", "random"),
        ("number_from", "9" * 30),
    ],
)
def test_bad_filter_is_400_naming_the_parameter(client, built, parameter, value):
    error = error_of(client.get(DOCKET, {parameter: value}), 400)
    assert error["field"] == parameter
    assert error["code"] in {"invalid_filter", "invalid_parameter"}
    assert error["message"].startswith(f"{parameter}: ")


def test_reversed_date_range_is_400(client, built):
    error = error_of(client.get(DOCKET, {"date_from": "2020-06-01", "date_to": "2020-01-01"}), 400)
    assert error["field"] == "date_from"


def test_bad_filter_on_a_sealed_case_is_still_404(client, sealed_case):
    error_of(client.get("/api/v1/courts/cit/cases/1:20-cv-00002/docket", {"order": "random"}), 404)


def test_only_get(client, built):
    assert client.post(DOCKET).status_code == 405
    assert client.delete("/api/v1/courts/cit").status_code == 405


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "OpenECF API"
    assert document["info"]["version"] == "1"
    assert set(document["paths"]) >= {
        "/api/v1/courts",
        "/api/v1/courts/{court}",
        "/api/v1/courts/{court}/cases",
        "/api/v1/courts/{court}/cases/{case_number}/docket",
    }
    docket = document["paths"]["/api/v1/courts/{court}/cases/{case_number}/docket"]["get"]
    parameters = {p["name"] for p in docket["parameters"]}
    assert parameters >= {
        "court",
        "case_number",
        "date_from",
        "date_to",
        "date_type",
        "number_from",
        "number_to",
        "order",
    }
    assert {"200", "400", "404"} <= set(docket["responses"])
    schemas = document["components"]["schemas"]
    assert set(schemas["DocketReportOut"]["properties"]) >= {"docket_number", "parties", "docket_entries"}
    assert set(schemas["ErrorResponse"]["properties"]) == {"error"}


def test_openapi_refs_all_resolve(client):
    document = client.get("/api/v1/openapi.json").json()
    text = json.dumps(document)
    for name in {part.split('"')[0] for part in text.split('"#/components/schemas/')[1:]}:
        assert name in document["components"]["schemas"]


def test_docs_page(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/api/v1/openapi.json" in response.content


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/nothing",
        "/api/v1/courts/cit/cases/a/b/docket",
        "/api/v1/courts/cit/cases/..%2F..%2Fetc%2Fpasswd/docket",
        "/api/v1/courts/",
    ],
)
def test_unknown_api_address_is_json_404(client, address):
    assert error_of(client.get(address), 404)["code"] == "not_found"


def test_api_root_names_the_docs(client):
    assert client.get("/api/v1/").json() == {
        "title": "OpenECF API",
        "version": "1",
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
    }
