"""Electronic filing, all or nothing: the docket entry, its documents with their stamped copies and
electronic stamps, the fee and the Notice of Electronic Filing commit together, or nothing does.

`filing_check` runs every check of a real filing and writes nothing (the wizard's review screen and the
API's dry run); `filing_submit` runs the same checks and files. The browser wizard, the API and the clerk's
tools call these; nothing else writes a filing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from openecf.access.cases import access_case_to_file
from openecf.access.facts import filer_facts
from openecf.access.policy import NOT_CIF
from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.billing.gateway import Authorization, CardDetails, payment_gateway
from openecf.billing.models import FeePayment
from openecf.billing.services import fee_payment_captured, fee_payment_record
from openecf.cases.models import Case, CaseRestriction, Party, PartyRole
from openecf.cases.services import case_open, party_add, representation_add
from openecf.courts.calendar import after_office_hours, court_date, deadline_compute, filing_suspension
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, EntryRestriction, Event
from openecf.docket.services import docket_entry_create, docket_text_compose
from openecf.documents.pdf import PdfInspection, PdfWarning, pdf_inspect, pdf_stamp_headers
from openecf.documents.services import FiledFile, document_file
from openecf.errors import Conflict, Forbidden, InvalidInput
from openecf.filers.models import FilerRole
from openecf.filers.rights import attorney_record_ensure
from openecf.filing.models import Deadline, Filing, IdempotencyKey, NoticeOfElectronicFiling
from openecf.filing.reach import NOT_IN_CASE, Filer, filer_display_name, filer_resolve, parties_filed_for
from openecf.filing.rules import intervention_attachments_check, intervention_order_check
from openecf.filing.signals import notice_generated
from openecf.filing.stamps import header_text, stamp_file_number, stamp_make
from openecf.text import typed_text_check

logger = logging.getLogger(__name__)

ATTACHMENT_CATEGORIES: tuple[str, ...] = (
    "Exhibit",
    "Affidavit",
    "Declaration",
    "Memorandum of Law",
    "Proposed Order",
    "Certificate of Service",
    "Appendix",
    "Index",
    "Complaint",
    "Form 5 Information Statement",
    "Redacted Document",
    "Other",
)
MAX_ATTACHMENTS = 100
MAX_DESCRIPTION = 300
MAX_TEXT_EXTRA = 1000
MAX_FILENAME = 255
SUSPENDED = "Electronic filing is suspended: {notice}"
AFTER_HOURS_ONLY = (
    "Z-events are for filing after the Clerk's Office closes ({opens} to {closes}, {zone}); during office "
    "hours, choose the event for your filing."
)
WARNINGS_UNCONFIRMED = "Confirm that you have read the warnings about your PDF(s) before you file: {warnings}"
PUBLIC_VERSION_REMINDER = (
    "This document is confidential (business proprietary information): file its public version, with the "
    "confidential information removed, as its own filing."
)
MANUAL_FILING_REMINDER = (
    "Send or hand-deliver the physical exhibit or item to the Clerk's Office; do not upload it. This notice "
    "tells the parties it was filed manually."
)


@dataclass(frozen=True)
class FilingUpload:
    """A PDF handed in: the main document or an attachment, with its category and description."""

    content: bytes
    filename: str
    category: str = ""
    description: str = ""


@dataclass(frozen=True)
class NewCase:
    """What a case-opening event (the CIT's Summons) asks for the new case."""

    plaintiffs: tuple[str, ...]
    defendants: tuple[str, ...] = ("United States",)
    short_title: str = ""
    nature_of_suit: str = ""
    agency: str = ""
    product_description: str = ""
    export_country: str = ""


@dataclass(frozen=True)
class FilingRequest:
    """Everything a filer submits; the wizard and the API build the same request."""

    event_code: str
    case_number: str = ""
    new_case: NewCase | None = None
    main_document: FilingUpload | None = None
    attachments: tuple[FilingUpload, ...] = ()
    party_ids: tuple[int, ...] | None = None  # None: the parties the filer stands for
    join_party_id: int | None = None  # Form 11: the party an attorney joins
    new_party_name: str = ""  # Motion to Intervene: the movant
    new_party_role: str = PartyRole.INTERVENOR
    related_entry_numbers: tuple[int, ...] = ()
    prompted_date: dt.date | None = None
    docket_text_extra: str = ""
    confidential: bool = False
    confirm_warnings: bool = False
    certify: bool = False
    on_behalf_of: str = ""  # a filing agent: the attorney's PACER username
    card: CardDetails | None = None
    via: str = "web"

    def fingerprint(self) -> str:
        """SHA-256 of what was submitted (the files by their hashes; never the card)."""

        def upload(item: FilingUpload | None) -> list[str] | None:
            if item is None:
                return None
            return [hashlib.sha256(item.content).hexdigest(), item.filename, item.category, item.description]

        data = {
            "event": self.event_code,
            "case": self.case_number,
            "new_case": None if self.new_case is None else list(map(str, vars(self.new_case).values())),
            "main": upload(self.main_document),
            "attachments": [upload(item) for item in self.attachments],
            "parties": None if self.party_ids is None else sorted(self.party_ids),
            "join": self.join_party_id,
            "new_party": [self.new_party_name, self.new_party_role],
            "related": sorted(self.related_entry_numbers),
            "date": self.prompted_date.isoformat() if self.prompted_date else None,
            "text": self.docket_text_extra,
            "confidential": self.confidential,
            "certify": self.certify,
            "on_behalf_of": self.on_behalf_of.casefold(),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class CheckedFile:
    upload: FilingUpload
    attachment_number: int
    inspection: PdfInspection


@dataclass(frozen=True)
class FileWarning:
    filename: str
    warning: PdfWarning

    @property
    def text(self) -> str:
        return f"{self.filename}: {self.warning.message}"


@dataclass(frozen=True)
class FilingPlan:
    """What a request would file: the result of every check, before anything is written."""

    court: Court
    event: Event
    filer: Filer
    filer_name: str
    case: Case | None
    parties: tuple[Party, ...]
    join_party: Party | None
    related: tuple[DocketEntry, ...]
    files: tuple[CheckedFile, ...]
    docket_text: str
    fee: Decimal
    warnings: tuple[FileWarning, ...]
    deadline: tuple[str, dt.date] | None
    date_filed: dt.date
    restriction: EntryRestriction
    reminders: tuple[str, ...] = field(default=())

    @property
    def case_number(self) -> str:
        return self.case.pacer_case_number if self.case is not None else ""


def _us_date(day: dt.date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def filing_events(court: Court) -> list[Event]:
    """The events a filer may choose in the court (the court's own orders and minute entries are not)."""
    return list(
        Event.objects.for_court(court).filter(active=True, staff_only=False).order_by("menu", "label")
    )


def _event(court: Court, code: str) -> Event:
    event = (
        Event.objects.for_court(court).filter(code=code.strip()[:40], active=True, staff_only=False).first()
    )
    if event is None:
        raise InvalidInput(
            f"'{code[:40]}' is not an event of {court.name}'s filing menus; search for menus and events "
            "to find yours.",
            code="unknown_event",
            field="event",
        )
    return event


def _clean(text: str, *, name: str, limit: int, multiline: bool = False) -> str:
    text = typed_text_check(text, name=name, multiline=multiline).strip()
    if len(text) > limit:
        raise InvalidInput(f"{name}: at most {limit} characters.", field=name)
    return text


def _filename(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _clean(base, name="filename", limit=MAX_FILENAME) or "document.pdf"


def _timing_check(court: Court, event: Event, moment: dt.datetime) -> None:
    window = filing_suspension(court, moment)
    if window is not None:
        raise Forbidden(SUSPENDED.format(notice=window.notice), code="filing_suspended")
    if event.after_hours and not after_office_hours(court, moment):
        raise InvalidInput(
            AFTER_HOURS_ONLY.format(
                opens=court.office_opens_at.strftime("%-I:%M %p").lower(),
                closes=court.office_closes_at.strftime("%-I:%M %p").lower(),
                zone=court.time_zone,
            ),
            code="office_open",
            field="event",
        )


def _files_check(court: Court, event: Event, request: FilingRequest) -> tuple[CheckedFile, ...]:
    main, attachments = request.main_document, request.attachments
    if main is None and (event.document_required or event.manual_filing):
        raise InvalidInput(
            f"'{event.label}' requires a PDF document.", code="document_required", field="document"
        )
    if main is None and attachments:
        raise InvalidInput("Attachments need a main document.", field="attachments")
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidInput(f"At most {MAX_ATTACHMENTS} attachments per filing.", field="attachments")
    uploads: list[FilingUpload] = [main, *attachments] if main is not None else []
    descriptions: list[str] = []
    checked: list[CheckedFile] = []
    for number, upload in enumerate(uploads):
        filename = _filename(upload.filename)
        description = _clean(upload.description, name="description", limit=MAX_DESCRIPTION)
        category = upload.category.strip()
        if number and category not in ATTACHMENT_CATEGORIES:
            raise InvalidInput(
                f"{filename}: choose the attachment's category ({', '.join(ATTACHMENT_CATEGORIES)}).",
                code="attachment_category",
                field="attachments",
            )
        if number:
            descriptions += [category, description, filename]
        inspection = pdf_inspect(upload.content, filename=filename, max_bytes=court.max_file_size_bytes)
        cleaned = FilingUpload(upload.content, filename, category if number else "", description)
        checked.append(CheckedFile(cleaned, number, inspection))
    intervention_attachments_check(event, descriptions)
    return tuple(checked)


def _live_entries_by(filer: Filer, case: Case) -> list[DocketEntry]:
    return list(
        DocketEntry.objects.filter(
            case=case, filing__filer=filer.account, stricken_on__isnull=True, filed_in_error_on__isnull=True
        ).select_related("event")
    )


def _parties(
    request: FilingRequest, event: Event, filer: Filer, case: Case
) -> tuple[tuple[Party, ...], Party | None]:
    """The parties filed for, and the party an appearance joins (none when the filer is already in)."""
    own = parties_filed_for(filer, case)
    join_party: Party | None = None
    if request.join_party_id is not None or (
        event.joins_case and not own and event.code != "motion_intervene"
    ):
        if not event.joins_case or filer.role != FilerRole.ATTORNEY:
            raise InvalidInput("Only an attorney's appearance (Form 11) joins a party.", field="join_party")
        join_party = (
            case.parties.filter(pk=request.join_party_id, date_terminated__isnull=True).first()
            if request.join_party_id is not None
            else None
        )
        if join_party is None:
            raise InvalidInput("Choose the party of this case you appear for.", field="join_party")
        return (join_party,), join_party
    if event.code == "motion_intervene" and request.new_party_name.strip():
        return (), None  # the movant is added when it files
    if not own:
        raise Forbidden(NOT_IN_CASE, code="not_in_case")
    if request.party_ids is None:
        return tuple(own), None
    chosen = [party for party in own if party.pk in set(request.party_ids)]
    if not request.party_ids or len(chosen) != len(set(request.party_ids)):
        raise InvalidInput("Choose among the parties you represent in this case.", field="parties")
    return tuple(chosen), None


def _related(request: FilingRequest, event: Event, case: Case | None) -> tuple[DocketEntry, ...]:
    numbers = sorted(set(request.related_entry_numbers))
    if not numbers:
        return ()
    if case is None or not event.prompts_related_entry:
        raise InvalidInput(f"'{event.label}' does not refer to earlier entries.", field="related_entries")
    found = {entry.number: entry for entry in DocketEntry.objects.filter(case=case, number__in=numbers)}
    missing = [str(n) for n in numbers if n not in found]
    if missing:
        raise InvalidInput(
            f"There is no entry {', '.join(missing)} on this docket.",
            code="unknown_entry",
            field="related_entries",
        )
    return tuple(found[n] for n in numbers)


def _filer_name(filer: Filer) -> str:
    name = filer_display_name(filer.account)
    if filer.by_agent:
        return f"{name} (by filing agent {filer_display_name(filer.submitted_by)})"
    return name


def _docket_text(
    *,
    event: Event,
    filer_name: str,
    parties: Sequence[Party],
    related: Sequence[DocketEntry],
    extra: str,
    prompted_date: dt.date | None,
    deadline: tuple[str, dt.date] | None,
) -> str:
    # The filer's words extend the event's name: "Motion" + "to stay proceedings".
    label = f"{event.label} {extra}" if extra else event.label
    if "{text}" in event.docket_text_template:
        label, extra_text = event.label, extra
    else:
        extra_text = ""
    text = docket_text_compose(
        event=event, filer=filer_name, parties=parties, related=related, text=extra_text, label=label
    )
    if prompted_date is not None:
        text = f"{text} ({event.date_prompt}: {_us_date(prompted_date)})"
    if deadline is not None:
        text = f"{text} {deadline[0]} by {_us_date(deadline[1])}."
    return " ".join(text.split())


def filing_check(
    *, user: User, court: Court, request: FilingRequest, moment: dt.datetime | None = None
) -> FilingPlan:
    """Every check of a real filing; the plan of what it would file. Writes nothing."""
    moment = moment or timezone.now()
    event = _event(court, request.event_code)
    _timing_check(court, event, moment)
    filer = filer_resolve(user, court, on_behalf_of=request.on_behalf_of)
    confidential = request.confidential or event.confidential
    if confidential and not filer_facts().files_confidential_in(filer.account, court.pk):
        raise Forbidden(NOT_CIF, code="not_cif")
    extra = _clean(request.docket_text_extra, name="docket_text_extra", limit=MAX_TEXT_EXTRA)
    if extra and not event.text_extendable:
        raise InvalidInput(
            f"The docket text of '{event.label}' cannot be extended.", field="docket_text_extra"
        )
    if event.date_prompt and request.prompted_date is None:
        raise InvalidInput(f"Enter the {event.date_prompt.lower()}.", field="prompted_date")
    if event.certification and not request.certify:
        raise InvalidInput(f"Make the certification to file: {event.certification}", field="certify")
    case: Case | None = None
    party_names: tuple[str, ...] = ()
    join_party: Party | None = None
    if event.opens_case:
        if request.case_number.strip():
            raise InvalidInput(
                f"'{event.label}' opens a new case; leave the case number empty.", field="case_number"
            )
        party_names = _new_case_check(request.new_case)
        parties: tuple[Party, ...] = ()
    else:
        if request.new_case is not None:
            raise InvalidInput(f"'{event.label}' is filed in an existing case.", field="new_case")
        case = access_case_to_file(user, court.pk, request.case_number, filer_account=filer.account)
        parties, join_party = _parties(request, event, filer, case)
        if event.code == "motion_intervene" and not parties:
            name = _clean(request.new_party_name, name="new_party_name", limit=500)
            if request.new_party_role not in PartyRole.values:
                raise InvalidInput("Choose the movant's role.", field="new_party_role")
            party_names = (name,)
        intervention_order_check(event=event, case=case, earlier=_live_entries_by(filer, case))
    files = _files_check(court, event, request)
    related = _related(request, event, case)
    date_filed = court_date(court, moment)
    deadline = None
    if event.deadline_days:
        due = deadline_compute(court, start=date_filed, days=event.deadline_days)
        deadline = (event.deadline_label or "Due", due)
    filer_name = _filer_name(filer)
    text = _docket_text(
        event=event,
        filer_name=filer_name,
        # A new case's plaintiffs and a movant are named before they are parties.
        parties=parties or tuple(Party(name=name) for name in party_names),
        related=related,
        extra=extra,
        prompted_date=request.prompted_date,
        deadline=deadline,
    )
    reminders = []
    if confidential:
        reminders.append(PUBLIC_VERSION_REMINDER)
    if event.manual_filing:
        reminders.append(MANUAL_FILING_REMINDER)
    return FilingPlan(
        court=court,
        event=event,
        filer=filer,
        filer_name=filer_name,
        case=case,
        parties=parties,
        join_party=join_party,
        related=related,
        files=files,
        docket_text=text,
        fee=event.fee,
        warnings=tuple(FileWarning(f.upload.filename, w) for f in files for w in f.inspection.warnings),
        deadline=deadline,
        date_filed=date_filed,
        restriction=EntryRestriction.PARTICIPANTS if confidential else EntryRestriction.PUBLIC,
        reminders=tuple(reminders),
    )


def _new_case_check(new_case: NewCase | None) -> tuple[str, ...]:
    if new_case is None or not new_case.plaintiffs:
        raise InvalidInput("Name the plaintiff(s) of the new case.", field="plaintiffs")
    names = tuple(_clean(name, name="plaintiffs", limit=500) for name in new_case.plaintiffs)
    defendants = tuple(_clean(name, name="defendants", limit=500) for name in new_case.defendants)
    if not all(names) or not defendants or not all(defendants):
        raise InvalidInput("Name every plaintiff and defendant.", field="plaintiffs")
    for value, name in (
        (new_case.short_title, "short_title"),
        (new_case.nature_of_suit, "nature_of_suit"),
        (new_case.agency, "agency"),
        (new_case.product_description, "product_description"),
        (new_case.export_country, "export_country"),
    ):
        _clean(value, name=name, limit=300)
    return names


def _idempotent_result(user: User, key: str, fingerprint: str) -> Filing | None:
    since = timezone.now() - dt.timedelta(hours=settings.OPENECF_IDEMPOTENCY_HOURS)
    kept = (
        IdempotencyKey.objects.filter(user=user, key=key, created_at__gte=since)
        .select_related("filing")
        .first()
    )
    if kept is None:
        return None
    if kept.request_fingerprint != fingerprint:
        raise Conflict(
            "This Idempotency-Key was used for a different submission; use a new key for a new filing.",
            code="idempotency_key_reused",
        )
    return kept.filing


def filing_submit(*, user: User, court: Court, request: FilingRequest, idempotency_key: str = "") -> Filing:
    """File: every check, the fee, then one transaction for the entry, documents, stamps and notice.

    A retried request with the same Idempotency-Key returns the first filing. The card is authorized
    before the transaction and captured after it commits; a rolled-back filing voids the authorization.
    """
    key = idempotency_key.strip()
    if len(key) > 200 or (key and typed_text_check(key, name="Idempotency-Key") != key):
        raise InvalidInput("An Idempotency-Key is at most 200 visible characters.", field="Idempotency-Key")
    fingerprint = request.fingerprint()
    if key:
        IdempotencyKey.objects.filter(
            created_at__lt=timezone.now() - dt.timedelta(hours=settings.OPENECF_IDEMPOTENCY_HOURS),
            user=user,
            key=key,
        ).delete()
        earlier = _idempotent_result(user, key, fingerprint)
        if earlier is not None:
            return earlier
    plan = filing_check(user=user, court=court, request=request)
    if plan.warnings and not request.confirm_warnings:
        raise InvalidInput(
            WARNINGS_UNCONFIRMED.format(warnings=" ".join(w.text for w in plan.warnings)),
            code="warnings_unconfirmed",
            field="confirm_warnings",
        )
    authorization = _fee_authorize(plan, request)
    try:
        with transaction.atomic():
            filing = _file(
                plan, request, user=user, authorization=authorization, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        _void(authorization)
        if key:
            earlier = _idempotent_result(user, key, fingerprint)
            if earlier is not None:
                return earlier
        raise
    except BaseException:
        _void(authorization)
        raise
    if authorization is not None:
        payment = filing.fee_payment
        transaction.on_commit(lambda: _capture(authorization, payment, user))
    return filing


def _fee_authorize(plan: FilingPlan, request: FilingRequest) -> Authorization | None:
    if plan.fee <= 0:
        return None
    if request.card is None:
        raise InvalidInput(
            f"'{plan.event.label}' has a filing fee of ${plan.fee}; enter the card to pay it with.",
            code="fee_required",
            field="card_number",
        )
    return payment_gateway().authorize(request.card, plan.fee, f"{plan.event.label} filing fee")


def _void(authorization: Authorization | None) -> None:
    if authorization is None:
        return
    try:
        payment_gateway().void(authorization.reference)
    except Exception:  # the hold lapses by itself; the filing's own error is the one to report
        logger.exception("Could not void fee authorization %s", authorization.reference)


def _capture(authorization: Authorization, payment: FeePayment | None, user: User) -> None:
    payment_gateway().capture(authorization.reference)
    if payment is not None:
        fee_payment_captured(payment=payment, acting_user=user)


def _open_case(
    plan: FilingPlan, request: FilingRequest, *, user: User, today: dt.date
) -> tuple[Case, tuple[Party, ...]]:
    new_case = request.new_case or NewCase(plaintiffs=())
    court, filer = plan.court, plan.filer
    plaintiffs = [name.strip() for name in new_case.plaintiffs]
    defendants = [name.strip() for name in new_case.defendants]
    caption = f"{', '.join(plaintiffs)}, Plaintiff{'s' if len(plaintiffs) > 1 else ''}, v. {', '.join(defendants)}, Defendant{'s' if len(defendants) > 1 else ''}."
    short_title = (
        new_case.short_title.strip()
        or f"{plaintiffs[0]}{' et al.' if len(plaintiffs) > 1 else ''} v. {defendants[0]}"
    )
    case = case_open(
        court=court,
        caption=caption,
        short_title=short_title,
        date_filed=today,
        acting_user=user,
        nature_of_suit=new_case.nature_of_suit.strip(),
        agency=new_case.agency.strip(),
        product_description=new_case.product_description.strip(),
        export_country=new_case.export_country.strip(),
    )
    pro_se = filer.role == FilerRole.PRO_SE
    filed_for = [
        party_add(
            case=case,
            name=name,
            role=PartyRole.PLAINTIFF,
            acting_user=user,
            pro_se_account=filer.account if pro_se else None,
        )
        for name in plaintiffs
    ]
    for name in defendants:
        party_add(case=case, name=name, role=PartyRole.DEFENDANT, acting_user=user)
    if not pro_se:
        attorney = attorney_record_ensure(user=filer.account, court=court, acting_user=user)
        for party in filed_for:
            representation_add(party=party, attorney=attorney, acting_user=user, lead=True)
    return case, tuple(filed_for)


def _join(plan: FilingPlan, request: FilingRequest, *, user: User, case: Case) -> tuple[Party, ...]:
    """An attorney's appearance for a party, or a movant's entry into the case with its attorney."""
    attorney = attorney_record_ensure(user=plan.filer.account, court=plan.court, acting_user=user)
    if plan.join_party is not None:
        party = plan.join_party
    else:
        party = party_add(
            case=case,
            name=request.new_party_name.strip(),
            role=PartyRole(request.new_party_role),
            role_label="Movant",
            acting_user=user,
        )
    if not party.representations.filter(attorney=attorney, date_terminated__isnull=True).exists():
        representation_add(party=party, attorney=attorney, acting_user=user)
    return (party,)


def _file(
    plan: FilingPlan,
    request: FilingRequest,
    *,
    user: User,
    authorization: Authorization | None,
    key: str,
    fingerprint: str,
) -> Filing:
    court, event = plan.court, plan.event
    moment = timezone.now()
    if plan.case is not None:
        # Serialises filings in one case from here to commit; the order rules are checked again under it.
        Case.objects.select_for_update().filter(pk=plan.case.pk).exists()
        intervention_order_check(event=event, case=plan.case, earlier=_live_entries_by(plan.filer, plan.case))
    _timing_check(court, event, moment)
    today = court_date(court, moment)
    if plan.case is None:
        case, parties = _open_case(plan, request, user=user, today=today)
    elif plan.join_party is not None or not plan.parties:
        case, parties = plan.case, _join(plan, request, user=user, case=plan.case)
    else:
        case, parties = plan.case, plan.parties
    text = plan.docket_text
    if plan.case is None or not plan.parties:
        text = _docket_text(
            event=event,
            filer_name=plan.filer_name,
            parties=parties,
            related=plan.related,
            extra=request.docket_text_extra.strip(),
            prompted_date=request.prompted_date,
            deadline=plan.deadline,
        )
    entry = docket_entry_create(
        case=case,
        acting_user=user,
        event=event,
        text=text,
        date_filed=today,
        filed_at=moment,
        filer_name=plan.filer_name,
        filed_for=parties,
        related_entries=plan.related,
        restriction=plan.restriction,
        document_count=len(plan.files),
    )
    stamps = []
    for checked in plan.files:
        pages = checked.inspection.page_count
        headers = [
            header_text(
                case=case,
                document_number=entry.number_label,
                attachment=checked.attachment_number,
                date_filed=today,
                page=page,
                pages=pages,
                documents_in_entry=len(plan.files),
            )
            for page in range(1, pages + 1)
        ]
        stamped = pdf_stamp_headers(checked.upload.content, headers)
        document = document_file(
            docket_entry=entry,
            filed=FiledFile(
                content=checked.upload.content,
                stamped_content=stamped,
                page_count=pages,
                original_filename=checked.upload.filename,
                category=checked.upload.category,
                description=checked.upload.description,
            ),
            attachment_number=checked.attachment_number,
            acting_user=user,
        )
        stamps.append(
            stamp_make(
                document=document,
                court=court,
                content=checked.upload.content,
                stamped_content=stamped,
                stamp_date=today,
                file_number=stamp_file_number(document),
            )
        )
    payment = None
    if authorization is not None:
        payment = fee_payment_record(
            user=user,
            court=court,
            authorization=authorization,
            description=f"{event.label} filing fee, {case.pacer_case_number}",
            acting_user=user,
        )
    filing = Filing.objects.create(
        court=court,
        case=case,
        docket_entry=entry,
        event=event,
        filer=plan.filer.account,
        submitted_by=user,
        filed_at=moment,
        date_filed=today,
        via=request.via if request.via in ("web", "api") else "web",
        fee=plan.fee,
        fee_payment=payment,
        warnings_confirmed=[w.text for w in plan.warnings],
        certification=event.certification if request.certify else "",
    )
    notice = NoticeOfElectronicFiling.objects.create(
        filing=filing,
        generated_at=moment,
        case_number=case.pacer_case_number,
        case_name=case.short_title,
        filer_name=plan.filer_name,
        document_number=entry.number_label,
        docket_text=entry.text,
        entered_by=filer_display_name(user),
    )
    notice_announce(notice)
    if plan.deadline is not None:
        Deadline.objects.create(
            case=case, docket_entry=entry, label=plan.deadline[0], due_on=plan.deadline[1]
        )
    if key:
        IdempotencyKey.objects.create(user=user, key=key, request_fingerprint=fingerprint, filing=filing)
    audit_event_record(
        kind="filing.submitted",
        acting_user=user,
        subject=filing,
        court=court,
        extra={
            "case": case.pacer_case_number,
            "entry": entry.number,
            "event": event.code,
            "filer": plan.filer.account.username,
            "documents": [stamp.file_number for stamp in stamps],
            "fee": str(plan.fee),
            "via": filing.via,
            "case_opened": plan.case is None,
            "restriction": plan.restriction,
            "case_restriction": case.restriction if case.restriction != CaseRestriction.PUBLIC else "",
        },
    )
    return filing


def notice_announce(notice: NoticeOfElectronicFiling) -> None:
    """Tell the notices app, once the transaction that generated the notice commits, to deliver it.

    Should this process die between the commit and the delivery, the notices sweep finds the notice
    without its fan-out and delivers it then.
    """
    notice_id = notice.pk

    def announce() -> None:
        for receiver, result in notice_generated.send_robust(
            sender=NoticeOfElectronicFiling, notice_id=notice_id
        ):
            if isinstance(result, Exception):
                logger.error("Delivering notice %s failed in %r", notice_id, receiver, exc_info=result)

    transaction.on_commit(announce, robust=True)
