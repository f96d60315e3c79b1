"""Authenticator apps and backup codes (openecf/accounts/mfa.py) and their Manage My Account pages."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
import time_machine

from openecf.accounts.factories import PASSWORD
from openecf.audit.models import AuditEvent
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.filers.factories import FilingRightFactory
from openecf.signin.factories import TotpDeviceFactory
from openecf.signin.mfa import (
    EMAIL_CODE_ATTEMPTS_ALLOWED,
    MAX_TOTP_DEVICES,
    backup_codes_left,
    backup_codes_regenerate,
    mfa_code_verify,
    totp_device_add,
    totp_device_code_resend,
    totp_device_confirm,
    totp_device_remove,
)
from openecf.signin.models import BackupCode, TotpDevice
from openecf.signin.tests.test_login import NOW, email_code_of, enrolled_device, make_user, totp_now

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def test_adding_an_app_emails_a_code_and_keeps_only_its_hash(mailoutbox, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        device = totp_device_add(user=user, name="Work phone", acting_user=user)
    code = email_code_of(mailoutbox[0])
    assert mailoutbox[0].to == ["jdoe@example.com"]
    assert code not in device.email_code_hash and device.confirmed_at is None
    assert AuditEvent.objects.filter(kind="mfa.device_added", subject_id=str(device.pk)).exists()


def test_no_email_is_sent_when_adding_rolls_back(mailoutbox, django_capture_on_commit_callbacks):
    user = make_user()
    # Confirmed apps fill the slots (an unconfirmed one is replaced by the next app added).
    for n in range(MAX_TOTP_DEVICES):
        TotpDeviceFactory.create(user=user, name=f"App {n}", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict, match="at most 5"):
        totp_device_add(user=user, name="Sixth", acting_user=user)
    assert TotpDevice.objects.filter(user=user).count() == MAX_TOTP_DEVICES
    assert mailoutbox == []


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_an_app_needs_a_name(name):
    user = make_user()
    with pytest.raises(InvalidInput, match="name"):
        totp_device_add(user=user, name=name, acting_user=user)


def test_confirming_needs_the_emailed_code_and_a_current_app_code(
    mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        device = totp_device_add(user=user, name="Phone", acting_user=user)
    good_email = email_code_of(mailoutbox[0])
    with pytest.raises(InvalidInput, match="e-mailed confirmation code is not correct"):
        totp_device_confirm(device=device, email_code="999999", app_code=totp_now(device), acting_user=user)
    with pytest.raises(InvalidInput, match="authenticator app is not correct"):
        totp_device_confirm(device=device, email_code=good_email, app_code="000000", acting_user=user)
    # Two steps (a minute) off is too far; one step is a clock a little off, and accepted.
    with pytest.raises(InvalidInput):
        totp_device_confirm(
            device=device, email_code=good_email, app_code=totp_now(device, -2), acting_user=user
        )
    codes = totp_device_confirm(
        device=device, email_code=good_email, app_code=totp_now(device, 1), acting_user=user
    )
    assert len(codes) == 10 and len(set(codes)) == 10
    assert backup_codes_left(user) == 10
    assert all(
        code.replace("-", "") not in row.code_hash for code in codes for row in BackupCode.objects.all()
    )
    with pytest.raises(Conflict, match="already confirmed"):
        totp_device_confirm(device=device, email_code=good_email, app_code=totp_now(device), acting_user=user)


def test_the_emailed_code_expires(mailoutbox, django_capture_on_commit_callbacks):
    user = make_user()
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        device = totp_device_add(user=user, name="Phone", acting_user=user)
    with (
        time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False),
        pytest.raises(InvalidInput, match="expired"),
    ):
        totp_device_confirm(
            device=device,
            email_code=email_code_of(mailoutbox[0]),
            app_code=totp_now(device),
            acting_user=user,
        )


def test_a_second_app_keeps_the_backup_codes(mailoutbox, django_capture_on_commit_callbacks, frozen):
    user = make_user()
    _, first_codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    _, second_codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox, name="Tablet")
    assert len(first_codes) == 10 and second_codes == []


def test_totp_code_is_refused_when_replayed_or_older(mailoutbox, django_capture_on_commit_callbacks, frozen):
    user = make_user()
    device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    # The confirmation used the previous step: that code is spent.
    assert mfa_code_verify(user=user, code=totp_now(device, -1)) is None
    assert mfa_code_verify(user=user, code=totp_now(device)) == "totp"
    assert mfa_code_verify(user=user, code=totp_now(device)) is None
    frozen.shift(dt.timedelta(seconds=30))
    assert mfa_code_verify(user=user, code=totp_now(device)) == "totp"


def test_a_code_of_another_accounts_app_does_not_work(mailoutbox, django_capture_on_commit_callbacks, frozen):
    jane = make_user("jane")
    john = make_user("john")
    janes_device, janes_codes = enrolled_device(jane, django_capture_on_commit_callbacks, mailoutbox)
    enrolled_device(john, django_capture_on_commit_callbacks, mailoutbox)
    assert mfa_code_verify(user=john, code=totp_now(janes_device)) is None
    assert mfa_code_verify(user=john, code=janes_codes[0]) is None


def test_backup_codes_need_an_app_and_work_once(mailoutbox, django_capture_on_commit_callbacks, frozen):
    user = make_user()
    with pytest.raises(Conflict, match="Set up an authenticator app"):
        backup_codes_regenerate(user=user, acting_user=user, current_password=PASSWORD)
    _, codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    assert mfa_code_verify(user=user, code=f" {codes[3].upper()} ") == "backup_code"
    assert mfa_code_verify(user=user, code=codes[3]) is None
    assert backup_codes_left(user) == 9
    new_codes = backup_codes_regenerate(user=user, acting_user=user, current_password=PASSWORD)
    assert mfa_code_verify(user=user, code=codes[4]) is None
    assert mfa_code_verify(user=user, code=new_codes[4].replace("-", "")) == "backup_code"


def test_a_filer_keeps_at_least_one_app(cit, mailoutbox, django_capture_on_commit_callbacks, frozen):
    user = make_user()
    device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    FilingRightFactory.create(user=user, court=cit)
    with pytest.raises(Conflict, match="Filers must keep at least one authenticator app"):
        totp_device_remove(device=device, acting_user=user, current_password=PASSWORD)
    other, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox, name="Tablet")
    totp_device_remove(device=device, acting_user=user, current_password=PASSWORD)
    assert list(TotpDevice.objects.filter(user=user)) == [other]
    assert backup_codes_left(user) == 10


def test_removing_the_last_app_of_a_pacer_user_drops_the_backup_codes(
    mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    totp_device_remove(device=device, acting_user=user, current_password=PASSWORD)
    assert not BackupCode.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(kind="mfa.device_removed").count() == 1


def test_the_emailed_code_is_void_after_five_wrong_tries(
    mailoutbox, django_capture_on_commit_callbacks, frozen
):
    """20 wrong codes, then the right one, used to be accepted."""
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        device = totp_device_add(user=user, name="Phone", acting_user=user)
    good = email_code_of(mailoutbox[0])
    wrong = "000000" if good != "000000" else "111111"
    for attempt in range(1, EMAIL_CODE_ATTEMPTS_ALLOWED):
        with pytest.raises(InvalidInput, match=f"{EMAIL_CODE_ATTEMPTS_ALLOWED - attempt} attempt"):
            totp_device_confirm(device=device, email_code=wrong, app_code=totp_now(device), acting_user=user)
    with pytest.raises(InvalidInput, match="refused too many times") as void:
        totp_device_confirm(device=device, email_code=wrong, app_code=totp_now(device), acting_user=user)
    assert void.value.code == "email_code_void"
    for _ in range(15):
        with pytest.raises(InvalidInput, match="refused too many times"):
            totp_device_confirm(device=device, email_code=wrong, app_code=totp_now(device), acting_user=user)
    with pytest.raises(InvalidInput, match="refused too many times"):
        totp_device_confirm(device=device, email_code=good, app_code=totp_now(device), acting_user=user)
    device.refresh_from_db()
    assert device.confirmed_at is None and device.email_code_hash == ""
    refusals = AuditEvent.objects.filter(kind="mfa.device_code_refused", subject_id=str(device.pk))
    assert refusals.count() == EMAIL_CODE_ATTEMPTS_ALLOWED
    assert refusals.latest("pk").extra == {"attempt": EMAIL_CODE_ATTEMPTS_ALLOWED, "void": True}
    # A new code starts the count again.
    with django_capture_on_commit_callbacks(execute=True):
        totp_device_code_resend(device=device, acting_user=user)
    assert totp_device_confirm(
        device=device, email_code=email_code_of(mailoutbox[-1]), app_code=totp_now(device), acting_user=user
    )


def test_manage_my_account_limits_the_emailed_code(
    client, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post("/pacer/account/mfa/add/", {"name": "Phone"})
    device = TotpDevice.objects.get(user=user)
    good = email_code_of(mailoutbox[0])
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(EMAIL_CODE_ATTEMPTS_ALLOWED):
        assert (
            client.post(added["Location"], {"email_code": wrong, "code": totp_now(device)}).status_code == 400
        )
    refused = client.post(added["Location"], {"email_code": good, "code": totp_now(device)})
    assert refused.status_code == 400 and "refused too many times" in refused.content.decode()
    device.refresh_from_db()
    assert device.confirmed_at is None


# Manage My Account pages


def test_add_and_confirm_an_app_from_manage_my_account(
    client, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post("/pacer/account/mfa/add/", {"name": "Phone"})
    device = TotpDevice.objects.get(user=user)
    assert added.status_code == 302 and added["Location"] == f"/pacer/account/mfa/{device.pk}/confirm/"
    page = client.get(added["Location"]).content.decode()
    assert "<svg" in page and device.secret in page and 'name="email_code"' in page and 'name="code"' in page
    done = client.post(
        added["Location"], {"email_code": email_code_of(mailoutbox[0]), "code": totp_now(device)}
    )
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>", done.content.decode())) == 10
    manage = client.get("/pacer/account/").content.decode()
    assert "Phone" in manage and "Confirmed" in manage


def test_another_accounts_app_is_not_found(client, mailoutbox, django_capture_on_commit_callbacks, frozen):
    jane = make_user("jane")
    johns_device, _ = enrolled_device(make_user("john"), django_capture_on_commit_callbacks, mailoutbox)
    client.force_login(jane)
    assert client.get(f"/pacer/account/mfa/{johns_device.pk}/confirm/").status_code == 404
    assert client.post(f"/pacer/account/mfa/{johns_device.pk}/remove/").status_code == 404
    assert client.post(f"/pacer/account/mfa/{johns_device.pk}/resend/").status_code == 404
    assert TotpDevice.objects.filter(pk=johns_device.pk).exists()


def test_remove_and_regenerate_from_manage_my_account(
    client, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    user = make_user()
    device, _ = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    client.force_login(user)
    regenerated = client.post("/pacer/account/mfa/backup-codes/", {"current_password": PASSWORD})
    assert regenerated.status_code == 200
    assert len(re.findall(r"<li><code>", regenerated.content.decode())) == 10
    assert client.get("/pacer/account/mfa/backup-codes/").status_code == 405
    removed = client.post(f"/pacer/account/mfa/{device.pk}/remove/", {"current_password": PASSWORD})
    assert removed.status_code == 302
    assert not TotpDevice.objects.filter(user=user).exists()


def test_the_qr_code_holds_the_provisioning_address(mailoutbox, django_capture_on_commit_callbacks):
    from openecf.signin.mfa import totp_provisioning_uri, totp_qr_svg

    user = make_user()
    device = totp_device_add(user=user, name="Phone", acting_user=user)
    uri = totp_provisioning_uri(device)
    assert pyotp.parse_uri(uri).secret == device.secret
    assert "jdoe" in uri and "OpenECF" in uri
    assert totp_qr_svg(device).startswith("<svg")


def test_a_device_id_that_does_not_exist_is_not_found(client):
    from openecf.access.owned import access_owned
    from openecf.signin.models import TotpDevice

    user = make_user()
    with pytest.raises(NotFound):
        access_owned(user, TotpDevice, 999)


def test_no_secret_or_code_reaches_the_audit_trail(
    client, mailoutbox, django_capture_on_commit_callbacks, frozen
):
    import json

    from openecf.signin.tests.test_login import login

    user = make_user()
    device, codes = enrolled_device(user, django_capture_on_commit_callbacks, mailoutbox)
    login(client, "jdoe")
    client.post("/pacer/login/verify/", {"code": codes[0]})
    trail = json.dumps(list(AuditEvent.objects.values("kind", "extra", "subject_id")))
    assert device.secret not in trail
    assert all(code not in trail and code.replace("-", "") not in trail for code in codes)
    assert email_code_of(mailoutbox[0]) not in trail
    assert "correct horse" not in trail
