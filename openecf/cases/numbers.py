"""Case numbers: PACER form (1:20-cv-00012), CIT form (Court No. 20-00012), appellate (20-1081)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from openecf.courts.models import Court
from openecf.errors import InvalidInput

APPELLATE_CASE_TYPE = "ca"

_TRIAL_FORM = re.compile(
    r"^(?:(?P<office>\d{1,2}):)?(?P<yy>\d{2}|\d{4})-(?P<type>[a-z]{1,4})-(?P<seq>\d{1,6})(?:-[a-z]{1,4})*$",
    re.IGNORECASE,
)
_SHORT_FORM = re.compile(r"^(?:court\s+no\.?\s*)?(?P<yy>\d{2}|\d{4})-(?P<seq>\d{1,6})$", re.IGNORECASE)


@dataclass(frozen=True)
class CaseNumber:
    year: int
    case_type: str
    sequence: int


def _full_year(yy: str) -> int:
    if len(yy) == 4:
        return int(yy)
    two = int(yy)
    this_year = dt.datetime.now(tz=dt.UTC).year
    return 2000 + two if 2000 + two <= this_year + 1 else 1900 + two


def default_case_type(court: Court) -> str:
    return APPELLATE_CASE_TYPE if court.is_appellate else "cv"


def parse_case_number(court: Court, text: str) -> CaseNumber:
    """Read any of the court's case-number forms; raise InvalidInput naming the accepted forms."""
    cleaned = " ".join(text.strip().split())
    match = _TRIAL_FORM.match(cleaned)
    if match and not court.is_appellate:
        return CaseNumber(_full_year(match["yy"]), match["type"].lower(), int(match["seq"]))
    match = _SHORT_FORM.match(cleaned)
    if match:
        return CaseNumber(_full_year(match["yy"]), default_case_type(court), int(match["seq"]))
    example = "20-1081" if court.is_appellate else "1:20-cv-00012 or 20-00012"
    raise InvalidInput(
        f"'{text[:40]}' is not a case number of this court; use the form {example}.",
        code="invalid_case_number",
        field="case_number",
    )
