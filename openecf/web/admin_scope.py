"""The clerk's-office admin: each clerk sees and acts on their own court only; writes go through services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from openecf.accounts.models import CourtRole, CourtRoleKind

OFFICE_ROLES = (CourtRoleKind.CLERK, CourtRoleKind.HELP_DESK)


def clerk_court_ids(request: HttpRequest) -> list[str]:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        CourtRole.objects.filter(user_id=user.pk, role__in=OFFICE_ROLES).values_list("court_id", flat=True)
    )


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
