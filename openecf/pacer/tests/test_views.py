"""The registration wizard, activation, upgrade, account type and PACER Service Center pages."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import serializers
from django.urls import reverse

from openecf.accounts.factories import UserFactory
from openecf.accounts.models import AccountStatus, SecurityQuestion, User
from openecf.audit.models import AuditEvent
from openecf.billing.models import PaymentCard
from openecf.pacer.models import ActivationLetter, ActivationLetterStatus, RegistrationSuspension
from openecf.pacer.suspensions import PSC_TIME_ZONE
from openecf.storage import blob_storage

CARD_NUMBER = "4111111111111111"
NEXT_YEAR = dt.datetime.now(tz=dt.UTC).year + 1

DETAILS = {
    "user_type": "individual",
    "first_name": "Ada",
    "middle_name": "",
    "last_name": "Lovelace",
    "firm": "",
    "address_line1": "1 Federal Plaza",
    "address_line2": "",
    "city": "New York",
    "state": "NY",
    "postal_code": "10278",
    "country": "United States",
    "date_of_birth": "1980-05-17",
    "email": "ada@example.com",
    "phone": "212-555-0100",
}
CREDENTIALS = {
    "username": "AdaLovelace",
    "password": "long enough pass phrase",
    "password_confirm": "long enough pass phrase",
    "question_1": SecurityQuestion.FIRST_PET,
    "answer_1": "Rex",
    "question_2": SecurityQuestion.BIRTH_CITY,
    "answer_2": "Brooklyn",
    "question_3": SecurityQuestion.FIRST_CAR,
    "answer_3": "Ford",
}
CARD = {
    "action": "card",
    "card_number": "4111 1111 1111 1111",
    "exp_month": "12",
    "exp_year": str(NEXT_YEAR),
    "name_on_card": "Ada Lovelace",
    "cvv": "321",
}


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def psc(db):
    return UserFactory.create(username="pscadmin", psc_admin=True)


def walk_to_payment(client) -> None:
    response = client.post(reverse("pacer:register"), DETAILS)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("pacer:register_credentials")
    response = client.post(reverse("pacer:register_credentials"), CREDENTIALS)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("pacer:register_payment")


def letter_code(letter: ActivationLetter) -> str:
    found = re.search(
        rb"Activation code: ([A-Z0-9]{4}-[A-Z0-9]{4})", blob_storage().get(letter.pdf_storage_key)
    )
    assert found
    return found.group(1).decode()


@pytest.mark.django_db
def test_step_one_shows_grouped_user_types_and_government_checkbox(client):
    page = client.get(reverse("pacer:register")).content.decode()
    assert '<optgroup label="Government Accounts">' in page
    assert '<optgroup label="Individual Accounts">' in page
    assert "OTHER COMMERCIAL ACCOUNT" in page
    assert "PLAINTIFF, DEFENDANT, OR DEBTOR IN A CASE" in page
    assert "Check here if this account is for a Government Account" in page
    assert 'id="id_government_account"' in page


@pytest.mark.django_db
def test_register_with_card(client):
    walk_to_payment(client)
    response = client.post(reverse("pacer:register_payment"), CARD)
    assert response.status_code == 302
    # Nothing of the card but its token, brand, last four and expiry is in the session store.
    decoded = json.dumps([s.get_decoded() for s in Session.objects.all()])
    assert "adalovelace" in decoded
    assert "Visa" in decoded
    assert CARD_NUMBER not in decoded
    assert "cvv" not in decoded.lower()
    assert '"321"' not in decoded
    assert "long enough pass phrase" not in decoded
    assert "Brooklyn" not in decoded
    page = client.get(reverse("pacer:register_policies")).content.decode()
    assert "Visa ending 1111" in page
    assert "printable version of the Policies and Procedures" in page
    response = client.post(reverse("pacer:register_policies"), {"acknowledge": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("pacer:register_done")
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you for registering with the PACER Service Center." in thanks
    user = User.objects.get(username="adalovelace")
    assert user.status == AccountStatus.ACTIVE
    assert PaymentCard.objects.get(user=user).last4 == "1111"
    dump = serializers.serialize(
        "json",
        [*User.objects.all(), *PaymentCard.objects.all(), *AuditEvent.objects.all(), *Session.objects.all()],
    )
    assert CARD_NUMBER not in dump
    assert "cvv" not in dump.lower()


@pytest.mark.django_db
def test_double_submit_of_last_step_creates_one_account(client):
    walk_to_payment(client)
    client.post(reverse("pacer:register_payment"), CARD)
    first = client.post(reverse("pacer:register_policies"), {"acknowledge": "on"})
    second = client.post(reverse("pacer:register_policies"), {"acknowledge": "on"})
    assert first["Location"] == second["Location"] == reverse("pacer:register_done")
    assert User.objects.filter(username="adalovelace").count() == 1
    assert AuditEvent.objects.filter(kind="pacer_account.registered").count() == 1


@pytest.mark.django_db
def test_register_without_card_then_activate(client):
    walk_to_payment(client)
    page = client.get(reverse("pacer:register_payment")).content.decode()
    assert "You will receive an activation code by U.S. mail in 7-10 business days." in page
    response = client.post(reverse("pacer:register_payment"), {"action": "skip"})
    assert response["Location"] == reverse("pacer:register_policies")
    response = client.post(reverse("pacer:register_policies"), {"acknowledge": "on"})
    thanks = client.get(response["Location"]).content.decode()
    assert "7-10 business days" in thanks
    user = User.objects.get(username="adalovelace")
    assert user.status == AccountStatus.INACTIVE
    letter = ActivationLetter.objects.get(user=user)
    client.force_login(user)
    page = client.get(reverse("pacer:activate")).content.decode()
    assert 'id="id_code"' in page
    refused = client.post(reverse("pacer:activate"), {"code": "AAAA-AAAA"}).content.decode()
    assert "That activation code is not correct" in refused
    assert "4 more times" in refused
    done = client.post(reverse("pacer:activate"), {"code": letter_code(letter)}).content.decode()
    assert "Your PACER account is now active" in done
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    again = client.post(reverse("pacer:activate"), {"code": letter_code(letter)}).content.decode()
    assert "nothing to activate" in again


@pytest.mark.django_db
def test_activation_page_needs_a_login(client):
    response = client.get(reverse("pacer:activate"))
    assert response.status_code == 302
    assert response["Location"].startswith("/pacer/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("card", "message"),
    [
        ({"card_number": "4111 1111 1111 1112"}, "not valid"),
        ({"card_number": "4000 0000 0000 0002"}, "declined by its issuer"),
        ({"card_number": "4000000000009995"}, "insufficient funds"),
        ({"exp_year": str(NEXT_YEAR - 2)}, "Select a valid choice"),
        ({"cvv": "12"}, "3-digit security code"),
    ],
)
def test_bad_cards_refused_and_not_echoed(client, card, message):
    walk_to_payment(client)
    response = client.post(reverse("pacer:register_payment"), {**CARD, **card})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    number = card.get("card_number", CARD["card_number"])
    assert number not in page
    assert number.replace(" ", "") not in page
    assert "registration_payment" not in page
    assert not User.objects.filter(username="adalovelace").exists()
    # The policies step is not reachable until a card is accepted or the user chooses Next without one.
    assert client.get(reverse("pacer:register_policies"))["Location"] == reverse("pacer:register_payment")


@pytest.mark.django_db
def test_expired_card_refused(client):
    with time_machine.travel(dt.datetime(NEXT_YEAR + 1, 2, 1, 12, tzinfo=dt.UTC)):
        walk_to_payment(client)
        page = client.post(
            reverse("pacer:register_payment"), {**CARD, "exp_year": str(NEXT_YEAR + 1), "exp_month": "1"}
        ).content.decode()
    assert "The card has expired" in page


@pytest.mark.django_db
def test_step_errors_shown_in_the_form(client):
    page = client.post(reverse("pacer:register"), {**DETAILS, "government_account": "on"}).content.decode()
    assert "A government account needs a user type from Government Accounts" in page
    client.post(reverse("pacer:register"), DETAILS)
    weak = client.post(
        reverse("pacer:register_credentials"),
        {**CREDENTIALS, "password": "password1234", "password_confirm": "password1234"},
    ).content.decode()
    assert "commonly used passwords" in weak
    mismatch = client.post(
        reverse("pacer:register_credentials"),
        {**CREDENTIALS, "password_confirm": "something else entirely"},
    ).content.decode()
    assert "do not match" in mismatch
    UserFactory.create(username="adalovelace")
    taken = client.post(reverse("pacer:register_credentials"), CREDENTIALS).content.decode()
    assert "The username adalovelace is taken" in taken


@pytest.mark.django_db
def test_policies_must_be_acknowledged(client):
    walk_to_payment(client)
    client.post(reverse("pacer:register_payment"), {"action": "skip"})
    page = client.post(reverse("pacer:register_policies"), {}).content.decode()
    assert "Check the box to acknowledge" in page
    assert not User.objects.filter(username="adalovelace").exists()


@pytest.mark.django_db
def test_steps_cannot_be_skipped(client):
    assert client.get(reverse("pacer:register_credentials"))["Location"] == reverse("pacer:register")
    assert client.get(reverse("pacer:register_payment"))["Location"] == reverse("pacer:register_credentials")
    assert client.post(reverse("pacer:register_policies"), {"acknowledge": "on"})["Location"] == reverse(
        "pacer:register"
    )
    assert client.get(reverse("pacer:register_done"))["Location"] == reverse("pacer:register")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_printable_policies(client):
    page = client.get(reverse("pacer:register_policies_print")).content.decode()
    assert "PACER Policies and Procedures" in page


@pytest.mark.django_db
def test_suspension_shown_on_every_step_and_refused_at_the_end(client, psc):
    walk_to_payment(client)
    client.post(reverse("pacer:register_payment"), {"action": "skip"})
    RegistrationSuspension.objects.create(
        starts_at=dt.datetime(2020, 3, 9, tzinfo=PSC_TIME_ZONE),
        ends_at=dt.datetime(2020, 3, 16, tzinfo=PSC_TIME_ZONE),
        created_by=psc,
    )
    with time_machine.travel(dt.datetime(2020, 3, 15, 23, 59, tzinfo=PSC_TIME_ZONE)):
        for name in ("pacer:register", "pacer:register_credentials", "pacer:register_payment"):
            page = client.get(reverse(name)).content.decode()
            assert "suspended through Sunday, March 15, 2020" in page
            assert "Registrations will resume on Monday, March 16, 2020." in page
        page = client.post(reverse("pacer:register_policies"), {"acknowledge": "on"}).content.decode()
        assert "suspended through Sunday, March 15, 2020" in page
    assert not User.objects.filter(username="adalovelace").exists()
    with time_machine.travel(dt.datetime(2020, 3, 16, 0, 0, tzinfo=PSC_TIME_ZONE)):
        response = client.post(reverse("pacer:register_policies"), {"acknowledge": "on"})
        assert response["Location"] == reverse("pacer:register_done")
    assert User.objects.get(username="adalovelace").account_created_on == dt.date(2020, 3, 16)


# --- PSC pages -------------------------------------------------------------------------------------

PSC_PAGES = [
    ("get", "pacer:psc_letters", {}),
    ("get", "pacer:psc_suspensions", {}),
    ("get", "pacer:psc_letter_pdf", {"letter_id": 1}),
    ("post", "pacer:psc_letter_mailed", {"letter_id": 1}),
    ("post", "pacer:psc_letter_reissue", {"letter_id": 1}),
    ("post", "pacer:psc_suspension_lift", {"suspension_id": 1}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "kwargs"), PSC_PAGES)
def test_psc_pages_hidden_from_everyone_else(client, method, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    assert getattr(client, method)(url).status_code == 302  # anonymous: to the login
    staff = UserFactory.create(username="clerkish", is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert getattr(client, method)(url).status_code == 404


@pytest.mark.django_db
def test_psc_letter_queue_download_and_mark_mailed(client, psc):
    walk_to_payment(client)
    client.post(reverse("pacer:register_payment"), {"action": "skip"})
    client.post(reverse("pacer:register_policies"), {"acknowledge": "on"})
    letter = ActivationLetter.objects.get()
    client.force_login(psc)
    page = client.get(reverse("pacer:psc_letters")).content.decode()
    assert f'id="psc-letter-{letter.pk}-pdf"' in page
    assert "1 Federal Plaza" in page
    pdf = client.get(reverse("pacer:psc_letter_pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("pacer:psc_letter_mailed", args=[letter.pk])).status_code == 405
    client.post(reverse("pacer:psc_letter_mailed", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.status == ActivationLetterStatus.MAILED
    assert AuditEvent.objects.filter(kind="activation_letter.mailed", acting_user=psc).exists()
    page = client.get(reverse("pacer:psc_letters")).content.decode()
    assert f'id="psc-letter-{letter.pk}-reissue"' in page
    client.post(reverse("pacer:psc_letter_reissue", args=[letter.pk]))
    assert ActivationLetter.objects.filter(status=ActivationLetterStatus.QUEUED).count() == 1
    assert client.post(reverse("pacer:psc_letter_mailed", args=[99999])).status_code == 404


@pytest.mark.django_db
def test_psc_sets_and_lifts_a_suspension(client, psc):
    client.force_login(psc)
    with time_machine.travel(dt.datetime(2020, 1, 14, 12, tzinfo=dt.UTC)):
        response = client.post(
            reverse("pacer:psc_suspensions"),
            {
                "starts_on": "2020-03-09",
                "starts_time": "00:00",
                "resumes_on": "2020-03-16",
                "resumes_time": "00:00",
            },
        )
        assert response.status_code == 302
        suspension = RegistrationSuspension.objects.get()
        assert suspension.starts_at == dt.datetime(
            2020, 3, 9, 4, 0, tzinfo=dt.UTC
        )  # daylight time began Mar 8
        assert suspension.ends_at == dt.datetime(2020, 3, 16, 4, 0, tzinfo=dt.UTC)
        page = client.get(reverse("pacer:psc_suspensions")).content.decode()
        assert "Registrations will resume on Monday, March 16, 2020." in page
        bad = client.post(
            reverse("pacer:psc_suspensions"),
            {
                "starts_on": "2020-03-16",
                "starts_time": "00:00",
                "resumes_on": "2020-03-09",
                "resumes_time": "00:00",
            },
        ).content.decode()
        assert "must resume after" in bad
    with time_machine.travel(dt.datetime(2020, 3, 10, 12, tzinfo=dt.UTC)):
        assert "suspended through" in client.get(reverse("pacer:register")).content.decode()
        # Two months later the idle session has timed out: the PSC administrator signs in again.
        client.force_login(psc)
        client.post(reverse("pacer:psc_suspension_lift", args=[suspension.pk]))
        assert "suspended" not in client.get(reverse("pacer:register")).content.decode()
    assert AuditEvent.objects.filter(kind__startswith="registration_suspension.").count() == 2


# --- legacy accounts: upgrade and account type -----------------------------------------------------


def make_user(username: str, created_on: dt.date, **fields) -> User:
    return UserFactory.create(
        username=username, password="old-password-12", account_created_on=created_on, **fields
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("created_on", "shared", "expected"),
    [
        (dt.date(2010, 1, 1), False, "This is a legacy PACER account"),
        (dt.date(2014, 8, 11), False, "This is an upgraded PACER account"),
        (dt.date(2010, 1, 1), True, "DO NOT login with a shared/firm PACER account"),
    ],
)
def test_account_type_page(client, created_on, shared, expected):
    client.force_login(make_user("someone", created_on, shared_account=shared))
    page = client.get(reverse("pacer:account_type")).content.decode()
    assert (
        "If you created your PACER account after August 11, 2014, you have an upgraded PACER account." in page
    )
    assert expected in page


@pytest.mark.django_db
def test_upgrade_page(client):
    user = make_user("oldtimer", dt.date(2009, 2, 3))
    client.force_login(user)
    page = client.get(reverse("pacer:upgrade")).content.decode()
    assert 'value="oldtimer"' in page
    weak = client.post(
        reverse("pacer:upgrade"), {**CREDENTIALS, "password": "short", "password_confirm": "short"}
    ).content.decode()
    assert "at least 12 characters" in weak
    same = client.post(
        reverse("pacer:upgrade"),
        {**CREDENTIALS, "password": "old-password-12", "password_confirm": "old-password-12"},
    ).content.decode()
    assert "Choose a new password" in same
    done = client.post(reverse("pacer:upgrade"), CREDENTIALS).content.decode()
    assert "Your PACER account is upgraded" in done
    user.refresh_from_db()
    assert user.username == "adalovelace"
    assert user.upgraded_at is not None
    # Still signed in after the password change.
    assert client.get(reverse("pacer:account_type")).status_code == 200
    assert client.get(reverse("pacer:upgrade"))["Location"] == reverse("pacer:account_type")
