"""Legacy PACER accounts: CSV import, upgrade, and which kind of account a user has."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command

from openecf.accounts.models import SecurityAnswer, SecurityQuestion, User
from openecf.accounts.standing import PacerAccountKind, pacer_account_kind
from openecf.audit.models import AuditEvent
from openecf.errors import Conflict, InvalidInput
from openecf.pacer.legacy import legacy_pacer_accounts_import, pacer_account_upgrade
from openecf.pacer.registration import registration_credentials_prepare

pytestmark = pytest.mark.usefixtures("fast_hashing")

HEADER = "username,password,first_name,last_name,email,created_on,shared\n"
QUESTIONS = [
    (SecurityQuestion.FIRST_PET, "Rex"),
    (SecurityQuestion.BIRTH_CITY, "Brooklyn"),
    (SecurityQuestion.FIRST_CAR, "Ford"),
]


def run_import(tmp_path, text: str, name: str = "accounts.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_legacy_pacer_accounts", str(path), stdout=out)
    return out.getvalue()


def refusal(tmp_path, text: str) -> str:
    with pytest.raises(CommandError) as caught:
        run_import(tmp_path, text)
    message = str(caught.value)
    assert "\n" not in message
    assert "Nothing was imported" in message
    assert not User.objects.exists()
    return message


@pytest.mark.django_db
def test_import_creates_legacy_upgraded_and_shared_accounts(tmp_path):
    out = run_import(
        tmp_path,
        HEADER
        + "OldTimer,old-password,Olive,Older,olive@example.com,2009-02-03,no\n"
        + "dayafter,new-password,Dan,After,dan@example.com,2014-08-11,no\n"
        + "firmacct,firm-password,Firm,Shared,firm@example.com,2005-01-01,yes\n",
    )
    assert "Imported 3 PACER account(s); 0 already present." in out
    old = User.objects.get(username="oldtimer")
    assert old.is_legacy
    assert old.account_created_on == dt.date(2009, 2, 3)
    assert old.check_password("old-password")
    assert pacer_account_kind(old) is PacerAccountKind.LEGACY
    after = User.objects.get(username="dayafter")
    assert not after.is_legacy
    assert pacer_account_kind(after) is PacerAccountKind.UPGRADED
    firm = User.objects.get(username="firmacct")
    assert firm.shared_account
    assert pacer_account_kind(firm) is PacerAccountKind.SHARED
    assert AuditEvent.objects.filter(kind="pacer_account.imported").count() == 3
    assert not AuditEvent.objects.filter(extra__icontains="old-password").exists()


@pytest.mark.django_db
def test_import_is_idempotent(tmp_path):
    text = HEADER + "oldtimer,old-password,Olive,Older,olive@example.com,2009-02-03,no\n"
    run_import(tmp_path, text)
    out = run_import(tmp_path, text.replace("oldtimer", "OLDTIMER"))
    assert "Imported 0 PACER account(s); 1 already present." in out
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_import_takes_password_hashes(tmp_path):
    hashed = make_password("hashed-legacy-password")
    run_import(
        tmp_path,
        "username,password_hash,first_name,last_name,email,created_on,shared\n"
        f"hashed,{hashed},Hal,Hash,hal@example.com,2010-10-10,no\n",
    )
    assert User.objects.get(username="hashed").check_password("hashed-legacy-password")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",pw,A,B,a@example.com,2009-01-01,no", "Row 3: the username is empty."),
        ("bad name,pw,A,B,a@example.com,2009-01-01,no", "Row 3: the username 'bad name'"),
        ("second,,A,B,a@example.com,2009-01-01,no", "Row 3: give either password_hash or password"),
        ("second,pw,,B,a@example.com,2009-01-01,no", "Row 3: first_name and last_name are required."),
        ("second,pw,A,B,not-mail,2009-01-01,no", "Row 3: the e-mail address 'not-mail' is not valid."),
        ("second,pw,A,B,a@example.com,01/02/2009,no", "Row 3: created_on '01/02/2009' is not a date"),
        ("second,pw,A,B,a@example.com,2999-01-01,no", "Row 3: created_on 2999-01-01 is in the future."),
        ("second,pw,A,B,a@example.com,2009-01-01,maybe", "Row 3: shared must be yes or no"),
        ("second,pw,A,B,a@example.com,2009-01-01,no,extra", "Row 3: more values than columns."),
        ("FIRST,pw,A,B,a@example.com,2009-01-01,no", "Row 3: the username first is already on row 2."),
    ],
)
def test_bad_row_refuses_the_whole_file(tmp_path, row, reason):
    message = refusal(tmp_path, HEADER + "first,pw,A,B,a@example.com,2009-01-01,no\n" + row + "\n")
    assert reason in message


@pytest.mark.django_db
def test_unknown_hash_format_refused(tmp_path):
    message = refusal(
        tmp_path,
        "username,password_hash,first_name,last_name,email,created_on,shared\n"
        "someone,5f4dcc3b5aa765d61d8327deb882cf99,A,B,a@example.com,2009-01-01,no\n",
    )
    assert "Row 2: password_hash is not a hash this system can check" in message


@pytest.mark.django_db
def test_header_problems_refused(tmp_path):
    assert "Row 1: the header lacks the column(s) created_on" in refusal(
        tmp_path, "username,password,first_name,last_name,email,shared\n"
    )
    assert "Row 1: the header lacks the column(s) password_hash" in refusal(
        tmp_path, "username,first_name,last_name,email,created_on,shared\n"
    )
    assert "Row 1: unknown column(s) ssn" in refusal(tmp_path, HEADER.strip() + ",ssn\n")


@pytest.mark.django_db
def test_unreadable_files_refused(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_legacy_pacer_accounts", str(tmp_path / "missing.csv"))
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "jos\xe9,pw,A,B,a@example.com,2009-01-01,no\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not a UTF-8 CSV"):
        call_command("import_legacy_pacer_accounts", str(path))


# --- upgrade ---------------------------------------------------------------------------------------


def legacy_user(**fields) -> User:
    legacy_pacer_accounts_import(
        columns=["username", "password", "first_name", "last_name", "email", "created_on", "shared"],
        rows=[
            (
                2,
                {
                    "username": fields.get("username", "oldtimer"),
                    "password": "old-password",
                    "first_name": "Olive",
                    "last_name": "Older",
                    "email": "olive@example.com",
                    "created_on": fields.get("created_on", "2009-02-03"),
                    "shared": fields.get("shared", "no"),
                },
            )
        ],
        acting_user=None,
    )
    return User.objects.get(username=fields.get("username", "oldtimer"))


def new_credentials(user: User, username: str = "olive.older"):
    return registration_credentials_prepare(
        username=username, password="a brand new passphrase", security_answers=QUESTIONS, exclude_user=user
    )


@pytest.mark.django_db
def test_upgrade_sets_new_credentials_and_upgraded_at():
    user = legacy_user()
    upgraded = pacer_account_upgrade(user=user, credentials=new_credentials(user), acting_user=user)
    upgraded.refresh_from_db()
    assert upgraded.username == "olive.older"
    assert upgraded.upgraded_at is not None
    assert not upgraded.is_legacy
    assert pacer_account_kind(upgraded) is PacerAccountKind.UPGRADED
    assert upgraded.check_password("a brand new passphrase")
    assert not upgraded.check_password("old-password")
    assert SecurityAnswer.objects.filter(user=upgraded).count() == 3
    event = AuditEvent.objects.get(kind="pacer_account.upgraded")
    assert event.extra == {"old_username": "oldtimer", "username": "olive.older"}


@pytest.mark.django_db
def test_upgrade_may_keep_the_username_but_not_take_anothers():
    user = legacy_user()
    legacy_user(username="takenname")
    with pytest.raises(Conflict, match="taken"):
        new_credentials(user, "TakenName")
    pacer_account_upgrade(user=user, credentials=new_credentials(user, "OldTimer"), acting_user=user)
    user.refresh_from_db()
    assert user.username == "oldtimer"


@pytest.mark.django_db
def test_upgrade_refused_for_upgraded_shared_and_other_users():
    upgraded = legacy_user(username="newcomer", created_on="2015-01-01")
    with pytest.raises(Conflict, match="already an upgraded"):
        pacer_account_upgrade(user=upgraded, credentials=new_credentials(upgraded), acting_user=upgraded)
    shared = legacy_user(username="firmacct", shared="yes")
    with pytest.raises(Conflict, match="shared"):
        pacer_account_upgrade(user=shared, credentials=new_credentials(shared), acting_user=shared)
    victim = legacy_user(username="victim1")
    with pytest.raises(InvalidInput, match="owner"):
        pacer_account_upgrade(user=victim, credentials=new_credentials(victim), acting_user=upgraded)
    victim.refresh_from_db()
    assert victim.is_legacy


@pytest.mark.django_db
def test_upgrade_ends_other_sessions_and_revokes_api_tokens():
    from openecf.signin.tokens import api_token_authenticate, api_token_issue

    user = legacy_user()
    _, raw = api_token_issue(user=user, client_code="", name="script", acting_user=user)
    generation = user.session_generation
    pacer_account_upgrade(user=user, credentials=new_credentials(user), acting_user=user)
    user.refresh_from_db()
    assert user.session_generation == generation + 1
    assert api_token_authenticate(raw) is None
    assert AuditEvent.objects.filter(kind="account.sessions_ended", subject_id=str(user.pk)).exists()
