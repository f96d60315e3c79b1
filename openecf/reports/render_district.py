"""The Docket Report of trial courts (the CIT, district and bankruptcy courts) in PACER's layout.

Built with string joins rather than a template loop: a 10,000-entry docket renders in the time it
takes to fetch it. Every value is escaped with markupsafe.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

from markupsafe import escape

from openecf.reports.cache import docket_rows_cached
from openecf.reports.marks import marked_html
from openecf.reports.selectors import DocketReport, EntryMarks, ReportEntry, ReportParty

ENTERED_SUFFIX = re.compile(r"\(Entered:\s+\d{1,2}/\d{1,2}/\d{4}\)\s*$")


def us_date(value: dt.date | None) -> str:
    return f"{value.month:02d}/{value.day:02d}/{value.year}" if value else ""


def _docket_heading(report: DocketReport) -> str:
    court = report.court
    kind = "CIT DOCKET" if court.pk == "cit" else "CIVIL DOCKET"
    if report.case.case_type == "cr":
        kind = "CRIMINAL DOCKET"
    return (
        f'<h3 class="docket-heading" align="center">{escape(court.name)}<br>'
        f"CM/ECF (OpenECF)<br>"
        f"{kind} FOR CASE #: {escape(report.case.pacer_case_number)}</h3>"
    )


def _labelled(label: str, value: str) -> str:
    return f"<b>{label}:</b> {escape(value)}<br>\n" if value else ""


def _case_header(report: DocketReport) -> str:
    case = report.case
    left = [f"<br>{escape(case.short_title)}<br>\n"]
    if report.is_panel:
        left.append(f"<b>Panel:</b> {escape(', '.join(report.judges))}<br>\n")
    else:
        left.append(_labelled("Assigned to", report.assigned_to))
    left.append(_labelled("Court Number", case.display_case_number))
    if report.lead_case:
        left.append(_labelled("Lead Docket", report.lead_case.pacer_case_number))
    if report.member_cases:
        members = ", ".join(link.pacer_case_number for link in report.member_cases)
        left.append(_labelled("Member Cases", members))
    if report.originating_case:
        left.append(_labelled("Originating Case", report.originating_case.pacer_case_number))
    if report.appeals:
        left.append(_labelled("Appeals", ", ".join(link.pacer_case_number for link in report.appeals)))
    left.append(_labelled("Cause", case.cause))
    left.append(_labelled("Jurisdiction", case.jurisdiction))
    left.append(_labelled("Agency", case.agency))
    left.append(_labelled("Product Description", case.product_description))
    left.append(_labelled("Export Country", case.export_country))
    right = [f"<br><b>Date Filed:</b> {us_date(case.date_filed)}<br>\n"]
    if case.date_terminated:
        right.append(f"<b>Date Terminated:</b> {us_date(case.date_terminated)}<br>\n")
    right.append(_labelled("Nature of Suit", case.nature_of_suit))
    right.append(_labelled("Status", case.get_status_display()))
    return (
        '<table class="docket-header" width="100%" border="0" cellspacing="5"><tr>'
        f'<td valign="top" width="60%">{"".join(left)}</td>'
        f'<td valign="top" width="40%">{"".join(right)}</td>'
        "</tr></table>\n"
    )


def _party_rows(party: ReportParty) -> str:
    extra = [line for line in party.extra_info.splitlines() if line.strip()]
    if party.date_terminated and not any(line.startswith("TERMINATED:") for line in extra):
        extra.append(f"TERMINATED: {us_date(party.date_terminated)}")
    name_cell = f"<b>{escape(party.name)}</b>" + "".join(f"<br>{escape(line)}" for line in extra)
    attorneys = []
    for attorney in party.attorneys:
        lines = "".join(f"<br>{escape(line)}\n" for line in attorney.contact_lines)
        roles = "".join(f"<br><i>{escape(role)}</i>\n" for role in attorney.designations)
        attorneys.append(f"<b>{escape(attorney.name)}</b>\n{lines}{roles}")
    represented = "represented&nbsp;by" if attorneys else ""
    return (
        f'<tr><td colspan="3"><b><u>{escape(party.role_label)}</u></b></td></tr>\n'
        f'<tr><td valign="top" width="40%">{name_cell}</td>'
        f'<td valign="top" width="20%" align="right">{represented}</td>'
        f'<td valign="top" width="40%">{"<br><br>".join(attorneys)}</td></tr>\n'
        "<tr><td></td></tr>\n"
    )


def _parties(report: DocketReport) -> str:
    if not report.parties:
        return ""
    rows = "".join(_party_rows(party) for party in report.parties)
    return f'<table class="docket-parties" width="100%" border="0" cellspacing="5">\n{rows}</table>\n'


_SEPARATOR = "\x1f"  # ASCII unit separator: escaping leaves it alone, and docket text never holds it


def escape_many(texts: list[str]) -> list[str]:
    """html.escape of each text, in one pass over all of them (the per-call cost dominates otherwise)."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != max(len(texts) - 1, 0):
        return [html.escape(text) for text in texts]
    return html.escape(joined).split(_SEPARATOR) if texts else []


def _entry_rows(report: DocketReport, document_url: Callable[[str], str]) -> str:
    """All rows in one pass; the hot loop of a 10,000-entry docket, so it avoids per-row calls."""
    entries = report.entries
    texts = escape_many([entry.text or "" for entry in entries])
    probe = document_url("0")
    href = document_url if html.escape(probe) == probe else lambda i: html.escape(document_url(i))
    dates: dict[dt.date, str] = {}
    sealed = html.escape(report.sealed_text)
    rows = []
    for entry, escaped in zip(entries, texts, strict=True):
        filed = dates.get(entry.date_filed) or dates.setdefault(entry.date_filed, us_date(entry.date_filed))
        if not entry.number_label:  # an unnumbered entry (a printed number is kept though unnumbered)
            number = ""
        else:
            label = entry.number_label if entry.number_label.isdigit() else html.escape(entry.number_label)
            if entry.document_id is not None:
                number = f'<a href="{href(entry.document_id)}">{label}</a>'
            else:
                number = label
        if entry.attachment_count:
            plural = "s" if entry.attachment_count > 1 else ""
            number += f'<br><span class="attachments">{entry.attachment_count} attachment{plural}</span>'
        if entry.text is None:
            text = sealed  # the line stays, with the court's word for it and no document
        elif entry.marks is not None:
            text = _marked(entry, entry.marks, escaped, dates)
        elif ENTERED_SUFFIX.search(entry.text):
            text = escaped
        else:
            entered = dates.get(entry.date_entered) or dates.setdefault(
                entry.date_entered, us_date(entry.date_entered)
            )
            text = f"{escaped} (Entered: {entered})"
        # Layout (top alignment, no wrapping of date and number) is in the stylesheet: 10,000 rows.
        rows.append(f"<tr><td>{filed}</td><td>{number}&nbsp;</td><td>{text}</td></tr>\n")
    return row_groups(rows)


def _marked(entry: ReportEntry, marks: EntryMarks, escaped: str, dates: dict[dt.date, str]) -> str:
    """The text of an entry the clerk marked: the marks around the text, before its '(Entered: …)'."""
    # An imported text ends with its own "(Entered: …)", which escaping leaves as it is.
    kept = ENTERED_SUFFIX.search(escaped)
    if kept is not None:
        body, entered = escaped[: kept.start()].rstrip(), escaped[kept.start() :]
    else:
        day = dates.get(entry.date_entered) or dates.setdefault(
            entry.date_entered, us_date(entry.date_entered)
        )
        body, entered = escaped, f"(Entered: {day})"
    return f"{marked_html(body, marks)} {entered}"


ROWS_PER_GROUP = 200


def row_groups(rows: list[str]) -> str:
    """The rows in groups of 200, each after the first in its own <tbody class="docket-rows">, which the
    stylesheet lets the browser skip laying out until it is scrolled near: the first screen of a long
    docket shows at once, and every row stays in the page (juriscraper reads every table/tbody/tr)."""
    groups = ["".join(rows[i : i + ROWS_PER_GROUP]) for i in range(0, len(rows), ROWS_PER_GROUP)]
    return '</tbody>\n<tbody class="docket-rows">\n'.join(groups)


def _entries(report: DocketReport, document_url: Callable[[str], str]) -> str:
    date_header = "Date Entered" if report.filters.date_type == "entered" else "Date Filed"
    return (
        '<table class="docket-entries usa-table usa-table--borderless" width="99%" border="1" '
        'cellpadding="5" cellspacing="0" align="center">\n<tbody>'
        f'<tr><th scope="col">{date_header}</th><th scope="col">#</th>'
        '<th scope="col">Docket Text</th></tr>\n'
        f"{_entry_rows(report, document_url)}</tbody></table>\n"
    )


def _entries_or_none(report: DocketReport, document_url: Callable[[str], str]) -> str:
    if not report.entries:
        return '<p class="docket-empty">There are no entries that match the selection.</p>\n'
    return _entries(report, document_url)


def district_docket_body(
    report: DocketReport, *, document_url: Callable[[str], str], cache: bool = False
) -> str:
    """The report body as a safe HTML fragment; with `cache`, the entry rows come from the rows cache
    (only for the site's own document links: the key does not name `document_url`)."""
    key = report.rows_key if cache else None
    entries = docket_rows_cached(key, "district", lambda: _entries_or_none(report, document_url))
    return (
        f'<div class="docket-report">\n{_docket_heading(report)}\n{_case_header(report)}'
        f"{_parties(report)}{entries}</div>\n"
    )
