"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("openecf.api.urls")),
    path("", include("openecf.signin.urls")),
    path("", include("openecf.pacer.urls")),
    path("", include("openecf.myaccount.urls")),
    path("", include("openecf.filers.urls")),
    path("", include("openecf.filing.urls")),
    path("", include("openecf.notices.urls")),
    path("", include("openecf.web.urls")),
]

handler400 = "openecf.web.views.bad_request"
handler403 = "openecf.web.views.permission_denied"
handler404 = "openecf.web.views.page_not_found"
handler500 = "openecf.web.views.server_error"
