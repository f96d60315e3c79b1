"""The storage sweep (`openecf storage-sweep`): wizard drafts that never became a filing are discarded
after `OPENECF_FILING_DRAFT_DAYS`, then stored files no record refers to are removed once older than
`OPENECF_STORAGE_SWEEP_GRACE_HOURS` (a filing's files are stored before it commits; see ADR 0017).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openecf.accounts.models import User
from openecf.audit.services import audit_event_record
from openecf.filing.models import FilingDraft
from openecf.storage import KEY_FORM, SweepResult, storage_sweep


def _drafts_expired(now: dt.datetime) -> Q:
    """Drafts that never became a filing and were not changed for OPENECF_FILING_DRAFT_DAYS."""
    since = now - dt.timedelta(days=settings.OPENECF_FILING_DRAFT_DAYS)
    return Q(filing__isnull=True, updated_at__lt=since)


def _keys_in(value: Any) -> Iterator[str]:
    """Every storage key anywhere in a draft's JSON (whatever shape the wizard gives its uploads)."""
    if isinstance(value, str):
        if KEY_FORM.fullmatch(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys_in(item)


def draft_upload_keys() -> Iterator[str]:
    """The uploads of drafts still alive: an expired draft's files are the sweep's, even on a dry run."""
    drafts = FilingDraft.objects.exclude(_drafts_expired(timezone.now())).values_list("uploads", "choices")
    for uploads, choices in drafts.iterator():
        yield from _keys_in(uploads)
        yield from _keys_in(choices)


@transaction.atomic
def filing_drafts_discard(
    *, acting_user: User | None, dry_run: bool = False, now: dt.datetime | None = None
) -> tuple[int, ...]:
    """Delete the wizard drafts that never became a filing and were not changed for
    OPENECF_FILING_DRAFT_DAYS; their ids (a dry run deletes nothing). Their uploaded files are left to the
    storage sweep (another draft or a filing may hold the same file)."""
    expired = _drafts_expired(now or timezone.now())
    drafts = list(FilingDraft.objects.filter(expired).select_related("court", "user").order_by("pk"))
    if dry_run or not drafts:
        return tuple(draft.pk for draft in drafts)
    for draft in drafts:
        audit_event_record(
            kind="filing_draft.discarded",
            acting_user=acting_user,
            subject=draft,
            court=draft.court,
            extra={
                "user": draft.user.username,
                "uploads": len(draft.uploads) if isinstance(draft.uploads, list) else 0,
                "updated_at": draft.updated_at.isoformat(),
            },
        )
    # The same condition again: a draft changed since it was read is kept.
    FilingDraft.objects.filter(expired, pk__in=[draft.pk for draft in drafts]).delete()
    return tuple(draft.pk for draft in drafts)


@dataclass(frozen=True)
class StorageSweep:
    """The drafts discarded and the files removed (or, on a dry run, those that would be)."""

    grace: dt.timedelta
    drafts_discarded: tuple[int, ...]
    files: SweepResult


def storage_sweep_run(
    *, grace: dt.timedelta, dry_run: bool, acting_user: User | None, now: dt.datetime | None = None
) -> StorageSweep:
    """Discard the expired drafts, then remove the files stored before now - grace that no record refers
    to, and record `storage.swept` with the counts (a dry run changes and records nothing)."""
    now = now or timezone.now()
    drafts = filing_drafts_discard(acting_user=acting_user, dry_run=dry_run, now=now)
    files = storage_sweep(older_than=now - grace, dry_run=dry_run)
    if not dry_run:
        with transaction.atomic():
            audit_event_record(
                kind="storage.swept",
                acting_user=acting_user,
                subject=None,
                extra={
                    "grace_hours": grace / dt.timedelta(hours=1),
                    "older_than": files.older_than.isoformat(),
                    "drafts_discarded": len(drafts),
                    "files_removed": len(files.removed),
                    "unfinished_writes_removed": len(files.incoming_removed),
                    "bytes_removed": files.removed_bytes,
                    "kept_referenced": files.kept_referenced,
                    "kept_recent": files.kept_recent,
                    "missing": len(files.missing),
                },
            )
    return StorageSweep(grace=grace, drafts_discarded=drafts, files=files)
