from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pikepdf
import pytest

from openecf.access.documents import DocumentNotFound, access_document
from openecf.audit.models import AuditEvent
from openecf.cases.services import case_open
from openecf.courts.services import court_configure
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.docket.services import docket_entry_create
from openecf.documents.models import Document
from openecf.documents.pdf import NOT_WELL_FORMED, pdf_page_count
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    document_attach,
    document_restrict,
    stricter_restriction,
)
from openecf.documents.testing import make_pdf
from openecf.errors import Conflict, InvalidInput
from openecf.storage import blob_storage

pytestmark = pytest.mark.django_db

ENCRYPTED = (
    "ERROR: This document has security measures in effect, such as password protection or "
    "access restriction. This PDF document cannot be accepted."
)
ACTIVE_CONTENT = (
    "ERROR: Document is malformed or contains code which may cause an external action "
    "(such as launching an application). This PDF document cannot be accepted."
)


@pytest.fixture
def entry(cit):
    case = case_open(
        court=cit, caption="Acme v. United States", date_filed=dt.date(2020, 3, 16), acting_user=None
    )
    return docket_entry_create(case=case, text="Summons.", acting_user=None)


def _stored_files(settings) -> list[Path]:
    root = Path(settings.DOCUMENT_STORAGE_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _rewritten(content: bytes, change=None, **save) -> bytes:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        if change is not None:
            change(pdf)
        out = io.BytesIO()
        pdf.save(out, **save)
        return out.getvalue()


def _pdf_of_size(size: int) -> bytes:
    """A well-formed PDF of exactly `size` bytes: one page carrying an uncompressed filler stream."""

    def build(filler: int) -> bytes:
        def add_filler(pdf: pikepdf.Pdf) -> None:
            pdf.Root.Filler = pdf.make_stream(b"0" * filler)

        return _rewritten(make_pdf(), add_filler, compress_streams=False)

    filler = size - len(build(0))
    for _ in range(5):
        content = build(filler)
        if len(content) == size:
            return content
        filler += size - len(content)
    raise AssertionError("could not build a PDF of that size")


def _attach(entry, content: bytes, **kwargs):
    return document_attach(
        docket_entry=entry, upload=DocumentUpload(content=content), acting_user=None, **kwargs
    )


class TestAttach:
    def test_main_document_then_numbered_attachments(self, entry):
        main = _attach(entry, make_pdf("main", pages=4))
        first = document_attach(
            docket_entry=entry,
            upload=DocumentUpload(content=make_pdf("a"), description="Exhibit A"),
            acting_user=None,
        )
        second = _attach(entry, make_pdf("b"))
        assert [d.attachment_number for d in (main, first, second)] == [0, 1, 2]
        assert (main.page_count, first.description) == (4, "Exhibit A")

    def test_the_row_describes_the_stored_file(self, entry):
        content = make_pdf("describe me", pages=2)
        document = _attach(entry, content)
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.size_bytes == len(content)
        assert document.storage_key == "sha256/" + document.sha256
        assert blob_storage().get(document.storage_key) == content

    def test_the_same_file_in_two_entries_is_stored_once(self, entry, settings):
        other = docket_entry_create(case=entry.case, text="Exhibit refiled.", acting_user=None)
        content = make_pdf("shared exhibit")
        a, b = _attach(entry, content), _attach(other, content)
        assert a.pk != b.pk and a.storage_key == b.storage_key
        assert len(_stored_files(settings)) == 1

    def test_attachment_number_already_used_is_a_conflict(self, entry):
        _attach(entry, make_pdf("main"))
        with pytest.raises(Conflict) as caught:
            _attach(entry, make_pdf("again"), attachment_number=0)
        assert caught.value.field == "attachment_number"
        assert entry.documents.count() == 1

    def test_description_is_cut_to_300(self, entry):
        document = document_attach(
            docket_entry=entry,
            upload=DocumentUpload(content=make_pdf(), description="D" * 1000),
            acting_user=None,
        )
        assert document.description == "D" * 300

    def test_stored_event_is_audited(self, entry, clerk):
        document = document_attach(
            docket_entry=entry, upload=DocumentUpload(content=make_pdf()), acting_user=clerk
        )
        event = AuditEvent.objects.get(kind="document.stored")
        assert (event.subject_id, event.acting_user, event.court_id) == (str(document.pk), clerk, "cit")
        assert event.extra == {"entry": entry.pk, "attachment": 0, "sha256": document.sha256}

    @pytest.mark.parametrize(
        ("given", "entry_restriction", "expected"),
        [
            ("public", "public", "public"),
            ("sealed", "public", "sealed"),
            ("public", "sealed", "sealed"),
            ("participants", "public", "participants"),
            ("participants", "sealed", "sealed"),
            ("ex_parte", "sealed", "ex_parte"),
        ],
    )
    def test_a_document_is_never_looser_than_its_entry(self, entry, given, entry_restriction, expected):
        DocketEntry.objects.filter(pk=entry.pk).update(restriction=entry_restriction)
        entry.refresh_from_db()
        document = _attach(entry, make_pdf(), restriction=EntryRestriction(given))
        assert document.restriction == expected
        assert stricter_restriction(given, entry_restriction) == expected


class TestRefusals:
    def _refused(self, entry, settings, content: bytes) -> InvalidInput:
        with pytest.raises(InvalidInput) as caught:
            _attach(entry, content)
        assert caught.value.field == "document"
        assert not Document.objects.exists()
        assert not AuditEvent.objects.filter(kind="document.stored").exists()
        assert _stored_files(settings) == [], "a refused file is not stored"
        return caught.value

    def test_over_the_courts_size_limit_with_the_advice_to_split(self, entry, settings):
        error = self._refused(entry, settings, b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024))
        assert error.code == "file_too_large"
        assert error.message == (
            "You cannot load this file because it's over 50 Megabytes (MB). "
            "Break the document into logical parts of no more than 50 MB each."
        )

    def test_the_limit_is_the_courts_own(self, entry, settings):
        court_configure(court_id="cit", acting_user=None, max_file_size_bytes=2 * 1024 * 1024)
        entry = DocketEntry.objects.select_related("case__court").get(pk=entry.pk)
        error = self._refused(entry, settings, b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
        assert "over 2 Megabytes (MB)" in error.message
        padded = _pdf_of_size(2 * 1024 * 1024)
        assert len(padded) == 2 * 1024 * 1024
        assert _attach(entry, padded).size_bytes == 2 * 1024 * 1024, "exactly at the limit is accepted"

    @pytest.mark.parametrize(
        "content",
        [
            b"",
            b"hello",
            b"%PDF-",
            b"%PDF-1.7\n",
            b"%PDF-1.7\n" + bytes(range(256)) * 20,
            b"<html><body>%PDF-1.7</body></html>",
            b"PK\x03\x04 a zip file",
            b"\xef\xbb\xbf%PDF-1.7",
            b" " + b"%PDF-1.4",
        ],
    )
    def test_not_a_pdf(self, entry, settings, content):
        error = self._refused(entry, settings, content)
        assert (error.code, error.message) == ("not_pdf", NOT_WELL_FORMED)
        assert NOT_WELL_FORMED == "ERROR: Document is not a well-formed PDF document"

    def test_password_protected(self, entry, settings):
        locked = _rewritten(make_pdf(), encryption=pikepdf.Encryption(user="secret", owner="owner"))
        error = self._refused(entry, settings, locked)
        assert (error.code, error.message) == ("pdf_encrypted", ENCRYPTED)

    def test_access_restricted_pdf(self, entry, settings):
        restricted = _rewritten(
            make_pdf(),
            encryption=pikepdf.Encryption(user="", owner="owner", allow=pikepdf.Permissions(extract=False)),
        )
        error = self._refused(entry, settings, restricted)
        assert (error.code, error.message) == ("pdf_encrypted", ENCRYPTED)

    def test_truncated_pdf(self, entry, settings):
        whole = make_pdf(pages=2)
        error = self._refused(entry, settings, whole[: len(whole) // 2])
        assert error.code == "not_pdf"

    def test_javascript_open_action(self, entry, settings):
        def add_script(pdf: pikepdf.Pdf) -> None:
            pdf.Root.OpenAction = pikepdf.Dictionary(
                S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
            )

        error = self._refused(entry, settings, _rewritten(make_pdf(), add_script))
        assert error.message == ACTIVE_CONTENT

    def test_launch_action(self, entry, settings):
        def add_launch(pdf: pikepdf.Pdf) -> None:
            pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))

        error = self._refused(entry, settings, _rewritten(make_pdf(), add_launch))
        assert error.message == ACTIVE_CONTENT

    def test_embedded_file(self, entry, settings):
        def attach(pdf: pikepdf.Pdf) -> None:
            pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ payload")

        error = self._refused(entry, settings, _rewritten(make_pdf(), attach))
        assert error.message == ACTIVE_CONTENT

    def test_javascript_on_a_link_annotation(self, entry, settings):
        def add_link(pdf: pikepdf.Pdf) -> None:
            link = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 100, 100],
                    A=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()")),
                )
            )
            pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))

        error = self._refused(entry, settings, _rewritten(make_pdf(), add_link))
        assert error.message == ACTIVE_CONTENT

    def test_plain_web_link_is_accepted(self, entry):
        def add_uri(pdf: pikepdf.Pdf) -> None:
            link = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 100, 100],
                    A=pikepdf.Dictionary(
                        S=pikepdf.Name.URI, URI=pikepdf.String("https://www.cit.uscourts.gov/")
                    ),
                )
            )
            pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))

        assert pdf_page_count(_rewritten(make_pdf(), add_uri)) == 1


class TestPageCount:
    @pytest.mark.parametrize("pages", [1, 2, 17])
    def test_page_count(self, pages):
        assert pdf_page_count(make_pdf(pages=pages)) == pages


class TestEntryRestrictionLeavesDocumentsTheirOwn:
    """A change to an entry never loosens a document: a reader needs both the entry and the document."""

    @pytest.fixture
    def filing(self, entry):
        main = _attach(entry, make_pdf("motion"))
        exhibit = _attach(entry, make_pdf("exhibit"), restriction=EntryRestriction.SEALED)
        return entry, main, exhibit

    @pytest.mark.parametrize(
        "restriction", [EntryRestriction.SEALED, EntryRestriction.PARTICIPANTS, EntryRestriction.EX_PARTE]
    )
    def test_a_sealed_exhibit_stays_sealed_after_restrict_then_unrestrict(self, filing, clerk, restriction):
        entry, main, exhibit = filing
        docket_entry_restrict(entry=entry, restriction=restriction, acting_user=clerk)
        docket_entry_restrict(entry=entry, restriction=EntryRestriction.PUBLIC, acting_user=clerk)

        exhibit.refresh_from_db()
        main.refresh_from_db()
        assert exhibit.restriction == EntryRestriction.SEALED
        assert main.restriction == EntryRestriction.PUBLIC
        with pytest.raises(DocumentNotFound):
            access_document(None, "cit", exhibit.public_id)
        assert access_document(None, "cit", main.public_id) == main
        assert access_document(clerk, "cit", exhibit.public_id) == exhibit

    def test_a_restricted_entry_hides_its_public_documents_until_it_is_lifted(self, filing, clerk):
        entry, main, _ = filing
        docket_entry_restrict(entry=entry, restriction=EntryRestriction.SEALED, acting_user=clerk)
        with pytest.raises(DocumentNotFound):
            access_document(None, "cit", main.public_id)
        docket_entry_restrict(entry=entry, restriction=EntryRestriction.PUBLIC, acting_user=clerk)
        assert access_document(None, "cit", main.public_id) == main

    def test_documents_filed_under_seal_stay_sealed_when_the_entry_is_unsealed(self, entry, clerk):
        sealed = docket_entry_create(
            case=entry.case, text="Sealed motion.", restriction=EntryRestriction.SEALED, acting_user=None
        )
        document = _attach(sealed, make_pdf("sealed motion"))
        docket_entry_restrict(entry=sealed, restriction=EntryRestriction.PUBLIC, acting_user=clerk)
        document.refresh_from_db()
        assert document.restriction == EntryRestriction.SEALED

    def test_a_document_is_unsealed_on_its_own_and_audited(self, filing, clerk):
        entry, _, exhibit = filing
        document_restrict(
            document=exhibit, restriction=EntryRestriction.PUBLIC, acting_user=clerk, note="Order 12."
        )
        exhibit.refresh_from_db()
        assert exhibit.restriction == EntryRestriction.PUBLIC
        event = AuditEvent.objects.get(kind="document.restriction_changed")
        assert (event.subject_id, event.acting_user) == (str(exhibit.pk), clerk)
        assert event.extra == {"from": "sealed", "to": "public", "note": "Order 12."}
        # Its entry still governs: sealing the entry hides the unsealed exhibit too.
        docket_entry_restrict(entry=entry, restriction=EntryRestriction.SEALED, acting_user=clerk)
        with pytest.raises(DocumentNotFound):
            access_document(None, "cit", exhibit.public_id)
