"""Headers and sessions: Content-Security-Policy without inline script, HSTS over HTTPS, the CSRF failure
page in the site's look, and the idle session timeout."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path
from typing import cast

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.audit.models import AuditEvent
from openecf.settings import security as security_settings
from openecf.web.security import CSRF_FAILED_MESSAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

OPENECF = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 2, 15, 0, 0, tzinfo=dt.UTC)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


# --- Content-Security-Policy ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/cit/", "/pacer/login/", "/pacer/register/", "/api/v1/docs", "/pacer/register/policies/print/"],
)
def test_every_page_has_a_policy_without_inline_script(client, cit, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src-elem"]
    assert "'unsafe-eval'" not in " ".join(v for values in policy.values() for v in values)


def test_error_pages_have_the_policy_too(client):
    assert "script-src 'self'" in client.get("/no/such/page/here/").get("Content-Security-Policy", "")


def test_pdf_documents_are_left_to_the_browsers_viewer(client):
    # Any PDF response: the PSC's letter PDF needs an admin, so the policy middleware is asked directly.
    from django.http import HttpResponse
    from django.test import RequestFactory

    from openecf.web.security import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(
        lambda request: HttpResponse(b"%PDF-1.7", content_type="application/pdf")
    )
    assert "Content-Security-Policy" not in cast(
        HttpResponse, middleware(RequestFactory().get("/cit/doc1/x"))
    )
    html = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("<p>hi</p>"))
    assert "Content-Security-Policy" in cast(HttpResponse, html(RequestFactory().get("/")))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def our_templates() -> list[Path]:
    return [path for path in OPENECF.glob("*/templates/**/*.html") if "node_modules" not in path.parts]


def test_no_template_has_inline_script_handlers_or_style_elements():
    offenders = []
    for path in our_templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE_ELEMENT):
            offenders += [f"{path.relative_to(OPENECF)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(OPENECF)}: javascript: URL")
    assert our_templates() and not offenders, offenders


def test_python_rendered_pages_have_no_inline_script():
    offenders = []
    for path in OPENECF.glob("*/render*.py"):
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or EVENT_HANDLER.search(text) or "javascript:" in text:
            offenders.append(str(path))
    assert not offenders


def test_printable_policies_print_button_uses_a_script_file(client):
    page = client.get("/pacer/register/policies/print/").content.decode()
    assert 'id="policies-print"' in page and "javascript:" not in page
    assert "pacer/policies-print.js" in page and "pacer/policies-print.css" in page


# --- HTTPS and HSTS ---------------------------------------------------------------------------------


def reload_security(monkeypatch, **env: str):
    for name in ("OPENECF_HTTPS", "OPENECF_HSTS_SECONDS", "OPENECF_SSL_REDIRECT", "OPENECF_TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(security_settings)


def test_https_turns_on_hsts_and_the_redirect(monkeypatch):
    try:
        plain = reload_security(monkeypatch)
        assert plain.SECURE_HSTS_SECONDS == 0 and plain.SECURE_SSL_REDIRECT is False
        https = reload_security(monkeypatch, OPENECF_HTTPS="true")
        assert https.SECURE_HSTS_SECONDS == 31_536_000 and https.SECURE_SSL_REDIRECT is True
        tuned = reload_security(monkeypatch, OPENECF_HTTPS="1", OPENECF_HSTS_SECONDS="600")
        assert tuned.SECURE_HSTS_SECONDS == 600
        proxied = reload_security(monkeypatch, OPENECF_HTTPS="1", OPENECF_TRUSTED_PROXIES="1")
        assert proxied.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    finally:
        reload_security(monkeypatch)


def test_hsts_header_only_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    assert "Strict-Transport-Security" not in client.get("/")
    assert client.get("/", secure=True)["Strict-Transport-Security"] == "max-age=31536000"


# --- CSRF failure -----------------------------------------------------------------------------------


def test_csrf_failure_page_in_the_sites_look():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/pacer/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Please send the form again" in page and escape(CSRF_FAILED_MESSAGE) in page
    assert "usa-alert" in page and "usa-header" in page


def test_csrf_failure_on_the_api_is_json():
    response = Client(enforce_csrf_checks=True).post("/api/v1/no-such-thing-csrf", {"a": "b"})
    if response.status_code == 403:
        assert response.json()["error"]["code"] == "csrf_failed"
    else:  # the address answers without a CSRF check: still JSON
        assert response["Content-Type"].startswith("application/json")


def test_csrf_failure_view_answers_json_under_api():
    from django.test import RequestFactory

    from openecf.web.security import csrf_failure

    response = csrf_failure(RequestFactory().post("/api/v1/courts"), reason="CSRF cookie not set.")
    assert response.status_code == 403 and response["Content-Type"] == "application/json"


# --- idle sessions ----------------------------------------------------------------------------------


def test_idle_session_is_signed_out_and_sent_to_login_with_a_word(settings):
    settings.OPENECF_SESSION_IDLE_MINUTES = 30
    user = UserFactory.create(username="idler")
    client = Client()
    with time_machine.travel(NOW, tick=False) as clock:
        client.force_login(user)
        assert client.get("/pacer/account/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/pacer/account/").status_code == 200  # activity keeps it alive
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/pacer/account/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/pacer/account/?tab=1")
        assert response.status_code == 302
        assert response["Location"].startswith("/pacer/login/?next=/pacer/account/")
        page = client.get(response["Location"]).content.decode()
    assert "idle for more than 30 minutes" in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind="signout.idle", acting_user=user).exists()
    assert client.get("/pacer/account/").status_code == 302  # still signed out


def test_idle_api_session_goes_on_as_the_public(settings, cit):
    settings.OPENECF_SESSION_IDLE_MINUTES = 5
    client = Client()
    with time_machine.travel(NOW, tick=False) as clock:
        client.force_login(UserFactory.create(username="apiidler"))
        assert client.get("/api/v1/courts").status_code == 200
        clock.shift(dt.timedelta(minutes=6))
        assert client.get("/api/v1/courts").status_code == 200
    assert "_auth_user_id" not in client.session


def test_idle_timeout_can_be_turned_off(settings):
    settings.OPENECF_SESSION_IDLE_MINUTES = 0
    client = Client()
    with time_machine.travel(NOW, tick=False) as clock:
        client.force_login(UserFactory.create(username="forever"))
        client.get("/pacer/account/")
        clock.shift(dt.timedelta(hours=5))
        assert client.get("/pacer/account/").status_code == 200


def test_logging_in_again_after_a_timeout_starts_a_new_idle_clock(settings):
    settings.OPENECF_SESSION_IDLE_MINUTES = 30
    UserFactory.create(username="returner")
    client = Client()
    with time_machine.travel(NOW, tick=False) as clock:
        client.post("/pacer/login/", {"username": "returner", "password": PASSWORD})
        client.get("/pacer/account/")
        clock.shift(dt.timedelta(minutes=31))
        assert client.get("/pacer/account/").status_code == 302
        response = client.post("/pacer/login/", {"username": "returner", "password": PASSWORD})
        assert response.status_code == 302 and "_auth_user_id" in client.session
        clock.shift(dt.timedelta(minutes=25))
        assert client.get("/pacer/account/").status_code == 200
