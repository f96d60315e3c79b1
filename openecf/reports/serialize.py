"""The Docket Report as JSON: the shape juriscraper gives a parsed docket, plus what PACER hides.

The same dictionary is printed by `openecf docket-report --format json` and returned by the API,
so a key renamed here is a breaking change for both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from openecf.reports.filters import DocketFilters
from openecf.reports.marks import marked_text
from openecf.reports.selectors import CaseLink, DocketReport, ReportEntry, ReportParty


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number(link: CaseLink | None) -> str | None:
    return link.pacer_case_number if link is not None else None


def docket_filters_json(filters: DocketFilters) -> dict[str, Any]:
    return {
        "date_from": _iso(filters.date_from),
        "date_to": _iso(filters.date_to),
        "date_type": filters.date_type,
        "number_from": filters.number_from,
        "number_to": filters.number_to,
        "order": filters.order,
    }


def _party_json(party: ReportParty) -> dict[str, Any]:
    return {
        "name": party.name,
        "type": party.role_label,
        "date_terminated": _iso(party.date_terminated),
        "extra_info": party.extra_info,
        "attorneys": [
            {
                "name": attorney.name,
                "contact": "\n".join(attorney.contact_lines),
                "roles": list(attorney.designations),
            }
            for attorney in party.attorneys
        ],
    }


def _entry_json(entry: ReportEntry, document_url: Callable[[str], str], sealed_text: str) -> dict[str, Any]:
    return {
        "document_number": entry.number_label or None,
        "date_filed": _iso(entry.date_filed),
        "date_entered": _iso(entry.date_entered),
        # An entry this viewer may not read keeps its line, with the court's word for it.
        "description": marked_text(entry.text, entry.marks) if entry.text is not None else sealed_text,
        "restricted": entry.restricted,
        "document_url": document_url(entry.document_id) if entry.document_id is not None else None,
        "attachment_count": entry.attachment_count,
    }


def docket_report_json(report: DocketReport, *, document_url: Callable[[str], str]) -> dict[str, Any]:
    """The report as plain JSON types; only what this report's viewer may see (it is built per viewer)."""
    case = report.case
    originating = _number(report.originating_case)
    if originating is None and case.originating_case_id is None:
        # An appeal from a court not on this system names its origin in free text.
        originating = case.originating_case_text or None
    return {
        "court_id": report.court.pk,
        "court_name": report.court.name,
        "docket_number": case.pacer_case_number,
        "display_number": case.display_case_number,
        "case_name": case.short_title,
        "caption": case.caption,
        "date_filed": _iso(case.date_filed),
        "date_terminated": _iso(case.date_terminated),
        "status": case.status,
        "assigned_to": report.assigned_to,
        "judges": list(report.judges),
        "nature_of_suit": case.nature_of_suit,
        "jurisdiction": case.jurisdiction,
        "cause": case.cause,
        "lead_case": _number(report.lead_case),
        "member_cases": [link.pacer_case_number for link in report.member_cases],
        "originating_case": originating,
        "appeals": [link.pacer_case_number for link in report.appeals],
        "parties": [_party_json(party) for party in report.parties],
        "docket_entries": [_entry_json(entry, document_url, report.sealed_text) for entry in report.entries],
        "filters": docket_filters_json(report.filters),
    }
