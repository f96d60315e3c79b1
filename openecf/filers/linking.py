"""Linking a court's legacy CM/ECF login to an upgraded PACER account (the user cannot undo it; the court's
help desk can), and the help desk's list of linked logins."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.contrib.auth.hashers import check_password
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openecf.access.policy import Action, require
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.filers.legacy_logins import filer_role_parse
from openecf.filers.models import (
    FilerRole,
    FilingAccessRequest,
    FilingRight,
    LegacyFilerAccount,
    LinkFailure,
    RequestStatus,
)
from openecf.filers.rights import filing_right_ensure

LINK_FAILED = "If the linking process failed, please try again. Make sure your username is all lowercase."
LINK_CONFIRMATION_MAX_AGE = dt.timedelta(minutes=10)
# Guessing a legacy password through the link form is throttled per PACER account and court.
LINK_FAILURES_ALLOWED = 5
LINK_FAILURE_WINDOW = dt.timedelta(minutes=15)
_LINK_SALT = "openecf.accounts.filer-account-link"
HELPDESK_LIST_LIMIT = 200


@dataclasses.dataclass(frozen=True)
class LinkConfirmation:
    """A checked pair of accounts, and the signed token that lets the user confirm the link."""

    legacy_account: LegacyFilerAccount
    token: str


def _link_failures(user: User, court: Court) -> int:
    since = timezone.now() - LINK_FAILURE_WINDOW
    return LinkFailure.objects.filter(user=user, court=court, failed_at__gte=since).count()


def _link_failure_record(user: User, court: Court, login: str) -> None:
    with transaction.atomic():
        LinkFailure.objects.create(user=user, court=court, login=login[:60])
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
    role = filer_role_parse(account.role) or FilerRole.ATTORNEY
    right = filing_right_ensure(
        user=user, court=court, role=role, bar_number=account.bar_number, attorney_id=account.attorney_id
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
    role = filer_role_parse(account.role) or FilerRole.ATTORNEY
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


# --- the help desk's view ---------------------------------------------------------------------------


def linked_filer_accounts(user: User, court: Court, *, search: str = "") -> QuerySet[LegacyFilerAccount]:
    """The court's linked logins for its help desk, by login; `search` matches the login or the username."""
    require(user, Action.UNLINK, court=court)
    search = search.strip()[:60]
    linked = LegacyFilerAccount.objects.filter(court=court, linked_user__isnull=False).select_related(
        "linked_user"
    )
    if search:
        linked = linked.filter(login__icontains=search) | linked.filter(
            linked_user__username__icontains=search
        )
    return linked.order_by("login")


def access_legacy_filer_account(user: User, court: Court, account_id: int) -> LegacyFilerAccount:
    """One of the court's legacy logins, for its help desk; anyone else, or another court's id: not found."""
    require(user, Action.UNLINK, court=court)
    account = LegacyFilerAccount.objects.filter(court=court, pk=account_id).select_related("court").first()
    if account is None:
        raise NotFound("There is no such CM/ECF login in this court.")
    return account
