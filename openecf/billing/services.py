"""Writes to billing: cards on file (as gateway tokens)."""

from __future__ import annotations

from django.db import transaction

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.billing.gateway import CardToken
from openecf.billing.models import PaymentCard
from openecf.errors import Conflict


@transaction.atomic
def payment_card_attach(*, user: User, card: CardToken, acting_user: User | None) -> PaymentCard:
    """Keep a tokenized card as the account's active card (the one billed quarterly)."""
    if PaymentCard.objects.filter(token=card.token).exists():
        raise Conflict("That card is already on file.", field="card_number")
    PaymentCard.objects.filter(user=user, active=True).update(active=False)
    payment_card = PaymentCard.objects.create(
        user=user,
        gateway=card.gateway,
        token=card.token,
        brand=card.brand,
        last4=card.last4,
        exp_month=card.exp_month,
        exp_year=card.exp_year,
        active=True,
    )
    audit_event_record(
        kind="payment_card.added",
        acting_user=acting_user,
        subject=payment_card,
        extra={"user": user.username, "brand": card.brand, "last4": card.last4},
    )
    return payment_card
