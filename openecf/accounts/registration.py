"""PACER registration, activation, registration suspensions, legacy accounts and their upgrade.

Writes here are services (keyword-only, one transaction, an audit event in it); the reads the pages need
(`registration_suspension_current`, `pacer_account_kind`) sit beside them.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from openecf.accounts.letters import activation_letter_pdf
from openecf.accounts.models import (
    GOVERNMENT_USER_TYPES,
    AccountStatus,
    ActivationLetter,
    ActivationLetterStatus,
    RegistrationSuspension,
    SecurityAnswer,
    SecurityQuestion,
    User,
    UserType,
)
from openecf.accounts.passwords import password_check
from openecf.audit.models import AuditEvent
from openecf.audit.services import audit_event_record
from openecf.billing.gateway import CardToken
from openecf.billing.services import payment_card_attach
from openecf.documents.storage import document_storage
from openecf.errors import Conflict, InvalidInput, NotFound

# The PACER Service Center announces dates in Eastern time, as the courts' notices do.
PSC_TIME_ZONE = ZoneInfo("America/New_York")
SECURITY_QUESTIONS_REQUIRED = 3
ACTIVATION_ATTEMPTS_ALLOWED = 5
# No 0/O or 1/I/L: the code is read off paper and typed in.
_ACTIVATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]*$")
USERNAME_MIN_LENGTH = 6
USERNAME_MAX_LENGTH = 40


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
    if sum(ch.isdigit() for ch in details.phone) < 10 or any(
        not (ch.isdigit() or ch in " ()+-.x") for ch in details.phone
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


def security_answer_normalize(answer: str) -> str:
    """Answers match however they are capitalized or spaced."""
    return " ".join(answer.split()).lower()


def username_check(username: str, *, exclude_user: User | None = None) -> str:
    """The username as stored (lowercase), refused if malformed or taken in any capitalization."""
    normalized = username.strip().lower()
    if not USERNAME_MIN_LENGTH <= len(normalized) <= USERNAME_MAX_LENGTH:
        raise InvalidInput(
            f"The username must be {USERNAME_MIN_LENGTH} to {USERNAME_MAX_LENGTH} characters long.",
            field="username",
        )
    if not _USERNAME_RE.match(normalized):
        raise InvalidInput(
            "The username may contain only letters, digits, and the characters . _ - @, "
            "and must start with a letter or digit.",
            field="username",
        )
    taken = User.objects.filter(username__iexact=normalized)
    if exclude_user is not None:
        taken = taken.exclude(pk=exclude_user.pk)
    if taken.exists():
        raise Conflict(f"The username {normalized} is taken. Choose a different username.", field="username")
    return normalized


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


def security_answer_verify(*, user: User, question: str, answer: str) -> bool:
    """For password reset and help-desk checks: does the answer match the stored hash?"""
    stored = SecurityAnswer.objects.filter(user=user, question=question).first()
    return stored is not None and check_password(security_answer_normalize(answer), stored.answer_hash)


def _credentials_check_hashes(credentials: RegistrationCredentials) -> None:
    # The credentials travel through the session; make sure no clear secret came back in them.
    for value in (credentials.password_hash, *(h for _, h in credentials.security_answers)):
        try:
            identify_hasher(value)
        except ValueError:
            raise InvalidInput("Start the registration again.", field="password") from None


# --- suspensions -----------------------------------------------------------------------------------


def registration_suspension_current(now: dt.datetime | None = None) -> RegistrationSuspension | None:
    """The suspension covering this moment (start inclusive, resume moment exclusive), if any."""
    now = now or timezone.now()
    return (
        RegistrationSuspension.objects.filter(starts_at__lte=now, ends_at__gt=now)
        .order_by("-ends_at")
        .first()
    )


def _long_date(moment: dt.datetime) -> str:
    return f"{moment:%A, %B} {moment.day}, {moment.year}"


def registration_suspension_message(suspension: RegistrationSuspension) -> str:
    """E.g. 'Registrations for new PACER accounts are suspended through Sunday, March 15, 2020. ...'."""
    resume = suspension.ends_at.astimezone(PSC_TIME_ZONE)
    last_moment = (suspension.ends_at - dt.timedelta(microseconds=1)).astimezone(PSC_TIME_ZONE)
    resume_text = _long_date(resume)
    if resume.timetz().replace(tzinfo=None) != dt.time(0, 0):
        resume_text += f" at {resume.hour % 12 or 12}:{resume:%M %p} Eastern Time"
    message = (
        f"Registrations for new PACER accounts are temporarily suspended through {_long_date(last_moment)}. "
        f"Registrations will resume on {resume_text}."
    )
    if suspension.reason:
        message += f" {suspension.reason}"
    return message


def registration_open_check(now: dt.datetime | None = None) -> None:
    suspension = registration_suspension_current(now)
    if suspension is not None:
        raise Conflict(registration_suspension_message(suspension), code="registration_suspended")


def _psc_admin_check(acting_user: User | None) -> User:
    # Same answer as a page that does not exist: PSC pages are not advertised to anyone else.
    if acting_user is None or not acting_user.is_authenticated or not acting_user.psc_admin:
        raise NotFound("The page you asked for does not exist.")
    return acting_user


@transaction.atomic
def registration_suspension_set(
    *, starts_at: dt.datetime, ends_at: dt.datetime, reason: str, acting_user: User | None
) -> RegistrationSuspension:
    admin = _psc_admin_check(acting_user)
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise InvalidInput("Give the suspension's start and end with their time zone.", field="starts_at")
    if ends_at <= starts_at:
        raise InvalidInput("Registrations must resume after the suspension starts.", field="ends_at")
    if ends_at <= timezone.now():
        raise InvalidInput(
            "That window is already over; registrations would resume in the past.", field="ends_at"
        )
    suspension = RegistrationSuspension.objects.create(
        starts_at=starts_at, ends_at=ends_at, reason=reason.strip()[:300], created_by=admin
    )
    audit_event_record(
        kind="registration_suspension.set",
        acting_user=admin,
        subject=suspension,
        extra={
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "reason": suspension.reason,
        },
    )
    return suspension


@transaction.atomic
def registration_suspension_lift(*, suspension_id: int, acting_user: User | None) -> None:
    """End a suspension now (or drop one that has not started)."""
    admin = _psc_admin_check(acting_user)
    suspension = RegistrationSuspension.objects.select_for_update().filter(pk=suspension_id).first()
    now = timezone.now()
    if suspension is None or suspension.ends_at <= now:
        raise NotFound("That suspension is over or does not exist.")
    audit_event_record(
        kind="registration_suspension.lifted",
        acting_user=admin,
        subject=suspension,
        extra={"starts_at": suspension.starts_at.isoformat(), "ends_at": suspension.ends_at.isoformat()},
    )
    if suspension.starts_at >= now:
        suspension.delete()
    else:
        suspension.ends_at = now
        suspension.save(update_fields=["ends_at"])


# --- registration ----------------------------------------------------------------------------------


def _activation_code_new() -> str:
    raw = "".join(secrets.choice(_ACTIVATION_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def activation_code_normalize(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def _activation_letter_queue(*, user: User, acting_user: User | None) -> ActivationLetter:
    code = _activation_code_new()
    pdf = activation_letter_pdf(user=user, code=code, dated=timezone.now().astimezone(PSC_TIME_ZONE).date())
    letter = ActivationLetter.objects.create(
        user=user, code_hash=make_password(code), pdf_storage_key=document_storage().put(pdf)
    )
    audit_event_record(
        kind="activation_letter.queued",
        acting_user=acting_user,
        subject=letter,
        extra={"user": user.username},
    )
    return letter


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
    _credentials_check_hashes(credentials)
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
                letter = _activation_letter_queue(user=user, acting_user=user)
    except IntegrityError:
        # Two submissions raced past the check; the database's unique username decided.
        raise Conflict(
            f"The username {credentials.username} is taken. Choose a different username.", field="username"
        ) from None
    return RegistrationResult(user=user, activation_letter=letter)


# --- activation ------------------------------------------------------------------------------------


def activation_attempts_left(*, user: User) -> int:
    letter = user.activation_letters.order_by("-queued_at", "-pk").first()
    if letter is None:
        return 0
    return max(0, ACTIVATION_ATTEMPTS_ALLOWED - _activation_refusals(user=user, letter=letter))


def _activation_refusals(*, user: User, letter: ActivationLetter) -> int:
    # Refusals are counted from the audit trail, per letter: a resent letter starts the count again.
    return AuditEvent.objects.filter(
        kind="pacer_account.activation_refused",
        subject_type=User._meta.label,
        subject_id=str(user.pk),
        extra__letter=letter.pk,
    ).count()


def pacer_account_activate(*, user: User, code: str, acting_user: User) -> User:
    """Enter the mailed activation code: the account becomes active; refusals are counted and audited."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if acting_user.pk != locked.pk:
            raise NotFound("The page you asked for does not exist.")
        if locked.status == AccountStatus.ACTIVE:
            raise Conflict("Your PACER account is already active.")
        if locked.status != AccountStatus.INACTIVE:
            raise Conflict("This account is disabled. Contact the PACER Service Center at 800-676-6856.")
        letter = ActivationLetter.objects.filter(user=locked).order_by("-queued_at", "-pk").first()
        if letter is None or letter.used_at is not None:
            raise NotFound(
                "There is no activation code waiting for this account. "
                "Contact the PACER Service Center at 800-676-6856."
            )
        refusals = _activation_refusals(user=locked, letter=letter)
        if refusals >= ACTIVATION_ATTEMPTS_ALLOWED:
            raise Conflict(
                "The activation code was refused too many times. Contact the PACER Service Center at "
                "800-676-6856 to have a new activation letter mailed.",
                code="activation_locked",
            )
        normalized = activation_code_normalize(code)
        if normalized and check_password(normalized, letter.code_hash):
            now = timezone.now()
            letter.used_at = now
            letter.save(update_fields=["used_at"])
            locked.status = AccountStatus.ACTIVE
            locked.save(update_fields=["status"])
            audit_event_record(
                kind="pacer_account.activated",
                acting_user=acting_user,
                subject=locked,
                extra={"letter": letter.pk},
            )
            return locked
        audit_event_record(
            kind="pacer_account.activation_refused",
            acting_user=acting_user,
            subject=locked,
            extra={"letter": letter.pk, "attempt": refusals + 1},
        )
        left = ACTIVATION_ATTEMPTS_ALLOWED - refusals - 1
    # Raised after the commit, so the refusal stays counted.
    raise InvalidInput(
        "That activation code is not correct. Enter the code exactly as printed in your activation letter "
        f"({left} {'attempt' if left == 1 else 'attempts'} left).",
        field="code",
    )


@transaction.atomic
def activation_letter_reissue(*, user: User, acting_user: User | None) -> ActivationLetter:
    """The PSC sends a new letter (lost letter, too many refusals); only the newest code counts."""
    admin = _psc_admin_check(acting_user)
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None or locked.status != AccountStatus.INACTIVE:
        raise Conflict("Only an inactive account waits for an activation letter.")
    return _activation_letter_queue(user=locked, acting_user=admin)


@transaction.atomic
def activation_letter_mark_mailed(*, letter_id: int, acting_user: User | None) -> ActivationLetter:
    admin = _psc_admin_check(acting_user)
    letter = ActivationLetter.objects.select_for_update().filter(pk=letter_id).first()
    if letter is None:
        raise NotFound("That activation letter does not exist.")
    if letter.status == ActivationLetterStatus.MAILED:
        raise Conflict("That activation letter is already marked mailed.")
    letter.status = ActivationLetterStatus.MAILED
    letter.mailed_at = timezone.now()
    letter.save(update_fields=["status", "mailed_at"])
    audit_event_record(
        kind="activation_letter.mailed",
        acting_user=admin,
        subject=letter,
        extra={"user": letter.user.username},
    )
    return letter


def activation_letter_pdf_for_psc(
    *, letter_id: int, acting_user: User | None
) -> tuple[ActivationLetter, bytes]:
    _psc_admin_check(acting_user)
    letter = ActivationLetter.objects.select_related("user").filter(pk=letter_id).first()
    if letter is None:
        raise NotFound("That activation letter does not exist.")
    return letter, document_storage().get(letter.pdf_storage_key)
