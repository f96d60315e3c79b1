"""The clerk's-office admin: each clerk's office sees and acts on its own court only, and every change is
made by an action that calls a service. `CourtScopedAdmin` is the base of every record's admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from openecf.accounts.admin import SuperuserAdmin
from openecf.accounts.models import User
from openecf.audit.models import AuditEvent
from openecf.courts.models import Court, CourtRole, CourtRoleKind, Judge
from openecf.courts.roles import CLERKS_OFFICE, courts_where
from openecf.courts.services import court_role_grant, court_role_revoke


def clerk_court_ids(request: HttpRequest) -> list[str]:
    """The courts whose clerk's office the signed-in account belongs to."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        return []
    return courts_where(user, CLERKS_OFFICE)


class CourtScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only views scoped to the clerk's courts; changes are made by the actions, through services."""

    court_path = "court"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.court_path}__in": clerk_court_ids(request)})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(clerk_court_ids(request))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


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


@admin.register(AuditEvent)
class AuditEventAdmin(CourtScopedAdmin):
    """A court's audit trail, read by its clerk's office (the trail itself is on the ground floor)."""

    list_display = ("occurred_at", "kind", "acting_user", "court", "subject_type", "subject_id")
    list_filter = ("kind", "court")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(CourtRole)
class CourtRoleAdmin(SuperuserAdmin):
    """Roles are granted and revoked by superusers only, through the services so each is audited."""

    list_display = ("user", "court", "role", "granted_at")
    list_filter = ("court", "role")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def save_model(self, request: HttpRequest, obj: CourtRole, form: Any, change: bool) -> None:
        granted = court_role_grant(
            user=obj.user,
            court=obj.court,
            role=CourtRoleKind(obj.role),
            acting_user=request.user,  # type: ignore[arg-type]
        )
        obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: CourtRole) -> None:
        court_role_revoke(court_role=obj, acting_user=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for court_role in queryset:
            court_role_revoke(court_role=court_role, acting_user=request.user)  # type: ignore[arg-type]
