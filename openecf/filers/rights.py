"""Filing rights: who may file in which court, in which filer role. The facts the access policy asks of
filers are answered here (`FilerFactsFromFilers`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.cases.models import Attorney
from openecf.cases.services import attorney_create
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


def filer_roles_in(user: User, court: Court | str) -> frozenset[str]:
    """The filer roles the account holds in the court (a linked CM/ECF attorney login counts as attorney)."""
    roles = set(
        FilingRight.objects.filter(user=user, court=court, revoked_at__isnull=True).values_list(
            "role", flat=True
        )
    )
    if LegacyFilerAccount.objects.filter(linked_user=user, court=court, attorney__isnull=False).exists():
        roles.add(FilerRole.ATTORNEY)
    return frozenset(roles)


def filing_agent_principals(agent: User, court: Court | str) -> list[User]:
    """The attorneys who authorised this filing agent to file in their name in the court."""
    rights = FilingRight.objects.filter(
        user=agent,
        court=court,
        role=FilerRole.FILING_AGENT,
        revoked_at__isnull=True,
        sponsoring_attorney__isnull=False,
    ).select_related("sponsoring_attorney")
    return [right.sponsoring_attorney for right in rights if right.sponsoring_attorney is not None]


def _attorney_contact(user: User) -> dict[str, str]:
    name = " ".join(part for part in (user.first_name, user.middle_name, user.last_name) if part).strip()
    city_line = ", ".join(part for part in (user.city, user.state) if part)
    address = "\n".join(part for part in (user.address_line1, user.address_line2, city_line) if part)
    return {
        "name": name or user.username,
        "firm": user.firm,
        "address": address,
        "phone": user.phone,
        "email": user.email,
    }


@transaction.atomic
def attorney_record_ensure(*, user: User, court: Court, acting_user: User | None) -> Attorney:
    """The attorney record that dockets show for this filer, made from the account's contact details if the
    court has none yet (an attorney admitted after the legacy system, filing for the first time)."""
    attorney_ids = FilerFactsFromFilers().attorney_record_ids(user, court.pk)
    known = Attorney.objects.filter(pk__in=attorney_ids).order_by("pk").first()
    if known is not None:
        return known
    right = FilingRight.objects.filter(
        user=user, court=court, role__in=[FilerRole.ATTORNEY, FilerRole.PRO_SE], revoked_at__isnull=True
    ).first()
    if right is None:
        raise Conflict("Only an attorney or pro se filer of this court has an attorney record.")
    attorney = attorney_create(court=court, acting_user=acting_user, **_attorney_contact(user))
    right.attorney = attorney
    right.save(update_fields=["attorney"])
    audit_event_record(
        kind="filing_right.attorney_record_linked",
        acting_user=acting_user,
        subject=right,
        court=court,
        extra={"attorney": attorney.pk},
    )
    return attorney
