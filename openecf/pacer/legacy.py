"""Legacy PACER accounts (created before 2014-08-11): their import and their upgrade."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import identify_hasher, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from openecf.accounts.credentials import USERNAME_MAX_LENGTH, USERNAME_PATTERN, username_check
from openecf.accounts.models import AccountStatus, SecurityAnswer, User
from openecf.accounts.services import account_sessions_end
from openecf.audit.services import audit_event_record
from openecf.errors import Conflict, InvalidInput
from openecf.pacer.registration import RegistrationCredentials, credentials_hashes_check

LEGACY_CSV_COLUMNS = ("username", "first_name", "last_name", "email", "created_on", "shared")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class LegacyImportResult:
    created: list[str]
    already_present: list[str]


@dataclass(frozen=True)
class _LegacyRow:
    username: str
    password_hash: str
    first_name: str
    last_name: str
    email: str
    created_on: dt.date
    shared: bool


def _legacy_row_parse(number: int, row: Mapping[str, str | None]) -> _LegacyRow:
    def value(name: str) -> str:
        return (row.get(name) or "").strip()

    def refuse(reason: str) -> InvalidInput:
        return InvalidInput(f"Row {number}: {reason}", field=f"row {number}")

    username = value("username").lower()
    if not username:
        raise refuse("the username is empty.")
    if len(username) > USERNAME_MAX_LENGTH or not USERNAME_PATTERN.match(username):
        raise refuse(f"the username {username!r} has characters other than letters, digits and . _ - @.")
    password_hash, password = value("password_hash"), value("password")
    if bool(password_hash) == bool(password):
        raise refuse("give either password_hash or password, not both and not neither.")
    if password_hash:
        try:
            identify_hasher(password_hash)
        except ValueError:
            raise refuse("password_hash is not a hash this system can check (argon2 or pbkdf2).") from None
    else:
        password_hash = make_password(password)
    if not value("first_name") or not value("last_name"):
        raise refuse("first_name and last_name are required.")
    email = value("email")
    try:
        validate_email(email)
    except ValidationError:
        raise refuse(f"the e-mail address {email!r} is not valid.") from None
    try:
        created_on = dt.date.fromisoformat(value("created_on"))
    except ValueError:
        raise refuse(f"created_on {value('created_on')!r} is not a date; use YYYY-MM-DD.") from None
    if created_on > timezone.localdate():
        raise refuse(f"created_on {created_on} is in the future.")
    shared = value("shared").lower()
    if shared not in _YES | _NO:
        raise refuse(f"shared must be yes or no, not {value('shared')!r}.")
    return _LegacyRow(
        username=username,
        password_hash=password_hash,
        first_name=value("first_name"),
        last_name=value("last_name"),
        email=email,
        created_on=created_on,
        shared=shared in _YES,
    )


def legacy_pacer_accounts_import(
    *, columns: Sequence[str], rows: Sequence[tuple[int, Mapping[str, str | None]]], acting_user: User | None
) -> LegacyImportResult:
    """Import PACER accounts with their creation dates; all rows or none; accounts already here are skipped.

    Each row comes with its line number in the file (the header is line 1), which refusals name.
    """
    missing = [name for name in LEGACY_CSV_COLUMNS if name not in columns]
    if missing or ("password_hash" not in columns and "password" not in columns):
        needed = [*missing, *([] if {"password_hash", "password"} & set(columns) else ["password_hash"])]
        raise InvalidInput(f"Row 1: the header lacks the column(s) {', '.join(needed)}.", field="row 1")
    unknown = sorted(set(columns) - {*LEGACY_CSV_COLUMNS, "password_hash", "password"})
    if unknown:
        raise InvalidInput(f"Row 1: unknown column(s) {', '.join(unknown)}.", field="row 1")
    parsed: list[_LegacyRow] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        if None in row:
            raise InvalidInput(f"Row {number}: more values than columns.", field=f"row {number}")
        legacy_row = _legacy_row_parse(number, row)
        if legacy_row.username in seen:
            raise InvalidInput(
                f"Row {number}: the username {legacy_row.username} is already on row {seen[legacy_row.username]}.",
                field=f"row {number}",
            )
        seen[legacy_row.username] = number
        parsed.append(legacy_row)
    created: list[str] = []
    present: list[str] = []
    with transaction.atomic():
        existing = {
            name.lower()
            for name in User.objects.filter(username__in=list(seen)).values_list("username", flat=True)
        }
        for legacy_row in parsed:
            if legacy_row.username in existing:
                present.append(legacy_row.username)
                continue
            user = User.objects.create(
                username=legacy_row.username,
                password=legacy_row.password_hash,
                first_name=legacy_row.first_name,
                last_name=legacy_row.last_name,
                email=legacy_row.email,
                account_created_on=legacy_row.created_on,
                shared_account=legacy_row.shared,
                status=AccountStatus.ACTIVE,
            )
            audit_event_record(
                kind="pacer_account.imported",
                acting_user=acting_user,
                subject=user,
                extra={
                    "username": user.username,
                    "created_on": legacy_row.created_on.isoformat(),
                    "shared": legacy_row.shared,
                    "legacy": user.is_legacy,
                },
            )
            created.append(user.username)
    return LegacyImportResult(created=created, already_present=present)


@transaction.atomic
def pacer_account_upgrade(
    *, user: User, credentials: RegistrationCredentials, acting_user: User, request: HttpRequest | None = None
) -> User:
    """A legacy account takes a new username, password and security questions and becomes upgraded. The
    password changed: every other session and every API token of the account ends; `request`'s browser stays
    signed in."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if acting_user.pk != locked.pk:
        raise InvalidInput("Only the account's owner can upgrade it.")
    if not locked.is_legacy:
        raise Conflict("This PACER account is already an upgraded account; there is nothing to upgrade.")
    if locked.shared_account:
        raise Conflict(
            "A shared (firm) PACER account cannot be upgraded. If you wish to file documents, register for "
            "your own PACER account."
        )
    credentials_hashes_check(credentials)
    old_username = locked.username
    locked.username = username_check(credentials.username, exclude_user=locked)
    locked.password = credentials.password_hash
    locked.upgraded_at = timezone.now()
    locked.save(update_fields=["username", "password", "upgraded_at"])
    SecurityAnswer.objects.filter(user=locked).delete()
    SecurityAnswer.objects.bulk_create(
        SecurityAnswer(user=locked, question=question, answer_hash=answer_hash)
        for question, answer_hash in credentials.security_answers
    )
    audit_event_record(
        kind="pacer_account.upgraded",
        acting_user=acting_user,
        subject=locked,
        extra={"old_username": old_username, "username": locked.username},
    )
    account_sessions_end(locked, keep=request, acting_user=acting_user)
    return locked
