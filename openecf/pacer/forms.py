"""Forms of the PACER registration wizard, activation, upgrade and the PSC pages.

Each form parses what the user typed and hands it to the service checks, so the rules live in one place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.hashers import check_password

from openecf.accounts.models import GOVERNMENT_USER_TYPES, SecurityQuestion, User, UserType
from openecf.billing.gateway import CardDetails
from openecf.errors import OpenECFError
from openecf.forms import UswdsForm, form_error_add
from openecf.pacer.registration import (
    SECURITY_QUESTIONS_REQUIRED,
    RegistrationCredentials,
    RegistrationDetails,
    registration_credentials_prepare,
    registration_details_check,
)
from openecf.pacer.suspensions import PSC_TIME_ZONE


def _upper(choice: UserType) -> tuple[str, str]:
    return (choice.value, str(choice.label).upper())


# Grouped as the PACER registration form shows them (seed 000).
USER_TYPE_CHOICES: list[tuple[str, Any]] = [
    ("", "Select User Type"),
    _upper(UserType.OTHER_COMMERCIAL),
    ("Government Accounts", [_upper(t) for t in GOVERNMENT_USER_TYPES]),
    (
        "Individual Accounts",
        [_upper(UserType.INDIVIDUAL), _upper(UserType.STUDENT), _upper(UserType.PARTY_IN_CASE)],
    ),
]


class RegistrationDetailsForm(UswdsForm):
    """Step 1: user type and user verification."""

    user_type = forms.ChoiceField(label="User Type", choices=USER_TYPE_CHOICES)
    government_account = forms.BooleanField(
        label="Check here if this account is for a Government Account", required=False
    )
    first_name = forms.CharField(label="First name", max_length=150)
    middle_name = forms.CharField(label="Middle name or initial", max_length=60, required=False)
    last_name = forms.CharField(label="Last name", max_length=150)
    firm = forms.CharField(label="Firm, agency or company", max_length=200, required=False)
    address_line1 = forms.CharField(label="Street address", max_length=200)
    address_line2 = forms.CharField(label="Suite, floor, box", max_length=200, required=False)
    city = forms.CharField(label="City", max_length=100)
    state = forms.CharField(label="State or province", max_length=60)
    postal_code = forms.CharField(label="ZIP or postal code", max_length=20)
    country = forms.CharField(label="Country", max_length=60, initial="United States")
    date_of_birth = forms.DateField(
        label="Date of birth", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    email = forms.CharField(label="E-mail address", max_length=254, widget=forms.EmailInput)
    phone = forms.CharField(label="Telephone", max_length=40, widget=forms.TextInput(attrs={"type": "tel"}))

    details: RegistrationDetails

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        self.details = RegistrationDetails(
            user_type=data["user_type"],
            government_account=bool(data["government_account"]),
            first_name=data["first_name"].strip(),
            middle_name=data["middle_name"].strip(),
            last_name=data["last_name"].strip(),
            firm=data["firm"].strip(),
            address_line1=data["address_line1"].strip(),
            address_line2=data["address_line2"].strip(),
            city=data["city"].strip(),
            state=data["state"].strip(),
            postal_code=data["postal_code"].strip(),
            country=data["country"].strip() or "United States",
            date_of_birth=data["date_of_birth"],
            email=data["email"].strip(),
            phone=data["phone"].strip(),
        )
        try:
            registration_details_check(self.details)
        except OpenECFError as error:
            form_error_add(self, error)
        return data


_QUESTION_CHOICES = [("", "Select a security question"), *SecurityQuestion.choices]


class RegistrationCredentialsForm(UswdsForm):
    """Step 2 (and the upgrade): username, password, three security questions."""

    username = forms.CharField(
        label="Username", max_length=40, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label="Password (at least 12 characters)",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label="Confirm password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    question_1 = forms.ChoiceField(label="Security question 1", choices=_QUESTION_CHOICES)
    answer_1 = forms.CharField(label="Answer 1", max_length=100)
    question_2 = forms.ChoiceField(label="Security question 2", choices=_QUESTION_CHOICES)
    answer_2 = forms.CharField(label="Answer 2", max_length=100)
    question_3 = forms.ChoiceField(label="Security question 3", choices=_QUESTION_CHOICES)
    answer_3 = forms.CharField(label="Answer 3", max_length=100)

    credentials: RegistrationCredentials

    def __init__(self, *args: Any, exclude_user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exclude_user = exclude_user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data["password"] != data["password_confirm"]:
            self.add_error(
                "password_confirm", "The two passwords do not match. Enter the same password twice."
            )
            return data
        if self.exclude_user is not None and check_password(data["password"], self.exclude_user.password):
            # Hashers' check only: the model's check_password would rewrite the stored hash outside a service.
            self.add_error("password", "Choose a new password, not the one this account has now.")
            return data
        answers = [
            (data[f"question_{n}"], data[f"answer_{n}"]) for n in range(1, SECURITY_QUESTIONS_REQUIRED + 1)
        ]
        try:
            self.credentials = registration_credentials_prepare(
                username=data["username"],
                password=data["password"],
                security_answers=answers,
                exclude_user=self.exclude_user,
            )
        except OpenECFError as error:
            form_error_add(self, error)
        return data


class _NoEchoTextInput(forms.TextInput):
    """A text box that never writes its value back into the page (card number, CVV)."""

    def format_value(self, value: Any) -> str | None:
        return None


def _year_choices() -> list[tuple[str, str]]:
    this_year = dt.datetime.now(tz=PSC_TIME_ZONE).year
    return [("", "Year"), *((str(y), str(y)) for y in range(this_year, this_year + 21))]


class PaymentCardForm(UswdsForm):
    """Step 3: the card, passed straight to the payment gateway."""

    card_number = forms.CharField(
        label="Card number",
        max_length=30,
        widget=_NoEchoTextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    exp_month = forms.TypedChoiceField(
        label="Expiration month",
        coerce=int,
        choices=[("", "Month"), *((str(m), f"{m:02d}") for m in range(1, 13))],
    )
    exp_year = forms.TypedChoiceField(label="Expiration year", coerce=int, choices=_year_choices)
    name_on_card = forms.CharField(
        label="Name on card", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "cc-name"})
    )
    cvv = forms.CharField(
        label="Security code (CVV)",
        max_length=4,
        widget=_NoEchoTextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}),
    )

    def card(self) -> CardDetails:
        data = self.cleaned_data
        return CardDetails(
            number=data["card_number"],
            exp_month=data["exp_month"],
            exp_year=data["exp_year"],
            cvv=data["cvv"].strip(),
            name_on_card=data["name_on_card"],
        )


class PoliciesForm(UswdsForm):
    acknowledge = forms.BooleanField(
        label="Check here to acknowledge you have read and understand the policies and procedures listed above.",
        error_messages={
            "required": "Check the box to acknowledge you have read and understand the policies and procedures."
        },
    )


class ActivationForm(UswdsForm):
    code = forms.CharField(
        label="Activation code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class RegistrationSuspensionForm(UswdsForm):
    """Dates and times are the PSC's, in Eastern time."""

    starts_on = forms.DateField(label="Suspended from (date)", widget=forms.DateInput(attrs={"type": "date"}))
    starts_time = forms.TimeField(
        label="Time (Eastern)", initial=dt.time(0, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    resumes_on = forms.DateField(
        label="Registrations resume on (date)", widget=forms.DateInput(attrs={"type": "date"})
    )
    resumes_time = forms.TimeField(
        label="Time (Eastern)", initial=dt.time(0, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    reason = forms.CharField(label="Reason shown to the public (optional)", max_length=300, required=False)

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        return (
            dt.datetime.combine(data["starts_on"], data["starts_time"], tzinfo=PSC_TIME_ZONE),
            dt.datetime.combine(data["resumes_on"], data["resumes_time"], tzinfo=PSC_TIME_ZONE),
        )
