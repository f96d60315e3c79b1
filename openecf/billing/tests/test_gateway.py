"""The sandbox payment gateway and the card-on-file service."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from openecf.accounts.factories import UserFactory
from openecf.audit.models import AuditEvent
from openecf.billing.gateway import (
    SANDBOX_DECLINED_NUMBERS,
    CardDetails,
    SandboxGateway,
    card_brand,
    luhn_valid,
    payment_gateway,
)
from openecf.billing.models import PaymentCard
from openecf.billing.services import payment_card_attach
from openecf.errors import Conflict, InvalidInput

NEXT_YEAR = dt.datetime.now(tz=dt.UTC).year + 1


def card(
    number: str = "4111 1111 1111 1111", month: int = 12, year: int = NEXT_YEAR, cvv: str = "123"
) -> CardDetails:
    return CardDetails(number=number, exp_month=month, exp_year=year, cvv=cvv, name_on_card="Ada Lovelace")


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4111111111111111", "Visa"),
        ("5555555555554444", "Mastercard"),
        ("2223003122003222", "Mastercard"),
        ("378282246310005", "American Express"),
        ("6011111111111117", "Discover"),
        ("9999999999999995", ""),
    ],
)
def test_brand_from_leading_digits(number, brand):
    assert card_brand(number) == brand


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("41111111111a1111")
    assert not luhn_valid("411111111111111\u00b2")


def test_cvv_of_unicode_digits_refused():
    with pytest.raises(InvalidInput) as caught:
        SandboxGateway().tokenize(card(cvv="12\u00b3"))
    assert caught.value.field == "cvv"


def test_accepted_card_gives_token_brand_last4_expiry():
    token = SandboxGateway().tokenize(card())
    assert token.gateway == "sandbox"
    assert token.token.startswith("sbx_")
    assert "4111111111111111" not in token.token
    assert (token.brand, token.last4, token.exp_month, token.exp_year) == ("Visa", "1111", 12, NEXT_YEAR)
    assert SandboxGateway().tokenize(card()).token != token.token


def test_configured_gateway_is_sandbox_by_default():
    assert payment_gateway().name == "sandbox"


def test_unknown_gateway_setting_fails_loudly(settings):
    settings.OPENECF_PAYMENT_GATEWAY = "nonesuch"
    with pytest.raises(RuntimeError):
        payment_gateway()


def test_luhn_failing_number_refused():
    with pytest.raises(InvalidInput, match="not valid") as caught:
        SandboxGateway().tokenize(card("4111 1111 1111 1112"))
    assert caught.value.field == "card_number"


@pytest.mark.parametrize(
    "number",
    [
        "4111-1111-1111-111x",
        "1234",
        "41111111111111111111111",
        "4111 1111 1111 111\u00b9",  # a superscript one: str.isdigit() says it is a digit
        "\u2463111 1111 1111 1111",
        "\u0664111 1111 1111 1111",
        "9" * 5000,
    ],
)
def test_malformed_numbers_refused(number):
    with pytest.raises(InvalidInput) as caught:
        SandboxGateway().tokenize(card(number))
    assert caught.value.field == "card_number"


def test_unknown_brand_refused():
    with pytest.raises(InvalidInput, match="Visa, Mastercard"):
        SandboxGateway().tokenize(card("9999999999999995"))


@pytest.mark.parametrize("number", sorted(SANDBOX_DECLINED_NUMBERS))
def test_documented_test_numbers_decline(number):
    with pytest.raises(InvalidInput, match="declined") as caught:
        SandboxGateway().tokenize(card(number))
    assert caught.value.code == "card_declined"


@time_machine.travel(dt.datetime(2026, 3, 31, 23, 0, tzinfo=dt.UTC), tick=False)
def test_card_good_through_its_expiry_month():
    assert SandboxGateway().tokenize(card(month=3, year=2026)).exp_month == 3


@time_machine.travel(dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_expired_card_refused():
    with pytest.raises(InvalidInput, match="expired") as caught:
        SandboxGateway().tokenize(card(month=3, year=2026))
    assert caught.value.field == "exp_year"


@pytest.mark.parametrize("month", [0, 13])
def test_bad_month_refused(month):
    with pytest.raises(InvalidInput, match="month"):
        SandboxGateway().tokenize(card(month=month))


def test_cvv_length_by_brand():
    with pytest.raises(InvalidInput, match="3-digit"):
        SandboxGateway().tokenize(card(cvv="1234"))
    with pytest.raises(InvalidInput, match="4-digit"):
        SandboxGateway().tokenize(card("378282246310005", cvv="123"))
    assert SandboxGateway().tokenize(card("378282246310005", cvv="1234")).brand == "American Express"


def test_name_on_card_required():
    with pytest.raises(InvalidInput, match="name"):
        SandboxGateway().tokenize(
            CardDetails(
                number="4111111111111111", exp_month=1, exp_year=NEXT_YEAR, cvv="123", name_on_card=" "
            )
        )


def test_card_details_repr_hides_number_and_cvv():
    text = repr(card(cvv="987"))
    assert "4111111111111111" not in text
    assert "987" not in text
    assert "1111" in text


@pytest.mark.django_db
def test_attach_keeps_only_token_and_audits_brand_and_last4():
    user = UserFactory.create(username="cardholder")
    first = payment_card_attach(user=user, card=SandboxGateway().tokenize(card()), acting_user=user)
    second = payment_card_attach(
        user=user, card=SandboxGateway().tokenize(card("5555555555554444")), acting_user=user
    )
    first.refresh_from_db()
    assert not first.active
    assert second.active
    assert PaymentCard.objects.filter(user=user, active=True).count() == 1
    event = AuditEvent.objects.get(kind="payment_card.added", subject_id=str(second.pk))
    assert event.extra == {"user": "cardholder", "brand": "Mastercard", "last4": "4444"}


@pytest.mark.django_db
def test_same_token_twice_is_a_conflict():
    user = UserFactory.create(username="cardholder")
    token = SandboxGateway().tokenize(card())
    payment_card_attach(user=user, card=token, acting_user=user)
    with pytest.raises(Conflict):
        payment_card_attach(user=user, card=token, acting_user=user)
