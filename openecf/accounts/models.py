"""Accounts: the identity core. The national PACER account (one login for every court), its e-mail
addresses and security answers, and its standing (active, inactive, disabled; legacy, upgraded, shared).

Sign-in factors live in `signin`, PACER Service Center records in `pacer`, court filer accounts in `filers`
and staff roles in `courts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac

# Accounts created before this day are legacy accounts: they may view but must upgrade to file or link.
UPGRADED_ACCOUNTS_SINCE = dt.date(2014, 8, 11)


class UserType(models.TextChoices):
    """PACER registration's user types, grouped as the registration form shows them."""

    OTHER_COMMERCIAL = "other_commercial", "Other Commercial Account"
    FEDERAL_GOVERNMENT = "federal_government", "Federal Government"
    FEDERAL_JUDICIARY = "federal_judiciary", "Federal Judiciary"
    STATE_LOCAL_GOVERNMENT = "state_local_government", "State or Local Government"
    INDIVIDUAL = "individual", "Individual"
    STUDENT = "student", "Student"
    PARTY_IN_CASE = "party_in_case", "Plaintiff, Defendant, or Debtor in a Case"


GOVERNMENT_USER_TYPES = (
    UserType.FEDERAL_GOVERNMENT,
    UserType.FEDERAL_JUDICIARY,
    UserType.STATE_LOCAL_GOVERNMENT,
)


class AccountStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive (awaiting activation code)"
    DISABLED = "disabled", "Disabled by the PACER Service Center"


class User(AbstractUser):
    """A national PACER account: one login for every court."""

    user_type = models.CharField(
        max_length=32, choices=UserType.choices, default=UserType.INDIVIDUAL, help_text="PACER user type."
    )
    government_account = models.BooleanField(default=False, help_text="Registered as a government account.")
    middle_name = models.CharField(max_length=60, blank=True, help_text="Middle name or initial.")
    date_of_birth = models.DateField(null=True, blank=True, help_text="For user verification.")
    phone = models.CharField(max_length=40, blank=True, help_text="Telephone.")
    firm = models.CharField(max_length=200, blank=True, help_text="Firm, agency or company.")
    address_line1 = models.CharField(max_length=200, blank=True, help_text="Street address.")
    address_line2 = models.CharField(max_length=200, blank=True, help_text="Suite, floor, box.")
    city = models.CharField(max_length=100, blank=True, help_text="City.")
    state = models.CharField(max_length=60, blank=True, help_text="State or province.")
    postal_code = models.CharField(max_length=20, blank=True, help_text="ZIP or postal code.")
    country = models.CharField(max_length=60, default="United States", help_text="Country.")
    status = models.CharField(
        max_length=10, choices=AccountStatus.choices, default=AccountStatus.ACTIVE, help_text="PACER status."
    )
    account_created_on = models.DateField(
        default=dt.date.today,
        help_text="Day the PACER account was created (legacy accounts: before 2014-08-11).",
    )
    upgraded_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a legacy account was upgraded (new username, password, questions).",
    )
    shared_account = models.BooleanField(
        default=False, help_text="A shared (firm) account: may view, may never file or link."
    )
    psc_admin = models.BooleanField(default=False, help_text="PACER Service Center administrator (national).")
    session_generation = models.PositiveIntegerField(
        default=0,
        help_text="Raised to end every session of the account at once (disabling, password change or reset).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_unique_case_insensitive"),
        ]

    def _session_auth_hash(self, secret: str | bytes | None) -> str:
        # Django compares this hash with the session's on every request: a new generation ends every session.
        # Generation 0 hashes as Django does, so sessions opened before the field existed stay valid.
        material = (
            self.password if not self.session_generation else f"{self.password}:{self.session_generation}"
        )
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            material,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_auth_hash(None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(fallback_secret)

    @property
    def is_legacy(self) -> bool:
        return self.account_created_on < UPGRADED_ACCOUNTS_SINCE and self.upgraded_at is None

    @property
    def is_upgraded(self) -> bool:
        return not self.is_legacy

    @property
    def is_active_pacer(self) -> bool:
        return self.status == AccountStatus.ACTIVE


class SecondaryEmail(models.Model):
    """A further address that receives Notices of Electronic Filing (up to five)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="secondary_emails", help_text="Account."
    )
    email = models.EmailField(help_text="Address.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was added.")

    class Meta:
        verbose_name = "secondary e-mail address"
        constraints = [models.UniqueConstraint(fields=["user", "email"], name="secondary_email_unique")]

    def __str__(self) -> str:
        return self.email


class EmailChangeKind(models.TextChoices):
    PRIMARY_CHANGED = "primary_changed", "Primary address changed"
    SECONDARY_ADDED = "secondary_added", "Secondary address added"


class EmailChangeUndo(models.Model):
    """The link e-mailed to the address that was in place, to undo a change of the account's addresses.

    Only the SHA-256 of the link's random token is kept; the link works once, until it expires.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="email_change_undos", help_text="Account."
    )
    kind = models.CharField(max_length=20, choices=EmailChangeKind.choices, help_text="What was changed.")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the link's token.")
    old_email = models.EmailField(help_text="The address in place before the change (it got the link).")
    new_email = models.EmailField(help_text="The address the change put in (primary or secondary).")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the change was made.")
    expires_at = models.DateTimeField(help_text="The link works until then.")
    used_at = models.DateTimeField(
        null=True, blank=True, help_text="When the link was followed, or voided by another undo."
    )

    class Meta:
        verbose_name = "e-mail change undo link"

    def __str__(self) -> str:
        return f"Undo {self.get_kind_display().lower()} of {self.user}"


class SecurityQuestion(models.TextChoices):
    FIRST_PET = "first_pet", "What was the name of your first pet?"
    BIRTH_CITY = "birth_city", "In what city were you born?"
    FIRST_SCHOOL = "first_school", "What was the name of your first school?"
    MOTHER_MAIDEN = "mother_maiden", "What is your mother's maiden name?"
    FIRST_CAR = "first_car", "What was the make of your first car?"
    CHILDHOOD_FRIEND = "childhood_friend", "What is the first name of your childhood best friend?"
    FAVORITE_TEACHER = "favorite_teacher", "What was the last name of your favorite teacher?"
    FIRST_STREET = "first_street", "On what street did you live as a child?"


class SecurityAnswer(models.Model):
    """An answer to a security question, hashed like a password and never shown again."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="security_answers", help_text="Account."
    )
    question = models.CharField(max_length=24, choices=SecurityQuestion.choices, help_text="The question.")
    answer_hash = models.CharField(max_length=256, help_text="Password-hashed, normalized answer.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="security_answer_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.question}"
