"""Bounces: a mail server's delivery status notification (RFC 3464) about a notice we sent, read from the
bounce mailbox (`openecf notices-bounce` on standard input) and recorded on the delivery it names.

The delivery is found by the bounce address (VERP) it came back to, whose check only this server can make;
nothing else in a bounce is trusted to name a delivery (a Message-ID is easy to guess).
"""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses

from django.db import transaction

from openecf.audit.services import audit_event_record
from openecf.notices.mailer import BounceTarget, ForgedBounceAddress, bounce_address_parse
from openecf.notices.models import DailySummary, DeliveryState, NoticeDelivery

# Where mail systems keep the address a message was delivered to, most exact first.
_RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")


@dataclass(frozen=True)
class RecipientStatus:
    """One per-recipient block of a delivery status notification."""

    recipient: str
    action: str  # failed, delayed, delivered, relayed, expanded
    status: str  # e.g. 5.1.1
    diagnostic: str

    @property
    def permanent_failure(self) -> bool:
        return self.action == "failed" and self.status.startswith("5")


@dataclass(frozen=True)
class BounceOutcome:
    recorded: bool
    message: str  # what was done, or why nothing was


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())


def _after_type(value: object) -> str:
    """'rfc822; jane@example.com' → 'jane@example.com'; 'smtp; 550 …' → '550 …'."""
    text = _one_line(value)
    return text.split(";", 1)[1].strip() if ";" in text else text


def recipient_statuses(message: Message) -> list[RecipientStatus] | None:
    """The per-recipient blocks of the message's delivery status part; None if it has none."""
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            return []
        return [
            RecipientStatus(
                recipient=_after_type(block.get("Final-Recipient") or block.get("Original-Recipient")),
                action=_one_line(block.get("Action")).lower(),
                status=_one_line(block.get("Status")),
                diagnostic=_after_type(block.get("Diagnostic-Code")),
            )
            for block in blocks
            if isinstance(block, Message) and block.get("Action")
        ]
    return None


def returned_message_id(message: Message) -> str:
    """The Message-ID of the message the notification returns (its headers or whole), if it includes it."""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/rfc822-headers":
            payload = part.get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
            return _one_line(HeaderParser().parsestr(text).get("Message-ID"))
        if kind == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                return _one_line(inner[0].get("Message-ID"))
    return ""


def _bounce_target(message: Message, recipient: str) -> tuple[BounceTarget | None, str]:
    """The delivery or summary the bounce came back for, or None and the forged address if one was seen."""
    candidates = [recipient] if recipient else []
    for header in _RECIPIENT_HEADERS:
        candidates.extend(
            address for _name, address in getaddresses(message.get_all(header) or []) if address
        )
    forged = ""
    for address in candidates:
        try:
            target = bounce_address_parse(address)
        except ForgedBounceAddress:
            forged = forged or address
            continue
        if target is not None:
            return target, ""
    return None, forged


def bounce_read(raw: bytes, *, recipient: str = "") -> BounceOutcome:
    """Read one bounce e-mail and record it on its delivery (or Daily Summary); `recipient` is the address it
    was delivered to, when the mail system passes it (else the message's headers say)."""
    message = message_from_bytes(raw, policy=policy.compat32)
    target, forged = _bounce_target(message, recipient.strip())
    if target is None:
        if forged:
            return BounceOutcome(
                False,
                f"Ignored: {forged} is not a bounce address this server made (its check does not match); "
                "the message is forged or not ours, and nothing was recorded.",
            )
        return BounceOutcome(
            False,
            "Ignored: the message is not addressed to one of our bounce addresses (bounces+<id>-<check>@…); "
            "pass the address it was delivered to with --recipient if the mail system removed it.",
        )
    statuses = recipient_statuses(message)
    if statuses is None:
        return BounceOutcome(
            False, "Ignored: not a delivery status notification (it has no message/delivery-status part)."
        )
    failures = [status for status in statuses if status.permanent_failure]
    if not failures:
        seen = ", ".join(f"{s.action or '?'} {s.status or '?'}" for s in statuses) or "no recipient"
        return BounceOutcome(
            False,
            f"Ignored: the notification reports no permanent failure ({seen}); the message may still arrive.",
        )
    return bounce_record(target=target, failures=failures, message_id=returned_message_id(message))


@transaction.atomic
def bounce_record(
    *, target: BounceTarget, failures: list[RecipientStatus], message_id: str = ""
) -> BounceOutcome:
    """Mark the delivery (or Daily Summary) BOUNCED with the servers' words, unless the bounce is of an earlier
    message than the one last sent (a resend has its own Message-ID)."""
    row: NoticeDelivery | DailySummary | None
    if target.kind == "summary":
        row = DailySummary.objects.select_for_update().select_related("court").filter(pk=target.pk).first()
    else:
        row = (
            NoticeDelivery.objects.select_for_update(of=("self",))
            .select_related("notice__filing__court")
            .filter(pk=target.pk)
            .first()
        )
    label = f"{'Daily Summary' if target.kind == 'summary' else 'notice delivery'} {target.pk}"
    if row is None:
        return BounceOutcome(False, f"Ignored: there is no {label} (any more).")
    if message_id and row.message_id and message_id != row.message_id:
        return BounceOutcome(
            False,
            f"Ignored: the bounce is of an earlier message ({message_id}) than the one last sent to {label}.",
        )
    error = "; ".join(f"{f.recipient or 'recipient'}: {f.status} {f.diagnostic}".strip() for f in failures)
    row.state = DeliveryState.BOUNCED
    row.last_error = f"Bounced: {error}"
    row.save(update_fields=["state", "last_error"])
    court = row.court if isinstance(row, DailySummary) else row.notice.filing.court
    audit_event_record(
        kind="daily_summary.bounced" if isinstance(row, DailySummary) else "notice_delivery.bounced",
        acting_user=None,
        subject=row,
        court=court,
        extra={
            "recipient": row.recipient_key,
            "failures": [
                {"recipient": f.recipient, "status": f.status, "diagnostic": f.diagnostic} for f in failures
            ],
        },
    )
    return BounceOutcome(True, f"Recorded: {label} ({row.recipient_key}) bounced: {error}")
