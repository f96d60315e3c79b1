"""Notice preferences (openecf/notices/preferences.py): the defaults, a saved choice with its audit event,
refusals that change nothing, and the "no activity" notice belonging to the Daily Summary."""

from __future__ import annotations

import pytest

from openecf.audit.models import AuditEvent
from openecf.errors import InvalidInput, NotFound
from openecf.filers.tests.helpers import make_user
from openecf.notices.models import NoticeFormat, NoticeFrequency, NotificationPreference
from openecf.notices.preferences import notification_preference_of, notification_preference_set

pytestmark = pytest.mark.django_db


def test_an_account_that_never_chose_gets_each_filing_in_html():
    user = make_user("reader")
    preference = notification_preference_of(user)
    assert preference.pk is None
    assert (preference.frequency, preference.format, preference.no_activity_notice) == (
        NoticeFrequency.EACH,
        NoticeFormat.HTML,
        False,
    )


def test_a_choice_is_saved_once_with_its_audit_event():
    user = make_user("reader")
    saved = notification_preference_set(
        user=user, frequency="daily", format="plain", no_activity_notice=True, acting_user=user
    )
    assert saved.pk is not None
    again = notification_preference_of(user)
    assert (again.frequency, again.format, again.no_activity_notice) == ("daily", "plain", True)
    event = AuditEvent.objects.get(kind="notices.preference_set")
    assert event.acting_user == user and event.subject_id == str(user.pk)
    assert event.extra["before"]["frequency"] == "each"
    assert event.extra["after"] == {"frequency": "daily", "format": "plain", "no_activity_notice": True}
    # The same choice again writes nothing.
    notification_preference_set(
        user=user, frequency="daily", format="plain", no_activity_notice=True, acting_user=user
    )
    assert AuditEvent.objects.filter(kind="notices.preference_set").count() == 1
    assert NotificationPreference.objects.count() == 1


def test_the_no_activity_notice_is_only_kept_with_the_daily_summary():
    user = make_user("reader")
    preference = notification_preference_set(
        user=user, frequency="each", format="html", no_activity_notice=True, acting_user=user
    )
    assert preference.no_activity_notice is False


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"frequency": "weekly"}, "frequency"),
        ({"frequency": ""}, "frequency"),
        ({"format": "pdf"}, "format"),
        ({"format": "HTML"}, "format"),
        ({"no_activity_notice": "yes"}, "no_activity_notice"),
    ],
)
def test_unknown_choices_are_refused_and_change_nothing(fields, field):
    user = make_user("reader")
    notification_preference_set(
        user=user, frequency="daily", format="plain", no_activity_notice=False, acting_user=user
    )
    audits = AuditEvent.objects.count()
    arguments = {"frequency": "each", "format": "html", "no_activity_notice": False, **fields}
    with pytest.raises(InvalidInput) as refused:
        notification_preference_set(user=user, acting_user=user, **arguments)
    assert refused.value.field == field
    kept = notification_preference_of(user)
    assert (kept.frequency, kept.format) == ("daily", "plain")
    assert AuditEvent.objects.count() == audits


def test_another_account_cannot_set_them():
    owner, other = make_user("owner"), make_user("other")
    with pytest.raises(NotFound):
        notification_preference_set(
            user=owner, frequency="daily", format="plain", no_activity_notice=False, acting_user=other
        )
    assert not NotificationPreference.objects.exists()
    admin = make_user("root", is_superuser=True)
    notification_preference_set(
        user=owner, frequency="daily", format="plain", no_activity_notice=False, acting_user=admin
    )
    assert notification_preference_of(owner).frequency == "daily"
