"""Forms of a court's CM/ECF pages. Field names are stable: browser tests and API clients rely on them."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from openecf.errors import InvalidInput
from openecf.filers.access_requests import CifBasis
from openecf.filers.models import FilerRole
from openecf.forms import UswdsForm
from openecf.numbers import whole_number_or_none


class RedactionAcknowledgmentForm(UswdsForm):
    acknowledge = forms.BooleanField(
        required=True,
        label="I have read and will follow the redaction requirements.",
        error_messages={"required": "Acknowledge the redaction requirements to continue."},
    )


class LinkFilerAccountForm(UswdsForm):
    # Not lowercased on purpose: the court's logins are lowercase and the seed asks users to type them so.
    login = forms.CharField(label="CM/ECF Login", max_length=60)
    password = forms.CharField(
        label="CM/ECF Password", max_length=200, strip=False, widget=forms.PasswordInput
    )


class LinkConfirmForm(UswdsForm):
    confirmation = forms.CharField(widget=forms.HiddenInput, max_length=500)


class LegacyLoginForm(UswdsForm):
    login = forms.CharField(label="CM/ECF Login", max_length=60)
    password = forms.CharField(
        label="CM/ECF Password", max_length=200, strip=False, widget=forms.PasswordInput
    )


CIF_BASIS_CHOICES = [
    ("", "—"),
    (CifBasis.FORM_17.value, "Form 17 (Business Proprietary Information Certification) on file"),
    (CifBasis.GOVERNMENT_FORM_11.value, "Government attorney: Form 11 (Notice of Appearance) on file"),
]


class FilingAccessRequestForm(UswdsForm):
    role = forms.ChoiceField(label="I ask to file as", choices=FilerRole.choices, widget=forms.RadioSelect)
    bar_number = forms.CharField(label="Bar number", max_length=40, required=False)
    bar_state = forms.CharField(label="State of bar admission", max_length=60, required=False)
    bar_admission_date = forms.DateField(
        label="Date admitted to this court's bar",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    pro_hac_vice = forms.BooleanField(label="I ask to appear pro hac vice", required=False)
    sponsoring_attorney_name = forms.CharField(label="Sponsoring attorney", max_length=200, required=False)
    for_attorney_username = forms.CharField(
        label="PACER username of the attorney you file for", max_length=150, required=False
    )
    cif_basis = forms.ChoiceField(label="Basis", choices=CIF_BASIS_CHOICES, required=False)
    cif_case_number = forms.CharField(label="Case number of the form", max_length=40, required=False)
    # Read by the one number parser (ASCII digits, bounded): forms.IntegerField takes "٢" for 2.
    cif_entry_number = forms.CharField(
        label="Docket entry number of the form",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    statement = forms.CharField(
        label="Anything else the clerk should know", required=False, widget=forms.Textarea
    )

    def clean_cif_entry_number(self) -> int | None:
        try:
            return whole_number_or_none(
                self.cleaned_data["cif_entry_number"], name="Docket entry number of the form", minimum=1
            )
        except InvalidInput as refused:
            raise ValidationError(refused.message, code=refused.code) from None


class FilingAccessDecisionForm(UswdsForm):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("deny", "Deny")], widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason (told to the applicant)", required=False, widget=forms.Textarea)


class UnlinkForm(UswdsForm):
    reason = forms.CharField(label="Reason", max_length=500, required=False)
