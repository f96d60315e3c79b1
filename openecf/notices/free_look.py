"""The free look (seed 003 Q23-Q25): each recipient of a notice may view each public document of the filing
once, within 15 days, without login or charge, also when the e-mail is forwarded.

The link carries a magic number: an HMAC of the delivery and the document under the site's key, so a notice
rendered again carries the same link and the database keeps only the number's hash. Mail scanners follow
links: the link shows a one-click page, and only the click (a POST) uses the free look.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import ipaddress
import re
from urllib.parse import urlencode

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from openecf.access.docket import PUBLIC_ONLY, readable_restrictions
from openecf.access.policy import AnyUser, signed_in
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.cases.models import CaseRestriction
from openecf.documents.models import PUBLIC_ID_FORM, Document
from openecf.errors import Conflict
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.notices.models import FreeLook, NoticeDelivery

FREE_LOOK_DAYS = 15
MAGIC_NUMBER_DIGITS = 24
# ASCII digits only: `\d` would also take Unicode digits, which no link of ours carries.
MAGIC_NUMBER_FORM = re.compile(r"[0-9]{24}", re.ASCII)
_PURPOSE = "openecf.notices.free_look"


class FreeLookState(enum.StrEnum):
    REMAINING = "remaining"
    USED = "used"
    EXPIRED = "expired"
    # The document, its entry or its case is no longer public: only normal access (login and permission).
    WITHDRAWN = "withdrawn"


class FreeLookUnavailable(Conflict):
    """The free look could not be used: someone used it first, it expired, or the document was sealed."""

    code = "free_look_unavailable"

    def __init__(self, message: str, *, state: FreeLookState, free_look: FreeLook) -> None:
        super().__init__(message)
        self.state = state
        self.free_look = free_look  # as it is now: when it was used, and by whom


def free_look_token(delivery_id: int, document_id: int) -> str:
    """The magic number of one recipient's free look at one document: the same every time it is computed."""
    digest = salted_hmac(_PURPOSE, f"{delivery_id}:{document_id}", algorithm="sha256").digest()
    return f"{int.from_bytes(digest, 'big') % 10**MAGIC_NUMBER_DIGITS:0{MAGIC_NUMBER_DIGITS}d}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _open_to_the_public(document: Document) -> bool:
    """The free look lends what a reader without an account may read, never more (the access layer's rule)."""
    entry = document.docket_entry
    case = entry.case
    readable = readable_restrictions(None, case)
    return not case.is_sealed and entry.restriction in readable and document.restriction in readable


def _recipients_free_looks(delivery: NoticeDelivery) -> QuerySet[FreeLook]:
    """The recipient's free looks at the filing's documents, from whichever of its notices made them: a notice
    the clerk regenerated shares the first one's (one free look per recipient and document of a filing)."""
    if delivery.notice.regenerated_from_id is None:
        return FreeLook.objects.filter(delivery=delivery)  # a first notice's are its own (the unique index)
    return FreeLook.objects.filter(
        delivery__notice__filing_id=delivery.notice.filing_id, delivery__recipient_key=delivery.recipient_key
    )


@transaction.atomic
def free_looks_create(delivery: NoticeDelivery) -> list[FreeLook]:
    """The delivery's free looks, one per public document of the notice's entry, made if missing.

    Restricted and sealed documents get none: they always need login and permission. One delivery covers
    every address of its recipient, so an attorney's primary and secondary addresses share each free look.
    """
    notice = delivery.notice
    documents = [
        document
        for document in Document.objects.filter(docket_entry_id=notice.filing.docket_entry_id)
        .select_related("docket_entry__case__court")
        .order_by("attachment_number")
        if _open_to_the_public(document)
    ]
    existing = set(
        _recipients_free_looks(delivery).filter(document__in=documents).values_list("document_id", flat=True)
    )
    expires_at = notice.generated_at + dt.timedelta(days=FREE_LOOK_DAYS)
    missing = [document for document in documents if document.pk not in existing]
    if missing:
        # A second fan-out racing this one may insert the same rows: the unique pair keeps one of each.
        FreeLook.objects.bulk_create(
            [
                FreeLook(
                    delivery=delivery,
                    document=document,
                    token_hash=_token_hash(free_look_token(delivery.pk, document.pk)),
                    expires_at=expires_at,
                )
                for document in missing
            ],
            ignore_conflicts=True,
        )
        audit_event_record(
            kind="free_looks.created",
            acting_user=None,
            subject=delivery,
            court=notice.filing.court,
            extra={
                "notice": notice.pk,
                "recipient": delivery.recipient_key,
                "documents": [document.public_id for document in missing],
                "expires_at": expires_at.isoformat(),
            },
        )
    return list(
        _recipients_free_looks(delivery)
        .filter(document__in=documents)
        .select_related("document__docket_entry__case")
        .order_by("document__attachment_number")
    )


def _doc1_path(document: Document, *, magic_num: str = "") -> str:
    """PACER's doc1 form, which juriscraper reads: the case and entry ride along, the magic number decides.
    A court of appeals' notices use its docs1 form, where the free look rides as `uid`."""
    entry = document.docket_entry
    if entry.case.court.is_appellate:
        return f"/{entry.case.court_id}/docs1/{document.public_id}" + (
            f"?{urlencode({'uid': magic_num})}" if magic_num else ""
        )
    query: dict[str, str | int] = {"caseid": entry.case_id, "de_seq_num": entry.sequence}
    if magic_num:
        query["magic_num"] = magic_num
    return f"/{entry.case.court_id}/doc1/{document.public_id}?{urlencode(query)}"


def document_link(delivery: NoticeDelivery | None, document: Document) -> str:
    """The document's absolute doc1 address for a notice, with the recipient's magic number while the free
    look has not expired (used ones keep it, so the notice reads the same when rendered again)."""
    free_look = (
        None
        if delivery is None
        else _recipients_free_looks(delivery)
        .filter(document=document, expires_at__gt=timezone.now())
        .order_by("pk")
        .first()
    )
    if free_look is None:
        return settings.OPENECF_SITE_URL + _doc1_path(document)
    return settings.OPENECF_SITE_URL + _doc1_path(
        document, magic_num=free_look_token(free_look.delivery_id, document.pk)
    )


def free_look_link(free_look: FreeLook) -> str:
    """The site's own address of this free look's one-click page (for pages of this site, not e-mail)."""
    return _doc1_path(
        free_look.document, magic_num=free_look_token(free_look.delivery_id, free_look.document_id)
    )


def free_look_of_link(*, court_id: str, public_id: str, magic_num: str) -> FreeLook | None:
    """The free look that a doc1 link's magic number gives for this very document, or None.

    A forged, malformed or foreign number (another document's, another court's) is None, like no number:
    the link then gives normal access. Nothing malformed reaches the database.
    """
    well_formed = (
        MAGIC_NUMBER_FORM.fullmatch(magic_num)
        and PUBLIC_ID_FORM.fullmatch(public_id)
        and len(court_id) <= 15
        and court_id.isascii()
        and court_id.isalnum()
    )
    if not well_formed:
        return None
    return (
        FreeLook.objects.select_related("delivery__notice", "document__docket_entry__case__court")
        .filter(
            token_hash=_token_hash(magic_num),
            document__public_id=public_id,
            document__docket_entry__case__court_id=court_id,
        )
        .first()
    )


def free_look_state(free_look: FreeLook, *, now: dt.datetime | None = None) -> FreeLookState:
    """Whether the free look may still be used; a document no longer public is withdrawn before anything
    else, so its pages say nothing about it."""
    if not _open_to_the_public(free_look.document):
        return FreeLookState.WITHDRAWN
    if free_look.used_at is not None:
        return FreeLookState.USED
    if free_look.expires_at <= (now or timezone.now()):
        return FreeLookState.EXPIRED
    return FreeLookState.REMAINING


def _address(from_ip: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(from_ip or ""))
    except ValueError:
        return None


UNAVAILABLE_MESSAGES = {
    FreeLookState.USED: "This free look was already used.",
    FreeLookState.EXPIRED: "This free look expired.",
    FreeLookState.WITHDRAWN: "This document is no longer available by free look.",
}


@transaction.atomic
def free_look_use(*, free_look: FreeLook, acting_user: AnyUser, from_ip: str | None) -> FreeLook:
    """Use the free look, once: the first of two racing clicks gets it, the other FreeLookUnavailable.

    The document's restrictions are read again here, under the lock: one sealed after the notice is refused.
    """
    locked = (
        FreeLook.objects.select_for_update(of=("self",))
        .select_related("delivery__notice", "document__docket_entry__case__court")
        .get(pk=free_look.pk)
    )
    now = timezone.now()
    state = free_look_state(locked, now=now)
    if state != FreeLookState.REMAINING:
        raise FreeLookUnavailable(UNAVAILABLE_MESSAGES[state], state=state, free_look=locked)
    account = signed_in(acting_user)
    address = _address(from_ip)
    # The condition keeps it once where the lock is no lock (SQLite).
    used = FreeLook.objects.filter(pk=locked.pk, used_at__isnull=True).update(
        used_at=now, used_by=account, used_from_ip=address
    )
    if not used:
        locked.refresh_from_db(fields=["used_at", "used_by", "used_from_ip"])
        raise FreeLookUnavailable(
            UNAVAILABLE_MESSAGES[FreeLookState.USED], state=FreeLookState.USED, free_look=locked
        )
    locked.used_at, locked.used_by, locked.used_from_ip = now, account, address
    delivery = locked.delivery
    audit_event_record(
        kind="free_look.used",
        acting_user=account,
        subject=locked,
        court=locked.document.docket_entry.case.court,
        extra={
            "notice": delivery.notice_id,
            "delivery": delivery.pk,
            "recipient": delivery.recipient_key,
            "recipient_name": delivery.name,
            "document": locked.document.public_id,
            "ip": address or "",
        },
    )
    return locked


def free_looks_of(user: User) -> models.QuerySet[FreeLook]:
    """The free looks of the notices sent to the account, newest notice first, each with its `state`
    (remaining, used or expired).

    Only documents that are still public are listed: a document, entry or case sealed since the notice
    leaves the list, as it leaves every public page.
    """
    now = timezone.now()
    return (
        FreeLook.objects.filter(
            delivery__account=user,
            document__restriction__in=PUBLIC_ONLY,
            document__docket_entry__restriction__in=PUBLIC_ONLY,
            document__docket_entry__case__restriction=CaseRestriction.PUBLIC,
        )
        .select_related("delivery__notice", "document__docket_entry__case__court")
        .annotate(
            state=models.Case(
                models.When(used_at__isnull=False, then=models.Value(FreeLookState.USED.value)),
                models.When(expires_at__lte=now, then=models.Value(FreeLookState.EXPIRED.value)),
                default=models.Value(FreeLookState.REMAINING.value),
                output_field=models.CharField(),
            )
        )
        .order_by("-delivery__notice__generated_at", "-delivery_id", "document__attachment_number")
    )


def free_look_listed_state(free_look: FreeLook) -> FreeLookState:
    """The state `free_looks_of` annotated on a free look it listed."""
    return FreeLookState(free_look.state)  # type: ignore[attr-defined]


@transaction.atomic
def free_looks_create_all(notice: NoticeOfElectronicFiling, deliveries: list[NoticeDelivery]) -> int:
    """The free looks of a first notice's deliveries, made in one statement (a fan-out to a thousand
    recipients); what `free_looks_create` makes one delivery at a time. The number made."""
    if notice.regenerated_from_id is not None:
        raise ValueError("a regenerated notice shares the first notice's free looks: use free_looks_create")
    documents = [
        document
        for document in Document.objects.filter(docket_entry_id=notice.filing.docket_entry_id)
        .select_related("docket_entry__case__court")
        .order_by("attachment_number")
        if _open_to_the_public(document)
    ]
    if not documents or not deliveries:
        return 0
    expires_at = notice.generated_at + dt.timedelta(days=FREE_LOOK_DAYS)
    made = FreeLook.objects.bulk_create(
        [
            FreeLook(
                delivery=delivery,
                document=document,
                token_hash=_token_hash(free_look_token(delivery.pk, document.pk)),
                expires_at=expires_at,
            )
            for delivery in deliveries
            for document in documents
        ],
        ignore_conflicts=True,  # a second fan-out racing this one: the unique pair keeps one of each
    )
    audit_event_record(
        kind="free_looks.created",
        acting_user=None,
        subject=notice,
        court=notice.filing.court,
        extra={
            "notice": notice.pk,
            "recipients": len(deliveries),
            "documents": [document.public_id for document in documents],
            "expires_at": expires_at.isoformat(),
        },
    )
    return len(made)
