"""Writes to the identity core: accounts, contact details, e-mail addresses, passwords, national roles.

Each service is one transaction with its audit event. Court filer concerns (a new address filed with the
courts) are composed on top of these by `openecf.filers`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from openecf.accounts.lockout import cool_off_minutes, failure_count, is_locked_out
from openecf.accounts.models import AccountStatus, EmailChangeKind, EmailChangeUndo, SecondaryEmail, User
from openecf.accounts.passwords import password_check
from openecf.accounts.signals import account_sessions_ended, email_change_undone
from openecf.audit.services import audit_event_record
from openecf.errors import Conflict, InvalidInput, NotFound

MAX_SECONDARY_EMAILS = 5
CONTACT_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "phone",
    "firm",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "country",
)
REQUIRED_CONTACT_FIELDS = {"first_name": "first name", "last_name": "last name"}
CURRENT_PASSWORD_REFUSED_MESSAGE = "Your current password is not correct. Nothing was changed."  # noqa: S105
# Builds the absolute address of an undo link from its token (the page lives on a floor above).
UndoLink = Callable[[str], str]


# --- accounts that do not come through PACER registration -------------------------------------------


@transaction.atomic
def staff_account_create(
    *,
    username: str,
    password: str,
    acting_user: User | None,
    superuser: bool = False,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """An account for court staff or an administrator (PACER registration comes with its own flow)."""
    username = username.strip().lower()
    if not username:
        raise InvalidInput("An account needs a username.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(f"The username {username} is taken.", field="username")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=superuser,
        is_superuser=superuser,
    )
    user.set_password(password)
    user.save()
    audit_event_record(
        kind="account.created",
        acting_user=acting_user,
        subject=user,
        extra={"username": username, "superuser": superuser},
    )
    return user


@transaction.atomic
def account_admin_access_grant(*, user: User, acting_user: User | None) -> None:
    """Let the account into the clerk's-office admin site (what it sees there is scoped by its roles)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_staff:
        return
    locked.is_staff = True
    locked.save(update_fields=["is_staff"])
    user.is_staff = True
    audit_event_record(kind="account.admin_access_granted", acting_user=acting_user, subject=locked)


@transaction.atomic
def psc_administrator_appoint(*, user: User, acting_user: User | None) -> User:
    """Make the account a PACER Service Center administrator (a national role, not a court's)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.psc_admin:
        raise Conflict(f"{locked.username} is already a PACER Service Center administrator.")
    locked.psc_admin = True
    locked.save(update_fields=["psc_admin"])
    audit_event_record(kind="account.psc_administrator_appointed", acting_user=acting_user, subject=locked)
    return locked


# --- contact details --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactChange:
    """The account's contact details before and after an update, and which fields changed."""

    before: dict[str, str]
    after: dict[str, str]
    changed: tuple[str, ...]


def contact_details_of(user: User) -> dict[str, str]:
    return {field: str(getattr(user, field)) for field in CONTACT_FIELDS}


@transaction.atomic
def account_contact_update(*, user: User, acting_user: User, details: dict[str, str]) -> ContactChange:
    """Update the account's name, telephone, firm and address; unnamed fields keep their value."""
    user = User.objects.select_for_update().get(pk=user.pk)
    unknown = set(details) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown contact field {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    cleaned = {field: details.get(field, getattr(user, field)).strip() for field in CONTACT_FIELDS}
    for field, label in REQUIRED_CONTACT_FIELDS.items():
        if not cleaned[field]:
            raise InvalidInput(f"Enter your {label}.", field=field)
    for field, value in cleaned.items():
        limit = getattr(User._meta.get_field(field), "max_length", None) or 0
        if limit and len(value) > limit:
            raise InvalidInput(f"{field.replace('_', ' ')}: at most {limit} characters.", field=field)
    before = contact_details_of(user)
    changed = tuple(field for field in CONTACT_FIELDS if cleaned[field] != before[field])
    if changed:
        for field in changed:
            setattr(user, field, cleaned[field])
        user.save(update_fields=list(changed))
        audit_event_record(
            kind="account.contact_updated",
            acting_user=acting_user,
            subject=user,
            extra={"changed": list(changed)},
        )
    return ContactChange(before=before, after=cleaned, changed=changed)


# --- e-mail addresses -------------------------------------------------------------------------------


def _email_clean(email: str, field: str) -> str:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput("Enter a valid e-mail address, such as name@example.com.", field=field) from None
    return email


def _change_told_with_undo(
    *, user: User, kind: EmailChangeKind, old_email: str, new_email: str, undo_link: UndoLink
) -> None:
    """Tell the address that was in place, with a single-use undo link (only the token's hash is kept)."""
    token = secrets.token_urlsafe(32)
    EmailChangeUndo.objects.create(
        user=user,
        kind=kind,
        token_hash=_undo_token_hash(token),
        old_email=old_email,
        new_email=new_email,
        expires_at=timezone.now() + email_change_undo_valid_for(),
    )
    _email_notice_send(
        template=kind.value,  # accounts/email/primary_changed.txt, secondary_added.txt
        to=old_email,
        context={"user": user, "new_email": new_email, "undo_url": undo_link(token), **_undo_days()},
    )


def _undo_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def email_change_undo_valid_for() -> dt.timedelta:
    return dt.timedelta(days=settings.EMAIL_CHANGE_UNDO_DAYS)


def _email_notice_send(*, template: str, to: str, context: dict[str, object]) -> None:
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
    )


# What a refusal of the current password is audited as, by what the user was doing; otherwise
# "account.current_password_refused".
_PASSWORD_REFUSAL_AUDIT: dict[str, tuple[str, dict[str, object]]] = {
    "primary_email_change": ("account.email_change_refused", {"change": "primary"}),
    "secondary_email_add": ("account.email_change_refused", {"change": "secondary"}),
    "password_change": ("account.password_change_refused", {}),
}


def _locked_message() -> str:
    minutes = cool_off_minutes()
    wait = f"Wait {minutes} minutes and try again" if minutes else "Contact the PACER Service Center"
    return (
        f"Your username is locked after {settings.AXES_FAILURE_LIMIT} failed attempts to log in or to confirm "
        f"your password. Nothing was changed. {wait}, or log out and reset your password by e-mail with "
        "'Forgot password?'."
    )


def account_current_password_check(
    *, user: User, password: str, acting_user: User, doing: str, request: HttpRequest | None = None
) -> None:
    """Refuse a step that a stolen session must not take unless the current password is typed.

    A wrong password counts as a failed login of the username (the sign-in lockout) when the request is
    given, and a locked username is refused even with the right one. Each refusal is audited. Call it before
    the step's own transaction: the audit event (and the lockout count) must stay when the step is refused.
    """
    if request is not None and is_locked_out(request, user.username):
        reason, locked = "locked_out", True
    else:
        stored = User.objects.filter(pk=user.pk).values_list("password", flat=True).first() or ""
        if check_password(password, stored):
            return
        # The failure that reaches the limit locks the username, as on the login page.
        reason, locked = "wrong_password", request is not None and failure_count(request, user.username)
    kind, extra = _PASSWORD_REFUSAL_AUDIT.get(doing, ("account.current_password_refused", {}))
    with transaction.atomic():
        audit_event_record(
            kind=kind,
            acting_user=acting_user,
            subject=user,
            extra={**extra, "doing": doing, "reason": reason, "locked_out": locked},
        )
    if locked:
        raise InvalidInput(_locked_message(), code="locked_out", field="current_password")
    raise InvalidInput(CURRENT_PASSWORD_REFUSED_MESSAGE, code="wrong_password", field="current_password")


def account_email_change(
    *,
    user: User,
    acting_user: User,
    email: str,
    current_password: str,
    undo_link: UndoLink,
    request: HttpRequest | None = None,
) -> User:
    """The primary e-mail address (notices, password resets, MFA confirmation codes).

    A stolen session must not take the account: the current password is asked for (a wrong one counts towards
    the sign-in lockout when `request` is given), and the old address is told, with a link that undoes the
    change for `EMAIL_CHANGE_UNDO_DAYS`.
    """
    email = _email_clean(email, "email")
    account_current_password_check(
        user=user,
        password=current_password,
        acting_user=acting_user,
        doing="primary_email_change",
        request=request,
    )
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if email.lower() == locked.email.lower():
            return locked
        previous = locked.email
        locked.email = email
        locked.save(update_fields=["email"])
        SecondaryEmail.objects.filter(user=locked, email__iexact=email).delete()
        audit_event_record(kind="account.email_changed", acting_user=acting_user, subject=locked, extra={})
        if previous:
            _change_told_with_undo(
                user=locked,
                kind=EmailChangeKind.PRIMARY_CHANGED,
                old_email=previous,
                new_email=email,
                undo_link=undo_link,
            )
        return locked


def secondary_email_add(
    *,
    user: User,
    acting_user: User,
    email: str,
    current_password: str,
    undo_link: UndoLink,
    request: HttpRequest | None = None,
) -> SecondaryEmail:
    """A further address for notices (after the current password, as for the primary address); the primary
    address is told, with a link that removes it again."""
    email = _email_clean(email, "secondary_email")
    account_current_password_check(
        user=user,
        password=current_password,
        acting_user=acting_user,
        doing="secondary_email_add",
        request=request,
    )
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if email.lower() == locked.email.lower():
            raise Conflict("That is already your primary e-mail address.", field="secondary_email")
        if SecondaryEmail.objects.filter(user=locked, email__iexact=email).exists():
            raise Conflict("That address is already on your account.", field="secondary_email")
        if SecondaryEmail.objects.filter(user=locked).count() >= MAX_SECONDARY_EMAILS:
            raise Conflict(
                f"An account may have at most {MAX_SECONDARY_EMAILS} secondary e-mail addresses. "
                "Remove one first.",
                field="secondary_email",
            )
        secondary = SecondaryEmail.objects.create(user=locked, email=email)
        audit_event_record(
            kind="account.secondary_email_added", acting_user=acting_user, subject=secondary, extra={}
        )
        if locked.email:
            _change_told_with_undo(
                user=locked,
                kind=EmailChangeKind.SECONDARY_ADDED,
                old_email=locked.email,
                new_email=email,
                undo_link=undo_link,
            )
        return secondary


def _undo_days() -> dict[str, object]:
    return {"valid_days": settings.EMAIL_CHANGE_UNDO_DAYS}


def email_change_undo_find(token: str) -> EmailChangeUndo:
    """The change an undo link names, if the link is still good: forged, used and expired links are refused."""
    undo = (
        EmailChangeUndo.objects.select_related("user").filter(token_hash=_undo_token_hash(token)).first()
        if 20 <= len(token) <= 100
        else None
    )
    if undo is None:
        raise NotFound(
            "This link is not valid. Copy the whole link from the e-mail, or contact the PACER Service Center."
        )
    if undo.used_at is not None:
        raise Conflict(
            "This link was already used, or a later undo replaced it. If you still see a change you did not "
            "make, contact the PACER Service Center.",
            code="undo_used",
        )
    if undo.expires_at <= timezone.now():
        raise Conflict(
            f"This link expired: it worked for {settings.EMAIL_CHANGE_UNDO_DAYS} days after the change. "
            "Contact the PACER Service Center to restore your address.",
            code="undo_expired",
        )
    return undo


@transaction.atomic
def email_change_undo(*, token: str) -> EmailChangeUndo:
    """Follow an undo link: put the account's addresses back and end every session and API token it has.

    Undoing a primary change also voids the undo links of the changes made after it (so the change cannot be
    undone back) and removes secondary addresses added since. Links of earlier changes stay: a thief who
    changed the address twice must not kill the owner's link by following the link of the second change.
    """
    undo = email_change_undo_find(token)
    user = User.objects.select_for_update().get(pk=undo.user_id)
    undo = EmailChangeUndo.objects.select_for_update().get(pk=undo.pk)
    if undo.used_at is not None:
        raise Conflict("This link was already used.", code="undo_used")
    now = timezone.now()
    undo.used_at = now
    undo.save(update_fields=["used_at"])
    extra: dict[str, object] = {"kind": undo.kind, "undo": undo.pk}
    if undo.kind == EmailChangeKind.PRIMARY_CHANGED:
        user.email = undo.old_email
        user.save(update_fields=["email"])
        added_since = SecondaryEmail.objects.filter(user=user, created_at__gte=undo.created_at)
        removed = SecondaryEmail.objects.filter(user=user, email__iexact=undo.old_email) | added_since
        extra["secondary_removed"] = removed.count()
        removed.delete()
        # Ids grow with time, and one account's changes are serialized by the lock on its row.
        EmailChangeUndo.objects.filter(user=user, used_at__isnull=True, pk__gt=undo.pk).update(used_at=now)
    else:
        removed = SecondaryEmail.objects.filter(user=user, email__iexact=undo.new_email)
        extra["secondary_removed"] = removed.count()
        removed.delete()
    audit_event_record(kind="account.email_change_undone", acting_user=None, subject=user, extra=extra)
    if undo.kind == EmailChangeKind.PRIMARY_CHANGED:
        email_change_undone.send(sender=User, user=user, since=undo.created_at)
    account_sessions_end(user, acting_user=None)
    return undo


@transaction.atomic
def secondary_email_remove(*, secondary_email: SecondaryEmail, acting_user: User) -> None:
    audit_event_record(
        kind="account.secondary_email_removed", acting_user=acting_user, subject=secondary_email, extra={}
    )
    secondary_email.delete()


# --- sessions and standing --------------------------------------------------------------------------


@transaction.atomic
def account_sessions_end(
    user: User, *, keep: HttpRequest | None = None, acting_user: User | None = None
) -> None:
    """End every session of the account at once and revoke its API tokens; `keep` stays signed in.

    Django checks each session's hash against `User.get_session_auth_hash()` on every request, and the hash
    includes the session generation raised here. Receivers of `account_sessions_ended` (signin: the API
    tokens) run in this transaction.
    """
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation", "password"])
    audit_event_record(
        kind="account.sessions_ended",
        acting_user=acting_user,
        subject=user,
        extra={"kept_current": keep is not None},
    )
    account_sessions_ended.send(sender=User, user=user, acting_user=acting_user)
    if keep is not None and getattr(keep.user, "pk", None) == user.pk:
        # A new session key and the new hash for this browser only.
        update_session_auth_hash(keep, user)


@transaction.atomic
def account_disable(*, user: User, acting_user: User | None, reason: str = "") -> User:
    """Disable the account (the PACER Service Center's decision): it cannot sign in, and every session and
    API token it has ends now."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.status == AccountStatus.DISABLED:
        raise Conflict(f"{locked.username} is already disabled.")
    previous = locked.status
    locked.status = AccountStatus.DISABLED
    locked.save(update_fields=["status"])
    audit_event_record(
        kind="account.disabled",
        acting_user=acting_user,
        subject=locked,
        extra={"previous_status": previous, "reason": reason.strip()[:300]},
    )
    account_sessions_end(locked, acting_user=acting_user)
    user.status, user.session_generation = locked.status, locked.session_generation
    return locked


@transaction.atomic
def account_enable(*, user: User, acting_user: User | None) -> User:
    """Lift a disabling: the account is active again and signs in afresh."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.status != AccountStatus.DISABLED:
        raise Conflict(f"{locked.username} is not disabled.")
    locked.status = AccountStatus.ACTIVE
    locked.save(update_fields=["status"])
    audit_event_record(kind="account.enabled", acting_user=acting_user, subject=locked, extra={})
    user.status = locked.status
    return locked


# --- passwords and usernames ------------------------------------------------------------------------


def account_password_change(
    *,
    user: User,
    acting_user: User,
    current_password: str,
    new_password: str,
    request: HttpRequest | None = None,
) -> None:
    """Change the password knowing the current one; every other session ends, `request`'s stays.

    A wrong current password is audited and counts towards the sign-in lockout (with `request`).
    """
    account_current_password_check(
        user=user,
        password=current_password,
        acting_user=acting_user,
        doing="password_change",
        request=request,
    )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        account_password_set(
            user=user, acting_user=acting_user, password=new_password, reason="changed", keep=request
        )


@transaction.atomic
def account_password_set(
    *, user: User, acting_user: User | None, password: str, reason: str, keep: HttpRequest | None = None
) -> None:
    """Set a new password (after a change or an e-mailed reset) under the NIST rules, and end every session
    and API token of the account but `keep`'s session."""
    try:
        password_check(password, username=user.username)
    except InvalidInput as refused:
        raise InvalidInput(refused.message, field="new_password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_event_record(
        kind="account.password_changed", acting_user=acting_user, subject=user, extra={"how": reason}
    )
    account_sessions_end(user, keep=keep, acting_user=acting_user)


@transaction.atomic
def username_reminder_send(*, email: str) -> int:
    """E-mail the usernames registered to this address. The page says the same whatever happens."""
    email = email.strip()
    users = (
        list(User.objects.filter(email__iexact=email, is_active=True).order_by("username")) if email else []
    )
    for user in users:
        audit_event_record(kind="account.username_reminder_sent", acting_user=None, subject=user, extra={})
    if users:
        names = "\n".join(f"  {user.username}" for user in users)
        address = users[0].email
        transaction.on_commit(
            lambda: send_mail(
                subject="Your PACER username",
                message=(
                    f"You asked for the username of the PACER account registered to this address:\n\n{names}\n\n"
                    "Usernames are not case-sensitive. If you did not ask, you can ignore this message."
                ),
                from_email=None,
                recipient_list=[address],
            )
        )
    return len(users)
