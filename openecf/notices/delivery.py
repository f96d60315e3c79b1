"""Delivering a Notice of Electronic Filing: planning who gets it (the fan-out), sending each recipient's
message over SMTP, and the help desk's resend and the clerk's regeneration.

Decision (crash safety): at least once, under one Message-ID.
- Context: a worker may be killed at any moment, also between the SMTP server's "250 OK" and our commit.
  Nothing but the server knows whether it took the message, so exactly-once between a database and an SMTP
  server cannot be had; at-most-once would lose notices, which are service of process.
- Planning is one transaction under the notice's row lock, marked by its NoticeFanOut: a second run plans
  nothing new. Each delivery gets its Message-ID then, `<notice-<id>.<recipient>@domain>`.
- Each delivery goes PENDING -> SENDING (committed, the attempt counted) -> SENT (committed). Where the
  database has row locks that skip (PostgreSQL), the sender holds the row's lock from SENDING until SENT: a
  SENDING row nobody holds was left by a process that died. Without them (SQLite: one writer) a lease on
  `next_attempt_at` stands in for the lock.
- A SENDING row left by a dead process is sent again (by the sweep a restarted worker runs first), with the
  same Message-ID. Consequence: at most the one message each killed worker was handing over can reach the
  mail server twice, and both copies carry one Message-ID, which mail systems collapse into one. The test:
  test_queue_worker.py kills a real worker in the middle of a 500-recipient fan-out.

State changes of a send (SENDING, SENT, deferred) are recorded on the delivery row itself, which is the
record of the send; audit events are written for the decisions: planning, giving up, bounces, resending and
regenerating. (An audit row per message would double the writes of a 1,000-recipient fan-out.)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from openecf.access.policy import Action, require
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.errors import Conflict
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.filing.service_list import service_list
from openecf.filing.services import notice_announce
from openecf.notices.entitlement import WITHHELD_REASON, may_receive
from openecf.notices.free_look import free_looks_create, free_looks_create_all
from openecf.notices.mailer import (
    BounceTarget,
    MailSession,
    SendFailure,
    addressed,
    attempts_exhausted,
    gave_up,
    notice_message_id,
    retry_delay,
)
from openecf.notices.models import (
    DeliveryState,
    NoticeDelivery,
    NoticeFanOut,
    NoticeFormat,
    NoticeFrequency,
    NoticeOtherMeans,
    NotificationPreference,
)
from openecf.notices.render import notice_email
from openecf.notices.selectors import deliveries_of, undelivered

__all__ = [
    "BatchOutcome",
    "SweepPlan",
    "deliveries_of",
    "deliveries_ready",
    "deliveries_send",
    "delivery_resend",
    "delivery_send",
    "notice_fan_out",
    "notice_regenerate",
    "sweep_plan",
    "undelivered",
]

logger = logging.getLogger(__name__)

# Sent after commit with `delivery_ids=` when deliveries wait to be sent; the app's ready() queues them.
deliveries_ready = Signal()

# Deliveries a send may take up (a RETRYING one once due; a SENDING one when its sender is gone).
SENDABLE_STATES = (DeliveryState.PENDING, DeliveryState.RETRYING, DeliveryState.SENDING)
# Without row locks: how long a SENDING row is its sender's before another process may take it over.
SENDING_LEASE = dt.timedelta(minutes=10)


def _row_locks() -> bool:
    """Whether a sender can hold its row's lock while sending and others can skip it (PostgreSQL)."""
    return bool(connection.features.has_select_for_update_skip_locked)


# --- planning -----------------------------------------------------------------------------------------------


def notice_fan_out(notice_id: int) -> list[int]:
    """Plan the notice's deliveries (idempotent): in one transaction, a delivery per electronic recipient of
    the case's service list (format and frequency from the account's preference; Daily Summary recipients wait
    IN_SUMMARY), the parties served by other means, the free looks, and the NoticeFanOut marker. The ids of
    the notice's deliveries, planned now or by an earlier run."""
    with transaction.atomic():
        # Two runs for one notice take turns here; the second finds the marker.
        notice = (
            NoticeOfElectronicFiling.objects.select_for_update(of=("self",))
            .select_related("filing__court", "filing__case")
            .get(pk=notice_id)
        )
        if NoticeFanOut.objects.filter(notice=notice).exists():
            return list(
                NoticeDelivery.objects.filter(notice=notice).order_by("pk").values_list("pk", flat=True)
            )
        served = service_list(notice.filing.case)
        account_ids = [r.account_id for r in served.electronic if r.account_id is not None]
        preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=account_ids)}
        planned = []
        for recipient in served.electronic:
            preference = preferences.get(recipient.account_id) if recipient.account_id is not None else None
            daily = preference is not None and preference.frequency == NoticeFrequency.DAILY
            planned.append(
                NoticeDelivery(
                    notice=notice,
                    recipient_key=recipient.key,
                    kind=recipient.kind,
                    name=recipient.name[:300],
                    addresses=list(recipient.addresses),
                    account_id=recipient.account_id,
                    format=preference.format if preference is not None else NoticeFormat.HTML,
                    frequency=NoticeFrequency.DAILY if daily else NoticeFrequency.EACH,
                    state=DeliveryState.IN_SUMMARY if daily else DeliveryState.PENDING,
                    message_id=notice_message_id(notice.pk, recipient.key),
                )
            )
        NoticeDelivery.objects.bulk_create(planned)
        NoticeOtherMeans.objects.bulk_create(
            NoticeOtherMeans(
                notice=notice,
                party_id_served=party.party_id,
                name=party.name[:500],
                role_label=party.role_label[:100],
                postal_address=party.postal_address,
            )
            for party in served.other_means
        )
        deliveries = list(NoticeDelivery.objects.filter(notice=notice).order_by("pk"))
        for delivery in deliveries:
            delivery.notice = notice  # the free looks read the notice's filing: load it once
        if notice.regenerated_from_id is None:
            free_looks_create_all(notice, deliveries)  # one statement for the whole fan-out
        else:
            for delivery in deliveries:  # shared with the first notice's, recipient by recipient
                free_looks_create(delivery)
        NoticeFanOut.objects.create(notice=notice)
        audit_event_record(
            kind="notice.fanned_out",
            acting_user=None,
            subject=notice,
            court=notice.filing.court,
            extra={
                "case": notice.case_number,
                "document_number": notice.document_number,
                "deliveries": len(deliveries),
                "daily_summary": sum(d.state == DeliveryState.IN_SUMMARY for d in deliveries),
                "other_means": len(served.other_means),
            },
        )
        return [delivery.pk for delivery in deliveries]


def deliveries_pending(delivery_ids: Sequence[int]) -> list[int]:
    """Of these deliveries, those waiting to be sent one by one (not the Daily Summary's)."""
    return list(
        NoticeDelivery.objects.filter(pk__in=list(delivery_ids), state=DeliveryState.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- sending ------------------------------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    """What one batch did with each of its deliveries."""

    sent: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)  # RETRYING: a temporary failure, tried again later
    failed: list[int] = field(default_factory=list)  # a permanent failure, or out of attempts
    skipped: list[int] = field(default_factory=list)  # already done, not due, or being sent by another
    retry_at: dt.datetime | None = None  # when the first deferred one is due

    def retry_in(self, now: dt.datetime) -> float | None:
        """Seconds until the first deferred delivery is due (a little after, never before)."""
        if self.retry_at is None:
            return None
        return max(1.0, (self.retry_at - now).total_seconds() + 1.0)


def _claim(delivery_id: int, now: dt.datetime) -> int | None:
    """Mark the delivery SENDING and count the attempt (committed); the attempt's number, or None when it is
    not this process's to send: done, not yet due, or held by a live sender."""
    with transaction.atomic():
        # Ordered by pk alone and locked OF the delivery: the default ordering joins the notice and filing,
        # whose rows FOR UPDATE would lock too, and the other senders of the same notice would skip theirs.
        rows = NoticeDelivery.objects.filter(pk=delivery_id).order_by("pk")
        if _row_locks():
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        delivery = rows.first()
        if delivery is None or delivery.state not in SENDABLE_STATES:
            return None
        due = delivery.next_attempt_at is None or delivery.next_attempt_at <= now
        if delivery.state == DeliveryState.RETRYING and not due:
            return None
        if delivery.state == DeliveryState.SENDING and not _row_locks() and not due:
            return None  # its lease runs: another process is sending it
        delivery.state = DeliveryState.SENDING
        delivery.attempts += 1
        delivery.next_attempt_at = now + SENDING_LEASE
        delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
        return delivery.attempts


@contextmanager
def _held(delivery_id: int, attempt: int) -> Iterator[NoticeDelivery | None]:
    """The claimed delivery for the time of its send: locked until the outcome commits where row locks skip;
    None if another process took it over in between."""
    if _row_locks():
        with transaction.atomic():
            delivery = (
                NoticeDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=delivery_id)
                .order_by("pk")
                .first()
            )
            yield delivery if delivery is not None and _still_ours(delivery, attempt) else None
        return
    # SQLite: no transaction across the SMTP conversation (it would stop every other writer); the outcome's
    # update is conditional on the attempt instead.
    delivery = NoticeDelivery.objects.filter(pk=delivery_id).first()
    yield delivery if delivery is not None and _still_ours(delivery, attempt) else None


def _still_ours(delivery: NoticeDelivery, attempt: int) -> bool:
    return delivery.state == DeliveryState.SENDING and delivery.attempts == attempt


def _outcome_record(
    delivery: NoticeDelivery, attempt: int, failure: SendFailure | None, now: dt.datetime
) -> DeliveryState | None:
    """Write the attempt's outcome on the row (if the attempt is still its latest); the new state."""
    if failure is None:
        changes: dict[str, object] = {
            "state": DeliveryState.SENT,
            "sent_at": now,
            "next_attempt_at": None,
            "last_error": "",
        }
    elif failure.permanent or attempts_exhausted(attempt):
        error = failure.error if failure.permanent else gave_up(attempt, failure.error)
        changes = {"state": DeliveryState.FAILED, "next_attempt_at": None, "last_error": error}
    else:
        changes = {
            "state": DeliveryState.RETRYING,
            "next_attempt_at": now + retry_delay(attempt),
            "last_error": failure.error,
        }
    # Inside the send's transaction where rows are locked: no savepoint, two round trips fewer a message.
    with transaction.atomic(savepoint=False):
        written = NoticeDelivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.SENDING, attempts=attempt
        ).update(**changes)
        if not written:
            return None
        for name, value in changes.items():
            setattr(delivery, name, value)
        if delivery.state == DeliveryState.FAILED:
            audit_event_record(
                kind="notice_delivery.failed",
                acting_user=None,
                subject=delivery,
                court=delivery.notice.filing.court,
                extra={
                    "notice": delivery.notice_id,
                    "recipient": delivery.recipient_key,
                    "addresses": delivery.addresses,
                    "attempts": attempt,
                    "error": delivery.last_error,
                },
            )
    return DeliveryState(delivery.state)


def _notice(notice_id: int, cache: dict[int, NoticeOfElectronicFiling]) -> NoticeOfElectronicFiling:
    if notice_id not in cache:
        cache[notice_id] = NoticeOfElectronicFiling.objects.select_related(
            "filing__court",
            "filing__case__court",
            "filing__docket_entry",
            "filing__event",
            "regenerated_from",
        ).get(pk=notice_id)
    return cache[notice_id]


def deliveries_send(delivery_ids: Sequence[int]) -> BatchOutcome:
    """Send the deliveries that need it over one SMTP connection; each is claimed, sent and recorded on its
    own, so a failure (or a death) touches one recipient. Safe to run twice, and beside other workers."""
    outcome = BatchOutcome()
    ids = list(dict.fromkeys(int(pk) for pk in delivery_ids))
    sendable = set(
        NoticeDelivery.objects.filter(pk__in=ids, state__in=SENDABLE_STATES).values_list("pk", flat=True)
    )
    outcome.skipped.extend(pk for pk in ids if pk not in sendable)
    notices: dict[int, NoticeOfElectronicFiling] = {}
    with MailSession() as session:
        for delivery_id in (pk for pk in ids if pk in sendable):
            state = _deliver(delivery_id, session, notices)
            if state == DeliveryState.SENT:
                outcome.sent.append(delivery_id)
            elif state == DeliveryState.FAILED:
                outcome.failed.append(delivery_id)
            elif isinstance(state, dt.datetime):
                outcome.deferred.append(delivery_id)
                outcome.retry_at = state if outcome.retry_at is None else min(outcome.retry_at, state)
            else:
                outcome.skipped.append(delivery_id)
    return outcome


def _deliver(
    delivery_id: int, session: MailSession, notices: dict[int, NoticeOfElectronicFiling]
) -> DeliveryState | dt.datetime | None:
    """One delivery's attempt: its new state (the retry time when deferred), or None if it was not ours."""
    attempt = _claim(delivery_id, timezone.now())
    if attempt is None:
        return None
    with _held(delivery_id, attempt) as delivery:
        if delivery is None:
            return None
        delivery.notice = _notice(delivery.notice_id, notices)
        if not may_receive(delivery):
            return _withhold(delivery, attempt)
        try:
            message = addressed(
                notice_email(delivery.notice, delivery),
                message_id=delivery.message_id,
                target=BounceTarget("delivery", delivery.pk),
            )
        except Exception as error:  # a notice that cannot be rendered is deferred, not lost
            logger.exception("Rendering notice delivery %s failed", delivery_id)
            failure: SendFailure | None = SendFailure(
                error=f"The notice could not be composed: {type(error).__name__}: {error}",
                permanent=False,
                connection_lost=False,
            )
        else:
            failure = session.send(message)
        state = _outcome_record(delivery, attempt, failure, timezone.now())
        if state == DeliveryState.RETRYING:
            return delivery.next_attempt_at
        return state


def _withhold(delivery: NoticeDelivery, attempt: int) -> DeliveryState | None:
    """Record that the notice was not sent to a recipient who may no longer read its entry."""
    with transaction.atomic(savepoint=False):
        written = NoticeDelivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.SENDING, attempts=attempt
        ).update(state=DeliveryState.WITHHELD, next_attempt_at=None, last_error=WITHHELD_REASON)
        if not written:
            return None
        audit_event_record(
            kind="notice_delivery.withheld",
            acting_user=None,
            subject=delivery,
            court=delivery.notice.filing.court,
            extra={"notice": delivery.notice_id, "recipient": delivery.recipient_key},
        )
    return DeliveryState.WITHHELD


def delivery_send(delivery_id: int) -> None:
    """Send one delivery now, if it needs sending (its own SMTP connection)."""
    deliveries_send([delivery_id])


# --- the help desk and the clerk ------------------------------------------------------------------------------

RESENDABLE_STATES = (DeliveryState.FAILED, DeliveryState.BOUNCED, DeliveryState.SENT)


def _announce_deliveries(delivery_ids: list[int]) -> None:
    def announce() -> None:
        for receiver, result in deliveries_ready.send_robust(
            sender=NoticeDelivery, delivery_ids=delivery_ids
        ):
            if isinstance(result, Exception):
                logger.error("Queueing deliveries %s failed in %r", delivery_ids, receiver, exc_info=result)

    transaction.on_commit(announce, robust=True)


@transaction.atomic
def delivery_resend(*, delivery: NoticeDelivery, acting_user: User | None) -> None:
    """The help desk sends a notice to its recipient again: a failed, bounced or sent delivery starts over
    (PENDING, attempts from zero) under a new Message-ID, so the recipient's mail system does not drop it as a
    copy of the first; sent after commit."""
    locked = (
        NoticeDelivery.objects.select_for_update(of=("self",))
        .select_related("notice__filing__court")
        .get(pk=delivery.pk)
    )
    court = locked.notice.filing.court
    require(acting_user, Action.DOCKET, court=court)
    if locked.state not in RESENDABLE_STATES:
        raise Conflict(
            f"This notice is {DeliveryState(locked.state).label.lower()}: only a sent, failed or bounced notice "
            "can be sent again. Wait for the delivery to finish, then resend it.",
            code="delivery_not_resendable",
        )
    previous = {"state": locked.state, "message_id": locked.message_id, "last_error": locked.last_error}
    now = timezone.now()
    locked.state = DeliveryState.PENDING
    locked.attempts = 0
    locked.next_attempt_at = None
    locked.sent_at = None
    locked.last_error = ""
    base = notice_message_id(locked.notice_id, locked.recipient_key)
    locked.message_id = base.replace("@", f".resent-{int(now.timestamp())}@", 1)
    locked.save(update_fields=["state", "attempts", "next_attempt_at", "sent_at", "last_error", "message_id"])
    audit_event_record(
        kind="notice_delivery.resent",
        acting_user=acting_user,
        subject=locked,
        court=court,
        extra={
            "notice": locked.notice_id,
            "recipient": locked.recipient_key,
            "addresses": locked.addresses,
            "previous": previous,
            "message_id": locked.message_id,
        },
    )
    _announce_deliveries([locked.pk])
    for name in ("state", "attempts", "next_attempt_at", "sent_at", "last_error", "message_id"):
        setattr(delivery, name, getattr(locked, name))


@transaction.atomic
def notice_regenerate(
    *, notice: NoticeOfElectronicFiling, acting_user: User | None
) -> NoticeOfElectronicFiling:
    """The clerk regenerates a filing's notice after a quality-control correction: a new notice, from the
    entry as it reads now, that names the one it replaces; delivered to the case's service list as it is now."""
    original = (
        NoticeOfElectronicFiling.objects.select_related("filing__court", "filing__docket_entry__case")
        .filter(pk=notice.pk)
        .get()
    )
    filing = original.filing
    require(acting_user, Action.DOCKET, court=filing.court)
    entry = filing.docket_entry
    case = entry.case
    regenerated = NoticeOfElectronicFiling.objects.create(
        filing=filing,
        generated_at=timezone.now(),
        regenerated_from=original,
        case_number=case.pacer_case_number,
        case_name=case.short_title,
        filer_name=original.filer_name,
        document_number=entry.number_label,
        docket_text=entry.text,
        entered_by=original.entered_by,
    )
    audit_event_record(
        kind="notice.regenerated",
        acting_user=acting_user,
        subject=regenerated,
        court=filing.court,
        extra={
            "replaces": original.pk,
            "case": regenerated.case_number,
            "document_number": regenerated.document_number,
            "docket_text_changed": regenerated.docket_text != original.docket_text,
        },
    )
    notice_announce(regenerated)  # delivered after commit, like the first
    return regenerated


# --- the sweep ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepPlan:
    """What the sweep found left behind: notices never planned, and deliveries to (re)send."""

    notices: tuple[int, ...]
    deliveries: tuple[int, ...]


def sweep_plan(*, age: dt.timedelta = dt.timedelta(minutes=1), now: dt.datetime | None = None) -> SweepPlan:
    """Notices without a fan-out and pending deliveries older than `age` (younger ones are still on their
    way), deferred deliveries that are due, and SENDING ones whose sender is gone (on a worker's start, with
    `age` zero: everything left over by the worker it replaces)."""
    now = now or timezone.now()
    cutoff = now - age
    horizon = now - dt.timedelta(hours=int(settings.OPENECF_NOTICE_SWEEP_HORIZON_HOURS))
    notices = NoticeOfElectronicFiling.objects.filter(
        fan_out__isnull=True, generated_at__lte=cutoff, generated_at__gte=horizon
    ).order_by("pk")
    pending = NoticeDelivery.objects.filter(state=DeliveryState.PENDING, created_at__lte=cutoff)
    due = NoticeDelivery.objects.filter(state=DeliveryState.RETRYING, next_attempt_at__lte=now)
    with transaction.atomic():
        if _row_locks():
            # A live sender holds its row's lock: the rows we can lock were left by a dead one.
            orphans = list(
                NoticeDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(state=DeliveryState.SENDING)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        else:
            orphans = list(
                NoticeDelivery.objects.filter(
                    state=DeliveryState.SENDING, next_attempt_at__lte=now
                ).values_list("pk", flat=True)
            )
    deliveries = sorted({*pending.values_list("pk", flat=True), *due.values_list("pk", flat=True), *orphans})
    return SweepPlan(notices=tuple(notices.values_list("pk", flat=True)), deliveries=tuple(deliveries))
