"""Notices of Electronic Filing as people receive them: who each notice goes to and how its delivery went,
the free looks it carries, the recipients' preferences and the daily summaries.

The notice itself (what it says) is `filing.NoticeOfElectronicFiling`, generated in the filing's transaction;
everything here is made after that transaction commits, by the delivery tasks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openecf.courts.models import Court
from openecf.documents.models import Document
from openecf.filing.models import NoticeOfElectronicFiling


class NoticeFormat(models.TextChoices):
    HTML = "html", "HTML"
    PLAIN = "plain", "Plain text"


class NoticeFrequency(models.TextChoices):
    EACH = "each", "A notice for each filing"
    DAILY = "daily", "One Daily Summary"


class NotificationPreference(models.Model):
    """How an account wants its notices (Manage My Account); accounts without one get each filing, HTML."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        help_text="Account.",
    )
    frequency = models.CharField(
        max_length=8, choices=NoticeFrequency.choices, default=NoticeFrequency.EACH, help_text="How often."
    )
    format = models.CharField(
        max_length=8, choices=NoticeFormat.choices, default=NoticeFormat.HTML, help_text="HTML or plain text."
    )
    no_activity_notice = models.BooleanField(
        default=False, help_text="Daily Summary: also send one on days without activity."
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When it was last changed.")

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}, {self.format}"


class RecipientKind(models.TextChoices):
    ATTORNEY = "attorney", "Attorney of record"
    PRO_SE = "pro_se", "Pro se party"
    CHAMBERS = "chambers", "Chambers"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    RETRYING = "retrying", "Deferred; will be retried"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed permanently"
    BOUNCED = "bounced", "Bounced"
    IN_SUMMARY = "in_summary", "Waiting for the Daily Summary"
    SUMMARIZED = "summarized", "Sent in the Daily Summary"
    WITHHELD = "withheld", "Withheld: the recipient may not read the entry"


UNDELIVERED_STATES = (DeliveryState.FAILED, DeliveryState.BOUNCED)


class NoticeDelivery(models.Model):
    """One recipient of one notice: one message to all of the recipient's addresses."""

    notice = models.ForeignKey(
        NoticeOfElectronicFiling, on_delete=models.PROTECT, related_name="deliveries", help_text="Notice."
    )
    recipient_key = models.CharField(
        max_length=40, help_text="Who, stably within the case: 'attorney:<id>', 'account:<id>', 'judge:<id>'."
    )
    kind = models.CharField(max_length=10, choices=RecipientKind.choices, help_text="Kind of recipient.")
    name = models.CharField(max_length=300, help_text="Name as listed on the notice.")
    addresses = models.JSONField(default=list, help_text="E-mail addresses, the primary first.")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notice_deliveries",
        help_text="The recipient's PACER account, when known.",
    )
    format = models.CharField(max_length=8, choices=NoticeFormat.choices, help_text="Format sent.")
    frequency = models.CharField(max_length=8, choices=NoticeFrequency.choices, help_text="Each or daily.")
    state = models.CharField(
        max_length=12, choices=DeliveryState.choices, default=DeliveryState.PENDING, help_text="Where it is."
    )
    attempts = models.PositiveIntegerField(default=0, help_text="SMTP attempts made.")
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When a deferred one is retried.")
    last_error = models.TextField(blank=True, help_text="The last SMTP error or bounce, as the server said.")
    message_id = models.CharField(
        max_length=200, blank=True, help_text="Message-ID of the e-mail (the same on every attempt)."
    )
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the server accepted it.")
    summary = models.ForeignKey(
        "DailySummary",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
        help_text="The Daily Summary that carried it (daily recipients).",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was planned.")

    class Meta:
        ordering = ["notice", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "recipient_key"], name="notice_delivery_unique"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="notice_delivery_state_idx")]
        verbose_name_plural = "notice deliveries"

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.name} ({self.state})"


class NoticeOtherMeans(models.Model):
    """A party the notice lists as served by other means, with the postal address printed on the notice."""

    notice = models.ForeignKey(
        NoticeOfElectronicFiling, on_delete=models.PROTECT, related_name="other_means", help_text="Notice."
    )
    party_id_served = models.BigIntegerField(help_text="The party's id (kept even if the party changes).")
    name = models.CharField(max_length=500, help_text="Party name.")
    role_label = models.CharField(max_length=100, blank=True, help_text="Role as printed.")
    postal_address = models.TextField(blank=True, help_text="Postal address, one line per line.")

    class Meta:
        ordering = ["notice", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "party_id_served"], name="notice_other_means_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (by other means)"


class NoticeFanOut(models.Model):
    """That a notice's recipients were planned (the outbox marker: a notice without one is still to send)."""

    notice = models.OneToOneField(
        NoticeOfElectronicFiling, on_delete=models.PROTECT, related_name="fan_out", help_text="Notice."
    )
    planned_at = models.DateTimeField(auto_now_add=True, help_text="When its deliveries were planned.")

    def __str__(self) -> str:
        return f"fan-out of {self.notice_id}"


class FreeLook(models.Model):
    """A recipient's one free view of one document of the filing (seed 003 Q23-Q25)."""

    delivery = models.ForeignKey(
        NoticeDelivery, on_delete=models.PROTECT, related_name="free_looks", help_text="Whose notice."
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="free_looks", help_text="The document."
    )
    token_hash = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 of the link's magic number (the number is only mailed).",
    )
    expires_at = models.DateTimeField(help_text="15 days after the notice.")
    used_at = models.DateTimeField(null=True, blank=True, help_text="When the free look was used.")
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who was signed in when it was used (none for a forwarded link).",
    )
    used_from_ip = models.GenericIPAddressField(null=True, blank=True, help_text="From which address.")

    class Meta:
        ordering = ["delivery", "document"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "document"], name="free_look_unique"),
        ]

    def __str__(self) -> str:
        return f"free look at {self.document_id} for {self.delivery_id}"


class DailySummary(models.Model):
    """One account's (or address's) Daily Summary of one court's notices for one court day."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+", help_text="Court.")
    recipient_key = models.CharField(max_length=40, help_text="As on the deliveries it summarises.")
    day = models.DateField(help_text="The court day summarised (midnight to midnight, court time).")
    addresses = models.JSONField(default=list, help_text="Where it was sent.")
    state = models.CharField(
        max_length=12, choices=DeliveryState.choices, default=DeliveryState.PENDING, help_text="Where it is."
    )
    attempts = models.PositiveIntegerField(default=0, help_text="SMTP attempts made.")
    last_error = models.TextField(blank=True, help_text="The last SMTP error.")
    message_id = models.CharField(max_length=200, blank=True, help_text="Message-ID of the e-mail.")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the server accepted it.")

    class Meta:
        ordering = ["-day", "court", "recipient_key"]
        constraints = [
            models.UniqueConstraint(fields=["court", "recipient_key", "day"], name="daily_summary_unique"),
        ]
        verbose_name_plural = "daily summaries"

    def __str__(self) -> str:
        return f"Daily Summary {self.court_id} {self.day} → {self.recipient_key}"
