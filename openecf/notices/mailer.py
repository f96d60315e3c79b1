"""What every notice e-mail shares on its way out: its Message-ID, its bounce (VERP) address, one SMTP
connection for a batch, and what an SMTP error means for the recipient (wait and retry, or give up).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
from dataclasses import dataclass
from types import TracebackType

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.crypto import constant_time_compare, salted_hmac

logger = logging.getLogger(__name__)

_VERP_SALT = "openecf.notices.bounce-address"
_UNSAFE_IN_MESSAGE_ID = re.compile(r"[^A-Za-z0-9]+")


def mail_domain() -> str:
    return str(settings.OPENECF_MAIL_DOMAIN)


def notice_message_id(notice_id: int, recipient_key: str) -> str:
    """The one Message-ID of a notice to one recipient, the same on every attempt (mail systems collapse
    copies that share it)."""
    key = _UNSAFE_IN_MESSAGE_ID.sub("-", recipient_key).strip("-")
    return f"<notice-{notice_id}.{key}@{mail_domain()}>"


def summary_message_id(court_id: str, day: dt.date, recipient_key: str) -> str:
    key = _UNSAFE_IN_MESSAGE_ID.sub("-", recipient_key).strip("-")
    court = _UNSAFE_IN_MESSAGE_ID.sub("-", court_id)
    return f"<daily-{court}-{day:%Y%m%d}.{key}@{mail_domain()}>"


# --- bounce addresses (VERP) -------------------------------------------------------------------------------
# Each message's envelope sender names what it carried: bounces+<delivery id>-<check>@domain for a notice,
# bounces+s<summary id>-<check>@domain for a Daily Summary. The check (an HMAC of SECRET_KEY) means a forged
# bounce cannot mark someone's notice undelivered.


@dataclass(frozen=True)
class BounceTarget:
    kind: str  # "delivery" or "summary"
    pk: int


def _mailbox() -> tuple[str, str]:
    local, _, domain = str(settings.OPENECF_BOUNCE_MAILBOX).rpartition("@")
    return local, domain


def _check(token: str) -> str:
    return salted_hmac(_VERP_SALT, token, algorithm="sha256").hexdigest()[:12]


def bounce_address(target: BounceTarget) -> str:
    local, domain = _mailbox()
    token = f"{'s' if target.kind == 'summary' else ''}{target.pk}"
    return f"{local}+{token}-{_check(token)}@{domain}"


class ForgedBounceAddress(ValueError):
    """A bounce address of our form whose check is wrong."""


def bounce_address_parse(address: str) -> BounceTarget | None:
    """The delivery or summary a bounce address names; None if it is not one of ours; ForgedBounceAddress
    if it looks like ours but its check does not match."""
    local, domain = _mailbox()
    match = re.fullmatch(
        rf"{re.escape(local)}\+(s?)(\d{{1,18}})-([0-9a-f]+)@{re.escape(domain)}",
        address.strip(),
        re.IGNORECASE,
    )
    if match is None:
        return None
    prefix, number, check = match.group(1).lower(), match.group(2), match.group(3).lower()
    if not constant_time_compare(check, _check(f"{prefix}{int(number)}")):
        raise ForgedBounceAddress(address)
    return BounceTarget(kind="summary" if prefix else "delivery", pk=int(number))


def addressed(message: EmailMessage, *, message_id: str, target: BounceTarget) -> EmailMessage:
    """The message with its fixed Message-ID and its bounce address as envelope sender; the From header the
    recipient sees stays the court's."""
    headers = {k: v for k, v in message.extra_headers.items() if k.lower() not in {"message-id", "from"}}
    visible_from = next((v for k, v in message.extra_headers.items() if k.lower() == "from"), None)
    headers["From"] = visible_from or message.from_email
    headers["Message-ID"] = message_id
    message.extra_headers = headers
    # Django's SMTP backend gives from_email as MAIL FROM: bounces come back to the VERP address.
    message.from_email = bounce_address(target)
    return message


# --- SMTP errors --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendFailure:
    """An attempt that did not get the message accepted."""

    error: str  # the server's words
    permanent: bool  # 5xx for this message: retrying cannot help
    connection_lost: bool  # the connection is unusable: open a new one for the next message


def _words(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())


def smtp_failure(error: Exception) -> SendFailure:
    """Sort an exception of a send: 5xx answers to this message are permanent, everything else (4xx, a
    refused or lost connection, a timeout) is temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [(int(code), _words(text), address) for address, (code, text) in error.recipients.items()]
        return SendFailure(
            error="; ".join(f"{address}: {code} {text}" for code, text, address in answers),
            permanent=bool(answers) and all(code >= 500 for code, _text, _address in answers),
            connection_lost=False,
        )
    if isinstance(error, (smtplib.SMTPConnectError, smtplib.SMTPHeloError, smtplib.SMTPAuthenticationError)):
        # The server refused us, not this recipient: every message would fail alike.
        return SendFailure(
            error=f"{error.smtp_code} {_words(error.smtp_error)}", permanent=False, connection_lost=True
        )
    if isinstance(error, smtplib.SMTPResponseException):  # MAIL FROM or DATA refused for this message
        code = int(error.smtp_code)
        return SendFailure(
            error=f"{code} {_words(error.smtp_error)}", permanent=code >= 500, connection_lost=code == 421
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return SendFailure(error=f"Connection lost: {error}", permanent=False, connection_lost=True)
    if isinstance(error, OSError):  # refused, unreachable, timed out
        return SendFailure(
            error=f"Cannot reach the mail server: {error.strerror or error}",
            permanent=False,
            connection_lost=True,
        )
    return SendFailure(error=f"{type(error).__name__}: {error}", permanent=False, connection_lost=True)


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th deferred attempt: 1, 2, 4 … minutes, at most an hour."""
    base = int(settings.OPENECF_NOTICE_RETRY_BASE_SECONDS)
    ceiling = int(settings.OPENECF_NOTICE_RETRY_MAX_SECONDS)
    return dt.timedelta(seconds=min(ceiling, base * 2 ** max(0, min(attempts - 1, 30))))


def attempts_exhausted(attempts: int) -> bool:
    return attempts >= int(settings.OPENECF_NOTICE_MAX_ATTEMPTS)


def gave_up(attempts: int, error: str) -> str:
    return f"Gave up after {attempts} attempt{'s' if attempts != 1 else ''}: {error}"


# --- one connection per batch -------------------------------------------------------------------------------


class MailSession:
    """The mail backend's connection, opened on the first message and kept for the batch; a lost connection
    is dropped and the next message opens a new one."""

    def __init__(self) -> None:
        self._backend: BaseEmailBackend | None = None

    def __enter__(self) -> MailSession:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> SendFailure | None:
        """Hand the message to the server: None when accepted, else why not."""
        try:
            if self._backend is None:
                self._backend = get_connection(fail_silently=False)
                self._backend.open()
            if self._backend.send_messages([message]) != 1:
                return SendFailure(
                    error="The message has no recipient.", permanent=True, connection_lost=False
                )
        except Exception as error:  # every failure is recorded on the recipient's row
            failure = smtp_failure(error)
            if failure.connection_lost:
                self.close()
            return failure
        return None

    def close(self) -> None:
        backend, self._backend = self._backend, None
        if backend is None:
            return
        try:
            backend.close()
        except Exception:  # a broken connection may fail to say goodbye
            logger.debug("Closing the mail connection failed", exc_info=True)
