"""Small valid PDFs for tests and demo data, made with pikepdf."""

from __future__ import annotations

import io

import pikepdf


def make_pdf(text: str = "OpenECF test document", pages: int = 1) -> bytes:
    """A real, well-formed PDF with `pages` pages each showing `text`."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    for page_number in range(1, pages + 1):
        content = f"BT /F1 12 Tf 72 720 Td ({safe} - page {page_number}) Tj ET".encode("latin-1", "replace")
        page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 612, 792],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream(content),
            )
        )
        pdf.pages.append(page)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()
