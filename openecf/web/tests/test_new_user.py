"""What a new user met: the header on a phone, refusals that link to their remedy, the staff menu, the
favicon, and the smaller faults of the first walk-through."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory

from openecf.access.policy import INACTIVE_ACCOUNT, NO_MFA
from openecf.accounts.models import AccountStatus, User
from openecf.cases.services import case_open
from openecf.courts.models import CourtRoleKind
from openecf.errors import Forbidden
from openecf.filers.access_requests import filing_access_request
from openecf.filers.models import FilerRole, FilingAccessRequest, RequestStatus
from openecf.filers.tests.helpers import grant_right, legacy_user, make_staff, make_user, signed_in
from openecf.signin.services import PREVIOUS_LOGIN_SESSION_KEY, signin_complete
from openecf.web.middleware import DomainErrorMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cit):
    return case_open(
        court=cit, caption="Acme Corp. v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )


def inactive_account() -> User:
    user = make_user("waiting")
    User.objects.filter(pk=user.pk).update(status=AccountStatus.INACTIVE)
    user.refresh_from_db()
    return user


# Phones: the USWDS header with its menu button, a named search button, tables that scroll in their box


def test_every_page_has_the_mobile_menu_a_favicon_and_the_uswds_script_without_inline_code(client, case):
    body = client.get("/cit/").content.decode()
    assert '<button type="button" class="usa-menu-btn">Menu</button>' in body
    assert 'class="usa-nav__close"' in body
    assert '<div class="usa-overlay"></div>' in body
    assert 'rel="icon"' in body
    assert "uswds/js/uswds.min.js" in body
    # Scripts come from files only (the Content-Security-Policy allows no inline script).
    for tag in body.split("<script")[1:]:
        assert tag.lstrip().startswith("src="), tag[:80]


def test_the_case_search_button_is_named_and_the_case_table_scrolls_in_its_box(client, case):
    body = client.get("/cit/").content.decode()
    assert 'aria-label="Search"' in body
    assert 'class="usa-table-container--scrollable" tabindex="0"' in body


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:4] == (
        b"\x00\x00\x01\x00"
    )


# An inactive account sees what the public sees, and is told where to enter its code


def test_an_inactive_account_sees_what_the_public_sees_and_where_to_activate(client, case):
    anonymous = client.get("/cit/")
    assert b"Acme Corp. v. United States" in anonymous.content
    client.force_login(inactive_account())
    for url in ("/cit/", f"/cit/cases/{case.pacer_case_number}/docket/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Acme Corp. v. United States" in response.content
        body = response.content.decode()
        assert 'id="account-notice"' in body
        assert 'href="/pacer/activate/"' in body


def test_a_legacy_account_is_told_to_upgrade_with_a_link(client, cit):
    signed_in(client, legacy_user(), cit)
    response = client.get("/cit/cmecf/utilities/link/")
    assert 'href="/pacer/upgrade/"' in response.content.decode()


def test_a_filer_without_an_authenticator_is_sent_to_its_set_up(client, cit):
    filer = make_user("filer.nomfa")
    grant_right(filer, cit)
    signed_in(client, filer, cit)
    body = client.get("/cit/cmecf/").content.decode()
    assert NO_MFA in body
    assert 'href="/pacer/account/#mfa"' in body


def test_a_refusal_page_links_to_the_remedy(cit):
    request = RequestFactory().get("/cit/")
    request.user = inactive_account()
    request.session = {}  # type: ignore[assignment]
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, Forbidden(INACTIVE_ACCOUNT))  # type: ignore[arg-type,return-value]
    assert response is not None and response.status_code == 403
    assert 'href="/pacer/activate/"' in response.content.decode()


# The court's staff find their tools: one staff menu per court, and links from the admin


def test_a_clerk_sees_the_staff_menu_of_the_court_on_every_page(client, cit):
    clerk = make_staff("cit.clerk", cit, CourtRoleKind.CLERK)
    client.force_login(clerk)
    body = client.get("/").content.decode()
    assert 'id="staff-menu-cit"' in body
    for address in (
        "/cit/cmecf/clerk/filing-access/",
        "/cit/cmecf/clerk/change-requests/",
        "/cit/cmecf/helpdesk/links/",
    ):
        assert f'href="{address}"' in body, address


def test_a_pacer_user_sees_no_staff_menu(client, cit):
    client.force_login(make_user("viewer"))
    body = client.get("/").content.decode()
    assert "staff-menu" not in body
    assert "/cmecf/clerk/" not in body


def test_the_psc_administrator_finds_the_psc_pages(client):
    psc = make_user("psc.admin", psc_admin=True)
    client.force_login(psc)
    body = client.get("/").content.decode()
    assert 'href="/pacer/psc/letters/"' in body
    assert 'href="/pacer/psc/suspensions/"' in body


def test_the_admin_index_links_to_the_clerks_queues(client, cit, clerk):
    client.force_login(clerk)
    body = client.get("/admin/").content.decode()
    assert 'href="/cit/cmecf/clerk/filing-access/"' in body
    assert 'href="/cit/cmecf/clerk/change-requests/"' in body
    assert 'href="/cit/cmecf/helpdesk/links/"' in body


# Smaller faults


def test_signing_in_keeps_the_previous_login_for_last_login(rf, cit):
    user = make_user("returning")
    before = dt.datetime(2024, 3, 4, 9, 15, 30, tzinfo=dt.UTC)
    User.objects.filter(pk=user.pk).update(last_login=before)
    user.refresh_from_db()
    user.backend = "django.contrib.auth.backends.ModelBackend"
    request = rf.post("/pacer/login/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    signin_complete(request=request, user=user, client_code="", second_factor="none")
    user.refresh_from_db()
    assert user.last_login is not None and user.last_login > before
    assert request.session[PREVIOUS_LOGIN_SESSION_KEY] == before.isoformat()


def test_last_login_shows_the_previous_login_not_this_one(client, cit):
    clerk = make_staff("cit.clerk", cit, CourtRoleKind.CLERK)
    client.force_login(clerk)  # as the PACER login does: last_login becomes now
    session = client.session
    session[PREVIOUS_LOGIN_SESSION_KEY] = dt.datetime(2024, 3, 4, 9, 15, 30, tzinfo=dt.UTC).isoformat()
    session.save()
    body = client.get("/cit/cmecf/").content.decode()
    assert "Last Login Mon Mar 04 09:15:30" in body


def test_court_staff_are_not_asked_for_the_filers_redaction_acknowledgment(client, cit):
    for role in (CourtRoleKind.CLERK, CourtRoleKind.HELP_DESK):
        client.force_login(make_staff(f"staff.{role}", cit, role))
        response = client.get("/cit/cmecf/")
        assert response.status_code == 200, role
        assert "/redaction/" not in response.get("Location", "")


def test_denying_without_a_reason_shows_the_queue_again_with_the_error(client, cit, clerk):
    applicant = make_user("applicant")
    asked = filing_access_request(
        user=applicant,
        court=cit,
        role=FilerRole.ATTORNEY,
        bar_number="NY-1",
        bar_state="New York",
        bar_admission_date=dt.date(2015, 1, 20),
        acting_user=applicant,
    )
    client.force_login(clerk)
    response = client.post(f"/cit/cmecf/clerk/filing-access/{asked.pk}/", {"decision": "deny", "reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="pending-requests"' in body
    assert "Give the reason for the denial" in body
    assert f'id="deny-{asked.pk}"' in body
    assert FilingAccessRequest.objects.get(pk=asked.pk).status == RequestStatus.PENDING


def test_ordinary_steps_use_primary_buttons_not_the_danger_colour():
    payment = render_to_string("pacer/registration/payment.html", {"steps": [], "step": 3})
    [next_button] = [tag for tag in payment.split("<button")[1:] if 'id="registration-skip-card"' in tag]
    assert "usa-button--secondary" not in next_button
    letters = render_to_string(
        "pacer/psc/letters.html",
        {"queued": [_Letter()], "mailed": []},
    )
    [mailed_button] = [tag for tag in letters.split("<button")[1:] if "-mailed" in tag]
    assert "usa-button--secondary" not in mailed_button


class _Letter:
    pk = 7
    queued_at = None

    class user:  # stands in for the letter's account in the template
        username = "waiting"
        address_line2 = ""

        @staticmethod
        def get_full_name() -> str:
            return "W. Aiting"


def test_the_cit_redaction_page_cites_the_cits_own_rule(client, cit):
    client.force_login(make_user("filer"))
    body = client.get("/cit/cmecf/redaction/").content.decode()
    assert "USCIT R. 5.2" in body
    assert "Fed. R. Civ. P. 5.2" not in body


def test_no_doubled_period_after_a_name_that_ends_with_one(client, cit, cafc):
    body = client.get("/").content.decode()
    assert "Washington D.C.." not in body
    assert "Washington D.C." in body
