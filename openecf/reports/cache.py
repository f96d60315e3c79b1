"""Rendered Docket Report rows, cached per case, docket generation and visibility class.

Entries are immutable once docketed, and every service that changes a case's entries, documents or
restrictions bumps the case's docket generation (`openecf.cases.generation`), so a key that names the
generation is never read after a change. The key also names what the viewer may read
(`readable_restrictions`), so rows rendered for court staff are never served to the public.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches

from openecf.cases.models import Case
from openecf.reports.filters import DocketFilters

_VERSION = "2"  # bumped when the row markup changes, so a shared cache never serves the old markup


def sealed_entry_text(court_id: str) -> str:
    """What the public reads on the line of an entry it may not read: the court's wording, else the default."""
    by_court: dict[str, str] = settings.OPENECF_SEALED_ENTRY_TEXT_BY_COURT
    return by_court.get(court_id, settings.OPENECF_SEALED_ENTRY_TEXT)


def docket_generation(case: Case) -> int:
    """The generation as committed now (the Case object in hand may predate a change)."""
    generation: int = Case.objects.filter(pk=case.pk).values_list("docket_generation", flat=True).get()
    return generation


def docket_rows_key(
    *, case: Case, generation: int, readable: frozenset[str], filters: DocketFilters, sealed_text: str
) -> str:
    """The case (with its creation time: a reused primary key never meets old rows), its generation, the
    visibility class, the selection and the wording of a sealed line."""
    created = case.created_at.isoformat() if case.created_at else ""
    parts = [
        _VERSION,
        str(case.pk),
        created,
        str(generation),
        ",".join(sorted(readable)),
        repr(sorted(filters.as_query().items())),
        filters.date_type,
        filters.order,
        sealed_text,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"openecf:docket-rows:{case.pk}:{digest}"


def docket_rows_cached(key: str | None, kind: str, render: Callable[[], str]) -> str:
    """The rows rendered by `render`, from the cache when this key and kind were rendered before."""
    seconds = settings.OPENECF_DOCKET_ROWS_CACHE_SECONDS
    if key is None or seconds <= 0:
        return render()
    cache = caches[settings.OPENECF_DOCKET_ROWS_CACHE]
    full_key = f"{key}:{kind}"
    rows = cache.get(full_key)
    if isinstance(rows, str):
        return rows
    rows = render()
    cache.set(full_key, rows, seconds)
    return rows
