"""Fetch-and-authorize for cases: a case the user may not see is 'not found', like one that does not exist."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from openecf.accounts.models import User
from openecf.cases.models import Case
from openecf.cases.numbers import parse_case_number
from openecf.courts.models import Court
from openecf.errors import Forbidden, InvalidInput, NotFound

AnyUser = User | AnonymousUser | None


class CaseNotFound(NotFound):
    code = "case_not_found"


class CourtNotFound(NotFound):
    code = "court_not_found"


def user_is_court_staff(user: AnyUser, court: Court | str) -> bool:
    """Clerks, help desk, judges and chambers of the court (and superusers) see its sealed material."""
    from openecf.accounts.permissions import Action, may

    return may(user, Action.SEE_SEALED, court=court)


def access_search(user: AnyUser, court: Court) -> None:
    """A signed-in account must be allowed to search (an inactive one waits for its activation code)."""
    if user is None or not user.is_authenticated:
        return
    from openecf.accounts.permissions import Action, refusal

    reason = refusal(user, Action.SEARCH, court=court)
    if reason is not None:
        raise Forbidden(reason)


def access_court(court_id: str) -> Court:
    well_formed = len(court_id) <= 15 and court_id.isascii() and court_id.isalnum()
    court = Court.objects.filter(id=court_id.lower()).first() if well_formed else None
    if court is None:
        raise CourtNotFound(f"There is no court '{court_id[:15]}' on this system.")
    return court


def access_case(user: AnyUser, court_id: str, case_number: str) -> Case:
    """The case, if it exists and the user may see it; otherwise CaseNotFound, the same either way."""
    court = access_court(court_id)
    not_found = CaseNotFound(f"No case {case_number[:40]} was found in {court.name}.")
    try:
        number = parse_case_number(court, case_number)
    except InvalidInput:
        raise not_found from None
    case = (
        Case.objects.select_related("court", "lead_case__court", "originating_case__court")
        .filter(court=court, year=number.year, case_type=number.case_type, sequence=number.sequence)
        .first()
    )
    if case is None or (case.is_sealed and not user_is_court_staff(user, court)):
        raise not_found
    return case
