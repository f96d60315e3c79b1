"""The Daily Summary (issue 9 §1): a recipient who chose it gets nothing per filing, then one message with
the court day's notices after the court's midnight (`openecf notices-daily`); with the "no activity" notice,
a message on days without any. Sent over SMTP to a server the test starts."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from openecf.filers.models import FilerRole
from openecf.filers.tests.helpers import confirm_mfa, grant_right, make_user
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.filing.tests.factories import attorney_make, case_with_counsel
from openecf.notices.daily import court_day_end, court_yesterday, daily_summaries_due
from openecf.notices.delivery import deliveries_of
from openecf.notices.mailer import BounceTarget, bounce_address_parse, summary_message_id
from openecf.notices.models import (
    DailySummary,
    DeliveryState,
    NoticeFormat,
    NoticeFrequency,
    NotificationPreference,
)
from openecf.notices.tests.delivery_helpers import announce, answer_data, counsel_make, notice_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

DAY = dt.date(2026, 3, 16)  # a Monday; New York is on daylight time (UTC-4)
MORNING = dt.datetime(2026, 3, 16, 14, 0, tzinfo=dt.UTC)  # 10:00 a.m. in New York
LAST_MINUTE = dt.datetime(2026, 3, 17, 3, 59, tzinfo=dt.UTC)  # 11:59 p.m. on the 16th in New York
AFTER_MIDNIGHT = dt.datetime(2026, 3, 17, 4, 1, tzinfo=dt.UTC)  # 12:01 a.m. on the 17th in New York


@pytest.fixture
def counsel(cit):
    world = counsel_make(cit)
    NotificationPreference.objects.create(
        user=world.attorney, frequency=NoticeFrequency.DAILY, format=NoticeFormat.PLAIN
    )
    return world


def filed_at(counsel, moment: dt.datetime, capture) -> NoticeOfElectronicFiling:
    notice = notice_make(counsel.court, counsel.case, counsel.attorney)
    NoticeOfElectronicFiling.objects.filter(pk=notice.pk).update(generated_at=moment)
    notice.refresh_from_db()
    announce(notice, capture)
    return notice


def daily(day: dt.date = DAY) -> str:
    out = StringIO()
    call_command("notices_daily", day=day.isoformat(), court="cit", stdout=out)
    return out.getvalue()


def test_the_court_day_ends_at_the_courts_midnight(cit):
    assert court_day_end(cit, DAY) == dt.datetime(2026, 3, 17, 4, 0, tzinfo=dt.UTC)
    assert court_yesterday(cit, LAST_MINUTE) == dt.date(2026, 3, 15)
    assert court_yesterday(cit, AFTER_MIDNIGHT) == DAY


def test_a_daily_recipient_gets_nothing_per_filing_then_one_summary_of_the_day(
    counsel, smtp_server, django_capture_on_commit_callbacks
):
    first = filed_at(counsel, MORNING, django_capture_on_commit_callbacks)
    second = filed_at(counsel, LAST_MINUTE, django_capture_on_commit_callbacks)
    tomorrows = filed_at(counsel, AFTER_MIDNIGHT, django_capture_on_commit_callbacks)

    mine = [deliveries_of(n).get(account=counsel.attorney) for n in (first, second, tomorrows)]
    assert {(d.state, d.frequency) for d in mine} == {(DeliveryState.IN_SUMMARY, NoticeFrequency.DAILY)}
    assert smtp_server.messages_to("marlowe@example.com") == []
    assert len(smtp_server.messages_to("tg@usdoj.gov")) == 3  # each filing, as they chose

    assert daily() == "cit 2026-03-16: 1 sent.\n"

    (mail,) = smtp_server.messages_to("marlowe@example.com")
    summary = DailySummary.objects.get()
    assert (summary.day, summary.state, summary.attempts) == (DAY, DeliveryState.SENT, 1)
    assert mail.subject == "U.S. Court of International Trade: Daily Summary Report for 3/16/2026"
    assert (
        mail.message["Message-ID"]
        == summary.message_id
        == summary_message_id("cit", DAY, mine[0].recipient_key)
    )
    assert bounce_address_parse(mail.mail_from) == BounceTarget("summary", summary.pk)
    assert mail.message.get_content_type() == "text/plain"  # the preference's format
    for delivery in mine:
        delivery.refresh_from_db()
    assert [d.state for d in mine] == [
        DeliveryState.SUMMARIZED,
        DeliveryState.SUMMARIZED,
        DeliveryState.IN_SUMMARY,
    ]
    assert [d.summary_id for d in mine] == [summary.pk, summary.pk, None]
    assert "(2 in all)" in mail.body
    for notice in (first, second):
        assert f"Document Number: {notice.document_number}" in mail.body
    assert f"Document Number: {tomorrows.document_number}" not in mail.body

    assert daily() == "cit 2026-03-16: 0 sent.\n"  # once
    assert len(smtp_server.messages_to("marlowe@example.com")) == 1
    daily(DAY + dt.timedelta(days=1))  # the notice after midnight is the next day's
    assert len(smtp_server.messages_to("marlowe@example.com")) == 2
    mine[2].refresh_from_db()
    assert mine[2].state == DeliveryState.SUMMARIZED


def test_a_deferred_summary_is_sent_at_the_next_run(counsel, smtp_server, django_capture_on_commit_callbacks):
    filed_at(counsel, MORNING, django_capture_on_commit_callbacks)
    answer_data(smtp_server, "452 4.2.2 Mailbox full, try later")
    assert daily() == "cit 2026-03-16: 0 sent, 1 deferred (sent again at the next run).\n"
    summary = DailySummary.objects.get()
    assert (
        summary.state == DeliveryState.RETRYING and summary.last_error == "452 4.2.2 Mailbox full, try later"
    )
    runs = daily_summaries_due(now=AFTER_MIDNIGHT + dt.timedelta(minutes=10))
    assert [(run.court_id, run.day, len(run.sent)) for run in runs if run.court_id == "cit"] == [
        ("cit", DAY, 1)
    ]
    summary.refresh_from_db()
    assert summary.state == DeliveryState.SENT and summary.attempts == 2
    assert len(smtp_server.messages_to("marlowe@example.com")) == 1


def test_no_activity_notice_only_for_those_who_asked_and_file_in_the_court(cit, smtp_server):
    quiet = attorney_make(cit, "quiet")
    NotificationPreference.objects.create(
        user=quiet, frequency=NoticeFrequency.DAILY, no_activity_notice=True
    )
    silent = attorney_make(cit, "silent")  # daily, but no "no activity" notice
    NotificationPreference.objects.create(user=silent, frequency=NoticeFrequency.DAILY)
    agent = make_user("agent", email="agent@example.com")  # files for others; never on a service list
    grant_right(agent, cit, FilerRole.FILING_AGENT)
    confirm_mfa(agent)
    NotificationPreference.objects.create(
        user=agent, frequency=NoticeFrequency.DAILY, no_activity_notice=True
    )
    elsewhere = make_user("elsewhere", email="elsewhere@example.com")  # no filing right in this court
    NotificationPreference.objects.create(
        user=elsewhere, frequency=NoticeFrequency.DAILY, no_activity_notice=True
    )

    assert daily() == "cit 2026-03-16: 1 sent.\n"

    (mail,) = smtp_server.messages
    assert mail.rcpt_tos == ("quiet@example.com",)
    assert (
        mail.subject == "U.S. Court of International Trade: Daily Summary Report for 3/16/2026: no activity"
    )
    assert "There was no activity in the U.S. Court of International Trade on 3/16/2026" in mail.body
    summary = DailySummary.objects.get()
    assert summary.state == DeliveryState.SENT and not summary.deliveries.exists()
    assert daily() == "cit 2026-03-16: 0 sent.\n"


def test_no_activity_is_not_sent_to_someone_who_had_activity(
    cit, smtp_server, django_capture_on_commit_callbacks
):
    world = case_with_counsel(cit)
    NotificationPreference.objects.create(
        user=world.attorney, frequency=NoticeFrequency.DAILY, no_activity_notice=True
    )
    notice = notice_make(cit, world.case, world.attorney)
    NoticeOfElectronicFiling.objects.filter(pk=notice.pk).update(generated_at=MORNING)
    announce(notice, django_capture_on_commit_callbacks)
    assert daily() == "cit 2026-03-16: 1 sent.\n"
    (mail,) = smtp_server.messages
    assert "no activity" not in mail.subject
