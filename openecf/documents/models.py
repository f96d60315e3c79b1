"""Documents: the stored PDFs of docket entries."""

from __future__ import annotations

import re
import secrets

from django.db import models

from openecf.docket.models import DocketEntry, EntryRestriction

PUBLIC_ID_LENGTH = 40
PUBLIC_ID_FORM = re.compile(r"[0-9]{3}0[0-9]{36}")


def new_public_id() -> str:
    """39 random digits (129 bits) with a 0 fourth, like PACER's doc1 ids: nothing in it counts documents, and
    juriscraper (which zeroes the fourth digit of a doc1 link) reads it back unchanged."""
    digits = f"{secrets.randbelow(10**39):039d}"
    return f"{digits[:3]}0{digits[3:]}"


class Document(models.Model):
    """A main document (attachment number 0) or a numbered attachment of a docket entry."""

    docket_entry = models.ForeignKey(
        DocketEntry, on_delete=models.PROTECT, related_name="documents", help_text="Docket entry."
    )
    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH,
        unique=True,
        default=new_public_id,
        editable=False,
        help_text="The opaque id in the document's address (/<court>/doc1/<id>); random, never reused.",
    )
    attachment_number = models.PositiveSmallIntegerField(
        default=0, help_text="0 for the main document, 1.. for attachments."
    )
    description = models.CharField(max_length=300, blank=True, help_text="e.g. 'Exhibit A'.")
    page_count = models.PositiveIntegerField(help_text="Number of pages.")
    size_bytes = models.PositiveBigIntegerField(help_text="Size of the stored file.")
    sha256 = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the stored file.")
    storage_key = models.CharField(
        max_length=200, help_text="Content-addressed key of the file as filed, in document storage."
    )
    stamped_storage_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Key of the copy with the court's header on every page (what readers get); empty for "
        "imported documents.",
    )
    original_filename = models.CharField(
        max_length=255, blank=True, help_text="The file's name on the filer's computer, as uploaded."
    )
    category = models.CharField(max_length=60, blank=True, help_text="Attachment category, e.g. 'Exhibit'.")
    restriction = models.CharField(
        max_length=12,
        choices=EntryRestriction.choices,
        default=EntryRestriction.PUBLIC,
        help_text="Who may read it, besides its entry's restriction: a reader needs both (the stricter wins).",
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

    @property
    def served_storage_key(self) -> str:
        """What readers get: the stamped copy when there is one."""
        return self.stamped_storage_key or self.storage_key
