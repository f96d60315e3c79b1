"""The configuration of the courts the demo serves, as their clerks' offices publish it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openecf.accounts.models import User
from openecf.courts.models import Court, CourtKind
from openecf.courts.services import court_configure

COURTS: dict[str, dict[str, Any]] = {
    "cit": {
        "name": "U.S. Court of International Trade",
        "kind": CourtKind.TRIAL,
        "location": "New York",
        "time_zone": "America/New_York",
        "pacer_office_code": "1",
        "pacer_case_number_format": "{office}:{yy}-{type}-{seq:05d}",
        "display_case_number_format": "Court No. {yy}-{seq:05d}",
        "first_case_sequence": 1,
        "max_file_size_bytes": 50 * 1024 * 1024,
        "office_opens_at": dt.time(8, 30),
        "office_closes_at": dt.time(17, 0),
        "help_desk_phone": "866-450-1859",
        "help_desk_email": "cmecf_helpdesk@cit.uscourts.gov",
        "website": "https://www.cit.uscourts.gov/",
    },
    "cafc": {
        "name": "U.S. Court of Appeals for the Federal Circuit",
        "kind": CourtKind.APPELLATE,
        "location": "Washington D.C.",
        "time_zone": "America/New_York",
        "pacer_office_code": "",
        "pacer_case_number_format": "{yy}-{seq:04d}",
        "display_case_number_format": "{yy}-{seq:04d}",
        "first_case_sequence": 1001,
        "max_file_size_bytes": 100 * 1024 * 1024,
        "office_opens_at": dt.time(9, 0),
        "office_closes_at": dt.time(17, 0),
        "help_desk_phone": "202-275-8000",
        "help_desk_email": "",
        "website": "https://www.cafc.uscourts.gov/",
    },
}


def catalog_court_configure(court_id: str, *, acting_user: User | None = None) -> Court:
    """Configure (or reconfigure) one of the catalog's courts."""
    return court_configure(court_id=court_id, acting_user=acting_user, **COURTS[court_id])
