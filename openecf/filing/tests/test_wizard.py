"""The filing wizard in the browser's place (Django's test client): every step of a motion with an attachment
and of a case-opening Summons paid by card, Back, drafts that are not yours, double submits, refused PDFs,
warnings to confirm, and the Notice of Electronic Filing."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from typing import Any

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openecf.audit.models import AuditEvent
from openecf.billing.models import FeePayment
from openecf.cases.models import Case, Party, PartyRole
from openecf.cases.services import case_open, party_add
from openecf.courts.models import Court
from openecf.courts.services import maintenance_window_set
from openecf.docket.models import DocketEntry
from openecf.documents.models import Document
from openecf.documents.testing import make_pdf
from openecf.filers.models import FilerRole
from openecf.filers.tests.helpers import confirm_mfa, grant_right, make_user, signed_in
from openecf.filing.drafts import access_draft, draft_submit
from openecf.filing.models import Filing, FilingDraft
from openecf.filing.tests.factories import CaseWithCounsel, attorney_make, case_with_counsel
from openecf.storage import LocalContentAddressedStorage, blob_storage

pytestmark = pytest.mark.usefixtures("fast_hashing")

HTMX = {"HX-Request": "true"}
CARD = {
    "card_number": "4111111111111111",
    "exp_month": "12",
    "exp_year": "2030",
    "cvv": "123",
    "name_on_card": "Jane Marlowe",
}


@pytest.fixture
def world(cit: Court) -> CaseWithCounsel:
    return case_with_counsel(cit)


@pytest.fixture
def attorney(client: Client, world: CaseWithCounsel) -> Client:
    return signed_in(client, world.attorney, world.court)


def start(client: Client, court: Court, event_code: str) -> FilingDraft:
    response = client.post(f"/{court.pk}/cmecf/filing/", {"event": event_code})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = FilingDraft.objects.order_by("-pk").first()
    assert draft is not None
    assert response["Location"] == step(draft, "case")
    return draft


def step(draft: FilingDraft, name: str) -> str:
    return reverse(f"filing:wizard_{name}", args=[draft.court_id, draft.pk])


def upload(client: Client, draft: FilingDraft, content: bytes, name: str, **fields: str) -> Any:
    document = io.BytesIO(content)
    document.name = name
    return client.post(step(draft, "documents"), {"action": "upload", "document": document, **fields})


def blank_pdf() -> bytes:
    """A page without any text: a scan without text recognition, which the check warns about."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def to_review(client: Client, world: CaseWithCounsel, *, main: bytes | None = None) -> FilingDraft:
    """A motion in the world's case, with its main document, up to the review."""
    draft = start(client, world.court, "motion")
    number = world.case.pacer_case_number
    assert client.post(step(draft, "case"), {"case_number": number, "confirm": "on"}).status_code == 302
    assert client.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]}).status_code == 302
    assert upload(client, draft, main or make_pdf("Motion to stay"), "motion.pdf").status_code == 302
    assert client.post(step(draft, "documents"), {"action": "continue"}).status_code == 302
    assert client.post(step(draft, "prompts"), {}).status_code == 302
    return draft


def text_of(response: Any) -> str:
    """The page's words, tags removed and blanks collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.django_db
def test_a_motion_with_an_attachment_through_every_step(attorney: Client, world: CaseWithCounsel):
    court, case = world.court, world.case
    # The Filing menu of the CM/ECF page leads to the wizard.
    home = attorney.get(f"/{court.pk}/cmecf/")
    assert 'id="menu-link-filing"' in home.content.decode()
    assert ">Civil</a>" in home.content.decode()
    assert "Search for menus and events" in home.content.decode()

    menu = attorney.get(f"/{court.pk}/cmecf/filing/")
    assert menu.status_code == 200
    assert "Motions" in text_of(menu)
    motions = attorney.get(f"/{court.pk}/cmecf/filing/", {"menu": "Motions"})
    assert 'id="event-motion_extension"' in motions.content.decode()
    found = attorney.get(f"/{court.pk}/cmecf/filing/", {"q": "extension"})
    assert "Events using “extension”" in text_of(found)
    assert 'id="event-motion_extension"' in found.content.decode()
    assert 'id="event-answer"' not in found.content.decode()

    draft = start(attorney, court, "motion")
    page = attorney.get(step(draft, "case"))
    assert page.status_code == 200
    assert case.pacer_case_number in page.content.decode()  # the pick-list of my cases
    # Any form of the number; the caption comes back to confirm.
    typed = f"Court No. {case.year % 100:02d}-{case.sequence:05d}"
    confirm = attorney.post(step(draft, "case"), {"action": "find", "case_number": typed})
    assert confirm.status_code == 200
    assert "Acme Steel Corp., Plaintiff, v. United States, Defendant." in text_of(confirm)
    draft.refresh_from_db()
    assert draft.case is None  # not chosen until confirmed
    chosen = attorney.post(step(draft, "case"), {"case_number": typed, "confirm": "on"})
    assert chosen["Location"] == step(draft, "parties")

    parties = attorney.get(step(draft, "parties"))
    assert re.search(rf'value="{world.plaintiff.pk}"[^>]*checked', parties.content.decode())
    assert "United States (Defendant)" not in text_of(parties)  # only the parties the attorney represents
    assert attorney.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]})["Location"] == step(
        draft, "documents"
    )

    assert upload(attorney, draft, make_pdf("Motion to stay", pages=2), "motion.pdf")["Location"] == step(
        draft, "documents"
    )
    added = upload(
        attorney, draft, make_pdf("Exhibit A"), "exhibit-a.pdf", category="Exhibit", description="Exhibit A"
    )
    assert added.status_code == 302
    listed = attorney.get(step(draft, "documents"))
    assert "motion.pdf" in text_of(listed) and "exhibit-a.pdf" in text_of(listed)
    assert 'id="upload-progress"' in listed.content.decode()
    assert attorney.post(step(draft, "documents"), {"action": "continue"})["Location"] == step(
        draft, "prompts"
    )
    assert attorney.post(step(draft, "prompts"), {})["Location"] == step(draft, "review")

    review = attorney.get(step(draft, "review"))
    assert review.status_code == 200
    words = text_of(review)
    assert "Filed by Jane Marlowe on behalf of Acme Steel Corp." in words
    assert "Responses due by" in words
    assert "Filing fee: none." in words
    assert f"document number {case.last_entry_number + 1}" in words
    assert step(draft, "review").replace("review/", "first-page.png") in review.content.decode()
    picture = attorney.get(reverse("filing:wizard_preview", args=[court.pk, draft.pk]))
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG")

    filed = attorney.post(
        step(draft, "review"), {"action": "submit", "docket_text_extra": "to stay the proceedings"}
    )
    filing = Filing.objects.get()
    assert filed["Location"] == reverse("filing:notice", args=[court.pk, filing.pk])
    draft.refresh_from_db()
    assert draft.filing == filing
    entry = filing.docket_entry
    assert entry.number == case.last_entry_number + 1
    assert entry.text.startswith("Motion")
    assert "to stay the proceedings" in entry.text
    assert "Filed by Jane Marlowe on behalf of Acme Steel Corp." in entry.text
    assert [(d.attachment_number, d.original_filename, d.category) for d in entry.documents.all()] == [
        (0, "motion.pdf", ""),
        (1, "exhibit-a.pdf", "Exhibit"),
    ]

    notice = attorney.get(filed["Location"])
    assert notice.status_code == 200
    words = text_of(notice)
    assert "Notice of Electronic Filing" in words
    assert court.name in words
    assert "The following transaction was entered by Jane Marlowe on " in words
    assert f"Case Number: {case.pacer_case_number}" in words
    assert f"Document Number: {entry.number}" in words
    assert f"Docket Text: {entry.text}" in words
    assert "Original filename: exhibit-a.pdf" in words
    markup = notice.content.decode()
    assert reverse("web:docket_report", args=[court.pk, case.pacer_case_number]) in markup
    main = entry.documents.get(attachment_number=0)
    assert reverse("web:document", args=[court.pk, main.public_id]) in markup
    assert (
        len(
            re.findall(
                r"\[STAMP citStamp_ID=\S+ \[Date=\d+/\d+/\d{4}\] \[FileNumber=\d+-[01]\] \[[0-9a-f]{128}\]\]",
                words,
            )
        )
        == 2
    )
    assert AuditEvent.objects.filter(kind="filing_draft.started", subject_id=str(draft.pk)).exists()
    assert (
        AuditEvent.objects.filter(kind="filing_draft.document_uploaded", subject_id=str(draft.pk)).count()
        == 2
    )

    mine = attorney.get(reverse("filing:my_filings", args=[court.pk]))
    assert reverse("filing:notice", args=[court.pk, filing.pk]) in mine.content.decode()


@pytest.mark.django_db
def test_with_htmx_each_answer_is_the_step_alone(attorney: Client, world: CaseWithCounsel):
    court = world.court
    menu = attorney.get(f"/{court.pk}/cmecf/filing/", headers=HTMX)
    assert "<html" not in menu.content.decode() and 'id="wizard-step"' in menu.content.decode()
    assert "HX-Request" in menu["Vary"]
    full = attorney.get(f"/{court.pk}/cmecf/filing/")
    assert "<html" in full.content.decode() and "htmx/htmx.min.js" in full.content.decode()
    restore = attorney.get(
        f"/{court.pk}/cmecf/filing/", headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()

    created = attorney.post(f"/{court.pk}/cmecf/filing/", {"event": "motion"}, headers=HTMX, follow=True)
    assert created.status_code == 200
    assert "<html" not in created.content.decode() and "<title>Case — Motion" in created.content.decode()
    # A refusal is swapped in too (htmx is told to swap 4xx answers): the step with the reason.
    draft = FilingDraft.objects.get()
    wrong = attorney.post(step(draft, "case"), {"case_number": "not a number"}, headers=HTMX)
    assert wrong.status_code == 400 and "is not a case number of this court" in text_of(wrong)

    draft = to_review(attorney, world)
    filed = attorney.post(step(draft, "review"), {"action": "submit"}, headers=HTMX)
    assert filed.status_code == 200
    assert filed["HX-Redirect"] == reverse("filing:notice", args=[court.pk, Filing.objects.get().pk])


@pytest.mark.django_db
def test_a_summons_opens_a_case_and_pays_its_fee_by_card(attorney: Client, world: CaseWithCounsel):
    court = world.court
    cases_before = Case.objects.count()
    draft = start(attorney, court, "summons")
    form = attorney.get(step(draft, "case"))
    assert (
        'name="plaintiffs"' in form.content.decode() and "United States</textarea>" in form.content.decode()
    )
    empty = attorney.post(
        step(draft, "case"), {"action": "new_case", "plaintiffs": "", "defendants": "United States"}
    )
    assert empty.status_code == 400
    opened = attorney.post(
        step(draft, "case"),
        {
            "action": "new_case",
            "plaintiffs": "Zenith Imports LLC\nNadir Trading Co.\n",
            "defendants": "United States",
            "nature_of_suit": "1581(a) Protest denial",
            "agency": "U.S. Customs and Border Protection",
            "product_description": "Steel nails",
            "export_country": "Vietnam",
        },
    )
    assert opened["Location"] == step(draft, "documents")  # no parties step: the plaintiffs are named
    assert upload(attorney, draft, make_pdf("Summons"), "summons.pdf").status_code == 302
    form5 = upload(attorney, draft, make_pdf("Form 5"), "form5.pdf", category="Form 5 Information Statement")
    assert form5.status_code == 302
    assert attorney.post(step(draft, "documents"), {"action": "continue"}).status_code == 302
    assert attorney.post(step(draft, "prompts"), {}).status_code == 302

    review = attorney.get(step(draft, "review"))
    words = text_of(review)
    assert "Filing fee: $150.00" in words and 'name="card_number"' in review.content.decode()
    assert "Filed by Jane Marlowe on behalf of Zenith Imports LLC, Nadir Trading Co." in words
    assert "of the case number a new case would get now" in words
    assert attorney.get(reverse("filing:wizard_preview", args=[court.pk, draft.pk])).status_code == 200

    no_card = attorney.post(step(draft, "review"), {"action": "submit"})
    assert no_card.status_code == 400 and "Card number" in text_of(no_card)
    declined = attorney.post(
        step(draft, "review"), {"action": "submit", **CARD, "card_number": "4000 0000 0000 0002"}
    )
    assert declined.status_code == 400
    assert "The card was declined by its issuer. Use a different card." in text_of(declined)
    assert Case.objects.count() == cases_before and not Filing.objects.exists()

    paid = attorney.post(step(draft, "review"), {"action": "submit", **CARD})
    assert paid.status_code == 302
    filing = Filing.objects.get()
    case = filing.case
    assert Case.objects.count() == cases_before + 1
    assert case.short_title == "Zenith Imports LLC et al. v. United States"
    assert (case.agency, case.export_country) == ("U.S. Customs and Border Protection", "Vietnam")
    assert sorted(Party.objects.filter(case=case).values_list("name", "role")) == [
        ("Nadir Trading Co.", PartyRole.PLAINTIFF),
        ("United States", PartyRole.DEFENDANT),
        ("Zenith Imports LLC", PartyRole.PLAINTIFF),
    ]
    assert filing.fee == 150 and filing.fee_payment is not None
    assert FeePayment.objects.get().pk == filing.fee_payment.pk
    notice = text_of(attorney.get(paid["Location"]))
    assert f"Case Number: {case.pacer_case_number}" in notice and "Document Number: 1" in notice
    assert "Filing fee: $150.00" in notice


@pytest.mark.django_db
def test_back_reaches_every_step_again_and_a_later_step_waits(attorney: Client, world: CaseWithCounsel):
    draft = start(attorney, world.court, "motion")
    # A step not reached yet sends the filer to the first one not done.
    assert attorney.get(step(draft, "review"))["Location"] == step(draft, "case")
    assert (
        attorney.post(
            step(draft, "case"), {"case_number": world.case.pacer_case_number, "confirm": "on"}
        ).status_code
        == 302
    )
    assert attorney.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]}).status_code == 302
    documents = attorney.get(step(draft, "documents"))
    assert f'href="{step(draft, "parties")}"' in documents.content.decode()  # Back
    assert 'id="wizard-back"' in documents.content.decode()

    back = attorney.get(step(draft, "case"))
    assert back.status_code == 200
    assert "Is this the case?" in text_of(back) and world.case.pacer_case_number in text_of(back)
    assert attorney.get(step(draft, "parties")).status_code == 200
    # Another event from the first step: the case stays, its answers are asked again.
    event = attorney.get(step(draft, "event"))
    assert "The event chosen now: Motion" in text_of(event)
    changed = attorney.post(step(draft, "event"), {"event": "motion_extension"})
    assert changed["Location"] == step(draft, "case")
    draft.refresh_from_db()
    assert draft.event is not None and draft.event.code == "motion_extension" and draft.case == world.case
    assert attorney.get(step(draft, "documents"))["Location"] == step(draft, "parties")
    assert attorney.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]}).status_code == 302
    assert upload(attorney, draft, make_pdf("Motion for time"), "time.pdf").status_code == 302
    assert attorney.post(step(draft, "documents"), {"action": "continue"}).status_code == 302
    # Its prompts: the entry it refers to and the new date, both asked for.
    prompts = attorney.get(step(draft, "prompts"))
    assert "Proposed new deadline" in text_of(prompts)
    missing = attorney.post(step(draft, "prompts"), {})
    assert missing.status_code == 400
    answered = attorney.post(step(draft, "prompts"), {"prompted_date": "2030-05-01"})
    assert answered["Location"] == step(draft, "review")
    review = text_of(attorney.get(step(draft, "review")))
    assert "(Proposed new deadline: 5/1/2030)" in review

    # Without its main document the filing goes back to the documents step.
    assert attorney.post(step(draft, "documents"), {"action": "remove", "index": "0"}).status_code == 302
    assert attorney.get(step(draft, "review"))["Location"] == step(draft, "documents")

    # Discarding leaves nothing of the draft but its audit.
    attorney.post(reverse("filing:wizard_discard", args=[world.court.pk, draft.pk]))
    assert not FilingDraft.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(kind="filing_draft.discarded", subject_id=str(draft.pk)).exists()


@pytest.mark.django_db
def test_a_draft_of_someone_else_or_of_another_court_is_not_found(
    client: Client, attorney: Client, world: CaseWithCounsel, cafc: Court
):
    draft = to_review(attorney, world)
    other = attorney_make(world.court, "holmes")
    stranger = signed_in(Client(raise_request_exception=False), other, world.court)
    for name in ("event", "case", "parties", "documents", "prompts", "review"):
        assert stranger.get(step(draft, name)).status_code == 404
        assert stranger.post(step(draft, name), {"action": "continue"}).status_code == 404
    assert stranger.get(reverse("filing:wizard_preview", args=[world.court.pk, draft.pk])).status_code == 404
    assert stranger.post(reverse("filing:wizard_discard", args=[world.court.pk, draft.pk])).status_code == 404
    # The owner's own draft, asked for under another court.
    grant_right(world.attorney, cafc)
    signed_in(attorney, world.attorney, cafc)
    assert attorney.get(f"/cafc/cmecf/filing/draft/{draft.pk}/case/").status_code == 404
    assert FilingDraft.objects.filter(pk=draft.pk).exists()

    # The notice is the filer's: anyone else is told it does not exist.
    signed_in(attorney, world.attorney, world.court)
    filed = attorney.post(step(draft, "review"), {"action": "submit"})
    assert stranger.get(filed["Location"]).status_code == 404
    assert attorney.get(filed["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_double_submit_files_once(attorney: Client, world: CaseWithCounsel):
    draft = to_review(attorney, world)
    entries = DocketEntry.objects.filter(case=world.case).count()
    first = attorney.post(step(draft, "review"), {"action": "submit"})
    again = attorney.post(step(draft, "review"), {"action": "submit"})
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Filing.objects.count() == 1
    assert DocketEntry.objects.filter(case=world.case).count() == entries + 1
    # Back into a filed draft's steps: its notice.
    assert attorney.get(step(draft, "documents"))["Location"] == first["Location"]


@pytest.mark.django_db
def test_two_submits_at_once_file_once(attorney: Client, world: CaseWithCounsel):
    """The second request read the draft before the first one recorded its filing: the draft's idempotency
    key gives it the first filing."""
    draft = to_review(attorney, world)
    fresh = access_draft(world.attorney, world.court, draft.pk)
    stale = access_draft(world.attorney, world.court, draft.pk)
    first = draft_submit(draft=fresh, acting_user=world.attorney, confirm_warnings=False)
    assert stale.filing is None
    second = draft_submit(draft=stale, acting_user=world.attorney, confirm_warnings=False)
    assert second.pk == first.pk
    assert (
        Filing.objects.count() == 1 and Document.objects.filter(docket_entry=first.docket_entry).count() == 1
    )


@pytest.mark.django_db
def test_a_refused_pdf_is_shown_beside_the_file_and_not_kept(attorney: Client, world: CaseWithCounsel):
    draft = start(attorney, world.court, "motion")
    attorney.post(step(draft, "case"), {"case_number": world.case.pacer_case_number, "confirm": "on"})
    attorney.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]})
    content = b"<html><body>My brief</body></html>"
    refused = upload(attorney, draft, content, "brief.pdf")
    assert refused.status_code == 400
    page = refused.content.decode()
    error = re.search(r'<span class="usa-error-message" id="id_document-error">([^<]*)</span>', page)
    assert error is not None
    assert error.group(1) == "brief.pdf: ERROR: Document is not a well-formed PDF document"
    # Beside the file input it names.
    assert page.index('id="id_document-error"') < page.index('name="document"')
    draft.refresh_from_db()
    assert draft.uploads == []
    assert not blob_storage().exists(LocalContentAddressedStorage.key_for(content))
    # Without a main document there is no going on.
    held = attorney.post(step(draft, "documents"), {"action": "continue"})
    assert held.status_code == 400 and "'Motion' requires a PDF document." in text_of(held)
    # An attachment needs its category.
    assert upload(attorney, draft, make_pdf("Motion"), "motion.pdf").status_code == 302
    uncategorised = upload(attorney, draft, make_pdf("Exhibit"), "exhibit.pdf")
    assert uncategorised.status_code == 400 and "This field is required." in text_of(uncategorised)
    # And one removed is gone from the filing.
    attorney.post(step(draft, "documents"), {"action": "remove", "index": "0"})
    draft.refresh_from_db()
    assert draft.uploads == []


@pytest.mark.django_db
def test_a_file_over_the_courts_limit_is_refused_before_it_is_read(attorney: Client, world: CaseWithCounsel):
    court = world.court
    court.max_file_size_bytes = 1024 * 1024
    court.save(update_fields=["max_file_size_bytes"])
    draft = start(attorney, court, "motion")
    attorney.post(step(draft, "case"), {"case_number": world.case.pacer_case_number, "confirm": "on"})
    attorney.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]})
    too_large = upload(attorney, draft, b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 70 * 1024), "scan.pdf")
    assert too_large.status_code == 400
    assert "You cannot load this file because it's over 1 Megabytes (MB)" in text_of(too_large)
    draft.refresh_from_db()
    assert draft.uploads == []


@pytest.mark.django_db
def test_warnings_must_be_confirmed_before_filing(attorney: Client, world: CaseWithCounsel):
    draft = to_review(attorney, world, main=blank_pdf())
    documents = text_of(attorney.get(step(draft, "documents")))
    assert "No page has text that can be searched or copied" in documents  # beside the file, at once
    review = attorney.get(step(draft, "review"))
    assert "I have read these warnings" in text_of(review)
    assert "motion.pdf: No page has text" in text_of(review)
    unconfirmed = attorney.post(step(draft, "review"), {"action": "submit"})
    assert unconfirmed.status_code == 400
    assert "Confirm that you have read the warnings about your PDF(s) before you file" in text_of(unconfirmed)
    assert not Filing.objects.exists()
    confirmed = attorney.post(step(draft, "review"), {"action": "submit", "confirm_warnings": "on"})
    assert confirmed.status_code == 302
    filing = Filing.objects.get()
    assert filing.warnings_confirmed and "No page has text" in filing.warnings_confirmed[0]


@pytest.mark.django_db
def test_refusals_say_why_and_never_fail(client: Client, attorney: Client, world: CaseWithCounsel):
    court = world.court
    # Not a filer of this court: the Filing menu says why, with the way to put it right.
    viewer = make_user("viewer")
    refused = signed_in(Client(raise_request_exception=False), viewer, court).get(
        f"/{court.pk}/cmecf/filing/"
    )
    assert refused.status_code == 403
    assert 'id="event-list"' not in refused.content.decode()
    # An unknown event.
    assert attorney.post(f"/{court.pk}/cmecf/filing/", {"event": "no_such_event"}).status_code == 400
    # A case the attorney does not appear in, for an event that does not join it.
    other = case_open(
        court=court, caption="Other v. United States", date_filed=world.case.date_filed, acting_user=None
    )
    party_add(case=other, name="Other Corp.", role=PartyRole.PLAINTIFF, acting_user=None)
    draft = start(attorney, court, "motion")
    outside = attorney.post(step(draft, "case"), {"case_number": other.pacer_case_number})
    assert outside.status_code == 403 and "You do not appear in this case." in text_of(outside)
    unknown = attorney.post(step(draft, "case"), {"case_number": "20-99999"})
    assert unknown.status_code == 404 and "No case 20-99999 was found" in text_of(unknown)
    attorney.post(step(draft, "case"), {"case_number": world.case.pacer_case_number, "confirm": "on"})
    attorney.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]})
    bad_index = attorney.post(step(draft, "documents"), {"action": "remove", "index": "²"})
    assert bad_index.status_code == 400 and "use a whole number" in text_of(bad_index)
    assert attorney.post(step(draft, "documents"), {"action": "remove", "index": "7"}).status_code == 400
    assert attorney.post(step(draft, "parties"), {"party_ids": ["x"]}).status_code == 400
    assert attorney.get("/cit/cmecf/filing/draft/99999999999999999999999/case/").status_code == 404
    assert attorney.get(f"/{court.pk}/cmecf/filing/", {"q": "a\x00b"}).status_code == 200


@pytest.mark.django_db
def test_an_appearance_joins_the_party_chosen(attorney: Client, world: CaseWithCounsel):
    court = world.court
    other = case_open(
        court=court,
        caption="Borealis Inc. v. United States",
        date_filed=world.case.date_filed,
        acting_user=None,
    )
    borealis = party_add(case=other, name="Borealis Inc.", role=PartyRole.PLAINTIFF, acting_user=None)
    party_add(case=other, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
    draft = start(attorney, court, "form11")
    assert (
        attorney.post(
            step(draft, "case"), {"case_number": other.pacer_case_number, "confirm": "on"}
        ).status_code
        == 302
    )
    parties = attorney.get(step(draft, "parties"))
    assert 'type="radio"' in parties.content.decode() and "Borealis Inc." in text_of(parties)
    assert attorney.post(step(draft, "parties"), {}).status_code == 400
    assert attorney.post(step(draft, "parties"), {"join_party_id": borealis.pk}).status_code == 302
    assert upload(attorney, draft, make_pdf("Form 11"), "form11.pdf").status_code == 302
    attorney.post(step(draft, "documents"), {"action": "continue"})
    attorney.post(step(draft, "prompts"), {})
    filed = attorney.post(step(draft, "review"), {"action": "submit"})
    assert filed.status_code == 302, text_of(filed)
    entry = Filing.objects.get().docket_entry
    assert list(entry.filed_for.all()) == [borealis]
    assert "on behalf of Borealis Inc." in entry.text


@pytest.mark.django_db
def test_the_appellate_court_menu_says_appellate(client: Client, world: CaseWithCounsel, cafc: Court):
    grant_right(world.attorney, cafc)
    page = signed_in(client, world.attorney, cafc).get("/cafc/cmecf/")
    assert ">Appellate</a>" in page.content.decode()


@pytest.mark.django_db
def test_a_motion_to_intervene_names_its_movant(attorney: Client, world: CaseWithCounsel):
    court = world.court
    other = case_open(
        court=court,
        caption="Cobalt Ltd. v. United States",
        date_filed=world.case.date_filed,
        acting_user=None,
    )
    party_add(case=other, name="Cobalt Ltd.", role=PartyRole.PLAINTIFF, acting_user=None)
    draft = start(attorney, court, "motion_intervene")
    chosen = attorney.post(step(draft, "case"), {"case_number": other.pacer_case_number, "confirm": "on"})
    assert chosen.status_code == 302
    parties = attorney.get(step(draft, "parties"))
    assert (
        'name="new_party_name"' in parties.content.decode()
        and 'name="party_ids"' not in parties.content.decode()
    )
    assert attorney.post(step(draft, "parties"), {"new_party_name": ""}).status_code == 400
    named = attorney.post(
        step(draft, "parties"),
        {"new_party_name": "Domestic Nail Coalition", "new_party_role": PartyRole.DEFENDANT_INTERVENOR},
    )
    assert named.status_code == 302
    assert upload(attorney, draft, make_pdf("Motion to intervene"), "intervene.pdf").status_code == 302
    attorney.post(step(draft, "documents"), {"action": "continue"})
    attorney.post(step(draft, "prompts"), {})
    review = text_of(attorney.get(step(draft, "review")))
    assert "on behalf of Domestic Nail Coalition" in review
    filed = attorney.post(step(draft, "review"), {"action": "submit"})
    assert filed.status_code == 302, text_of(filed)
    movant = Party.objects.get(case=other, name="Domestic Nail Coalition")
    assert movant.role == PartyRole.DEFENDANT_INTERVENOR
    assert list(Filing.objects.get().docket_entry.filed_for.all()) == [movant]


@pytest.mark.django_db
def test_a_filing_agent_files_in_the_name_of_the_attorney_chosen(client: Client, world: CaseWithCounsel):
    court = world.court
    agent = make_user("paralegal", first_name="Pat", last_name="Legal")
    confirm_mfa(agent)
    right = grant_right(agent, court, FilerRole.FILING_AGENT)
    right.sponsoring_attorney = world.attorney
    right.save(update_fields=["sponsoring_attorney"])
    browser = signed_in(client, agent, court)
    draft = start(browser, court, "motion")
    case_step = browser.get(step(draft, "case"))
    assert 'name="on_behalf_of"' in case_step.content.decode()
    assert '<option value="marlowe"' in case_step.content.decode()
    stranger = browser.post(step(draft, "case"), {"action": "on_behalf_of", "on_behalf_of": "someone"})
    assert stranger.status_code == 400
    assert (
        browser.post(step(draft, "case"), {"action": "on_behalf_of", "on_behalf_of": "marlowe"}).status_code
        == 302
    )
    assert world.case.pacer_case_number in browser.get(step(draft, "case")).content.decode()  # her cases
    assert (
        browser.post(
            step(draft, "case"), {"case_number": world.case.pacer_case_number, "confirm": "on"}
        ).status_code
        == 302
    )
    assert browser.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]}).status_code == 302
    assert upload(browser, draft, make_pdf("Motion"), "motion.pdf").status_code == 302
    browser.post(step(draft, "documents"), {"action": "continue"})
    browser.post(step(draft, "prompts"), {})
    assert "Jane Marlowe (by filing agent Pat Legal)" in text_of(browser.get(step(draft, "review")))
    filed = browser.post(step(draft, "review"), {"action": "submit"})
    assert filed.status_code == 302
    filing = Filing.objects.get()
    assert (filing.filer, filing.submitted_by) == (world.attorney, agent)
    # The attorney sees the notice of a filing made in her name; the agent who submitted it too.
    assert browser.get(filed["Location"]).status_code == 200


@pytest.mark.django_db
def test_uploads_are_rate_limited_per_account(attorney: Client, world: CaseWithCounsel, rate_limits: Any):
    rate_limits(upload_account="1/h")
    draft = start(attorney, world.court, "motion")
    attorney.post(step(draft, "case"), {"case_number": world.case.pacer_case_number, "confirm": "on"})
    attorney.post(step(draft, "parties"), {"party_ids": [world.plaintiff.pk]})
    assert upload(attorney, draft, make_pdf("Motion"), "motion.pdf").status_code == 302
    second = upload(attorney, draft, make_pdf("Exhibit"), "exhibit.pdf", category="Exhibit")
    assert second.status_code == 429
    assert "Too many documents uploaded in a short time." in text_of(second)
    draft.refresh_from_db()
    assert len(draft.uploads) == 1


@pytest.mark.django_db
def test_while_filing_is_suspended_the_review_says_so_and_nothing_is_filed(
    attorney: Client, world: CaseWithCounsel, clerk: Any
):
    draft = to_review(attorney, world)
    now = timezone.now()
    maintenance_window_set(
        court=world.court,
        starts_at=now,
        ends_at=now + dt.timedelta(hours=2),
        notice="CM/ECF is being upgraded until 8:00 PM.",
        acting_user=clerk,
    )
    menu = text_of(attorney.get(f"/{world.court.pk}/cmecf/filing/"))
    assert "Electronic filing is suspended: CM/ECF is being upgraded until 8:00 PM." in menu
    review = attorney.get(step(draft, "review"))
    assert review.status_code == 403
    assert "Electronic filing is suspended: CM/ECF is being upgraded until 8:00 PM." in text_of(review)
    refused = attorney.post(step(draft, "review"), {"action": "submit"})
    assert refused.status_code == 403 and not Filing.objects.exists()
