"""The demo accounts: one for every role, made through the services, with the published passwords."""

from __future__ import annotations

import pyotp
import pytest

from openecf.access.policy import Action, may
from openecf.accounts.models import AccountStatus, User
from openecf.audit.models import AuditEvent
from openecf.billing.models import PaymentCard
from openecf.courts.models import Court, CourtRole
from openecf.demo.accounts import DEMO_ACCOUNTS, DEMO_TOTP_SECRET, demo_accounts_create
from openecf.demo.seed import demo_seed_courts
from openecf.filers.models import FilerRole, FilingRight, LegacyFilerAccount
from openecf.pacer.models import ActivationLetter
from openecf.signin.mfa import mfa_code_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    demo_seed_courts()
    return {username: User.objects.get(username=username) for username in (a.username for a in DEMO_ACCOUNTS)}


def rights(user: User, court_id: str = "cit") -> set[str]:
    return set(
        FilingRight.objects.filter(user=user, court_id=court_id, revoked_at__isnull=True).values_list(
            "role", flat=True
        )
    )


def test_every_demo_account_signs_in_with_its_published_password(seeded):
    for account in DEMO_ACCOUNTS:
        assert seeded[account.username].check_password(account.password), account.username
    assert len({a.username for a in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS)


def test_pacer_users_active_inactive_legacy_and_shared(seeded):
    viewer = seeded["pacer-viewer"]
    assert viewer.status == AccountStatus.ACTIVE and not viewer.is_legacy
    card = PaymentCard.objects.get(user=viewer)
    assert card.last4 == "1111"
    assert rights(viewer) == set() and not viewer.totp_devices.exists()

    inactive = seeded["pacer-inactive"]
    assert inactive.status == AccountStatus.INACTIVE
    assert ActivationLetter.objects.filter(user=inactive, used_at__isnull=True).count() == 1
    assert not may(inactive, Action.SEARCH, court="cit")

    legacy, shared = seeded["legacy-user"], seeded["firm-shared"]
    assert legacy.is_legacy and not legacy.shared_account
    assert shared.shared_account
    for user in (legacy, shared):
        assert may(user, Action.VIEW_PUBLIC, court="cit")
        assert not may(user, Action.LINK_FILER_ACCOUNT, court="cit")
        assert not may(user, Action.FILE, court="cit")


def test_cit_filers_hold_their_rights_and_an_authenticator(seeded):
    attorney = seeded["cit-attorney"]
    jmarlowe = LegacyFilerAccount.objects.get(court="cit", login="jmarlowe")
    assert jmarlowe.linked_user == attorney
    assert LegacyFilerAccount.objects.get(court="cit", login="rokafor").linked_user is None
    assert rights(attorney) == {FilerRole.ATTORNEY}
    assert rights(seeded["cit-prose"]) == {FilerRole.PRO_SE}
    agent_right = FilingRight.objects.get(user=seeded["cit-agent"], court="cit")
    assert agent_right.role == FilerRole.FILING_AGENT and agent_right.sponsoring_attorney == attorney
    assert rights(seeded["cit-cif"]) == {FilerRole.ATTORNEY, FilerRole.CONFIDENTIAL_INFORMATION_FILER}
    for username in ("cit-attorney", "cit-prose", "cit-agent", "cit-cif"):
        user = seeded[username]
        assert may(user, Action.FILE, court="cit"), username
        assert not may(user, Action.FILE, court="cafc"), username
    assert may(seeded["cit-cif"], Action.FILE_CONFIDENTIAL, court="cit")
    assert not may(attorney, Action.FILE_CONFIDENTIAL, court="cit")
    for username in ("cit-attorney", "cit-prose", "cit-agent", "cit-cif"):
        [device] = seeded[username].totp_devices.all()
        assert device.confirmed_at is not None and device.secret == DEMO_TOTP_SECRET
    assert not seeded["pacer-viewer"].totp_devices.exists()
    # The published secret gives the code the sign-in accepts, once.
    code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
    assert mfa_code_verify(user=attorney, code=code) == "totp"
    assert mfa_code_verify(user=attorney, code=code) is None


def test_court_staff_and_the_psc_admin(seeded):
    def roles(username: str) -> set[tuple[str, str]]:
        return set(CourtRole.objects.filter(user=seeded[username]).values_list("court_id", "role"))

    assert roles("cit-helpdesk") == {("cit", "help_desk")}
    assert roles("cit-judge") == {("cit", "judge")}
    assert roles("cit-chambers") == {("cit", "chambers")}
    assert set(CourtRole.objects.filter(user__username="cafc-clerk").values_list("court_id", "role")) == {
        ("cafc", "clerk")
    }
    assert may(seeded["cit-helpdesk"], Action.UNLINK, court="cit")
    assert not may(seeded["cit-helpdesk"], Action.UNLINK, court="cafc")
    assert may(seeded["cit-judge"], Action.SEE_SEALED, court="cit")
    assert may(seeded["psc-admin"], Action.PSC_ADMIN)
    assert not may(seeded["cit-helpdesk"], Action.PSC_ADMIN)


def test_a_second_run_changes_nothing(seeded):
    before = (User.objects.count(), AuditEvent.objects.count(), FilingRight.objects.count())
    names = demo_accounts_create(courts={c.pk: c for c in Court.objects.all()})
    assert names == [a.username for a in DEMO_ACCOUNTS]
    assert (User.objects.count(), AuditEvent.objects.count(), FilingRight.objects.count()) == before
