"""The clerk's-office admin site without a login of its own.

Signing in happens only at the PACER login (password, lockout, second factor, audit), which sends the user
back here; the admin's password change is My Account's (the one password service); its logout is the
PACER logout. Admin access needs a fully signed-in session of an account in good standing with admin
access (`is_staff`); what each user sees inside is scoped by its court roles in each model admin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, reverse


class OpenECFAdminSite(AdminSite):
    site_header = "OpenECF court administration"
    site_title = "OpenECF administration"

    def has_permission(self, request: HttpRequest) -> bool:
        from openecf.access.policy import signed_in

        # Authenticated means fully signed in: a password waiting for its second factor is not a session.
        account = signed_in(request.user)
        return account is not None and account.is_staff

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # No "view on site" shortcut (/admin/r/<type>/<id>/): no model here has a public page, and its
        # answers told an existing row id from a missing one.
        return [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]

    def _admin_next(self, request: HttpRequest) -> str:
        from openecf.signin.services import safe_next

        index = reverse("admin:index", current_app=self.name)
        wanted = request.GET.get("next") or request.POST.get("next") or index
        target = safe_next(request, wanted)
        return target if target.startswith(index) else index

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """No form here: every sign-in goes through the PACER login, which returns to the admin page."""
        if request.user.is_authenticated and not self.has_permission(request):
            # Signed in but not admin staff: the PACER login would send it straight back here.
            raise PermissionDenied("Your account has no access to the court's administration site.")
        return HttpResponseRedirect(
            f"{reverse('signin:login')}?{urlencode({'next': self._admin_next(request)})}"
        )

    def logout(  # type: ignore[override]  # a redirect, not the admin's own page
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from openecf.signin.views import logout_view

        return logout_view(request)

    def password_change(  # type: ignore[override]  # a redirect, not the admin's own page
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """My Account's password change: the one password service (NIST rule, audit, sessions ended)."""
        return HttpResponseRedirect(reverse("myaccount:manage") + "#password")

    def password_change_done(  # type: ignore[override]  # a redirect, not the admin's own page
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("myaccount:manage") + "#password")


class OpenECFAdminConfig(AdminConfig):
    """`django.contrib.admin` with this site as `admin.site`, so every app's admin registers on it."""

    default_site = "openecf.web.admin_site.OpenECFAdminSite"
