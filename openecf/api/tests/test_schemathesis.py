"""The API against its own OpenAPI document (schemathesis): every operation, every check, with examples
generated from the document, anonymous and with a Bearer token; no server error and no response the
document does not describe.

The examples are bounded (MAX_EXAMPLES per operation and mode) so that the run stays short; raise it with
OPENECF_SCHEMATHESIS_EXAMPLES for a longer hunt.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from openecf.accounts.factories import UserFactory
from openecf.api.api import api
from openecf.reports.tests.test_serialize import build_case
from openecf.signin.tokens import api_token_issue

MAX_EXAMPLES = int(os.environ.get("OPENECF_SCHEMATHESIS_EXAMPLES", "20"))
PREFIX = "/api/v1/"

_django = WSGIHandler()


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The project's WSGI handler, in the test's transaction (as Django's test client runs it)."""
    return _django(environ, start_response)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=PREFIX))
schema.app = app


@pytest.fixture(autouse=True)
def _one_transaction(db) -> Iterator[None]:
    # A real WSGI request closes the database connection at its start and end; the test's data lives in
    # the test's transaction, so the request must keep it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(cit):
    """A court, a case with parties, entries and a sealed entry, and an account with an API token."""
    built = build_case(cit)
    user = UserFactory.create(username="schema-reader")
    _, raw = api_token_issue(user=user, acting_user=user, name="schemathesis")
    return {"case": built.case, "token": raw}


# Rules the document cannot state: a range whose start is after its end, a date such as 2020-02-30, a
# document number past the largest; a username and password that match no account. For these two
# operations the check that schema-valid data is accepted gives way to this one: a 400 says why, naming
# the filter at fault on the Docket Report (the response's shape is still checked against the document).
DOCKET = "/api/v1/courts/{court}/cases/{case_number}/docket"
TOKEN = "/api/v1/auth/token"
FILTERS = {"date_from", "date_to", "date_type", "number_from", "number_to", "order"}


def _call(case: Any, headers: dict[str, str] | None = None) -> None:
    if case.operation.path not in {DOCKET, TOKEN}:
        case.call_and_validate(headers=headers)
        return
    response = case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    if response.status_code == 400:
        error = response.json()["error"]
        assert error["message"], response.text
        if case.operation.path == DOCKET and error["code"] == "invalid_filter":
            assert error["field"] in FILTERS, response.text


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    database=None,
)
def test_anonymous(case, world):
    _call(case)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    database=None,
)
def test_with_a_token(case, world):
    _call(case, {"Authorization": f"Bearer {world['token']}"})
