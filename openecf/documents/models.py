"""Documents: the stored PDFs of docket entries."""

from __future__ import annotations

from django.db import models

from openecf.docket.models import DocketEntry, EntryRestriction


class Document(models.Model):
    """A main document (attachment number 0) or a numbered attachment of a docket entry."""

    docket_entry = models.ForeignKey(
        DocketEntry, on_delete=models.PROTECT, related_name="documents", help_text="Docket entry."
    )
    attachment_number = models.PositiveSmallIntegerField(
        default=0, help_text="0 for the main document, 1.. for attachments."
    )
    description = models.CharField(max_length=300, blank=True, help_text="e.g. 'Exhibit A'.")
    page_count = models.PositiveIntegerField(help_text="Number of pages.")
    size_bytes = models.PositiveBigIntegerField(help_text="Size of the stored file.")
    sha256 = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the stored file.")
    storage_key = models.CharField(max_length=200, help_text="Content-addressed key in document storage.")
    restriction = models.CharField(
        max_length=12,
        choices=EntryRestriction.choices,
        default=EntryRestriction.PUBLIC,
        help_text="Who may read it; never looser than its entry.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was stored.")

    class Meta:
        ordering = ["docket_entry", "attachment_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["docket_entry", "attachment_number"], name="document_unique_attachment"
            ),
        ]

    def __str__(self) -> str:
        return f"Document {self.docket_entry_id}-{self.attachment_number}"
