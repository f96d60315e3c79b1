"""Verifying a document against its electronic document stamp: is this file the one the court stamped?

Anyone may ask, with the file and the stamp from the notice. The answer says whether the file is the
document as filed or the stamped copy readers download, unchanged. Which document it is (case, number,
date) is told only to someone who may read that document (`openecf.access.documents.access_document`): for
a sealed or restricted document the answer is only "matches" or "does not match".
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Literal

from openecf.access.cases import CourtNotFound, access_court
from openecf.access.documents import DocumentNotFound, access_document
from openecf.access.policy import AnyUser
from openecf.courts.models import Court
from openecf.errors import InvalidInput
from openecf.filing.models import ElectronicDocumentStamp
from openecf.filing.stamps import (
    ParsedStamp,
    document_label,
    stamp_date_text,
    stamp_digest,
    stamp_parse,
    verifying_key,
)

Which = Literal["as filed", "stamped copy"]

AS_FILED: Which = "as filed"
STAMPED_COPY: Which = "stamped copy"

DOES_NOT_MATCH = (
    "The file does not match the stamp: it is not the document the court stamped, or it has been changed "
    "since. Download the document again from the court, or ask the filer for it."
)
FORGED = (
    "The stamp does not match: the court issued no stamp like it for file number {file_number}. Copy the "
    "whole stamp again from the Notice of Electronic Filing; if it was copied whole, it is not the court's."
)
MATCHES_WITHOUT_DETAILS = (
    "The file matches the stamp: it is the document the court stamped, {which}, unchanged."
)


@dataclass(frozen=True)
class VerifyResult:
    """The answer: whether the file matches, which of the court's two files it is, and (for a reader who may
    see the document) which document that is."""

    matches: bool
    which: Which | None
    court_id: str
    case_number: str | None
    document_number: str | None
    date_filed: dt.date | None
    message: str


def verify_size_limit(court: Court) -> int:
    """The largest file worth hashing: the court's limit, and a quarter more for the stamped copy's header."""
    return court.max_file_size_bytes + court.max_file_size_bytes // 4


def _not_verified(court_id: str, message: str) -> VerifyResult:
    return VerifyResult(
        matches=False,
        which=None,
        court_id=court_id,
        case_number=None,
        document_number=None,
        date_filed=None,
        message=message,
    )


def _stamp_found(parsed: ParsedStamp) -> ElectronicDocumentStamp | None:
    return (
        ElectronicDocumentStamp.objects.select_related("document__docket_entry__case__court")
        .filter(court_id=parsed.court_id, file_number=parsed.file_number)
        .first()
    )


def _stamp_is_the_courts(parsed: ParsedStamp, stamp: ElectronicDocumentStamp) -> bool:
    """Every part of the pasted stamp is the one the court issued (the digest compared in constant time)."""
    return (
        hmac.compare_digest(parsed.digest, stamp.digest)
        and parsed.key_id == stamp.key_id
        and parsed.date == stamp.stamp_date
    )


def _which(content: bytes, key: bytes, stamp: ElectronicDocumentStamp) -> Which | None:
    digest = stamp_digest(content, key)
    if hmac.compare_digest(digest, stamp.digest):
        return AS_FILED
    if stamp.stamped_digest and hmac.compare_digest(digest, stamp.stamped_digest):
        return STAMPED_COPY
    return None


def document_verify(
    *, content: bytes, stamp_text: str, user: AnyUser, court_id: str | None = None
) -> VerifyResult:
    """Whether `content` is the document `stamp_text` stamps: as filed, or as the stamped copy.

    The stamp is read with `stamp_parse` (InvalidInput on a malformed one); `court_id` set (the court's own
    verify page) refuses a stamp of another court. Old keys still verify the stamps they made. A stamp whose
    digest, key id or date differ from the court's record does not match, whatever the file. Case, document
    number and date are told only to a `user` who may read the document.
    """
    parsed = stamp_parse(stamp_text)
    if court_id is not None and parsed.court_id != court_id:
        raise InvalidInput(
            f"This stamp was made by the court '{parsed.court_id}', not by this one ('{court_id[:15]}'). "
            "Verify it on that court's page.",
            code="stamp_of_another_court",
            field="stamp",
        )
    try:
        court = access_court(parsed.court_id)
    except CourtNotFound:
        return _not_verified(
            parsed.court_id,
            f"The stamp names the court '{parsed.court_id}', which is not on this system. Verify it with the "
            "court that issued it.",
        )
    stamp = _stamp_found(parsed)
    if stamp is None:
        return _not_verified(
            court.pk,
            f"{court.name} has no document with the file number {parsed.file_number}. Check the stamp "
            "against the Notice of Electronic Filing and copy it again.",
        )
    if not _stamp_is_the_courts(parsed, stamp):
        return _not_verified(court.pk, FORGED.format(file_number=parsed.file_number))
    key = verifying_key(court.pk, stamp.key_id)
    if key is None:
        return _not_verified(
            court.pk,
            f"{court.name} no longer holds the key of this stamp (Stamp_ID={stamp.key_id}), so the file "
            "cannot be verified here. Contact the court's CM/ECF Help Desk.",
        )
    which = _which(content, key, stamp) if len(content) <= verify_size_limit(court) else None
    document = stamp.document
    try:
        access_document(user, court.pk, document.public_id)
    except DocumentNotFound:
        if which is None:
            return _not_verified(court.pk, DOES_NOT_MATCH)
        return VerifyResult(
            matches=True,
            which=which,
            court_id=court.pk,
            case_number=None,
            document_number=None,
            date_filed=None,
            message=MATCHES_WITHOUT_DETAILS.format(which=which),
        )
    entry = document.docket_entry
    case_number = entry.case.pacer_case_number
    label: str | None = None
    if entry.number_label:
        in_entry = entry.documents.count() if court.is_appellate else 1
        label = document_label(
            court, entry.number_label, document.attachment_number, documents_in_entry=in_entry
        )
    named = (
        f"document {label} in case {case_number}" if label else f"a document of case {case_number}"
    ) + f", filed {stamp_date_text(entry.date_filed)}"
    if which is None:
        message = f"The stamp is the court's stamp of {named}. {DOES_NOT_MATCH}"
    elif which == AS_FILED:
        message = f"The file matches the stamp: it is {named}, exactly as filed."
    else:
        message = f"The file matches the stamp: it is the court's stamped copy of {named}, unchanged."
    return VerifyResult(
        matches=which is not None,
        which=which,
        court_id=court.pk,
        case_number=case_number,
        document_number=label,
        date_filed=entry.date_filed,
        message=message,
    )
