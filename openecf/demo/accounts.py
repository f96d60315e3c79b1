"""Demo accounts for every role, made through the services a real account goes through.

The passwords (and the authenticator secret the demo filers share) are published in the README: they are
for the demo only. Each account is made once; running the seed again leaves existing ones alone.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from openecf.accounts.credentials import username_check
from openecf.accounts.models import SecurityQuestion, User, UserType
from openecf.accounts.selectors import account_by_username
from openecf.accounts.services import psc_administrator_appoint, staff_account_create
from openecf.billing.gateway import CardDetails, SandboxGateway
from openecf.cases.models import Case, Party, PartyRole
from openecf.cases.services import party_add, representation_add
from openecf.courts.models import Court, CourtRoleKind
from openecf.courts.roles import court_role_holder
from openecf.courts.services import court_role_grant
from openecf.demo.data import PRO_SE_REGISTERED, PRO_SE_UNREGISTERED
from openecf.filers.access_requests import filing_access_approve, filing_access_request
from openecf.filers.legacy_logins import legacy_filer_accounts_exist, legacy_filer_accounts_import
from openecf.filers.linking import filer_account_link, filer_account_link_verify
from openecf.filers.models import FilerRole, FilingAccessRequest
from openecf.filers.rights import attorney_record_ensure, filing_right_grant
from openecf.pacer.legacy import legacy_pacer_accounts_import
from openecf.pacer.registration import (
    RegistrationCredentials,
    RegistrationDetails,
    pacer_account_register,
    registration_credentials_prepare,
)
from openecf.signin.mfa import mfa_is_enrolled, totp_device_provision

# Base32, so any authenticator app (or pyotp) takes it as typed: the second factor of the demo's filers and
# staff (everyone the access policy asks for one).
DEMO_TOTP_SECRET = "OPENECFDEMOSECRETKEYFORFILERSAAA"  # noqa: S105 — published for the demo only
DEMO_TOTP_DEVICE_NAME = "Demo authenticator"
# A sandbox test number the gateway accepts; the number itself is never stored.
DEMO_CARD_NUMBER = "4111 1111 1111 1111"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "pacer-viewer", "openecf-demo-pacer", "PACER user (view and pay), card on file, no filing rights"
    ),
    DemoAccount(
        "pacer-inactive",
        "openecf-demo-pacer",
        "PACER user registered without a card: inactive until activated",
    ),
    DemoAccount("legacy-user", "openecf-demo-legacy", "legacy PACER account (2012): may view, must upgrade"),
    DemoAccount(
        "firm-shared", "openecf-demo-shared", "shared (firm) PACER account: may view, never file or link"
    ),
    DemoAccount(
        "cit-attorney",
        "openecf-demo-filer",
        "CIT attorney filer; legacy CM/ECF login jmarlowe linked; authenticator app",
    ),
    DemoAccount("cit-prose", "openecf-demo-filer", "CIT pro se filer; authenticator app"),
    DemoAccount("cit-agent", "openecf-demo-filer", "CIT filing agent for cit-attorney; authenticator app"),
    DemoAccount(
        "cit-cif", "openecf-demo-filer", "CIT attorney and Confidential Information Filer; authenticator app"
    ),
    DemoAccount(
        "cit-helpdesk",
        "openecf-demo-staff",
        "CIT CM/ECF Help Desk (unlinks, filing access queue); authenticator app",
    ),
    DemoAccount("cit-judge", "openecf-demo-staff", "CIT judge; authenticator app"),
    DemoAccount("cit-chambers", "openecf-demo-staff", "CIT chambers staff; authenticator app"),
    DemoAccount(
        "psc-admin", "openecf-demo-staff", "PACER Service Center administrator (national); authenticator app"
    ),
)

# Legacy CM/ECF logins of the CIT: jmarlowe is linked to cit-attorney; rokafor is left for trying the link.
DEMO_LEGACY_FILER_PASSWORD = "openecf-demo-cmecf"  # noqa: S105 — published for the demo only
_CIT_LEGACY_FILERS = (
    ("jmarlowe", "Jane Marlowe", "jmarlowe@example.org", "attorney", "NY-4411207"),
    ("rokafor", "Ruth Okafor", "rokafor@example.org", "attorney", "DC-981230"),
)

_PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}

# Court staff, the PSC administrator and the superuser sign in with the demo authenticator too; the seed
# makes admin and the courts' clerks, demo_accounts_create the others.
DEMO_STAFF_USERNAMES = (
    "admin",
    "cit-clerk",
    "cafc-clerk",
    "cit-helpdesk",
    "cit-judge",
    "cit-chambers",
    "psc-admin",
)


@dataclass(frozen=True)
class _Person:
    username: str
    first_name: str
    last_name: str
    firm: str = ""
    user_type: str = UserType.OTHER_COMMERCIAL


def _details(person: _Person) -> RegistrationDetails:
    return RegistrationDetails(
        user_type=person.user_type,
        government_account=False,
        first_name=person.first_name,
        last_name=person.last_name,
        firm=person.firm,
        address_line1="1 Demo Plaza",
        city="New York",
        state="NY",
        postal_code="10007",
        date_of_birth=dt.date(1980, 5, 17),
        email=f"{person.username}@example.org",
        phone="212-555-0100",
    )


@functools.cache
def _demo_hash(secret: str) -> str:
    # Demo secrets are public; hashing each once per process keeps repeated seeds (tests) fast.
    return make_password(secret)


def _demo_credentials(password: str) -> RegistrationCredentials:
    """The registration service's checks and hashes for a demo password and the demo security answers."""
    # Hashed once per password and hasher list: a hash made under other settings may not be checkable now.
    return _demo_credentials_hashed(password, tuple(settings.PASSWORD_HASHERS))


@functools.cache
def _demo_credentials_hashed(password: str, hashers: tuple[str, ...]) -> RegistrationCredentials:
    return registration_credentials_prepare(
        username="demo-credentials",
        password=password,
        security_answers=[
            (SecurityQuestion.FIRST_PET, "Rex"),
            (SecurityQuestion.BIRTH_CITY, "Albany"),
            (SecurityQuestion.FIRST_SCHOOL, "Lincoln Elementary"),
        ],
    )


def _register(person: _Person, *, with_card: bool) -> User:
    """A PACER account through the registration service: active with a card, inactive without."""
    credentials = dataclasses.replace(
        _demo_credentials(_PASSWORDS[person.username]), username=username_check(person.username)
    )
    card = None
    if with_card:
        year = timezone.localdate().year + 3
        # Always the sandbox: a demo's test card must never reach a configured real processor.
        card = SandboxGateway().tokenize(
            CardDetails(
                number=DEMO_CARD_NUMBER,
                exp_month=12,
                exp_year=year,
                cvv="123",
                name_on_card=f"{person.first_name} {person.last_name}",
            )
        )
    result = pacer_account_register(
        details=_details(person), credentials=credentials, card=card, policies_acknowledged=True
    )
    return result.user


def _authenticator_give(user: User) -> None:
    # Provisioned with the secret the demo publishes (a device added on the site gets a secret of its own).
    totp_device_provision(user=user, name=DEMO_TOTP_DEVICE_NAME, secret=DEMO_TOTP_SECRET, acting_user=None)


def _staff(username: str, first: str, last: str) -> User:
    return staff_account_create(
        username=username,
        password=_PASSWORDS[username],
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
        acting_user=None,
    )


def _court_clerk(court: Court) -> User:
    clerk = court_role_holder(court.pk, CourtRoleKind.CLERK)
    if clerk is None:
        raise RuntimeError(f"The demo needs a clerk of {court.name} before its filers.")
    return clerk


def _approve(asked: FilingAccessRequest) -> None:
    """The court's clerk approves the filer's request: the way filing rights are granted."""
    filing_access_approve(request=asked, acting_user=_court_clerk(asked.court), reason="Demo account.")


def _legacy_accounts() -> None:
    rows = [
        {
            "username": "legacy-user",
            "password_hash": _demo_hash(_PASSWORDS["legacy-user"]),
            "first_name": "Lena",
            "last_name": "Gaskell",
            "email": "legacy-user@example.org",
            "created_on": "2012-03-05",
            "shared": "no",
        },
        {
            "username": "firm-shared",
            "password_hash": _demo_hash(_PASSWORDS["firm-shared"]),
            "first_name": "Bramble",
            "last_name": "Whitcombe LLP",
            "email": "firm-shared@example.org",
            "created_on": "2009-10-19",
            "shared": "yes",
        },
    ]
    legacy_pacer_accounts_import(columns=list(rows[0]), rows=list(enumerate(rows, start=2)), acting_user=None)


def _legacy_filers_csv() -> str:
    """The court's export as the import command reads it (argon2 hashes hold commas, so it is quoted)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["login", "password_hash", "name", "email", "role", "bar_number"])
    password_hash = _demo_hash(DEMO_LEGACY_FILER_PASSWORD)
    for login, name, email, role, bar_number in _CIT_LEGACY_FILERS:
        writer.writerow([login, password_hash, name, email, role, bar_number])
    return out.getvalue()


def _cit_attorney(cit: Court) -> None:
    user = _register(_Person("cit-attorney", "Jane", "Marlowe", firm="Marlowe & Finch LLP"), with_card=True)
    if not legacy_filer_accounts_exist(cit):
        legacy_filer_accounts_import(
            court=cit,
            csv_text=_legacy_filers_csv(),
            acting_user=None,
        )
    confirmation = filer_account_link_verify(
        user=user, court=cit, login="jmarlowe", password=DEMO_LEGACY_FILER_PASSWORD
    )
    filer_account_link(user=user, court=cit, confirmation=confirmation.token, acting_user=user)
    _authenticator_give(user)


def _cit_prose(cit: Court) -> None:
    user = _register(
        _Person("cit-prose", "Tomas", "Ferreira", user_type=UserType.PARTY_IN_CASE), with_card=True
    )
    _approve(filing_access_request(user=user, court=cit, role=FilerRole.PRO_SE, acting_user=user))
    _authenticator_give(user)


def _cit_agent(cit: Court) -> None:
    user = _register(_Person("cit-agent", "Priya", "Raman", firm="Marlowe & Finch LLP"), with_card=True)
    _approve(
        filing_access_request(
            user=user,
            court=cit,
            role=FilerRole.FILING_AGENT,
            for_attorney_username="cit-attorney",
            acting_user=user,
        )
    )
    _authenticator_give(user)


def _cit_cif(cit: Court) -> None:
    user = _register(_Person("cit-cif", "Daniel", "Okoye", firm="Okoye Trade Law PLLC"), with_card=True)
    _approve(
        filing_access_request(
            user=user,
            court=cit,
            role=FilerRole.ATTORNEY,
            bar_number="DC-1187342",
            bar_state="District of Columbia",
            bar_admission_date=dt.date(2011, 6, 3),
            acting_user=user,
        )
    )
    # A CIF request needs a Form 17 on a docket, and the demo's cases are made after its accounts: the
    # clerk grants the right directly, as for a Form 17 on paper.
    filing_right_grant(
        user=user, court=cit, role=FilerRole.CONFIDENTIAL_INFORMATION_FILER, acting_user=_court_clerk(cit)
    )
    _authenticator_give(user)


def _cit_staff(cit: Court) -> None:
    for username, first, last, role in (
        ("cit-helpdesk", "Demo", "Help Desk (CIT)", CourtRoleKind.HELP_DESK),
        ("cit-judge", "Demo", "Judge (CIT)", CourtRoleKind.JUDGE),
        ("cit-chambers", "Demo", "Chambers (CIT)", CourtRoleKind.CHAMBERS),
    ):
        if account_by_username(username) is not None:
            continue
        court_role_grant(user=_staff(username, first, last), court=cit, role=role, acting_user=None)


def _psc_admin() -> None:
    psc_administrator_appoint(user=_staff("psc-admin", "Demo", "PACER Service Center"), acting_user=None)


def demo_accounts_create(*, courts: Mapping[str, Court]) -> list[str]:
    """Every demo account of DEMO_ACCOUNTS that is not there yet; returns all their usernames.

    Needs the CIT configured and its clerk (the seed's cit-clerk) to approve the demo filers' requests.
    """
    cit = courts["cit"]
    makers: dict[str, Callable[[], object]] = {
        "pacer-viewer": lambda: _register(_Person("pacer-viewer", "Paula", "Viewer"), with_card=True),
        "pacer-inactive": lambda: _register(
            _Person("pacer-inactive", "Ivan", "Waites", user_type=UserType.INDIVIDUAL), with_card=False
        ),
        "legacy-user": _legacy_accounts,
        "firm-shared": _legacy_accounts,
        "cit-attorney": lambda: _cit_attorney(cit),
        "cit-prose": lambda: _cit_prose(cit),
        "cit-agent": lambda: _cit_agent(cit),
        "cit-cif": lambda: _cit_cif(cit),
        "cit-helpdesk": lambda: _cit_staff(cit),
        "cit-judge": lambda: _cit_staff(cit),
        "cit-chambers": lambda: _cit_staff(cit),
        "psc-admin": _psc_admin,
    }
    for account in DEMO_ACCOUNTS:
        if account_by_username(account.username) is None:
            makers[account.username]()
    _staff_authenticators_give()
    return [account.username for account in DEMO_ACCOUNTS]


def _staff_authenticators_give() -> None:
    for username in DEMO_STAFF_USERNAMES:
        user = account_by_username(username)
        if user is not None and not mfa_is_enrolled(user):
            _authenticator_give(user)


def demo_filers_place(*, cit: Court, day: dt.date) -> None:
    """Put the demo filers in a case they can file in: cit-attorney (and cit-cif beside her) for the plaintiff
    of the newest open public CIT case, cit-prose as its pro se plaintiff-intervenor. The filing agent files
    for cit-attorney."""
    attorney_user = account_by_username("cit-attorney")
    cif_user = account_by_username("cit-cif")
    prose_user = account_by_username("cit-prose")
    if attorney_user is None or cif_user is None or prose_user is None:
        return
    case = (
        Case.objects.for_court(cit)
        .public()
        .filter(date_terminated__isnull=True, parties__role=PartyRole.PLAINTIFF)
        .order_by("-date_filed", "-pk")
        .first()
    )
    if case is not None:
        plaintiff = case.parties.filter(role=PartyRole.PLAINTIFF).order_by("position").first()
        if plaintiff is not None:
            for user in (attorney_user, cif_user):
                attorney = attorney_record_ensure(user=user, court=cit, acting_user=None)
                if not plaintiff.representations.filter(attorney=attorney).exists():
                    representation_add(party=plaintiff, attorney=attorney, acting_user=None)
    if case is not None and not Party.objects.filter(pro_se_account=prose_user).exists():
        name, address = PRO_SE_REGISTERED
        party_add(
            case=case,
            name=name,
            role=PartyRole.PLAINTIFF_INTERVENOR,
            acting_user=None,
            pro_se_account=prose_user,
            postal_address=address,
        )
    unregistered, address = PRO_SE_UNREGISTERED
    if case is not None and not case.parties.filter(name=unregistered).exists():
        # Not registered to file: the notice does not serve her, so each filing here has a packet to mail.
        party_add(
            case=case,
            name=unregistered,
            role=PartyRole.INTERVENOR,
            acting_user=None,
            pro_se=True,
            postal_address=address,
        )
