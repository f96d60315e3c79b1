"""Who a filing is served on, and how (seed 003 Q36-Q38): the Notice of Electronic Filing is service on every
registered attorney of record and registered pro se party; the parties left are served by other means, at the
postal address the court has for them.

In a consolidated case the service list is the whole consolidation's: the lead case and every member case.
"""

from __future__ import annotations

from dataclasses import dataclass

from openecf.accounts.models import SecondaryEmail, User
from openecf.cases.models import Attorney, Case, Party, Representation
from openecf.filers.models import FilerRole, FilingRight

MAX_SECONDARY_ADDRESSES = 5


@dataclass(frozen=True)
class ElectronicRecipient:
    """One person (or chambers) e-mailed the notice: one message to all of its addresses, one free look."""

    key: str  # stable within a case: "attorney:<id>", "account:<id>" (pro se) or "judge:<id>" (chambers)
    kind: str  # "attorney", "pro_se" or "chambers"
    name: str
    addresses: tuple[str, ...]  # the primary first, then up to five secondary addresses
    account_id: int | None = None  # the PACER account whose preferences apply, when known
    attorney_id: int | None = None
    judge_id: int | None = None


@dataclass(frozen=True)
class OtherMeansParty:
    """A party not served by the notice: the filer serves it on paper (or as the rules say)."""

    party_id: int
    case_id: int
    name: str
    role_label: str
    postal_address: str  # lines separated by newlines; '' when the court has none on record


@dataclass(frozen=True)
class ServiceList:
    electronic: tuple[ElectronicRecipient, ...]
    other_means: tuple[OtherMeansParty, ...]

    def recipient(self, key: str) -> ElectronicRecipient | None:
        return next((r for r in self.electronic if r.key == key), None)


def consolidated_cases(case: Case) -> list[Case]:
    """The case with the cases consolidated with it (lead first), or just the case."""
    lead = case.lead_case if case.lead_case_id else case
    assert lead is not None  # noqa: S101 — lead_case_id set means lead_case loads
    members = list(Case.objects.filter(lead_case=lead).order_by("year", "sequence", "pk"))
    return [lead, *members] if members else [case]


def _addresses(primary: str, secondary: list[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for raw in [primary, *secondary]:
        address = (raw or "").strip()
        if address and address.lower() not in {known.lower() for known in seen}:
            seen.append(address)
    return tuple(seen[: 1 + MAX_SECONDARY_ADDRESSES])


def _account_addresses(user: User) -> tuple[str, ...]:
    secondary = list(SecondaryEmail.objects.filter(user=user).order_by("pk").values_list("email", flat=True))
    return _addresses(user.email, secondary)


def _display(user: User) -> str:
    return " ".join(p for p in (user.first_name, user.middle_name, user.last_name) if p) or user.username


def service_list(case: Case) -> ServiceList:
    """Everyone the case's notices go to, and the parties to serve by other means."""
    cases = consolidated_cases(case)
    parties = list(
        Party.objects.filter(case__in=cases, date_terminated__isnull=True)
        .select_related("pro_se_account", "case")
        .order_by("case__year", "case__sequence", "position", "pk")
    )
    representations = list(
        Representation.objects.filter(
            party__in=parties, date_terminated__isnull=True, to_be_noticed=True
        ).select_related("attorney")
    )
    attorneys: dict[int, Attorney] = {}
    for representation in representations:
        attorneys.setdefault(representation.attorney_id, representation.attorney)
    accounts_of_attorneys: dict[int, User] = {
        right.attorney_id: right.user
        for right in FilingRight.objects.filter(
            attorney_id__in=list(attorneys),
            revoked_at__isnull=True,
            role__in=[FilerRole.ATTORNEY, FilerRole.PRO_SE],
        ).select_related("user")
        if right.attorney_id is not None
    }

    electronic: list[ElectronicRecipient] = []
    served_attorneys: set[int] = set()
    for attorney_id, attorney in attorneys.items():
        account = accounts_of_attorneys.get(attorney_id)
        addresses = (
            _account_addresses(account)
            if account is not None and account.email
            else _addresses(attorney.email, list(attorney.secondary_emails or []))
        )
        if not addresses:
            continue
        served_attorneys.add(attorney_id)
        electronic.append(
            ElectronicRecipient(
                key=f"attorney:{attorney_id}",
                kind="attorney",
                name=attorney.name,
                addresses=addresses,
                account_id=account.pk if account is not None else None,
                attorney_id=attorney_id,
            )
        )

    served_parties: set[int] = {
        representation.party_id
        for representation in representations
        if representation.attorney_id in served_attorneys
    }
    pro_se_seen: set[int] = set()
    for party in parties:
        account = party.pro_se_account
        if account is None or not account.email:
            continue
        served_parties.add(party.pk)
        if account.pk in pro_se_seen:
            continue
        pro_se_seen.add(account.pk)
        electronic.append(
            ElectronicRecipient(
                key=f"account:{account.pk}",
                kind="pro_se",
                name=_display(account),
                addresses=_account_addresses(account),
                account_id=account.pk,
            )
        )

    judges_seen: set[int] = set()
    for each_case in cases:
        for judge in each_case.judges.all():
            if judge.pk in judges_seen or not judge.chambers_email:
                continue
            judges_seen.add(judge.pk)
            electronic.append(
                ElectronicRecipient(
                    key=f"judge:{judge.pk}",
                    kind="chambers",
                    name=f"Chambers of {judge.title} {judge.name}",
                    addresses=(judge.chambers_email,),
                    judge_id=judge.pk,
                )
            )

    other_means = tuple(
        OtherMeansParty(
            party_id=party.pk,
            case_id=party.case_id,
            name=party.name,
            role_label=party.role_label,
            postal_address=party.postal_address.strip(),
        )
        for party in parties
        if party.pk not in served_parties
    )
    return ServiceList(electronic=tuple(electronic), other_means=other_means)
