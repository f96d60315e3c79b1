"""Writes to accounts' court roles."""

from __future__ import annotations

from django.db import transaction

from openecf.accounts.models import CourtRole, CourtRoleKind, User
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court
from openecf.errors import Conflict, InvalidInput, NotFound


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
def court_role_grant(*, user: User, court: Court, role: CourtRoleKind, acting_user: User | None) -> CourtRole:
    if CourtRole.objects.filter(user=user, court=court, role=role).exists():
        raise Conflict(f"{user.username} already holds that role in {court.name}.")
    court_role = CourtRole.objects.create(user=user, court=court, role=role)
    if role in (CourtRoleKind.CLERK, CourtRoleKind.HELP_DESK) and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_event_record(
        kind="court_role.granted",
        acting_user=acting_user,
        subject=court_role,
        court=court,
        extra={"user": user.username, "role": role},
    )
    return court_role


@transaction.atomic
def court_role_revoke(*, court_role: CourtRole, acting_user: User | None) -> None:
    locked = CourtRole.objects.select_for_update().filter(pk=court_role.pk).first()
    if locked is None:
        raise NotFound("That role was already revoked.")
    audit_event_record(
        kind="court_role.revoked",
        acting_user=acting_user,
        subject=locked,
        court=locked.court,
        extra={"user": locked.user.username, "role": locked.role},
    )
    locked.delete()
