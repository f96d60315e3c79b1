"""Forms of the login, second-factor and Manage My Account pages. Field names are stable (browser tests)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from openecf.accounts.account_services import account_password_set
from openecf.accounts.api_tokens import client_code_clean
from openecf.accounts.models import User
from openecf.accounts.passwords import password_check
from openecf.errors import InvalidInput, OpenECFError

INPUT = {"class": "usa-input"}


def form_error_add(form: forms.Form, error: OpenECFError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={**INPUT, "autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "current-password"}),
    )
    # No max_length here: a longer code is refused with the rule's own message by client_code_clean.
    client_code = forms.CharField(required=False, widget=forms.TextInput(attrs=INPUT))

    def clean_client_code(self) -> str:
        try:
            return client_code_clean(self.cleaned_data.get("client_code", ""))
        except InvalidInput as refused:
            raise forms.ValidationError(refused.message) from None


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        widget=forms.TextInput(
            attrs={**INPUT, "autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class DeviceAddForm(forms.Form):
    name = forms.CharField(
        max_length=60, widget=forms.TextInput(attrs={**INPUT, "placeholder": "Work phone"})
    )


class DeviceConfirmForm(forms.Form):
    email_code = forms.CharField(
        max_length=12, widget=forms.TextInput(attrs={**INPUT, "autocomplete": "off"})
    )
    code = forms.CharField(
        max_length=12, widget=forms.TextInput(attrs={**INPUT, "autocomplete": "one-time-code"})
    )


class UsernameReminderForm(forms.Form):
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={**INPUT, "autocomplete": "email"})
    )


class ContactForm(forms.Form):
    first_name = forms.CharField(max_length=150, widget=forms.TextInput(attrs=INPUT))
    middle_name = forms.CharField(max_length=60, required=False, widget=forms.TextInput(attrs=INPUT))
    last_name = forms.CharField(max_length=150, widget=forms.TextInput(attrs=INPUT))
    phone = forms.CharField(max_length=40, required=False, widget=forms.TextInput(attrs=INPUT))
    firm = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs=INPUT))
    address_line1 = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs=INPUT))
    address_line2 = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs=INPUT))
    city = forms.CharField(max_length=100, required=False, widget=forms.TextInput(attrs=INPUT))
    state = forms.CharField(max_length=60, required=False, widget=forms.TextInput(attrs=INPUT))
    postal_code = forms.CharField(max_length=20, required=False, widget=forms.TextInput(attrs=INPUT))
    country = forms.CharField(max_length=60, widget=forms.TextInput(attrs=INPUT))


class PrimaryEmailForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs=INPUT))


class SecondaryEmailForm(forms.Form):
    secondary_email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs=INPUT))


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"})
    )
    new_password_confirm = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if cleaned and cleaned.get("new_password") != cleaned.get("new_password_confirm"):
            self.add_error("new_password_confirm", "The two new passwords do not match. Type them again.")
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=60, required=False, widget=forms.TextInput(attrs=INPUT))
    client_code = forms.CharField(required=False, widget=forms.TextInput(attrs=INPUT))

    def clean_client_code(self) -> str:
        try:
            return client_code_clean(self.cleaned_data.get("client_code", ""))
        except InvalidInput as refused:
            raise forms.ValidationError(refused.message) from None


class ResetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's reset form with our password rules, saved through the audited service."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        password = cleaned.get("new_password1")
        if password and not self.errors:
            try:
                password_check(password, username=self.user.get_username())
            except InvalidInput as refused:
                self.add_error("new_password1", refused.message)
        return cleaned

    def save(self, commit: bool = True) -> Any:
        if not isinstance(self.user, User):
            raise TypeError("A password reset is for a PACER account.")
        account_password_set(
            user=self.user,
            acting_user=None,
            password=self.cleaned_data["new_password1"],
            reason="reset by e-mail",
        )
        return self.user
