"""Where notices went: the filing's recipients and their delivery states (the filer's, the submitter's and
the court staff's), the court's outbox of every notice as sent, and the help desk's list of what did not
arrive, with Resend and Regenerate. The outbox and the help desk's pages are the clerk's office's; everyone
else finds no such page."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import format_datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.mail import EmailMessage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from openecf.access.policy import Action, may, require
from openecf.cases.numbers import parse_case_number
from openecf.courts.calendar import court_zone
from openecf.courts.models import Court
from openecf.errors import Conflict, InvalidInput
from openecf.filers.views import cmecf_page
from openecf.filing.selectors import access_filing, notice_of
from openecf.filing.views.qc import when
from openecf.forms import UswdsForm
from openecf.notices.delivery import RESENDABLE_STATES, delivery_resend, notice_regenerate
from openecf.notices.models import UNDELIVERED_STATES, DeliveryState, NoticeDelivery
from openecf.notices.render import notice_email_preview
from openecf.notices.selectors import (
    access_delivery,
    filing_recipients,
    notice_of_filing,
    outbox,
    undelivered,
)
from openecf.numbers import whole_number_parse

OUTBOX_PER_PAGE = 50
UNDELIVERED_SHOWN = 200


def _when(court: Court, moment: dt.datetime | None) -> str:
    return when(court, moment) if moment is not None else ""


def _sent_at(delivery: NoticeDelivery) -> dt.datetime | None:
    """When it left: by itself, or in the Daily Summary that carried it."""
    if delivery.sent_at is not None:
        return delivery.sent_at
    return delivery.summary.sent_at if delivery.summary is not None else None


def _row(court: Court, delivery: NoticeDelivery) -> dict[str, Any]:
    return {
        "delivery": delivery,
        "state": delivery.get_state_display(),
        "sent": _when(court, _sent_at(delivery)),
        "planned": _when(court, delivery.created_at),
        "error": delivery.last_error if delivery.state in UNDELIVERED_STATES else "",
        "resendable": delivery.state in RESENDABLE_STATES,
    }


# --- the filing's recipients ---------------------------------------------------------------------------


@never_cache
@require_safe
@cmecf_page(acknowledged=False)
def filing_deliveries(request: HttpRequest, court: Court, filing_id: int) -> HttpResponse:
    """Each recipient of the filing's notices (the first and any regenerated) and how its delivery went."""
    filing = access_filing(request.user, filing_id, court_id=court.pk)
    return render(
        request,
        "notices/deliveries.html",
        {
            "court": court,
            "filing": filing,
            "notices": [
                {
                    "notice": item.notice,
                    "generated": when(court, item.notice.generated_at),
                    "planned": item.planned,
                    "rows": [_row(court, delivery) for delivery in item.deliveries],
                    "other_means": item.other_means,
                }
                for item in filing_recipients(filing)
            ],
            "clerks_office": may(request.user, Action.DOCKET, court=court),
        },
    )


# --- the outbox ----------------------------------------------------------------------------------------


class OutboxFilterForm(UswdsForm):
    state = forms.ChoiceField(
        label="Delivery state", choices=[("", "Any state"), *DeliveryState.choices], required=False
    )
    case_number = forms.CharField(label="Case number", required=False, max_length=40)


@never_cache
@require_safe
@cmecf_page(acknowledged=False)
def outbox_list(request: HttpRequest, court: Court) -> HttpResponse:
    """Every notice the court sent (or is sending), newest first: the embedded default's outbox."""
    require(request.user, Action.DOCKET, court=court)
    form = OutboxFilterForm(request.GET)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        raise InvalidInput(f"{first} Change the filter and search again.", field="filter")
    typed = form.cleaned_data["case_number"].strip()
    case = parse_case_number(court, typed) if typed else None
    deliveries = outbox(court, state=form.cleaned_data["state"], case=case)
    page_number = whole_number_parse(request.GET.get("page", "1"), name="page", minimum=1)
    page = Paginator(deliveries, OUTBOX_PER_PAGE).get_page(page_number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notices/outbox.html",
        {
            "court": court,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "rows": [_row(court, delivery) for delivery in page.object_list],
        },
    )


_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
# Links in the message open in a tab of their own: the framed copy may not navigate (and the site's pages
# refuse to be framed).
_BASE = '<base target="_blank">'


def framed_html(body: str) -> str:
    """The HTML body as the sandboxed frame shows it: its links open outside the frame."""
    head = _HEAD.search(body)
    if head is None:
        return _BASE + body
    return body[: head.end()] + _BASE + body[head.end() :]


# Shown first, in this order; the message's other headers (the notice's own) follow.
_MAIN_HEADERS = ("From", "To", "Cc", "Subject", "Date", "Message-ID")


def _headers(court: Court, email: EmailMessage, delivery: NoticeDelivery) -> list[tuple[str, str]]:
    """The headers as sent: the Date is when the server took it, the Message-ID the delivery's own."""
    sent_at = _sent_at(delivery)
    extra = {name: str(value) for name, value in email.extra_headers.items()}
    main = [
        ("From", extra.get("From") or email.from_email),
        ("To", ", ".join(email.to)),
        *([("Cc", ", ".join(email.cc))] if email.cc else []),
        ("Subject", str(email.subject)),
        ("Date", format_datetime(sent_at.astimezone(court_zone(court))) if sent_at else "Not sent yet"),
        ("Message-ID", extra.get("Message-ID") or delivery.message_id or "Given when it is sent"),
    ]
    return main + [(name, value) for name, value in extra.items() if name not in _MAIN_HEADERS]


@never_cache
@require_safe
@cmecf_page(acknowledged=False)
def outbox_message(request: HttpRequest, court: Court, delivery_id: int) -> HttpResponse:
    """One notice as it was sent to one recipient: its headers, and its body (HTML in a sandboxed frame)."""
    _clerk, delivery = access_delivery(request.user, delivery_id, court=court)
    # As sent, but for the free looks: the recipient's one free view is theirs, not the reader's of the outbox.
    email = notice_email_preview(delivery.notice, format=delivery.format)
    email.to = list(delivery.addresses)
    body, is_html = str(email.body), email.content_subtype == "html"
    return render(
        request,
        "notices/outbox_message.html",
        {
            "court": court,
            "delivery": delivery,
            "filing": delivery.notice.filing,
            "row": _row(court, delivery),
            "headers": _headers(court, email, delivery),
            "body": framed_html(body) if is_html else body,
            "is_html": is_html,
        },
    )


# --- what did not arrive, and the help desk's actions --------------------------------------------------


@never_cache
@require_safe
@cmecf_page(acknowledged=False)
def undelivered_list(request: HttpRequest, court: Court) -> HttpResponse:
    """Failed and bounced deliveries, and those deferred for more than an hour: resend or regenerate."""
    require(request.user, Action.DOCKET, court=court)
    deliveries = list(undelivered(court)[: UNDELIVERED_SHOWN + 1])
    return render(
        request,
        "notices/undelivered.html",
        {
            "court": court,
            "rows": [_row(court, delivery) for delivery in deliveries[:UNDELIVERED_SHOWN]],
            "more": len(deliveries) > UNDELIVERED_SHOWN,
        },
    )


def _back(request: HttpRequest, court: Court, *, filing_id: int, delivery_id: int | None) -> HttpResponse:
    # Back to the page the form was on, named by the form (never a URL the client chooses).
    back = request.POST.get("back", "")
    if back == "deliveries":
        return redirect("notices:filing_deliveries", court.pk, filing_id)
    if back == "qc":
        return redirect("filing:qc_filing", court.pk, filing_id)
    if back == "message" and delivery_id is not None:
        return redirect("notices:outbox_message", court.pk, delivery_id)
    return redirect("notices:undelivered", court.pk)


@never_cache
@require_POST
@cmecf_page(acknowledged=False)
def resend(request: HttpRequest, court: Court, delivery_id: int) -> HttpResponse:
    """Send one recipient's notice again (a second press while it waits to be sent does nothing)."""
    clerk, delivery = access_delivery(request.user, delivery_id, court=court)
    back = _back(request, court, filing_id=delivery.notice.filing_id, delivery_id=delivery.pk)
    if delivery.state not in RESENDABLE_STATES:
        # Still to be sent, retried or summarised: a second press, or a page left open; sending now would
        # send it twice.
        messages.info(
            request,
            f"Nothing was done: the notice to {delivery.name} is “{delivery.get_state_display()}”.",
        )
        return back
    try:
        delivery_resend(delivery=delivery, acting_user=clerk)
    except (Conflict, InvalidInput) as refused:
        messages.error(request, refused.message)
        return back
    messages.success(request, f"The notice to {delivery.name} will be sent again.")
    return back


@never_cache
@require_POST
@cmecf_page(acknowledged=False)
def regenerate(request: HttpRequest, court: Court, filing_id: int) -> HttpResponse:
    """Regenerate the filing's notice and send it to its recipients again (the clerk's office)."""
    clerk = require(request.user, Action.DOCKET, court=court)
    filing = access_filing(clerk, filing_id, court_id=court.pk)
    # The notice the page showed: a second press after the first regenerated it changes nothing.
    seen = whole_number_parse(request.POST.get("notice", ""), name="notice", minimum=1)
    notice_of_filing(filing, seen)
    current = notice_of(filing)
    back = _back(request, court, filing_id=filing.pk, delivery_id=None)
    if current.pk != seen:
        messages.info(
            request,
            f"The notice was already regenerated on {when(court, current.generated_at)}: nothing was done.",
        )
        return back
    try:
        notice_regenerate(notice=current, acting_user=clerk)
    except (Conflict, InvalidInput) as refused:
        messages.error(request, refused.message)
        return back
    messages.success(
        request, "The notice is regenerated: it will be sent to every recipient, marked as regenerated."
    )
    return back


urlpatterns: list[URLPattern] = [
    path(
        "<str:court_id>/cmecf/filing/<int:filing_id>/deliveries/",
        filing_deliveries,
        name="filing_deliveries",
    ),
    path(
        "<str:court_id>/cmecf/filing/<int:filing_id>/notice/regenerate/",
        regenerate,
        name="notice_regenerate",
    ),
    path("<str:court_id>/cmecf/notices/outbox/", outbox_list, name="outbox"),
    path("<str:court_id>/cmecf/notices/outbox/<int:delivery_id>/", outbox_message, name="outbox_message"),
    path("<str:court_id>/cmecf/notices/undelivered/", undelivered_list, name="undelivered"),
    path(
        "<str:court_id>/cmecf/notices/deliveries/<int:delivery_id>/resend/",
        resend,
        name="delivery_resend",
    ),
]
