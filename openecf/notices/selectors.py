"""What the notices' pages read: who a filing's notices went to and how, the court's outbox, and the
deliveries that did not arrive. The filing's own page checks access with `access_filing`; the outbox and the
help desk's pages are the clerk's office's (`Action.DOCKET`), and any other account finds no such page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from openecf.access.policy import Action, AnyUser, require
from openecf.accounts.models import User
from openecf.cases.numbers import CaseNumber
from openecf.courts.models import Court
from openecf.errors import NotFound
from openecf.filing.models import Filing, NoticeOfElectronicFiling
from openecf.notices.models import (
    UNDELIVERED_STATES,
    DeliveryState,
    NoticeDelivery,
    NoticeFanOut,
    NoticeOtherMeans,
)

# A delivery still deferred this long after it was planned is the help desk's to look at.
RETRYING_TOO_LONG = dt.timedelta(hours=1)


class DeliveryNotFound(NotFound):
    code = "delivery_not_found"


class NoticeNotFound(NotFound):
    code = "notice_not_found"


@dataclass(frozen=True)
class NoticeRecipients:
    """One notice of a filing (the first, or a regeneration) with the people it went to."""

    notice: NoticeOfElectronicFiling
    planned: bool  # False until the delivery task has planned its recipients
    deliveries: list[NoticeDelivery]
    other_means: list[NoticeOtherMeans]


def _deliveries() -> QuerySet[NoticeDelivery]:
    return NoticeDelivery.objects.select_related(
        "notice__filing__case", "notice__filing__docket_entry", "notice__filing__event", "summary"
    )


def deliveries_of(notice: NoticeOfElectronicFiling) -> QuerySet[NoticeDelivery]:
    """The notice's recipients in the order they were planned."""
    return _deliveries().filter(notice=notice).order_by("pk")


def notice_of_filing(filing: Filing, notice_id: int) -> NoticeOfElectronicFiling:
    """One of the filing's notices (the first or a regeneration) by its id; "not found" for any other."""
    notice = filing.notices.filter(pk=notice_id).first()
    if notice is None:
        raise NoticeNotFound("There is no such notice of this filing.")
    return notice


def filing_recipients(filing: Filing) -> list[NoticeRecipients]:
    """Each notice of the filing, the latest first, with its deliveries and the parties served otherwise.

    The caller has checked access to the filing (`access_filing`)."""
    notices = list(filing.notices.order_by("-generated_at", "-id"))
    ids = [notice.pk for notice in notices]
    planned = set(NoticeFanOut.objects.filter(notice_id__in=ids).values_list("notice_id", flat=True))
    deliveries: dict[int, list[NoticeDelivery]] = {pk: [] for pk in ids}
    for delivery in NoticeDelivery.objects.filter(notice_id__in=ids).select_related("summary").order_by("pk"):
        deliveries[delivery.notice_id].append(delivery)
    other_means: dict[int, list[NoticeOtherMeans]] = {pk: [] for pk in ids}
    for party in NoticeOtherMeans.objects.filter(notice_id__in=ids).order_by("pk"):
        other_means[party.notice_id].append(party)
    return [
        NoticeRecipients(notice, notice.pk in planned, deliveries[notice.pk], other_means[notice.pk])
        for notice in notices
    ]


def outbox(court: Court, *, state: str = "", case: CaseNumber | None = None) -> QuerySet[NoticeDelivery]:
    """Every notice delivery of the court, newest first; optionally in one state, or of one case."""
    deliveries = _deliveries().filter(notice__filing__court=court)
    if state:
        deliveries = deliveries.filter(state=state)
    if case is not None:
        deliveries = deliveries.filter(
            notice__filing__case__year=case.year,
            notice__filing__case__case_type=case.case_type,
            notice__filing__case__sequence=case.sequence,
        )
    return deliveries.order_by("-created_at", "-pk")


def undelivered(court: Court, *, now: dt.datetime | None = None) -> QuerySet[NoticeDelivery]:
    """The court's deliveries that failed or bounced, and those still deferred an hour after they were
    planned; the latest first."""
    stale = (now or timezone.now()) - RETRYING_TOO_LONG
    return (
        _deliveries()
        .filter(notice__filing__court=court)
        .filter(Q(state__in=UNDELIVERED_STATES) | Q(state=DeliveryState.RETRYING, created_at__lte=stale))
        .order_by("-created_at", "-pk")
    )


def access_delivery(user: AnyUser, delivery_id: int, *, court: Court) -> tuple[User, NoticeDelivery]:
    """The clerk's office account and the court's delivery; "not found" for anyone else, and for a
    delivery of another court or none."""
    clerk = require(user, Action.DOCKET, court=court)
    delivery = _deliveries().filter(pk=delivery_id, notice__filing__court=court).first()
    if delivery is None:
        raise DeliveryNotFound("There is no such notice delivery.")
    return clerk, delivery
