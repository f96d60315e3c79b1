"""Manage My Account: the free looks of the notices sent to the account, which remain and which were used."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from openecf.docket.models import EntryRestriction
from openecf.documents.services import document_restrict
from openecf.filing.tests.factories import attorney_make, case_with_counsel, filing_make
from openecf.myaccount import free_looks as free_looks_page
from openecf.notices.free_look import free_look_listed_state, free_look_use, free_looks_create, free_looks_of
from openecf.notices.models import FreeLook
from openecf.notices.tests.test_free_look import USE_BUTTON, delivery_make

pytestmark = pytest.mark.django_db

URL = "/pacer/account/free-looks/"


@pytest.fixture
def world(cit):
    """Two filings noticed to the attorney (one main document each, the second with an exhibit) and one to a
    colleague."""
    counsel = case_with_counsel(cit)
    colleague = attorney_make(cit, "colleague")
    first = filing_make(court=cit, case=counsel.case, filer=counsel.attorney).notices.get()
    second = filing_make(court=cit, case=counsel.case, filer=counsel.attorney, attachments=1).notices.get()
    first.generated_at -= dt.timedelta(days=20)
    first.save(update_fields=["generated_at"])
    mine_first = delivery_make(first, key="attorney:1", account=counsel.attorney)
    mine_second = delivery_make(second, key="attorney:1", account=counsel.attorney)
    theirs = delivery_make(second, key="attorney:2", account=colleague)
    for delivery in (mine_first, mine_second, theirs):
        free_looks_create(delivery)
    return counsel.attorney, colleague, mine_first, mine_second


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr class="free-look-row" data-state="([a-z]+)">', page)


def test_the_selector_lists_the_accounts_free_looks_with_their_state(world):
    attorney, colleague, mine_first, mine_second = world
    main = FreeLook.objects.get(delivery=mine_second, document__attachment_number=0)
    free_look_use(free_look=main, acting_user=None, from_ip="198.51.100.4")
    listed = list(free_looks_of(attorney))
    assert [(f.delivery_id, free_look_listed_state(f)) for f in listed] == [
        (mine_second.pk, "used"),
        (mine_second.pk, "remaining"),
        (mine_first.pk, "expired"),
    ]
    assert [f.delivery.account for f in free_looks_of(colleague)] == [colleague, colleague]


def test_the_page_shows_remaining_used_and_expired_and_links_the_one_click_page(client, world):
    attorney, _, _, mine_second = world
    main = FreeLook.objects.get(delivery=mine_second, document__attachment_number=0)
    free_look_use(free_look=main, acting_user=None, from_ip="198.51.100.4")
    client.force_login(attorney)
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    assert _rows(page) == ["used", "remaining", "expired"]
    assert "from 198.51.100.4" in page
    assert "Exhibit A" in page
    links = re.findall(r'href="(/cit/doc1/[0-9]+\?[^"]+)"', page)
    assert len(links) == 1, "only the remaining free look has a link"
    link = links[0].replace("&amp;", "&")
    assert "magic_num=" in link
    assert USE_BUTTON in client.get(link).content.decode()
    assert FreeLook.objects.filter(used_at__isnull=False).count() == 1, "the page and its link use nothing"


def test_another_accounts_free_looks_are_not_listed(client, world):
    _, colleague, _, _ = world
    client.force_login(colleague)
    assert _rows(client.get(URL).content.decode()) == ["remaining", "remaining"]


def test_a_document_sealed_since_the_notice_leaves_the_list(client, world):
    attorney, _, _, mine_second = world
    exhibit = FreeLook.objects.get(delivery=mine_second, document__attachment_number=1).document
    document_restrict(document=exhibit, restriction=EntryRestriction.SEALED, acting_user=None)
    client.force_login(attorney)
    page = client.get(URL).content.decode()
    assert _rows(page) == ["remaining", "expired"]
    assert "Exhibit A" not in page
    assert exhibit.public_id not in page


def test_the_list_is_paginated(client, world, monkeypatch):
    attorney, _, _, _ = world
    monkeypatch.setattr(free_looks_page, "FREE_LOOKS_PER_PAGE", 2)
    client.force_login(attorney)
    first = client.get(URL).content.decode()
    assert _rows(first) == ["remaining", "remaining"]
    assert "Page 1 of 2" in first
    second = client.get(URL, {"page": "2"}).content.decode()
    assert _rows(second) == ["expired"]
    assert client.get(URL, {"page": "abc"}).status_code == 400


def test_the_page_needs_a_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/pacer/login/")


def test_a_free_look_listed_expires_when_its_time_is_up(client, world):
    attorney, _, _, mine_second = world
    FreeLook.objects.filter(delivery=mine_second).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client.force_login(attorney)
    assert _rows(client.get(URL).content.decode()) == ["expired", "expired", "expired"]
