"""Reading and vetting PDFs with pikepdf (qpdf), with the seed's own refusal messages."""

from __future__ import annotations

import io

import pikepdf

from openecf.errors import InvalidInput

NOT_WELL_FORMED = "ERROR: Document is not a well-formed PDF document"
SECURITY_MEASURES = (
    "ERROR: This document has security measures in effect, such as password protection or "
    "access restriction. This PDF document cannot be accepted."
)
EXTERNAL_ACTION = (
    "ERROR: Document is malformed or contains code which may cause an external action "
    "(such as launching an application). This PDF document cannot be accepted."
)

# Actions that run code or reach outside the document, and content types that play media.
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/Rendition", "/Movie", "/Sound"}
_ACTIVE_SUBTYPES = {"/RichMedia", "/Movie", "/Sound", "/Screen", "/3D", "/FileAttachment"}
_ACTIVE_KEYS = ("/JS", "/EmbeddedFiles", "/EmbeddedFile", "/RichMediaContent")


def _is_active(obj: pikepdf.Dictionary | pikepdf.Stream) -> bool:
    if any(key in obj for key in _ACTIVE_KEYS):
        return True
    action = obj.get("/S")
    if isinstance(action, pikepdf.Name) and str(action) in _ACTIVE_ACTIONS:
        return True
    subtype = obj.get("/Subtype")
    if isinstance(subtype, pikepdf.Name) and str(subtype) in _ACTIVE_SUBTYPES:
        return True
    kind = obj.get("/Type")
    return isinstance(kind, pikepdf.Name) and str(kind) in {"/EmbeddedFile", "/Filespec"}


def _has_active_content(pdf: pikepdf.Pdf) -> bool:
    """Look at every object, and at the direct dictionaries nested inside each (an inline /OpenAction)."""
    pending: list[pikepdf.Object] = list(pdf.objects)
    while pending:
        obj = pending.pop()
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            if _is_active(obj):
                return True
            children = obj.values() if isinstance(obj, pikepdf.Dictionary) else obj.stream_dict.values()
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            continue
        # Indirect children are in pdf.objects already; following them again could loop.
        pending.extend(
            child
            for child in children
            if isinstance(child, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))
            and not child.is_indirect
        )
    return False


def pdf_page_count(content: bytes) -> int:
    """Pages of an acceptable PDF; refuse what CM/ECF refuses, with its messages."""
    if not content.startswith(b"%PDF-"):
        raise InvalidInput(NOT_WELL_FORMED, code="not_pdf", field="document")
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            if pdf.is_encrypted:
                raise InvalidInput(SECURITY_MEASURES, code="pdf_encrypted", field="document")
            if pdf.get_warnings():
                # qpdf had to repair it (truncated, broken cross-references): not well-formed.
                raise InvalidInput(NOT_WELL_FORMED, code="not_pdf", field="document")
            if _has_active_content(pdf):
                raise InvalidInput(EXTERNAL_ACTION, code="pdf_active_content", field="document")
            pages = len(pdf.pages)
    except pikepdf.PasswordError as exc:
        raise InvalidInput(SECURITY_MEASURES, code="pdf_encrypted", field="document") from exc
    except pikepdf.PdfError as exc:
        raise InvalidInput(NOT_WELL_FORMED, code="not_pdf", field="document") from exc
    if pages == 0:
        raise InvalidInput(NOT_WELL_FORMED, code="not_pdf", field="document")
    return pages
