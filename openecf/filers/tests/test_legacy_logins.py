"""A court's legacy CM/ECF login page: it never signs in, never tells whether a password was right, counts
towards the sign-in lockout and is audited."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from openecf.audit.models import AuditEvent
from openecf.filers.legacy_logins import LegacyLoginAnswer, legacy_filer_login_check
from openecf.filers.linking import filer_account_link, filer_account_link_verify
from openecf.filers.tests.helpers import LEGACY_PASSWORD, make_legacy_login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

PAGE = "/cit/cmecf/legacy-login/"


def link(user, court, login="jdoe", password=LEGACY_PASSWORD):
    confirmation = filer_account_link_verify(user=user, court=court, login=login, password=password)
    return filer_account_link(user=user, court=court, confirmation=confirmation.token, acting_user=user)


def check(court, login: str, password: str) -> LegacyLoginAnswer:
    request = RequestFactory().post(PAGE, REMOTE_ADDR="192.0.2.7")
    return legacy_filer_login_check(request=request, court=court, login=login, password=password)


def post(client: Client, password: str, login: str = "jdoe"):
    return client.post(PAGE, {"login": login, "password": password})


def test_the_answers_before_and_after_linking(cit):
    make_legacy_login(cit)
    assert check(cit, "jdoe", LEGACY_PASSWORD) == LegacyLoginAnswer.NOT_LINKED
    assert check(cit, "jdoe", "wrong") == LegacyLoginAnswer.INVALID
    assert check(cit, "nobody", "x") == LegacyLoginAnswer.INVALID
    link(make_user("jane"), cit)
    assert check(cit, "jdoe", LEGACY_PASSWORD) == LegacyLoginAnswer.LINKED
    # A linked login gets the same answer whatever the password: the page is no password oracle.
    assert check(cit, "jdoe", "wrong") == LegacyLoginAnswer.LINKED


def test_a_linked_login_gets_the_same_page_whatever_the_password(client, cit):
    make_legacy_login(cit)
    link(make_user("jane"), cit)
    right = post(client, LEGACY_PASSWORD)
    wrong = post(client, "wrong")
    for response in (right, wrong):
        assert response.status_code == 200
        assert "using your PACER login information" in response.content.decode()
        assert "not your CM/ECF login information" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unlinked_login_gets_the_same_page_whatever_the_password(client, cit):
    make_legacy_login(cit)
    right, wrong = (
        re.sub(r'value="[^"]*"', "", post(client, password).content.decode())
        for password in (LEGACY_PASSWORD, "wrong")
    )
    assert "through PACER using your PACER username and password" in right
    assert right == wrong


@pytest.mark.parametrize("linked", [True, False])
def test_the_login_is_locked_like_a_pacer_login(client, cit, linked):
    make_legacy_login(cit)
    if linked:
        link(make_user("jane"), cit)
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert post(client, "wrong").status_code == 200
    locking = post(client, "wrong")
    assert locking.status_code == 429 and 'id="legacy-login-locked"' in locking.content.decode()
    assert "locked after" in locking.content.decode()
    # Locked: the right password gets the same refusal, and is not even checked.
    after = post(client, LEGACY_PASSWORD)
    assert after.status_code == 429 and "linked to a PACER account" not in after.content.decode()
    assert AuditEvent.objects.filter(kind="legacy_login.failed").count() == limit - 1
    assert AuditEvent.objects.filter(kind="legacy_login.locked_out").count() == 1
    assert AuditEvent.objects.filter(kind="legacy_login.refused_locked_out").count() == 1
    # The lockout is the legacy login's own: the PACER username jdoe is not locked by it.
    make_user("jdoe")
    assert Client().post("/pacer/login/", {"username": "jdoe", "password": "x"}).status_code != 429


def test_a_linked_login_counts_the_right_password_too(client, cit):
    """Otherwise the attempt that does or does not lock would tell whether the previous guess was right."""
    make_legacy_login(cit)
    link(make_user("jane"), cit)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post(client, LEGACY_PASSWORD)
    assert post(client, LEGACY_PASSWORD).status_code == 429


def test_attempts_are_audited_without_the_password(client, cit):
    account = make_legacy_login(cit)
    post(client, LEGACY_PASSWORD)
    post(client, "wrong-secret")
    post(client, "x", login="nobody")
    events = list(AuditEvent.objects.filter(kind__startswith="legacy_login.").order_by("pk"))
    assert [e.kind for e in events] == [
        "legacy_login.succeeded",
        "legacy_login.failed",
        "legacy_login.failed",
    ]
    assert events[0].subject_id == str(account.pk) and events[0].court_id == "cit"
    assert events[2].extra["login"] == "nobody"
    assert all("wrong-secret" not in str(e.extra) and LEGACY_PASSWORD not in str(e.extra) for e in events)
