"""Password rules after NIST SP 800-63B: long enough, not a common password, no composition rules."""

from __future__ import annotations

import functools

from django.contrib.auth.password_validation import CommonPasswordValidator

from openecf.errors import InvalidInput

PASSWORD_MIN_LENGTH = 12
# Long passphrases are welcome; the ceiling only keeps hashing cheap for hostile input.
PASSWORD_MAX_LENGTH = 128


@functools.cache
def _common_passwords() -> frozenset[str]:
    # Django ships a list of 20,000 passwords seen in breaches; NIST asks us to refuse them.
    return frozenset(CommonPasswordValidator().passwords)


def password_check(password: str, *, username: str = "") -> None:
    """Refuse a password that is too short, too long, common, one repeated character or the username."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput(
            f"The password must be at least {PASSWORD_MIN_LENGTH} characters long. "
            "A passphrase of several words is easy to remember and hard to guess.",
            field="password",
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise InvalidInput(
            f"The password must be at most {PASSWORD_MAX_LENGTH} characters long.", field="password"
        )
    lowered = password.strip().lower()
    if lowered in _common_passwords():
        raise InvalidInput(
            "That password is on a list of commonly used passwords. Choose a different password.",
            field="password",
        )
    if len(set(lowered)) == 1:
        raise InvalidInput(
            "The password must not be one character repeated. Choose a different password.",
            field="password",
        )
    if username and username.strip().lower() in lowered:
        raise InvalidInput("The password must not contain the username.", field="password")
