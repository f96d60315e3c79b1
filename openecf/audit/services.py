"""Writing audit events. Callers are services already inside their transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from openecf.audit.models import AuditEvent

if TYPE_CHECKING:
    # The audit trail is on the ground floor: every app above writes to it, it imports none of them.
    from openecf.accounts.models import User
    from openecf.courts.models import Court


def audit_event_record(
    *,
    kind: str,
    acting_user: User | None,
    subject: models.Model | None,
    court: Court | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the service's transaction.")
    return AuditEvent.objects.create(
        kind=kind,
        acting_user=acting_user if acting_user is not None and acting_user.pk else None,
        court=court,
        # No subject: a change to no one record (the storage sweep's removal of files nobody refers to).
        subject_type=subject._meta.label if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        extra=extra or {},
    )
