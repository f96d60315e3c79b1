"""Linking a court's legacy CM/ECF login to a PACER account, unlinking by the help desk, the old login page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.test import Client

from openecf.access.policy import Action, may
from openecf.accounts.models import AccountStatus
from openecf.audit.models import AuditEvent
from openecf.courts.models import CourtRoleKind
from openecf.errors import Conflict, Forbidden, InvalidInput, NotFound
from openecf.filers.linking import (
    LINK_FAILED,
    filer_account_link,
    filer_account_link_verify,
    filer_account_unlink,
)
from openecf.filers.models import FilerRole, FilingAccessRequest, FilingRight
from openecf.filers.tests.helpers import (
    LEGACY_PASSWORD,
    confirm_mfa,
    legacy_user,
    make_legacy_login,
    make_staff,
    make_user,
    signed_in,
)

pytestmark = pytest.mark.django_db


def link(user, court, login="jdoe", password=LEGACY_PASSWORD):
    confirmation = filer_account_link_verify(user=user, court=court, login=login, password=password)
    return filer_account_link(user=user, court=court, confirmation=confirmation.token, acting_user=user)


# --- services ------------------------------------------------------------------------------------


def test_link_grants_the_logins_role_and_is_audited(cit):
    account = make_legacy_login(cit, bar_number="NY123")
    user = make_user("jane")
    linked = link(user, cit)
    assert linked.pk == account.pk
    account.refresh_from_db()
    assert account.linked_user == user
    assert account.linked_at is not None
    right = FilingRight.objects.get(user=user, court=cit)
    assert right.role == FilerRole.ATTORNEY
    assert right.bar_number == "NY123"
    event = AuditEvent.objects.get(kind="filer_account.linked")
    assert event.acting_user == user
    assert event.court == cit
    assert event.extra["login"] == "jdoe"
    assert LEGACY_PASSWORD not in str(event.extra)
    confirm_mfa(user)
    assert may(user, Action.FILE, court=cit)


def test_link_carries_pro_se_and_cif_roles(cit):
    make_legacy_login(cit, login="prose", role="pro se")
    make_legacy_login(cit, login="bpi", role="cif")
    link(make_user("p"), cit, login="prose")
    link(make_user("c"), cit, login="bpi")
    assert FilingRight.objects.get(user__username="p").role == FilerRole.PRO_SE
    assert FilingRight.objects.get(user__username="c").role == FilerRole.CONFIDENTIAL_INFORMATION_FILER


def test_wrong_password_unknown_login_and_uppercase_login_fail_with_the_seed_message(cit):
    make_legacy_login(cit)
    user = make_user("jane")
    for login, password in (("jdoe", "wrong"), ("nobody", LEGACY_PASSWORD), ("JDoe", LEGACY_PASSWORD)):
        with pytest.raises(InvalidInput) as caught:
            filer_account_link_verify(user=user, court=cit, login=login, password=password)
        assert caught.value.message == LINK_FAILED
    assert AuditEvent.objects.filter(kind="filer_account.link_failed", acting_user=user).count() == 3
    assert not FilingRight.objects.exists()


def test_password_of_another_court_does_not_link(cit, cafc):
    make_legacy_login(cit, password="cit-password")
    make_legacy_login(cafc, password="cafc-password")
    with pytest.raises(InvalidInput, match="all lowercase"):
        filer_account_link_verify(user=make_user("jane"), court=cit, login="jdoe", password="cafc-password")


def test_shared_legacy_and_disabled_accounts_may_not_link(cit):
    make_legacy_login(cit)
    with pytest.raises(Forbidden, match="DO NOT login with a shared/firm PACER account"):
        link(make_user("firm", shared_account=True), cit)
    with pytest.raises(Forbidden, match="Upgrade it"):
        link(legacy_user(), cit)
    with pytest.raises(Forbidden, match="disabled"):
        link(make_user("off", status=AccountStatus.DISABLED), cit)
    assert not FilingRight.objects.exists()


def test_inactive_account_links_but_still_cannot_search(cit):
    make_legacy_login(cit)
    user = make_user("waiting", status=AccountStatus.INACTIVE)
    link(user, cit)
    assert FilingRight.objects.filter(user=user, court=cit).exists()
    assert not may(user, Action.SEARCH, court=cit)


def test_a_login_links_once_and_a_user_links_one_login_per_court(cit, cafc):
    make_legacy_login(cit)
    make_legacy_login(cit, login="jdoe2")
    make_legacy_login(cafc)
    jane = make_user("jane")
    link(jane, cit)
    with pytest.raises(Conflict, match="already linked"):
        link(make_user("mallory"), cit)
    with pytest.raises(Conflict, match="one CM/ECF login per court"):
        link(jane, cit, login="jdoe2")
    link(jane, cafc)
    assert FilingRight.objects.filter(user=jane).count() == 2


def test_a_confirmation_is_single_use_personal_and_bound_to_its_court(cit, cafc):
    make_legacy_login(cit)
    jane, mallory = make_user("jane"), make_user("mallory")
    confirmation = filer_account_link_verify(user=jane, court=cit, login="jdoe", password=LEGACY_PASSWORD)
    with pytest.raises(InvalidInput, match="not valid"):
        filer_account_link(user=mallory, court=cit, confirmation=confirmation.token, acting_user=mallory)
    with pytest.raises(InvalidInput, match="not valid"):
        filer_account_link(user=jane, court=cafc, confirmation=confirmation.token, acting_user=jane)
    with pytest.raises(InvalidInput, match="owner"):
        filer_account_link(user=jane, court=cit, confirmation=confirmation.token, acting_user=mallory)
    forged = signing.dumps({"u": jane.pk, "c": "cit", "a": 1}, salt="another-salt")
    with pytest.raises(InvalidInput, match="not valid"):
        filer_account_link(user=jane, court=cit, confirmation=forged, acting_user=jane)
    filer_account_link(user=jane, court=cit, confirmation=confirmation.token, acting_user=jane)
    with pytest.raises(Conflict, match="already linked"):
        filer_account_link(user=jane, court=cit, confirmation=confirmation.token, acting_user=jane)
    assert FilingRight.objects.filter(user=jane).count() == 1


def test_a_confirmation_expires(cit):
    make_legacy_login(cit)
    jane = make_user("jane")
    with time_machine.travel(dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC), tick=False):
        confirmation = filer_account_link_verify(user=jane, court=cit, login="jdoe", password=LEGACY_PASSWORD)
    with (
        time_machine.travel(dt.datetime(2026, 1, 5, 12, 11, tzinfo=dt.UTC), tick=False),
        pytest.raises(InvalidInput, match="expired"),
    ):
        filer_account_link(user=jane, court=cit, confirmation=confirmation.token, acting_user=jane)


def test_guessing_legacy_passwords_is_throttled(cit):
    make_legacy_login(cit)
    jane = make_user("jane")
    start = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            with pytest.raises(InvalidInput, match="all lowercase"):
                filer_account_link_verify(user=jane, court=cit, login="jdoe", password="guess")
        with pytest.raises(InvalidInput, match="Too many failed linking attempts"):
            filer_account_link_verify(user=jane, court=cit, login="jdoe", password=LEGACY_PASSWORD)
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert filer_account_link_verify(user=jane, court=cit, login="jdoe", password=LEGACY_PASSWORD).token


def test_help_desk_unlinks_and_the_login_can_be_linked_again(cit):
    account = make_legacy_login(cit)
    wrong = make_user("wrong")
    link(wrong, cit)
    help_desk = make_staff("helpdesk", cit, CourtRoleKind.HELP_DESK)
    filer_account_unlink(legacy_account=account, acting_user=help_desk, reason="Linked the wrong accounts")
    account.refresh_from_db()
    assert account.linked_user is None
    assert not may(wrong, Action.FILE, court=cit)
    assert FilingRight.objects.get(user=wrong).revoked_at is not None
    event = AuditEvent.objects.get(kind="filer_account.unlinked")
    assert event.acting_user == help_desk
    assert event.extra["reason"] == "Linked the wrong accounts"
    right_user = make_user("right")
    link(right_user, cit)
    assert FilingRight.objects.get(user=right_user, revoked_at__isnull=True)
    with pytest.raises(Conflict):
        filer_account_unlink(legacy_account=make_legacy_login(cit, login="never"), acting_user=help_desk)


def test_unlink_keeps_a_right_the_clerk_granted_on_request(cit):
    account = make_legacy_login(cit)
    jane = make_user("jane")
    link(jane, cit)
    FilingAccessRequest.objects.create(user=jane, court=cit, role=FilerRole.ATTORNEY, status="approved")
    filer_account_unlink(legacy_account=account, acting_user=make_staff("clerk2", cit, CourtRoleKind.CLERK))
    assert FilingRight.objects.get(user=jane).revoked_at is None


def test_only_that_courts_help_desk_or_clerk_unlinks(cit, cafc):
    account = make_legacy_login(cit)
    link(make_user("jane"), cit)
    for outsider in (
        make_staff("fc-help", cafc, CourtRoleKind.HELP_DESK),
        make_staff("cit-judge", cit, CourtRoleKind.JUDGE),
        make_user("jane-herself"),
    ):
        with pytest.raises(NotFound):
            filer_account_unlink(legacy_account=account, acting_user=outsider)
    account.refresh_from_db()
    assert account.linked_user is not None


# --- pages ----------------------------------------------------------------------------------------


def test_link_pages_confirm_both_accounts_then_link(client, cit):
    make_legacy_login(cit, name="Jane Q. Doe")
    jane = make_user("jane", first_name="Jane", last_name="Doe")
    signed_in(client, jane, cit)
    page = client.get("/cit/cmecf/utilities/link/")
    assert b'name="login"' in page.content
    assert b'name="password"' in page.content
    assert b"cannot be undone once you click Submit" in page.content
    confirm = client.post("/cit/cmecf/utilities/link/", {"login": "jdoe", "password": LEGACY_PASSWORD})
    assert confirm.status_code == 200
    assert b"Jane Q. Doe" in confirm.content
    assert b"jdoe" in confirm.content
    assert b"jane" in confirm.content
    assert b"cannot be undone once you click Submit" in confirm.content
    assert not FilingRight.objects.exists(), "nothing is linked before Submit"
    token = confirm.context["form"].initial["confirmation"]
    done = client.post("/cit/cmecf/utilities/link/confirm/", {"confirmation": token})
    assert done.status_code == 200
    assert b"From this point forward, use your upgraded PACER account credentials" in done.content
    assert FilingRight.objects.filter(user=jane, court=cit).exists()
    again = client.post("/cit/cmecf/utilities/link/confirm/", {"confirmation": token})
    assert again.status_code == 400
    assert b"already linked" in again.content


def test_failed_link_page_shows_the_seed_advice(client, cit):
    make_legacy_login(cit)
    signed_in(client, make_user("jane"), cit)
    response = client.post("/cit/cmecf/utilities/link/", {"login": "JDOE", "password": LEGACY_PASSWORD})
    assert response.status_code == 400
    assert LINK_FAILED.encode() in response.content
    assert LEGACY_PASSWORD.encode() not in response.content


def test_shared_account_sees_why_it_cannot_link(client, cit):
    make_legacy_login(cit)
    signed_in(client, make_user("firm", shared_account=True), cit)
    page = client.get("/cit/cmecf/utilities/link/")
    assert b"DO NOT login with a shared/firm PACER account" in page.content
    response = client.post("/cit/cmecf/utilities/link/", {"login": "jdoe", "password": LEGACY_PASSWORD})
    assert response.status_code == 400
    assert not FilingRight.objects.exists()


def test_link_page_needs_the_redaction_acknowledgment(client, cit):
    client.force_login(make_user("jane"))
    response = client.get("/cit/cmecf/utilities/link/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cit/cmecf/redaction/?next=/cit/cmecf/utilities/link/")


def test_help_desk_page_lists_and_unlinks_in_its_court_only(client, cit, cafc):
    account = make_legacy_login(cit)
    link(make_user("jane"), cit)
    help_desk = make_staff("helpdesk", cit, CourtRoleKind.HELP_DESK)
    other = make_staff("fc-help", cafc, CourtRoleKind.HELP_DESK)
    outsider = Client()
    outsider.force_login(other)
    assert outsider.get("/cit/cmecf/helpdesk/links/").status_code == 404
    assert outsider.post(f"/cit/cmecf/helpdesk/links/{account.pk}/unlink/").status_code == 404
    assert outsider.post(f"/cafc/cmecf/helpdesk/links/{account.pk}/unlink/").status_code == 404, "forged id"
    account.refresh_from_db()
    assert account.linked_user is not None
    client.force_login(help_desk)
    listing = client.get("/cit/cmecf/helpdesk/links/")
    assert listing.status_code == 200
    assert b"jdoe" in listing.content
    assert (
        client.post(f"/cit/cmecf/helpdesk/links/{account.pk}/unlink/", {"reason": "wrong"}).status_code == 302
    )
    account.refresh_from_db()
    assert account.linked_user is None
    assert client.post(f"/cit/cmecf/helpdesk/links/{account.pk}/unlink/").status_code == 409


def test_link_form_refuses_a_post_without_csrf_token(cit):
    make_legacy_login(cit)
    jane = make_user("jane")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(jane)
    page = strict.get("/cit/cmecf/redaction/")
    token = page.context["csrf_token"]
    assert strict.post("/cit/cmecf/redaction/", {"acknowledge": "on"}).status_code == 403
    assert (
        strict.post("/cit/cmecf/redaction/", {"acknowledge": "on", "csrfmiddlewaretoken": token}).status_code
        == 302
    )
    refused = strict.post("/cit/cmecf/utilities/link/", {"login": "jdoe", "password": LEGACY_PASSWORD})
    assert refused.status_code == 403
    assert not AuditEvent.objects.filter(kind__startswith="filer_account").exists()
    token = strict.get("/cit/cmecf/utilities/link/").context["csrf_token"]
    confirm = strict.post(
        "/cit/cmecf/utilities/link/",
        {"login": "jdoe", "password": LEGACY_PASSWORD, "csrfmiddlewaretoken": token},
    )
    confirmation = confirm.context["form"].initial["confirmation"]
    assert (
        strict.post("/cit/cmecf/utilities/link/confirm/", {"confirmation": confirmation}).status_code == 403
    )
    assert not FilingRight.objects.exists()


@pytest.mark.parametrize("reason", ["Asked by the filer\u202e", "x" * 501, "bad\x00reason"])
def test_an_unlink_with_a_refused_reason_is_400_and_unlinks_nothing(client, cit, reason):
    account = make_legacy_login(cit)
    link(make_user("jane"), cit)
    client.force_login(make_staff("helpdesk", cit, CourtRoleKind.HELP_DESK))
    response = client.post(f"/cit/cmecf/helpdesk/links/{account.pk}/unlink/", {"reason": reason})
    assert response.status_code == 400
    assert 'id="unlink-error"' in response.content.decode()
    account.refresh_from_db()
    assert account.linked_user is not None
    assert not AuditEvent.objects.filter(kind__contains="unlink").exists()
