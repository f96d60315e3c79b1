"""The electronic document stamp: the court's keyed hash of a filed document, printed in its notice.

`[STAMP citStamp_ID=2 [Date=3/16/2020] [FileNumber=4711-0] [<128 hex digits>]]`, in the form of CM/ECF's
(`[STAMP dcecfStamp_ID=1045387805 [Date=3/16/2020] [FileNumber=12345-0] [...]]`) with the court id where
CM/ECF writes its kind of court: HMAC-SHA-512 of the file as filed, under the court's key named by the stamp
id. The keys come from `OPENECF_STAMP_KEYS` (openecf/settings/filing.py): the last key listed for a court
signs, every key listed still verifies, so a key can be rotated without orphaning the stamps it made.

Also the header the stamped copy carries on every page (`header_text`), which names the same document.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from openecf.cases.models import Case
from openecf.courts.models import Court
from openecf.documents.models import Document
from openecf.errors import Conflict, InvalidInput
from openecf.filing.models import ElectronicDocumentStamp
from openecf.text import typed_text_check

SETTING = "OPENECF_STAMP_KEYS"
# The key id of the key derived from SECRET_KEY when the setting is empty.
DERIVED_KEY_ID = "1"
# A secret shorter than this is refused: it would be guessable, and HMAC-SHA-512 takes up to 128 bytes.
MIN_SECRET_LENGTH = 32
DIGEST_LENGTH = 128
# A stamp is about 200 characters; e-mail wrapping adds line breaks and indentation, nothing like this.
STAMP_MAX_LENGTH = 2000

_COURT_ID = re.compile(r"[a-z0-9]{1,15}", re.ASCII)
_KEY_ID = re.compile(r"[A-Za-z0-9]{1,20}", re.ASCII)
_FILE_NUMBER = re.compile(r"[0-9]{1,18}-[0-9]{1,5}", re.ASCII)
# The stamp with every blank removed (e-mail wraps it anywhere, even inside the digest). The court id runs
# into "Stamp_ID" once the blank before it is gone: a court id is lowercase, so the capital S ends it.
_STAMP = re.compile(
    r"\[?STAMP(?P<court>[a-z0-9]{1,15})Stamp_ID=(?P<key>[A-Za-z0-9]{1,20})"
    r"\[Date=(?P<month>[0-9]{1,2})/(?P<day>[0-9]{1,2})/(?P<year>[0-9]{4})\]"
    r"\[FileNumber=(?P<file_number>[0-9]{1,18}-[0-9]{1,5})\]"
    r"\[(?P<digest>[0-9A-Fa-f]{128})\]\]?",
    re.ASCII,
)
_BLANKS = re.compile(r"\s+")

NOT_A_STAMP = (
    "That is not an electronic document stamp. Copy the whole stamp from the Notice of Electronic Filing, "
    "from '[STAMP' to the closing ']]', e.g. [STAMP citStamp_ID=1 [Date=3/16/2020] [FileNumber=4711-0] "
    "[…128 hexadecimal digits…]]."
)


# --- keys ---------------------------------------------------------------------------------------------


def _refused(message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"{SETTING}: {message} Write '<court>:<key id>=<secret>' entries separated by ',' or ';', e.g. "
        f"'cit:1=<secret>,cit:2=<secret>;cafc:1=<secret>' (see openecf/settings/filing.py)."
    )


@functools.lru_cache(maxsize=8)
def _keys_configured(value: str) -> dict[str, tuple[tuple[str, bytes], ...]]:
    """Every court's keys in the order listed; ImproperlyConfigured naming the entry (never its secret)."""
    keys: dict[str, list[tuple[str, bytes]]] = {}
    for position, raw in enumerate(re.split(r"[,;]", value), start=1):
        entry = raw.strip()
        if not entry:
            continue
        name, equals, secret = entry.partition("=")
        court_id, colon, key_id = name.strip().partition(":")
        court_id, key_id = court_id.strip(), key_id.strip()
        shown = f"entry {position} ('{name.strip()[:40]}')"
        if not colon or not equals:
            raise _refused(f"{shown} is not '<court>:<key id>=<secret>'.")
        if not _COURT_ID.fullmatch(court_id):
            raise _refused(f"{shown}: the court id must be the court's lowercase id, e.g. 'cit'.")
        if not _KEY_ID.fullmatch(key_id):
            raise _refused(f"{shown}: the key id must be 1 to 20 letters or digits.")
        if len(secret) < MIN_SECRET_LENGTH or any(character.isspace() for character in secret):
            raise _refused(
                f"{shown}: the secret must be at least {MIN_SECRET_LENGTH} characters without blanks "
                "(e.g. the output of `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
            )
        court_keys = keys.setdefault(court_id, [])
        if any(known == key_id for known, _ in court_keys):
            raise _refused(f"{shown}: key id '{key_id}' is listed twice for court '{court_id}'.")
        court_keys.append((key_id, secret.encode()))
    if not keys:
        raise _refused("it lists no key.")
    return {court_id: tuple(court_keys) for court_id, court_keys in keys.items()}


def _derived_key(court_id: str) -> bytes:
    """The demo's key of a court: nobody holds it apart from SECRET_KEY, and each court's differs."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"openecf electronic document stamp {court_id}".encode(), hashlib.sha512
    ).digest()


def stamp_keys(court_id: str) -> list[tuple[str, bytes]]:
    """The court's stamp keys as (key id, key), oldest first: the last one signs, all of them verify.

    With the setting empty, one key (id '1') derived from SECRET_KEY; with it set, a court it does not list
    has no key and ImproperlyConfigured says so (a court's stamps are never made with a key nobody chose).
    """
    value: str = getattr(settings, SETTING, "") or ""
    if not value.strip():
        return [(DERIVED_KEY_ID, _derived_key(court_id))]
    configured = _keys_configured(value)
    if court_id not in configured:
        raise _refused(f"no key for court '{court_id[:15]}'; add '{court_id[:15]}:<key id>=<secret>'.")
    return list(configured[court_id])


def signing_key(court_id: str) -> tuple[str, bytes]:
    """The key that makes the court's new stamps: the last one listed."""
    return stamp_keys(court_id)[-1]


def verifying_key(court_id: str, key_id: str) -> bytes | None:
    """The court's key of that id, if the court still holds it."""
    return dict(stamp_keys(court_id)).get(key_id)


def stamp_digest(content: bytes, key: bytes) -> str:
    """HMAC-SHA-512 of the file: 128 lowercase hexadecimal digits, like CM/ECF's stamp."""
    return hmac.new(key, content, hashlib.sha512).hexdigest()


# --- the stamp's text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedStamp:
    """What a stamp says, read back from its text."""

    court_id: str
    key_id: str
    date: dt.date
    file_number: str
    digest: str


def stamp_date_text(day: dt.date) -> str:
    """m/d/yyyy without leading zeros, as in the stamps of CM/ECF's district courts: 3/16/2020."""
    return f"{day.month}/{day.day}/{day.year}"


def stamp_text(stamp: ElectronicDocumentStamp) -> str:
    """The stamp as the notice prints it."""
    return (
        f"[STAMP {stamp.court_id}Stamp_ID={stamp.key_id} [Date={stamp_date_text(stamp.stamp_date)}] "
        f"[FileNumber={stamp.file_number}] [{stamp.digest}]]"
    )


def stamp_parse(text: str) -> ParsedStamp:
    """Read a stamp pasted from a notice: blanks and line breaks anywhere in it (e-mail wraps it), the outer
    brackets optional, the date with or without leading zeros; InvalidInput (field 'stamp') for anything else."""
    if len(text) > STAMP_MAX_LENGTH:
        raise InvalidInput(
            f"That is too long for an electronic document stamp (at most {STAMP_MAX_LENGTH} characters). "
            "Copy only the stamp, from '[STAMP' to the closing ']]'.",
            code="invalid_stamp",
            field="stamp",
        )
    typed_text_check(text, name="stamp", multiline=True)
    match = _STAMP.fullmatch(_BLANKS.sub("", text))
    if match is None:
        raise InvalidInput(NOT_A_STAMP, code="invalid_stamp", field="stamp")
    try:
        date = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise InvalidInput(
            f"The stamp's date {match['month']}/{match['day']}/{match['year']} is not a date. "
            "Copy the stamp again from the Notice of Electronic Filing.",
            code="invalid_stamp",
            field="stamp",
        ) from None
    return ParsedStamp(
        court_id=match["court"],
        key_id=match["key"],
        date=date,
        file_number=match["file_number"],
        digest=match["digest"].lower(),
    )


# --- making a stamp -----------------------------------------------------------------------------------


def stamp_file_number(document: Document) -> str:
    """FileNumber=: the document's docket entry (CM/ECF prints its own internal document number there)
    and its attachment number, '4711-0' for a main document."""
    return f"{document.docket_entry_id}-{document.attachment_number}"


@transaction.atomic
def stamp_make(
    *,
    document: Document,
    court: Court,
    content: bytes,
    stamped_content: bytes,
    stamp_date: dt.date,
    file_number: str,
) -> ElectronicDocumentStamp:
    """Stamp a document just filed: the keyed hash of the file as filed and of its stamped copy.

    Part of the filing's transaction: the filing service records the filing's audit event, which covers
    this row. `stamped_content` empty: a document without a stamped copy (its stamp verifies the original).
    """
    if document.docket_entry.case.court_id != court.pk:
        raise InvalidInput("That document is not in this court.", field="document")
    if not _FILE_NUMBER.fullmatch(file_number):
        raise InvalidInput(
            f"'{file_number[:40]}' is not a stamp file number; use '<entry>-<attachment>', e.g. '4711-0'.",
            field="file_number",
        )
    if not content:
        raise InvalidInput("An empty file cannot be stamped.", field="content")
    key_id, key = signing_key(court.pk)
    try:
        # A savepoint of its own: a clash is reported as a Conflict and the filing's transaction goes on to
        # roll back cleanly.
        with transaction.atomic():
            return ElectronicDocumentStamp.objects.create(
                document=document,
                court=court,
                key_id=key_id,
                stamp_date=stamp_date,
                file_number=file_number,
                digest=stamp_digest(content, key),
                stamped_digest=stamp_digest(stamped_content, key) if stamped_content else "",
            )
    except IntegrityError:
        raise Conflict(
            f"Document {file_number} of this court is already stamped.", code="already_stamped"
        ) from None


# --- the header of the stamped copy -------------------------------------------------------------------


def document_label(
    court: Court, document_number: str, attachment: int, *, documents_in_entry: int = 1
) -> str:
    """How the court names one document of an entry.

    Trial courts: the main document is the entry's number ('5'), attachments '5-1', '5-2'. Courts of appeals
    number every document of an entry that has more than one from 1 ('95-1' is the main document, '95-2'
    the first attachment; the Federal Circuit's opinions are 'Document: 52-1' and their judgments '52-2'),
    and a lone document is the entry's number ('95').
    """
    if not document_number:
        raise ValueError("An unnumbered (minute) entry has no document to name.")
    if attachment < 0:
        raise ValueError("An attachment number is 0 (the main document) or more.")
    if court.is_appellate:
        if attachment == 0 and documents_in_entry <= 1:
            return document_number
        return f"{document_number}-{attachment + 1}"
    return document_number if attachment == 0 else f"{document_number}-{attachment}"


def header_text(
    *,
    case: Case,
    document_number: str,
    attachment: int,
    date_filed: dt.date,
    page: int,
    pages: int,
    documents_in_entry: int = 1,
) -> str:
    """The line on top of every page of the stamped copy.

    Trial courts: `Case 1:20-cv-00012 Document 5 Filed 03/16/20 Page 1 of 3`; courts of appeals:
    `Case: 20-1081 Document: 95 Page: 1 Filed: 08/06/2020`. Give `documents_in_entry` for the main document
    of an appellate entry with attachments (it is then 'Document: 95-1'; see `document_label`).
    """
    if not 1 <= page <= pages:
        raise ValueError(f"Page {page} of {pages} does not exist.")
    label = document_label(case.court, document_number, attachment, documents_in_entry=documents_in_entry)
    if case.court.is_appellate:
        return f"Case: {case.pacer_case_number} Document: {label} Page: {page} Filed: {date_filed:%m/%d/%Y}"
    return (
        f"Case {case.pacer_case_number} Document {label} Filed {date_filed:%m/%d/%y} Page {page} of {pages}"
    )
