"""Accounts in the admin site: superusers look them up and add staff accounts, through the service.

There is no change or delete form: an account's details, e-mail and password are changed by its owner in
Manage My Account (or by a password reset), each through its audited service.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from openecf.accounts.models import User
from openecf.accounts.passwords import password_check
from openecf.accounts.services import staff_account_create
from openecf.errors import InvalidInput


class StaffAccountForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new staff or administrator account; PACER users register themselves."""

    password = forms.CharField(strip=False, widget=forms.PasswordInput, help_text="At least 12 characters.")
    superuser = forms.BooleanField(required=False, help_text="Administers every court of this system.")

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        try:
            password_check(password, username=self.cleaned_data.get("username", ""))
        except InvalidInput as refused:
            raise forms.ValidationError(refused.message) from None
        return password


class SuperuserAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin for the system's superusers only: they may look and add; nobody edits in place."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class AccountAdmin(SuperuserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "status", "user_type", "is_superuser")
    list_filter = ("status", "user_type", "shared_account", "psc_admin", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email", "firm")
    ordering = ("username",)
    exclude = ("password", "user_permissions", "groups")
    readonly_fields = [f.name for f in User._meta.fields if f.name != "password"]
    add_form = StaffAccountForm

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = [*StaffAccountForm.Meta.fields, "password", "superuser"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.exclude if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        data = form.cleaned_data
        created = staff_account_create(
            username=data["username"],
            password=data["password"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
            superuser=bool(data.get("superuser")),
            acting_user=request.user,  # type: ignore[arg-type]
        )
        obj.pk = created.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service made the account whole; the admin's own save of relations would write past it.
        return None
