"""The audit guard: an audit event is written only inside its service's transaction.

pytest-django wraps an ordinary test in a transaction, where the guard can never fire; these tests run
with real commits (`transaction=True`) so that it can.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from openecf.audit.models import AuditEvent
from openecf.audit.services import audit_event_record
from openecf.courts.models import Court

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_write_outside_a_transaction_is_refused_and_leaves_nothing():
    assert not transaction.get_connection().in_atomic_block

    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_event_record(kind="court.touched", acting_user=None, subject=Court(id="cit"))

    assert not AuditEvent.objects.exists()


def test_a_write_inside_a_transaction_is_kept_when_it_commits():
    with transaction.atomic():
        audit_event_record(kind="court.touched", acting_user=None, subject=Court(id="cit"))

    event = AuditEvent.objects.get()
    assert (event.kind, event.subject_type, event.subject_id) == ("court.touched", "courts.Court", "cit")


def test_an_event_rolls_back_with_its_transaction():
    with pytest.raises(ValueError, match="refused"), transaction.atomic():
        audit_event_record(kind="court.touched", acting_user=None, subject=Court(id="cit"))
        raise ValueError("refused")

    assert not AuditEvent.objects.exists()
