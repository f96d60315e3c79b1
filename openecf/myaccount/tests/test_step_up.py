"""A stolen session is not the account: the steps of Manage My Account that would keep or widen a thief's hold
(an API token, new backup codes, an authenticator app removed) ask for the current password, and wrong
current passwords count towards the sign-in lockout like wrong passwords on the login page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.test import Client

from openecf.accounts.factories import PASSWORD
from openecf.accounts.lockout import is_locked_out
from openecf.accounts.services import account_current_password_check
from openecf.audit.models import AuditEvent
from openecf.errors import InvalidInput
from openecf.signin.models import ApiToken, BackupCode, TotpDevice
from openecf.signin.tests.test_login import enrolled_device, login, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

NOW = dt.datetime(2026, 3, 2, 15, 0, 0, tzinfo=dt.UTC)

MANAGE = "/pacer/account/"
TOKENS = "/pacer/account/tokens/"
BACKUP_CODES = "/pacer/account/mfa/backup-codes/"
WRONG = "not the password at all"
NEW_PASSWORD = "a different long passphrase"


def remove_url(device: TotpDevice) -> str:
    return f"/pacer/account/mfa/{device.pk}/remove/"


def refusals(kind: str = "account.current_password_refused") -> list[dict[str, object]]:
    return [event.extra for event in AuditEvent.objects.filter(kind=kind).order_by("pk")]


@pytest.fixture
def enrolled(client, mailoutbox, django_capture_on_commit_callbacks, frozen):
    user = make_user()
    device, codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    client.force_login(user)
    return user, device, codes


# --- the three steps ask for the password ---------------------------------------------------------------


def test_the_manage_page_asks_for_the_password_in_each_step_up_form(client, enrolled):
    _, device, _ = enrolled
    page = client.get(MANAGE).content.decode()
    for form_id in ("token-form", "backup-codes-form", f"mfa-remove-form-{device.pk}"):
        form = re.search(rf'<form[^>]*id="{form_id}".*?</form>', page, re.S)
        assert form, form_id
        assert 'type="password"' in form.group(0) and 'name="current_password"' in form.group(0)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id is used twice on the page"


@pytest.mark.parametrize("password", [None, "", WRONG])
def test_an_api_token_needs_the_current_password(client, password):
    user = make_user()
    client.force_login(user)
    body = {"name": "Stolen", "client_code": ""}
    if password is not None:
        body["current_password"] = password
    response = client.post(TOKENS, body)
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    if password:
        assert "current password is not correct" in response.content.decode()
        assert refusals() == [{"doing": "api_token_issue", "reason": "wrong_password", "locked_out": False}]


def test_an_api_token_is_issued_with_the_right_password(client):
    user = make_user()
    client.force_login(user)
    response = client.post(TOKENS, {"name": "Research", "client_code": "R-1", "current_password": PASSWORD})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.prefix in response.content.decode()
    assert not refusals()


def test_new_backup_codes_need_the_current_password(client, enrolled):
    user, _, _ = enrolled
    before = sorted(BackupCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert client.post(BACKUP_CODES).status_code == 400
    wrong = client.post(BACKUP_CODES, {"current_password": WRONG})
    assert wrong.status_code == 400 and "current password is not correct" in wrong.content.decode()
    assert sorted(BackupCode.objects.filter(user=user).values_list("code_hash", flat=True)) == before
    assert refusals()[-1]["doing"] == "backup_codes_regenerate"
    # Only the codes made when the app was confirmed.
    assert AuditEvent.objects.filter(kind="mfa.backup_codes_generated").count() == 1
    done = client.post(BACKUP_CODES, {"current_password": PASSWORD})
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>", done.content.decode())) == 10


def test_removing_an_authenticator_app_needs_the_current_password(client, enrolled):
    user, device, _ = enrolled
    assert client.post(remove_url(device)).status_code == 400
    wrong = client.post(remove_url(device), {"current_password": WRONG})
    assert wrong.status_code == 400 and "current password is not correct" in wrong.content.decode()
    assert TotpDevice.objects.filter(pk=device.pk).exists() and BackupCode.objects.filter(user=user).exists()
    assert refusals()[-1]["doing"] == "mfa_device_remove"
    assert not AuditEvent.objects.filter(kind="mfa.device_removed").exists()
    assert client.post(remove_url(device), {"current_password": PASSWORD}).status_code == 302
    assert not TotpDevice.objects.filter(pk=device.pk).exists()


def test_another_accounts_app_is_still_not_found(client, enrolled):
    _, device, _ = enrolled
    client.force_login(make_user("jane"))
    assert client.post(remove_url(device), {"current_password": PASSWORD}).status_code == 404
    assert TotpDevice.objects.filter(pk=device.pk).exists()


# --- wrong current passwords count towards the sign-in lockout -------------------------------------------


def test_wrong_current_passwords_in_my_account_lock_the_username(client, settings, frozen):
    user = make_user()
    client.force_login(user)
    attempts = [
        ("/pacer/account/email/", {"email": "thief@example.net"}),
        ("/pacer/account/emails/add/", {"secondary_email": "thief@example.net"}),
        (
            "/pacer/account/password/",
            {"new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD},
        ),
        (TOKENS, {"name": "Stolen"}),
        (TOKENS, {"name": "Stolen"}),
    ]
    assert len(attempts) == settings.AXES_FAILURE_LIMIT
    answers = [client.post(address, {**body, "current_password": WRONG}) for address, body in attempts]
    # The attempt that locks the username gets the lockout page, as on the login page.
    assert [answer.status_code for answer in answers] == [400] * (len(attempts) - 1) + [429]
    assert "locked" in answers[-1].content.decode()
    assert is_locked_out(client.get(MANAGE).wsgi_request, "jdoe")
    # Locked: even the right password changes nothing, and the page says why.
    refused = client.post(TOKENS, {"name": "Stolen", "current_password": PASSWORD})
    assert refused.status_code == 400 and "locked" in refused.content.decode()
    assert not ApiToken.objects.exists()
    changed = client.post(
        "/pacer/account/password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 400 and "locked" in changed.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.email != "thief@example.net"
    # The lockout is the sign-in lockout: the login page refuses the username too.
    assert login(Client(), "jdoe").status_code == 429
    assert refusals()[-1]["reason"] == "locked_out"


def test_the_lockout_keeps_no_password_typed_in_my_account(client):
    client.force_login(make_user())
    client.post(
        "/pacer/account/password/",
        {"current_password": WRONG, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD},
    )
    kept = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert AccessAttempt.objects.filter(username="jdoe").exists()
    assert WRONG not in kept and NEW_PASSWORD not in kept


def test_refused_password_changes_are_audited(client):
    user = make_user()
    client.force_login(user)
    response = client.post(
        "/pacer/account/password/",
        {"current_password": WRONG, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert refusals("account.password_change_refused") == [
        {"doing": "password_change", "reason": "wrong_password", "locked_out": False}
    ]


def test_the_check_without_a_request_refuses_and_audits_but_counts_nothing():
    user = make_user()
    with pytest.raises(InvalidInput) as refused:
        account_current_password_check(user=user, password=WRONG, acting_user=user, doing="api_token_issue")
    assert refused.value.field == "current_password"
    assert refusals()[-1]["doing"] == "api_token_issue"
    account_current_password_check(user=user, password=PASSWORD, acting_user=user, doing="api_token_issue")
