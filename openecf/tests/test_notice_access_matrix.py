"""The access matrix of notices: every role (row) against every way to a Notice of Electronic Filing or to what
it carries (column), for each filing it could reach (target).

Paths: the notice's free look link (asked, clicked, asked once used, and with the other court's id in it),
PACER's `DktRpt.pl` case link, the filing's delivery states, the court's outbox (the list and one message),
the undelivered notices with Resend and Regenerate, the paper-service packet, My Account's "Free looks", the
role's own e-mailed copy of the notice, and the filing's pages and actions under the other court's id.

The world is the read matrix's (`matrix_world.py`) with four filings made through the filing service, their
notices planned by the delivery service as after commit (nothing is sent): the attorney's in her case (public;
its defendant has no attorney, so a packet exists), the attorney's whose entry the clerk sealed after its
notice went out, the other attorney's in his case, and an appellate attorney's in the other court's case. The
filer's delivery of each failed (so the undelivered list has it), and the free look link tried, in every row,
is the filer's: whoever holds it, a forwarded link included.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import fitz
import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from openecf.accounts.models import User
from openecf.cases.models import Case, PartyRole
from openecf.cases.services import attorney_create, party_add, representation_add
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.docket.models import EntryRestriction
from openecf.documents.models import Document
from openecf.documents.services import docket_entry_restrict
from openecf.documents.testing import make_pdf
from openecf.filers.factories import FilingRightFactory
from openecf.filers.tests.helpers import confirm_mfa
from openecf.filing.models import Filing
from openecf.filing.packet import parties_to_serve
from openecf.filing.selectors import notice_of
from openecf.filing.services import FilingRequest, FilingUpload, filing_submit
from openecf.notices.delivery import deliveries_send, notice_fan_out, notice_regenerate
from openecf.notices.free_look import (
    FreeLookState,
    document_link,
    free_look_of_link,
    free_look_state,
)
from openecf.notices.models import DeliveryState, FreeLook, NoticeDelivery
from openecf.notices.render import case_link
from openecf.storage import blob_storage
from openecf.tests.matrix_world import ROLES, MatrixWorld, matrix_table_parse, matrix_world_build

# The matrices test the access layer, not the database: they run on SQLite only (docs/testing.md).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="access matrices run on SQLite"
    ),
]

PATHS = (
    "free_look_get",
    "free_look_post",
    "free_look_used",
    "free_look_elsewhere",
    "dktrpt",
    "deliveries",
    "outbox",
    "outbox_message",
    "undelivered",
    "resend",
    "regenerate",
    "packet",
    "my_free_looks",
    "mail",
    "wrong_court",
)
TARGETS = ("own_case", "own_sealed_entry", "other_case", "other_court")

# What a cell may say:
#   one_click    the free look's one-click page ("View the document (your one free look)")
#   pdf          the document itself (a click that used the free look, or normal access); the packet with it
#   used         the page saying the free look was used, which links normal access
#   full / text / line   the Docket Report DktRpt.pl led to shows the entry with its document link / its text
#                without the link / a line without its text (the read matrix's words); for `mail`, the role's
#                copy carries the entry's text and a free look that works / the text only / nothing of it
#   covers       the packet's cover sheets without the filed document (the reader may not read it)
#   shown / listed / not_listed / resent / regenerated   the page, whether it lists the target, the action done
#   login / refused / 404   sent to log in / told no / "not found", like a filing, delivery or document that
#                does not exist
#   nothing      no copy of the notice for the role, or one that says nothing of the entry
#   -            the cell does not exist (every party is served by the notice: no packet)
#
# Who may do what. The free look link works once for whoever holds it, signed in or not (a forwarded link
# works; a disabled account's ended session is a visitor's); once used it says so and leads to normal access,
# and under another court's id it is no free look and finds nothing. The sealed entry's link went out while
# the entry was public: now it gives normal access only, used or not (the court's staff read the document,
# everyone else finds nothing). DktRpt.pl leads anyone to the Docket Report of a public case, which shows a
# sealed entry's text to the court's staff only. A filing's delivery states are its filer's and the court's
# staff's, like its notice. The outbox, its messages (free looks withheld), the undelivered list, Resend and
# Regenerate are the clerk's office's of the filing's court (clerk, help desk) and the superuser's; judges,
# chambers and everyone else find no such page. The paper-service packet is the filer's and the court staff's,
# and carries the filed document only for a reader who may read it. My Account lists the free looks of the
# notices sent to the account, public documents only. A notice e-mailed today (regenerated by the clerk, or
# resent) goes to the case's service list, and never carries a sealed entry's text to a recipient who may not
# read it; its filer, who sees the notice of her own filing on its page, gets her copy. With the other court's
# id in the address, the filing's pages and the clerk's actions find nothing, even for the superuser; nothing
# is done.
EXPECTED_TABLE = """
target            free_look_get  free_look_post  free_look_used  free_look_elsewhere  dktrpt  deliveries  outbox  outbox_message  undelivered  resend  regenerate   packet  my_free_looks  mail     wrong_court
[anonymous disabled_clerk]
own_case          one_click      pdf             used            404                  full    login       login   login           login        login   login        login   login          nothing  login
own_sealed_entry  404            404             404             404                  line    login       login   login           login        login   login        login   login          nothing  login
other_case        one_click      pdf             used            404                  full    login       login   login           login        login   login        -       login          nothing  login
other_court       one_click      pdf             used            404                  full    login       login   login           login        login   login        -       login          nothing  login

[pacer_user inactive shared legacy filing_agent cif psc_admin]
own_case          one_click      pdf             used            404                  full    404         404     404             404          404     404          404     not_listed     nothing  404
own_sealed_entry  404            404             404             404                  line    404         404     404             404          404     404          404     not_listed     nothing  404
other_case        one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404
other_court       one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404

[attorney]
own_case          one_click      pdf             used            404                  full    shown       404     404             404          404     404          pdf     listed         full     404
own_sealed_entry  404            404             404             404                  line    shown       404     404             404          404     404          covers  not_listed     text     404
other_case        one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404
other_court       one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404

[pro_se]
own_case          one_click      pdf             used            404                  full    404         404     404             404          404     404          404     listed         full     404
own_sealed_entry  404            404             404             404                  line    404         404     404             404          404     404          404     not_listed     nothing  404
other_case        one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404
other_court       one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404

[other_attorney]
own_case          one_click      pdf             used            404                  full    404         404     404             404          404     404          404     not_listed     nothing  404
own_sealed_entry  404            404             404             404                  line    404         404     404             404          404     404          404     not_listed     nothing  404
other_case        one_click      pdf             used            404                  full    shown       404     404             404          404     404          -       listed         full     404
other_court       one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404

[other_clerk]
own_case          one_click      pdf             used            404                  full    404         404     404             404          404     404          404     not_listed     nothing  404
own_sealed_entry  404            404             404             404                  line    404         404     404             404          404     404          404     not_listed     nothing  404
other_case        one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404
other_court       one_click      pdf             used            404                  full    shown       listed  shown           listed       resent  regenerated  -       not_listed     nothing  404

[clerk help_desk]
own_case          one_click      pdf             used            404                  full    shown       listed  shown           listed       resent  regenerated  pdf     not_listed     nothing  404
own_sealed_entry  pdf            pdf             pdf             404                  full    shown       listed  shown           listed       resent  regenerated  pdf     not_listed     nothing  404
other_case        one_click      pdf             used            404                  full    shown       listed  shown           listed       resent  regenerated  -       not_listed     nothing  404
other_court       one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404

[judge chambers]
own_case          one_click      pdf             used            404                  full    shown       404     404             404          404     404          pdf     not_listed     nothing  404
own_sealed_entry  pdf            pdf             pdf             404                  full    shown       404     404             404          404     404          pdf     not_listed     nothing  404
other_case        one_click      pdf             used            404                  full    shown       404     404             404          404     404          -       not_listed     nothing  404
other_court       one_click      pdf             used            404                  full    404         404     404             404          404     404          -       not_listed     nothing  404

[superuser]
own_case          one_click      pdf             used            404                  full    shown       listed  shown           listed       resent  regenerated  pdf     not_listed     nothing  404
own_sealed_entry  pdf            pdf             pdf             404                  full    shown       listed  shown           listed       resent  regenerated  pdf     not_listed     nothing  404
other_case        one_click      pdf             used            404                  full    shown       listed  shown           listed       resent  regenerated  -       not_listed     nothing  404
other_court       one_click      pdf             used            404                  full    shown       listed  shown           listed       resent  regenerated  -       not_listed     nothing  404

[disabled_attorney]
own_case          one_click      pdf             used            404                  full    login       login   login           login        login   login        login   login          full     login
own_sealed_entry  404            404             404             404                  line    login       login   login           login        login   login        login   login          nothing  login
other_case        one_click      pdf             used            404                  full    login       login   login           login        login   login        -       login          nothing  login
other_court       one_click      pdf             used            404                  full    login       login   login           login        login   login        -       login          nothing  login
"""


CELLS = matrix_table_parse(EXPECTED_TABLE, paths=PATHS, targets=TARGETS)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A notice's free look: doc1's `magic_num`, or a court of appeals' docs1 `uid`.
MAGIC_NUMBER = re.compile(r"(?:magic_num|uid)=([0-9]{24})")


@dataclass(frozen=True)
class NoticeTarget:
    """One filing, its main document and the filer's delivery of its notice (the free look link tried)."""

    filing: Filing
    document: Document
    delivery: NoticeDelivery
    link: str  # the path of the filer's free look link, as the notice carries it

    @property
    def court_id(self) -> str:
        return self.filing.court_id


@dataclass
class NoticeWorld:
    world: MatrixWorld
    targets: dict[str, NoticeTarget]


def _motion(case: Case, label: str) -> FilingRequest:
    return FilingRequest(
        event_code="motion",
        case_number=case.pacer_case_number,
        main_document=FilingUpload(make_pdf(f"Matrix motion {label}"), f"{label}.pdf"),
        # Each entry's text its own, so a page showing one is not taken for showing another.
        docket_text_extra=f"(matrix {label})",
    )


def _appellate_counsel(world: MatrixWorld) -> tuple[User, Case]:
    """The appeal of the other court, with an appellant whose attorney files there."""
    appeal = Case.objects.get(court=world.cafc)
    appellant = party_add(
        case=appeal,
        name="Garrowby Mills",
        role=PartyRole.APPELLANT,
        acting_user=world.accounts["other_clerk"],
    )
    attorney = attorney_create(court=world.cafc, name="Appellate Counsel", acting_user=None)
    representation_add(party=appellant, attorney=attorney, acting_user=None)
    user: User = FilingRightFactory.create(
        user__username="mx-appellate-attorney",
        user__email="mx-appellate-attorney@example.com",
        court=world.cafc,
        attorney=attorney,
    ).user
    confirm_mfa(user)
    return user, appeal


def _target(filing: Filing) -> NoticeTarget:
    notice_fan_out(notice_of(filing).pk)
    document = filing.docket_entry.documents.get(attachment_number=0)
    delivery = NoticeDelivery.objects.get(notice__filing=filing, account=filing.filer)
    link = urlsplit(document_link(delivery, document))
    assert "magic_num=" in link.query or "uid=" in link.query, link
    # One delivery a filing did not reach (the filer's): the help desk's list has something to show.
    NoticeDelivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.FAILED, attempts=1, last_error="550 5.1.1 mailbox unavailable"
    )
    return NoticeTarget(filing, document, delivery, f"{link.path}?{link.query}")


@pytest.fixture(scope="module")
def notice_world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NoticeWorld]:
    storage = tmp_path_factory.mktemp("notice-matrix-documents")
    atomic = transaction.atomic()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, DOCUMENT_STORAGE_ROOT=str(storage)),
    ):
        atomic.__enter__()
        try:
            world = matrix_world_build()
            world.storage_root = str(storage)
            for court in (world.cit, world.cafc):
                event_dictionary_load(court=court, acting_user=None)
            own = world.targets["public"].case
            other = Case.objects.get(court=world.cit, short_title__startswith="Bellwether")
            attorney, other_attorney = world.accounts["attorney"], world.accounts["other_attorney"]
            appellate_attorney, appeal = _appellate_counsel(world)
            filings = {
                "own_case": filing_submit(user=attorney, court=world.cit, request=_motion(own, "own")),
                "own_sealed_entry": filing_submit(
                    user=attorney, court=world.cit, request=_motion(own, "sealed")
                ),
                "other_case": filing_submit(
                    user=other_attorney, court=world.cit, request=_motion(other, "other")
                ),
                "other_court": filing_submit(
                    user=appellate_attorney, court=world.cafc, request=_motion(appeal, "appeal")
                ),
            }
            # Planned as the delivery task plans them after commit: the sealed entry's notice went out while
            # the entry was public, and the clerk sealed it afterwards.
            targets = {name: _target(filing) for name, filing in filings.items()}
            docket_entry_restrict(
                entry=filings["own_sealed_entry"].docket_entry,
                restriction=EntryRestriction.SEALED,
                acting_user=world.accounts["clerk"],
            )
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield NoticeWorld(world, targets)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _settings(settings: Any, notice_world: NoticeWorld) -> None:
    settings.DOCUMENT_STORAGE_ROOT = notice_world.world.storage_root
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.RATELIMIT_ENABLE = False
    settings.OPENECF_RATE_LIMITS = dict.fromkeys(getattr(settings, "OPENECF_RATE_LIMITS", {}))
    # Nothing leaves the test: a Resend or Regenerate would only queue after commit, which never comes.
    assert django_settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


def _refusal(response: Any, target: NoticeTarget) -> str:
    """The answer of a response that is not the thing asked for; a refusal says nothing of the entry."""
    status = int(response.status_code)
    body = html.unescape(response.content.decode())
    assert target.filing.docket_entry.text not in body, f"a refusal ({status}) shows the entry's text"
    if status == 302 and "login" in response.get("Location", ""):
        return "login"
    if status == 403:
        return "refused"
    if status == 404:
        return "404"
    raise AssertionError(f"unexpected status {status} {response.get('Location', '')}")


def _document_answer(response: Any, target: NoticeTarget) -> str:
    """What the free look link gave: its pages, or the document (by normal access, or used)."""
    if response.status_code == 200 and response["Content-Type"] == "application/pdf":
        assert response.content == blob_storage().get(target.document.served_storage_key)
        return "pdf"
    body = response.content.decode()
    if response.status_code == 200 and 'id="free-look-form"' in body:
        return "one_click"
    if response.status_code in (200, 409) and 'id="free-look-gone"' in body:
        return "used"
    return _refusal(response, target)


def _pdf_text(content: bytes) -> str:
    with fitz.open(stream=content, filetype="pdf") as pdf:
        return "".join(page.get_text() for page in pdf)


def _free_look(target: NoticeTarget) -> FreeLook:
    return FreeLook.objects.get(delivery=target.delivery, document=target.document)


def _free_look_get(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    return _document_answer(nw.world.clients[role].get(target.link), target)


def _free_look_post(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    """The click (the test's transaction gives the free look back afterwards)."""
    assert _free_look(target).used_at is None, "an earlier cell's click was kept"
    client = nw.world.clients[role]
    response = client.post(target.link)
    if response.status_code == 303:
        # No free look to use (the document is no longer public): its own address, normal access.
        assert _free_look(target).used_at is None
        return _document_answer(client.get(response["Location"]), target)
    answer = _document_answer(response, target)
    assert (_free_look(target).used_at is not None) is (answer == "pdf"), answer
    return answer


def _free_look_used(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    FreeLook.objects.filter(delivery=target.delivery, document=target.document).update(used_at=timezone.now())
    return _document_answer(nw.world.clients[role].get(target.link), target)


def _elsewhere(target: NoticeTarget) -> str:
    """The court whose id the wrong-court paths put in the address: the other one of the world's two."""
    return "cafc" if target.court_id == "cit" else "cit"


def _free_look_elsewhere(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    """The free look link with the other court's id in place of the document's: no free look there."""
    link = target.link.replace(f"/{target.court_id}/", f"/{_elsewhere(target)}/", 1)
    return _document_answer(nw.world.clients[role].get(link), target)


def _dktrpt(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    """The notice's case link, followed to the Docket Report: what it shows of the filing's entry (the read
    matrix's words: "full" with its document link, "text" without, "line" without the text)."""
    case = target.filing.case
    client = nw.world.clients[role]
    link = urlsplit(case_link(case))
    response = client.get(f"{link.path}?{link.query}")
    if response.status_code != 302:
        return _refusal(response, target)
    docket = reverse("web:docket_report", args=[case.court_id, case.pacer_case_number])
    assert response["Location"] == docket, response["Location"]
    report = client.get(docket)
    if report.status_code != 200:
        return _refusal(report, target)
    body = report.content.decode()
    shown = (target.filing.docket_entry.text in body, target.document.public_id in body)
    return {(True, True): "full", (True, False): "text", (False, False): "line"}.get(shown, "link_only")


def _deliveries(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    url = reverse("notices:filing_deliveries", args=[target.court_id, target.filing.pk])
    response = nw.world.clients[role].get(url)
    if response.status_code != 200:
        return _refusal(response, target)
    assert target.delivery.addresses[0] in response.content.decode()
    return "shown"


def _outbox(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    response = nw.world.clients[role].get(reverse("notices:outbox", args=[target.court_id]))
    if response.status_code != 200:
        return _refusal(response, target)
    return (
        "listed"
        if f'id="outbox-delivery-{target.delivery.pk}"' in response.content.decode()
        else "not_listed"
    )


def _outbox_message(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    url = reverse("notices:outbox_message", args=[target.court_id, target.delivery.pk])
    response = nw.world.clients[role].get(url)
    if response.status_code != 200:
        return _refusal(response, target)
    body = response.content.decode()
    assert target.filing.case.pacer_case_number in body
    # The recipient's free look is the recipient's, not the outbox reader's.
    assert not MAGIC_NUMBER.search(html.unescape(body)), "the outbox shows a free look"
    return "shown"


def _undelivered(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    response = nw.world.clients[role].get(reverse("notices:undelivered", args=[target.court_id]))
    if response.status_code != 200:
        return _refusal(response, target)
    return "listed" if f'id="undelivered-{target.delivery.pk}"' in response.content.decode() else "not_listed"


def _resend(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    url = reverse("notices:delivery_resend", args=[target.court_id, target.delivery.pk])
    response = nw.world.clients[role].post(url, {"back": "undelivered"})
    state = NoticeDelivery.objects.get(pk=target.delivery.pk).state
    if response.status_code == 302 and "login" not in response["Location"]:
        assert state == DeliveryState.PENDING, state
        return "resent"
    assert state == DeliveryState.FAILED, state
    return _refusal(response, target)


def _regenerate(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    filing = target.filing
    first = notice_of(filing)
    url = reverse("notices:notice_regenerate", args=[target.court_id, filing.pk])
    response = nw.world.clients[role].post(url, {"notice": first.pk, "back": "deliveries"})
    current = notice_of(filing)
    if response.status_code == 302 and "login" not in response["Location"]:
        assert current.regenerated_from_id == first.pk
        return "regenerated"
    assert current.pk == first.pk
    return _refusal(response, target)


def _packet(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    if not parties_to_serve(target.filing):
        return "-"
    url = reverse("filing:service_packet", args=[target.court_id, target.filing.pk])
    response = nw.world.clients[role].get(url)
    if response.status_code != 200:
        return _refusal(response, target)
    assert response["Content-Type"] == "application/pdf"
    return "pdf" if "Matrix motion" in _pdf_text(response.content) else "covers"


def _my_free_looks(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    response = nw.world.clients[role].get(reverse("myaccount:free_looks"))
    if response.status_code != 200:
        return _refusal(response, target)
    return "listed" if target.document.public_id in response.content.decode() else "not_listed"


def _mail(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    """The role's own copy of the notice as it would be e-mailed today: regenerated by the clerk's office and
    planned again (a resent first notice carries the same text). "full": the entry's text and a free look
    that works; "text": the text, its document by normal access; "nothing": no copy, or none of the entry."""
    account = nw.world.accounts.get(role)
    if account is None:
        return "nothing"
    regenerated = notice_regenerate(
        notice=notice_of(target.filing), acting_user=nw.world.accounts["superuser"]
    )
    notice_fan_out(regenerated.pk)
    delivery = NoticeDelivery.objects.filter(notice=regenerated, account=account).first()
    if delivery is None:
        return "nothing"
    mail.outbox.clear()
    deliveries_send([delivery.pk])  # what the worker does: it mails only what the recipient may read now
    sent = [message for message in mail.outbox if set(message.to) & set(delivery.addresses)]
    if not sent:
        return "nothing"
    body = html.unescape(str(sent[0].body))
    text = target.filing.docket_entry.text in body
    free_looks = [
        free_look_of_link(court_id=target.court_id, public_id=target.document.public_id, magic_num=number)
        for number in MAGIC_NUMBER.findall(body)
    ]
    usable = any(
        free_look is not None and free_look_state(free_look) == FreeLookState.REMAINING
        for free_look in free_looks
    )
    assert text or not usable, body
    return {(True, True): "full", (True, False): "text", (False, False): "nothing"}[(text, usable)]


def _wrong_court(nw: NoticeWorld, role: str, target: NoticeTarget) -> str:
    """The filing's pages and the clerk's actions with the other court's id in the address (a clerk of that
    court trying this court's ids): one answer for all four, and nothing done."""
    court, filing, delivery = _elsewhere(target), target.filing, target.delivery
    client = nw.world.clients[role]
    first = notice_of(filing)
    responses = [
        client.get(reverse("notices:filing_deliveries", args=[court, filing.pk])),
        client.get(reverse("notices:outbox_message", args=[court, delivery.pk])),
        client.post(reverse("notices:delivery_resend", args=[court, delivery.pk]), {"back": "undelivered"}),
        client.post(
            reverse("notices:notice_regenerate", args=[court, filing.pk]), {"notice": first.pk, "back": "qc"}
        ),
    ]
    assert NoticeDelivery.objects.get(pk=delivery.pk).state == DeliveryState.FAILED
    assert notice_of(filing).pk == first.pk
    answers = {_refusal(response, target) for response in responses}
    assert len(answers) == 1, answers
    return answers.pop()


ANSWERS = {
    "free_look_get": _free_look_get,
    "free_look_post": _free_look_post,
    "free_look_used": _free_look_used,
    "free_look_elsewhere": _free_look_elsewhere,
    "dktrpt": _dktrpt,
    "deliveries": _deliveries,
    "outbox": _outbox,
    "outbox_message": _outbox_message,
    "undelivered": _undelivered,
    "resend": _resend,
    "regenerate": _regenerate,
    "packet": _packet,
    "my_free_looks": _my_free_looks,
    "mail": _mail,
    "wrong_court": _wrong_court,
}


def answer(nw: NoticeWorld, role: str, target: str, path: str) -> str:
    return ANSWERS[path](nw, role, nw.targets[target])


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
def test_notice_access_matrix(notice_world: NoticeWorld, role: str, target: str, path: str) -> None:
    assert answer(notice_world, role, target, path) == CELLS[(role, target, path)]


def test_the_table_covers_every_role_target_and_path() -> None:
    assert set(CELLS) == {(r, t, p) for r in ROLES for t in TARGETS for p in PATHS}
