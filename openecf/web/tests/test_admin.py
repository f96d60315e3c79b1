"""The clerk's-office admin is limited to the clerk's own court, and its actions go through services."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.audit.models import AuditEvent
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.factories import CourtRoleFactory
from openecf.courts.models import CourtRoleKind
from openecf.docket.services import docket_entry_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(cit, cafc):
    cit_case = case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    cafc_case = case_open(
        court=cafc,
        caption="Beta v. United States",
        date_filed=dt.date(2020, 1, 2),
        acting_user=None,
    )
    return cit_case, cafc_case


def test_clerk_sees_only_own_court(client, clerk, cases):
    client.force_login(clerk)
    listing = client.get("/admin/cases/case/")
    assert listing.status_code == 200
    assert b"Acme v. United States" in listing.content
    assert b"Beta v. United States" not in listing.content
    other = cases[1]
    assert client.get(f"/admin/cases/case/{other.pk}/change/").status_code in (302, 404)


def test_clerk_cannot_edit_or_delete_records_directly(client, clerk, cases):
    client.force_login(clerk)
    case = cases[0]
    response = client.post(f"/admin/cases/case/{case.pk}/change/", {"caption": "Changed"})
    case.refresh_from_db()
    assert case.caption == "Acme v. United States"
    assert response.status_code in (403, 200)
    assert client.post(f"/admin/cases/case/{case.pk}/delete/", {"post": "yes"}).status_code == 403


def test_seal_action_goes_through_the_service_and_is_audited(client, clerk, cases):
    client.force_login(clerk)
    case = cases[0]
    client.post(
        "/admin/cases/case/",
        {"action": "seal_cases", "_selected_action": [str(case.pk), str(cases[1].pk)]},
    )
    case.refresh_from_db()
    cases[1].refresh_from_db()
    assert case.restriction == CaseRestriction.SEALED
    assert cases[1].restriction == CaseRestriction.PUBLIC  # another court's case is out of the clerk's reach
    event = AuditEvent.objects.get(kind="case.restriction_changed")
    assert event.acting_user == clerk


def test_seal_entry_action(client, clerk, cases):
    entry = docket_entry_create(case=cases[0], text="Motion.", acting_user=None)
    client.force_login(clerk)
    client.post(
        "/admin/docket/docketentry/",
        {"action": "seal_entries", "_selected_action": [str(entry.pk)]},
    )
    entry.refresh_from_db()
    assert entry.restriction == "sealed"


def test_user_without_office_role_has_no_admin(client, cit):
    judge = CourtRoleFactory.create(
        court=cit, role=CourtRoleKind.JUDGE, user__username="judge", user__is_staff=True
    ).user
    client.force_login(judge)
    assert client.get("/admin/cases/case/").status_code == 403


# --- the admin has no login of its own ----------------------------------------------------------------

PASSWORD_CHANGE_FIELDS = {"old_password": "", "new_password1": "a", "new_password2": "a"}


@pytest.fixture
def staff_with_password(cit, fast_hashing):
    from openecf.accounts.factories import PASSWORD

    user = CourtRoleFactory.create(court=cit, user__username="deskclerk", user__is_staff=True).user
    return user, PASSWORD


def _no_session(client) -> bool:
    from django.contrib.auth import SESSION_KEY

    return SESSION_KEY not in client.session


@pytest.mark.parametrize("next_url", ["/admin/", "/admin/cases/case/", "https://evil.example/"])
def test_admin_login_sends_the_user_through_the_pacer_login(client, next_url):
    response = client.get("/admin/login/", {"next": next_url})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/pacer/login/?next=")
    assert "evil.example" not in location


def test_admin_pages_send_a_visitor_to_the_pacer_login(client):
    response = client.get("/admin/cases/case/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/pacer/login/?next=")
    assert "/admin/cases/case/" in response.redirect_chain[-1][0].replace("%2F", "/")


def test_admin_login_with_only_a_password_gives_no_session_to_a_disabled_account(client, staff_with_password):
    from openecf.accounts.models import AccountStatus, User

    user, password = staff_with_password
    User.objects.filter(pk=user.pk).update(status=AccountStatus.DISABLED)
    response = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": password})
    assert response.status_code == 302 and response["Location"].startswith("/pacer/login/")
    assert _no_session(client)
    assert client.get("/admin/").status_code == 302


def test_admin_login_with_only_a_password_gives_no_session_to_an_account_with_an_app(
    client, staff_with_password
):
    from openecf.filers.tests.helpers import confirm_mfa

    user, password = staff_with_password
    confirm_mfa(user)
    client.post("/admin/login/?next=/admin/", {"username": user.username, "password": password})
    assert _no_session(client)
    assert client.get("/admin/").status_code == 302


def test_the_pacer_login_of_staff_asks_for_the_second_factor_then_returns_to_the_admin(
    client, staff_with_password
):
    import pyotp

    from openecf.filers.tests.helpers import confirm_mfa

    user, password = staff_with_password
    device = confirm_mfa(user)
    first = client.post("/pacer/login/", {"username": user.username, "password": password, "next": "/admin/"})
    assert first.status_code == 302 and first["Location"] == "/pacer/login/verify/"
    assert _no_session(client), "a password alone is not a session"
    assert client.get("/admin/").status_code == 302, "the pending state is not signed in"
    done = client.post("/pacer/login/verify/", {"code": pyotp.TOTP(device.secret).now()})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(kind="signin.succeeded", subject_id=str(user.pk)).exists()


def test_a_signed_in_account_without_admin_access_gets_no_loop(client, cit):
    from openecf.accounts.factories import UserFactory

    client.force_login(UserFactory.create(username="reader"))
    response = client.get("/admin/login/", {"next": "/admin/"})
    assert response.status_code == 403


def test_a_disabled_accounts_live_session_has_no_admin(client, clerk, cases):
    from openecf.accounts.models import AccountStatus

    client.force_login(clerk)
    assert client.get("/admin/cases/case/").status_code == 200
    clerk.status = AccountStatus.DISABLED
    clerk.save(update_fields=["status"])
    assert client.get("/admin/cases/case/").status_code == 302


def test_admin_password_change_does_not_take_the_password_a(client, staff_with_password):
    user, password = staff_with_password
    client.force_login(user)
    form = client.get("/admin/password_change/")
    assert form.status_code == 302 and form["Location"].startswith("/pacer/account/")
    refused = client.post("/admin/password_change/", {**PASSWORD_CHANGE_FIELDS, "old_password": password})
    assert refused.status_code == 302
    user.refresh_from_db()
    assert user.check_password(password) and not user.check_password("a")
    assert not AuditEvent.objects.filter(kind="account.password_changed").exists()
    # My Account's form, where the admin sends it, refuses it by the NIST rule too.
    weak = client.post(
        "/pacer/account/password/",
        {"current_password": password, "new_password": "a", "new_password_confirm": "a"},
    )
    assert weak.status_code == 400
    user.refresh_from_db()
    assert user.check_password(password)


def test_a_password_change_from_the_admin_is_audited(client, staff_with_password):
    user, password = staff_with_password
    client.force_login(user)
    landing = client.get("/admin/password_change/", follow=True)
    assert landing.status_code == 200 and b'id="password-form"' in landing.content
    new = "a long and fresh admin passphrase"
    changed = client.post(
        "/pacer/account/password/",
        {"current_password": password, "new_password": new, "new_password_confirm": new},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEvent.objects.get(kind="account.password_changed").acting_user == user
    assert client.get("/admin/").status_code == 200, "this session stays signed in"


def test_admin_logout_is_the_pacer_logout(client, clerk):
    client.force_login(clerk)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert _no_session(client)
    assert AuditEvent.objects.filter(kind="signout", subject_id=str(clerk.pk)).exists()


def test_disabling_from_the_admin_goes_through_the_service_and_ends_the_session(client, clerk, cases):
    from django.test import Client

    from openecf.accounts.factories import UserFactory
    from openecf.accounts.models import AccountStatus

    root = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    clerks_browser = Client()
    clerks_browser.force_login(clerk)
    client.force_login(root)
    client.post("/admin/accounts/user/", {"action": "disable_accounts", "_selected_action": [str(clerk.pk)]})
    clerk.refresh_from_db()
    assert clerk.status == AccountStatus.DISABLED
    assert AuditEvent.objects.get(kind="account.disabled").acting_user == root
    assert clerks_browser.get("/admin/cases/case/").status_code == 302
    assert _no_session(clerks_browser)
