"""Writes to billing: cards on file (as gateway tokens)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.billing.gateway import Authorization, CardToken
from openecf.billing.models import FeePayment, FeePaymentStatus, PaymentCard
from openecf.courts.models import Court
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


@transaction.atomic
def fee_payment_record(
    *, user: User, court: Court, authorization: Authorization, description: str, acting_user: User | None
) -> FeePayment:
    """Record a card authorization for a fee, in the transaction of what it pays for."""
    payment = FeePayment.objects.create(
        user=user,
        court=court,
        amount=authorization.amount,
        description=description[:200],
        gateway=authorization.gateway,
        reference=authorization.reference,
        brand=authorization.brand,
        last4=authorization.last4,
        status=FeePaymentStatus.AUTHORIZED,
    )
    audit_event_record(
        kind="fee_payment.authorized",
        acting_user=acting_user,
        subject=payment,
        court=court,
        extra={"amount": str(authorization.amount), "reference": authorization.reference},
    )
    return payment


@transaction.atomic
def fee_payment_captured(*, payment: FeePayment, acting_user: User | None) -> FeePayment:
    """Note that the gateway took the held amount."""
    payment.status = FeePaymentStatus.CAPTURED
    payment.captured_at = timezone.now()
    payment.save(update_fields=["status", "captured_at"])
    audit_event_record(
        kind="fee_payment.captured", acting_user=acting_user, subject=payment, court=payment.court
    )
    return payment
