"""The audit trail: one row for every write, in the same transaction as the write."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Something that changed the record: who, when, in which court, to what."""

    kind = models.CharField(max_length=60, db_index=True, help_text="e.g. 'case.opened'.")
    occurred_at = models.DateTimeField(default=timezone.now, help_text="When it happened (UTC).")
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who did it; empty for the system itself (imports, seeding).",
    )
    court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Court the change belongs to, if any.",
    )
    subject_type = models.CharField(max_length=60, help_text="Model label of the changed object.")
    subject_id = models.CharField(max_length=64, help_text="Primary key of the changed object.")
    extra = models.JSONField(default=dict, blank=True, help_text="Details of the change.")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.kind} {self.subject_type}:{self.subject_id}"
