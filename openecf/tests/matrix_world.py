"""The world the access matrix reads (`test_access_matrix.py`): two courts, one account per role, and one
docket entry (with its main document) per kind of restriction. No tests here.

Everything is written through the services the site uses; only the accounts, filing rights and
authenticator apps come from the shared factories, as in every other test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.test import Client

from openecf.accounts.models import AccountStatus, User
from openecf.accounts.services import account_disable, psc_administrator_appoint, staff_account_create
from openecf.cases.models import Case, CaseRestriction, Party, PartyRole
from openecf.cases.services import (
    attorney_create,
    case_consolidate,
    case_open,
    case_restriction_set,
    party_add,
    representation_add,
)
from openecf.courts.catalog import catalog_court_configure
from openecf.courts.models import Court, CourtRoleKind
from openecf.courts.services import court_role_grant
from openecf.docket.models import EntryRestriction
from openecf.documents.models import Document
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
    document_attach,
)
from openecf.documents.testing import make_pdf
from openecf.filers.factories import FilingRightFactory
from openecf.filers.models import FilerRole
from openecf.filers.tests.helpers import PASSWORD, confirm_mfa, grant_right, make_user
from openecf.signin.tokens import api_token_issue

FILED = dt.date(2024, 3, 4)

# The rows of the matrix, in the table's order. The two disabled accounts signed in (and got an API token)
# before the PACER Service Center disabled them.
ROLES = (
    "anonymous",
    "pacer_user",
    "inactive",
    "shared",
    "legacy",
    "attorney",
    "pro_se",
    "filing_agent",
    "other_attorney",
    "cif",
    "other_clerk",
    "clerk",
    "help_desk",
    "judge",
    "chambers",
    "psc_admin",
    "superuser",
    "disabled_clerk",
    "disabled_attorney",
)

# What is read: one entry per restriction, each with a main document.
RESTRICTIONS = (
    "public",  # a public entry of a public case
    "participants",  # a participants-only entry (the attorney of the case represents a party)
    "ex_parte",  # an ex parte entry filed for the other side (the defendant)
    "sealed_entry",  # a sealed entry
    "sealed_document",  # a public entry whose main document is sealed
    "sealed_document_resealed",  # the same after the clerk sealed and then unsealed the entry
    "sealed_case",  # a public entry of a sealed case
    "sealed_member",  # a public entry of a sealed member case of a public lead case's consolidation
    "sealed_origin",  # a public entry of a sealed CIT case, appealed to the CAFC by a public case
)


@dataclass(frozen=True)
class Target:
    """One restriction's record: the case read, the entry (by its unique text) and its main document.

    `related` is the public case whose docket must not name `case` to anyone who may not read it (the lead
    case of its consolidation, or the appeal it went to).
    """

    case: Case
    text: str
    document: Document
    related: Case | None = None

    @property
    def title_word(self) -> str:
        """The word that is in this case's title and in no other case's (what the searches look for)."""
        return self.case.short_title.split()[0]


@dataclass
class MatrixWorld:
    cit: Court
    cafc: Court
    accounts: dict[str, User]
    tokens: dict[str, str]
    targets: dict[str, Target]
    clients: dict[str, Client] = field(default_factory=dict)
    storage_root: str = ""
    # Responses already read, by (path, role, what); every read of the matrix is a GET, so one is enough.
    seen: dict[tuple[str, ...], tuple[int, str]] = field(default_factory=dict)


def _case(
    court: Court,
    title: str,
    clerk: User,
    *,
    restriction: CaseRestriction = CaseRestriction.PUBLIC,
    originating_case: Case | None = None,
) -> Case:
    return case_open(
        court=court,
        caption=f"{title} v. United States",
        short_title=f"{title} v. United States",
        date_filed=FILED,
        acting_user=clerk,
        restriction=restriction,
        originating_case=originating_case,
    )


def _entry(
    case: Case, key: str, clerk: User, *, restriction: EntryRestriction, filed_for: list[Party] | None = None
) -> Target:
    text = f"[{key}] matrix docket text"
    entry = docket_entry_with_documents_create(
        case=case,
        text=text,
        restriction=restriction,
        filed_for=filed_for or [],
        documents=[DocumentUpload(make_pdf(key))],
        acting_user=clerk,
    )
    return Target(case=case, text=text, document=entry.documents.get())


def _sealed_document_entry(case: Case, key: str, clerk: User, *, reseal: bool) -> Target:
    """A public entry whose main document alone is sealed (e.g. an exhibit of confidential information)."""
    text = f"[{key}] matrix docket text"
    entry = docket_entry_with_documents_create(case=case, text=text, acting_user=clerk)
    document = document_attach(
        docket_entry=entry,
        upload=DocumentUpload(make_pdf(key)),
        acting_user=clerk,
        restriction=EntryRestriction.SEALED,
    )
    if reseal:
        # As the admin's Seal and then Unseal actions do: the document's own seal must outlive both.
        docket_entry_restrict(entry=entry, restriction=EntryRestriction.SEALED, acting_user=clerk)
        docket_entry_restrict(entry=entry, restriction=EntryRestriction.PUBLIC, acting_user=clerk)
    return Target(case=case, text=text, document=document)


def _staff(username: str, court: Court, role: CourtRoleKind) -> User:
    user = make_user(username)
    court_role_grant(user=user, court=court, role=role, acting_user=None)
    user.refresh_from_db()
    confirm_mfa(user)
    return user


def _filer(
    username: str, court: Court, counsel_for: Party | None, role: FilerRole = FilerRole.ATTORNEY
) -> User:
    """A filer of the court; with `counsel_for`, its attorney record represents that party."""
    if counsel_for is None:
        user = make_user(username)
        grant_right(user, court, role)
    else:
        attorney = attorney_create(court=court, name=f"{username.title()} Counsel", acting_user=None)
        representation_add(party=counsel_for, attorney=attorney, acting_user=None)
        user = FilingRightFactory.create(
            user__username=username, court=court, role=role, attorney=attorney
        ).user
    confirm_mfa(user)
    return user


def _pro_se(username: str, case: Case) -> User:
    """A pro se filer who is a party (an intervenor) of the case."""
    user = make_user(username)
    grant_right(user, case.court, FilerRole.PRO_SE)
    party_add(case=case, name="Pat Prose", role=PartyRole.INTERVENOR, acting_user=None, pro_se_account=user)
    confirm_mfa(user)
    return user


def _filing_agent(username: str, court: Court, attorney: User) -> User:
    """A filing agent who files for the attorney (and reads only what the public reads)."""
    user = FilingRightFactory.create(
        user__username=username, court=court, role=FilerRole.FILING_AGENT, sponsoring_attorney=attorney
    ).user
    confirm_mfa(user)
    return user


def matrix_world_build() -> MatrixWorld:
    """Build the world. The caller holds the transaction and the fast password hasher."""
    cit = catalog_court_configure("cit")
    cafc = catalog_court_configure("cafc")
    clerk = _staff("mx-clerk", cit, CourtRoleKind.CLERK)

    # The public case the entry-level restrictions are read in, with one party a side.
    case = _case(cit, "Aurelian", clerk)
    plaintiff = party_add(case=case, name="Aurelian Mills", role=PartyRole.PLAINTIFF, acting_user=clerk)
    defendant = party_add(case=case, name="United States", role=PartyRole.DEFENDANT, acting_user=clerk)
    other_case = _case(cit, "Bellwether", clerk)
    other_plaintiff = party_add(
        case=other_case, name="Bellwether Steel", role=PartyRole.PLAINTIFF, acting_user=clerk
    )

    psc_admin = make_user("mx-psc")
    psc_administrator_appoint(user=psc_admin, acting_user=None)
    confirm_mfa(psc_admin)
    superuser = staff_account_create(username="mx-root", password=PASSWORD, acting_user=None, superuser=True)
    confirm_mfa(superuser)
    accounts = {
        "pacer_user": make_user("mx-pacer"),
        "inactive": make_user("mx-inactive", status=AccountStatus.INACTIVE),
        "shared": make_user("mx-shared", shared_account=True),
        "legacy": make_user("mx-legacy", account_created_on=dt.date(2010, 5, 1)),
        "attorney": _filer("mx-attorney", cit, plaintiff),
        "other_attorney": _filer("mx-other-attorney", cit, other_plaintiff),
        "cif": _filer("mx-cif", cit, None, FilerRole.CONFIDENTIAL_INFORMATION_FILER),
        "pro_se": _pro_se("mx-pro-se", case),
        "other_clerk": _staff("mx-cafc-clerk", cafc, CourtRoleKind.CLERK),
        "clerk": clerk,
        "help_desk": _staff("mx-help-desk", cit, CourtRoleKind.HELP_DESK),
        "judge": _staff("mx-judge", cit, CourtRoleKind.JUDGE),
        "chambers": _staff("mx-chambers", cit, CourtRoleKind.CHAMBERS),
        "psc_admin": psc_admin,
        "superuser": superuser,
        "disabled_clerk": _staff("mx-disabled-clerk", cit, CourtRoleKind.CLERK),
        "disabled_attorney": _filer("mx-disabled-attorney", cit, plaintiff),
    }

    accounts["filing_agent"] = _filing_agent("mx-agent", cit, accounts["attorney"])
    targets = {
        "public": _entry(case, "public", clerk, restriction=EntryRestriction.PUBLIC),
        "participants": _entry(
            case, "participants", clerk, restriction=EntryRestriction.PARTICIPANTS, filed_for=[plaintiff]
        ),
        "ex_parte": _entry(
            case, "ex_parte", clerk, restriction=EntryRestriction.EX_PARTE, filed_for=[defendant]
        ),
        "sealed_entry": _entry(case, "sealed_entry", clerk, restriction=EntryRestriction.SEALED),
        "sealed_document": _sealed_document_entry(case, "sealed_document", clerk, reseal=False),
        "sealed_document_resealed": _sealed_document_entry(
            case, "sealed_document_resealed", clerk, reseal=True
        ),
    }
    sealed = _case(cit, "Cobaltine", clerk, restriction=CaseRestriction.SEALED)
    targets["sealed_case"] = _entry(sealed, "sealed_case", clerk, restriction=EntryRestriction.PUBLIC)

    lead = _case(cit, "Dunmore", clerk)
    member = _case(cit, "Eskerfield", clerk)
    case_consolidate(lead_case=lead, member_cases=[member], acting_user=clerk)
    case_restriction_set(case=member, restriction=CaseRestriction.SEALED, acting_user=clerk)
    member.refresh_from_db()
    in_member = _entry(member, "sealed_member", clerk, restriction=EntryRestriction.PUBLIC)
    targets["sealed_member"] = Target(member, in_member.text, in_member.document, related=lead)

    origin = _case(cit, "Fenwyck", clerk)
    appeal = _case(cafc, "Garrowby", accounts["other_clerk"], originating_case=origin)
    case_restriction_set(case=origin, restriction=CaseRestriction.SEALED, acting_user=clerk)
    origin.refresh_from_db()
    in_origin = _entry(origin, "sealed_origin", clerk, restriction=EntryRestriction.PUBLIC)
    targets["sealed_origin"] = Target(origin, in_origin.text, in_origin.document, related=appeal)

    # Every account signs in (a full session, second factor included) and holds an API token.
    clients = {"anonymous": Client(raise_request_exception=False)}
    tokens = {}
    for role, user in accounts.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
        tokens[role] = api_token_issue(user=user, acting_user=user, name="matrix", second_factor=True)[1]
    # Then the PACER Service Center disables two of them, through the service.
    for role in ("disabled_clerk", "disabled_attorney"):
        account_disable(user=accounts[role], acting_user=psc_admin, reason="Access matrix: disabled.")
    return MatrixWorld(cit=cit, cafc=cafc, accounts=accounts, tokens=tokens, targets=targets, clients=clients)


def matrix_table_parse(
    table: str, *, paths: tuple[str, ...], targets: tuple[str, ...], roles: tuple[str, ...] = tuple(ROLES)
) -> dict[tuple[str, str, str], str]:
    """An EXPECTED_TABLE of a matrix: a header naming the paths, then blocks headed `[role role …]` of one
    line per target; every (role, target, path) stated once, none left out."""
    lines = [line.split() for line in table.strip().splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[1:]) == paths, f"The table's columns are {header[1:]}, the paths {paths}"
    cells: dict[tuple[str, str, str], str] = {}
    block: list[str] = []
    for row in rows:
        if row[0].startswith("["):
            block = " ".join(row).strip("[]").split()
            assert set(block) <= set(roles), f"Unknown role in block {row}"
            continue
        target, answers = row[0], row[1:]
        assert target in targets, f"Unknown target {target!r}"
        assert len(answers) == len(paths), f"{block}, {target}: {len(answers)} cells, {len(paths)} paths"
        for role in block:
            for path, answer in zip(paths, answers, strict=True):
                assert (role, target, path) not in cells, f"{(role, target, path)} is stated twice"
                cells[(role, target, path)] = answer
    missing = {(r, t, p) for r in roles for t in targets for p in paths} - set(cells)
    assert not missing, f"The table says nothing of {sorted(missing)[:5]}…"
    return cells
