"""The demo accounts work in the browser with the passwords and authenticator secret the README gives."""

from __future__ import annotations

import pyotp
import pytest

from openecf.demo.accounts import DEMO_ACCOUNTS, DEMO_TOTP_SECRET
from openecf.demo.seed import demo_seed_courts
from openecf.e2e.tests.helpers import check_box, log_in, submit_login

PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}


@pytest.fixture
def demo(transactional_db):
    demo_seed_courts()


def test_demo_attorney_signs_on_to_the_cit_with_the_published_authenticator(page, demo):
    page.goto("/cit/cmecf/")
    submit_login(page, "cit-attorney", PASSWORDS["cit-attorney"])
    assert page.url.endswith("/pacer/login/verify/")
    page.fill("#id_code", pyotp.TOTP(DEMO_TOTP_SECRET).now())
    page.click("#verify-submit")
    check_box(page, "id_acknowledge")
    page.click("#redaction-continue")
    assert "You file in this court as: Attorney." in page.inner_text("main")


def test_demo_shared_firm_account_may_view_but_not_link(page, demo):
    log_in(page, "firm-shared", PASSWORDS["firm-shared"])
    page.goto("/pacer/account/")
    assert page.locator("#shared-account-notice").is_visible()
    page.goto("/cit/cmecf/utilities/link/")
    check_box(page, "id_acknowledge")
    page.click("#redaction-continue")
    assert "DO NOT login with a shared/firm PACER account" in page.inner_text("#link-refused")
