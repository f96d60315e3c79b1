"""PACER registration: user type and verification, username and password, payment, policies; the account
is created at the end in one service call (active with a card, inactive with an activation letter without).

The checks of each step are here, so the wizard's forms and any other client share them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import identify_hasher, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from openecf.accounts.credentials import security_answer_normalize, username_check
from openecf.accounts.models import (
    GOVERNMENT_USER_TYPES,
    AccountStatus,
    SecurityAnswer,
    SecurityQuestion,
    User,
    UserType,
)
from openecf.accounts.passwords import password_check
from openecf.audit.services import audit_event_record
from openecf.billing.gateway import CardToken
from openecf.billing.services import payment_card_attach
from openecf.errors import Conflict, InvalidInput
from openecf.numbers import ASCII_DIGITS
from openecf.pacer.activation import activation_letter_queue
from openecf.pacer.models import ActivationLetter
from openecf.pacer.suspensions import PSC_TIME_ZONE, registration_open_check

SECURITY_QUESTIONS_REQUIRED = 3


# --- user verification and credentials -------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationDetails:
    """Step 1 of the registration: user type and user verification."""

    user_type: str
    government_account: bool
    first_name: str
    last_name: str
    address_line1: str
    city: str
    state: str
    postal_code: str
    date_of_birth: dt.date
    email: str
    phone: str
    middle_name: str = ""
    address_line2: str = ""
    country: str = "United States"
    firm: str = ""

    def as_session(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["date_of_birth"] = self.date_of_birth.isoformat()
        return data

    @classmethod
    def from_session(cls, data: Mapping[str, Any]) -> RegistrationDetails:
        values = dict(data)
        values["date_of_birth"] = dt.date.fromisoformat(values["date_of_birth"])
        return cls(**values)


def registration_details_check(details: RegistrationDetails, *, today: dt.date | None = None) -> None:
    """Refuse step 1 as the registration form does: the first problem, naming its field."""
    if details.user_type not in UserType.values:
        raise InvalidInput("Select a user type from the list.", field="user_type")
    if details.government_account and details.user_type not in GOVERNMENT_USER_TYPES:
        raise InvalidInput(
            "A government account needs a user type from Government Accounts: Federal Government, "
            "Federal Judiciary, or State or Local Government.",
            field="user_type",
        )
    required = {
        "first_name": "first name",
        "last_name": "last name",
        "address_line1": "street address",
        "city": "city",
        "state": "state",
        "postal_code": "ZIP or postal code",
        "email": "e-mail address",
        "phone": "telephone number",
    }
    for name, label in required.items():
        if not str(getattr(details, name)).strip():
            raise InvalidInput(f"Enter your {label}.", field=name)
    try:
        validate_email(details.email.strip())
    except ValidationError:
        raise InvalidInput("Enter a valid e-mail address, e.g. name@example.com.", field="email") from None
    if sum(ch in ASCII_DIGITS for ch in details.phone) < 10 or any(
        not (ch in ASCII_DIGITS or ch in " ()+-.x") for ch in details.phone
    ):
        raise InvalidInput("Enter a telephone number with its area code, e.g. 212-555-0100.", field="phone")
    today = today or timezone.localdate()
    if not dt.date(1900, 1, 1) <= details.date_of_birth < today:
        raise InvalidInput("Enter your date of birth (a date in the past).", field="date_of_birth")


@dataclass(frozen=True)
class RegistrationCredentials:
    """Step 2, already checked and hashed: a username, a password hash and hashed security answers."""

    username: str
    password_hash: str
    security_answers: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def as_session(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "password_hash": self.password_hash,
            "security_answers": [list(pair) for pair in self.security_answers],
        }

    @classmethod
    def from_session(cls, data: Mapping[str, Any]) -> RegistrationCredentials:
        return cls(
            username=data["username"],
            password_hash=data["password_hash"],
            security_answers=tuple((q, a) for q, a in data["security_answers"]),
        )


def registration_credentials_prepare(
    *,
    username: str,
    password: str,
    security_answers: Sequence[tuple[str, str]],
    exclude_user: User | None = None,
) -> RegistrationCredentials:
    """Check step 2 (username, NIST password rules, three distinct questions) and hash its secrets."""
    normalized = username_check(username, exclude_user=exclude_user)
    password_check(password, username=normalized)
    questions = [question for question, _ in security_answers]
    if len(security_answers) != SECURITY_QUESTIONS_REQUIRED:
        raise InvalidInput(
            f"Choose {SECURITY_QUESTIONS_REQUIRED} security questions and answer each.", field="question_1"
        )
    for index, (question, answer) in enumerate(security_answers, start=1):
        if question not in SecurityQuestion.values:
            raise InvalidInput("Choose a security question from the list.", field=f"question_{index}")
        if questions.index(question) != index - 1:
            raise InvalidInput("Choose three different security questions.", field=f"question_{index}")
        if len(security_answer_normalize(answer)) < 2:
            raise InvalidInput("Answer each security question.", field=f"answer_{index}")
    return RegistrationCredentials(
        username=normalized,
        password_hash=make_password(password),
        security_answers=tuple(
            (question, make_password(security_answer_normalize(answer)))
            for question, answer in security_answers
        ),
    )


def credentials_hashes_check(credentials: RegistrationCredentials) -> None:
    """Refuse credentials whose secrets are not hashes (they travel through the session)."""
    # The credentials travel through the session; make sure no clear secret came back in them.
    for value in (credentials.password_hash, *(h for _, h in credentials.security_answers)):
        try:
            identify_hasher(value)
        except ValueError:
            raise InvalidInput("Start the registration again.", field="password") from None


# --- registration ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationResult:
    user: User
    activation_letter: ActivationLetter | None


def pacer_account_register(
    *,
    details: RegistrationDetails,
    credentials: RegistrationCredentials,
    card: CardToken | None,
    policies_acknowledged: bool,
    acting_user: User | None = None,
) -> RegistrationResult:
    """Create the PACER account: active with a card, inactive (activation letter queued) without."""
    registration_open_check()
    registration_details_check(details)
    if not policies_acknowledged:
        raise InvalidInput(
            "Check the box to acknowledge you have read and understand the policies and procedures.",
            field="acknowledge",
        )
    credentials_hashes_check(credentials)
    try:
        with transaction.atomic():
            username = username_check(credentials.username)
            user = User(
                username=username,
                password=credentials.password_hash,
                email=details.email.strip(),
                first_name=details.first_name.strip(),
                middle_name=details.middle_name.strip(),
                last_name=details.last_name.strip(),
                user_type=details.user_type,
                government_account=details.government_account or details.user_type in GOVERNMENT_USER_TYPES,
                date_of_birth=details.date_of_birth,
                phone=details.phone.strip(),
                firm=details.firm.strip(),
                address_line1=details.address_line1.strip(),
                address_line2=details.address_line2.strip(),
                city=details.city.strip(),
                state=details.state.strip(),
                postal_code=details.postal_code.strip(),
                country=details.country.strip() or "United States",
                status=AccountStatus.ACTIVE if card is not None else AccountStatus.INACTIVE,
                account_created_on=timezone.now().astimezone(PSC_TIME_ZONE).date(),
            )
            user.save()
            SecurityAnswer.objects.bulk_create(
                SecurityAnswer(user=user, question=question, answer_hash=answer_hash)
                for question, answer_hash in credentials.security_answers
            )
            audit_event_record(
                kind="pacer_account.registered",
                acting_user=acting_user if acting_user is not None and acting_user.pk else user,
                subject=user,
                extra={
                    "username": username,
                    "user_type": details.user_type,
                    "government_account": user.government_account,
                    "status": user.status,
                    "card": {"brand": card.brand, "last4": card.last4} if card is not None else None,
                },
            )
            letter = None
            if card is not None:
                payment_card_attach(user=user, card=card, acting_user=user)
            else:
                letter = activation_letter_queue(user=user, acting_user=user)
    except IntegrityError:
        # Two submissions raced past the check; the database's unique username decided.
        raise Conflict(
            f"The username {credentials.username} is taken. Choose a different username.", field="username"
        ) from None
    return RegistrationResult(user=user, activation_letter=letter)
