"""The feeds: the court's RSS feed round-trips through juriscraper's PacerRssFeed to the entries the database
holds (a trial court and a court of appeals), only what the public may read is in either feed, and each is
built in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from juriscraper.pacer import PacerRssFeed

from openecf.cases.models import Case, CaseRestriction
from openecf.cases.services import case_open
from openecf.courts.models import Court
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.docket.models import DocketEntry, EntryRestriction, Event
from openecf.docket.services import docket_entry_create
from openecf.documents.models import Document
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
    document_attach,
    document_restrict,
)
from openecf.documents.testing import make_pdf
from openecf.reports import feeds
from openecf.reports.feeds import case_atom_build, court_rss_build, entry_short_description

pytestmark = pytest.mark.django_db

SITE = "https://ecf.example.test"
# 10:00 in New York: the entries below are filed a minute apart from here on.
START = dt.datetime(2026, 3, 16, 14, 0, tzinfo=dt.UTC)
READ_AT = START + dt.timedelta(hours=1)

TRADE_TITLE = "Société <Générale> & Fils S.A. v. United States"
MARKUP_TEXT = "Telephone conference held <b>on the record</b> & «adjourned» — 中文 <script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.OPENECF_SITE_URL = SITE


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _event(court: Court, code: str) -> Event:
    return Event.objects.get(court=court, code=code)


def _pdfs(*names: str) -> list[DocumentUpload]:
    return [
        DocumentUpload(make_pdf(name), description=name if index else "") for index, name in enumerate(names)
    ]


def _main(entry: DocketEntry) -> Document:
    return entry.documents.get(attachment_number=0)


def _parsed(court_id: str, xml: str) -> list[dict[str, Any]]:
    """juriscraper's reading of the feed: one dict per item (its docket fields and its one entry)."""
    parser = PacerRssFeed(court_id)
    parser._parse_text(xml)
    items = []
    for docket in parser.data:
        (entry,) = docket["docket_entries"]
        items.append(
            {
                "docket_number": docket["docket_number"],
                "case_name": docket["case_name"],
                "pacer_case_id": docket["pacer_case_id"],
                "document_number": entry["document_number"],
                "short_description": entry["short_description"],
                "pacer_doc_id": entry["pacer_doc_id"],
                "pacer_seq_no": entry["pacer_seq_no"],
                "date_filed": entry["date_filed"],
            }
        )
    return items


def _held(
    entry: DocketEntry, description: str, *, document: Document | None, appellate: bool = False
) -> dict[str, Any]:
    """What the database holds of an entry, in juriscraper's terms (`description` is stated by the test)."""
    entry.refresh_from_db()
    case = entry.case
    assert entry.filed_at is not None
    return {
        "docket_number": case.pacer_case_number,
        "case_name": case.short_title,
        # A court of appeals' feed names no case id (juriscraper reads none there).
        "pacer_case_id": None if appellate else str(case.pk),
        "document_number": entry.number_label or None,
        "short_description": description,
        "pacer_doc_id": document.public_id if document is not None else "",
        "pacer_seq_no": None if appellate or document is None else str(entry.sequence),
        "date_filed": entry.filed_at.replace(microsecond=0),
    }


# --- a trial court ----------------------------------------------------------------------------------------


@pytest.fixture
def trade(cit: Court, clock: time_machine.Traveller) -> dict[str, Any]:
    """The CIT's docket activity: every kind of entry a feed must show, hide, or leave without a link."""
    event_dictionary_load(court=cit, acting_user=None)

    def case(title: str, **fields: Any) -> Case:
        return case_open(
            court=cit,
            caption=title,
            short_title=title,
            date_filed=dt.date(2026, 3, 2),
            acting_user=None,
            **fields,
        )

    def tick() -> None:
        clock.shift(dt.timedelta(minutes=1))

    societe, acme = case(TRADE_TITLE), case("Acme Steel Corp. v. United States")
    sealed_case = case("Cobalt Mining Co. v. United States", restriction=CaseRestriction.SEALED)
    clock.move_to(START - dt.timedelta(hours=30))
    old = docket_entry_with_documents_create(
        case=societe,
        event=_event(cit, "complaint"),
        text="Complaint.",
        documents=_pdfs("complaint"),
        acting_user=None,
    )
    clock.move_to(START)
    e: dict[str, Any] = {"societe": societe, "acme": acme, "sealed_case": sealed_case, "old": old}
    e["motion"] = docket_entry_with_documents_create(
        case=societe,
        event=_event(cit, "motion_extension"),
        text="Motion for Extension of Time. Filed by Jane Marlowe on behalf of Société.",
        documents=_pdfs("motion", "Exhibit A", "Exhibit B"),
        acting_user=None,
    )
    tick()
    e["minute"] = docket_entry_create(
        case=societe, event=_event(cit, "minute_entry"), text=MARKUP_TEXT, acting_user=None
    )
    tick()
    e["order"] = docket_entry_with_documents_create(
        case=acme,
        event=_event(cit, "order"),
        text="Order <granting> motion.",
        documents=_pdfs("order"),
        acting_user=None,
    )
    tick()
    e["sealed_entry"] = docket_entry_with_documents_create(
        case=societe,
        event=_event(cit, "motion"),
        text="Sealed motion.",
        restriction=EntryRestriction.SEALED,
        documents=_pdfs("sealed"),
        acting_user=None,
    )
    tick()
    e["participants"] = docket_entry_with_documents_create(
        case=societe,
        event=_event(cit, "confidential_document"),
        text="Confidential document.",
        restriction=EntryRestriction.PARTICIPANTS,
        documents=_pdfs("bpi"),
        acting_user=None,
    )
    tick()
    # A public entry whose main document the clerk sealed; its attachment stays public.
    e["sealed_document"] = docket_entry_with_documents_create(
        case=societe,
        event=_event(cit, "exhibit"),
        text="Exhibits.",
        documents=_pdfs("main", "Exhibit C"),
        acting_user=None,
    )
    document_restrict(
        document=_main(e["sealed_document"]),
        restriction=EntryRestriction.SEALED,
        acting_user=None,
        note="Sealed: confidential information.",
        mark_modified=True,
    )
    tick()
    e["in_sealed_case"] = docket_entry_with_documents_create(
        case=sealed_case,
        event=_event(cit, "complaint"),
        text="Complaint.",
        documents=_pdfs("x"),
        acting_user=None,
    )
    tick()
    # Docketed with its date only (an import): not activity of the last day.
    e["imported"] = docket_entry_create(
        case=acme, text="Summons issued.", date_filed=dt.date(2026, 3, 16), acting_user=None
    )
    tick()
    # No event: the first sentence of the text stands for it (brackets would end PACER's description).
    e["letter"] = docket_entry_with_documents_create(
        case=acme,
        text="Letter [re: schedule] & <i>note</i>\x0b to the Court. Second sentence.",
        documents=_pdfs("letter"),
        acting_user=None,
    )
    tick()
    e["unnumbered_document"] = docket_entry_with_documents_create(
        case=acme, text="Notice of hearing.", numbered=False, documents=_pdfs("notice"), acting_user=None
    )
    clock.move_to(READ_AT)
    return e


def test_the_trial_court_feed_round_trips_through_juriscraper(cit: Court, trade: dict[str, Any]) -> None:
    xml = court_rss_build(cit).writeString("utf-8")

    assert _parsed("cit", xml) == [
        _held(
            trade["unnumbered_document"], "Notice of hearing", document=_main(trade["unnumbered_document"])
        ),
        _held(
            trade["letter"],
            "Letter (re: schedule) & <i>note</i> to the Court",
            document=_main(trade["letter"]),
        ),
        # The number stays (linked to its line on the Docket Report); the sealed document does not.
        _held(trade["sealed_document"], "Exhibits", document=None),
        _held(trade["order"], "Order", document=_main(trade["order"])),
        _held(trade["minute"], "Minute entry", document=None),
        _held(trade["motion"], "Motion for Extension of Time", document=_main(trade["motion"])),
    ]


def test_the_trial_court_feed_keeps_pacers_layout(cit: Court, trade: dict[str, Any]) -> None:
    xml = court_rss_build(cit).writeString("utf-8")
    channel = feedparser.parse(xml)

    assert channel.bozo == 0, channel.get("bozo_exception")
    assert channel.version == "rss20"
    assert channel.feed.title == "U.S. Court of International Trade - Recent Entries"
    assert channel.feed.link == f"{SITE}/cit/"
    assert 'xmlns:blogChannel="http://backend.userland.com/blogChannelModule"' in xml
    motion = trade["motion"]
    (item,) = [item for item in channel.entries if item.id.endswith(f"&{motion.sequence}")]
    assert item.link == f"{SITE}/cit/cgi-bin/DktRpt.pl?{motion.case_id}"
    assert item.id == f"{SITE}/cit/cgi-bin/DktRpt.pl?{motion.case_id}&{motion.sequence}"
    assert item.published == "Mon, 16 Mar 2026 10:00:00 -0400"  # the court's time
    document = _main(motion)
    assert item.summary == (
        f'[Motion for Extension of Time] (<a href="{SITE}/cit/doc1/{document.public_id}'
        f'?caseid={motion.case_id}&amp;de_seq_num={motion.sequence}">2</a>)'
    )
    # The title is HTML, as readers take it: the caption's '<' and '&' are text, never markup.
    assert "1:26-cv-00001 Société &amp;lt;Générale&amp;gt; &amp;amp; Fils" in xml
    # Only the main document is linked from the feed; attachments are on the Docket Report.
    for attachment in motion.documents.exclude(attachment_number=0):
        assert attachment.public_id not in xml


def test_nothing_the_public_may_not_read_is_in_the_court_feed(cit: Court, trade: dict[str, Any]) -> None:
    xml = court_rss_build(cit).writeString("utf-8")
    guids = {item.id for item in feedparser.parse(xml).entries}

    for hidden in ("sealed_entry", "participants", "in_sealed_case"):
        entry = trade[hidden]
        assert feeds.entry_guid(entry) not in guids, hidden
        for document in entry.documents.all():
            assert document.public_id not in xml, hidden
    assert "Cobalt" not in xml and trade["sealed_case"].pacer_case_number not in xml
    assert _main(trade["sealed_document"]).public_id not in xml
    # Older than a day, or docketed with a date only: not recent activity.
    assert feeds.entry_guid(trade["old"]) not in guids
    assert feeds.entry_guid(trade["imported"]) not in guids


def test_an_entry_sealed_after_filing_leaves_the_feed(cit: Court, trade: dict[str, Any]) -> None:
    docket_entry_restrict(entry=trade["order"], restriction=EntryRestriction.SEALED, acting_user=None)
    xml = court_rss_build(cit).writeString("utf-8")

    assert _main(trade["order"]).public_id not in xml
    assert feeds.entry_guid(trade["order"]) not in {item.id for item in feedparser.parse(xml).entries}


def test_the_feed_holds_the_last_day_at_most_the_latest_entries(
    cit: Court, trade: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "RECENT_MAX_ENTRIES", 2)
    guids = [item.id for item in feedparser.parse(court_rss_build(cit).writeString("utf-8")).entries]
    assert guids == [feeds.entry_guid(trade["unnumbered_document"]), feeds.entry_guid(trade["letter"])]

    # A day after the motion was filed, it is no longer recent; the later entries still are.
    monkeypatch.setattr(feeds, "RECENT_MAX_ENTRIES", 200)
    a_day_later = START + dt.timedelta(hours=24, seconds=30)
    guids = [
        item.id
        for item in feedparser.parse(court_rss_build(cit, now=a_day_later).writeString("utf-8")).entries
    ]
    assert feeds.entry_guid(trade["motion"]) not in guids
    assert feeds.entry_guid(trade["minute"]) in guids


def test_the_court_feed_is_one_query_however_many_entries(cit: Court, trade: dict[str, Any]) -> None:
    with CaptureQueriesContext(connection) as few:
        court_rss_build(cit).writeString("utf-8")
    for number in range(5):
        docket_entry_with_documents_create(
            case=trade["acme"], text=f"Stipulation {number}.", documents=_pdfs(f"s{number}"), acting_user=None
        )
    with CaptureQueriesContext(connection) as more:
        xml = court_rss_build(cit).writeString("utf-8")
    assert len(few) == len(more) == 1
    assert "Stipulation 4" in xml


def test_an_empty_feed_is_still_a_feed(cit: Court) -> None:
    channel = feedparser.parse(court_rss_build(cit).writeString("utf-8"))
    assert channel.bozo == 0 and channel.entries == []
    assert _parsed("cit", court_rss_build(cit).writeString("utf-8")) == []


def test_the_short_description_is_the_event_label_or_the_first_sentence(
    cit: Court, trade: dict[str, Any]
) -> None:
    assert entry_short_description(trade["motion"]) == "Motion for Extension of Time"
    long = docket_entry_create(case=trade["acme"], text="word " * 40, acting_user=None)
    described = entry_short_description(long)
    assert described.endswith("…") and len(described) <= feeds.SHORT_DESCRIPTION_MAX + 1


# --- a court of appeals -----------------------------------------------------------------------------------


@pytest.fixture
def appeal(cafc: Court, clock: time_machine.Traveller) -> dict[str, Any]:
    event_dictionary_load(court=cafc, acting_user=None)
    case = case_open(
        court=cafc,
        caption="Transtex Inc., Appellant v. Katherine K. Vidal",
        short_title="Transtex Inc. v. Vidal",
        date_filed=dt.date(2026, 1, 5),
        acting_user=None,
    )
    other = case_open(
        court=cafc,
        caption="In re Ünïcode 中文 Appeal",
        short_title="In re Ünïcode 中文 Appeal",
        date_filed=dt.date(2026, 2, 1),
        acting_user=None,
    )
    e: dict[str, Any] = {"case": case, "other": other}
    e["opinion"] = docket_entry_with_documents_create(
        case=case,
        event=_event(cafc, "opinion"),
        text="Opinion for the court.",
        documents=_pdfs("opinion"),
        acting_user=None,
    )
    clock.shift(dt.timedelta(minutes=1))
    e["judgment"] = docket_entry_with_documents_create(
        case=case,
        event=_event(cafc, "judgment"),
        text="Judgment. AFFIRMED.",
        documents=_pdfs("judgment", "Errata"),
        acting_user=None,
    )
    clock.shift(dt.timedelta(minutes=1))
    e["argued"] = docket_entry_create(
        case=other,
        event=_event(cafc, "oral_argument_held"),
        text="Argued <i>en banc</i> — «Ünïcode».",
        acting_user=None,
    )
    clock.shift(dt.timedelta(minutes=1))
    # As a court of appeals prints it: a zero-padded number.
    e["printed"] = docket_entry_create(
        case=other,
        event=_event(cafc, "order"),
        text="Order.",
        number=7,
        printed_number="00007",
        date_filed=dt.date(2026, 3, 16),
        filed_at=dt.datetime.now(tz=dt.UTC),
        document_count=1,
        acting_user=None,
    )
    document_attach(docket_entry=e["printed"], upload=DocumentUpload(make_pdf("order")), acting_user=None)
    clock.move_to(READ_AT)
    return e


def test_the_appellate_feed_round_trips_through_juriscraper(cafc: Court, appeal: dict[str, Any]) -> None:
    xml = court_rss_build(cafc).writeString("utf-8")

    assert _parsed("cafc", xml) == [
        _held(appeal["printed"], "Order", document=_main(appeal["printed"]), appellate=True),
        _held(appeal["argued"], "Oral argument held", document=None, appellate=True),
        _held(appeal["judgment"], "Judgment", document=_main(appeal["judgment"]), appellate=True),
        _held(appeal["opinion"], "Opinion", document=_main(appeal["opinion"]), appellate=True),
    ]


def test_the_appellate_feed_is_shaped_like_the_courts_of_appeals(cafc: Court, appeal: dict[str, Any]) -> None:
    xml = court_rss_build(cafc).writeString("utf-8")
    judgment = appeal["judgment"]
    (item,) = [item for item in feedparser.parse(xml).entries if item.id == feeds.entry_guid(judgment)]

    assert item.title == "26-1001 Transtex Inc. v. Vidal"
    assert item.published == "Mon, 16 Mar 2026 10:01:00 -0400"
    # Their link is single-quoted and carries no docket sequence.
    assert f"[Judgment] (&lt;a href='{SITE}/cafc/doc1/{_main(judgment).public_id}'&gt;2&lt;/a&gt;)" in xml
    assert "de_seq_num" not in xml


def _tags(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def test_our_items_are_laid_out_like_the_real_feeds(
    cit: Court, cafc: Court, trade: dict[str, Any], pacer_samples: Path
) -> None:
    """Each item has the elements of PACER's, in PACER's order; the channel has every element of theirs."""
    ours = ET.fromstring(court_rss_build(cit).writeString("utf-8").encode())  # noqa: S314 — our own feed
    for name in ("sdny_1", "cafc"):
        theirs = ET.fromstring((pacer_samples / "rss" / f"{name}.xml").read_bytes())  # noqa: S314 — a sample
        assert ours.tag == theirs.tag == "rss" and ours.get("version") == theirs.get("version") == "2.0"
        their_channel, our_channel = theirs.find("channel"), ours.find("channel")
        assert their_channel is not None and our_channel is not None
        their_item, our_item = their_channel.find("item"), our_channel.find("item")
        assert their_item is not None and our_item is not None
        assert _tags(our_item) == _tags(their_item)
        assert {"title", "link", "description", "lastBuildDate"} <= set(_tags(our_channel))
        our_guid, their_guid = our_item.find("guid"), their_item.find("guid")
        assert our_guid is not None and their_guid is not None
        assert our_guid.get("isPermaLink") == their_guid.get("isPermaLink") == "true"


# --- a case's Atom feed -----------------------------------------------------------------------------------


def test_the_case_feed_holds_the_public_docket_with_its_documents(trade: dict[str, Any]) -> None:
    societe = Case.objects.select_related("court").get(pk=trade["societe"].pk)
    xml = case_atom_build(societe).writeString("utf-8")
    feed = feedparser.parse(xml)

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == f"1:26-cv-00001 {TRADE_TITLE}"
    assert feed.feed.link == f"{SITE}/cit/cases/1:26-cv-00001/docket/"
    assert feed.feed.id == f"{SITE}/cit/cases/1:26-cv-00001/feed.atom"
    shown = [trade[key] for key in ("sealed_document", "minute", "motion", "old")]  # newest first
    assert [entry.id for entry in feed.entries] == [feeds.entry_guid(e) for e in shown]

    sealed_document, minute, motion, _old = feed.entries
    assert motion.title == "#2 Motion for Extension of Time"
    assert motion.link == f"{SITE}/cit/cases/1:26-cv-00001/docket/?number_from=2&number_to=2"
    # The docket text is escaped HTML: its markup and Unicode read back exactly as docketed.
    assert html.unescape(minute.summary) == MARKUP_TEXT
    assert "<script>" not in xml and "<b>" not in xml
    assert minute.title == "Minute entry"
    documents = [(link.href, link.title) for link in motion.links if link.rel == "related"]
    by_number = {d.attachment_number: d for d in trade["motion"].documents.all()}
    query = f"?caseid={trade['motion'].case_id}&de_seq_num={trade['motion'].sequence}"
    assert documents == [
        (f"{SITE}/cit/doc1/{by_number[0].public_id}{query}", "Document 2"),
        (f"{SITE}/cit/doc1/{by_number[1].public_id}{query}", "Attachment 1: Exhibit A"),
        (f"{SITE}/cit/doc1/{by_number[2].public_id}{query}", "Attachment 2: Exhibit B"),
    ]
    # The sealed main document is gone, its public attachment and the clerk's mark stay.
    linked = [link.title for link in sealed_document.links if link.rel == "related"]
    assert linked == ["Attachment 1: Exhibit C"]
    assert _main(trade["sealed_document"]).public_id not in xml
    assert html.unescape(sealed_document.summary) == "Exhibits. (Modified on 3/16/2026)"
    for hidden in ("sealed_entry", "participants"):
        assert trade[hidden].text not in xml
        assert all(d.public_id not in xml for d in trade[hidden].documents.all())


def test_the_case_feed_is_two_queries_however_many_entries(trade: dict[str, Any]) -> None:
    acme = Case.objects.select_related("court").get(pk=trade["acme"].pk)
    with CaptureQueriesContext(connection) as few:
        case_atom_build(acme).writeString("utf-8")
    for number in range(5):
        docket_entry_with_documents_create(
            case=acme,
            text=f"Stipulation {number}.",
            documents=_pdfs(f"s{number}", "Exhibit"),
            acting_user=None,
        )
    with CaptureQueriesContext(connection) as more:
        case_atom_build(acme).writeString("utf-8")
    assert len(few) == len(more) == 2


def test_the_case_feed_holds_its_latest_entries(
    trade: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "CASE_FEED_MAX_ENTRIES", 2)
    societe = Case.objects.select_related("court").get(pk=trade["societe"].pk)
    ids = [entry.id for entry in feedparser.parse(case_atom_build(societe).writeString("utf-8")).entries]
    assert ids == [feeds.entry_guid(trade["sealed_document"]), feeds.entry_guid(trade["minute"])]
