"""PACER registration, activation and suspension services."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
import time_machine
from django.core import serializers

from openecf.accounts.credentials import security_answer_verify
from openecf.accounts.factories import UserFactory
from openecf.accounts.models import AccountStatus, SecurityAnswer, SecurityQuestion, User, UserType
from openecf.audit.models import AuditEvent
from openecf.billing.gateway import CardDetails, SandboxGateway
from openecf.billing.models import PaymentCard
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.pacer.activation import (
    ACTIVATION_ATTEMPTS_ALLOWED,
    activation_attempts_left,
    activation_letter_mark_mailed,
    activation_letter_pdf_for_psc,
    activation_letter_reissue,
    pacer_account_activate,
)
from openecf.pacer.models import ActivationLetter, ActivationLetterStatus, RegistrationSuspension
from openecf.pacer.registration import (
    RegistrationCredentials,
    RegistrationDetails,
    pacer_account_register,
    registration_credentials_prepare,
    registration_details_check,
)
from openecf.pacer.suspensions import (
    PSC_TIME_ZONE,
    registration_suspension_current,
    registration_suspension_lift,
    registration_suspension_message,
    registration_suspension_set,
)
from openecf.storage import blob_storage

CARD_NUMBER = "4111111111111111"
PASSWORD = "long enough pass phrase"
QUESTIONS = [
    (SecurityQuestion.FIRST_PET, "  Rex  "),
    (SecurityQuestion.BIRTH_CITY, "Brooklyn"),
    (SecurityQuestion.FIRST_CAR, "Ford Pinto"),
]


def details(**changes) -> RegistrationDetails:
    base = RegistrationDetails(
        user_type=UserType.INDIVIDUAL,
        government_account=False,
        first_name="Ada",
        middle_name="B",
        last_name="Lovelace",
        address_line1="1 Federal Plaza",
        city="New York",
        state="NY",
        postal_code="10278",
        date_of_birth=dt.date(1980, 5, 17),
        email="ada@example.com",
        phone="212-555-0100",
    )
    return dataclasses.replace(base, **changes)


def credentials(username: str = "adalovelace", password: str = PASSWORD) -> RegistrationCredentials:
    return registration_credentials_prepare(username=username, password=password, security_answers=QUESTIONS)


def card_token(number: str = CARD_NUMBER):
    today = dt.datetime.now(tz=dt.UTC)
    return SandboxGateway().tokenize(
        CardDetails(
            number=number, exp_month=12, exp_year=today.year + 2, cvv="321", name_on_card="Ada Lovelace"
        )
    )


def register(*, card=None, username: str = "adalovelace", **changes):
    return pacer_account_register(
        details=details(**changes), credentials=credentials(username), card=card, policies_acknowledged=True
    )


def letter_code(letter: ActivationLetter) -> str:
    """Read the code off the stored letter, the way the person who receives it does."""
    pdf = blob_storage().get(letter.pdf_storage_key)
    found = re.search(rb"Activation code: ([A-Z0-9]{4}-[A-Z0-9]{4})", pdf)
    assert found, "the letter shows its code"
    return found.group(1).decode()


@pytest.fixture(autouse=True)
def _fast_hashing(request):
    # argon2 is the production hasher (one test below keeps it); the others take the quick one.
    if "argon2" not in request.node.name:
        request.getfixturevalue("fast_hashing")


@pytest.fixture
def psc(db):
    return UserFactory.create(username="pscadmin", psc_admin=True)


# --- step 1 and step 2 checks ----------------------------------------------------------------------


def test_details_accepted():
    registration_details_check(details())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"user_type": "astronaut"}, "user_type"),
        ({"government_account": True}, "user_type"),
        ({"first_name": " "}, "first_name"),
        ({"address_line1": ""}, "address_line1"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "555-0100"}, "phone"),
        ({"phone": "212-555-0100; drop"}, "phone"),
        ({"date_of_birth": dt.date(2999, 1, 1)}, "date_of_birth"),
        ({"date_of_birth": dt.date(1850, 1, 1)}, "date_of_birth"),
    ],
)
def test_details_refused(changes, field):
    with pytest.raises(InvalidInput) as caught:
        registration_details_check(details(**changes))
    assert caught.value.field == field


def test_government_checkbox_with_government_type_accepted():
    registration_details_check(details(user_type=UserType.FEDERAL_JUDICIARY, government_account=True))


@pytest.mark.django_db
def test_credentials_hash_password_and_normalized_answers():
    prepared = credentials("  AdaLovelace ")
    assert prepared.username == "adalovelace"
    assert PASSWORD not in json.dumps(prepared.as_session())
    assert "Rex" not in json.dumps(prepared.as_session())
    assert RegistrationCredentials.from_session(json.loads(json.dumps(prepared.as_session()))) == prepared


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "at least 12"), ("qwerty123456789", "commonly used"), ("adalovelace-secret", "username")],
)
def test_weak_passwords_refused(password, message):
    with pytest.raises(InvalidInput, match=message):
        credentials(password=password)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["abc", "has space", "-dash-first", "x" * 41, "semi;colon"])
def test_malformed_usernames_refused(username):
    with pytest.raises(InvalidInput) as caught:
        credentials(username)
    assert caught.value.field == "username"


@pytest.mark.django_db
def test_security_questions_must_be_three_distinct_and_answered():
    with pytest.raises(InvalidInput, match="different"):
        registration_credentials_prepare(
            username="adalovelace",
            password=PASSWORD,
            security_answers=[
                (SecurityQuestion.FIRST_PET, "a1"),
                (SecurityQuestion.FIRST_PET, "b2"),
                QUESTIONS[2],
            ],
        )
    with pytest.raises(InvalidInput, match="Choose 3"):
        registration_credentials_prepare(
            username="adalovelace", password=PASSWORD, security_answers=QUESTIONS[:2]
        )
    with pytest.raises(InvalidInput, match="Answer each"):
        registration_credentials_prepare(
            username="adalovelace",
            password=PASSWORD,
            security_answers=[*QUESTIONS[:2], (SecurityQuestion.FIRST_CAR, " ")],
        )
    with pytest.raises(InvalidInput, match="from the list"):
        registration_credentials_prepare(
            username="adalovelace",
            password=PASSWORD,
            security_answers=[*QUESTIONS[:2], ("favorite_color", "blue")],
        )


@pytest.mark.django_db
def test_password_and_answers_hashed_with_argon2():
    prepared = credentials()
    assert prepared.password_hash.startswith("argon2")
    assert all(answer_hash.startswith("argon2") for _, answer_hash in prepared.security_answers)


# --- registration ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_register_with_card_is_active_at_once_and_keeps_only_the_token():
    token = card_token()
    result = register(card=token)
    user = result.user
    assert user.status == AccountStatus.ACTIVE
    assert result.activation_letter is None
    assert user.username == "adalovelace"
    assert user.check_password(PASSWORD)
    assert not user.is_legacy
    stored = PaymentCard.objects.get(user=user)
    assert (stored.token, stored.brand, stored.last4) == (token.token, "Visa", "1111")
    event = AuditEvent.objects.get(kind="pacer_account.registered", subject_id=str(user.pk))
    assert event.extra["card"] == {"brand": "Visa", "last4": "1111"}
    # The card number and CVV are nowhere in the database: not in any row, not in any audit extra.
    dump = serializers.serialize(
        "json", [*User.objects.all(), *PaymentCard.objects.all(), *AuditEvent.objects.all()]
    )
    assert CARD_NUMBER not in dump
    assert "4111 1111" not in dump
    assert '"321"' not in dump
    assert PASSWORD not in dump


@pytest.mark.django_db
def test_security_answers_hashed_and_match_however_typed():
    user = register(card=card_token()).user
    answers = SecurityAnswer.objects.filter(user=user)
    assert answers.count() == 3
    assert all("rex" not in a.answer_hash.lower() for a in answers)
    assert security_answer_verify(user=user, question=SecurityQuestion.FIRST_PET, answer="REX")
    assert security_answer_verify(user=user, question=SecurityQuestion.FIRST_CAR, answer=" ford   pinto ")
    assert not security_answer_verify(user=user, question=SecurityQuestion.FIRST_PET, answer="Max")
    assert not security_answer_verify(user=user, question=SecurityQuestion.MOTHER_MAIDEN, answer="Rex")


@pytest.mark.django_db
def test_government_type_makes_a_government_account():
    user = register(card=card_token(), user_type=UserType.STATE_LOCAL_GOVERNMENT).user
    assert user.government_account


@pytest.mark.django_db
def test_register_without_card_is_inactive_with_a_queued_letter():
    result = register()
    user = result.user
    assert user.status == AccountStatus.INACTIVE
    letter = result.activation_letter
    assert letter is not None
    assert letter.status == ActivationLetterStatus.QUEUED
    code = letter_code(letter)
    assert code not in letter.code_hash
    pdf = blob_storage().get(letter.pdf_storage_key)
    assert pdf.startswith(b"%PDF")
    assert b"1 Federal Plaza" in pdf
    assert not PaymentCard.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(kind="activation_letter.queued", subject_id=str(letter.pk)).exists()


@pytest.mark.django_db
def test_username_taken_in_any_case():
    register(card=card_token())
    with pytest.raises(Conflict, match="taken"):
        credentials("AdaLovelace")
    # A credential prepared before the other account existed is refused at the end, not duplicated.
    early = credentials("lovelace2")
    register(card=card_token(), username="Lovelace2")
    with pytest.raises(Conflict, match="taken"):
        pacer_account_register(details=details(), credentials=early, card=None, policies_acknowledged=True)
    assert User.objects.filter(username__iexact="lovelace2").count() == 1


@pytest.mark.django_db
def test_policies_must_be_acknowledged():
    with pytest.raises(InvalidInput, match="acknowledge"):
        pacer_account_register(
            details=details(), credentials=credentials(), card=None, policies_acknowledged=False
        )
    assert not User.objects.exists()


@pytest.mark.django_db
def test_clear_password_smuggled_as_hash_is_refused():
    forged = RegistrationCredentials(username="adalovelace", password_hash=PASSWORD, security_answers=())
    with pytest.raises(InvalidInput):
        pacer_account_register(details=details(), credentials=forged, card=None, policies_acknowledged=True)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_failed_registration_leaves_nothing():
    token = card_token()
    register(card=token, username="firstuser")
    # Same card token again: the card step fails inside the registration's transaction.
    with pytest.raises(Conflict):
        register(card=token, username="seconduser")
    assert not User.objects.filter(username="seconduser").exists()
    assert not AuditEvent.objects.filter(extra__username="seconduser").exists()


# --- activation ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_activation_code_activates_once():
    result = register()
    user = result.user
    code = letter_code(result.activation_letter)
    pacer_account_activate(user=user, code=code.lower().replace("-", " "), acting_user=user)
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    letter = ActivationLetter.objects.get(user=user)
    assert letter.used_at is not None
    assert AuditEvent.objects.filter(kind="pacer_account.activated", subject_id=str(user.pk)).exists()
    with pytest.raises(Conflict, match="already active"):
        pacer_account_activate(user=user, code=code, acting_user=user)


@pytest.mark.django_db
def test_wrong_and_forged_codes_refused_and_counted_then_locked():
    result = register()
    user = result.user
    code = letter_code(result.activation_letter)
    for attempt, forged in enumerate(["AAAA-AAAA", "", "'; DROP TABLE", "x" * 500, "ZZZZ-ZZZZ"], start=1):
        with pytest.raises(InvalidInput, match="not correct"):
            pacer_account_activate(user=user, code=forged, acting_user=user)
        assert activation_attempts_left(user=user) == ACTIVATION_ATTEMPTS_ALLOWED - attempt
    with pytest.raises(Conflict, match="too many times"):
        pacer_account_activate(user=user, code=code, acting_user=user)
    user.refresh_from_db()
    assert user.status == AccountStatus.INACTIVE
    assert AuditEvent.objects.filter(kind="pacer_account.activation_refused").count() == 5


@pytest.mark.django_db
def test_psc_reissue_starts_a_new_count_and_only_the_newest_code_works(psc):
    result = register()
    user = result.user
    old_code = letter_code(result.activation_letter)
    for _ in range(ACTIVATION_ATTEMPTS_ALLOWED):
        with pytest.raises(InvalidInput):
            pacer_account_activate(user=user, code="AAAA-AAAA", acting_user=user)
    new_letter = activation_letter_reissue(user=user, acting_user=psc)
    assert activation_attempts_left(user=user) == ACTIVATION_ATTEMPTS_ALLOWED
    with pytest.raises(InvalidInput):
        pacer_account_activate(user=user, code=old_code, acting_user=user)
    pacer_account_activate(user=user, code=letter_code(new_letter), acting_user=user)
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE


@pytest.mark.django_db
def test_someone_else_cannot_activate_an_account():
    result = register()
    other = register(card=card_token(), username="mallory1").user
    with pytest.raises(NotFound):
        pacer_account_activate(
            user=result.user, code=letter_code(result.activation_letter), acting_user=other
        )


@pytest.mark.django_db
def test_reissue_and_mailing_need_a_psc_admin(psc):
    result = register()
    user = result.user
    letter = result.activation_letter
    with pytest.raises(NotFound):
        activation_letter_reissue(user=user, acting_user=user)
    with pytest.raises(NotFound):
        activation_letter_mark_mailed(letter_id=letter.pk, acting_user=user)
    with pytest.raises(NotFound):
        activation_letter_pdf_for_psc(letter_id=letter.pk, acting_user=None)
    mailed = activation_letter_mark_mailed(letter_id=letter.pk, acting_user=psc)
    assert mailed.status == ActivationLetterStatus.MAILED
    assert mailed.mailed_at is not None
    assert AuditEvent.objects.filter(kind="activation_letter.mailed", acting_user=psc).exists()
    with pytest.raises(Conflict, match="already"):
        activation_letter_mark_mailed(letter_id=letter.pk, acting_user=psc)
    with pytest.raises(NotFound):
        activation_letter_mark_mailed(letter_id=999999, acting_user=psc)
    found, pdf = activation_letter_pdf_for_psc(letter_id=letter.pk, acting_user=psc)
    assert found == letter
    assert pdf.startswith(b"%PDF")


@pytest.mark.django_db
def test_reissue_refused_for_an_active_account(psc):
    user = register(card=card_token()).user
    with pytest.raises(Conflict):
        activation_letter_reissue(user=user, acting_user=psc)


# --- suspensions -----------------------------------------------------------------------------------

START = dt.datetime(2020, 3, 9, 0, 0, tzinfo=PSC_TIME_ZONE)
RESUME = dt.datetime(2020, 3, 16, 0, 0, tzinfo=PSC_TIME_ZONE)


@pytest.fixture
def seed_suspension(psc):
    with time_machine.travel(dt.datetime(2020, 1, 14, 12, 0, tzinfo=dt.UTC), tick=False):
        return registration_suspension_set(starts_at=START, ends_at=RESUME, reason="", acting_user=psc)


def test_suspension_message_in_the_seed_words(seed_suspension):
    message = registration_suspension_message(seed_suspension)
    assert "through Sunday, March 15, 2020" in message
    assert "Registrations will resume on Monday, March 16, 2020." in message


@pytest.mark.parametrize(
    ("moment", "suspended"),
    [
        (START - dt.timedelta(seconds=1), False),
        (START, True),
        (RESUME - dt.timedelta(seconds=1), True),
        (RESUME, False),
    ],
)
def test_suspension_window_edges(seed_suspension, moment, suspended):
    with time_machine.travel(moment, tick=False):
        assert (registration_suspension_current() is not None) is suspended
        if suspended:
            with pytest.raises(Conflict, match="suspended through Sunday, March 15, 2020") as caught:
                register(card=card_token())
            assert caught.value.code == "registration_suspended"
            assert not User.objects.filter(username="adalovelace").exists()
        else:
            assert register(card=card_token()).user.status == AccountStatus.ACTIVE


def test_suspension_resuming_mid_day_names_the_time(psc):
    with time_machine.travel(dt.datetime(2020, 1, 14, 12, 0, tzinfo=dt.UTC), tick=False):
        suspension = registration_suspension_set(
            starts_at=dt.datetime(2020, 3, 13, 8, 0, tzinfo=PSC_TIME_ZONE),
            ends_at=dt.datetime(2020, 3, 16, 8, 0, tzinfo=PSC_TIME_ZONE),
            reason="NextGen CM/ECF upgrade.",
            acting_user=psc,
        )
    message = registration_suspension_message(suspension)
    assert "through Monday, March 16, 2020" in message
    assert "resume on Monday, March 16, 2020 at 8:00 AM Eastern Time." in message
    assert message.endswith("NextGen CM/ECF upgrade.")


@pytest.mark.django_db
def test_suspension_needs_psc_admin_and_a_sane_window(psc):
    user = UserFactory.create(username="someuser")
    with time_machine.travel(dt.datetime(2020, 1, 14, 12, 0, tzinfo=dt.UTC), tick=False):
        with pytest.raises(NotFound):
            registration_suspension_set(starts_at=START, ends_at=RESUME, reason="", acting_user=user)
        with pytest.raises(NotFound):
            registration_suspension_set(starts_at=START, ends_at=RESUME, reason="", acting_user=None)
        with pytest.raises(InvalidInput, match="resume after"):
            registration_suspension_set(starts_at=RESUME, ends_at=START, reason="", acting_user=psc)
        with pytest.raises(InvalidInput, match="time zone"):
            registration_suspension_set(
                starts_at=dt.datetime(2020, 3, 9),  # noqa: DTZ001
                ends_at=RESUME,
                reason="",
                acting_user=psc,
            )
    with (
        time_machine.travel(dt.datetime(2020, 4, 1, 12, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(InvalidInput, match="already over"),
    ):
        registration_suspension_set(starts_at=START, ends_at=RESUME, reason="", acting_user=psc)
    assert not RegistrationSuspension.objects.exists()


def test_lifting_a_suspension(seed_suspension, psc):
    with time_machine.travel(dt.datetime(2020, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        with pytest.raises(NotFound):
            registration_suspension_lift(suspension_id=seed_suspension.pk, acting_user=None)
        registration_suspension_lift(suspension_id=seed_suspension.pk, acting_user=psc)
        assert registration_suspension_current() is None
        with pytest.raises(NotFound):
            registration_suspension_lift(suspension_id=seed_suspension.pk, acting_user=psc)
    assert AuditEvent.objects.filter(kind="registration_suspension.lifted").count() == 1
