"""The filing wizard's forms, one per step (the services check everything again when the filing is made)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from openecf.cases.models import Party, PartyRole
from openecf.docket.models import DocketEntry, Event
from openecf.filing.services import ATTACHMENT_CATEGORIES, MAX_DESCRIPTION, MAX_TEXT_EXTRA, NewCase
from openecf.forms import UswdsForm
from openecf.pacer.forms import PaymentCardForm

SEARCH_MAX_LENGTH = 100
MOVANT_ROLES = (PartyRole.INTERVENOR, PartyRole.DEFENDANT_INTERVENOR, PartyRole.PLAINTIFF_INTERVENOR)


def _checkboxes(field: forms.Field) -> None:
    """USWDS draws a list of checkboxes with its checkbox class (UswdsForm gives every choice widget radios')."""
    field.widget.attrs["class"] = "usa-checkbox__input"


class EventSearchForm(UswdsForm):
    q = forms.CharField(
        label="Search for menus and events",
        help_text="Type a word or phrase, e.g. 'extension' or 'appearance'.",
        max_length=SEARCH_MAX_LENGTH,
        required=False,
    )


class EventChoiceForm(UswdsForm):
    """The event chosen (its code), from a menu or a search."""

    event = forms.CharField(max_length=40)


class OnBehalfOfForm(UswdsForm):
    """A filing agent files in the name of an attorney who authorised them."""

    on_behalf_of = forms.ChoiceField(label="File in the name of")

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["on_behalf_of"])
        field.choices = list(choices)


class CaseNumberForm(UswdsForm):
    case_number = forms.CharField(
        label="Case number",
        help_text="In any form: 1:20-cv-00012, 20-00012 or Court No. 20-00012 (appeals: 20-1081).",
        max_length=60,
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MyCaseForm(UswdsForm):
    """The pick-list of the cases the filer appears in."""

    case_number = forms.ChoiceField(label="Or choose one of your cases")

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["case_number"])
        field.choices = list(choices)
        field.widget.attrs["id"] = "id_my_case"


class NewCaseForm(UswdsForm):
    """What a case-opening event (the Summons) asks for the new case."""

    plaintiffs = forms.CharField(
        label="Plaintiffs", help_text="One per line.", widget=forms.Textarea(attrs={"rows": 3})
    )
    defendants = forms.CharField(
        label="Defendants",
        help_text="One per line.",
        initial="United States",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    short_title = forms.CharField(
        label="Short title (optional)",
        help_text="Left empty: the first plaintiff v. the first defendant.",
        max_length=300,
        required=False,
    )
    nature_of_suit = forms.CharField(
        label="Nature of suit", help_text="e.g. 1581(a) Protest denial.", max_length=200, required=False
    )
    agency = forms.CharField(label="Agency", max_length=200, required=False)
    product_description = forms.CharField(label="Product (merchandise)", max_length=300, required=False)
    export_country = forms.CharField(label="Country of export", max_length=100, required=False)

    def new_case(self) -> NewCase:
        data = self.cleaned_data
        return NewCase(
            plaintiffs=tuple(line.strip() for line in data["plaintiffs"].splitlines() if line.strip()),
            defendants=tuple(line.strip() for line in data["defendants"].splitlines() if line.strip()),
            short_title=data["short_title"],
            nature_of_suit=data["nature_of_suit"],
            agency=data["agency"],
            product_description=data["product_description"],
            export_country=data["export_country"],
        )


class PartiesForm(UswdsForm):
    """The parties filed for (the filer's own), the party an appearance joins, or a Motion to Intervene's
    movant: only the fields that fit the event and the filer's place in the case."""

    party_ids = forms.TypedMultipleChoiceField(
        label="Filed on behalf of", coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    join_party_id = forms.TypedChoiceField(
        label="The party you appear for", coerce=int, widget=forms.RadioSelect, required=False
    )
    new_party_name = forms.CharField(label="Movant's name", max_length=500, required=False)
    new_party_role = forms.ChoiceField(
        label="Movant's role",
        choices=[(role.value, role.label) for role in MOVANT_ROLES],
        initial=PartyRole.INTERVENOR.value,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        own: Sequence[Party],
        joinable: Sequence[Party],
        movant: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.own, self.joinable, self.movant = list(own), list(joinable), movant
        if own:
            field = cast(forms.TypedMultipleChoiceField, self.fields["party_ids"])
            field.choices = [(party.pk, f"{party.name} ({party.role_label})") for party in own]
            _checkboxes(field)
        else:
            del self.fields["party_ids"]
        if joinable:
            join = cast(forms.TypedChoiceField, self.fields["join_party_id"])
            join.choices = [(party.pk, f"{party.name} ({party.role_label})") for party in joinable]
            join.required = True
        else:
            del self.fields["join_party_id"]
        if movant:
            self.fields["new_party_name"].required = not own
            if own:
                self.fields["new_party_name"].label = "Or a new party moving to intervene: its name"
        else:
            del self.fields["new_party_name"]
            del self.fields["new_party_role"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "party_ids" in self.fields
            and not data.get("party_ids")
            and not (data.get("new_party_name") or "").strip()
        ):
            self.add_error("party_ids", "Choose at least one party you file for.")
        return data


class UploadForm(UswdsForm):
    """One PDF: the main document, or an attachment with its category."""

    document = forms.FileField(label="PDF document", allow_empty_file=True)
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "- Select -"), *((name, name) for name in ATTACHMENT_CATEGORIES)],
        required=False,
    )
    description = forms.CharField(
        label="Description",
        help_text="e.g. 'Exhibit A: Declaration of J. Smith'.",
        max_length=MAX_DESCRIPTION,
        required=False,
    )

    def __init__(self, *args: Any, main: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.main = main
        self.fields["document"].label = "Main document (PDF)" if main else "Attachment (PDF)"
        self.fields["document"].widget.attrs.update(
            {"accept": "application/pdf,.pdf", "class": "usa-file-input"}
        )
        if main:
            del self.fields["category"]
            self.fields["description"].help_text = "Optional."
        else:
            self.fields["category"].required = True


class PromptsForm(UswdsForm):
    """The event's prompts: related entries, its date, its certification; and confidential (BPI)."""

    related_entries = forms.TypedMultipleChoiceField(
        label="Refers to docket entries", coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    prompted_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    certify = forms.BooleanField()
    confidential = forms.BooleanField(
        label="Confidential (business proprietary information)",
        help_text="Only a Confidential Information Filer files confidential documents; they are restricted "
        "to the court and the case's participants.",
        required=False,
    )

    def __init__(self, *args: Any, event: Event, entries: Sequence[DocketEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if event.prompts_related_entry and entries:
            field = cast(forms.TypedMultipleChoiceField, self.fields["related_entries"])
            field.choices = [(entry.number, f"{entry.number}: {_brief(entry.text)}") for entry in entries]
            _checkboxes(field)
        else:
            del self.fields["related_entries"]
        if event.date_prompt:
            self.fields["prompted_date"].label = event.date_prompt
        else:
            del self.fields["prompted_date"]
        if event.certification:
            self.fields["certify"].label = event.certification
            self.fields["certify"].error_messages["required"] = "Make the certification to file."
        else:
            del self.fields["certify"]
        if event.confidential:
            self.fields["confidential"].help_text = "This event is always confidential."


def _brief(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class ReviewForm(UswdsForm):
    """The last step: words added to the docket text, the warnings read."""

    docket_text_extra = forms.CharField(
        label="Add to the docket text",
        help_text="Optional: words the docket text ends with, e.g. the relief asked for.",
        max_length=MAX_TEXT_EXTRA,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm_warnings = forms.BooleanField(label="I have read these warnings", required=False)

    def __init__(self, *args: Any, extendable: bool, warnings: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not extendable:
            del self.fields["docket_text_extra"]
        if not warnings:
            del self.fields["confirm_warnings"]


class FeeCardForm(PaymentCardForm):
    """The card the filing fee is paid with (passed to the gateway, never kept)."""
