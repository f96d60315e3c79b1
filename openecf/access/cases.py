"""Fetch-and-authorize for courts and cases, and the one list of the cases a user may see.

A case the user may not see is 'not found', exactly like one that does not exist.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from openecf.access.policy import Action, AnyUser, case_participant, is_court_staff, refusal, require
from openecf.accounts.models import User
from openecf.cases.models import Case, CaseQuerySet, CaseRestriction
from openecf.cases.numbers import parse_case_number
from openecf.courts.models import Court
from openecf.errors import Forbidden, InvalidInput, NotFound
from openecf.numbers import whole_number_parse

SEARCH_MAX_LENGTH = 200
# The largest row id a case can have (a BigAutoField).
CASE_ID_MAX = 2**63 - 1


class CaseNotFound(NotFound):
    code = "case_not_found"


class CourtNotFound(NotFound):
    code = "court_not_found"


def access_court(court_id: str) -> Court:
    """Courts are public; an id that is not a court's is 'not found' (the id is never echoed whole)."""
    well_formed = len(court_id) <= 15 and court_id.isascii() and court_id.isalnum()
    court = Court.objects.filter(id=court_id.lower()).first() if well_formed else None
    if court is None:
        raise CourtNotFound(f"There is no court '{court_id[:15]}' on this system.")
    return court


def courts_listed() -> QuerySet[Court]:
    """Every court on this system, by name (courts are public)."""
    return Court.objects.order_by("name")


def courts_with_public_case_counts() -> QuerySet[Court]:
    """Every court, with the number of its public cases (the home page's list)."""
    return Court.objects.annotate(
        public_cases=Count("cases", filter=Q(cases__restriction=CaseRestriction.PUBLIC))
    ).order_by("name")


def access_search(user: AnyUser, court: Court) -> None:
    """Whether the user may list and read the court's cases.

    What the public may see, every account may see: one that may not search yet (inactive, waiting for its
    activation code) sees the public's view and is told where to enter its code; a disabled one is refused.
    """
    if user is None or not user.is_authenticated:
        return
    if refusal(user, Action.SEARCH, court=court) is None:
        return
    reason = refusal(user, Action.VIEW_PUBLIC, court=court)
    if reason is not None:
        raise Forbidden(reason)


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
    if case is None or (case.is_sealed and not is_court_staff(user, court)):
        raise not_found
    return case


def access_case_by_id(user: AnyUser, court_id: str, case_id: str) -> Case:
    """The case a notice's link names by its row id (PACER's `DktRpt.pl?<id>`), if the user may see it.

    A malformed, missing, other court's or hidden id answers the same CaseNotFound, which names no case.
    """
    court = access_court(court_id)
    not_found = CaseNotFound(f"No such case was found in {court.name}.")
    try:
        pk = whole_number_parse(case_id, name="case", minimum=1, maximum=CASE_ID_MAX)
    except InvalidInput:
        raise not_found from None
    case = Case.objects.select_related("court").filter(court=court, pk=pk).first()
    if case is None or (case.is_sealed and not is_court_staff(user, court)):
        raise not_found
    return case


def access_case_to_file(user: AnyUser, court_id: str, case_number: str, *, filer_account: User) -> Case:
    """The case a filer files in: found by any form of its number, and refused unless the account may file
    in it (a sealed case only for its participants, answering "not found" to anyone else)."""
    court = access_court(court_id)
    not_found = CaseNotFound(f"No case {case_number[:40]} was found in {court.name}.")
    try:
        number = parse_case_number(court, case_number)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, code=exc.code, field="case_number") from None
    case = (
        Case.objects.select_related("court")
        .filter(court=court, year=number.year, case_type=number.case_type, sequence=number.sequence)
        .first()
    )
    if case is None:
        raise not_found
    if case.is_sealed and not (is_court_staff(user, court) or case_participant(filer_account, case)):
        raise not_found
    require(user, Action.FILE, court=court, case=case if filer_account == user else None)
    return case


def cases_visible_to(user: AnyUser, court: Court, *, search: str = "") -> CaseQuerySet:
    """The court's cases the user may see, newest first: sealed ones only for the court's own staff.

    `search` matches the short title or the caption; it is trimmed and bounded here, once.
    """
    cases = Case.objects.for_court(court).select_related("court").order_by("-year", "-sequence")
    if not is_court_staff(user, court):
        cases = cases.public()
    search = search.strip()[:SEARCH_MAX_LENGTH]
    if search:
        cases = cases.filter(Q(short_title__icontains=search) | Q(caption__icontains=search))
    return cases
