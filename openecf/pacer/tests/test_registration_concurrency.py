"""The last registration step submitted several times at once still creates one account (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection

from openecf.accounts.models import User
from openecf.audit.models import AuditEvent
from openecf.docket.tests.test_concurrency import run_together
from openecf.errors import Conflict
from openecf.pacer.registration import pacer_account_register
from openecf.pacer.tests.test_registration import credentials, details

SUBMITS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fast_hashing")
def test_simultaneous_final_submits_create_one_account():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
    # One browser session's wizard state, posted several times at the same moment.
    prepared = credentials("doublesubmit")
    connection.close()

    def submit(_: int) -> str:
        return pacer_account_register(
            details=details(), credentials=prepared, card=None, policies_acknowledged=True
        ).user.username

    outcomes = run_together(SUBMITS, submit)
    assert outcomes.count("doublesubmit") == 1, outcomes
    assert sum(isinstance(o, Conflict) for o in outcomes) == SUBMITS - 1, outcomes
    assert User.objects.filter(username="doublesubmit").count() == 1
    assert AuditEvent.objects.filter(kind="pacer_account.registered").count() == 1
