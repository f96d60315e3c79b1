"""The clerk's office's page of maintenance windows: set and cancel on the court's clock; nobody else sees it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openecf.audit.models import AuditEvent
from openecf.courts.calendar import filing_open_on
from openecf.courts.models import CourtRoleKind, MaintenanceWindow
from openecf.courts.services import maintenance_window_set
from openecf.filers.tests.helpers import confirm_mfa, grant_right, make_staff, make_user, signed_in

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
NOW = dt.datetime(2020, 1, 14, 12, 0, tzinfo=EASTERN)
PAGE = "/cit/cmecf/clerk/maintenance/"
NOTICE = "Electronic filing will resume on Monday, March 16, 2020."
SEED_002 = {
    "starts_on": "2020-03-13",
    "starts_time": "08:00",
    "ends_on": "2020-03-16",
    "ends_time": "00:00",
    "notice": NOTICE,
}


@pytest.fixture
def clerk_client(client, clerk, frozen):
    client.force_login(clerk)
    return client


def _window(court, clerk, starts_at, ends_at, notice=NOTICE):
    return maintenance_window_set(
        court=court, starts_at=starts_at, ends_at=ends_at, notice=notice, acting_user=clerk
    )


def test_the_clerk_sets_a_window_on_the_courts_clock(clerk_client, cit, clerk):
    page = clerk_client.get(PAGE)
    assert page.status_code == 200
    assert b"No maintenance window is in effect or set." in page.content
    assert b'id="maintenance-form"' in page.content
    done = clerk_client.post(PAGE, SEED_002)
    assert (done.status_code, done["Location"]) == (302, PAGE)
    window = MaintenanceWindow.objects.get()
    assert window.starts_at == dt.datetime(2020, 3, 13, 12, 0, tzinfo=dt.UTC)
    assert window.ends_at == dt.datetime(2020, 3, 16, 4, 0, tzinfo=dt.UTC)
    assert (window.notice, window.created_by, window.court) == (NOTICE, clerk, cit)
    assert AuditEvent.objects.get(kind="maintenance_window.set").acting_user == clerk
    assert filing_open_on(cit, dt.date(2020, 3, 13)) is False
    listed = clerk_client.get(PAGE).content.decode()
    assert f'id="maintenance-window-{window.pk}"' in listed
    assert "Friday, March 13, 2020, 8:00 AM EDT" in listed
    assert "Monday, March 16, 2020, 12:00 AM EDT" in listed
    assert NOTICE in listed


def test_the_clerk_cancels_a_window_and_ends_one_in_force(clerk_client, cit, clerk):
    later = _window(
        cit, clerk, dt.datetime(2020, 3, 13, 8, tzinfo=EASTERN), dt.datetime(2020, 3, 16, tzinfo=EASTERN)
    )
    page = clerk_client.get(PAGE).content.decode()
    assert f'id="maintenance-window-{later.pk}-cancel">Cancel<' in page
    done = clerk_client.post(f"{PAGE}{later.pk}/cancel/")
    assert (done.status_code, done["Location"]) == (302, PAGE)
    later.refresh_from_db()
    assert later.cancelled_at == NOW
    assert f'id="maintenance-window-{later.pk}"' not in clerk_client.get(PAGE).content.decode()
    # Cancelled twice: the page says so, with the status of the refusal.
    again = clerk_client.post(f"{PAGE}{later.pk}/cancel/")
    assert again.status_code == 409
    assert b"That maintenance window was already cancelled." in again.content
    now_on = _window(cit, clerk, NOW, dt.datetime(2020, 1, 14, 18, tzinfo=EASTERN))
    assert f'id="maintenance-window-{now_on.pk}-cancel">End now<' in clerk_client.get(PAGE).content.decode()
    # Ten minutes on (the session is still awake): filing resumes then.
    with time_machine.travel(dt.datetime(2020, 1, 14, 12, 10, tzinfo=EASTERN), tick=False):
        ended = clerk_client.post(f"{PAGE}{now_on.pk}/cancel/")
    assert (ended.status_code, ended["Location"]) == (302, PAGE)
    now_on.refresh_from_db()
    assert now_on.ends_at == dt.datetime(2020, 1, 14, 12, 10, tzinfo=EASTERN)
    assert AuditEvent.objects.filter(kind="maintenance_window.ended", acting_user=clerk).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_on": "2020-02-30"}, "Enter a valid date."),
        ({"starts_on": ""}, "This field is required."),
        ({"ends_time": "25:00"}, "Enter a valid time."),
        ({"notice": ""}, "This field is required."),
        ({"notice": "Filing \u202esuspended"}, "Remove the text-direction control characters"),
        ({"ends_on": "2020-03-13", "ends_time": "07:00"}, "Filing must resume after it is suspended."),
        ({"starts_on": "2020-01-13"}, "That start is in the past; a window starts now or later."),
        ({"ends_on": "2020-05-16"}, "A maintenance window may last at most 31 days."),
        ({"starts_on": "2020-03-08", "starts_time": "02:30"}, "There is no 2:30 AM on Sunday, March 8, 2020"),
        ({"ends_on": "9999-12-31", "ends_time": "23:00"}, "before December 31, 9999"),
    ],
)
def test_bad_dates_and_notices_answer_400_and_change_nothing(clerk_client, changes, message):
    refused = clerk_client.post(PAGE, SEED_002 | changes)
    assert refused.status_code == 400
    assert message in refused.content.decode()
    assert not MaintenanceWindow.objects.exists()
    assert not AuditEvent.objects.filter(kind__startswith="maintenance_window").exists()


def test_a_refused_time_is_shown_beside_its_field(clerk_client):
    refused = clerk_client.post(PAGE, SEED_002 | {"ends_on": "2020-03-08", "ends_time": "02:30"})
    assert refused.status_code == 400
    assert 'id="id_ends_on-error"' in refused.content.decode()


def test_an_overlapping_window_is_refused_with_the_one_it_overlaps(clerk_client, cit, clerk):
    assert clerk_client.post(PAGE, SEED_002).status_code == 302
    refused = clerk_client.post(PAGE, SEED_002 | {"starts_on": "2020-03-15", "ends_on": "2020-03-17"})
    assert refused.status_code == 400
    assert "Filing is already suspended from Friday, March 13, 2020, 8:00 AM EDT" in refused.content.decode()
    assert MaintenanceWindow.objects.count() == 1


def test_nobody_outside_the_clerks_office_finds_the_page(client, cit, cafc, clerk, frozen):
    window = _window(
        cit, clerk, dt.datetime(2020, 3, 13, 8, tzinfo=EASTERN), dt.datetime(2020, 3, 16, tzinfo=EASTERN)
    )
    attorney = make_user("attorney")
    grant_right(attorney, cit)
    confirm_mfa(attorney)
    others = [
        signed_in(client, attorney, cit),
        _logged_in(make_staff("cafc.clerk", cafc, CourtRoleKind.CLERK)),
        _logged_in(make_staff("cit.judge", cit, CourtRoleKind.JUDGE)),
    ]
    for other in others:
        assert other.get(PAGE).status_code == 404
        assert other.post(PAGE, SEED_002).status_code == 404
        assert other.post(f"{PAGE}{window.pk}/cancel/").status_code == 404
    window.refresh_from_db()
    assert window.cancelled_at is None
    assert MaintenanceWindow.objects.count() == 1


def test_another_courts_clerk_cannot_cancel_through_their_own_court(client, cit, cafc, clerk, frozen):
    window = _window(
        cit, clerk, dt.datetime(2020, 3, 13, 8, tzinfo=EASTERN), dt.datetime(2020, 3, 16, tzinfo=EASTERN)
    )
    cafc_clerk = _logged_in(make_staff("cafc.clerk", cafc, CourtRoleKind.CLERK))
    assert cafc_clerk.get("/cafc/cmecf/clerk/maintenance/").status_code == 200
    assert cafc_clerk.post(f"/cafc/cmecf/clerk/maintenance/{window.pk}/cancel/").status_code == 404
    window.refresh_from_db()
    assert window.cancelled_at is None


def test_the_help_desk_may_set_windows(cit, frozen):
    help_desk = _logged_in(make_staff("cit.help", cit, CourtRoleKind.HELP_DESK))
    assert help_desk.post(PAGE, SEED_002).status_code == 302


def test_signing_in_comes_first(client, cit):
    response = client.get(PAGE)
    assert (response.status_code, response["Location"]) == (302, f"/pacer/login/?next={PAGE}")
    assert client.post(PAGE, SEED_002).status_code == 302
    assert not MaintenanceWindow.objects.exists()
    assert client.get("/nosuchcourt/cmecf/clerk/maintenance/").status_code == 404


def test_the_staff_menu_links_the_page_for_the_clerks_office_only(client, cit, clerk):
    client.force_login(clerk)
    assert PAGE in client.get("/").content.decode()
    judge = _logged_in(make_staff("cit.judge", cit, CourtRoleKind.JUDGE))
    assert PAGE not in judge.get("/").content.decode()


def _logged_in(user):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client
