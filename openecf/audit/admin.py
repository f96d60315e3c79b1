from __future__ import annotations

from django.contrib import admin

from openecf.audit.models import AuditEvent
from openecf.web.admin_scope import CourtScopedAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(CourtScopedAdmin):
    list_display = ("occurred_at", "kind", "acting_user", "court", "subject_type", "subject_id")
    list_filter = ("kind", "court")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
