"""A court's CM/ECF entry: sign-on through PACER, redaction acknowledgment, the seed-004 choices, NextGen page;
and the import of a court's legacy filer logins."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core.management import CommandError, call_command
from django.test import Client

from openecf.audit.models import AuditEvent
from openecf.courts.models import CourtRoleKind
from openecf.errors import InvalidInput
from openecf.filers.legacy_logins import legacy_filer_accounts_import
from openecf.filers.models import FilerRole, LegacyFilerAccount
from openecf.filers.tests.helpers import (
    PASSWORD,
    confirm_mfa,
    grant_right,
    make_staff,
    make_user,
    signed_in,
)

pytestmark = pytest.mark.django_db


def test_not_signed_in_goes_to_the_central_login_and_back(client, cit):
    response = client.get("/cit/cmecf/")
    assert response.status_code == 302
    assert response["Location"] == "/pacer/login/?next=/cit/cmecf/"
    assert (
        client.get("/cit/cmecf/request-access/")["Location"]
        == "/pacer/login/?next=/cit/cmecf/request-access/"
    )
    assert client.get("/nosuchcourt/cmecf/").status_code == 404


def test_redaction_rules_are_acknowledged_before_the_court_page(client, cit):
    user = make_user("jane")
    client.force_login(user)
    response = client.get("/cit/cmecf/")
    assert response["Location"] == "/cit/cmecf/redaction/?next=/cit/cmecf/"
    page = client.get(response["Location"])
    for rule in (b"Social Security", b"year of birth", b"initials", b"Financial account numbers"):
        assert rule in page.content
    refused = client.post("/cit/cmecf/redaction/", {"next": "/cit/cmecf/"})
    assert refused.status_code == 200
    assert b"Acknowledge the redaction requirements" in refused.content
    accepted = client.post("/cit/cmecf/redaction/", {"acknowledge": "on", "next": "/cit/cmecf/"})
    assert accepted["Location"] == "/cit/cmecf/"
    assert client.get("/cit/cmecf/").status_code == 200
    event = AuditEvent.objects.get(kind="cmecf.redaction_acknowledged")
    assert event.acting_user == user
    assert event.court == cit


def test_acknowledgment_is_per_court_and_per_login(client, cit, cafc):
    user = make_user("jane")
    signed_in(client, user, cit)
    assert client.get("/cit/cmecf/").status_code == 200
    assert client.get("/cafc/cmecf/").status_code == 302, "another court asks again"
    client.logout()
    client.force_login(user)
    assert client.get("/cit/cmecf/").status_code == 302, "a new login asks again"
    fresh = Client()
    fresh.force_login(user)
    session = fresh.session
    session["cmecf_redaction_ack"] = {"cit": "2001-01-01T00:00:00+00:00"}
    session.save()
    assert fresh.get("/cit/cmecf/").status_code == 302, "an acknowledgment of an earlier login does not count"


def test_next_cannot_leave_the_courts_cmecf_pages(client, cit):
    client.force_login(make_user("jane"))
    for target in ("https://evil.example/", "//evil.example/", "/cafc/cmecf/", "/admin/"):
        response = client.post("/cit/cmecf/redaction/", {"acknowledge": "on", "next": target})
        assert response["Location"] == "/cit/cmecf/"


def test_user_without_filing_rights_sees_the_seed_004_choices(client, cit):
    signed_in(client, make_user("jane"), cit)
    page = client.get("/cit/cmecf/")
    text = page.content.decode()
    assert "Attention" in text
    assert "Account management has changed. You must click one of the links below to proceed." in text
    assert "Link my filer account to my PACER account" in text
    assert 'href="/cit/cmecf/utilities/link/"' in text
    assert "Search for case information" in text
    assert 'href="/cit/"' in text
    assert "Request permission to file" in text
    assert 'href="/cit/cmecf/request-access/"' in text
    assert "Logout" in text


def test_filer_sees_the_nextgen_page_with_its_menu(client, cit):
    user = make_user("jane")
    grant_right(user, cit)
    confirm_mfa(user)
    signed_in(client, user, cit)
    text = client.get("/cit/cmecf/").content.decode()
    for item in ("Filing", "Reports", "Utilities", "Logout", "Link a CM/ECF account to my PACER account"):
        assert item in text
    assert (
        "Welcome to the U.S. Court of International Trade Case Management/Electronic Case Files System"
        in text
    )
    assert "Attention" not in text
    assert "Filing access requests" not in text, "staff utilities are for staff"


def test_filer_without_mfa_is_told_to_add_it(client, cit):
    user = make_user("jane")
    grant_right(user, cit)
    signed_in(client, user, cit)
    assert b"multi-factor authentication" in client.get("/cit/cmecf/").content


def test_clerk_sees_the_nextgen_page_with_staff_utilities(client, cit):
    signed_in(client, make_staff("clerk1", cit, CourtRoleKind.CLERK), cit)
    text = client.get("/cit/cmecf/").content.decode()
    assert "Filing access requests" in text
    assert "Linked CM/ECF accounts" in text
    assert "Attention" not in text


def test_logout_from_the_court_page(client, cit):
    user = make_user("jane")
    signed_in(client, user, cit)
    assert client.get("/cit/cmecf/logout/").status_code == 405
    response = client.post("/cit/cmecf/logout/")
    assert response["Location"] == "/cit/"
    assert client.get("/cit/cmecf/")["Location"].startswith("/pacer/login/")


# --- import of legacy filer logins ----------------------------------------------------------------

GOOD_CSV = (
    "login,password,password_hash,name,email,role,bar_number\n"
    "JDoe,first-secret,,Jane Doe,jane@example.com,attorney,NY123\n"
    'rroe,,"{hash}",Richard Roe,,pro se,\n'
    "agent1,agent-secret,,Ann Agent,ann@example.com,Filing Agent,\n"
)


def good_csv() -> str:
    return GOOD_CSV.format(hash=make_password("roe-secret"))


def test_import_stores_lowercase_logins_and_only_hashes(cit):
    result = legacy_filer_accounts_import(court=cit, csv_text=good_csv(), acting_user=None)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    jane = LegacyFilerAccount.objects.get(court=cit, login="jdoe")
    assert jane.password_hash != "first-secret"
    assert check_password("first-secret", jane.password_hash)
    assert jane.bar_number == "NY123"
    assert jane.role == FilerRole.ATTORNEY
    assert check_password("roe-secret", LegacyFilerAccount.objects.get(login="rroe").password_hash)
    assert LegacyFilerAccount.objects.get(login="rroe").role == FilerRole.PRO_SE
    assert LegacyFilerAccount.objects.get(login="agent1").role == FilerRole.FILING_AGENT
    event = AuditEvent.objects.get(kind="legacy_filer_accounts.imported")
    assert "first-secret" not in str(event.extra)


def test_import_is_idempotent_and_leaves_linked_logins_alone(cit):
    csv_text = good_csv()
    legacy_filer_accounts_import(court=cit, csv_text=csv_text, acting_user=None)
    hashes = dict(LegacyFilerAccount.objects.values_list("login", "password_hash"))
    again = legacy_filer_accounts_import(court=cit, csv_text=csv_text, acting_user=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert dict(LegacyFilerAccount.objects.values_list("login", "password_hash")) == hashes
    LegacyFilerAccount.objects.filter(login="jdoe").update(linked_user=make_user("jane"))
    changed = csv_text.replace("Jane Doe", "Jane Q. Doe").replace("Richard Roe", "Richard R. Roe")
    third = legacy_filer_accounts_import(court=cit, csv_text=changed, acting_user=None)
    assert (third.updated, third.unchanged, third.skipped_linked) == (1, 1, 1)
    assert LegacyFilerAccount.objects.get(login="jdoe").name == "Jane Doe"
    assert LegacyFilerAccount.objects.get(login="rroe").name == "Richard R. Roe"


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("x y,pw,,Bad Login,,attorney,", "the login must be"),
        ("jdoe,pw,,Duplicate,,attorney,", "appears twice"),
        ("nopw,,,No Password,,attorney,", "either a password or a password_hash"),
        ('both,pw,"{hash}",Both,,attorney,', "either a password or a password_hash"),
        ("badhash,,md5$abc$def,Odd Hash,,attorney,", "not in a format"),
        ("noname,pw,,,,attorney,", "name is missing"),
        ("bademail,pw,,Bad Email,not-an-address,attorney,", "is not an e-mail address"),
        ("badrole,pw,,Bad Role,,judge,", "role must be one of"),
    ],
)
def test_a_bad_file_writes_nothing(cit, settings, bad_line, message):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    csv_text = good_csv() + bad_line.format(hash=make_password("x")) + "\n"
    with pytest.raises(InvalidInput, match=message) as caught:
        legacy_filer_accounts_import(court=cit, csv_text=csv_text, acting_user=None)
    assert "Line 5" in caught.value.message
    assert not LegacyFilerAccount.objects.exists()
    assert not AuditEvent.objects.filter(kind="legacy_filer_accounts.imported").exists()


def test_import_refuses_a_file_without_the_columns(cit):
    with pytest.raises(InvalidInput, match="header line"):
        legacy_filer_accounts_import(court=cit, csv_text="user,pass\nx,y\n", acting_user=None)


def test_import_command(cit, tmp_path: Path, capsys):
    path = tmp_path / "cit-filers.csv"
    path.write_text(good_csv(), encoding="utf-8")
    call_command("import_legacy_filer_accounts", str(path), "--court", "cit")
    assert "3 created" in capsys.readouterr().out
    call_command("import_legacy_filer_accounts", str(path), "--court", "cit")
    assert "3 unchanged" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no court"):
        call_command("import_legacy_filer_accounts", str(path), "--court", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_legacy_filer_accounts", str(tmp_path / "missing.csv"), "--court", "cit")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "login,password,name,role\nnew1,pw,New One,attorney\nnew1,pw,Again,attorney\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="appears twice"):
        call_command("import_legacy_filer_accounts", str(bad), "--court", "cit")
    assert not LegacyFilerAccount.objects.filter(login="new1").exists()


def test_imported_login_links_with_its_plain_password(client, cit):
    legacy_filer_accounts_import(court=cit, csv_text=good_csv(), acting_user=None)
    jane = make_user("jane")
    signed_in(client, jane, cit)
    confirm = client.post("/cit/cmecf/utilities/link/", {"login": "jdoe", "password": "first-secret"})
    assert confirm.status_code == 200
    token = confirm.context["form"].initial["confirmation"]
    assert client.post("/cit/cmecf/utilities/link/confirm/", {"confirmation": token}).status_code == 200
    assert LegacyFilerAccount.objects.get(login="jdoe").linked_user == jane
    assert PASSWORD  # the PACER password stays the one login for every court
