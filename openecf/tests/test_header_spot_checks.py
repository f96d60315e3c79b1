"""Spot checks of the headers on pages the header tests of each app do not reach: account data shown by a
secret link to a visitor who is not signed in, the PACER Service Center's letter download, the admin, and
the refusal pages (CSRF, 429)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.accounts.services import account_email_change, psc_administrator_appoint
from openecf.pacer.activation import activation_letter_queue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def never_stored(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def has_policy(response) -> bool:
    return "script-src 'self'" in response.get("Content-Security-Policy", "")


def test_the_email_undo_page_is_never_stored():
    user = UserFactory.create(username="mover", email="before@example.com")
    links: list[str] = []

    def undo_link(token: str) -> str:
        links.append(f"/pacer/account/email/undo/{token}/")
        return links[-1]

    account_email_change(
        user=user, acting_user=user, email="after@example.com", current_password=PASSWORD, undo_link=undo_link
    )
    response = Client().get(links[0])
    assert response.status_code == 200
    assert "before@example.com" in response.content.decode()
    assert never_stored(response)
    assert has_policy(response)


def test_the_password_reset_page_is_never_stored(mailoutbox):
    UserFactory.create(username="forgetful", email="forgetful@example.com")
    browser = Client()
    browser.post("/pacer/password-reset/", {"email": "forgetful@example.com"})
    link = re.search(r"http://testserver(/pacer/password-reset/\S+/)", mailoutbox[0].body)
    assert link
    response = browser.get(link.group(1), follow=True)
    assert response.status_code == 200 and "new_password1" in response.content.decode()
    assert never_stored(response)


def test_the_activation_letter_download_is_never_stored():
    waiting = UserFactory.create(username="waiting")
    letter = activation_letter_queue(user=waiting, acting_user=None)
    psc = UserFactory.create(username="psc.admin")
    psc_administrator_appoint(user=psc, acting_user=None)
    browser = Client()
    browser.force_login(psc)
    response = browser.get(f"/pacer/psc/letters/{letter.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert never_stored(response)


def test_the_admin_is_never_stored_and_has_the_policy(clerk):
    browser = Client()
    browser.force_login(clerk)
    response = browser.get("/admin/")
    assert response.status_code == 200
    assert never_stored(response)
    assert has_policy(response)


def test_refusal_pages_have_the_policy(rate_limits):
    rate_limits(signin_ip="1/h")
    refused_form = Client(enforce_csrf_checks=True).post("/pacer/login/", {"username": "x", "password": "y"})
    assert refused_form.status_code == 403 and has_policy(refused_form)
    browser = Client()
    browser.post("/pacer/login/", {"username": "x", "password": "y"})
    limited = browser.post("/pacer/login/", {"username": "x", "password": "y"})
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert has_policy(limited)
