"""What every page's header needs: the staff menus of the signed-in account, its standing notice, and the
time of its previous login. Each is worked out only when a template shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from openecf.access.cases import courts_listed
from openecf.access.policy import Action, AnyUser, may, signed_in
from openecf.accounts.models import AccountStatus
from openecf.courts.roles import COURT_STAFF, courts_where
from openecf.signin.services import PREVIOUS_LOGIN_SESSION_KEY

INACTIVE_NOTICE = (
    "Your PACER account is inactive until you enter the activation code mailed to you. Until then you see "
    "what every visitor sees."
)


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str


@dataclass(frozen=True)
class StaffMenu:
    key: str  # the court id, or "psc"
    title: str
    links: tuple[MenuLink, ...]


@dataclass(frozen=True)
class AccountNotice:
    text: str
    link: MenuLink


# The clerk's office's queues: each shown to those the policy lets in.
_COURT_TOOLS = (
    (Action.REVIEW_FILING_REQUESTS, "Filing access requests", "filers:cmecf_clerk_queue"),
    (Action.PROCESS_CHANGE_REQUESTS, "Requests for Change in Information", "filers:change_request_queue"),
    (Action.UNLINK, "Linked CM/ECF accounts", "filers:cmecf_helpdesk_links"),
    (Action.DOCKET, "Quality control queue", "filing:qc_queue"),
    (Action.DOCKET, "E-filing maintenance windows", "filing:maintenance"),
    (Action.DOCKET, "Notices outbox", "notices:outbox"),
    (Action.DOCKET, "Undelivered notices", "notices:undelivered"),
)


def staff_menus(user: AnyUser) -> list[StaffMenu]:
    """One menu per court where the account holds a staff role (every court for a superuser), and the PACER
    Service Center's for its administrators."""
    account = signed_in(user)
    if account is None:
        return []
    menus: list[StaffMenu] = []
    staff_of = None if account.is_superuser else set(courts_where(account, COURT_STAFF))
    if staff_of is None or staff_of:
        for court in courts_listed():
            if staff_of is not None and court.pk not in staff_of:
                continue
            links = [MenuLink("Cases and Docket Reports", reverse("web:court", args=[court.pk]))]
            links += [
                MenuLink(label, reverse(url_name, args=[court.pk]))
                for action, label, url_name in _COURT_TOOLS
                if may(account, action, court=court)
            ]
            if account.is_staff:
                links.append(MenuLink("Court records (admin)", reverse("admin:index")))
            menus.append(StaffMenu(court.pk, f"{court.pk.upper()} staff", tuple(links)))
    if account.psc_admin:
        menus.append(
            StaffMenu(
                "psc",
                "PACER Service Center",
                (
                    MenuLink("Activation letters", reverse("pacer:psc_letters")),
                    MenuLink("Registration suspensions", reverse("pacer:psc_suspensions")),
                ),
            )
        )
    return menus


def account_notice(user: AnyUser) -> AccountNotice | None:
    """What a signed-in account must do before it gets its full service, with the page that does it."""
    account = signed_in(user)
    if account is None or account.status != AccountStatus.INACTIVE:
        return None
    return AccountNotice(INACTIVE_NOTICE, MenuLink("Enter your activation code", reverse("pacer:activate")))


def previous_login(request: HttpRequest) -> dt.datetime | None:
    """When the account signed in before this session (PACER's "Last Login"), as kept at sign-in."""
    session = getattr(request, "session", None)
    kept = session.get(PREVIOUS_LOGIN_SESSION_KEY) if session is not None else None
    if not isinstance(kept, str) or not kept:
        return None
    try:
        return dt.datetime.fromisoformat(kept)
    except ValueError:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "staff_menus": SimpleLazyObject(lambda: staff_menus(user)),
        "account_notice": SimpleLazyObject(lambda: account_notice(user)),
        "previous_login": SimpleLazyObject(lambda: previous_login(request)),
    }
