from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max

from openecf.access.cases import CaseNotFound, access_case
from openecf.accounts.models import User
from openecf.audit.models import AuditEvent
from openecf.cases.models import Case, CaseRestriction
from openecf.courts.models import Court, CourtRole
from openecf.demo.data import DEMO_PASSWORDS
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.documents.models import Document

pytestmark = pytest.mark.django_db

SMALL = ("--cases", "12", "--big-entries", "50", "--seed", "7")


def seed(*extra: str) -> None:
    call_command("seed_demo", *SMALL, *extra)


def snapshot() -> list[tuple[object, ...]]:
    return list(
        DocketEntry.objects.order_by("case__court", "case__year", "case__sequence", "sequence").values_list(
            "case__court", "case__year", "case__sequence", "number", "date_filed", "text", "restriction"
        )
    )


def test_small_seed_makes_both_courts_and_the_asked_number_of_cases():
    seed()
    assert set(Court.objects.values_list("id", flat=True)) == {"cit", "cafc"}
    assert Case.objects.count() == 12
    assert Case.objects.filter(court="cafc").exists()
    big = Case.objects.get(short_title="In re Section 301 Cases")
    assert big.entries.count() == 50
    assert big.judges.count() == 3
    assert Document.objects.count() > Document.objects.values("sha256").distinct().count()


def test_the_sealed_case_is_not_found_by_the_public_and_seen_by_the_clerk():
    seed()
    sealed = Case.objects.get(restriction=CaseRestriction.SEALED)
    number = sealed.pacer_case_number
    with pytest.raises(CaseNotFound):
        access_case(AnonymousUser(), "cit", number)
    clerk = User.objects.get(username="cit-clerk")
    assert access_case(clerk, "cit", number) == sealed
    assert DocketEntry.objects.filter(restriction=EntryRestriction.SEALED).exists()
    sealed_entry = DocketEntry.objects.filter(restriction=EntryRestriction.SEALED).first()
    assert sealed_entry is not None
    assert set(sealed_entry.documents.values_list("restriction", flat=True)) == {EntryRestriction.SEALED}


def test_docket_numbers_are_gapless_in_every_case():
    seed()
    for case in Case.objects.all():
        numbers = list(
            case.entries.filter(number__isnull=False).order_by("sequence").values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1)), case.pacer_case_number
    assert DocketEntry.objects.filter(number__isnull=True).exists(), "minute entries are unnumbered"


def test_appeals_consolidations_and_related_entries_are_linked():
    seed()
    appeal = Case.objects.filter(court="cafc").first()
    assert appeal is not None and appeal.originating_case is not None
    assert appeal.originating_case.court_id == "cit"
    assert appeal.originating_case.entries.filter(text__startswith="Notice of Appeal").exists()
    lead = Case.objects.annotate(members=Count("member_cases")).filter(members__gte=2).get()
    assert lead.entries.filter(text__contains="consolidating").exists()
    order = DocketEntry.objects.filter(text__startswith="Order granting Motion to Intervene").first()
    assert order is not None and order.related_entries.get().text.startswith("Motion to Intervene")


def test_demo_staff_accounts_log_in_with_the_reported_passwords(client):
    seed()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORDS["admin"])
    for court_id in ("cit", "cafc"):
        clerk = User.objects.get(username=f"{court_id}-clerk")
        assert clerk.is_staff and not clerk.is_superuser
        assert clerk.check_password(DEMO_PASSWORDS[f"{court_id}-clerk"])
        assert CourtRole.objects.filter(user=clerk, court_id=court_id, role="clerk").exists()
    assert client.login(username="cit-clerk", password=DEMO_PASSWORDS["cit-clerk"])


def test_if_empty_second_run_writes_nothing():
    seed("--if-empty")
    counts = (
        AuditEvent.objects.count(),
        DocketEntry.objects.count(),
        Case.objects.count(),
        User.objects.count(),
    )
    seed("--if-empty")
    assert counts == (
        AuditEvent.objects.count(),
        DocketEntry.objects.count(),
        Case.objects.count(),
        User.objects.count(),
    )


def test_second_run_without_if_empty_is_refused():
    seed()
    entries = DocketEntry.objects.count()
    with pytest.raises(CommandError, match="already holds cases"):
        seed()
    assert DocketEntry.objects.count() == entries


def test_same_seed_gives_the_same_dockets():
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        seed()
        first = snapshot()
        raise Rollback
    assert not Case.objects.exists()
    seed()
    assert snapshot() == first


def test_negative_sizes_are_refused():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--cases", "-1")
    with pytest.raises(CommandError):
        call_command("seed_demo", "--big-entries", "lots")
    assert not Court.objects.exists()


def test_big_case_dates_never_go_backwards():
    seed()
    big = Case.objects.get(short_title="In re Section 301 Cases")
    dates = list(big.entries.order_by("sequence").values_list("date_filed", flat=True))
    assert dates == sorted(dates)
    assert DocketEntry.objects.aggregate(last=Max("date_filed"))["last"].isoformat() <= "2026-11-20"


def test_a_load_stopped_half_way_is_named_by_the_next_make_run(monkeypatch, capsys):
    from openecf.demo import seed as demo_seed_module

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C while the big case loads

    monkeypatch.setattr(demo_seed_module, "demo_seed_big_case", stopped)
    with pytest.raises(KeyboardInterrupt):
        seed()
    monkeypatch.undo()
    assert Case.objects.exists()
    seed("--if-empty")
    assert "did not finish loading" in capsys.readouterr().err


def test_a_whole_load_says_nothing_more_on_the_next_run(capsys):
    seed("--if-empty")
    capsys.readouterr()
    seed("--if-empty")
    assert "did not finish" not in capsys.readouterr().err
