"""Forgotten username and password reset: a form sent back with what to correct is a 400, never a 200."""

from __future__ import annotations

import re

import pytest

from openecf.accounts.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


@pytest.mark.parametrize("email", ["", "not an address", "a@b\u202ec.com", "x" * 300 + "@example.com"])
def test_forgot_username_refusal_is_400_with_the_form(client, email):
    response = client.post("/pacer/forgot-username/", {"email": email})
    assert response.status_code == 400
    assert b'name="email"' in response.content
    assert b"usa-error-message" in response.content or b"error" in response.content


def test_forgot_username_page_itself_is_200(client):
    assert client.get("/pacer/forgot-username/").status_code == 200


@pytest.mark.parametrize("email", ["", "not an address"])
def test_password_reset_request_refusal_is_400_with_the_form(client, email):
    response = client.post("/pacer/password-reset/", {"email": email})
    assert response.status_code == 400
    assert b'name="email"' in response.content


def test_a_refused_new_password_is_400_with_the_form(client, mailoutbox):
    UserFactory.create(username="jdoe", email="jdoe@example.com")
    client.post("/pacer/password-reset/", {"email": "jdoe@example.com"})
    link = re.search(r"http://testserver(/pacer/password-reset/\S+/)", mailoutbox[0].body)
    assert link
    address = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    mismatch = client.post(address, {"new_password1": "a long pass phrase", "new_password2": "another one"})
    assert mismatch.status_code == 400
    assert b'name="new_password1"' in mismatch.content
