"""The docket: the court's event dictionary and the entries of each case."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from openecf.cases.models import Case, Party
from openecf.courts.models import Court


class EventQuerySet(models.QuerySet["Event"]):
    def for_court(self, court: Court | str) -> EventQuerySet:
        return self.filter(court=court)


class Event(models.Model):
    """A kind of docket entry in one court's event dictionary (e.g. 'Motion to Intervene')."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="events", help_text="Court.")
    code = models.CharField(max_length=40, help_text="Short code, unique within the court.")
    label = models.CharField(max_length=200, help_text="Name shown to filers, e.g. 'Motion to Intervene'.")
    menu = models.CharField(max_length=100, help_text="Menu the event appears under, e.g. 'Motions'.")
    keywords = models.CharField(max_length=300, blank=True, help_text="Extra search words, space-separated.")
    document_required = models.BooleanField(default=True, help_text="A PDF must be attached.")
    opens_case = models.BooleanField(default=False, help_text="Filing it opens a new case.")
    numbered = models.BooleanField(default=True, help_text="Gets a docket number (minute entries do not).")
    fee = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("0.00"), help_text="Filing fee in dollars."
    )
    prompts_related_entry = models.BooleanField(
        default=False, help_text="The filer is asked which earlier entries this one relates to."
    )
    docket_text_template = models.CharField(
        max_length=500,
        default="{label}{related}. Filed by {filer} on behalf of {parties}.",
        help_text="Docket text; fields: label, related, filer, parties, text.",
    )
    staff_only = models.BooleanField(default=False, help_text="Only the court may docket it.")
    active = models.BooleanField(default=True, help_text="Offered to filers.")
    text_extendable = models.BooleanField(
        default=True, help_text="The filer may add words to the docket text the template builds."
    )
    confidential = models.BooleanField(
        default=False,
        help_text="Confidential (BPI) material: only a Confidential Information Filer files it, and it is "
        "restricted to the court and the case's participants.",
    )
    after_hours = models.BooleanField(
        default=False,
        help_text="A Z-event: filed after the clerk's office closes to keep the filing date; the clerk refines "
        "it into its real event later.",
    )
    joins_case = models.BooleanField(
        default=False,
        help_text="An attorney not yet in the case may file it to join one of its parties (Form 11).",
    )
    manual_filing = models.BooleanField(
        default=False,
        help_text="Notice of Manual Filing: the item itself is delivered on paper, never uploaded.",
    )
    certification = models.CharField(
        max_length=500,
        blank=True,
        help_text="A certification the filer must make to file it (e.g. Form 23 for physical exhibits).",
    )
    date_prompt = models.CharField(
        max_length=100, blank=True, help_text="A date the filer is asked for, e.g. 'Proposed new deadline'."
    )
    deadline_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Days after filing of the deadline it sets (court days roll forward).",
    )
    deadline_label = models.CharField(
        max_length=100, blank=True, help_text="What falls due, e.g. 'Responses due'."
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["court", "menu", "label"]
        constraints = [models.UniqueConstraint(fields=["court", "code"], name="event_code_unique_per_court")]

    def __str__(self) -> str:
        return f"{self.label} ({self.court_id})"


class EntryRestriction(models.TextChoices):
    PUBLIC = "public", "Public"
    PARTICIPANTS = "participants", "Case participants only"
    SEALED = "sealed", "Sealed"
    EX_PARTE = "ex_parte", "Ex parte"


class DocketEntry(models.Model):
    """One line of a case's docket: numbered, or an unnumbered minute entry."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="entries", help_text="Case.")
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="Docket number; gapless per case; empty for minute entries."
    )
    sequence = models.PositiveIntegerField(help_text="Position on the docket, unique per case.")
    date_filed = models.DateField(help_text="Date filed, in the court's time zone.")
    date_entered = models.DateField(help_text="Date entered on the docket, in the court's time zone.")
    filed_at = models.DateTimeField(null=True, blank=True, help_text="Moment of filing (NEF time).")
    text = models.TextField(help_text="Docket text, kept verbatim.")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Event."
    )
    filer_name = models.CharField(max_length=300, blank=True, help_text="Who filed it, as docketed.")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Account that filed or docketed it.",
    )
    filed_for = models.ManyToManyField(
        Party, blank=True, related_name="entries_filed", help_text="Parties it was filed on behalf of."
    )
    related_entries = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="referenced_by",
        help_text="Earlier entries this one relates to.",
    )
    restriction = models.CharField(
        max_length=12,
        choices=EntryRestriction.choices,
        default=EntryRestriction.PUBLIC,
        help_text="Who may read the text and documents.",
    )
    modification_notes = models.TextField(blank=True, help_text="Clerk's notes of modifications.")
    modified_on = models.DateField(
        null=True, blank=True, help_text="Last day the clerk modified it, shown as '(Modified on 3/16/2026)'."
    )
    stricken_on = models.DateField(
        null=True, blank=True, help_text="Day the court struck it: it stays on the docket, marked stricken."
    )
    filed_in_error_on = models.DateField(
        null=True, blank=True, help_text="Day the clerk marked it filed in error."
    )
    printed_number = models.CharField(
        max_length=20,
        blank=True,
        help_text=(
            "The number as the court printed it, where that is not `number` written plainly: a court of "
            "appeals' zero-padded document id (12 digits may exceed `number`), a repeated number."
        ),
    )
    legacy_doc_id = models.CharField(max_length=20, blank=True, help_text="pacer_doc_id when imported.")
    legacy_seq_no = models.CharField(max_length=20, blank=True, help_text="pacer_seq_no when imported.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the row was written.")

    class Meta:
        ordering = ["case", "sequence"]
        verbose_name_plural = "docket entries"
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="docket_entry_unique_sequence"),
            models.UniqueConstraint(
                fields=["case", "number"],
                condition=models.Q(number__isnull=False),
                name="docket_entry_unique_number",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "date_filed"], name="docket_entry_case_filed_idx"),
            # The court's RSS feed reads the last day's filings across its cases.
            models.Index(fields=["filed_at"], name="docket_entry_filed_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number or '-'} {self.text[:40]}"

    @property
    def number_label(self) -> str:
        """The number as the Docket Report prints it ('' for an unnumbered entry)."""
        return self.printed_number or ("" if self.number is None else str(self.number))

    @property
    def is_public(self) -> bool:
        return self.restriction == EntryRestriction.PUBLIC
