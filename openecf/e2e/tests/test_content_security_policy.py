"""Under the site's Content-Security-Policy, Chromium reports no violation on any kind of page: the
scripts of USWDS, the Docket Report and the API docs' Swagger UI all come from /static/."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page

from openecf.cases.models import PartyRole
from openecf.cases.services import case_open, party_add
from openecf.courts.catalog import catalog_court_configure
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf

PAGES = [
    "/",
    "/cit/",
    "/cit/cases/1:20-cv-00001/docket/",
    "/pacer/login/",
    "/pacer/register/",
    "/pacer/forgot-username/",
    "/pacer/password-reset/",
    "/pacer/register/policies/print/",
    "/api/v1/docs",
    "/no/such/page/",
]


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


def violations_on(page: Page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return list(page.evaluate("window.__cspViolations || []"))


def test_no_page_breaks_the_policy(page, docketed_case):
    # Recorded by the page itself (an init script runs before the page's own scripts and is not subject
    # to its policy); console messages say the same in words.
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
        "e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));"
    )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    found = {path: violations_on(page, path) for path in PAGES}
    assert "Acme Corp." in page.goto("/cit/cases/1:20-cv-00001/docket/").text()  # type: ignore[union-attr]
    found = {path: v for path, v in found.items() if v}
    assert not found, found
    assert not [text for text in console if "Content Security Policy" in text], console


def test_swagger_ui_renders_under_the_policy(page, docketed_case):
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert "/api/v1/courts" in page.locator(".swagger-ui").inner_text()
