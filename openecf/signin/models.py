"""Sign-in factors of a PACER account: authenticator apps (TOTP), backup codes and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TotpDevice(models.Model):
    """An authenticator app (TOTP). Confirmed by an e-mailed code before it counts; up to five."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_devices", help_text="Account."
    )
    name = models.CharField(max_length=60, help_text="The user's name for it, e.g. 'Work phone'.")
    secret = models.CharField(max_length=64, help_text="Base32 TOTP secret.")
    email_code_hash = models.CharField(
        max_length=256, blank=True, help_text="Hash of the e-mailed confirmation code."
    )
    email_code_expires_at = models.DateTimeField(null=True, blank=True, help_text="When that code expires.")
    email_code_refusals = models.PositiveSmallIntegerField(
        default=0,
        help_text="Wrong e-mailed codes entered; at the limit the code is void and a new one is sent.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When the device was confirmed.")
    last_used_step = models.BigIntegerField(
        default=0, help_text="Last TOTP time step accepted; a code of that step or earlier is a replay."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was added.")

    class Meta:
        verbose_name = "authenticator app"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class BackupCode(models.Model):
    """One of ten one-time backup codes for multi-factor authentication."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="backup_codes", help_text="Account."
    )
    code_hash = models.CharField(max_length=256, help_text="Password-hashed code.")
    used_at = models.DateTimeField(null=True, blank=True, help_text="When it was used.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was generated.")

    def __str__(self) -> str:
        return f"Backup code of {self.user}"


class ApiToken(models.Model):
    """A token for API clients; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", help_text="Account."
    )
    name = models.CharField(max_length=60, blank=True, help_text="What the user calls it.")
    prefix = models.CharField(
        max_length=12, db_index=True, help_text="First characters, to show and look up."
    )
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    client_code = models.CharField(
        max_length=32, blank=True, help_text="Client code billed for its requests."
    )
    issued_with_second_factor = models.BooleanField(
        default=False,
        help_text="Issued by a sign-in that gave a second factor; a token without one stops working once "
        "its account needs one.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was issued.")
    last_used_at = models.DateTimeField(null=True, blank=True, help_text="When it was last used.")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="When it was revoked.")

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
