"""Writes to courts, their judges and the staff roles people hold in them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from courts_db import find_court_by_id
from django.db import transaction

from openecf.accounts.models import User
from openecf.accounts.services import account_admin_access_grant
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court, CourtKind, CourtRole, CourtRoleKind, Judge
from openecf.courts.roles import CLERKS_OFFICE
from openecf.errors import Conflict, InvalidInput, NotFound

_APPELLATE_ID = re.compile(r"^ca(\d{1,2}|dc|fc)$")

# Seat of the court → time zone, for courts created from courts-db, which has no time zone.
_PACIFIC = {"California", "Washington", "Oregon", "Nevada"}
_MOUNTAIN = {"Colorado", "Utah", "New Mexico", "Wyoming", "Montana", "Idaho"}
_CENTRAL = {
    "Texas", "Illinois", "Wisconsin", "Minnesota", "Iowa", "Missouri", "Arkansas", "Louisiana",
    "Mississippi", "Alabama", "Oklahoma", "Kansas", "Nebraska", "South Dakota", "North Dakota",
    "Tennessee",
}  # fmt: skip


def _time_zone_for(location: str) -> str:
    if location in _PACIFIC:
        return "America/Los_Angeles"
    if location in _MOUNTAIN:
        return "America/Denver"
    if location == "Arizona":
        return "America/Phoenix"
    if location in _CENTRAL:
        return "America/Chicago"
    if location == "Alaska":
        return "America/Anchorage"
    if location == "Hawaii":
        return "Pacific/Honolulu"
    return "America/New_York"


def court_kind_for(court_id: str) -> CourtKind:
    if _APPELLATE_ID.match(court_id) or court_id == "cavc":
        return CourtKind.APPELLATE
    if court_id.endswith("b") and court_id not in {"cob"}:
        return CourtKind.BANKRUPTCY
    return CourtKind.TRIAL


@transaction.atomic
def court_configure(*, court_id: str, acting_user: User | None, **fields: Any) -> Court:
    """Create a court, or update the given fields of an existing one."""
    court, created = Court.objects.select_for_update().get_or_create(id=court_id, defaults=fields)
    if not created and fields:
        for name, value in fields.items():
            setattr(court, name, value)
        court.save(update_fields=list(fields))
    audit_event_record(
        kind="court.created" if created else "court.changed",
        acting_user=acting_user,
        subject=court,
        court=court,
        extra={"fields": sorted(fields)},
    )
    return court


def court_get_or_create_from_courts_db(*, court_id: str, acting_user: User | None) -> Court:
    """The configured court, or a new one described by courts-db (any federal court id)."""
    existing = Court.objects.filter(id=court_id).first()
    if existing is not None:
        return existing
    matches = [c for c in find_court_by_id(court_id) if c.get("system") == "federal"]
    if not matches:
        raise InvalidInput(
            f"'{court_id}' is not a federal court id known to courts-db (e.g. 'cit', 'cafc', 'dcd').",
            code="unknown_court",
            field="court",
        )
    info = matches[0]
    kind = court_kind_for(court_id)
    location = str(info.get("location") or "")
    fields: dict[str, Any] = {
        "name": str(info["name"]),
        "kind": kind,
        "location": location,
        "time_zone": _time_zone_for(location),
        "website": str(info.get("court_url") or ""),
        "office_opens_at": dt.time(8, 30),
        "office_closes_at": dt.time(17, 0),
    }
    if kind == CourtKind.APPELLATE:
        fields |= {
            "pacer_case_number_format": "{yy}-{seq:04d}",
            "display_case_number_format": "{yy}-{seq:04d}",
            "first_case_sequence": 1001,
        }
    return court_configure(court_id=court_id, acting_user=acting_user, **fields)


@transaction.atomic
def judge_add(
    *, court: Court, name: str, initials: str = "", title: str = "Judge", acting_user: User | None
) -> Judge:
    judge, created = Judge.objects.get_or_create(
        court=court, name=name, defaults={"initials": initials, "title": title}
    )
    if created:
        audit_event_record(
            kind="judge.added",
            acting_user=acting_user,
            subject=judge,
            court=court,
            extra={"name": name},
        )
    return judge


@transaction.atomic
def court_role_grant(*, user: User, court: Court, role: CourtRoleKind, acting_user: User | None) -> CourtRole:
    """Give an account a staff role in a court; the clerk's office also gets the admin site."""
    if CourtRole.objects.filter(user=user, court=court, role=role).exists():
        raise Conflict(f"{user.username} already holds that role in {court.name}.")
    court_role = CourtRole.objects.create(user=user, court=court, role=role)
    if role in CLERKS_OFFICE:
        account_admin_access_grant(user=user, acting_user=acting_user)
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
