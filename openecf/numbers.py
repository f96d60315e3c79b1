"""The one parser for every number a user types: ASCII digits only, bounded in length and value.

`str.isdigit()` is true for "²" and "①", which `int()` then refuses; and `int()` of thousands of digits
is refused too. Pages, the API, forms and commands read numbers here, so a bad one is always a 400 (or a
one-line command error) naming the parameter.
"""

from __future__ import annotations

from openecf.errors import InvalidInput

ASCII_DIGITS = frozenset("0123456789")
# Enough for any number this system keeps (zero-padded ones included); int() of it is cheap.
MAX_DIGITS = 20
# The largest value a PositiveIntegerField holds on every supported database.
DATABASE_INTEGER_MAX = 2_147_483_647


def is_ascii_digits(text: str, *, max_digits: int = MAX_DIGITS) -> bool:
    """True for 1 to max_digits characters, each of them 0-9 (not "²", "①", "٣" nor a sign)."""
    return 0 < len(text) <= max_digits and all(character in ASCII_DIGITS for character in text)


def shown(text: str, limit: int = 20) -> str:
    """What the user typed, cut short and with control characters replaced, to quote in a message."""
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return "".join(character if character.isprintable() else "?" for character in cut)


def whole_number_parse(
    text: str,
    *,
    name: str,
    minimum: int = 0,
    maximum: int = DATABASE_INTEGER_MAX,
    code: str = "invalid",
) -> int:
    """The whole number in text (spaces around it allowed), or InvalidInput naming the parameter."""
    raw = text.strip()
    if is_ascii_digits(raw):
        value = int(raw)
        if minimum <= value <= maximum:
            return value
    raise InvalidInput(
        f"{name}: '{shown(raw)}' is not allowed; use a whole number from {minimum} to {maximum} "
        "(digits 0-9).",
        code=code,
        field=name,
    )


def whole_number_or_none(
    text: str | None,
    *,
    name: str,
    minimum: int = 0,
    maximum: int = DATABASE_INTEGER_MAX,
    code: str = "invalid",
) -> int | None:
    """None for an empty value, else as `whole_number_parse`."""
    if text is None or not text.strip():
        return None
    return whole_number_parse(text, name=name, minimum=minimum, maximum=maximum, code=code)
