from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from openecf.accounts.models import CourtRole, CourtRoleKind, User
from openecf.accounts.services import court_role_grant, court_role_revoke

admin.site.register(User, UserAdmin)


@admin.register(CourtRole)
class CourtRoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Roles are granted by superusers only, through the service so each grant is audited."""

    list_display = ("user", "court", "role", "granted_at")
    list_filter = ("court", "role")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

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
