"""pytest plugin: a real SMTP server (aiosmtpd) on 127.0.0.1 that Django's mail is sent to during a test.

Register with ``pytest_plugins = ["openecf.testing.smtp"]``; a test asks for the ``smtp_server`` fixture
and reads what arrived in ``smtp_server.messages``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the SMTP server received it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def to(self) -> str:
        return str(self.message["To"] or "")

    @property
    def body(self) -> str:
        """The plain-text part (or the only part) of the message."""
        part = self.message.get_body(preferencelist=("plain", "html"))
        return "" if part is None else str(part.get_content())


@dataclass
class _Collector:
    """aiosmtpd handler that keeps every accepted message."""

    messages: list[ReceivedMail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)  # noqa: S101 — policy.default always builds EmailMessage
        mail = ReceivedMail(
            mail_from=str(envelope.mail_from or ""),
            rcpt_tos=tuple(str(rcpt) for rcpt in envelope.rcpt_tos),
            message=parsed,
        )
        with self.lock:
            self.messages.append(mail)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    """The running server as a test sees it."""

    host: str
    port: int
    collector: _Collector

    @property
    def messages(self) -> list[ReceivedMail]:
        with self.collector.lock:
            return list(self.collector.messages)

    def messages_to(self, address: str) -> list[ReceivedMail]:
        wanted = address.lower()
        return [m for m in self.messages if wanted in (r.lower() for r in m.rcpt_tos)]


def _free_port(host: str) -> int:
    # aiosmtpd's Controller connects to its own port to check it is up, so it cannot be given port 0.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def smtp_server_start(host: str = "127.0.0.1") -> tuple[Controller, SmtpServer]:
    """Start an SMTP server on a free port; retried because another process may take the port first."""
    collector = _Collector()
    last_error: OSError | None = None
    for _attempt in range(5):
        port = _free_port(host)
        controller = Controller(collector, hostname=host, port=port)
        try:
            controller.start()
        except OSError as error:
            last_error = error
            continue
        return controller, SmtpServer(host=host, port=port, collector=collector)
    raise RuntimeError(f"Could not start the test SMTP server on {host}: {last_error}")


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server for this test; Django's mail goes to it over SMTP."""
    controller, server = smtp_server_start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""  # the local test server takes no login
    settings.EMAIL_TIMEOUT = 10
    try:
        yield server
    finally:
        controller.stop()
