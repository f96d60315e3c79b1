"""Under the site's Content-Security-Policy, Chromium reports no violation on any kind of page: the
scripts of USWDS, the Docket Report and the API docs' Swagger UI all come from /static/."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page

from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.cases.models import PartyRole
from openecf.cases.services import case_open, party_add
from openecf.courts.catalog import catalog_court_configure
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.e2e.tests.helpers import log_in
from openecf.filers.factories import FilingRightFactory

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
    recorded = page.evaluate("window.__cspViolations")
    assert isinstance(recorded, list), f"the violation recorder did not run on {path}"
    return recorded


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
    assert "Acme Corp." in page.goto("/cit/cases/1:20-cv-00001/docket/").text()
    found = {path: v for path, v in found.items() if v}
    assert not found, found
    assert not [text for text in console if "Content Security Policy" in text], console
    # The recorder works: an inline script added now is refused and reported.
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'), {textContent: 'window.ran = 1'}))"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.ran") is None


def test_swagger_ui_renders_under_the_policy(page, docketed_case):
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert "/api/v1/courts" in page.locator(".swagger-ui").inner_text()


def test_signed_in_pages_keep_the_policy(page, docketed_case):
    """Manage My Account, and a filer's first authenticator app with its QR code, during the login."""
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
        "e.violatedDirective + ' ' + e.blockedURI));"
    )
    FilingRightFactory.create(user__username="newfiler", court=docketed_case.court)
    log_in(page, "newfiler", PASSWORD)
    assert page.url.endswith("/pacer/login/mfa-setup/"), page.url
    page.fill("#mfa-add-form input[name=name]", "Phone")
    page.click("#mfa-add-submit")
    page.wait_for_selector("#totp-qr svg")
    found = {"/pacer/login/mfa-setup/": page.evaluate("window.__cspViolations")}
    UserFactory.create(username="reader")
    page.context.clear_cookies()
    log_in(page, "reader", PASSWORD)
    for path in ("/pacer/account/", "/pacer/account-type/", "/cit/", "/cit/cmecf/"):
        found[path] = violations_on(page, path)
    found = {path: v for path, v in found.items() if v}
    assert not found, found
