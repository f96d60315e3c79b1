"""An API token is no stronger than the sign-in that issued it: a token issued without a second factor stops
working once its account needs one (made court staff, given filing rights), whatever path made it so."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from openecf.accounts.factories import PASSWORD
from openecf.accounts.services import psc_administrator_appoint
from openecf.courts.models import CourtRoleKind
from openecf.courts.services import court_role_grant
from openecf.filers.factories import FilingRightFactory
from openecf.signin.models import ApiToken
from openecf.signin.tests.test_login import enrolled_device, login, make_user, totp_now
from openecf.signin.tokens import api_token_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

NOW = dt.datetime(2026, 3, 2, 15, 0, 0, tzinfo=dt.UTC)
TOKEN = "/api/v1/auth/token"
COURTS = "/api/v1/courts"


def api_token(client: Client, **body: str) -> str:
    response = client.post(TOKEN, json.dumps({"password": PASSWORD, **body}), content_type="application/json")
    assert response.status_code == 201, response.content
    return str(response.json()["token"])


def use(client: Client, raw: str):
    return client.get(COURTS, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_password_only_token_stops_when_the_account_becomes_court_staff(client, cit):
    user = make_user()
    raw = api_token(client, username="jdoe")
    assert ApiToken.objects.get(user=user).issued_with_second_factor is False
    assert use(client, raw).status_code == 200
    court_role_grant(user=user, court=cit, role=CourtRoleKind.JUDGE, acting_user=None)
    refused = use(client, raw)
    assert refused.status_code == 401
    error = refused.json()["error"]
    assert error["code"] == "second_factor_required"
    assert "second factor" in error["message"] and "one_time_code" in error["message"]


@pytest.mark.parametrize("made", ["filing_right", "psc_administrator"])
def test_every_way_of_coming_to_need_a_second_factor_counts(client, cit, made):
    user = make_user()
    raw = api_token(client, username="jdoe")
    if made == "filing_right":
        # Even a grant that goes round the services: the rule is checked when the token is used.
        FilingRightFactory.create(user=user, court=cit)
    else:
        psc_administrator_appoint(user=user, acting_user=None)
    assert use(client, raw).status_code == 401


def test_a_token_issued_with_a_one_time_code_keeps_working(
    client, cit, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    raw = api_token(client, username="jdoe", one_time_code=totp_now(device))
    assert ApiToken.objects.get(user=user).issued_with_second_factor is True
    court_role_grant(user=user, court=cit, role=CourtRoleKind.CLERK, acting_user=None)
    assert use(client, raw).status_code == 200


def test_a_token_made_in_my_account_carries_the_sessions_second_factor(
    client, cit, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    assert login(client, "jdoe").status_code == 302
    assert client.post("/pacer/login/verify/", {"code": totp_now(device)}).status_code == 302
    made = client.post("/pacer/account/tokens/", {"name": "With code", "current_password": PASSWORD})
    assert made.status_code == 200
    assert ApiToken.objects.get(user=user, name="With code").issued_with_second_factor is True

    # A session that never gave a second factor makes a token that says so.
    other = Client()
    other.force_login(user)
    made = other.post("/pacer/account/tokens/", {"name": "Without", "current_password": PASSWORD})
    assert made.status_code == 200
    assert ApiToken.objects.get(user=user, name="Without").issued_with_second_factor is False


def test_tokens_issued_without_saying_are_taken_as_without_a_second_factor(client, cit):
    user = make_user()
    raw = api_token_issue(user=user, acting_user=user)[1]
    court_role_grant(user=user, court=cit, role=CourtRoleKind.HELP_DESK, acting_user=None)
    assert use(client, raw).status_code == 401
    raw = api_token_issue(user=user, acting_user=user, second_factor=True)[1]
    assert use(client, raw).status_code == 200
