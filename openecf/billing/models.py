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
