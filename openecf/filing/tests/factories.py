"""Filings for tests of what comes after filing (the clerk's quality control, notices, history): an attorney
who represents the plaintiff of a case, and two ways to file for them (no tests here):

- `filing_submitted`: through `filing.services.filing_submit`, every check, PDF inspection and stamp (the
  real path, a few seconds a filing);
- `filing_make`: the same rows written directly (entry, documents, stamps, Filing, notice), in milliseconds,
  for tests of what happens to a filing afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openecf.access.facts import filer_facts
from openecf.accounts.models import User
from openecf.cases.models import Case, Party, PartyRole
from openecf.cases.services import case_open, party_add, representation_add
from openecf.courts.models import Court
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.docket.models import DocketEntry, Event
from openecf.docket.services import court_today, docket_entry_create, docket_text_compose
from openecf.documents.services import FiledFile, document_file
from openecf.documents.testing import make_pdf
from openecf.filers.factories import FilingRightFactory
from openecf.filers.models import FilerRole
from openecf.filers.rights import attorney_record_ensure
from openecf.filers.tests.helpers import confirm_mfa, grant_right, make_user
from openecf.filing.models import Filing, NoticeOfElectronicFiling
from openecf.filing.reach import filer_display_name
from openecf.filing.services import FilingRequest, FilingUpload, filing_submit
from openecf.filing.stamps import stamp_file_number, stamp_make


@dataclass(frozen=True)
class CaseWithCounsel:
    court: Court
    case: Case
    attorney: User  # represents the plaintiff
    plaintiff: Party


def attorney_make(court: Court, username: str, **fields: object) -> User:
    """An attorney who may file in the court: a filing right, an authenticator app and an attorney record."""
    fields.setdefault("first_name", "Jane")
    fields.setdefault("last_name", username.capitalize())
    fields.setdefault("email", f"{username}@example.com")
    user = make_user(username, **fields)
    grant_right(user, court)
    confirm_mfa(user)
    with transaction.atomic():
        attorney_record_ensure(user=user, court=court, acting_user=None)
    return user


def agent_make(court: Court, username: str, *, for_attorney: User) -> User:
    """A filing agent whom the attorney authorised to file in their name in the court."""
    user = make_user(
        username, first_name="Sam", last_name=username.capitalize(), email=f"{username}@example.com"
    )
    FilingRightFactory.create(
        user=user, court=court, role=FilerRole.FILING_AGENT, sponsoring_attorney=for_attorney
    )
    confirm_mfa(user)
    return user


def case_with_counsel(
    court: Court, *, username: str = "marlowe", load_events: bool = True
) -> CaseWithCounsel:
    """A case of the court (with its event dictionary loaded) whose plaintiff the new attorney represents."""
    if load_events:
        event_dictionary_load(court=court, acting_user=None)
    attorney = attorney_make(court, username)
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
        record = attorney_record_ensure(user=attorney, court=court, acting_user=None)
        representation_add(party=plaintiff, attorney=record, acting_user=None)
    return CaseWithCounsel(court=court, case=case, attorney=attorney, plaintiff=plaintiff)


@transaction.atomic
def filing_make(
    *,
    court: Court,
    case: Case,
    filer: User,
    event_code: str = "motion",
    text_extra: str = "",
    attachments: int = 0,
    related: Sequence[DocketEntry] = (),
    submitted_by: User | None = None,
) -> Filing:
    """A filing as `filing.services.filing_submit` leaves it: the entry with its PDFs, the Filing and its
    notice, in one transaction. The parties are those the filer represents in the case."""
    event = Event.objects.get(court=court, code=event_code)
    records = filer_facts().attorney_record_ids(filer, court.pk)
    parties = list(Party.objects.filter(case=case, representations__attorney_id__in=records).distinct())
    filer_name = filer_display_name(filer)
    moment = timezone.now()
    text = docket_text_compose(
        event=event, filer=filer_name, parties=parties, related=related, text=text_extra
    )
    today = court_today(court, moment)
    entry = docket_entry_create(
        case=case,
        event=event,
        text=text,
        filed_at=moment,
        date_filed=today,
        filer_name=filer_name,
        filed_for=parties,
        related_entries=related,
        document_count=1 + attachments,
        acting_user=submitted_by or filer,
    )
    for number in range(attachments + 1):
        # As the filing service stores them: the file as filed and its copy with the court's header.
        content = make_pdf(f"{event.label} of {filer.username}" if not number else f"Exhibit {number}")
        document = document_file(
            docket_entry=entry,
            filed=FiledFile(
                content=content,
                stamped_content=make_pdf(f"Case {case.pacer_case_number} Document {entry.number_label}"),
                page_count=1,
                original_filename="motion.pdf" if not number else f"exhibit-{number}.pdf",
                category="" if not number else "Exhibit",
                description="" if not number else f"Exhibit {chr(64 + number)}",
            ),
            attachment_number=number,
            acting_user=submitted_by or filer,
        )
        stamp_make(
            document=document,
            court=court,
            content=content,
            stamped_content=b"",
            stamp_date=today,
            file_number=stamp_file_number(document),
        )
    filing = Filing.objects.create(
        court=court,
        case=case,
        docket_entry=entry,
        event=event,
        filer=filer,
        submitted_by=submitted_by or filer,
        filed_at=moment,
        date_filed=entry.date_filed,
        via="web",
    )
    NoticeOfElectronicFiling.objects.create(
        filing=filing,
        generated_at=moment,
        case_number=case.pacer_case_number,
        case_name=case.short_title,
        filer_name=filer_name,
        document_number=entry.number_label,
        docket_text=entry.text,
        entered_by=filer_display_name(submitted_by or filer),
    )
    return filing


def filing_submitted(
    *,
    court: Court,
    case: Case,
    user: User,
    event_code: str = "motion",
    text_extra: str = "",
    attachments: int = 0,
    related_numbers: Sequence[int] = (),
    on_behalf_of: str = "",
) -> Filing:
    """File through `filing_submit`, as the wizard and the API do (the court's clock must allow the event)."""
    request = FilingRequest(
        event_code=event_code,
        case_number=case.pacer_case_number,
        main_document=FilingUpload(make_pdf(f"{event_code} of {user.username}"), f"{event_code}.pdf"),
        attachments=tuple(
            FilingUpload(make_pdf(f"Exhibit {n}"), f"exhibit-{n}.pdf", "Exhibit", f"Exhibit {chr(64 + n)}")
            for n in range(1, attachments + 1)
        ),
        related_entry_numbers=tuple(related_numbers),
        docket_text_extra=text_extra,
        on_behalf_of=on_behalf_of,
        confirm_warnings=True,
    )
    return filing_submit(user=user, court=court, request=request)
