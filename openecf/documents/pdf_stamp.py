"""The filed copy's page headers, written into the PDF as real text, and a picture of the first page.

Runs inside the PDF sandbox (`pdf_sandbox`) on files the checks accepted. Each page gets one more content
stream drawing its header in Helvetica at the top of the page as it is shown: the visible area (the crop
box within the media box, wherever its origin is) and the page's /Rotate decide where "top" is and which
way the line runs. The page's own drawing is wrapped in q ... Q so nothing it leaves in the graphics state
moves or colours the header; nothing else in the file changes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import fitz
import pikepdf
from pikepdf import Dictionary, Name

from openecf.documents.pdf_refusals import TOO_COMPLEX, Refused

FONT_SIZE = 9.0
# From the top of the visible area to the header's baseline.
BASELINE_FROM_TOP = 18.0
SIDE_MARGIN = 18.0
_FONT_NAME = "OpenECFHeader"
# A preview's size in pixels, whatever the page's shape.
_MAX_PREVIEW_PIXELS = 16_000_000
# The largest picture a first page may draw (a 600 dpi scan of a 24 x 36 inch drawing is 311 megapixels): a
# larger one is refused by this rule, not by whether the renderer happens to finish within the time limit.
MAX_IMAGE_PIXELS = 400_000_000


class HeaderCountMismatch(ValueError):
    """Not one header per page."""

    def __init__(self, pages: int, headers: int) -> None:
        super().__init__(f"{headers} headers for {pages} pages")
        self.pages = pages


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def _rectangle(box: object) -> tuple[float, float, float, float] | None:
    if not isinstance(box, pikepdf.Array) or len(box) != 4:
        return None
    x0, y0, x1, y1 = (_number(value) for value in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def visible_area(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """The part of the page a reader shows: the crop box, within the media box."""
    media = _rectangle(page.obj.get("/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
    crop = _rectangle(page.obj.get("/CropBox")) or media
    x0, y0 = max(media[0], crop[0]), max(media[1], crop[1])
    x1, y1 = min(media[2], crop[2]), min(media[3], crop[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else media


def rotation(page: pikepdf.Page) -> int:
    value = page.obj.get("/Rotate", 0)
    degrees = int(value) if isinstance(value, int) else 0
    return degrees % 360 if degrees % 90 == 0 else 0


def _winansi(header: str) -> str:
    """The header as Helvetica can show it (WinAnsi): control characters as spaces, the rest as "?"."""
    printable = "".join(ch if ch.isprintable() else " " for ch in header)
    return printable.encode("cp1252", "replace").decode("cp1252")


def _literal(text: str) -> bytes:
    """A PDF string literal's contents."""
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _font_name(page: pikepdf.Page) -> Name:
    fonts = page.resources.get("/Font")
    taken = set(fonts.keys()) if isinstance(fonts, pikepdf.Dictionary) else set()
    name, suffix = f"/{_FONT_NAME}", 1
    while name in taken:
        name, suffix = f"/{_FONT_NAME}{suffix}", suffix + 1
    return Name(name)


def header_operators(page: pikepdf.Page, header: str, font: Name) -> bytes:
    """Content-stream operators that write `header` centred at the top of the page as it is shown."""
    x0, y0, x1, y1 = visible_area(page)
    turn = rotation(page)
    across = (x1 - x0) if turn in (0, 180) else (y1 - y0)  # the width of the page as shown
    text = _winansi(header)
    size = FONT_SIZE
    width = fitz.get_text_length(text, fontname="helv", fontsize=size)
    room = max(across - 2 * SIDE_MARGIN, 1.0)
    if width > room:
        size = max(size * room / width, 4.0)
        width = fitz.get_text_length(text, fontname="helv", fontsize=size)
    down = min(BASELINE_FROM_TOP, ((x1 - x0) if turn in (90, 270) else (y1 - y0)) / 2)
    centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
    # The text matrix: the direction of the line and where it starts, for each way the page is turned.
    matrix = {
        0: (1, 0, 0, 1, centre_x - width / 2, y1 - down),
        90: (0, 1, -1, 0, x0 + down, centre_y - width / 2),
        180: (-1, 0, 0, -1, centre_x + width / 2, y0 + down),
        270: (0, -1, 1, 0, x1 - down, centre_y + width / 2),
    }[turn]
    numbers = " ".join(f"{value:.4f}".rstrip("0").rstrip(".") for value in matrix)
    return b"q BT 0 g 0 Tr 0 Tc 0 Tw 100 Tz 0 Ts " + b"%s %s Tf %s Tm (%s) Tj ET Q\n" % (
        font.unparse(),
        f"{size:.2f}".encode(),
        numbers.encode(),
        _literal(text),
    )


def stamp_headers(content: bytes, headers: Sequence[str]) -> bytes:
    """A copy of the PDF with headers[i] written at the top of page i."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        if len(pdf.pages) != len(headers):
            raise HeaderCountMismatch(len(pdf.pages), len(headers))
        font = pdf.make_indirect(
            Dictionary(
                Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding
            )
        )
        for page, header in zip(pdf.pages, headers, strict=True):
            name = _font_name(page)
            page.add_resource(font, Name.Font, name=name)
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"\nQ\n" + header_operators(page, header, name))
        out = io.BytesIO()
        pdf.save(out, compress_streams=False, fix_metadata_version=False, deterministic_id=True)
        return out.getvalue()


def first_page_png(content: bytes, *, header: str, width: int) -> bytes:
    """The first page, stamped with `header`, as a PNG `width` pixels wide (for the filer to review)."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        del pdf.pages[1:]
        _refuse_huge_images(pdf.pages[0])
        out = io.BytesIO()
        pdf.save(out)
    stamped = stamp_headers(out.getvalue(), [header])
    fitz.TOOLS.set_aa_level(8)  # the redaction check turns anti-aliasing off; a preview wants it
    with fitz.open(stream=stamped, filetype="pdf") as doc:
        page = doc[0]
        zoom = width / max(page.rect.width, 1.0)
        height = page.rect.height * zoom
        if width * height > _MAX_PREVIEW_PIXELS:
            zoom *= (_MAX_PREVIEW_PIXELS / (width * height)) ** 0.5
        return bytes(page.get_pixmap(matrix=fitz.Matrix(zoom, zoom), alpha=False).tobytes("png"))


def _refuse_huge_images(page: pikepdf.Page) -> None:
    """Refuse a page drawing an image of more than MAX_IMAGE_PIXELS (a decompression bomb in picture form)."""
    for image in page.images.values():
        try:
            pixels = int(image.get(Name.Width, 0)) * int(image.get(Name.Height, 0))
        except (TypeError, ValueError):
            raise Refused(TOO_COMPLEX) from None
        if pixels > MAX_IMAGE_PIXELS:
            raise Refused(TOO_COMPLEX)
