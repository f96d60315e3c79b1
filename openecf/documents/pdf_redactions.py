"""Bad redactions: text a reader cannot see on the page but can still select, copy and search.

Free Law Project's x-ray finds text under opaque filled rectangles drawn after it (or of its own colour).
It misses what filers also do, so three more ways of hiding text are checked here with PyMuPDF:

- text under anything filled and drawn after it: a picture pasted over it, a shading, a see-through fill
  such as a black highlighter annotation (x-ray takes only fully opaque rectangles);
- text painted in white (on a white page it cannot be seen);
- an Acrobat redaction marked but never applied (a Redact annotation over live text).

A candidate counts only when the page, rendered, shows one flat colour where its characters are: text
on a black table header written in white, or an OCR layer over a scanned picture, shows through and is
left alone. Like x-ray, text that is only repeated characters ("XXXX"), words such as "redacted" or
"confidential", or a date is not reported. Runs in the PDF sandbox (PyMuPDF, no Django).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import fitz
from xray.pdf_utils import get_bad_redactions
from xray.text_utils import is_ok_words, is_repeated_chars, looks_like_a_date

# Drawing operations (PyMuPDF's bbox log) that paint an area and can cover text drawn before them.
_PAINTS_AREA = {"fill-path", "fill-image", "fill-shade", "fill-image-mask"}
# Thinner than this is a line or a rule, not a box (x-ray's rule).
_MIN_SIDE = 4.0
# A character is under a box when this share of it is.
_COVERED = 0.8
# Enough renders to settle any real page; a page built to need more is not looked at further.
_MAX_RENDERS_PER_PAGE = 200
_ZOOM = fitz.Matrix(2, 2)
# "One flat colour": this share of the pixels (a highlighter's rounded ends leave a few others).
_FLAT = 0.99


@dataclass(frozen=True)
class _Run:
    """Consecutive characters of one span that may be hidden, and the area where they should show."""

    text: str
    clip: fitz.Rect
    # The drawing (its sequence number) that covers them, if any, and whether text is drawn on top of it.
    cover: int | None = None
    labelled: bool = False


def meaningful(text: str) -> bool:
    """Text worth a warning: not blank, not XXXX, not "redacted"/"confidential", not a date (x-ray's rules)."""
    words = " ".join(text.split())
    return bool(
        words
        and re.search(r"\w", words)
        and not is_repeated_chars(words.replace(" ", ""))
        and is_ok_words(words)
        and not looks_like_a_date(words)
    )


def _is_white(color: tuple[float, ...] | list[float]) -> bool:
    if len(color) == 4:  # CMYK: no ink
        return all(component <= 0.05 for component in color)
    return bool(color) and all(component >= 0.95 for component in color)


def _candidate_runs(page: fitz.Page) -> Iterator[_Run]:
    """Runs of characters that are under a later fill, or white (not yet known to be invisible)."""
    spans = page.get_texttrace()
    if not spans:
        return
    covers = [
        (seqno, rect)
        for seqno, (kind, bbox) in enumerate(page.get_bboxlog())
        if kind in _PAINTS_AREA
        for rect in [fitz.Rect(bbox)]
        if rect.width > _MIN_SIDE and rect.height > _MIN_SIDE
    ]
    text_boxes = [(span["seqno"], fitz.Rect(span["bbox"])) for span in spans]

    def run(text: str, clip: fitz.Rect, cover: tuple[int, fitz.Rect] | None) -> _Run:
        if cover is None:
            return _Run(text, clip)
        labelled = any(seqno > cover[0] and box.intersects(clip) for seqno, box in text_boxes)
        return _Run(text, clip, cover[0], labelled)

    for span in spans:
        span_rect = fitz.Rect(span["bbox"])
        later = [
            (seqno, rect) for seqno, rect in covers if seqno > span["seqno"] and rect.intersects(span_rect)
        ]
        white = span["type"] != 3 and _is_white(span["color"])
        if not later and not white:
            continue
        text, clip, under = "", fitz.Rect(), None
        for char in span["chars"]:
            rect = fitz.Rect(char[3])
            area = abs(rect)
            cover = next((box for box in later if area and abs(rect & box[1]) >= _COVERED * area), None)
            if (cover is None and not white) or (cover != under and text):
                if text:
                    yield run(text, clip, under)
                text, clip = "", fitz.Rect()
            under = cover
            if cover is None and not white:
                continue
            # Only where the character is under the box; a white character without its line spacing,
            # which could reach the glyphs of the lines above and below.
            if cover is not None:
                shown = rect & cover[1]
            else:
                inset = rect.height * 0.2
                shown = fitz.Rect(rect.x0, rect.y0 + inset, rect.x1, rect.y1 - inset)
            text += chr(char[0])
            clip = shown if clip.is_empty else clip | shown
        if text:
            yield run(text, clip, under)


def _looks_flat(page: fitz.Page, clip: fitz.Rect) -> bool:
    """The page, rendered with its annotations, shows one colour in `clip`: nothing there can be read."""
    clip = clip & page.rect
    if clip.is_empty or clip.width < 1 or clip.height < 1:
        return False
    pixmap = page.get_pixmap(matrix=_ZOOM, clip=clip, colorspace=fitz.csRGB, annots=True)
    share, _colour = pixmap.color_topusage()
    return bool(share >= _FLAT)


def _opaque_boxes(page: fitz.Page) -> set[int]:
    """Drawings that are opaque filled rectangles and nothing else (a highlighter's shape is not one)."""
    return {
        drawing["seqno"]
        for drawing in page.get_drawings()
        if drawing.get("fill") is not None
        and drawing.get("fill_opacity") == 1
        and drawing["items"]
        and all(item[0] == "re" for item in drawing["items"])
    }


def _hidden_by_fill_or_colour(page: fitz.Page) -> str:
    renders = 0
    opaque: set[int] | None = None
    for run in _candidate_runs(page):
        if not meaningful(run.text):
            continue
        renders += 1
        if renders > _MAX_RENDERS_PER_PAGE:
            return ""
        if _looks_flat(page, run.clip):
            return run.text
        if run.labelled:
            # Not flat because of the words written on the box ("REDACTED"): the box still hides the text.
            opaque = _opaque_boxes(page) if opaque is None else opaque
            if run.cover in opaque:
                return run.text
    return ""


def _redaction_not_applied(page: fitz.Page) -> str:
    """The text under a Redact annotation: marked for redaction, still on the page."""
    for annotation in page.annots(types=[fitz.PDF_ANNOT_REDACT]):
        text = page.get_textbox(annotation.rect)
        if meaningful(text):
            return text
    return ""


def _hidden_by_xray(page: fitz.Page) -> str:
    return next((found["text"] for found in get_bad_redactions(page) if meaningful(found["text"])), "")


def page_hidden_text(page: fitz.Page) -> str:
    """Some text on the page that cannot be seen but can be copied, or ""."""
    if page.rotation:
        page.set_rotation(0)  # one coordinate system for text, drawings and renders
    return _hidden_by_xray(page) or _redaction_not_applied(page) or _hidden_by_fill_or_colour(page)


def bad_redaction_pages(doc: fitz.Document) -> list[int]:
    """The pages (1-based) with text hidden under boxes, highlights or white paint that can be copied."""
    # x-ray's pixel test compares exact colours: no anti-aliasing, or box edges would blend.
    fitz.TOOLS.set_aa_level(0)
    return [number for number, page in enumerate(doc, start=1) if page_hidden_text(page)]
