"""The PACER Service Center's records: activation letters mailed to inactive accounts, and the windows
during which new registrations are suspended."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ActivationLetterStatus(models.TextChoices):
    QUEUED = "queued", "Queued for mailing"
    MAILED = "mailed", "Mailed"
    WITHDRAWN = "withdrawn", "Not mailed: the account was activated first"


class ActivationLetter(models.Model):
    """The letter with an activation code that the PACER Service Center mails to an inactive account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activation_letters",
        help_text="Account.",
    )
    code_hash = models.CharField(max_length=256, help_text="Password-hashed activation code.")
    pdf_storage_key = models.CharField(max_length=200, help_text="Content-addressed key of the letter PDF.")
    status = models.CharField(
        max_length=10,
        choices=ActivationLetterStatus.choices,
        default=ActivationLetterStatus.QUEUED,
        help_text="Mailing state.",
    )
    queued_at = models.DateTimeField(auto_now_add=True, help_text="When the letter was generated.")
    mailed_at = models.DateTimeField(null=True, blank=True, help_text="When the PSC mailed it.")
    used_at = models.DateTimeField(null=True, blank=True, help_text="When its code activated the account.")
    refusals = models.PositiveSmallIntegerField(
        default=0, help_text="Wrong codes entered against this letter; at the limit it is locked."
    )
    code_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the stored PDF was replaced by a copy without the code (mailed, or account activated).",
    )

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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="PSC admin.",
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
