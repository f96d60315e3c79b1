"""Court filer accounts: a court's legacy CM/ECF logins and their links to PACER accounts, the filing rights
each court grants, the requests for them, and filers' Requests for Change in Information."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
        settings.AUTH_USER_MODEL,
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filing_rights", help_text="Account."
    )
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="filing_rights", help_text="Court."
    )
    role = models.CharField(max_length=16, choices=FilerRole.choices, help_text="Filer role.")
    bar_number = models.CharField(max_length=40, blank=True, help_text="Bar number (attorneys).")
    bar_state = models.CharField(max_length=60, blank=True, help_text="State of bar admission (attorneys).")
    pro_hac_vice = models.BooleanField(default=False, help_text="Admitted pro hac vice.")
    sponsoring_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
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
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="filing_access_requests",
        help_text="Applicant.",
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
        settings.AUTH_USER_MODEL,
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
        settings.AUTH_USER_MODEL,
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="change_requests", help_text="Filer."
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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Clerk.",
    )
    processed_at = models.DateTimeField(null=True, blank=True, help_text="When the clerk processed it.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was filed.")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Change in information of {self.user} ({self.court_id})"


class LinkFailure(models.Model):
    """A failed attempt to link a legacy CM/ECF login, counted to throttle password guessing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="PACER account that tried to link.",
    )
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="+", help_text="Court of the login tried."
    )
    login = models.CharField(max_length=60, help_text="The CM/ECF login typed (never the password).")
    failed_at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When it failed.")

    class Meta:
        indexes = [models.Index(fields=["user", "court", "failed_at"], name="link_failure_window_idx")]

    def __str__(self) -> str:
        return f"Link failure of {self.user} at {self.court_id} ({self.failed_at:%Y-%m-%d %H:%M})"
