"""Bounces (issue 9 §4): a delivery status notification piped to `openecf notices-bounce` marks the notice
delivery its bounce address (VERP) names as BOUNCED, with the server's diagnostic; a forged address, a
message that is no bounce, or a mere delay changes nothing and says why."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openecf.audit.models import AuditEvent
from openecf.courts.models import CourtRoleKind
from openecf.filers.tests.helpers import make_staff
from openecf.filing.tests.factories import case_with_counsel
from openecf.notices.delivery import deliveries_of, delivery_resend, undelivered
from openecf.notices.mailer import BounceTarget, bounce_address, bounce_address_parse
from openecf.notices.models import DeliveryState, NoticeDelivery
from openecf.notices.tests.delivery_helpers import announce, notice_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

DIAGNOSTIC = (
    "550 5.1.1 <marlowe@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
)


def dsn(
    *,
    to: str,
    message_id: str,
    action: str = "failed",
    status: str = "5.1.1",
    diagnostic: str = DIAGNOSTIC,
) -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464), returning the notice's headers."""
    return f"""\
Return-Path: <>
Delivered-To: {to}
From: MAILER-DAEMON@mx.firm.example (Mail Delivery System)
To: {to}
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="REPORT"

--REPORT
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not be delivered to one or more recipients.

--REPORT
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.firm.example
X-Postfix-Queue-ID: 4Q2xYz1abc
Arrival-Date: Mon, 16 Mar 2026 10:00:02 -0400 (EDT)

Final-Recipient: rfc822; marlowe@example.com
Original-Recipient: rfc822;marlowe@example.com
Action: {action}
Status: {status}
Remote-MTA: dns; mailstore.firm.example
Diagnostic-Code: smtp; {diagnostic}

--REPORT
Content-Type: text/rfc822-headers

Message-ID: {message_id}
From: cmecf@openecf.invalid
To: marlowe@example.com
Subject: Activity in Case 1:26-cv-00001 Acme Steel Corp. v. United States Motion

--REPORT--
""".replace("\n", "\r\n").encode()


def bounce_command(raw: bytes, *args: str) -> str:
    out = io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
    try:
        call_command("notices_bounce", *args, stdout=out)
    finally:
        sys.stdin = stdin
    return out.getvalue().strip()


@pytest.fixture
def sent(cit, smtp_server, django_capture_on_commit_callbacks) -> NoticeDelivery:
    world = case_with_counsel(cit)
    notice = notice_make(cit, world.case, world.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    delivery = deliveries_of(notice).get()
    assert delivery.state == DeliveryState.SENT
    return delivery


def test_a_bounce_to_the_verp_address_marks_its_delivery_bounced(sent, smtp_server):
    (mail,) = smtp_server.messages
    said = bounce_command(dsn(to=mail.mail_from, message_id=sent.message_id))

    sent.refresh_from_db()
    assert sent.state == DeliveryState.BOUNCED
    assert sent.last_error == f"Bounced: marlowe@example.com: 5.1.1 {DIAGNOSTIC}"
    assert (
        said
        == f"Recorded: notice delivery {sent.pk} ({sent.recipient_key}) bounced: marlowe@example.com: 5.1.1 {DIAGNOSTIC}"
    )
    event = AuditEvent.objects.get(kind="notice_delivery.bounced")
    assert event.subject_id == str(sent.pk) and event.extra["failures"][0]["status"] == "5.1.1"
    assert list(undelivered(sent.notice.filing.court)) == [sent]


def test_the_recipient_may_be_given_when_the_headers_lack_it(sent):
    raw = dsn(to="postmaster@firm.example", message_id=sent.message_id)
    address = bounce_address(BounceTarget("delivery", sent.pk))
    assert bounce_command(raw, "--recipient", address).startswith("Recorded:")
    sent.refresh_from_db()
    assert sent.state == DeliveryState.BOUNCED


def test_a_forged_bounce_address_is_ignored(sent):
    genuine = bounce_address(BounceTarget("delivery", sent.pk))
    local, domain = genuine.split("@")
    forged = f"{local.rsplit('-', 1)[0]}-{'0' * 12}@{domain}"
    assert bounce_address_parse(genuine) == BounceTarget("delivery", sent.pk)

    said = bounce_command(dsn(to=forged, message_id=sent.message_id))

    assert said == (
        f"Ignored: {forged} is not a bounce address this server made (its check does not match); the message is "
        "forged or not ours, and nothing was recorded."
    )
    sent.refresh_from_db()
    assert (
        sent.state == DeliveryState.SENT
        and not AuditEvent.objects.filter(kind="notice_delivery.bounced").exists()
    )
    # Another delivery's number with this one's check is forged too.
    other = f"{local.split('+')[0]}+{sent.pk + 1}-{local.rsplit('-', 1)[1]}@{domain}"
    assert bounce_command(dsn(to=other, message_id=sent.message_id)).startswith(f"Ignored: {other} is not")


def test_a_delay_is_not_a_bounce(sent, smtp_server):
    (mail,) = smtp_server.messages
    raw = dsn(to=mail.mail_from, message_id=sent.message_id, action="delayed", status="4.4.1", diagnostic="")
    assert bounce_command(raw) == (
        "Ignored: the notification reports no permanent failure (delayed 4.4.1); the message may still arrive."
    )
    sent.refresh_from_db()
    assert sent.state == DeliveryState.SENT


def test_a_message_that_is_no_bounce_is_ignored(sent, smtp_server):
    (mail,) = smtp_server.messages
    reply = f"To: {mail.mail_from}\r\nSubject: Re: Activity in Case\r\n\r\nThanks, got it.\r\n".encode()
    assert bounce_command(reply) == (
        "Ignored: not a delivery status notification (it has no message/delivery-status part)."
    )
    stranger = b"To: someone@example.com\r\nSubject: hello\r\n\r\nhi\r\n"
    assert bounce_command(stranger).startswith("Ignored: the message is not addressed to one of our bounce")
    with pytest.raises(CommandError, match="No message on standard input"):
        bounce_command(b"")
    sent.refresh_from_db()
    assert sent.state == DeliveryState.SENT


def test_a_late_bounce_of_the_message_before_a_resend_is_ignored(
    sent, smtp_server, django_capture_on_commit_callbacks
):
    (first,) = smtp_server.messages
    help_desk = make_staff("helpdesk", sent.notice.filing.court, CourtRoleKind.HELP_DESK)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_resend(delivery=sent, acting_user=help_desk)
    sent.refresh_from_db()
    assert sent.state == DeliveryState.SENT and len(smtp_server.messages) == 2
    old_id = first.message["Message-ID"]
    assert old_id != sent.message_id

    said = bounce_command(dsn(to=first.mail_from, message_id=old_id))

    assert said.startswith(f"Ignored: the bounce is of an earlier message ({old_id})")
    sent.refresh_from_db()
    assert sent.state == DeliveryState.SENT
