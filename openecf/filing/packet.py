"""Paper service (seed 003 Q36-Q38): the parties a filing's Notice of Electronic Filing does not serve, what
the filer is told about them before and after filing, and the service packet to print and mail.

The packet is, for each such party, a cover sheet addressed to the party followed by the entry's filed
(stamped) documents. Those are the court's own files, stamped by the filing service, so they are read here
directly; the sandbox in `documents.pdf_sandbox` is for what filers upload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import fitz

from openecf.access.documents import DocumentNotFound, access_document
from openecf.accounts.models import User
from openecf.cases.models import PartyRole
from openecf.docket.models import Event
from openecf.documents.models import Document
from openecf.errors import NotFound
from openecf.filing.models import Filing
from openecf.filing.service_list import OtherMeansParty, service_list
from openecf.filing.services import FilingPlan, NewCase
from openecf.storage import blob_storage

NOBODY_TO_SERVE = (
    "Every party to this case is served by the Notice of Electronic Filing: there is no packet to mail."
)
NO_ADDRESS = "No postal address is on record with the court. Write the party's address here."
CERTIFICATE_OF_SERVICE_REMINDER = (
    "Serve the parties whom the Notice of Electronic Filing does not serve by other means (for example, mail "
    "them the service packet), then file a Certificate of Service saying how and when you served each of them."
)
# Cover sheets are US Letter, with an inch of margin at the sides and the bottom.
PAGE = fitz.paper_rect("letter")
MARGIN = 72
MAX_DOCKET_TEXT = 1500
# More documents than this are counted on the cover rather than listed.
MAX_LISTED = 8


@dataclass(frozen=True)
class PartyToServe:
    """A party the filer serves by other means, as the filer is told of it."""

    name: str
    role_label: str
    postal_address: str  # lines separated by newlines; '' when the court has none on record


def _to_serve(party: OtherMeansParty) -> PartyToServe:
    return PartyToServe(name=party.name, role_label=party.role_label, postal_address=party.postal_address)


def parties_to_serve_planned(plan: FilingPlan, new_case: NewCase | None = None) -> tuple[PartyToServe, ...]:
    """Whom the filing the plan describes would leave to serve by other means.

    In a case: the parties the service list does not reach, less those the filer files for (the filing makes
    the filer their attorney of record). A new case's defendants have no one registered for them yet.
    """
    if plan.case is None:
        if new_case is None:
            return ()
        label = PartyRole.DEFENDANT.label
        return tuple(PartyToServe(name.strip(), label, "") for name in new_case.defendants if name.strip())
    filed_for = {party.pk for party in plan.parties}
    if plan.join_party is not None:
        filed_for.add(plan.join_party.pk)
    return tuple(
        _to_serve(party) for party in service_list(plan.case).other_means if party.party_id not in filed_for
    )


def parties_to_serve(filing: Filing) -> tuple[PartyToServe, ...]:
    """Whom the filing's notice does not serve: the parties its filer serves by other means."""
    return tuple(_to_serve(party) for party in service_list(filing.case).other_means)


def certificate_of_service_reminder(event: Event, parties: Sequence[PartyToServe]) -> str:
    """The reminder to file a Certificate of Service: only when someone is served by other means."""
    if not parties or event.code == "certificate_of_service":
        return ""
    return CERTIFICATE_OF_SERVICE_REMINDER


# --- the packet -----------------------------------------------------------------------------------------


def _us_date(filing: Filing) -> str:
    day = filing.date_filed
    return f"{day.month}/{day.day}/{day.year}"


def _document_label(document: Document) -> str:
    if document.attachment_number == 0:
        return "Main Document"
    described = " ".join(part for part in (document.category, document.description) if part)
    return f"Attachment {document.attachment_number}" + (f" ({described})" if described else "")


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"


class _CoverPage:
    """Paragraphs written down a new page. The text is set glyph by glyph (no ligatures), so a reader's
    search and a copy of the cover give back the names exactly; characters the base font lacks come from
    MuPDF's fallback fonts."""

    def __init__(self, packet: Any) -> None:
        self.page = packet.new_page(width=PAGE.width, height=PAGE.height)
        self.writer = fitz.TextWriter(self.page.rect)
        self.regular, self.bold, self.italic = fitz.Font("helv"), fitz.Font("hebo"), fitz.Font("heit")
        self.y = 48.0

    def paragraph(
        self, text: str, *, size: float = 11, bold: bool = False, italic: bool = False, center: bool = False
    ) -> None:
        font = self.bold if bold else self.italic if italic else self.regular
        box = fitz.Rect(MARGIN, self.y, PAGE.width - MARGIN, PAGE.height - MARGIN)
        if not text.strip() or box.is_empty:
            return
        align = fitz.TEXT_ALIGN_CENTER if center else fitz.TEXT_ALIGN_LEFT
        self.writer.fill_textbox(box, text, font=font, fontsize=size, align=align)
        self.y = self.writer.last_point.y + size * 0.45

    def space(self, points: float) -> None:
        self.y += points

    def finish(self) -> None:
        self.writer.write_text(self.page)


def _cover(packet: Any, filing: Filing, party: PartyToServe, documents: Sequence[Document]) -> None:
    case, entry = filing.case, filing.docket_entry
    cover = _CoverPage(packet)
    cover.paragraph(filing.court.name.upper(), size=12, bold=True, center=True)
    cover.space(6)
    cover.paragraph(case.caption or case.short_title, center=True)
    cover.paragraph(case.display_case_number, center=True)
    cover.space(14)
    cover.paragraph("Service of a filed document by other means", size=14, bold=True, center=True)
    cover.space(20)
    cover.paragraph("To:", bold=True)
    cover.paragraph(f"{party.name} ({party.role_label})" if party.role_label else party.name)
    if party.postal_address:
        cover.paragraph(party.postal_address)
    else:
        cover.paragraph(NO_ADDRESS, italic=True)
    cover.space(20)
    date = _us_date(filing)
    cover.paragraph(
        f"The document below was filed electronically with the court on {date}. You are not registered to "
        "receive the court's Notice of Electronic Filing in this case, so it is served on you by other means."
    )
    cover.space(8)
    cover.paragraph(f"Document No. {entry.number_label or '(unnumbered)'}, filed {date}:", bold=True)
    text = entry.text if len(entry.text) <= MAX_DOCKET_TEXT else entry.text[:MAX_DOCKET_TEXT] + "…"
    cover.paragraph(text)
    cover.space(8)
    cover.paragraph(f"Filed by: {entry.filer_name}")
    if documents:
        cover.space(8)
        cover.paragraph("Enclosed:", bold=True)
        if len(documents) <= MAX_LISTED:
            for document in documents:
                cover.paragraph(f"{_document_label(document)}, {_pages(document.page_count)}")
        else:
            pages = sum(document.page_count for document in documents)
            cover.paragraph(f"Main Document and {len(documents) - 1} attachments, {_pages(pages)} in all")
    cover.space(24)
    cover.paragraph("Served by mail on ______________________ (date)")
    cover.space(12)
    cover.paragraph("by ____________________________________ (signature of the filer)")
    cover.finish()


def _documents_readable(filing: Filing, reader: User) -> list[Document]:
    """The entry's documents, as the reader may read them (a document sealed since is left out)."""
    readable = []
    for document in filing.docket_entry.documents.order_by("attachment_number"):
        try:
            readable.append(access_document(reader, filing.court_id, document.public_id))
        except DocumentNotFound:
            continue
    return readable


def service_packet_pdf(filing: Filing, *, reader: User) -> bytes:
    """The packet to mail: for each party served by other means, its cover sheet and the filed documents.

    NotFound when the notice serves every party (there is nothing to mail).
    """
    parties = parties_to_serve(filing)
    if not parties:
        raise NotFound(NOBODY_TO_SERVE, code="nobody_to_serve")
    documents = _documents_readable(filing, reader)
    storage = blob_storage()
    files = [
        fitz.open(stream=storage.get(document.served_storage_key), filetype="pdf") for document in documents
    ]
    covers, packet = fitz.open(), fitz.open()
    try:
        for party in parties:
            _cover(covers, filing, party, documents)
        # Only the covers' fonts: a fallback font for a name in another script is large when whole, and the
        # filed documents go into the packet exactly as filed.
        covers.subset_fonts()
        for number in range(len(parties)):
            packet.insert_pdf(covers, from_page=number, to_page=number)
            for source in files:
                packet.insert_pdf(source)
        case = filing.case
        packet.set_metadata(
            {
                "title": f"Service packet: {case.display_case_number}, document "
                f"{filing.docket_entry.number_label or '(unnumbered)'}",
                "creator": "OpenECF",
                "producer": "OpenECF",
            }
        )
        content: bytes = packet.tobytes(garbage=3, deflate=True)
    finally:
        for opened in (covers, packet, *files):
            opened.close()
    return content
