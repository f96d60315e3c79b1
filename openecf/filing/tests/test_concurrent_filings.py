"""32 filings into one case at the same moment, each on its own database connection (issue 8 §6): the
numbers that follow the case's last entry, none skipped and none twice, each filing whole.

PostgreSQL only: threads with real connections that wait on the case's row lock. (SQLite has one writer
at a time; the docket's own SQLite variant is in openecf/docket/tests/test_concurrency.py.)
"""

from __future__ import annotations

import pytest
from django.db import connection

from openecf.accounts.models import User
from openecf.cases.models import Case
from openecf.docket.tests.test_concurrency import run_together
from openecf.filing.models import ElectronicDocumentStamp, Filing
from openecf.filing.tests.world import FILES, file_motion, filing_world
from openecf.storage import blob_storage

FILERS = 32


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fast_hashing")
def test_32_concurrent_filings_into_one_case_get_the_next_numbers_whole() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...); SQLite has one writer at a time")
    world = filing_world(entries=3)
    last = world.case.last_entry_number
    assert last == 3
    connection.close()

    def file(index: int) -> int | None:
        case = Case.objects.select_related("court").get(pk=world.case.pk)
        user = User.objects.get(pk=world.attorney.pk)
        return file_motion(case.court, user, case, label=f"concurrent {index}").docket_entry.number

    outcomes = run_together(FILERS, file)

    errors = [f"{type(o).__name__}: {o}" for o in outcomes if not isinstance(o, int)]
    assert not errors, errors
    expected = list(range(last + 1, last + FILERS + 1))
    assert sorted(int(number) for number in outcomes) == expected, (
        "the next numbers, none skipped and none twice"
    )
    case = Case.objects.get(pk=world.case.pk)
    assert case.last_entry_number == last + FILERS
    numbers = sorted(n for n in case.entries.values_list("number", flat=True) if n is not None)
    assert numbers == list(range(1, last + FILERS + 1))
    filings = Filing.objects.filter(case=case, docket_entry__number__gt=last).select_related("docket_entry")
    assert filings.count() == FILERS
    for filing in filings:
        entry = filing.docket_entry
        assert filing.notices.count() == 1
        assert filing.notices.get().document_number == str(entry.number)
        documents = list(entry.documents.order_by("attachment_number"))
        assert [d.attachment_number for d in documents] == list(range(FILES))
        for document in documents:
            stamp = ElectronicDocumentStamp.objects.get(document=document)
            assert stamp.file_number
            assert blob_storage().exists(document.storage_key)
            assert blob_storage().exists(document.stamped_storage_key)
    stamps = ElectronicDocumentStamp.objects.filter(document__docket_entry__case=case)
    assert stamps.values("file_number").distinct().count() == stamps.count() == FILES * (last + FILERS)
    connection.close()
