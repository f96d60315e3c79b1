"""The notices' pages: a filing's recipients and their delivery states (the filer's, the submitter's and the
court staff's), the court's outbox of notices as sent, the help desk's undelivered notices with Resend and
Regenerate; every other account finds no such page, and forged or foreign ids change nothing."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from openecf.audit.models import AuditEvent
from openecf.courts.models import CourtRoleKind
from openecf.filers.tests.helpers import make_staff, make_user, signed_in
from openecf.filing.models import Filing, NoticeOfElectronicFiling
from openecf.filing.tests.factories import attorney_make, case_with_counsel, filing_make
from openecf.notices.free_look import free_looks_create
from openecf.notices.models import (
    DeliveryState,
    NoticeDelivery,
    NoticeFanOut,
    NoticeFormat,
    NoticeFrequency,
    NoticeOtherMeans,
    RecipientKind,
)
from openecf.notices.render import notice_email
from openecf.notices.selectors import undelivered
from openecf.notices.views import outbox as outbox_views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

# Monday, March 16, 2026, 3:00 PM in New York.
NOW = dt.datetime(2026, 3, 16, 19, 0, tzinfo=dt.UTC)
SMTP_REFUSAL = "550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown"


def _delivery(notice: NoticeOfElectronicFiling, key: str, name: str, **fields: object) -> NoticeDelivery:
    fields.setdefault("addresses", [f"{key.replace(':', '-')}@example.com"])
    fields.setdefault("kind", RecipientKind.ATTORNEY)
    fields.setdefault("format", NoticeFormat.HTML)
    fields.setdefault("frequency", NoticeFrequency.EACH)
    return NoticeDelivery.objects.create(notice=notice, recipient_key=key, name=name, **fields)


@pytest.fixture
def world(cit):
    return case_with_counsel(cit)


@pytest.fixture
def filing(world) -> Filing:
    """A motion whose notice went to three recipients: one sent, one bounced (plain text), one deferred; and
    one party served by other means."""
    with time_machine.travel(NOW, tick=False):
        filing = filing_make(court=world.court, case=world.case, filer=world.attorney)
        notice = filing.notices.get()
        NoticeFanOut.objects.create(notice=notice)
        _delivery(
            notice,
            "attorney:1",
            "Jane Marlowe",
            addresses=["marlowe@example.com", "docketing@marlowe.example.com"],
            state=DeliveryState.SENT,
            attempts=1,
            sent_at=NOW,
            message_id="<nef.1@openecf.invalid>",
        )
        _delivery(
            notice,
            "attorney:2",
            "Ada Gone",
            addresses=["gone@example.net"],
            format=NoticeFormat.PLAIN,
            state=DeliveryState.BOUNCED,
            attempts=1,
            last_error=SMTP_REFUSAL,
        )
        _delivery(
            notice,
            "judge:1",
            "Chambers of Judge Park",
            kind=RecipientKind.CHAMBERS,
            state=DeliveryState.RETRYING,
            attempts=2,
            last_error="421 4.3.2 Try again later",
        )
        NoticeOtherMeans.objects.create(
            notice=notice,
            party_id_served=world.case.parties.get(name="United States").pk,
            name="United States",
            role_label="Defendant",
            postal_address="950 Pennsylvania Avenue NW\nWashington, DC 20530",
        )
    return filing


@pytest.fixture
def people(cit, cafc, world, clerk):
    """Everyone who might ask for the pages, by what they are to the filing."""
    return {
        "filer": world.attorney,
        "other filer": attorney_make(cit, "quill", first_name="Ada", last_name="Quill"),
        "public user": make_user("reader"),
        "clerk": clerk,
        "help desk": make_staff("helpdesk", cit, CourtRoleKind.HELP_DESK),
        "staff of another court": make_staff("cafc-clerk", cafc, CourtRoleKind.CLERK),
        "PSC admin": make_user("psc", psc_admin=True),
    }


def _one(filing: Filing, state: str) -> NoticeDelivery:
    return NoticeDelivery.objects.get(notice__filing=filing, state=state)


def _deliveries(filing: Filing) -> str:
    return f"/cit/cmecf/filing/{filing.pk}/deliveries/"


def _message(delivery: NoticeDelivery, court: str = "cit") -> str:
    return f"/{court}/cmecf/notices/outbox/{delivery.pk}/"


def _resend(delivery: NoticeDelivery, court: str = "cit") -> str:
    return f"/{court}/cmecf/notices/deliveries/{delivery.pk}/resend/"


def _regenerate(filing: Filing, court: str = "cit") -> str:
    return f"/{court}/cmecf/filing/{filing.pk}/notice/regenerate/"


OUTBOX = "/cit/cmecf/notices/outbox/"
UNDELIVERED = "/cit/cmecf/notices/undelivered/"
CLERKS_OFFICE = {"clerk", "help desk"}
EVERYONE = [
    "filer",
    "other filer",
    "public user",
    "clerk",
    "help desk",
    "staff of another court",
    "PSC admin",
]


def _state(delivery: NoticeDelivery) -> str:
    delivery.refresh_from_db()
    return delivery.state


def _shown(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return html.unescape(page.content.decode())


class TestWhoMayOpenThePages:
    @pytest.mark.parametrize("who", EVERYONE)
    def test_the_filings_recipients_are_the_filers_and_the_court_staffs(self, client, filing, people, who):
        client.force_login(people[who])
        expected = 200 if who in {"filer", *CLERKS_OFFICE} else 404
        assert client.get(_deliveries(filing)).status_code == expected

    def test_the_submitter_sees_them_too(self, client, cit, world):
        agent = attorney_make(cit, "paralegal")
        submitted = filing_make(court=cit, case=world.case, filer=world.attorney, submitted_by=agent)
        client.force_login(agent)
        assert client.get(_deliveries(submitted)).status_code == 200

    @pytest.mark.parametrize("who", EVERYONE)
    def test_the_outbox_and_undelivered_notices_are_the_clerks_offices(self, client, filing, people, who):
        client.force_login(people[who])
        expected = 200 if who in CLERKS_OFFICE else 404
        sent = _one(filing, DeliveryState.SENT)
        for url in (OUTBOX, _message(sent), UNDELIVERED):
            assert client.get(url).status_code == expected, url

    @pytest.mark.parametrize("who", EVERYONE)
    def test_only_the_clerks_office_resends_and_regenerates(self, client, filing, people, who):
        client.force_login(people[who])
        bounced = _one(filing, DeliveryState.BOUNCED)
        notice = filing.notices.get()
        resent = client.post(_resend(bounced), {"back": "undelivered"})
        regenerated = client.post(_regenerate(filing), {"notice": str(notice.pk), "back": "undelivered"})
        if who in CLERKS_OFFICE:
            assert (resent.status_code, resent["Location"]) == (302, UNDELIVERED)
            assert (regenerated.status_code, regenerated["Location"]) == (302, UNDELIVERED)
            assert _state(bounced) != DeliveryState.BOUNCED
            assert filing.notices.count() == 2
        else:
            assert (resent.status_code, regenerated.status_code) == (404, 404)
            assert _state(bounced) == DeliveryState.BOUNCED
            assert filing.notices.count() == 1

    def test_anonymous_visitors_are_sent_to_the_login_and_change_nothing(self, client, filing):
        bounced = _one(filing, DeliveryState.BOUNCED)
        for url in (_deliveries(filing), OUTBOX, _message(bounced), UNDELIVERED):
            answer = client.get(url)
            assert answer.status_code == 302 and "/pacer/login/" in answer["Location"], url
        notice = filing.notices.get()
        assert client.post(_resend(bounced)).status_code == 302
        assert client.post(_regenerate(filing), {"notice": str(notice.pk)}).status_code == 302
        assert _state(bounced) == DeliveryState.BOUNCED
        assert filing.notices.count() == 1

    def test_a_post_without_the_csrf_token_is_refused(self, filing, clerk):
        client = Client(enforce_csrf_checks=True)
        client.force_login(clerk)
        bounced = _one(filing, DeliveryState.BOUNCED)
        assert client.post(_resend(bounced)).status_code == 403
        notice = filing.notices.get()
        assert client.post(_regenerate(filing), {"notice": str(notice.pk)}).status_code == 403
        assert _state(bounced) == DeliveryState.BOUNCED
        assert filing.notices.count() == 1

    def test_the_staff_menu_links_the_outbox_for_the_clerks_office_only(self, client, filing, people):
        for who in EVERYONE:
            client.force_login(people[who])
            shown = client.get("/cit/").content.decode()
            assert (f'href="{OUTBOX}"' in shown) == (who in CLERKS_OFFICE), who
            assert (f'href="{UNDELIVERED}"' in shown) == (who in CLERKS_OFFICE), who

    def test_the_cmecf_utilities_menu_links_it_for_the_clerks_office_only(self, client, cit, people):
        for who in ("clerk", "help desk", "filer"):
            signed_in(client, people[who], cit)
            shown = client.get("/cit/cmecf/").content.decode()
            assert (f'id="menu-link-notices" href="{OUTBOX}"' in shown) == (who in CLERKS_OFFICE), who


class TestTheFilingsRecipients:
    def test_the_filer_sees_each_recipient_its_state_and_the_parties_served_otherwise(
        self, client, world, filing
    ):
        client.force_login(world.attorney)
        shown = _shown(client, _deliveries(filing))
        sent, bounced, retrying = (
            _one(filing, state)
            for state in (DeliveryState.SENT, DeliveryState.BOUNCED, DeliveryState.RETRYING)
        )
        for delivery, label in (
            (sent, "Sent"),
            (bounced, "Bounced"),
            (retrying, "Deferred; will be retried"),
        ):
            row = re.search(rf'<tr id="delivery-{delivery.pk}">.*?</tr>', shown, re.S)
            assert row is not None, delivery.name
            assert delivery.name in row[0]
            assert f'<td id="delivery-state-{delivery.pk}">{label}</td>' in row[0]
            for address in delivery.addresses:
                assert address in row[0]
        assert "marlowe@example.com" in shown and "docketing@marlowe.example.com" in shown
        assert "3/16/2026 3:00 PM EDT" in shown  # when the sent one left
        assert SMTP_REFUSAL in shown  # the bounce says why
        assert "421 4.3.2" not in shown  # a deferral is not a failure yet
        other = re.search(r'id="notice-other-means-\d+">(.*?)</ul>', shown, re.S)
        assert other is not None
        assert "United States (Defendant)" in other[1] and "Washington, DC 20530" in other[1]
        # The filer has no help desk's buttons.
        assert "Resend" not in shown and "Regenerate the notice" not in shown
        assert "/cmecf/notices/outbox/" not in shown

    def test_a_regenerated_notice_is_listed_first_and_marked(self, client, world, filing):
        first = filing.notices.get()
        with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
            again = NoticeOfElectronicFiling.objects.create(
                filing=filing,
                generated_at=NOW + dt.timedelta(hours=1),
                regenerated_from=first,
                case_number=first.case_number,
                case_name=first.case_name,
                filer_name=first.filer_name,
                document_number=first.document_number,
                docket_text=first.docket_text,
                entered_by="Clerk",
            )
        client.force_login(world.attorney)
        shown = _shown(client, _deliveries(filing))
        assert shown.index(f'id="notice-{again.pk}"') < shown.index(f'id="notice-{first.pk}"')
        assert "Regenerated notice of 3/16/2026 4:00 PM EDT (the current one)" in shown
        # Its recipients are not planned yet: the page says so rather than "nobody".
        assert f'id="notice-planning-{again.pk}"' in shown

    def test_the_clerks_office_gets_resend_and_regenerate_there(self, client, filing, clerk):
        client.force_login(clerk)
        shown = _shown(client, _deliveries(filing))
        for state in (DeliveryState.SENT, DeliveryState.BOUNCED):
            assert f'action="{_resend(_one(filing, state))}"' in shown
        # A deferred one is retried by the queue itself.
        assert f'action="{_resend(_one(filing, DeliveryState.RETRYING))}"' not in shown
        assert f'action="{_regenerate(filing)}"' in shown
        assert f'name="notice" value="{filing.notices.get().pk}"' in shown

    def test_a_filing_of_another_court_or_none_is_not_found(self, client, world, filing):
        client.force_login(world.attorney)
        assert client.get(f"/cafc/cmecf/filing/{filing.pk}/deliveries/").status_code == 404
        assert client.get("/cit/cmecf/filing/999999/deliveries/").status_code == 404
        assert client.get(f"/cit/cmecf/filing/{10**25}/deliveries/").status_code == 404


class TestOutbox:
    def test_every_delivery_newest_first_each_opening_its_message(self, client, clerk, filing):
        client.force_login(clerk)
        shown = _shown(client, OUTBOX)
        deliveries = list(NoticeDelivery.objects.filter(notice__filing=filing).order_by("-pk"))
        positions = [shown.index(f'id="outbox-delivery-{d.pk}"') for d in deliveries]
        assert positions == sorted(positions)
        for delivery in deliveries:
            assert f'href="{_message(delivery)}"' in shown
        assert "3 notices to recipients" in shown

    def test_only_notices_appear_never_other_mail(self, client, clerk, filing):
        mail.send_mail(
            "Your one-time code", "Your code is 123456.", "cmecf@openecf.invalid", ["x@example.com"]
        )
        client.force_login(clerk)
        shown = _shown(client, OUTBOX)
        assert len(re.findall(r'id="outbox-delivery-\d+"', shown)) == 3
        assert "one-time code" not in shown and "123456" not in shown

    def test_filters_by_state_and_case_number(self, client, clerk, cit, world, filing):
        other_case = case_with_counsel(cit, username="vale", load_events=False)
        other = filing_make(court=cit, case=other_case.case, filer=other_case.attorney)
        NoticeFanOut.objects.create(notice=other.notices.get())
        elsewhere = _delivery(other.notices.get(), "attorney:9", "Vale Counsel", state=DeliveryState.SENT)
        client.force_login(clerk)
        bounced = _one(filing, DeliveryState.BOUNCED)
        by_state = _shown(client, f"{OUTBOX}?state=bounced")
        assert re.findall(r'id="outbox-delivery-(\d+)"', by_state) == [str(bounced.pk)]
        by_case = _shown(client, f"{OUTBOX}?case_number={other_case.case.pacer_case_number}")
        assert re.findall(r'id="outbox-delivery-(\d+)"', by_case) == [str(elsewhere.pk)]
        short = f"{other_case.case.year % 100:02d}-{other_case.case.sequence:05d}"
        assert re.findall(r'id="outbox-delivery-(\d+)"', _shown(client, f"{OUTBOX}?case_number={short}")) == [
            str(elsewhere.pk)
        ]

    @pytest.mark.parametrize(
        "query", ["state=lost", "case_number=not-a-number", "page=two", "page=0", "case_number=a%00b"]
    )
    def test_bad_filters_are_a_400_that_says_what_to_change(self, client, clerk, filing, query):
        client.force_login(clerk)
        page = client.get(f"{OUTBOX}?{query}")
        assert page.status_code == 400
        assert b"Traceback" not in page.content

    def test_fifty_a_page_with_the_filters_kept(self, client, clerk, filing, monkeypatch):
        monkeypatch.setattr(outbox_views, "OUTBOX_PER_PAGE", 2)
        client.force_login(clerk)
        first = _shown(client, f"{OUTBOX}?state=")
        assert "Page 1 of 2" in first and 'href="?state=&page=2"' in first
        assert "Page 2 of 2" in _shown(client, f"{OUTBOX}?state=&page=2")

    def test_the_html_message_as_sent_in_a_sandboxed_frame(self, client, clerk, filing):
        sent = _one(filing, DeliveryState.SENT)
        email = notice_email(sent.notice, sent)
        client.force_login(clerk)
        answer = client.get(_message(sent))
        raw = answer.content.decode()
        shown = html.unescape(raw)
        for name, value in (
            ("from", email.from_email),
            ("to", "marlowe@example.com, docketing@marlowe.example.com"),
            ("subject", email.subject),
            ("date", "Mon, 16 Mar 2026 15:00:00 -0400"),
            ("message-id", "<nef.1@openecf.invalid>"),
        ):
            assert f'<td id="message-header-{name}">{value}</td>' in shown, name
        frame = re.search(r"<iframe [^>]*>", raw)
        assert frame is not None
        assert (
            'sandbox="allow-popups allow-popups-to-escape-sandbox"' in frame[0]
        )  # no scripts, no same origin
        srcdoc = re.search(r'srcdoc="([^"]*)"', frame[0])
        assert srcdoc is not None
        body = html.unescape(srcdoc[1])
        assert '<base target="_blank">' in body
        assert sent.notice.docket_text in html.unescape(body)
        assert "<script" not in raw.split('id="message-body"')[1].split("</iframe>")[0]
        # The frame inherits the page's policy, which stays the site's: no inline script, no <style>.
        policy = {directive.strip() for directive in answer["Content-Security-Policy"].split(";")}
        assert "script-src 'self'" in policy and "style-src-elem 'self'" in policy

    def test_the_plain_text_message_in_a_pre(self, client, clerk, filing):
        bounced = _one(filing, DeliveryState.BOUNCED)
        email = notice_email(bounced.notice, bounced)
        client.force_login(clerk)
        shown = _shown(client, _message(bounced))
        assert "<iframe" not in shown
        pre = re.search(r'<pre id="message-body"[^>]*>(.*?)</pre>', shown, re.S)
        assert pre is not None and pre[1] == email.body
        assert '<td id="message-header-date">Not sent yet</td>' in shown
        assert SMTP_REFUSAL in shown

    def test_a_delivery_of_another_court_or_none_is_not_found(self, client, clerk, cafc, filing, people):
        sent = _one(filing, DeliveryState.SENT)
        client.force_login(clerk)
        assert client.get(_message(sent, court="cafc")).status_code == 404
        for forged in (999999, 10**25):
            assert client.get(f"/cit/cmecf/notices/outbox/{forged}/").status_code == 404
        client.force_login(people["staff of another court"])
        assert client.get(_message(sent, court="cafc")).status_code == 404


class TestUndelivered:
    def test_failed_bounced_and_long_deferred_ones_with_their_buttons(self, client, clerk, filing):
        failed = _delivery(
            filing.notices.get(), "account:5", "Pro Se Party", state=DeliveryState.FAILED, last_error="554 No"
        )
        bounced, retrying = _one(filing, DeliveryState.BOUNCED), _one(filing, DeliveryState.RETRYING)
        client.force_login(clerk)
        deferred = NoticeDelivery.objects.filter(pk=retrying.pk)
        deferred.update(created_at=timezone.now() - dt.timedelta(minutes=50))
        soon = _shown(client, UNDELIVERED)
        deferred.update(created_at=timezone.now() - dt.timedelta(minutes=70))
        later = _shown(client, UNDELIVERED)
        sent = _one(filing, DeliveryState.SENT)
        listed_soon = set(re.findall(r'<tr id="undelivered-(\d+)">', soon))
        assert listed_soon == {str(bounced.pk), str(failed.pk)}
        listed_later = set(re.findall(r'<tr id="undelivered-(\d+)">', later))
        assert listed_later == {str(bounced.pk), str(failed.pk), str(retrying.pk)}
        assert str(sent.pk) not in listed_later
        for delivery in (bounced, failed):
            assert f'action="{_resend(delivery)}"' in soon
        assert f'id="undelivered-retried-{retrying.pk}"' in later
        assert f'action="{_regenerate(filing)}"' in soon
        assert SMTP_REFUSAL in soon and "554 No" in soon

    def test_the_selector_keeps_to_its_court(self, cafc, filing):
        assert undelivered(cafc).count() == 0

    def test_nothing_undelivered_says_so(self, client, clerk, world):
        client.force_login(clerk)
        assert 'id="undelivered-empty"' in _shown(client, UNDELIVERED)


class TestResend:
    def test_a_bounced_notice_is_sent_again_and_a_second_press_does_nothing(self, client, clerk, filing):
        bounced = _one(filing, DeliveryState.BOUNCED)
        client.force_login(clerk)
        first = client.post(_resend(bounced), {"back": "undelivered"}, follow=True)
        assert "will be sent again" in first.content.decode()
        assert _state(bounced) == DeliveryState.PENDING
        events = AuditEvent.objects.count()
        second = client.post(_resend(bounced), {"back": "undelivered"}, follow=True)
        assert "Nothing was done" in html.unescape(second.content.decode())
        assert _state(bounced) == DeliveryState.PENDING
        assert AuditEvent.objects.count() == events

    def test_a_notice_waiting_to_be_sent_is_not_sent_twice(self, client, clerk, filing, monkeypatch):
        calls: list[int] = []
        monkeypatch.setattr(outbox_views, "delivery_resend", lambda *, delivery, acting_user: calls.append(1))
        pending = _one(filing, DeliveryState.RETRYING)
        NoticeDelivery.objects.filter(pk=pending.pk).update(state=DeliveryState.PENDING)
        client.force_login(clerk)
        answer = client.post(_resend(pending), follow=True)
        assert "Nothing was done" in html.unescape(answer.content.decode())
        assert calls == []

    @pytest.mark.parametrize(
        ("back", "where"),
        [
            ("deliveries", "/cit/cmecf/filing/{filing}/deliveries/"),
            ("message", "/cit/cmecf/notices/outbox/{delivery}/"),
            ("https://evil.example/", UNDELIVERED),
            ("", UNDELIVERED),
        ],
    )
    def test_goes_back_to_the_page_the_form_was_on(self, client, clerk, filing, back, where):
        bounced = _one(filing, DeliveryState.BOUNCED)
        client.force_login(clerk)
        answer = client.post(_resend(bounced), {"back": back})
        assert answer["Location"] == where.format(filing=filing.pk, delivery=bounced.pk)

    def test_forged_and_foreign_ids_are_not_found(self, client, cafc, clerk, filing, people):
        bounced = _one(filing, DeliveryState.BOUNCED)
        client.force_login(clerk)
        for url in (
            "/cit/cmecf/notices/deliveries/999999/resend/",
            f"/cit/cmecf/notices/deliveries/{10**25}/resend/",
        ):
            assert client.post(url).status_code == 404
        assert client.post(_resend(bounced, court="cafc")).status_code == 404
        client.force_login(people["staff of another court"])
        assert client.post(_resend(bounced, court="cafc")).status_code == 404
        assert _state(bounced) == DeliveryState.BOUNCED

    def test_only_a_post_resends(self, client, clerk, filing):
        client.force_login(clerk)
        bounced = _one(filing, DeliveryState.BOUNCED)
        assert client.get(_resend(bounced)).status_code == 405
        assert _state(bounced) == DeliveryState.BOUNCED


class TestRegenerate:
    def test_regenerates_once_however_often_it_is_pressed(self, client, clerk, filing):
        first = filing.notices.get()
        client.force_login(clerk)
        done = client.post(_regenerate(filing), {"notice": str(first.pk), "back": "deliveries"}, follow=True)
        assert "The notice is regenerated" in done.content.decode()
        regenerated = filing.notices.exclude(pk=first.pk).get()
        assert regenerated.regenerated_from_id == first.pk
        again = client.post(_regenerate(filing), {"notice": str(first.pk), "back": "deliveries"}, follow=True)
        assert "already regenerated" in again.content.decode()
        assert filing.notices.count() == 2
        assert again.redirect_chain[-1][0] == _deliveries(filing)

    def test_from_the_quality_control_page(self, client, clerk, filing):
        client.force_login(clerk)
        page = _shown(client, f"/cit/cmecf/clerk/qc/{filing.pk}/")
        assert f'action="{_regenerate(filing)}"' in page and f'href="{_deliveries(filing)}"' in page
        answer = client.post(_regenerate(filing), {"notice": str(filing.notices.get().pk), "back": "qc"})
        assert answer["Location"] == f"/cit/cmecf/clerk/qc/{filing.pk}/"
        assert filing.notices.count() == 2

    def test_forged_and_foreign_ids_change_nothing(self, client, world, clerk, filing, people):
        other = filing_make(court=world.court, case=world.case, filer=world.attorney)
        notice = filing.notices.get()
        client.force_login(clerk)
        assert client.post(_regenerate(filing), {"notice": str(other.notices.get().pk)}).status_code == 404
        assert client.post(_regenerate(filing), {"notice": "first"}).status_code == 400
        assert client.post(_regenerate(filing), {}).status_code == 400
        assert client.post("/cit/cmecf/filing/999999/notice/regenerate/", {"notice": "1"}).status_code == 404
        assert client.post(_regenerate(filing, court="cafc"), {"notice": str(notice.pk)}).status_code == 404
        client.force_login(people["staff of another court"])
        assert client.post(_regenerate(filing, court="cafc"), {"notice": str(notice.pk)}).status_code == 404
        assert filing.notices.count() == 1 and other.notices.count() == 1


def test_the_outbox_shows_no_recipients_free_look(client, clerk, cit, filing):
    """The clerk reads the notice as sent, but without the magic number that is the recipient's alone."""
    delivery = _one(filing, DeliveryState.SENT)
    assert free_looks_create(delivery)
    signed_in(client, clerk, cit)
    response = client.get(_message(delivery))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "magic_num" not in body
    assert "/cit/doc1/" in body
    assert "marlowe@example.com" in body
