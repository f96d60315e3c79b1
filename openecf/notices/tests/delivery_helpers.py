"""Builders for the delivery tests (no tests here): a case with counsel of every kind, notices delivered as the
filing app announces them, and a test SMTP server told to answer some commands with an error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from openecf.accounts.models import SecondaryEmail, User
from openecf.cases.models import Attorney, Case, Party, PartyRole, Representation
from openecf.cases.services import attorney_create, party_add, representation_add
from openecf.courts.models import Court
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.filing.selectors import notice_of
from openecf.filing.signals import notice_generated
from openecf.filing.tests.factories import case_with_counsel, filing_make
from openecf.testing.smtp import SmtpServer

POSTAL = "27 Fenwick Court, Apt. 3B\nBaltimore, MD 21230"


@dataclass(frozen=True)
class Counsel:
    court: Court
    case: Case
    attorney: User  # the plaintiff's attorney, with an account and six secondary addresses
    doj: Attorney  # the defendant's attorney, no account: the court's record's addresses
    former: Attorney  # terminated: no notices
    intervenor: Party  # pro se, not registered: served by other means


def counsel_make(court: Court) -> Counsel:
    world = case_with_counsel(court)
    for number in range(6):  # one more than a notice carries
        SecondaryEmail.objects.create(user=world.attorney, email=f"marlowe{number}@firm.example")
    united_states = Party.objects.get(case=world.case, name="United States")
    with transaction.atomic():
        doj = attorney_create(court=court, name="Theresa Galvin", email="tg@usdoj.gov", acting_user=None)
        representation_add(party=united_states, attorney=doj, acting_user=None)
        former = attorney_create(
            court=court, name="Former Counsel", email="former@example.com", acting_user=None
        )
        representation_add(
            party=world.plaintiff, attorney=former, acting_user=None, date_terminated=dt.date(2026, 3, 1)
        )
    intervenor = party_add(
        case=world.case,
        name="Odile Marchetti",
        role=PartyRole.INTERVENOR,
        pro_se=True,
        postal_address=POSTAL,
        acting_user=None,
    )
    return Counsel(court, world.case, world.attorney, doj, former, intervenor)


def counsel_add(case: Case, party: Party, count: int, *, domain: str = "bar.example") -> None:
    """`count` more attorneys for the party, each with its own address (rows written directly: fast)."""
    attorneys = Attorney.objects.bulk_create(
        Attorney(court=case.court, name=f"Counsel {n:04d}", email=f"counsel{n:04d}@{domain}")
        for n in range(count)
    )
    Representation.objects.bulk_create(
        Representation(party=party, attorney=attorney, position=n + 1) for n, attorney in enumerate(attorneys)
    )


def notice_make(court: Court, case: Case, filer: User, **fields: Any) -> NoticeOfElectronicFiling:
    """A filing and its notice, committed as `filing_submit` leaves them, not yet announced."""
    return notice_of(filing_make(court=court, case=case, filer=filer, **fields))


def announce(notice: NoticeOfElectronicFiling, capture: Callable[..., Any]) -> None:
    """As the filing app does after its commit; the tasks run in-process after this test's 'commit'."""
    with capture(execute=True):
        notice_generated.send(sender=NoticeOfElectronicFiling, notice_id=notice.pk)


def answer_data(server: SmtpServer, *replies: str) -> None:
    """The server answers the next DATA commands with these replies (then accepts as usual)."""
    waiting = list(replies)
    accept = server.collector.handle_DATA

    async def handle_DATA(smtp: Any, session: Any, envelope: Any) -> str:
        if waiting:
            return waiting.pop(0)
        return await accept(smtp, session, envelope)

    # aiosmtpd looks the handler's hooks up for each new connection.
    server.collector.handle_DATA = handle_DATA  # type: ignore[method-assign,assignment]


def refuse_recipients(server: SmtpServer, refused: dict[str, str]) -> None:
    """The server answers RCPT TO for these addresses with the given reply."""

    async def handle_RCPT(smtp: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address.lower() in refused:
            return refused[address.lower()]
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    server.collector.handle_RCPT = handle_RCPT  # type: ignore[attr-defined]
