"""The access matrix: what every role may read of every kind of restricted record, by every path that exists.

It is the project's proof that nothing leaks. `EXPECTED_TABLE` states every cell; the test reads each one as that
role, by that path, and compares. A new role is a new row (a name in a block, or a block of its own), a new
kind of restriction a new line in every block (and its record in `matrix_world.py`), a new path a new column
(and its reader in `READERS`).

What a cell may say (several answers allowed are written a/b):
  docket paths (html, api, token, cli):
    full      the docket, with the entry's text and its document link
    text      the docket, with the entry's text but no document link
    line      the docket, without the entry's text or document link
    404       "not found", exactly as for a case that does not exist
    denied    refused (401, 403, a sign-in page; the CLI refuses the account)
  document:   pdf (the PDF) | 404 | denied
  list_html, list_api, list_token (the court's case list, unfiltered and searched by title):
    listed | unlisted | denied
  admin (the change lists and change pages of the case, the entry and its document):
    shown | hidden (not listed, no change page) | denied (no admin at all)
  -           the path does not exist for this role (an anonymous visitor has no API token)

Where a sealed case is named by a public one (the lead case of its consolidation, the appeal it went to),
whoever gets "404" or "hidden" for it must also not find it named in that public case's docket or admin page.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from openecf.cases.models import Case
from openecf.tests.matrix_world import RESTRICTIONS, ROLES, MatrixWorld, Target, matrix_world_build

# The matrices test the access layer, not the database: they run on SQLite only, which keeps the PostgreSQL run
# of CI inside its time (docs/testing.md).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="access matrices run on SQLite"
    ),
]

PATHS = ("html", "api", "token", "cli", "document", "list_html", "list_api", "list_token", "admin")

# Court staff (clerk, help desk, judge, chambers of THIS court) and superusers read everything of the court;
# only the clerk's office and superusers have the admin. A case's participants (its attorneys and pro se parties) also read its
# participants-only entries, never an ex parte entry filed for the other side. Everyone else reads what the
# public reads, an inactive account included (issue 7, §5: it must not see less than a visitor; it is told
# where to enter its activation code). A disabled account's live session reads at most what the public reads
# (its session ends: it reads as the public, or is refused), and its API token is revoked.
EXPECTED_TABLE = """
restriction               html         api          token        cli          document    list_html      list_api       list_token     admin
[anonymous]
public                    full         full         -            full         pdf         listed         listed         -              denied
participants              line         line         -            line         404         listed         listed         -              denied
ex_parte                  line         line         -            line         404         listed         listed         -              denied
sealed_entry              line         line         -            line         404         listed         listed         -              denied
sealed_document           text         text         -            text         404         listed         listed         -              denied
sealed_document_resealed  text         text         -            text         404         listed         listed         -              denied
sealed_case               404          404          -            404          404         unlisted       unlisted       -              denied
sealed_member             404          404          -            404          404         unlisted       unlisted       -              denied
sealed_origin             404          404          -            404          404         unlisted       unlisted       -              denied

[pacer_user inactive shared legacy cif other_attorney psc_admin filing_agent]
public                    full         full         full         full         pdf         listed         listed         listed         denied
participants              line         line         line         line         404         listed         listed         listed         denied
ex_parte                  line         line         line         line         404         listed         listed         listed         denied
sealed_entry              line         line         line         line         404         listed         listed         listed         denied
sealed_document           text         text         text         text         404         listed         listed         listed         denied
sealed_document_resealed  text         text         text         text         404         listed         listed         listed         denied
sealed_case               404          404          404          404          404         unlisted       unlisted       unlisted       denied
sealed_member             404          404          404          404          404         unlisted       unlisted       unlisted       denied
sealed_origin             404          404          404          404          404         unlisted       unlisted       unlisted       denied

[attorney pro_se]
public                    full         full         full         full         pdf         listed         listed         listed         denied
participants              full         full         full         full         pdf         listed         listed         listed         denied
ex_parte                  line         line         line         line         404         listed         listed         listed         denied
sealed_entry              line         line         line         line         404         listed         listed         listed         denied
sealed_document           text         text         text         text         404         listed         listed         listed         denied
sealed_document_resealed  text         text         text         text         404         listed         listed         listed         denied
sealed_case               404          404          404          404          404         unlisted       unlisted       unlisted       denied
sealed_member             404          404          404          404          404         unlisted       unlisted       unlisted       denied
sealed_origin             404          404          404          404          404         unlisted       unlisted       unlisted       denied

[other_clerk]
public                    full         full         full         full         pdf         listed         listed         listed         hidden
participants              line         line         line         line         404         listed         listed         listed         hidden
ex_parte                  line         line         line         line         404         listed         listed         listed         hidden
sealed_entry              line         line         line         line         404         listed         listed         listed         hidden
sealed_document           text         text         text         text         404         listed         listed         listed         hidden
sealed_document_resealed  text         text         text         text         404         listed         listed         listed         hidden
sealed_case               404          404          404          404          404         unlisted       unlisted       unlisted       hidden
sealed_member             404          404          404          404          404         unlisted       unlisted       unlisted       hidden
sealed_origin             404          404          404          404          404         unlisted       unlisted       unlisted       hidden

[clerk help_desk superuser]
public                    full         full         full         full         pdf         listed         listed         listed         shown
participants              full         full         full         full         pdf         listed         listed         listed         shown
ex_parte                  full         full         full         full         pdf         listed         listed         listed         shown
sealed_entry              full         full         full         full         pdf         listed         listed         listed         shown
sealed_document           full         full         full         full         pdf         listed         listed         listed         shown
sealed_document_resealed  full         full         full         full         pdf         listed         listed         listed         shown
sealed_case               full         full         full         full         pdf         listed         listed         listed         shown
sealed_member             full         full         full         full         pdf         listed         listed         listed         shown
sealed_origin             full         full         full         full         pdf         listed         listed         listed         shown

[judge chambers]
public                    full         full         full         full         pdf         listed         listed         listed         denied
participants              full         full         full         full         pdf         listed         listed         listed         denied
ex_parte                  full         full         full         full         pdf         listed         listed         listed         denied
sealed_entry              full         full         full         full         pdf         listed         listed         listed         denied
sealed_document           full         full         full         full         pdf         listed         listed         listed         denied
sealed_document_resealed  full         full         full         full         pdf         listed         listed         listed         denied
sealed_case               full         full         full         full         pdf         listed         listed         listed         denied
sealed_member             full         full         full         full         pdf         listed         listed         listed         denied
sealed_origin             full         full         full         full         pdf         listed         listed         listed         denied

[disabled_clerk disabled_attorney]
public                    full/denied  full/denied  denied       full/denied  pdf/denied  listed/denied    listed/denied    denied   denied
participants              line/denied  line/denied  denied       line/denied  404/denied  listed/denied    listed/denied    denied   denied
ex_parte                  line/denied  line/denied  denied       line/denied  404/denied  listed/denied    listed/denied    denied   denied
sealed_entry              line/denied  line/denied  denied       line/denied  404/denied  listed/denied    listed/denied    denied   denied
sealed_document           text/denied  text/denied  denied       text/denied  404/denied  listed/denied    listed/denied    denied   denied
sealed_document_resealed  text/denied  text/denied  denied       text/denied  404/denied  listed/denied    listed/denied    denied   denied
sealed_case               404/denied   404/denied   denied       404/denied   404/denied  unlisted/denied  unlisted/denied  denied   denied
sealed_member             404/denied   404/denied   denied       404/denied   404/denied  unlisted/denied  unlisted/denied  denied   denied
sealed_origin             404/denied   404/denied   denied       404/denied   404/denied  unlisted/denied  unlisted/denied  denied   denied
"""

DOCKET_ANSWERS = {"full", "text", "line", "404", "denied"}
ANSWERS = {
    "html": DOCKET_ANSWERS,
    "api": DOCKET_ANSWERS,
    "token": DOCKET_ANSWERS,
    "cli": DOCKET_ANSWERS,
    "document": {"pdf", "404", "denied"},
    "list_html": {"listed", "unlisted", "denied"},
    "list_api": {"listed", "unlisted", "denied"},
    "list_token": {"listed", "unlisted", "denied"},
    "admin": {"shown", "hidden", "denied"},
}


def _parse(table: str) -> dict[tuple[str, str, str], frozenset[str] | None]:
    """Every (role, restriction, path) → the answers allowed (None: the path does not exist for the role)."""
    lines = [line.split() for line in table.strip().splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[1:]) == PATHS, f"The table's columns are {header[1:]}, the paths {PATHS}"
    cells: dict[tuple[str, str, str], frozenset[str] | None] = {}
    roles: list[str] = []
    for row in rows:
        if row[0].startswith("["):
            roles = " ".join(row).strip("[]").split()
            assert set(roles) <= set(ROLES), f"Unknown role in block {row}"
            continue
        restriction, answers = row[0], row[1:]
        assert restriction in RESTRICTIONS, f"Unknown restriction {restriction!r}"
        assert len(answers) == len(PATHS), f"{roles}, {restriction}: {len(answers)} cells, {len(PATHS)} paths"
        for role in roles:
            for path, answer in zip(PATHS, answers, strict=True):
                key = (role, restriction, path)
                assert key not in cells, f"{key} is stated twice"
                allowed = None if answer == "-" else frozenset(answer.split("/"))
                assert allowed is None or allowed <= ANSWERS[path], f"{key}: {answer!r} is not an answer"
                cells[key] = allowed
    missing = {(r, s, p) for r in ROLES for s in RESTRICTIONS for p in PATHS} - set(cells)
    assert not missing, f"The table says nothing of {sorted(missing)[:5]}…"
    return cells


EXPECTED = _parse(EXPECTED_TABLE)
CELLS = [key for key, allowed in EXPECTED.items() if allowed is not None]


# --- the world, built once for the module ----------------------------------------------------------------

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MatrixWorld]:
    """One world for every cell, in a transaction rolled back when the module ends (each cell's own test
    transaction is a savepoint inside it)."""
    storage = tmp_path_factory.mktemp("matrix-documents")
    atomic = transaction.atomic()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, DOCUMENT_STORAGE_ROOT=str(storage)),
    ):
        atomic.__enter__()
        try:
            built = matrix_world_build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    built.storage_root = str(storage)
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _document_storage(settings: Any, world: MatrixWorld) -> None:
    """The world's documents stay where they were stored (the root conftest gives each test a new folder).
    Rate limits are switched off: the matrix reads as fast as it can, and limits have their own tests."""
    settings.DOCUMENT_STORAGE_ROOT = world.storage_root
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.RATELIMIT_ENABLE = False
    settings.OPENECF_RATE_LIMITS = dict.fromkeys(getattr(settings, "OPENECF_RATE_LIMITS", {}))


# --- reading as one role, by one path ---------------------------------------------------------------------

API = "/api/v1/courts"
_token_client = Client(raise_request_exception=False)


def _get(
    world: MatrixWorld, role: str, path: str, url: str, query: dict[str, str] | None = None
) -> tuple[int, str]:
    """GET `url` as `role`: with its session, or (path 'token'/'list_token') with only its API token."""
    key = (path, role, url, json.dumps(query or {}))
    if key not in world.seen:
        if path in ("token", "list_token"):
            response = _token_client.get(url, query, HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
        else:
            response = world.clients[role].get(url, query)
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        status = response.status_code
        if status == 302 and "login" in response.get("Location", ""):
            status = 401  # sent to sign in: refused
        world.seen[key] = (status, body.decode("utf-8", "replace"))
    return world.seen[key]


def _cli(world: MatrixWorld, role: str, case: Case) -> tuple[int, str]:
    """`openecf docket-report COURT NUMBER [--as-user USERNAME]`, as status and output like a response."""
    key = ("cli", role, case.court_id, case.pacer_case_number)
    if key not in world.seen:
        args = [case.court_id, case.pacer_case_number]
        if role != "anonymous":
            args += ["--as-user", world.accounts[role].username]
        out = io.StringIO()
        try:
            call_command("docket_report", *args, stdout=out)
            world.seen[key] = (200, out.getvalue())
        except CommandError as refused:
            message = str(refused)
            if message.startswith("No case"):
                world.seen[key] = (404, message)
            elif "no active account" in message:
                world.seen[key] = (403, message)
            else:
                world.seen[key] = (400, message)
    return world.seen[key]


def _docket(world: MatrixWorld, role: str, path: str, case: Case) -> tuple[int, str]:
    if path == "cli":
        return _cli(world, role, case)
    if path == "html":
        url = reverse(
            "web:docket_report", kwargs={"court_id": case.court_id, "case_number": case.pacer_case_number}
        )
    else:
        url = f"{API}/{case.court_id}/cases/{case.pacer_case_number}/docket"
    return _get(world, role, path, url)


def _document_path(world: MatrixWorld, target: Target) -> str:
    """The document's address as the Docket Report links it, read from the court's clerk's JSON report (the
    address's shape is the report's business, not this test's)."""
    status, body = _docket(world, "clerk", "api", target.case)
    assert status == 200, f"The clerk could not read {target.case}: {status}"
    for entry in json.loads(body)["docket_entries"]:
        if entry["description"] == target.text and entry["document_url"]:
            return str(urlparse(entry["document_url"]).path)
    raise AssertionError(
        f"The clerk's Docket Report of {target.case} does not link the document of {target.text!r}"
    )


def _names(body: str, case: Case) -> bool:
    return any(mark in body for mark in (case.short_title, case.pacer_case_number, case.display_case_number))


def _refused_or_missing(status: int) -> str | None:
    if status == 404:
        return "404"
    if status in (401, 403):
        return "denied"
    return None


def read_docket(world: MatrixWorld, role: str, restriction: str, path: str) -> str:
    target = world.targets[restriction]
    status, body = _docket(world, role, path, target.case)
    link = _document_path(world, target)
    if status == 200:
        answer = {
            (True, True): "full",
            (True, False): "text",
            (False, False): "line",
            (False, True): "line, but with the document link",
        }[(target.text in body, link in body)]
    else:
        answer = _refused_or_missing(status) or f"status {status}: {body[:200]}"
        if target.text in body or target.case.short_title in body:
            answer += ", naming the case or the entry"
    if answer in ("404", "denied") and target.related is not None:
        related_status, related_body = _docket(world, role, path, target.related)
        if related_status == 200 and _names(related_body, target.case):
            answer += f", but the docket of {target.related.pacer_case_number} names the case"
    return answer


def read_document(world: MatrixWorld, role: str, restriction: str, path: str) -> str:
    target = world.targets[restriction]
    status, body = _get(world, role, path, _document_path(world, target))
    if status == 200:
        return "pdf" if body.startswith("%PDF") else f"200 but not a PDF: {body[:100]}"
    return _refused_or_missing(status) or f"status {status}"


def _listed(path: str, status: int, body: str, case: Case) -> bool:
    if path == "list_html":
        return case.short_title in body
    return any(item["docket_number"] == case.pacer_case_number for item in json.loads(body)["items"])


def _counted(path: str, body: str) -> int:
    """The number of matching cases the list states (the HTML table's caption, the API's `count`)."""
    if path == "list_html":
        found = re.search(r"\((\d+)\)</caption>", body)
        return int(found.group(1)) if found else -1
    return int(json.loads(body)["count"])


def read_case_list(world: MatrixWorld, role: str, restriction: str, path: str) -> str:
    """The court's case list as it first opens, and searched for the case's title (the only case whose title
    has that word, so the count stated must be 1 where it is listed and 0 where it is not)."""
    target = world.targets[restriction]
    court = target.case.court_id
    url = reverse("web:court", kwargs={"court_id": court}) if path == "list_html" else f"{API}/{court}/cases"
    answers = []
    for query in ({}, {"q": target.title_word}):
        status, body = _get(world, role, path, url, query)
        if status == 200:
            listed = _listed(path, status, body, target.case)
            answers.append("listed" if listed else "unlisted")
            if query and _counted(path, body) != int(listed):
                answers[-1] += f", but {_counted(path, body)} counted when searched"
        else:
            answers.append(_refused_or_missing(status) or f"status {status}")
    if answers[0] == answers[1]:
        return answers[0]
    return f"{answers[0]} in the list, {answers[1]} when searched"


def read_admin(world: MatrixWorld, role: str, restriction: str, path: str) -> str:
    """The admin's change lists of cases, docket entries and documents, and the change page of each."""
    target = world.targets[restriction]
    marker = target.text.split()[0]  # "[key]": in the entry's and its document's row (as the entry's start)
    entry = target.document.docket_entry
    records = [
        ("cases_case", target.case.pk, target.case.short_title),
        ("docket_docketentry", entry.pk, marker),
        ("documents_document", target.document.pk, marker),
    ]
    lists, listed, pages = [], [], []
    for name, pk, mark in records:
        status, body = _get(world, role, path, reverse(f"admin:{name}_changelist"))
        lists.append(status)
        listed.append(status == 200 and mark in body)
        pages.append(_get(world, role, path, reverse(f"admin:{name}_change", args=[pk]))[0])
    if all(listed) and all(status == 200 for status in pages):
        return "shown"
    if any(listed) or any(status == 200 for status in pages):
        return f"partly shown: listed {listed}, change pages {pages}"
    answer = "hidden" if all(status == 200 for status in lists) else "denied"
    if answer == "hidden" and target.related is not None:
        status, body = _get(world, role, path, reverse("admin:cases_case_change", args=[target.related.pk]))
        if status == 200 and _names(body, target.case):
            answer += f", but the admin page of {target.related.pacer_case_number} names the case"
    return answer


READERS: dict[str, Callable[[MatrixWorld, str, str, str], str]] = {
    "html": read_docket,
    "api": read_docket,
    "token": read_docket,
    "cli": read_docket,
    "document": read_document,
    "list_html": read_case_list,
    "list_api": read_case_list,
    "list_token": read_case_list,
    "admin": read_admin,
}
assert set(READERS) == set(PATHS), "Every path needs its reader"


@pytest.mark.parametrize(("role", "restriction", "path"), CELLS, ids=["-".join(cell) for cell in CELLS])
def test_access_matrix(world: MatrixWorld, role: str, restriction: str, path: str) -> None:
    allowed = EXPECTED[role, restriction, path]
    assert allowed is not None
    observed = READERS[path](world, role, restriction, path)
    assert observed in allowed, (
        f"{role} reading {restriction} by {path}: expected {' or '.join(sorted(allowed))}, got {observed}"
    )


def test_the_table_covers_every_role_restriction_and_path() -> None:
    assert len(CELLS) == len(ROLES) * len(RESTRICTIONS) * len(PATHS) - 2 * len(RESTRICTIONS)
