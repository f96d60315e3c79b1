"""Login (/pacer/login/): password and client code, lockout, second factor, next, logout, forgotten details."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
import time_machine
from django.test import Client

from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.accounts.models import User
from openecf.audit.models import AuditEvent
from openecf.filers.factories import FilingRightFactory
from openecf.signin.mfa import backup_codes_regenerate, totp_device_add, totp_device_confirm
from openecf.signin.models import TotpDevice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

NOW = dt.datetime(2026, 3, 2, 15, 0, 0, tzinfo=dt.UTC)
LOGIN = "/pacer/login/"


def make_user(username: str = "jdoe", **extra) -> User:
    return UserFactory.create(username=username, **extra)


def make_filer(court, username: str = "filer") -> User:
    return FilingRightFactory.create(user__username=username, court=court).user


def email_code_of(mail) -> str:
    found = re.search(r"set-up page: (\d{6})", mail.body)
    assert found, mail.body
    return found.group(1)


def totp_now(device: TotpDevice, offset_steps: int = 0) -> str:
    totp = pyotp.TOTP(device.secret)
    step = int(dt.datetime.now(tz=dt.UTC).timestamp()) // 30 + offset_steps
    return totp.generate_otp(step)


def enrolled_device(user: User, capture, mailoutbox, *, name: str = "Phone") -> tuple[TotpDevice, list[str]]:
    """A confirmed authenticator app, confirmed one step in the past so that the current code is unused."""
    with capture(execute=True):
        device = totp_device_add(user=user, name=name, acting_user=user)
    codes = totp_device_confirm(
        device=device,
        email_code=email_code_of(mailoutbox[-1]),
        app_code=totp_now(device, -1),
        acting_user=user,
    )
    device.refresh_from_db()
    return device, codes


def login(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("kind", flat=True))


def test_login_page_warns_shared_accounts(client):
    page = client.get(LOGIN).content.decode()
    assert 'name="username"' in page and 'name="password"' in page and 'name="client_code"' in page
    assert "DO NOT</strong> login with a shared/firm PACER account" in page
    assert "csrfmiddlewaretoken" in page


def test_login_keeps_client_code_and_goes_to_local_next(client, frozen):
    user = make_user()
    response = login(client, "JDoe ", client_code="Matter 42", next="/cit/")
    assert response.status_code == 302 and response["Location"] == "/cit/"
    assert client.session["client_code"] == "Matter 42"
    assert client.session["_auth_user_id"] == str(user.pk)
    event = AuditEvent.objects.get(kind="signin.succeeded")
    assert event.extra["client_code"] == "Matter 42" and event.subject_id == str(user.pk)


def test_client_code_of_32_is_kept_and_33_refused_with_the_rule(client):
    make_user()
    refused = login(client, "jdoe", client_code="x" * 33)
    assert refused.status_code == 400
    assert "A client code can be at most 32 characters long (this one has 33)" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert login(client, "jdoe", client_code="y" * 32).status_code == 302
    assert client.session["client_code"] == "y" * 32


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_only_for_local_addresses(client, next_url):
    make_user()
    response = login(client, "jdoe", next=next_url)
    assert response.status_code == 302 and response["Location"] == "/"


def test_unknown_user_and_wrong_password_look_the_same(client):
    make_user()
    wrong = login(client, "jdoe", "not the password at all")
    unknown = login(client, "nobody-here", "not the password at all")
    assert wrong.status_code == unknown.status_code == 400
    text = "Login failed: the username or password is not correct."
    assert text in wrong.content.decode() and text in unknown.content.decode()
    # Apart from the CSRF token, the two pages are the same.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*"')
    assert strip.sub("", wrong.content.decode()) == strip.sub("", unknown.content.decode())
    assert kinds() == ["signin.failed", "signin.failed"]


def test_inactive_django_user_is_refused_like_a_wrong_password(client):
    make_user(is_active=False)
    response = login(client, "jdoe")
    assert response.status_code == 400
    assert "Login failed" in response.content.decode()


def test_lockout_after_five_failures_then_cool_off(client, settings):
    user = make_user()
    with time_machine.travel(NOW, tick=False):
        for _ in range(4):
            assert login(client, "jdoe", "wrong password here").status_code == 400
        fifth = login(client, "jdoe", "wrong password here")
        assert fifth.status_code == 429
        assert "locked after 5 failed login attempts" in fifth.content.decode()
        assert "Wait 30 minutes" in fifth.content.decode()
        # The right password does not help while locked.
        refused = login(client, "JDOE")
        assert refused.status_code == 429
        assert "_auth_user_id" not in client.session
    assert kinds() == ["signin.failed"] * 4 + ["signin.locked_out", "signin.refused_locked_out"]
    assert AuditEvent.objects.filter(kind="signin.locked_out", subject_id=str(user.pk)).exists()
    with time_machine.travel(NOW + dt.timedelta(minutes=31), tick=False):
        assert login(client, "jdoe").status_code == 302


def test_unknown_username_locks_out_the_same_way(client):
    with time_machine.travel(NOW, tick=False):
        responses = [login(client, "ghost", "wrong password here") for _ in range(6)]
    assert [r.status_code for r in responses] == [400] * 4 + [429, 429]
    assert "locked after 5 failed login attempts" in responses[-1].content.decode()


def test_pacer_only_user_without_app_signs_in_with_password(client):
    make_user()
    assert login(client, "jdoe").status_code == 302
    assert client.get("/pacer/account/").status_code == 200


def test_filer_without_app_must_set_one_up_before_anything(
    client, cit, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    filer = make_filer(cit)
    response = login(client, "filer", next="/cit/")
    assert response.status_code == 302 and response["Location"] == "/pacer/login/mfa-setup/"
    # Not signed in yet: every other page still asks for a login.
    assert "_auth_user_id" not in client.session
    assert client.get("/pacer/account/")["Location"].startswith("/pacer/login/")
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post("/pacer/login/mfa-setup/", {"action": "add", "name": "Work phone"})
    assert added.status_code == 302
    page = client.get("/pacer/login/mfa-setup/").content.decode()
    device = TotpDevice.objects.get(user=filer)
    assert "<svg" in page and device.secret in page
    assert mailoutbox[-1].to == ["filer@example.com"]
    wrong = client.post(
        "/pacer/login/mfa-setup/", {"action": "confirm", "email_code": "000000", "code": totp_now(device)}
    )
    assert wrong.status_code == 400 and "_auth_user_id" not in client.session
    done = client.post(
        "/pacer/login/mfa-setup/",
        {"action": "confirm", "email_code": email_code_of(mailoutbox[-1]), "code": totp_now(device)},
    )
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>[a-z0-9]{5}-[a-z0-9]{5}</code></li>", done.content.decode())) == 10
    assert 'href="/cit/"' in done.content.decode()
    assert client.session["_auth_user_id"] == str(filer.pk)
    assert "mfa.device_confirmed" in kinds() and "signin.succeeded" in kinds()


def test_second_factor_and_replayed_code(client, mailoutbox, django_capture_on_commit_callbacks, frozen):
    user = make_user()
    device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    response = login(client, "jdoe", client_code="C-1", next="/cit/")
    assert response["Location"] == "/pacer/login/verify/"
    assert "_auth_user_id" not in client.session
    assert client.post("/pacer/login/verify/", {"code": "123456"}).status_code == 400
    code = totp_now(device)
    verified = client.post("/pacer/login/verify/", {"code": code})
    assert verified.status_code == 302 and verified["Location"] == "/cit/"
    assert client.session["client_code"] == "C-1"
    client.post("/pacer/logout/")
    # The same code again, in the same 30 seconds: a replay.
    other = Client(raise_request_exception=False)
    login(other, "jdoe")
    replay = other.post("/pacer/login/verify/", {"code": code})
    assert replay.status_code == 400
    assert "already used" in replay.content.decode()
    assert "_auth_user_id" not in other.session
    assert AuditEvent.objects.filter(kind="signin.mfa_failed").count() == 2


def test_backup_code_works_once(client, mailoutbox, django_capture_on_commit_callbacks, frozen):
    user = make_user()
    _, codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    login(client, "jdoe")
    assert client.post("/pacer/login/verify/", {"code": codes[0].upper()}).status_code == 302
    client.post("/pacer/logout/")
    login(client, "jdoe")
    assert client.post("/pacer/login/verify/", {"code": codes[0]}).status_code == 400
    assert client.post("/pacer/login/verify/", {"code": codes[1]}).status_code == 302
    assert AuditEvent.objects.filter(kind="mfa.backup_code_used").count() == 2


def test_old_backup_codes_stop_working_after_regenerating(
    client, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    _, codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    new_codes = backup_codes_regenerate(user=user, acting_user=user, current_password=PASSWORD)
    login(client, "jdoe")
    assert client.post("/pacer/login/verify/", {"code": codes[0]}).status_code == 400
    assert client.post("/pacer/login/verify/", {"code": new_codes[0]}).status_code == 302


def test_wrong_codes_lock_out_like_wrong_passwords(
    client, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    login(client, "jdoe")
    statuses = [client.post("/pacer/login/verify/", {"code": "000000"}).status_code for _ in range(5)]
    assert statuses == [400] * 4 + [429]
    assert client.post("/pacer/login/verify/", {"code": totp_now(device)}).status_code == 429
    assert "_auth_user_id" not in client.session
    assert "signin.locked_out" in kinds()


def test_verify_without_a_password_first_goes_to_login(client):
    assert client.get("/pacer/login/verify/")["Location"] == LOGIN
    assert client.post("/pacer/login/verify/", {"code": "123456"})["Location"] == LOGIN
    assert client.get("/pacer/login/mfa-setup/")["Location"] == LOGIN


def test_half_finished_sign_in_expires(client, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user()
    with time_machine.travel(NOW, tick=False):
        device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
        login(client, "jdoe")
    with time_machine.travel(NOW + dt.timedelta(minutes=11), tick=False):
        response = client.post("/pacer/login/verify/", {"code": totp_now(device)})
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_disabled_account_is_told_after_the_right_password(client):
    make_user(status="disabled")
    response = login(client, "jdoe")
    assert response.status_code == 400
    assert "disabled" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client):
    make_user()
    login(client, "jdoe")
    assert client.get("/pacer/logout/").status_code == 405
    assert client.post("/pacer/logout/").status_code == 302
    assert "_auth_user_id" not in client.session and "client_code" not in client.session
    assert kinds()[-1] == "signout"


def test_forgot_username_never_says_whether_an_account_exists(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(email="Jane@Example.com")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/pacer/forgot-username/", {"email": "jane@example.com"})
        unknown = client.post("/pacer/forgot-username/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["Jane@example.com"] and "jdoe" in mailoutbox[0].body


def test_password_reset_by_email(client, mailoutbox):
    user = make_user()
    unknown = client.post("/pacer/password-reset/", {"email": "nobody@example.com"})
    known = client.post("/pacer/password-reset/", {"email": "jdoe@example.com"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == "/pacer/password-reset/sent/"
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/pacer/password-reset/\S+/)", mailoutbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    address = form_page.redirect_chain[-1][0]
    weak = client.post(address, {"new_password1": "password1234", "new_password2": "password1234"})
    assert weak.status_code == 400 and "commonly used passwords" in weak.content.decode()
    done = client.post(
        address, {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"}
    )
    assert done.status_code == 302 and done["Location"] == "/pacer/password-reset/complete/"
    user.refresh_from_db()
    assert user.check_password("a new long passphrase")
    assert AuditEvent.objects.filter(kind="account.password_changed", extra__how="reset by e-mail").exists()


@pytest.mark.parametrize("code", ["①②③④⑤⑥", "١٢٣٤٥٦", "12345²", "12\x0034"])
def test_a_code_of_unicode_digits_is_refused_not_a_server_error(
    client, mailoutbox, django_capture_on_commit_callbacks, frozen, code
):
    # hmac.compare_digest raises TypeError on non-ASCII text: such a code must be refused before it.
    user = make_user()
    enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    login(client, "jdoe")
    response = client.post("/pacer/login/verify/", {"code": code})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
