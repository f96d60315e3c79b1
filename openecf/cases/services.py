"""Writes to cases, parties, attorneys and representations. Each is one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import F

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.cases.generation import case_docket_generation_bump
from openecf.cases.models import (
    Attorney,
    Case,
    CaseJudge,
    CaseNumberSequence,
    CaseRestriction,
    CaseStatus,
    Party,
    PartyRole,
    Representation,
)
from openecf.cases.numbers import default_case_type
from openecf.courts.models import Court, Judge
from openecf.errors import Conflict, InvalidInput
from openecf.text import typed_text_check


def _case_sequence_next(*, court: Court, year: int, case_type: str) -> int:
    """Next case sequence number; the UPDATE locks the counter row until the transaction ends."""
    counter = {"court": court, "year": year, "case_type": case_type}
    if CaseNumberSequence.objects.filter(**counter).update(last_sequence=F("last_sequence") + 1) == 0:
        try:
            with transaction.atomic():
                CaseNumberSequence.objects.create(**counter, last_sequence=court.first_case_sequence)
        except IntegrityError:
            # Another transaction created the counter first; take the next number from it.
            CaseNumberSequence.objects.filter(**counter).update(last_sequence=F("last_sequence") + 1)
    return CaseNumberSequence.objects.get(**counter).last_sequence


def _case_sequence_note(*, court: Court, year: int, case_type: str, sequence: int) -> None:
    """Keep the counter ahead of a number given explicitly (an imported case)."""
    counter = {"court": court, "year": year, "case_type": case_type}
    updated = CaseNumberSequence.objects.filter(**counter, last_sequence__lt=sequence).update(
        last_sequence=sequence
    )
    if not updated and not CaseNumberSequence.objects.filter(**counter).exists():
        # An old number below the court's first (an appeal '20-0005') must not pull new numbers down.
        CaseNumberSequence.objects.create(
            **counter, last_sequence=max(sequence, court.first_case_sequence - 1)
        )


@transaction.atomic
def case_open(
    *,
    court: Court,
    caption: str,
    date_filed: dt.date,
    acting_user: User | None,
    short_title: str = "",
    case_type: str = "",
    year: int | None = None,
    sequence: int | None = None,
    office: str = "",
    judges: Sequence[Judge] = (),
    nature_of_suit: str = "",
    jurisdiction: str = "",
    cause: str = "",
    agency: str = "",
    product_description: str = "",
    export_country: str = "",
    assigned_to_text: str = "",
    restriction: CaseRestriction = CaseRestriction.PUBLIC,
    lead_case: Case | None = None,
    originating_case: Case | None = None,
    originating_case_text: str = "",
    pacer_case_id: str = "",
) -> Case:
    """Open a case with a new number (or, for an import, the number it already has)."""
    caption = caption.strip()
    if not caption:
        raise InvalidInput("A case needs a caption.", field="caption")
    for judge in judges:
        if judge.court_id != court.pk:
            raise InvalidInput(f"{judge.name} is not a judge of {court.name}.", field="judges")
    if len({judge.pk for judge in judges}) != len(judges):
        raise InvalidInput("A judge can sit only once on a case.", field="judges")
    for other in (lead_case, originating_case):
        if other is not None and other.pk is None:
            raise InvalidInput("Related cases must already exist.")
    if lead_case is not None and lead_case.court_id != court.pk:
        raise InvalidInput("A lead case must be in the same court.", field="lead_case")
    if lead_case is not None and lead_case.lead_case_id is not None:
        raise InvalidInput("That lead case is itself a member of another consolidation.", field="lead_case")
    case_type = case_type or default_case_type(court)
    year = year or date_filed.year
    fields = {
        "court": court,
        "office": office or court.pacer_office_code,
        "year": year,
        "case_type": case_type,
        "caption": caption,
        "short_title": (short_title or caption).strip()[:300],
        "date_filed": date_filed,
        "nature_of_suit": nature_of_suit,
        "jurisdiction": jurisdiction,
        "cause": cause,
        "agency": agency,
        "product_description": product_description,
        "export_country": export_country,
        "assigned_to_text": assigned_to_text,
        "restriction": restriction,
        "lead_case": lead_case,
        "originating_case": originating_case,
        "originating_case_text": originating_case_text,
        "pacer_case_id": pacer_case_id,
    }
    if sequence is None:
        sequence = _case_sequence_next(court=court, year=year, case_type=case_type)
        case = Case.objects.create(sequence=sequence, **fields)
    else:
        taken = Conflict("That case number is already taken in this court.", field="sequence")
        if Case.objects.filter(court=court, year=year, case_type=case_type, sequence=sequence).exists():
            raise taken
        try:
            with transaction.atomic():  # a concurrent import of the same number loses here, cleanly
                _case_sequence_note(court=court, year=year, case_type=case_type, sequence=sequence)
                case = Case.objects.create(sequence=sequence, **fields)
        except IntegrityError:
            raise taken from None
    CaseJudge.objects.bulk_create(
        CaseJudge(case=case, judge=judge, position=position) for position, judge in enumerate(judges)
    )
    audit_event_record(
        kind="case.opened",
        acting_user=acting_user,
        subject=case,
        court=court,
        extra={"number": case.pacer_case_number, "caption": caption, "restriction": restriction},
    )
    return case


@transaction.atomic
def case_terminate(*, case: Case, date_terminated: dt.date, acting_user: User | None) -> Case:
    if date_terminated < case.date_filed:
        raise InvalidInput("A case cannot end before it was filed.", field="date_terminated")
    case.date_terminated = date_terminated
    case.status = CaseStatus.TERMINATED
    case.save(update_fields=["date_terminated", "status"])
    audit_event_record(
        kind="case.terminated",
        acting_user=acting_user,
        subject=case,
        court=case.court,
        extra={"date_terminated": date_terminated.isoformat()},
    )
    return case


@transaction.atomic
def case_restriction_set(*, case: Case, restriction: CaseRestriction, acting_user: User | None) -> Case:
    """Seal or unseal a whole case."""
    previous = case.restriction
    case.restriction = restriction
    case.save(update_fields=["restriction"])
    case_docket_generation_bump(case_id=case.pk)
    audit_event_record(
        kind="case.restriction_changed",
        acting_user=acting_user,
        subject=case,
        court=case.court,
        extra={"from": previous, "to": restriction},
    )
    return case


@transaction.atomic
def case_consolidate(*, lead_case: Case, member_cases: Sequence[Case], acting_user: User | None) -> None:
    """Consolidate member cases under a lead case of the same court."""
    for member in member_cases:
        if member.pk == lead_case.pk:
            raise InvalidInput("A case cannot be consolidated under itself.", field="member_cases")
        if member.court_id != lead_case.court_id:
            raise InvalidInput("Consolidated cases must be in the same court.", field="member_cases")
        if member.member_cases.exists():
            raise InvalidInput(
                f"{member.pacer_case_number} is itself the lead of a consolidation; "
                "consolidate its members under the new lead instead.",
                field="member_cases",
            )
    if lead_case.lead_case_id is not None:
        raise InvalidInput("The lead case is itself a member of another consolidation.", field="lead_case")
    Case.objects.filter(pk__in=[m.pk for m in member_cases]).update(lead_case=lead_case)
    audit_event_record(
        kind="case.consolidated",
        acting_user=acting_user,
        subject=lead_case,
        court=lead_case.court,
        extra={"members": [m.pacer_case_number for m in member_cases]},
    )


@transaction.atomic
def party_add(
    *,
    case: Case,
    name: str,
    role: PartyRole,
    acting_user: User | None,
    role_label: str = "",
    extra_info: str = "",
    pro_se: bool = False,
    date_terminated: dt.date | None = None,
    pro_se_account: User | None = None,
    postal_address: str = "",
) -> Party:
    name = name.strip()
    if not name:
        raise InvalidInput("A party needs a name.", field="name")
    postal_address = postal_address_clean(postal_address)
    if role not in PartyRole.values:
        raise InvalidInput(
            f"'{str(role)[:40]}' is not a party role; use one of {', '.join(PartyRole.values)}.", field="role"
        )
    position = case.parties.count()
    party = Party.objects.create(
        case=case,
        name=name,
        role=role,
        role_label=role_label or PartyRole(role).label,
        extra_info=extra_info,
        pro_se=pro_se or pro_se_account is not None,
        pro_se_account=pro_se_account,
        date_terminated=date_terminated,
        postal_address=postal_address,
        position=position,
    )
    audit_event_record(
        kind="party.added",
        acting_user=acting_user,
        subject=party,
        court=case.court,
        extra={"case": case.pk, "name": name, "role": role},
    )
    return party


MAX_POSTAL_ADDRESS_LINES = 8
MAX_POSTAL_ADDRESS_LENGTH = 1000


def postal_address_clean(text: str) -> str:
    """A postal address as typed: one line per line, blank lines and outer blanks dropped."""
    typed_text_check(text, name="postal_address", multiline=True)
    lines = [kept for kept in (" ".join(line.split()) for line in text.splitlines()) if kept]
    address = "\n".join(lines)
    if len(lines) > MAX_POSTAL_ADDRESS_LINES:
        raise InvalidInput(
            f"A postal address has at most {MAX_POSTAL_ADDRESS_LINES} lines.", field="postal_address"
        )
    if len(address) > MAX_POSTAL_ADDRESS_LENGTH:
        raise InvalidInput(
            f"A postal address has at most {MAX_POSTAL_ADDRESS_LENGTH} characters.", field="postal_address"
        )
    return address


@transaction.atomic
def party_postal_address_set(*, party: Party, postal_address: str, acting_user: User | None) -> Party:
    """Where a party served by other means is mailed (the clerk's office keeps it)."""
    address = postal_address_clean(postal_address)
    party = Party.objects.select_for_update().get(pk=party.pk)
    if address == party.postal_address:
        return party
    had_address = bool(party.postal_address)
    party.postal_address = address
    party.save(update_fields=["postal_address"])
    audit_event_record(
        kind="party.postal_address_set",
        acting_user=acting_user,
        subject=party,
        court=party.case.court,
        extra={"case": party.case_id, "had_address": had_address},
    )
    return party


@transaction.atomic
def attorney_create(
    *,
    court: Court,
    name: str,
    acting_user: User | None,
    firm: str = "",
    address: str = "",
    phone: str = "",
    fax: str = "",
    email: str = "",
    secondary_emails: Sequence[str] = (),
    contact_text: str = "",
) -> Attorney:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("An attorney needs a name.", field="name")
    attorney = Attorney.objects.create(
        court=court,
        name=name,
        firm=firm,
        address=address,
        phone=phone,
        fax=fax,
        email=email,
        secondary_emails=list(secondary_emails),
        contact_text=contact_text,
    )
    audit_event_record(
        kind="attorney.created",
        acting_user=acting_user,
        subject=attorney,
        court=court,
        extra={"name": name},
    )
    return attorney


@transaction.atomic
def representation_add(
    *,
    party: Party,
    attorney: Attorney,
    acting_user: User | None,
    lead: bool = False,
    to_be_noticed: bool = True,
    pro_hac_vice: bool = False,
    other_designations: Sequence[str] = (),
    date_terminated: dt.date | None = None,
) -> Representation:
    if attorney.court_id != party.case.court_id:
        raise InvalidInput("The attorney is not on this court's roll.", field="attorney")
    if Representation.objects.filter(party=party, attorney=attorney).exists():
        raise Conflict(f"{attorney.name} already represents {party.name}.", field="attorney")
    representation = Representation.objects.create(
        party=party,
        attorney=attorney,
        lead=lead,
        to_be_noticed=to_be_noticed,
        pro_hac_vice=pro_hac_vice,
        other_designations=list(other_designations),
        date_terminated=date_terminated,
        position=party.representations.count(),
    )
    audit_event_record(
        kind="representation.added",
        acting_user=acting_user,
        subject=representation,
        court=party.case.court,
        extra={"party": party.pk, "attorney": attorney.pk, "lead": lead},
    )
    return representation
