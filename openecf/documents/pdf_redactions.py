"""Bad redactions: text a reader cannot see on the page but can still select, copy and search.

Free Law Project's x-ray finds text under opaque filled rectangles drawn after it, or on a rectangle of
its own colour. Filers hide text in more ways than that, so this detector, on PyMuPDF like x-ray and with
x-ray's rules for what is worth reporting, looks for:

- text under anything that paints an area and is drawn after it: a box, a picture pasted over it, a
  shading, an annotation (a black highlighter, a filled rectangle), with words written on the box or not;
- text on a filled shape of its own colour (x-ray's case), and text painted white;
- a redaction marked in Acrobat but never applied (a Redact annotation over live text).

A candidate is reported only if the page, rendered, shows one flat colour where its characters are, so
text on a black table header written in white, an ordinary yellow highlighter, a watermark or an OCR layer
over a scanned picture are left alone. Like x-ray, text that is only repeated characters ("XXXX"), words
such as "redacted" or "confidential", or a date is not reported.

The cost is kept to what the page needs: PyMuPDF's drawing log (cheap) says whether anything painted over
or under text; only then are the characters traced (`get_texttrace`, the costly part) and the suspicious
places rendered, from one display list per page. Runs in the PDF sandbox (PyMuPDF, no Django).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import fitz
from xray.text_utils import is_repeated_chars, looks_like_a_date

# Drawing operations (PyMuPDF's bbox log) that paint an area and can cover text drawn before them.
_PAINTS_AREA = {"fill-path", "fill-image", "fill-shade", "fill-image-mask"}
_TEXT = {"fill-text", "stroke-text", "ignore-text"}
# Thinner than this is a line or a rule, not a box (x-ray's rule).
_MIN_SIDE = 4.0
# A character is under a box when this share of it is.
_COVERED = 0.8
# Enough renders to settle any real page; a page built to need more is not looked at further.
_MAX_RENDERS_PER_PAGE = 200
_ZOOM = fitz.Matrix(2, 2)
# "One flat colour": this share of the pixels (a highlighter's rounded ends leave a few others).
_FLAT = 0.99
# Two colours closer than this (0-1 per component) are the same to the eye.
_SAME_COLOUR = 0.02
# White as PyMuPDF's text dictionary gives it (sRGB as an integer).
_WHITE_RGB = 0xFFFFFF

# Words a redaction box may cover and say nothing (x-ray's list, longest first so that "redacted" is not
# read as "re" and "dacted"; a box often covers part of its label).
_LABELS = re.compile(
    r"confidential|name +redacted|privileged|privilege|redacted +and +publicly +filed|"
    r"redacted|redacte|redact|redac|reda|red|re",
    re.IGNORECASE,
)

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Run:
    """Consecutive characters of one span that may be hidden, and the area where they should show."""

    text: str
    clip: fitz.Rect
    # The drawing (its sequence number) that covers them, if any, and whether text is drawn on top of it.
    cover: int | None = None
    labelled: bool = False


@dataclass
class RedactionScan:
    """Pages with hidden text, and how far the scan got within its time budget."""

    pages: list[int] = field(default_factory=list)
    checked: int = 0


def meaningful(text: str) -> bool:
    """Text worth a warning: not blank, not XXXX, not "redacted"/"confidential", not a date (x-ray's rules)."""
    words = " ".join(text.split())
    return bool(
        words
        and re.search(r"\w", words)
        and not is_repeated_chars(words.replace(" ", ""))
        and _LABELS.sub("", words).strip()
        and not looks_like_a_date(words)
    )


def _rgb(color: Any) -> tuple[float, ...]:
    """A colour of any of PyMuPDF's device spaces (gray, RGB, CMYK), as RGB."""
    values = tuple(float(component) for component in (color or ()))
    if len(values) == 1:
        return values * 3
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return values


def _same_colour(a: Any, b: Any) -> bool:
    first, second = _rgb(a), _rgb(b)
    return len(first) == len(second) == 3 and all(
        abs(x - y) <= _SAME_COLOUR for x, y in zip(first, second, strict=True)
    )


def _is_white(color: Any) -> bool:
    return _same_colour(color, (1.0, 1.0, 1.0))


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _drawn_over_or_on(log: list[tuple[str, Box]]) -> tuple[bool, bool]:
    """From the drawing log alone: (any text at all, anything that may hide text): an area painted after text
    over it, or visible text on a filled shape (which may be of its own colour)."""
    texts = [(seqno, kind, box) for seqno, (kind, box) in enumerate(log) if kind in _TEXT]
    if not texts:
        return False, False
    paints = [
        (seqno, kind, box)
        for seqno, (kind, box) in enumerate(log)
        if kind in _PAINTS_AREA and box[2] - box[0] > _MIN_SIDE and box[3] - box[1] > _MIN_SIDE
    ]
    return True, any(
        _overlap(text, paint) and (after > seqno or (kind == "fill-path" and text_kind != "ignore-text"))
        for seqno, text_kind, text in texts
        for after, kind, paint in paints
    )


class _PageScan:
    """One page's candidates and their renders."""

    def __init__(self, page: fitz.Page, log: list[tuple[str, Box]]) -> None:
        self.page = page
        self.log = log
        self._display: fitz.DisplayList | None = None
        self._fills: dict[int, Any] | None = None
        self.renders = 0

    def looks_flat(self, clip: fitz.Rect) -> bool:
        """The page, rendered with its annotations, shows one colour in `clip`: nothing there can be read."""
        clip = clip & self.page.rect
        if clip.is_empty or clip.width < 1 or clip.height < 1:
            return False
        self.renders += 1
        if self._display is None:
            self._display = self.page.get_displaylist(annots=True)
        samples: bytes = self._display.get_pixmap(matrix=_ZOOM, colorspace=fitz.csGRAY, clip=clip).samples
        if not samples:
            return False
        common = max(set(samples[:: max(1, len(samples) // 64)]), key=samples.count)
        return samples.count(common) >= _FLAT * len(samples)

    def fills(self) -> dict[int, Any]:
        """Filled drawings by sequence number: their fill colour (None: not an opaque box of rectangles)."""
        if self._fills is None:
            self._fills = {
                drawing["seqno"]: drawing["fill"]
                if drawing.get("fill_opacity") == 1 and all(item[0] == "re" for item in drawing["items"])
                else None
                for drawing in self.page.get_drawings()
                if drawing.get("fill") is not None
            }
        return self._fills

    def runs(self) -> Iterator[_Run]:
        """Runs of characters under a later fill, on a fill of their own colour, or white (candidates)."""
        spans = self.page.get_texttrace()
        covers = [
            (seqno, fitz.Rect(box))
            for seqno, (kind, box) in enumerate(self.log)
            if kind in _PAINTS_AREA and box[2] - box[0] > _MIN_SIDE and box[3] - box[1] > _MIN_SIDE
        ]
        text_boxes = [(span["seqno"], fitz.Rect(span["bbox"])) for span in spans]
        for span in spans:
            yield from self._span_runs(span, covers, text_boxes)

    def _span_runs(
        self,
        span: dict[str, Any],
        covers: list[tuple[int, fitz.Rect]],
        text_boxes: list[tuple[int, fitz.Rect]],
    ) -> Iterator[_Run]:
        seqno, span_rect = span["seqno"], fitz.Rect(span["bbox"])
        near = [(number, rect) for number, rect in covers if rect.intersects(span_rect)]
        later = [(number, rect) for number, rect in near if number > seqno]
        visible = span["type"] != 3
        white = visible and _is_white(span["color"])
        # x-ray's case: on an earlier filled shape of the same colour as the text.
        same = (
            [
                (number, rect)
                for number, rect in near
                if number < seqno and _same_colour(self.fills().get(number), span["color"])
            ]
            if visible and near
            else []
        )
        if not later and not white and not same:
            return
        text, clip, under = "", fitz.Rect(), None
        for char in span["chars"]:
            rect = fitz.Rect(char[3])
            area = abs(rect)
            cover = next((box for box in later if area and abs(rect & box[1]) >= _COVERED * area), None)
            on = next((box for box in same if area and abs(rect & box[1]) >= _COVERED * area), None)
            hidden = cover is not None or on is not None or white
            if text and (not hidden or cover != under):
                yield self._run(text, clip, under, text_boxes)
                text, clip = "", fitz.Rect()
            under = cover
            if not hidden:
                continue
            # Only where the character is under the box; any other character without its line spacing,
            # which could reach the glyphs of the lines above and below.
            inset = rect.height * 0.2
            shown = (
                rect & cover[1]
                if cover is not None
                else fitz.Rect(rect.x0, rect.y0 + inset, rect.x1, rect.y1 - inset)
            )
            text += chr(char[0])
            clip = shown if clip.is_empty else clip | shown
        if text:
            yield self._run(text, clip, under, text_boxes)

    @staticmethod
    def _run(
        text: str,
        clip: fitz.Rect,
        cover: tuple[int, fitz.Rect] | None,
        text_boxes: list[tuple[int, fitz.Rect]],
    ) -> _Run:
        if cover is None:
            return _Run(text, clip)
        labelled = any(seqno > cover[0] and box.intersects(clip) for seqno, box in text_boxes)
        return _Run(text, clip, cover[0], labelled)

    def hidden_by_paint(self) -> str:
        for run in self.runs():
            if not meaningful(run.text):
                continue
            if self.renders >= _MAX_RENDERS_PER_PAGE:
                return ""
            if self.looks_flat(run.clip):
                return run.text
            # Not flat because of words written on an opaque box ("REDACTED"): the box still hides the text.
            if run.labelled and run.cover is not None and self.fills().get(run.cover) is not None:
                return run.text
        return ""

    def hidden_white_text(self) -> str:
        """White text found from the text dictionary (no tracing of characters needed)."""
        flags = fitz.TEXTFLAGS_DICT & ~fitz.TEXT_PRESERVE_IMAGES
        for block in self.page.get_text("dict", flags=flags)["blocks"]:
            for line in block.get("lines", ()):
                for span in line["spans"]:
                    if span["color"] != _WHITE_RGB or not meaningful(span["text"]):
                        continue
                    if self.renders >= _MAX_RENDERS_PER_PAGE:
                        return ""
                    rect = fitz.Rect(span["bbox"])
                    inset = rect.height * 0.2
                    if self.looks_flat(fitz.Rect(rect.x0, rect.y0 + inset, rect.x1, rect.y1 - inset)):
                        return str(span["text"])
        return ""

    def redaction_not_applied(self) -> str:
        """The text under a Redact annotation: marked for redaction, still on the page."""
        for annotation in self.page.annots(types=[fitz.PDF_ANNOT_REDACT]):
            text = str(self.page.get_textbox(annotation.rect))
            if meaningful(text):
                return text
        return ""


def page_hidden_text(page: fitz.Page) -> str:
    """Some text on the page that cannot be seen but can be copied, or ""."""
    if page.rotation:
        page.set_rotation(0)  # one coordinate system for text, drawings and renders
    log = page.get_bboxlog()
    has_text, painted = _drawn_over_or_on(log)
    if not has_text:
        return ""
    scan = _PageScan(page, log)
    found = scan.redaction_not_applied()
    if not found and painted:
        found = scan.hidden_by_paint()  # traces every character: white text included
    elif not found:
        found = scan.hidden_white_text()
    return found


def bad_redaction_pages(doc: fitz.Document, *, budget_seconds: float | None = None) -> RedactionScan:
    """The pages (1-based) with text hidden under boxes, highlights or white paint that can be copied.

    With a budget (CPU seconds of this process), pages are scanned until it is spent; `checked` says how
    many were.
    """
    # Exact colours in renders: no anti-aliasing, or box edges would blend.
    fitz.TOOLS.set_aa_level(0)
    stop = None if budget_seconds is None else time.process_time() + budget_seconds
    scan = RedactionScan()
    for number, page in enumerate(doc, start=1):
        if stop is not None and time.process_time() >= stop:
            break
        try:
            hidden = page_hidden_text(page)
        except (RuntimeError, ValueError, fitz.mupdf.FzErrorBase):
            hidden = ""  # a page PyMuPDF cannot take apart is not looked into (advice never refuses a file)
        if hidden:
            scan.pages.append(number)
        scan.checked = number
    return scan
