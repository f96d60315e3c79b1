"""The court's PDF rules: refusals in the seed's words, warnings the filer confirms, the filed copy's headers.

Every look inside a PDF runs in the PDF sandbox (`pdf_sandbox`: a child process with CPU and memory limits,
OPENECF_PDF_CHECK_SECONDS and OPENECF_PDF_CHECK_MEMORY_MB), so a hostile file is refused and never takes the
web process down. The checks themselves are in `pdf_checks` (refusals, metadata, text layer) and
`pdf_redactions` (bad redactions); the headers and the first page's picture in `pdf_stamp`. This module
names the file in every refusal and words the warnings.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from openecf.documents.pdf_refusals import ACTIVE_CONTENT, ENCRYPTED, NOT_PDF, TOO_COMPLEX, Refused
from openecf.documents.pdf_sandbox import SandboxLimits, SandboxRun, sandbox_run
from openecf.errors import InvalidInput
from openecf.text import bidi_controls_strip

if TYPE_CHECKING:
    from openecf.courts.models import Court

NOT_WELL_FORMED = "ERROR: Document is not a well-formed PDF document"
SECURITY_MEASURES = (
    "ERROR: This document has security measures in effect, such as password protection or "
    "access restriction. This PDF document cannot be accepted."
)
EXTERNAL_ACTION = (
    "ERROR: Document is malformed or contains code which may cause an external action "
    "(such as launching an application). This PDF document cannot be accepted."
)
TOO_COMPLEX_TO_CHECK = (
    f"{NOT_WELL_FORMED}: it is too large or too complex to check. Save it again as a new PDF (for example, "
    "print it to PDF) and load it again, or break it into smaller parts."
)
MESSAGES = {
    NOT_PDF: NOT_WELL_FORMED,
    ENCRYPTED: SECURITY_MEASURES,
    ACTIVE_CONTENT: EXTERNAL_ACTION,
    TOO_COMPLEX: TOO_COMPLEX_TO_CHECK,
}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

NO_TEXT_LAYER = "no_text_layer"
METADATA = "metadata"
BAD_REDACTION = "bad_redaction"
# A document too long to look through for hidden text in the time a check has.
REDACTIONS_UNCHECKED = "redactions_unchecked"
# The advice (text layer, redactions) may use this share of the check's CPU seconds; the rules come first.
_ADVICE_SHARE = 0.5

_MIB = 1024 * 1024


@dataclass(frozen=True)
class PdfWarning:
    """Something the filer must confirm before filing: `code` is NO_TEXT_LAYER, METADATA or BAD_REDACTION."""

    code: str
    message: str


@dataclass(frozen=True)
class PdfInspection:
    """An acceptable PDF: its pages and the warnings the filer must confirm."""

    page_count: int
    warnings: tuple[PdfWarning, ...]


def size_limit_message(max_bytes: int) -> str:
    """The seed's refusal of a file over the court's limit (Q48), with its advice."""
    megabytes = max_bytes // _MIB
    return (
        f"You cannot load this file because it's over {megabytes} Megabytes (MB). Break the document into "
        f"logical divisions of no more than {megabytes} MB each and file them as attachments."
    )


def pdf_size_limit(court: Court | None = None) -> int:
    """The largest file a court accepts; without a court, the largest any court accepts (50 MB if none)."""
    if court is not None:
        return int(court.max_file_size_bytes)
    from django.db.models import Max

    from openecf.courts.models import Court

    largest = Court.objects.aggregate(largest=Max("max_file_size_bytes"))["largest"]
    return int(largest or DEFAULT_MAX_BYTES)


def pdf_check_limits() -> SandboxLimits:
    return SandboxLimits(
        seconds=int(getattr(settings, "OPENECF_PDF_CHECK_SECONDS", 10)),
        memory_mb=int(getattr(settings, "OPENECF_PDF_CHECK_MEMORY_MB", 512)),
    )


def file_label(filename: str) -> str:
    """The file's name as a message shows it: no directions or control characters, not too long."""
    cleaned = "".join(ch for ch in bidi_controls_strip(filename) if ch.isprintable()).strip()
    return (cleaned[:255] + "…" if len(cleaned) > 256 else cleaned) or "The file"


def _run(task: str, content: bytes, *, options: dict[str, Any], max_payload: int = 0) -> SandboxRun:
    return sandbox_run(task, content, limits=pdf_check_limits(), options=options, max_payload=max_payload)


def _refusal(refused: Refused, prefix: str = "") -> InvalidInput:
    code = refused.code if refused.code in MESSAGES else NOT_PDF
    return InvalidInput(f"{prefix}{MESSAGES[code]}", code=code, field="document")


def _pages(pages: list[int]) -> str:
    shown = ", ".join(str(page) for page in pages[:20]) + (" and others" if len(pages) > 20 else "")
    return f"page {shown}" if len(pages) == 1 else f"pages {shown}"


def _warnings(result: dict[str, Any]) -> tuple[PdfWarning, ...]:
    warnings = []
    if result.get("text") is False:
        warnings.append(
            PdfWarning(
                NO_TEXT_LAYER,
                "No page has text that can be searched or copied: the document looks scanned without text "
                "recognition. Scan it at 300 dpi (dots per inch) and make the PDF document text searchable "
                "(for example with Adobe Acrobat's 'Paper Capture' feature), then load it again.",
            )
        )
    metadata = [str(item) for item in result.get("metadata") or []]
    if metadata:
        warnings.append(
            PdfWarning(
                METADATA,
                f"The document carries metadata that anyone who views it can read: {', '.join(metadata)}. "
                "PDF documents are not necessarily secure if you leave metadata behind in them; remove what "
                "should not be public (for example with Adobe Acrobat's 'Remove Hidden Information'), then "
                "load it again.",
            )
        )
    redactions = [int(page) for page in result.get("redactions") or []]
    if redactions:
        warnings.append(
            PdfWarning(
                BAD_REDACTION,
                f"Text is hidden under boxes, highlighting or white paint on {_pages(redactions)}, but it is "
                "still in the document: anyone can copy or search the text under the boxes. Remove the text "
                "itself (for example with Adobe Acrobat's Redact tool, then Apply), then load it again.",
            )
        )
    pages, checked = int(result["pages"]), int(result.get("redactions_checked") or 0)
    if result.get("text") and checked < pages:
        first = checked + 1
        where = f"page {first} was" if first == pages else f"pages {first} to {pages} were"
        warnings.append(
            PdfWarning(
                REDACTIONS_UNCHECKED,
                f"The document is too long to check every page for hidden text in time: {where} not checked "
                "for text hidden under boxes, highlighting or white paint. Check them yourself before "
                "filing.",
            )
        )
    return tuple(warnings)


def pdf_inspect(content: bytes, *, filename: str, max_bytes: int) -> PdfInspection:
    """Refuse what CM/ECF refuses (InvalidInput naming the file), or the pages and the warnings to confirm.

    The size comes first, before any reading: a file over `max_bytes` is never parsed.
    """
    prefix = f"{file_label(filename)}: "
    if len(content) > max_bytes:
        raise InvalidInput(prefix + size_limit_message(max_bytes), code="file_too_large", field="document")
    if not content.startswith(b"%PDF-"):
        raise InvalidInput(prefix + NOT_WELL_FORMED, code=NOT_PDF, field="document")
    try:
        limits = pdf_check_limits()
        options: dict[str, Any] = {"warnings": True, "budget_seconds": limits.seconds * _ADVICE_SHARE}
        result = _run("inspect", content, options=options).result
    except Refused as refused:
        raise _refusal(refused, prefix) from None
    return PdfInspection(page_count=int(result["pages"]), warnings=_warnings(result))


# Pages of files already accepted, by content and limits: the docket import and the demo store the same few
# files thousands of times, and the verdict on the same bytes is the same.
_PAGE_COUNTS: OrderedDict[tuple[bytes, SandboxLimits], int] = OrderedDict()
_PAGE_COUNTS_KEPT = 256
_page_counts_lock = threading.Lock()


def pdf_page_count(content: bytes) -> int:
    """Pages of an acceptable PDF; refuse what CM/ECF refuses, with its messages (no warnings looked for)."""
    if not content.startswith(b"%PDF-"):
        raise InvalidInput(NOT_WELL_FORMED, code=NOT_PDF, field="document")
    key = (hashlib.sha256(content).digest(), pdf_check_limits())
    with _page_counts_lock:
        if key in _PAGE_COUNTS:
            _PAGE_COUNTS.move_to_end(key)
            return _PAGE_COUNTS[key]
    try:
        pages = int(_run("inspect", content, options={"warnings": False}).result["pages"])
    except Refused as refused:
        raise _refusal(refused) from None
    with _page_counts_lock:
        _PAGE_COUNTS[key] = pages
        while len(_PAGE_COUNTS) > _PAGE_COUNTS_KEPT:
            _PAGE_COUNTS.popitem(last=False)
    return pages


def pdf_stamp_headers(content: bytes, headers: Sequence[str]) -> bytes:
    """A copy of an accepted PDF with headers[i] written as text at the top of page i (one per page)."""
    budget = 2 * len(content) + 4096 * len(headers) + _MIB
    try:
        run = _run("stamp", content, options={"headers": list(headers)}, max_payload=budget)
    except Refused as refused:
        raise _refusal(refused) from None
    if "pages" in run.result:
        raise ValueError(f"{len(headers)} headers for a PDF of {run.result['pages']} pages")
    return run.payload


def pdf_first_page_png(content: bytes, *, header: str, width: int = 600) -> bytes:
    """A PNG picture of the first page as it will be stamped with `header`, `width` pixels wide."""
    if not 16 <= width <= 4000:
        raise ValueError("width must be between 16 and 4000 pixels")
    try:
        run = _run("preview", content, options={"header": header, "width": width}, max_payload=64 * _MIB)
    except Refused as refused:
        raise _refusal(refused) from None
    return run.payload
