"""The court's calendar: its clock, office hours, federal holidays, maintenance windows and the deadlines they
move (seed 002)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openecf.accounts.factories import UserFactory
from openecf.courts.calendar import (
    DEADLINE_DAYS_MAX,
    _federal_holidays_of,
    after_office_hours,
    court_date,
    court_day,
    court_day_bounds,
    court_moment,
    court_now,
    deadline_compute,
    deadline_move,
    federal_holiday,
    filing_open_on,
    filing_suspension,
    maintenance_window_get,
    moment_text,
    upcoming_maintenance,
)
from openecf.courts.models import Court, MaintenanceWindow
from openecf.errors import InvalidInput, NotFound

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")
UTC = dt.UTC


def eastern(text: str) -> dt.datetime:
    """'2020-03-13 08:00' on the court's clock."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=EASTERN)


def utc(text: str) -> dt.datetime:
    """'2020-03-13 08:00' on the UTC clock."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def window(court: Court, starts_at: dt.datetime, ends_at: dt.datetime, **fields) -> MaintenanceWindow:
    return MaintenanceWindow.objects.create(
        court=court,
        starts_at=starts_at,
        ends_at=ends_at,
        notice=fields.pop("notice", "NextGen CM/ECF upgrade."),
        created_by=UserFactory.create(),
        **fields,
    )


@pytest.fixture
def nextgen(cit):
    """Seed 002: filing suspended from 8:00 am Friday, March 13, 2020; it resumes Monday, March 16."""
    return window(cit, eastern("2020-03-13 08:00"), eastern("2020-03-16 00:00"))


# --- the court's clock -----------------------------------------------------------------------------------


def test_court_now_is_on_the_courts_clock(cit):
    with time_machine.travel(utc("2020-03-14 03:30"), tick=False):
        now = court_now(cit)
    assert now.utcoffset() == dt.timedelta(hours=-4)
    assert (now.date(), now.hour, now.minute) == (dt.date(2020, 3, 13), 23, 30)


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        # Daylight time: midnight Eastern is 04:00 UTC.
        (utc("2020-03-14 03:59:59"), dt.date(2020, 3, 13)),
        (utc("2020-03-14 04:00"), dt.date(2020, 3, 14)),
        # Standard time: midnight Eastern is 05:00 UTC.
        (utc("2020-01-15 04:59:59"), dt.date(2020, 1, 14)),
        (utc("2020-01-15 05:00"), dt.date(2020, 1, 15)),
        (eastern("2020-01-14 23:59:59"), dt.date(2020, 1, 14)),
        (eastern("2020-07-14 23:59:59"), dt.date(2020, 7, 14)),
    ],
)
def test_court_date_turns_at_the_courts_midnight_not_utcs(cit, moment, day):
    assert court_date(cit, moment) == day


def test_court_date_follows_the_courts_own_zone(cit):
    cit.time_zone = "America/Los_Angeles"
    # 11:59:59 PM Pacific is already 2:59:59 AM the next day in New York.
    assert court_date(cit, dt.datetime(2020, 1, 14, 23, 59, 59, tzinfo=PACIFIC)) == dt.date(2020, 1, 14)
    assert court_date(cit, utc("2020-01-15 07:59:59")) == dt.date(2020, 1, 14)


def test_a_time_without_its_zone_is_refused(cit):
    with pytest.raises(InvalidInput) as refused:
        court_date(cit, dt.datetime(2020, 1, 14, 12, 0))  # noqa: DTZ001
    assert refused.value.code == "naive_datetime"
    with pytest.raises(InvalidInput):
        after_office_hours(cit, dt.datetime(2020, 1, 14, 12, 0))  # noqa: DTZ001
    with pytest.raises(InvalidInput):
        filing_suspension(cit, dt.datetime(2020, 1, 14, 12, 0))  # noqa: DTZ001


def test_days_are_23_and_25_hours_long_when_the_clocks_change(cit):
    spring_start, spring_end = court_day_bounds(cit, dt.date(2020, 3, 8))
    assert (spring_start, spring_end) == (utc("2020-03-08 05:00"), utc("2020-03-09 04:00"))
    autumn_start, autumn_end = court_day_bounds(cit, dt.date(2020, 11, 1))
    assert (autumn_start, autumn_end) == (utc("2020-11-01 04:00"), utc("2020-11-02 05:00"))


def test_court_moment_on_the_days_the_clocks_change(cit):
    # 1:30 AM happens twice when the clocks go back: the first, daylight, one is meant.
    assert court_moment(cit, dt.date(2020, 11, 1), dt.time(1, 30)) == utc("2020-11-01 05:30")
    assert court_moment(cit, dt.date(2020, 11, 1), dt.time(3, 0)) == utc("2020-11-01 08:00")
    # 2:30 AM never happens when they go forward.
    with pytest.raises(InvalidInput) as refused:
        court_moment(cit, dt.date(2020, 3, 8), dt.time(2, 30))
    assert refused.value.code == "nonexistent_time"
    assert "2:30 AM on Sunday, March 8, 2020" in refused.value.message
    assert court_moment(cit, dt.date(2020, 3, 8), dt.time(3, 0)) == utc("2020-03-08 07:00")
    with pytest.raises(InvalidInput):
        court_moment(cit, dt.date(9999, 12, 31), dt.time(23, 0))


def test_moment_text_names_the_courts_time(cit):
    assert moment_text(cit, utc("2020-03-13 12:00")) == "Friday, March 13, 2020, 8:00 AM EDT"
    assert moment_text(cit, utc("2020-01-15 04:59")) == "Tuesday, January 14, 2020, 11:59 PM EST"
    assert moment_text(cit, utc("2020-01-15 17:05")) == "Wednesday, January 15, 2020, 12:05 PM EST"


# --- office hours ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "after_hours"),
    [
        (eastern("2020-03-09 08:29:59"), True),
        (eastern("2020-03-09 08:30"), False),
        (eastern("2020-03-09 16:59:59"), False),
        (eastern("2020-03-09 17:00"), True),
        (eastern("2020-03-09 23:59:59"), True),
        # 3:00 PM UTC is 11:00 AM Eastern in daylight time: office hours.
        (utc("2020-03-09 15:00"), False),
        # 9:00 PM UTC in January is 4:00 PM Eastern: still open; 10:00 PM UTC is 5:00 PM: closed.
        (utc("2020-01-14 21:00"), False),
        (utc("2020-01-14 22:00"), True),
        # Saturday and Sunday, all day.
        (eastern("2020-03-14 11:00"), True),
        (eastern("2020-03-15 11:00"), True),
        # Thanksgiving, and Christmas observed on Monday, December 26, 2022.
        (eastern("2020-11-26 11:00"), True),
        (eastern("2022-12-26 11:00"), True),
        (eastern("2022-12-27 11:00"), False),
    ],
)
def test_after_office_hours(cit, moment, after_hours):
    assert after_office_hours(cit, moment) is after_hours


def test_office_hours_are_the_courts_own(cafc):
    assert cafc.office_opens_at == dt.time(9, 0)
    assert after_office_hours(cafc, eastern("2020-03-09 08:45")) is True
    assert after_office_hours(cafc, eastern("2020-03-09 09:00")) is False


# --- federal holidays ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2020, 11, 26), "Thanksgiving Day"),
        (dt.date(2020, 12, 25), "Christmas Day"),
        # Christmas on a Sunday is observed on the Monday.
        (dt.date(2022, 12, 26), "Christmas Day (observed)"),
        # Juneteenth since 2021; on a Saturday it is observed on the Friday.
        (dt.date(2023, 6, 19), "Juneteenth National Independence Day"),
        (dt.date(2021, 6, 18), "Juneteenth National Independence Day (observed)"),
        (dt.date(2022, 6, 20), "Juneteenth National Independence Day (observed)"),
        # New Year's Day 2022 fell on a Saturday: observed on Friday, December 31, 2021.
        (dt.date(2021, 12, 31), "New Year's Day (observed)"),
        (dt.date(2020, 7, 3), "Independence Day (observed)"),
        (dt.date(2020, 1, 20), "Martin Luther King Jr. Day"),
        (dt.date(2020, 10, 12), "Columbus Day"),
    ],
)
def test_federal_holidays(day, name):
    assert federal_holiday(day) == name


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2020, 6, 19),  # before Juneteenth became a federal holiday
        dt.date(2021, 1, 20),  # Inauguration Day: a holiday in and around Washington only
        dt.date(2020, 11, 27),  # the day after Thanksgiving
        dt.date(2020, 12, 24),  # Christmas Eve (closed by executive order that year; not a federal holiday)
        dt.date(2020, 4, 10),  # Good Friday
        dt.date(2020, 3, 13),
    ],
)
def test_not_federal_holidays(day):
    assert federal_holiday(day) is None


def test_holidays_are_worked_out_once_a_year():
    _federal_holidays_of.cache_clear()
    federal_holiday(dt.date(2031, 1, 1))
    federal_holiday(dt.date(2031, 7, 4))
    federal_holiday(dt.date(2031, 12, 25))
    info = _federal_holidays_of.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_court_days(cit):
    assert court_day(cit, dt.date(2020, 3, 13)) is True
    assert court_day(cit, dt.date(2020, 3, 14)) is False
    assert court_day(cit, dt.date(2020, 3, 15)) is False
    assert court_day(cit, dt.date(2020, 11, 26)) is False


# --- maintenance windows: seed 002 -----------------------------------------------------------------------


def test_filing_is_suspended_from_8_am_friday_until_monday(cit, nextgen):
    assert filing_suspension(cit, eastern("2020-03-13 07:59:59")) is None
    assert filing_suspension(cit, eastern("2020-03-13 08:00")) == nextgen
    assert filing_suspension(cit, utc("2020-03-16 03:59:59")) == nextgen  # Sunday 11:59:59 PM Eastern
    assert filing_suspension(cit, eastern("2020-03-16 00:00")) is None
    assert filing_suspension(cit, utc("2020-03-16 00:00")) == nextgen  # 8:00 PM Sunday Eastern


def test_friday_of_the_window_is_not_open_and_monday_is(cit, nextgen):
    assert filing_open_on(cit, dt.date(2020, 3, 12)) is True
    assert filing_open_on(cit, dt.date(2020, 3, 13)) is False, "filing stops at 8:00 am: the day is taken"
    assert filing_open_on(cit, dt.date(2020, 3, 14)) is False
    assert filing_open_on(cit, dt.date(2020, 3, 15)) is False
    assert filing_open_on(cit, dt.date(2020, 3, 16)) is True, "the window ends at Monday's midnight"


def test_a_deadline_that_falls_on_friday_march_13_moves_to_monday_march_16(cit, nextgen):
    # 30 days after February 12, 2020 is Friday, March 13.
    assert deadline_compute(cit, start=dt.date(2020, 2, 12), days=30) == dt.date(2020, 3, 16)
    assert deadline_move(cit, dt.date(2020, 3, 13)) == dt.date(2020, 3, 16)
    assert deadline_compute(cit, start=dt.date(2020, 2, 11), days=30) == dt.date(2020, 3, 12)


def test_without_the_window_friday_march_13_is_a_deadline(cit):
    assert deadline_compute(cit, start=dt.date(2020, 2, 12), days=30) == dt.date(2020, 3, 13)


def test_a_cancelled_window_moves_nothing(cit, nextgen):
    nextgen.cancelled_at = eastern("2020-03-01 12:00")
    nextgen.save(update_fields=["cancelled_at"])
    assert filing_open_on(cit, dt.date(2020, 3, 13)) is True
    assert filing_suspension(cit, eastern("2020-03-13 09:00")) is None
    assert deadline_move(cit, dt.date(2020, 3, 13)) == dt.date(2020, 3, 13)


def test_another_courts_window_moves_nothing(cit, cafc, nextgen):
    assert filing_open_on(cafc, dt.date(2020, 3, 13)) is True
    assert filing_suspension(cafc, eastern("2020-03-13 09:00")) is None


def test_a_window_touches_the_days_of_the_courts_clock_not_utcs(cit):
    # 8:00-9:00 PM Eastern on Monday, March 16, 2020 is already Tuesday in UTC.
    window(cit, utc("2020-03-17 00:00"), utc("2020-03-17 01:00"))
    assert filing_open_on(cit, dt.date(2020, 3, 16)) is False
    assert filing_open_on(cit, dt.date(2020, 3, 17)) is True
    # One second before midnight takes the day; starting at midnight takes only the next one.
    window(cit, eastern("2020-03-18 23:59:59"), eastern("2020-03-19 00:00"))
    assert filing_open_on(cit, dt.date(2020, 3, 18)) is False
    assert filing_open_on(cit, dt.date(2020, 3, 19)) is True
    window(cit, eastern("2020-03-24 00:00"), eastern("2020-03-24 00:30"))
    assert filing_open_on(cit, dt.date(2020, 3, 23)) is True
    assert filing_open_on(cit, dt.date(2020, 3, 24)) is False


def test_the_night_the_clocks_go_back(cit):
    # Sunday, November 1, 2020 from 11:30 PM to midnight Eastern (standard time): 04:30 to 05:00 UTC Monday.
    # Read with daylight time's offset, it would reach 1:00 AM Monday.
    window(cit, utc("2020-11-02 04:30"), utc("2020-11-02 05:00"))
    assert filing_open_on(cit, dt.date(2020, 11, 2)) is True
    assert deadline_move(cit, dt.date(2020, 10, 31)) == dt.date(2020, 11, 2)
    window(cit, utc("2020-11-02 05:00"), utc("2020-11-02 05:30"))
    assert filing_open_on(cit, dt.date(2020, 11, 2)) is False
    assert deadline_move(cit, dt.date(2020, 10, 31)) == dt.date(2020, 11, 3)


def test_the_night_the_clocks_go_forward(cit):
    # Monday, March 9, 2020 starts at 04:00 UTC (daylight time); a window ending then leaves it open.
    window(cit, utc("2020-03-09 03:00"), utc("2020-03-09 04:00"))
    assert filing_open_on(cit, dt.date(2020, 3, 9)) is True
    window(cit, utc("2020-03-09 04:00"), utc("2020-03-09 04:30"))
    assert filing_open_on(cit, dt.date(2020, 3, 9)) is False


# --- deadlines: weekends and holidays --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "deadline"),
    [
        # Ends on Saturday, March 21, 2020: the next Monday.
        (dt.date(2020, 3, 7), 14, dt.date(2020, 3, 23)),
        # Ends on Sunday, March 22: Monday too.
        (dt.date(2020, 3, 8), 14, dt.date(2020, 3, 23)),
        # Ends on a Wednesday: stays.
        (dt.date(2020, 3, 4), 14, dt.date(2020, 3, 18)),
        # Thanksgiving (Thursday, November 26, 2020): Friday.
        (dt.date(2020, 10, 27), 30, dt.date(2020, 11, 27)),
        # Saturday, December 24, 2022: Sunday is Christmas, Monday its observed day: Tuesday.
        (dt.date(2022, 11, 24), 30, dt.date(2022, 12, 27)),
        # Juneteenth, Monday, June 19, 2023: Tuesday.
        (dt.date(2023, 5, 20), 30, dt.date(2023, 6, 20)),
        # Friday, December 31, 2021, New Year's Day observed; then the weekend: Monday, January 3, 2022.
        (dt.date(2021, 12, 1), 30, dt.date(2022, 1, 3)),
        # Zero days: the day itself, moved if it must be.
        (dt.date(2020, 3, 14), 0, dt.date(2020, 3, 16)),
        (dt.date(2020, 3, 12), 0, dt.date(2020, 3, 12)),
    ],
)
def test_deadline_compute(cit, start, days, deadline):
    assert deadline_compute(cit, start=start, days=days) == deadline


def test_a_window_next_to_a_weekend_and_a_holiday_moves_the_deadline_past_all(cit):
    # Friday, July 3, 2020 is Independence Day observed; a window on Monday, July 6 sends it to Tuesday.
    window(cit, eastern("2020-07-06 06:00"), eastern("2020-07-06 10:00"))
    assert deadline_compute(cit, start=dt.date(2020, 6, 3), days=30) == dt.date(2020, 7, 7)
    # Two windows back to back: the deadline runs past both.
    window(cit, eastern("2020-07-07 18:00"), eastern("2020-07-08 01:00"))
    assert deadline_move(cit, dt.date(2020, 7, 3)) == dt.date(2020, 7, 9)


@pytest.mark.parametrize("days", [-1, DEADLINE_DAYS_MAX + 1, True, 1.5])
def test_deadline_days_out_of_range_are_refused(cit, days):
    with pytest.raises(InvalidInput) as refused:
        deadline_compute(cit, start=dt.date(2020, 3, 12), days=days)
    assert refused.value.field == "days"


def test_deadline_at_the_end_of_the_calendar_is_refused(cit):
    with pytest.raises(InvalidInput):
        deadline_compute(cit, start=dt.date(9999, 12, 20), days=20)
    with pytest.raises(InvalidInput):
        deadline_move(cit, dt.date(9999, 12, 31))


# --- windows filers are told about -----------------------------------------------------------------------


def test_upcoming_maintenance(cit, cafc):
    now = eastern("2020-03-01 12:00")
    over = window(cit, eastern("2020-02-28 20:00"), eastern("2020-02-29 08:00"))
    in_force = window(cit, eastern("2020-03-01 06:00"), eastern("2020-03-01 18:00"))
    soon = window(cit, eastern("2020-03-13 08:00"), eastern("2020-03-16 00:00"))
    later = window(cit, eastern("2020-03-20 08:00"), eastern("2020-03-21 00:00"))
    cancelled = window(cit, eastern("2020-03-05 08:00"), eastern("2020-03-06 00:00"), cancelled_at=now)
    window(cafc, eastern("2020-03-05 08:00"), eastern("2020-03-06 00:00"))
    assert upcoming_maintenance(cit, now) == [in_force, soon]
    assert upcoming_maintenance(cit, now, within_days=30) == [in_force, soon, later]
    assert upcoming_maintenance(cit, now, within_days=None) == [in_force, soon, later]
    assert upcoming_maintenance(cit, eastern("2020-03-01 18:00"), within_days=1) == []
    # A window is listed until it is over; a cancelled one never.
    earlier = upcoming_maintenance(cit, eastern("2020-02-01 00:00"), within_days=None)
    assert earlier == [over, in_force, soon, later]
    assert cancelled not in earlier


def test_maintenance_window_get_is_scoped_to_the_court(cit, cafc, nextgen):
    assert maintenance_window_get(cit, nextgen.pk) == nextgen
    with pytest.raises(NotFound):
        maintenance_window_get(cafc, nextgen.pk)
    with pytest.raises(NotFound):
        maintenance_window_get(cit, nextgen.pk + 1000)
