"""Every kind of page passes axe (no serious or critical violation) on a phone (390 px) and a desktop
(1280 px), for visitors and for each kind of signed-in account; on a phone the header's menu opens."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page, ViewportSize

from openecf.accounts.selectors import account_by_username
from openecf.cases.models import PartyRole
from openecf.cases.services import case_open, party_add
from openecf.courts.models import Court
from openecf.demo.accounts import DEMO_ACCOUNTS, DEMO_TOTP_SECRET
from openecf.demo.data import DEMO_PASSWORDS
from openecf.demo.seed import demo_seed_courts
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.e2e.tests.helpers import check_box, pacer_account, submit_login
from openecf.signin.mfa import totp_device_provision
from openecf.signin.models import TotpDevice

AXE = Path(__file__).resolve().parents[2] / "web" / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
BLOCKING = {"serious", "critical"}
PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS} | DEMO_PASSWORDS


@dataclass
class Visitor:
    username: str  # "" for a visitor who is not logged in
    pages: list[str] = field(default_factory=list)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe's serious and critical violations on the page as shown (injected by the driver, not by a tag)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [node["target"] for node in v["nodes"][:3]],
        }
        for v in found
        if v["impact"] in BLOCKING
    ]


def log_in_as(page: Page, username: str) -> None:
    """The PACER login, with the account's authenticator code if it asks for one."""
    page.goto("/pacer/login/")
    submit_login(page, username, PASSWORDS[username])
    if page.url.endswith("/pacer/login/verify/"):
        device = TotpDevice.objects.filter(user__username=username, confirmed_at__isnull=False).first()
        assert device is not None
        # The current step's code (the one before it may expire while the form is sent).
        step = max(device.last_used_step + 1, int(time.time()) // 30)
        page.fill("#id_code", pyotp.TOTP(device.secret).at(step * 30))
        page.click("#verify-submit")
    assert "/pacer/login/" not in page.url, f"{username} did not get past the login: {page.url}"


@pytest.fixture
def site(transactional_db, settings, fast_hashing):
    settings.OPENECF_RATE_LIMITS_ENABLED = False  # one browser signs in a dozen times from one address
    demo_seed_courts()
    cit = Court.objects.get(pk="cit")
    case = case_open(
        court=cit, caption="Acme Corp. v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    party_add(case=case, name="Acme Corp.", role=PartyRole.PLAINTIFF, acting_user=None)
    docket_entry_with_documents_create(
        case=case, text="Summons.", documents=[DocumentUpload(make_pdf("summons"))], acting_user=None
    )
    # Court staff sign in with the demo's published authenticator (a second factor for everyone who may).
    for username in ("cit-clerk", "psc-admin", "admin"):
        user = account_by_username(username)
        assert user is not None
        if not TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
            totp_device_provision(
                user=user, name="Demo authenticator", secret=DEMO_TOTP_SECRET, acting_user=None
            )
    pacer_account("newcomer.viewer", "a lantern by the harbor gate")
    return case.pacer_case_number


def visitors(case_number: str) -> list[Visitor]:
    docket = f"/cit/cases/{case_number}/docket/"
    return [
        Visitor(
            "",
            [
                "/",
                "/cit/",
                "/cit/?q=Acme",
                docket,
                "/pacer/login/",
                "/pacer/register/",
                "/pacer/forgot-username/",
                "/pacer/password-reset/",
                "/cit/cmecf/legacy-login/",
                "/no-such-court/",
                "/api/v1/docs",
            ],
        ),
        Visitor("pacer-inactive", ["/cit/", docket, "/pacer/activate/", "/pacer/account/"]),
        Visitor("legacy-user", ["/pacer/upgrade/", "/cit/cmecf/utilities/link/"]),
        Visitor(
            "pacer-viewer",
            [
                "/pacer/account/",
                "/pacer/account/notices/",
                "/pacer/account/free-looks/",
                "/cit/cmecf/redaction/",
                "/cit/cmecf/",
                "/cit/cmecf/request-access/",
            ],
        ),
        Visitor("cit-attorney", ["/cit/cmecf/", "/cit/cmecf/utilities/", docket, "/cit/cmecf/filing/mine/"]),
        Visitor(
            "cit-clerk",
            [
                "/cit/",
                "/cit/cmecf/clerk/filing-access/",
                "/cit/cmecf/clerk/change-requests/",
                "/cit/cmecf/helpdesk/links/",
                "/cit/cmecf/notices/outbox/",
                "/cit/cmecf/notices/undelivered/",
                "/admin/",
            ],
        ),
        Visitor("psc-admin", ["/pacer/psc/letters/", "/pacer/psc/suspensions/"]),
    ]


def registration_steps(page: Page) -> list[str]:
    """Walk the registration wizard, checking each step's page (with and without errors)."""
    failures: list[str] = []
    page.goto("/pacer/register/")
    page.click("#registration-next")  # empty: the form comes back with its errors
    failures += check_both_widths(page, "/pacer/register/ (errors)")
    page.select_option("#id_user_type", "individual")
    for selector, value in (
        ("#id_first_name", "Rosa"),
        ("#id_last_name", "Delgado"),
        ("#id_address_line1", "40 Foley Square"),
        ("#id_city", "New York"),
        ("#id_state", "NY"),
        ("#id_postal_code", "10007"),
        ("#id_date_of_birth", "1984-02-29"),
        ("#id_email", "rosa.delgado@example.org"),
        ("#id_phone", "212-555-0147"),
    ):
        page.fill(selector, value)
    page.click("#registration-next")
    failures += check_both_widths(page, "/pacer/register/credentials/")
    page.fill("#id_username", "rdelgado2026")
    page.fill("#id_password", "copper kettle harbor lights")
    page.fill("#id_password_confirm", "copper kettle harbor lights")
    for number, question in enumerate(("first_pet", "birth_city", "first_car"), start=1):
        page.select_option(f"#id_question_{number}", question)
        page.fill(f"#id_answer_{number}", "Answer")
    page.click("#registration-next")
    failures += check_both_widths(page, "/pacer/register/payment/")
    page.click("#registration-skip-card")
    failures += check_both_widths(page, "/pacer/register/policies/")
    check_box(page, "id_acknowledge")
    page.click("#registration-submit")
    failures += check_both_widths(page, "/pacer/register/thanks/")
    return failures


def check_both_widths(page: Page, label: str) -> list[str]:
    failures: list[str] = []
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        failures += [f"{label} at {size['width']} px: {json.dumps(v)}" for v in axe_violations(page)]
    return failures


def test_every_page_passes_axe_on_a_phone_and_a_desktop(new_page, site):
    failures: list[str] = []
    for visitor in visitors(site):
        page = new_page()
        page.set_viewport_size(DESKTOP)
        if visitor.username:
            log_in_as(page, visitor.username)
        for address in visitor.pages:
            page.set_viewport_size(DESKTOP)
            page.goto(address)
            if "/cmecf/redaction/" in page.url and "/redaction/" not in address:
                check_box(page, "id_acknowledge")
                page.click("#redaction-continue")
            if address == "/admin/":
                signed_in_shown = visitor.username if page.locator("#user-tools").count() else ""
            else:
                signed_in_shown = page.inner_text("header") if page.locator("header").count() else ""
            if visitor.username and visitor.username not in signed_in_shown:
                failures.append(f"{visitor.username} {address}: not shown as signed in at {page.url}")
            failures += check_both_widths(page, f"{visitor.username or 'visitor'} {address}")
    failures += registration_steps(new_page())
    if failures:
        pytest.fail("\n".join(failures))


def test_on_a_phone_the_header_menu_opens_and_search_has_a_name(page, site):
    page.set_viewport_size(PHONE)
    page.goto("/cit/")
    assert page.get_by_role("button", name="Search", exact=True).is_visible()
    menu = page.locator("button.usa-menu-btn")
    assert menu.is_visible()
    assert not page.get_by_role("link", name="Log in").is_visible()
    menu.click()
    assert page.get_by_role("link", name="Log in").is_visible()
    # The case table scrolls inside its own box: the page itself is never wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
