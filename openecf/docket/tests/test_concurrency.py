"""Many filers docketing into one case at the same moment, each on its own database connection.

PostgreSQL runs in this process (threads, real connections). SQLite's test database is in memory,
so the SQLite variant runs the same scenario in a child process on a real WAL file database.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from openecf.cases.models import Case
from openecf.cases.services import case_open
from openecf.courts.catalog import catalog_court_configure
from openecf.docket.models import DocketEntry, Event
from openecf.docket.services import event_define
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.errors import OpenECFError
from openecf.testing.sqlite_child import run_on_sqlite_file

FILERS = 20


def run_together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run work(0..count-1) in threads released at once; each result is a value or the exception."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # the caller asserts on every outcome
            results[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def docket_setup() -> dict[str, int]:
    court = catalog_court_configure("cit")
    case = case_open(
        court=court, caption="Acme v. United States", date_filed=dt.date(2020, 3, 16), acting_user=None
    )
    notice = event_define(
        court=court, code="notice", label="Notice", menu="Notices", document_required=False, acting_user=None
    )
    motion = event_define(court=court, code="motion", label="Motion", menu="Motions", acting_user=None)
    minute = event_define(
        court=court,
        code="minute",
        label="Minute Entry",
        menu="Other",
        document_required=False,
        numbered=False,
        docket_text_template="{text}",
        acting_user=None,
    )
    return {"case": case.pk, "notice": notice.pk, "motion": motion.pk, "minute": minute.pk}


def file_into_one_case(ids: dict[str, int], filers: int) -> dict[str, Any]:
    """Every filer dockets one entry: most numbered, some minute entries, some with a bad PDF."""

    def file(index: int) -> int | None:
        case = Case.objects.select_related("court").get(pk=ids["case"])
        if index % 5 == 4:
            event = Event.objects.get(pk=ids["minute"])
            return docket_entry_with_documents_create(
                case=case, event=event, text=f"Conference {index}.", acting_user=None
            ).number
        if index % 7 == 3:
            event = Event.objects.get(pk=ids["motion"])
            bad = [DocumentUpload(content=b"%PDF-1.7 not really")]
            return docket_entry_with_documents_create(
                case=case, event=event, documents=bad, acting_user=None
            ).number
        if index % 2:
            event = Event.objects.get(pk=ids["motion"])
            upload = [DocumentUpload(content=make_pdf(f"motion {index}"))]
            return docket_entry_with_documents_create(
                case=case, event=event, documents=upload, acting_user=None
            ).number
        event = Event.objects.get(pk=ids["notice"])
        return docket_entry_with_documents_create(
            case=case, event=event, filer_name=f"Filer {index}", acting_user=None
        ).number

    outcomes = run_together(filers, file)
    rows = list(DocketEntry.objects.filter(case_id=ids["case"]).values("number", "sequence"))
    case = Case.objects.get(pk=ids["case"])
    connection.close()
    return {
        "outcomes": [o if not isinstance(o, Exception) else f"{type(o).__name__}: {o}" for o in outcomes],
        "refused": [isinstance(o, OpenECFError) for o in outcomes],
        "numbers": [r["number"] for r in rows],
        "sequences": [r["sequence"] for r in rows],
        "last_entry_number": case.last_entry_number,
        "last_entry_sequence": case.last_entry_sequence,
    }


def assert_gapless(result: dict[str, Any], filers: int) -> None:
    expected_refused = [i % 5 != 4 and i % 7 == 3 for i in range(filers)]
    unexpected = [
        o for o, r, e in zip(result["outcomes"], result["refused"], expected_refused, strict=True) if r != e
    ]
    assert not unexpected, f"filings failed that should not have: {unexpected}"
    errors = [o for o in result["outcomes"] if isinstance(o, str) and not o.startswith("InvalidInput")]
    assert not errors, errors
    filed = filers - sum(expected_refused)
    minutes = sum(1 for i in range(filers) if i % 5 == 4)
    numbered = sorted(n for n in result["numbers"] if n is not None)
    assert numbered == list(range(1, filed - minutes + 1)), "no duplicate and no missing number"
    assert sorted(n for n in result["outcomes"] if isinstance(n, int)) == numbered
    assert result["numbers"].count(None) == minutes
    assert len(set(result["sequences"])) == len(result["sequences"]) == filed
    assert result["last_entry_number"] == filed - minutes
    # A refused filing's sequence number is rolled back with it, so sequences are gapless too.
    assert sorted(result["sequences"]) == list(range(1, filed + 1))
    assert result["last_entry_sequence"] == filed


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_into_one_case_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...); the SQLite variant runs below")
    ids = docket_setup()
    connection.close()
    assert_gapless(file_into_one_case(ids, FILERS), FILERS)


_CHILD = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from openecf.docket.tests.test_concurrency import docket_setup, file_into_one_case
print(json.dumps(file_into_one_case(docket_setup(), int(sys.argv[1]))))
"""


def test_concurrent_filings_into_one_case_on_a_sqlite_file(tmp_path: Path):
    assert_gapless(run_on_sqlite_file(tmp_path, _CHILD, str(FILERS)), FILERS)
