"""Filers of a court: legacy CM/ECF logins and their linking, and requests for filing access."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import enum
import functools
import io
import re

from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from openecf.accounts.models import (
    GOVERNMENT_USER_TYPES,
    FilerRole,
    FilingAccessRequest,
    FilingRight,
    LegacyFilerAccount,
    RequestStatus,
    User,
)
from openecf.accounts.permissions import Action, require
from openecf.audit.models import AuditEvent
from openecf.audit.services import audit_event_record
from openecf.cases.access import access_case
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry
from openecf.errors import Conflict, InvalidInput, NotFound

LINK_FAILED = "If the linking process failed, please try again. Make sure your username is all lowercase."
LINK_CONFIRMATION_MAX_AGE = dt.timedelta(minutes=10)
# Guessing a legacy password through the link form is throttled per PACER account and court.
LINK_FAILURES_ALLOWED = 5
LINK_FAILURE_WINDOW = dt.timedelta(minutes=15)
_LINK_SALT = "openecf.accounts.filer-account-link"


# ---------------------------------------------------------------------------------------------------
# Redaction acknowledgment


@transaction.atomic
def redaction_acknowledge(*, court: Court, acting_user: User) -> None:
    """Record that the filer acknowledged the redaction rules on this login to the court."""
    audit_event_record(
        kind="cmecf.redaction_acknowledged", acting_user=acting_user, subject=acting_user, court=court
    )


# ---------------------------------------------------------------------------------------------------
# Linking a legacy CM/ECF login to a PACER account


@dataclasses.dataclass(frozen=True)
class LinkConfirmation:
    """A checked pair of accounts, and the signed token that lets the user confirm the link."""

    legacy_account: LegacyFilerAccount
    token: str


def _link_failures(user: User, court: Court) -> int:
    since = timezone.now() - LINK_FAILURE_WINDOW
    return AuditEvent.objects.filter(
        kind="filer_account.link_failed", acting_user=user, court=court, occurred_at__gte=since
    ).count()


def _link_failure_record(user: User, court: Court, login: str) -> None:
    with transaction.atomic():
        audit_event_record(
            kind="filer_account.link_failed",
            acting_user=user,
            subject=user,
            court=court,
            extra={"login": login[:60]},
        )


def _link_refusal(user: User, court: Court, account: LegacyFilerAccount) -> None:
    if account.linked_user_id is not None:
        raise Conflict(
            "That CM/ECF login is already linked to a PACER account. If you linked the wrong accounts, "
            f"ask the {court.name} CM/ECF Help Desk to unlink them.",
            field="login",
        )
    other = LegacyFilerAccount.objects.filter(court=court, linked_user=user).exclude(pk=account.pk).first()
    if other is not None:
        raise Conflict(
            f"Your PACER account is already linked to the CM/ECF login {other.login} in this court; "
            "a PACER account links one CM/ECF login per court.",
            field="login",
        )


def filer_account_link_verify(*, user: User, court: Court, login: str, password: str) -> LinkConfirmation:
    """Check the legacy login and password and that the pair may be linked; writes only a failed attempt."""
    require(user, Action.LINK_FILER_ACCOUNT, court=court)
    if _link_failures(user, court) >= LINK_FAILURES_ALLOWED:
        raise InvalidInput(
            "Too many failed linking attempts. Wait 15 minutes and try again, or contact the "
            "court's CM/ECF Help Desk.",
            code="too_many_attempts",
            field="login",
        )
    # Logins are stored lowercase and compared exactly: 'JDoe' is not 'jdoe' (the seed's advice).
    account = LegacyFilerAccount.objects.filter(court=court, login=login).first()
    valid = account is not None and check_password(password, account.password_hash)
    if account is None or not valid:
        _link_failure_record(user, court, login)
        raise InvalidInput(LINK_FAILED, code="link_failed", field="login")
    _link_refusal(user, court, account)
    token = signing.dumps({"u": user.pk, "c": court.pk, "a": account.pk}, salt=_LINK_SALT)
    return LinkConfirmation(legacy_account=account, token=token)


def filer_account_link_pending(*, user: User, court: Court, token: str) -> LegacyFilerAccount:
    """The legacy account a confirmation token names, if the token is this user's, for this court, and fresh."""
    try:
        data = signing.loads(token, salt=_LINK_SALT, max_age=LINK_CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        raise InvalidInput(
            "The confirmation has expired or is not valid. Enter your CM/ECF login and password again.",
            code="link_confirmation_invalid",
        ) from None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("c") != court.pk:
        raise InvalidInput(
            "The confirmation has expired or is not valid. Enter your CM/ECF login and password again.",
            code="link_confirmation_invalid",
        )
    account_id = data.get("a")
    account = (
        LegacyFilerAccount.objects.filter(court=court, pk=account_id).first()
        if isinstance(account_id, int)
        else None
    )
    if account is None:
        raise NotFound("That CM/ECF login no longer exists.")
    return account


@transaction.atomic
def filer_account_link(
    *, user: User, court: Court, confirmation: str, acting_user: User
) -> LegacyFilerAccount:
    """Link the legacy login named by a confirmation from filer_account_link_verify; cannot be undone by the user."""
    if acting_user.pk != user.pk:
        raise InvalidInput("Only the PACER account's owner links it.", code="not_permitted")
    require(user, Action.LINK_FILER_ACCOUNT, court=court)
    pending = filer_account_link_pending(user=user, court=court, token=confirmation)
    # Lock the user's row too, so two tabs cannot link two logins of one court at once.
    User.objects.select_for_update().filter(pk=user.pk).first()
    account = LegacyFilerAccount.objects.select_for_update().get(pk=pending.pk)
    _link_refusal(user, court, account)
    account.linked_user = user
    account.linked_at = timezone.now()
    account.save(update_fields=["linked_user", "linked_at"])
    role = _filer_role(account.role) or FilerRole.ATTORNEY
    right = FilingRight.objects.filter(user=user, court=court, role=role, revoked_at__isnull=True).first()
    if right is None:
        right = FilingRight.objects.create(
            user=user, court=court, role=role, bar_number=account.bar_number, attorney=account.attorney
        )
    audit_event_record(
        kind="filer_account.linked",
        acting_user=acting_user,
        subject=account,
        court=court,
        extra={"login": account.login, "user": user.username, "role": role, "filing_right": right.pk},
    )
    return account


@transaction.atomic
def filer_account_unlink(*, legacy_account: LegacyFilerAccount, acting_user: User, reason: str = "") -> None:
    """The court's help desk or clerk undoes a link; the login can then be linked again."""
    court = legacy_account.court
    require(acting_user, Action.UNLINK, court=court)
    account = LegacyFilerAccount.objects.select_for_update().filter(pk=legacy_account.pk).first()
    if account is None or account.linked_user is None:
        raise Conflict("That CM/ECF login is not linked to a PACER account.")
    user = account.linked_user
    role = _filer_role(account.role) or FilerRole.ATTORNEY
    # The right came with the link unless the clerk also granted it on a request.
    granted_on_request = FilingAccessRequest.objects.filter(
        user=user, court=court, role=role, status=RequestStatus.APPROVED
    ).exists()
    revoked: list[int] = []
    if not granted_on_request:
        now = timezone.now()
        rights = FilingRight.objects.select_for_update().filter(
            user=user, court=court, role=role, revoked_at__isnull=True
        )
        for right in rights:
            right.revoked_at = now
            right.save(update_fields=["revoked_at"])
            revoked.append(right.pk)
    account.linked_user = None
    account.linked_at = None
    account.save(update_fields=["linked_user", "linked_at"])
    audit_event_record(
        kind="filer_account.unlinked",
        acting_user=acting_user,
        subject=account,
        court=court,
        extra={
            "login": account.login,
            "user": user.username,
            "reason": reason[:500],
            "revoked_rights": revoked,
        },
    )


@functools.cache
def _dummy_hash() -> str:
    return make_password("not-a-legacy-password")


class LegacyLoginAnswer(enum.StrEnum):
    LINKED = "linked"
    NOT_LINKED = "not_linked"
    INVALID = "invalid"


def legacy_filer_login_check(court: Court, login: str, password: str) -> LegacyLoginAnswer:
    """What a legacy CM/ECF login gets on a NextGen court: never a sign-in."""
    account = LegacyFilerAccount.objects.filter(court=court, login=login).first()
    if account is None:
        # Spend the same work as a real check, so timing does not tell which logins exist.
        check_password(password, _dummy_hash())
        return LegacyLoginAnswer.INVALID
    if not check_password(password, account.password_hash):
        return LegacyLoginAnswer.INVALID
    return LegacyLoginAnswer.LINKED if account.linked_user_id else LegacyLoginAnswer.NOT_LINKED


# ---------------------------------------------------------------------------------------------------
# Importing legacy filer accounts


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


def _filer_role(text: str) -> FilerRole | None:
    return _ROLE_ALIASES.get(" ".join(text.strip().lower().split()))


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
        role = _filer_role(cell("role"))
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


# ---------------------------------------------------------------------------------------------------
# Filing access requests


class CifBasis(enum.StrEnum):
    FORM_17 = "form17"
    GOVERNMENT_FORM_11 = "government_form11"


_FORM_PATTERNS = {
    CifBasis.FORM_17: re.compile(r"\bform\s*17\b", re.IGNORECASE),
    CifBasis.GOVERNMENT_FORM_11: re.compile(r"\bform\s*11\b", re.IGNORECASE),
}


def _entry_is_form(entry: DocketEntry, basis: CifBasis) -> bool:
    pattern = _FORM_PATTERNS[basis]
    if entry.event is not None:
        prefix = "form17" if basis == CifBasis.FORM_17 else "form11"
        return entry.event.code.startswith(prefix) or bool(pattern.search(entry.event.label))
    return bool(pattern.search(entry.text[:200]))


def _cif_form_on_file(
    *, user: User, court: Court, basis: CifBasis, case_number: str, entry_number: int | None
) -> str:
    """Where the applicant's Form 17 (or Form 11) is docketed, as a line for the clerk; or the refusal."""
    own = (
        DocketEntry.objects.filter(case__court=court, filed_by=user, restriction="public")
        .select_related("event", "case__court")
        .order_by("-date_filed")
    )
    for own_entry in own:
        if _entry_is_form(own_entry, basis):
            label = own_entry.event.label if own_entry.event else "Form"
            return (
                f"{label} filed by this account: {own_entry.case.pacer_case_number} entry {own_entry.number}."
            )
    form = "Form 17" if basis == CifBasis.FORM_17 else "Form 11"
    if not case_number or entry_number is None:
        raise InvalidInput(
            f"No {form} filed by your account was found in this court. Give the case number and docket "
            f"entry number of your {form}.",
            field="cif_case_number",
        )
    case = access_case(user, court.pk, case_number)
    entry = (
        DocketEntry.objects.filter(case=case, number=entry_number, restriction="public")
        .select_related("event")
        .first()
    )
    if entry is None or not _entry_is_form(entry, basis):
        raise InvalidInput(
            f"Entry {entry_number} of {case.display_case_number} is not a {form}. Check the docket and "
            "give the entry number of your form.",
            field="cif_entry_number",
        )
    return (
        f"{form} named by the applicant: {case.pacer_case_number} entry {entry_number} ({entry.text[:120]})."
    )


def _email_on_commit(to: str, subject: str, body: str) -> None:
    if to:
        transaction.on_commit(lambda: send_mail(subject, body, None, [to]))


@transaction.atomic
def filing_access_request(
    *,
    user: User,
    court: Court,
    role: FilerRole | str,
    acting_user: User,
    bar_number: str = "",
    bar_state: str = "",
    bar_admission_date: dt.date | None = None,
    pro_hac_vice: bool = False,
    sponsoring_attorney_name: str = "",
    for_attorney_username: str = "",
    cif_basis: CifBasis | str = "",
    cif_case_number: str = "",
    cif_entry_number: int | None = None,
    statement: str = "",
) -> FilingAccessRequest:
    """Ask a court for filing rights in one filer role; the clerk decides."""
    if acting_user.pk != user.pk:
        raise InvalidInput("Only the PACER account's owner asks for filing access.", code="not_permitted")
    require(user, Action.REQUEST_FILING_ACCESS, court=court)
    if role not in FilerRole.values:
        raise InvalidInput(f"Choose a filer role: {', '.join(FilerRole.labels)}.", field="role")
    role = FilerRole(role)
    if FilingRight.objects.filter(user=user, court=court, role=role, revoked_at__isnull=True).exists():
        raise Conflict(f"You already have filing rights in this court as {role.label}.", field="role")
    bar_number, bar_state = bar_number.strip()[:40], bar_state.strip()[:60]
    sponsoring_attorney_name = " ".join(sponsoring_attorney_name.split())[:200]
    for_attorney: User | None = None
    notes: list[str] = []
    if role == FilerRole.ATTORNEY:
        if not bar_number:
            raise InvalidInput("Give your bar number.", field="bar_number")
        if not bar_state:
            raise InvalidInput("Give the state of your bar admission.", field="bar_state")
        if pro_hac_vice:
            if not sponsoring_attorney_name:
                raise InvalidInput(
                    "Pro hac vice admission needs a sponsoring attorney: give their name.",
                    field="sponsoring_attorney_name",
                )
        elif bar_admission_date is None:
            raise InvalidInput(
                "Give the date you were admitted to this court's bar (or ask to appear pro hac vice).",
                field="bar_admission_date",
            )
        if bar_admission_date is not None and bar_admission_date > timezone.localdate():
            raise InvalidInput("The bar admission date cannot be in the future.", field="bar_admission_date")
    elif role == FilerRole.FILING_AGENT:
        for_attorney = User.objects.filter(username__iexact=for_attorney_username.strip()).first()
        attorney_files_here = (
            for_attorney is not None
            and FilingRight.objects.filter(
                user=for_attorney, court=court, role=FilerRole.ATTORNEY, revoked_at__isnull=True
            ).exists()
        )
        if for_attorney is None or not attorney_files_here or for_attorney.pk == user.pk:
            raise InvalidInput(
                "A filing agent files for an attorney with filing rights in this court: give that "
                "attorney's PACER username.",
                field="for_attorney_username",
            )
    elif role == FilerRole.CONFIDENTIAL_INFORMATION_FILER:
        if cif_basis not in CifBasis.__members__.values():
            raise InvalidInput(
                "A Confidential Information Filer needs a Form 17 on file, or a government attorney's Form 11.",
                field="cif_basis",
            )
        basis = CifBasis(cif_basis)
        government = user.government_account or user.user_type in GOVERNMENT_USER_TYPES
        if basis == CifBasis.GOVERNMENT_FORM_11 and not government:
            raise InvalidInput(
                "Only a government account may rely on a Form 11; others file a Form 17.", field="cif_basis"
            )
        notes.append(
            _cif_form_on_file(
                user=user,
                court=court,
                basis=basis,
                case_number=cif_case_number.strip(),
                entry_number=cif_entry_number,
            )
        )
    statement = "\n".join([*notes, statement.strip()]).strip()[:4000]
    if FilingAccessRequest.objects.filter(
        user=user, court=court, role=role, status=RequestStatus.PENDING
    ).exists():
        raise Conflict(
            f"You already asked this court for filing access as {role.label}; the clerk has not decided yet."
        )
    try:
        with transaction.atomic():
            request = FilingAccessRequest.objects.create(
                user=user,
                court=court,
                role=role,
                bar_number=bar_number if role == FilerRole.ATTORNEY else "",
                bar_state=bar_state if role == FilerRole.ATTORNEY else "",
                bar_admission_date=bar_admission_date if role == FilerRole.ATTORNEY else None,
                pro_hac_vice=pro_hac_vice and role == FilerRole.ATTORNEY,
                sponsoring_attorney_name=sponsoring_attorney_name if role == FilerRole.ATTORNEY else "",
                for_attorney=for_attorney,
                cif_basis=str(cif_basis) if role == FilerRole.CONFIDENTIAL_INFORMATION_FILER else "",
                statement=statement,
            )
    except IntegrityError:
        raise Conflict(
            f"You already asked this court for filing access as {role.label}; the clerk has not decided yet."
        ) from None
    audit_event_record(
        kind="filing_access.requested",
        acting_user=acting_user,
        subject=request,
        court=court,
        extra={"role": role, "pro_hac_vice": request.pro_hac_vice, "cif_basis": request.cif_basis},
    )
    return request


def _decide(
    *, request: FilingAccessRequest, acting_user: User, status: RequestStatus, reason: str
) -> FilingAccessRequest:
    require(acting_user, Action.REVIEW_FILING_REQUESTS, court=request.court)
    locked = FilingAccessRequest.objects.select_for_update().filter(pk=request.pk).first()
    if locked is None:
        raise NotFound("There is no such filing access request.")
    if locked.status != RequestStatus.PENDING:
        raise Conflict(f"This request was already {locked.get_status_display().lower()}.")
    locked.status = status
    locked.reason = reason
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def filing_access_approve(
    *, request: FilingAccessRequest, acting_user: User, reason: str = ""
) -> FilingRight:
    """Grant the filing right asked for; the applicant is told by e-mail."""
    locked = _decide(
        request=request, acting_user=acting_user, status=RequestStatus.APPROVED, reason=reason.strip()
    )
    court, user, role = locked.court, locked.user, FilerRole(locked.role)
    if (
        role == FilerRole.FILING_AGENT
        and not FilingRight.objects.filter(
            user=locked.for_attorney, court=court, role=FilerRole.ATTORNEY, revoked_at__isnull=True
        ).exists()
    ):
        raise Conflict(
            "The attorney this filing agent files for no longer has filing rights here; deny instead."
        )
    right = FilingRight.objects.filter(user=user, court=court, role=role, revoked_at__isnull=True).first()
    if right is None:
        right = FilingRight.objects.create(
            user=user,
            court=court,
            role=role,
            bar_number=locked.bar_number,
            bar_state=locked.bar_state,
            pro_hac_vice=locked.pro_hac_vice,
            sponsoring_attorney=locked.for_attorney,
        )
    audit_event_record(
        kind="filing_access.approved",
        acting_user=acting_user,
        subject=locked,
        court=court,
        extra={"user": user.username, "role": role, "filing_right": right.pk},
    )
    _email_on_commit(
        user.email,
        f"{court.name}: filing access approved",
        f"Your request to file in the {court.name} as {role.label} was approved.\n"
        "Log in to the court's CM/ECF Document Filing System with your PACER username and password.\n"
        + (f"\nNote from the clerk: {locked.reason}\n" if locked.reason else ""),
    )
    return right


@transaction.atomic
def filing_access_deny(
    *, request: FilingAccessRequest, acting_user: User, reason: str
) -> FilingAccessRequest:
    """Refuse the request with a reason the applicant is told by e-mail."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Give the reason for the denial; the applicant is told it.", field="reason")
    locked = _decide(
        request=request, acting_user=acting_user, status=RequestStatus.DENIED, reason=reason[:2000]
    )
    role = FilerRole(locked.role)
    audit_event_record(
        kind="filing_access.denied",
        acting_user=acting_user,
        subject=locked,
        court=locked.court,
        extra={"user": locked.user.username, "role": role},
    )
    _email_on_commit(
        locked.user.email,
        f"{locked.court.name}: filing access denied",
        f"Your request to file in the {locked.court.name} as {role.label} was denied.\n\nReason: {locked.reason}\n\n"
        f"Questions: the court's CM/ECF Help Desk{f' at {locked.court.help_desk_phone}' if locked.court.help_desk_phone else ''}.\n",
    )
    return locked
