"""Electronic filing: the filing (entry + documents + stamps + notice, composed by `filing.services`), its
Notice of Electronic Filing, the electronic document stamps, the wizard's drafts and the clerk's quality
control."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from openecf.billing.models import FeePayment
from openecf.cases.models import Case
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, Event
from openecf.documents.models import Document


class QualityControlStatus(models.TextChoices):
    PENDING = "pending", "Awaiting quality control"
    REVIEWED = "reviewed", "Reviewed"


class Filing(models.Model):
    """One electronic filing: the docket entry it made, who filed it, for whom, and what it cost."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="filings", help_text="Court.")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="filings", help_text="Case.")
    docket_entry = models.OneToOneField(
        DocketEntry, on_delete=models.PROTECT, related_name="filing", help_text="The entry it docketed."
    )
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="+", help_text="Event filed.")
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="filings",
        help_text="The attorney or pro se filer in whose name it was filed (whose signature it bears).",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="filings_submitted",
        help_text="The account that submitted it: the filer, or a filing agent the filer authorised.",
    )
    filed_at = models.DateTimeField(help_text="The moment of filing: the commit of the filing's transaction.")
    date_filed = models.DateField(help_text="Its date in the court's time zone (after Z-events: as kept).")
    via = models.CharField(max_length=10, help_text="'web' (the wizard) or 'api'.")
    fee = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("0.00"), help_text="Filing fee charged, in dollars."
    )
    fee_payment = models.OneToOneField(
        FeePayment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filing",
        help_text="The card payment of the fee, when there was one.",
    )
    warnings_confirmed = models.JSONField(
        default=list, blank=True, help_text="The PDF warnings the filer saw and confirmed."
    )
    certification = models.CharField(
        max_length=500, blank=True, help_text="The certification the filer made (e.g. Form 23)."
    )
    qc_status = models.CharField(
        max_length=10,
        choices=QualityControlStatus.choices,
        default=QualityControlStatus.PENDING,
        help_text="Where it stands in the clerk's quality-control queue.",
    )
    qc_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Clerk who reviewed it.",
    )
    qc_reviewed_at = models.DateTimeField(null=True, blank=True, help_text="When it was reviewed.")

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["court", "qc_status", "filed_at"], name="filing_qc_queue_idx")]

    def __str__(self) -> str:
        return f"Filing {self.pk} ({self.case_id} #{self.docket_entry_id})"


class NoticeOfElectronicFiling(models.Model):
    """The receipt and proof of filing, generated in the filing's transaction (its time is the filing time).

    What it says is kept as generated: a later correction by the clerk regenerates a new notice, it never
    rewrites this one.
    """

    filing = models.ForeignKey(
        Filing, on_delete=models.PROTECT, related_name="notices", help_text="The filing it notices."
    )
    generated_at = models.DateTimeField(help_text="When it was generated (for the first: the filing time).")
    regenerated_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regenerations",
        help_text="The notice this one replaces, when the clerk regenerated it.",
    )
    case_number = models.CharField(max_length=40, help_text="Case number as printed on the notice.")
    case_name = models.CharField(max_length=300, help_text="Case name (short title).")
    filer_name = models.CharField(max_length=300, help_text="Filer, as printed.")
    document_number = models.CharField(max_length=20, blank=True, help_text="Docket number ('' if none).")
    docket_text = models.TextField(help_text="Docket text as filed.")
    entered_by = models.CharField(max_length=300, help_text="'The following transaction was entered by …'.")

    class Meta:
        ordering = ["filing", "generated_at", "id"]

    def __str__(self) -> str:
        return f"NEF {self.pk} — {self.case_number} #{self.document_number}"


class ElectronicDocumentStamp(models.Model):
    """The court's keyed hash of a filed document, printed in its notice; anyone can verify a file with it."""

    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="stamp", help_text="The stamped document."
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+", help_text="Court.")
    key_id = models.CharField(max_length=20, help_text="Stamp_ID: which of the court's keys made it.")
    stamp_date = models.DateField(help_text="Date= of the stamp (the filing date).")
    file_number = models.CharField(
        max_length=40, help_text="FileNumber=: '<entry file number>-<attachment>'."
    )
    digest = models.CharField(max_length=128, help_text="HMAC-SHA-512 of the file as filed (hex).")
    stamped_digest = models.CharField(
        max_length=128, blank=True, help_text="HMAC-SHA-512 of the copy with the header (hex)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "file_number"], name="stamp_file_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Stamp {self.court_id} {self.file_number}"


class Deadline(models.Model):
    """A date an event set, e.g. 'Responses due by 4/20/2026' (court days, past maintenance windows)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines", help_text="Case.")
    docket_entry = models.ForeignKey(
        DocketEntry, on_delete=models.PROTECT, related_name="deadlines", help_text="Entry that set it."
    )
    label = models.CharField(max_length=100, help_text="What falls due, e.g. 'Responses due'.")
    due_on = models.DateField(help_text="The day it falls due (the court's date).")
    satisfied_by = models.ForeignKey(
        DocketEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The entry that met it, once filed.",
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.label} by {self.due_on:%m/%d/%Y}"


class IdempotencyKey(models.Model):
    """An API client's Idempotency-Key: a retried submission gets the first result (kept 24 hours)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", help_text="Account."
    )
    key = models.CharField(max_length=200, help_text="The client's key.")
    request_fingerprint = models.CharField(max_length=64, help_text="SHA-256 of what was submitted.")
    filing = models.ForeignKey(
        Filing, on_delete=models.PROTECT, related_name="+", help_text="The filing the first request made."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When first used.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"


class FilingDraft(models.Model):
    """The wizard's work in progress: what the filer chose so far and the PDFs uploaded (stored already,
    unreferenced by any document until the filing commits)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", help_text="Who is filing."
    )
    court = models.ForeignKey(Court, on_delete=models.CASCADE, related_name="+", help_text="Court.")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="+", help_text="Event chosen."
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+", help_text="Case chosen."
    )
    choices = models.JSONField(
        default=dict, blank=True, help_text="Parties, related entries, dates, text, new case details."
    )
    uploads = models.JSONField(
        default=list, blank=True, help_text="Uploaded PDFs: storage key, name, category, description, checks."
    )
    filing = models.ForeignKey(
        Filing,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The filing it became (a second submit shows it instead of filing again).",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was started.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When it was last changed.")

    def __str__(self) -> str:
        return f"Draft {self.pk} of {self.user_id}"


class QualityControlKind(models.TextChoices):
    REVIEWED = "reviewed", "Reviewed"
    TEXT_EDITED = "text_edited", "Docket text edited"
    STRICKEN = "stricken", "Stricken"
    SEALED = "sealed", "Restriction changed"
    DOCUMENT_SEALED = "document_sealed", "Document restriction changed"
    RELINKED = "relinked", "Related entries changed"
    FILED_IN_ERROR = "filed_in_error", "Filed in error"
    EVENT_REFINED = "event_refined", "Event refined"


class QualityControlAction(models.Model):
    """One thing the clerk did to a filing in quality control; the filer sees these as the entry's history."""

    filing = models.ForeignKey(
        Filing, on_delete=models.PROTECT, related_name="qc_actions", help_text="Filing acted on."
    )
    kind = models.CharField(max_length=20, choices=QualityControlKind.choices, help_text="What was done.")
    note = models.TextField(blank=True, help_text="The clerk's note, shown to the filer.")
    details = models.JSONField(default=dict, blank=True, help_text="Before and after.")
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Clerk."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When.")

    class Meta:
        ordering = ["filing", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on filing {self.filing_id}"
