"""The clerk's maintenance windows: setting one (and what is refused), cancelling or ending one, the audit."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openecf.accounts.factories import UserFactory
from openecf.audit.models import AuditEvent
from openecf.courts.calendar import filing_open_on, filing_suspension
from openecf.courts.models import MaintenanceWindow
from openecf.courts.services import (
    MAINTENANCE_NOTICE_MAX_LENGTH,
    maintenance_window_cancel,
    maintenance_window_set,
)
from openecf.errors import Conflict, InvalidInput, NotFound

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

EASTERN = ZoneInfo("America/New_York")
# January 14, 2020, the day of seed 002's notice, at noon in New York.
NOW = dt.datetime(2020, 1, 14, 12, 0, tzinfo=EASTERN)
NOTICE = (
    "Electronic filing is suspended from 8:00 am on Friday, March 13, 2020 through Sunday, March 15, 2020. "
    "Any filing deadlines that fall on Friday March 13, 2020 will be moved to Monday, March 16, 2020."
)


def eastern(text: str) -> dt.datetime:
    """'2020-03-13 08:00' on the court's clock."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=EASTERN)


def _set(court, clerk, **changes):
    fields = {
        "court": court,
        "starts_at": eastern("2020-03-13 08:00"),
        "ends_at": eastern("2020-03-16 00:00"),
        "notice": NOTICE,
        "acting_user": clerk,
    } | changes
    return maintenance_window_set(**fields)


def test_the_clerk_sets_seed_002s_window(cit, clerk):
    window = _set(cit, clerk, notice=f"  {NOTICE}\n")
    window.refresh_from_db()
    assert (window.court, window.created_by, window.cancelled_at) == (cit, clerk, None)
    assert window.starts_at == dt.datetime(2020, 3, 13, 12, 0, tzinfo=dt.UTC)
    assert window.ends_at == dt.datetime(2020, 3, 16, 4, 0, tzinfo=dt.UTC)
    assert window.notice == NOTICE
    assert filing_open_on(cit, dt.date(2020, 3, 13)) is False
    event = AuditEvent.objects.get(kind="maintenance_window.set")
    assert (event.acting_user, event.court, event.subject_id) == (clerk, cit, str(window.pk))
    assert event.extra == {
        "starts_at": "2020-03-13T12:00:00+00:00",
        "ends_at": "2020-03-16T04:00:00+00:00",
        "notice": NOTICE,
    }


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"starts_at": dt.datetime(2020, 3, 13, 8, 0)}, "starts_at", "naive_datetime"),  # noqa: DTZ001
        ({"ends_at": dt.datetime(2020, 3, 16, 0, 0)}, "ends_at", "naive_datetime"),  # noqa: DTZ001
        ({"ends_at": eastern("2020-03-13 08:00")}, "ends_at", "ends_before_start"),
        ({"ends_at": eastern("2020-03-12 08:00")}, "ends_at", "ends_before_start"),
        ({"starts_at": eastern("2020-01-14 11:54:59")}, "starts_at", "starts_in_past"),
        ({"starts_at": eastern("2019-03-13 08:00")}, "starts_at", "starts_in_past"),
        (
            {"starts_at": eastern("2020-01-14 11:56"), "ends_at": eastern("2020-01-14 11:59")},
            "ends_at",
            "ends_in_past",
        ),
        (
            {"starts_at": eastern("2022-03-13 08:00"), "ends_at": eastern("2022-03-14 00:00")},
            "starts_at",
            "starts_too_late",
        ),
        ({"ends_at": eastern("2020-04-13 08:00:01")}, "ends_at", "window_too_long"),
        ({"notice": ""}, "notice", "notice_required"),
        ({"notice": " \n\t "}, "notice", "notice_required"),
        ({"notice": "x" * (MAINTENANCE_NOTICE_MAX_LENGTH + 1)}, "notice", "notice_too_long"),
        ({"notice": "Filing \u202esuspended"}, "notice", "invalid"),
        ({"notice": "Filing\x00 suspended"}, "notice", "invalid"),
    ],
)
def test_what_is_refused_leaves_nothing_behind(cit, clerk, changes, field, code):
    with pytest.raises(InvalidInput) as refused:
        _set(cit, clerk, **changes)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert not MaintenanceWindow.objects.exists()
    assert not AuditEvent.objects.filter(kind__startswith="maintenance_window").exists()


def test_the_end_of_the_calendar_is_refused_not_a_crash(cit, clerk):
    with pytest.raises(InvalidInput) as refused:
        _set(cit, clerk, ends_at=dt.datetime(9999, 12, 31, 23, 0, tzinfo=EASTERN))
    assert refused.value.field == "ends_at"


def test_the_longest_window_and_the_longest_notice_are_taken(cit, clerk):
    window = _set(cit, clerk, ends_at=eastern("2020-04-13 08:00"), notice="x" * MAINTENANCE_NOTICE_MAX_LENGTH)
    assert window.ends_at - window.starts_at == dt.timedelta(days=31)


def test_a_start_typed_as_now_is_kept_as_now(cit, clerk):
    window = _set(cit, clerk, starts_at=eastern("2020-01-14 11:57"), ends_at=eastern("2020-01-14 13:00"))
    assert window.starts_at == NOW
    assert filing_suspension(cit, NOW) == window
    assert filing_suspension(cit, eastern("2020-01-14 11:59")) is None


def test_windows_of_a_court_do_not_overlap(cit, cafc, clerk):
    first = _set(cit, clerk)
    with pytest.raises(Conflict) as refused:
        _set(cit, clerk, starts_at=eastern("2020-03-15 20:00"), ends_at=eastern("2020-03-16 06:00"))
    assert refused.value.code == "window_overlaps"
    assert refused.value.message == (
        "Filing is already suspended from Friday, March 13, 2020, 8:00 AM EDT to Monday, March 16, 2020, "
        "12:00 AM EDT. Cancel that window first, or choose a time outside it."
    )
    assert list(MaintenanceWindow.objects.all()) == [first]
    # Back to back is not an overlap; another court's window never is; a cancelled one is gone.
    _set(cit, clerk, starts_at=eastern("2020-03-16 00:00"), ends_at=eastern("2020-03-16 06:00"))
    _set(cafc, clerk)
    maintenance_window_cancel(window=first, acting_user=clerk)
    _set(cit, clerk, starts_at=eastern("2020-03-13 09:00"), ends_at=eastern("2020-03-14 00:00"))
    assert MaintenanceWindow.objects.filter(court=cit, cancelled_at__isnull=True).count() == 2


def test_cancelling_a_window_before_it_starts_withdraws_it(cit, clerk):
    window = _set(cit, clerk)
    returned = maintenance_window_cancel(window=window, acting_user=clerk)
    window.refresh_from_db()
    assert window.cancelled_at == NOW and returned.cancelled_at == NOW
    assert window.ends_at == eastern("2020-03-16 00:00"), "the window as it was set stays on the record"
    assert filing_open_on(cit, dt.date(2020, 3, 13)) is True
    event = AuditEvent.objects.get(kind="maintenance_window.cancelled")
    assert (event.acting_user, event.court, event.subject_id) == (clerk, cit, str(window.pk))
    assert event.extra == {"starts_at": "2020-03-13T12:00:00+00:00", "ends_at": "2020-03-16T04:00:00+00:00"}
    with pytest.raises(Conflict) as refused:
        maintenance_window_cancel(window=window, acting_user=clerk)
    assert refused.value.message == "That maintenance window was already cancelled."
    assert AuditEvent.objects.filter(kind__startswith="maintenance_window.c").count() == 1


def test_cancelling_a_window_in_force_ends_it_now(cit, clerk):
    window = _set(cit, clerk)
    with time_machine.travel(eastern("2020-03-14 10:00"), tick=False):
        maintenance_window_cancel(window=window, acting_user=clerk)
        assert filing_suspension(cit, eastern("2020-03-14 10:00")) is None
    window.refresh_from_db()
    assert window.cancelled_at is None
    assert window.ends_at == eastern("2020-03-14 10:00")
    # Filers were told Friday's deadlines move: Friday stays taken.
    assert filing_open_on(cit, dt.date(2020, 3, 13)) is False
    assert filing_suspension(cit, eastern("2020-03-13 09:00")) == window
    event = AuditEvent.objects.get(kind="maintenance_window.ended")
    assert event.extra["ended_at"] == "2020-03-14T14:00:00+00:00"
    assert event.extra["ends_at"] == "2020-03-16T04:00:00+00:00"


def test_a_window_that_is_over_cannot_be_cancelled(cit, clerk):
    window = _set(cit, clerk)
    with time_machine.travel(eastern("2020-03-16 00:00"), tick=False), pytest.raises(Conflict) as refused:
        maintenance_window_cancel(window=window, acting_user=clerk)
    assert refused.value.code == "window_over"
    window.refresh_from_db()
    assert (window.cancelled_at, window.ends_at) == (None, eastern("2020-03-16 00:00"))


def test_a_window_gone_from_the_database_is_not_found(cit, clerk):
    window = _set(cit, clerk)
    ghost = MaintenanceWindow(pk=window.pk + 1000, court=cit, created_by=UserFactory.create())
    with pytest.raises(NotFound):
        maintenance_window_cancel(window=ghost, acting_user=clerk)
