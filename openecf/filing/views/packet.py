"""The paper-service packet of a filing, to print and mail to the parties its notice does not serve (Q36-Q38):
the filer's, the submitter's and the court staff's, like the notice; "not found" for anyone else, and for a
filing whose notice serves every party."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from openecf.access.policy import signed_in_account
from openecf.courts.models import Court
from openecf.filers.views import cmecf_page
from openecf.filing.packet import service_packet_pdf
from openecf.filing.selectors import access_filing
from openecf.ratelimit import rate_limit_reads


@never_cache
@require_safe
@cmecf_page(acknowledged=False)
@rate_limit_reads
def service_packet(request: HttpRequest, court: Court, filing_id: int) -> HttpResponse:
    filing = access_filing(request.user, filing_id, court_id=court.pk)
    content = service_packet_pdf(filing, reader=signed_in_account(request.user))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="service-packet-{filing.pk}.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path(
        "<str:court_id>/cmecf/filing/<int:filing_id>/service-packet.pdf",
        service_packet,
        name="service_packet",
    ),
]
