from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from openecf.audit.models import AuditEvent
from openecf.audit.services import audit_event_record
from openecf.cases.models import (
    Attorney,
    Case,
    CaseJudge,
    CaseNumberSequence,
    CaseRestriction,
    CaseStatus,
    Party,
    PartyRole,
    Representation,
)
from openecf.cases.services import (
    attorney_create,
    case_consolidate,
    case_open,
    case_restriction_set,
    case_terminate,
    party_add,
    representation_add,
)
from openecf.courts.services import judge_add
from openecf.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db

FILED = dt.date(2020, 3, 16)


def _open(court, caption="Acme Steel Corp. v. United States", **kwargs):
    kwargs.setdefault("date_filed", FILED)
    return case_open(court=court, caption=caption, acting_user=None, **kwargs)


def _audit(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind).order_by("id"))


class TestNumbering:
    def test_first_cit_case_of_a_year(self, cit):
        case = _open(cit)
        assert (case.year, case.case_type, case.sequence, case.office) == (2020, "cv", 1, "1")
        assert case.pacer_case_number == "1:20-cv-00001"
        assert case.display_case_number == "Court No. 20-00001"

    def test_first_cafc_case_of_a_year(self, cafc):
        case = _open(cafc, caption="Acme Steel Corp. v. United States")
        assert (case.case_type, case.sequence) == ("ca", 1001)
        assert case.pacer_case_number == "20-1001"
        assert case.display_case_number == "20-1001"

    def test_numbers_follow_each_other_within_court_year_and_type(self, cit, cafc):
        numbers = [_open(cit).pacer_case_number for _ in range(3)]
        assert numbers == ["1:20-cv-00001", "1:20-cv-00002", "1:20-cv-00003"]
        assert _open(cafc).pacer_case_number == "20-1001"
        assert _open(cit, date_filed=dt.date(2021, 1, 4)).pacer_case_number == "1:21-cv-00001"
        assert _open(cit, case_type="mc").pacer_case_number == "1:20-mc-00001"
        assert _open(cit).pacer_case_number == "1:20-cv-00004"
        assert _open(cafc).pacer_case_number == "20-1002"

    def test_explicit_year_wins_over_the_date(self, cit):
        case = _open(cit, year=2019, date_filed=dt.date(2020, 1, 2))
        assert case.pacer_case_number == "1:19-cv-00001"

    def test_each_counter_is_one_row(self, cit):
        for _ in range(3):
            _open(cit)
        counter = CaseNumberSequence.objects.get(court=cit, year=2020, case_type="cv")
        assert counter.last_sequence == 3

    def test_explicit_number_keeps_the_counter_ahead(self, cit):
        imported = _open(cit, sequence=12, pacer_case_id="4711")
        assert imported.pacer_case_number == "1:20-cv-00012"
        assert _open(cit).sequence == 13
        older = _open(cit, sequence=5)
        assert older.sequence == 5
        assert _open(cit).sequence == 14, "an older imported number does not move the counter back"

    def test_explicit_number_after_allocated_ones(self, cit):
        _open(cit)
        _open(cit, sequence=40)
        assert _open(cit).sequence == 41

    def test_explicit_number_that_is_taken_is_a_conflict_and_writes_nothing(self, cit):
        _open(cit, sequence=7)
        cases, events, counter = Case.objects.count(), AuditEvent.objects.count(), 7
        with pytest.raises(Conflict) as caught:
            _open(cit, caption="Other Co. v. United States", sequence=7)
        assert caught.value.field == "sequence"
        assert Case.objects.count() == cases
        assert AuditEvent.objects.count() == events
        assert CaseNumberSequence.objects.get(court=cit, year=2020).last_sequence == counter

    def test_allocated_number_then_the_same_number_explicitly_is_a_conflict(self, cit):
        _open(cit)
        with pytest.raises(Conflict):
            _open(cit, sequence=1)
        assert Case.objects.count() == 1

    def test_same_number_in_another_court_is_fine(self, cit, cafc):
        a = _open(cit, sequence=1001, case_type="ca")
        b = _open(cafc, sequence=1001)
        assert a.pk != b.pk

    def test_low_imported_appeal_number_does_not_pull_new_numbers_below_1001(self, cafc):
        _open(cafc, sequence=5)
        assert _open(cafc).sequence == 1001


class TestOpenValidation:
    @pytest.mark.parametrize("caption", ["", "   ", "\n\t"])
    def test_caption_is_required(self, cit, caption):
        with pytest.raises(InvalidInput) as caught:
            _open(cit, caption=caption)
        assert caught.value.field == "caption"
        assert not Case.objects.exists() and not CaseNumberSequence.objects.exists()

    def test_short_title_defaults_to_the_caption_and_is_cut_to_300(self, cit):
        case = _open(cit, caption="  " + "A" * 400 + "  ")
        assert case.caption == "A" * 400
        assert case.short_title == "A" * 300

    def test_hostile_caption_is_kept_as_text(self, cit):
        caption = "<script>alert(1)</script> v. '; DROP TABLE cases_case; --"
        case = _open(cit, caption=caption)
        case.refresh_from_db()
        assert case.caption == caption
        assert Case.objects.count() == 1

    def test_judges_are_assigned_in_panel_order(self, cafc):
        judges = [judge_add(court=cafc, name=n, acting_user=None) for n in ("Moore", "Lourie", "Dyk")]
        case = _open(cafc, judges=judges)
        assigned = list(CaseJudge.objects.filter(case=case).values_list("judge__name", "position"))
        assert assigned == [("Moore", 0), ("Lourie", 1), ("Dyk", 2)]

    def test_judge_of_another_court_is_refused_and_nothing_is_written(self, cit, cafc):
        ours = judge_add(court=cit, name="Leo M. Gordon", acting_user=None)
        theirs = judge_add(court=cafc, name="Kimberly A. Moore", acting_user=None)
        with pytest.raises(InvalidInput) as caught:
            _open(cit, judges=[ours, theirs])
        assert caught.value.field == "judges"
        assert "Kimberly A. Moore" in caught.value.message
        assert not Case.objects.exists() and not CaseJudge.objects.exists()
        assert not _audit("case.opened")

    def test_the_same_judge_twice_is_refused_as_bad_input(self, cit):
        judge = judge_add(court=cit, name="Leo M. Gordon", acting_user=None)
        with pytest.raises(InvalidInput):
            _open(cit, judges=[judge, judge])

    def test_lead_case_in_another_court_is_refused(self, cit, cafc):
        lead = _open(cafc)
        with pytest.raises(InvalidInput) as caught:
            _open(cit, lead_case=lead)
        assert caught.value.field == "lead_case"
        assert not Case.objects.filter(court=cit).exists()
        assert not CaseNumberSequence.objects.filter(court=cit).exists()

    def test_unsaved_related_case_is_refused(self, cit):
        with pytest.raises(InvalidInput):
            _open(cit, lead_case=Case(court=cit))
        with pytest.raises(InvalidInput):
            _open(cit, originating_case=Case(court=cit))
        assert not Case.objects.exists()

    def test_an_appeal_may_come_from_another_court(self, cit, cafc):
        trial = _open(cit)
        appeal = _open(cafc, originating_case=trial)
        assert appeal.originating_case == trial
        assert list(trial.appeals.all()) == [appeal]

    def test_member_of_a_lead_case_in_the_same_court(self, cit):
        lead = _open(cit)
        member = _open(cit, lead_case=lead)
        assert list(lead.member_cases.all()) == [member]

    def test_lead_case_that_is_a_member_is_refused_on_open(self, cit):
        lead = _open(cit)
        member = _open(cit, lead_case=lead)
        with pytest.raises(InvalidInput):
            _open(cit, lead_case=member)

    def test_sealed_case_is_opened_sealed(self, cit):
        case = _open(cit, restriction=CaseRestriction.SEALED)
        assert case.is_sealed
        assert _audit("case.opened")[0].extra["restriction"] == "sealed"


class TestAudit:
    def test_open_writes_one_audit_event(self, cit, clerk):
        case = case_open(court=cit, caption="A v. United States", date_filed=FILED, acting_user=clerk)
        (event,) = _audit("case.opened")
        assert event.acting_user == clerk
        assert event.court_id == "cit"
        assert (event.subject_type, event.subject_id) == ("cases.Case", str(case.pk))
        assert event.extra["number"] == "1:20-cv-00001"

    def test_rolled_back_open_leaves_neither_case_nor_audit_nor_counter(self, cit):
        class Abort(Exception):
            pass

        with pytest.raises(Abort), transaction.atomic():
            _open(cit)
            raise Abort
        assert not Case.objects.exists()
        assert not AuditEvent.objects.filter(kind="case.opened").exists()
        assert not CaseNumberSequence.objects.exists()
        assert _open(cit).sequence == 1, "the rolled-back number is given again"

    def test_a_failing_audit_write_undoes_the_case(self, cit, monkeypatch):
        def failing(**kwargs):
            audit_event_record(**kwargs)
            raise RuntimeError("audit store unavailable")

        monkeypatch.setattr("openecf.cases.services.audit_event_record", failing)
        with pytest.raises(RuntimeError):
            _open(cit)
        assert not Case.objects.exists()
        assert not AuditEvent.objects.filter(kind="case.opened").exists()
        assert not CaseNumberSequence.objects.exists()

    def test_every_write_is_audited(self, cit, clerk):
        case = _open(cit)
        party = party_add(case=case, name="Acme", role=PartyRole.PLAINTIFF, acting_user=clerk)
        attorney = attorney_create(court=cit, name="Ann Lee", acting_user=clerk)
        representation_add(party=party, attorney=attorney, acting_user=clerk)
        case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=clerk)
        case_terminate(case=case, date_terminated=FILED, acting_user=clerk)
        member = _open(cit)
        case_consolidate(lead_case=case, member_cases=[member], acting_user=clerk)
        kinds = list(AuditEvent.objects.filter(court=cit).order_by("id").values_list("kind", flat=True))
        assert kinds[kinds.index("case.opened") :] == [
            "case.opened",
            "party.added",
            "attorney.created",
            "representation.added",
            "case.restriction_changed",
            "case.terminated",
            "case.opened",
            "case.consolidated",
        ]


class TestPartiesAndAttorneys:
    def test_parties_are_numbered_in_order_with_their_labels(self, cit):
        case = _open(cit)
        a = party_add(case=case, name=" Acme Steel Corp. ", role=PartyRole.PLAINTIFF, acting_user=None)
        b = party_add(case=case, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
        c = party_add(
            case=case,
            name="Nucor Corp.",
            role=PartyRole.DEFENDANT_INTERVENOR,
            role_label="Intervenor Defendant",
            acting_user=None,
        )
        assert (a.name, a.role_label, a.position) == ("Acme Steel Corp.", "Plaintiff", 0)
        assert (b.role_label, b.position) == ("Defendant", 1)
        assert (c.role_label, c.position) == ("Intervenor Defendant", 2)
        assert list(case.parties.values_list("name", flat=True)) == [
            "Acme Steel Corp.",
            "United States",
            "Nucor Corp.",
        ]

    def test_party_needs_a_name(self, cit):
        case = _open(cit)
        with pytest.raises(InvalidInput) as caught:
            party_add(case=case, name="  ", role=PartyRole.PLAINTIFF, acting_user=None)
        assert caught.value.field == "name"
        assert not Party.objects.exists() and not _audit("party.added")

    def test_unknown_party_role_is_refused_as_bad_input(self, cit):
        case = _open(cit)
        with pytest.raises(InvalidInput):
            party_add(case=case, name="Acme", role="king", role_label="King", acting_user=None)  # type: ignore[arg-type]
        assert not Party.objects.exists()

    def test_attorney_name_is_normalized_and_required(self, cit):
        attorney = attorney_create(
            court=cit,
            name="  Frank   H.\nMorgan ",
            firm="White & Case LLP",
            email="fmorgan@example.com",
            secondary_emails=("docket@example.com",),
            acting_user=None,
        )
        assert attorney.name == "Frank H. Morgan"
        assert attorney.secondary_emails == ["docket@example.com"]
        assert attorney.contact_lines == ["White & Case LLP", "Email: fmorgan@example.com"]
        with pytest.raises(InvalidInput):
            attorney_create(court=cit, name=" \t ", acting_user=None)
        assert Attorney.objects.count() == 1

    def test_representation_with_designations(self, cit):
        case = _open(cit)
        party = party_add(case=case, name="Acme", role=PartyRole.PLAINTIFF, acting_user=None)
        first = attorney_create(court=cit, name="Ann Lee", acting_user=None)
        second = attorney_create(court=cit, name="Bo Park", acting_user=None)
        lead = representation_add(party=party, attorney=first, lead=True, acting_user=None)
        other = representation_add(
            party=party,
            attorney=second,
            pro_hac_vice=True,
            date_terminated=dt.date(2020, 5, 1),
            acting_user=None,
        )
        assert (lead.position, other.position) == (0, 1)
        assert lead.designations == ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"]
        assert other.designations == [
            "TERMINATED: 05/01/2020",
            "PRO HAC VICE",
            "ATTORNEY TO BE NOTICED",
        ]

    def test_attorney_of_another_court_is_refused(self, cit, cafc):
        case = _open(cit)
        party = party_add(case=case, name="Acme", role=PartyRole.PLAINTIFF, acting_user=None)
        stranger = attorney_create(court=cafc, name="Ann Lee", acting_user=None)
        with pytest.raises(InvalidInput) as caught:
            representation_add(party=party, attorney=stranger, acting_user=None)
        assert caught.value.field == "attorney"
        assert not Representation.objects.exists() and not _audit("representation.added")

    def test_the_same_representation_twice_is_a_conflict(self, cit):
        case = _open(cit)
        party = party_add(case=case, name="Acme", role=PartyRole.PLAINTIFF, acting_user=None)
        attorney = attorney_create(court=cit, name="Ann Lee", acting_user=None)
        representation_add(party=party, attorney=attorney, acting_user=None)
        with pytest.raises(Conflict):
            representation_add(party=party, attorney=attorney, lead=True, acting_user=None)
        assert Representation.objects.count() == 1
        assert len(_audit("representation.added")) == 1


class TestConsolidation:
    def test_members_join_the_lead_case(self, cit):
        lead, a, b = _open(cit), _open(cit), _open(cit)
        case_consolidate(lead_case=lead, member_cases=[a, b], acting_user=None)
        assert set(lead.member_cases.all()) == {a, b}
        (event,) = _audit("case.consolidated")
        assert event.extra == {"members": ["1:20-cv-00002", "1:20-cv-00003"]}

    def test_a_case_cannot_lead_itself(self, cit):
        lead, other = _open(cit), _open(cit)
        with pytest.raises(InvalidInput):
            case_consolidate(lead_case=lead, member_cases=[other, lead], acting_user=None)
        assert not Case.objects.filter(lead_case__isnull=False).exists()

    def test_members_must_be_in_the_same_court(self, cit, cafc):
        lead, foreign = _open(cit), _open(cafc)
        with pytest.raises(InvalidInput):
            case_consolidate(lead_case=lead, member_cases=[foreign], acting_user=None)
        foreign.refresh_from_db()
        assert foreign.lead_case is None
        assert not _audit("case.consolidated")

    def test_a_member_cannot_lead(self, cit):
        lead, member, other = _open(cit), _open(cit), _open(cit)
        case_consolidate(lead_case=lead, member_cases=[member], acting_user=None)
        member.refresh_from_db()
        with pytest.raises(InvalidInput) as caught:
            case_consolidate(lead_case=member, member_cases=[other], acting_user=None)
        assert caught.value.field == "lead_case"
        other.refresh_from_db()
        assert other.lead_case is None

    def test_a_lead_with_members_cannot_become_a_member(self, cit):
        lead, member, new_lead = _open(cit), _open(cit), _open(cit)
        case_consolidate(lead_case=lead, member_cases=[member], acting_user=None)
        with pytest.raises(InvalidInput):
            case_consolidate(lead_case=new_lead, member_cases=[lead], acting_user=None)


class TestTerminateAndSeal:
    def test_terminate(self, cit):
        case = _open(cit)
        case_terminate(case=case, date_terminated=dt.date(2021, 6, 1), acting_user=None)
        case.refresh_from_db()
        assert case.status == CaseStatus.TERMINATED
        assert case.date_terminated == dt.date(2021, 6, 1)
        assert _audit("case.terminated")[0].extra == {"date_terminated": "2021-06-01"}

    def test_terminate_on_the_day_of_filing_is_allowed(self, cit):
        case = _open(cit)
        case_terminate(case=case, date_terminated=FILED, acting_user=None)
        assert case.status == CaseStatus.TERMINATED

    def test_terminate_before_filing_is_refused(self, cit):
        case = _open(cit)
        with pytest.raises(InvalidInput) as caught:
            case_terminate(case=case, date_terminated=FILED - dt.timedelta(days=1), acting_user=None)
        assert caught.value.field == "date_terminated"
        case.refresh_from_db()
        assert case.status == CaseStatus.OPEN and case.date_terminated is None
        assert not _audit("case.terminated")

    def test_seal_and_unseal(self, cit, clerk):
        case = _open(cit)
        case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=clerk)
        case.refresh_from_db()
        assert case.is_sealed
        assert not Case.objects.public().filter(pk=case.pk).exists()
        case_restriction_set(case=case, restriction=CaseRestriction.PUBLIC, acting_user=clerk)
        case.refresh_from_db()
        assert not case.is_sealed
        changes = [(e.extra["from"], e.extra["to"]) for e in _audit("case.restriction_changed")]
        assert changes == [("public", "sealed"), ("sealed", "public")]
