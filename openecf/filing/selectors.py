"""Reads of filings: a filing and its notice are the filer's (and whoever submitted it for them) and the
court staff's; to anyone else they answer "not found", like a filing that does not exist."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openecf.access.cases import access_court
from openecf.access.policy import AnyUser, is_court_staff, signed_in
from openecf.cases.models import CaseQuerySet
from openecf.courts.models import Court
from openecf.docket.event_dictionary import event_search
from openecf.docket.models import Event
from openecf.errors import NotFound
from openecf.filing.models import ElectronicDocumentStamp, Filing, NoticeOfElectronicFiling
from openecf.filing.reach import cases_filer_appears_in, filer_resolve


class FilingNotFound(NotFound):
    code = "filing_not_found"


def _filings() -> QuerySet[Filing]:
    return Filing.objects.select_related(
        "court", "case__court", "docket_entry", "event", "filer", "submitted_by", "fee_payment"
    )


def access_filing(user: AnyUser, filing_id: int, *, court_id: str | None = None) -> Filing:
    """The filing, if the user filed it, submitted it, or is staff of its court; otherwise FilingNotFound."""
    not_found = FilingNotFound("There is no such filing.")
    account = signed_in(user)
    if account is None:
        raise not_found
    filings = _filings().filter(pk=filing_id)
    if court_id is not None:
        filings = filings.filter(court=access_court(court_id))
    filing = filings.first()
    if filing is None:
        raise not_found
    if account.pk in (filing.filer_id, filing.submitted_by_id) or is_court_staff(account, filing.court_id):
        return filing
    raise not_found


def notice_of(filing: Filing) -> NoticeOfElectronicFiling:
    """The filing's current notice (the latest regeneration)."""
    notice = filing.notices.order_by("-generated_at", "-id").first()
    if notice is None:  # every filing commits with its notice
        raise FilingNotFound("There is no such filing.")
    return notice


def stamps_of(filing: Filing) -> list[ElectronicDocumentStamp]:
    """The electronic stamps of the filing's documents, main document first."""
    return list(
        ElectronicDocumentStamp.objects.filter(document__docket_entry=filing.docket_entry)
        .select_related("document")
        .order_by("document__attachment_number")
    )


def filings_of(user: AnyUser, court: Court) -> QuerySet[Filing]:
    """The account's own filings in the court (as filer or submitter), newest first."""
    account = signed_in(user)
    if account is None:
        return Filing.objects.none()
    return _filings().filter(court=court).filter(Q(filer=account) | Q(submitted_by=account))


def my_cases(user: AnyUser, court: Court, *, on_behalf_of: str = "") -> CaseQuerySet:
    """The cases the caller may file in: those where the filer (or the attorney an agent files for) stands
    for a party. Forbidden (why) for an account that may not file in the court."""
    account = signed_in(user)
    if account is None:
        raise NotFound("Log in with your PACER account first.")
    filer = filer_resolve(account, court, on_behalf_of=on_behalf_of)
    return cases_filer_appears_in(filer, court)


def events_for_filers(court: Court, query: str = "") -> QuerySet[Event]:
    """The court's filing events (or those using every word of `query`), by menu and label."""
    return event_search(court=court, query=query)
