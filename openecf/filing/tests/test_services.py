"""The filing service's rules (issue 8 §4): who files for whom, timing, fees, the intervention order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from openecf.audit.models import AuditEvent
from openecf.billing.gateway import CardDetails
from openecf.billing.models import FeePayment, FeePaymentStatus
from openecf.cases.models import Case, PartyRole
from openecf.cases.services import party_add
from openecf.courts.models import CourtRoleKind
from openecf.courts.services import maintenance_window_set
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.documents.testing import make_pdf
from openecf.errors import Forbidden, InvalidInput, NotFound
from openecf.filers.factories import FilingRightFactory
from openecf.filers.models import FilerRole
from openecf.filers.tests.helpers import confirm_mfa, grant_right, make_staff, make_user
from openecf.filing.models import Deadline, Filing, NoticeOfElectronicFiling
from openecf.filing.rules import INTERVENTION_RULE
from openecf.filing.services import FilingRequest, FilingUpload, NewCase, filing_check, filing_submit
from openecf.filing.stamps import stamp_text
from openecf.filing.tests.factories import attorney_make, case_with_counsel
from openecf.storage import blob_storage

pytestmark = pytest.mark.django_db
EASTERN = ZoneInfo("America/New_York")
# A Tuesday in office hours, Eastern.
OFFICE_HOURS = dt.datetime(2026, 4, 14, 11, 0, tzinfo=EASTERN)


@pytest.fixture
def world(settings, tmp_path):
    settings.DOCUMENT_STORAGE_ROOT = str(tmp_path)
    from openecf.courts.catalog import catalog_court_configure

    with time_machine.travel(OFFICE_HOURS, tick=False):
        yield case_with_counsel(catalog_court_configure("cit"))


def pdf(name: str = "motion.pdf", text: str = "A motion", pages: int = 1) -> FilingUpload:
    return FilingUpload(make_pdf(text, pages), name)


def motion(world, **fields) -> FilingRequest:
    defaults = {"event_code": "motion", "case_number": world.case.pacer_case_number, "main_document": pdf()}
    return FilingRequest(**{**defaults, **fields})


def test_a_motion_is_filed_with_its_entry_documents_stamps_and_notice(world):
    request = motion(
        world,
        attachments=(FilingUpload(make_pdf("Exhibit A", 2), "exhibit-a.pdf", "Exhibit", "Exhibit A"),),
        docket_text_extra="to stay proceedings",
    )
    filing = filing_submit(user=world.attorney, court=world.court, request=request)
    entry = filing.docket_entry
    assert entry.number == 1 and entry.date_filed == dt.date(2026, 4, 14)
    assert entry.text.startswith("Motion to stay proceedings. Filed by Jane Marlowe on behalf of Acme Steel")
    # USCIT R. 7: responses 21 days after filing (May 5, 2026, a Tuesday).
    assert entry.text.endswith("Responses due by 5/5/2026.")
    assert Deadline.objects.get(docket_entry=entry).due_on == dt.date(2026, 5, 5)
    documents = list(entry.documents.order_by("attachment_number"))
    assert [d.attachment_number for d in documents] == [0, 1]
    assert documents[1].category == "Exhibit" and documents[1].original_filename == "exhibit-a.pdf"
    stamped = blob_storage().get(documents[1].stamped_storage_key)
    import fitz

    with fitz.open(stream=stamped, filetype="pdf") as doc:
        number = world.case.pacer_case_number
        assert f"Case {number} Document 1-1 Filed 04/14/26 Page 2 of 2" in doc[1].get_text()
    notice = NoticeOfElectronicFiling.objects.get(filing=filing)
    assert notice.generated_at == filing.filed_at == entry.filed_at
    assert notice.document_number == "1" and notice.docket_text == entry.text
    assert stamp_text(documents[0].stamp).startswith("[STAMP citStamp_ID=")
    assert AuditEvent.objects.filter(kind="filing.submitted").count() == 1


def test_the_check_writes_nothing(world, tmp_path):
    plan = filing_check(user=world.attorney, court=world.court, request=motion(world))
    assert plan.docket_text.startswith("Motion. Filed by Jane Marlowe")
    assert not DocketEntry.objects.exists() and not Filing.objects.exists()
    assert not any(tmp_path.rglob("*/*/*/*")), "a dry run stores no file"


def test_someone_not_in_the_case_is_told_how_to_join(world):
    stranger = attorney_make(world.court, "stranger")
    with pytest.raises(Forbidden, match="Form 11 Notice of Appearance"):
        filing_check(user=stranger, court=world.court, request=motion(world))


def test_an_attorney_joins_a_case_by_appearance(world):
    stranger = attorney_make(world.court, "newcounsel")
    defendant = world.case.parties.get(role=PartyRole.DEFENDANT)
    request = FilingRequest(
        event_code="form11",
        case_number=world.case.display_case_number,
        main_document=pdf("appearance.pdf"),
        join_party_id=defendant.pk,
    )
    filing = filing_submit(user=stranger, court=world.court, request=request)
    assert list(filing.docket_entry.filed_for.all()) == [defendant]
    # Now of record: a motion for the defendant is accepted.
    filing_check(user=stranger, court=world.court, request=motion(world))


def test_a_pro_se_filer_files_only_in_their_own_case(world):
    prose = make_user("prose", first_name="Tomas", last_name="Ferreira")
    grant_right(prose, world.court, FilerRole.PRO_SE)
    confirm_mfa(prose)
    with pytest.raises(Forbidden, match="do not appear in this case"):
        filing_check(user=prose, court=world.court, request=motion(world))
    party_add(
        case=world.case,
        name="Tomas Ferreira",
        role=PartyRole.INTERVENOR,
        acting_user=None,
        pro_se_account=prose,
    )
    filing = filing_submit(user=prose, court=world.court, request=motion(world))
    assert filing.filer == prose and [p.name for p in filing.docket_entry.filed_for.all()] == [
        "Tomas Ferreira"
    ]


def test_a_filing_agent_files_in_the_attorneys_name_and_the_docket_shows_both(world):
    agent = make_user("agent", first_name="Priya", last_name="Raman")
    FilingRightFactory.create(
        user=agent, court=world.court, role=FilerRole.FILING_AGENT, sponsoring_attorney=world.attorney
    )
    confirm_mfa(agent)
    filing = filing_submit(user=agent, court=world.court, request=motion(world))
    assert filing.filer == world.attorney and filing.submitted_by == agent
    assert (
        "Filed by Jane Marlowe (by filing agent Priya Raman) on behalf of Acme Steel"
        in filing.docket_entry.text
    )
    with pytest.raises(Forbidden, match="has not authorised you"):
        filing_check(user=agent, court=world.court, request=motion(world, on_behalf_of="someone-else"))


def test_accounts_that_may_not_file_are_told_why(world):
    viewer = make_user("viewer")
    with pytest.raises(Forbidden, match="do not have filing rights"):
        filing_check(user=viewer, court=world.court, request=motion(world))
    no_mfa = make_user("nomfa")
    grant_right(no_mfa, world.court)
    with pytest.raises(Forbidden, match="multi-factor"):
        filing_check(user=no_mfa, court=world.court, request=motion(world))


def test_a_sealed_case_of_others_is_not_found(world):
    from openecf.cases.models import CaseRestriction
    from openecf.cases.services import case_restriction_set

    case_restriction_set(case=world.case, restriction=CaseRestriction.SEALED, acting_user=None)
    stranger = attorney_make(world.court, "outsider")
    with pytest.raises(NotFound):
        filing_check(user=stranger, court=world.court, request=motion(world))
    # Its own counsel still files in it.
    filing_check(user=world.attorney, court=world.court, request=motion(world))


def test_confidential_filings_need_a_confidential_information_filer_and_are_restricted(world):
    with pytest.raises(Forbidden, match="Confidential Information Filer"):
        filing_check(user=world.attorney, court=world.court, request=motion(world, confidential=True))
    grant_right(world.attorney, world.court, FilerRole.CONFIDENTIAL_INFORMATION_FILER)
    plan = filing_check(user=world.attorney, court=world.court, request=motion(world, confidential=True))
    assert any("public version" in reminder for reminder in plan.reminders)
    filing = filing_submit(user=world.attorney, court=world.court, request=motion(world, confidential=True))
    assert filing.docket_entry.restriction == EntryRestriction.PARTICIPANTS
    assert {d.restriction for d in filing.docket_entry.documents.all()} == {EntryRestriction.PARTICIPANTS}


def test_z_events_only_after_office_hours_and_the_date_is_the_courts(world):
    z = motion(world, event_code="z_motion")
    with pytest.raises(InvalidInput, match="after the Clerk's Office closes"):
        filing_check(user=world.attorney, court=world.court, request=z)
    # 11:59 pm Eastern on April 14 is 03:59 UTC on April 15: filed on the 14th (Q27).
    with time_machine.travel(dt.datetime(2026, 4, 14, 23, 59, tzinfo=EASTERN), tick=False):
        filing = filing_submit(user=world.attorney, court=world.court, request=z)
    assert filing.date_filed == dt.date(2026, 4, 14) == filing.docket_entry.date_filed
    assert filing.filed_at.astimezone(dt.UTC).date() == dt.date(2026, 4, 15)


def test_a_maintenance_window_suspends_filing_and_moves_deadlines(world):
    clerk = make_staff("clerk", world.court, CourtRoleKind.CLERK)
    # Responses to a motion filed Tuesday 4/14 fall due Tuesday 5/5; a window over 5/5 moves them to 5/6.
    maintenance_window_set(
        court=world.court,
        starts_at=dt.datetime(2026, 5, 5, 8, 0, tzinfo=EASTERN),
        ends_at=dt.datetime(2026, 5, 5, 20, 0, tzinfo=EASTERN),
        notice="NextGen upgrade: electronic filing is suspended on May 5.",
        acting_user=clerk,
    )
    plan = filing_check(user=world.attorney, court=world.court, request=motion(world))
    assert plan.deadline == ("Responses due", dt.date(2026, 5, 6))
    with (
        time_machine.travel(dt.datetime(2026, 5, 5, 9, 0, tzinfo=EASTERN), tick=False),
        pytest.raises(Forbidden, match="NextGen upgrade") as refused,
    ):
        filing_submit(user=world.attorney, court=world.court, request=motion(world))
    assert refused.value.code == "filing_suspended"
    assert not DocketEntry.objects.exists()


def test_the_intervention_forms_are_filed_separately_and_in_order(world):
    counsel = attorney_make(world.court, "intervenor-counsel")
    intervene = FilingRequest(
        event_code="motion_intervene",
        case_number=world.case.pacer_case_number,
        main_document=pdf("intervene.pdf"),
        new_party_name="Bolt Fasteners Inc.",
        new_party_role=PartyRole.DEFENDANT_INTERVENOR,
        attachments=(FilingUpload(make_pdf("Form 11"), "f11.pdf", "Other", "Form 11 Notice of Appearance"),),
    )
    with pytest.raises(InvalidInput, match="own entry, not as an attachment") as refused:
        filing_check(user=counsel, court=world.court, request=intervene)
    assert INTERVENTION_RULE in refused.value.message
    filing = filing_submit(
        user=counsel, court=world.court, request=FilingRequest(**{**vars(intervene), "attachments": ()})
    )
    movant = filing.docket_entry.filed_for.get()
    assert movant.name == "Bolt Fasteners Inc." and movant.role_label == "Movant"

    def form(code: str) -> FilingRequest:
        return FilingRequest(
            event_code=code, case_number=world.case.pacer_case_number, main_document=pdf(f"{code}.pdf")
        )

    with pytest.raises(InvalidInput, match="File the Form 11 Notice of Appearance first"):
        filing_check(user=counsel, court=world.court, request=form("form13"))
    for code in ("form11", "form13", "form17_attorney", "form17_consultant"):
        filing_submit(user=counsel, court=world.court, request=form(code))
    assert Filing.objects.filter(filer=counsel).count() == 5


def test_pdf_warnings_must_be_confirmed(world):
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(make_pdf("With metadata"))) as document:
        document.docinfo["/Author"] = "Jane Marlowe"
        out = io.BytesIO()
        document.save(out)
    request = motion(world, main_document=FilingUpload(out.getvalue(), "motion.pdf"))
    with pytest.raises(InvalidInput) as refused:
        filing_submit(user=world.attorney, court=world.court, request=request)
    assert refused.value.code == "warnings_unconfirmed" and "motion.pdf" in refused.value.message
    filing = filing_submit(
        user=world.attorney,
        court=world.court,
        request=FilingRequest(**{**vars(request), "confirm_warnings": True}),
    )
    assert filing.warnings_confirmed


def test_related_entries_and_prompted_dates_go_in_the_docket_text(world):
    first = filing_submit(user=world.attorney, court=world.court, request=motion(world))
    request = FilingRequest(
        event_code="motion_extension",
        case_number=world.case.pacer_case_number,
        main_document=pdf(),
        related_entry_numbers=(first.docket_entry.number or 0,),
        prompted_date=dt.date(2026, 6, 1),
    )
    filing = filing_submit(user=world.attorney, court=world.court, request=request)
    assert "(related document(s) 1)" in filing.docket_entry.text
    assert "(Proposed new deadline: 6/1/2026)" in filing.docket_entry.text
    with pytest.raises(InvalidInput, match="no entry 99"):
        filing_check(
            user=world.attorney,
            court=world.court,
            request=FilingRequest(**{**vars(request), "related_entry_numbers": (99,)}),
        )


def test_a_summons_opens_a_case_and_collects_its_fee(world, django_capture_on_commit_callbacks):
    card = CardDetails("4111 1111 1111 1111", 12, 2031, "123", "Jane Marlowe")
    request = FilingRequest(
        event_code="summons",
        new_case=NewCase(plaintiffs=("Harbor Imports LLC",), nature_of_suit="Customs protest"),
        main_document=pdf("summons.pdf"),
    )
    with pytest.raises(InvalidInput, match=r"filing fee of \$150.00") as refused:
        filing_submit(user=world.attorney, court=world.court, request=request)
    assert refused.value.code == "fee_required"
    with pytest.raises(InvalidInput, match="declined"):
        filing_submit(
            user=world.attorney,
            court=world.court,
            request=FilingRequest(
                **{**vars(request), "card": CardDetails("4000000000000002", 12, 2031, "123", "J M")}
            ),
        )
    assert Case.objects.count() == 1 and not FeePayment.objects.exists()
    with pytest.raises(Exception):  # noqa: B017 — any failure inside the transaction voids the hold
        from unittest import mock

        with mock.patch(
            "openecf.filing.services.NoticeOfElectronicFiling.objects.create", side_effect=RuntimeError
        ):
            filing_submit(
                user=world.attorney,
                court=world.court,
                request=FilingRequest(**{**vars(request), "card": card}),
            )
    assert Case.objects.count() == 1 and not FeePayment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        filing = filing_submit(
            user=world.attorney, court=world.court, request=FilingRequest(**{**vars(request), "card": card})
        )
    case = filing.case
    assert case.short_title == "Harbor Imports LLC v. United States" and filing.docket_entry.number == 1
    assert filing.fee == Decimal("150.00")
    payment = FeePayment.objects.get()
    assert payment.amount == Decimal("150.00") and payment.last4 == "1111"
    assert payment.status == FeePaymentStatus.CAPTURED
    assert [p.name for p in case.parties.all()] == ["Harbor Imports LLC", "United States"]


def test_an_unknown_event_and_a_staff_event_are_refused(world):
    with pytest.raises(InvalidInput, match="not an event"):
        filing_check(user=world.attorney, court=world.court, request=motion(world, event_code="nope"))
    with pytest.raises(InvalidInput, match="not an event"):
        filing_check(user=world.attorney, court=world.court, request=motion(world, event_code="order"))


def test_now_is_the_filing_time(world):
    filing = filing_submit(user=world.attorney, court=world.court, request=motion(world))
    assert filing.filed_at == timezone.now()
