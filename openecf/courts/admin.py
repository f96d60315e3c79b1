from __future__ import annotations

from django.contrib import admin

from openecf.courts.models import Court, Judge
from openecf.web.admin_scope import CourtScopedAdmin


@admin.register(Court)
class CourtAdmin(CourtScopedAdmin):
    court_path = "pk"
    list_display = ("name", "id", "kind", "time_zone", "max_file_size_bytes")
    readonly_fields = [f.name for f in Court._meta.fields]


@admin.register(Judge)
class JudgeAdmin(CourtScopedAdmin):
    list_display = ("name", "initials", "title", "court", "active")
    list_filter = ("court",)
    readonly_fields = [f.name for f in Judge._meta.fields]
