"""The notices as people receive them, in e-mail: the Notice of Electronic Filing (trial courts), the Notice
of Docket Activity (courts of appeals), the Daily Summary and the "no activity" notice.

They follow CM/ECF's own layout, label for label, because tools that read PACER's e-mail (juriscraper's
`NotificationEmail`, RECAP) find the case, entry, document and recipients by those labels, table cells and
the order of the parts. What a notice says is kept on `NoticeOfElectronicFiling`; who it goes to, on its
deliveries (before they are planned, the case's service list stands in).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from email import charset as email_charset

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.html import escape

from openecf.accounts.models import SecondaryEmail, User
from openecf.cases.models import Case
from openecf.courts.models import Court
from openecf.documents.models import Document
from openecf.filing.models import ElectronicDocumentStamp, NoticeOfElectronicFiling
from openecf.filing.service_list import ServiceList, service_list
from openecf.filing.stamps import stamp_text
from openecf.filing.views.notice import entered_text
from openecf.notices.free_look import document_link
from openecf.notices.models import (
    DailySummary,
    NoticeDelivery,
    NoticeFanOut,
    NoticeFormat,
    NoticeOtherMeans,
    NotificationPreference,
    RecipientKind,
)
from openecf.text import bidi_controls_strip

NOTICE_HEADER = "X-OpenECF-Notice"
NOTICE_ID_HEADER = "X-OpenECF-Notice-Id"
REPLACES_HEADER = "X-OpenECF-Replaces"
ORIGINAL_HEADER = "X-OpenECF-Original-Notice-Id"
COURT_HEADER = "X-OpenECF-Court"
SUMMARY_ID_HEADER = "X-OpenECF-Daily-Summary-Id"
REGENERATED_NEF_PREFIX = "Regenerated NEF: "
REGENERATED_NDA_PREFIX = "Regenerated NDA: "

# Quoted-printable bodies: 7-bit safe through any relay, and readable again from `as_string()` (an 8-bit
# body is not), which is how archived mail reaches the parsers.
_UTF8_QUOTED_PRINTABLE = email_charset.Charset("utf-8")
_UTF8_QUOTED_PRINTABLE.body_encoding = email_charset.QP

# C0 and C1 controls but tab and line breaks: nothing a reader should get, and invalid in HTML.
_CONTROL_CHARACTERS = dict.fromkeys(
    [code for code in [*range(32), *range(127, 160)] if chr(code) not in "\t\n\r"]
)
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_BLANKS = re.compile(r"[ \t]+\n")


@dataclass(frozen=True)
class RecipientLine:
    """One recipient as listed under "Notice has been electronically mailed to"."""

    name: str
    role: str
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class OtherMeansLine:
    """One party listed under "Notice will be delivered by other means to", with the postal address."""

    name: str
    role: str
    postal_lines: tuple[str, ...]


@dataclass(frozen=True)
class DocumentLine:
    """One document of the transaction: how the notice describes it, its stamp and its link."""

    description: str
    original_filename: str
    stamp: str  # '' for a document without a stamp (imported ones)
    link: str


@dataclass(frozen=True)
class NoticeContent:
    """Everything a notice prints, each user-supplied part on one line (the docket text keeps its lines)."""

    court_id: str
    court_name: str
    appellate: bool
    subject: str
    case_number: str
    case_name: str
    case_link: str
    filer: str
    entered_by: str
    entered: str  # '3/16/2026 at 4:12 PM EDT', on the court's clock
    date_filed: str  # '3/16/2026' (NEF) or '03/16/2026' (NDA)
    event_label: str
    document_number: str
    main_link: str  # '' when the entry has no document
    docket_text: str
    first_generated: str  # a regenerated notice: when the filing's first notice was generated; else ''
    recipients: tuple[RecipientLine, ...]
    other_means: tuple[OtherMeansLine, ...]
    documents: tuple[DocumentLine, ...]

    @property
    def regenerated(self) -> bool:
        return bool(self.first_generated)


def _shown(text: str) -> str:
    """Text as shown: without direction controls (text.py) and the control characters no notice prints."""
    return bidi_controls_strip(text).translate(_CONTROL_CHARACTERS)


def _line(text: str) -> str:
    """A name or title on one line: a line break in it would end the label's line in the plain notice."""
    return " ".join(_shown(text).split())


def _paragraph(text: str) -> str:
    """The docket text with its own line breaks, each line without trailing blanks."""
    lines = _shown(text).replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)


def _us_date(day: dt.date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def case_link(case: Case) -> str:
    """The case's PACER-style address (`DktRpt.pl?<case id>`; a court of appeals names it `caseId=<id>`),
    which leads to its Docket Report."""
    query = f"caseId={case.pk}" if case.court.is_appellate else str(case.pk)
    return f"{settings.OPENECF_SITE_URL}/{case.court_id}/cgi-bin/DktRpt.pl?{query}"


def notice_subject(notice: NoticeOfElectronicFiling) -> str:
    """'Activity in Case <number> <short title> <event>' (NDA: '<number> <short title> "<event>"'); a
    regenerated notice says so first, where the parsers, which read what follows the case name, ignore it."""
    filing = notice.filing
    event = _line(filing.event.label)
    if filing.court.is_appellate:
        subject = f'{notice.case_number} {notice.case_name} "{event}"'
        prefix = REGENERATED_NDA_PREFIX
    else:
        subject = f"Activity in Case {notice.case_number} {notice.case_name} {event}"
        prefix = REGENERATED_NEF_PREFIX
    return _line(f"{prefix if notice.regenerated_from_id else ''}{subject}")


def _documents_of(notice: NoticeOfElectronicFiling) -> list[Document]:
    return list(
        Document.objects.filter(docket_entry_id=notice.filing.docket_entry_id)
        .select_related("stamp", "docket_entry__case__court")
        .order_by("attachment_number")
    )


def _stamp_of(document: Document) -> ElectronicDocumentStamp | None:
    try:
        return document.stamp
    except ObjectDoesNotExist:
        return None


def _description(document: Document, *, main: str) -> str:
    if document.attachment_number == 0:
        return main
    return _line(document.description or document.category) or f"Attachment {document.attachment_number}"


def _planned(notice: NoticeOfElectronicFiling) -> bool:
    return (
        NoticeFanOut.objects.filter(notice=notice).exists()
        or NoticeDelivery.objects.filter(notice=notice).exists()
    )


def _sorted_by_name(recipients: Iterable[RecipientLine]) -> tuple[RecipientLine, ...]:
    return tuple(sorted(recipients, key=lambda recipient: (recipient.name.casefold(), recipient.addresses)))


def _recipients(notice: NoticeOfElectronicFiling, unplanned: ServiceList | None) -> tuple[RecipientLine, ...]:
    """The notice's deliveries once planned; before that (`unplanned`), the case's service list as it stands."""
    if unplanned is not None:
        return _sorted_by_name(
            RecipientLine(_line(r.name), RecipientKind(r.kind).label, r.addresses)
            for r in unplanned.electronic
        )
    return _sorted_by_name(
        RecipientLine(_line(d.name), RecipientKind(d.kind).label, tuple(d.addresses))
        for d in NoticeDelivery.objects.filter(notice=notice).order_by("name", "pk")
    )


def _postal_lines(address: str) -> tuple[str, ...]:
    return tuple(line for line in (_line(raw) for raw in address.splitlines()) if line)


def _other_means(
    notice: NoticeOfElectronicFiling, unplanned: ServiceList | None
) -> tuple[OtherMeansLine, ...]:
    """The parties the planned notice lists as served otherwise; before planning, the service list's."""
    if unplanned is not None:
        return tuple(
            OtherMeansLine(_line(party.name), _line(party.role_label), _postal_lines(party.postal_address))
            for party in unplanned.other_means
        )
    return tuple(
        OtherMeansLine(_line(row.name), _line(row.role_label), _postal_lines(row.postal_address))
        for row in NoticeOtherMeans.objects.filter(notice=notice).order_by("pk")
    )


def _first_of(notice: NoticeOfElectronicFiling) -> NoticeOfElectronicFiling:
    """The filing's first notice, which a regenerated one (and a regeneration of that) replaces."""
    first = notice
    while first.regenerated_from is not None:
        first = first.regenerated_from
    return first


@dataclass
class _Shared:
    """What every recipient's copy of one notice has in common, worked out once per notice (a fan-out to a
    thousand recipients renders the recipient list once, not a thousand times): the content and bodies with a
    placeholder where each document's link goes."""

    planned: bool
    documents: list[Document]
    content: NoticeContent  # with placeholders for the links
    placeholders: tuple[str, ...]  # one per document, in `documents` order
    bodies: dict[str, str]


_SHARED_ATTRIBUTE = "_notice_shared_parts"


def _shared(notice: NoticeOfElectronicFiling) -> _Shared:
    """The notice's shared parts, kept on the instance: once its deliveries are planned they no longer change
    (the delivery batch reuses one instance for all its recipients)."""
    cached: _Shared | None = notice.__dict__.get(_SHARED_ATTRIBUTE)
    if cached is not None and cached.planned:
        return cached
    planned = _planned(notice)
    if cached is not None and cached.planned == planned:
        return cached
    documents = _documents_of(notice)
    nonce = secrets.token_hex(8)
    placeholders = tuple(f"openecf-link-{index}-{nonce}" for index in range(len(documents)))
    content = _content(
        notice, documents, placeholders, unplanned=None if planned else service_list(notice.filing.case)
    )
    shared = _Shared(
        planned=planned, documents=documents, content=content, placeholders=placeholders, bodies={}
    )
    notice.__dict__[_SHARED_ATTRIBUTE] = shared
    return shared


def notice_content(notice: NoticeOfElectronicFiling, delivery: NoticeDelivery | None) -> NoticeContent:
    """What the notice prints for this delivery (its free-look links), or for nobody (plain links)."""
    shared = _shared(notice)
    links = dict(zip(shared.placeholders, _links(shared, delivery), strict=True))
    content = shared.content
    return replace(
        content,
        main_link=links.get(content.main_link, ""),
        documents=tuple(replace(line, link=links[line.link]) for line in content.documents),
    )


def _links(shared: _Shared, delivery: NoticeDelivery | None) -> list[str]:
    return [document_link(delivery, document) for document in shared.documents]


def _content(
    notice: NoticeOfElectronicFiling,
    documents: list[Document],
    links: Sequence[str],
    *,
    unplanned: ServiceList | None,
) -> NoticeContent:
    filing = notice.filing
    court = filing.court
    case = filing.case
    appellate = court.is_appellate
    event_label = _line(filing.event.label)
    main_link = next(
        (link for document, link in zip(documents, links, strict=True) if document.attachment_number == 0), ""
    )
    first = _first_of(notice)
    document_lines = []
    for document, link in zip(documents, links, strict=True):
        stamp = _stamp_of(document)
        document_lines.append(
            DocumentLine(
                # The appeals courts describe the main document by its event, as their NDAs do.
                description=_description(document, main=event_label if appellate else "Main Document"),
                original_filename=_line(document.original_filename) or "n/a",
                stamp=stamp_text(stamp) if stamp is not None else "",
                link=link,
            )
        )
    date_filed = f"{filing.date_filed:%m/%d/%Y}" if appellate else _us_date(filing.date_filed)
    return NoticeContent(
        court_id=court.pk,
        court_name=court.name,
        appellate=appellate,
        subject=notice_subject(notice),
        case_number=_line(notice.case_number),
        case_name=_line(notice.case_name),
        case_link=case_link(case),
        filer=_line(notice.filer_name),
        entered_by=_line(notice.entered_by),
        entered=entered_text(court, filing.filed_at),
        date_filed=date_filed,
        event_label=event_label,
        document_number=_line(notice.document_number),
        main_link=main_link,
        docket_text=_paragraph(notice.docket_text),
        first_generated=entered_text(court, first.generated_at) if first.pk != notice.pk else "",
        recipients=_recipients(notice, unplanned),
        other_means=_other_means(notice, unplanned),
        documents=tuple(document_lines),
    )


def _plain(text: str) -> str:
    """The plain-text template's output without the blank runs its tags leave."""
    return _BLANK_LINES.sub("\n\n", _TRAILING_BLANKS.sub("\n", text)).strip() + "\n"


def notice_body(content: NoticeContent, *, format: str) -> str:
    """The notice's HTML or plain text: the NEF's layout, or the NDA's for a court of appeals."""
    kind = "nda" if content.appellate else "nef"
    if format == NoticeFormat.PLAIN:
        return _plain(render_to_string(f"notices/{kind}.txt", {"n": content}))
    return render_to_string(f"notices/{kind}.html", {"n": content})


def _message(
    *,
    subject: str,
    body: str,
    format: str,
    to: Sequence[str],
    message_id: str,
    headers: dict[str, str],
) -> EmailMessage:
    all_headers = {"Auto-Submitted": "auto-generated", **headers}
    if message_id:
        all_headers["Message-ID"] = message_id
    message = EmailMessage(subject=subject, body=body, to=list(to), headers=all_headers)
    if not body.isascii():
        # Django would send it as 8bit; ASCII stays 7bit (cheaper to build for every recipient, and Django
        # itself turns to quoted-printable for lines too long for SMTP).
        message.encoding = _UTF8_QUOTED_PRINTABLE
    if format != NoticeFormat.PLAIN:
        message.content_subtype = "html"
    return message


def _notice_headers(notice: NoticeOfElectronicFiling) -> dict[str, str]:
    headers = {
        NOTICE_HEADER: "regenerated" if notice.regenerated_from_id else "original",
        NOTICE_ID_HEADER: str(notice.pk),
        COURT_HEADER: notice.filing.court_id,
    }
    if notice.regenerated_from_id:
        # The notice it replaces, and the filing's first (the same unless regenerated twice).
        headers[REPLACES_HEADER] = str(notice.regenerated_from_id)
        headers[ORIGINAL_HEADER] = str(_first_of(notice).pk)
    return headers


def _shared_body(notice: NoticeOfElectronicFiling, delivery: NoticeDelivery | None, *, format: str) -> str:
    """The notice's body in `format` with this delivery's links: rendered once per notice and format, the
    links put in where their placeholders stand (escaped as the template escapes them)."""
    shared = _shared(notice)
    if format not in shared.bodies:
        shared.bodies[format] = notice_body(shared.content, format=format)
    body = shared.bodies[format]
    for placeholder, link in zip(shared.placeholders, _links(shared, delivery), strict=True):
        body = body.replace(placeholder, link if format == NoticeFormat.PLAIN else escape(link))
    return body


def notice_email(notice: NoticeOfElectronicFiling, delivery: NoticeDelivery) -> EmailMessage:
    """The notice for one recipient: to all of its addresses, in its format, with its free looks."""
    content = _shared(notice).content
    return _message(
        subject=content.subject,
        body=_shared_body(notice, delivery, format=delivery.format),
        format=delivery.format,
        to=delivery.addresses,
        message_id=delivery.message_id,
        headers=_notice_headers(notice),
    )


def notice_email_preview(
    notice: NoticeOfElectronicFiling, *, format: str = NoticeFormat.HTML
) -> EmailMessage:
    """The notice as the court's staff see it: addressed to nobody, its links without free looks."""
    content = _shared(notice).content
    return _message(
        subject=content.subject,
        body=_shared_body(notice, None, format=format),
        format=format,
        to=(),
        message_id="",
        headers=_notice_headers(notice),
    )


# --- the Daily Summary and the "no activity" notice ------------------------------------------------------


@dataclass(frozen=True)
class SummaryCase:
    case_number: str
    case_name: str
    case_link: str
    entries: tuple[NoticeContent, ...]


def _court_day(day: dt.date, court: Court) -> str:
    return f"{day:%m/%d/%Y}" if court.is_appellate else _us_date(day)


def _summary_cases(deliveries: Sequence[NoticeDelivery]) -> tuple[SummaryCase, ...]:
    """The day's notices grouped by case (cases in number order, each case's notices in the order filed)."""
    ordered = sorted(
        deliveries,
        key=lambda delivery: (
            delivery.notice.case_number,
            delivery.notice.filing.filed_at,
            delivery.notice.generated_at,
            delivery.notice_id,
        ),
    )
    cases: dict[str, list[NoticeContent]] = {}
    heads: dict[str, NoticeContent] = {}
    for delivery in ordered:
        content = notice_content(delivery.notice, delivery)
        heads.setdefault(content.case_number, content)
        cases.setdefault(content.case_number, []).append(content)
    return tuple(
        SummaryCase(number, heads[number].case_name, heads[number].case_link, tuple(entries))
        for number, entries in cases.items()
    )


def _summary_format(deliveries: Sequence[NoticeDelivery], format: str | None) -> str:
    if format:
        return format
    return deliveries[0].format if deliveries else NoticeFormat.HTML


def daily_summary_email(
    summary: DailySummary, deliveries: Sequence[NoticeDelivery], *, format: str | None = None
) -> EmailMessage:
    """One message with every notice of the court day for the summary's recipient; with no deliveries, the
    "no activity" notice. The format is the deliveries' (the recipient's preference) unless given."""
    court = summary.court
    chosen = _summary_format(deliveries, format)
    headers = {COURT_HEADER: court.pk, SUMMARY_ID_HEADER: str(summary.pk)}
    if not deliveries:
        return _no_activity_message(
            court,
            summary.day,
            to=summary.addresses,
            format=chosen,
            message_id=summary.message_id,
            headers=headers,
        )
    day = _court_day(summary.day, court)
    context = {
        "court": court,
        "day": day,
        "cases": _summary_cases(deliveries),
        "notice_name": "Notice of Docket Activity" if court.is_appellate else "Notice of Electronic Filing",
        "count": len(deliveries),
    }
    subject = f"{court.name}: Daily Summary Report for {day}"
    if chosen == NoticeFormat.PLAIN:
        body = _plain(render_to_string("notices/daily_summary.txt", context))
    else:
        body = render_to_string("notices/daily_summary.html", {**context, "subject": subject})
    return _message(
        subject=subject,
        body=body,
        format=chosen,
        to=summary.addresses,
        message_id=summary.message_id,
        headers=headers,
    )


def _no_activity_message(
    court: Court, day: dt.date, *, to: Sequence[str], format: str, message_id: str, headers: dict[str, str]
) -> EmailMessage:
    when = _court_day(day, court)
    subject = f"{court.name}: Daily Summary Report for {when}: no activity"
    context = {"court": court, "day": when, "subject": subject}
    if format == NoticeFormat.PLAIN:
        body = _plain(render_to_string("notices/no_activity.txt", context))
    else:
        body = render_to_string("notices/no_activity.html", context)
    return _message(subject=subject, body=body, format=format, to=to, message_id=message_id, headers=headers)


def _account_addresses(user: User) -> list[str]:
    secondary = SecondaryEmail.objects.filter(user=user).order_by("pk").values_list("email", flat=True)
    return [address for address in [user.email, *secondary] if address]


def no_activity_email(
    court: Court, day: dt.date, recipient: DailySummary | User, *, format: str | None = None
) -> EmailMessage:
    """The Daily Summary recipient's notice that nothing was filed in the court that day: sent to a summary's
    addresses (and with its Message-ID), or to an account's addresses in its preferred format."""
    headers = {COURT_HEADER: court.pk}
    if isinstance(recipient, DailySummary):
        headers[SUMMARY_ID_HEADER] = str(recipient.pk)
        return _no_activity_message(
            court,
            day,
            to=recipient.addresses,
            format=format or NoticeFormat.HTML,
            message_id=recipient.message_id,
            headers=headers,
        )
    preference = NotificationPreference.objects.filter(user=recipient).first()
    chosen = format or (preference.format if preference is not None else NoticeFormat.HTML)
    return _no_activity_message(
        court, day, to=_account_addresses(recipient), format=chosen, message_id="", headers=headers
    )
