"""Delivering notices over SMTP to a real server the test starts (issue 9 §1, §4): who gets a message and at
which addresses, retries and permanent failures, the help desk's resend, the clerk's regeneration and the
sweep. The tasks run in-process after the test's "commit" (the embedded default)."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from openecf.audit.models import AuditEvent
from openecf.cases.models import PartyRole
from openecf.cases.services import attorney_create, case_open, party_add, representation_add
from openecf.courts.models import CourtRoleKind
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.docket.services import docket_entry_restriction_set
from openecf.errors import Conflict, NotFound
from openecf.filers.tests.helpers import make_staff
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.filing.services import notice_announce
from openecf.filing.tests.factories import case_with_counsel
from openecf.notices.delivery import (
    deliveries_of,
    deliveries_send,
    delivery_resend,
    notice_fan_out,
    notice_regenerate,
)
from openecf.notices.mailer import BounceTarget, bounce_address_parse, notice_message_id, retry_delay
from openecf.notices.models import (
    DeliveryState,
    FreeLook,
    NoticeDelivery,
    NoticeFanOut,
    NoticeOtherMeans,
)
from openecf.notices.tasks import notices_fan_out, notices_send, sweep_run
from openecf.notices.tests.delivery_helpers import (
    POSTAL,
    announce,
    answer_data,
    counsel_make,
    notice_make,
    refuse_recipients,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

MARLOWE = (
    "marlowe@example.com",
    "marlowe0@firm.example",
    "marlowe1@firm.example",
    "marlowe2@firm.example",
    "marlowe3@firm.example",
    "marlowe4@firm.example",
)


@pytest.fixture
def counsel(cit):
    return counsel_make(cit)


@pytest.fixture
def lone(cit):
    """A case whose only recipient is the plaintiff's attorney, at one address."""
    return case_with_counsel(cit)


def _delivery(notice: NoticeOfElectronicFiling) -> NoticeDelivery:
    return deliveries_of(notice).get()


# --- who gets it ---------------------------------------------------------------------------------------------


def test_each_filing_notice_arrives_with_its_recipients_message_id_and_bounce_address(
    counsel, smtp_server, django_capture_on_commit_callbacks
):
    notice = notice_make(counsel.court, counsel.case, counsel.attorney)
    announce(notice, django_capture_on_commit_callbacks)

    deliveries = list(deliveries_of(notice))
    assert sorted(tuple(d.addresses) for d in deliveries) == sorted([MARLOWE, ("tg@usdoj.gov",)])
    assert {d.state for d in deliveries} == {DeliveryState.SENT}
    assert all(d.attempts == 1 and d.sent_at is not None for d in deliveries)
    arrived = smtp_server.messages
    assert len(arrived) == 2
    for delivery in deliveries:
        (mail,) = [m for m in arrived if m.message["Message-ID"] == delivery.message_id]
        assert sorted(mail.rcpt_tos) == sorted(delivery.addresses)
        assert mail.subject.startswith(f"Activity in Case {counsel.case.pacer_case_number} ")
        assert mail.message["From"] == settings.DEFAULT_FROM_EMAIL
        # The envelope sender is the delivery's own bounce address (VERP).
        assert bounce_address_parse(mail.mail_from) == BounceTarget("delivery", delivery.pk)
        assert delivery.message_id == notice_message_id(notice.pk, delivery.recipient_key)
        key = delivery.recipient_key.replace(":", "-")
        assert delivery.message_id == f"<notice-{notice.pk}.{key}@{settings.OPENECF_MAIL_DOMAIN}>"
        assert FreeLook.objects.filter(delivery=delivery).count() == 1  # the one PDF of the filing
    assert NoticeFanOut.objects.filter(notice=notice).exists()
    event = AuditEvent.objects.get(kind="notice.fanned_out", subject_id=str(notice.pk))
    assert event.extra["deliveries"] == 2 and event.extra["other_means"] == 1


def test_the_primary_and_up_to_five_secondary_addresses_share_one_message(
    counsel, smtp_server, django_capture_on_commit_callbacks
):
    announce(notice_make(counsel.court, counsel.case, counsel.attorney), django_capture_on_commit_callbacks)
    (mail,) = smtp_server.messages_to("marlowe@example.com")
    assert mail.rcpt_tos == MARLOWE
    assert smtp_server.messages_to("marlowe5@firm.example") == []


def test_terminated_attorneys_and_unregistered_parties_are_not_emailed(
    counsel, smtp_server, django_capture_on_commit_callbacks
):
    notice = notice_make(counsel.court, counsel.case, counsel.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    assert smtp_server.messages_to("former@example.com") == []
    assert not deliveries_of(notice).filter(recipient_key=f"attorney:{counsel.former.pk}").exists()
    (served,) = NoticeOtherMeans.objects.filter(notice=notice)
    assert (served.party_id_served, served.name, served.postal_address) == (
        counsel.intervenor.pk,
        "Odile Marchetti",
        POSTAL,
    )
    everyone = {address for mail in smtp_server.messages for address in mail.rcpt_tos}
    assert everyone == {*MARLOWE, "tg@usdoj.gov"}


def test_an_entry_sealed_before_its_notice_leaves_is_mailed_only_to_who_may_read_it(counsel, smtp_server):
    """The notice carries the docket text: sealed after filing, it goes to the filer (and chambers), and is
    withheld, with its reason, from the other side's attorney, who reads only what the public reads."""
    notice = notice_make(counsel.court, counsel.case, counsel.attorney)
    ids = notice_fan_out(notice.pk)
    docket_entry_restriction_set(
        entry=notice.filing.docket_entry, restriction=EntryRestriction.SEALED, acting_user=None
    )
    deliveries_send(ids)
    doj = deliveries_of(notice).get(recipient_key=f"attorney:{counsel.doj.pk}")
    assert doj.state == DeliveryState.WITHHELD and "sealed or restricted" in doj.last_error
    assert smtp_server.messages_to("tg@usdoj.gov") == []
    assert len(smtp_server.messages_to("marlowe@example.com")) == 1
    assert AuditEvent.objects.filter(kind="notice_delivery.withheld", subject_id=str(doj.pk)).exists()
    clerk = make_staff("qc-clerk", counsel.court, CourtRoleKind.CLERK)
    with pytest.raises(Conflict):  # nothing to resend: it is not the recipient's to read
        delivery_resend(delivery=doj, acting_user=clerk)


def test_a_consolidated_case_notices_the_attorneys_of_its_member_cases(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    member = case_open(
        court=lone.court,
        caption="Borealis Alloys Inc. v. United States",
        short_title="Borealis Alloys Inc. v. United States",
        date_filed=dt.date(2026, 3, 3),
        acting_user=None,
    )
    member.lead_case = lone.case
    member.save(update_fields=["lead_case"])
    borealis = party_add(case=member, name="Borealis Alloys Inc.", role=PartyRole.PLAINTIFF, acting_user=None)
    with transaction.atomic():
        counsel = attorney_create(
            court=lone.court, name="Ruth Okafor", email="okafor@borealis.example", acting_user=None
        )
        representation_add(party=borealis, attorney=counsel, acting_user=None)

    announce(notice_make(lone.court, lone.case, lone.attorney), django_capture_on_commit_callbacks)

    assert len(smtp_server.messages_to("okafor@borealis.example")) == 1
    assert len(smtp_server.messages_to("marlowe@example.com")) == 1


def test_chambers_get_the_notice_of_their_judges_cases(lone, smtp_server, django_capture_on_commit_callbacks):
    from openecf.courts.models import Judge

    judge = Judge.objects.create(
        court=lone.court, name="Leo M. Gordon", initials="LMG", chambers_email="lmg@cit.example"
    )
    lone.case.judges.add(judge)
    notice = notice_make(lone.court, lone.case, lone.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    (mail,) = smtp_server.messages_to("lmg@cit.example")
    chambers = deliveries_of(notice).get(recipient_key=f"judge:{judge.pk}")
    assert chambers.kind == "chambers" and mail.message["Message-ID"] == chambers.message_id


# --- after commit, once --------------------------------------------------------------------------------------


def test_nothing_is_sent_before_commit_nor_for_a_transaction_that_rolled_back(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    notice = notice_make(lone.court, lone.case, lone.attorney)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        notice_announce(notice)
        raise RuntimeError("the filing failed after generating its notice")
    assert callbacks == []
    assert smtp_server.messages == [] and not NoticeFanOut.objects.filter(notice=notice).exists()

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notice_announce(notice)
        assert smtp_server.messages == []  # committed only when the outer transaction commits
    assert len(smtp_server.messages) == 1


def test_a_second_fan_out_plans_nothing_new_and_sends_nothing_twice(
    counsel, smtp_server, django_capture_on_commit_callbacks
):
    notice = notice_make(counsel.court, counsel.case, counsel.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    ids = sorted(deliveries_of(notice).values_list("pk", flat=True))
    looks = FreeLook.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(notice_fan_out(notice.pk)) == ids
        notices_fan_out(notice.pk)
        notices_send(*ids)
    assert sorted(deliveries_of(notice).values_list("pk", flat=True)) == ids
    assert FreeLook.objects.count() == looks
    assert NoticeOtherMeans.objects.filter(notice=notice).count() == 1
    assert AuditEvent.objects.filter(kind="notice.fanned_out").count() == 1
    assert len(smtp_server.messages) == 2


# --- SMTP answers --------------------------------------------------------------------------------------------


def test_a_4xx_answer_is_deferred_with_back_off_then_sent(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    answer_data(smtp_server, "451 4.3.0 Mailbox temporarily unavailable")
    notice = notice_make(lone.court, lone.case, lone.attorney)
    before = timezone.now()
    announce(notice, django_capture_on_commit_callbacks)

    delivery = _delivery(notice)
    assert delivery.state == DeliveryState.RETRYING and delivery.attempts == 1
    assert delivery.last_error == "451 4.3.0 Mailbox temporarily unavailable"
    assert delivery.next_attempt_at is not None
    assert (
        before + dt.timedelta(seconds=60)
        <= delivery.next_attempt_at
        <= timezone.now() + dt.timedelta(seconds=60)
    )
    assert smtp_server.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        sweep_run()  # not due yet
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.RETRYING and smtp_server.messages == []

    with (
        time_machine.travel(delivery.next_attempt_at + dt.timedelta(seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sweep_run()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 2 and delivery.last_error == ""
    (mail,) = smtp_server.messages
    assert mail.message["Message-ID"] == delivery.message_id


def test_the_back_off_doubles_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 7, 8, 40)] == [
        60,
        120,
        240,
        480,
        3600,
        3600,
        3600,
    ]


def test_out_of_attempts_it_gives_up(lone, smtp_server, settings, django_capture_on_commit_callbacks):
    settings.OPENECF_NOTICE_MAX_ATTEMPTS = 1
    answer_data(smtp_server, "421 4.7.0 Too many connections, try again later")
    notice = notice_make(lone.court, lone.case, lone.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    delivery = _delivery(notice)
    assert delivery.state == DeliveryState.FAILED
    assert delivery.last_error == "Gave up after 1 attempt: 421 4.7.0 Too many connections, try again later"


def test_a_5xx_answer_fails_the_delivery_with_the_servers_words(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    answer_data(smtp_server, "554 5.7.1 Message refused: content looks like spam")
    notice = notice_make(lone.court, lone.case, lone.attorney)
    announce(notice, django_capture_on_commit_callbacks)

    delivery = _delivery(notice)
    assert delivery.state == DeliveryState.FAILED and delivery.attempts == 1
    assert delivery.last_error == "554 5.7.1 Message refused: content looks like spam"
    assert delivery.next_attempt_at is None
    event = AuditEvent.objects.get(kind="notice_delivery.failed")
    assert event.extra["error"] == delivery.last_error
    with django_capture_on_commit_callbacks(execute=True):
        sweep_run(age=dt.timedelta(0))  # a failed delivery is the help desk's, not the sweep's
    assert _delivery(notice).state == DeliveryState.FAILED and smtp_server.messages == []


def test_every_recipient_refused_is_permanent(lone, smtp_server, django_capture_on_commit_callbacks):
    refuse_recipients(
        smtp_server, {"marlowe@example.com": "550 5.1.1 <marlowe@example.com>: Recipient address rejected"}
    )
    notice = notice_make(lone.court, lone.case, lone.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    delivery = _delivery(notice)
    assert delivery.state == DeliveryState.FAILED
    assert (
        delivery.last_error
        == "marlowe@example.com: 550 5.1.1 <marlowe@example.com>: Recipient address rejected"
    )


def test_an_unreachable_mail_server_defers_and_never_fails_the_caller(
    lone, settings, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    notice = notice_make(lone.court, lone.case, lone.attorney)
    announce(notice, django_capture_on_commit_callbacks)  # no exception reaches the filing
    delivery = _delivery(notice)
    assert delivery.state == DeliveryState.RETRYING
    assert delivery.last_error.startswith("Cannot reach the mail server")


def test_a_notice_that_cannot_be_composed_is_deferred_not_lost(
    lone, smtp_server, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(notice, delivery):
        raise ValueError("template missing")

    monkeypatch.setattr("openecf.notices.delivery.notice_email", broken)
    notice = notice_make(lone.court, lone.case, lone.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    delivery = _delivery(notice)
    assert delivery.state == DeliveryState.RETRYING
    assert delivery.last_error == "The notice could not be composed: ValueError: template missing"


# --- left behind ---------------------------------------------------------------------------------------------


def test_the_sweep_plans_a_notice_never_announced_once_it_is_a_minute_old(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    notice = notice_make(lone.court, lone.case, lone.attorney)
    ancient = notice_make(lone.court, lone.case, lone.attorney)
    NoticeOfElectronicFiling.objects.filter(pk=ancient.pk).update(
        generated_at=timezone.now() - dt.timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        sweep_run()
    assert not NoticeFanOut.objects.filter(notice=notice).exists()  # still on its way

    with (
        time_machine.travel(timezone.now() + dt.timedelta(minutes=2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        plan = sweep_run()
    assert plan.notices == (notice.pk,)  # one from before the horizon is for a person to look at
    assert _delivery(notice).state == DeliveryState.SENT and len(smtp_server.messages) == 1


def test_a_delivery_left_sending_by_a_dead_process_is_sent_again_with_its_message_id(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    notice = notice_make(lone.court, lone.case, lone.attorney)
    with django_capture_on_commit_callbacks(execute=True):
        (delivery_id,) = notice_fan_out(notice.pk)
    # As a worker killed between SENDING and SENT leaves it (its lease, where there are no row locks, run out).
    NoticeDelivery.objects.filter(pk=delivery_id).update(
        state=DeliveryState.SENDING, attempts=1, next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan = sweep_run(age=dt.timedelta(0))
    assert plan.deliveries == (delivery_id,)
    delivery = NoticeDelivery.objects.get(pk=delivery_id)
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 2
    (mail,) = smtp_server.messages
    assert (
        mail.message["Message-ID"]
        == delivery.message_id
        == notice_message_id(notice.pk, delivery.recipient_key)
    )


def test_without_row_locks_a_sending_delivery_is_its_senders_until_the_lease_ends(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    if connection.features.has_select_for_update_skip_locked:
        pytest.skip("PostgreSQL knows a live sender by its row lock (test_queue_worker.py)")
    notice = notice_make(lone.court, lone.case, lone.attorney)
    with django_capture_on_commit_callbacks(execute=True):
        (delivery_id,) = notice_fan_out(notice.pk)
    NoticeDelivery.objects.filter(pk=delivery_id).update(
        state=DeliveryState.SENDING, attempts=1, next_attempt_at=timezone.now() + dt.timedelta(minutes=5)
    )
    outcome = deliveries_send([delivery_id])
    assert outcome.skipped == [delivery_id] and smtp_server.messages == []


# --- the help desk and the clerk --------------------------------------------------------------------------------


def test_the_help_desk_resends_a_failed_notice_under_a_new_message_id(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    answer_data(smtp_server, "550 5.2.1 Mailbox disabled")
    notice = notice_make(lone.court, lone.case, lone.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    delivery = _delivery(notice)
    first_id = delivery.message_id
    assert delivery.state == DeliveryState.FAILED

    with pytest.raises(NotFound):
        delivery_resend(delivery=delivery, acting_user=lone.attorney)
    assert _delivery(notice).state == DeliveryState.FAILED

    help_desk = make_staff("helpdesk", lone.court, CourtRoleKind.HELP_DESK)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_resend(delivery=delivery, acting_user=help_desk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 1
    assert delivery.message_id != first_id and delivery.message_id.startswith(first_id[:-1].split("@")[0])
    (mail,) = smtp_server.messages
    assert mail.message["Message-ID"] == delivery.message_id
    event = AuditEvent.objects.get(kind="notice_delivery.resent")
    assert event.acting_user == help_desk and event.extra["previous"]["state"] == DeliveryState.FAILED


def test_a_notice_still_on_its_way_cannot_be_resent(
    lone, clerk, smtp_server, django_capture_on_commit_callbacks
):
    notice = notice_make(lone.court, lone.case, lone.attorney)
    with django_capture_on_commit_callbacks(execute=True):
        notice_fan_out(notice.pk)
    delivery = _delivery(notice)
    with pytest.raises(Conflict, match="only a sent, failed or bounced notice can be sent again"):
        delivery_resend(delivery=delivery, acting_user=clerk)
    assert _delivery(notice).state == DeliveryState.PENDING


def test_the_clerk_regenerates_a_notice_from_the_corrected_entry(
    lone, clerk, smtp_server, django_capture_on_commit_callbacks
):
    notice = notice_make(lone.court, lone.case, lone.attorney)
    announce(notice, django_capture_on_commit_callbacks)
    entry = notice.filing.docket_entry
    DocketEntry.objects.filter(pk=entry.pk).update(
        text="MOTION for Summary Judgment (corrected by the clerk)"
    )

    with pytest.raises(NotFound):
        notice_regenerate(notice=notice, acting_user=lone.attorney)
    with django_capture_on_commit_callbacks(execute=True):
        regenerated = notice_regenerate(notice=notice, acting_user=clerk)

    assert regenerated.regenerated_from == notice and regenerated.pk != notice.pk
    assert regenerated.docket_text == "MOTION for Summary Judgment (corrected by the clerk)"
    assert regenerated.generated_at > notice.generated_at
    assert regenerated.document_number == notice.document_number
    first, second = smtp_server.messages
    assert second.subject.startswith("Regenerated NEF: Activity in Case")
    assert second.message["X-OpenECF-Replaces"] == str(notice.pk)
    assert second.message["Message-ID"] == _delivery(regenerated).message_id != first.message["Message-ID"]
    assert AuditEvent.objects.get(kind="notice.regenerated").extra["replaces"] == notice.pk


def test_the_undelivered_list_has_failed_and_bounced_notices(
    lone, smtp_server, django_capture_on_commit_callbacks
):
    from openecf.notices.delivery import undelivered

    answer_data(smtp_server, "554 5.7.1 Refused")
    failed = notice_make(lone.court, lone.case, lone.attorney)
    announce(failed, django_capture_on_commit_callbacks)
    fine = notice_make(lone.court, lone.case, lone.attorney)
    announce(fine, django_capture_on_commit_callbacks)
    assert list(undelivered(lone.court)) == [_delivery(failed)]
