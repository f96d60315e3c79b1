"""Accounts in the admin site: superusers look them up and add staff accounts, through the service.

There is no change or delete form: an account's details, e-mail and password are changed by its owner in
Manage My Account (or by a password reset), each through its audited service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from openecf.accounts.models import User
from openecf.accounts.passwords import password_check
from openecf.accounts.services import account_disable, account_enable, staff_account_create
from openecf.errors import InvalidInput, OpenECFError


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
    actions = ("disable_accounts", "enable_accounts")

    @admin.action(description="Disable the selected accounts (ends their sessions and API tokens)")
    def disable_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(request, queryset, account_disable)

    @admin.action(description="Enable the selected disabled accounts")
    def enable_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(request, queryset, account_enable)

    def _each(self, request: HttpRequest, queryset: QuerySet[User], service: Callable[..., User]) -> None:
        acting_user = request.user if isinstance(request.user, User) else None
        done = 0
        for user in queryset:
            try:
                service(user=user, acting_user=acting_user)
            except OpenECFError as refused:
                self.message_user(request, refused.message, messages.WARNING)
            else:
                done += 1
        self.message_user(request, f"{done} account(s) changed.")

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
