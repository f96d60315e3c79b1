"""Docket Report filters, read from a query string; a bad value is a 400 naming the parameter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from openecf.errors import InvalidInput
from openecf.numbers import shown, whole_number_or_none

DateKind = Literal["filed", "entered"]
Order = Literal["oldest", "newest"]
# Entry numbers, and the long document ids some courts of appeals print in their place (12 digits).
NUMBER_MAX = 999_999_999_999
PARAMETERS = ("date_from", "date_to", "date_type", "number_from", "number_to", "order")


@dataclass(frozen=True)
class DocketFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    date_type: DateKind = "filed"
    number_from: int | None = None
    number_to: int | None = None
    order: Order = "oldest"

    @property
    def is_default(self) -> bool:
        return self == DocketFilters()

    def as_query(self) -> dict[str, str]:
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "date_type": self.date_type,
            "number_from": str(self.number_from) if self.number_from is not None else "",
            "number_to": str(self.number_to) if self.number_to is not None else "",
            "order": self.order,
        }
        return {k: v for k, v in values.items() if v}


def _date(params: Mapping[str, str], name: str) -> dt.date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    raise InvalidInput(
        f"{name}: '{shown(raw)}' is not a date; use YYYY-MM-DD or MM/DD/YYYY.",
        code="invalid_filter",
        field=name,
    )


def _number(params: Mapping[str, str], name: str) -> int | None:
    return whole_number_or_none(
        params.get(name), name=name, minimum=1, maximum=NUMBER_MAX, code="invalid_filter"
    )


def _choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    raw = (params.get(name) or "").strip().lower() or default
    if raw not in allowed:
        raise InvalidInput(
            f"{name}: '{shown(raw)}' is not allowed; use one of {', '.join(allowed)}.",
            code="invalid_filter",
            field=name,
        )
    return raw


def docket_filters_parse(params: Mapping[str, str]) -> DocketFilters:
    date_from, date_to = _date(params, "date_from"), _date(params, "date_to")
    number_from, number_to = _number(params, "number_from"), _number(params, "number_to")
    if date_from and date_to and date_from > date_to:
        raise InvalidInput("date_from: must not be after date_to.", code="invalid_filter", field="date_from")
    if number_from and number_to and number_from > number_to:
        raise InvalidInput(
            "number_from: must not be greater than number_to.",
            code="invalid_filter",
            field="number_from",
        )
    date_type: DateKind = (
        "entered" if _choice(params, "date_type", ("filed", "entered"), "filed") == "entered" else "filed"
    )
    order: Order = (
        "newest" if _choice(params, "order", ("oldest", "newest"), "oldest") == "newest" else "oldest"
    )
    return DocketFilters(date_from, date_to, date_type, number_from, number_to, order)
