"""A court, an attorney and a case to file in, for the all-or-nothing, concurrency and benchmark runs (no
tests here). Child processes import it too, so it builds everything through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openecf.accounts.models import User
from openecf.billing.gateway import CardDetails
from openecf.cases.models import Case, PartyRole
from openecf.cases.services import case_open, party_add, representation_add
from openecf.courts.catalog import catalog_court_configure
from openecf.courts.models import Court
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.documents.testing import make_pdf
from openecf.filers.rights import attorney_record_ensure
from openecf.filers.tests.helpers import confirm_mfa, grant_right, make_user
from openecf.filing.models import Filing
from openecf.filing.services import FilingRequest, FilingUpload, NewCase, filing_submit


def card() -> CardDetails:
    """The sandbox gateway's accepted Visa, good for five more years."""
    return CardDetails(
        number="4111 1111 1111 1111",
        exp_month=12,
        exp_year=timezone.localdate().year + 5,
        cvv="123",
        name_on_card="Jane Marlowe",
    )


# The files of each request below: the main document and one attachment.
FILES = 2


@dataclass(frozen=True)
class FilingWorld:
    court: Court
    attorney: User
    case: Case


def attorney_make(court: Court, username: str) -> User:
    """An attorney who may file in the court (filing right, authenticator app, attorney record)."""
    user = make_user(username, first_name="Jane", last_name=username.capitalize())
    grant_right(user, court)
    confirm_mfa(user)
    with transaction.atomic():
        attorney_record_ensure(user=user, court=court, acting_user=None)
    return user


def filing_world(*, username: str = "marlowe", entries: int = 2) -> FilingWorld:
    """The CIT with its event dictionary, an attorney for the plaintiff of one case with `entries` filings."""
    court = catalog_court_configure("cit")
    event_dictionary_load(court=court, acting_user=None)
    user = attorney_make(court, username)
    case = case_open(
        court=court,
        caption="Acme Steel Corp., Plaintiff, v. United States, Defendant.",
        short_title="Acme Steel Corp. v. United States",
        date_filed=dt.date(2026, 3, 2),
        acting_user=None,
    )
    plaintiff = party_add(case=case, name="Acme Steel Corp.", role=PartyRole.PLAINTIFF, acting_user=None)
    party_add(case=case, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
    with transaction.atomic():
        attorney = attorney_record_ensure(user=user, court=court, acting_user=None)
        representation_add(party=plaintiff, attorney=attorney, acting_user=None)
    for index in range(entries):
        file_motion(court, user, case, label=f"earlier {index}")
    case.refresh_from_db()
    return FilingWorld(court=court, attorney=user, case=case)


def motion_request(case: Case, *, label: str, pages: int = 1, content: bytes | None = None) -> FilingRequest:
    """A motion with its main document and one exhibit, in the case."""
    return FilingRequest(
        event_code="motion",
        case_number=case.pacer_case_number,
        main_document=FilingUpload(content or make_pdf(f"Motion {label}", pages), f"motion-{label}.pdf"),
        attachments=(
            FilingUpload(make_pdf(f"Exhibit A to motion {label}"), "exhibit-a.pdf", "Exhibit", "Exhibit A"),
        ),
        docket_text_extra=f"to {label}",
    )


def file_motion(court: Court, user: User, case: Case, *, label: str, pages: int = 1) -> Filing:
    return filing_submit(user=user, court=court, request=motion_request(case, label=label, pages=pages))


def summons_request(*, label: str) -> FilingRequest:
    """A summons opening a new case, with its fee paid by card."""
    return FilingRequest(
        event_code="summons",
        new_case=NewCase(plaintiffs=(f"{label} Imports LLC",)),
        main_document=FilingUpload(make_pdf(f"Summons {label}"), "summons.pdf"),
        attachments=(
            FilingUpload(make_pdf(f"Form 5 of {label}"), "form5.pdf", "Form 5 Information Statement"),
        ),
        card=card(),
    )
