"""A court's legacy (pre-NextGen) CM/ECF logins: importing them from the court's export, and what such a
login gets when someone still tries it."""

from __future__ import annotations

import csv
import dataclasses
import enum
import functools
import io
import re

from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest

from openecf.accounts.lockout import cool_off_minutes, failure_count, is_locked_out
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court
from openecf.errors import InvalidInput
from openecf.filers.models import FilerRole, LegacyFilerAccount

_ROLE_ALIASES = {
    "attorney": FilerRole.ATTORNEY,
    "pro_se": FilerRole.PRO_SE,
    "pro se": FilerRole.PRO_SE,
    "pro se filer": FilerRole.PRO_SE,
    "filing_agent": FilerRole.FILING_AGENT,
    "filing agent": FilerRole.FILING_AGENT,
    "cif": FilerRole.CONFIDENTIAL_INFORMATION_FILER,
    "confidential information filer": FilerRole.CONFIDENTIAL_INFORMATION_FILER,
}
LEGACY_CSV_COLUMNS = ("login", "password", "password_hash", "name", "email", "role", "bar_number")


def filer_role_parse(text: str) -> FilerRole | None:
    """The filer role a legacy login's role column names ('pro se', 'CIF', …), if any."""
    return _ROLE_ALIASES.get(" ".join(text.strip().lower().split()))


def legacy_filer_accounts_exist(court: Court) -> bool:
    """Whether the court's legacy logins were imported."""
    return LegacyFilerAccount.objects.filter(court=court).exists()


@dataclasses.dataclass(frozen=True)
class LegacyFilerImportResult:
    created: int
    updated: int
    unchanged: int
    skipped_linked: int


@dataclasses.dataclass(frozen=True)
class _LegacyRow:
    line: int
    login: str
    password: str
    password_hash: str
    name: str
    email: str
    role: FilerRole
    bar_number: str


def _legacy_rows_parse(csv_text: str) -> list[_LegacyRow]:
    reader = csv.DictReader(io.StringIO(csv_text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = {"login", "name", "role"} - set(header)
    if missing or not ({"password", "password_hash"} & set(header)):
        raise InvalidInput(
            "The file needs a header line with the columns login, password or password_hash, name, "
            f"role (and optionally email, bar_number); it has: {', '.join(header) or 'none'}.",
            field="file",
        )
    reader.fieldnames = header
    rows: list[_LegacyRow] = []
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num

        def cell(name: str, record: dict[str | None, str | None] = record) -> str:
            return (record.get(name) or "").strip()

        def bad(message: str, line: int = line) -> InvalidInput:
            return InvalidInput(f"Line {line}: {message} Nothing was imported.", field="file")

        login = cell("login").lower()
        if not login or len(login) > 60 or not re.fullmatch(r"[a-z0-9._@-]+", login):
            raise bad("the login must be 1 to 60 letters, digits, dots, hyphens, underscores or @.")
        if login in seen:
            raise bad(f"the login {login} appears twice.")
        seen.add(login)
        password, password_hash = cell("password"), cell("password_hash")
        if bool(password) == bool(password_hash):
            raise bad("give either a password or a password_hash, not both and not neither.")
        if password_hash:
            try:
                identify_hasher(password_hash)
            except ValueError:
                raise bad(
                    "the password_hash is not in a format this system can check (argon2, pbkdf2)."
                ) from None
        name = cell("name")
        if not name:
            raise bad("the name is missing.")
        email = cell("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise bad("the email column is not an e-mail address.") from None
        role = filer_role_parse(cell("role"))
        if role is None:
            raise bad(f"the role must be one of {', '.join(FilerRole.values)}.")
        rows.append(
            _LegacyRow(line, login, password, password_hash, name[:200], email, role, cell("bar_number")[:40])
        )
    return rows


@transaction.atomic
def legacy_filer_accounts_import(
    *, court: Court, csv_text: str, acting_user: User | None
) -> LegacyFilerImportResult:
    """Import a court's legacy CM/ECF logins from CSV. Re-importing the same file changes nothing."""
    rows = _legacy_rows_parse(csv_text)
    created = updated = unchanged = skipped = 0
    existing = {a.login: a for a in LegacyFilerAccount.objects.select_for_update().filter(court=court)}
    for row in rows:
        account = existing.get(row.login)
        if account is not None and account.linked_user_id is not None:
            skipped += 1
            continue
        if account is not None and row.password and check_password(row.password, account.password_hash):
            password_hash = account.password_hash
        else:
            password_hash = row.password_hash or make_password(row.password)
        values = {
            "password_hash": password_hash,
            "name": row.name,
            "email": row.email,
            "role": str(row.role),
            "bar_number": row.bar_number,
        }
        if account is None:
            LegacyFilerAccount.objects.create(court=court, login=row.login, **values)
            created += 1
            continue
        changed = [field for field, value in values.items() if getattr(account, field) != value]
        if not changed:
            unchanged += 1
            continue
        for field in changed:
            setattr(account, field, values[field])
        account.save(update_fields=changed)
        updated += 1
    result = LegacyFilerImportResult(created, updated, unchanged, skipped)
    audit_event_record(
        kind="legacy_filer_accounts.imported",
        acting_user=acting_user,
        subject=court,
        court=court,
        extra=dataclasses.asdict(result),
    )
    return result


# --- a legacy login tried on a NextGen court ---------------------------------------------------------


@functools.cache
def _dummy_hash() -> str:
    return make_password("not-a-legacy-password")


class LegacyLoginAnswer(enum.StrEnum):
    LINKED = "linked"
    NOT_LINKED = "not_linked"
    INVALID = "invalid"
    LOCKED = "locked"


def legacy_login_lockout_key(court: Court, login: str) -> str:
    """The name the sign-in lockout counts this court's legacy login under (never a PACER username)."""
    return f"cmecf-legacy:{court.pk}:{login.strip().lower()}"


def legacy_login_lockout_message() -> str:
    minutes = cool_off_minutes()
    wait = f"wait {minutes} minutes before you try it again" if minutes else "contact the court's help desk"
    return (
        f"This CM/ECF login is locked after {settings.AXES_FAILURE_LIMIT} failed attempts: {wait}. "
        "CM/ECF logins no longer sign in here in any case: log in through PACER with your PACER username "
        "and password."
    )


def _legacy_login_audit(
    *, kind: str, request: HttpRequest, court: Court, login: str, account: LegacyFilerAccount | None
) -> None:
    with transaction.atomic():
        audit_event_record(
            kind=kind,
            acting_user=None,
            subject=account if account is not None else court,
            court=court,
            extra={"login": login[:60], "ip": str(request.META.get("REMOTE_ADDR", ""))},
        )


def legacy_filer_login_check(
    *, request: HttpRequest, court: Court, login: str, password: str
) -> LegacyLoginAnswer:
    """What a legacy CM/ECF login gets on a NextGen court: never a sign-in.

    The answer never tells whether the password was right: a linked login is 'linked' whatever the password,
    and the other answers show the same page. Attempts count towards the sign-in lockout and are audited.
    """
    key = legacy_login_lockout_key(court, login)
    account = LegacyFilerAccount.objects.filter(court=court, login=login).first()
    if is_locked_out(request, key):
        _legacy_login_audit(
            kind="legacy_login.refused_locked_out", request=request, court=court, login=login, account=account
        )
        return LegacyLoginAnswer.LOCKED
    # The same work with or without an account, so timing does not tell which logins exist.
    right = account is not None and check_password(password, account.password_hash)
    if account is None:
        check_password(password, _dummy_hash())
    linked = account is not None and account.linked_user_id is not None
    if right and not linked:
        _legacy_login_audit(
            kind="legacy_login.succeeded", request=request, court=court, login=login, account=account
        )
        return LegacyLoginAnswer.NOT_LINKED
    # A linked login counts every attempt, right or wrong, so not even the lockout tells its password.
    locked = failure_count(request, key)
    # This page shows the lockout in its own words; axes' middleware would swap in the PACER login page.
    request.axes_locked_out = False  # type: ignore[attr-defined]
    kind = "legacy_login.succeeded" if right else "legacy_login.failed"
    _legacy_login_audit(
        kind="legacy_login.locked_out" if locked else kind,
        request=request,
        court=court,
        login=login,
        account=account,
    )
    if locked:
        return LegacyLoginAnswer.LOCKED
    return LegacyLoginAnswer.LINKED if linked else LegacyLoginAnswer.INVALID
