"""Payment gateways: a card goes in, a token comes out; the number and CVV are never kept.

The embedded default is the sandbox gateway. Its documented test numbers:

| number              | result                                         |
| ------------------- | ---------------------------------------------- |
| 4111 1111 1111 1111 | Visa, accepted                                 |
| 5555 5555 5555 4444 | Mastercard, accepted                           |
| 3782 822463 10005   | American Express, accepted                     |
| 6011 1111 1111 1117 | Discover, accepted                             |
| 4000 0000 0000 0002 | Visa, declined by the issuer                   |
| 4000 0000 0000 9995 | Visa, declined for insufficient funds          |
| 4000 0000 0000 0069 | Visa, declined as expired by the issuer        |

Any other number that passes the Luhn check and has a known brand is accepted.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from openecf.errors import InvalidInput
from openecf.numbers import ASCII_DIGITS, is_ascii_digits

SANDBOX_DECLINED_NUMBERS: dict[str, str] = {
    "4000000000000002": "The card was declined by its issuer. Use a different card.",
    "4000000000009995": "The card was declined for insufficient funds. Use a different card.",
    "4000000000000069": "The card was declined as expired by its issuer. Use a different card.",
}


@dataclass(frozen=True)
class CardDetails:
    """What the user types; lives only for the gateway call and is never stored or logged."""

    number: str
    exp_month: int
    exp_year: int
    cvv: str
    name_on_card: str

    def __repr__(self) -> str:
        # Keeps the number and CVV out of tracebacks and debug pages.
        return f"CardDetails(brand={card_brand(self.number)!r}, last4={self.last4!r})"

    @property
    def digits(self) -> str:
        return "".join(ch for ch in self.number if ch in ASCII_DIGITS)

    @property
    def last4(self) -> str:
        return self.digits[-4:]


@dataclass(frozen=True)
class CardToken:
    """What a gateway returns and what PACER keeps: a token, the brand, last four digits, expiry."""

    gateway: str
    token: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int

    def as_session(self) -> dict[str, str | int]:
        return {
            "gateway": self.gateway,
            "token": self.token,
            "brand": self.brand,
            "last4": self.last4,
            "exp_month": self.exp_month,
            "exp_year": self.exp_year,
        }

    @classmethod
    def from_session(cls, data: dict[str, str | int]) -> CardToken:
        return cls(
            gateway=str(data["gateway"]),
            token=str(data["token"]),
            brand=str(data["brand"]),
            last4=str(data["last4"]),
            exp_month=int(data["exp_month"]),
            exp_year=int(data["exp_year"]),
        )


@dataclass(frozen=True)
class Authorization:
    """A hold on a card for an amount: captured once what it pays for is done, voided otherwise."""

    gateway: str
    reference: str
    amount: Decimal
    brand: str
    last4: str


class PaymentGateway(Protocol):
    name: str

    def tokenize(self, card: CardDetails) -> CardToken:
        """Verify the card with the processor and return a token standing for it."""
        ...

    def authorize(self, card: CardDetails, amount: Decimal, description: str) -> Authorization:
        """Hold `amount` on the card; InvalidInput (code card_declined) if the issuer declines."""
        ...

    def capture(self, reference: str) -> None:
        """Take the held amount."""
        ...

    def void(self, reference: str) -> None:
        """Release the hold (an uncaptured hold also lapses by itself)."""
        ...


def luhn_valid(digits: str) -> bool:
    if not is_ascii_digits(digits):
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def card_brand(number: str) -> str:
    """The brand from the number's leading digits and length; '' when no brand matches."""
    digits = "".join(ch for ch in number if ch in ASCII_DIGITS)
    length = len(digits)
    if digits[:2] in ("34", "37") and length == 15:
        return "American Express"
    if digits.startswith("4") and length in (13, 16, 19):
        return "Visa"
    if length == 16 and (51 <= int(digits[:2] or 0) <= 55 or 2221 <= int(digits[:4] or 0) <= 2720):
        return "Mastercard"
    if length in (16, 19) and (digits.startswith(("6011", "65")) or 644 <= int(digits[:3] or 0) <= 649):
        return "Discover"
    return ""


def card_check(card: CardDetails, *, today: dt.date | None = None) -> str:
    """The checks any gateway makes before calling the processor; returns the brand."""
    digits = card.digits
    # Digits 0-9 only: str.isdigit() also says yes to "²" and "①", which no card prints.
    if any(ch not in ASCII_DIGITS and ch not in " -" for ch in card.number) or not 12 <= len(digits) <= 19:
        raise InvalidInput("Enter the card number as printed on the card (digits only).", field="card_number")
    if not luhn_valid(digits):
        raise InvalidInput(
            "That card number is not valid. Check the number and enter it again.", field="card_number"
        )
    brand = card_brand(digits)
    if not brand:
        raise InvalidInput(
            "PACER accepts Visa, Mastercard, American Express and Discover cards.", field="card_number"
        )
    if not 1 <= card.exp_month <= 12:
        raise InvalidInput("The expiration month must be from 1 to 12.", field="exp_month")
    today = today or timezone.localdate()
    # A card is good through the last day of its expiration month.
    if (card.exp_year, card.exp_month) < (today.year, today.month):
        raise InvalidInput("The card has expired. Use a card that has not expired.", field="exp_year")
    if card.exp_year > today.year + 20:
        raise InvalidInput("Check the expiration year.", field="exp_year")
    expected_cvv = 4 if brand == "American Express" else 3
    if not (is_ascii_digits(card.cvv) and len(card.cvv) == expected_cvv):
        raise InvalidInput(
            f"Enter the {expected_cvv}-digit security code (CVV) printed on the card.", field="cvv"
        )
    if not card.name_on_card.strip():
        raise InvalidInput("Enter the name as it appears on the card.", field="name_on_card")
    return brand


class SandboxGateway:
    """A gateway with no processor behind it, for the embedded default, demos and tests."""

    name = "sandbox"

    def tokenize(self, card: CardDetails) -> CardToken:
        brand = card_check(card)
        declined = SANDBOX_DECLINED_NUMBERS.get(card.digits)
        if declined is not None:
            raise InvalidInput(declined, code="card_declined", field="card_number")
        return CardToken(
            gateway=self.name,
            token="sbx_" + secrets.token_urlsafe(24),
            brand=brand,
            last4=card.last4,
            exp_month=card.exp_month,
            exp_year=card.exp_year,
        )

    def authorize(self, card: CardDetails, amount: Decimal, description: str) -> Authorization:
        brand = card_check(card)
        declined = SANDBOX_DECLINED_NUMBERS.get(card.digits)
        if declined is not None:
            raise InvalidInput(declined, code="card_declined", field="card_number")
        if amount <= 0:
            raise InvalidInput("There is nothing to pay.", field="amount")
        return Authorization(
            gateway=self.name,
            reference="sbx_auth_" + secrets.token_urlsafe(18),
            amount=amount,
            brand=brand,
            last4=card.last4,
        )

    def capture(self, reference: str) -> None:
        """The sandbox has no processor to tell."""

    def void(self, reference: str) -> None:
        """The sandbox has no processor to tell."""


_GATEWAYS: dict[str, type[SandboxGateway]] = {"sandbox": SandboxGateway}


def payment_gateway() -> PaymentGateway:
    """The configured gateway (setting OPENECF_PAYMENT_GATEWAY; 'sandbox' by default)."""
    name = settings.OPENECF_PAYMENT_GATEWAY
    try:
        return _GATEWAYS[name]()
    except KeyError:
        raise RuntimeError(f"Unknown payment gateway {name!r}.") from None
