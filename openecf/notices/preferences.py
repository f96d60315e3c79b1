"""How an account wants its notices (Manage My Account): a notice for each filing, or one Daily Summary at
the court's midnight (with, if asked, a notice on days without activity); HTML or plain text.

An account that never chose has no row and gets the defaults: each filing, HTML, no "no activity" notice.
"""

from __future__ import annotations

from django.db import transaction

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.errors import InvalidInput, NotFound
from openecf.notices.models import NoticeFormat, NoticeFrequency, NotificationPreference

UNKNOWN_FREQUENCY = "Choose how often you get notices: each filing, or one Daily Summary."
UNKNOWN_FORMAT = "Choose the notices' format: HTML or plain text."
NOT_YOURS = "There is no such account."


def notification_preference_of(user: User) -> NotificationPreference:
    """The account's saved preference, or (unsaved) the defaults every account starts with."""
    saved = NotificationPreference.objects.filter(user=user).first()
    return saved if saved is not None else NotificationPreference(user=user)


def _choice(
    value: object, choices: type[NoticeFrequency] | type[NoticeFormat], refusal: str, field: str
) -> str:
    if not isinstance(value, str) or value not in choices.values:
        raise InvalidInput(refusal, field=field)
    return value


@transaction.atomic
def notification_preference_set(
    *,
    user: User,
    frequency: str,
    format: str,
    no_activity_notice: bool,
    acting_user: User,
) -> NotificationPreference:
    """Save how the account wants its notices; an unknown choice changes nothing.

    The "no activity" notice belongs to the Daily Summary: with a notice for each filing it is kept off, so
    the daily run never has to ask which setting wins.
    """
    if acting_user.pk != user.pk and not acting_user.is_superuser:
        raise NotFound(NOT_YOURS)  # another account's settings are not there for you
    frequency = _choice(frequency, NoticeFrequency, UNKNOWN_FREQUENCY, "frequency")
    format = _choice(format, NoticeFormat, UNKNOWN_FORMAT, "format")
    if not isinstance(no_activity_notice, bool):
        raise InvalidInput("Say yes or no to the 'no activity' notice.", field="no_activity_notice")
    no_activity = no_activity_notice and frequency == NoticeFrequency.DAILY
    # One writer at a time per account: two saves at once end with one row holding the later choice.
    User.objects.select_for_update().filter(pk=user.pk).first()
    preference = notification_preference_of(user)
    before = {
        "frequency": preference.frequency,
        "format": preference.format,
        "no_activity_notice": preference.no_activity_notice,
    }
    after = {"frequency": frequency, "format": format, "no_activity_notice": no_activity}
    if before == after:
        return preference
    preference.frequency, preference.format, preference.no_activity_notice = frequency, format, no_activity
    if preference.pk is None:
        preference.save()
    else:
        preference.save(update_fields=["frequency", "format", "no_activity_notice", "updated_at"])
    audit_event_record(
        kind="notices.preference_set",
        acting_user=acting_user,
        subject=user,
        extra={"before": before, "after": after},
    )
    return preference
