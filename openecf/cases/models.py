"""Cases, their parties and attorneys."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openecf.courts.models import Court, Judge


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    STAYED = "stayed", "Stayed"
    TERMINATED = "terminated", "Terminated"


class CaseRestriction(models.TextChoices):
    PUBLIC = "public", "Public"
    SEALED = "sealed", "Sealed"


class CaseQuerySet(models.QuerySet["Case"]):
    def for_court(self, court: Court | str) -> CaseQuerySet:
        return self.filter(court=court)

    def public(self) -> CaseQuerySet:
        return self.filter(restriction=CaseRestriction.PUBLIC)


class CaseNumberSequence(models.Model):
    """The last sequence number given to a court's cases of one type in one year."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+", help_text="Court.")
    year = models.PositiveSmallIntegerField(help_text="Four-digit year of filing.")
    case_type = models.CharField(max_length=4, help_text="PACER case type, e.g. 'cv'.")
    last_sequence = models.PositiveIntegerField(help_text="Last sequence number given out.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "case_type"], name="case_number_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.court_id} {self.year} {self.case_type}: {self.last_sequence}"


class Case(models.Model):
    """One case in one court."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="cases", help_text="Court.")
    office = models.CharField(max_length=2, default="1", help_text="PACER office (division) digit.")
    year = models.PositiveSmallIntegerField(help_text="Four-digit year in the case number.")
    case_type = models.CharField(max_length=4, default="cv", help_text="PACER case type, e.g. 'cv'.")
    sequence = models.PositiveIntegerField(help_text="Sequence number within court, type and year.")
    pacer_case_id = models.CharField(
        max_length=20,
        blank=True,
        help_text="Case id of a legacy CM/ECF this case was imported from.",
    )
    caption = models.TextField(help_text="Case caption as shown on the docket.")
    short_title = models.CharField(max_length=300, help_text="Short title, e.g. 'Acme v. United States'.")
    date_filed = models.DateField(help_text="Date the case was opened.")
    date_terminated = models.DateField(null=True, blank=True, help_text="Date the case was closed.")
    judges = models.ManyToManyField(
        Judge,
        through="CaseJudge",
        related_name="cases",
        blank=True,
        help_text="Assigned judge, or the members of a three-judge panel.",
    )
    assigned_to_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="Assignment as printed by a legacy docket, when imported.",
    )
    nature_of_suit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Case type / nature of suit, e.g. '1581(c) Antidumping'.",
    )
    jurisdiction = models.CharField(max_length=200, blank=True, help_text="Basis of jurisdiction.")
    cause = models.CharField(max_length=300, blank=True, help_text="Cause of action (district courts).")
    agency = models.CharField(max_length=200, blank=True, help_text="Agency whose action is reviewed.")
    product_description = models.CharField(max_length=300, blank=True, help_text="Merchandise (CIT).")
    export_country = models.CharField(max_length=100, blank=True, help_text="Country of export (CIT).")
    status = models.CharField(
        max_length=12,
        choices=CaseStatus.choices,
        default=CaseStatus.OPEN,
        help_text="Open or closed.",
    )
    lead_case = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_cases",
        help_text="Lead case of the consolidation this case is a member of.",
    )
    originating_case = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
        help_text="Case in a lower court (e.g. the CIT) that this appeal comes from.",
    )
    originating_case_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="Originating court and number, when not in this system.",
    )
    restriction = models.CharField(
        max_length=8,
        choices=CaseRestriction.choices,
        default=CaseRestriction.PUBLIC,
        help_text="A sealed case does not exist for anyone outside the court.",
    )
    last_entry_number = models.PositiveIntegerField(
        default=0, help_text="Highest docket entry number given out (numbers are gapless)."
    )
    last_entry_sequence = models.PositiveIntegerField(
        default=0, help_text="Highest ordering sequence given to any docket entry."
    )
    docket_generation = models.PositiveBigIntegerField(
        default=0,
        help_text="Bumped by every change to the case, its entries, documents or restrictions "
        "(keys the cached Docket Report rows).",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the record was created.")

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["court", "-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "case_type", "sequence"],
                name="case_number_unique_per_court",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pacer_case_number} {self.short_title}"

    def _number_fields(self) -> dict[str, object]:
        return {
            "office": self.office,
            "yy": f"{self.year % 100:02d}",
            "yyyy": self.year,
            "type": self.case_type,
            "seq": self.sequence,
        }

    @property
    def pacer_case_number(self) -> str:
        """PACER form, e.g. '1:20-cv-00012' (appeals: '20-1081')."""
        return self.court.pacer_case_number_format.format(**self._number_fields())

    @property
    def display_case_number(self) -> str:
        """The court's own form, e.g. 'Court No. 20-00012'."""
        return self.court.display_case_number_format.format(**self._number_fields())

    @property
    def is_sealed(self) -> bool:
        return self.restriction == CaseRestriction.SEALED


class CaseJudge(models.Model):
    """A judge assigned to a case, in panel order."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, help_text="Case.")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, help_text="Judge.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the panel (0 presides).")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["case", "judge"], name="case_judge_unique")]

    def __str__(self) -> str:
        return f"{self.judge} on {self.case_id}"


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", "Plaintiff"
    DEFENDANT = "defendant", "Defendant"
    PLAINTIFF_INTERVENOR = "plaintiff_intervenor", "Plaintiff-Intervenor"
    DEFENDANT_INTERVENOR = "defendant_intervenor", "Defendant-Intervenor"
    INTERVENOR = "intervenor", "Intervenor"
    APPELLANT = "appellant", "Appellant"
    APPELLEE = "appellee", "Appellee"
    PETITIONER = "petitioner", "Petitioner"
    RESPONDENT = "respondent", "Respondent"
    AMICUS = "amicus", "Amicus Curiae"
    INTERESTED_PARTY = "interested_party", "Interested Party"
    OTHER = "other", "Other"


class Party(models.Model):
    """A party to a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties", help_text="Case.")
    name = models.CharField(max_length=500, help_text="Party name as shown on the docket.")
    role = models.CharField(max_length=24, choices=PartyRole.choices, help_text="Role in the case.")
    role_label = models.CharField(
        max_length=100, help_text="Role as printed on the docket, e.g. 'Intervenor Defendant'."
    )
    extra_info = models.TextField(blank=True, help_text="Further description printed under the name.")
    pro_se = models.BooleanField(default=False, help_text="Represents itself.")
    pro_se_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pro_se_parties",
        help_text="The PACER account of a pro se party registered to file (it files in this case only).",
    )
    date_terminated = models.DateField(null=True, blank=True, help_text="Date the party left the case.")
    postal_address = models.TextField(
        blank=True,
        help_text="Where a party served by other means (not registered for e-mail notice) is mailed, one line "
        "per line.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order on the docket.")

    class Meta:
        ordering = ["case", "position", "id"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return f"{self.name} ({self.role_label})"


class Attorney(models.Model):
    """An attorney as known to one court's dockets."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="attorneys", help_text="Court.")
    name = models.CharField(max_length=200, help_text="Full name, e.g. 'Frank H. Morgan'.")
    firm = models.CharField(max_length=200, blank=True, help_text="Firm or agency.")
    address = models.TextField(blank=True, help_text="Postal address, one line per line.")
    phone = models.CharField(max_length=60, blank=True, help_text="Telephone.")
    fax = models.CharField(max_length=60, blank=True, help_text="Fax.")
    email = models.EmailField(blank=True, help_text="Primary e-mail for notices.")
    secondary_emails = models.JSONField(default=list, blank=True, help_text="Further e-mails for notices.")
    contact_text = models.TextField(
        blank=True,
        help_text="Contact block exactly as a legacy docket printed it; shown verbatim when set.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the record was created.")

    class Meta:
        ordering = ["court", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def contact_lines(self) -> list[str]:
        if self.contact_text:
            return [line for line in self.contact_text.splitlines() if line.strip()]
        lines = [self.firm, *self.address.splitlines(), self.phone]
        if self.fax:
            lines.append(f"Fax: {self.fax}")
        if self.email:
            lines.append(f"Email: {self.email}")
        return [line for line in lines if line.strip()]


class Representation(models.Model):
    """An attorney representing a party."""

    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="representations",
        help_text="Party represented.",
    )
    attorney = models.ForeignKey(
        Attorney, on_delete=models.PROTECT, related_name="representations", help_text="Attorney."
    )
    lead = models.BooleanField(default=False, help_text="LEAD ATTORNEY.")
    to_be_noticed = models.BooleanField(default=True, help_text="ATTORNEY TO BE NOTICED.")
    pro_hac_vice = models.BooleanField(default=False, help_text="Admitted PRO HAC VICE.")
    other_designations = models.JSONField(
        default=list,
        blank=True,
        help_text="Further designations as printed, e.g. 'COR NTC Retained'.",
    )
    date_terminated = models.DateField(null=True, blank=True, help_text="Date the representation ended.")
    position = models.PositiveIntegerField(default=0, help_text="Order under the party.")

    class Meta:
        ordering = ["party", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["party", "attorney"], name="representation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.attorney} for {self.party}"

    @property
    def designations(self) -> list[str]:
        """The italic lines PACER prints under an attorney, in PACER's order."""
        lines: list[str] = []
        if self.date_terminated:
            lines.append(f"TERMINATED: {self.date_terminated:%m/%d/%Y}")
        lines.extend(self.other_designations)
        if self.lead:
            lines.append("LEAD ATTORNEY")
        if self.pro_hac_vice:
            lines.append("PRO HAC VICE")
        if self.to_be_noticed:
            lines.append("ATTORNEY TO BE NOTICED")
        return lines
