"""The court's event dictionary in the admin (docket entries are in `documents.admin`, sealed with their
documents)."""

from __future__ import annotations

from django.contrib import admin

from openecf.courts.admin import CourtScopedAdmin
from openecf.docket.models import Event


@admin.register(Event)
class EventAdmin(CourtScopedAdmin):
    list_display = ("label", "code", "menu", "court", "document_required", "numbered", "fee")
    list_filter = ("court", "menu", "staff_only")
    search_fields = ("label", "code", "keywords")
    readonly_fields = [f.name for f in Event._meta.fields]
