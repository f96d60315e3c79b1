"""The access matrix of the feeds: every role of the read matrix (rows) reads every kind of restricted record
(targets) by the court's RSS feed and the case's Atom feed (columns).

Feeds are public and built from what an anonymous visitor may read, whoever asks: every role's row is the
same, the court's own staff included, and a feed fetched by a clerk is byte for byte the one a visitor gets.
The world is the read matrix's (`matrix_world.py`), with one public entry added in the court of appeals'
case (the other court's).

What a cell may say:
  linked    the entry is in its court's feed (rss) or its case's feed (atom), with its document's link
  unlinked  the entry is there, without a document link (its document is sealed on its own)
  absent    the entry is not there (the feed answers, without it)
  404       the case's feed is "not found", exactly as for a case that does not exist
Whatever else is seen is written out ("absent, but the feed names the case") and fails the cell: an entry
in another court's feed, a hidden entry's text or document id anywhere in a feed, a sealed case named by
a feed (its own court's, or the feed of the public case that names it: its lead case, its appeal).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import feedparser  # type: ignore[import-untyped]
import pytest
from django.db import transaction
from django.test import override_settings

from openecf.cases.models import Case
from openecf.docket.models import DocketEntry
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.tests.matrix_world import (
    RESTRICTIONS,
    ROLES,
    MatrixWorld,
    Target,
    matrix_table_parse,
    matrix_world_build,
)

# The matrices test the access layer, not the database: they run on SQLite only (docs/testing.md).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="access matrices run on SQLite"
    ),
]

PATHS = ("rss", "atom")
TARGETS = (*RESTRICTIONS, "other_court")

EXPECTED_TABLE = """
target                    rss       atom
[anonymous pacer_user inactive shared legacy psc_admin]
public                    linked    linked
participants              absent    absent
ex_parte                  absent    absent
sealed_entry              absent    absent
sealed_document           unlinked  unlinked
sealed_document_resealed  unlinked  unlinked
sealed_case               absent    404
sealed_member             absent    404
sealed_origin             absent    404
other_court               linked    linked

[attorney pro_se filing_agent other_attorney cif]
public                    linked    linked
participants              absent    absent
ex_parte                  absent    absent
sealed_entry              absent    absent
sealed_document           unlinked  unlinked
sealed_document_resealed  unlinked  unlinked
sealed_case               absent    404
sealed_member             absent    404
sealed_origin             absent    404
other_court               linked    linked

[clerk help_desk judge chambers other_clerk superuser]
public                    linked    linked
participants              absent    absent
ex_parte                  absent    absent
sealed_entry              absent    absent
sealed_document           unlinked  unlinked
sealed_document_resealed  unlinked  unlinked
sealed_case               absent    404
sealed_member             absent    404
sealed_origin             absent    404
other_court               linked    linked

[disabled_clerk disabled_attorney]
public                    linked    linked
participants              absent    absent
ex_parte                  absent    absent
sealed_entry              absent    absent
sealed_document           unlinked  unlinked
sealed_document_resealed  unlinked  unlinked
sealed_case               absent    404
sealed_member             absent    404
sealed_origin             absent    404
other_court               linked    linked
"""

ANSWERS = {"rss": {"linked", "unlinked", "absent"}, "atom": {"linked", "unlinked", "absent", "404"}}


EXPECTED = matrix_table_parse(EXPECTED_TABLE, paths=PATHS, targets=TARGETS)
assert all(answer in ANSWERS[path] for (_, _, path), answer in EXPECTED.items()), "an answer no path gives"
CELLS = sorted(EXPECTED)


# --- the world, built once for the module ----------------------------------------------------------------

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class FeedWorld:
    world: MatrixWorld
    targets: dict[str, Target]
    # Responses already read, by (role, url): every read is a GET, so one is enough.
    seen: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def feed_world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FeedWorld]:
    """The read matrix's world and one public entry in the court of appeals' case, in a transaction rolled
    back when the module ends."""
    storage = tmp_path_factory.mktemp("feed-matrix-documents")
    atomic = transaction.atomic()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, DOCUMENT_STORAGE_ROOT=str(storage)),
    ):
        atomic.__enter__()
        try:
            world = matrix_world_build()
            world.storage_root = str(storage)
            appeal = Case.objects.get(court=world.cafc)
            text = "[other_court] matrix docket text"
            entry = docket_entry_with_documents_create(
                case=appeal,
                text=text,
                documents=[DocumentUpload(make_pdf("other_court"))],
                acting_user=world.accounts["other_clerk"],
            )
            targets = {**world.targets, "other_court": Target(appeal, text, entry.documents.get())}
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield FeedWorld(world, targets)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _settings(settings: Any, feed_world: FeedWorld) -> None:
    """The world's documents stay where they were stored; rate limits are off (they have their own tests)."""
    settings.DOCUMENT_STORAGE_ROOT = feed_world.world.storage_root
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.OPENECF_RATE_LIMITS = dict.fromkeys(getattr(settings, "OPENECF_RATE_LIMITS", {}))


# --- reading as one role ----------------------------------------------------------------------------------


def _get(fw: FeedWorld, role: str, url: str) -> tuple[int, str]:
    key = (role, url)
    if key not in fw.seen:
        response = fw.world.clients[role].get(url)
        fw.seen[key] = (response.status_code, response.content.decode("utf-8", "replace"))
    return fw.seen[key]


def _rss_url(court_id: str) -> str:
    return f"/{court_id}/cgi-bin/rss_outside.pl"


def _atom_url(case: Case) -> str:
    return f"/{case.court_id}/cases/{case.pacer_case_number}/feed.atom"


def _entry_of(target: Target) -> DocketEntry:
    return target.document.docket_entry


def _has_entry(body: str, case: Case, entry: DocketEntry) -> bool:
    """An item (rss) or entry (atom) whose permanent id is PACER's address of this case and docket line."""
    for item in feedparser.parse(body).entries:
        address = urlparse(item.get("id", ""))
        if (
            address.path == f"/{case.court_id}/cgi-bin/DktRpt.pl"
            and address.query == f"{case.pk}&{entry.sequence}"
        ):
            return True
    return False


def _text_shown(body: str, target: Target) -> bool:
    """The entry's words (`[key] matrix docket text`) in any form a feed may print them."""
    key = target.text.split("]", 1)[0].lstrip("[")
    return re.search(rf"{re.escape(key)}\W+matrix docket text", body) is not None


def _names(body: str, case: Case) -> bool:
    return any(mark in body for mark in (case.short_title, case.pacer_case_number, case.display_case_number))


def _seen_in(fw: FeedWorld, target: Target, body: str) -> str:
    """What one feed shows of the target: linked, unlinked or absent (and what it must not show)."""
    entry = _entry_of(target)
    present = _has_entry(body, target.case, entry)
    linked = target.document.public_id in body
    answer = {(True, True): "linked", (True, False): "unlinked", (False, False): "absent"}.get(
        (present, linked), "absent, but its document is linked"
    )
    if not present and _text_shown(body, target):
        answer += ", but its text is in the feed"
    if target.case.is_sealed and _names(body, target.case):
        answer += ", but the feed names the case"
    return answer


def read_rss(fw: FeedWorld, role: str, target_name: str) -> str:
    """The court's feed; the other court's feed must show nothing of the target."""
    target = fw.targets[target_name]
    court_id = target.case.court_id
    status, body = _get(fw, role, _rss_url(court_id))
    if status != 200:
        return f"status {status}"
    answer = _seen_in(fw, target, body)
    other = "cafc" if court_id == "cit" else "cit"
    other_status, other_body = _get(fw, role, _rss_url(other))
    if other_status != 200:
        return f"{answer}, but the {other} feed answers {other_status}"
    if _seen_in(fw, target, other_body) != "absent":
        answer += f", and in the {other} feed"
    return answer


def read_atom(fw: FeedWorld, role: str, target_name: str) -> str:
    target = fw.targets[target_name]
    status, body = _get(fw, role, _atom_url(target.case))
    if status == 404:
        answer = "404"
        if _names(body.replace(target.case.pacer_case_number, ""), target.case) or _text_shown(body, target):
            answer += ", naming the case or the entry"
    elif status == 200:
        answer = _seen_in(fw, target, body)
    else:
        return f"status {status}"
    if target.related is not None:
        related_status, related_body = _get(fw, role, _atom_url(target.related))
        if related_status == 200 and (_names(related_body, target.case) or _text_shown(related_body, target)):
            answer += f", but the feed of {target.related.pacer_case_number} names it"
    return answer


READERS: dict[str, Callable[[FeedWorld, str, str], str]] = {"rss": read_rss, "atom": read_atom}
assert set(READERS) == set(PATHS), "Every path needs its reader"


@pytest.mark.parametrize(("role", "target", "path"), CELLS, ids=["-".join(cell) for cell in CELLS])
def test_feed_access_matrix(feed_world: FeedWorld, role: str, target: str, path: str) -> None:
    expected = EXPECTED[role, target, path]
    observed = READERS[path](feed_world, role, target)
    assert observed == expected, f"{role} reading {target} by {path}: expected {expected}, got {observed}"


def test_every_role_gets_the_visitors_feeds_byte_for_byte(feed_world: FeedWorld) -> None:
    urls = {_rss_url("cit"), _rss_url("cafc")} | {_atom_url(t.case) for t in feed_world.targets.values()}
    for url in sorted(urls):
        status, body = _get(feed_world, "anonymous", url)
        for role in ROLES:
            role_status, role_body = _get(feed_world, role, url)
            assert role_status == status, f"{role} got {role_status} for {url}, a visitor {status}"
            # A "not found" page greets a signed-in account by name; a feed is the same for everyone.
            assert status != 200 or role_body == body, f"{role} got another feed at {url}"


def test_the_table_covers_every_role_target_and_path() -> None:
    assert len(CELLS) == len(ROLES) * len(TARGETS) * len(PATHS)
