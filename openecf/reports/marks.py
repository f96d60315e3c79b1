"""The clerk's marks on a docket line, as PACER shows them: "(Modified on 3/16/2026)" after the text,
"STRICKEN" (the text kept, struck through) and "FILED IN ERROR" before it."""

from __future__ import annotations

import datetime as dt

from openecf.reports.selectors import EntryMarks

STRICKEN = "STRICKEN"
FILED_IN_ERROR = "FILED IN ERROR"


def modified_text(day: dt.date) -> str:
    """'(Modified on 3/16/2026)': month and day without zero padding, as PACER writes it."""
    return f"(Modified on {day.month}/{day.day}/{day.year})"


def marked_html(escaped: str, marks: EntryMarks) -> str:
    """The (already escaped) docket text with its marks, as HTML."""
    words = []
    if marks.filed_in_error_on is not None:
        words.append(f'<strong class="docket-mark">{FILED_IN_ERROR}</strong> ')
    if marks.stricken_on is not None:
        words.append(f'<strong class="docket-mark">{STRICKEN}</strong> ')
        escaped = f'<s class="docket-stricken">{escaped}</s>'
    words.append(escaped)
    if marks.modified_on is not None:
        words.append(f" {modified_text(marks.modified_on)}")
    return "".join(words)


def marked_text(text: str, marks: EntryMarks | None) -> str:
    """The docket text with its marks, as plain text (the JSON form of the report)."""
    if marks is None:
        return text
    words = []
    if marks.filed_in_error_on is not None:
        words.append(FILED_IN_ERROR)
    if marks.stricken_on is not None:
        words.append(STRICKEN)
    words.append(text)
    if marks.modified_on is not None:
        words.append(modified_text(marks.modified_on))
    return " ".join(words)
