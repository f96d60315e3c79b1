from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from openecf.cases.models import Attorney, Case, CaseRestriction, Party
from openecf.cases.services import case_restriction_set
from openecf.courts.admin import CourtScopedAdmin


class PartyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Party
    fields = ("name", "role_label", "pro_se", "date_terminated")
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
    readonly_fields = [f.name for f in Case._meta.fields]
    inlines = [PartyInline]
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


@admin.register(Attorney)
class AttorneyAdmin(CourtScopedAdmin):
    list_display = ("name", "firm", "email", "court")
    list_filter = ("court",)
    search_fields = ("name", "firm", "email")
    readonly_fields = [f.name for f in Attorney._meta.fields]
