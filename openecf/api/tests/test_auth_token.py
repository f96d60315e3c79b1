"""API sign-in: POST /api/v1/auth/token, Bearer tokens, revocation, MFA, lockout, the error shape."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
import time_machine
from django.test import Client

from openecf.accounts.factories import PASSWORD
from openecf.api.tests.test_api import error_of
from openecf.audit.models import AuditEvent
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.factories import CourtRoleFactory
from openecf.signin.models import ApiToken
from openecf.signin.tests.test_login import NOW, enrolled_device, make_filer, make_user, totp_now
from openecf.signin.tokens import api_token_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

TOKEN = "/api/v1/auth/token"
CASES = "/api/v1/courts/cit/cases"


@pytest.fixture
def sealed(cit):
    case_open(
        court=cit, caption="Open Co. v. United States", date_filed=dt.date(2020, 5, 1), acting_user=None
    )
    return case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 5, 2),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )


def ask(client: Client, **body: str):
    return client.post(TOKEN, json.dumps(body), content_type="application/json")


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def case_names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["case_name"] for item in response.json()["items"]]


def test_token_issued_hashed_and_used(client, cit):
    user = make_user()
    response = ask(client, username="JDoe", password=PASSWORD, client_code="Matter 7", name="Docket tool")
    assert response.status_code == 201, response.content
    body = response.json()
    raw = body["token"]
    assert raw.startswith("oecf_") and body["prefix"] == raw[:12] and body["client_code"] == "Matter 7"
    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in json.dumps([stored.prefix, stored.key_hash, stored.name, stored.client_code])
    assert stored.name == "Docket tool"
    assert client.get(CASES, **bearer(raw)).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    assert {"api_token.issued", "signin.api_token"} <= set(AuditEvent.objects.values_list("kind", flat=True))


def test_clerk_token_sees_the_courts_view_others_the_public(
    client, cit, sealed, mailoutbox, django_capture_on_commit_callbacks
):
    clerk = CourtRoleFactory.create(user=make_user("clerkc"), court=cit).user
    make_user("public")
    # Court staff sign in with a second factor, on the API too.
    assert error_of(ask(client, username="clerkc", password=PASSWORD), 400)["code"] == "mfa_setup_required"
    device, _ = enrolled_device(clerk, django_capture_on_commit_callbacks, mailoutbox)
    clerk_token = ask(client, username="clerkc", password=PASSWORD, one_time_code=totp_now(device)).json()[
        "token"
    ]
    public_token = ask(client, username="public", password=PASSWORD).json()["token"]
    assert "Hidden Co. v. United States" in case_names(client.get(CASES, **bearer(clerk_token)))
    assert "Hidden Co. v. United States" not in case_names(client.get(CASES, **bearer(public_token)))
    assert "Hidden Co. v. United States" not in case_names(client.get(CASES))
    docket = f"/api/v1/courts/cit/cases/{sealed.pacer_case_number}/docket"
    assert client.get(docket, **bearer(clerk_token)).status_code == 200
    assert error_of(client.get(docket, **bearer(public_token)), 404)["code"] == "case_not_found"


def test_wrong_password_and_unknown_user_get_the_same_answer(client):
    make_user()
    wrong = error_of(ask(client, username="jdoe", password="not the password"), 400)
    unknown = error_of(ask(client, username="nobody", password="not the password"), 400)
    assert wrong == unknown
    assert wrong["code"] == "signin_failed"
    assert not ApiToken.objects.exists()


def test_client_code_of_33_characters_is_refused(client):
    make_user()
    error = error_of(ask(client, username="jdoe", password=PASSWORD, client_code="c" * 33), 400)
    assert error["field"] == "client_code" and "at most 32 characters" in error["message"]
    assert ask(client, username="jdoe", password=PASSWORD, client_code="c" * 32).status_code == 201


def test_revoked_unknown_and_malformed_tokens_get_401(client, cit):
    user = make_user()
    raw = ask(client, username="jdoe", password=PASSWORD).json()["token"]
    api_token_revoke(token=ApiToken.objects.get(user=user), acting_user=user)
    for headers in (
        bearer(raw),
        bearer("oecf_" + "x" * 43),
        bearer(""),
        {"HTTP_AUTHORIZATION": f"Token {raw}"},
        {"HTTP_AUTHORIZATION": "Basic amRvZTpwYXNzd29yZA=="},
    ):
        error = error_of(client.get(CASES, **headers), 401)
        assert error["code"] == "invalid_token"


def test_token_of_a_disabled_account_stops_working(client):
    user = make_user()
    raw = ask(client, username="jdoe", password=PASSWORD).json()["token"]
    user.status = "disabled"
    user.save(update_fields=["status"])
    assert error_of(client.get(CASES, **bearer(raw)), 401)["code"] == "invalid_token"


def test_mfa_account_needs_a_one_time_code_and_replays_fail(
    client, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    device, codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    missing = error_of(ask(client, username="jdoe", password=PASSWORD), 400)
    assert missing["code"] == "mfa_required" and missing["field"] == "one_time_code"
    wrong = error_of(ask(client, username="jdoe", password=PASSWORD, one_time_code="000000"), 400)
    assert wrong["code"] == "mfa_failed" and wrong["field"] == "one_time_code"
    code = totp_now(device)
    assert ask(client, username="jdoe", password=PASSWORD, one_time_code=code).status_code == 201
    replay = error_of(ask(client, username="jdoe", password=PASSWORD, one_time_code=code), 400)
    assert replay["code"] == "mfa_failed"
    assert ask(client, username="jdoe", password=PASSWORD, one_time_code=codes[0]).status_code == 201
    assert error_of(ask(client, username="jdoe", password=PASSWORD, one_time_code=codes[0]), 400)
    assert ApiToken.objects.filter(user=user).count() == 2


def test_filer_without_an_app_must_set_one_up_first(client, cit):
    make_filer(cit)
    error = error_of(ask(client, username="filer", password=PASSWORD), 400)
    assert error["code"] == "mfa_setup_required"


def test_lockout_over_the_api(client):
    make_user()
    with time_machine.travel(NOW, tick=False):
        statuses = [ask(client, username="jdoe", password="wrong one").status_code for _ in range(5)]
        locked = ask(client, username="jdoe", password=PASSWORD)
    assert statuses == [400] * 4 + [429]
    error = error_of(locked, 429)
    assert error["code"] == "locked_out" and "locked after 5 failed login attempts" in error["message"]
    assert not ApiToken.objects.exists()


def test_missing_fields_are_a_400_in_the_api_shape(client):
    error = error_of(client.post(TOKEN, json.dumps({"username": "x"}), content_type="application/json"), 400)
    assert error["field"] == "password"


def test_openapi_describes_bearer_auth(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/token" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())
