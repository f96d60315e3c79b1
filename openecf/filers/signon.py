"""Signing on to a court's CM/ECF through PACER: the redaction acknowledgment asked at each filing login."""

from __future__ import annotations

from django.db import transaction

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court


@transaction.atomic
def redaction_acknowledge(*, court: Court, acting_user: User) -> None:
    """Record that the filer acknowledged the redaction rules on this login to the court."""
    audit_event_record(
        kind="cmecf.redaction_acknowledged", acting_user=acting_user, subject=acting_user, court=court
    )
