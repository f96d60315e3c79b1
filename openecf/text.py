"""Characters that change how text reads without being seen: refused where users type, removed where shown.

A right-to-left override (U+202E) before "exe.doc" shows it as "cod.exe"; an isolate or mark
reorders a name on a docket. Names typed by users refuse them; imported text (a PACER docket)
keeps its words but loses them.
"""

from __future__ import annotations

from openecf.errors import InvalidInput

# Embeddings and overrides (U+202A-E), isolates (U+2066-9), the LTR/RTL marks and the Arabic letter mark.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
)
_REMOVE_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))
BIDI_REFUSAL = (
    "must not contain text-direction control characters (such as the right-to-left override); "
    "type the text without them."
)


def has_bidi_controls(text: str) -> bool:
    return any(character in BIDI_CONTROLS for character in text)


def bidi_controls_strip(text: str) -> str:
    """The text without its direction controls, for text that was imported rather than typed."""
    return text.translate(_REMOVE_BIDI) if has_bidi_controls(text) else text


def has_control_characters(text: str, *, allow_line_breaks: bool = False) -> bool:
    """NUL and the other C0/C1 control characters (tab and line breaks allowed in multi-line text)."""
    allowed = "\t\r\n" if allow_line_breaks else ""
    return any(
        (ord(character) < 32 or 127 <= ord(character) < 160) and character not in allowed
        for character in text
    )


def typed_text_check(text: str, *, name: str, multiline: bool = False) -> str:
    """The text a user typed, or InvalidInput naming the field when it hides direction or control codes."""
    if has_bidi_controls(text):
        raise InvalidInput(f"{name}: {BIDI_REFUSAL}", field=name)
    if has_control_characters(text, allow_line_breaks=multiline):
        raise InvalidInput(f"{name}: must not contain control characters.", field=name)
    return text


def search_words_parse(text: str, *, name: str = "q", max_length: int) -> str:
    """Words to search for: NUL and other control characters are refused, the rest cut to max_length."""
    if has_control_characters(text):
        raise InvalidInput(
            f"{name}: must not contain control characters; type the words to search for.", field=name
        )
    return text.strip()[:max_length]
