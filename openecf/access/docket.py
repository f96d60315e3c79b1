"""Which docket entries a viewer may read: the restrictions of one case, and the selectors built on them."""

from __future__ import annotations

from django.db.models import QuerySet

from openecf.access.policy import Action, AnyUser, is_court_staff, may
from openecf.accounts.models import User
from openecf.cases.models import Case, CaseRestriction
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, EntryRestriction

PUBLIC_ONLY = frozenset({EntryRestriction.PUBLIC.value})
PARTICIPANTS = PUBLIC_ONLY | {EntryRestriction.PARTICIPANTS.value}
EVERYTHING = frozenset(EntryRestriction.values)


def readable_restrictions(user: AnyUser, case: Case) -> frozenset[str]:
    """Court staff read every entry; the case's participants also its participants-only entries."""
    if may(user, Action.SEE_SEALED, court=case.court_id):
        return EVERYTHING
    if may(user, Action.SEE_RESTRICTED, court=case.court_id, case=case):
        return PARTICIPANTS
    return PUBLIC_ONLY


def docket_entries_filed_by(user: User, court: Court) -> QuerySet[DocketEntry]:
    """The entries the account filed in the court that it may read now, newest first.

    Outside the court's staff that is the public entries of public cases (what a participant may read of one
    case is `docket_entry_readable`).
    """
    entries = DocketEntry.objects.filter(case__court=court, filed_by=user)
    if not is_court_staff(user, court):
        entries = entries.filter(
            restriction=EntryRestriction.PUBLIC, case__restriction=CaseRestriction.PUBLIC
        )
    return entries.select_related("event", "case__court").order_by("-date_filed", "-sequence")


def docket_entry_readable(user: AnyUser, case: Case, number: int) -> DocketEntry | None:
    """Entry `number` of a case the user already reached through `access_case`, if they may read it."""
    return (
        DocketEntry.objects.filter(
            case=case, number=number, restriction__in=readable_restrictions(user, case)
        )
        .select_related("event")
        .first()
    )
