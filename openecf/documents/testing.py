"""PDFs for tests, benchmarks and demo data: good ones, a hostile corpus, and redactions good and bad.

The good ones are real, well-formed PDFs (pikepdf, PyMuPDF). The hostile ones are what a court's intake
must refuse without falling over: broken files, files that are not PDFs, encrypted files, active content,
and files built to exhaust a parser (deep nesting, a million objects, a decompression bomb), some written
byte by byte because no PDF library would write them. PyMuPDF (slow to import) is imported only by the
functions that use it.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Array, Dictionary, Name

if TYPE_CHECKING:
    import fitz

HIDDEN_PRICE = "$1,234,567"
PRICE_SENTENCE = f"The confidential price was {HIDDEN_PRICE} per ton."


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(text: str = "OpenECF test document", pages: int = 1) -> bytes:
    """A real, well-formed PDF with `pages` pages each showing `text`."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    safe = _escaped(text)
    for page_number in range(1, pages + 1):
        content = f"BT /F1 12 Tf 72 720 Td ({safe} - page {page_number}) Tj ET".encode("latin-1", "replace")
        page = pikepdf.Page(
            Dictionary(
                Type=Name.Page,
                MediaBox=[0, 0, 612, 792],
                Resources=Dictionary(Font=Dictionary(F1=font)),
                Contents=pdf.make_stream(content),
            )
        )
        pdf.pages.append(page)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def rewritten(content: bytes, change: Callable[[pikepdf.Pdf], None] | None = None, **save: object) -> bytes:
    """`content` opened with pikepdf, changed by `change`, and saved with pikepdf's `save` options."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        if change is not None:
            change(pdf)
        out = io.BytesIO()
        pdf.save(out, **save)  # type: ignore[arg-type]
        return out.getvalue()


def pdf_of_size(size: int) -> bytes:
    """A well-formed PDF of exactly `size` bytes: one page carrying an uncompressed filler stream."""

    def build(filler: int) -> bytes:
        def add_filler(pdf: pikepdf.Pdf) -> None:
            pdf.Root.Filler = pdf.make_stream(b"0" * filler)

        return rewritten(make_pdf(), add_filler, compress_streams=False, deterministic_id=True)

    filler = size - len(build(0))
    for _ in range(5):
        content = build(filler)
        if len(content) == size:
            return content
        filler += size - len(content)
    raise ValueError(f"could not build a PDF of {size} bytes")


def pdf_over_limit(limit: int) -> bytes:
    """A well-formed PDF one byte over `limit`: refused for its size alone."""
    return pdf_of_size(limit + 1)


# --- hand-written files: what no PDF library would write ---------------------------------------------------


def pdf_from_objects(objects: Sequence[bytes], *, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF written byte by byte: `objects[i]` is the body of object i + 1, with a correct xref table."""
    parts = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    offset = len(parts[0])
    offsets = []
    for number, body in enumerate(objects, start=1):
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
        offsets.append(offset)
        offset += len(chunk)
        parts.append(chunk)
    parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    parts.extend(b"%010d 00000 n \n" % at for at in offsets)
    parts.append(
        b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, offset)
    )
    return b"".join(parts)


def _stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), dictionary, data)


def _one_page(
    catalog_extra: bytes = b"", page_extra: bytes = b"", content: bytes | None = None
) -> list[bytes]:
    """Objects 1-5 of a one-page document: catalog, page tree, page, font, content stream."""
    text = b"BT /F1 12 Tf 72 720 Td (A hand-written PDF) Tj ET"
    return [
        b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R %s >>" % page_extra,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        content if content is not None else _stream(text),
    ]


def pdf_deeply_nested(depth: int = 100_000) -> bytes:
    """An object that is an array inside an array ... `depth` deep, referenced from the catalog."""
    objects = _one_page(catalog_extra=b"/Deep 6 0 R")
    objects.append(b"[" * depth + b"]" * depth)
    return pdf_from_objects(objects)


def pdf_many_objects(count: int = 1_000_000) -> bytes:
    """`count` tiny objects (each a one-number array) beside a one-page document: about 30 MB."""
    objects = _one_page()
    objects.extend(b"[%d]" % n for n in range(count))
    return pdf_from_objects(objects)


def _zeros_deflated(size: int) -> bytes:
    """A zlib stream that inflates to `size` zero bytes, made in milliseconds even for gigabytes.

    One mebibyte of zeros deflates to the same deflate blocks every time once the window is full of zeros,
    so the stream is a head, that block repeated, and a tail; the checksum of n zeros is known (Adler-32:
    a = 1, b = n mod 65521).
    """
    chunk = 1024 * 1024
    if size % chunk:
        raise ValueError("size must be a whole number of MiB")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(chunk)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    count = size // chunk
    body = first + repeated * (count - 1) + tail if count else tail
    checksum = ((size % 65521) << 16) | 1
    return b"\x78\xda" + body + checksum.to_bytes(4, "big")


def pdf_decompression_bomb(gigabytes: int = 4, *, where: str = "content") -> bytes:
    """A small file whose FlateDecode stream inflates to `gigabytes` GiB of zeros.

    `where="content"`: the page's content stream (what text extraction reads); `"image"`: an 8-bit gray
    image drawn on the page (what a renderer decodes).
    """
    size = gigabytes * 1024**3
    bomb = _zeros_deflated(size)
    if where == "content":
        return pdf_from_objects(_one_page(content=_stream(bomb, b"/Filter /FlateDecode")))
    if where != "image":
        raise ValueError(f"where must be 'content' or 'image', not {where!r}")
    width = 65536
    image = _stream(
        bomb,
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, size // width),
    )
    objects = _one_page(
        page_extra=b"",
        content=_stream(b"q 612 0 0 792 0 0 cm /Im1 Do Q"),
    )
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>"
    )
    objects.append(image)
    return pdf_from_objects(objects)


# --- broken files and files that are not PDFs ------------------------------------------------------------


def pdf_truncated() -> bytes:
    whole = make_pdf(pages=2)
    return whole[: len(whole) // 2]


def pdf_broken_xref() -> bytes:
    """A well-formed PDF whose startxref points into the middle of the file (readers must reconstruct)."""
    whole = make_pdf(pages=2)
    at = whole.rindex(b"startxref")
    return whole[:at] + b"startxref\n%d\n%%%%EOF\n" % (len(whole) // 3)


def html_renamed() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>Brief</title></head><body><p>%PDF-1.7</p></body></html>\n"


def zip_renamed() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("brief.pdf", make_pdf())
    return out.getvalue()


def pdf_user_password() -> bytes:
    """Opens only with a password."""
    return rewritten(make_pdf(), encryption=pikepdf.Encryption(user="secret", owner="owner"))


def pdf_owner_password() -> bytes:
    """Opens without a password, but encrypted with an owner password (permissions can be changed)."""
    return rewritten(make_pdf(), encryption=pikepdf.Encryption(user="", owner="owner"))


# --- active content ----------------------------------------------------------------------------------------


def _add_annotation(pdf: pikepdf.Pdf, annotation: Dictionary) -> None:
    pdf.pages[0].Annots = pdf.make_indirect(Array([pdf.make_indirect(annotation)]))


def pdf_javascript_open_action() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)"))

    return rewritten(make_pdf(), change)


def pdf_javascript_annotation() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        action = Dictionary(S=Name.JavaScript, JS=pikepdf.String("this.print()"))
        _add_annotation(pdf, Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 100, 100], A=action))

    return rewritten(make_pdf(), change)


def pdf_launch_action() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=pikepdf.String("calc.exe"))

    return rewritten(make_pdf(), change)


def pdf_embedded_file() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ payload")

    return rewritten(make_pdf(), change)


def pdf_rich_media() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        content = Dictionary(Type=Name.RichMediaContent, Assets=Dictionary(Names=Array()))
        _add_annotation(
            pdf,
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.RichMedia,
                Rect=[72, 72, 272, 272],
                RichMediaContent=pdf.make_indirect(content),
            ),
        )

    return rewritten(make_pdf(), change)


def pdf_web_link() -> bytes:
    """A plain link to a web page: not active content."""

    def change(pdf: pikepdf.Pdf) -> None:
        action = Dictionary(S=Name.URI, URI=pikepdf.String("https://www.cit.uscourts.gov/"))
        _add_annotation(pdf, Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 100, 100], A=action))

    return rewritten(make_pdf(), change)


# --- good files that deserve a warning ----------------------------------------------------------------------


def make_scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are only pictures of text (a scan without OCR): no text layer."""
    import fitz

    source = fitz.open(stream=make_pdf("A scanned page of a brief", pages=1), filetype="pdf")
    picture = source[0].get_pixmap(dpi=100, colorspace=fitz.csGRAY)
    doc = fitz.open()
    for _ in range(pages):
        page = doc.new_page(width=612, height=792)
        page.insert_image(page.rect, pixmap=picture)
    return bytes(doc.tobytes(garbage=3, deflate=True))


def make_pdf_with_metadata(
    *,
    author: str = "",
    title: str = "",
    subject: str = "",
    keywords: str = "",
    creator: str = "",
    xmp_creator: str = "",
    comment: str = "",
    hidden_layer: bool = False,
) -> bytes:
    """A text PDF carrying the metadata asked for: Info fields, an XMP author, a sticky-note comment, a
    hidden layer (an optional content group that is off)."""

    def change(pdf: pikepdf.Pdf) -> None:
        info = {"/Author": author, "/Title": title, "/Subject": subject, "/Keywords": keywords}
        info["/Creator"] = creator
        for key, value in info.items():
            if value:
                pdf.docinfo[key] = value
        if xmp_creator:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta["dc:creator"] = [xmp_creator]
        if comment:
            _add_annotation(
                pdf,
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Text,
                    Rect=[300, 700, 320, 720],
                    Contents=pikepdf.String(comment),
                ),
            )
        if hidden_layer:
            layer = pdf.make_indirect(Dictionary(Type=Name.OCG, Name=pikepdf.String("Draft notes")))
            pdf.Root.OCProperties = Dictionary(
                OCGs=Array([layer]), D=Dictionary(Order=Array([layer]), OFF=Array([layer]))
            )
            page = pdf.pages[0]
            page.add_resource(Dictionary(OC1=layer), Name.Properties, name=Name.OC1)
            page.contents_add(b"/OC /OC1 BDC BT /F1 12 Tf 72 600 Td (Draft: do not file) Tj ET EMC")

    return rewritten(make_pdf("A brief with metadata", pages=1), change)


# --- redactions, done right and done wrong ----------------------------------------------------------------

# Kind -> whether the text under the box can still be copied (a bad redaction the check must report).
REDACTION_KINDS: dict[str, bool] = {
    "proper": False,  # text removed, then a black box drawn where it was
    "proper_labelled": False,  # removed, black box, "REDACTED" written in white on the box
    "box_over_text": True,  # a black rectangle drawn over live text
    "labelled_box_over_text": True,  # the same, with "REDACTED" written in white on the box
    "white_text": True,  # the text written in white on the white page
    "white_box_over_text": True,  # a white rectangle over the text (the page looks blank there)
    "text_on_box_of_its_colour": True,  # a black box drawn first, then the text on it in black
    "image_over_text": True,  # a black picture pasted over the text
    "highlight_annotation": True,  # a black highlighter (annotation) over the text
    "square_annotation": True,  # a black filled rectangle annotation over the text
    "redaction_not_applied": True,  # marked for redaction in Acrobat but never applied
    "yellow_highlight": False,  # an ordinary yellow highlighter over text (the text shows through)
    "see_through_box": False,  # a grey box drawn over text at 30% opacity (a watermark, a shading)
    "shaded_cells": False,  # text on light grey cells (drawn before the text)
    "table": False,  # a table: black borders, a black header row with white text on it
    "logo": False,  # a black rectangle (a logo) where there is no text
    "ocr_scan": False,  # a scanned page with an invisible OCR text layer over the picture of the text
    "repeated_x": False,  # a box over "XXXXXXXX": nothing hidden that was not meant to be seen
}


def make_redaction_pdf(kind: str) -> bytes:
    """A one-page brief with a secret price on it, redacted as `kind` says (see REDACTION_KINDS)."""
    import fitz

    if kind not in REDACTION_KINDS:
        raise ValueError(f"unknown redaction kind {kind!r}")
    black, white = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)
    doc = fitz.open()
    page = doc.new_page(width=612, height=792)
    if kind == "ocr_scan":
        _scan_with_ocr_layer(page)
        return bytes(doc.tobytes(garbage=3, deflate=True))
    page.insert_text((72, 100), "UNITED STATES COURT OF INTERNATIONAL TRADE", fontsize=12)
    page.insert_text((72, 130), "Public version: business proprietary information deleted.", fontsize=11)
    if kind == "text_on_box_of_its_colour":
        page.draw_rect(fitz.Rect(210, 148, 275, 165), color=None, fill=black)
    if kind == "shaded_cells":
        for row in range(3):
            page.draw_rect(
                fitz.Rect(72, 146 + row * 20, 400, 164 + row * 20), color=None, fill=(0.85, 0.85, 0.85)
            )
    if kind == "white_text":
        page.insert_text((72, 160), "The confidential price was", fontsize=11)
        end = fitz.get_text_length("The confidential price was ", fontname="helv", fontsize=11)
        page.insert_text((72 + end, 160), HIDDEN_PRICE, fontsize=11, color=white)
        page.insert_text((72, 190), "per ton, as the record shows.", fontsize=11)
    elif kind == "repeated_x":
        page.insert_text((72, 160), "The confidential price was XXXXXXXX per ton.", fontsize=11)
    else:
        page.insert_text((72, 160), PRICE_SENTENCE, fontsize=11)
    found = page.search_for("XXXXXXXX" if kind == "repeated_x" else HIDDEN_PRICE)
    words = found[0] if found else fitz.Rect(212, 150, 272, 163)
    box = fitz.Rect(words.x0 - 1, words.y0 - 2, words.x1 + 1, words.y1 + 2)
    if kind in {"proper", "proper_labelled"}:
        page.add_redact_annot(box, fill=black)
        page.apply_redactions()
        if kind == "proper_labelled":
            page.insert_text((box.x0 + 2, box.y1 - 3), "REDACTED", fontsize=7, color=white)
    elif kind in {"box_over_text", "labelled_box_over_text", "repeated_x"}:
        page.draw_rect(box, color=None, fill=black)
        if kind == "labelled_box_over_text":
            page.insert_text((box.x0 + 2, box.y1 - 5), "REDACTED", fontsize=9, color=white)
    elif kind == "white_box_over_text":
        page.draw_rect(box, color=None, fill=white)
    elif kind == "image_over_text":
        picture = fitz.Pixmap(fitz.csRGB, fitz.IRect(0, 0, 40, 10), False)
        picture.clear_with(0)
        page.insert_image(box, pixmap=picture)
    elif kind == "highlight_annotation":
        annotation = page.add_highlight_annot(box)
        annotation.set_colors(stroke=black)
        annotation.update()
    elif kind == "yellow_highlight":
        annotation = page.add_highlight_annot(box)
        annotation.set_colors(stroke=(1.0, 1.0, 0.0))
        annotation.update()
    elif kind == "see_through_box":
        wider = fitz.Rect(box.x0 - 60, box.y0, box.x1 + 60, box.y1)
        page.draw_rect(wider, color=None, fill=(0.5, 0.5, 0.5), fill_opacity=0.3)
    elif kind == "square_annotation":
        annotation = page.add_rect_annot(box)
        annotation.set_colors(stroke=black, fill=black)
        annotation.update()
    elif kind == "redaction_not_applied":
        page.add_redact_annot(box, fill=black)
    elif kind == "table":
        _draw_table(page)
    elif kind == "logo":
        page.draw_rect(fitz.Rect(450, 40, 540, 90), color=None, fill=black)
        page.draw_rect(fitz.Rect(72, 400, 540, 402), color=None, fill=black)
    return bytes(doc.tobytes(garbage=3, deflate=True))


def _draw_table(page: fitz.Page) -> None:
    import fitz

    black, white = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)
    left, top, width, height = 72.0, 220.0, 156.0, 20.0
    page.draw_rect(fitz.Rect(left, top, left + 3 * width, top + height), color=None, fill=black)
    for column, title in enumerate(["Product", "Price", "Quantity"]):
        page.insert_text((left + column * width + 6, top + 14), title, fontsize=10, color=white)
    for row in range(1, 4):
        for column in range(3):
            cell = fitz.Rect(left + column * width, top + row * height, left + (column + 1) * width, 0)
            cell.y1 = cell.y0 + height
            page.draw_rect(cell, color=black, width=1)
            page.insert_text((cell.x0 + 6, cell.y0 + 14), f"Row {row} value {column}", fontsize=10)
    # Thick borders drawn as filled bars, as word processors do.
    page.draw_rect(
        fitz.Rect(left, top + 4 * height, left + 3 * width, top + 4 * height + 5), color=None, fill=black
    )


def _scan_with_ocr_layer(page: fitz.Page) -> None:
    import fitz

    source = fitz.open()
    scanned = source.new_page(width=612, height=792)
    scanned.insert_text((72, 100), "UNITED STATES COURT OF INTERNATIONAL TRADE", fontsize=12)
    scanned.insert_text((72, 160), PRICE_SENTENCE, fontsize=11)
    picture = scanned.get_pixmap(dpi=150, colorspace=fitz.csGRAY)
    page.insert_image(page.rect, pixmap=picture)
    page.insert_text((72, 100), "UNITED STATES COURT OF INTERNATIONAL TRADE", fontsize=12, render_mode=3)
    page.insert_text((72, 160), PRICE_SENTENCE, fontsize=11, render_mode=3)


# --- the corpus, by name ------------------------------------------------------------------------------------

# Name -> (builder, expected refusal code). Builders take no arguments; the size case is built by the tests.
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty": (lambda: b"", "not_pdf"),
    "truncated": (pdf_truncated, "not_pdf"),
    "broken_xref": (pdf_broken_xref, "not_pdf"),
    "html_renamed": (html_renamed, "not_pdf"),
    "zip_renamed": (zip_renamed, "not_pdf"),
    "user_password": (pdf_user_password, "pdf_encrypted"),
    "owner_password": (pdf_owner_password, "pdf_encrypted"),
    "javascript_open_action": (pdf_javascript_open_action, "pdf_active_content"),
    "javascript_annotation": (pdf_javascript_annotation, "pdf_active_content"),
    "launch_action": (pdf_launch_action, "pdf_active_content"),
    "embedded_file": (pdf_embedded_file, "pdf_active_content"),
    "rich_media": (pdf_rich_media, "pdf_active_content"),
}
