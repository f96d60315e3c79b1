"""Filing rights: who may file in which court, in which filer role. The facts the access policy asks of
filers are answered here (`FilerFactsFromFilers`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court
from openecf.errors import Conflict
from openecf.filers.models import FilerRole, FilingRight, LegacyFilerAccount


def filing_rights_in(user: User, court: Court | str) -> list[FilingRight]:
    """The account's active filing rights in one court."""
    return list(FilingRight.objects.filter(user=user, court=court, revoked_at__isnull=True).order_by("role"))


def filing_rights_of(user: User) -> QuerySet[FilingRight]:
    """The account's active filing rights in every court, by court name."""
    return (
        FilingRight.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("court")
        .order_by("court__name", "role")
    )


def holds_filing_right(user: User, court: Court | str, role: FilerRole | None = None) -> bool:
    rights = FilingRight.objects.filter(user=user, court=court, revoked_at__isnull=True)
    if role is not None:
        rights = rights.filter(role=role)
    return rights.exists()


def filing_right_ensure(
    *,
    user: User,
    court: Court,
    role: FilerRole,
    bar_number: str = "",
    bar_state: str = "",
    pro_hac_vice: bool = False,
    sponsoring_attorney: User | None = None,
    attorney_id: int | None = None,
) -> FilingRight:
    """The active right, made if missing. A step of the services that grant rights (linking, approving a
    request, a clerk's grant), each of which audits the grant in its own event."""
    right = FilingRight.objects.filter(user=user, court=court, role=role, revoked_at__isnull=True).first()
    if right is None:
        right = FilingRight.objects.create(
            user=user,
            court=court,
            role=role,
            bar_number=bar_number,
            bar_state=bar_state,
            pro_hac_vice=pro_hac_vice,
            sponsoring_attorney=sponsoring_attorney,
            attorney_id=attorney_id,
        )
    return right


@transaction.atomic
def filing_right_grant(*, user: User, court: Court, role: FilerRole, acting_user: User | None) -> FilingRight:
    """The court grants a filing right directly (e.g. a Confidential Information Filer whose Form 17 the
    clerk has on paper)."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    if holds_filing_right(user, court, role):
        raise Conflict(f"{user.username} already files in {court.name} as {role.label}.")
    right = filing_right_ensure(user=user, court=court, role=role)
    audit_event_record(
        kind="filing_right.granted",
        acting_user=acting_user,
        subject=right,
        court=court,
        extra={"user": user.username, "role": role},
    )
    return right


class FilerFactsFromFilers:
    """What the access policy asks of filers (see `openecf.access.facts.FilerFacts`)."""

    def files_in(self, user: User, court_id: str) -> bool:
        return holds_filing_right(user, court_id)

    def files_confidential_in(self, user: User, court_id: str) -> bool:
        return holds_filing_right(user, court_id, FilerRole.CONFIDENTIAL_INFORMATION_FILER)

    def files_anywhere(self, user: User) -> bool:
        return FilingRight.objects.filter(user=user, revoked_at__isnull=True).exists()

    def attorney_record_ids(self, user: User, court_id: str) -> frozenset[int]:
        by_right = FilingRight.objects.filter(
            user=user, court_id=court_id, revoked_at__isnull=True, attorney__isnull=False
        ).values_list("attorney_id", flat=True)
        by_link = LegacyFilerAccount.objects.filter(
            linked_user=user, court_id=court_id, attorney__isnull=False
        ).values_list("attorney_id", flat=True)
        return frozenset(attorney_id for attorney_id in (*by_right, *by_link) if attorney_id is not None)
