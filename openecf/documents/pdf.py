"""Reading PDFs with pikepdf (qpdf)."""

from __future__ import annotations

import io

import pikepdf

from openecf.errors import InvalidInput

NOT_WELL_FORMED = "ERROR: Document is not a well-formed PDF document"


def pdf_page_count(content: bytes) -> int:
    if not content.startswith(b"%PDF-"):
        raise InvalidInput(NOT_WELL_FORMED, code="not_pdf", field="document")
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            return len(pdf.pages)
    except pikepdf.PasswordError as exc:
        raise InvalidInput(
            "ERROR: This document has security measures in effect, such as password protection or "
            "access restriction. This PDF document cannot be accepted.",
            code="pdf_encrypted",
            field="document",
        ) from exc
    except pikepdf.PdfError as exc:
        raise InvalidInput(NOT_WELL_FORMED, code="not_pdf", field="document") from exc
