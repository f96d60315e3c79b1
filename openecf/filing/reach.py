"""Who files, for whom, in which cases: the filer in whose name a filing is made (an attorney, a pro se
filer, or the attorney a filing agent works for) and the parties that filer stands for in a case.

The account-level rules (rights in the court, second factor, shared, legacy, disabled) are the access
policy's (`Action.FILE`); this module adds the case-level ones of electronic filing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from openecf.access.cases import cases_visible_to
from openecf.access.facts import filer_facts
from openecf.access.policy import NO_MFA, Action, refusal, require
from openecf.accounts.models import User
from openecf.cases.models import Case, CaseQuerySet, Party
from openecf.courts.models import Court
from openecf.errors import Forbidden
from openecf.filers.models import FilerRole
from openecf.filers.rights import filer_roles_in, filing_agent_principals

NOT_IN_CASE = (
    "You do not appear in this case. An attorney joins a case by filing a Form 11 Notice of Appearance "
    "(or, for a new party, a Motion to Intervene); a pro se filer files only in their own case."
)
AGENT_WITHOUT_ATTORNEY = (
    "A filing agent files in the name of an attorney who authorised them, and no attorney of this court "
    "has authorised you."
)
AGENT_CHOOSE_ATTORNEY = "Choose the attorney in whose name you file (you file for {names})."
AGENT_NOT_AUTHORISED = "{name} has not authorised you to file in their name in this court."
ATTORNEY_CANNOT_FILE = "{name}, in whose name you file, may not file in this court now: {reason}"


@dataclass(frozen=True)
class Filer:
    """The person in whose name a filing is made, and the account that submits it."""

    account: User
    submitted_by: User
    role: str  # FilerRole.ATTORNEY or FilerRole.PRO_SE

    @property
    def by_agent(self) -> bool:
        return self.account.pk != self.submitted_by.pk


def _display_name(user: User) -> str:
    return (
        " ".join(part for part in (user.first_name, user.middle_name, user.last_name) if part)
        or user.username
    )


def filer_display_name(user: User) -> str:
    return _display_name(user)


def filer_resolve(user: User, court: Court, *, on_behalf_of: str = "") -> Filer:
    """The filer a submission is made for; Forbidden (why) when the account may not file in the court."""
    require(user, Action.FILE, court=court)
    roles = filer_roles_in(user, court)
    agent = FilerRole.FILING_AGENT in roles
    if on_behalf_of or (agent and not roles & {FilerRole.ATTORNEY, FilerRole.PRO_SE}):
        principals = filing_agent_principals(user, court) if agent else []
        if not principals:
            raise Forbidden(AGENT_WITHOUT_ATTORNEY)
        if not on_behalf_of:
            if len(principals) > 1:
                names = ", ".join(sorted(_display_name(p) for p in principals))
                raise Forbidden(AGENT_CHOOSE_ATTORNEY.format(names=names))
            principal = principals[0]
        else:
            wanted = on_behalf_of.strip().casefold()
            chosen = next((p for p in principals if p.username.casefold() == wanted), None)
            if chosen is None:
                raise Forbidden(AGENT_NOT_AUTHORISED.format(name=on_behalf_of.strip()[:60]))
            principal = chosen
        reason = refusal(principal, Action.FILE, court=court)
        # The agent signed in with a second factor; the attorney's own sign-in is not part of this filing.
        if reason is not None and reason != NO_MFA:
            raise Forbidden(ATTORNEY_CANNOT_FILE.format(name=_display_name(principal), reason=reason))
        return Filer(account=principal, submitted_by=user, role=FilerRole.ATTORNEY)
    role = (
        FilerRole.PRO_SE
        if FilerRole.PRO_SE in roles and FilerRole.ATTORNEY not in roles
        else FilerRole.ATTORNEY
    )
    return Filer(account=user, submitted_by=user, role=role)


def parties_filed_for(filer: Filer, case: Case) -> list[Party]:
    """The parties of the case the filer stands for: represented (attorney) or themselves (pro se)."""
    active = case.parties.filter(date_terminated__isnull=True)
    if filer.role == FilerRole.PRO_SE:
        return list(active.filter(pro_se_account=filer.account))
    attorney_ids = filer_facts().attorney_record_ids(filer.account, case.court_id)
    if not attorney_ids:
        return []
    return list(
        active.filter(
            representations__attorney_id__in=attorney_ids, representations__date_terminated__isnull=True
        ).distinct()
    )


def cases_filer_appears_in(filer: Filer, court: Court) -> CaseQuerySet:
    """The court's cases in which the filer stands for a party (the cases they may file in)."""
    cases = Case.objects.for_court(court).select_related("court").order_by("-year", "-sequence")
    if filer.role == FilerRole.PRO_SE:
        return cases.filter(
            parties__pro_se_account=filer.account, parties__date_terminated__isnull=True
        ).distinct()
    attorney_ids = filer_facts().attorney_record_ids(filer.account, court.pk)
    return cases.filter(
        Q(parties__representations__attorney_id__in=attorney_ids)
        & Q(parties__representations__date_terminated__isnull=True)
        & Q(parties__date_terminated__isnull=True)
    ).distinct()


def cases_open_to_join(user: User, court: Court) -> CaseQuerySet:
    """Cases an attorney may join by appearance: what the account may see of the court (never a sealed
    case of which it is not a participant)."""
    return cases_visible_to(user, court)
