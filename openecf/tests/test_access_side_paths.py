"""Paths beside the access matrix's columns that could still name restricted material: the home page's case
counts, the staff menus of the header, and the admin's side doors (autocomplete, history, delete page, the
"view on site" redirect). Each test states who may read what there.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from openecf.accounts.services import account_disable, psc_administrator_appoint
from openecf.cases.models import Case, CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.models import CourtRoleKind
from openecf.courts.services import court_role_grant
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.filers.tests.helpers import confirm_mfa, make_user

pytestmark = pytest.mark.django_db

SEALED_TITLE = "Zanzibar Alloys v. United States"


@pytest.fixture
def sealed(cit, cafc) -> Case:
    """A sealed CIT case with one entry and its document, beside a public case in each court."""
    for court, title in ((cit, "Public Cit v. United States"), (cafc, "Public Cafc v. United States")):
        case_open(
            court=court, caption=title, short_title=title, date_filed=dt.date(2024, 1, 2), acting_user=None
        )
    case = case_open(
        court=cit,
        caption=SEALED_TITLE,
        short_title=SEALED_TITLE,
        date_filed=dt.date(2024, 1, 2),
        acting_user=None,
        restriction=CaseRestriction.SEALED,
    )
    docket_entry_with_documents_create(
        case=case, text="Zanzibar sealed motion.", documents=[DocumentUpload(make_pdf("z"))], acting_user=None
    )
    return case


def make_staff(username: str, court, role: CourtRoleKind):
    """Court staff as the service appoints them (a clerk's office role gives the admin), with their app."""
    user = make_user(username)
    court_role_grant(user=user, court=court, role=role, acting_user=None)
    user.refresh_from_db()
    confirm_mfa(user)
    return user


def _without_tokens(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def _as(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- the home page counts public cases only --------------------------------------------------------------


def test_home_page_counts_no_sealed_case_whoever_asks(cit, sealed):
    clerk = make_staff("cit.clerk", cit, CourtRoleKind.CLERK)
    for client in (Client(), _as(clerk)):
        body = client.get("/").content.decode()
        # CIT: one public case; the sealed one is neither counted nor named (the clerk reads it from the
        # court's page, not from the public count).
        assert "1 case." in body
        assert "2 cases" not in body
        assert "Zanzibar" not in body


# --- the header's staff menus: one per court where the account works, nothing of another court ----------


def test_staff_menus_show_only_the_accounts_own_courts(cit, cafc, sealed):
    cit_clerk = make_staff("cit.clerk", cit, CourtRoleKind.CLERK)
    cafc_clerk = make_staff("cafc.clerk", cafc, CourtRoleKind.CLERK)
    judge = make_staff("cit.judge", cit, CourtRoleKind.JUDGE)
    cit_page = _as(cit_clerk).get("/").content.decode()
    assert 'id="staff-menu-cit"' in cit_page and 'id="staff-menu-cafc"' not in cit_page
    cafc_page = _as(cafc_clerk).get("/").content.decode()
    assert 'id="staff-menu-cafc"' in cafc_page and 'id="staff-menu-cit"' not in cafc_page
    assert "/cit/cmecf/clerk/" not in cafc_page and "/cit/cmecf/helpdesk/" not in cafc_page
    # A judge finds the court's cases, not the clerk's office's queues.
    judge_page = _as(judge).get("/").content.decode()
    assert 'id="staff-menu-cit"' in judge_page
    assert "/cit/cmecf/clerk/" not in judge_page and "/cit/cmecf/helpdesk/" not in judge_page
    for page in (cit_page, cafc_page, judge_page):
        assert "Zanzibar" not in page


def test_the_psc_menu_is_the_psc_administrators_only(cit):
    psc = make_user("psc.admin")
    psc_administrator_appoint(user=psc, acting_user=None)
    assert 'id="staff-menu-psc"' in _as(psc).get("/").content.decode()
    clerk = make_staff("cit.clerk", cit, CourtRoleKind.CLERK)
    assert 'id="staff-menu-psc"' not in _as(clerk).get("/").content.decode()


def test_a_disabled_accounts_live_session_sees_no_staff_menu(cit):
    clerk = make_staff("cit.clerk", cit, CourtRoleKind.CLERK)
    client = _as(clerk)
    assert 'id="staff-menu-cit"' in client.get("/").content.decode()
    psc = make_user("psc.admin")
    psc_administrator_appoint(user=psc, acting_user=None)
    account_disable(user=clerk, acting_user=psc, reason="Left the court.")
    body = client.get("/").content.decode()
    assert "staff-menu" not in body
    assert "/cit/cmecf/clerk/" not in body


# --- the admin's side doors are scoped like its change lists ---------------------------------------------


def _autocomplete(client: Client, app_label: str, model_name: str, field_name: str, term: str):
    return client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


AUTOCOMPLETES = [
    ("docket", "docketentry", "case", "Zanzibar"),
    ("documents", "document", "docket_entry", "Zanzibar"),
]


@pytest.mark.parametrize("autocomplete", AUTOCOMPLETES)
def test_admin_autocomplete_finds_a_sealed_record_for_its_own_court_only(cit, cafc, sealed, autocomplete):
    app_label, model_name, field_name, term = autocomplete
    own = _as(make_staff("cit.clerk", cit, CourtRoleKind.CLERK))
    other = _as(make_staff("cafc.clerk", cafc, CourtRoleKind.CLERK))
    mine = _autocomplete(own, app_label, model_name, field_name, term)
    assert mine.status_code == 200 and mine.json()["results"], mine.content
    theirs = _autocomplete(other, app_label, model_name, field_name, term)
    assert theirs.status_code in (200, 403)
    assert "Zanzibar" not in theirs.content.decode()
    if theirs.status_code == 200:
        assert theirs.json()["results"] == []


def test_admin_history_and_delete_pages_of_another_courts_sealed_case_answer_as_for_a_missing_one(
    cafc, sealed
):
    other = _as(make_staff("cafc.clerk", cafc, CourtRoleKind.CLERK))
    missing = 987_654
    for page in ("history", "delete", "change"):
        hidden = other.get(f"/admin/cases/case/{sealed.pk}/{page}/", follow=True)
        absent = other.get(f"/admin/cases/case/{missing}/{page}/", follow=True)
        assert hidden.status_code == absent.status_code, page
        assert "Zanzibar" not in hidden.content.decode(), page
        # Django's message names the id it was given (Case with ID “3” does not exist), nothing else.
        assert _without_tokens(hidden.content.decode()).replace(f"“{sealed.pk}”", "“ID”") == _without_tokens(
            absent.content.decode()
        ).replace(f"“{missing}”", "“ID”"), page


def test_admin_has_no_view_on_site_shortcut(cafc, sealed):
    """/admin/r/<type>/<id>/ told an existing row id from a missing one; no model has a public page."""
    other = _as(make_staff("cafc.clerk", cafc, CourtRoleKind.CLERK))
    content_type = ContentType.objects.get_for_model(Case)
    hidden = other.get(f"/admin/r/{content_type.pk}/{sealed.pk}/")
    absent = other.get(f"/admin/r/{content_type.pk}/987654/")
    assert hidden.status_code == absent.status_code == 404
    assert "Zanzibar" not in hidden.content.decode()
    assert "Location" not in hidden
    assert _without_tokens(hidden.content.decode()).replace(str(sealed.pk), "ID") == _without_tokens(
        absent.content.decode()
    ).replace("987654", "ID")
