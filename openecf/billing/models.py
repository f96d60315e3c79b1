"""Billing: the payment cards PACER charges quarterly (only gateway tokens are kept)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PaymentCard(models.Model):
    """A card on file: the gateway's token, brand, last four digits and expiry — never the number."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payment_cards", help_text="Account."
    )
    gateway = models.CharField(max_length=20, help_text="Payment gateway that issued the token.")
    token = models.CharField(max_length=100, unique=True, help_text="Gateway token standing for the card.")
    brand = models.CharField(max_length=20, help_text="Card brand, e.g. 'Visa'.")
    last4 = models.CharField(max_length=4, help_text="Last four digits.")
    exp_month = models.PositiveSmallIntegerField(help_text="Expiry month.")
    exp_year = models.PositiveSmallIntegerField(help_text="Expiry year.")
    active = models.BooleanField(default=True, help_text="The card billed quarterly.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was added.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.brand} ending {self.last4}"


class FeePaymentStatus(models.TextChoices):
    AUTHORIZED = "authorized", "Authorized"
    CAPTURED = "captured", "Captured"
    VOIDED = "voided", "Voided"


class FeePayment(models.Model):
    """A filing fee paid by card: authorized before the filing commits, captured after it did."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fee_payments", help_text="Payer."
    )
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="fee_payments", help_text="Court paid."
    )
    amount = models.DecimalField(max_digits=8, decimal_places=2, help_text="Amount in dollars.")
    description = models.CharField(max_length=200, help_text="What it pays for, e.g. 'Summons filing fee'.")
    gateway = models.CharField(max_length=20, help_text="Payment gateway.")
    reference = models.CharField(max_length=100, unique=True, help_text="The gateway's authorization id.")
    brand = models.CharField(max_length=20, help_text="Card brand.")
    last4 = models.CharField(max_length=4, help_text="Last four digits of the card.")
    status = models.CharField(
        max_length=10, choices=FeePaymentStatus.choices, help_text="Authorized, captured or voided."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was authorized.")
    captured_at = models.DateTimeField(null=True, blank=True, help_text="When it was captured.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.amount} by {self.brand} ending {self.last4} ({self.status})"
