"""Usernames and security answers of PACER accounts: their rules, and checking an answer."""

from __future__ import annotations

import re

from django.contrib.auth.hashers import check_password

from openecf.accounts.models import SecurityAnswer, User
from openecf.errors import Conflict, InvalidInput

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]*$")
USERNAME_MIN_LENGTH = 6
USERNAME_MAX_LENGTH = 40


def username_check(username: str, *, exclude_user: User | None = None) -> str:
    """The username as stored (lowercase), refused if malformed or taken in any capitalization."""
    normalized = username.strip().lower()
    if not USERNAME_MIN_LENGTH <= len(normalized) <= USERNAME_MAX_LENGTH:
        raise InvalidInput(
            f"The username must be {USERNAME_MIN_LENGTH} to {USERNAME_MAX_LENGTH} characters long.",
            field="username",
        )
    if not USERNAME_PATTERN.match(normalized):
        raise InvalidInput(
            "The username may contain only letters, digits, and the characters . _ - @, "
            "and must start with a letter or digit.",
            field="username",
        )
    taken = User.objects.filter(username__iexact=normalized)
    if exclude_user is not None:
        taken = taken.exclude(pk=exclude_user.pk)
    if taken.exists():
        raise Conflict(f"The username {normalized} is taken. Choose a different username.", field="username")
    return normalized


def security_answer_normalize(answer: str) -> str:
    """Answers match however they are capitalized or spaced."""
    return " ".join(answer.split()).lower()


def security_answer_verify(*, user: User, question: str, answer: str) -> bool:
    """For password reset and help-desk checks: does the answer match the stored hash?"""
    stored = SecurityAnswer.objects.filter(user=user, question=question).first()
    return stored is not None and check_password(security_answer_normalize(answer), stored.answer_hash)
