"""The permission module: every rule of "may this user do X in this court / case"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from openecf.access.policy import Action, may, refusal, require
from openecf.accounts.models import AccountStatus
from openecf.cases.models import CaseRestriction, PartyRole
from openecf.cases.services import attorney_create, case_open, party_add, representation_add
from openecf.courts.models import CourtRoleKind
from openecf.errors import Forbidden, NotFound
from openecf.filers.models import FilerRole, LegacyFilerAccount
from openecf.filers.tests.helpers import (
    confirm_mfa,
    grant_right,
    legacy_user,
    make_legacy_login,
    make_staff,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


@pytest.fixture
def filer(cit):
    user = make_user("filer")
    grant_right(user, cit)
    confirm_mfa(user)
    return user


def test_public_view_is_open_to_everyone_but_disabled_accounts(cit):
    assert may(None, Action.VIEW_PUBLIC, court=cit)
    assert may(AnonymousUser(), Action.VIEW_PUBLIC, court=cit)
    assert may(make_user("viewer"), Action.VIEW_PUBLIC, court=cit)
    assert not may(make_user("gone", status=AccountStatus.DISABLED), Action.VIEW_PUBLIC, court=cit)


def test_search_needs_an_active_pacer_account(cit):
    assert may(make_user("active"), Action.SEARCH, court=cit)
    inactive = make_user("inactive", status=AccountStatus.INACTIVE)
    assert not may(inactive, Action.SEARCH, court=cit)
    assert "activation code" in (refusal(inactive, Action.SEARCH, court=cit) or "")
    assert not may(AnonymousUser(), Action.SEARCH, court=cit)
    assert not may(make_user("off", status=AccountStatus.DISABLED), Action.SEARCH, court=cit)


def test_filing_needs_right_upgraded_unshared_account_and_mfa(cit, cafc, filer):
    assert may(filer, Action.FILE, court=cit)
    assert may(filer, Action.FILE, court="cit")
    assert not may(filer, Action.FILE, court=cafc), "rights are per court"
    no_mfa = make_user("nomfa")
    grant_right(no_mfa, cit)
    assert "multi-factor" in (refusal(no_mfa, Action.FILE, court=cit) or "")
    no_right = make_user("noright")
    confirm_mfa(no_right)
    assert not may(no_right, Action.FILE, court=cit)
    shared = make_user("firm", shared_account=True)
    grant_right(shared, cit)
    confirm_mfa(shared)
    assert "shared" in (refusal(shared, Action.FILE, court=cit) or "")
    old = legacy_user()
    grant_right(old, cit)
    confirm_mfa(old)
    assert "legacy" in (refusal(old, Action.FILE, court=cit) or "")
    old.upgraded_at = timezone.now()
    old.save(update_fields=["upgraded_at"])
    assert may(old, Action.FILE, court=cit)


def test_revoked_right_and_unconfirmed_device_do_not_count(cit, filer):
    filer.filing_rights.update(revoked_at=timezone.now())
    assert not may(filer, Action.FILE, court=cit)
    other = make_user("pending-device")
    grant_right(other, cit)
    device = confirm_mfa(other)
    device.confirmed_at = None
    device.save(update_fields=["confirmed_at"])
    assert not may(other, Action.FILE, court=cit)


def test_disabled_or_deactivated_accounts_cannot_file(cit, filer):
    filer.status = AccountStatus.DISABLED
    filer.save(update_fields=["status"])
    assert not may(filer, Action.FILE, court=cit)
    filer.status = AccountStatus.ACTIVE
    filer.is_active = False
    filer.save(update_fields=["status", "is_active"])
    assert not may(filer, Action.FILE, court=cit)


def test_confidential_filing_needs_the_cif_role(cit, filer):
    assert may(filer, Action.FILE, court=cit)
    assert not may(filer, Action.FILE_CONFIDENTIAL, court=cit)
    grant_right(filer, cit, FilerRole.CONFIDENTIAL_INFORMATION_FILER)
    assert may(filer, Action.FILE_CONFIDENTIAL, court=cit)


def test_linking_and_requesting_refuse_shared_and_legacy_but_allow_inactive(cit):
    for action in (Action.LINK_FILER_ACCOUNT, Action.REQUEST_FILING_ACCESS):
        assert may(make_user(f"ok-{action}"), action, court=cit)
        assert may(make_user(f"inactive-{action}", status=AccountStatus.INACTIVE), action, court=cit)
        assert not may(make_user(f"shared-{action}", shared_account=True), action, court=cit)
        assert not may(legacy_user(f"legacy-{action}"), action, court=cit)
        assert not may(AnonymousUser(), action, court=cit)
        assert not may(make_user(f"nocourt-{action}"), action), "a court is needed"


def test_staff_actions_belong_to_the_roles_of_that_court(cit, cafc):
    clerk = make_staff("c-clerk", cit, CourtRoleKind.CLERK)
    help_desk = make_staff("c-help", cit, CourtRoleKind.HELP_DESK)
    judge = make_staff("c-judge", cit, CourtRoleKind.JUDGE)
    chambers = make_staff("c-chambers", cit, CourtRoleKind.CHAMBERS)
    other_clerk = make_staff("fc-clerk", cafc, CourtRoleKind.CLERK)
    for staff in (clerk, help_desk):
        for action in (
            Action.REVIEW_FILING_REQUESTS,
            Action.UNLINK,
            Action.DOCKET,
            Action.PROCESS_CHANGE_REQUESTS,
        ):
            assert may(staff, action, court=cit)
            assert not may(staff, action, court=cafc)
        assert not may(staff, Action.ENTER_ORDERS, court=cit)
    for staff in (judge, chambers):
        assert may(staff, Action.ENTER_ORDERS, court=cit)
        assert not may(staff, Action.UNLINK, court=cit)
        assert not may(staff, Action.REVIEW_FILING_REQUESTS, court=cit)
    for staff in (clerk, help_desk, judge, chambers):
        assert may(staff, Action.SEE_SEALED, court=cit)
        assert not may(staff, Action.SEE_SEALED, court=cafc)
    assert not may(other_clerk, Action.UNLINK, court=cit)
    assert not may(make_user("nobody"), Action.SEE_SEALED, court=cit)


def test_require_hides_staff_pages_and_explains_refusals(cit, cafc):
    other_clerk = make_staff("fc-clerk", cafc, CourtRoleKind.CLERK)
    with pytest.raises(NotFound):
        require(other_clerk, Action.UNLINK, court=cit)
    shared = make_user("firm", shared_account=True)
    with pytest.raises(Forbidden, match="DO NOT login with a shared/firm PACER account"):
        require(shared, Action.LINK_FILER_ACCOUNT, court=cit)
    clerk = make_staff("c-clerk", cit, CourtRoleKind.CLERK)
    assert require(clerk, Action.UNLINK, court=cit) == clerk
    with pytest.raises(Forbidden):
        require(AnonymousUser(), Action.SEARCH, court=cit)


def test_psc_admin_is_national(cit):
    admin = make_user("psc", psc_admin=True)
    assert may(admin, Action.PSC_ADMIN)
    assert may(admin, Action.PSC_ADMIN, court=cit)
    assert not may(make_user("public"), Action.PSC_ADMIN)
    assert not may(make_staff("c-clerk", cit, CourtRoleKind.CLERK), Action.PSC_ADMIN)
    with pytest.raises(NotFound):
        require(make_user("public2"), Action.PSC_ADMIN)


def test_superuser_has_every_staff_power(cit):
    root = make_user("root", is_superuser=True)
    assert may(root, Action.UNLINK, court=cit)
    assert may(root, Action.SEE_SEALED, court=cit)
    # The PACER Service Center is a national office of its own: its pages are hidden from superusers too.
    assert not may(root, Action.PSC_ADMIN)


@pytest.fixture
def sealed_case(cit):
    case = case_open(
        court=cit, caption="Sealed Co. v. United States", date_filed=dt.date(2020, 3, 2), acting_user=None
    )
    party = party_add(case=case, name="Sealed Co.", role=PartyRole.PLAINTIFF, acting_user=None)
    attorney = attorney_create(court=cit, name="Jane Doe", acting_user=None)
    representation_add(party=party, attorney=attorney, acting_user=None)
    case.restriction = CaseRestriction.SEALED
    case.save(update_fields=["restriction"])
    return case, attorney


def test_case_participants_see_restricted_and_file_in_sealed_cases(cit, cafc, filer, sealed_case):
    case, attorney = sealed_case
    assert not may(filer, Action.SEE_RESTRICTED, court=cit, case=case)
    assert not may(filer, Action.FILE, court=cit, case=case)
    account = make_legacy_login(cit, attorney=attorney)
    LegacyFilerAccount.objects.filter(pk=account.pk).update(linked_user=filer, linked_at=timezone.now())
    assert may(filer, Action.SEE_RESTRICTED, court=cit, case=case)
    assert may(filer, Action.FILE, court=cit, case=case)
    assert may(filer, Action.FILE, case=case), "the court comes from the case"
    assert not may(filer, Action.FILE, court=cafc, case=case), "a case of another court"
    clerk = make_staff("c-clerk", cit, CourtRoleKind.CLERK)
    assert may(clerk, Action.SEE_RESTRICTED, court=cit, case=case)


def test_participation_ends_with_the_representation(cit, filer, sealed_case):
    case, attorney = sealed_case
    right = filer.filing_rights.get()
    right.attorney = attorney
    right.save(update_fields=["attorney"])
    assert may(filer, Action.SEE_RESTRICTED, court=cit, case=case)
    attorney.representations.update(date_terminated=dt.date(2021, 1, 1))
    assert not may(filer, Action.SEE_RESTRICTED, court=cit, case=case)
