"""Standing on every request: disabling, password change and password reset end the account's other sessions
and revoke its API tokens; a disabled account's old session reads nothing beyond the public view."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from openecf.accounts.factories import PASSWORD
from openecf.accounts.models import AccountStatus, User
from openecf.accounts.services import account_disable, account_enable, account_sessions_end
from openecf.audit.models import AuditEvent
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.factories import CourtRoleFactory
from openecf.signin.models import ApiToken
from openecf.signin.tokens import api_token_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

NEW_PASSWORD = "a much longer new passphrase 42"
CASES = "/api/v1/courts/cit/cases"


@pytest.fixture
def sealed(cit):
    return case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 5, 2),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )


@pytest.fixture
def staff(cit) -> User:
    return CourtRoleFactory.create(court=cit, user__username="clerkx").user


def docket_html(case) -> str:
    return f"/{case.court_id}/cases/{case.pacer_case_number}/docket/"


def docket_api(case) -> str:
    return f"/api/v1/courts/{case.court_id}/cases/{case.pacer_case_number}/docket"


def session_of(user: User) -> Client:
    browser = Client(raise_request_exception=False)
    browser.force_login(user)
    return browser


def token_of(user: User) -> str:
    # As court staff get it: after a second factor.
    return api_token_issue(user=user, acting_user=user, second_factor=True)[1]


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def signed_out(browser: Client) -> bool:
    return SESSION_KEY not in browser.session


def test_the_staff_session_reads_the_sealed_case_before(staff, sealed):
    browser = session_of(staff)
    raw = token_of(staff)
    assert browser.get(docket_html(sealed)).status_code == 200
    assert browser.get(docket_api(sealed)).status_code == 200
    assert Client().get(docket_api(sealed), headers=bearer(raw)).status_code == 200


def test_disabling_ends_every_session_and_token(staff, sealed):
    browser = session_of(staff)
    raw = token_of(staff)
    account_disable(user=staff, acting_user=None, reason="Misuse")
    assert browser.get(docket_html(sealed)).status_code == 404
    assert signed_out(browser)
    assert browser.get(docket_api(sealed)).status_code == 404
    assert Client().get(docket_api(sealed), headers=bearer(raw)).status_code == 401
    assert Client().get(CASES, headers=bearer(raw)).status_code == 401
    assert not ApiToken.objects.filter(user=staff, revoked_at__isnull=True).exists()
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"account.disabled", "account.sessions_ended", "api_token.revoked_all"} <= kinds


def test_disabled_session_cannot_mint_a_token(staff):
    browser = session_of(staff)
    account_disable(user=staff, acting_user=None)
    assert browser.post("/pacer/account/tokens/", {"name": "x"}).status_code in (302, 404)
    assert not ApiToken.objects.filter(user=staff).exists()


def test_a_session_of_an_account_disabled_behind_the_services_back_ends_at_its_next_request(staff, sealed):
    # The middleware checks standing on every request, whatever changed the status.
    browser = session_of(staff)
    User.objects.filter(pk=staff.pk).update(status=AccountStatus.DISABLED)
    assert browser.get(docket_html(sealed)).status_code == 404
    assert signed_out(browser)
    assert AuditEvent.objects.filter(kind="signin.session_ended_disabled", subject_id=str(staff.pk)).exists()


def test_a_deactivated_accounts_session_is_dropped(staff, sealed):
    browser = session_of(staff)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert browser.get(docket_html(sealed)).status_code == 404
    assert signed_out(browser)


def test_enabling_again_needs_a_new_sign_in(staff, sealed):
    browser = session_of(staff)
    account_disable(user=staff, acting_user=None)
    account_enable(user=staff, acting_user=None)
    assert browser.get(docket_html(sealed)).status_code == 404
    assert session_of(staff).get(docket_html(sealed)).status_code == 200


def test_disabling_twice_is_refused(staff):
    account_disable(user=staff, acting_user=None)
    with pytest.raises(Exception, match="already disabled"):
        account_disable(user=staff, acting_user=None)


def test_password_change_keeps_this_session_and_ends_the_others(staff, sealed):
    elsewhere = session_of(staff)
    raw = token_of(staff)
    here = session_of(staff)
    response = here.post(
        "/pacer/account/password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    assert here.get(docket_html(sealed)).status_code == 200
    assert not signed_out(here)
    assert elsewhere.get(docket_html(sealed)).status_code == 404
    assert signed_out(elsewhere)
    assert Client().get(docket_api(sealed), headers=bearer(raw)).status_code == 401
    event = AuditEvent.objects.get(kind="account.sessions_ended")
    assert event.extra == {"kept_current": True}


def test_password_reset_ends_every_session_and_token(
    client, staff, sealed, mailoutbox, django_capture_on_commit_callbacks
):
    staff.email = "clerkx@example.com"
    staff.save(update_fields=["email"])
    browser = session_of(staff)
    raw = token_of(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/pacer/password-reset/", {"email": "clerkx@example.com"})
    link = re.search(r"http://testserver(/pacer/password-reset/\S+/)", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302, done.content
    assert browser.get(docket_html(sealed)).status_code == 404
    assert signed_out(browser)
    assert Client().get(docket_api(sealed), headers=bearer(raw)).status_code == 401


def test_account_sessions_end_keeps_only_the_given_request(staff, rf):
    first, second = session_of(staff), session_of(staff)
    account_sessions_end(staff, acting_user=None)
    staff.refresh_from_db()
    assert staff.session_generation == 1
    assert first.get("/pacer/account/").status_code == 302 and signed_out(first)
    assert second.get("/pacer/account/").status_code == 302 and signed_out(second)


def test_generation_zero_hashes_as_django_does(staff):
    # Sessions opened before the generation existed stay valid through the upgrade.
    from django.contrib.auth.base_user import AbstractBaseUser

    assert staff.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(staff)
    staff.session_generation = 1
    assert staff.get_session_auth_hash() != AbstractBaseUser.get_session_auth_hash(staff)
