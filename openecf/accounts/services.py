"""Writes to the identity core: accounts, contact details, e-mail addresses, passwords, national roles.

Each service is one transaction with its audit event. Court filer concerns (a new address filed with the
courts) are composed on top of these by `openecf.filers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction

from openecf.accounts.models import SecondaryEmail, User
from openecf.accounts.passwords import password_check
from openecf.audit.services import audit_event_record
from openecf.errors import Conflict, InvalidInput

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
REQUIRED_CONTACT_FIELDS = {"first_name": "first name", "last_name": "last name"}


# --- accounts that do not come through PACER registration -------------------------------------------


@transaction.atomic
def staff_account_create(
    *,
    username: str,
    password: str,
    acting_user: User | None,
    superuser: bool = False,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """An account for court staff or an administrator (PACER registration comes with its own flow)."""
    username = username.strip().lower()
    if not username:
        raise InvalidInput("An account needs a username.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(f"The username {username} is taken.", field="username")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=superuser,
        is_superuser=superuser,
    )
    user.set_password(password)
    user.save()
    audit_event_record(
        kind="account.created",
        acting_user=acting_user,
        subject=user,
        extra={"username": username, "superuser": superuser},
    )
    return user


@transaction.atomic
def account_admin_access_grant(*, user: User, acting_user: User | None) -> None:
    """Let the account into the clerk's-office admin site (what it sees there is scoped by its roles)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_staff:
        return
    locked.is_staff = True
    locked.save(update_fields=["is_staff"])
    user.is_staff = True
    audit_event_record(kind="account.admin_access_granted", acting_user=acting_user, subject=locked)


@transaction.atomic
def psc_administrator_appoint(*, user: User, acting_user: User | None) -> User:
    """Make the account a PACER Service Center administrator (a national role, not a court's)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.psc_admin:
        raise Conflict(f"{locked.username} is already a PACER Service Center administrator.")
    locked.psc_admin = True
    locked.save(update_fields=["psc_admin"])
    audit_event_record(kind="account.psc_administrator_appointed", acting_user=acting_user, subject=locked)
    return locked


# --- contact details --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactChange:
    """The account's contact details before and after an update, and which fields changed."""

    before: dict[str, str]
    after: dict[str, str]
    changed: tuple[str, ...]


def contact_details_of(user: User) -> dict[str, str]:
    return {field: str(getattr(user, field)) for field in CONTACT_FIELDS}


@transaction.atomic
def account_contact_update(*, user: User, acting_user: User, details: dict[str, str]) -> ContactChange:
    """Update the account's name, telephone, firm and address; unnamed fields keep their value."""
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
    before = contact_details_of(user)
    changed = tuple(field for field in CONTACT_FIELDS if cleaned[field] != before[field])
    if changed:
        for field in changed:
            setattr(user, field, cleaned[field])
        user.save(update_fields=list(changed))
        audit_event_record(
            kind="account.contact_updated",
            acting_user=acting_user,
            subject=user,
            extra={"changed": list(changed)},
        )
    return ContactChange(before=before, after=cleaned, changed=changed)


# --- e-mail addresses -------------------------------------------------------------------------------


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


@transaction.atomic
def secondary_email_remove(*, secondary_email: SecondaryEmail, acting_user: User) -> None:
    audit_event_record(
        kind="account.secondary_email_removed", acting_user=acting_user, subject=secondary_email, extra={}
    )
    secondary_email.delete()


# --- passwords and usernames ------------------------------------------------------------------------


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
