"""Accounts: the national PACER account, its sign-in factors, and its roles and filer rights per court."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

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

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_unique_case_insensitive"),
        ]

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
        constraints = [models.UniqueConstraint(fields=["user", "email"], name="secondary_email_unique")]

    def __str__(self) -> str:
        return self.email


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


class ActivationLetterStatus(models.TextChoices):
    QUEUED = "queued", "Queued for mailing"
    MAILED = "mailed", "Mailed"


class ActivationLetter(models.Model):
    """The letter with an activation code that the PACER Service Center mails to an inactive account."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="activation_letters", help_text="Account."
    )
    code_hash = models.CharField(max_length=256, help_text="Password-hashed activation code.")
    pdf_storage_key = models.CharField(max_length=200, help_text="Content-addressed key of the letter PDF.")
    status = models.CharField(
        max_length=8,
        choices=ActivationLetterStatus.choices,
        default=ActivationLetterStatus.QUEUED,
        help_text="Mailing state.",
    )
    queued_at = models.DateTimeField(auto_now_add=True, help_text="When the letter was generated.")
    mailed_at = models.DateTimeField(null=True, blank=True, help_text="When the PSC mailed it.")
    used_at = models.DateTimeField(null=True, blank=True, help_text="When its code activated the account.")

    class Meta:
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"Activation letter for {self.user} ({self.status})"


class RegistrationSuspension(models.Model):
    """A window set by the PACER Service Center during which new registrations are suspended."""

    starts_at = models.DateTimeField(help_text="First moment of the suspension.")
    ends_at = models.DateTimeField(help_text="Registrations resume at this moment.")
    reason = models.CharField(max_length=300, blank=True, help_text="Shown to people who try to register.")
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="PSC admin."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was set.")

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="suspension_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Registrations suspended {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%Y-%m-%d %H:%M}"


class TotpDevice(models.Model):
    """An authenticator app (TOTP). Confirmed by an e-mailed code before it counts; up to five."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="totp_devices", help_text="Account."
    )
    name = models.CharField(max_length=60, help_text="The user's name for it, e.g. 'Work phone'.")
    secret = models.CharField(max_length=64, help_text="Base32 TOTP secret.")
    email_code_hash = models.CharField(
        max_length=256, blank=True, help_text="Hash of the e-mailed confirmation code."
    )
    email_code_expires_at = models.DateTimeField(null=True, blank=True, help_text="When that code expires.")
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When the device was confirmed.")
    last_used_step = models.BigIntegerField(
        default=0, help_text="Last TOTP time step accepted; a code of that step or earlier is a replay."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was added.")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class BackupCode(models.Model):
    """One of ten one-time backup codes for multi-factor authentication."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="backup_codes", help_text="Account."
    )
    code_hash = models.CharField(max_length=256, help_text="Password-hashed code.")
    used_at = models.DateTimeField(null=True, blank=True, help_text="When it was used.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was generated.")

    def __str__(self) -> str:
        return f"Backup code of {self.user}"


class ApiToken(models.Model):
    """A token for API clients; only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", help_text="Account.")
    name = models.CharField(max_length=60, blank=True, help_text="What the user calls it.")
    prefix = models.CharField(
        max_length=12, db_index=True, help_text="First characters, to show and look up."
    )
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    client_code = models.CharField(
        max_length=32, blank=True, help_text="Client code billed for its requests."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was issued.")
    last_used_at = models.DateTimeField(null=True, blank=True, help_text="When it was last used.")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="When it was revoked.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class CourtRoleKind(models.TextChoices):
    CLERK = "clerk", "Clerk's office"
    HELP_DESK = "help_desk", "Help desk"
    JUDGE = "judge", "Judge"
    CHAMBERS = "chambers", "Chambers staff"


class CourtRole(models.Model):
    """A staff role a user holds in one court; court staff see that court's sealed material."""

    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="court_roles",
        help_text="The account holding the role.",
    )
    court = models.ForeignKey(
        "courts.Court",
        on_delete=models.PROTECT,
        related_name="staff_roles",
        help_text="Court of the role.",
    )
    role = models.CharField(
        max_length=12, choices=CourtRoleKind.choices, help_text="What the user does there."
    )
    granted_at = models.DateTimeField(auto_now_add=True, help_text="When the role was granted.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "court", "role"], name="court_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.court_id})"


class LegacyFilerAccount(models.Model):
    """A court's pre-NextGen CM/ECF filer login, imported so its owner can link it to a PACER account."""

    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="legacy_filer_accounts", help_text="Court."
    )
    login = models.CharField(max_length=60, help_text="CM/ECF login, stored lowercase.")
    password_hash = models.CharField(max_length=256, help_text="Password hash as imported or set.")
    name = models.CharField(max_length=200, help_text="Filer's name.")
    email = models.EmailField(blank=True, help_text="Filer's e-mail.")
    role = models.CharField(
        max_length=32, default="attorney", help_text="Filer role the login carried (attorney, pro se, …)."
    )
    bar_number = models.CharField(max_length=40, blank=True, help_text="Bar number, for attorneys.")
    attorney = models.ForeignKey(
        "cases.Attorney",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legacy_filer_accounts",
        help_text="The attorney record of this court's dockets, when known.",
    )
    linked_user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked_filer_accounts",
        help_text="PACER account it is linked to; once linked the login no longer signs in.",
    )
    linked_at = models.DateTimeField(null=True, blank=True, help_text="When it was linked.")
    imported_at = models.DateTimeField(auto_now_add=True, help_text="When it was imported.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["court", "login"], name="legacy_filer_login_unique")]

    def __str__(self) -> str:
        return f"{self.login} ({self.court_id})"


class FilerRole(models.TextChoices):
    ATTORNEY = "attorney", "Attorney"
    PRO_SE = "pro_se", "Pro se filer"
    FILING_AGENT = "filing_agent", "Filing agent"
    CONFIDENTIAL_INFORMATION_FILER = "cif", "Confidential Information Filer"


class FilingRight(models.Model):
    """The right to file in one court, in one filer role."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="filing_rights", help_text="Account."
    )
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="filing_rights", help_text="Court."
    )
    role = models.CharField(max_length=16, choices=FilerRole.choices, help_text="Filer role.")
    bar_number = models.CharField(max_length=40, blank=True, help_text="Bar number (attorneys).")
    bar_state = models.CharField(max_length=60, blank=True, help_text="State of bar admission (attorneys).")
    pro_hac_vice = models.BooleanField(default=False, help_text="Admitted pro hac vice.")
    sponsoring_attorney = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Sponsoring attorney (pro hac vice) or the attorney a filing agent files for.",
    )
    attorney = models.ForeignKey(
        "cases.Attorney",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filing_rights",
        help_text="The attorney record of this court's dockets, when known.",
    )
    granted_at = models.DateTimeField(auto_now_add=True, help_text="When the right was granted.")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="When it was revoked.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "court", "role"],
                condition=models.Q(revoked_at__isnull=True),
                name="filing_right_unique_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.court_id})"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"


class FilingAccessRequest(models.Model):
    """A request to a court for filing rights, decided by its clerk."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="filing_access_requests", help_text="Applicant."
    )
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="filing_access_requests", help_text="Court."
    )
    role = models.CharField(max_length=16, choices=FilerRole.choices, help_text="Filer role asked for.")
    bar_number = models.CharField(max_length=40, blank=True, help_text="Bar number (attorneys).")
    bar_state = models.CharField(max_length=60, blank=True, help_text="State of bar admission (attorneys).")
    bar_admission_date = models.DateField(
        null=True, blank=True, help_text="Date admitted to this court's bar."
    )
    pro_hac_vice = models.BooleanField(default=False, help_text="Asks to appear pro hac vice.")
    sponsoring_attorney_name = models.CharField(
        max_length=200, blank=True, help_text="Sponsoring attorney (pro hac vice) as named by the applicant."
    )
    for_attorney = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Filing agents: the attorney they file for.",
    )
    cif_basis = models.CharField(
        max_length=24,
        blank=True,
        help_text="Confidential Information Filer: 'form17' or 'government_form11'.",
    )
    statement = models.TextField(blank=True, help_text="Anything the applicant adds.")
    status = models.CharField(
        max_length=8, choices=RequestStatus.choices, default=RequestStatus.PENDING, help_text="Decision."
    )
    reason = models.TextField(blank=True, help_text="The clerk's reason, told to the applicant.")
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Clerk who decided.",
    )
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When it was decided.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was asked.")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "court", "role"],
                condition=models.Q(status="pending"),
                name="filing_access_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} asks {self.court_id} for {self.get_role_display()} ({self.status})"


class ChangeOfInformationRequest(models.Model):
    """A filer's 'Request for Change in Information' (firm, address) filed with a court where they file."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="change_requests", help_text="Filer."
    )
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="change_requests", help_text="Court."
    )
    previous = models.JSONField(default=dict, help_text="Contact details before the change.")
    current = models.JSONField(default=dict, help_text="Contact details after the change.")
    status = models.CharField(
        max_length=8,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        help_text="Clerk's handling.",
    )
    processed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Clerk."
    )
    processed_at = models.DateTimeField(null=True, blank=True, help_text="When the clerk processed it.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was filed.")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Change in information of {self.user} ({self.court_id})"
