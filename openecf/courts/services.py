"""Writes to courts, their judges and the staff roles people hold in them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from courts_db import find_court_by_id
from django.db import transaction
from django.utils import timezone

from openecf.accounts.models import User
from openecf.accounts.services import account_admin_access_grant
from openecf.audit.services import audit_event_record
from openecf.courts.calendar import moment_text
from openecf.courts.models import Court, CourtKind, CourtRole, CourtRoleKind, Judge, MaintenanceWindow
from openecf.courts.roles import CLERKS_OFFICE
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.text import typed_text_check

_APPELLATE_ID = re.compile(r"^ca(\d{1,2}|dc|fc)$")

# Seat of the court → time zone, for courts created from courts-db, which has no time zone.
_PACIFIC = {"California", "Washington", "Oregon", "Nevada"}
_MOUNTAIN = {"Colorado", "Utah", "New Mexico", "Wyoming", "Montana", "Idaho"}
_CENTRAL = {
    "Texas", "Illinois", "Wisconsin", "Minnesota", "Iowa", "Missouri", "Arkansas", "Louisiana",
    "Mississippi", "Alabama", "Oklahoma", "Kansas", "Nebraska", "South Dakota", "North Dakota",
    "Tennessee",
}  # fmt: skip


def _time_zone_for(location: str) -> str:
    if location in _PACIFIC:
        return "America/Los_Angeles"
    if location in _MOUNTAIN:
        return "America/Denver"
    if location == "Arizona":
        return "America/Phoenix"
    if location in _CENTRAL:
        return "America/Chicago"
    if location == "Alaska":
        return "America/Anchorage"
    if location == "Hawaii":
        return "Pacific/Honolulu"
    return "America/New_York"


def court_kind_for(court_id: str) -> CourtKind:
    if _APPELLATE_ID.match(court_id) or court_id == "cavc":
        return CourtKind.APPELLATE
    if court_id.endswith("b") and court_id not in {"cob"}:
        return CourtKind.BANKRUPTCY
    return CourtKind.TRIAL


@transaction.atomic
def court_configure(*, court_id: str, acting_user: User | None, **fields: Any) -> Court:
    """Create a court, or update the given fields of an existing one."""
    court, created = Court.objects.select_for_update().get_or_create(id=court_id, defaults=fields)
    if not created and fields:
        for name, value in fields.items():
            setattr(court, name, value)
        court.save(update_fields=list(fields))
    audit_event_record(
        kind="court.created" if created else "court.changed",
        acting_user=acting_user,
        subject=court,
        court=court,
        extra={"fields": sorted(fields)},
    )
    return court


def court_get_or_create_from_courts_db(*, court_id: str, acting_user: User | None) -> Court:
    """The configured court, or a new one described by courts-db (any federal court id)."""
    existing = Court.objects.filter(id=court_id).first()
    if existing is not None:
        return existing
    matches = [c for c in find_court_by_id(court_id) if c.get("system") == "federal"]
    if not matches:
        raise InvalidInput(
            f"'{court_id}' is not a federal court id known to courts-db (e.g. 'cit', 'cafc', 'dcd').",
            code="unknown_court",
            field="court",
        )
    info = matches[0]
    kind = court_kind_for(court_id)
    location = str(info.get("location") or "")
    fields: dict[str, Any] = {
        "name": str(info["name"]),
        "kind": kind,
        "location": location,
        "time_zone": _time_zone_for(location),
        "website": str(info.get("court_url") or ""),
        "office_opens_at": dt.time(8, 30),
        "office_closes_at": dt.time(17, 0),
    }
    if kind == CourtKind.APPELLATE:
        fields |= {
            "pacer_case_number_format": "{yy}-{seq:04d}",
            "display_case_number_format": "{yy}-{seq:04d}",
            "first_case_sequence": 1001,
        }
    return court_configure(court_id=court_id, acting_user=acting_user, **fields)


@transaction.atomic
def judge_add(
    *,
    court: Court,
    name: str,
    initials: str = "",
    title: str = "Judge",
    chambers_email: str = "",
    acting_user: User | None,
) -> Judge:
    judge, created = Judge.objects.get_or_create(
        court=court,
        name=name,
        defaults={"initials": initials, "title": title, "chambers_email": chambers_email},
    )
    if created:
        audit_event_record(
            kind="judge.added",
            acting_user=acting_user,
            subject=judge,
            court=court,
            extra={"name": name},
        )
    return judge


@transaction.atomic
def court_role_grant(*, user: User, court: Court, role: CourtRoleKind, acting_user: User | None) -> CourtRole:
    """Give an account a staff role in a court; the clerk's office also gets the admin site."""
    if CourtRole.objects.filter(user=user, court=court, role=role).exists():
        raise Conflict(f"{user.username} already holds that role in {court.name}.")
    court_role = CourtRole.objects.create(user=user, court=court, role=role)
    if role in CLERKS_OFFICE:
        account_admin_access_grant(user=user, acting_user=acting_user)
    audit_event_record(
        kind="court_role.granted",
        acting_user=acting_user,
        subject=court_role,
        court=court,
        extra={"user": user.username, "role": role},
    )
    return court_role


@transaction.atomic
def court_role_revoke(*, court_role: CourtRole, acting_user: User | None) -> None:
    locked = CourtRole.objects.select_for_update().filter(pk=court_role.pk).first()
    if locked is None:
        raise NotFound("That role was already revoked.")
    audit_event_record(
        kind="court_role.revoked",
        acting_user=acting_user,
        subject=locked,
        court=locked.court,
        extra={"user": locked.user.username, "role": locked.role},
    )
    locked.delete()


# Maintenance windows (seed 002): the clerk suspends electronic filing for a while, with a notice to filers.
MAINTENANCE_NOTICE_MAX_LENGTH = 2000
MAINTENANCE_WINDOW_MAX = dt.timedelta(days=31)
MAINTENANCE_SET_AHEAD_MAX = dt.timedelta(days=730)
# A start the clerk typed as "now" is a minute or two old by the time the form is sent.
MAINTENANCE_START_GRACE = dt.timedelta(minutes=5)


def _maintenance_moment(moment: dt.datetime, field: str) -> dt.datetime:
    if not isinstance(moment, dt.datetime) or timezone.is_naive(moment):
        raise InvalidInput(
            "Give the date and time with the court's time zone.", code="naive_datetime", field=field
        )
    try:
        return moment.astimezone(dt.UTC)  # as the database keeps it
    except OverflowError:
        raise InvalidInput("Give a date and time before December 31, 9999.", field=field) from None


def _maintenance_notice(notice: str) -> str:
    text = typed_text_check(notice, name="notice", multiline=True).strip()
    if not text:
        raise InvalidInput("Type the notice filers will be shown.", code="notice_required", field="notice")
    if len(text) > MAINTENANCE_NOTICE_MAX_LENGTH:
        raise InvalidInput(
            f"The notice may be at most {MAINTENANCE_NOTICE_MAX_LENGTH} characters; it has {len(text)}.",
            code="notice_too_long",
            field="notice",
        )
    return text


@transaction.atomic
def maintenance_window_set(
    *, court: Court, starts_at: dt.datetime, ends_at: dt.datetime, notice: str, acting_user: User
) -> MaintenanceWindow:
    """Suspend electronic filing in the court from `starts_at` until `ends_at` (when filing resumes).

    Refused: a time without its zone; an end not after the start; a start more than five minutes ago (a start
    within them means now, and is kept as now); a start more than two years ahead; a window longer than 31
    days; an empty notice or one over 2,000 characters; a window overlapping another of the court's windows in
    force (cancel that one first). The caller has checked that `acting_user` is of the clerk's office.
    """
    starts_at = _maintenance_moment(starts_at, "starts_at")
    ends_at = _maintenance_moment(ends_at, "ends_at")
    text = _maintenance_notice(notice)
    now = timezone.now()
    if ends_at <= starts_at:
        raise InvalidInput(
            "Filing must resume after it is suspended.", code="ends_before_start", field="ends_at"
        )
    if starts_at < now - MAINTENANCE_START_GRACE:
        raise InvalidInput(
            "That start is in the past; a window starts now or later.",
            code="starts_in_past",
            field="starts_at",
        )
    starts_at = max(starts_at, now)
    if ends_at <= starts_at:
        raise InvalidInput("That window is already over.", code="ends_in_past", field="ends_at")
    if starts_at > now + MAINTENANCE_SET_AHEAD_MAX:
        raise InvalidInput(
            "A window may be set at most two years ahead; check the year.",
            code="starts_too_late",
            field="starts_at",
        )
    if ends_at - starts_at > MAINTENANCE_WINDOW_MAX:
        raise InvalidInput(
            "A maintenance window may last at most 31 days.", code="window_too_long", field="ends_at"
        )
    Court.objects.select_for_update().filter(pk=court.pk).first()  # one clerk's window at a time per court
    overlapping = (
        MaintenanceWindow.objects.filter(
            court=court, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .order_by("starts_at")
        .first()
    )
    if overlapping is not None:
        raise Conflict(
            f"Filing is already suspended from {moment_text(court, overlapping.starts_at)} to "
            f"{moment_text(court, overlapping.ends_at)}. Cancel that window first, or choose a time outside it.",
            code="window_overlaps",
            field="starts_at",
        )
    window = MaintenanceWindow.objects.create(
        court=court, starts_at=starts_at, ends_at=ends_at, notice=text, created_by=acting_user
    )
    audit_event_record(
        kind="maintenance_window.set",
        acting_user=acting_user,
        subject=window,
        court=court,
        extra={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat(), "notice": text},
    )
    return window


@transaction.atomic
def maintenance_window_cancel(*, window: MaintenanceWindow, acting_user: User) -> MaintenanceWindow:
    """Withdraw a window that has not started (it then moves nothing), or end one in force now (filing
    resumes; the days it touched stay closed to deadlines, as filers were told). One that is over stays."""
    locked = (
        MaintenanceWindow.objects.select_for_update().filter(pk=window.pk).select_related("court").first()
    )
    if locked is None:
        raise NotFound("That maintenance window does not exist.", code="maintenance_window_not_found")
    now = timezone.now()
    if locked.cancelled_at is not None:
        raise Conflict("That maintenance window was already cancelled.", code="window_cancelled")
    if locked.ends_at <= now:
        raise Conflict("That maintenance window is over; it stays on the record.", code="window_over")
    extra = {"starts_at": locked.starts_at.isoformat(), "ends_at": locked.ends_at.isoformat()}
    if locked.starts_at >= now:
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_at"])
        kind = "maintenance_window.cancelled"
    else:
        locked.ends_at = now
        locked.save(update_fields=["ends_at"])
        kind = "maintenance_window.ended"
        extra["ended_at"] = now.isoformat()
    audit_event_record(kind=kind, acting_user=acting_user, subject=locked, court=locked.court, extra=extra)
    window.cancelled_at, window.ends_at = locked.cancelled_at, locked.ends_at
    return locked
