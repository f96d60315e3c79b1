"""Electronic filing through the API: the event search, the caller's cases, a dry run, the filing, a filing.

Thin: an access helper or selector, the filing service (`filing_check` / `filing_submit`), a serializer. The
multipart fields are those of the site's wizard; attachments come as repeated `attachments` files with the
parallel repeated fields `attachment_categories` and `attachment_descriptions` (same order). Refusals are
the service's, in the API's error shape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Form, Query, Router, Status, UploadedFile
from ninja.params.functions import File as file_parameter
from ninja.params.functions import Header as header_parameter
from ninja.params.functions import Path as path_parameter
from ninja.utils import check_csrf

from openecf.access.cases import access_court
from openecf.access.policy import NOT_SIGNED_IN, signed_in
from openecf.accounts.models import User
from openecf.api.auth import BearerTokenAuth
from openecf.api.filing_schemas import (
    EventOut,
    EventQuery,
    FilingCheckOut,
    FilingForm,
    FilingOut,
    MyCasesOut,
    MyCasesQuery,
    NewCaseForm,
)
from openecf.api.schemas import ErrorResponse
from openecf.billing.gateway import CardDetails
from openecf.cases.models import Case, Party, PartyRole
from openecf.courts.models import Court
from openecf.docket.models import Event
from openecf.errors import Forbidden, InvalidInput, OpenECFError
from openecf.filing.models import Filing
from openecf.filing.packet import (
    PartyToServe,
    certificate_of_service_reminder,
    parties_to_serve,
    parties_to_serve_planned,
)
from openecf.filing.reach import filer_display_name, filer_resolve, parties_filed_for
from openecf.filing.selectors import access_filing, events_for_filers, my_cases, notice_of, stamps_of
from openecf.filing.services import (
    MAX_ATTACHMENTS,
    FilingPlan,
    FilingRequest,
    FilingUpload,
    NewCase,
    filing_check,
    filing_submit,
)
from openecf.filing.stamps import stamp_text
from openecf.numbers import DATABASE_INTEGER_MAX, shown, whole_number_or_none, whole_number_parse
from openecf.reports.render import document_url_builder
from openecf.signin.models import ApiToken
from openecf.text import search_words_parse

MY_CASES_PER_PAGE = 50
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIGN_IN_HINT = (
    " Send an API token as 'Authorization: Bearer <token>' (POST /api/v1/auth/token), or use a signed-in "
    "session."
)
CSRF_REFUSED = (
    "A signed-in session must send its CSRF token (the X-CSRFToken header) to file; an API client sends "
    "an API token instead."
)
# The card fields as the payment gateway names them, and as this API's form does.
CARD_FIELDS = {
    "exp_month": "card_exp_month",
    "exp_year": "card_exp_year",
    "cvv": "card_cvv",
    "name_on_card": "card_name",
}


class NotSignedIn(OpenECFError):
    status = 401
    code = "not_signed_in"


class SignedInBearerAuth(BearerTokenAuth):
    """An API token or a signed-in session (whose writes carry the CSRF token); nobody else (401)."""

    def __call__(self, request: HttpRequest) -> Any:
        found = super().__call__(request)
        if isinstance(found, ApiToken):
            return found
        account = signed_in(request.user)
        if account is None:
            raise NotSignedIn(NOT_SIGNED_IN + SIGN_IN_HINT)
        # The site's cookie must not let another site file in the user's name.
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise Forbidden(CSRF_REFUSED, code="csrf_failed")
        return account


router = Router(tags=["filing"], auth=SignedInBearerAuth())

COURT: Any = path_parameter(
    ..., description="Court id as in courts-db, e.g. 'cit' (not case-sensitive).", example="cit"
)
CASE_NUMBER: Any = path_parameter(
    ...,
    description="Case number in any form the court prints, e.g. '1:20-cv-00012' or 'Court No. 20-00012'.",
    example="1:20-cv-00001",
)
FILING_ID: Any = path_parameter(
    ...,
    description="The filing's id, as the filing's response gave it.",
    pattern="^[0-9]{1,9}$",
    example="1",
)
DOCUMENT: Any = file_parameter(None, description="The main document (PDF).")
ATTACHMENTS: Any = file_parameter(
    None, description=f"Attachments (PDF), at most {MAX_ATTACHMENTS}, each with its category."
)
IDEMPOTENCY_KEY: Any = header_parameter(
    "",
    alias="Idempotency-Key",
    max_length=200,
    description="Any unique text of yours (e.g. a UUID): a retry with the same key and the same submission "
    "within 24 hours (OPENECF_IDEMPOTENCY_HOURS) answers with the first filing instead of filing again; the same key with a different "
    "submission is refused (409).",
)
PUBLIC_READ: dict[str, Any] = {"security": [{}, {"BearerTokenAuth": []}]}
# A signed-in caller (401 otherwise) refused by the court's rules (403), on a court or case it may not see (404).
SIGNED_IN_REFUSALS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse}
# A filing may also be refused (400), conflict with an earlier one under its key (409), be too large (413), or
# find the PDF checker unavailable for a moment (503: try again).
FILING_REFUSALS = {
    400: ErrorResponse,
    409: ErrorResponse,
    413: ErrorResponse,
    503: ErrorResponse,
    **SIGNED_IN_REFUSALS,
}
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


@router.get(
    "/courts/{court}/events",
    auth=BearerTokenAuth(),
    response={
        200: list[EventOut],
        400: ErrorResponse,
        401: ErrorResponse,
        404: ErrorResponse,
        429: ErrorResponse,
    },
    summary="Search the court's filing events",
    openapi_extra=PUBLIC_READ,
)
def event_list(request: HttpRequest, filters: Query[EventQuery], court: str = COURT) -> list[dict[str, Any]]:
    """The events filers may choose, by menu and label; with `q`, those using every word of it."""
    the_court = access_court(court)
    query = search_words_parse(filters.q, name="q", max_length=200)
    return [_event(event) for event in events_for_filers(the_court, query)]


@router.get(
    "/courts/{court}/my-cases",
    response={200: MyCasesOut, 400: ErrorResponse, **SIGNED_IN_REFUSALS},
    summary="The cases you may file in",
)
def my_case_list(request: HttpRequest, filters: Query[MyCasesQuery], court: str = COURT) -> dict[str, Any]:
    """The court's cases in which you (or the attorney you file for) stand for a party, newest first."""
    user, the_court = _caller(request), access_court(court)
    page = whole_number_parse(filters.page, name="page", minimum=1, maximum=999_999)
    filer = filer_resolve(user, the_court, on_behalf_of=filters.on_behalf_of)
    cases = my_cases(user, the_court, on_behalf_of=filters.on_behalf_of)
    start = (page - 1) * MY_CASES_PER_PAGE
    return {
        "filer": _person(filer.account),
        "count": cases.count(),
        "page": page,
        "page_size": MY_CASES_PER_PAGE,
        "items": [
            {
                "docket_number": case.pacer_case_number,
                "display_number": case.display_case_number,
                "case_name": case.short_title,
                "parties": [_party(party) for party in parties_filed_for(filer, case)],
            }
            for case in cases[start : start + MY_CASES_PER_PAGE]
        ],
    }


@router.post(
    "/courts/{court}/cases/{case_number}/filings/check",
    response={200: FilingCheckOut, **FILING_REFUSALS},
    summary="Check a filing without filing it (dry run)",
)
def filing_dry_run(
    request: HttpRequest,
    *,
    form: Form[FilingForm],
    court: str = COURT,
    case_number: str = CASE_NUMBER,
    document: UploadedFile | None = DOCUMENT,
    attachments: list[UploadedFile] | None = ATTACHMENTS,
) -> dict[str, Any]:
    """Every check of the real filing, with the same fields; the docket text, fee, warnings and deadline it
    would have. Nothing is written or stored."""
    user, the_court = _filer_first(request, court, form.on_behalf_of)
    filing = _request(form, case_number=case_number, document=document, attachments=attachments or [])
    with _card_fields():
        plan = filing_check(user=user, court=the_court, request=filing)
    return _plan(plan, filing.new_case)


@router.post(
    "/courts/{court}/cases/{case_number}/filings",
    response={201: FilingOut, **FILING_REFUSALS},
    summary="File in a case",
)
def filing_create(
    request: HttpRequest,
    *,
    form: Form[FilingForm],
    court: str = COURT,
    case_number: str = CASE_NUMBER,
    document: UploadedFile | None = DOCUMENT,
    attachments: list[UploadedFile] | None = ATTACHMENTS,
    idempotency_key: str = IDEMPOTENCY_KEY,
) -> Status[dict[str, Any]]:
    """File: the docket entry, its stamped documents and the Notice of Electronic Filing, all or nothing.

    A retry with the same Idempotency-Key answers 201 with the first filing's body (nothing is filed twice).
    """
    user, the_court = _filer_first(request, court, form.on_behalf_of)
    filing = _request(form, case_number=case_number, document=document, attachments=attachments or [])
    with _card_fields():
        made = filing_submit(user=user, court=the_court, request=filing, idempotency_key=idempotency_key)
    return Status(201, _filing(made))


@router.post(
    "/courts/{court}/filings/check",
    response={200: FilingCheckOut, **FILING_REFUSALS},
    summary="Check a case-opening filing without filing it (dry run)",
)
def new_case_dry_run(
    request: HttpRequest,
    *,
    form: Form[NewCaseForm],
    court: str = COURT,
    document: UploadedFile | None = DOCUMENT,
    attachments: list[UploadedFile] | None = ATTACHMENTS,
) -> dict[str, Any]:
    """The dry run of a case-opening event (e.g. the CIT's Summons). Nothing is written or stored."""
    user, the_court = _filer_first(request, court, form.on_behalf_of)
    filing = _request(form, case_number="", document=document, attachments=attachments or [])
    with _card_fields():
        plan = filing_check(user=user, court=the_court, request=filing)
    return _plan(plan, filing.new_case)


@router.post(
    "/courts/{court}/filings",
    response={201: FilingOut, **FILING_REFUSALS},
    summary="Open a case by filing (e.g. a Summons)",
)
def new_case_create(
    request: HttpRequest,
    *,
    form: Form[NewCaseForm],
    court: str = COURT,
    document: UploadedFile | None = DOCUMENT,
    attachments: list[UploadedFile] | None = ATTACHMENTS,
    idempotency_key: str = IDEMPOTENCY_KEY,
) -> Status[dict[str, Any]]:
    """File a case-opening event: the new case, its parties, the entry, the fee (card fields), the notice.

    A declined card files nothing and opens no case. Idempotency-Key as for filing in a case.
    """
    user, the_court = _filer_first(request, court, form.on_behalf_of)
    filing = _request(form, case_number="", document=document, attachments=attachments or [])
    with _card_fields():
        made = filing_submit(user=user, court=the_court, request=filing, idempotency_key=idempotency_key)
    return Status(201, _filing(made))


@router.get(
    "/filings/{filing_id}",
    response={200: FilingOut, 400: ErrorResponse, **SIGNED_IN_REFUSALS},
    summary="A filing and its notice",
)
def filing_detail(request: HttpRequest, filing_id: str = FILING_ID) -> dict[str, Any]:
    """Your filing (as filer or as the filing agent who submitted it), or one of your court's as its staff."""
    number = whole_number_parse(filing_id, name="filing_id", minimum=0, maximum=DATABASE_INTEGER_MAX)
    return _filing(access_filing(_caller(request), number))


def _caller(request: HttpRequest) -> User:
    account = signed_in(request.user)
    if account is None:  # the router's authentication lets nobody else in
        raise NotSignedIn(NOT_SIGNED_IN + SIGN_IN_HINT)
    return account


def _filer_first(request: HttpRequest, court_id: str, on_behalf_of: str) -> tuple[User, Court]:
    """The caller and the court, once the caller may file there: an account that may not is told so before
    any of its files is checked."""
    user, court = _caller(request), access_court(court_id)
    filer_resolve(user, court, on_behalf_of=on_behalf_of)
    return user, court


@contextmanager
def _card_fields() -> Iterator[None]:
    """The gateway's refusals name its fields; the API's form calls them card_*."""
    try:
        yield
    except InvalidInput as refused:
        if refused.field in CARD_FIELDS:
            raise InvalidInput(refused.message, code=refused.code, field=CARD_FIELDS[refused.field]) from None
        raise


def _request(
    form: FilingForm, *, case_number: str, document: UploadedFile | None, attachments: Sequence[UploadedFile]
) -> FilingRequest:
    """The filing service's request from the multipart form; numbers and dates parsed here, text by the
    service."""
    categories, descriptions = form.attachment_categories, form.attachment_descriptions
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidInput(f"At most {MAX_ATTACHMENTS} attachments per filing.", field="attachments")
    if len(categories) != len(attachments):
        raise InvalidInput(
            f"Send one attachment_categories value per attachment, in the same order: {len(attachments)} "
            f"attachment(s), {len(categories)} categories.",
            field="attachment_categories",
        )
    if descriptions and len(descriptions) != len(attachments):
        raise InvalidInput(
            f"Send no attachment_descriptions, or one per attachment in the same order: {len(attachments)} "
            f"attachment(s), {len(descriptions)} descriptions.",
            field="attachment_descriptions",
        )
    new_case = None
    if isinstance(form, NewCaseForm):
        new_case = NewCase(
            plaintiffs=tuple(form.plaintiffs),
            defendants=tuple(form.defendants) or NewCase.defendants,
            short_title=form.short_title,
            nature_of_suit=form.nature_of_suit,
            agency=form.agency,
            product_description=form.product_description,
            export_country=form.export_country,
        )
    if form.new_party_role not in PartyRole.values:
        raise InvalidInput(
            f"new_party_role: '{shown(form.new_party_role)}' is not a role; use one of "
            f"{', '.join(PartyRole.values)}.",
            field="new_party_role",
        )
    return FilingRequest(
        event_code=form.event,
        case_number=case_number,
        new_case=new_case,
        main_document=_upload(document, description=form.description) if document is not None else None,
        attachments=tuple(
            _upload(upload, category=category, description=description)
            for upload, category, description in zip(
                attachments, categories, descriptions or [""] * len(attachments), strict=True
            )
        ),
        party_ids=_numbers(form.parties, "parties") if form.parties else None,
        join_party_id=whole_number_or_none(form.join_party, name="join_party", maximum=DATABASE_INTEGER_MAX),
        new_party_name=form.new_party_name,
        new_party_role=PartyRole(form.new_party_role),
        related_entry_numbers=_numbers(form.related_entries, "related_entries"),
        prompted_date=_date(form.prompted_date, "prompted_date"),
        docket_text_extra=form.docket_text_extra,
        confidential=form.confidential,
        confirm_warnings=form.confirm_warnings,
        certify=form.certify,
        on_behalf_of=form.on_behalf_of,
        card=_card(form),
        via="api",
    )


def _upload(upload: UploadedFile, *, category: str = "", description: str = "") -> FilingUpload:
    return FilingUpload(
        content=upload.read(), filename=upload.name or "", category=category, description=description
    )


def _numbers(values: Sequence[str], name: str) -> tuple[int, ...]:
    return tuple(
        whole_number_parse(value, name=name, minimum=1, maximum=DATABASE_INTEGER_MAX) for value in values
    )


def _date(text: str, name: str) -> dt.date | None:
    raw = text.strip()
    if not raw:
        return None
    match = DATE.fullmatch(raw)
    if match is not None:
        year, month, day = (match[1], match[2], match[3]) if match[1] else (match[6], match[4], match[5])
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise InvalidInput(f"{name}: '{shown(raw)}' is not a date; use YYYY-MM-DD or MM/DD/YYYY.", field=name)


def _card(form: FilingForm) -> CardDetails | None:
    typed = (form.card_number, form.card_exp_month, form.card_exp_year, form.card_cvv, form.card_name)
    if not any(value.strip() for value in typed):
        return None
    return CardDetails(
        number=form.card_number.strip(),
        exp_month=whole_number_parse(form.card_exp_month, name="card_exp_month", minimum=1, maximum=12),
        exp_year=whole_number_parse(form.card_exp_year, name="card_exp_year", minimum=2000, maximum=9999),
        cvv=form.card_cvv.strip(),
        name_on_card=form.card_name,
    )


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _event(event: Event) -> dict[str, Any]:
    return {
        "code": event.code,
        "label": event.label,
        "menu": event.menu,
        "document_required": event.document_required,
        "fee": _money(event.fee),
        "opens_case": event.opens_case,
        "prompts_related_entry": event.prompts_related_entry,
        "date_prompt": event.date_prompt,
        "certification": event.certification,
        "confidential": event.confidential,
        "after_hours": event.after_hours,
    }


def _party(party: Party) -> dict[str, Any]:
    role = PartyRole(party.role) if party.role in PartyRole.values else None
    return {
        "id": party.pk,
        "name": party.name,
        "role": party.role,
        "role_label": party.role_label or (role.label if role is not None else ""),
    }


def _person(user: User) -> dict[str, str]:
    return {"username": user.username, "name": filer_display_name(user)}


def _plan(plan: FilingPlan, new_case: NewCase | None) -> dict[str, Any]:
    parties = [_party(party) for party in plan.parties]
    if plan.case is None and new_case is not None:  # a new case's plaintiffs are named before they exist
        parties = [_party(Party(name=name.strip(), role=PartyRole.PLAINTIFF)) for name in new_case.plaintiffs]
    to_serve = parties_to_serve_planned(plan, new_case)
    reminder = certificate_of_service_reminder(plan.event, to_serve)
    return {
        "event": {"code": plan.event.code, "label": plan.event.label},
        "case_number": plan.case_number or None,
        "filer": plan.filer_name,
        "docket_text": plan.docket_text,
        "date_filed": plan.date_filed,
        "fee": _money(plan.fee),
        "warnings": [warning.text for warning in plan.warnings],
        "deadline": None if plan.deadline is None else {"label": plan.deadline[0], "due": plan.deadline[1]},
        "reminders": [*plan.reminders, *([reminder] if reminder else [])],
        "parties": parties,
        "documents": [
            {
                "filename": checked.upload.filename,
                "attachment_number": checked.attachment_number,
                "pages": checked.inspection.page_count,
                "warnings": [warning.message for warning in checked.inspection.warnings],
            }
            for checked in plan.files
        ],
        "service_by_other_means": [_to_serve(party) for party in to_serve],
    }


def _to_serve(party: PartyToServe) -> dict[str, str]:
    return {"name": party.name, "role": party.role_label, "postal_address": party.postal_address}


def _filing(filing: Filing) -> dict[str, Any]:
    notice = notice_of(filing)
    case: Case = filing.case
    url = document_url_builder(filing.court_id)
    return {
        "id": filing.pk,
        "entry_number": filing.docket_entry.number,
        "filed_at": filing.filed_at,
        "date_filed": filing.date_filed,
        "court": filing.court_id,
        "case_number": case.pacer_case_number,
        "display_case_number": case.display_case_number,
        "event": {"code": filing.event.code, "label": filing.event.label},
        "docket_text": notice.docket_text,
        "filer": _person(filing.filer),
        "submitted_by": _person(filing.submitted_by),
        "via": filing.via,
        "fee": _money(filing.fee),
        "documents": [
            {
                "id": stamp.document.public_id,
                "attachment_number": stamp.document.attachment_number,
                "filename": stamp.document.original_filename,
                "pages": stamp.document.page_count,
                "url": url(stamp.document.public_id),
                "stamp": stamp_text(stamp),
            }
            for stamp in stamps_of(filing)
        ],
        "notice": {
            "id": notice.pk,
            "generated_at": notice.generated_at,
            "case_number": notice.case_number,
            "case_name": notice.case_name,
            "filer_name": notice.filer_name,
            "document_number": notice.document_number,
            "docket_text": notice.docket_text,
            "entered_by": notice.entered_by,
        },
        "service_by_other_means": [_to_serve(party) for party in parties_to_serve(filing)],
    }
