"""Manage My Account: contact details (and the Requests for Change in Information they file), e-mails,
password, API tokens. The clerk's queue of change requests is tested with filers."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from openecf.accounts.factories import PASSWORD
from openecf.accounts.models import SecondaryEmail
from openecf.audit.models import AuditEvent
from openecf.filers.models import ChangeOfInformationRequest
from openecf.filers.tests.helpers import CONTACT, filer_in_two_courts
from openecf.signin.models import ApiToken
from openecf.signin.tests.test_login import make_user
from openecf.signin.tokens import api_token_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


@pytest.fixture
def filer(cit, cafc):
    return filer_in_two_courts(cit, cafc)


def test_manage_needs_a_login(client):
    response = client.get("/pacer/account/")
    assert response.status_code == 302 and response["Location"] == "/pacer/login/?next=/pacer/account/"


def test_manage_page_shows_every_section(client):
    user = make_user()
    client.force_login(user)
    page = client.get("/pacer/account/").content.decode()
    for form_id in (
        "contact-form",
        "email-form",
        "secondary-email-form",
        "password-form",
        "mfa-add-form",
        "token-form",
    ):
        assert f'id="{form_id}"' in page
    assert "shared (firm) PACER account" not in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id is used twice on the page"
    assert 'id="id_token_name"' in page and 'id="id_name"' in page


def test_shared_account_is_told_it_can_never_file_or_link(client):
    client.force_login(make_user(shared_account=True))
    page = client.get("/pacer/account/").content.decode()
    assert "This is a shared (firm) PACER account" in page and "can never file or link" in page


def test_a_filers_new_address_is_filed_with_every_court_where_they_file(client, filer, cit, cafc):
    client.force_login(filer)
    response = client.post("/pacer/account/contact/", {**CONTACT, "firm": "New Firm PC", "city": "Boston"})
    assert response.status_code == 302
    requests = ChangeOfInformationRequest.objects.order_by("court_id")
    assert [r.court_id for r in requests] == ["cafc", "cit"]
    assert requests[0].previous["firm"] == "Doe & Roe LLP" and requests[0].current["firm"] == "New Firm PC"
    assert requests[0].current["city"] == "Boston"
    assert AuditEvent.objects.filter(kind="change_request.filed").count() == 2
    notice = client.get("/pacer/account/").content.decode()
    assert "A Request for Change in Information was filed with" in notice


def test_a_filer_without_an_app_is_told_to_add_one(client, filer):
    client.force_login(filer)
    assert 'id="mfa-required-notice"' in client.get("/pacer/account/").content.decode()


def test_a_pacer_user_changes_address_without_requests(client):
    user = make_user()
    client.force_login(user)
    assert client.post("/pacer/account/contact/", {**CONTACT, "firm": "Solo"}).status_code == 302
    user.refresh_from_db()
    assert user.firm == "Solo" and not ChangeOfInformationRequest.objects.exists()


def test_contact_needs_a_name(client):
    client.force_login(make_user())
    response = client.post("/pacer/account/contact/", {**CONTACT, "last_name": ""})
    assert response.status_code == 400 and "usa-error-message" in response.content.decode()


def test_primary_email_change_tells_the_old_address(client, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/pacer/account/email/", {"email": "jane.new@example.com", "current_password": PASSWORD}
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "jane.new@example.com"
    assert mailoutbox[0].to == ["jdoe@example.com"]
    assert "http://testserver/pacer/account/email/undo/" in mailoutbox[0].body
    bad = client.post("/pacer/account/email/", {"email": "not an address", "current_password": PASSWORD})
    assert bad.status_code == 400


def test_a_stolen_session_cannot_change_the_primary_email_without_the_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        missing = client.post("/pacer/account/email/", {"email": "thief@example.net"})
        wrong = client.post(
            "/pacer/account/email/", {"email": "thief@example.net", "current_password": "guess"}
        )
    assert missing.status_code == 400 and wrong.status_code == 400
    assert "Your current password is not correct" in wrong.content.decode()
    user.refresh_from_db()
    assert user.email == "jdoe@example.com" and mailoutbox == []
    assert AuditEvent.objects.filter(kind="account.email_change_refused").count() == 1


def undo_path_of(mail) -> str:
    found = re.search(r"http://testserver(/pacer/account/email/undo/[\w-]+/)", mail.body)
    assert found, mail.body
    return found.group(1)


def test_the_undo_link_asks_on_get_and_undoes_on_post(client, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user()
    thief = Client()
    thief.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        thief.post("/pacer/account/email/", {"email": "thief@example.net", "current_password": PASSWORD})
    path = undo_path_of(mailoutbox[0])
    confirm = client.get(path)
    assert confirm.status_code == 200 and 'id="email-undo-form"' in confirm.content.decode()
    assert "thief@example.net" in confirm.content.decode()
    user.refresh_from_db()
    assert user.email == "thief@example.net"
    done = client.post(path)
    assert done.status_code == 200 and 'id="email-undo-done"' in done.content.decode()
    user.refresh_from_db()
    assert user.email == "jdoe@example.com"
    # The thief's session has ended.
    assert thief.get("/pacer/account/").status_code == 302
    again = client.post(path)
    assert again.status_code == 409 and "already used" in again.content.decode()


def test_a_forged_undo_link_gets_a_clear_page(client):
    user = make_user()
    response = client.post("/pacer/account/email/undo/forged-token-of-the-right-length-1234567890/")
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()
    assert "Nothing was changed" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "jdoe@example.com"


def test_up_to_five_secondary_emails(client):
    user = make_user()
    client.force_login(user)

    def add(email: str, password: str = PASSWORD):
        return client.post(
            "/pacer/account/emails/add/", {"secondary_email": email, "current_password": password}
        )

    for n in range(5):
        assert add(f"n{n}@example.com").status_code == 302
    sixth = add("n6@example.com")
    assert sixth.status_code == 400 and "at most 5 secondary" in sixth.content.decode()
    duplicate = add("N0@example.com")
    assert "already on your account" in duplicate.content.decode()
    primary = add("jdoe@example.com")
    assert "already your primary" in primary.content.decode()
    assert SecondaryEmail.objects.filter(user=user).count() == 5


def test_adding_a_secondary_email_needs_the_password_and_tells_the_primary(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        wrong = client.post(
            "/pacer/account/emails/add/", {"secondary_email": "x@example.net", "current_password": "guess"}
        )
        right = client.post(
            "/pacer/account/emails/add/", {"secondary_email": "x@example.net", "current_password": PASSWORD}
        )
    assert wrong.status_code == 400 and right.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["jdoe@example.com"]
    assert Client().post(undo_path_of(mail)).status_code == 200
    assert not SecondaryEmail.objects.filter(user=user).exists()


def test_another_accounts_secondary_email_is_not_found(client):
    john = make_user("john")
    johns = SecondaryEmail.objects.create(user=john, email="john2@example.com")
    client.force_login(make_user("jane"))
    assert client.post(f"/pacer/account/emails/{johns.pk}/remove/").status_code == 404
    assert SecondaryEmail.objects.filter(pk=johns.pk).exists()
    client.force_login(john)
    assert client.post(f"/pacer/account/emails/{johns.pk}/remove/").status_code == 302
    assert not SecondaryEmail.objects.filter(pk=johns.pk).exists()


def test_password_change(client):
    user = make_user()
    client.force_login(user)
    new = "a different long passphrase"
    wrong = client.post(
        "/pacer/account/password/",
        {"current_password": "nope", "new_password": new, "new_password_confirm": new},
    )
    assert wrong.status_code == 400 and "current password is not correct" in wrong.content.decode()
    weak = client.post(
        "/pacer/account/password/",
        {"current_password": PASSWORD, "new_password": "short", "new_password_confirm": "short"},
    )
    assert weak.status_code == 400 and "at least 12 characters" in weak.content.decode()
    mismatch = client.post(
        "/pacer/account/password/",
        {"current_password": PASSWORD, "new_password": new, "new_password_confirm": new + "x"},
    )
    assert mismatch.status_code == 400 and "do not match" in mismatch.content.decode()
    done = client.post(
        "/pacer/account/password/",
        {"current_password": PASSWORD, "new_password": new, "new_password_confirm": new},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # The session survives its own password change.
    assert client.get("/pacer/account/").status_code == 200
    assert AuditEvent.objects.filter(kind="account.password_changed", extra__how="changed").exists()


def test_api_tokens_created_listed_and_revoked(client):
    user = make_user()
    client.force_login(user)
    created = client.post(
        "/pacer/account/tokens/", {"name": "Research", "client_code": "R-1", "current_password": PASSWORD}
    )
    assert created.status_code == 200
    token = ApiToken.objects.get(user=user)
    page = created.content.decode()
    assert token.prefix in page and "shown only this once" in page
    listed = client.get("/pacer/account/").content.decode()
    assert f"{token.prefix}…" in listed and "Research" in listed
    assert client.post(f"/pacer/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.post(f"/pacer/account/tokens/{token.pk}/revoke/").status_code == 409
    assert AuditEvent.objects.filter(kind="api_token.revoked").count() == 1


def test_api_token_client_code_of_33_is_refused(client):
    client.force_login(make_user())
    response = client.post("/pacer/account/tokens/", {"client_code": "z" * 33})
    assert response.status_code == 400 and "at most 32 characters" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_another_accounts_token_cannot_be_revoked(client):
    john = make_user("john")
    token, _ = api_token_issue(user=john, acting_user=john)
    client.force_login(make_user("jane"))
    assert client.post(f"/pacer/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_manage_posts_need_csrf():
    user = make_user()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/pacer/account/tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
