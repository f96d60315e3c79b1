"""Documents stored before public ids existed get one each: random, unique, of the doc1 form.

Transactional: the test migrates the test database itself and leaves it at the latest migrations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from openecf.cases.services import case_open
from openecf.documents.models import PUBLIC_ID_FORM, Document
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def executor() -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    if ("documents", "0003_document_public_id_filled") not in executor.loader.graph.nodes:
        pytest.skip("migrations are disabled (--no-migrations)")
    try:
        yield executor
    finally:
        restore = MigrationExecutor(connection)
        restore.migrate(restore.loader.graph.leaf_nodes())


def _migrate(executor: MigrationExecutor, target: tuple[str, str]) -> None:
    executor.loader.build_graph()
    executor.migrate([target])
    executor.loader.build_graph()


def test_existing_documents_get_their_own_public_ids(cit, executor):
    case = case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    for n in range(5):
        docket_entry_with_documents_create(
            case=case, text=f"Entry {n}.", documents=[DocumentUpload(make_pdf(f"doc {n}"))], acting_user=None
        )
    _migrate(executor, ("documents", "0002_document_public_id_added"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE documents_document SET public_id = NULL")

    _migrate(executor, ("documents", "0004_document_public_id_unique"))

    ids = list(Document.objects.values_list("public_id", flat=True))
    assert len(ids) == 5 == len(set(ids))
    assert all(PUBLIC_ID_FORM.fullmatch(public_id) for public_id in ids)
