from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from openecf.docket.models import DocketEntry, EntryRestriction, Event
from openecf.docket.services import docket_entry_restrict
from openecf.web.admin_scope import CourtScopedAdmin


@admin.register(Event)
class EventAdmin(CourtScopedAdmin):
    list_display = ("label", "code", "menu", "court", "document_required", "numbered", "fee")
    list_filter = ("court", "menu", "staff_only")
    search_fields = ("label", "code", "keywords")
    readonly_fields = [f.name for f in Event._meta.fields]


@admin.register(DocketEntry)
class DocketEntryAdmin(CourtScopedAdmin):
    court_path = "case__court"
    list_display = ("case", "number", "date_filed", "restriction", "short_text")
    list_filter = ("case__court", "restriction")
    search_fields = ("text",)
    list_select_related = ("case__court",)
    readonly_fields = [f.name for f in DocketEntry._meta.fields]
    actions = ["seal_entries", "unseal_entries"]

    @admin.display(description="Docket text")
    def short_text(self, entry: DocketEntry) -> str:
        return entry.text[:100]

    def _restrict(self, request: HttpRequest, queryset: QuerySet[DocketEntry], to: EntryRestriction) -> None:
        for entry in queryset.select_related("case__court"):
            docket_entry_restrict(
                entry=entry,
                restriction=to,
                acting_user=request.user,  # type: ignore[arg-type]
                note=f"Restriction set to {to.label} by the clerk's office.",
            )
        self.message_user(request, f"{queryset.count()} entr(ies) now {to.label.lower()}.", messages.SUCCESS)

    @admin.action(description="Seal the selected entries")
    def seal_entries(self, request: HttpRequest, queryset: QuerySet[DocketEntry]) -> None:
        self._restrict(request, queryset, EntryRestriction.SEALED)

    @admin.action(description="Unseal the selected entries")
    def unseal_entries(self, request: HttpRequest, queryset: QuerySet[DocketEntry]) -> None:
        self._restrict(request, queryset, EntryRestriction.PUBLIC)
