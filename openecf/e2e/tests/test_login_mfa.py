"""Login with multi-factor authentication in Chromium; the set-up code arrives by real SMTP."""

from __future__ import annotations

import re

import pyotp
import pytest

from openecf.audit.models import AuditEvent
from openecf.e2e.tests.helpers import attorney_filer, cit_clerk, log_in, pacer_account, totp_code_after
from openecf.signin.models import BackupCode, TotpDevice
from openecf.signin.services import MFA_FAILED_MESSAGE

PASSWORD = "brass lantern over the bay"


@pytest.fixture
def filer(transactional_db):
    cit, clerk = cit_clerk()
    user = pacer_account("lena.fisk", PASSWORD)
    attorney_filer(user, cit, clerk)
    return user


def test_a_filer_sets_up_an_authenticator_then_logs_in_with_its_codes(page, filer, smtp_server):
    # First login: filers must set up a second factor before anything else.
    log_in(page, "Lena.Fisk", PASSWORD, client_code="matter-0042")
    assert page.url.endswith("/pacer/login/mfa-setup/")
    page.fill("#id_name", "Work phone")
    page.click("#mfa-add-submit")

    [mail] = smtp_server.messages_to("lena.fisk@example.org")
    assert mail.subject == "Confirm your new authenticator app"
    found = re.search(r"enter this code on the set-up page: (\d{6})", mail.body)
    assert found is not None, mail.body
    email_code = found.group(1)
    secret = page.inner_text("#totp-secret")
    assert secret == TotpDevice.objects.get(user=filer).secret
    assert page.locator("#totp-qr svg").count() == 1

    page.fill("#id_email_code", "000000" if email_code != "000000" else "111111")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("#mfa-confirm-submit")
    assert "The e-mailed confirmation code is not correct" in page.inner_text("#mfa-confirm-form")
    page.fill("#id_email_code", email_code)
    page.fill("#id_code", totp_code_after(TotpDevice.objects.get(user=filer)))
    page.click("#mfa-confirm-submit")
    backup_codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(backup_codes) == 10
    assert BackupCode.objects.filter(user=filer, used_at__isnull=True).count() == 10
    page.click("#backup-codes-continue")
    page.goto("/pacer/account/")
    assert page.inner_text("#account-username") == "lena.fisk"
    page.click("#logout-submit")

    # Second login: password, then the app's code; a code already used is refused (no replays).
    device = TotpDevice.objects.get(user=filer)
    used = pyotp.TOTP(secret).at(device.last_used_step * 30)
    log_in(page, "lena.fisk", PASSWORD, client_code="matter-0042")
    assert page.url.endswith("/pacer/login/verify/")
    page.fill("#id_code", used)
    page.click("#verify-submit")
    assert page.url.endswith("/pacer/login/verify/")
    assert MFA_FAILED_MESSAGE in page.inner_text("#verify-form")
    assert AuditEvent.objects.filter(kind="signin.mfa_failed", extra__username="lena.fisk").count() == 1
    page.fill("#id_code", totp_code_after(device))
    page.click("#verify-submit")
    page.goto("/pacer/account/")
    assert page.inner_text("#account-username") == "lena.fisk"
    assert "client code for this session: matter-0042" in page.inner_text("main")
    page.click("#logout-submit")

    # A backup code stands in for the app, once.
    log_in(page, "lena.fisk", PASSWORD)
    page.fill("#id_code", backup_codes[0])
    page.click("#verify-submit")
    page.goto("/pacer/account/")
    assert page.inner_text("#backup-codes-left") == "9"
    assert AuditEvent.objects.filter(kind="signin.succeeded", subject_id=str(filer.pk)).count() == 3
