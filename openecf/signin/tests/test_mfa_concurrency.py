"""The same one-time code sent many times at once is accepted once (PostgreSQL: threads, real connections).

SQLite takes one writer at a time, so the race these tests look for cannot happen there.
"""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection

from openecf.accounts.models import User
from openecf.docket.tests.test_concurrency import run_together
from openecf.signin.mfa import mfa_code_verify
from openecf.signin.models import BackupCode
from openecf.signin.tests.test_login import NOW, enrolled_device, make_user, totp_now

ATTEMPTS = 12

pytestmark = pytest.mark.usefixtures("fast_hashing")


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...); SQLite has one writer at a time")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_totp_code_sent_at_once_is_accepted_once(mailoutbox, django_capture_on_commit_callbacks):
    _needs_postgresql()
    with time_machine.travel(NOW, tick=False):
        user = make_user()
        device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
        code = totp_now(device)
        connection.close()
        outcomes = run_together(
            ATTEMPTS, lambda _: mfa_code_verify(user=User.objects.get(pk=user.pk), code=code)
        )
    assert outcomes.count("totp") == 1, outcomes
    assert outcomes.count(None) == ATTEMPTS - 1, outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_backup_code_sent_at_once_is_accepted_once(mailoutbox, django_capture_on_commit_callbacks):
    _needs_postgresql()
    with time_machine.travel(NOW, tick=False):
        user = make_user()
        _, codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
        connection.close()
        outcomes = run_together(
            ATTEMPTS, lambda _: mfa_code_verify(user=User.objects.get(pk=user.pk), code=codes[0])
        )
    assert outcomes.count("backup_code") == 1, outcomes
    assert outcomes.count(None) == ATTEMPTS - 1, outcomes
    assert BackupCode.objects.filter(user=user, used_at__isnull=False).count() == 1
