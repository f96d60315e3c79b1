"""The Docket Report of a court of appeals, laid out like an appellate PACER docket.

The markup keeps the landmarks juriscraper's AppellateDocketReport looks for (the
"NEW SECTION" comments, bold labels followed by their values, <br>-separated party and
attorney lines, a three-cell row per docket entry), so the page parses into the data the
database holds. Every value is escaped with markupsafe; the entry rows are built with plain
string formatting because a docket can hold tens of thousands of them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from openecf.reports.cache import docket_rows_cached
from openecf.reports.marks import marked_html
from openecf.reports.render_district import row_groups
from openecf.reports.selectors import (
    CaseLink,
    DocketReport,
    ReportAttorney,
    ReportEntry,
    ReportParty,
)

# juriscraper's pattern for a lower-court number; a "District:" line without one breaks its parser.
_LOWER_COURT_NUMBER = re.compile(r"(\d{1,2}:)?\d\d-[a-zA-Z]{1,4}-\d{1,10}")

_TABLE = "usa-table usa-table--borderless usa-table--compact width-full"

# An icon link carries no text, so an unnumbered entry's docket text and number stay as docketed.
_ICON_LINK = (
    '<a href="{0}" class="margin-right-05" title="Open document" aria-label="Open document">'
    '<svg class="usa-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
    'width="16" height="16"><path fill="currentColor" d="M14 2H6c-1.1 0-2 .9-2 2v16c0 1.1.9 2 '
    '2 2h12c1.1 0 2-.9 2-2V8l-6-6zm-1 7V3.5L18.5 9H13z"/></svg></a>'
)


def _date(value: dt.date | None) -> str:
    return f"{value.month:02d}/{value.day:02d}/{value.year}" if value is not None else ""


def _labelled(label: str, value: object) -> str:
    """A bold label and its value; with no value the label ends its cell, which reads as empty."""
    text = str(value) if value is not None else ""
    return f"<b>{escape(label)}</b> {escape(text)}" if text.strip() else f"<b>{escape(label)}</b>"


def _appeal_from(report: DocketReport) -> str:
    case = report.case
    if case.originating_case_text:
        return case.originating_case_text
    if report.originating_case is not None and case.originating_case is not None:
        return case.originating_case.court.name
    return ""


def _case_stub(report: DocketReport) -> str:
    case = report.case
    dates = [
        _labelled("Docketed:", _date(case.date_filed)),
        _labelled("Termed:", _date(case.date_terminated)),
    ]
    return (
        "<!-- ===================== NEW SECTION - Case Stub ======================== -->\n"
        f'<tr><td><table class="{_TABLE}">\n'
        f"<tr><td>{_labelled('Court of Appeals Docket #:', case.pacer_case_number)}</td>"
        f'<td class="text-right" rowspan="2">{"<br>".join(dates)}</td></tr>\n'
        f"<tr><td>{_labelled('Nature of Suit:', case.nature_of_suit)}</td></tr>\n"
        f'<tr><td class="text-bold">{escape(case.short_title)}</td></tr>\n'
        f"<tr><td>{_labelled('Appeal From:', _appeal_from(report))}</td></tr>\n"
        "</table></td></tr>\n"
    )


def _case_type(report: DocketReport) -> str:
    items = [item.strip() for item in report.case.jurisdiction.split(",") if item.strip()]
    rows = "".join(
        f"<tr><td><b>{position})</b> {escape(item)}</td></tr>\n" for position, item in enumerate(items, 1)
    )
    return (
        "<!-- ==================== NEW SECTION - Case Type ========================= -->\n"
        f'<tr><td><table class="{_TABLE}">\n'
        f"<tr><td><b>Case Type Information:</b></td></tr>\n{rows}"
        "</table></td></tr>\n"
    )


def _originating_court(report: DocketReport) -> str:
    case = report.case
    origin = report.originating_case
    rows: list[str] = []
    if origin is not None and case.originating_case is not None:
        origin_case = case.originating_case
        number = f"{origin.court_id} : {origin.pacer_case_number}"
        rows.append(f'<tr><td colspan="2">{_labelled("District:", number)}</td></tr>')
        rows.append(f'<tr><td colspan="2">{_labelled("Case:", origin.short_title)}</td></tr>')
        rows.append(
            f"<tr><td>{_labelled('Date Filed:', _date(origin_case.date_filed))}</td>"
            f"<td>{_labelled('Date Disposed:', _date(origin_case.date_terminated))}</td></tr>"
        )
    elif _LOWER_COURT_NUMBER.search(case.originating_case_text):
        rows.append(f"<tr><td>{_labelled('District:', case.originating_case_text)}</td></tr>")
    else:
        # juriscraper reads a two-row block holding "None" as "no originating court".
        rows.append("<tr><td><i>None</i></td></tr>")
    body = "\n".join(rows)
    return (
        "<!-- =================== NEW SECTION - Orig Court ========================= -->\n"
        f'<tr><td><table class="{_TABLE}">\n'
        f'<tr><td colspan="2"><b>Originating Court Information:</b></td></tr>\n{body}\n'
        "</table></td></tr>\n"
    )


def _case_row(relation: str, lead: CaseLink | None, member: CaseLink | None, this: str) -> str:
    def cell(link: CaseLink | None) -> str:
        if link is None:
            return escape(this)
        return f"{escape(link.pacer_case_number)} {escape(link.short_title)}"

    return f"<tr><td>{escape(relation)}</td><td>{cell(lead)}</td><td>{cell(member)}</td></tr>\n"


def _associated_cases(report: DocketReport) -> str:
    this = report.case.pacer_case_number
    rows: list[str] = []
    if report.lead_case is not None:
        rows.append(_case_row("Consolidated", report.lead_case, None, this))
    rows.extend(_case_row("Consolidated", None, member, this) for member in report.member_cases)
    rows.extend(
        f"<tr><td>Appeal</td><td>{escape(this)}</td><td>{escape(appeal.court_id.upper())} "
        f"{escape(appeal.pacer_case_number)} {escape(appeal.short_title)}</td></tr>\n"
        for appeal in report.appeals
    )
    if not rows:
        return ""
    return (
        "<!-- =============== NEW SECTION - Prior and/or Assoc Cases =============== -->\n"
        f'<tr><td><table class="{_TABLE}">\n'
        '<tr><td colspan="3"><b>Current Cases:</b></td></tr>\n'
        '<tr><th scope="col">&nbsp;</th><th scope="col">Lead</th><th scope="col">Member</th></tr>\n'
        f"{''.join(rows)}</table></td></tr>\n"
    )


def _panel(report: DocketReport) -> str:
    panel = report.assigned_to or "Not available"
    return (
        "<!-- ================= NEW SECTION - Panel Assignment ===================== -->\n"
        f"<tr><td><b>Panel Assignment:</b> {_labelled('Panel:', panel)}</td></tr>\n"
    )


def _header(report: DocketReport) -> str:
    return (
        f'<h2 class="text-center">General Docket<br>{escape(report.court.name)}</h2>\n'
        '<table class="width-full" role="presentation">\n'
        f"{_case_stub(report)}{_case_type(report)}{_originating_court(report)}"
        f"{_associated_cases(report)}{_panel(report)}"
        "</table>\n"
    )


def _attorney(attorney: ReportAttorney) -> str:
    """Name, contact lines, then [bracketed] notice designations, one per <br> line."""
    lines = [f"<strong>{escape(attorney.name)}</strong>"]
    lines.extend(str(escape(line)) for line in attorney.contact_lines if line.strip())
    # The designations already carry "TERMINATED: date" for a representation that ended.
    lines.extend(f"[{escape(role)}]" for role in attorney.designations if role.strip())
    return "<br>".join(lines)


def _party(party: ReportParty) -> str:
    """Name first and role last, as juriscraper splits them; anything between is a labelled field."""
    parts = [str(escape(party.name))]
    if party.date_terminated is not None:
        parts.append(f"<b>Terminated: </b>{_date(party.date_terminated)}")
    parts.extend(str(escape(line)) for line in party.extra_info.splitlines() if line.strip())
    parts.append(f"<i>{escape(party.role_label)}</i>")
    # Two <br> in a row is juriscraper's boundary between attorneys.
    attorneys = "<br><br>".join(_attorney(attorney) for attorney in party.attorneys)
    return f"<tr><td>{'<br>'.join(parts)}</td><td>{attorneys}</td></tr>\n"


def _parties(report: DocketReport) -> str:
    rows = "".join(_party(party) for party in report.parties)
    return (
        "<!-- ===================NEW SECTION - Party/Aty List ====================== -->\n"
        '<table class="width-full" role="presentation"><tr><td>\n'
        f'<table class="{_TABLE}">\n'
        '<thead><tr><th scope="col">Party</th><th scope="col">Attorneys</th></tr></thead>\n'
        f"<tbody>\n{rows}</tbody></table>\n"
        "</td></tr></table>\n"
    )


def _caption(report: DocketReport) -> str:
    lines = [str(escape(line)) for line in report.case.caption.splitlines() if line.strip()]
    return (
        "<!-- ==================== NEW SECTION - Case Caption ================== -->\n"
        f'<table class="{_TABLE}"><tr><td>{"<br>".join(lines)}</td></tr></table>\n'
    )


def _entry_rows(
    entries: Iterable[ReportEntry], document_url: Callable[[str], str], *, sealed_text: str = "SEALED"
) -> str:
    esc = escape
    sealed = esc(sealed_text)
    dates: dict[dt.date, str] = {}
    rows: list[str] = []
    append = rows.append
    for entry in entries:
        filed = dates.get(entry.date_filed)
        if filed is None:
            filed = dates[entry.date_filed] = _date(entry.date_filed)
        number = entry.number_label
        if number and not number.isdigit():
            number = esc(number)
        text = entry.text
        if text is None:
            # The line stays, with the court's word for it and no document.
            append(f"<tr><td>{filed}</td><td>{number}</td><td>{sealed}</td></tr>\n")
            continue
        shown = esc(text) if entry.marks is None else marked_html(esc(text), entry.marks)
        document_id = entry.document_id
        if document_id is None and not entry.attachment_count and not entry.restricted:
            append(f"<tr><td>{filed}</td><td>{number}</td><td>{shown}</td></tr>\n")
            continue
        icon = ""
        if document_id is not None:
            url = esc(document_url(document_id))
            if number:
                number = f'<a href="{url}">{number}</a>'
            else:
                icon = _ICON_LINK.format(url)
        if entry.attachment_count:
            plural = "s" if entry.attachment_count > 1 else ""
            number = (
                f'{number}<br><span class="font-body-3xs">{entry.attachment_count} attachment{plural}</span>'
            )
        if entry.restricted:  # readable here only by court staff: tell them the public sees no text
            number = f'{number}<br><span class="usa-tag">Restricted</span>'
        append(f"<tr><td>{filed}</td><td>{number}</td><td>{icon}{shown}</td></tr>\n")
    if not rows:
        return '<tr><td colspan="3">No docket entries found.</td></tr>\n'
    return row_groups(rows)


def _entries(report: DocketReport, document_url: Callable[[str], str]) -> str:
    rows = _entry_rows(report.entries, document_url, sealed_text=report.sealed_text)
    return (
        '<div class="openecf-docket-entries">\n'
        "<!-- ================= NEW SECTION - DOCKET ENTRIES =================== -->\n"
        '<table class="usa-table usa-table--compact usa-table--striped width-full">\n'
        '<thead><tr><th scope="col">Date Filed</th><th scope="col">#</th>'
        '<th scope="col">Docket Text</th></tr></thead>\n'
        f"<tbody>\n{rows}</tbody></table>\n"
        "</div>\n"
    )


def appellate_docket_body(
    report: DocketReport, *, document_url: Callable[[str], str], cache: bool = False
) -> str:
    """The Docket Report of an appellate case as an HTML fragment, every value already escaped; with
    `cache`, the entry rows come from the rows cache (only for the site's own document links)."""
    key = report.rows_key if cache else None
    entries = docket_rows_cached(key, "appellate", lambda: _entries(report, document_url))
    body = (
        '<div class="openecf-docket openecf-docket--appellate">\n'
        f"{_header(report)}{_parties(report)}{_caption(report)}{entries}"
        "</div>\n"
    )
    # Every piece above is literal markup or passed through escape().
    return Markup(body)  # noqa: S704
