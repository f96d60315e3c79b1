"""A filing commits whole or not at all (issue 8 §6): a fault at any step of `filing_submit`, or the process
killed in the middle, leaves no entry, document, stamp, notice, fee or case, no gap in the numbers, and
only unreferenced files in storage, which the storage sweep removes.

Real commits (`transaction=True`): a rollback inside pytest-django's test transaction would prove nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from openecf.billing.gateway import SandboxGateway
from openecf.cases.models import Case, CaseNumberSequence
from openecf.filing import services
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.filing.tests.world import (
    FILES,
    FilingWorld,
    file_motion,
    filing_world,
    motion_request,
    summons_request,
)
from openecf.storage import LocalContentAddressedStorage, blob_storage, storage_sweep

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_hashing")]

BASE_DIR = Path(__file__).resolve().parents[3]
# Every table a filing writes (directly or through the services it composes).
WRITTEN = [
    "docket.DocketEntry",
    "documents.Document",
    "filing.Filing",
    "filing.NoticeOfElectronicFiling",
    "filing.ElectronicDocumentStamp",
    "filing.Deadline",
    "filing.IdempotencyKey",
    "billing.FeePayment",
    "cases.Case",
    "cases.Party",
    "cases.Representation",
    "cases.Attorney",
    "audit.AuditEvent",
]


class Crash(Exception):
    """The fault injected into a step."""


def _fail_at_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, call: int) -> None:
    """Let owner.name run for real, and raise Crash right after its `call`-th call (its work done)."""
    real = getattr(owner, name)
    calls = 0

    def step(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        result = real(*args, **kwargs)
        calls += 1
        if calls == call:
            raise Crash(f"fault after {name} #{call}")
        return result

    monkeypatch.setattr(owner, name, step)


class _FailingStorage:
    """The configured storage, failing on the `call`-th put (the disk full on a stamped copy)."""

    def __init__(self, call: int) -> None:
        self.inner = blob_storage()
        self.call = call
        self.calls = 0

    def put(self, content: bytes) -> str:
        self.calls += 1
        if self.calls == self.call:
            raise Crash(f"storage fault on put #{self.call}")
        return self.inner.put(content)


def _storage_fails_on_the_last_stamped_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    # Puts go original, stamped copy, for each file: the originals are all stored when the last copy fails.
    storage = _FailingStorage(2 * FILES)
    monkeypatch.setattr("openecf.documents.services.blob_storage", lambda: storage)


Fault = Callable[[pytest.MonkeyPatch], None]
FAULTS: dict[str, tuple[Fault, int]] = {
    # name: (injection, files left behind in storage)
    "originals_stored": (_storage_fails_on_the_last_stamped_copy, 2 * FILES - 1),
    "stamped": (lambda mp: _fail_at_call(mp, services, "pdf_stamp_headers", FILES), 2 * (FILES - 1)),
    "document_file": (lambda mp: _fail_at_call(mp, services, "document_file", FILES), 2 * FILES),
    "stamp_make": (lambda mp: _fail_at_call(mp, services, "stamp_make", FILES), 2 * FILES),
    "notice": (lambda mp: _fail_at_call(mp, NoticeOfElectronicFiling.objects, "create", 1), 2 * FILES),
    "fee_record": (lambda mp: _fail_at_call(mp, services, "fee_payment_record", 1), 2 * FILES),
    "audit": (lambda mp: _fail_at_call(mp, services, "audit_event_record", 1), 2 * FILES),
}


def _counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in WRITTEN}


def _sequences() -> list[tuple[Any, ...]]:
    return list(
        CaseNumberSequence.objects.order_by("pk").values_list("court", "year", "case_type", "last_sequence")
    )


def _stored() -> set[str]:
    storage = blob_storage()
    assert isinstance(storage, LocalContentAddressedStorage)
    return {item.key for item in storage.entries()}


@pytest.fixture
def world() -> FilingWorld:
    return filing_world(entries=1)


@pytest.fixture
def gateway_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    calls: dict[str, list[str]] = {"void": [], "capture": []}
    monkeypatch.setattr(SandboxGateway, "void", lambda self, reference: calls["void"].append(reference))
    monkeypatch.setattr(SandboxGateway, "capture", lambda self, reference: calls["capture"].append(reference))
    return calls


CASES = [
    pytest.param(fault, kind, id=f"{kind}-{fault}")
    for kind in ("motion", "new_case")
    for fault in FAULTS
    if not (fault == "fee_record" and kind == "motion")  # a motion has no fee to record
]


@pytest.mark.parametrize(("fault", "kind"), CASES)
def test_a_fault_at_any_step_leaves_nothing_but_unreferenced_files(
    world: FilingWorld,
    monkeypatch: pytest.MonkeyPatch,
    gateway_calls: dict[str, list[str]],
    fault: str,
    kind: str,
) -> None:
    court, user, case = world.court, world.attorney, world.case
    last_number = case.last_entry_number
    assert last_number == 1
    counts, sequences, stored = _counts(), _sequences(), _stored()
    request = motion_request(case, label="faulty") if kind == "motion" else summons_request(label="Faulty")
    inject, left_behind = FAULTS[fault]

    with monkeypatch.context() as patched:
        inject(patched)
        with pytest.raises(Crash):
            services.filing_submit(user=user, court=court, request=request)

    assert _counts() == counts, "no entry, document, stamp, notice, fee, case, party or audit event"
    case.refresh_from_db()
    assert case.last_entry_number == last_number
    assert _sequences() == sequences, "no case number taken"
    if kind == "new_case":
        assert len(gateway_calls["void"]) == 1, "the fee's hold is released"
    assert gateway_calls["capture"] == []
    orphans = _stored() - stored
    assert len(orphans) == left_behind

    swept = storage_sweep(older_than=timezone.now() + dt.timedelta(hours=1), dry_run=False)
    assert {item.key for item in swept.removed} == orphans, "the sweep removes exactly the filing's files"
    assert _stored() == stored, "and every file a record refers to stays"

    if kind == "motion":
        again = file_motion(court, user, case, label="after the fault")
        assert again.docket_entry.number == last_number + 1, "the next filing takes the next number"
    else:
        again = services.filing_submit(user=user, court=court, request=summons_request(label="Next"))
        assert _sequences() != sequences
        assert again.case.sequence == _next_sequence(sequences, again.case), "no case number skipped"
        assert again.docket_entry.number == 1
    documents = list(again.docket_entry.documents.order_by("attachment_number"))
    assert len(documents) == FILES
    for document in documents:
        assert blob_storage().exists(document.storage_key) and blob_storage().exists(
            document.stamped_storage_key
        )
        assert document.stamp.file_number
    assert again.notices.count() == 1


def _next_sequence(before: list[tuple[Any, ...]], case: Case) -> int:
    for court_id, year, case_type, last in before:
        if (court_id, year, case_type) == (case.court_id, case.year, case.case_type):
            return int(last) + 1
    return 1


# The killed process: a child files on a SQLite file database (the test database is in memory) and
# SIGKILLs itself from inside a step; another child then looks at what is left.

_SETUP = """
import json, sys
import django
django.setup()
from django.apps import apps
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from openecf.filing.tests.world import FILES, filing_world
world = filing_world(entries=2)
counts = {label: apps.get_model(label).objects.count() for label in sys.argv[1:]}
print(json.dumps({"case": world.case.pk, "last": world.case.last_entry_number, "counts": counts}))
"""

_KILLED = """
import os, signal, sys
import django
django.setup()
from openecf.accounts.models import User
from openecf.cases.models import Case
from openecf.filing import services
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.filing.tests.world import FILES, file_motion
step, calls, case_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
owner = NoticeOfElectronicFiling.objects if step == "create" else services
real = getattr(owner, step)
done = 0
def killed(*args, **kwargs):
    global done
    result = real(*args, **kwargs)
    done += 1
    if done == calls:
        os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(owner, step, killed)
case = Case.objects.select_related("court").get(pk=case_id)
file_motion(case.court, User.objects.get(username="marlowe"), case, label="killed at " + step)
print("not killed")
"""

_CHECK = """
import datetime as dt, json, sys
import django
django.setup()
from django.apps import apps
from django.utils import timezone
from openecf.accounts.models import User
from openecf.cases.models import Case
from openecf.filing.tests.world import FILES, file_motion
from openecf.storage import blob_keys_referenced, storage_sweep
counts = {label: apps.get_model(label).objects.count() for label in sys.argv[2:]}
case = Case.objects.select_related("court").get(pk=int(sys.argv[1]))
last = case.last_entry_number
referenced = sorted(blob_keys_referenced())
swept = storage_sweep(older_than=timezone.now() + dt.timedelta(hours=1), dry_run=False)
again = file_motion(case.court, User.objects.get(username="marlowe"), case, label="after the kills")
print(json.dumps({
    "counts": counts,
    "last": last,
    "referenced": referenced,
    "removed": sorted(item.key for item in swept.removed),
    "next": again.docket_entry.number,
}))
"""


def _child(env: dict[str, str], script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _last_line(child: subprocess.CompletedProcess[str]) -> Any:
    assert child.returncode == 0, child.stderr[-4000:]
    return json.loads(child.stdout.strip().splitlines()[-1])


# (step patched in openecf.filing.services, or the notice's create; the call after which the process dies)
KILLS = [("stamp_make", FILES), ("audit_event_record", 1)]


@pytest.mark.django_db(transaction=False)
def test_a_killed_filing_process_leaves_nothing_but_unreferenced_files(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openecf.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'killed.sqlite3'}",
        "OPENECF_VAR_DIR": str(tmp_path / "var"),
        "OPENECF_DOCUMENT_ROOT": str(tmp_path / "documents"),
    }
    world = _last_line(_child(env, _SETUP, *WRITTEN))
    storage = LocalContentAddressedStorage(tmp_path / "documents")
    before = {item.key for item in storage.entries()}

    for step, calls in KILLS:
        killed = _child(env, _KILLED, step, str(calls), str(world["case"]))
        assert killed.returncode == -signal.SIGKILL, (step, killed.stdout, killed.stderr[-4000:])
    orphans = {item.key for item in storage.entries()} - before
    assert len(orphans) == 2 * FILES * len(KILLS), "each killed filing had stored its files"

    result = _last_line(_child(env, _CHECK, str(world["case"]), *WRITTEN))
    assert result["counts"] == world["counts"], "no row of any killed filing"
    assert result["last"] == world["last"], "no number taken by a killed filing"
    assert set(result["referenced"]) == before
    assert set(result["removed"]) == orphans, "the sweep removes exactly the killed filings' files"
    assert result["next"] == world["last"] + 1, "the next filing takes the next number"
