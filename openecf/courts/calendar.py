"""The court's calendar: its own time zone, office hours, federal holidays, the clerk's maintenance windows,
and the filing deadlines they move.

Every moment is judged in the court's time zone (`Court.time_zone`): a filing at 11:59:59 PM Eastern is
filed that day, though it is already tomorrow in UTC. A *court day* is a weekday that is not a federal
holiday. A day *filing is open* is a court day that no maintenance window touches (seed 002: filing
suspended from 8:00 AM Friday, March 13, 2020, so deadlines that fall that Friday move to Monday).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from openecf.courts.models import Court, MaintenanceWindow
from openecf.errors import InvalidInput, NotFound

# FRCP 6(a) and USCIT R. 6(a) count periods stated in days; none the courts set runs ten years.
DEADLINE_DAYS_MAX = 3650
SATURDAY = 5


def court_zone(court: Court) -> ZoneInfo:
    return ZoneInfo(court.time_zone)


def _aware(moment: dt.datetime, name: str = "moment") -> dt.datetime:
    if timezone.is_naive(moment):
        raise InvalidInput(f"{name}: give the time with its time zone.", code="naive_datetime", field=name)
    return moment


def court_now(court: Court) -> dt.datetime:
    """This moment on the court's clock (aware, in the court's zone)."""
    return timezone.now().astimezone(court_zone(court))


def court_date(court: Court, moment: dt.datetime) -> dt.date:
    """The date at the court when `moment` happened (a filing before local midnight is filed that day)."""
    return _aware(moment).astimezone(court_zone(court)).date()


def court_moment(court: Court, day: dt.date, time: dt.time) -> dt.datetime:
    """The moment (in UTC) the court's clocks show `time` on `day`; a wall time that happens twice (the hour clocks
    go back) is its first occurrence, one that never happens (the hour they go forward) is refused."""
    zone = court_zone(court)
    moment = dt.datetime.combine(day, time, tzinfo=zone)
    try:
        instant = moment.astimezone(dt.UTC)
    except OverflowError:
        raise InvalidInput(
            "Give a date and time before December 31, 9999.", code="date_out_of_range"
        ) from None
    # An aware time in the hour that repeats compares unequal to every other zone's (PEP 495): compare walls.
    if instant.astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise InvalidInput(
            f"There is no {_clock(time)} on {_long_date(day)} at the court: clocks move forward that night. "
            "Choose another time.",
            code="nonexistent_time",
        )
    return instant


def court_day_bounds(court: Court, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[local midnight, next local midnight) of `day` at the court, in UTC (23 or 25 hours on DST days)."""
    zone = court_zone(court)
    try:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=zone).astimezone(dt.UTC)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone).astimezone(dt.UTC)
    except OverflowError:
        raise InvalidInput("Give a date before December 31, 9999.", code="date_out_of_range") from None
    return start, end


def _clock(time: dt.time) -> str:
    return f"{time.hour % 12 or 12}:{time.minute:02d} {'AM' if time.hour < 12 else 'PM'}"


def _long_date(day: dt.date) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}"


def moment_text(court: Court, moment: dt.datetime) -> str:
    """E.g. 'Friday, March 13, 2020, 8:00 AM EDT', on the court's clock."""
    local = _aware(moment).astimezone(court_zone(court))
    return f"{_long_date(local.date())}, {_clock(local.time())} {local.tzname()}"


# --- holidays -------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _federal_holidays_of(year: int) -> Mapping[dt.date, str]:
    # The package's default US set without a state is the federal list of 5 U.S.C. 6103 with its observed
    # days (a Saturday holiday on the Friday before, a Sunday one on the Monday after); Inauguration Day is
    # only in its DC, Maryland and Virginia sets, and one-off executive-order closings only in "government".
    return dict(holidays.country_holidays("US", years=year, observed=True, language="en_US"))


def federal_holiday(day: dt.date) -> str | None:
    """The federal holiday the federal government observes on `day` (its name), or None."""
    return _federal_holidays_of(day.year).get(day)


def court_day(court: Court, day: dt.date) -> bool:
    """A weekday that is not a federal holiday (the court's offices open)."""
    return day.weekday() < SATURDAY and federal_holiday(day) is None


def after_office_hours(court: Court, moment: dt.datetime) -> bool:
    """Before the clerk's office opens or from the moment it closes, on the court's clock; all of a weekend
    or a federal holiday is after hours."""
    local = _aware(moment).astimezone(court_zone(court))
    if not court_day(court, local.date()):
        return True
    return not court.office_opens_at <= local.time() < court.office_closes_at


# --- maintenance windows -------------------------------------------------------------------------------


def _windows_in_force(court: Court) -> list[MaintenanceWindow]:
    return list(
        MaintenanceWindow.objects.filter(court=court, cancelled_at__isnull=True).order_by("starts_at", "pk")
    )


def filing_suspension(court: Court, moment: dt.datetime) -> MaintenanceWindow | None:
    """The window, not cancelled, in which `moment` falls (starts_at <= moment < ends_at), or None."""
    return (
        MaintenanceWindow.objects.filter(
            court=court, cancelled_at__isnull=True, starts_at__lte=_aware(moment), ends_at__gt=moment
        )
        .order_by("starts_at", "pk")
        .first()
    )


def upcoming_maintenance(
    court: Court, moment: dt.datetime, within_days: int | None = 14
) -> list[MaintenanceWindow]:
    """The windows, not cancelled, in force at `moment` or starting within `within_days` of it (all of those
    still ahead when None), earliest first: what filers are told about and the clerk may still cancel."""
    windows = MaintenanceWindow.objects.filter(
        court=court, cancelled_at__isnull=True, ends_at__gt=_aware(moment)
    )
    if within_days is not None:
        windows = windows.filter(starts_at__lt=moment + dt.timedelta(days=within_days))
    return list(windows.order_by("starts_at", "pk"))


def maintenance_window_get(court: Court, window_id: int) -> MaintenanceWindow:
    """One of the court's windows (cancelled or not); another court's is not found."""
    window = MaintenanceWindow.objects.filter(court=court, pk=window_id).select_related("court").first()
    if window is None:
        raise NotFound("That maintenance window does not exist.", code="maintenance_window_not_found")
    return window


def _touches(windows: Sequence[MaintenanceWindow], bounds: tuple[dt.datetime, dt.datetime]) -> bool:
    start, end = bounds
    return any(w.starts_at < end and w.ends_at > start for w in windows)


def _open(court: Court, day: dt.date, windows: Sequence[MaintenanceWindow]) -> bool:
    return court_day(court, day) and not _touches(windows, court_day_bounds(court, day))


def filing_open_on(court: Court, day: dt.date) -> bool:
    """Whether a deadline may fall on `day`: a court day (not a Saturday, Sunday or federal holiday) that no
    maintenance window in force touches.

    A window touches a day when it overlaps any part of [00:00, 24:00) of that day on the court's clock: filing
    suspended from 8:00 AM on a Friday takes the whole Friday, as seed 002 moved that Friday's deadlines to
    Monday. A window that ends exactly at midnight leaves the next day open; a cancelled window moves nothing.
    """
    return _open(court, day, _windows_in_force(court))


def deadline_move(court: Court, day: dt.date) -> dt.date:
    """`day` itself if filing is open then, else the next day it is (FRCP 6(a)(1)(C) and 6(a)(3): a deadline
    on a weekend, a legal holiday or a day the clerk's office is inaccessible runs to the next day that is
    none of these)."""
    windows = _windows_in_force(court)
    try:
        while not _open(court, day, windows):
            day += dt.timedelta(days=1)
    except OverflowError:
        raise InvalidInput("That deadline falls after December 31, 9999.", code="date_out_of_range") from None
    return day


def deadline_compute(court: Court, *, start: dt.date, days: int) -> dt.date:
    """The deadline `days` calendar days after the event of `start` (FRCP 6(a)(1), USCIT R. 6(a)(1): the day
    of the event is not counted, every later day is, the last one included), moved as `deadline_move` says."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= DEADLINE_DAYS_MAX:
        raise InvalidInput(
            f"days: give a whole number of days from 0 to {DEADLINE_DAYS_MAX}.",
            code="invalid_days",
            field="days",
        )
    try:
        last_day = start + dt.timedelta(days=days)
    except OverflowError:
        raise InvalidInput("That deadline falls after December 31, 9999.", code="date_out_of_range") from None
    return deadline_move(court, last_day)
