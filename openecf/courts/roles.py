"""Who holds which staff role in which court.

These are facts, not rules: the access policy (`openecf.access.policy`) decides what each group may do,
and the clerk's admin asks `courts_where` which courts' records a clerk sees. A new role is added here
and given its powers in the policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openecf.courts.models import CourtRole, CourtRoleKind

if TYPE_CHECKING:
    from openecf.accounts.models import User

# The clerk's office of a court: its clerks and its CM/ECF Help Desk.
CLERKS_OFFICE = frozenset({CourtRoleKind.CLERK.value, CourtRoleKind.HELP_DESK.value})
# The judges of a court and their chambers staff.
CHAMBERS = frozenset({CourtRoleKind.JUDGE.value, CourtRoleKind.CHAMBERS.value})
# Everyone who works for the court and sees its sealed material.
COURT_STAFF = CLERKS_OFFICE | CHAMBERS


def court_roles_of(user: User, court_id: str) -> frozenset[str]:
    """The roles the user holds in the court."""
    return frozenset(CourtRole.objects.filter(user=user, court_id=court_id).values_list("role", flat=True))


def courts_where(user: User, roles: frozenset[str]) -> list[str]:
    """The ids of the courts where the user holds one of `roles`."""
    return list(
        CourtRole.objects.filter(user=user, role__in=roles)
        .values_list("court_id", flat=True)
        .distinct()
        .order_by("court_id")
    )


def court_role_holder(court_id: str, role: CourtRoleKind) -> User | None:
    """The first account (by grant) holding `role` in the court, e.g. the clerk who approves a request."""
    held = (
        CourtRole.objects.filter(court_id=court_id, role=role).select_related("user").order_by("pk").first()
    )
    return held.user if held is not None else None
