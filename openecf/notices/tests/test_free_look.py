"""The free look (seed 003 Q23-Q25): one view of each public document per notice recipient, once, within 15
days, without login; a one-click page so that mail scanners never use it; normal access afterwards."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.http import HttpResponseBase
from django.test import Client

from openecf.audit.models import AuditEvent
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_restriction_set
from openecf.docket.models import EntryRestriction
from openecf.docket.services import docket_entry_restriction_set
from openecf.documents.models import Document
from openecf.documents.services import document_restrict
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.filing.tests.factories import case_with_counsel, filing_make
from openecf.notices.free_look import (
    FreeLookState,
    FreeLookUnavailable,
    document_link,
    free_look_state,
    free_look_token,
    free_look_use,
    free_looks_create,
)
from openecf.notices.models import (
    FreeLook,
    NoticeDelivery,
    NoticeFormat,
    NoticeFrequency,
    RecipientKind,
)
from openecf.signin.tests.test_login import make_user

pytestmark = pytest.mark.django_db

SITE = "https://ecf.example.org"
USE_BUTTON = "View the document (your one free look)"


@dataclass
class Served:
    notice: NoticeOfElectronicFiling
    delivery: NoticeDelivery
    main: Document
    exhibit: Document


def delivery_make(notice: NoticeOfElectronicFiling, *, key: str, account=None) -> NoticeDelivery:
    """A recipient of the notice, as the delivery fan-out plans one (all of its addresses on one delivery)."""
    return NoticeDelivery.objects.create(
        notice=notice,
        recipient_key=key,
        kind=RecipientKind.ATTORNEY,
        name="Jane Marlowe",
        addresses=["marlowe@example.com", "marlowe.second@example.com"],
        account=account,
        format=NoticeFormat.HTML,
        frequency=NoticeFrequency.EACH,
    )


@pytest.fixture(autouse=True)
def _site(settings):
    settings.OPENECF_SITE_URL = SITE


@pytest.fixture
def served(cit) -> Served:
    world = case_with_counsel(cit)
    filing = filing_make(court=cit, case=world.case, filer=world.attorney, attachments=1)
    notice = filing.notices.get()
    delivery = delivery_make(notice, key="attorney:1", account=world.attorney)
    documents = filing.docket_entry.documents.order_by("attachment_number")
    return Served(notice=notice, delivery=delivery, main=documents[0], exhibit=documents[1])


def _path(link: str) -> str:
    """The site-relative address of an absolute link (the test client speaks to the site itself)."""
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _link(served: Served, document: Document | None = None) -> str:
    if not FreeLook.objects.filter(delivery=served.delivery).exists():
        free_looks_create(served.delivery)
    return _path(document_link(served.delivery, document or served.main))


def _free_look(served: Served, document: Document | None = None) -> FreeLook:
    return FreeLook.objects.get(delivery=served.delivery, document=document or served.main)


def _is_pdf(response: HttpResponseBase) -> bool:
    return response.status_code == 200 and response.get("Content-Type") == "application/pdf"


# --- the magic number and the free looks of a delivery ----------------------------------------------------


def test_the_magic_number_is_24_digits_the_same_every_time_and_only_its_hash_is_kept(served):
    token = free_look_token(served.delivery.pk, served.main.pk)
    assert re.fullmatch(r"[0-9]{24}", token)
    assert free_look_token(served.delivery.pk, served.main.pk) == token
    assert free_look_token(served.delivery.pk, served.exhibit.pk) != token
    assert free_look_token(served.delivery.pk + 1, served.main.pk) != token
    free_looks_create(served.delivery)
    row = _free_look(served)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(FreeLook.objects.filter(pk=row.pk).values().get())


def test_the_magic_number_depends_on_the_sites_key(served, settings):
    token = free_look_token(served.delivery.pk, served.main.pk)
    settings.SECRET_KEY = "another site's key, long enough to be a key of its own"
    assert free_look_token(served.delivery.pk, served.main.pk) != token


def test_each_public_document_gets_one_free_look_for_15_days_and_a_second_call_adds_none(served):
    created = free_looks_create(served.delivery)
    assert [free_look.document for free_look in created] == [served.main, served.exhibit]
    for free_look in created:
        assert free_look.expires_at == served.notice.generated_at + dt.timedelta(days=15)
        assert free_look.used_at is None
    events = AuditEvent.objects.filter(kind="free_looks.created").count()
    assert events == 1
    again = free_looks_create(served.delivery)
    assert [free_look.pk for free_look in again] == [free_look.pk for free_look in created]
    assert FreeLook.objects.count() == 2
    assert AuditEvent.objects.filter(kind="free_looks.created").count() == events


def test_every_recipient_has_its_own_free_look(served):
    other = delivery_make(served.notice, key="attorney:2")
    free_looks_create(served.delivery)
    free_looks_create(other)
    assert FreeLook.objects.filter(document=served.main).count() == 2
    assert document_link(served.delivery, served.main) != document_link(other, served.main)


@pytest.mark.parametrize("where", ["document", "entry", "case"])
def test_sealed_or_restricted_documents_get_no_free_look(served, where):
    if where == "document":
        document_restrict(document=served.exhibit, restriction=EntryRestriction.SEALED, acting_user=None)
        expected = [served.main]
    elif where == "entry":
        docket_entry_restriction_set(
            entry=served.main.docket_entry, restriction=EntryRestriction.PARTICIPANTS, acting_user=None
        )
        expected = []
    else:
        case_restriction_set(
            case=served.main.docket_entry.case, restriction=CaseRestriction.SEALED, acting_user=None
        )
        expected = []
    assert [free_look.document for free_look in free_looks_create(served.delivery)] == expected
    exhibit_link = document_link(served.delivery, served.exhibit)
    assert "magic_num" not in exhibit_link


def test_the_link_is_pacers_doc1_form_with_the_magic_number(served):
    plain = document_link(None, served.main)
    entry = served.main.docket_entry
    assert (
        plain == f"{SITE}/cit/doc1/{served.main.public_id}?caseid={entry.case_id}&de_seq_num={entry.sequence}"
    )
    assert document_link(served.delivery, served.main) == plain, "no free look made yet: no magic number"
    free_looks_create(served.delivery)
    link = document_link(served.delivery, served.main)
    token = free_look_token(served.delivery.pk, served.main.pk)
    assert link == f"{plain}&magic_num={token}"
    assert document_link(served.delivery, served.main) == link, "a notice rendered again links the same"


def test_juriscraper_reads_the_link_back(served):
    from juriscraper.pacer.utils import (
        get_pacer_case_id_from_doc1_url,
        get_pacer_doc_id_from_doc1_url,
        get_pacer_magic_num_from_doc1_url,
        get_pacer_seq_no_from_doc1_url,
    )

    free_looks_create(served.delivery)
    link = document_link(served.delivery, served.main)
    assert get_pacer_doc_id_from_doc1_url(link) == served.main.public_id
    assert get_pacer_magic_num_from_doc1_url(link) == free_look_token(served.delivery.pk, served.main.pk)
    assert get_pacer_case_id_from_doc1_url(link) == str(served.main.docket_entry.case_id)
    assert get_pacer_seq_no_from_doc1_url(link) == str(served.main.docket_entry.sequence)


def test_after_expiry_the_link_has_no_magic_number(served):
    served.notice.generated_at -= dt.timedelta(days=16)
    served.notice.save(update_fields=["generated_at"])
    free_looks_create(served.delivery)
    assert "magic_num" not in document_link(served.delivery, served.main)


# --- the link: the one-click page, then one use ----------------------------------------------------------


def test_the_link_asks_first_and_following_it_again_uses_nothing(client, served):
    link = _link(served)
    for method in (client.get, client.get, client.head):
        response = method(link)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "no-referrer"
    page = client.get(link).content.decode()
    assert USE_BUTTON in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert re.search(r'<form[^>]*method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', page)
    assert served.main.docket_entry.case.pacer_case_number in page
    assert _free_look(served).used_at is None
    assert not AuditEvent.objects.filter(kind="free_look.used").exists()


def test_the_form_posts_back_to_the_link_itself(client, served):
    link = _link(served)
    page = client.get(link).content.decode()
    action = re.search(r'action="([^"]*)" id="free-look-form"', page)
    assert action
    assert action.group(1).replace("&amp;", "&") == link


def test_the_click_serves_the_document_once_without_login_and_records_it(served):
    link = _link(served)
    clicker = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.7")
    page = clicker.get(link).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf
    response = clicker.post(link, {"csrfmiddlewaretoken": csrf.group(1)})
    assert _is_pdf(response)
    assert response.content.startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline;")
    used = _free_look(served)
    assert used.used_at is not None
    assert used.used_by is None
    assert used.used_from_ip == "203.0.113.7"
    event = AuditEvent.objects.get(kind="free_look.used")
    assert event.subject_id == str(used.pk)
    assert event.court_id == "cit"
    assert event.acting_user is None
    assert event.extra["notice"] == served.notice.pk
    assert event.extra["recipient"] == "attorney:1"
    assert event.extra["recipient_name"] == "Jane Marlowe"
    assert event.extra["document"] == served.main.public_id
    assert _free_look(served, served.exhibit).used_at is None, "each document has its own free look"


def test_a_click_without_the_forms_csrf_token_uses_nothing(served):
    link = _link(served)
    response = Client(enforce_csrf_checks=True).post(link)
    assert response.status_code == 403
    assert _free_look(served).used_at is None


def test_a_signed_in_user_is_recorded_as_the_one_who_used_it(client, served):
    reader = make_user("reader")
    client.force_login(reader)
    assert _is_pdf(client.post(_link(served)))
    assert _free_look(served).used_by == reader
    assert AuditEvent.objects.get(kind="free_look.used").acting_user == reader


def test_a_forwarded_link_works_for_anyone_once(served):
    link = _link(served)
    assert _is_pdf(Client().post(link))
    second = Client().post(link)
    assert second.status_code == 409
    assert "already used on" in second.content.decode()


def test_after_use_the_link_says_so_and_leads_to_normal_access(client, served):
    link = _link(served)
    assert _is_pdf(client.post(link))
    again = client.post(link)
    assert again.status_code == 409
    page = again.content.decode()
    assert "This free look was already used on" in page
    assert USE_BUTTON not in page
    assert AuditEvent.objects.filter(kind="free_look.used").count() == 1
    shown = client.get(link)
    assert shown.status_code == 200
    assert "This free look was already used on" in shown.content.decode()
    plain = f"/cit/doc1/{served.main.public_id}"
    assert f'href="{plain}"' in page
    # Normal access is what access_document gives today: a public document, to anyone (the fee comes later).
    assert _is_pdf(client.get(plain))


def test_after_use_a_restricted_document_needs_login_and_permission(client, served):
    link = _link(served)
    assert _is_pdf(client.post(link))
    docket_entry_restriction_set(
        entry=served.main.docket_entry, restriction=EntryRestriction.PARTICIPANTS, acting_user=None
    )
    assert client.get(link).status_code == 404
    assert client.get(f"/cit/doc1/{served.main.public_id}").status_code == 404


def test_an_expired_free_look_says_when_and_is_not_used(client, served):
    served.notice.generated_at -= dt.timedelta(days=15, seconds=1)
    served.notice.save(update_fields=["generated_at"])
    free_looks_create(served.delivery)
    link = _path(
        f"{SITE}/cit/doc1/{served.main.public_id}?magic_num={free_look_token(served.delivery.pk, served.main.pk)}"
    )
    shown = client.get(link)
    assert shown.status_code == 200
    assert "This free look expired on" in shown.content.decode()
    assert USE_BUTTON not in shown.content.decode()
    clicked = client.post(link)
    assert clicked.status_code == 409
    assert "This free look expired on" in clicked.content.decode()
    assert _free_look(served).used_at is None
    assert free_look_state(_free_look(served)) == FreeLookState.EXPIRED


def test_the_last_moment_of_the_15_days_still_works(client, served):
    served.notice.generated_at -= dt.timedelta(days=15) - dt.timedelta(minutes=1)
    served.notice.save(update_fields=["generated_at"])
    assert _is_pdf(client.post(_link(served)))


@pytest.mark.parametrize("where", ["document", "entry", "case"])
def test_a_document_sealed_after_the_notice_is_refused_as_the_access_layer_refuses(client, served, where):
    link = _link(served)
    if where == "document":
        document_restrict(document=served.main, restriction=EntryRestriction.SEALED, acting_user=None)
    elif where == "entry":
        docket_entry_restriction_set(
            entry=served.main.docket_entry, restriction=EntryRestriction.SEALED, acting_user=None
        )
    else:
        case_restriction_set(
            case=served.main.docket_entry.case, restriction=CaseRestriction.SEALED, acting_user=None
        )
    refused = client.get(link)
    missing = client.get(f"/cit/doc1/{served.main.public_id[:-1]}{(int(served.main.public_id[-1]) + 1) % 10}")
    assert refused.status_code == missing.status_code == 404
    assert USE_BUTTON not in refused.content.decode()
    assert served.main.docket_entry.case.pacer_case_number not in refused.content.decode()
    clicked = client.post(link)
    assert clicked.status_code == 303
    assert client.get(clicked["Location"]).status_code == 404
    assert _free_look(served).used_at is None
    assert not AuditEvent.objects.filter(kind="free_look.used").exists()


def test_the_court_still_reads_a_document_sealed_after_the_notice(client, served, clerk):
    link = _link(served)
    document_restrict(document=served.main, restriction=EntryRestriction.SEALED, acting_user=None)
    client.force_login(clerk)
    assert _is_pdf(client.get(link)), "normal access: the court's staff read sealed documents"
    assert _free_look(served).used_at is None


def test_the_service_refuses_a_free_look_sealed_since_the_page_was_shown(served):
    free_looks_create(served.delivery)
    shown = _free_look(served)
    assert free_look_state(shown) == FreeLookState.REMAINING
    document_restrict(document=served.main, restriction=EntryRestriction.SEALED, acting_user=None)
    with pytest.raises(FreeLookUnavailable) as refused:
        free_look_use(free_look=shown, acting_user=None, from_ip="203.0.113.7")
    assert refused.value.state == FreeLookState.WITHDRAWN
    assert _free_look(served).used_at is None


def test_the_service_refuses_a_second_use_with_when_it_was_used(served):
    free_looks_create(served.delivery)
    stale = _free_look(served)
    free_look_use(free_look=stale, acting_user=None, from_ip="not an address")
    assert _free_look(served).used_from_ip is None
    with pytest.raises(FreeLookUnavailable) as refused:
        free_look_use(free_look=stale, acting_user=None, from_ip=None)
    assert refused.value.state == FreeLookState.USED
    assert refused.value.free_look.used_at == _free_look(served).used_at


# --- numbers that are not a free look of this document ----------------------------------------------------

FORGED = [
    "",
    "abc",
    "12345678901234567890123",  # 23 digits
    "1234567890123456789012345",  # 25 digits
    "9" * 5000,
    "".join(chr(0x0660 + int(digit)) for digit in "123456789012345678901234"),  # Arabic-Indic digits
    "".join(chr(0xFF10 + int(digit)) for digit in "123456789012345678901234"),  # fullwidth digits
    "12345678901234567890123\n",
    " 123456789012345678901234",
    "-12345678901234567890123",
    "123456789012345678901234\x00",
    "000000000000000000000000",
    "123456789012345678901234",  # well-formed, but nobody's
]


@pytest.mark.parametrize("forged", FORGED)
def test_a_forged_number_is_like_no_number(client, served, forged):
    _link(served)
    base = f"/cit/doc1/{served.main.public_id}"
    response = client.get(base, {"magic_num": forged, "caseid": "x", "de_seq_num": "1"})
    assert _is_pdf(response), "normal access: a public document, as access_document gives it today"
    clicked = client.post(f"{base}?{response.request['QUERY_STRING']}")
    assert clicked.status_code == 303 and clicked["Location"] == base
    assert not FreeLook.objects.filter(used_at__isnull=False).exists()


@pytest.mark.parametrize("forged", FORGED[:4] + FORGED[-2:])
def test_a_forged_number_on_a_sealed_document_is_refused_like_no_number(client, served, forged):
    _link(served)
    document_restrict(document=served.exhibit, restriction=EntryRestriction.SEALED, acting_user=None)
    base = f"/cit/doc1/{served.exhibit.public_id}"
    plain = client.get(base)
    response = client.get(base, {"magic_num": forged})
    assert plain.status_code == response.status_code == 404


def test_another_documents_number_is_no_free_look_here(client, served):
    exhibit_link = _link(served, served.exhibit)
    token = parse_qs(urlsplit(exhibit_link).query)["magic_num"][0]
    on_main = f"/cit/doc1/{served.main.public_id}?magic_num={token}"
    assert _is_pdf(client.get(on_main)), "normal access to the main document, not the exhibit's free look"
    assert client.post(on_main).status_code == 303
    assert not FreeLook.objects.filter(used_at__isnull=False).exists()
    assert client.get(f"/cafc/doc1/{served.exhibit.public_id}?magic_num={token}").status_code == 404


def test_a_wrong_case_or_entry_in_the_link_is_ignored(client, served):
    link = _link(served)
    wrong = re.sub(r"caseid=\d+", "caseid=999999", re.sub(r"de_seq_num=\d+", "de_seq_num=%00", link))
    assert USE_BUTTON in client.get(wrong).content.decode()
    assert _is_pdf(client.post(wrong))


def test_the_link_counts_against_the_read_limit(client, served, rate_limits):
    link = _link(served)
    rate_limits(read_ip="2/h")
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 429
    assert _free_look(served).used_at is None


# --- two clicks at once -----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_give_one_document_and_one_already_used(cit):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...): SQLite has one writer at a time")
    from openecf.docket.tests.test_concurrency import run_together

    world = case_with_counsel(cit)
    filing = filing_make(court=cit, case=world.case, filer=world.attorney)
    delivery = delivery_make(filing.notices.get(), key="attorney:1", account=world.attorney)
    (free_look,) = free_looks_create(delivery)
    link = _path(document_link(delivery, free_look.document))
    connection.close()

    answers = run_together(2, lambda _index: Client().post(link))

    statuses = sorted(
        "pdf" if _is_pdf(answer) else str(answer.status_code)
        for answer in answers
        if not isinstance(answer, Exception)
    )
    assert statuses == ["409", "pdf"], answers
    assert AuditEvent.objects.filter(kind="free_look.used").count() == 1
    assert FreeLook.objects.get(pk=free_look.pk).used_at is not None
    connection.close()


def test_no_magic_number_reaches_a_server_error_or_uses_a_free_look(served):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from openecf.tests.test_property_inputs import MAX_EXAMPLES, values

    _link(served)
    client = Client(raise_request_exception=False)
    base = f"/cit/doc1/{served.main.public_id}"

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(magic=st.one_of(values, st.text(alphabet="0123456789", min_size=20, max_size=28)))
    def check(magic: str) -> None:
        value = magic.encode("utf-8", "replace").decode("utf-8")
        assert _is_pdf(client.get(base, {"magic_num": value}))
        assert client.post(f"{base}?{urlencode({'magic_num': value})}").status_code == 303

    check()
    assert not FreeLook.objects.filter(used_at__isnull=False).exists()


def test_a_court_of_appeals_link_is_its_docs1_form_with_the_number_as_uid(cafc):
    world = case_with_counsel(cafc)
    filing = filing_make(court=cafc, case=world.case, filer=world.attorney)
    delivery = delivery_make(filing.notices.get(), key="attorney:1", account=world.attorney)
    free_looks_create(delivery)
    main = filing.docket_entry.documents.get(attachment_number=0)
    link = document_link(delivery, main)
    assert link == f"{SITE}/cafc/docs1/{main.public_id}?uid={free_look_token(delivery.pk, main.pk)}"
    client = Client()
    assert USE_BUTTON in client.get(_path(link)).content.decode()
    used = Client(enforce_csrf_checks=False).post(_path(link))
    assert _is_pdf(used)
    assert FreeLook.objects.get(delivery=delivery, document=main).used_at is not None


def test_a_regenerated_notice_shares_the_first_notices_free_looks(served):
    """One free look per recipient and document of the filing: the clerk's regenerated notice links the same."""
    first_links = _link(served)
    again = NoticeOfElectronicFiling.objects.create(
        filing=served.notice.filing,
        generated_at=served.notice.generated_at + dt.timedelta(days=3),
        regenerated_from=served.notice,
        case_number=served.notice.case_number,
        case_name=served.notice.case_name,
        filer_name=served.notice.filer_name,
        document_number=served.notice.document_number,
        docket_text=served.notice.docket_text,
        entered_by=served.notice.entered_by,
    )
    regenerated = delivery_make(again, key=served.delivery.recipient_key)
    shared = free_looks_create(regenerated)
    assert {free_look.delivery_id for free_look in shared} == {served.delivery.pk}
    assert not FreeLook.objects.filter(delivery=regenerated).exists()
    assert _path(document_link(regenerated, served.main)) == first_links
    other = delivery_make(again, key="attorney:2")
    assert {free_look.delivery_id for free_look in free_looks_create(other)} == {other.pk}
