"""The one place that answers "may this user do X in this court (or case)": views, API and tasks ask it.

`refusal()` says why not, in words the user can act on; `may()` is its yes/no; `require()` raises the
domain error. Staff-only actions refuse with NotFound, so a page of another court looks like no page.
"""

from __future__ import annotations

import enum

from django.contrib.auth.models import AnonymousUser

from openecf.accounts.models import (
    AccountStatus,
    CourtRole,
    CourtRoleKind,
    FilerRole,
    FilingRight,
    LegacyFilerAccount,
    User,
)
from openecf.cases.models import Case, Representation
from openecf.courts.models import Court
from openecf.errors import InvalidInput, NotFound

AnyUser = User | AnonymousUser | None


class Action(enum.StrEnum):
    VIEW_PUBLIC = "view_public"
    SEARCH = "search"
    FILE = "file"
    FILE_CONFIDENTIAL = "file_confidential"
    LINK_FILER_ACCOUNT = "link_filer_account"
    REQUEST_FILING_ACCESS = "request_filing_access"
    REVIEW_FILING_REQUESTS = "review_filing_requests"
    UNLINK = "unlink"
    SEE_SEALED = "see_sealed"
    SEE_RESTRICTED = "see_restricted"
    DOCKET = "docket"
    ENTER_ORDERS = "enter_orders"
    PROCESS_CHANGE_REQUESTS = "process_change_requests"
    PSC_ADMIN = "psc_admin"


# Staff actions and the court roles that carry them; refused as "not found" to everyone else.
STAFF_ACTIONS: dict[Action, frozenset[str]] = {
    Action.REVIEW_FILING_REQUESTS: frozenset({CourtRoleKind.CLERK, CourtRoleKind.HELP_DESK}),
    Action.UNLINK: frozenset({CourtRoleKind.CLERK, CourtRoleKind.HELP_DESK}),
    Action.DOCKET: frozenset({CourtRoleKind.CLERK, CourtRoleKind.HELP_DESK}),
    Action.PROCESS_CHANGE_REQUESTS: frozenset({CourtRoleKind.CLERK, CourtRoleKind.HELP_DESK}),
    Action.ENTER_ORDERS: frozenset({CourtRoleKind.JUDGE, CourtRoleKind.CHAMBERS}),
    Action.SEE_SEALED: frozenset(CourtRoleKind.values),
}

NOT_SIGNED_IN = "Log in with your PACER account first."
SHARED_ACCOUNT = (
    "This is a shared (firm) PACER account: it may view but may never file or link. "
    "DO NOT login with a shared/firm PACER account; log in with your own upgraded PACER account."
)
LEGACY_ACCOUNT = (
    "This is a legacy PACER account (created before August 11, 2014). Upgrade it (new username, "
    "password and security questions) before you link a CM/ECF account or file."
)
DISABLED_ACCOUNT = "This PACER account is disabled. Contact the PACER Service Center."
INACTIVE_ACCOUNT = (
    "Your PACER account is inactive: searches are available once you enter the activation code mailed to you."
)
NO_FILING_RIGHTS = (
    "You do not have filing rights in this court. Link your filer account or request permission to file."
)
NO_MFA = "Filers must use multi-factor authentication: add an authenticator app in Manage My Account before you file."
NOT_CIF = "Only a Confidential Information Filer of this court may file confidential (BPI) material."
CASE_OUT_OF_REACH = "You may not file in that case."


def _signed_in(user: AnyUser) -> User | None:
    if user is None or not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return None
    return user


def _court_id(court: Court | str | None, case: Case | None) -> str | None:
    if court is None:
        return case.court_id if case is not None else None
    return court.pk if isinstance(court, Court) else court


def court_roles(user: User, court_id: str) -> set[str]:
    return set(CourtRole.objects.filter(user=user, court_id=court_id).values_list("role", flat=True))


def active_filing_rights(user: User, court_id: str) -> list[FilingRight]:
    return list(FilingRight.objects.filter(user=user, court_id=court_id, revoked_at__isnull=True))


def has_confirmed_mfa(user: User) -> bool:
    return user.totp_devices.filter(confirmed_at__isnull=False).exists()


def case_participant(user: User, case: Case) -> bool:
    """The user's attorney record in the case's court represents one of its parties."""
    attorney_ids = set(
        FilingRight.objects.filter(
            user=user, court_id=case.court_id, revoked_at__isnull=True, attorney__isnull=False
        ).values_list("attorney_id", flat=True)
    ) | set(
        LegacyFilerAccount.objects.filter(
            linked_user=user, court_id=case.court_id, attorney__isnull=False
        ).values_list("attorney_id", flat=True)
    )
    if not attorney_ids:
        return False
    return Representation.objects.filter(
        party__case=case, attorney_id__in=attorney_ids, date_terminated__isnull=True
    ).exists()


def _account_may_file_or_link(user: User) -> str | None:
    if user.status == AccountStatus.DISABLED:
        return DISABLED_ACCOUNT
    if user.shared_account:
        return SHARED_ACCOUNT
    if user.is_legacy:
        return LEGACY_ACCOUNT
    return None


def _refusal_to_file(user: User, court_id: str, case: Case | None, *, confidential: bool) -> str | None:
    reason = _account_may_file_or_link(user)
    if reason:
        return reason
    rights = active_filing_rights(user, court_id)
    if not rights:
        return NO_FILING_RIGHTS
    if confidential and not any(r.role == FilerRole.CONFIDENTIAL_INFORMATION_FILER for r in rights):
        return NOT_CIF
    if not has_confirmed_mfa(user):
        return NO_MFA
    if case is not None and case.is_sealed and not case_participant(user, case):
        return CASE_OUT_OF_REACH
    return None


def refusal(
    user: AnyUser, action: Action, *, court: Court | str | None = None, case: Case | None = None
) -> str | None:
    """Why the user may not do `action` in `court` (or `case`), or None when they may."""
    court_id = _court_id(court, case)
    if case is not None and case.court_id != court_id:
        return "That case is not in this court."
    if action == Action.VIEW_PUBLIC:
        disabled = isinstance(user, User) and user.status == AccountStatus.DISABLED
        return DISABLED_ACCOUNT if disabled else None
    signed_in = _signed_in(user)
    if signed_in is None:
        return NOT_SIGNED_IN
    if action == Action.PSC_ADMIN:
        return None if signed_in.psc_admin or signed_in.is_superuser else "PACER Service Center staff only."
    if court_id is None:
        return "Choose a court first."
    if action in STAFF_ACTIONS:
        if signed_in.is_superuser or court_roles(signed_in, court_id) & STAFF_ACTIONS[action]:
            return None
        return "Court staff only."
    staff = signed_in.is_superuser or bool(court_roles(signed_in, court_id))
    if action == Action.SEE_RESTRICTED:
        if staff or (case is not None and case_participant(signed_in, case)):
            return None
        return "Only the court and the case's participants may see this."
    if action == Action.SEARCH:
        if staff or signed_in.status == AccountStatus.ACTIVE:
            return None
        return DISABLED_ACCOUNT if signed_in.status == AccountStatus.DISABLED else INACTIVE_ACCOUNT
    if action in (Action.FILE, Action.FILE_CONFIDENTIAL):
        return _refusal_to_file(signed_in, court_id, case, confidential=action == Action.FILE_CONFIDENTIAL)
    if action in (Action.LINK_FILER_ACCOUNT, Action.REQUEST_FILING_ACCESS):
        return _account_may_file_or_link(signed_in)
    raise ValueError(f"Unknown action {action!r}")


def may(user: AnyUser, action: Action, *, court: Court | str | None = None, case: Case | None = None) -> bool:
    return refusal(user, action, court=court, case=case) is None


def require(
    user: AnyUser, action: Action, *, court: Court | str | None = None, case: Case | None = None
) -> User:
    """The signed-in user, if they may; otherwise the domain error (NotFound for staff-only actions)."""
    reason = refusal(user, action, court=court, case=case)
    if reason is not None:
        if action in STAFF_ACTIONS or action == Action.PSC_ADMIN:
            raise NotFound("There is nothing at this address.", code="not_found")
        raise InvalidInput(reason, code="not_permitted")
    signed_in = _signed_in(user)
    if signed_in is None:
        # Only VIEW_PUBLIC lets an anonymous visitor through; it has no user to hand back.
        raise InvalidInput(NOT_SIGNED_IN, code="not_permitted")
    return signed_in


def has_filing_rights(user: AnyUser, court: Court | str) -> bool:
    """Whether the user holds any active filing right in the court (MFA aside): the seed-004 choice."""
    signed_in = _signed_in(user)
    court_id = _court_id(court, None)
    return signed_in is not None and court_id is not None and bool(active_filing_rights(signed_in, court_id))
