"""A case's participants read its participants-only entries; sealed and ex parte stay with the court."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.access.documents import DocumentNotFound, access_document
from openecf.cases.models import PartyRole
from openecf.cases.services import attorney_create, case_open, party_add, representation_add
from openecf.docket.models import EntryRestriction
from openecf.documents.models import Document
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
)
from openecf.documents.testing import make_pdf
from openecf.filers.factories import FilingRightFactory
from openecf.reports.filters import DocketFilters
from openecf.reports.selectors import docket_report_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cit):
    case = case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2022, 1, 3), acting_user=None
    )
    plaintiff = party_add(case=case, name="Acme", role=PartyRole.PLAINTIFF, acting_user=None)
    counsel = attorney_create(court=cit, name="Ann Counsel", acting_user=None)
    representation_add(party=plaintiff, attorney=counsel, acting_user=None)
    texts = {}
    for restriction in EntryRestriction:
        entry = docket_entry_with_documents_create(
            case=case,
            text=f"{restriction.label} entry.",
            documents=[DocumentUpload(make_pdf(restriction.value))],
            acting_user=None,
        )
        if restriction != EntryRestriction.PUBLIC:
            docket_entry_restrict(entry=entry, restriction=restriction, acting_user=None)
        texts[restriction.value] = entry.text
    attorney_user = FilingRightFactory.create(user__username="ann", court=cit, attorney=counsel).user
    stranger_counsel = attorney_create(court=cit, name="Other Counsel", acting_user=None)
    stranger = FilingRightFactory.create(user__username="stranger", court=cit, attorney=stranger_counsel).user
    return case, texts, attorney_user, stranger


def readable_texts(case, viewer) -> set[str]:
    report = docket_report_build(case=case, viewer=viewer, filters=DocketFilters())
    return {entry.text for entry in report.entries if entry.text is not None}


def test_participant_reads_participants_entries_only(setting, clerk):
    case, texts, attorney_user, stranger = setting
    assert readable_texts(case, None) == {texts["public"]}
    assert readable_texts(case, stranger) == {texts["public"]}
    assert readable_texts(case, attorney_user) == {texts["public"], texts["participants"]}
    assert readable_texts(case, clerk) == set(texts.values())


def test_participant_documents(setting, clerk):
    case, _, attorney_user, stranger = setting
    # The documents are public on their own; their entries' restrictions apply to them.
    documents = {
        d.docket_entry.restriction: d
        for d in Document.objects.filter(docket_entry__case=case).select_related("docket_entry")
    }
    access_document(attorney_user, "cit", documents["participants"].public_id)
    for restriction in ("sealed", "ex_parte"):
        with pytest.raises(DocumentNotFound):
            access_document(attorney_user, "cit", documents[restriction].public_id)
        access_document(clerk, "cit", documents[restriction].public_id)
    with pytest.raises(DocumentNotFound):
        access_document(stranger, "cit", documents["participants"].public_id)


def test_terminated_representation_ends_the_participants_view(setting):
    case, texts, attorney_user, _ = setting
    case.parties.get().representations.update(date_terminated=dt.date(2023, 1, 1))
    assert readable_texts(case, attorney_user) == {texts["public"]}
