"""The access matrix of electronic filing: every role (row) against every way into filing (column), for
each case or filing it could reach.

Paths: the wizard's case step (start a motion, choose the case, reach the parties step), the API's dry run
(session) and real filing (token), the clerk's quality-control queue, the Notice of Electronic Filing page,
and the public "Verify a document" page. The world is the read matrix's (`matrix_world.py`), with three
filings made through the service: the attorney's in her case (public), the attorney's whose entry the
clerk then sealed, and the other attorney's in his case.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from openecf.cases.models import Case
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.docket.models import EntryRestriction
from openecf.documents.services import docket_entry_restrict
from openecf.documents.testing import make_pdf
from openecf.filing.models import Filing
from openecf.filing.services import FilingRequest, FilingUpload, filing_submit
from openecf.filing.stamps import stamp_text
from openecf.storage import blob_storage
from openecf.tests.matrix_world import ROLES, MatrixWorld, matrix_table_parse, matrix_world_build

# The matrices test the access layer, not the database: they run on SQLite only, which keeps the PostgreSQL run
# of CI inside its time (docs/testing.md).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="access matrices run on SQLite"
    ),
]

PATHS = (
    "wizard",
    "api_check",
    "api_file",
    "qc_queue",
    "notice",
    "verify",
    "qc_filing",
    "history",
    "api_get",
    "my_filings",
    "my_cases",
)
TARGETS = ("own_case", "own_sealed_entry", "other_case", "sealed_case", "other_court")

# The attorney (and the pro se party and filing agent of her case) file in her case; the other attorney in
# his; nobody files where they do not appear ("refused", with how to join), in a sealed case they are not
# in ("404", like a case that does not exist), or in a court where they have no rights (refused before any
# case is looked up, so a sealed case stays unnamed). Court staff file
# nothing as filers. A filing and its notice are the filer's and the court staff's; the quality-control
# queue is the clerk's office's. "Verify a document" answers anyone whether a file matches; which case and
# document it is only to those who may read the document. The quality-control page of a filing is the clerk's
# office's; its history and the API's copy are the filer's and the court staff's, like the notice; "My filings"
# lists the account's own filings, sealed ones included; the API's "my cases" lists the cases the filer stands
# for a party in (a sealed case too, when it is theirs), and no one else's. Disabled accounts' sessions and tokens end.
# "-": the cell does not exist (no filing in that case, or nothing to write).
EXPECTED_TABLE = """
target            wizard   api_check  api_file  qc_queue  notice  verify      qc_filing  history  api_get  my_filings  my_cases
[anonymous disabled_attorney disabled_clerk]
own_case          login    login      login     login     login   details     login      login    login    login       login
own_sealed_entry  login    login      -         login     login   match_only  login      login    login    login       login
other_case        login    login      login     login     login   details     login      login    login    login       login
sealed_case       login    login      -         login     -       -           -          -        -        -           login
other_court       login    login      -         login     -       -           -          -        -        -           login

[pacer_user inactive shared legacy psc_admin]
own_case          refused  refused    refused   404       404     details     404        404      404      not_listed  refused
own_sealed_entry  refused  refused    -         404       404     match_only  404        404      404      not_listed  refused
other_case        refused  refused    refused   404       404     details     404        404      404      not_listed  refused
sealed_case       refused  refused    -         404       -       -           -          -        -        -           refused
other_court       refused  refused    -         404       -       -           -          -        -        -           refused

[cif]
own_case          refused  refused    refused   404       404     details     404        404      404      not_listed  not_listed
own_sealed_entry  refused  refused    -         404       404     match_only  404        404      404      not_listed  not_listed
other_case        refused  refused    refused   404       404     details     404        404      404      not_listed  not_listed
sealed_case       404      404        -         404       -       -           -          -        -        -           not_listed
other_court       refused  refused    -         404       -       -           -          -        -        -           refused

[attorney]
own_case          ok       ok         filed     404       shown   details     404        shown    shown    listed      listed
own_sealed_entry  ok       ok         -         404       shown   match_only  404        shown    shown    listed      listed
other_case        refused  refused    refused   404       404     details     404        404      404      not_listed  not_listed
sealed_case       404      404        -         404       -       -           -          -        -        -           not_listed
other_court       refused  refused    -         404       -       -           -          -        -        -           refused

[pro_se filing_agent]
own_case          ok       ok         filed     404       404     details     404        404      404      not_listed  listed
own_sealed_entry  ok       ok         -         404       404     match_only  404        404      404      not_listed  listed
other_case        refused  refused    refused   404       404     details     404        404      404      not_listed  not_listed
sealed_case       404      404        -         404       -       -           -          -        -        -           not_listed
other_court       refused  refused    -         404       -       -           -          -        -        -           refused

[other_attorney]
own_case          refused  refused    refused   404       404     details     404        404      404      not_listed  not_listed
own_sealed_entry  refused  refused    -         404       404     match_only  404        404      404      not_listed  not_listed
other_case        ok       ok         filed     404       shown   details     404        shown    shown    listed      listed
sealed_case       404      404        -         404       -       -           -          -        -        -           not_listed
other_court       refused  refused    -         404       -       -           -          -        -        -           refused

[other_clerk]
own_case          refused  refused    refused   404       404     details     404        404      404      not_listed  refused
own_sealed_entry  refused  refused    -         404       404     match_only  404        404      404      not_listed  refused
other_case        refused  refused    refused   404       404     details     404        404      404      not_listed  refused
sealed_case       refused  refused    -         404       -       -           -          -        -        -           refused
other_court       refused  refused    -         shown     -       -           -          -        -        -           refused

[clerk help_desk]
own_case          refused  refused    refused   shown     shown   details     shown      shown    shown    not_listed  refused
own_sealed_entry  refused  refused    -         shown     shown   details     shown      shown    shown    not_listed  refused
other_case        refused  refused    refused   shown     shown   details     shown      shown    shown    not_listed  refused
sealed_case       refused  refused    -         shown     -       -           -          -        -        -           refused
other_court       refused  refused    -         404       -       -           -          -        -        -           refused

[superuser]
own_case          refused  refused    refused   shown     shown   details     shown      shown    shown    not_listed  refused
own_sealed_entry  refused  refused    -         shown     shown   details     shown      shown    shown    not_listed  refused
other_case        refused  refused    refused   shown     shown   details     shown      shown    shown    not_listed  refused
sealed_case       refused  refused    -         shown     -       -           -          -        -        -           refused
other_court       refused  refused    -         shown     -       -           -          -        -        -           refused

[judge chambers]
own_case          refused  refused    refused   404       shown   details     404        shown    shown    not_listed  refused
own_sealed_entry  refused  refused    -         404       shown   details     404        shown    shown    not_listed  refused
other_case        refused  refused    refused   404       shown   details     404        shown    shown    not_listed  refused
sealed_case       refused  refused    -         404       -       -           -          -        -        -           refused
other_court       refused  refused    -         404       -       -           -          -        -        -           refused
"""


CELLS = matrix_table_parse(EXPECTED_TABLE, paths=PATHS, targets=TARGETS)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class FilingWorld:
    def __init__(self, world: MatrixWorld, cases: dict[str, Case], filings: dict[str, Filing]) -> None:
        self.world = world
        self.cases = cases
        self.filings = filings
        self.seen: dict[tuple[str, ...], str] = {}


def _motion(case: Case, label: str) -> FilingRequest:
    return FilingRequest(
        event_code="motion",
        case_number=case.pacer_case_number,
        main_document=FilingUpload(make_pdf(f"Matrix motion {label}"), f"{label}.pdf"),
    )


@pytest.fixture(scope="module")
def filing_world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FilingWorld]:
    storage = tmp_path_factory.mktemp("filing-matrix-documents")
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
            cases = {
                "own_case": own,
                "own_sealed_entry": own,
                "other_case": other,
                "sealed_case": world.targets["sealed_case"].case,
                "other_court": Case.objects.get(court=world.cafc),
            }
            attorney, other_attorney = world.accounts["attorney"], world.accounts["other_attorney"]
            filings = {
                "own_case": filing_submit(user=attorney, court=world.cit, request=_motion(own, "own")),
                "own_sealed_entry": filing_submit(
                    user=attorney, court=world.cit, request=_motion(own, "sealed")
                ),
                "other_case": filing_submit(
                    user=other_attorney, court=world.cit, request=_motion(other, "other")
                ),
            }
            docket_entry_restrict(
                entry=filings["own_sealed_entry"].docket_entry,
                restriction=EntryRestriction.SEALED,
                acting_user=world.accounts["clerk"],
            )
            for role, client in world.clients.items():
                if role != "anonymous":
                    for court_id in ("cit", "cafc"):
                        client.post(f"/{court_id}/cmecf/redaction/", {"acknowledge": "on"})
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield FilingWorld(world, cases, filings)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _settings(settings: Any, filing_world: FilingWorld) -> None:
    settings.DOCUMENT_STORAGE_ROOT = filing_world.world.storage_root
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.RATELIMIT_ENABLE = False
    settings.OPENECF_RATE_LIMITS = dict.fromkeys(getattr(settings, "OPENECF_RATE_LIMITS", {}))


def _status_answer(status: int, ok: str) -> str:
    if status in (200, 201):
        return ok
    if status == 401:
        return "login"
    if status == 403:
        return "refused"
    if status == 404:
        return "404"
    raise AssertionError(f"unexpected status {status}")


def _page_status(response: Any) -> int:
    if response.status_code == 302 and "login" in response.get("Location", ""):
        return 401
    return int(response.status_code)


def _wizard(fw: FilingWorld, role: str, case: Case) -> str:
    client = fw.world.clients[role]
    start = client.post(reverse("filing:wizard_start", args=[case.court_id]), {"event": "motion"})
    if start.status_code != 302 or "login" in start.get("Location", ""):
        return _status_answer(_page_status(start), "ok")
    case_step = start["Location"]
    chosen = client.post(case_step, {"case_number": case.pacer_case_number, "confirm": "on"})
    if chosen.status_code != 302:
        return _status_answer(_page_status(chosen), "ok")
    parties = client.get(chosen["Location"])
    return _status_answer(_page_status(parties), "ok")


def _api_check(fw: FilingWorld, role: str, case: Case) -> str:
    url = f"/api/v1/courts/{case.court_id}/cases/{case.pacer_case_number}/filings/check"
    response = fw.world.clients[role].post(url, {"event": "motion", "document": _upload("check")})
    return _status_answer(response.status_code, "ok")


def _upload(label: str) -> io.BytesIO:
    handle = io.BytesIO(make_pdf(f"Matrix {label}"))
    handle.name = f"{label}.pdf"
    return handle


def _api_file(fw: FilingWorld, role: str, case: Case) -> str:
    url = f"/api/v1/courts/{case.court_id}/cases/{case.pacer_case_number}/filings"
    token = fw.world.tokens.get(role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = Client(raise_request_exception=False).post(
        url, {"event": "motion", "document": _upload("file")}, headers=headers
    )
    return _status_answer(response.status_code, "filed")


def _qc_queue(fw: FilingWorld, role: str, case: Case) -> str:
    response = fw.world.clients[role].get(reverse("filing:qc_queue", args=[case.court_id]))
    return _status_answer(_page_status(response), "shown")


def _notice(fw: FilingWorld, role: str, filing: Filing) -> str:
    url = reverse("filing:notice", args=[filing.court_id, filing.pk])
    response = fw.world.clients[role].get(url)
    answer = _status_answer(_page_status(response), "shown")
    if answer == "shown":
        assert filing.docket_entry.text in response.content.decode()
    return answer


def _verify(fw: FilingWorld, role: str, filing: Filing) -> str:
    document = filing.docket_entry.documents.get(attachment_number=0)
    handle = io.BytesIO(blob_storage().get(document.served_storage_key))
    handle.name = "download.pdf"
    response = fw.world.clients[role].post(
        reverse("filing:verify", args=[filing.court_id]),
        {"document": handle, "stamp": stamp_text(document.stamp)},
    )
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert re.search(r"\bmatches\b", body, re.IGNORECASE), body[:500]
    return "details" if filing.case.pacer_case_number in body else "match_only"


def _qc_filing(fw: FilingWorld, role: str, filing: Filing) -> str:
    response = fw.world.clients[role].get(reverse("filing:qc_filing", args=[filing.court_id, filing.pk]))
    return _status_answer(_page_status(response), "shown")


def _history(fw: FilingWorld, role: str, filing: Filing) -> str:
    url = reverse("filing:filing_history", args=[filing.court_id, filing.pk])
    response = fw.world.clients[role].get(url)
    return _status_answer(_page_status(response), "shown")


def _api_get(fw: FilingWorld, role: str, filing: Filing) -> str:
    token = fw.world.tokens.get(role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = Client(raise_request_exception=False).get(f"/api/v1/filings/{filing.pk}", headers=headers)
    answer = _status_answer(response.status_code, "shown")
    if answer == "shown":
        assert response.json()["id"] == filing.pk
    return answer


def _my_filings(fw: FilingWorld, role: str, filing: Filing) -> str:
    """Whether the filing is listed on the account's own "My filings" page."""
    key = (role, "my_filings", filing.court_id)
    if key not in fw.seen:  # one page per role: the targets are read off it
        response = fw.world.clients[role].get(reverse("filing:my_filings", args=[filing.court_id]))
        status = _page_status(response)
        fw.seen[key] = response.content.decode() if status == 200 else str(status)
    page = fw.seen[key]
    if page.isdigit():
        return _status_answer(int(page), "listed")
    notice = reverse("filing:notice", args=[filing.court_id, filing.pk])
    return "listed" if notice in page else "not_listed"


def _my_cases(fw: FilingWorld, role: str, case: Case) -> str:
    """Whether the API's "my cases" (the cases one may file in) lists the case."""
    token = fw.world.tokens.get(role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    url = f"/api/v1/courts/{case.court_id}/my-cases"
    key = (role, "my_cases", case.court_id)
    if key not in fw.seen:  # one answer per role and court: the targets are read off it
        response = Client(raise_request_exception=False).get(url, headers=headers)
        fw.seen[key] = (
            " ".join(item["docket_number"] for item in response.json()["items"])
            if response.status_code == 200
            else str(response.status_code)
        )
    answer = fw.seen[key]
    if answer.isdigit():
        return _status_answer(int(answer), "listed")
    return "listed" if case.pacer_case_number in answer.split() else "not_listed"


FILING_PATHS = {
    "notice": _notice,
    "verify": _verify,
    "qc_filing": _qc_filing,
    "history": _history,
    "api_get": _api_get,
    "my_filings": _my_filings,
}


def answer(fw: FilingWorld, role: str, target: str, path: str) -> str:
    case = fw.cases[target]
    if path == "wizard":
        return _wizard(fw, role, case)
    if path == "api_check":
        return _api_check(fw, role, case)
    if path == "api_file":
        return _api_file(fw, role, case) if target in ("own_case", "other_case") else "-"
    if path == "qc_queue":
        return _qc_queue(fw, role, case)
    if path == "my_cases":
        return _my_cases(fw, role, case)
    filing = fw.filings.get(target)
    if filing is None:
        return "-"
    return FILING_PATHS[path](fw, role, filing)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
def test_filing_access_matrix(filing_world: FilingWorld, role: str, target: str, path: str) -> None:
    assert answer(filing_world, role, target, path) == CELLS[(role, target, path)]


def test_the_table_covers_every_role_target_and_path() -> None:
    assert set(CELLS) == {(r, t, p) for r in ROLES for t in TARGETS for p in PATHS}
