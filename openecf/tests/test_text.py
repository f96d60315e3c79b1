"""Direction and control codes (openecf/text.py): refused where typed, removed where imported text is shown."""

from __future__ import annotations

import pytest

from openecf.errors import InvalidInput
from openecf.text import BIDI_CONTROLS, bidi_controls_strip, has_bidi_controls, typed_text_check

EVERY_BIDI_CONTROL = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
]


def test_the_set_is_the_one_the_standard_names():
    assert set(EVERY_BIDI_CONTROL) == BIDI_CONTROLS


@pytest.mark.parametrize("control", EVERY_BIDI_CONTROL)
def test_typed_text_with_a_direction_control_is_refused(control):
    assert has_bidi_controls(f"Smith{control}Jones")
    with pytest.raises(InvalidInput) as refused:
        typed_text_check(f"Smith{control}Jones", name="last_name")
    assert refused.value.field == "last_name"


@pytest.mark.parametrize("text", ["a\x00b", "a\x1bb", "a\x7fb", "a\nb"])
def test_control_characters_are_refused_in_one_line(text):
    with pytest.raises(InvalidInput):
        typed_text_check(text, name="name")


def test_line_breaks_allowed_in_multi_line_text_and_ordinary_words_pass():
    assert typed_text_check("Suite 100\nNew York", name="address", multiline=True) == "Suite 100\nNew York"
    assert typed_text_check("Ñúñez — שלום 東京", name="name") == "Ñúñez — שלום 東京"


def test_imported_text_loses_only_its_direction_controls():
    assert bidi_controls_strip("Order\u202e granting\u2066 motion\u200f.") == "Order granting motion."
    plain = "Order granting motion."
    assert bidi_controls_strip(plain) is plain
