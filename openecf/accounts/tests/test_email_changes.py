"""Changing the account's e-mail addresses: the current password is asked for, the address in place is told
and can undo the change by its link (single use, for EMAIL_CHANGE_UNDO_DAYS), which also ends every session."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.accounts.models import EmailChangeUndo, SecondaryEmail, User
from openecf.accounts.services import (
    account_email_change,
    email_change_undo,
    email_change_undo_find,
    secondary_email_add,
)
from openecf.audit.models import AuditEvent
from openecf.errors import Conflict, InvalidInput, NotFound

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def undo_link(token: str) -> str:
    return f"https://pacer.example/pacer/account/email/undo/{token}/"


def token_of(mail) -> str:
    found = re.search(r"/pacer/account/email/undo/([\w-]+)/", mail.body)
    assert found, mail.body
    return found.group(1)


@pytest.fixture
def user() -> User:
    return UserFactory.create(username="jdoe", email="jdoe@example.com")


def change(user: User, email: str, password: str = PASSWORD) -> User:
    return account_email_change(
        user=user, acting_user=user, email=email, current_password=password, undo_link=undo_link
    )


def test_a_wrong_password_changes_nothing_and_is_audited(
    user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput) as refused:
        change(user, "thief@example.net", password="not the password")
    assert refused.value.field == "current_password"
    user.refresh_from_db()
    assert user.email == "jdoe@example.com" and mailoutbox == []
    assert not EmailChangeUndo.objects.exists()
    event = AuditEvent.objects.get(kind="account.email_change_refused")
    assert event.subject_id == str(user.pk) and event.extra["change"] == "primary"


def test_the_old_address_gets_a_link_whose_token_is_kept_only_as_a_hash(
    user, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    with django_capture_on_commit_callbacks(execute=True):
        change(user, "jane.new@example.com")
    user.refresh_from_db()
    assert user.email == "jane.new@example.com"
    (mail,) = mailoutbox
    assert mail.to == ["jdoe@example.com"] and "jane.new@example.com" in mail.body
    token = token_of(mail)
    undo = EmailChangeUndo.objects.get()
    assert token not in undo.token_hash and len(undo.token_hash) == 64
    assert undo.expires_at == NOW + dt.timedelta(days=7)
    assert (undo.old_email, undo.new_email) == ("jdoe@example.com", "jane.new@example.com")


def test_undo_restores_the_address_and_ends_every_session(
    user, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    with django_capture_on_commit_callbacks(execute=True):
        change(user, "thief@example.net")
    generation = User.objects.get(pk=user.pk).session_generation
    assert email_change_undo_find(token_of(mailoutbox[0])).new_email == "thief@example.net"
    email_change_undo(token=token_of(mailoutbox[0]))
    user.refresh_from_db()
    assert user.email == "jdoe@example.com"
    assert user.session_generation == generation + 1
    assert AuditEvent.objects.filter(kind="account.email_change_undone", subject_id=str(user.pk)).exists()
    assert AuditEvent.objects.filter(kind="account.sessions_ended", subject_id=str(user.pk)).exists()


def test_the_link_works_once(user, mailoutbox, django_capture_on_commit_callbacks, frozen):
    with django_capture_on_commit_callbacks(execute=True):
        change(user, "thief@example.net")
    token = token_of(mailoutbox[0])
    email_change_undo(token=token)
    with django_capture_on_commit_callbacks(execute=True):
        change(user, "thief@example.net")
    with pytest.raises(Conflict, match="already used"):
        email_change_undo(token=token)
    assert User.objects.get(pk=user.pk).email == "thief@example.net"


def test_the_link_expires_after_seven_days(user, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        change(user, "thief@example.net")
    token = token_of(mailoutbox[0])
    with (
        time_machine.travel(NOW + dt.timedelta(days=7, seconds=1), tick=False),
        pytest.raises(Conflict, match="expired"),
    ):
        email_change_undo(token=token)
    assert User.objects.get(pk=user.pk).email == "thief@example.net"
    with time_machine.travel(NOW + dt.timedelta(days=6, hours=23), tick=False):
        email_change_undo(token=token)
    assert User.objects.get(pk=user.pk).email == "jdoe@example.com"


@pytest.mark.parametrize("token", ["", "x", "A" * 43, "A" * 5000])
def test_a_forged_link_is_refused(user, token):
    with pytest.raises(NotFound, match="not valid"):
        email_change_undo(token=token)


def test_undoing_voids_the_later_links_and_drops_the_addresses_added_since(
    user, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    """A thief who changed the address twice cannot undo the owner's undo with the second link."""
    with django_capture_on_commit_callbacks(execute=True):
        change(user, "thief@example.net")
        secondary_email_add(
            user=user,
            acting_user=user,
            email="thief2@example.net",
            current_password=PASSWORD,
            undo_link=undo_link,
        )
        change(user, "thief3@example.net")
    owners, thiefs_secondary, thiefs = (token_of(mail) for mail in mailoutbox)
    assert [mail.to for mail in mailoutbox] == [
        ["jdoe@example.com"],
        ["thief@example.net"],
        ["thief@example.net"],
    ]
    email_change_undo(token=owners)
    assert User.objects.get(pk=user.pk).email == "jdoe@example.com"
    assert not SecondaryEmail.objects.filter(user=user).exists()
    for token in (thiefs, thiefs_secondary):
        with pytest.raises(Conflict):
            email_change_undo(token=token)
    assert User.objects.get(pk=user.pk).email == "jdoe@example.com"


def test_adding_a_secondary_address_needs_the_password(user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput) as refused:
        secondary_email_add(
            user=user, acting_user=user, email="x@example.net", current_password="wrong", undo_link=undo_link
        )
    assert refused.value.field == "current_password"
    assert not SecondaryEmail.objects.exists() and mailoutbox == []
    assert AuditEvent.objects.get(kind="account.email_change_refused").extra["change"] == "secondary"


def test_the_primary_address_can_remove_a_secondary_one(
    user, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    with django_capture_on_commit_callbacks(execute=True):
        secondary_email_add(
            user=user,
            acting_user=user,
            email="x@example.net",
            current_password=PASSWORD,
            undo_link=undo_link,
        )
    (mail,) = mailoutbox
    assert mail.to == ["jdoe@example.com"] and "x@example.net" in mail.body
    email_change_undo(token=token_of(mail))
    assert not SecondaryEmail.objects.filter(user=user).exists()
    assert User.objects.get(pk=user.pk).email == "jdoe@example.com"
    assert AuditEvent.objects.filter(kind="account.sessions_ended", subject_id=str(user.pk)).exists()
