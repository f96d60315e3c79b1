"""The move of models out of accounts (into courts, signin, pacer and filers) keeps every row of a populated
database, renames the tables, relabels content types and the audit trail, and derives the new columns and rows
(activation-letter refusals, filer-link failures) from the audit trail. The move is reversible.

These tests migrate the test database itself with the MigrationExecutor, so they are transactional (schema
changes on SQLite need no atomic block open) and always leave the database at the latest migrations.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

from openecf.audit.models import AuditEvent
from openecf.courts.models import CourtRole
from openecf.filers.models import (
    ChangeOfInformationRequest,
    FilingAccessRequest,
    FilingRight,
    LegacyFilerAccount,
    LinkFailure,
)
from openecf.pacer.models import ActivationLetter, RegistrationSuspension
from openecf.signin.models import ApiToken, BackupCode, TotpDevice

pytestmark = pytest.mark.django_db(transaction=True)

# The schema right before the move: accounts still holds the models, none of the new apps' migrations are applied.
OLD_SCHEMA: list[tuple[str, str | None]] = [
    ("accounts", "0002_activationletter_apitoken_backupcode_and_more"),
    ("courts", "0001_initial"),
    ("cases", "0001_initial"),
    ("docket", "0001_initial"),
    ("documents", "0001_initial"),
    ("audit", "0001_initial"),
    ("billing", "0001_initial"),
    ("signin", None),
    ("pacer", None),
    ("filers", None),
]
OLD_NODES = [(app, name) for app, name in OLD_SCHEMA if name is not None]

# Each moved model (by its historical name in accounts) and where it lives now.
MOVED: dict[str, type[Model]] = {
    "CourtRole": CourtRole,
    "TotpDevice": TotpDevice,
    "BackupCode": BackupCode,
    "ApiToken": ApiToken,
    "ActivationLetter": ActivationLetter,
    "RegistrationSuspension": RegistrationSuspension,
    "LegacyFilerAccount": LegacyFilerAccount,
    "FilingRight": FilingRight,
    "FilingAccessRequest": FilingAccessRequest,
    "ChangeOfInformationRequest": ChangeOfInformationRequest,
}
NEW_APP = {
    "CourtRole": "courts",
    "TotpDevice": "signin",
    "BackupCode": "signin",
    "ApiToken": "signin",
    "ActivationLetter": "pacer",
    "RegistrationSuspension": "pacer",
    "LegacyFilerAccount": "filers",
    "FilingRight": "filers",
    "FilingAccessRequest": "filers",
    "ChangeOfInformationRequest": "filers",
}

T = datetime.datetime(2026, 3, 2, 14, 30, 15, 123456, tzinfo=datetime.UTC)


def _migrate(executor: MigrationExecutor, targets: list[tuple[str, str | None]]) -> None:
    # The loader caches which migrations are applied; read them afresh before each move.
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()


def _latest(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    executor.loader.build_graph()
    return list(executor.loader.graph.leaf_nodes())


@pytest.fixture
def executor() -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    if ("accounts", "0003_models_move_to_their_apps") not in executor.loader.graph.nodes:
        pytest.skip("migrations are disabled (--no-migrations)")
    try:
        yield executor
    finally:
        # Whatever happened, the next tests find the database at the latest migrations.
        restore = MigrationExecutor(connection)
        restore.migrate(restore.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()


def _applied(app: str) -> set[str]:
    return set(MigrationRecorder.Migration.objects.filter(app=app).values_list("name", flat=True))


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, table)}


def _assert_old_schema() -> None:
    assert _applied("accounts") == {"0001_initial", "0002_activationletter_apitoken_backupcode_and_more"}
    assert _applied("courts") == {"0001_initial"}
    assert _applied("signin") == _applied("pacer") == _applied("filers") == set()
    tables = _tables()
    for name, model in MOVED.items():
        assert f"accounts_{name.lower()}" in tables
        assert model._meta.db_table not in tables
    assert LinkFailure._meta.db_table not in tables
    assert "refusals" not in _columns("accounts_activationletter")


def _assert_new_schema() -> None:
    tables = _tables()
    for name, model in MOVED.items():
        assert model._meta.db_table == f"{NEW_APP[name]}_{name.lower()}"
        assert model._meta.db_table in tables
        assert f"accounts_{name.lower()}" not in tables
    assert LinkFailure._meta.db_table == "filers_linkfailure"
    assert "filers_linkfailure" in tables
    assert "refusals" in _columns("pacer_activationletter")


def _populate(old_apps: Any) -> dict[str, Any]:
    """Rows in every moved table, written with the models as they were before the move."""

    def get(app: str, name: str) -> Any:
        return old_apps.get_model(app, name)

    User = get("accounts", "User")
    filer = User.objects.create(username="jdoe", email="jdoe@example.com", password="!", first_name="Jane")
    agent = User.objects.create(username="agent", email="agent@example.com", password="!")
    clerk = User.objects.create(username="clerk", password="!", is_staff=True)
    newcomer = User.objects.create(username="newcomer", password="!", status="inactive")
    psc = User.objects.create(username="psc", password="!", psc_admin=True)
    cit = get("courts", "Court").objects.create(
        id="cit", name="U.S. Court of International Trade", kind="trial"
    )
    attorney = get("cases", "Attorney").objects.create(court=cit, name="Jane Doe", email="jdoe@example.com")

    get("accounts", "CourtRole").objects.create(user=clerk, court=cit, role="clerk")
    get("accounts", "TotpDevice").objects.create(
        user=filer,
        name="Work phone",
        secret="JBSWY3DPEHPK3PXP",
        email_code_hash="hash-of-code",
        email_code_expires_at=T,
        confirmed_at=T,
        last_used_step=59_000_123,
    )
    BackupCode = get("accounts", "BackupCode")
    BackupCode.objects.create(user=filer, code_hash="hash-1")
    BackupCode.objects.create(user=filer, code_hash="hash-2", used_at=T)
    get("accounts", "ApiToken").objects.create(
        user=filer,
        name="Docket script",
        prefix="oecf_ab12",
        key_hash="f" * 64,
        client_code="matter-7",
        last_used_at=T,
    )
    ActivationLetter = get("accounts", "ActivationLetter")
    waiting = ActivationLetter.objects.create(
        user=newcomer, code_hash="code-hash", pdf_storage_key="sha256/aa", status="mailed", mailed_at=T
    )
    used = ActivationLetter.objects.create(
        user=filer,
        code_hash="code-hash-2",
        pdf_storage_key="sha256/bb",
        status="mailed",
        mailed_at=T,
        used_at=T,
    )
    get("accounts", "RegistrationSuspension").objects.create(
        starts_at=T, ends_at=T + datetime.timedelta(hours=6), reason="Maintenance", created_by=psc
    )
    get("accounts", "LegacyFilerAccount").objects.create(
        court=cit,
        login="jdoe",
        password_hash="legacy$hash",
        name="Jane Doe",
        email="jdoe@example.com",
        role="attorney",
        bar_number="NY-123",
        attorney=attorney,
        linked_user=filer,
        linked_at=T,
    )
    get("accounts", "LegacyFilerAccount").objects.create(
        court=cit, login="unlinked", password_hash="legacy$hash2", name="Rick Roe", role="pro se"
    )
    FilingRight = get("accounts", "FilingRight")
    right = FilingRight.objects.create(
        user=filer, court=cit, role="attorney", bar_number="NY-123", bar_state="New York", attorney=attorney
    )
    FilingRight.objects.create(
        user=agent, court=cit, role="filing_agent", sponsoring_attorney=filer, revoked_at=T
    )
    get("accounts", "FilingAccessRequest").objects.create(
        user=agent,
        court=cit,
        role="filing_agent",
        for_attorney=filer,
        bar_admission_date=datetime.date(2010, 5, 4),
        statement="I file for Ms. Doe.",
        status="approved",
        reason="Welcome.",
        decided_by=clerk,
        decided_at=T,
    )
    get("accounts", "ChangeOfInformationRequest").objects.create(
        user=filer,
        court=cit,
        previous={"phone": "212-555-0100"},
        current={"phone": "212-555-0199"},
        status="approved",
        processed_by=clerk,
        processed_at=T,
    )

    AuditEvent = get("audit", "AuditEvent")

    def event(kind: str, subject: Any, **fields: Any) -> Any:
        return AuditEvent.objects.create(
            kind=kind, subject_type=subject._meta.label, subject_id=str(subject.pk), **fields
        )

    # Two wrong codes against the waiting letter; one against a letter used since (no longer counted).
    for attempt in (1, 2):
        event(
            "pacer_account.activation_refused",
            newcomer,
            acting_user=newcomer,
            extra={"letter": waiting.pk, "attempt": attempt},
        )
    event(
        "pacer_account.activation_refused", filer, acting_user=filer, extra={"letter": used.pk, "attempt": 1}
    )
    granted = event("filing_right.granted", right, acting_user=clerk, court=cit)
    link_failed = event(
        "filer_account.link_failed",
        filer,
        acting_user=filer,
        court=cit,
        extra={"login": "jdoe"},
        occurred_at=T - datetime.timedelta(minutes=5),
    )

    # The content type of a moved model (made by post_migrate, taken back to accounts by the move's reverse).
    totp_type = get("contenttypes", "ContentType").objects.get(app_label="accounts", model="totpdevice")
    return {
        "filer": filer,
        "cit": cit,
        "waiting": waiting,
        "used": used,
        "right": right,
        "granted": granted,
        "link_failed": link_failed,
        "totp_type": totp_type,
        "user_events": set(
            AuditEvent.objects.filter(subject_type="accounts.User").values_list("pk", flat=True)
        ),
    }


def test_populated_database_moves_forward_with_nothing_lost(executor):
    _migrate(executor, OLD_SCHEMA)
    _assert_old_schema()

    old_apps = executor.loader.project_state(OLD_NODES).apps
    made = _populate(old_apps)
    before = {
        name: list(old_apps.get_model("accounts", name).objects.order_by("pk").values()) for name in MOVED
    }
    assert all(before.values()), "every moved table has rows"

    _migrate(executor, _latest(executor))
    assert not executor.migration_plan(_latest(executor))
    _assert_new_schema()

    # Same rows, same primary keys, same values and foreign keys, now read through the moved models.
    for name, model in MOVED.items():
        columns = list(before[name][0])
        assert list(model._default_manager.order_by("pk").values(*columns)) == before[name], name

    filer, cit = made["filer"], made["cit"]
    right = FilingRight.objects.select_related("user", "court", "attorney").get(pk=made["right"].pk)
    assert right.attorney is not None
    assert (right.user.username, right.court.name, right.attorney.name) == (
        "jdoe",
        "U.S. Court of International Trade",
        "Jane Doe",
    )
    assert CourtRole.objects.get().user.username == "clerk"
    assert TotpDevice.objects.get().user_id == filer.pk
    assert LegacyFilerAccount.objects.get(login="jdoe").linked_user_id == filer.pk

    # Refusals of letters still waiting are counted from the audit trail.
    assert ActivationLetter.objects.get(pk=made["waiting"].pk).refusals == 2
    assert ActivationLetter.objects.get(pk=made["used"].pk).refusals == 0

    # Each failed link of the audit trail is a LinkFailure, at the time it happened.
    failure = LinkFailure.objects.get()
    assert (failure.user_id, failure.court_id, failure.login) == (filer.pk, cit.pk, "jdoe")
    assert (
        failure.failed_at
        == made["link_failed"].occurred_at
        == AuditEvent.objects.get(pk=made["link_failed"].pk).occurred_at
    )

    # The audit trail and content types follow the models; users stay in accounts.
    assert AuditEvent.objects.get(pk=made["granted"].pk).subject_type == "filers.FilingRight"
    assert not AuditEvent.objects.filter(subject_type__istartswith="accounts.").exclude(
        subject_type="accounts.User"
    )
    user_events = AuditEvent.objects.filter(subject_type="accounts.User").values_list("pk", flat=True)
    assert set(user_events) == made["user_events"]
    totp_type = ContentType.objects.get(pk=made["totp_type"].pk)
    assert (totp_type.app_label, totp_type.model) == ("signin", "totpdevice")
    assert ContentType.objects.get_for_model(TotpDevice).pk == totp_type.pk
    assert not ContentType.objects.filter(app_label="accounts", model__in=[n.lower() for n in MOVED])

    # The renamed tables go on numbering where they stopped.
    device = TotpDevice.objects.create(user_id=filer.pk, name="Home", secret="KRSXG5CTMVRXEZLU")
    assert device.pk > before["TotpDevice"][-1]["id"]
    letter = ActivationLetter.objects.create(user_id=filer.pk, code_hash="x", pdf_storage_key="sha256/cc")
    assert letter.pk > before["ActivationLetter"][-1]["id"]
    assert letter.refusals == 0


def test_empty_database_moves_back_and_forth(executor):
    latest = _latest(executor)
    _assert_new_schema()

    _migrate(executor, OLD_SCHEMA)
    _assert_old_schema()

    _migrate(executor, latest)
    assert not executor.migration_plan(latest)
    _assert_new_schema()
    assert {"0001_initial", "0002_tables_renamed"} <= _applied("signin")
    assert "0003_models_move_to_their_apps" in _applied("accounts")
