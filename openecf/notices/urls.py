"""The notices' pages: under each court's CM/ECF (/<court_id>/cmecf/notices/...)."""

from django.urls import URLPattern, URLResolver

from openecf.notices.views import free_look, outbox

app_name = "notices"

urlpatterns: list[URLPattern | URLResolver] = [
    *free_look.urlpatterns,
    *outbox.urlpatterns,
]
