"""Activation letters keep the code in clear only until they are mailed or the account is activated; the
PACER Service Center's queue holds only letters still to be mailed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openecf.accounts.factories import UserFactory
from openecf.accounts.models import AccountStatus
from openecf.audit.models import AuditEvent
from openecf.errors import Conflict
from openecf.pacer.activation import (
    activation_letter_mark_mailed,
    activation_letter_pdf_for_psc,
    activation_letter_reissue,
    activation_letters_for_psc,
    pacer_account_activate,
)
from openecf.pacer.letters import CODE_REMOVED
from openecf.pacer.models import ActivationLetter, ActivationLetterStatus
from openecf.pacer.tests.test_registration import letter_code, register
from openecf.storage import blob_storage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


@pytest.fixture
def psc():
    return UserFactory.create(username="pscadmin", psc_admin=True)


def stored_pdf(letter: ActivationLetter) -> bytes:
    letter.refresh_from_db()
    return blob_storage().get(letter.pdf_storage_key)


def test_marking_a_letter_mailed_keeps_only_a_copy_without_the_code(psc, django_capture_on_commit_callbacks):
    letter = register().activation_letter
    code = letter_code(letter)
    original = letter.pdf_storage_key
    with django_capture_on_commit_callbacks(execute=True):
        activation_letter_mark_mailed(letter_id=letter.pk, acting_user=psc)
    pdf = stored_pdf(letter)
    assert code.encode() not in pdf and CODE_REMOVED.strip("()").encode() in pdf and b"1 Federal Plaza" in pdf
    assert letter.code_removed_at is not None
    assert not blob_storage().exists(original)
    _, served = activation_letter_pdf_for_psc(letter_id=letter.pk, acting_user=psc)
    assert code.encode() not in served
    # The code still works: the account holder has it on paper, the database its hash.
    pacer_account_activate(user=letter.user, code=code, acting_user=letter.user)


def test_activation_takes_the_letters_out_of_the_queue_and_removes_their_codes(
    psc, django_capture_on_commit_callbacks
):
    result = register()
    user, first = result.user, result.activation_letter
    activation_letter_mark_mailed(letter_id=first.pk, acting_user=psc)
    second = activation_letter_reissue(user=user, acting_user=psc)
    code = letter_code(second)
    original = second.pdf_storage_key
    queued, _ = activation_letters_for_psc(psc)
    assert list(queued) == [second]
    with django_capture_on_commit_callbacks(execute=True):
        pacer_account_activate(user=user, code=code, acting_user=user)
    second.refresh_from_db()
    assert second.status == ActivationLetterStatus.WITHDRAWN and second.code_removed_at is not None
    assert code.encode() not in stored_pdf(second) and not blob_storage().exists(original)
    queued, _ = activation_letters_for_psc(psc)
    assert list(queued) == []
    event = AuditEvent.objects.get(kind="pacer_account.activated")
    assert event.extra["letters_withdrawn"] == 1 and event.extra["letter_codes_removed"] == 1
    with pytest.raises(Conflict, match="do not mail it"):
        activation_letter_mark_mailed(letter_id=second.pk, acting_user=psc)


def test_a_letter_whose_account_became_active_otherwise_is_not_listed(psc):
    letter = register().activation_letter
    type(letter.user).objects.filter(pk=letter.user.pk).update(status=AccountStatus.ACTIVE)
    queued, _ = activation_letters_for_psc(psc)
    assert list(queued) == []


def test_a_rolled_back_mailing_keeps_the_original(psc, django_capture_on_commit_callbacks, monkeypatch):
    letter = register().activation_letter
    code = letter_code(letter)

    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("openecf.pacer.activation.audit_event_record", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        activation_letter_mark_mailed(letter_id=letter.pk, acting_user=psc)
    assert code.encode() in stored_pdf(letter)
    assert letter.status == ActivationLetterStatus.QUEUED


def test_the_psc_page_offers_the_copy_of_a_mailed_letter(client, psc):
    letter = register().activation_letter
    code = letter_code(letter)
    client.force_login(psc)
    client.post(reverse("pacer:psc_letter_mailed", args=[letter.pk]))
    page = client.get(reverse("pacer:psc_letters")).content.decode()
    assert "Download copy (code removed)" in page and 'id="psc-letters-none"' in page
    pdf = client.get(reverse("pacer:psc_letter_pdf", args=[letter.pk]))
    assert pdf.status_code == 200 and code.encode() not in pdf.content
