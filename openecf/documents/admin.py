from __future__ import annotations

from django.contrib import admin

from openecf.documents.models import Document
from openecf.web.admin_scope import CourtScopedAdmin


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
    readonly_fields = [f.name for f in Document._meta.fields]
