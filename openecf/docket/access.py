"""Which docket restrictions a viewer may read, asked of the one permission module."""

from __future__ import annotations

from openecf.accounts.permissions import Action, may
from openecf.cases.access import AnyUser
from openecf.cases.models import Case
from openecf.docket.models import EntryRestriction

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
