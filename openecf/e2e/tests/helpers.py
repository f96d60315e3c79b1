"""What the browser tests share: accounts made through the services, the login form, the letter's code."""

from __future__ import annotations

import datetime as dt
import io
import re

import pikepdf
import pyotp
from django.utils import timezone
from playwright.sync_api import Page

from openecf.accounts.models import SecurityQuestion, User, UserType
from openecf.accounts.services import staff_account_create
from openecf.billing.gateway import CardDetails, payment_gateway
from openecf.courts.catalog import catalog_court_configure
from openecf.courts.models import Court, CourtRoleKind
from openecf.courts.services import court_role_grant
from openecf.filers.access_requests import filing_access_approve, filing_access_request
from openecf.filers.models import FilerRole
from openecf.pacer.registration import (
    RegistrationDetails,
    pacer_account_register,
    registration_credentials_prepare,
)
from openecf.signin.mfa import totp_device_provision
from openecf.signin.models import TotpDevice

CLERK_PASSWORD = "clerk staff passphrase"
_CODE = re.compile(r"Activation code:\s*([A-Z0-9]{4}-[A-Z0-9]{4})")


def pdf_text(content: bytes) -> str:
    """The text shown by a PDF's text operators, page by page (enough for letters made with core fonts)."""
    pieces: list[str] = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            for instruction in pikepdf.parse_content_stream(page):
                if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                    continue
                operands, operator = instruction.operands, instruction.operator
                if str(operator) == "Tj":
                    pieces.append(bytes(operands[0]).decode("latin-1"))
                elif str(operator) == "TJ":
                    pieces.append(
                        "".join(
                            bytes(item).decode("latin-1")
                            for item in operands[0]
                            if isinstance(item, pikepdf.String)
                        )
                    )
                elif str(operator) in ("Td", "TD", "T*", "ET"):
                    pieces.append("\n")
    return "".join(pieces)


def activation_code_in_letter(pdf: bytes) -> str:
    """The activation code as printed in the letter."""
    match = _CODE.search(pdf_text(pdf))
    assert match is not None, "the letter prints no activation code"
    return match.group(1)


def check_box(page: Page, field_id: str) -> None:
    """Tick a USWDS checkbox the way a person does: by its label (the input itself is drawn off-screen)."""
    page.locator(f"label[for='{field_id}']").click()


def log_in(page: Page, username: str, password: str, *, client_code: str = "") -> None:
    """Open the central PACER login and submit it."""
    page.goto("/pacer/login/")
    submit_login(page, username, password, client_code=client_code)


def submit_login(page: Page, username: str, password: str, *, client_code: str = "") -> None:
    """Fill the PACER login form the page shows (a court's CM/ECF link lands here with its way back)."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    if client_code:
        page.fill("#id_client_code", client_code)
    page.click("#login-submit")


def submit_login_with_code(page: Page, username: str, password: str) -> None:
    """The login form, then the code of the account's authenticator app (staff and filers are asked one)."""
    submit_login(page, username, password)
    assert page.url.endswith("/pacer/login/verify/"), page.url
    device = TotpDevice.objects.filter(user__username=username, confirmed_at__isnull=False).first()
    assert device is not None, f"{username} has no authenticator app"
    page.fill("#id_code", totp_code_after(device))
    page.click("#verify-submit")


def staff_authenticator_give(user: User) -> TotpDevice:
    """A confirmed authenticator app for a staff account (court staff sign in with a second factor)."""
    return totp_device_provision(
        user=user, name="Office phone", secret=pyotp.random_base32(), acting_user=None
    )


def pacer_account(username: str, password: str, *, with_card: bool = True, email: str = "") -> User:
    """A registered PACER account, made through the registration services."""
    credentials = registration_credentials_prepare(
        username=username,
        password=password,
        security_answers=[
            (SecurityQuestion.FIRST_PET, "Pepper"),
            (SecurityQuestion.BIRTH_CITY, "Dayton"),
            (SecurityQuestion.FIRST_SCHOOL, "Hillcrest"),
        ],
    )
    details = RegistrationDetails(
        user_type=UserType.OTHER_COMMERCIAL,
        government_account=False,
        first_name=username.split(".", maxsplit=1)[0].title(),
        last_name="Tester",
        address_line1="1 Federal Plaza",
        city="New York",
        state="NY",
        postal_code="10278",
        date_of_birth=dt.date(1979, 9, 12),
        email=email or f"{username}@example.org",
        phone="212-555-0190",
    )
    card = None
    if with_card:
        card = payment_gateway().tokenize(
            CardDetails(
                number="5555 5555 5555 4444",
                exp_month=6,
                exp_year=timezone.localdate().year + 2,
                cvv="321",
                name_on_card=f"{details.first_name} Tester",
            )
        )
    return pacer_account_register(
        details=details, credentials=credentials, card=card, policies_acknowledged=True
    ).user


def cit_clerk() -> tuple[Court, User]:
    """The CIT and a clerk of its own, through the catalog and the staff services."""
    cit = catalog_court_configure("cit")
    clerk = staff_account_create(
        username="cit.clerk.e2e",
        password=CLERK_PASSWORD,
        email="clerk@cit.invalid",
        acting_user=None,
    )
    court_role_grant(user=clerk, court=cit, role=CourtRoleKind.CLERK, acting_user=None)
    staff_authenticator_give(clerk)
    return cit, clerk


def attorney_filer(user: User, court: Court, clerk: User) -> None:
    """Filing rights as an attorney: the user asks, the clerk approves (as the pages do)."""
    asked = filing_access_request(
        user=user,
        court=court,
        role=FilerRole.ATTORNEY,
        bar_number="NY-5520931",
        bar_state="New York",
        bar_admission_date=dt.date(2015, 1, 20),
        acting_user=user,
    )
    filing_access_approve(request=asked, acting_user=clerk)


def totp_code_after(device: TotpDevice) -> str:
    """The authenticator's code for the first time step after the last one the server accepted.

    The server takes the current step and one either side, so this is always a fresh, valid code.
    """
    device.refresh_from_db()
    now_step = int(timezone.now().timestamp()) // 30
    step = max(device.last_used_step + 1, now_step - 1)
    return pyotp.TOTP(device.secret).at(step * 30)
