from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import FieldError

from openecf.accounts.factories import UserFactory
from openecf.audit.models import AuditEvent
from openecf.courts.models import Court, CourtKind, Judge
from openecf.courts.services import (
    court_configure,
    court_get_or_create_from_courts_db,
    judge_add,
)
from openecf.errors import InvalidInput

pytestmark = pytest.mark.django_db


def _audit_kinds(court_id: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="courts.Court", subject_id=court_id)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def test_configure_creates_then_changes_only_the_given_fields():
    court = court_configure(court_id="xyz", acting_user=None, name="Test Court", kind=CourtKind.TRIAL)
    assert court.name == "Test Court" and court.max_file_size_bytes == 50 * 1024 * 1024
    court_configure(court_id="xyz", acting_user=None, max_file_size_bytes=10)
    court.refresh_from_db()
    assert court.name == "Test Court" and court.max_file_size_bytes == 10
    assert _audit_kinds("xyz") == ["court.created", "court.changed"]
    changed = AuditEvent.objects.get(kind="court.changed", subject_id="xyz")
    assert changed.extra == {"fields": ["max_file_size_bytes"]}
    assert changed.court_id == "xyz"


def test_configure_records_the_acting_user():
    user = UserFactory.create(username="admin")
    court_configure(court_id="xyz", acting_user=user, name="Test Court", kind=CourtKind.TRIAL)
    assert AuditEvent.objects.get(subject_id="xyz").acting_user == user


def test_configure_with_an_unknown_field_writes_nothing():
    with pytest.raises((FieldError, TypeError)):
        court_configure(court_id="xyz", acting_user=None, name="Test", no_such_field=1)
    assert not Court.objects.filter(id="xyz").exists()
    assert not AuditEvent.objects.exists()


def test_district_court_from_courts_db_is_a_trial_court():
    court = court_get_or_create_from_courts_db(court_id="dcd", acting_user=None)
    assert court.kind == CourtKind.TRIAL
    assert court.name == "District Court, District of Columbia"
    assert court.first_case_sequence == 1
    assert court.pacer_case_number_format == "{office}:{yy}-{type}-{seq:05d}"
    assert court.time_zone == "America/New_York"
    assert court.office_opens_at == dt.time(8, 30)
    assert _audit_kinds("dcd") == ["court.created"]


def test_circuit_court_from_courts_db_is_appellate_with_appellate_numbers():
    court = court_get_or_create_from_courts_db(court_id="ca1", acting_user=None)
    assert court.kind == CourtKind.APPELLATE and court.is_appellate
    assert court.pacer_case_number_format == "{yy}-{seq:04d}"
    assert court.display_case_number_format == "{yy}-{seq:04d}"
    assert court.first_case_sequence == 1001
    assert _audit_kinds("ca1") == ["court.created"]


def test_bankruptcy_court_from_courts_db():
    court = court_get_or_create_from_courts_db(court_id="nysb", acting_user=None)
    assert court.kind == CourtKind.BANKRUPTCY
    assert "Bankruptcy" in court.name
    assert court.first_case_sequence == 1


def test_court_from_courts_db_takes_the_time_zone_of_its_seat():
    court = court_get_or_create_from_courts_db(court_id="cand", acting_user=None)
    assert court.time_zone == "America/Los_Angeles"


def test_existing_court_is_returned_unchanged_without_an_audit_event(cit):
    before = AuditEvent.objects.count()
    court = court_get_or_create_from_courts_db(court_id="cit", acting_user=None)
    assert court.name == "U.S. Court of International Trade"
    assert AuditEvent.objects.count() == before


def test_second_call_creates_nothing_more():
    court_get_or_create_from_courts_db(court_id="dcd", acting_user=None)
    court_get_or_create_from_courts_db(court_id="dcd", acting_user=None)
    assert Court.objects.filter(id="dcd").count() == 1
    assert _audit_kinds("dcd") == ["court.created"]


@pytest.mark.parametrize(
    "court_id",
    ["zzz", "", "DCD ", "../cit", "dcd'; DROP TABLE courts_court; --", "x" * 10_000],
)
def test_unknown_court_id_is_refused_and_nothing_is_written(court_id):
    with pytest.raises(InvalidInput) as caught:
        court_get_or_create_from_courts_db(court_id=court_id, acting_user=None)
    assert caught.value.code == "unknown_court"
    assert caught.value.field == "court"
    assert "courts-db" in caught.value.message
    assert not Court.objects.exists()
    assert not AuditEvent.objects.exists()


def test_judge_add_is_idempotent_and_audited_once(cit):
    first = judge_add(court=cit, name="Leo M. Gordon", initials="LMG", acting_user=None)
    again = judge_add(court=cit, name="Leo M. Gordon", acting_user=None)
    assert first.pk == again.pk
    assert Judge.objects.filter(court=cit).count() == 1
    assert AuditEvent.objects.filter(kind="judge.added").count() == 1


def test_same_judge_name_in_two_courts_is_two_judges(cit, cafc):
    a = judge_add(court=cit, name="Jane Roe", acting_user=None)
    b = judge_add(court=cafc, name="Jane Roe", acting_user=None)
    assert a.pk != b.pk and a.court_id == "cit" and b.court_id == "cafc"
