"""A hostile pass over the sign-in paths (issue 7, section 1), as an attacker and as a clerk would try them.

Each test is a probe: the ones that found a fault keep it fixed, the others guard what already held. An
"attacker" here knows at most the password, or holds a session cookie; the owner holds the mailbox.
"""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client

from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.accounts.models import AccountStatus, User
from openecf.accounts.services import account_disable
from openecf.audit.models import AuditEvent
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.factories import CourtRoleFactory
from openecf.courts.models import CourtRoleKind
from openecf.docket.models import EntryRestriction
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.filers.tests.helpers import make_legacy_login
from openecf.signin.mfa import mfa_code_verify
from openecf.signin.models import ApiToken, TotpDevice
from openecf.signin.services import PENDING_SESSION_KEY
from openecf.signin.tokens import api_token_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

LOGIN = "/pacer/login/"
VERIFY = "/pacer/login/verify/"
SETUP = "/pacer/login/mfa-setup/"
NEW_PASSWORD = "a much longer new passphrase 42"
NOW = dt.datetime(2026, 3, 2, 15, 0, 0, tzinfo=dt.UTC)


# --- helpers ----------------------------------------------------------------------------------------


def browser() -> Client:
    return Client(raise_request_exception=False)


def clerk_of(cit, username: str = "clerky") -> User:
    return CourtRoleFactory.create(court=cit, role=CourtRoleKind.CLERK, user__username=username).user


def app_of(user: User, *, steps_back: int = 1) -> TotpDevice:
    """A confirmed authenticator app whose last accepted code is `steps_back` steps old."""
    step = int(dt.datetime.now(tz=dt.UTC).timestamp()) // 30 - steps_back
    return TotpDevice.objects.create(
        user=user,
        name="Phone",
        secret=pyotp.random_base32(),
        confirmed_at=dt.datetime.now(tz=dt.UTC),
        last_used_step=step,
    )


def code_of(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def password_step(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def signed_in_as(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))


def email_code_of(message) -> str:
    found = re.search(r"set-up page: (\d{6})", message.body)
    assert found, message.body
    return found.group(1)


def undo_path_of(message) -> str:
    found = re.search(r"http://testserver(/pacer/account/email/undo/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def to_of(mailoutbox, address: str):
    """The one message sent to this address."""
    (message,) = [message for message in mailoutbox if message.to == [address]]
    return message


def reset_path_of(message) -> str:
    found = re.search(r"http://testserver(/pacer/password-reset/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def sealed_case(cit):
    return case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 5, 2),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )


@pytest.fixture
def sealed_document(cit, sealed_case):
    entry = docket_entry_with_documents_create(
        case=sealed_case,
        text="Sealed exhibit",
        restriction=EntryRestriction.SEALED,
        documents=[DocumentUpload(make_pdf("sealed"))],
        acting_user=None,
    )
    return entry.documents.get()


def docket_html(case) -> str:
    return f"/{case.court_id}/cases/{case.pacer_case_number}/docket/"


def docket_api(case) -> str:
    return f"/api/v1/courts/{case.court_id}/cases/{case.pacer_case_number}/docket"


def document_url(document) -> str:
    return f"/{document.docket_entry.case.court_id}/doc1/{document.public_id}"


# --- the admin's login: no session without the PACER login ------------------------------------------


@pytest.mark.parametrize("status", [AccountStatus.ACTIVE, AccountStatus.DISABLED])
def test_admin_login_post_with_the_right_password_gives_no_session(cit, status):
    staff = clerk_of(cit)
    staff.status = status
    staff.is_staff = True
    staff.save(update_fields=["status", "is_staff"])
    app_of(staff)
    client = browser()
    for method in (client.get, client.post):
        response = method(
            "/admin/login/", {"username": staff.username, "password": PASSWORD, "next": "/admin/"}
        )
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert signed_in_as(client) is None
    assert client.get("/admin/").status_code == 302
    assert not any(kind.startswith("signin.succeeded") for kind in kinds())


# --- 'next' never leaves the site --------------------------------------------------------------------


@pytest.mark.parametrize(
    "next_url",
    ["//evil.com", "/\\evil.com", "https://evil.com/", "/\t/evil.com", "javascript:alert(1)", "///evil.com"],
)
def test_next_outside_the_site_goes_home(next_url):
    UserFactory.create(username="reader")
    client = browser()
    response = password_step(client, "reader", next=next_url)
    assert response.status_code == 302
    assert response["Location"] == "/"
    again = client.get(LOGIN, {"next": next_url})
    assert again.status_code == 302 and again["Location"] == "/"


@pytest.mark.parametrize("next_url", ["//evil.com", "/\\evil.com", "https://evil.com/"])
def test_next_after_the_second_factor_stays_on_the_site(cit, next_url):
    staff = clerk_of(cit)
    device = app_of(staff)
    client = browser()
    assert password_step(client, staff.username, next=next_url)["Location"] == VERIFY
    done = client.post(VERIFY, {"code": code_of(device.secret)})
    assert done.status_code == 302 and done["Location"] == "/"


def test_a_clerk_with_an_app_gets_back_to_the_admin_only_after_the_code(cit):
    staff = clerk_of(cit)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    device = app_of(staff)
    client = browser()
    to_login = client.get("/admin/")
    assert to_login.status_code == 302
    login_url = client.get(to_login["Location"])["Location"]
    assert login_url.startswith(LOGIN)
    assert password_step(client, staff.username, next="/admin/")["Location"] == VERIFY
    # Half signed in: the admin, the API and My Account see nobody.
    assert client.get("/admin/").status_code == 302
    assert client.get("/pacer/account/").status_code == 302
    assert client.post("/pacer/account/tokens/", {"name": "x"}).status_code == 302
    assert not ApiToken.objects.filter(user=staff).exists()
    done = client.post(VERIFY, {"code": code_of(device.secret)})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- the half-finished sign-in -----------------------------------------------------------------------


def test_the_second_factor_pages_need_the_password_first(cit):
    client = browser()
    for path in (VERIFY, SETUP):
        assert client.get(path)["Location"] == LOGIN
        assert client.post(path, {"code": "123456", "action": "confirm"})["Location"] == LOGIN
    assert signed_in_as(client) is None


def test_the_session_key_changes_at_the_password_and_again_at_the_code(cit):
    staff = clerk_of(cit)
    device = app_of(staff)
    client = browser()
    client.get(LOGIN)
    client.session.save()
    planted = client.session.session_key
    password_step(client, staff.username)
    pending_key = client.session.session_key
    assert pending_key != planted
    # A copy of the pending session (fixation, or a stolen cookie) is worth nothing once the owner finishes.
    copy = browser()
    copy.cookies["sessionid"] = str(pending_key)
    client.post(VERIFY, {"code": code_of(device.secret)})
    assert client.session.session_key not in (planted, pending_key)
    assert signed_in_as(client) == str(staff.pk)
    assert copy.get("/pacer/account/").status_code == 302
    assert copy.post(VERIFY, {"code": code_of(device.secret)})["Location"] == LOGIN


def test_a_pending_session_cannot_enroll_after_its_window(
    cit, mailoutbox, django_capture_on_commit_callbacks
):
    staff = clerk_of(cit)
    client = browser()
    with time_machine.travel(NOW, tick=False):
        assert password_step(client, staff.username)["Location"] == SETUP
        with django_capture_on_commit_callbacks(execute=True):
            client.post(SETUP, {"action": "add", "name": "Phone"})
    device = TotpDevice.objects.get(user=staff)
    with time_machine.travel(NOW + dt.timedelta(minutes=11), tick=False):
        late = client.post(
            SETUP,
            {
                "action": "confirm",
                "email_code": email_code_of(mailoutbox[-1]),
                "code": code_of(device.secret),
            },
        )
    assert late["Location"] == LOGIN
    assert signed_in_as(client) is None
    device.refresh_from_db()
    assert device.confirmed_at is None


def test_a_staff_member_without_an_app_cannot_skip_setting_one_up(cit):
    staff = clerk_of(cit)
    client = browser()
    assert password_step(client, staff.username)["Location"] == SETUP
    # Going to the code page instead: no app, so no code and no backup code works.
    assert client.post(VERIFY, {"code": "123456"}).status_code == 400
    assert client.post(VERIFY, {"code": "abcde-fghjk"}).status_code == 400
    assert signed_in_as(client) is None


def test_an_app_added_by_someone_else_at_sign_in_is_never_shown_to_the_owner(
    cit, mailoutbox, django_capture_on_commit_callbacks
):
    """Fault found: the set-up page offered the newest unconfirmed app of the account, whoever added it. An
    attacker with only the password added one (and saw its secret); the owner, signing in next, confirmed it
    with the e-mailed code, and the attacker then had both factors."""
    owner = clerk_of(cit)
    attacker = browser()
    assert password_step(attacker, owner.username)["Location"] == SETUP
    with django_capture_on_commit_callbacks(execute=True):
        attacker.post(SETUP, {"action": "add", "name": "Phone"})
    planted = TotpDevice.objects.get(user=owner)
    assert planted.secret in attacker.get(SETUP).content.decode()

    client = browser()
    assert password_step(client, owner.username)["Location"] == SETUP
    page = client.get(SETUP).content.decode()
    assert planted.secret not in page
    assert 'id="mfa-add-form"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETUP, {"action": "add", "name": "My phone"})
    own = TotpDevice.objects.get(user=owner, name="My phone")
    assert own.secret in client.get(SETUP).content.decode()
    done = client.post(
        SETUP, {"action": "confirm", "email_code": email_code_of(mailoutbox[-1]), "code": code_of(own.secret)}
    )
    assert done.status_code == 200 and signed_in_as(client) == str(owner.pk)
    # The planted app is gone and its codes are worth nothing.
    assert not TotpDevice.objects.filter(pk=planted.pk).exists()
    assert mfa_code_verify(user=owner, code=code_of(planted.secret)) is None
    # Nor can the attacker finish with the owner's e-mailed code on the app it planted.
    assert attacker.post(
        SETUP, {"action": "confirm", "email_code": "000000", "code": code_of(planted.secret)}
    ).status_code in (302, 400)
    assert signed_in_as(attacker) is None


def test_five_unconfirmed_apps_do_not_lock_the_owner_out_of_setting_one_up(
    cit, django_capture_on_commit_callbacks
):
    owner = clerk_of(cit)
    attacker = browser()
    password_step(attacker, owner.username)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            attacker.post(SETUP, {"action": "add", "name": f"Planted {n}"})
    client = browser()
    password_step(client, owner.username)
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(SETUP, {"action": "add", "name": "My phone"})
    assert added.status_code == 302
    assert TotpDevice.objects.filter(user=owner, name="My phone").exists()


def test_the_emailed_code_at_sign_in_is_void_after_five_wrong_tries(
    cit, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.AXES_FAILURE_LIMIT = 50  # the code's own limit, not the sign-in lockout, is under test
    staff = clerk_of(cit)
    client = browser()
    password_step(client, staff.username)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETUP, {"action": "add", "name": "Phone"})
    device = TotpDevice.objects.get(user=staff)
    right = email_code_of(mailoutbox[-1])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(20):
        client.post(SETUP, {"action": "confirm", "email_code": wrong, "code": code_of(device.secret)})
    late = client.post(SETUP, {"action": "confirm", "email_code": right, "code": code_of(device.secret)})
    assert late.status_code == 400
    assert signed_in_as(client) is None
    device.refresh_from_db()
    assert device.confirmed_at is None and device.email_code_refusals == 5


# --- the API token -----------------------------------------------------------------------------------


def token_post(client: Client, **body: str):
    import json

    return client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")


def test_no_api_token_without_the_code(cit):
    staff = clerk_of(cit)
    device = app_of(staff)
    client = browser()

    def token(**code: str) -> int:
        return int(token_post(client, username=staff.username, password=PASSWORD, **code).status_code)

    assert token() == 400
    assert token(one_time_code="000000") == 400
    assert token(one_time_code="\uff11\uff12\uff13\uff14\uff15\uff16") == 400  # full-width digits
    assert not ApiToken.objects.filter(user=staff).exists()
    assert token(one_time_code=code_of(device.secret)) == 201
    # The code that was just used does not mint a second token.
    assert token(one_time_code=code_of(device.secret)) == 400
    assert ApiToken.objects.filter(user=staff).count() == 1


def test_a_pending_session_cookie_does_not_authenticate_the_api(cit, sealed_case):
    staff = clerk_of(cit)
    app_of(staff)
    client = browser()
    password_step(client, staff.username)
    assert PENDING_SESSION_KEY in client.session
    assert client.get(docket_api(sealed_case)).status_code == 404
    assert client.get(docket_html(sealed_case)).status_code == 404


def test_a_session_signed_in_without_a_second_factor_ends_when_the_account_becomes_staff(cit, sealed_case):
    """Fault found: a PACER user signed in with the password alone kept that session after the clerk's office
    made it court staff, and read sealed dockets without ever giving a second factor."""
    from openecf.courts.services import court_role_grant

    user = UserFactory.create(username="newhire")
    client = browser()
    assert password_step(client, "newhire").status_code == 302
    assert client.get("/pacer/account/").status_code == 200
    court_role_grant(user=user, court=cit, role=CourtRoleKind.CLERK, acting_user=None)
    assert client.get(docket_html(sealed_case)).status_code in (302, 404)
    assert signed_in_as(client) is None
    assert client.get(docket_api(sealed_case)).status_code == 404
    # Signing in again asks for an authenticator app first.
    assert password_step(client, "newhire")["Location"] == SETUP


def test_a_session_that_gave_its_second_factor_is_not_disturbed(cit, sealed_case):
    staff = clerk_of(cit)
    device = app_of(staff)
    client = browser()
    password_step(client, staff.username)
    client.post(VERIFY, {"code": code_of(device.secret)})
    assert client.get(docket_html(sealed_case)).status_code == 200
    assert signed_in_as(client) == str(staff.pk)


# --- password reset ----------------------------------------------------------------------------------


def test_a_password_reset_signs_nobody_in_and_the_next_sign_in_still_asks_for_the_code(
    cit, mailoutbox, django_capture_on_commit_callbacks
):
    staff = clerk_of(cit)
    device = app_of(staff)
    client = browser()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/pacer/password-reset/", {"email": staff.email})
    form = client.get(reset_path_of(mailoutbox[-1]), follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert signed_in_as(client) is None
    assert password_step(client, staff.username, NEW_PASSWORD)["Location"] == VERIFY
    assert signed_in_as(client) is None
    assert client.post(VERIFY, {"code": code_of(device.secret)}).status_code == 302
    assert signed_in_as(client) == str(staff.pk)


def test_a_reset_password_of_a_disabled_account_still_does_not_sign_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory.create(username="gone", status=AccountStatus.DISABLED)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/pacer/password-reset/", {"email": user.email})
    if mailoutbox:
        form = client.get(reset_path_of(mailoutbox[-1]), follow=True)
        client.post(
            form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
    assert password_step(client, "gone", NEW_PASSWORD).status_code == 400
    assert signed_in_as(client) is None


# --- a disabled account ------------------------------------------------------------------------------


def test_a_disabled_accounts_session_and_old_token_reach_nothing(cit, sealed_case, sealed_document):
    staff = clerk_of(cit)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    session = browser()
    session.force_login(staff)
    raw = api_token_issue(user=staff, acting_user=staff, second_factor=True)[1]
    bearer = {"Authorization": f"Bearer {raw}"}
    assert session.get(document_url(sealed_document)).status_code == 200
    assert browser().get(docket_api(sealed_case), headers=bearer).status_code == 200
    account_disable(user=staff, acting_user=None, reason="Misuse")

    token_client = browser()
    assert token_client.get(docket_api(sealed_case), headers=bearer).status_code == 401
    assert token_client.get("/api/v1/courts/cit/cases", headers=bearer).status_code == 401
    assert session.get(document_url(sealed_document)).status_code == 404
    assert signed_in_as(session) is None
    # Once signed out, every other door is closed too (the session is gone, not just refused once).
    assert session.get(docket_api(sealed_case)).status_code == 404
    assert session.get(docket_html(sealed_case)).status_code == 404
    assert session.get("/admin/").status_code == 302
    assert session.get("/pacer/account/").status_code == 302
    assert session.post("/pacer/account/tokens/", {"name": "again"}).status_code == 302
    assert session.get("/cit/cmecf/").status_code == 302
    assert not ApiToken.objects.filter(user=staff, revoked_at__isnull=True).exists()


def test_a_disabled_accounts_session_is_ended_on_its_first_request_whatever_the_path(cit, sealed_document):
    paths = [
        "/api/v1/courts/cit/cases",
        document_url(sealed_document),
        "/cit/cmecf/",
        "/admin/",
        "/pacer/account/",
    ]
    for n, first in enumerate(paths):
        staff = clerk_of(cit, username=f"clerk{n}")
        staff.is_staff = True
        staff.save(update_fields=["is_staff"])
        session = browser()
        session.force_login(staff)
        User.objects.filter(pk=staff.pk).update(status=AccountStatus.DISABLED)
        # The API's case list is public: it answers, as to anyone, but the session is over.
        assert session.get(first).status_code in (200, 302, 404), first
        assert signed_in_as(session) is None, first


# --- password change ---------------------------------------------------------------------------------


def test_password_change_keeps_this_session_ends_the_others_and_refuses_a(cit):
    user = UserFactory.create(username="jdoe")
    here, elsewhere = browser(), browser()
    here.force_login(user)
    elsewhere.force_login(user)
    weak = here.post(
        "/pacer/account/password/",
        {"current_password": PASSWORD, "new_password": "a", "new_password_confirm": "a"},
    )
    assert weak.status_code == 400
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    key_before = here.session.session_key
    changed = here.post(
        "/pacer/account/password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert here.get("/pacer/account/").status_code == 200
    assert here.session.session_key != key_before
    assert elsewhere.get("/pacer/account/").status_code == 302
    assert signed_in_as(elsewhere) is None
    assert "account.password_changed" in kinds()


def test_the_admins_password_change_is_my_accounts(cit):
    staff = clerk_of(cit)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client = browser()
    client.force_login(staff)
    for method in (client.get, client.post):
        response = method(
            "/admin/password_change/", {"old_password": PASSWORD, "new_password1": "a", "new_password2": "a"}
        )
        assert response.status_code == 302 and response["Location"] == "/pacer/account/#password"
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


# --- e-mail changes and their undo -------------------------------------------------------------------


def test_email_changes_need_the_password(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory.create(username="jdoe")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        primary = client.post("/pacer/account/email/", {"email": "thief@example.net", "current_password": ""})
        secondary = client.post(
            "/pacer/account/emails/add/", {"secondary_email": "thief@example.net", "current_password": "x"}
        )
    assert primary.status_code == 400 and secondary.status_code == 400
    user.refresh_from_db()
    assert user.email == "jdoe@example.com" and not user.secondary_emails.exists()
    assert mailoutbox == []


def test_the_undo_link_signs_nobody_in_and_its_get_changes_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory.create(username="jdoe")
    thief = browser()
    thief.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        thief.post("/pacer/account/email/", {"email": "thief@example.net", "current_password": PASSWORD})
    (notice,) = mailoutbox
    assert notice.to == ["jdoe@example.com"]
    path = undo_path_of(notice)
    before = kinds()
    for _ in range(3):
        assert client.get(path).status_code == 200
        assert client.head(path).status_code == 200
    user.refresh_from_db()
    assert user.email == "thief@example.net" and kinds() == before
    assert signed_in_as(client) is None
    # The POST needs the page's CSRF token: another site cannot make the owner's browser undo (or not).
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(path).status_code == 403
    assert client.post(path).status_code == 200
    assert signed_in_as(client) is None
    assert thief.get("/pacer/account/").status_code == 302


def test_a_later_undo_does_not_void_the_owners_undo_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Fault found: undoing any primary change voided every other undo link. A thief who knew the password
    changed the address twice, then followed the second change's link (mailed to the thief's first address):
    the owner's link died, and with it the owner's way back."""
    user = UserFactory.create(username="jdoe")
    thief = browser()
    thief.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        thief.post("/pacer/account/email/", {"email": "thief1@example.net", "current_password": PASSWORD})
        thief.post("/pacer/account/email/", {"email": "thief2@example.net", "current_password": PASSWORD})
    owners, thiefs = mailoutbox
    assert owners.to == ["jdoe@example.com"] and thiefs.to == ["thief1@example.net"]
    assert browser().post(undo_path_of(thiefs)).status_code == 200
    user.refresh_from_db()
    assert user.email == "thief1@example.net"
    assert client.post(undo_path_of(owners)).status_code == 200
    user.refresh_from_db()
    assert user.email == "jdoe@example.com"


def test_the_owners_undo_voids_the_thiefs_later_links(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory.create(username="jdoe")
    thief = browser()
    thief.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        thief.post("/pacer/account/email/", {"email": "thief1@example.net", "current_password": PASSWORD})
        thief.post("/pacer/account/email/", {"email": "thief2@example.net", "current_password": PASSWORD})
    owners, thiefs = mailoutbox
    assert client.post(undo_path_of(owners)).status_code == 200
    refused = browser().post(undo_path_of(thiefs))
    assert refused.status_code == 409
    user.refresh_from_db()
    assert user.email == "jdoe@example.com"


def test_a_thiefs_reset_link_dies_when_the_owner_undoes_the_email_change(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory.create(username="jdoe")
    thief = browser()
    thief.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        thief.post("/pacer/account/email/", {"email": "thief@example.net", "current_password": PASSWORD})
        thief.post("/pacer/password-reset/", {"email": "thief@example.net"})
    owners, reset = to_of(mailoutbox, "jdoe@example.com"), to_of(mailoutbox, "thief@example.net")
    assert browser().post(undo_path_of(owners)).status_code == 200
    followed = thief.get(reset_path_of(reset), follow=True)
    assert 'name="new_password1"' not in followed.content.decode()
    # The owner resets at the restored address and signs in; the thief's old session is long gone.
    owner = browser()
    with django_capture_on_commit_callbacks(execute=True):
        owner.post("/pacer/password-reset/", {"email": "jdoe@example.com"})
    assert mailoutbox[-1].to == ["jdoe@example.com"]
    form = owner.get(reset_path_of(mailoutbox[-1]), follow=True)
    owner.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert password_step(owner, "jdoe", NEW_PASSWORD).status_code == 302
    assert signed_in_as(owner) == str(user.pk)


def test_a_thief_who_reset_the_password_is_still_undone(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory.create(username="jdoe")
    thief = browser()
    thief.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        thief.post("/pacer/account/email/", {"email": "thief@example.net", "current_password": PASSWORD})
        thief.post("/pacer/password-reset/", {"email": "thief@example.net"})
    owners, reset = to_of(mailoutbox, "jdoe@example.com"), to_of(mailoutbox, "thief@example.net")
    form = thief.get(reset_path_of(reset), follow=True)
    thief.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    password_step(thief, "jdoe", NEW_PASSWORD)
    assert signed_in_as(thief) == str(user.pk)
    assert browser().post(undo_path_of(owners)).status_code == 200
    assert thief.get("/pacer/account/").status_code == 302
    user.refresh_from_db()
    assert user.email == "jdoe@example.com"


def test_an_app_the_thief_added_after_changing_the_email_goes_with_the_undo(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Fault found: a thief who knew the password changed the address, added an authenticator app (its
    confirmation code now went to the thief) and confirmed it. The owner's undo put the address back, but the
    app stayed: after resetting the password the owner was asked for the thief's codes, locked out for good."""
    user = UserFactory.create(username="jdoe")
    own = app_of(user)
    thief = browser()
    thief.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        thief.post("/pacer/account/email/", {"email": "thief@example.net", "current_password": PASSWORD})
        thief.post("/pacer/account/mfa/add/", {"name": "Thief's phone"})
    planted = TotpDevice.objects.get(user=user, name="Thief's phone")
    confirmed = thief.post(
        f"/pacer/account/mfa/{planted.pk}/confirm/",
        {
            "email_code": email_code_of(to_of(mailoutbox, "thief@example.net")),
            "code": code_of(planted.secret),
        },
    )
    assert confirmed.status_code in (200, 302)
    planted.refresh_from_db()
    assert planted.confirmed_at is not None
    assert browser().post(undo_path_of(to_of(mailoutbox, "jdoe@example.com"))).status_code == 200
    assert not TotpDevice.objects.filter(pk=planted.pk).exists()
    assert TotpDevice.objects.filter(pk=own.pk).exists()
    assert mfa_code_verify(user=user, code=code_of(planted.secret)) is None
    assert "mfa.device_removed" in kinds()


def test_a_thiefs_only_app_goes_with_the_undo_and_the_owner_signs_in_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory.create(username="jdoe")
    thief = browser()
    thief.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        thief.post("/pacer/account/email/", {"email": "thief@example.net", "current_password": PASSWORD})
        thief.post("/pacer/account/mfa/add/", {"name": "Thief's phone"})
    planted = TotpDevice.objects.get(user=user)
    thief.post(
        f"/pacer/account/mfa/{planted.pk}/confirm/",
        {
            "email_code": email_code_of(to_of(mailoutbox, "thief@example.net")),
            "code": code_of(planted.secret),
        },
    )
    assert browser().post(undo_path_of(to_of(mailoutbox, "jdoe@example.com"))).status_code == 200
    owner = browser()
    assert password_step(owner, "jdoe").status_code == 302
    assert signed_in_as(owner) == str(user.pk)


# --- the legacy CM/ECF login -------------------------------------------------------------------------


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_legacy_login_answers_the_same_for_the_right_and_a_wrong_password(cit):
    from openecf.filers.factories import LEGACY_PASSWORD

    owner = UserFactory.create(username="linked")
    make_legacy_login(cit, login="jdoe", linked_user=owner)
    right = browser().post("/cit/cmecf/legacy-login/", {"login": "jdoe", "password": LEGACY_PASSWORD})
    wrong = browser().post("/cit/cmecf/legacy-login/", {"login": "jdoe", "password": "guess"})
    assert right.status_code == wrong.status_code == 200
    assert _without_csrf(right.content.decode()) == _without_csrf(wrong.content.decode())
    assert set(right.headers) == set(wrong.headers)
    assert signed_in_as(browser()) is None


def test_the_legacy_login_locks_after_the_limit_and_is_audited(cit, settings):
    from openecf.filers.factories import LEGACY_PASSWORD

    owner = UserFactory.create(username="linked")
    make_legacy_login(cit, login="jdoe", linked_user=owner)
    client = browser()
    answers = [
        client.post("/cit/cmecf/legacy-login/", {"login": "jdoe", "password": f"guess{n}"}).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers[-1] == 429 and set(answers[:-1]) == {200}
    # The right password changes nothing now: still locked, still the same page.
    locked = client.post("/cit/cmecf/legacy-login/", {"login": "jdoe", "password": LEGACY_PASSWORD})
    assert locked.status_code == 429
    audited = kinds()
    assert audited.count("legacy_login.failed") == settings.AXES_FAILURE_LIMIT - 1
    assert "legacy_login.locked_out" in audited and "legacy_login.refused_locked_out" in audited
    # The PACER username of the same name is not locked by it.
    assert password_step(browser(), "linked").status_code == 302


# --- sessions ----------------------------------------------------------------------------------------


def test_a_session_left_idle_right_after_signing_in_ends(settings):
    """Fault found: the idle clock started at the session's second request, so a session that was never used
    after the sign-in (a cookie taken from the login's redirect) never timed out."""
    settings.OPENECF_SESSION_IDLE_MINUTES = 30
    UserFactory.create(username="reader")
    client = browser()
    with time_machine.travel(NOW, tick=False):
        assert password_step(client, "reader").status_code == 302
    with time_machine.travel(NOW + dt.timedelta(minutes=31), tick=False):
        late = client.get("/pacer/account/")
    assert late.status_code == 302 and late["Location"].startswith(LOGIN)
    assert signed_in_as(client) is None
    assert "signout.idle" in kinds()


def test_a_session_in_use_does_not_time_out(settings):
    settings.OPENECF_SESSION_IDLE_MINUTES = 30
    UserFactory.create(username="reader")
    client = browser()
    with time_machine.travel(NOW, tick=False):
        password_step(client, "reader")
    for minutes in (20, 40, 60):
        with time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/pacer/account/").status_code == 200


def test_logout_is_post_only_everywhere(cit):
    staff = clerk_of(cit)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client = browser()
    client.force_login(staff)
    assert client.get("/pacer/logout/").status_code == 405
    assert client.get("/admin/logout/").status_code == 405
    assert signed_in_as(client) == str(staff.pk)
    assert Client(enforce_csrf_checks=True).post("/pacer/logout/").status_code in (302, 403)
    assert client.post("/admin/logout/").status_code == 302
    assert signed_in_as(client) is None


def test_the_set_up_page_tells_a_clerk_why_it_asks(cit):
    client = browser()
    password_step(client, clerk_of(cit).username)
    page = client.get(SETUP).content.decode()
    assert "You have filing rights" not in page and "acts for a court" in page


@pytest.mark.parametrize(
    "next_url", ["//evil.com", "https://evil.com/admin/", "/pacer/account/", "/\\evil.com"]
)
def test_the_admins_login_only_sends_back_into_the_admin(next_url):
    response = browser().get("/admin/login/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/pacer/login/?next=%2Fadmin%2F"
