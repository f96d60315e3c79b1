"""Registration suspensions: windows, set by the PACER Service Center, during which no new PACER account
can be registered."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openecf.access.policy import Action, require
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.pacer.models import RegistrationSuspension

# The PACER Service Center announces dates in Eastern time, as the courts' notices do.
PSC_TIME_ZONE = ZoneInfo("America/New_York")
SUSPENSIONS_LISTED = 50


def registration_suspension_current(now: dt.datetime | None = None) -> RegistrationSuspension | None:
    """The suspension covering this moment (start inclusive, resume moment exclusive), if any."""
    now = now or timezone.now()
    return (
        RegistrationSuspension.objects.filter(starts_at__lte=now, ends_at__gt=now)
        .order_by("-ends_at")
        .first()
    )


def _long_date(moment: dt.datetime) -> str:
    return f"{moment:%A, %B} {moment.day}, {moment.year}"


def registration_suspension_message(suspension: RegistrationSuspension) -> str:
    """E.g. 'Registrations for new PACER accounts are suspended through Sunday, March 15, 2020. ...'."""
    resume = suspension.ends_at.astimezone(PSC_TIME_ZONE)
    last_moment = (suspension.ends_at - dt.timedelta(microseconds=1)).astimezone(PSC_TIME_ZONE)
    resume_text = _long_date(resume)
    if resume.timetz().replace(tzinfo=None) != dt.time(0, 0):
        resume_text += f" at {resume.hour % 12 or 12}:{resume:%M %p} Eastern Time"
    message = (
        f"Registrations for new PACER accounts are temporarily suspended through {_long_date(last_moment)}. "
        f"Registrations will resume on {resume_text}."
    )
    if suspension.reason:
        message += f" {suspension.reason}"
    return message


def registration_open_check(now: dt.datetime | None = None) -> None:
    suspension = registration_suspension_current(now)
    if suspension is not None:
        raise Conflict(registration_suspension_message(suspension), code="registration_suspended")


@transaction.atomic
def registration_suspension_set(
    *, starts_at: dt.datetime, ends_at: dt.datetime, reason: str, acting_user: User | None
) -> RegistrationSuspension:
    admin = require(acting_user, Action.PSC_ADMIN)
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise InvalidInput("Give the suspension's start and end with their time zone.", field="starts_at")
    for moment, field in ((starts_at, "starts_at"), (ends_at, "ends_at")):
        try:
            moment.astimezone(dt.UTC)  # as the database stores it: 31 Dec 9999 late in the day is year 10000
        except OverflowError:
            raise InvalidInput(
                "Give a date and time before 31 December 9999, 19:00 Eastern time.", field=field
            ) from None
    if ends_at <= starts_at:
        raise InvalidInput("Registrations must resume after the suspension starts.", field="ends_at")
    if ends_at <= timezone.now():
        raise InvalidInput(
            "That window is already over; registrations would resume in the past.", field="ends_at"
        )
    suspension = RegistrationSuspension.objects.create(
        starts_at=starts_at, ends_at=ends_at, reason=reason.strip()[:300], created_by=admin
    )
    audit_event_record(
        kind="registration_suspension.set",
        acting_user=admin,
        subject=suspension,
        extra={
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "reason": suspension.reason,
        },
    )
    return suspension


@transaction.atomic
def registration_suspension_lift(*, suspension_id: int, acting_user: User | None) -> None:
    """End a suspension now (or drop one that has not started)."""
    admin = require(acting_user, Action.PSC_ADMIN)
    suspension = RegistrationSuspension.objects.select_for_update().filter(pk=suspension_id).first()
    now = timezone.now()
    if suspension is None or suspension.ends_at <= now:
        raise NotFound("That suspension is over or does not exist.")
    audit_event_record(
        kind="registration_suspension.lifted",
        acting_user=admin,
        subject=suspension,
        extra={"starts_at": suspension.starts_at.isoformat(), "ends_at": suspension.ends_at.isoformat()},
    )
    if suspension.starts_at >= now:
        suspension.delete()
    else:
        suspension.ends_at = now
        suspension.save(update_fields=["ends_at"])


def registration_suspensions_for_psc(user: User | None) -> QuerySet[RegistrationSuspension]:
    """The latest suspensions, newest first, for the PACER Service Center's page."""
    require(user, Action.PSC_ADMIN)
    return RegistrationSuspension.objects.order_by("-starts_at")[:SUSPENSIONS_LISTED]
