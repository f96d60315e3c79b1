from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from openecf.cases.models import Case, CaseRestriction
from openecf.cases.services import case_open, case_restriction_set
from openecf.courts.models import Court
from openecf.docket.models import EntryRestriction
from openecf.documents.models import Document
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create, document_restrict
from openecf.documents.testing import make_pdf
from openecf.errors import InvalidInput
from openecf.filers.tests.helpers import make_user
from openecf.filing.models import ElectronicDocumentStamp
from openecf.filing.stamps import stamp_file_number, stamp_make, stamp_text
from openecf.filing.verify import DOES_NOT_MATCH, document_verify

pytestmark = pytest.mark.django_db

FILED = dt.date(2020, 3, 16)


@dataclass
class Filed:
    """One stamped document: the file as filed, the stamped copy, and the stamp's text."""

    document: Document
    stamp: ElectronicDocumentStamp
    content: bytes
    stamped: bytes

    @property
    def text(self) -> str:
        return stamp_text(self.stamp)


def _case(court: Court, **fields) -> Case:
    return case_open(
        court=court,
        caption="Acme Corp. v. United States",
        date_filed=FILED,
        acting_user=None,
        year=2020,
        sequence=12 if not court.is_appellate else 1081,
        **fields,
    )


def _file(case: Case, count: int = 1, restriction: EntryRestriction = EntryRestriction.PUBLIC) -> list[Filed]:
    contents = [make_pdf(f"{case.pacer_case_number} document {n}", pages=2) for n in range(count)]
    entry = docket_entry_with_documents_create(
        case=case,
        text="Motion for judgment on the agency record.",
        date_filed=FILED,
        restriction=restriction,
        documents=[DocumentUpload(content=content) for content in contents],
        acting_user=None,
    )
    filed = []
    for document, content in zip(entry.documents.order_by("attachment_number"), contents, strict=True):
        stamped = content.replace(b"%%EOF", b"% Case 1:20-cv-00012 Document 1\n%%EOF")
        stamp = stamp_make(
            document=document,
            court=case.court,
            content=content,
            stamped_content=stamped,
            stamp_date=FILED,
            file_number=stamp_file_number(document),
        )
        filed.append(Filed(document, stamp, content, stamped))
    return filed


@pytest.fixture
def case(cit) -> Case:
    return _case(cit)


@pytest.fixture
def main_and_exhibit(case) -> list[Filed]:
    _file(case)  # entry 1, so that the documents verified below belong to entry 2
    return _file(case, 2)


def _changed(content: bytes) -> bytes:
    middle = len(content) // 2
    return content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]


# --- document_verify ----------------------------------------------------------------------------------


def test_the_file_as_filed_matches_and_says_which_document(main_and_exhibit):
    main, exhibit = main_and_exhibit
    result = document_verify(content=main.content, stamp_text=main.text, user=None)
    assert (result.matches, result.which, result.court_id) == (True, "as filed", "cit")
    assert (result.case_number, result.document_number, result.date_filed) == ("1:20-cv-00012", "2", FILED)
    assert result.message == (
        "The file matches the stamp: it is document 2 in case 1:20-cv-00012, filed 3/16/2020, exactly as filed."
    )
    result = document_verify(content=exhibit.content, stamp_text=exhibit.text, user=None)
    assert (result.matches, result.document_number) == (True, "2-1")


def test_the_stamped_copy_readers_download_matches_too(main_and_exhibit):
    _, exhibit = main_and_exhibit
    result = document_verify(content=exhibit.stamped, stamp_text=exhibit.text, user=None)
    assert (result.matches, result.which, result.document_number) == (True, "stamped copy", "2-1")
    assert "it is the court's stamped copy of document 2-1 in case 1:20-cv-00012" in result.message


def test_one_changed_byte_does_not_match(main_and_exhibit):
    main, _ = main_and_exhibit
    for content in (_changed(main.content), _changed(main.stamped), main.content + b"\n", b""):
        result = document_verify(content=content, stamp_text=main.text, user=None)
        assert (result.matches, result.which) == (False, None)
        assert result.message.endswith(DOES_NOT_MATCH)
    # Another document's file with this stamp does not match either.
    assert not document_verify(content=main_and_exhibit[1].content, stamp_text=main.text, user=None).matches


def test_a_forged_stamp_does_not_match_even_with_the_right_file(main_and_exhibit):
    main, _ = main_and_exhibit
    forged_digest = main.text.replace(main.stamp.digest, "0" * 128)
    forged_date = main.text.replace("[Date=3/16/2020]", "[Date=3/17/2020]")
    forged_key = main.text.replace("Stamp_ID=1 ", "Stamp_ID=2 ")
    assert len({main.text, forged_digest, forged_date, forged_key}) == 4
    for forged in (forged_digest, forged_date, forged_key):
        result = document_verify(content=main.content, stamp_text=forged, user=None)
        assert (result.matches, result.which, result.case_number, result.document_number) == (
            False,
            None,
            None,
            None,
        )
        assert result.message.startswith(
            f"The stamp does not match: the court issued no stamp like it for file number {main.stamp.file_number}."
        )


def test_an_unknown_file_number_or_court_is_said_plainly(main_and_exhibit):
    main, _ = main_and_exhibit
    unknown = main.text.replace(f"[FileNumber={main.stamp.file_number}]", "[FileNumber=999999-0]")
    result = document_verify(content=main.content, stamp_text=unknown, user=None)
    assert not result.matches
    assert result.message == (
        "U.S. Court of International Trade has no document with the file number 999999-0. Check the stamp "
        "against the Notice of Electronic Filing and copy it again."
    )
    elsewhere = main.text.replace("[STAMP citStamp_ID", "[STAMP dcecfStamp_ID")
    result = document_verify(content=main.content, stamp_text=elsewhere, user=None)
    assert (result.matches, result.court_id) == (False, "dcecf")
    assert "names the court 'dcecf', which is not on this system" in result.message


def test_a_malformed_stamp_or_another_courts_stamp_on_a_courts_page_is_refused(main_and_exhibit):
    main, _ = main_and_exhibit
    with pytest.raises(InvalidInput, match="not an electronic document stamp"):
        document_verify(content=main.content, stamp_text="[STAMP nonsense]]", user=None)
    with pytest.raises(InvalidInput, match="made by the court 'cit', not by this one \\('cafc'\\)"):
        document_verify(content=main.content, stamp_text=main.text, user=None, court_id="cafc")
    assert document_verify(content=main.content, stamp_text=main.text, user=None, court_id="cit").matches


def test_a_file_larger_than_any_document_of_the_court_is_not_hashed(main_and_exhibit, cit):
    main, _ = main_and_exhibit
    cit.max_file_size_bytes = len(main.content) // 2
    cit.save(update_fields=["max_file_size_bytes"])
    result = document_verify(content=main.content, stamp_text=main.text, user=None)
    assert not result.matches


@pytest.mark.parametrize("sealed", ["entry", "document", "case"])
def test_a_sealed_document_tells_the_public_only_whether_it_matches(case, clerk, sealed):
    if sealed == "entry":
        (main,) = _file(case, restriction=EntryRestriction.SEALED)
    else:
        (main,) = _file(case)
        if sealed == "document":
            document_restrict(document=main.document, restriction=EntryRestriction.SEALED, acting_user=None)
        else:
            case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=None)
    visitor = make_user("visitor")
    for user in (None, visitor):
        result = document_verify(content=main.content, stamp_text=main.text, user=user)
        assert (result.matches, result.which, result.court_id) == (True, "as filed", "cit")
        assert (result.case_number, result.document_number, result.date_filed) == (None, None, None)
        assert result.message == (
            "The file matches the stamp: it is the document the court stamped, as filed, unchanged."
        )
        assert "1:20-cv-00012" not in result.message and "Acme" not in result.message
        result = document_verify(content=_changed(main.content), stamp_text=main.text, user=user)
        assert (result.matches, result.case_number, result.message) == (False, None, DOES_NOT_MATCH)
    # The court's own staff read it, and learn which document it is.
    result = document_verify(content=main.content, stamp_text=main.text, user=clerk)
    assert (result.matches, result.case_number, result.document_number) == (True, "1:20-cv-00012", "1")


def test_participants_only_documents_are_named_only_to_participants(case):
    (main,) = _file(case, restriction=EntryRestriction.PARTICIPANTS)
    result = document_verify(content=main.stamped, stamp_text=main.text, user=None)
    assert (result.matches, result.which, result.case_number) == (True, "stamped copy", None)


def test_appellate_documents_are_named_the_court_of_appeals_way(cafc):
    appeal = _case(cafc)
    (alone,) = _file(appeal)
    main, attachment = _file(appeal, 2)
    labels = [
        document_verify(content=filed.content, stamp_text=filed.text, user=None).document_number
        for filed in (alone, main, attachment)
    ]
    assert labels == ["1", "2-1", "2-2"]
    result = document_verify(content=alone.content, stamp_text=alone.text, user=None)
    assert result.case_number == "20-1081"


# --- the page -----------------------------------------------------------------------------------------


def _post(client: Client, court_id: str, content: bytes, stamp: str, **extra):
    upload = SimpleUploadedFile("motion.pdf", content, content_type="application/pdf")
    return client.post(f"/{court_id}/verify/", {"document": upload, "stamp": stamp}, **extra)


def test_the_page_is_open_to_everyone(client, cit):
    response = client.get("/cit/verify/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verify a document" in page and 'enctype="multipart/form-data"' in page
    assert client.get("/nosuchcourt/verify/").status_code == 404


def test_the_page_verifies_and_names_the_document(client, main_and_exhibit):
    main, exhibit = main_and_exhibit
    response = _post(client, "cit", exhibit.stamped, exhibit.text.replace(" ", "\n  "))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The file matches" in page
    assert "1:20-cv-00012" in page and "2-1" in page and "the court&#x27;s stamped copy" in page
    response = _post(client, "cit", _changed(main.content), main.text)
    assert response.status_code == 200
    assert "The file does not match" in response.content.decode()


def test_the_page_tells_a_visitor_nothing_of_a_sealed_document(client, case, clerk):
    (main,) = _file(case, restriction=EntryRestriction.SEALED)
    page = _post(client, "cit", main.content, main.text).content.decode()
    assert "The file matches" in page
    assert "1:20-cv-00012" not in page and "Acme" not in page and 'id="verify-details"' not in page
    client.force_login(clerk)
    page = _post(client, "cit", main.content, main.text).content.decode()
    assert "1:20-cv-00012" in page


def test_bad_forms_are_400_with_the_reason(client, main_and_exhibit):
    main, _ = main_and_exhibit
    response = _post(client, "cit", main.content, "[STAMP citStamp_ID=1]]")
    assert response.status_code == 400
    assert "That is not an electronic document stamp." in response.content.decode()
    response = client.post("/cit/verify/", {"stamp": main.text})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = _post(client, "cit", b"", main.text)
    assert response.status_code == 400
    response = _post(client, "cit", main.content, main.text + "\u202e")
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_a_stamp_of_another_court_is_refused_on_this_courts_page(client, main_and_exhibit, cafc):
    main, _ = main_and_exhibit
    response = _post(client, "cafc", main.content, main.text)
    assert response.status_code == 400
    assert "made by the court &#x27;cit&#x27;, not by this one" in response.content.decode()


def test_an_upload_over_the_courts_limit_is_refused_before_it_is_read(client, main_and_exhibit, cit):
    main, _ = main_and_exhibit
    cit.max_file_size_bytes = 4000
    cit.save(update_fields=["max_file_size_bytes"])
    assert len(main.content) < 4000
    # Declared larger than the limit and its envelope: refused before the form is parsed.
    response = _post(client, "cit", main.content + b" " * 70_000, main.text)
    assert response.status_code == 400
    assert "That file is over 5000 bytes, larger than any document" in response.content.decode()
    # Within the envelope but over the limit (a quarter more than the court's): refused by the form.
    response = _post(client, "cit", main.content + b" " * 5_500, main.text)
    assert response.status_code == 400
    assert "larger than any document of U.S. Court of International Trade" in response.content.decode()
    assert _post(client, "cit", main.content, main.text).status_code == 200


def test_the_page_checks_the_csrf_token(main_and_exhibit):
    main, _ = main_and_exhibit
    strict = Client(enforce_csrf_checks=True)
    assert _post(strict, "cit", main.content, main.text).status_code == 403
    strict.get("/cit/verify/")
    token = strict.cookies["csrftoken"].value
    response = _post(strict, "cit", main.content, main.text, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert "The file matches" in response.content.decode()


def test_verifications_are_rate_limited(client, main_and_exhibit, rate_limits):
    main, _ = main_and_exhibit
    rate_limits(verify_ip="2/h")
    assert _post(client, "cit", main.content, main.text).status_code == 200
    assert _post(client, "cit", main.content, main.text).status_code == 200
    response = _post(client, "cit", main.content, main.text)
    assert response.status_code == 429
    assert "Too many documents verified in a short time." in response.content.decode()
    assert client.get("/cit/verify/").status_code == 200  # looking at the form is free


# --- the command --------------------------------------------------------------------------------------


def _command(*args: str, **options: str) -> str:
    out = StringIO()
    call_command("verify_document", *args, stdout=out, **options)
    return out.getvalue()


def _saved(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "motion.pdf"
    path.write_bytes(content)
    return str(path)


def test_the_command_prints_a_match_and_exits_0(tmp_path, main_and_exhibit):
    _, exhibit = main_and_exhibit
    out = _command(_saved(tmp_path, exhibit.stamped), stamp=exhibit.text)
    assert out.splitlines() == [
        "MATCHES: The file matches the stamp: it is the court's stamped copy of document 2-1 in case "
        "1:20-cv-00012, filed 3/16/2020, unchanged.",
        "Court: cit",
        "Case: 1:20-cv-00012",
        "Document: 2-1",
        "Filed: 3/16/2020",
        "File: the court's stamped copy",
    ]


def test_the_command_exits_1_when_the_file_does_not_match(tmp_path, main_and_exhibit):
    main, _ = main_and_exhibit
    with pytest.raises(CommandError) as failed:
        _command(_saved(tmp_path, _changed(main.content)), stamp=main.text)
    assert failed.value.returncode == 1
    assert str(failed.value).startswith("DOES NOT MATCH: The stamp is the court's stamp of document 2")
    forged = main.text.replace(main.stamp.digest, "f" * 128)
    with pytest.raises(CommandError, match="DOES NOT MATCH: The stamp does not match"):
        _command(_saved(tmp_path, main.content), stamp=forged)


def test_the_command_asks_as_the_public_unless_told_otherwise(tmp_path, case, clerk):
    (main,) = _file(case, restriction=EntryRestriction.SEALED)
    path = _saved(tmp_path, main.content)
    assert _command(path, stamp=main.text).splitlines() == [
        "MATCHES: The file matches the stamp: it is the document the court stamped, as filed, unchanged.",
        "Court: cit",
        "File: the document as filed",
    ]
    assert "Case: 1:20-cv-00012" in _command(path, stamp=main.text, as_user="clerk")
    with pytest.raises(CommandError, match="There is no active account 'nobody'"):
        _command(path, stamp=main.text, as_user="nobody")


def test_the_command_refuses_a_bad_stamp_a_missing_file_or_an_oversized_one(tmp_path, main_and_exhibit, cit):
    main, _ = main_and_exhibit
    with pytest.raises(CommandError, match="That is not an electronic document stamp"):
        _command(_saved(tmp_path, main.content), stamp="[STAMP]]")
    with pytest.raises(CommandError, match="cannot be read"):
        _command(str(tmp_path / "absent.pdf"), stamp=main.text)
    cit.max_file_size_bytes = len(main.content) // 2
    cit.save(update_fields=["max_file_size_bytes"])
    with pytest.raises(CommandError, match="larger than any document of this court"):
        _command(_saved(tmp_path, main.content), stamp=main.text)
