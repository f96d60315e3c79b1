"""What the court checks in a PDF: refusals (pikepdf / qpdf) and warnings (PyMuPDF, x-ray).

Runs inside the PDF sandbox (`pdf_sandbox`), in a child process with CPU and memory limits: nothing here
imports Django or knows the file's name. A refusal is `Refused(code)` (`pdf_refusals`); `openecf.documents.pdf`
turns codes into the seed's messages. Work that a hostile file could make unbounded is bounded here first, so that the
usual refusal is a clear one and the sandbox's limits are only the last line: the number of objects is
capped, and every FlateDecode stream a text reader will decode (all but pictures) is inflated against a
budget, in pieces, before PyMuPDF reads it.
"""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Iterator
from typing import Any

import fitz
import pikepdf
from pikepdf import Name

from openecf.documents.pdf_redactions import RedactionScan, bad_redaction_pages
from openecf.documents.pdf_refusals import ACTIVE_CONTENT, ENCRYPTED, NOT_PDF, TOO_COMPLEX, Refused

# Real filings, even long tagged ones, stay well below; a file of tiny objects built to exhaust a reader
# does not.
MAX_OBJECTS = 500_000
# Decoded size of one stream and of all streams a text reader decodes (pictures are left to the limits
# of the sandbox): a page's drawing instructions are kilobytes to a few megabytes.
MAX_STREAM_INFLATED = 64 * 1024 * 1024
MAX_TOTAL_INFLATED = 256 * 1024 * 1024
# Pictures are decoded only to be drawn; their declared size bounds that. 100 million pixels is a letter page
# scanned at 1,100 dpi, or a tabloid page at 750.
MAX_IMAGE_PIXELS = 100_000_000
_INFLATE_PIECE = 1024 * 1024
_INFLATE_INPUT = 64 * 1024

# Actions that run code or reach outside the document, and content types that play media.
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/Rendition", "/Movie", "/Sound"}
_ACTIVE_SUBTYPES = {"/RichMedia", "/Movie", "/Sound", "/Screen", "/3D", "/FileAttachment"}
_ACTIVE_KEYS = ("/JS", "/EmbeddedFiles", "/EmbeddedFile", "/RichMediaContent")

# Annotations a reviewer leaves (Acrobat's Comments pane); links, form fields and popups are not comments.
_COMMENT_SUBTYPES = {
    "/Text",
    "/FreeText",
    "/Highlight",
    "/Underline",
    "/StrikeOut",
    "/Squiggly",
    "/Caret",
    "/Ink",
    "/Stamp",
    "/Square",
    "/Circle",
    "/Line",
    "/Polygon",
    "/PolyLine",
}
# Document properties, in the Info dictionary and in XMP, by the name the warning gives them.
_INFO_FIELDS: dict[str, tuple[str, ...]] = {
    "author": ("/Author",),
    "creator": ("/Creator",),
    "title": ("/Title",),
    "subject": ("/Subject",),
    "keywords": ("/Keywords",),
}
_XMP_FIELDS: dict[str, tuple[str, ...]] = {
    "author": ("dc:creator",),
    "creator": ("xmp:CreatorTool",),
    "title": ("dc:title",),
    "subject": ("dc:description",),
    "keywords": ("pdf:Keywords", "dc:subject"),
}


# --- refusals -------------------------------------------------------------------------------------------


def _is_active(obj: pikepdf.Dictionary | pikepdf.Stream) -> bool:
    if any(key in obj for key in _ACTIVE_KEYS):
        return True
    action = obj.get("/S")
    if isinstance(action, Name) and str(action) in _ACTIVE_ACTIONS:
        return True
    subtype = obj.get("/Subtype")
    if isinstance(subtype, Name) and str(subtype) in _ACTIVE_SUBTYPES:
        return True
    kind = obj.get("/Type")
    return isinstance(kind, Name) and str(kind) in {"/EmbeddedFile", "/Filespec"}


def _every_object(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every object, and the direct dictionaries and arrays nested inside each (an inline /OpenAction)."""
    pending: list[pikepdf.Object] = list(pdf.objects)
    while pending:
        obj = pending.pop()
        yield obj
        if isinstance(obj, pikepdf.Stream):
            children: Any = obj.stream_dict.values()
        elif isinstance(obj, pikepdf.Dictionary):
            children = obj.values()
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


def _flate_only(stream: pikepdf.Stream) -> int:
    """How many FlateDecode filters the stream has, if it has only those (else 0: left to the limits)."""
    filters = stream.stream_dict.get("/Filter")
    names = (
        [filters]
        if isinstance(filters, Name)
        else list(filters)
        if isinstance(filters, pikepdf.Array)
        else []
    )
    if names and all(isinstance(name, Name) and str(name) == "/FlateDecode" for name in names):
        return len(names)
    return 0


def _inflated_size(raw: bytes, layers: int, budget: int) -> int:
    """The decoded size of `layers` nested zlib streams, counted piece by piece; stops past `budget`."""
    inflaters = [zlib.decompressobj() for _ in range(layers)]
    total = 0

    def count(level: int, piece: bytes) -> None:
        nonlocal total
        if level + 1 < layers:
            feed(level + 1, piece)
        else:
            total += len(piece)

    def feed(level: int, data: bytes) -> None:
        inflater = inflaters[level]
        view = memoryview(data)
        # Small slices of input, so that what is left over is never copied more than once.
        for start in range(0, len(view), _INFLATE_INPUT):
            chunk: bytes | memoryview = view[start : start + _INFLATE_INPUT]
            while chunk and total <= budget and not inflater.eof:
                count(level, inflater.decompress(chunk, _INFLATE_PIECE))
                chunk = inflater.unconsumed_tail
            if total > budget or inflater.eof:
                return
        while total <= budget and not inflater.eof:
            piece = inflater.decompress(b"", _INFLATE_PIECE)
            if not piece:
                return
            count(level, piece)

    try:
        feed(0, raw)
    except zlib.error:
        return total  # a broken stream stops where it breaks, as readers do
    return total


def _pixels(image: pikepdf.Stream) -> int:
    width, height = image.stream_dict.get("/Width"), image.stream_dict.get("/Height")
    return int(width) * int(height) if isinstance(width, int) and isinstance(height, int) else 0


def _decoded_streams_check(streams: list[pikepdf.Stream]) -> None:
    total = 0
    for stream in streams:
        if stream.stream_dict.get("/Subtype") == Name.Image:
            if _pixels(stream) > MAX_IMAGE_PIXELS:
                raise Refused(TOO_COMPLEX)
            continue
        layers = _flate_only(stream)
        if not layers:
            continue
        size = _inflated_size(stream.read_raw_bytes(), layers, MAX_STREAM_INFLATED)
        total += size
        if size > MAX_STREAM_INFLATED or total > MAX_TOTAL_INFLATED:
            raise Refused(TOO_COMPLEX)


def structure_check(pdf: pikepdf.Pdf) -> int:
    """The number of pages of a file CM/ECF accepts, or Refused."""
    if pdf.is_encrypted:
        raise Refused(ENCRYPTED)
    if pdf.get_warnings():
        # qpdf had to repair it (truncated, broken cross-references): not well-formed.
        raise Refused(NOT_PDF)
    size = pdf.trailer.get("/Size")
    if isinstance(size, int) and size > MAX_OBJECTS:
        raise Refused(TOO_COMPLEX)
    streams: list[pikepdf.Stream] = []
    for obj in _every_object(pdf):
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and _is_active(obj):
            raise Refused(ACTIVE_CONTENT)
        if isinstance(obj, pikepdf.Stream):
            streams.append(obj)
    if pdf.get_warnings():
        # Found while reading the objects: too deeply nested, unreadable, ...
        raise Refused(NOT_PDF)
    pages = len(pdf.pages)
    if pages == 0 or pdf.get_warnings():
        raise Refused(NOT_PDF)
    _decoded_streams_check(streams)
    return pages


# --- warnings -------------------------------------------------------------------------------------------


def _filled(value: object) -> bool:
    if isinstance(value, (list, tuple, set)):
        return any(_filled(item) for item in value)
    if isinstance(value, dict):
        return any(_filled(item) for item in value.values())
    return bool(str(value or "").strip())


def metadata_found(pdf: pikepdf.Pdf) -> list[str]:
    """What the file carries beyond its pages: properties, comments, layers (in that order)."""
    found: list[str] = []
    info = pdf.trailer.get("/Info")
    for label, keys in _INFO_FIELDS.items():
        if isinstance(info, pikepdf.Dictionary) and any(_filled(info.get(key)) for key in keys):
            found.append(label)
    if "/Metadata" in pdf.Root:
        found.extend(label for label in _xmp_fields(pdf) if label not in found)
    if any(
        isinstance(annotation, pikepdf.Dictionary) and str(annotation.get("/Subtype")) in _COMMENT_SUBTYPES
        for page in pdf.pages
        for annotation in page.obj.get("/Annots", pikepdf.Array())
    ):
        found.append("comments")
    found.extend(_layers(pdf))
    return found


def _xmp_fields(pdf: pikepdf.Pdf) -> list[str]:
    """The properties the XMP metadata fills; none if it cannot be read (advice never refuses a file)."""
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False, strict=False) as xmp:
            return [
                label for label, keys in _XMP_FIELDS.items() if any(_filled(xmp.get(key)) for key in keys)
            ]
    except Exception:  # lxml's and pikepdf's many ways of failing on a broken packet
        return []


def _layers(pdf: pikepdf.Pdf) -> list[str]:
    properties = pdf.Root.get("/OCProperties")
    if not isinstance(properties, pikepdf.Dictionary):
        return []
    groups = properties.get("/OCGs")
    if not isinstance(groups, pikepdf.Array) or not len(groups):
        return []
    default = properties.get("/D")
    if isinstance(default, pikepdf.Dictionary):
        off = default.get("/OFF")
        if default.get("/BaseState") == Name.OFF or (isinstance(off, pikepdf.Array) and len(off)):
            return ["hidden layers"]
    return ["layers"]


def has_text(doc: fitz.Document, *, stop: float | None = None) -> bool | None:
    """Some page has text a reader can select and search (not only pictures of text); None when the
    budget (a `time.process_time()` to stop at) ran out before an answer."""
    for page in doc:
        try:
            if page.get_text("text").strip():
                return True
        except (RuntimeError, ValueError, fitz.mupdf.FzErrorBase):
            continue  # a page PyMuPDF cannot read has no text to search
        if stop is not None and time.process_time() >= stop:
            return None
    return False


# --- the whole check ------------------------------------------------------------------------------------


def inspect(content: bytes, *, warnings: bool = True, budget_seconds: float | None = None) -> dict[str, Any]:
    """Refuse the file (Refused) or describe it: its pages and, if asked, what the filer must confirm.

    The warnings are advice, not rules: with a budget (CPU seconds) they stop looking when it is spent and
    say how far they got ("text": None when unknown, "redactions_checked": the pages scanned), so a long
    document is never refused for want of time to advise on it.
    """
    if not content.startswith(b"%PDF-"):
        raise Refused(NOT_PDF)
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            pages = structure_check(pdf)
            if not warnings:
                return {"pages": pages}
            metadata = metadata_found(pdf)
    except pikepdf.PasswordError as exc:
        raise Refused(ENCRYPTED) from exc
    except (pikepdf.PdfError, RecursionError) as exc:
        raise Refused(NOT_PDF) from exc
    fitz.TOOLS.mupdf_display_errors(False)
    fitz.TOOLS.mupdf_display_warnings(False)
    try:
        doc = fitz.open(stream=content, filetype="pdf")
    except (RuntimeError, ValueError, fitz.mupdf.FzErrorBase) as exc:
        raise Refused(NOT_PDF) from exc
    started = time.process_time()
    stop = None if budget_seconds is None else started + budget_seconds
    with doc:
        text = has_text(doc, stop=stop)
        left = None if stop is None else max(0.0, stop - time.process_time())
        scan = bad_redaction_pages(doc, budget_seconds=left) if text else RedactionScan(checked=pages)
    return {
        "pages": pages,
        "text": text,
        "metadata": metadata,
        "redactions": scan.pages,
        "redactions_checked": scan.checked,
    }
