"""Docket entries and their documents in the clerk's admin: read-only, sealed and unsealed by the actions
(through `docket_entry_restrict` and `document_restrict`). Unsealing an entry leaves its documents' own
restrictions alone: a document sealed on its own is unsealed by its own action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from openecf.courts.admin import CourtScopedAdmin
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.documents.models import Document
from openecf.documents.services import docket_entry_restrict, document_restrict


@admin.register(Document)
class DocumentAdmin(CourtScopedAdmin):
    court_path = "docket_entry__case__court"
    list_display = (
        "docket_entry",
        "attachment_number",
        "description",
        "page_count",
        "size_bytes",
        "restriction",
    )
    list_filter = ("restriction",)
    list_select_related = ("docket_entry__case__court",)
    readonly_fields = [f.name for f in Document._meta.fields]
    actions = ["seal_documents", "unseal_documents"]

    def _restrict(self, request: HttpRequest, queryset: QuerySet[Document], to: EntryRestriction) -> None:
        documents = list(queryset.select_related("docket_entry__case__court"))
        for document in documents:
            document_restrict(
                document=document,
                restriction=to,
                acting_user=request.user,  # type: ignore[arg-type]
                note=f"Restriction set to {to.label} by the clerk's office.",
            )
        self.message_user(
            request,
            f"{len(documents)} document(s) now {to.label.lower()} (an entry's own restriction still applies).",
            messages.SUCCESS,
        )

    @admin.action(description="Seal the selected documents")
    def seal_documents(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        self._restrict(request, queryset, EntryRestriction.SEALED)

    @admin.action(description="Unseal the selected documents")
    def unseal_documents(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        self._restrict(request, queryset, EntryRestriction.PUBLIC)


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
