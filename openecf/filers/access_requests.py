"""Requests to a court for filing access (attorney, pro hac vice, pro se, filing agent, Confidential
Information Filer), and the clerk's decision on them."""

from __future__ import annotations

import datetime as dt
import enum
import re

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from openecf.access.cases import access_case
from openecf.access.docket import docket_entries_filed_by, docket_entry_readable
from openecf.access.policy import Action, require
from openecf.accounts.models import GOVERNMENT_USER_TYPES, User
from openecf.accounts.selectors import account_by_username
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.filers.models import FilerRole, FilingAccessRequest, FilingRight, RequestStatus
from openecf.filers.rights import filing_right_ensure, holds_filing_right

CLERK_QUEUE_DECIDED_SHOWN = 20


class CifBasis(enum.StrEnum):
    FORM_17 = "form17"
    GOVERNMENT_FORM_11 = "government_form11"


_FORM_PATTERNS = {
    CifBasis.FORM_17: re.compile(r"\bform\s*17\b", re.IGNORECASE),
    CifBasis.GOVERNMENT_FORM_11: re.compile(r"\bform\s*11\b", re.IGNORECASE),
}


def _entry_is_form(entry: DocketEntry, basis: CifBasis) -> bool:
    pattern = _FORM_PATTERNS[basis]
    if entry.event is not None:
        prefix = "form17" if basis == CifBasis.FORM_17 else "form11"
        return entry.event.code.startswith(prefix) or bool(pattern.search(entry.event.label))
    return bool(pattern.search(entry.text[:200]))


def _cif_form_on_file(
    *, user: User, court: Court, basis: CifBasis, case_number: str, entry_number: int | None
) -> str:
    """Where the applicant's Form 17 (or Form 11) is docketed, as a line for the clerk; or the refusal.

    Both ways of finding it read the docket through the access layer, as the applicant may read it.
    """
    for own_entry in docket_entries_filed_by(user, court):
        if _entry_is_form(own_entry, basis):
            label = own_entry.event.label if own_entry.event else "Form"
            return (
                f"{label} filed by this account: {own_entry.case.pacer_case_number} entry {own_entry.number}."
            )
    form = "Form 17" if basis == CifBasis.FORM_17 else "Form 11"
    if not case_number or entry_number is None:
        raise InvalidInput(
            f"No {form} filed by your account was found in this court. Give the case number and docket "
            f"entry number of your {form}.",
            field="cif_case_number",
        )
    case = access_case(user, court.pk, case_number)
    entry = docket_entry_readable(user, case, entry_number)
    if entry is None or not _entry_is_form(entry, basis):
        raise InvalidInput(
            f"Entry {entry_number} of {case.display_case_number} is not a {form}. Check the docket and "
            "give the entry number of your form.",
            field="cif_entry_number",
        )
    return (
        f"{form} named by the applicant: {case.pacer_case_number} entry {entry_number} ({entry.text[:120]})."
    )


def _email_on_commit(to: str, subject: str, body: str) -> None:
    if to:
        transaction.on_commit(lambda: send_mail(subject, body, None, [to]))


@transaction.atomic
def filing_access_request(
    *,
    user: User,
    court: Court,
    role: FilerRole | str,
    acting_user: User,
    bar_number: str = "",
    bar_state: str = "",
    bar_admission_date: dt.date | None = None,
    pro_hac_vice: bool = False,
    sponsoring_attorney_name: str = "",
    for_attorney_username: str = "",
    cif_basis: CifBasis | str = "",
    cif_case_number: str = "",
    cif_entry_number: int | None = None,
    statement: str = "",
) -> FilingAccessRequest:
    """Ask a court for filing rights in one filer role; the clerk decides."""
    if acting_user.pk != user.pk:
        raise InvalidInput("Only the PACER account's owner asks for filing access.", code="not_permitted")
    require(user, Action.REQUEST_FILING_ACCESS, court=court)
    if role not in FilerRole.values:
        raise InvalidInput(f"Choose a filer role: {', '.join(FilerRole.labels)}.", field="role")
    role = FilerRole(role)
    if holds_filing_right(user, court, role):
        raise Conflict(f"You already have filing rights in this court as {role.label}.", field="role")
    bar_number, bar_state = bar_number.strip()[:40], bar_state.strip()[:60]
    sponsoring_attorney_name = " ".join(sponsoring_attorney_name.split())[:200]
    for_attorney: User | None = None
    notes: list[str] = []
    if role == FilerRole.ATTORNEY:
        if not bar_number:
            raise InvalidInput("Give your bar number.", field="bar_number")
        if not bar_state:
            raise InvalidInput("Give the state of your bar admission.", field="bar_state")
        if pro_hac_vice:
            if not sponsoring_attorney_name:
                raise InvalidInput(
                    "Pro hac vice admission needs a sponsoring attorney: give their name.",
                    field="sponsoring_attorney_name",
                )
        elif bar_admission_date is None:
            raise InvalidInput(
                "Give the date you were admitted to this court's bar (or ask to appear pro hac vice).",
                field="bar_admission_date",
            )
        if bar_admission_date is not None and bar_admission_date > timezone.localdate():
            raise InvalidInput("The bar admission date cannot be in the future.", field="bar_admission_date")
    elif role == FilerRole.FILING_AGENT:
        for_attorney = account_by_username(for_attorney_username)
        attorney_files_here = for_attorney is not None and holds_filing_right(
            for_attorney, court, FilerRole.ATTORNEY
        )
        if for_attorney is None or not attorney_files_here or for_attorney.pk == user.pk:
            raise InvalidInput(
                "A filing agent files for an attorney with filing rights in this court: give that "
                "attorney's PACER username.",
                field="for_attorney_username",
            )
    elif role == FilerRole.CONFIDENTIAL_INFORMATION_FILER:
        if cif_basis not in CifBasis.__members__.values():
            raise InvalidInput(
                "A Confidential Information Filer needs a Form 17 on file, or a government attorney's Form 11.",
                field="cif_basis",
            )
        basis = CifBasis(cif_basis)
        government = user.government_account or user.user_type in GOVERNMENT_USER_TYPES
        if basis == CifBasis.GOVERNMENT_FORM_11 and not government:
            raise InvalidInput(
                "Only a government account may rely on a Form 11; others file a Form 17.", field="cif_basis"
            )
        notes.append(
            _cif_form_on_file(
                user=user,
                court=court,
                basis=basis,
                case_number=cif_case_number.strip(),
                entry_number=cif_entry_number,
            )
        )
    statement = "\n".join([*notes, statement.strip()]).strip()[:4000]
    if FilingAccessRequest.objects.filter(
        user=user, court=court, role=role, status=RequestStatus.PENDING
    ).exists():
        raise Conflict(
            f"You already asked this court for filing access as {role.label}; the clerk has not decided yet."
        )
    try:
        with transaction.atomic():
            request = FilingAccessRequest.objects.create(
                user=user,
                court=court,
                role=role,
                bar_number=bar_number if role == FilerRole.ATTORNEY else "",
                bar_state=bar_state if role == FilerRole.ATTORNEY else "",
                bar_admission_date=bar_admission_date if role == FilerRole.ATTORNEY else None,
                pro_hac_vice=pro_hac_vice and role == FilerRole.ATTORNEY,
                sponsoring_attorney_name=sponsoring_attorney_name if role == FilerRole.ATTORNEY else "",
                for_attorney=for_attorney,
                cif_basis=str(cif_basis) if role == FilerRole.CONFIDENTIAL_INFORMATION_FILER else "",
                statement=statement,
            )
    except IntegrityError:
        raise Conflict(
            f"You already asked this court for filing access as {role.label}; the clerk has not decided yet."
        ) from None
    audit_event_record(
        kind="filing_access.requested",
        acting_user=acting_user,
        subject=request,
        court=court,
        extra={"role": role, "pro_hac_vice": request.pro_hac_vice, "cif_basis": request.cif_basis},
    )
    return request


def _decide(
    *, request: FilingAccessRequest, acting_user: User, status: RequestStatus, reason: str
) -> FilingAccessRequest:
    require(acting_user, Action.REVIEW_FILING_REQUESTS, court=request.court)
    locked = FilingAccessRequest.objects.select_for_update().filter(pk=request.pk).first()
    if locked is None:
        raise NotFound("There is no such filing access request.")
    if locked.status != RequestStatus.PENDING:
        raise Conflict(f"This request was already {locked.get_status_display().lower()}.")
    locked.status = status
    locked.reason = reason
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def filing_access_approve(
    *, request: FilingAccessRequest, acting_user: User, reason: str = ""
) -> FilingRight:
    """Grant the filing right asked for; the applicant is told by e-mail."""
    locked = _decide(
        request=request, acting_user=acting_user, status=RequestStatus.APPROVED, reason=reason.strip()
    )
    court, user, role = locked.court, locked.user, FilerRole(locked.role)
    if role == FilerRole.FILING_AGENT and (
        locked.for_attorney is None or not holds_filing_right(locked.for_attorney, court, FilerRole.ATTORNEY)
    ):
        raise Conflict(
            "The attorney this filing agent files for no longer has filing rights here; deny instead."
        )
    right = filing_right_ensure(
        user=user,
        court=court,
        role=role,
        bar_number=locked.bar_number,
        bar_state=locked.bar_state,
        pro_hac_vice=locked.pro_hac_vice,
        sponsoring_attorney=locked.for_attorney,
    )
    audit_event_record(
        kind="filing_access.approved",
        acting_user=acting_user,
        subject=locked,
        court=court,
        extra={"user": user.username, "role": role, "filing_right": right.pk},
    )
    _email_on_commit(
        user.email,
        f"{court.name}: filing access approved",
        f"Your request to file in the {court.name} as {role.label} was approved.\n"
        "Log in to the court's CM/ECF Document Filing System with your PACER username and password.\n"
        + (f"\nNote from the clerk: {locked.reason}\n" if locked.reason else ""),
    )
    return right


@transaction.atomic
def filing_access_deny(
    *, request: FilingAccessRequest, acting_user: User, reason: str
) -> FilingAccessRequest:
    """Refuse the request with a reason the applicant is told by e-mail."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Give the reason for the denial; the applicant is told it.", field="reason")
    locked = _decide(
        request=request, acting_user=acting_user, status=RequestStatus.DENIED, reason=reason[:2000]
    )
    role = FilerRole(locked.role)
    audit_event_record(
        kind="filing_access.denied",
        acting_user=acting_user,
        subject=locked,
        court=locked.court,
        extra={"user": locked.user.username, "role": role},
    )
    _email_on_commit(
        locked.user.email,
        f"{locked.court.name}: filing access denied",
        f"Your request to file in the {locked.court.name} as {role.label} was denied.\n\nReason: {locked.reason}\n\n"
        f"Questions: the court's CM/ECF Help Desk{f' at {locked.court.help_desk_phone}' if locked.court.help_desk_phone else ''}.\n",
    )
    return locked


# --- reading the requests ---------------------------------------------------------------------------


def filing_access_requests_of(user: User, court: Court) -> QuerySet[FilingAccessRequest]:
    """The account's own requests to the court, newest first."""
    return FilingAccessRequest.objects.filter(user=user, court=court).order_by("-created_at")


def filing_access_queue(
    user: User, court: Court
) -> tuple[QuerySet[FilingAccessRequest], QuerySet[FilingAccessRequest]]:
    """The clerk's queue: pending requests (oldest first) and the latest decided ones."""
    require(user, Action.REVIEW_FILING_REQUESTS, court=court)
    pending = (
        FilingAccessRequest.objects.filter(court=court, status=RequestStatus.PENDING)
        .select_related("user", "for_attorney")
        .order_by("created_at")
    )
    decided = (
        FilingAccessRequest.objects.filter(court=court)
        .exclude(status=RequestStatus.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at")[:CLERK_QUEUE_DECIDED_SHOWN]
    )
    return pending, decided


def access_filing_access_request(user: User, court: Court, request_id: int) -> FilingAccessRequest:
    """One request to the court, for its clerk's office; anyone else, or another court's id: not found."""
    require(user, Action.REVIEW_FILING_REQUESTS, court=court)
    found = (
        FilingAccessRequest.objects.filter(court=court, pk=request_id).select_related("court", "user").first()
    )
    if found is None:
        raise NotFound("There is no such filing access request in this court.")
    return found
