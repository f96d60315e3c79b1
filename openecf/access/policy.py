"""The one place that answers "may this user do X in this court (or case)": views, API, services and tasks
ask it, and nothing else decides.

`refusal()` says why not, in words the user can act on; `may()` is its yes/no; `require()` raises the domain
error: NotFound for the court's staff-only and the PACER Service Center's actions (a page of another court
looks like no page), Forbidden for everything else. A new rule of the court is a new `Action` (or a new
branch for an existing one) here, with its test in `access/tests/test_policy.py`.
"""

from __future__ import annotations

import dataclasses
import enum

from django.contrib.auth.models import AnonymousUser

from openecf.access.facts import filer_facts, second_factor_facts
from openecf.accounts.models import AccountStatus, User
from openecf.cases.models import Case, Representation
from openecf.courts.models import Court
from openecf.courts.roles import CHAMBERS, CLERKS_OFFICE, COURT_STAFF, court_roles_of, courts_where
from openecf.errors import Forbidden, NotFound

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
    Action.REVIEW_FILING_REQUESTS: CLERKS_OFFICE,
    Action.UNLINK: CLERKS_OFFICE,
    Action.DOCKET: CLERKS_OFFICE,
    Action.PROCESS_CHANGE_REQUESTS: CLERKS_OFFICE,
    Action.ENTER_ORDERS: CHAMBERS,
    Action.SEE_SEALED: COURT_STAFF,
}
# Refused as "not found" too: nobody else learns that these pages exist.
HIDDEN_ACTIONS = frozenset({*STAFF_ACTIONS, Action.PSC_ADMIN})

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
PSC_STAFF_ONLY = "PACER Service Center staff only."
HIDDEN_PAGE = "There is nothing at this address."


def in_good_standing(user: User) -> bool:
    """The account may act as itself: not deactivated and not disabled by the PACER Service Center."""
    return user.is_active and user.status != AccountStatus.DISABLED


def signed_in(user: AnyUser) -> User | None:
    """The account, if it is signed in and in good standing; a disabled account sees only what the public
    sees (and its session is ended by `signin.middleware`)."""
    if user is None or not user.is_authenticated or not isinstance(user, User) or not in_good_standing(user):
        return None
    return user


def signed_in_account(user: AnyUser) -> User:
    """The signed-in account of a page that needs one; 'not found' for anyone else."""
    account = signed_in(user)
    if account is None:
        raise NotFound(NOT_SIGNED_IN)
    return account


def _court_id(court: Court | str | None, case: Case | None) -> str | None:
    if court is None:
        return case.court_id if case is not None else None
    return court.pk if isinstance(court, Court) else court


def mfa_required(user: User) -> bool:
    """Whether the account must sign in with a second factor: anyone who files, sees sealed material or acts
    for a court or the PACER Service Center (court staff, PSC administrators, superusers, admin-site users)."""
    if user.is_superuser or user.is_staff or user.psc_admin:
        return True
    if courts_where(user, COURT_STAFF):
        return True
    return filer_facts().files_anywhere(user)


def case_participant(user: User, case: Case) -> bool:
    """The user's attorney record in the case's court represents one of its parties, or the user is one of
    its pro se parties."""
    if case.parties.filter(pro_se_account=user, date_terminated__isnull=True).exists():
        return True
    attorney_ids = filer_facts().attorney_record_ids(user, case.court_id)
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
    filers = filer_facts()
    if not filers.files_in(user, court_id):
        return NO_FILING_RIGHTS
    if confidential and not filers.files_confidential_in(user, court_id):
        return NOT_CIF
    if not second_factor_facts().has_second_factor(user):
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
    account = signed_in(user)
    if account is None:
        disabled = isinstance(user, User) and user.status == AccountStatus.DISABLED
        return DISABLED_ACCOUNT if disabled else NOT_SIGNED_IN
    if action == Action.PSC_ADMIN:
        # A national office of its own: the system's superusers are not PACER Service Center staff.
        return None if account.psc_admin else PSC_STAFF_ONLY
    if court_id is None:
        return "Choose a court first."
    if action in STAFF_ACTIONS:
        if account.is_superuser or court_roles_of(account, court_id) & STAFF_ACTIONS[action]:
            return None
        return "Court staff only."
    staff = account.is_superuser or bool(court_roles_of(account, court_id))
    if action == Action.SEE_RESTRICTED:
        if staff or (case is not None and case_participant(account, case)):
            return None
        return "Only the court and the case's participants may see this."
    if action == Action.SEARCH:
        if staff or account.status == AccountStatus.ACTIVE:
            return None
        return DISABLED_ACCOUNT if account.status == AccountStatus.DISABLED else INACTIVE_ACCOUNT
    if action in (Action.FILE, Action.FILE_CONFIDENTIAL):
        return _refusal_to_file(account, court_id, case, confidential=action == Action.FILE_CONFIDENTIAL)
    if action in (Action.LINK_FILER_ACCOUNT, Action.REQUEST_FILING_ACCESS):
        return _account_may_file_or_link(account)
    raise ValueError(f"Unknown action {action!r}")


def may(user: AnyUser, action: Action, *, court: Court | str | None = None, case: Case | None = None) -> bool:
    return refusal(user, action, court=court, case=case) is None


def require(
    user: AnyUser, action: Action, *, court: Court | str | None = None, case: Case | None = None
) -> User:
    """The signed-in account, if it may; otherwise NotFound (staff and PSC actions) or Forbidden (why not)."""
    reason = refusal(user, action, court=court, case=case)
    if reason is not None:
        if action in HIDDEN_ACTIONS:
            raise NotFound(HIDDEN_PAGE)
        raise Forbidden(reason)
    account = signed_in(user)
    if account is None:
        # Only VIEW_PUBLIC lets an anonymous visitor through; it has no account to hand back.
        raise Forbidden(NOT_SIGNED_IN)
    return account


def is_court_staff(user: AnyUser, court: Court | str) -> bool:
    """Clerks, help desk, judges and chambers of the court (and superusers) see its sealed material."""
    return may(user, Action.SEE_SEALED, court=court)


@dataclasses.dataclass(frozen=True)
class Remedy:
    """Where a refused user goes to put the refusal right: a page named by its URL name."""

    label: str
    url_name: str
    per_court: bool = False  # the court's own page: its address takes the court id
    fragment: str = ""


# Every refusal that the user can put right links to the page that does it.
REMEDIES: dict[str, tuple[Remedy, ...]] = {
    NOT_SIGNED_IN: (Remedy("Log in", "signin:login"),),
    INACTIVE_ACCOUNT: (Remedy("Enter your activation code", "pacer:activate"),),
    LEGACY_ACCOUNT: (Remedy("Upgrade your PACER account", "pacer:upgrade"),),
    SHARED_ACCOUNT: (Remedy("Register your own PACER account", "pacer:register"),),
    NO_MFA: (Remedy("Add an authenticator app in Manage My Account", "myaccount:manage", fragment="mfa"),),
    NO_FILING_RIGHTS: (
        Remedy("Link your CM/ECF account", "filers:cmecf_link", per_court=True),
        Remedy("Request permission to file", "filers:cmecf_request_access", per_court=True),
    ),
}


def remedies_for(reason: str | None) -> tuple[Remedy, ...]:
    """The pages that put the refusal right (none for a refusal nobody can act on)."""
    return REMEDIES.get(reason or "", ())
