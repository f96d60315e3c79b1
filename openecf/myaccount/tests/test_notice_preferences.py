"""Manage My Account's notice preferences page (openecf/myaccount/notice_preferences.py): the choices and the
addresses shown, a saved choice, and hostile POSTs (unknown choices, no CSRF token, another account's)."""

from __future__ import annotations

import pytest
from django.test import Client

from openecf.accounts.models import SecondaryEmail
from openecf.audit.models import AuditEvent
from openecf.filers.tests.helpers import make_user
from openecf.notices.models import NotificationPreference
from openecf.notices.preferences import notification_preference_of

pytestmark = pytest.mark.django_db

URL = "/pacer/account/notices/"


@pytest.fixture
def reader():
    user = make_user("reader", email="reader@example.com")
    SecondaryEmail.objects.create(user=user, email="paralegal@example.com")
    return user


def test_the_page_needs_a_login(client):
    assert client.get(URL)["Location"] == f"/pacer/login/?next={URL}"
    assert client.post(URL, {"frequency": "daily", "format": "plain"})["Location"].startswith("/pacer/login/")
    assert not NotificationPreference.objects.exists()


def test_the_page_shows_the_choices_and_where_notices_go(client, reader):
    client.force_login(reader)
    page = client.get(URL).content.decode()
    assert 'value="each"' in page and 'value="daily"' in page
    assert 'value="html"' in page and 'value="plain"' in page
    assert 'name="no_activity_notice"' in page
    assert "reader@example.com" in page and "paralegal@example.com" in page
    assert 'href="/pacer/account/#emails"' in page
    # The defaults are checked.
    assert 'value="each" class="usa-radio__input" id="id_frequency_0" required checked' in page
    manage = client.get("/pacer/account/").content.decode()
    assert f'href="{URL}"' in manage


def test_a_choice_is_saved_and_shown_again(client, reader):
    client.force_login(reader)
    saved = client.post(URL, {"frequency": "daily", "format": "plain", "no_activity_notice": "on"})
    assert saved.status_code == 302 and saved["Location"] == URL
    preference = notification_preference_of(reader)
    assert (preference.frequency, preference.format, preference.no_activity_notice) == (
        "daily",
        "plain",
        True,
    )
    page = client.get(URL).content.decode()
    assert "Your notice preferences were saved." in page
    assert 'value="daily" class="usa-radio__input" id="id_frequency_1" required checked' in page
    assert 'value="plain" class="usa-radio__input" id="id_format_1" required checked' in page


@pytest.mark.parametrize(
    "data",
    [
        {"frequency": "hourly", "format": "html"},
        {"frequency": "each", "format": "pdf"},
        {"frequency": "each"},
        {"format": "html"},
        {"frequency": ["each", "daily\x00"], "format": "html"},
    ],
)
def test_unknown_choices_are_refused_and_change_nothing(client, reader, data):
    client.force_login(reader)
    refused = client.post(URL, data)
    assert refused.status_code == 400
    assert 'class="usa-error-message"' in refused.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not AuditEvent.objects.filter(kind="notices.preference_set").exists()


def test_a_post_without_its_csrf_token_is_refused(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post(URL, {"frequency": "daily", "format": "plain"}).status_code == 403
    assert not NotificationPreference.objects.exists()


def test_a_post_naming_another_account_changes_only_ones_own(client, reader):
    other = make_user("other")
    client.force_login(reader)
    response = client.post(
        URL, {"frequency": "daily", "format": "plain", "user": other.pk, "user_id": other.pk}
    )
    assert response.status_code == 302
    assert notification_preference_of(other).pk is None
    assert notification_preference_of(reader).frequency == "daily"
    assert list(NotificationPreference.objects.values_list("user_id", flat=True)) == [reader.pk]
