"""Manage My Account: contact details, e-mail addresses, password; Requests for Change in Information."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openecf.accounts.models import (
    ChangeOfInformationRequest,
    CourtRole,
    CourtRoleKind,
    FilingRight,
    RequestStatus,
    SecondaryEmail,
    User,
)
from openecf.accounts.passwords import password_check
from openecf.audit.services import audit_event_record
from openecf.cases.access import access_court
from openecf.courts.models import Court
from openecf.errors import Conflict, InvalidInput, NotFound

MAX_SECONDARY_EMAILS = 5
CONTACT_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "phone",
    "firm",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "country",
)
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
REQUIRED_CONTACT_FIELDS = {"first_name": "first name", "last_name": "last name"}


def _contact_of(user: User) -> dict[str, str]:
    return {field: str(getattr(user, field)) for field in CONTACT_FIELDS}


@transaction.atomic
def account_contact_update(
    *, user: User, acting_user: User, details: dict[str, str]
) -> list[ChangeOfInformationRequest]:
    """Update contact details; a filer's new firm or address is filed with every court where they file."""
    user = User.objects.select_for_update().get(pk=user.pk)
    unknown = set(details) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown contact field {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    cleaned = {field: details.get(field, getattr(user, field)).strip() for field in CONTACT_FIELDS}
    for field, label in REQUIRED_CONTACT_FIELDS.items():
        if not cleaned[field]:
            raise InvalidInput(f"Enter your {label}.", field=field)
    for field, value in cleaned.items():
        limit = getattr(User._meta.get_field(field), "max_length", None) or 0
        if limit and len(value) > limit:
            raise InvalidInput(f"{field.replace('_', ' ')}: at most {limit} characters.", field=field)
    before = _contact_of(user)
    changed = [field for field in CONTACT_FIELDS if cleaned[field] != before[field]]
    if not changed:
        return []
    for field in changed:
        setattr(user, field, cleaned[field])
    user.save(update_fields=changed)
    audit_event_record(
        kind="account.contact_updated",
        acting_user=acting_user,
        subject=user,
        extra={"changed": changed},
    )
    if not any(field in FIRM_AND_ADDRESS_FIELDS for field in changed):
        return []
    previous = {field: before[field] for field in ("first_name", "last_name", *FIRM_AND_ADDRESS_FIELDS)}
    current = {field: cleaned[field] for field in previous}
    court_ids = (
        FilingRight.objects.filter(user=user, revoked_at__isnull=True)
        .values_list("court_id", flat=True)
        .distinct()
        .order_by("court_id")
    )
    requests = []
    for court in Court.objects.filter(pk__in=list(court_ids)).order_by("pk"):
        change = ChangeOfInformationRequest.objects.create(
            user=user, court=court, previous=previous, current=current
        )
        audit_event_record(
            kind="change_request.filed",
            acting_user=acting_user,
            subject=change,
            court=court,
            extra={"changed": [f for f in changed if f in FIRM_AND_ADDRESS_FIELDS]},
        )
        requests.append(change)
    return requests


def _email_clean(email: str, field: str) -> str:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput("Enter a valid e-mail address, such as name@example.com.", field=field) from None
    return email


@transaction.atomic
def account_email_change(*, user: User, acting_user: User, email: str) -> User:
    """The primary e-mail address (notices, password resets, MFA confirmation codes)."""
    email = _email_clean(email, "email")
    user = User.objects.select_for_update().get(pk=user.pk)
    if email.lower() == user.email.lower():
        return user
    previous = user.email
    user.email = email
    user.save(update_fields=["email"])
    SecondaryEmail.objects.filter(user=user, email__iexact=email).delete()
    audit_event_record(kind="account.email_changed", acting_user=acting_user, subject=user, extra={})
    if previous:
        # The old address hears of the change, so a stolen session cannot quietly take the account.
        transaction.on_commit(
            lambda: send_mail(
                subject="Your PACER account's e-mail address was changed",
                message=(
                    f"The primary e-mail address of the PACER account {user.username} was changed. If you "
                    "did not make this change, contact the PACER Service Center at once."
                ),
                from_email=None,
                recipient_list=[previous],
            )
        )
    return user


@transaction.atomic
def secondary_email_add(*, user: User, acting_user: User, email: str) -> SecondaryEmail:
    email = _email_clean(email, "secondary_email")
    User.objects.select_for_update().filter(pk=user.pk).first()
    if email.lower() == user.email.lower():
        raise Conflict("That is already your primary e-mail address.", field="secondary_email")
    if SecondaryEmail.objects.filter(user=user, email__iexact=email).exists():
        raise Conflict("That address is already on your account.", field="secondary_email")
    if SecondaryEmail.objects.filter(user=user).count() >= MAX_SECONDARY_EMAILS:
        raise Conflict(
            f"An account may have at most {MAX_SECONDARY_EMAILS} secondary e-mail addresses. Remove one first.",
            field="secondary_email",
        )
    secondary = SecondaryEmail.objects.create(user=user, email=email)
    audit_event_record(
        kind="account.secondary_email_added", acting_user=acting_user, subject=secondary, extra={}
    )
    return secondary


def access_secondary_email(user: User, secondary_email_id: int) -> SecondaryEmail:
    secondary = SecondaryEmail.objects.filter(user=user, pk=secondary_email_id).first()
    if secondary is None:
        raise NotFound("There is no such secondary e-mail address on your account.")
    return secondary


@transaction.atomic
def secondary_email_remove(*, secondary_email: SecondaryEmail, acting_user: User) -> None:
    audit_event_record(
        kind="account.secondary_email_removed", acting_user=acting_user, subject=secondary_email, extra={}
    )
    secondary_email.delete()


@transaction.atomic
def account_password_change(
    *, user: User, acting_user: User, current_password: str, new_password: str
) -> None:
    user = User.objects.select_for_update().get(pk=user.pk)
    if not check_password(current_password, user.password):
        raise InvalidInput("Your current password is not correct.", field="current_password")
    account_password_set(user=user, acting_user=acting_user, password=new_password, reason="changed")


@transaction.atomic
def account_password_set(*, user: User, acting_user: User | None, password: str, reason: str) -> None:
    """Set a new password (after a change or an e-mailed reset) under the NIST rules."""
    try:
        password_check(password, username=user.username)
    except InvalidInput as refused:
        raise InvalidInput(refused.message, field="new_password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_event_record(
        kind="account.password_changed", acting_user=acting_user, subject=user, extra={"how": reason}
    )


@transaction.atomic
def username_reminder_send(*, email: str) -> int:
    """E-mail the usernames registered to this address. The page says the same whatever happens."""
    email = email.strip()
    users = (
        list(User.objects.filter(email__iexact=email, is_active=True).order_by("username")) if email else []
    )
    for user in users:
        audit_event_record(kind="account.username_reminder_sent", acting_user=None, subject=user, extra={})
    if users:
        names = "\n".join(f"  {user.username}" for user in users)
        address = users[0].email
        transaction.on_commit(
            lambda: send_mail(
                subject="Your PACER username",
                message=(
                    f"You asked for the username of the PACER account registered to this address:\n\n{names}\n\n"
                    "Usernames are not case-sensitive. If you did not ask, you can ignore this message."
                ),
                from_email=None,
                recipient_list=[address],
            )
        )
    return len(users)


def _court_clerk_court(user: User, court_id: str) -> Court:
    """The court, if the user is its clerk or help desk; every other user gets 'not found'."""
    court = access_court(court_id)
    allowed = user.is_authenticated and (
        user.is_superuser
        or CourtRole.objects.filter(
            user_id=user.pk, court=court, role__in=[CourtRoleKind.CLERK, CourtRoleKind.HELP_DESK]
        ).exists()
    )
    if not allowed:
        raise NotFound("There is nothing at this address.")
    return court


def access_change_requests(user: User, court_id: str) -> tuple[Court, QuerySet[ChangeOfInformationRequest]]:
    court = _court_clerk_court(user, court_id)
    queue = ChangeOfInformationRequest.objects.filter(court=court).select_related("user", "processed_by")
    return court, queue.order_by("status", "created_at")


def access_change_request(user: User, court_id: str, change_request_id: int) -> ChangeOfInformationRequest:
    court = _court_clerk_court(user, court_id)
    change = ChangeOfInformationRequest.objects.filter(court=court, pk=change_request_id).first()
    if change is None:
        raise NotFound("There is no such Request for Change in Information in this court.")
    return change


@transaction.atomic
def change_request_process(
    *, change_request: ChangeOfInformationRequest, acting_user: User
) -> ChangeOfInformationRequest:
    """The clerk has updated the court's records from the request."""
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
