"""Electronic filing's pages, under each court's CM/ECF (/<court_id>/cmecf/...)."""

from django.urls import URLPattern, URLResolver

from openecf.filing.views import check_pdf, maintenance, notice, packet, qc, verify, wizard

app_name = "filing"

urlpatterns: list[URLPattern | URLResolver] = [
    *wizard.urlpatterns,
    *notice.urlpatterns,
    *qc.urlpatterns,
    *maintenance.urlpatterns,
    *verify.urlpatterns,
    *check_pdf.urlpatterns,
    *packet.urlpatterns,
]
