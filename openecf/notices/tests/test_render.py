"""The notices as e-mail (issue 9 §1): each kind of filing round-trips through juriscraper's e-mail parsers to
the court, case, entry, documents and recipients the database holds; hostile names and text are escaped and
still read back; a regenerated notice says so; a person can read them."""

from __future__ import annotations

import datetime as dt
import email
import json
from dataclasses import dataclass
from email.header import decode_header, make_header
from typing import Any
from zoneinfo import ZoneInfo

import html5lib  # type: ignore[import-untyped]
import pytest
from django.core.mail import EmailMessage
from django.db import transaction
from juriscraper.lib.string_utils import clean_string, harmonize
from juriscraper.pacer.email import NotificationEmail, S3NotificationEmail

from openecf.accounts.models import SecondaryEmail, User
from openecf.cases.models import Attorney, Case, CaseJudge, Party, PartyRole
from openecf.cases.services import case_open, party_add, representation_add
from openecf.courts.models import Court, Judge
from openecf.courts.services import judge_add
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.documents.models import Document
from openecf.filers.rights import attorney_record_ensure
from openecf.filing.models import ElectronicDocumentStamp, Filing, NoticeOfElectronicFiling
from openecf.filing.service_list import service_list
from openecf.filing.services import filing_submit
from openecf.filing.tests.factories import attorney_make, case_with_counsel, filing_make
from openecf.filing.tests.world import summons_request
from openecf.notices.free_look import free_look_token, free_looks_create
from openecf.notices.models import (
    DailySummary,
    DeliveryState,
    NoticeDelivery,
    NoticeFanOut,
    NoticeFormat,
    NoticeFrequency,
    NoticeOtherMeans,
    NotificationPreference,
)
from openecf.notices.render import (
    case_link,
    daily_summary_email,
    no_activity_email,
    notice_email,
    notice_email_preview,
    notice_subject,
)
from openecf.text import bidi_controls_strip

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

EASTERN = ZoneInfo("America/New_York")
# A Tuesday in the clerk's office hours: every event may be filed.
NOW = dt.datetime(2026, 4, 14, 11, 0, tzinfo=EASTERN)
SITE = "http://127.0.0.1:8000"

SCRIPT = '<script>alert("x")</script>'
# Hostile but ASCII: the subject carries the case name, and a parser reads the subject's words undecoded.
HOSTILE_TITLE = f'Smith & "Jones" {SCRIPT} Corp. v. United States'
# Hebrew with a right-to-left mark (removed where shown), a combining accent, quotes and an ampersand.
HOSTILE_PARTY = 'Cafe\u0301 \u05e9\u05dc\u05d5\u05dd\u200f & O\'Brien "Imports" ' + SCRIPT
HOSTILE_TEXT = f"to strike <b>all</b> & \"every\" 'thing' \u200f\u05e9\u05dc\u05d5\u05dd e\u0301 {SCRIPT}"
LONG_LAST_NAME = "Wolfeschlegelsteinhausenbergerdorff-" * 3 + "O'Connor"


# --- building filings and their planned deliveries -------------------------------------------------------


def plan(notice: NoticeOfElectronicFiling, *, format: str = NoticeFormat.HTML) -> list[NoticeDelivery]:
    """The notice's recipients as the fan-out plans them (deliveries, parties served otherwise, free looks)."""
    services = service_list(notice.filing.case)
    with transaction.atomic():
        deliveries = [
            NoticeDelivery.objects.create(
                notice=notice,
                recipient_key=recipient.key,
                kind=recipient.kind,
                name=recipient.name,
                addresses=list(recipient.addresses),
                account_id=recipient.account_id,
                format=format,
                frequency=NoticeFrequency.EACH,
                message_id=f"<notice-{notice.pk}-{position}@openecf.test>",
            )
            for position, recipient in enumerate(services.electronic)
        ]
        for party in services.other_means:
            NoticeOtherMeans.objects.create(
                notice=notice,
                party_id_served=party.party_id,
                name=party.name,
                role_label=party.role_label,
                postal_address=party.postal_address,
            )
        NoticeFanOut.objects.create(notice=notice)
    for delivery in deliveries:
        free_looks_create(delivery)
    return deliveries


def opposing_counsel(court: Court, case: Case, defendant: Party, username: str = "okafor") -> User:
    """An attorney for the defendant, with a secondary address: both addresses get the notice."""
    user = attorney_make(court, username, first_name="Ngozi", last_name="Okafor")
    SecondaryEmail.objects.create(user=user, email=f"docketing@{username}.example")
    with transaction.atomic():
        record = attorney_record_ensure(user=user, court=court, acting_user=None)
        representation_add(party=defendant, attorney=record, acting_user=None)
    return user


def chambers(court: Court, case: Case) -> Judge:
    judge = judge_add(court=court, name="Ada Quill", initials="AQ", acting_user=None)
    Judge.objects.filter(pk=judge.pk).update(chambers_email="quill_chambers@court.example")
    CaseJudge.objects.create(case=case, judge=judge)
    return judge


@dataclass(frozen=True)
class Scene:
    filing: Filing
    notice: NoticeOfElectronicFiling
    deliveries: list[NoticeDelivery]

    @property
    def filers_delivery(self) -> NoticeDelivery:
        return self.delivery_of(self.notice.filer_name)

    def delivery_of(self, name: str) -> NoticeDelivery:
        return next(delivery for delivery in self.deliveries if delivery.name == name)


def scene(filing: Filing, *, format: str = NoticeFormat.HTML) -> Scene:
    notice = filing.notices.get()
    return Scene(filing, notice, plan(notice, format=format))


@pytest.fixture
def motion_scene(cit, frozen):
    """A motion with two exhibits in a case with counsel on both sides, a judge's chambers and an
    unrepresented intervenor served by mail."""
    world = case_with_counsel(cit)
    defendant = world.case.parties.get(role=PartyRole.DEFENDANT)
    opposing_counsel(cit, world.case, defendant)
    chambers(cit, world.case)
    party_add(
        case=world.case,
        name="Harbor Imports LLC",
        role=PartyRole.INTERVENOR,
        acting_user=None,
        postal_address="12 Dock Street\nBaltimore, MD 21202",
    )
    filing = filing_make(
        court=cit, case=world.case, filer=world.attorney, attachments=2, text_extra="to stay the case"
    )
    return scene(filing)


@pytest.fixture
def opening_scene(cit, frozen):
    """A summons opening a new case, filed through the filing service (its fee paid by card)."""
    world = case_with_counsel(cit)
    filing = filing_submit(user=world.attorney, court=cit, request=summons_request(label="Harbor"))
    return scene(filing, format=NoticeFormat.PLAIN)


@pytest.fixture
def order_scene(cit, clerk, frozen):
    """An order the court entered (staff only: built as the filing service leaves a filing)."""
    world = case_with_counsel(cit)
    filing = filing_make(
        court=cit, case=world.case, filer=clerk, event_code="order", text_extra="granting leave"
    )
    return scene(filing)


@pytest.fixture
def appellate_scene(cafc, frozen):
    """A motion with an exhibit in a Federal Circuit appeal: its notice is a Notice of Docket Activity."""
    world = case_with_counsel(cafc, username="appellant")
    appellee = world.case.parties.get(role=PartyRole.DEFENDANT)
    opposing_counsel(cafc, world.case, appellee, username="appellee")
    filing = filing_make(
        court=cafc, case=world.case, filer=world.attorney, attachments=1, text_extra="to expedite"
    )
    return scene(filing)


# --- reading them back ------------------------------------------------------------------------------------


def parsed_s3(court_id: str, message: EmailMessage) -> dict[str, Any]:
    report = S3NotificationEmail(court_id)
    report._parse_text(message.message().as_string())
    data: dict[str, Any] = report.data
    return data


def parsed_html(court_id: str, message: EmailMessage) -> dict[str, Any]:
    report = NotificationEmail(court_id)
    report._parse_text(message.body)
    data: dict[str, Any] = report.data
    return data


def entry_of(data: dict[str, Any]) -> dict[str, Any]:
    [docket] = data["dockets"]
    [entry] = docket["docket_entries"]
    assert isinstance(entry, dict)
    return entry


def readable(html: str) -> str:
    """The body's text as a reader sees it, each cell and line apart, blanks collapsed; the HTML must parse
    without a single error."""
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    return " ".join(" ".join(tree.find("body").itertext()).split())


def main_document(filing: Filing) -> Document:
    return Document.objects.get(docket_entry=filing.docket_entry, attachment_number=0)


def recipients_listed(notice: NoticeOfElectronicFiling, *, appellate: bool) -> list[dict[str, Any]]:
    """The notice's deliveries as the parsers list them: by name; an NDA names the role after the name."""
    rows = NoticeDelivery.objects.filter(notice=notice).order_by("name")
    return [
        {
            "name": f"{row.name}, {row.get_kind_display()}:" if appellate else row.name,
            "email_addresses": list(row.addresses),
        }
        for row in sorted(rows, key=lambda row: row.name.casefold())
    ]


def as_listed(recipients: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": r["name"], "email_addresses": r["email_addresses"]} for r in recipients]


def assert_round_trip(
    scene: Scene, delivery: NoticeDelivery, data: dict[str, Any], *, plain: bool = False
) -> None:
    """What the parser read is what the database holds."""
    filing, notice = scene.filing, scene.notice
    court, case, entry = filing.court, filing.case, filing.docket_entry
    appellate = court.is_appellate
    main = main_document(filing)
    documents = Document.objects.filter(docket_entry=entry).count()
    assert data["court_id"] == court.pk
    assert data["appellate"] is appellate
    assert data["acms"] is False
    [docket] = data["dockets"]
    # juriscraper reads a district-style number from either part; an appeal's only from the HTML table.
    assert docket["docket_number"] == (None if appellate and plain else case.pacer_case_number)
    assert docket["case_name"] == clean_string(harmonize(bidi_controls_strip(case.short_title)))
    parsed = entry_of(data)
    assert parsed["date_filed"] == filing.date_filed
    assert parsed["description"] == clean_string(bidi_controls_strip(entry.text))
    token = free_look_token(delivery.pk, main.pk)
    if appellate:
        link = f"{SITE}/{court.pk}/docs1/{main.public_id}?uid={token}"
    else:
        link = f"{SITE}/{court.pk}/doc1/{main.public_id}?caseid={case.pk}&de_seq_num={entry.sequence}&magic_num={token}"
    assert parsed["document_url"] == link
    assert parsed["pacer_doc_id"] == main.public_id
    assert parsed["pacer_magic_num"] == token
    if appellate:
        # NDAs carry no entry number; the case is named by the case link's caseId.
        assert parsed["document_number"] is None
        assert parsed["pacer_case_id"] == str(case.pk)
    else:
        assert parsed["document_number"] == entry.number_label
        assert parsed["pacer_case_id"] == str(case.pk)
        assert parsed["pacer_seq_no"] == str(entry.sequence)
    # juriscraper counts "Document description:" labels; an NDA's are "Document Description:" (as CM/ECF's).
    assert data["contains_attachments"] is (documents > 1 and not appellate)
    assert as_listed(data["email_recipients"]) == recipients_listed(notice, appellate=appellate)


def round_trips(scene: Scene, name: str) -> None:
    """The notice to one recipient, in HTML and in plain text, read back by both parsers."""
    delivery = scene.delivery_of(name)
    court_id = scene.filing.court_id
    label = scene.filing.event.label
    for format in (NoticeFormat.HTML, NoticeFormat.PLAIN):
        delivery.format = format
        message = notice_email(scene.notice, delivery)
        assert message.content_subtype == ("html" if format == NoticeFormat.HTML else "plain")
        data = parsed_s3(court_id, message)
        assert_round_trip(scene, delivery, data, plain=format == NoticeFormat.PLAIN)
        assert entry_of(data)["short_description"] == label
    delivery.format = NoticeFormat.HTML
    assert_round_trip(scene, delivery, parsed_html(court_id, notice_email(scene.notice, delivery)))


# --- each kind of filing ----------------------------------------------------------------------------------


def test_a_motion_with_attachments_round_trips(motion_scene):
    assert [d.name for d in sorted(motion_scene.deliveries, key=lambda d: d.name)] == [
        "Chambers of Judge Ada Quill",
        "Jane Marlowe",
        "Ngozi Okafor",
    ]
    round_trips(motion_scene, "Ngozi Okafor")
    message = notice_email(motion_scene.notice, motion_scene.delivery_of("Ngozi Okafor"))
    assert message.to == ["okafor@example.com", "docketing@okafor.example"]
    assert message.extra_headers["Message-ID"] == motion_scene.delivery_of("Ngozi Okafor").message_id
    assert message.subject == (
        f"Activity in Case {motion_scene.notice.case_number} Acme Steel Corp. v. United States Motion"
    )


def test_a_case_opening_summons_round_trips(opening_scene):
    case = opening_scene.filing.case
    assert case.short_title == "Harbor Imports LLC v. United States"
    assert opening_scene.filing.docket_entry.number == 1
    round_trips(opening_scene, "Jane Marlowe")
    # The United States has no counsel yet: the notice tells the filer to serve it by other means.
    delivery = opening_scene.delivery_of("Jane Marlowe")
    delivery.format = NoticeFormat.PLAIN
    body = notice_email(opening_scene.notice, delivery).body
    assert "Notice will be delivered by other means to:\n\nUnited States, Defendant\n" in body


def test_an_order_entered_by_the_court_round_trips(order_scene):
    assert order_scene.filing.event.staff_only
    round_trips(order_scene, "Jane Marlowe")


def test_an_appellate_filing_is_a_notice_of_docket_activity_and_round_trips(appellate_scene):
    round_trips(appellate_scene, "Ngozi Okafor")
    notice = appellate_scene.notice
    message = notice_email(notice, appellate_scene.delivery_of("Ngozi Okafor"))
    assert message.subject == f'{notice.case_number} Acme Steel Corp. v. United States "Motion"'
    text = readable(str(message.body))
    assert "Notice of Docket Activity" in text and "Notice of Electronic Filing" not in text
    assert f"The following transaction was filed on {appellate_scene.filing.date_filed:%m/%d/%Y}" in text
    assert "Jane Appellant, Attorney of record: appellant@example.com" in text
    assert "Document Description: Motion" in text and "Document Description: Exhibit A" in text


def test_a_notice_without_a_document(motion_scene, cit, clerk):
    """A docket-only order: the Document Number row says so, and the parsers read no document."""
    filing = filing_make(court=cit, case=motion_scene.filing.case, filer=clerk, event_code="order")
    ElectronicDocumentStamp.objects.filter(document__docket_entry=filing.docket_entry).delete()
    Document.objects.filter(docket_entry=filing.docket_entry).delete()
    notice = filing.notices.get()
    [delivery] = [d for d in plan(notice) if d.name == "Jane Marlowe"]
    html = notice_email(notice, delivery)
    assert "<td>2 (No document attached)</td>" in html.body
    entry = entry_of(parsed_html("cit", html))
    assert entry["document_number"] == "2" and entry["document_url"] is None
    delivery.format = NoticeFormat.PLAIN
    plain = notice_email(notice, delivery)
    assert "Document Number: 2\nNo document attached\n" in plain.body
    entry = entry_of(parsed_s3("cit", plain))
    assert entry["document_number"] == "2" and entry["document_url"] is None


def test_the_output_has_the_shape_of_the_real_samples(motion_scene, appellate_scene, pacer_samples):
    """The parsers give our notices the very keys they give the courts' own (nef/ and nda/)."""

    def paths(value: object, at: str = "") -> set[str]:
        """Every key path in the value ('dockets[].docket_entries[].document_url'); an empty list adds its own."""
        found = {at} if at else set()
        if isinstance(value, dict):
            for key, item in value.items():
                found |= paths(item, f"{at}.{key}" if at else key)
        elif isinstance(value, list):
            for item in value:
                found |= paths(item, f"{at}[]")
        return found

    ours = {
        "nef": parsed_s3("cit", notice_email(motion_scene.notice, motion_scene.filers_delivery)),
        "nda": parsed_s3("cafc", notice_email(appellate_scene.notice, appellate_scene.filers_delivery)),
    }
    for kind in ("nef", "nda"):
        samples = sorted((pacer_samples / kind).glob("*.txt"))
        assert samples
        everything: set[str] = set()
        for sample in samples:
            expected = json.loads(sample.with_suffix(".json").read_text())
            report = S3NotificationEmail(expected["court_id"])
            report._parse_text(sample.read_text())
            assert paths(report.data) == paths(expected), sample.name
            assert paths(expected) <= paths(ours[kind]), sample.name
            assert ours[kind]["appellate"] is expected["appellate"]
            everything |= paths(expected)
        assert paths(ours[kind]) == everything
        assert "email_recipients[].email_addresses[]" in everything


# --- hostile names and text -------------------------------------------------------------------------------


@pytest.fixture
def hostile_scene(cit, frozen):
    """Script tags, quotes, ampersands, right-to-left text with a direction mark, combining accents and a
    very long name: in the case's title, its parties, its counsel and the docket text."""
    event_dictionary_load(court=cit, acting_user=None)
    attorney = attorney_make(cit, "hostile", first_name='José "Pepe" Núñez & Sons', last_name=LONG_LAST_NAME)
    case = case_open(
        court=cit,
        caption=HOSTILE_TITLE,
        short_title=HOSTILE_TITLE,
        date_filed=dt.date(2026, 3, 2),
        acting_user=None,
    )
    plaintiff = party_add(case=case, name=HOSTILE_PARTY, role=PartyRole.PLAINTIFF, acting_user=None)
    party_add(
        case=case,
        name=f"{HOSTILE_PARTY} II",
        role=PartyRole.DEFENDANT,
        acting_user=None,
        postal_address=f"1 <b>Main</b> & Elm\n{SCRIPT} Springfield",
    )
    with transaction.atomic():
        record = attorney_record_ensure(user=attorney, court=cit, acting_user=None)
        representation_add(party=plaintiff, attorney=record, acting_user=None)
    filing = filing_make(court=cit, case=case, filer=attorney, attachments=1, text_extra=HOSTILE_TEXT)
    Document.objects.filter(docket_entry=filing.docket_entry, attachment_number=1).update(
        description=f'Exhibit {SCRIPT} & "A"', original_filename='x"><img src=x onerror=alert(1)>.pdf'
    )
    return scene(filing)


def test_hostile_content_is_escaped_in_html_and_still_read_back(hostile_scene):
    name = Attorney.objects.get(email="hostile@example.com").name
    delivery = hostile_scene.delivery_of(name)
    message = notice_email(hostile_scene.notice, delivery)
    body = message.body
    assert "<script" not in body and "<img" not in body and "<b>all" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "\u200f" not in body and "\u200f" not in message.subject
    assert "e\u0301" in body and "\u05e9\u05dc\u05d5\u05dd" in body
    readable(str(body))
    for data in (parsed_s3("cit", message), parsed_html("cit", message)):
        assert_round_trip(hostile_scene, delivery, data)
        entry = entry_of(data)
        assert SCRIPT in entry["description"] and "\u05e9\u05dc\u05d5\u05dd" in entry["description"]
        assert SCRIPT in data["dockets"][0]["case_name"]
        [recipient] = data["email_recipients"]
        assert recipient["name"].endswith(LONG_LAST_NAME) and '"Pepe"' in recipient["name"]
    assert entry_of(parsed_s3("cit", message))["short_description"] == "Motion"


def test_hostile_content_is_kept_verbatim_in_plain_text(hostile_scene):
    name = Attorney.objects.get(email="hostile@example.com").name
    delivery = hostile_scene.delivery_of(name)
    delivery.format = NoticeFormat.PLAIN
    message = notice_email(hostile_scene.notice, delivery)
    assert f"Case Name: {HOSTILE_TITLE}\n" in message.body
    assert bidi_controls_strip(HOSTILE_TEXT) in message.body and "\u200f" not in message.body
    assert "1 <b>Main</b> & Elm\n" in message.body
    # The raw message is 7-bit (quoted-printable) and reads back to the same text.
    raw = message.message().as_string()
    assert raw.isascii()
    [part] = [part for part in email.message_from_string(raw).walk() if not part.is_multipart()]
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes) and payload.decode() == message.body
    # juriscraper reads plain text as HTML (markup in it is lost), but never loses the entry or the people.
    data = parsed_s3("cit", message)
    assert data["dockets"][0]["docket_number"] == hostile_scene.notice.case_number
    main = main_document(hostile_scene.filing)
    assert entry_of(data)["pacer_doc_id"] == main.public_id
    assert entry_of(data)["pacer_magic_num"] == free_look_token(delivery.pk, main.pk)
    assert as_listed(data["email_recipients"]) == recipients_listed(hostile_scene.notice, appellate=False)


def test_a_unicode_subject_is_encoded_and_reads_back(motion_scene):
    NoticeOfElectronicFiling.objects.filter(pk=motion_scene.notice.pk).update(
        case_name="Café Ltd. v. United States\u200f"
    )
    motion_scene.notice.refresh_from_db()
    message = notice_email(motion_scene.notice, motion_scene.deliveries[0]).message()
    assert str(make_header(decode_header(message["Subject"]))) == (
        f"Activity in Case {motion_scene.notice.case_number} Café Ltd. v. United States Motion"
    )


# --- a regenerated notice ---------------------------------------------------------------------------------


def regenerate(notice: NoticeOfElectronicFiling, *, text: str) -> NoticeOfElectronicFiling:
    """A second notice as the clerk's regeneration leaves it: the same filing, corrected text, later."""
    return NoticeOfElectronicFiling.objects.create(
        filing=notice.filing,
        generated_at=notice.generated_at + dt.timedelta(hours=3, minutes=5),
        regenerated_from=notice,
        case_number=notice.case_number,
        case_name=notice.case_name,
        filer_name=notice.filer_name,
        document_number=notice.document_number,
        docket_text=text,
        entered_by=notice.entered_by,
    )


@pytest.mark.parametrize("kind", ["nef", "nda"])
def test_a_regenerated_notice_says_so_and_tools_tell_it_apart(kind, motion_scene, appellate_scene):
    first_scene = motion_scene if kind == "nef" else appellate_scene
    first = first_scene.notice
    original = notice_email(first, first_scene.filers_delivery)
    assert original.extra_headers["X-OpenECF-Notice"] == "original"
    assert original.extra_headers["X-OpenECF-Notice-Id"] == str(first.pk)
    assert original.extra_headers["X-OpenECF-Court"] == first.filing.court_id
    assert "X-OpenECF-Replaces" not in original.extra_headers
    assert "X-OpenECF-Original-Notice-Id" not in original.extra_headers
    assert "Regenerated" not in original.subject and "Regenerated" not in original.body

    second = regenerate(first, text=f"{first.docket_text} (corrected)")
    [delivery] = [d for d in plan(second) if d.name == first.filer_name]
    for format in (NoticeFormat.HTML, NoticeFormat.PLAIN):
        delivery.format = format
        message = notice_email(second, delivery)
        prefix = "Regenerated NEF: " if kind == "nef" else "Regenerated NDA: "
        assert message.subject == prefix + notice_subject(first)
        assert message.extra_headers["X-OpenECF-Notice"] == "regenerated"
        assert message.extra_headers["X-OpenECF-Replaces"] == str(first.pk)
        assert message.extra_headers["X-OpenECF-Notice-Id"] == str(second.pk)
        text = (
            readable(str(message.body))
            if format == NoticeFormat.HTML
            else " ".join(str(message.body).split())
        )
        name = "Notice of Electronic Filing" if kind == "nef" else "Notice of Docket Activity"
        assert f"This notice replaces the {name} first generated on 4/14/2026 at 11:00 AM EDT." in text
        raw = message.message()
        assert raw["X-OpenECF-Notice"] == "regenerated" and raw["X-OpenECF-Replaces"] == str(first.pk)
        entry = entry_of(parsed_s3(first.filing.court_id, message))
        # The prefix comes before the case name: the parser's short description is still the event's.
        assert entry["short_description"] == "Motion"
        assert entry["description"].endswith("(corrected)")
        assert entry["date_filed"] == first.filing.date_filed

    # Regenerated again: it replaces the second, and still names the first.
    third = regenerate(second, text=f"{first.docket_text} (corrected again)")
    [delivery] = [d for d in plan(third) if d.name == first.filer_name]
    message = notice_email(third, delivery)
    assert message.extra_headers["X-OpenECF-Replaces"] == str(second.pk)
    assert message.extra_headers["X-OpenECF-Original-Notice-Id"] == str(first.pk)
    assert "first generated on 4/14/2026 at 11:00 AM EDT." in readable(str(message.body))


# --- readable, valid, and before fan-out --------------------------------------------------------------------


def test_a_person_can_read_it_in_order(motion_scene):
    notice = motion_scene.notice
    message = notice_email(notice, motion_scene.delivery_of("Jane Marlowe"))
    html_text = readable(str(message.body))
    delivery = motion_scene.delivery_of("Jane Marlowe")
    delivery.format = NoticeFormat.PLAIN
    plain_text = " ".join(notice_email(notice, delivery).body.split())
    expected_order = [
        "This is an automatic e-mail message",
        "***NOTE TO PUBLIC ACCESS USERS***",
        "U.S. Court of International Trade",
        "Notice of Electronic Filing",
        "The following transaction was entered by Jane Marlowe on 4/14/2026 at 11:00 AM EDT and filed on 4/14/2026",
        "Case Name: Acme Steel Corp. v. United States",
        f"Case Number: {notice.case_number}",
        "Filer: Jane Marlowe",
        "Document Number: 1",
        "Docket Text:",
        "to stay the case",
        f"{notice.case_number} Notice has been electronically mailed to:",
        "Chambers of Judge Ada Quill quill_chambers@court.example",
        "Jane Marlowe marlowe@example.com",
        "Ngozi Okafor okafor@example.com, docketing@okafor.example",
        f"{notice.case_number} Notice will be delivered by other means to:",
        "Harbor Imports LLC, Intervenor 12 Dock Street Baltimore, MD 21202",
        "The following document(s) are associated with this transaction:",
        "Document description: Main Document",
        "Original filename: motion.pdf",
        "Electronic document Stamp: [STAMP citStamp_ID=",
        "Document description: Exhibit A",
        "Document description: Exhibit B",
    ]
    for text in (html_text, plain_text):
        positions = [text.find(part) for part in expected_order]
        assert -1 not in positions, [part for part in expected_order if part not in text]
        assert positions == sorted(positions)


def test_the_preview_before_fan_out_lists_the_service_list_without_free_looks(cit, frozen):
    world = case_with_counsel(cit)
    defendant = world.case.parties.get(role=PartyRole.DEFENDANT)
    opposing_counsel(cit, world.case, defendant)
    chambers(cit, world.case)
    filing = filing_make(court=cit, case=world.case, filer=world.attorney, attachments=1)
    notice = filing.notices.get()
    # The service list puts chambers last; the notice lists everyone by name.
    assert service_list(world.case).electronic[-1].kind == "chambers"
    preview = notice_email_preview(notice)
    assert preview.to == []
    assert "magic_num" not in preview.body
    data = parsed_html("cit", preview)
    assert data["email_recipients"] == [
        {"name": "Chambers of Judge Ada Quill", "email_addresses": ["quill_chambers@court.example"]},
        {"name": "Jane Marlowe", "email_addresses": ["marlowe@example.com"]},
        {"name": "Ngozi Okafor", "email_addresses": ["okafor@example.com", "docketing@okafor.example"]},
    ]
    main = main_document(filing)
    assert entry_of(data)["document_url"] == (
        f"{SITE}/cit/doc1/{main.public_id}?caseid={world.case.pk}&de_seq_num={filing.docket_entry.sequence}"
    )
    assert f'<a href="{case_link(world.case)}">{notice.case_number}</a>' in preview.body
    assert case_link(world.case) == f"{SITE}/cit/cgi-bin/DktRpt.pl?{world.case.pk}"
    # United States has counsel: nobody to serve otherwise.
    assert "Notice will be delivered by other means to:</b><br>\n<br>\nNobody." in preview.body

    # Once planned, the deliveries are what it lists (a recipient the plan left out is not added back).
    deliveries = plan(notice)
    NoticeDelivery.objects.filter(pk=deliveries[0].pk).update(name="Jane Q. Marlowe")
    plain = notice_email_preview(notice, format=NoticeFormat.PLAIN)
    assert "\nJane Q. Marlowe\nmarlowe@example.com\n" in plain.body
    assert "magic_num" not in plain.body and plain.content_subtype == "plain"


# --- the Daily Summary and the no-activity notice ----------------------------------------------------------


def test_the_daily_summary_lists_each_notice_of_the_day_with_its_links(motion_scene, cit):
    second = filing_make(
        court=cit,
        case=motion_scene.filing.case,
        filer=motion_scene.filing.filer,
        event_code="motion",
        text_extra=f"to compel {SCRIPT}",
    )
    second_scene = scene(second)
    mine = [motion_scene.delivery_of("Jane Marlowe"), second_scene.delivery_of("Jane Marlowe")]
    summary = DailySummary.objects.create(
        court=cit,
        recipient_key=mine[0].recipient_key,
        day=dt.date(2026, 4, 14),
        addresses=["marlowe@example.com"],
        message_id="<summary-1@openecf.test>",
    )
    NoticeDelivery.objects.filter(pk__in=[d.pk for d in mine]).update(
        state=DeliveryState.IN_SUMMARY, summary=summary, frequency=NoticeFrequency.DAILY
    )
    message = daily_summary_email(summary, mine)
    assert message.subject == "U.S. Court of International Trade: Daily Summary Report for 4/14/2026"
    assert message.to == ["marlowe@example.com"]
    assert message.extra_headers["Message-ID"] == "<summary-1@openecf.test>"
    assert message.extra_headers["X-OpenECF-Daily-Summary-Id"] == str(summary.pk)
    body = message.body
    assert "<script" not in body and "to compel &lt;script&gt;" in body
    text = readable(str(body))
    assert text.count(f"Case {motion_scene.notice.case_number}") == 1
    assert text.find("to stay the case") < text.find("to compel")
    for delivery, filing in zip(mine, [motion_scene.filing, second], strict=True):
        for document in Document.objects.filter(docket_entry=filing.docket_entry):
            token = free_look_token(delivery.pk, document.pk)
            assert f"{document.public_id}?caseid={filing.case_id}&amp;de_seq_num=" in body
            assert f"magic_num={token}" in body
    plain = daily_summary_email(summary, mine, format=NoticeFormat.PLAIN)
    assert plain.content_subtype == "plain" and f"to compel {SCRIPT}" in plain.body
    assert plain.body.count("magic_num=") == 4


def test_a_day_without_activity(cit, frozen):
    user = attorney_make(cit, "quiet")
    SecondaryEmail.objects.create(user=user, email="quiet2@example.com")
    NotificationPreference.objects.create(user=user, format=NoticeFormat.PLAIN, no_activity_notice=True)
    message = no_activity_email(cit, dt.date(2026, 4, 13), user)
    assert message.to == ["quiet@example.com", "quiet2@example.com"]
    assert message.content_subtype == "plain"
    assert "There was no activity in the U.S. Court of International Trade on 4/13/2026" in message.body
    summary = DailySummary.objects.create(
        court=cit,
        recipient_key=f"account:{user.pk}",
        day=dt.date(2026, 4, 13),
        addresses=["quiet@example.com"],
    )
    html = daily_summary_email(summary, [])
    assert html.content_subtype == "html" and html.to == ["quiet@example.com"]
    assert "There was no activity in the U.S. Court of International Trade on 4/13/2026" in readable(
        str(html.body)
    )
    assert no_activity_email(cit, summary.day, summary).subject == html.subject
