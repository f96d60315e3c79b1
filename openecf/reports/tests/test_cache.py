"""Cached Docket Report rows (openecf/reports/cache.py): fresh after every change, never across viewers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_restriction_set
from openecf.docket.models import EntryRestriction
from openecf.docket.services import docket_entry_modify_text
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
    document_attach,
)
from openecf.documents.testing import make_pdf
from openecf.filers.factories import FilingRightFactory
from openecf.reports.filters import DocketFilters
from openecf.reports.render import docket_report_body
from openecf.reports.selectors import docket_report_build
from openecf.reports.tests.test_serialize import SEALED_TEXT, build_case

pytestmark = pytest.mark.django_db


def body(case, viewer=None, filters: DocketFilters | None = None) -> str:
    return docket_report_body(
        docket_report_build(case=case, viewer=viewer, filters=filters or DocketFilters())
    )


def entry_queries(case, viewer=None) -> int:
    """How many queries of one page read the docket entries table."""
    with CaptureQueriesContext(connection) as captured:
        body(case, viewer)
    return sum('FROM "docket_docketentry"' in query["sql"] for query in captured.captured_queries)


@pytest.fixture
def built(cit):
    return build_case(cit)


def test_a_second_page_reads_the_rows_from_the_cache(built):
    first = body(built.case)
    assert entry_queries(built.case) == 0
    assert body(built.case) == first


def test_the_cache_can_be_turned_off(built, settings):
    settings.OPENECF_DOCKET_ROWS_CACHE_SECONDS = 0
    body(built.case)
    assert entry_queries(built.case) > 0


def test_a_new_entry_shows_at_once(built):
    body(built.case)
    docket_entry_with_documents_create(
        case=built.case, text="Answer to the complaint.", date_filed=dt.date(2020, 7, 1), acting_user=None
    )
    assert "Answer to the complaint." in body(built.case)


def test_sealing_an_entry_hides_it_at_once(built):
    assert "Telephone conference held." in body(built.case)
    docket_entry_restrict(entry=built.minute, restriction=EntryRestriction.SEALED, acting_user=None)
    assert "Telephone conference held." not in body(built.case)


def test_unsealing_an_entry_shows_it_at_once(built):
    assert SEALED_TEXT not in body(built.case)
    docket_entry_restrict(entry=built.sealed, restriction=EntryRestriction.PUBLIC, acting_user=None)
    assert SEALED_TEXT in body(built.case)


def test_a_corrected_text_shows_at_once(built):
    body(built.case)
    docket_entry_modify_text(
        entry=built.order, text="ORDER denying motion.", note="Wrong event.", acting_user=None
    )
    page = body(built.case)
    assert "ORDER denying motion." in page
    assert "ORDER granting motion" not in page


def test_an_added_document_shows_at_once(built):
    assert "attachment" not in body(built.case).split("ORDER granting")[0].rsplit("<tr>", 1)[-1]
    document_attach(docket_entry=built.order, upload=DocumentUpload(make_pdf("Exhibit")), acting_user=None)
    row = body(built.case).split("ORDER granting")[0].rsplit("<tr>", 1)[-1]
    assert "1 attachment" in row


def test_sealing_the_case_changes_the_generation(built, clerk):
    before = docket_report_build(case=built.case, viewer=clerk, filters=DocketFilters()).rows_key
    case_restriction_set(case=built.case, restriction=CaseRestriction.SEALED, acting_user=clerk)
    after = docket_report_build(case=built.case, viewer=clerk, filters=DocketFilters()).rows_key
    assert before != after


def test_staff_rows_never_reach_the_public(built, clerk):
    staff = body(built.case, clerk)
    assert SEALED_TEXT in staff
    public = body(built.case)
    assert SEALED_TEXT not in public
    assert "SEALED" in public


def test_participant_rows_never_reach_the_public_nor_staff_rows_the_participant(cit, built, clerk):
    docket_entry_restrict(entry=built.minute, restriction=EntryRestriction.PARTICIPANTS, acting_user=None)
    representation = built.case.parties.get(name="Acme Steel Corp.").representations.get()
    participant = FilingRightFactory.create(
        user__username="morgan", court=cit, attorney=representation.attorney
    ).user
    assert SEALED_TEXT in body(built.case, clerk)
    as_participant = body(built.case, participant)
    assert "Telephone conference held." in as_participant
    assert SEALED_TEXT not in as_participant
    assert "Telephone conference held." not in body(built.case)


def test_a_selection_is_cached_apart_from_the_whole_report(built):
    whole = body(built.case)
    newest = body(built.case, filters=DocketFilters(order="newest"))
    assert whole != newest
    assert newest.index("ORDER granting") < newest.index("Complaint.")


def test_sealing_one_document_hides_its_link_at_once(built):
    from openecf.documents.models import Document
    from openecf.documents.services import document_restrict

    exhibit = Document.objects.get(docket_entry=built.complaint, attachment_number=1)
    assert "2 attachments" in body(built.case)
    document_restrict(document=exhibit, restriction=EntryRestriction.SEALED, acting_user=None)
    page = body(built.case)
    assert "2 attachments" not in page
    assert "1 attachment" in page
