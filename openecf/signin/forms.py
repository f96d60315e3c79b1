"""Forms of the login, second-factor and password reset pages, and of adding an authenticator app (used
at sign-in and in Manage My Account). Field names are stable: browser tests and API clients rely on them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from openecf.accounts.models import User
from openecf.accounts.passwords import password_check
from openecf.accounts.services import account_password_set
from openecf.errors import InvalidInput
from openecf.forms import TypedTextForm
from openecf.signin.tokens import client_code_clean

INPUT = {"class": "usa-input"}


class ClientCodeField(forms.CharField):
    """The optional client code. No max_length: a longer code is refused with the rule's own message."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs=INPUT))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        try:
            return client_code_clean(str(super().clean(value) or ""))
        except InvalidInput as refused:
            raise forms.ValidationError(refused.message) from None


class LoginForm(TypedTextForm):
    username = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={**INPUT, "autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "current-password"}),
    )
    client_code = ClientCodeField()


class SecondFactorForm(TypedTextForm):
    code = forms.CharField(
        max_length=20,
        widget=forms.TextInput(
            attrs={**INPUT, "autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class DeviceAddForm(TypedTextForm):
    name = forms.CharField(
        max_length=60, widget=forms.TextInput(attrs={**INPUT, "placeholder": "Work phone"})
    )


class DeviceConfirmForm(TypedTextForm):
    email_code = forms.CharField(
        max_length=12, widget=forms.TextInput(attrs={**INPUT, "autocomplete": "off"})
    )
    code = forms.CharField(
        max_length=12, widget=forms.TextInput(attrs={**INPUT, "autocomplete": "one-time-code"})
    )


class UsernameReminderForm(TypedTextForm):
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={**INPUT, "autocomplete": "email"})
    )


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
