"""Activation of accounts registered without a card: the letter with its code that the PACER Service Center
mails, entering the code (a limited number of tries per letter), and the PSC's letter queue.

The database holds only the code's hash; the letter's PDF holds it in clear only until the letter is mailed
or the account is activated, then a copy without the code replaces it."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openecf.access.policy import Action, require
from openecf.accounts.models import AccountStatus, User
from openecf.audit.services import audit_event_record
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.pacer.letters import activation_letter_pdf
from openecf.pacer.models import ActivationLetter, ActivationLetterStatus
from openecf.pacer.suspensions import PSC_TIME_ZONE
from openecf.storage import blob_storage

ACTIVATION_ATTEMPTS_ALLOWED = 5
# No 0/O or 1/I/L: the code is read off paper and typed in.
_ACTIVATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAILED_LETTERS_LISTED = 100


def _activation_code_new() -> str:
    raw = "".join(secrets.choice(_ACTIVATION_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def activation_code_normalize(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def activation_letter_queue(*, user: User, acting_user: User | None) -> ActivationLetter:
    """A new letter with a new code, queued for the PSC to print and mail (a step of registration)."""
    code = _activation_code_new()
    pdf = activation_letter_pdf(user=user, code=code, dated=timezone.now().astimezone(PSC_TIME_ZONE).date())
    letter = ActivationLetter.objects.create(
        user=user, code_hash=make_password(code), pdf_storage_key=blob_storage().put(pdf)
    )
    audit_event_record(
        kind="activation_letter.queued",
        acting_user=acting_user,
        subject=letter,
        extra={"user": user.username},
    )
    return letter


def _newest_letter(user: User) -> ActivationLetter | None:
    # Only the newest letter's code counts; a reissued letter starts the count of refusals again.
    return ActivationLetter.objects.filter(user=user).order_by("-queued_at", "-pk").first()


def _letter_code_remove(letter: ActivationLetter) -> bool:
    """Keep only a copy of the letter without the code; the original PDF is deleted once this commits."""
    if letter.code_removed_at is not None:
        return False
    original = letter.pdf_storage_key
    copy = activation_letter_pdf(
        user=letter.user, code=None, dated=letter.queued_at.astimezone(PSC_TIME_ZONE).date()
    )
    letter.pdf_storage_key = blob_storage().put(copy)
    letter.code_removed_at = timezone.now()
    letter.save(update_fields=["pdf_storage_key", "code_removed_at"])
    if original != letter.pdf_storage_key:
        transaction.on_commit(lambda: blob_storage().delete(original))
    return True


def _letters_retire(user: User) -> dict[str, int]:
    """The account is active: its letters leave the queue and no stored PDF keeps a code in clear."""
    letters = list(ActivationLetter.objects.select_for_update().select_related("user").filter(user=user))
    withdrawn = 0
    for letter in letters:
        if letter.status == ActivationLetterStatus.QUEUED:
            letter.status = ActivationLetterStatus.WITHDRAWN
            letter.save(update_fields=["status"])
            withdrawn += 1
    removed = sum(_letter_code_remove(letter) for letter in letters)
    return {"letters_withdrawn": withdrawn, "letter_codes_removed": removed}


def activation_attempts_left(*, user: User) -> int:
    letter = _newest_letter(user)
    if letter is None:
        return 0
    return max(0, ACTIVATION_ATTEMPTS_ALLOWED - letter.refusals)


def pacer_account_activate(*, user: User, code: str, acting_user: User) -> User:
    """Enter the mailed activation code: the account becomes active; refusals are counted and audited."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if acting_user.pk != locked.pk:
            raise NotFound("The page you asked for does not exist.")
        if locked.status == AccountStatus.ACTIVE:
            raise Conflict("Your PACER account is already active.")
        if locked.status != AccountStatus.INACTIVE:
            raise Conflict("This account is disabled. Contact the PACER Service Center at 800-676-6856.")
        letter = _newest_letter(locked)
        if letter is None or letter.used_at is not None:
            raise NotFound(
                "There is no activation code waiting for this account. "
                "Contact the PACER Service Center at 800-676-6856."
            )
        refusals = letter.refusals
        if refusals >= ACTIVATION_ATTEMPTS_ALLOWED:
            raise Conflict(
                "The activation code was refused too many times. Contact the PACER Service Center at "
                "800-676-6856 to have a new activation letter mailed.",
                code="activation_locked",
            )
        normalized = activation_code_normalize(code)
        if normalized and check_password(normalized, letter.code_hash):
            now = timezone.now()
            letter.used_at = now
            letter.save(update_fields=["used_at"])
            locked.status = AccountStatus.ACTIVE
            locked.save(update_fields=["status"])
            audit_event_record(
                kind="pacer_account.activated",
                acting_user=acting_user,
                subject=locked,
                extra={"letter": letter.pk, **_letters_retire(locked)},
            )
            return locked
        letter.refusals = refusals + 1
        letter.save(update_fields=["refusals"])
        audit_event_record(
            kind="pacer_account.activation_refused",
            acting_user=acting_user,
            subject=locked,
            extra={"letter": letter.pk, "attempt": refusals + 1},
        )
        left = ACTIVATION_ATTEMPTS_ALLOWED - refusals - 1
    # Raised after the commit, so the refusal stays counted.
    raise InvalidInput(
        "That activation code is not correct. Enter the code exactly as printed in your activation letter "
        f"({left} {'attempt' if left == 1 else 'attempts'} left).",
        field="code",
    )


@transaction.atomic
def activation_letter_reissue(*, user: User, acting_user: User | None) -> ActivationLetter:
    """The PSC sends a new letter (lost letter, too many refusals); only the newest code counts."""
    admin = require(acting_user, Action.PSC_ADMIN)
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None or locked.status != AccountStatus.INACTIVE:
        raise Conflict("Only an inactive account waits for an activation letter.")
    return activation_letter_queue(user=locked, acting_user=admin)


@transaction.atomic
def activation_letter_mark_mailed(*, letter_id: int, acting_user: User | None) -> ActivationLetter:
    admin = require(acting_user, Action.PSC_ADMIN)
    letter = ActivationLetter.objects.select_for_update().filter(pk=letter_id).first()
    if letter is None:
        raise NotFound("That activation letter does not exist.")
    if letter.status == ActivationLetterStatus.MAILED:
        raise Conflict("That activation letter is already marked mailed.")
    if letter.status == ActivationLetterStatus.WITHDRAWN:
        raise Conflict("That account was activated before the letter was mailed: do not mail it.")
    letter.status = ActivationLetterStatus.MAILED
    letter.mailed_at = timezone.now()
    letter.save(update_fields=["status", "mailed_at"])
    # Printed and mailed: from now on only the account holder has the code.
    _letter_code_remove(letter)
    audit_event_record(
        kind="activation_letter.mailed",
        acting_user=admin,
        subject=letter,
        extra={"user": letter.user.username, "code_removed": True},
    )
    return letter


def activation_letter_pdf_for_psc(
    *, letter_id: int, acting_user: User | None
) -> tuple[ActivationLetter, bytes]:
    letter = access_activation_letter(acting_user, letter_id)
    return letter, blob_storage().get(letter.pdf_storage_key)


def activation_letters_for_psc(
    user: User | None,
) -> tuple[QuerySet[ActivationLetter], QuerySet[ActivationLetter]]:
    """The PSC's queue: letters waiting to be mailed (newest first), and the latest mailed ones."""
    require(user, Action.PSC_ADMIN)
    letters = ActivationLetter.objects.select_related("user").order_by("-queued_at", "-pk")
    # An account activated another way (a card) needs no letter, whatever the letter's row says.
    queued = letters.filter(status=ActivationLetterStatus.QUEUED).exclude(user__status=AccountStatus.ACTIVE)
    mailed = letters.filter(status=ActivationLetterStatus.MAILED)[:MAILED_LETTERS_LISTED]
    return queued, mailed


def access_activation_letter(user: User | None, letter_id: int) -> ActivationLetter:
    """One letter, for the PACER Service Center; anyone else finds no page here."""
    require(user, Action.PSC_ADMIN)
    letter = ActivationLetter.objects.select_related("user").filter(pk=letter_id).first()
    if letter is None:
        raise NotFound("That activation letter does not exist.")
    return letter
