"""Multi-factor authentication: authenticator apps (TOTP) confirmed by an e-mailed code, and backup codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from openecf.access.policy import mfa_required
from openecf.accounts.models import User
from openecf.accounts.services import account_current_password_check
from openecf.audit.services import audit_event_record
from openecf.errors import Conflict, InvalidInput, NotFound
from openecf.numbers import is_ascii_digits
from openecf.signin.models import BackupCode, TotpDevice

MAX_TOTP_DEVICES = 5
BACKUP_CODE_COUNT = 10
TOTP_STEP_SECONDS = 30
# One step either side absorbs a phone clock that is a little fast or slow.
TOTP_DRIFT_STEPS = 1
EMAIL_CODE_VALID_FOR = dt.timedelta(minutes=15)
# The limit of every code typed in (the activation code, the sign-in lockout): then this code is void.
EMAIL_CODE_ATTEMPTS_ALLOWED = 5
EMAIL_CODE_VOID_MESSAGE = (
    "The e-mailed confirmation code was refused too many times and no longer works. Choose 'E-mail a new "
    "confirmation code' and enter the code from the new e-mail."
)
ISSUER = "OpenECF PACER"
# No 0/o, 1/l/i: backup codes are read off paper.
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def mfa_is_enrolled(user: User) -> bool:
    """The account has a confirmed authenticator app (whether it must have one is the policy's question)."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def totp_devices_of(user: User) -> QuerySet[TotpDevice]:
    return TotpDevice.objects.filter(user=user).order_by("created_at", "pk")


def totp_provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name=ISSUER)


def totp_qr_svg(device: TotpDevice) -> str:
    """The device's set-up QR code as inline SVG (no image request, nothing sent elsewhere)."""
    return segno.make(totp_provisioning_uri(device), error="m").svg_inline(scale=4, omitsize=False)


def _normalize(code: str) -> str:
    return "".join(ch for ch in code if ch not in " -").lower()


def _current_step() -> int:
    return int(timezone.now().timestamp()) // TOTP_STEP_SECONDS


def _matching_step(device: TotpDevice, code: str) -> int | None:
    """The time step whose code this is, if it is newer than the last one accepted (no replays)."""
    if len(code) != 6 or not is_ascii_digits(code):
        return None
    totp = pyotp.TOTP(device.secret)
    now = _current_step()
    for step in range(now - TOTP_DRIFT_STEPS, now + TOTP_DRIFT_STEPS + 1):
        if step > device.last_used_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _email_code_send(user: User, code: str, device_name: str) -> None:
    transaction.on_commit(
        lambda: send_mail(
            subject="Confirm your new authenticator app",
            message=(
                f"Someone (we hope you) added the authenticator app '{device_name}' to the PACER account "
                f"{user.username}.\n\nTo confirm it, enter this code on the set-up page: {code}\n\n"
                "The code is valid for 15 minutes. If you did not add this app, change your password and "
                "contact the PACER Service Center."
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    )


def _device_name_clean(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 60:
        raise InvalidInput("Give the authenticator app a name of up to 60 characters.", field="name")
    return name


def _device_slot_reserve(user: User, *, replacing_unconfirmed: bool = False) -> None:
    """Refuse a sixth app. The account row is locked, so two simultaneous adds cannot both pass the count."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    counted = TotpDevice.objects.filter(user=user)
    if replacing_unconfirmed:
        counted = counted.filter(confirmed_at__isnull=False)
    if counted.count() >= MAX_TOTP_DEVICES:
        raise Conflict(
            f"An account may have at most {MAX_TOTP_DEVICES} authenticator apps. Remove one first.",
            field="name",
        )


@transaction.atomic
def totp_device_add(*, user: User, name: str, acting_user: User) -> TotpDevice:
    """A new, unconfirmed authenticator app; a confirmation code goes to the account's e-mail."""
    name = _device_name_clean(name)
    if not user.email:
        raise InvalidInput(
            "Your account has no e-mail address for the confirmation code. Add one first.", field="name"
        )
    _device_slot_reserve(user, replacing_unconfirmed=True)
    # One app waits for its confirmation at a time: an app added and never confirmed (perhaps by someone who
    # knew the password and saw its secret) neither fills the account's slots nor is confirmed later.
    unconfirmed = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True)
    replaced = list(unconfirmed.values_list("name", flat=True))
    unconfirmed.delete()
    code = f"{secrets.randbelow(1_000_000):06d}"
    device = TotpDevice.objects.create(
        user=user,
        name=name,
        secret=pyotp.random_base32(),
        email_code_hash=make_password(code),
        email_code_expires_at=timezone.now() + EMAIL_CODE_VALID_FOR,
    )
    extra: dict[str, object] = {"name": name}
    if replaced:
        extra["replaced_unconfirmed"] = replaced
    audit_event_record(kind="mfa.device_added", acting_user=acting_user, subject=device, extra=extra)
    _email_code_send(user, code, name)
    return device


@transaction.atomic
def totp_device_code_resend(*, device: TotpDevice, acting_user: User) -> None:
    device = TotpDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed_at is not None:
        raise Conflict("This authenticator app is already confirmed.")
    code = f"{secrets.randbelow(1_000_000):06d}"
    device.email_code_hash = make_password(code)
    device.email_code_expires_at = timezone.now() + EMAIL_CODE_VALID_FOR
    device.email_code_refusals = 0
    device.save(update_fields=["email_code_hash", "email_code_expires_at", "email_code_refusals"])
    audit_event_record(kind="mfa.device_code_resent", acting_user=acting_user, subject=device)
    _email_code_send(device.user, code, device.name)


def _backup_code_hash(user: User, code: str) -> str:
    # A salt fixed per account makes the hash findable by equality: one hash per try, not one per code.
    salt = hmac.new(settings.SECRET_KEY.encode(), f"backup-code:{user.pk}".encode(), hashlib.sha256)
    return make_password(_normalize(code), salt=salt.hexdigest()[:22])


def _backup_codes_replace(user: User) -> list[str]:
    BackupCode.objects.filter(user=user).delete()
    codes = []
    for _ in range(BACKUP_CODE_COUNT):
        raw = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    BackupCode.objects.bulk_create(
        [BackupCode(user=user, code_hash=_backup_code_hash(user, code)) for code in codes]
    )
    return codes


def totp_device_confirm(
    *, device: TotpDevice, email_code: str, app_code: str, acting_user: User
) -> list[str]:
    """Confirm with the e-mailed code and a code from the app. Returns new backup codes for a first device.

    Wrong e-mailed codes are counted on the device; at the limit the code is void and a new one must be sent.
    """
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed_at is not None:
            raise Conflict("This authenticator app is already confirmed.")
        if device.email_code_refusals >= EMAIL_CODE_ATTEMPTS_ALLOWED:
            raise InvalidInput(EMAIL_CODE_VOID_MESSAGE, code="email_code_void", field="email_code")
        expires = device.email_code_expires_at
        if not device.email_code_hash or expires is None or expires < timezone.now():
            raise InvalidInput(
                "The e-mailed confirmation code has expired. Ask for a new code and try again.",
                field="email_code",
            )
        if check_password(_normalize(email_code), device.email_code_hash):
            return _totp_device_confirm_with_app_code(device, app_code, acting_user)
        refused = _email_code_refusal_count(device, acting_user)
    # Raised after the commit, so the refusal stays counted.
    raise refused


def _email_code_refusal_count(device: TotpDevice, acting_user: User) -> InvalidInput:
    device.email_code_refusals += 1
    fields = ["email_code_refusals"]
    left = EMAIL_CODE_ATTEMPTS_ALLOWED - device.email_code_refusals
    if left <= 0:
        device.email_code_hash = ""
        device.email_code_expires_at = None
        fields += ["email_code_hash", "email_code_expires_at"]
    device.save(update_fields=fields)
    audit_event_record(
        kind="mfa.device_code_refused",
        acting_user=acting_user,
        subject=device,
        extra={"attempt": device.email_code_refusals, "void": left <= 0},
    )
    if left <= 0:
        return InvalidInput(EMAIL_CODE_VOID_MESSAGE, code="email_code_void", field="email_code")
    return InvalidInput(
        "The e-mailed confirmation code is not correct. Check the e-mail and try again "
        f"({left} {'attempt' if left == 1 else 'attempts'} left).",
        field="email_code",
    )


def _totp_device_confirm_with_app_code(device: TotpDevice, app_code: str, acting_user: User) -> list[str]:
    step = _matching_step(device, _normalize(app_code))
    if step is None:
        raise InvalidInput(
            "The code from the authenticator app is not correct. Check that the app shows this account "
            "and that your phone's clock is right, then enter the current code.",
            field="code",
        )
    device.last_used_step = step
    device.confirmed_at = timezone.now()
    device.email_code_hash = ""
    device.email_code_expires_at = None
    device.save(update_fields=["last_used_step", "confirmed_at", "email_code_hash", "email_code_expires_at"])
    audit_event_record(
        kind="mfa.device_confirmed", acting_user=acting_user, subject=device, extra={"name": device.name}
    )
    user = device.user
    if BackupCode.objects.filter(user=user, used_at__isnull=True).exists():
        return []
    codes = _backup_codes_replace(user)
    audit_event_record(kind="mfa.backup_codes_generated", acting_user=acting_user, subject=user)
    return codes


def totp_device_remove(
    *, device: TotpDevice, acting_user: User, current_password: str, request: HttpRequest | None = None
) -> None:
    """Remove an authenticator app, after the account's current password (a stolen session must not drop the
    owner's second factor); a wrong one counts towards the sign-in lockout when `request` is given."""
    account_current_password_check(
        user=device.user,
        password=current_password,
        acting_user=acting_user,
        doing="mfa_device_remove",
        request=request,
    )
    _totp_device_delete(device=device, acting_user=acting_user)


@transaction.atomic
def _totp_device_delete(*, device: TotpDevice, acting_user: User) -> None:
    user = User.objects.select_for_update().get(pk=device.user_id)
    device = TotpDevice.objects.select_for_update().filter(pk=device.pk).first()  # type: ignore[assignment]
    if device is None:
        raise NotFound("There is no such authenticator app on your account.")
    others = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exclude(pk=device.pk)
    if device.confirmed_at is not None and mfa_required(user) and not others.exists():
        raise Conflict(
            "Filers must keep at least one authenticator app. Add and confirm another app before you "
            "remove this one."
        )
    audit_event_record(
        kind="mfa.device_removed", acting_user=acting_user, subject=device, extra={"name": device.name}
    )
    device.delete()
    if not others.exists():
        # Without an app the backup codes would be a second factor on their own.
        BackupCode.objects.filter(user=user).delete()


@transaction.atomic
def totp_devices_remove_added_since(sender: object, *, user: User, since: dt.datetime, **_: object) -> None:
    """Receiver of `accounts.signals.email_change_undone` (connected in `SignInConfig.ready`): the apps added
    after a change of the primary address that its old address undid were confirmed by codes mailed to the
    new one, so whoever made the change may hold them."""
    added = list(TotpDevice.objects.select_for_update().filter(user=user, created_at__gte=since))
    for device in added:
        audit_event_record(
            kind="mfa.device_removed",
            acting_user=None,
            subject=device,
            extra={"name": device.name, "reason": "email_change_undone"},
        )
        device.delete()
    if added and not mfa_is_enrolled(user):
        BackupCode.objects.filter(user=user).delete()


def backup_codes_regenerate(
    *, user: User, acting_user: User, current_password: str, request: HttpRequest | None = None
) -> list[str]:
    """Ten new one-time codes; the old ones stop working. Shown once, stored only as hashes.

    Asks for the current password: new codes are a second factor of their own (a wrong password counts
    towards the sign-in lockout when `request` is given)."""
    account_current_password_check(
        user=user,
        password=current_password,
        acting_user=acting_user,
        doing="backup_codes_regenerate",
        request=request,
    )
    with transaction.atomic():
        if not mfa_is_enrolled(user):
            raise Conflict("Set up an authenticator app before you create backup codes.")
        codes = _backup_codes_replace(user)
        audit_event_record(kind="mfa.backup_codes_generated", acting_user=acting_user, subject=user)
        return codes


def backup_codes_left(user: User) -> int:
    return BackupCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def mfa_code_verify(*, user: User, code: str) -> str | None:
    """'totp' or 'backup_code' when the code is good (and now spent), None when it is not."""
    code = _normalize(code)
    if not code or len(code) > 20:
        return None
    devices = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False)
    for device in devices:
        step = _matching_step(device, code)
        if step is not None:
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return "totp"
    if len(code) != 10 or not devices:
        return None
    backup = (
        BackupCode.objects.select_for_update()
        .filter(user=user, used_at__isnull=True, code_hash=_backup_code_hash(user, code))
        .first()
    )
    if backup is not None:
        backup.used_at = timezone.now()
        backup.save(update_fields=["used_at"])
        audit_event_record(
            kind="mfa.backup_code_used",
            acting_user=user,
            subject=user,
            extra={"left": backup_codes_left(user)},
        )
        return "backup_code"
    return None


@transaction.atomic
def totp_device_provision(*, user: User, name: str, secret: str, acting_user: User | None) -> TotpDevice:
    """A confirmed authenticator app whose secret was agreed outside the site (a token the court hands out,
    or the demo's published secret). Backup codes are made by the user later, in Manage My Account."""
    name = _device_name_clean(name)
    secret = secret.strip().upper()
    try:
        pyotp.TOTP(secret).now()
    except (ValueError, TypeError):
        raise InvalidInput(
            "The secret must be Base32 text (letters A-Z and digits 2-7).", field="secret"
        ) from None
    _device_slot_reserve(user)
    device = TotpDevice.objects.create(user=user, name=name, secret=secret, confirmed_at=timezone.now())
    audit_event_record(
        kind="mfa.device_provisioned", acting_user=acting_user, subject=device, extra={"name": name}
    )
    return device
