"""Forms of the Manage My Account page. Field names are stable: browser tests rely on them."""

from __future__ import annotations

from typing import Any

from django import forms

from openecf.forms import TypedTextForm
from openecf.signin.forms import INPUT, ClientCodeField


class ContactForm(TypedTextForm):
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


def _current_password(html_id: str | None = None) -> forms.CharField:
    # One page holds many forms that ask for the current password; each input needs its own id (given here,
    # or by the form's auto_id where the form is repeated, as for each authenticator app).
    attrs = {**INPUT, "autocomplete": "current-password"}
    if html_id is not None:
        attrs["id"] = html_id
    return forms.CharField(strip=False, max_length=4096, widget=forms.PasswordInput(attrs=attrs))


class PrimaryEmailForm(TypedTextForm):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs=INPUT))
    current_password = _current_password("id_email_current_password")


class SecondaryEmailForm(TypedTextForm):
    secondary_email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs=INPUT))
    current_password = _current_password("id_secondary_current_password")


class PasswordChangeForm(TypedTextForm):
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


class ApiTokenForm(TypedTextForm):
    name = forms.CharField(max_length=60, required=False, widget=forms.TextInput(attrs=INPUT))
    client_code = ClientCodeField()
    # A token outlives the session that makes it: a stolen session must not make one.
    current_password = _current_password("id_token_current_password")


class BackupCodesForm(TypedTextForm):
    current_password = _current_password("id_backup_codes_current_password")


class DeviceRemoveForm(TypedTextForm):
    """Shown once for each authenticator app: give each its own auto_id (`device_remove_form_ids`)."""

    current_password = _current_password()


def device_remove_form_ids(device_id: int) -> str:
    return f"id_mfa_remove_{device_id}_%s"
