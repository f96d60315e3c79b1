"""Requests for Change in Information: a filer's new firm or address is filed with every court where the filer
files (not a new telephone, not where the right was revoked); each court's clerk's office works its own queue."""

from __future__ import annotations

import pytest

from openecf.audit.models import AuditEvent
from openecf.courts.models import CourtRoleKind
from openecf.filers.change_requests import contact_details_update
from openecf.filers.models import ChangeOfInformationRequest, FilingRight, RequestStatus
from openecf.filers.tests.helpers import CONTACT, filer_in_two_courts, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


@pytest.fixture
def filer(cit, cafc):
    return filer_in_two_courts(cit, cafc)


def test_a_new_telephone_files_no_request(filer):
    contact_details_update(user=filer, acting_user=filer, details={**CONTACT, "phone": "212-555-0199"})
    assert not ChangeOfInformationRequest.objects.exists()
    assert AuditEvent.objects.filter(kind="account.contact_updated").exists()


def test_a_revoked_right_files_no_request(filer, cafc):
    FilingRight.objects.filter(user=filer, court=cafc).update(revoked_at="2026-01-01T00:00:00Z")
    contact_details_update(user=filer, acting_user=filer, details={**CONTACT, "firm": "Elsewhere"})
    assert [r.court_id for r in ChangeOfInformationRequest.objects.all()] == ["cit"]


def test_clerk_queue_and_marking_processed(client, filer, cit, cafc):
    contact_details_update(user=filer, acting_user=filer, details={**CONTACT, "firm": "New Firm PC"})
    cit_request = ChangeOfInformationRequest.objects.get(court=cit)
    clerk = make_staff("citclerk", cit, CourtRoleKind.CLERK)
    client.force_login(clerk)
    queue = client.get("/cit/cmecf/clerk/change-requests/")
    assert queue.status_code == 200 and "New Firm PC" in queue.content.decode()
    processed = client.post(f"/cit/cmecf/clerk/change-requests/{cit_request.pk}/processed/")
    assert processed.status_code == 302
    cit_request.refresh_from_db()
    assert cit_request.status == RequestStatus.APPROVED and cit_request.processed_by == clerk
    assert AuditEvent.objects.filter(kind="change_request.processed", court=cit).count() == 1
    # A double submit is refused, not processed twice.
    assert client.post(f"/cit/cmecf/clerk/change-requests/{cit_request.pk}/processed/").status_code == 409
    assert AuditEvent.objects.filter(kind="change_request.processed").count() == 1


def test_help_desk_sees_the_queue(client, filer, cit):
    client.force_login(make_staff("helper", cit, CourtRoleKind.HELP_DESK))
    assert client.get("/cit/cmecf/clerk/change-requests/").status_code == 200


def test_other_courts_clerks_judges_and_filers_get_404(client, filer, cit, cafc):
    contact_details_update(user=filer, acting_user=filer, details={**CONTACT, "firm": "New Firm PC"})
    cit_request = ChangeOfInformationRequest.objects.get(court=cit)
    for outsider in (
        make_staff("cafcclerk", cafc, CourtRoleKind.CLERK),
        make_staff("judge", cit, CourtRoleKind.JUDGE),
        filer,
    ):
        client.force_login(outsider)
        assert client.get("/cit/cmecf/clerk/change-requests/").status_code == 404
        assert client.post(f"/cit/cmecf/clerk/change-requests/{cit_request.pk}/processed/").status_code == 404
    # cafc's clerk may not reach a cit request through cafc's address either.
    client.force_login(make_staff("cafcclerk2", cafc, CourtRoleKind.CLERK))
    assert client.post(f"/cafc/cmecf/clerk/change-requests/{cit_request.pk}/processed/").status_code == 404
    cit_request.refresh_from_db()
    assert cit_request.status == RequestStatus.PENDING
    client.logout()
    assert client.get("/cit/cmecf/clerk/change-requests/").status_code == 302
