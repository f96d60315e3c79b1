"""Import of a saved PACER Docket Report from a legacy CM/ECF: case, parties, attorneys and entries.

The page is read with juriscraper, checked, and written in one transaction through the services.
Decisions where real dockets are irregular:

- An entry whose number already appeared earlier on the same docket (it happens) is imported
  unnumbered, keeping its pacer_doc_id, so the docket's numbers stay unique.
- A number that is not a positive whole number the database can hold is imported the same way.
- Such numbers, and zero-padded ones (courts of appeals print 11- or 12-digit document ids in place of
  entry numbers), keep their printing in `printed_number`, so the Docket Report prints them as the court did.
- An entry without a date filed takes its date entered, else the date of the entry before it.
- An entry without any text is imported with the text "[no docket text]".
- One Attorney row per distinct (name, contact) on the docket: "(See above for address)" and the
  same attorney listed for several parties become one Attorney with several representations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from courts_db import find_court, find_court_by_id
from django.db import transaction
from juriscraper.pacer import AppellateDocketReport, DocketReport

from openecf.accounts.models import User
from openecf.cases.models import Attorney, Case, Party, PartyRole
from openecf.cases.numbers import CaseNumber, parse_case_number
from openecf.cases.services import (
    attorney_create,
    case_open,
    case_terminate,
    party_add,
    representation_add,
)
from openecf.courts.models import Court, CourtKind, Judge
from openecf.courts.services import (
    court_get_or_create_from_courts_db,
    court_kind_for,
    judge_add,
)
from openecf.docket.models import DocketEntry
from openecf.docket.services import docket_entry_create
from openecf.errors import InvalidInput
from openecf.numbers import is_ascii_digits, shown
from openecf.text import bidi_controls_strip

# The largest value a PositiveIntegerField holds on every supported database.
_MAX_NUMBER = 2_147_483_647
_NO_TEXT = "[no docket text]"
_TERMINATED = re.compile(r"^TERMINATED:\s*(\d{1,2})/(\d{1,2})/(\d{4})$", re.IGNORECASE)
_OFFICE = re.compile(r"^(\d{1,2}):")
_COURT_HOST = re.compile(r"\b(?:ecf|www)\.([a-z0-9]+)\.uscourts\.gov\b", re.IGNORECASE)
_HEADING = re.compile(r"<h3[^>]*>(.*?)</h3>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_APPEALS_HEADING = re.compile(
    r"General Docket.{0,600}?Court of Appeals for (?:the )?([A-Z][A-Za-z .]{2,60}?)\s*<", re.DOTALL
)
_EMAIL = re.compile(r"^(?:e-?mail:\s*)?([^@\s:]+@[^@\s]+\.[a-z]{2,})$", re.IGNORECASE)
_FAX = re.compile(r"^fax:\s*(.+)$", re.IGNORECASE)
_PHONE = re.compile(
    r"^(?:(?:direct|phone|tel|telephone)\s*:\s*)?(\(?\d{3}\)?[\s./-]*\d{3}[\s./-]*\d{4}.*)$", re.I
)
_ADDRESS_START = re.compile(r"^(?:\d|p\.?\s*o\.?\s+box\b|suite\b|room\b|floor\b)", re.IGNORECASE)

# Party types as printed by CM/ECF (lower case, single spaces) → role; anything else is 'other'.
_ROLES: dict[str, PartyRole] = {
    "plaintiff": PartyRole.PLAINTIFF,
    "lead plaintiff": PartyRole.PLAINTIFF,
    "consolidated plaintiff": PartyRole.PLAINTIFF,
    "all plaintiffs": PartyRole.PLAINTIFF,
    "defendant": PartyRole.DEFENDANT,
    "consolidated defendant": PartyRole.DEFENDANT,
    "all defendants": PartyRole.DEFENDANT,
    "intervenor plaintiff": PartyRole.PLAINTIFF_INTERVENOR,
    "plaintiff intervenor": PartyRole.PLAINTIFF_INTERVENOR,
    "plaintiff-intervenor": PartyRole.PLAINTIFF_INTERVENOR,
    "intervenor-plaintiff": PartyRole.PLAINTIFF_INTERVENOR,
    "intervenor defendant": PartyRole.DEFENDANT_INTERVENOR,
    "defendant intervenor": PartyRole.DEFENDANT_INTERVENOR,
    "defendant-intervenor": PartyRole.DEFENDANT_INTERVENOR,
    "intervenor-defendant": PartyRole.DEFENDANT_INTERVENOR,
    "intervenor": PartyRole.INTERVENOR,
    "appellant": PartyRole.APPELLANT,
    "cross-appellant": PartyRole.APPELLANT,
    "appellee": PartyRole.APPELLEE,
    "cross-appellee": PartyRole.APPELLEE,
    "petitioner": PartyRole.PETITIONER,
    "respondent": PartyRole.RESPONDENT,
    "amicus": PartyRole.AMICUS,
    "amicus curiae": PartyRole.AMICUS,
    "interested party": PartyRole.INTERESTED_PARTY,
}


@dataclass(frozen=True)
class PacerImportResult:
    case: Case
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def _refuse(reason: str) -> InvalidInput:
    return InvalidInput(reason, code="not_a_docket_report", field="file")


def _clip(model: type[Any], field_name: str, value: str) -> str:
    """Cut a value to its column's length (PostgreSQL refuses longer ones)."""
    limit = model._meta.get_field(field_name).max_length
    return value[:limit] if limit else value


def _words(value: str) -> str:
    return " ".join(value.split())


def role_for_party_type(party_type: str) -> PartyRole:
    """The role of a party from the type a legacy docket printed (e.g. 'Intervenor Defendant')."""
    return _ROLES.get(_words(party_type).lower(), PartyRole.OTHER)


def _court_by_links(html: str) -> str | None:
    """The court whose CM/ECF host most of the page's links point to."""
    hosts = Counter(host.lower() for host in _COURT_HOST.findall(html[:500_000]))
    if not hosts:
        return None
    host = str(hosts.most_common(1)[0][0])
    return host if any(c.get("system") == "federal" for c in find_court_by_id(host)) else None


def _courts_by_heading(html: str) -> set[str]:
    """The courts the page's heading may name: 'Court of Appeals for the First Circuit', 'U.S. District
    Court / Southern District of New York (Foley Square)', 'U.S. Court of International Trade'."""
    appeals = _APPEALS_HEADING.search(html[:100_000])
    if appeals is not None:
        name = appeals.group(1)
        forms = (
            f"United States Court of Appeals for {name}",
            f"United States Court of Appeals for the {name}",
        )
        return {str(c) for form in forms for c in find_court(form)}
    heading = _HEADING.search(html[:50_000])
    if heading is None:
        return set()
    lines = [_words(line) for line in _TAG.sub("\n", heading.group(1)).splitlines() if line.strip()]
    if lines and "international trade" in lines[0].lower():
        return {"cit"}
    kind = next((k for k in ("District", "Bankruptcy") if lines and f"{k} Court" in lines[0]), None)
    if kind is None or len(lines) < 2:
        return set()
    district = re.sub(r"\s*\(.*\)\s*$", "", lines[1])
    named = {str(c) for c in find_court(f"United States {kind} Court for the {district}")}
    # A district's name also matches its bankruptcy court (and the reverse): keep the page's kind.
    bankruptcy = kind == "Bankruptcy"
    return {c for c in named if (court_kind_for(c) == CourtKind.BANKRUPTCY) == bankruptcy} or named


def _page_court_refusal(html: str, court_id: str) -> str | None:
    """Why the page is another court's docket, when its links or its heading clearly say so."""
    other = _court_by_links(html)
    if other is None or other == court_id:
        named = _courts_by_heading(html)
        other = None if not named or court_id in named else sorted(named)[0]
    if other is None:
        return None
    return f"This docket is from {other!r}, not {court_id!r}; use --court {other}."


def _parse(html: str, court_id: str, *, appellate: bool) -> dict[str, Any]:
    """juriscraper's reading of the page, or a refusal saying why it is not a docket report."""
    text = html.lstrip("\ufeff")
    if not text.strip():
        raise _refuse("The file is empty; save the Docket Report page from PACER as HTML.")
    if text.lstrip().startswith("%PDF"):
        raise _refuse("The file is a PDF, not a saved PACER Docket Report (an HTML page).")
    if "\x00" in text or "<" not in text:
        raise _refuse("The file is not an HTML page; save the Docket Report page from PACER as HTML.")
    other_court = _page_court_refusal(text, court_id)
    if other_court is not None:
        raise _refuse(other_court)
    report = AppellateDocketReport(court_id) if appellate else DocketReport(court_id)
    kind = "an appellate PACER Docket Report" if appellate else "a PACER Docket Report"
    try:
        report._parse_text(text)
        data: dict[str, Any] = report.data
    except Exception as exc:  # juriscraper fails in many ways on pages that are not dockets
        raise _refuse(f"The page is not {kind}; save the page PACER shows for 'Docket Report'.") from exc
    if not data or not data.get("docket_number") or not data.get("case_name"):
        raise _refuse(f"The page is not {kind}: it shows no case number and case name.")
    _document_links_check(data.get("docket_entries") or [])
    cleaned: dict[str, Any] = _without_direction_controls(data)
    return cleaned


def _document_links_check(entries: list[dict[str, Any]]) -> None:
    """PACER's document ids are digits 0-9; any other is a doctored page whose link would break the docket."""
    for position, item in enumerate(entries, start=1):
        doc_id = str(item.get("pacer_doc_id") or "")
        if doc_id and not is_ascii_digits(doc_id, max_digits=40):
            raise _refuse(
                f"Entry {position} of the page links to document '{shown(doc_id)}', which is not a PACER "
                "document id (digits 0-9 only); correct or remove that link and import the page again."
            )


def _without_direction_controls(value: Any) -> Any:
    """The parsed page without text-direction controls: a right-to-left override shown on a docket or a
    party's name would make it read as something else."""
    if isinstance(value, str):
        return bidi_controls_strip(value)
    if isinstance(value, dict):
        return {key: _without_direction_controls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_direction_controls(item) for item in value]
    return value


def _case_number(court: Court, data: dict[str, Any]) -> tuple[CaseNumber, str]:
    docket_number = _words(str(data["docket_number"]))
    try:
        number = parse_case_number(court, docket_number)
    except InvalidInput:
        raise _refuse(
            f"The docket's case number {docket_number[:40]!r} is not a case number of {court.pk!r}."
        ) from None
    office = str(data.get("federal_dn_office_code") or "")
    match = _OFFICE.match(docket_number)
    if not office and match:
        office = match.group(1)
    return number, office


def _terminated_on(role: str) -> dt.date | None:
    match = _TERMINATED.match(role.strip())
    if match is None:
        return None
    month, day, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _contact_fields(contact: str) -> dict[str, Any]:
    """Firm, address, phone, fax and e-mails read from a contact block, best effort."""
    firm = ""
    address: list[str] = []
    phone = fax = ""
    emails: list[str] = []
    for raw in contact.splitlines():
        line = _words(raw)
        if not line or re.search(r"see\s+above", line, re.IGNORECASE):
            continue
        if email := _EMAIL.match(line):
            emails.append(email.group(1))
        elif fax_match := _FAX.match(line):
            fax = fax or fax_match.group(1)
        elif (phone_match := _PHONE.match(line)) and not phone:
            phone = phone_match.group(1)
        elif not firm and not address and not _ADDRESS_START.match(line):
            firm = line
        else:
            address.append(line)
    return {
        "firm": _clip(Attorney, "firm", firm),
        "address": "\n".join(address),
        "phone": _clip(Attorney, "phone", phone),
        "fax": _clip(Attorney, "fax", fax),
        "email": _clip(Attorney, "email", emails[0]) if emails else "",
        "secondary_emails": emails[1:],
    }


def _assigned_judges(court: Court, data: dict[str, Any], acting_user: User | None) -> list[Judge]:
    if court.is_appellate:
        names = [_words(str(name)) for name in data.get("panel") or [] if _words(str(name))]
        return [judge_add(court=court, name=_clip(Judge, "name", n), acting_user=acting_user) for n in names]
    name = _words(str(data.get("assigned_to_str") or ""))
    if not name:
        return []
    initials = str(data.get("federal_dn_judge_initials_assigned") or "")[:6]
    return [
        judge_add(court=court, name=_clip(Judge, "name", name), initials=initials, acting_user=acting_user)
    ]


def _originating(data: dict[str, Any]) -> tuple[Case | None, str]:
    """The lower-court case an appeal comes from: linked when it is on this system, else as text."""
    info = data.get("originating_court_information") or {}
    appeal_from = _words(str(data.get("appeal_from") or ""))
    lower_number = _words(str(info.get("docket_number") or ""))
    text = ", ".join(part for part in (appeal_from, lower_number) if part)
    lower_court = Court.objects.filter(id=str(info.get("court_id") or "")).first()
    if lower_court is None or not lower_number:
        return None, text
    try:
        number = parse_case_number(lower_court, lower_number)
    except InvalidInput:
        return None, text
    case = Case.objects.filter(
        court=lower_court, year=number.year, case_type=number.case_type, sequence=number.sequence
    ).first()
    return case, text


def _open_case(
    court: Court, data: dict[str, Any], number: CaseNumber, office: str, acting_user: User | None
) -> Case:
    case_name = _words(str(data["case_name"]))
    date_filed = data.get("date_filed")
    if not isinstance(date_filed, dt.date):
        entry_dates = [e["date_filed"] for e in data["docket_entries"] if e.get("date_filed")]
        if not entry_dates:
            raise _refuse("The docket shows no date filed for the case and has no dated entries.")
        date_filed = min(entry_dates)
    originating_case, originating_text = _originating(data) if court.is_appellate else (None, "")
    case = case_open(
        court=court,
        caption=case_name,
        short_title=case_name,
        date_filed=date_filed,
        year=number.year,
        case_type=number.case_type,
        sequence=number.sequence,
        office=office,
        judges=_assigned_judges(court, data, acting_user),
        nature_of_suit=_clip(Case, "nature_of_suit", _words(str(data.get("nature_of_suit") or ""))),
        jurisdiction=_clip(Case, "jurisdiction", _words(str(data.get("jurisdiction") or ""))),
        cause=_clip(Case, "cause", _words(str(data.get("cause") or ""))),
        assigned_to_text=_clip(Case, "assigned_to_text", _words(str(data.get("assigned_to_str") or ""))),
        originating_case=originating_case,
        originating_case_text=_clip(Case, "originating_case_text", originating_text),
        acting_user=acting_user,
    )
    date_terminated = data.get("date_terminated")
    if isinstance(date_terminated, dt.date) and date_terminated >= case.date_filed:
        case_terminate(case=case, date_terminated=date_terminated, acting_user=acting_user)
    return case


def _import_parties(case: Case, parties: list[dict[str, Any]], acting_user: User | None) -> Counter[str]:
    counts: Counter[str] = Counter()
    attorneys: dict[tuple[str, str], Attorney] = {}
    for item in parties:
        name = str(item.get("name") or "").strip()
        if not name:
            continue
        party_type = str(item.get("type") or "Unknown")
        lawyers = item.get("attorneys") or []
        roles_of = [[str(role) for role in lawyer.get("roles") or []] for lawyer in lawyers]
        date_terminated = item.get("date_terminated")
        party = party_add(
            case=case,
            name=_clip(Party, "name", name),
            role=role_for_party_type(party_type),
            role_label=_clip(Party, "role_label", party_type.strip()),
            extra_info=str(item.get("extra_info") or ""),
            pro_se=any("pro se" in role.lower() for roles in roles_of for role in roles),
            date_terminated=date_terminated if isinstance(date_terminated, dt.date) else None,
            acting_user=acting_user,
        )
        counts["parties"] += 1
        represented: set[int] = set()
        for lawyer, roles in zip(lawyers, roles_of, strict=True):
            lawyer_name = _words(str(lawyer.get("name") or ""))
            if not lawyer_name:
                continue
            contact = str(lawyer.get("contact") or "")
            key = (lawyer_name, _words(contact))
            attorney = attorneys.get(key)
            if attorney is None:
                attorney = attorney_create(
                    court=case.court,
                    name=_clip(Attorney, "name", lawyer_name),
                    contact_text=contact,
                    acting_user=acting_user,
                    **_contact_fields(contact),
                )
                attorneys[key] = attorney
                counts["attorneys"] += 1
            if attorney.pk in represented:
                continue  # the same attorney listed twice under one party: one representation
            represented.add(attorney.pk)
            terminated = next((d for d in map(_terminated_on, roles) if d is not None), None)
            known = {"LEAD ATTORNEY", "ATTORNEY TO BE NOTICED", "PRO HAC VICE"}
            other = [r for r in roles if r not in known and not (terminated and _terminated_on(r))]
            representation_add(
                party=party,
                attorney=attorney,
                lead="LEAD ATTORNEY" in roles,
                to_be_noticed="ATTORNEY TO BE NOTICED" in roles,
                pro_hac_vice="PRO HAC VICE" in roles,
                other_designations=other,
                date_terminated=terminated,
                acting_user=acting_user,
            )
            counts["representations"] += 1
    return counts


def _entry_number(raw: object, used: set[int]) -> tuple[int | None, str]:
    """The imported number, or None (unnumbered) for a repeated or unusable one; and, when the court did
    not print it plainly (a zero-padded document id, one too long for `number`, a repeat), the printing."""
    text = str(raw or "").strip()
    if not is_ascii_digits(text):
        return None, ""
    number = int(text)
    if not 1 <= number <= _MAX_NUMBER or number in used:
        return None, text
    used.add(number)
    return number, "" if text == str(number) else text


def _import_entries(case: Case, entries: list[dict[str, Any]], acting_user: User | None) -> int:
    used: set[int] = set()
    previous_date = case.date_filed
    for item in entries:
        date_filed = item.get("date_filed") or item.get("date_entered") or previous_date
        date_entered = item.get("date_entered") or date_filed
        previous_date = date_filed
        text = str(item.get("description") or "")
        number, printed_number = _entry_number(item.get("document_number"), used)
        docket_entry_create(
            case=case,
            number=number,
            numbered=number is not None,
            printed_number=printed_number,
            date_filed=date_filed,
            date_entered=date_entered,
            text=text if text.strip() else _NO_TEXT,
            legacy_doc_id=_clip(DocketEntry, "legacy_doc_id", str(item.get("pacer_doc_id") or "")),
            legacy_seq_no=_clip(DocketEntry, "legacy_seq_no", str(item.get("pacer_seq_no") or "")),
            acting_user=acting_user,
        )
    return len(entries)


def pacer_docket_import(*, html: str, court_id: str, acting_user: User | None) -> PacerImportResult:
    """Create a case from a saved PACER Docket Report of court_id; nothing is written on refusal.

    A docket whose case number is already on this system is left alone (created=False).
    """
    court_id = court_id.strip().lower()
    court = Court.objects.filter(id=court_id).first()
    if court is None:
        if len(court_id) > 15 or not any(c.get("system") == "federal" for c in find_court_by_id(court_id)):
            raise InvalidInput(
                f"'{court_id[:15]}' is not a federal court id known to courts-db "
                "(e.g. 'cit', 'cafc', 'dcd').",
                code="unknown_court",
                field="court",
            )
        # An unsaved stand-in: reads case numbers in the court's forms before anything is written.
        court = Court(id=court_id, kind=court_kind_for(court_id))
    data = _parse(html, court_id, appellate=court.kind == CourtKind.APPELLATE)
    number, office = _case_number(court, data)
    existing = Case.objects.filter(
        court_id=court_id, year=number.year, case_type=number.case_type, sequence=number.sequence
    ).first()
    if existing is not None:
        return PacerImportResult(case=existing, created=False, counts={})
    with transaction.atomic():
        court = court_get_or_create_from_courts_db(court_id=court_id, acting_user=acting_user)
        case = _open_case(court, data, number, office, acting_user)
        counts = _import_parties(case, data.get("parties") or [], acting_user)
        counts["entries"] = _import_entries(case, data.get("docket_entries") or [], acting_user)
    names = ("parties", "attorneys", "representations", "entries")
    return PacerImportResult(case=case, created=True, counts={name: counts[name] for name in names})
