from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import textwrap

import pytest
from django.core.exceptions import ImproperlyConfigured

from openecf.cases.models import Case
from openecf.cases.services import case_open
from openecf.courts.models import Court
from openecf.documents.models import Document
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.errors import Conflict, InvalidInput
from openecf.filing.models import ElectronicDocumentStamp
from openecf.filing.stamps import (
    DERIVED_KEY_ID,
    ParsedStamp,
    document_label,
    header_text,
    signing_key,
    stamp_digest,
    stamp_file_number,
    stamp_keys,
    stamp_make,
    stamp_parse,
    stamp_text,
)
from openecf.filing.verify import document_verify

SECRET_A = "a" * 16 + "-first-key-of-the-cit-0123456789"
SECRET_B = "b" * 16 + "-second-key-of-the-cit-987654321"
SECRET_CAFC = "c" * 40
DIGEST = "717bcae4fd13b40a3b62bca1ad6ea5dbd5646af9111fc1ed5a689cc000861edb09a3792ba796791f060e277a1399ce9af46cd936b516f2234c67bcae4154f601"


def _stamp(**fields) -> ElectronicDocumentStamp:
    values = {
        "court_id": "cit",
        "key_id": "1045387805",
        "stamp_date": dt.date(2020, 3, 16),
        "file_number": "12345-0",
        "digest": DIGEST,
    }
    return ElectronicDocumentStamp(**{**values, **fields})


# --- the text -----------------------------------------------------------------------------------------


def test_the_stamp_is_printed_in_cmecfs_form_with_the_court_id():
    assert stamp_text(_stamp()) == (
        f"[STAMP citStamp_ID=1045387805 [Date=3/16/2020] [FileNumber=12345-0] [{DIGEST}]]"
    )
    # No leading zeros in the date, as in the district courts' notices.
    assert "[Date=1/5/2021]" in stamp_text(_stamp(stamp_date=dt.date(2021, 1, 5)))


def test_a_real_notices_stamp_is_read_and_printed_back_character_for_character(pacer_samples):
    notice = (pacer_samples / "nef" / "almd_3_plain.txt").read_text()
    real = re.search(r"\[STAMP .*\]\]", notice)
    assert real is not None
    parsed = stamp_parse(real.group(0))
    assert parsed == ParsedStamp(
        court_id="dcecf",
        key_id="973800458",
        date=dt.date(2019, 3, 15),
        file_number="5919796-0",
        digest=DIGEST,
    )
    rebuilt = _stamp(
        court_id=parsed.court_id,
        key_id=parsed.key_id,
        stamp_date=parsed.date,
        file_number=parsed.file_number,
        digest=parsed.digest,
    )
    assert stamp_text(rebuilt) == real.group(0)


def test_a_stamp_wrapped_by_an_email_program_is_read(pacer_samples):
    # The HTML notice breaks the stamp over three lines, inside the digest, with the mail's markup around.
    notice = (pacer_samples / "nef" / "almd_1.txt").read_text()
    start = notice.index("[STAMP")
    shown = notice[start : notice.index("]]", start) + 2].replace("<BR>", "").replace("<TAB>", "\t")
    assert "\n" in shown
    parsed = stamp_parse(shown)
    assert (parsed.court_id, parsed.key_id, parsed.file_number) == ("dcecf", "1053018227", "3341942-0")
    assert parsed.date == dt.date(2021, 8, 9)
    assert parsed.digest.startswith("6feda77acbf0e8f7") and parsed.digest.endswith("89d717")
    assert len(parsed.digest) == 128


def test_round_trip_through_wrapping_and_without_the_outer_brackets():
    text = stamp_text(_stamp(key_id="2", file_number="4711-3", digest=DIGEST.upper()))
    expected = ParsedStamp("cit", "2", dt.date(2020, 3, 16), "4711-3", DIGEST)
    assert stamp_parse(text) == expected
    assert stamp_parse("\n".join(textwrap.wrap(text, 37))) == expected
    assert stamp_parse("  \r\n " + text[1:-1] + " \n") == expected
    assert stamp_parse(text.replace(" ", "\n\t  ")) == expected


def test_an_appellate_notices_zero_padded_date_is_read(pacer_samples):
    notice = (pacer_samples / "nda" / "ca2_1.txt").read_text()
    real = re.search(r"\[STAMP .*?\]\]", notice)
    assert real is not None
    parsed = stamp_parse(real.group(0))
    assert (parsed.court_id, parsed.date) == ("acecf", dt.date(2022, 7, 27))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "[STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=12345-0]]",
        f"[STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=12345-0] [{DIGEST[:-1]}]]",
        f"[STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=12345-0] [{DIGEST}0]]",
        f"[STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=12345-0] [{DIGEST[:-1]}g]]",
        f"[STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=12345] [{DIGEST}]]",
        f"[STAMP CITStamp_ID=1 [Date=3/16/2020] [FileNumber=12345-0] [{DIGEST}]]",
        f"[STAMP citStamp_ID=1 [Date=3/16/20] [FileNumber=12345-0] [{DIGEST}]]",
        f"[STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=١٢٣-0] [{DIGEST}]]",
        f"[STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=12345-0] [{DIGEST}]] and more",
        f"[STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=12345-0] [{DIGEST}]][STAMP",
        "[STAMP citStamp_ID=3D1 [Date=3D3/16/2020]",
    ],
)
def test_anything_else_is_refused_with_what_to_copy(text):
    with pytest.raises(InvalidInput) as refused:
        stamp_parse(text)
    assert refused.value.field == "stamp"
    assert "Copy the whole stamp from the Notice of Electronic Filing" in refused.value.message


def test_an_impossible_date_is_named():
    with pytest.raises(InvalidInput, match=r"date 2/30/2020 is not a date"):
        stamp_parse(stamp_text(_stamp()).replace("3/16/2020", "2/30/2020"))


def test_control_characters_and_overlong_text_are_refused():
    with pytest.raises(InvalidInput, match="control characters"):
        stamp_parse(stamp_text(_stamp()).replace(" ", "\x00", 1))
    with pytest.raises(InvalidInput, match="too long"):
        stamp_parse(stamp_text(_stamp()) + " " * 2000)


# --- keys ---------------------------------------------------------------------------------------------


def test_the_digest_is_hmac_sha512_in_lowercase_hex():
    digest = stamp_digest(b"%PDF-1.7 content", b"key")
    assert digest == hmac.new(b"key", b"%PDF-1.7 content", hashlib.sha512).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{128}", digest)
    assert stamp_digest(b"%PDF-1.7 content", b"other key") != digest


def test_without_configured_keys_each_court_has_a_key_derived_from_the_secret_key(settings):
    settings.OPENECF_STAMP_KEYS = ""
    cit = stamp_keys("cit")
    assert [key_id for key_id, _ in cit] == [DERIVED_KEY_ID]
    assert signing_key("cit") == cit[0]
    assert stamp_keys("cit") == cit
    assert signing_key("cafc")[1] != cit[0][1]
    assert len(cit[0][1]) == 64
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert signing_key("cit")[1] != cit[0][1]


def test_configured_keys_in_order_the_last_signs(settings):
    settings.OPENECF_STAMP_KEYS = f"cit:A={SECRET_A},\n  cit:B={SECRET_B} ;cafc:1={SECRET_CAFC}=="
    assert stamp_keys("cit") == [("A", SECRET_A.encode()), ("B", SECRET_B.encode())]
    assert signing_key("cit") == ("B", SECRET_B.encode())
    assert signing_key("cafc") == ("1", f"{SECRET_CAFC}==".encode())


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (f"cit={SECRET_A}", "is not '<court>:<key id>=<secret>'"),
        (f"cit:1{SECRET_A}", "is not '<court>:<key id>=<secret>'"),
        (f"CIT:1={SECRET_A}", "the court's lowercase id"),
        (f"cit:={SECRET_A}", "1 to 20 letters or digits"),
        (f"cit:key_1={SECRET_A}", "1 to 20 letters or digits"),
        ("cit:1=short", "at least 32 characters"),
        (f"cit:1={SECRET_A[:10]} {SECRET_A}", "at least 32 characters without blanks"),
        (f"cit:1={SECRET_A},cit:1={SECRET_B}", "key id '1' is listed twice"),
        (" ; , ", "lists no key"),
        (f"cafc:1={SECRET_CAFC}", "no key for court 'cit'"),
    ],
)
def test_a_bad_configuration_names_the_setting_and_the_entry_never_the_secret(settings, value, says):
    settings.OPENECF_STAMP_KEYS = value
    with pytest.raises(ImproperlyConfigured) as refused:
        stamp_keys("cit")
    message = str(refused.value)
    assert message.startswith("OPENECF_STAMP_KEYS: ")
    assert says in message
    assert SECRET_A not in message and SECRET_B not in message and "short" not in message


# --- file numbers, labels and headers ------------------------------------------------------------------


def _case(court: Court, **fields) -> Case:
    return case_open(
        court=court,
        caption="Acme v. United States",
        date_filed=dt.date(2020, 3, 16),
        acting_user=None,
        **fields,
    )


def _documents(case: Case, count: int) -> list[Document]:
    entry = docket_entry_with_documents_create(
        case=case,
        text="Motion.",
        documents=[DocumentUpload(content=make_pdf(f"document {n}")) for n in range(count)],
        acting_user=None,
    )
    return list(entry.documents.order_by("attachment_number"))


@pytest.mark.django_db
def test_the_file_number_is_the_entry_and_the_attachment(cit):
    main, attachment = _documents(_case(cit), 2)
    assert stamp_file_number(main) == f"{main.docket_entry_id}-0"
    assert stamp_file_number(attachment) == f"{main.docket_entry_id}-1"


@pytest.mark.django_db
def test_trial_court_headers(cit):
    case = _case(cit, year=2020, sequence=12)
    header = header_text(
        case=case, document_number="5", attachment=0, date_filed=dt.date(2020, 3, 16), page=1, pages=3
    )
    assert header == "Case 1:20-cv-00012 Document 5 Filed 03/16/20 Page 1 of 3"
    header = header_text(
        case=case, document_number="5", attachment=1, date_filed=dt.date(2020, 3, 16), page=3, pages=3
    )
    assert header == "Case 1:20-cv-00012 Document 5-1 Filed 03/16/20 Page 3 of 3"
    # A trial court's main document is the entry's number whatever follows it.
    assert document_label(cit, "5", 0, documents_in_entry=3) == "5"


@pytest.mark.django_db
def test_appellate_headers_number_every_document_of_an_entry_with_attachments(cafc):
    case = _case(cafc, year=2020, sequence=1081)
    filed = dt.date(2020, 8, 6)
    alone = header_text(case=case, document_number="95", attachment=0, date_filed=filed, page=1, pages=9)
    assert alone == "Case: 20-1081 Document: 95 Page: 1 Filed: 08/06/2020"
    main = header_text(
        case=case, document_number="95", attachment=0, date_filed=filed, page=2, pages=9, documents_in_entry=2
    )
    assert main == "Case: 20-1081 Document: 95-1 Page: 2 Filed: 08/06/2020"
    first_attachment = header_text(
        case=case, document_number="95", attachment=1, date_filed=filed, page=1, pages=1
    )
    assert first_attachment == "Case: 20-1081 Document: 95-2 Page: 1 Filed: 08/06/2020"


@pytest.mark.django_db
def test_a_header_needs_a_numbered_entry_and_a_real_page(cit):
    case = _case(cit)
    filed = dt.date(2020, 3, 16)
    with pytest.raises(ValueError, match="unnumbered"):
        header_text(case=case, document_number="", attachment=0, date_filed=filed, page=1, pages=1)
    for page, pages in ((0, 3), (4, 3)):
        with pytest.raises(ValueError, match="does not exist"):
            header_text(
                case=case, document_number="5", attachment=0, date_filed=filed, page=page, pages=pages
            )


# --- making stamps, and rotating keys ------------------------------------------------------------------


def _make(document: Document, court: Court, content: bytes, stamped: bytes = b"") -> ElectronicDocumentStamp:
    return stamp_make(
        document=document,
        court=court,
        content=content,
        stamped_content=stamped,
        stamp_date=dt.date(2020, 3, 16),
        file_number=stamp_file_number(document),
    )


@pytest.mark.django_db
def test_a_stamp_keeps_the_keyed_hashes_of_both_files(cit, settings):
    settings.OPENECF_STAMP_KEYS = f"cit:A={SECRET_A}"
    (document,) = _documents(_case(cit), 1)
    stamp = _make(document, cit, b"as filed", b"stamped copy")
    stamp.refresh_from_db()
    assert (stamp.key_id, stamp.court_id, stamp.file_number) == ("A", "cit", f"{document.docket_entry_id}-0")
    assert stamp.digest == stamp_digest(b"as filed", SECRET_A.encode())
    assert stamp.stamped_digest == stamp_digest(b"stamped copy", SECRET_A.encode())
    assert document.stamp == stamp
    (unstamped_copy,) = _documents(_case(cit), 1)
    assert _make(unstamped_copy, cit, b"as filed").stamped_digest == ""


@pytest.mark.django_db
def test_a_stamp_is_refused_for_another_courts_document_a_bad_number_or_twice(cit, cafc):
    (document,) = _documents(_case(cit), 1)
    with pytest.raises(InvalidInput, match="not in this court"):
        _make(document, cafc, b"x")
    for bad in ("12345", "a-0", "1-0 ", ""):
        with pytest.raises(InvalidInput, match="not a stamp file number"):
            stamp_make(
                document=document,
                court=cit,
                content=b"x",
                stamped_content=b"",
                stamp_date=dt.date(2020, 3, 16),
                file_number=bad,
            )
    with pytest.raises(InvalidInput, match="empty file"):
        _make(document, cit, b"")
    _make(document, cit, b"x")
    with pytest.raises(Conflict, match="already stamped"):
        _make(document, cit, b"x")
    assert ElectronicDocumentStamp.objects.count() == 1


@pytest.mark.django_db
def test_rotation_stamps_of_the_old_key_still_verify(cit, settings):
    settings.OPENECF_STAMP_KEYS = f"cit:A={SECRET_A}"
    case = _case(cit)
    old_content, new_content = make_pdf("filed under key A"), make_pdf("filed under key B")
    (old_document,) = _documents(case, 1)
    old = _make(old_document, cit, old_content)

    settings.OPENECF_STAMP_KEYS = f"cit:A={SECRET_A},cit:B={SECRET_B}"
    (new_document,) = _documents(case, 1)
    new = _make(new_document, cit, new_content)
    assert (old.key_id, new.key_id) == ("A", "B")

    for stamp, content in ((old, old_content), (new, new_content)):
        result = document_verify(content=content, stamp_text=stamp_text(stamp), user=None)
        assert result.matches and result.which == "as filed"
    assert not document_verify(content=new_content, stamp_text=stamp_text(old), user=None).matches

    # A key taken out of the setting no longer verifies: the answer says so instead of "does not match".
    settings.OPENECF_STAMP_KEYS = f"cit:B={SECRET_B}"
    result = document_verify(content=old_content, stamp_text=stamp_text(old), user=None)
    assert not result.matches
    assert "no longer holds the key of this stamp (Stamp_ID=A)" in result.message
    assert document_verify(content=new_content, stamp_text=stamp_text(new), user=None).matches
