"""Input and output shapes of the API; the docket shape is the one `docket_report_json` builds."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from ninja import Field, Schema
from pydantic import field_validator

from openecf.cases.models import Case
from openecf.courts.models import Court
from openecf.numbers import is_ascii_digits
from openecf.text import BIDI_REFUSAL, has_bidi_controls, has_control_characters


class ErrorDetail(Schema):
    code: str = Field(description="Machine-readable error code, e.g. 'case_not_found'.")
    message: str = Field(description="What went wrong and what to do next.")
    field: str | None = Field(description="The parameter at fault, when one is.")


class ErrorResponse(Schema):
    error: ErrorDetail


class CourtOut(Schema):
    id: str = Field(description="Court id as in courts-db, e.g. 'cit'.")
    name: str
    kind: str = Field(description="trial, appellate or bankruptcy.")
    time_zone: str = Field(description="IANA time zone in which filing deadlines are judged.")


class CourtDetailOut(CourtOut):
    location: str
    website: str
    help_desk_phone: str
    help_desk_email: str
    max_file_size_bytes: int = Field(description="Largest PDF accepted in one file.")
    office_opens_at: str = Field(
        description="Clerk's office opening time in the court's time zone, with that zone's UTC offset "
        "today (RFC 3339 full-time, e.g. '08:30:00-04:00').",
        json_schema_extra={"format": "time"},
    )
    office_closes_at: str = Field(
        description="Clerk's office closing time in the court's time zone, with that zone's UTC offset today.",
        json_schema_extra={"format": "time"},
    )

    @staticmethod
    def resolve_office_opens_at(obj: Court) -> str:
        return _with_todays_offset(obj.office_opens_at, obj.time_zone)

    @staticmethod
    def resolve_office_closes_at(obj: Court) -> str:
        return _with_todays_offset(obj.office_closes_at, obj.time_zone)


def _with_todays_offset(local: dt.time, time_zone: str) -> str:
    """A wall-clock time of the court as RFC 3339 writes it (format: time): with its UTC offset."""
    offset = dt.datetime.now(ZoneInfo(time_zone)).utcoffset() or dt.timedelta(0)
    return local.replace(tzinfo=dt.timezone(offset)).isoformat(timespec="seconds")


def _printable(value: str) -> str:
    # PostgreSQL refuses NUL in text; no title holds control characters anyway.
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


def typed_name(value: str) -> str:
    """A name a user gives (a token's name, a client code): no hidden direction or control codes."""
    if has_bidi_controls(value):
        raise ValueError(BIDI_REFUSAL)
    return _printable(value)


def _ascii_whole_number(value: object) -> object:
    # pydantic alone reads " 3", "3.0" and "1_0" as numbers; a query parameter is digits 0-9 only.
    if isinstance(value, str) and not is_ascii_digits(value):
        raise ValueError("use a whole number from 1 up, in digits 0-9")
    return value


# What `_printable` lets through, stated in the OpenAPI document (JSON Schema regex, ECMA-262).
PRINTABLE_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
DIGITS_PATTERN = "^[0-9]*$"


def _digits_or_empty(value: str) -> str:
    if value and not is_ascii_digits(value):
        raise ValueError("use a whole number in digits 0-9")
    return value


class CaseListQuery(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Words of the case title or caption.",
        json_schema_extra={"pattern": PRINTABLE_PATTERN},
    )
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")

    _q_printable = field_validator("q")(_printable)
    _page_digits = field_validator("page", mode="before")(_ascii_whole_number)


class CaseSummaryOut(Schema):
    docket_number: str = Field(description="PACER form, e.g. '1:20-cv-00012'.")
    display_number: str = Field(description="The court's form, e.g. 'Court No. 20-00012'.")
    case_name: str
    date_filed: dt.date
    date_terminated: dt.date | None
    status: str
    nature_of_suit: str

    @staticmethod
    def resolve_docket_number(obj: Case) -> str:
        return obj.pacer_case_number

    @staticmethod
    def resolve_display_number(obj: Case) -> str:
        return obj.display_case_number

    @staticmethod
    def resolve_case_name(obj: Case) -> str:
        return obj.short_title


class CaseListOut(Schema):
    count: int = Field(description="Number of matching cases on all pages.")
    page: int
    page_size: int
    items: list[CaseSummaryOut]


class DocketFilterQuery(Schema):
    """Read as text and checked by the same parser as the site, so errors name the parameter alike."""

    date_from: str = Field("", max_length=40, description="First date, YYYY-MM-DD or MM/DD/YYYY.")
    date_to: str = Field("", max_length=40, description="Last date, YYYY-MM-DD or MM/DD/YYYY.")
    date_type: str = Field("", max_length=20, description="filed (default) or entered.")
    number_from: str = Field(
        "",
        max_length=20,
        description="First document number, from 1.",
        json_schema_extra={"pattern": DIGITS_PATTERN},
    )
    number_to: str = Field(
        "", max_length=20, description="Last document number.", json_schema_extra={"pattern": DIGITS_PATTERN}
    )
    order: str = Field("", max_length=20, description="oldest (default) or newest first.")

    _numbers_digits = field_validator("number_from", "number_to")(_digits_or_empty)


class AttorneyOut(Schema):
    name: str
    contact: str = Field(description="Firm, address, phone and e-mail, one per line.")
    roles: list[str] = Field(description="Designations, e.g. 'LEAD ATTORNEY'.")


class PartyOut(Schema):
    name: str
    type: str = Field(description="Role as printed on the docket, e.g. 'Plaintiff'.")
    date_terminated: dt.date | None
    extra_info: str
    attorneys: list[AttorneyOut]


class DocketEntryOut(Schema):
    document_number: str | None = Field(description="Docket number as printed; null for minute entries.")
    date_filed: dt.date
    date_entered: dt.date
    description: str | None = Field(description="Docket text; null when sealed for this viewer.")
    restricted: bool = Field(description="The entry is not public.")
    document_url: str | None = Field(description="The main document, when there is one to read.")
    attachment_count: int


class DocketFiltersOut(Schema):
    date_from: dt.date | None
    date_to: dt.date | None
    date_type: Literal["filed", "entered"]
    number_from: int | None
    number_to: int | None
    order: Literal["oldest", "newest"]


class DocketReportOut(Schema):
    court_id: str
    court_name: str
    docket_number: str = Field(description="PACER form, e.g. '1:20-cv-00012'.")
    display_number: str = Field(description="The court's form, e.g. 'Court No. 20-00012'.")
    case_name: str = Field(description="Short title.")
    caption: str
    date_filed: dt.date
    date_terminated: dt.date | None
    status: str
    assigned_to: str
    judges: list[str]
    nature_of_suit: str
    jurisdiction: str
    cause: str
    lead_case: str | None = Field(description="Docket number of the lead case of a consolidation.")
    member_cases: list[str]
    originating_case: str | None = Field(description="The case this appeal comes from.")
    appeals: list[str] = Field(description="Docket numbers of appeals from this case.")
    parties: list[PartyOut]
    docket_entries: list[DocketEntryOut]
    filters: DocketFiltersOut
