"""The Notice of Electronic Filing on screen (the receipt and the proof of filing, seed 003 Q28) and the
filer's own filings: the filer's and the submitter's, and the court's staff; "not found" for anyone else."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from openecf.access.policy import Action, may, signed_in_account
from openecf.courts.calendar import court_zone
from openecf.courts.models import Court
from openecf.filers.views import cmecf_page
from openecf.filing.drafts import drafts_of
from openecf.filing.models import Filing
from openecf.filing.packet import parties_to_serve
from openecf.filing.selectors import access_filing, filings_of, notice_of, stamps_of
from openecf.filing.stamps import stamp_text
from openecf.filing.views.wizard_steps import first_open_step, step_url

# --- the Notice of Electronic Filing, and my filings ---------------------------------------------------


def entered_text(court: Court, moment: dt.datetime) -> str:
    """'3/16/2026 at 4:12 PM EDT', on the court's clock."""
    local = moment.astimezone(court_zone(court))
    clock = f"{local.hour % 12 or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    return f"{local.month}/{local.day}/{local.year} at {clock} {local.tzname()}"


@never_cache
@require_safe
@cmecf_page(acknowledged=False)
def notice(request: HttpRequest, court: Court, filing_id: int) -> HttpResponse:
    """The receipt and the proof of filing: a document is filed once its filer has this notice (Q28)."""
    filing = access_filing(request.user, filing_id, court_id=court.pk)
    nef = notice_of(filing)
    stamps = stamps_of(filing)
    main = next((stamp.document for stamp in stamps if stamp.document.attachment_number == 0), None)
    return render(
        request,
        "filing/wizard/notice.html",
        {
            "court": court,
            "filing": filing,
            "notice": nef,
            "entered": entered_text(court, nef.generated_at),
            "date_filed": f"{filing.date_filed.month}/{filing.date_filed.day}/{filing.date_filed.year}",
            "main_document": main,
            "documents": [{"document": stamp.document, "stamp": stamp_text(stamp)} for stamp in stamps],
            "parties_to_serve": parties_to_serve(filing),
        },
    )


@never_cache
@require_safe
@cmecf_page(acknowledged=True)
def my_filings(request: HttpRequest, court: Court) -> HttpResponse:
    """The account's filings in the court, and its filings in progress."""
    user = signed_in_account(request.user)
    filings: list[Filing] = list(filings_of(user, court)[:200])
    return render(
        request,
        "filing/wizard/my_filings.html",
        {
            "court": court,
            "filings": [
                {"filing": filing, "filed": entered_text(court, filing.filed_at)} for filing in filings
            ],
            "drafts": [
                {"draft": draft, "url": step_url(court, draft, first_open_step(draft))}
                for draft in drafts_of(user, court)[:50]
            ],
            "may_review_requests": may(user, Action.REVIEW_FILING_REQUESTS, court=court),
            "may_unlink": may(user, Action.UNLINK, court=court),
        },
    )


urlpatterns: list[URLPattern] = [
    path("<str:court_id>/cmecf/filing/mine/", my_filings, name="my_filings"),
    path("<str:court_id>/cmecf/filing/<int:filing_id>/notice/", notice, name="notice"),
]
