"""Requests for Change in Information: a filer's new firm or address, filed with every court where the
filer files, and each court's clerk's queue of them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openecf.access.cases import access_court
from openecf.access.policy import Action, require
from openecf.accounts.models import User
from openecf.accounts.services import account_contact_update
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court
from openecf.errors import Conflict, NotFound
from openecf.filers.models import ChangeOfInformationRequest, FilingRight, RequestStatus

# A change to any of these is what a court's Request for Change in Information is about.
FIRM_AND_ADDRESS_FIELDS = (
    "firm",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "country",
)


@transaction.atomic
def contact_details_update(
    *, user: User, acting_user: User, details: dict[str, str]
) -> list[ChangeOfInformationRequest]:
    """Update contact details; a filer's new firm or address is filed with every court where they file."""
    change = account_contact_update(user=user, acting_user=acting_user, details=details)
    changed_firm_or_address = [field for field in change.changed if field in FIRM_AND_ADDRESS_FIELDS]
    if not changed_firm_or_address:
        return []
    previous = {
        field: change.before[field] for field in ("first_name", "last_name", *FIRM_AND_ADDRESS_FIELDS)
    }
    current = {field: change.after[field] for field in previous}
    court_ids = (
        FilingRight.objects.filter(user=user, revoked_at__isnull=True)
        .values_list("court_id", flat=True)
        .distinct()
        .order_by("court_id")
    )
    requests = []
    for court in Court.objects.filter(pk__in=list(court_ids)).order_by("pk"):
        filed = ChangeOfInformationRequest.objects.create(
            user=user, court=court, previous=previous, current=current
        )
        audit_event_record(
            kind="change_request.filed",
            acting_user=acting_user,
            subject=filed,
            court=court,
            extra={"changed": changed_firm_or_address},
        )
        requests.append(filed)
    return requests


def change_requests_of(user: User) -> QuerySet[ChangeOfInformationRequest]:
    """The account's own requests, newest first."""
    return (
        ChangeOfInformationRequest.objects.filter(user=user).select_related("court").order_by("-created_at")
    )


def access_change_requests(user: User, court_id: str) -> tuple[Court, QuerySet[ChangeOfInformationRequest]]:
    """The court's queue for its clerk's office (pending first); anyone else gets 'not found'."""
    court = access_court(court_id)
    require(user, Action.PROCESS_CHANGE_REQUESTS, court=court)
    queue = ChangeOfInformationRequest.objects.filter(court=court).select_related("user", "processed_by")
    return court, queue.order_by("status", "created_at")


def access_change_request(user: User, court_id: str, change_request_id: int) -> ChangeOfInformationRequest:
    court = access_court(court_id)
    require(user, Action.PROCESS_CHANGE_REQUESTS, court=court)
    change = ChangeOfInformationRequest.objects.filter(court=court, pk=change_request_id).first()
    if change is None:
        raise NotFound("There is no such Request for Change in Information in this court.")
    return change


@transaction.atomic
def change_request_process(
    *, change_request: ChangeOfInformationRequest, acting_user: User
) -> ChangeOfInformationRequest:
    """The clerk has updated the court's records from the request."""
    require(acting_user, Action.PROCESS_CHANGE_REQUESTS, court=change_request.court_id)
    change = ChangeOfInformationRequest.objects.select_for_update().get(pk=change_request.pk)
    if change.status != RequestStatus.PENDING:
        raise Conflict("This Request for Change in Information was already processed.")
    change.status = RequestStatus.APPROVED
    change.processed_by = acting_user
    change.processed_at = timezone.now()
    change.save(update_fields=["status", "processed_by", "processed_at"])
    audit_event_record(
        kind="change_request.processed", acting_user=acting_user, subject=change, court=change.court
    )
    return change
