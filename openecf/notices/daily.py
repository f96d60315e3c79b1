"""The Daily Summary: recipients who chose it get, after each court's midnight, one message with the court
day's notices instead of one message each; those who also asked for it get a "no activity" notice on days
without any.

Each summary is a DailySummary row (court, recipient, day), made before it is sent, so a second run sends
nothing twice. A notice planned after its day's summary went out waits for the next day's. Sending follows
the notices' own rule (openecf.notices.delivery): SENDING is committed before the message is handed to the
server and SENT after; one left SENDING by a dead process is sent again under the same Message-ID.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from openecf.accounts.models import SecondaryEmail, User
from openecf.audit.services import audit_event_record
from openecf.courts.calendar import court_date
from openecf.courts.models import Court
from openecf.filers.models import FilerRole, FilingRight
from openecf.filing.service_list import MAX_SECONDARY_ADDRESSES
from openecf.notices.entitlement import WITHHELD_REASON, may_receive
from openecf.notices.mailer import (
    BounceTarget,
    MailSession,
    SendFailure,
    addressed,
    attempts_exhausted,
    gave_up,
    summary_message_id,
)
from openecf.notices.models import (
    DailySummary,
    DeliveryState,
    NoticeDelivery,
    NoticeFormat,
    NoticeFrequency,
    NotificationPreference,
)
from openecf.notices.render import daily_summary_email, no_activity_email

logger = logging.getLogger(__name__)

UNSENT_STATES = (DeliveryState.PENDING, DeliveryState.RETRYING, DeliveryState.SENDING)
# Filers who are served notices; a filing agent is not on any service list and would hear "no activity" daily.
NOTICED_ROLES = (FilerRole.ATTORNEY, FilerRole.PRO_SE)


@dataclass
class DailyRun:
    """What one run did for one court and day."""

    court_id: str
    day: dt.date
    sent: list[int] = field(default_factory=list)  # summaries (and "no activity" notices) sent
    deferred: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def court_day_end(court: Court, day: dt.date) -> dt.datetime:
    """The court's midnight that ends `day` (aware)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=ZoneInfo(court.time_zone))


def court_yesterday(court: Court, now: dt.datetime | None = None) -> dt.date:
    """The last court day that has ended on the court's clock."""
    return court_date(court, now or timezone.now()) - dt.timedelta(days=1)


# --- planning -----------------------------------------------------------------------------------------------


@transaction.atomic
def daily_summaries_plan(*, court: Court, day: dt.date) -> list[int]:
    """Gather the court's notices waiting for a Daily Summary, up to the end of `day`, into one summary per
    recipient (made if missing); a recipient whose summary for the day is already sent gets them the next
    day. The ids of the day's summaries still to send."""
    waiting = list(
        NoticeDelivery.objects.select_for_update(of=("self",))
        .filter(
            state=DeliveryState.IN_SUMMARY,
            summary__isnull=True,
            notice__filing__court=court,
            notice__generated_at__lt=court_day_end(court, day),
        )
        .order_by("notice__generated_at", "pk")
    )
    by_recipient: dict[str, list[NoticeDelivery]] = defaultdict(list)
    for delivery in waiting:
        by_recipient[delivery.recipient_key].append(delivery)
    for key, deliveries in by_recipient.items():
        summary, created = DailySummary.objects.get_or_create(
            court=court,
            recipient_key=key,
            day=day,
            defaults={
                "addresses": deliveries[-1].addresses,
                "message_id": summary_message_id(court.pk, day, key),
            },
        )
        if summary.state not in UNSENT_STATES:
            continue
        NoticeDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(summary=summary)
        audit_event_record(
            kind="daily_summary.planned",
            acting_user=None,
            subject=summary,
            court=court,
            extra={
                "day": day.isoformat(),
                "recipient": key,
                "notices": [d.notice_id for d in deliveries],
                "new": created,
            },
        )
    return list(
        DailySummary.objects.filter(court=court, day=day, state__in=UNSENT_STATES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _account_addresses(user: User) -> list[str]:
    addresses = [user.email] if user.email else []
    for email in SecondaryEmail.objects.filter(user=user).order_by("pk").values_list("email", flat=True):
        if email.lower() not in {known.lower() for known in addresses}:
            addresses.append(email)
    return addresses[: 1 + MAX_SECONDARY_ADDRESSES]


def _keys_of(right: FilingRight) -> list[str]:
    keys = [f"account:{right.user_id}"]
    if right.attorney_id is not None:
        keys.insert(0, f"attorney:{right.attorney_id}")
    return keys


@transaction.atomic
def no_activity_plan(*, court: Court, day: dt.date) -> list[int]:
    """A "no activity" notice (a summary without notices) for each account that asked for one and holds a
    filing right in the court, and got no summary for the day; their ids."""
    rights = (
        FilingRight.objects.filter(
            court=court,
            revoked_at__isnull=True,
            role__in=NOTICED_ROLES,
            user__is_active=True,
            user__notification_preference__frequency=NoticeFrequency.DAILY,
            user__notification_preference__no_activity_notice=True,
        )
        .select_related("user")
        .order_by("user_id", "pk")
    )
    keys_by_user: dict[int, list[str]] = defaultdict(list)
    users: dict[int, User] = {}
    for right in rights:
        users[right.user_id] = right.user
        keys_by_user[right.user_id].extend(k for k in _keys_of(right) if k not in keys_by_user[right.user_id])
    had_summary = set(
        DailySummary.objects.filter(court=court, day=day).values_list("recipient_key", flat=True)
    )
    planned = []
    for user_id, keys in keys_by_user.items():
        addresses = _account_addresses(users[user_id])
        if any(key in had_summary for key in keys) or not addresses:
            continue
        key = keys[0]
        summary, created = DailySummary.objects.get_or_create(
            court=court,
            recipient_key=key,
            day=day,
            defaults={"addresses": addresses, "message_id": summary_message_id(court.pk, day, key)},
        )
        if created:
            audit_event_record(
                kind="daily_summary.no_activity_planned",
                acting_user=None,
                subject=summary,
                court=court,
                extra={"day": day.isoformat(), "recipient": key, "account": users[user_id].username},
            )
        planned.append(summary.pk)
    return planned


# --- sending ------------------------------------------------------------------------------------------------


def _row_locks() -> bool:
    return bool(connection.features.has_select_for_update_skip_locked)


def _claim(summary_id: int) -> int | None:
    """Mark the summary SENDING and count the attempt (committed); None if it is not ours to send."""
    with transaction.atomic():
        rows = DailySummary.objects.filter(pk=summary_id)
        if _row_locks():
            # Locked: a live sender has it. Unlocked and SENDING: its sender died.
            rows = rows.select_for_update(skip_locked=True)
        summary = rows.first()
        if summary is None or summary.state not in UNSENT_STATES:
            return None
        summary.state = DeliveryState.SENDING
        summary.attempts += 1
        summary.save(update_fields=["state", "attempts"])
        return summary.attempts


def _preferred_format(summary: DailySummary) -> str:
    """A "no activity" notice's format: the account's preference (its summaries take their deliveries')."""
    kind, _, number = summary.recipient_key.partition(":")
    users = User.objects.none()
    if kind == "account" and number.isdigit():
        users = User.objects.filter(pk=int(number))
    elif kind == "attorney" and number.isdigit():
        users = User.objects.filter(
            filing_rights__attorney_id=int(number),
            filing_rights__court=summary.court,
            filing_rights__revoked_at__isnull=True,
        )
    preference = NotificationPreference.objects.filter(user__in=users).first()
    return preference.format if preference is not None else NoticeFormat.HTML


def _compose(summary: DailySummary) -> tuple[list[NoticeDelivery], EmailMessage]:
    deliveries = list(
        summary.deliveries.select_related(
            "notice__filing__court",
            "notice__filing__case__court",
            "notice__filing__event",
            "notice__filing__docket_entry",
        ).order_by("notice__generated_at", "pk")
    )
    withheld = [delivery.pk for delivery in deliveries if not may_receive(delivery)]
    if withheld:
        NoticeDelivery.objects.filter(pk__in=withheld, state=DeliveryState.IN_SUMMARY).update(
            state=DeliveryState.WITHHELD, summary=None, last_error=WITHHELD_REASON
        )
        deliveries = [delivery for delivery in deliveries if delivery.pk not in withheld]
    if deliveries:
        return deliveries, daily_summary_email(summary, deliveries)
    return deliveries, no_activity_email(
        summary.court, summary.day, summary, format=_preferred_format(summary)
    )


def _summary_send(summary_id: int, session: MailSession) -> DeliveryState | None:
    attempt = _claim(summary_id)
    if attempt is None:
        return None
    with transaction.atomic():
        rows = DailySummary.objects.select_related("court").filter(pk=summary_id)
        if _row_locks():
            rows = rows.select_for_update(of=("self",), skip_locked=True)
        summary = rows.first()
        if summary is None or summary.state != DeliveryState.SENDING or summary.attempts != attempt:
            return None
        failure: SendFailure | None
        deliveries: list[NoticeDelivery] = []
        try:
            deliveries, message = _compose(summary)
            failure = session.send(
                addressed(message, message_id=summary.message_id, target=BounceTarget("summary", summary.pk))
            )
        except Exception as error:  # deferred, not lost
            logger.exception("Composing Daily Summary %s failed", summary_id)
            failure = SendFailure(
                error=f"The summary could not be composed: {type(error).__name__}: {error}",
                permanent=False,
                connection_lost=False,
            )
        return _summary_outcome(summary, attempt, failure, deliveries)


def _summary_outcome(
    summary: DailySummary, attempt: int, failure: SendFailure | None, deliveries: Sequence[NoticeDelivery]
) -> DeliveryState:
    now = timezone.now()
    if failure is None:
        changes: dict[str, object] = {"state": DeliveryState.SENT, "sent_at": now, "last_error": ""}
    elif failure.permanent or attempts_exhausted(attempt):
        error = failure.error if failure.permanent else gave_up(attempt, failure.error)
        changes = {"state": DeliveryState.FAILED, "last_error": error}
    else:
        changes = {"state": DeliveryState.RETRYING, "last_error": failure.error}
    with transaction.atomic():
        DailySummary.objects.filter(pk=summary.pk, state=DeliveryState.SENDING, attempts=attempt).update(
            **changes
        )
        if failure is None:
            NoticeDelivery.objects.filter(
                pk__in=[d.pk for d in deliveries], state=DeliveryState.IN_SUMMARY
            ).update(state=DeliveryState.SUMMARIZED, sent_at=now)
        elif changes["state"] == DeliveryState.FAILED:
            audit_event_record(
                kind="daily_summary.failed",
                acting_user=None,
                subject=summary,
                court=summary.court,
                extra={
                    "day": summary.day.isoformat(),
                    "recipient": summary.recipient_key,
                    "error": changes["last_error"],
                },
            )
    return DeliveryState(str(changes["state"]))


def daily_summaries_send(*, court: Court, day: dt.date) -> DailyRun:
    """Send the court's Daily Summaries (and "no activity" notices) for `day`, and any earlier one still
    unsent; safe to run again."""
    run = DailyRun(court_id=court.pk, day=day)
    daily_summaries_plan(court=court, day=day)
    no_activity_plan(court=court, day=day)
    unsent = list(
        DailySummary.objects.filter(court=court, day__lte=day, state__in=UNSENT_STATES)
        .order_by("day", "pk")
        .values_list("pk", flat=True)
    )
    with MailSession() as session:
        for summary_id in unsent:
            state = _summary_send(summary_id, session)
            if state == DeliveryState.SENT:
                run.sent.append(summary_id)
            elif state == DeliveryState.RETRYING:
                run.deferred.append(summary_id)
            elif state == DeliveryState.FAILED:
                run.failed.append(summary_id)
    return run


def daily_summaries_due(*, now: dt.datetime | None = None) -> list[DailyRun]:
    """For every court, the Daily Summaries of its last ended court day (each court's own midnight)."""
    now = now or timezone.now()
    return [
        daily_summaries_send(court=court, day=court_yesterday(court, now))
        for court in Court.objects.order_by("pk")
    ]
