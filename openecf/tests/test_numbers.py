"""The one parser of typed numbers (openecf/numbers.py): ASCII digits, bounded, else a 400 naming the field."""

from __future__ import annotations

import pytest

from openecf.errors import InvalidInput
from openecf.numbers import is_ascii_digits, shown, whole_number_or_none, whole_number_parse


@pytest.mark.parametrize(("text", "value"), [("1", 1), (" 42 ", 42), ("007", 7), ("2147483647", 2147483647)])
def test_ascii_digits_are_read(text, value):
    assert whole_number_parse(text, name="page") == value


@pytest.mark.parametrize(
    "text",
    [
        "²",  # superscript two: str.isdigit() says yes, int() says no
        "①",
        "١٢",  # Arabic-Indic digits: int() reads them, a user's page number should not be them
        "\uff11\uff12",  # fullwidth
        "9" * 5000,  # more digits than int() converts
        "2147483648",
        "-1",
        "+1",
        "1.5",
        "1e3",
        "1_000",
        "",
        " ",
        "12\x00",
        "\u202e12",
    ],
)
def test_anything_else_is_invalid_input_naming_the_parameter(text):
    with pytest.raises(InvalidInput) as refused:
        whole_number_parse(text, name="page")
    assert refused.value.field == "page"
    assert refused.value.message.startswith("page: ")
    assert len(refused.value.message) < 200


def test_bounds_and_code():
    assert whole_number_parse("5", name="n", minimum=5, maximum=5) == 5
    with pytest.raises(InvalidInput) as refused:
        whole_number_parse("0", name="n", minimum=1, code="invalid_filter")
    assert refused.value.code == "invalid_filter"
    assert "from 1 to" in refused.value.message


def test_empty_is_none_when_optional():
    assert whole_number_or_none(None, name="n") is None
    assert whole_number_or_none("  ", name="n") is None
    assert whole_number_or_none("3", name="n") == 3


def test_ascii_digits_and_what_is_shown():
    assert is_ascii_digits("0123456789")
    assert not is_ascii_digits("²")
    assert not is_ascii_digits("")
    assert shown("a\x00b\u202ec") == "a?b?c"
    assert shown("x" * 30) == "x" * 20 + "…"
