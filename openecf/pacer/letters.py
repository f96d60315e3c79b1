"""The activation letter the PACER Service Center mails to an account registered without a card."""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF

from openecf.accounts.models import User

PSC_RETURN_ADDRESS = ("PACER Service Center", "P.O. Box 780549", "San Antonio, TX 78278-0549")
PSC_PHONE = "800-676-6856"
PSC_EMAIL = "pacer@psc.uscourts.gov"


def _latin1(text: str) -> str:
    # The PDF core fonts speak Latin-1; anything else prints as '?' rather than failing the letter.
    return text.encode("latin-1", "replace").decode("latin-1")


# What the copy kept after mailing prints instead of the code: the database holds only the code's hash.
CODE_REMOVED = "(removed from this copy)"


def activation_letter_pdf(*, user: User, code: str | None, dated: dt.date) -> bytes:
    """A one-page letter: the user's mailing address, the activation code and how to use it.

    Without a code, the copy the PACER Service Center keeps once the letter is mailed or the account active.
    """
    pdf = FPDF(format="letter")
    # Uncompressed, so the letter's text can be checked and searched by the PSC's own tools.
    pdf.set_compression(False)
    pdf.set_creation_date(dt.datetime(dated.year, dated.month, dated.day, tzinfo=dt.UTC))
    pdf.set_title("PACER account activation code")
    pdf.set_author("PACER Service Center")
    pdf.add_page()
    pdf.set_margins(25, 25, 25)
    pdf.set_font("Helvetica", size=10)
    for line in PSC_RETURN_ADDRESS:
        pdf.cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    full_name = " ".join(part for part in (user.first_name, user.middle_name, user.last_name) if part)
    city_line = " ".join(
        part for part in (f"{user.city}," if user.city else "", user.state, user.postal_code) if part
    )
    for line in (full_name, user.address_line1, user.address_line2, city_line, user.country):
        if line:
            pdf.cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, f"{dated:%B} {dated.day}, {dated.year}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", style="B", size=13)
    pdf.cell(0, 8, "Your PACER account activation code", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.ln(3)
    pdf.multi_cell(
        0,
        6,
        _latin1(
            f"Dear {full_name or user.username}: thank you for registering with the PACER Service Center. "
            f"Your account {user.username} was registered without a credit card, so it is inactive until "
            "you enter the activation code below."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("Courier", style="B", size=16)
    pdf.cell(0, 10, f"Activation code: {code or CODE_REMOVED}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.ln(4)
    pdf.multi_cell(
        0,
        6,
        "To activate your account, log in to PACER with your username and password, choose "
        '"Activate my account" and enter the code exactly as shown. The code can be used once. '
        "If you did not register for a PACER account, or the code is refused, contact the PACER "
        f"Service Center at {PSC_PHONE} or {PSC_EMAIL}.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
