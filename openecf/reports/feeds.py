"""The court's RSS feed of recent docket activity and each case's Atom feed of its docket.

Both are public and free, and both are built from what an anonymous visitor may read, whoever asks: a feed
is fetched by readers, aggregators and shared caches, never by one person, so sealed and restricted entries
and documents never enter it, not even for the court's own staff (they read the Docket Report).

The RSS feed keeps PACER's layout (`rss_outside.pl`), so juriscraper's `PacerRssFeed` reads it: an item per
entry, titled with the case number and name, described as `[short description] (<a href=doc1>number</a>)`,
linked to the case (`DktRpt.pl?<case id>`). Courts of appeals quote the link as theirs do and leave the
docket sequence out of it.

Django's feed generators write the XML (escaping, dates); its `syndication.views.Feed` is not used: it looks
its object up itself and turns ObjectDoesNotExist into a 404, where here the access layer decides what is
"not found", and the rows come from one bounded query handed to the generator.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F, FilteredRelation, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc2822_date
from django.utils.xmlutils import SimplerXMLGenerator

from openecf.access.cases import cases_visible_to
from openecf.access.docket import readable_restrictions
from openecf.cases.models import Case, CaseRestriction
from openecf.courts.calendar import court_zone
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry
from openecf.documents.models import Document
from openecf.reports.marks import marked_text
from openecf.reports.selectors import EntryMarks
from openecf.text import bidi_controls_strip

# PACER's feed: the last day's entries, at most this many (whichever is fewer).
RECENT_WINDOW = dt.timedelta(hours=24)
RECENT_MAX_ENTRIES = 200
# A case's feed: its latest entries, in docket order.
CASE_FEED_MAX_ENTRIES = 200
# Words of docket text that stand for an entry without an event (an imported or free-text entry).
SHORT_DESCRIPTION_MAX = 80

# What XML 1.0 cannot carry (an imported docket may hold it); tab and line breaks stay.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _shown(text: str) -> str:
    """Text as a feed may carry it: no direction controls (they reorder what a reader sees), nothing XML
    refuses."""
    return _NOT_XML.sub("", bidi_controls_strip(text))


def _public_readable(court: Court) -> frozenset[str]:
    """What an anonymous visitor may read of a public case of the court: the access layer's answer, asked of
    a stand-in case (it is the same for every public case)."""
    return readable_restrictions(None, Case(court=court, restriction=CaseRestriction.PUBLIC))


# --- addresses ------------------------------------------------------------------------------------------


def _site() -> str:
    return str(settings.OPENECF_SITE_URL).rstrip("/")


def case_link(case: Case) -> str:
    """PACER's address of the case's docket: juriscraper reads the case id from it."""
    return f"{_site()}/{case.court_id}/cgi-bin/DktRpt.pl?{case.pk}"


def entry_guid(entry: DocketEntry) -> str:
    """The entry's permanent id in both feeds (PACER's: the case's address and the docket sequence)."""
    return f"{case_link(entry.case)}&{entry.sequence}"


def document_link(entry: DocketEntry, public_id: str) -> str:
    """The doc1 address of one of the entry's documents; a trial court's carries the case and sequence, as
    PACER's does (juriscraper reads `de_seq_num`)."""
    base = f"{_site()}/{entry.case.court_id}/doc1/{public_id}"
    if entry.case.court.is_appellate:
        return base
    return f"{base}?{urlencode({'caseid': entry.case_id, 'de_seq_num': entry.sequence})}"


def docket_report_link(case: Case, *, number: int | None = None) -> str:
    """The Docket Report; with `number`, only that entry's line."""
    path = reverse(
        "web:docket_report", kwargs={"court_id": case.court_id, "case_number": case.pacer_case_number}
    )
    query = f"?{urlencode({'number_from': number, 'number_to': number})}" if number is not None else ""
    return f"{_site()}{path}{query}"


def case_feed_link(case: Case) -> str:
    path = reverse("web:case_atom", kwargs={"court_id": case.court_id, "case_number": case.pacer_case_number})
    return f"{_site()}{path}"


def court_feed_link(court: Court) -> str:
    return f"{_site()}{reverse('web:court_rss', kwargs={'court_id': court.pk})}"


# --- what an entry is called --------------------------------------------------------------------------


def entry_short_description(entry: DocketEntry) -> str:
    """The entry's short description, as PACER puts it between brackets: its event's label, or (an entry
    docketed without an event) the first sentence of its text, cut at a word.

    Brackets become parentheses: a reader takes the description to end at the first ']'.
    """
    if entry.event is not None:
        words = entry.event.label
    else:
        text = " ".join(_shown(entry.text).split())
        words = re.split(r"(?<=\.)\s", text, maxsplit=1)[0].rstrip(".")
        if len(words) > SHORT_DESCRIPTION_MAX:
            words = words[:SHORT_DESCRIPTION_MAX].rsplit(" ", 1)[0] + "…"
    return " ".join(_shown(words).split()).replace("[", "(").replace("]", ")")


def entry_moment(entry: DocketEntry) -> dt.datetime:
    """When the entry was filed, in the court's time zone: the NEF time, or (an entry docketed with a date
    only) the start of its filing day."""
    zone = court_zone(entry.case.court)
    if entry.filed_at is not None:
        return entry.filed_at.astimezone(zone)
    return dt.datetime.combine(entry.date_filed, dt.time(), tzinfo=zone)


# --- the court's RSS feed ------------------------------------------------------------------------------


def recent_public_entries(court: Court, *, now: dt.datetime | None = None) -> list[DocketEntry]:
    """The public entries of the court's public cases filed in the last day, newest first, at most
    RECENT_MAX_ENTRIES; each with `main_public_id`, the public id of its main document if the public may
    read it (else None). One query."""
    readable = _public_readable(court)
    since = (now or timezone.now()) - RECENT_WINDOW
    main_document = Q(documents__attachment_number=0, documents__restriction__in=readable)
    entries = (
        DocketEntry.objects.filter(
            case__in=cases_visible_to(None, court).values("pk"),
            restriction__in=readable,
            filed_at__gte=since,
        )
        .select_related("case__court", "event")
        .annotate(
            main_document=FilteredRelation("documents", condition=main_document),
            main_public_id=F("main_document__public_id"),
        )
        .order_by("-filed_at", "-pk")
    )
    return list(entries[:RECENT_MAX_ENTRIES])


class PacerRss(Rss201rev2Feed):
    """RSS 2.0 as PACER writes it: the blogChannel namespace of its feeds (beside Django's Atom one), and
    each item's elements in PACER's order."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", item["link"])
        handler.addQuickElement("description", item["description"])
        handler.addQuickElement("guid", item["unique_id"], {"isPermaLink": "true"})
        handler.addQuickElement("pubDate", rfc2822_date(item["pubdate"]))

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:blogChannel": "http://backend.userland.com/blogChannelModule",
        }


def _rss_description(entry: DocketEntry, label: str) -> str:
    """`[label] (<a href="doc1">number</a>)`: HTML, escaped once more by the XML writer.

    An entry whose main document the public may not read keeps its number, linked to its line on the Docket
    Report rather than to a document; an unnumbered entry without a document is its label alone.
    """
    quote = "'" if entry.case.court.is_appellate else '"'
    number = html.escape(entry.number_label)
    public_id: str | None = getattr(entry, "main_public_id", None)
    if public_id is not None:
        href = document_link(entry, public_id)
        text = number or "Document"
    elif number:
        href = docket_report_link(entry.case, number=entry.number)
        text = number
    else:
        return f"[{html.escape(label)}]"
    return f"[{html.escape(label)}] (<a href={quote}{html.escape(href)}{quote}>{text}</a>)"


def court_rss_build(court: Court, *, now: dt.datetime | None = None) -> PacerRss:
    """The court's feed of recent docket activity (see `recent_public_entries`)."""
    feed = PacerRss(
        title=f"{court.name} - Recent Entries",
        link=f"{_site()}/{court.pk}/",
        description="Docket entries of type: all",
        feed_url=court_feed_link(court),
        language="en-us",
    )
    for entry in recent_public_entries(court, now=now):
        case = entry.case
        feed.add_item(
            # Readers (and juriscraper) take an RSS title for HTML: a caption's '&' or '<' is escaped as text.
            title=html.escape(_shown(f"{case.pacer_case_number} {case.short_title}"), quote=False),
            link=case_link(case),
            description=_rss_description(entry, entry_short_description(entry)),
            pubdate=entry_moment(entry),
            unique_id=entry_guid(entry),
        )
    return feed


# --- a case's Atom feed --------------------------------------------------------------------------------


def case_public_entries(case: Case) -> list[DocketEntry]:
    """The case's latest entries the public may read (CASE_FEED_MAX_ENTRIES, newest first), each with
    `readable_documents`: its documents the public may read, main document first. Two queries.

    The case is one the public may open (`access_case` for an anonymous visitor).
    """
    readable = readable_restrictions(None, case)
    documents = Document.objects.filter(restriction__in=readable).order_by("attachment_number")
    entries = (
        DocketEntry.objects.filter(case=case, restriction__in=readable)
        .select_related("event")
        .prefetch_related(Prefetch("documents", queryset=documents, to_attr="readable_documents"))
        .order_by("-sequence")
    )
    found: list[DocketEntry] = list(entries[:CASE_FEED_MAX_ENTRIES])
    for entry in found:
        entry.case = case  # one case for all: no query per entry for its court or number
    return found


@dataclass(frozen=True)
class DocumentLink:
    href: str
    title: str


class CaseAtom(Atom1Feed):
    """Atom, with a link to each document the public may read (`rel="related"`, a PDF, titled)."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for link in item.get("documents", ()):
            attributes = {"rel": "related", "type": "application/pdf", "href": link.href, "title": link.title}
            handler.addQuickElement("link", "", attributes)


def _document_title(entry: DocketEntry, document: Document) -> str:
    if document.attachment_number == 0:
        return f"Document {entry.number_label}" if entry.number_label else "Document"
    described = f": {_shown(document.description)}" if document.description else ""
    return f"Attachment {document.attachment_number}{described}"


def _entry_title(entry: DocketEntry) -> str:
    label = entry_short_description(entry)
    return f"#{entry.number_label} {label}" if entry.number_label else label


def _entry_text(entry: DocketEntry) -> str:
    marks = None
    if entry.modified_on or entry.stricken_on or entry.filed_in_error_on:
        marks = EntryMarks(entry.modified_on, entry.stricken_on, entry.filed_in_error_on)
    return _shown(marked_text(entry.text, marks))


def case_atom_build(case: Case) -> CaseAtom:
    """The case's Atom feed: each public entry with its docket text, linked to its line on the Docket Report
    and to its public documents."""
    court = case.court
    feed = CaseAtom(
        title=_shown(f"{case.pacer_case_number} {case.short_title}"),
        link=docket_report_link(case),
        description="",
        subtitle=f"Docket of {case.display_case_number} in the {court.name}",
        feed_url=case_feed_link(case),
        feed_guid=case_feed_link(case),
        author_name=court.name,
        language="en",
    )
    for entry in case_public_entries(case):
        moment = entry_moment(entry)
        documents: list[Document] = getattr(entry, "readable_documents", [])
        feed.add_item(
            title=_entry_title(entry),
            link=docket_report_link(case, number=entry.number),
            # Atom's summary is HTML here: the docket text is escaped, so its '<' and '&' read as written.
            description=html.escape(_entry_text(entry), quote=False),
            pubdate=moment,
            updateddate=moment,
            unique_id=entry_guid(entry),
            author_name=_shown(entry.filer_name) or None,
            documents=[
                DocumentLink(document_link(entry, document.public_id), _document_title(entry, document))
                for document in documents
            ],
        )
    return feed
