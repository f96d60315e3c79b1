"""Chromium opens the site and a CIT Docket Report from the live server."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.cases.models import PartyRole
from openecf.cases.services import case_open, party_add
from openecf.courts.catalog import catalog_court_configure
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf


@pytest.fixture
def docketed_case(transactional_db):
    cit = catalog_court_configure("cit")
    case = case_open(
        court=cit, caption="Acme Corp. v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    party_add(case=case, name="Acme Corp.", role=PartyRole.PLAINTIFF, acting_user=None)
    docket_entry_with_documents_create(
        case=case, text="Summons.", documents=[DocumentUpload(make_pdf("summons"))], acting_user=None
    )
    return case


def test_home_page_and_cit_docket_report_in_chromium(page, docketed_case, tmp_path):
    page.goto("/")
    assert "U.S. Court of International Trade" in page.content()

    page.goto(f"/cit/cases/{docketed_case.pacer_case_number}/docket/")
    body = page.locator("body")
    assert "CIT DOCKET FOR CASE #: 1:20-cv-00001" in body.inner_text()
    assert "Summons." in body.inner_text()
    shot = tmp_path / "docket-report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")
