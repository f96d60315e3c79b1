"""Whatever a client posts to a form of the site, the answer is never a server error, and a refused
submission changes nothing.

Every form POST endpoint, as the account that uses it (a visitor, a PACER user, a filer, an inactive or legacy
account, the court's clerk and help desk, the PACER Service Center): each field valid, missing, sent twice,
or replaced by arbitrary text, digits of other scripts ("²", "①", "٣"), NUL, text-direction controls or huge
values; and the ids in the address forged (missing, another court's, beyond any database integer).

Bounded (MAX_EXAMPLES per endpoint) so the run stays short; raise OPENECF_PROPERTY_EXAMPLES to hunt longer.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openecf.accounts.models import (
    AccountStatus,
    EmailChangeUndo,
    SecondaryEmail,
    SecurityAnswer,
    SecurityQuestion,
    User,
)
from openecf.accounts.services import account_email_change, secondary_email_add
from openecf.cases.services import case_open
from openecf.courts.catalog import catalog_court_configure
from openecf.courts.models import Court, CourtRoleKind
from openecf.documents.services import docket_entry_with_documents_create
from openecf.filers import access_requests
from openecf.filers.change_requests import contact_details_update
from openecf.filers.models import (
    ChangeOfInformationRequest,
    FilerRole,
    FilingAccessRequest,
    FilingRight,
    LegacyFilerAccount,
)
from openecf.filers.tests.helpers import (
    CONTACT,
    LEGACY_PASSWORD,
    PASSWORD,
    confirm_mfa,
    grant_right,
    legacy_user,
    make_legacy_login,
    make_staff,
    make_user,
    signed_in,
)
from openecf.pacer.activation import activation_letter_queue
from openecf.pacer.models import ActivationLetter, RegistrationSuspension
from openecf.pacer.suspensions import registration_suspension_set
from openecf.signin.factories import TotpDeviceFactory
from openecf.signin.models import ApiToken, BackupCode, TotpDevice
from openecf.signin.tokens import api_token_issue

MAX_EXAMPLES = int(os.environ.get("OPENECF_PROPERTY_EXAMPLES", "12"))

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "²",
    "①②",
    "٣",
    "\uff11",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\u2066acme\u2069",
    "\u200f",
    "\u061c",
    "9" * 5000,
    "9" * 30,
    str(2**63),
    "-1",
    "0",
    "1e9",
    "x" * 100_000,
    "'; --",
    "<script>x</script>",
    "0001-01-01",
    "9999-12-31",
    "2020-02-30",
    "23:59",
    "on",
    "approve",
    "deny",
    "cif",
    "form17",
    "a@b.c",
    "\ud800",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(list("0123456789²③٣\x00\u202e\u2066 -:@.")), max_size=25),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
MISSING = object()
# Ids no such record has (and beyond every database's integer), besides the records of the other court.
FORGED_IDS = [0, 1, 987_654, 2**31, 2**63 - 1, 2**63, 10**30]


def _text(value: str) -> str:
    # A form carries UTF-8; a lone surrogate cannot be sent, so it goes as its replacement.
    return value.encode("utf-8", "replace").decode("utf-8")


@dataclass
class FormWorld:
    cookies: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # each role's session, restored for each test
    ids: dict[str, list[int]] = field(default_factory=dict)
    undo_tokens: list[str] = field(default_factory=list)
    reset_address: str = ""
    case_number: str = ""


REGISTRATION_DETAILS = {
    "user_type": "individual",
    "first_name": "Ada",
    "middle_name": "",
    "last_name": "Lovelace",
    "firm": "",
    "address_line1": "1 Federal Plaza",
    "address_line2": "",
    "city": "New York",
    "state": "NY",
    "postal_code": "10278",
    "country": "United States",
    "date_of_birth": "1980-05-17",
    "email": "ada@example.com",
    "phone": "212-555-0100",
}
REGISTRATION_CREDENTIALS = {
    "username": "AdaLovelace",
    "password": "long enough pass phrase",
    "password_confirm": "long enough pass phrase",
    "question_1": SecurityQuestion.FIRST_PET.value,
    "answer_1": "Rex",
    "question_2": SecurityQuestion.BIRTH_CITY.value,
    "answer_2": "Brooklyn",
    "question_3": SecurityQuestion.FIRST_CAR.value,
    "answer_3": "Ford",
}
NEXT_YEAR = str(dt.datetime.now(tz=dt.UTC).year + 1)
CARD = {
    "action": "card",
    "card_number": "4111 1111 1111 1111",
    "exp_month": "12",
    "exp_year": NEXT_YEAR,
    "name_on_card": "Ada Lovelace",
    "cvv": "321",
}


def _client(user: User | None = None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[FormWorld]:
    """One world for every endpoint, in a transaction rolled back when the module ends (each test's own
    transaction is a savepoint inside it, so what one test's submissions change, the next does not see)."""
    atomic = transaction.atomic()
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        atomic.__enter__()
        try:
            built = _world_build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _world_build() -> FormWorld:
    cit = catalog_court_configure("cit")
    cafc = catalog_court_configure("cafc")
    built = FormWorld()
    clerk = make_staff("pf-clerk", cit, CourtRoleKind.CLERK)
    help_desk = make_staff("pf-help-desk", cit, CourtRoleKind.HELP_DESK)
    cafc_clerk = make_staff("pf-cafc-clerk", cafc, CourtRoleKind.CLERK)
    psc = make_user("pf-psc", psc_admin=True)
    for staff in (clerk, help_desk, cafc_clerk, psc):
        confirm_mfa(staff)

    # A PACER user who links, asks for filing access, and manages its account.
    pacer = make_user("pf-pacer", email="pacer@example.com", **CONTACT)
    secondary = secondary_email_add(
        user=pacer, acting_user=pacer, email="second@example.com", current_password=PASSWORD, undo_link=str
    )
    device = confirm_mfa(pacer)
    pending_device = TotpDeviceFactory.create(user=pacer, name="Tablet")
    token = api_token_issue(user=pacer, acting_user=pacer, name="script")[0]
    make_legacy_login(cit, login="pf-old")

    # A filer of both courts, with a Request for Change in Information in each, and linked legacy logins.
    filer = make_user("pf-filer", email="filer@example.com", **CONTACT)
    grant_right(filer, cit)
    grant_right(filer, cafc)
    confirm_mfa(filer)
    changes = contact_details_update(user=filer, acting_user=filer, details={**CONTACT, "city": "Boston"})
    linked = {
        court.pk: make_legacy_login(court, login=f"pf-linked-{court.pk}", linked_user=filer)
        for court in (cit, cafc)
    }

    # Pending filing access requests in both courts.
    requests = {
        court.pk: access_requests.filing_access_request(
            user=applicant,
            court=court,
            role=FilerRole.ATTORNEY,
            acting_user=applicant,
            bar_number="123",
            bar_state="NY",
            bar_admission_date=dt.date(2010, 1, 4),
        )
        for court, applicant in ((cit, make_user("pf-applicant")), (cafc, make_user("pf-applicant-2")))
    }

    grant_right(make_user("pf-new-filer", email="new-filer@example.com"), cit)
    # A public case with the applicant's Form 17 on its docket (the filing access request names it).
    case = case_open(
        court=cit,
        caption="Acme Steel v. United States",
        short_title="Acme Steel v. United States",
        date_filed=dt.date(2024, 3, 4),
        acting_user=clerk,
    )
    docket_entry_with_documents_create(
        case=case, text="Form 17 Business Proprietary Information Certification", acting_user=clerk
    )
    built.case_number = case.pacer_case_number

    inactive = make_user("pf-inactive", status=AccountStatus.INACTIVE)
    letter = activation_letter_queue(user=inactive, acting_user=None)
    suspension = registration_suspension_set(
        starts_at=dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=30),
        ends_at=dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=31),
        reason="Maintenance",
        acting_user=psc,
    )
    legacy = legacy_user("pf-legacy")

    # An e-mail change whose undo link stays valid, and a password reset link opened.
    def undo_link(token: str) -> str:
        built.undo_tokens.append(token)
        return token

    undone = make_user("pf-undone", email="before@example.com")
    account_email_change(
        user=undone,
        acting_user=undone,
        email="after@example.com",
        current_password=PASSWORD,
        undo_link=undo_link,
    )
    # One client, its cookies swapped per role: a new client loads the middleware again (static files scan).
    browser = _client()

    def session_of(user: User | None = None, *, court: Court | None = None) -> dict[str, str]:
        browser.cookies = SimpleCookie()
        if user is not None and court is not None:
            signed_in(browser, user, court)
        elif user is not None:
            browser.force_login(user)
        return {name: morsel.value for name, morsel in browser.cookies.items()}

    def cookies() -> dict[str, str]:
        return {name: morsel.value for name, morsel in browser.cookies.items()}

    built.cookies = {
        "anonymous": session_of(),
        "pacer": session_of(pacer, court=cit),
        "filer": session_of(filer, court=cit),
        "inactive": session_of(inactive),
        "legacy": session_of(legacy),
        "clerk": session_of(clerk),
        "help_desk": session_of(help_desk),
        "psc": session_of(psc),
    }
    session_of()
    make_user("pf-reset", email="reset@example.com")
    browser.post("/pacer/password-reset/", {"email": "reset@example.com"})
    link = re.search(r"http://testserver(/pacer/password-reset/\S+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    built.reset_address = browser.get(link.group(1), follow=True).redirect_chain[-1][0]
    built.cookies["reset"] = cookies()

    session_of()
    assert browser.post("/pacer/register/", REGISTRATION_DETAILS).status_code == 302
    assert browser.post("/pacer/register/credentials/", REGISTRATION_CREDENTIALS).status_code == 302
    built.cookies["registering"] = cookies()
    assert browser.post("/pacer/register/payment/", {"action": "skip"}).status_code == 302
    built.cookies["paid"] = cookies()
    built.ids = {
        "secondary": [secondary.pk],
        "device": [device.pk, pending_device.pk],
        "token": [token.pk],
        "request": [requests["cit"].pk, requests["cafc"].pk],
        "change": [change.pk for change in changes],
        "linked": [linked["cit"].pk, linked["cafc"].pk],
        "letter": [letter.pk],
        "suspension": [suspension.pk],
    }
    return built


@dataclass(frozen=True)
class Endpoint:
    role: str
    address: str  # "{id}" is replaced by an id of `ids`, a forged id, or for the undo link a token
    fields: dict[str, str]
    ids: str = ""


ENDPOINTS: dict[str, Endpoint] = {
    "login": Endpoint("anonymous", "/pacer/login/", {"username": "pf-pacer", "password": PASSWORD}),
    "login_verify": Endpoint("anonymous", "/pacer/login/verify/", {"code": "123456"}),
    "login_mfa_setup": Endpoint(
        "anonymous",
        "/pacer/login/mfa-setup/",
        {"action": "add", "name": "Phone", "email_code": "1", "code": "1"},
    ),
    "forgot_username": Endpoint("anonymous", "/pacer/forgot-username/", {"email": "pacer@example.com"}),
    "password_reset": Endpoint("anonymous", "/pacer/password-reset/", {"email": "pacer@example.com"}),
    "password_reset_confirm": Endpoint(
        "reset", "{reset}", {"new_password1": "a new long phrase", "new_password2": "a new long phrase"}
    ),
    "register_details": Endpoint("anonymous", "/pacer/register/", REGISTRATION_DETAILS),
    "register_credentials": Endpoint("registering", "/pacer/register/credentials/", REGISTRATION_CREDENTIALS),
    "register_payment": Endpoint("registering", "/pacer/register/payment/", CARD),
    "register_policies": Endpoint("paid", "/pacer/register/policies/", {"acknowledge": "on"}),
    "activate": Endpoint("inactive", "/pacer/activate/", {"code": "ABCD-EFGH"}),
    "upgrade": Endpoint("legacy", "/pacer/upgrade/", {**REGISTRATION_CREDENTIALS, "username": "pf-legacy"}),
    "email_undo": Endpoint("anonymous", "/pacer/account/email/undo/{id}/", {}, ids="undo"),
    "manage_contact": Endpoint("pacer", "/pacer/account/contact/", CONTACT),
    "manage_email": Endpoint(
        "pacer", "/pacer/account/email/", {"email": "new@example.com", "current_password": PASSWORD}
    ),
    "manage_secondary_add": Endpoint(
        "pacer",
        "/pacer/account/emails/add/",
        {"secondary_email": "third@example.com", "current_password": PASSWORD},
    ),
    "manage_secondary_remove": Endpoint("pacer", "/pacer/account/emails/{id}/remove/", {}, ids="secondary"),
    "manage_password": Endpoint(
        "pacer",
        "/pacer/account/password/",
        {
            "current_password": PASSWORD,
            "new_password": "another long pass phrase",
            "new_password_confirm": "another long pass phrase",
        },
    ),
    "manage_mfa_add": Endpoint("pacer", "/pacer/account/mfa/add/", {"name": "Laptop"}),
    "manage_mfa_confirm": Endpoint(
        "pacer", "/pacer/account/mfa/{id}/confirm/", {"email_code": "123456", "code": "123456"}, ids="device"
    ),
    "manage_mfa_resend": Endpoint("pacer", "/pacer/account/mfa/{id}/resend/", {}, ids="device"),
    "manage_mfa_remove": Endpoint(
        "pacer", "/pacer/account/mfa/{id}/remove/", {"current_password": PASSWORD}, ids="device"
    ),
    "manage_backup_codes": Endpoint(
        "pacer", "/pacer/account/mfa/backup-codes/", {"current_password": PASSWORD}
    ),
    "manage_token_create": Endpoint(
        "pacer",
        "/pacer/account/tokens/",
        {"name": "cron", "client_code": "x", "current_password": PASSWORD},
    ),
    "manage_token_revoke": Endpoint("pacer", "/pacer/account/tokens/{id}/revoke/", {}, ids="token"),
    "cmecf_redaction": Endpoint(
        "pacer", "/cit/cmecf/redaction/", {"acknowledge": "on", "next": "/cit/cmecf/"}
    ),
    "cmecf_link": Endpoint(
        "pacer", "/cit/cmecf/utilities/link/", {"login": "pf-old", "password": LEGACY_PASSWORD}
    ),
    "cmecf_link_confirm": Endpoint("pacer", "/cit/cmecf/utilities/link/confirm/", {"confirmation": "x"}),
    "cmecf_legacy_login": Endpoint(
        "anonymous", "/cit/cmecf/legacy-login/", {"login": "pf-linked-cit", "password": LEGACY_PASSWORD}
    ),
    "cmecf_request_access": Endpoint(
        "pacer",
        "/cit/cmecf/request-access/",
        {
            "role": "attorney",
            "bar_number": "1",
            "bar_state": "NY",
            "bar_admission_date": "2010-01-04",
            "pro_hac_vice": "",
            "sponsoring_attorney_name": "",
            "for_attorney_username": "pf-filer",
            "cif_basis": "form17",
            "cif_case_number": "{case}",
            "cif_entry_number": "1",
            "statement": "",
        },
    ),
    "cmecf_request_access_cif": Endpoint(
        "pacer",
        "/cit/cmecf/request-access/",
        {
            "role": "cif",
            "bar_number": "1",
            "bar_state": "NY",
            "bar_admission_date": "2010-01-04",
            "pro_hac_vice": "",
            "sponsoring_attorney_name": "",
            "for_attorney_username": "pf-filer",
            "cif_basis": "form17",
            "cif_case_number": "{case}",
            "cif_entry_number": "1",
            "statement": "",
        },
    ),
    "cmecf_clerk_decide": Endpoint(
        "clerk", "/cit/cmecf/clerk/filing-access/{id}/", {"decision": "deny", "reason": "No."}, ids="request"
    ),
    "cmecf_helpdesk_unlink": Endpoint(
        "help_desk", "/cit/cmecf/helpdesk/links/{id}/unlink/", {"reason": "Asked"}, ids="linked"
    ),
    "change_request_processed": Endpoint(
        "clerk", "/cit/cmecf/clerk/change-requests/{id}/processed/", {}, ids="change"
    ),
    "psc_letter_mailed": Endpoint("psc", "/pacer/psc/letters/{id}/mailed/", {}, ids="letter"),
    "psc_letter_reissue": Endpoint("psc", "/pacer/psc/letters/{id}/reissue/", {}, ids="letter"),
    "psc_suspensions": Endpoint(
        "psc",
        "/pacer/psc/suspensions/",
        {
            "starts_on": "2099-01-01",
            "starts_time": "00:00",
            "resumes_on": "2099-01-02",
            "resumes_time": "23:30",
            "reason": "Upgrade",
        },
    ),
    "psc_suspension_lift": Endpoint("psc", "/pacer/psc/suspensions/{id}/lift/", {}, ids="suspension"),
}

# What a submission may change; a refused one must leave all of it as it was. (The audit trail, the lockout's
# counts and a code's attempt counter record refusals on purpose and are not part of it.)
STATE: list[tuple[type[Any], tuple[str, ...]]] = [
    (
        User,
        (
            "username",
            "email",
            "password",
            "status",
            "is_active",
            "first_name",
            "last_name",
            "firm",
            "address_line1",
            "city",
            "session_generation",
        ),
    ),
    (SecondaryEmail, ("user_id", "email")),
    (EmailChangeUndo, ("used_at",)),
    (SecurityAnswer, ("user_id", "question")),
    (TotpDevice, ("user_id", "name", "confirmed_at")),
    (BackupCode, ("user_id", "code_hash", "used_at")),
    (ApiToken, ("user_id", "name", "revoked_at")),
    (FilingRight, ("user_id", "court_id", "role", "revoked_at")),
    (FilingAccessRequest, ("user_id", "court_id", "role", "status", "reason")),
    (ChangeOfInformationRequest, ("court_id", "processed_at")),
    (LegacyFilerAccount, ("court_id", "login", "linked_user_id")),
    (ActivationLetter, ("user_id", "status")),
    (RegistrationSuspension, ("starts_at", "ends_at", "reason")),
]


def _state() -> list[list[tuple[Any, ...]]]:
    return [list(model.objects.order_by("pk").values_list("pk", *names)) for model, names in STATE]


def _alike(valid: str) -> list[st.SearchStrategy[str]]:
    """Values of the field's own kind, to the ends of their range: a date, a time, a number."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", valid):
        return [st.one_of(st.sampled_from(["0001-01-01", "9999-12-31"]), st.dates().map(str))]
    if re.fullmatch(r"\d{2}:\d{2}", valid):
        return [st.one_of(st.sampled_from(["00:00", "23:59"]), st.times().map(lambda t: t.strftime("%H:%M")))]
    if valid.isdigit():
        return [st.integers(min_value=-(2**64), max_value=2**64).map(str)]
    return []


def _fields(world: FormWorld, endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
    """A valid submission with one to three fields missing, hostile or sent twice (so the hostile value gets
    past the other fields' checks to the service), or every field at random; and fields no form has."""
    valid = {name: value.replace("{case}", world.case_number) for name, value in endpoint.fields.items()}
    names = [*valid, "csrfmiddlewaretoken", "unexpected"]

    def one(name: str) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.just(MISSING),
            values,
            st.lists(st.one_of(st.just(valid.get(name, "")), values), min_size=2, max_size=3),
            *_alike(valid.get(name, "")),
        )

    mutated = st.dictionaries(st.sampled_from(names), st.just(None), min_size=1, max_size=3).flatmap(
        lambda chosen: st.fixed_dictionaries({name: one(name) for name in chosen})
    )
    at_random = st.fixed_dictionaries(
        {name: st.one_of(st.just(valid.get(name, "")), one(name)) for name in names}
    )
    return st.one_of(mutated.map(lambda changes: {**valid, **changes}), at_random)


def _payload(drawn: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for name, value in drawn.items():
        if value is MISSING:
            continue
        payload[name] = [_text(v) for v in value] if isinstance(value, list) else _text(value)
    return payload


SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _addresses(world: FormWorld, endpoint: Endpoint) -> st.SearchStrategy[str]:
    if endpoint.address == "{reset}":
        return st.sampled_from([world.reset_address, "/pacer/password-reset/MQ/set-password/"])
    if not endpoint.ids:
        return st.just(endpoint.address)
    if endpoint.ids == "undo":
        tokens = st.one_of(st.sampled_from(world.undo_tokens), values.filter(lambda v: v.strip("/.")))
        return tokens.map(lambda token: endpoint.address.format(id=_url_part(token)))
    ids = st.sampled_from([*world.ids[endpoint.ids], *FORGED_IDS])
    return ids.map(lambda pk: endpoint.address.format(id=pk))


def _url_part(value: str) -> str:
    from urllib.parse import quote

    return quote(_text(value)[:300], safe="")


def _post(client: Client, address: str, payload: dict[str, Any]) -> Any:
    return client.post(address, payload)


PREPARE: dict[str, Callable[[Client], object]] = {
    # A half-finished sign-in: the password was right, the second factor is asked.
    "login_verify": lambda client: client.post(
        "/pacer/login/", {"username": "pf-filer", "password": PASSWORD}
    ),
    # A filer without an authenticator app is asked to set one up before the session starts.
    "login_mfa_setup": lambda client: client.post(
        "/pacer/login/", {"username": "pf-new-filer", "password": PASSWORD}
    ),
}


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_form_posts_never_reach_a_server_error_and_refusals_change_nothing(world, name, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.AXES_FAILURE_LIMIT = 1_000  # the lockout has its own tests; here it would hide the forms
    endpoint = ENDPOINTS[name]
    prepare = PREPARE.get(name)
    client = _client()  # one per test: each new client loads the middleware (and scans the static files)

    @SETTINGS
    @given(address=_addresses(world, endpoint), drawn=_fields(world, endpoint))
    def check(address: str, drawn: dict[str, Any]) -> None:
        # Each example starts from the same world and session: what one accepted submission changed, the
        # next example does not see.
        with transaction.atomic():
            client.cookies = SimpleCookie()
            for cookie, value in world.cookies[endpoint.role].items():
                client.cookies[cookie] = value
            if prepare is not None:
                prepare(client)
            before = _state()
            response = _post(client, address, _payload(drawn))
            assert response.status_code < 500, (address, drawn, response.content[:800])
            if response.status_code >= 400:
                assert _state() == before, (address, drawn, response.status_code)
            transaction.set_rollback(True)

    check()


# The pages these forms are on, as their users see them: whatever the query string says (the public pages'
# query strings are test_property_inputs.py's).
SIGNED_IN_PAGES = {
    "/cit/cmecf/helpdesk/links/": ("help_desk", ("q",)),
    "/cit/cmecf/clerk/filing-access/": ("clerk", ("page",)),
    "/cit/cmecf/clerk/change-requests/": ("clerk", ("page",)),
    "/cit/cmecf/redaction/": ("pacer", ("next",)),
    "/cit/cmecf/request-access/": ("pacer", ("role",)),
    "/cit/cmecf/utilities/link/": ("pacer", ("next",)),
    "/pacer/account/": ("pacer", ("next", "tab")),
    "/pacer/activate/": ("inactive", ("code",)),
    "/pacer/upgrade/": ("legacy", ("next",)),
    "/pacer/psc/letters/": ("psc", ("page",)),
    "/pacer/psc/suspensions/": ("psc", ("page",)),
    "/pacer/login/": ("anonymous", ("next", "timeout")),
    "/admin/": ("clerk", ("next",)),
    "/admin/cases/case/": (
        "clerk",
        ("q", "o", "p", "restriction__exact", "court__id__exact", "e", "_to_field"),
    ),
    "/admin/docket/docketentry/": ("clerk", ("q", "o", "p", "restriction__exact")),
    "/admin/audit/auditevent/": ("clerk", ("q", "o", "p", "kind", "court__id__exact")),
    "/admin/autocomplete/": ("clerk", ("app_label", "model_name", "field_name", "term", "page")),
}


@pytest.mark.parametrize("page", sorted(SIGNED_IN_PAGES))
def test_signed_in_pages_never_reach_a_server_error_whatever_the_query(world, page):
    from urllib.parse import urlencode

    role, names = SIGNED_IN_PAGES[page]
    client = _client()
    for cookie, value in world.cookies[role].items():
        client.cookies[cookie] = value

    @SETTINGS
    @given(query=st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    def check(query: dict[str, str]) -> None:
        address = page + "?" + urlencode({name: _text(value) for name, value in query.items()})
        response = client.get(address)
        assert response.status_code < 500, (address, response.content[:800])

    check()
