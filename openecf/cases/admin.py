from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from openecf.cases.models import Attorney, Case, CaseRestriction, Party
from openecf.cases.services import case_restriction_set, party_postal_address_set, postal_address_clean
from openecf.courts.admin import CourtScopedAdmin, clerk_court_ids
from openecf.errors import InvalidInput

SEALED_ELSEWHERE = "A sealed case of another court"


def _linked_case_display(request: HttpRequest, field: str) -> Callable[[Case], str]:
    def shown(case: Case) -> str:
        return _linked_case_shown(request, getattr(case, field))

    shown.short_description = field.replace("_", " ").capitalize()  # type: ignore[attr-defined]
    shown.__name__ = field
    return shown


def _linked_case_shown(request: HttpRequest, linked: Case | None) -> str:
    """A related case (lead case, originating case) as this admin user may see it: a sealed one only where the
    admin lists that court's records (the same scope as `CourtScopedAdmin`), so an appeal's page does not
    name the sealed case it came from."""
    if linked is None:
        return "-"
    in_scope = request.user.is_superuser or linked.court_id in clerk_court_ids(request)
    if linked.is_sealed and not in_scope:
        return SEALED_ELSEWHERE
    return f"{linked.pacer_case_number} {linked.short_title} ({linked.court_id})"


class PartyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Party
    fields = ("name", "role_label", "pro_se", "postal_address", "date_terminated")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(CourtScopedAdmin):
    list_display = (
        "pacer_case_number",
        "short_title",
        "court",
        "date_filed",
        "status",
        "restriction",
    )
    list_filter = ("court", "status", "restriction")
    search_fields = ("short_title", "caption")
    inlines = [PartyInline]
    # Related cases are shown through _linked_case_display (never as plain fields): see its docstring.
    exclude = ("lead_case", "originating_case")

    def get_readonly_fields(self, request: HttpRequest, obj: Case | None = None) -> list[Any]:
        return [
            _linked_case_display(request, f.name) if f.name in self.exclude else f.name
            for f in Case._meta.fields
        ]

    actions = ["seal_cases", "unseal_cases"]

    @admin.action(description="Seal the selected cases")
    def seal_cases(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        for case in queryset:
            case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"{queryset.count()} case(s) sealed.", messages.SUCCESS)

    @admin.action(description="Unseal the selected cases")
    def unseal_cases(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        for case in queryset:
            case_restriction_set(case=case, restriction=CaseRestriction.PUBLIC, acting_user=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"{queryset.count()} case(s) unsealed.", messages.SUCCESS)


class PartyAddressForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Party
        fields = ("postal_address",)

    def clean_postal_address(self) -> str:
        try:
            return postal_address_clean(self.cleaned_data.get("postal_address") or "")
        except InvalidInput as refused:
            raise forms.ValidationError(refused.message) from refused


@admin.register(Party)
class PartyAdmin(CourtScopedAdmin):
    """The clerk's office keeps the postal address of a party served by other means; the rest is read only."""

    court_path = "case__court"
    list_display = ("name", "role_label", "case", "pro_se", "postal_address")
    search_fields = ("name", "case__short_title")
    fields = ("case", "name", "role_label", "pro_se", "pro_se_account", "date_terminated", "postal_address")
    readonly_fields = ("case", "name", "role_label", "pro_se", "pro_se_account", "date_terminated")

    list_select_related = ("case",)
    form = PartyAddressForm

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request)

    def save_model(self, request: HttpRequest, obj: Party, form: Any, change: bool) -> None:
        party_postal_address_set(
            party=obj,
            postal_address=form.cleaned_data.get("postal_address", ""),
            acting_user=request.user,  # type: ignore[arg-type]
        )


@admin.register(Attorney)
class AttorneyAdmin(CourtScopedAdmin):
    list_display = ("name", "firm", "email", "court")
    list_filter = ("court",)
    search_fields = ("name", "firm", "email")
    readonly_fields = [f.name for f in Attorney._meta.fields]
