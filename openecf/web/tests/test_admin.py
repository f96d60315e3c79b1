"""The clerk's-office admin is limited to the clerk's own court, and its actions go through services."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.audit.models import AuditEvent
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.factories import CourtRoleFactory
from openecf.courts.models import CourtRoleKind
from openecf.docket.services import docket_entry_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(cit, cafc):
    cit_case = case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )
    cafc_case = case_open(
        court=cafc,
        caption="Beta v. United States",
        date_filed=dt.date(2020, 1, 2),
        acting_user=None,
    )
    return cit_case, cafc_case


def test_clerk_sees_only_own_court(client, clerk, cases):
    client.force_login(clerk)
    listing = client.get("/admin/cases/case/")
    assert listing.status_code == 200
    assert b"Acme v. United States" in listing.content
    assert b"Beta v. United States" not in listing.content
    other = cases[1]
    assert client.get(f"/admin/cases/case/{other.pk}/change/").status_code in (302, 404)


def test_clerk_cannot_edit_or_delete_records_directly(client, clerk, cases):
    client.force_login(clerk)
    case = cases[0]
    response = client.post(f"/admin/cases/case/{case.pk}/change/", {"caption": "Changed"})
    case.refresh_from_db()
    assert case.caption == "Acme v. United States"
    assert response.status_code in (403, 200)
    assert client.post(f"/admin/cases/case/{case.pk}/delete/", {"post": "yes"}).status_code == 403


def test_seal_action_goes_through_the_service_and_is_audited(client, clerk, cases):
    client.force_login(clerk)
    case = cases[0]
    client.post(
        "/admin/cases/case/",
        {"action": "seal_cases", "_selected_action": [str(case.pk), str(cases[1].pk)]},
    )
    case.refresh_from_db()
    cases[1].refresh_from_db()
    assert case.restriction == CaseRestriction.SEALED
    assert cases[1].restriction == CaseRestriction.PUBLIC  # another court's case is out of the clerk's reach
    event = AuditEvent.objects.get(kind="case.restriction_changed")
    assert event.acting_user == clerk


def test_seal_entry_action(client, clerk, cases):
    entry = docket_entry_create(case=cases[0], text="Motion.", acting_user=None)
    client.force_login(clerk)
    client.post(
        "/admin/docket/docketentry/",
        {"action": "seal_entries", "_selected_action": [str(entry.pk)]},
    )
    entry.refresh_from_db()
    assert entry.restriction == "sealed"


def test_user_without_office_role_has_no_admin(client, cit):
    judge = CourtRoleFactory.create(
        court=cit, role=CourtRoleKind.JUDGE, user__username="judge", user__is_staff=True
    ).user
    client.force_login(judge)
    assert client.get("/admin/cases/case/").status_code == 403
