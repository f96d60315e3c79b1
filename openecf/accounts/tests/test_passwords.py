"""NIST 800-63B password rules: length, common passwords, no composition rules."""

from __future__ import annotations

import pytest

from openecf.accounts.passwords import PASSWORD_MIN_LENGTH, password_check
from openecf.errors import InvalidInput


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # a passphrase, all lowercase: no composition rules
        "aaaaaaaaaaab",  # exactly 12 characters
        "ñandú-pájaro-grande",  # any Unicode
    ],
)
def test_accepted(password):
    password_check(password, username="someone")


@pytest.mark.parametrize("password", ["", "short", "elevenchars"])
def test_short_refused(password):
    assert len(password) < PASSWORD_MIN_LENGTH
    with pytest.raises(InvalidInput, match="at least 12") as caught:
        password_check(password)
    assert caught.value.field == "password"


@pytest.mark.parametrize("password", ["qwerty123456789", "QWERTY123456789", "112233445566"])
def test_common_passwords_refused_in_any_case(password):
    with pytest.raises(InvalidInput, match="commonly used"):
        password_check(password)


def test_one_repeated_character_refused():
    with pytest.raises(InvalidInput, match="repeated"):
        password_check("zzzzzzzzzzzzzzzz")


def test_username_inside_password_refused():
    with pytest.raises(InvalidInput, match="username"):
        password_check("my-Jdoe2020-password", username="JDOE2020")


def test_very_long_refused():
    with pytest.raises(InvalidInput, match="at most"):
        password_check("x" * 100 + "y" * 100)
