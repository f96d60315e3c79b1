"""The storage sweep: expired wizard drafts go, then stored files no record refers to, after a grace period."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from openecf import storage as storage_module
from openecf.accounts.models import User
from openecf.audit.models import AuditEvent
from openecf.cases.services import case_open
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry
from openecf.docket.services import event_define
from openecf.documents.services import (
    DocumentUpload,
    FiledFile,
    docket_entry_with_documents_create,
    document_file,
)
from openecf.documents.testing import make_pdf
from openecf.filers.tests.helpers import make_user
from openecf.filing.models import Filing, FilingDraft
from openecf.filing.sweep import filing_drafts_discard, storage_sweep_run
from openecf.pacer.activation import activation_letter_queue
from openecf.storage import (
    LocalContentAddressedStorage,
    blob_referrers,
    blob_storage,
    storage_sweep,
)

pytestmark = pytest.mark.django_db


def _store() -> LocalContentAddressedStorage:
    storage = blob_storage()
    assert isinstance(storage, LocalContentAddressedStorage)
    return storage


def _age(key: str, hours: float) -> None:
    """Make a stored file look last put `hours` ago."""
    moment = time.time() - hours * 3600
    os.utime(_store()._path(key), (moment, moment))


def _cutoff(hours: float = 48) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


def _entry(court: Court) -> DocketEntry:
    case = case_open(
        court=court, caption="Acme v. United States", date_filed=dt.date(2026, 3, 2), acting_user=None
    )
    event = event_define(court=court, code="motion", label="Motion", menu="Motions", acting_user=None)
    return docket_entry_with_documents_create(
        case=case,
        event=event,
        documents=[DocumentUpload(content=make_pdf("attached"))],
        acting_user=None,
    )


def _draft(user: User, court: Court, *keys: str, days_old: float = 0) -> FilingDraft:
    # As the wizard keeps them (openecf.filing.drafts.DraftUpload).
    uploads = [
        {"key": key, "filename": f"{index}.pdf", "main": not index, "category": "", "description": ""}
        for index, key in enumerate(keys)
    ]
    draft = FilingDraft.objects.create(user=user, court=court, uploads=uploads)
    if days_old:
        FilingDraft.objects.filter(pk=draft.pk).update(
            updated_at=timezone.now() - dt.timedelta(days=days_old)
        )
    return draft


def _storage_key_fields() -> set[str]:
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.name.endswith("storage_key")
    }


def test_every_storage_key_field_of_every_model_has_a_referrer():
    fields = _storage_key_fields()
    assert {"documents.Document.storage_key", "pacer.ActivationLetter.pdf_storage_key"} <= fields
    missing = fields - set(blob_referrers())
    assert not missing, f"register a referrer (openecf.storage.blob_referrers_register) for {missing}"
    assert "filing.FilingDraft.uploads" in blob_referrers(), "the wizard's uploads are kept while drafts live"


def test_each_referrer_gives_the_keys_its_records_hold(cit, fast_hashing):
    entry = _entry(cit)
    filed = document_file(
        docket_entry=entry,
        filed=FiledFile(content=make_pdf("filed"), stamped_content=make_pdf("stamped"), page_count=1),
        attachment_number=1,
        acting_user=None,
    )
    letter = activation_letter_queue(user=make_user("newcomer"), acting_user=None)
    upload = _store().put(make_pdf("draft upload"))
    _draft(make_user("filer"), cit, upload)
    referrers = blob_referrers()
    given = {name: set(keys()) for name, keys in referrers.items()}
    attached = entry.documents.get(attachment_number=0)
    assert given["documents.Document.storage_key"] == {attached.storage_key, filed.storage_key}
    assert filed.stamped_storage_key in given["documents.Document.stamped_storage_key"]
    assert given["pacer.ActivationLetter.pdf_storage_key"] == {letter.pdf_storage_key}
    assert given["filing.FilingDraft.uploads"] == {upload}


def test_the_sweep_removes_only_old_unreferenced_files_and_stale_unfinished_writes(cit):
    entry = _entry(cit)
    referenced = entry.documents.get().storage_key
    storage = _store()
    old_orphan = storage.put(b"left by a rolled-back filing")
    new_orphan = storage.put(b"a filing in progress")
    for key in (referenced, old_orphan):
        _age(key, 50)
    folder = storage._path(old_orphan).parent
    (folder / ".incoming-stale1").write_bytes(b"half a file")
    (folder / ".incoming-fresh1").write_bytes(b"being written")
    stale = time.time() - 50 * 3600
    os.utime(folder / ".incoming-stale1", (stale, stale))

    dry = storage_sweep(older_than=_cutoff(), dry_run=True)
    assert [item.key for item in dry.removed] == [old_orphan]
    assert [item.key.rsplit("/", 1)[1] for item in dry.incoming_removed] == [".incoming-stale1"]
    assert storage.exists(old_orphan) and (folder / ".incoming-stale1").exists(), "a dry run removes nothing"

    result = storage_sweep(older_than=_cutoff(), dry_run=False)
    assert result.removed == dry.removed
    assert result.incoming_removed == dry.incoming_removed
    assert (result.kept_referenced, result.kept_recent, result.missing) == (1, 1, ())
    assert result.removed_bytes == len(b"left by a rolled-back filing") + len(b"half a file")
    assert not storage.exists(old_orphan)
    assert not (folder / ".incoming-stale1").exists()
    assert storage.exists(referenced) and storage.exists(new_orphan)
    assert (folder / ".incoming-fresh1").exists()
    assert storage_sweep(older_than=_cutoff(), dry_run=False).removed == (), "nothing left to remove"


def test_a_file_stored_again_meanwhile_is_kept(cit):
    orphan = _store().put(b"the same PDF, filed again")
    _age(orphan, 50)
    _store().put(b"the same PDF, filed again")  # a filing in progress stores it again
    result = storage_sweep(older_than=_cutoff(), dry_run=False)
    assert result.removed == ()
    assert _store().exists(orphan)


def test_a_referenced_file_missing_from_storage_is_reported_not_touched(cit):
    entry = _entry(cit)
    key = entry.documents.get().storage_key
    _store()._path(key).unlink()
    result = storage_sweep(older_than=_cutoff(), dry_run=False)
    assert result.missing == (key,)
    assert entry.documents.get().storage_key == key


def test_the_sweep_refuses_to_run_without_referrers(monkeypatch, cit):
    orphan = _store().put(b"orphan")
    _age(orphan, 50)
    monkeypatch.setattr("openecf.storage._referrers", {})
    with pytest.raises(RuntimeError, match="No referrer"):
        storage_sweep(older_than=_cutoff(), dry_run=False)
    assert _store().exists(orphan)


def test_a_failing_referrer_stops_the_sweep_before_it_removes_anything(monkeypatch, cit):
    orphan = _store().put(b"orphan")
    _age(orphan, 50)

    def broken() -> list[str]:
        raise ConnectionError("database went away")

    monkeypatch.setitem(storage_module._referrers, "test.Broken.storage_key", broken)
    with pytest.raises(ConnectionError):
        storage_sweep(older_than=_cutoff(), dry_run=False)
    assert _store().exists(orphan)


def test_a_naive_cutoff_is_refused(cit):
    with pytest.raises(ValueError, match="aware"):
        storage_sweep(older_than=dt.datetime(2026, 1, 1), dry_run=True)  # noqa: DTZ001 — what is refused


def test_expired_drafts_that_never_became_a_filing_are_discarded_with_their_uploads(cit):
    user = make_user("filer")
    storage = _store()
    expired_upload, live_upload, shared_upload = (storage.put(make_pdf(text)) for text in ("e", "l", "s"))
    for key in (expired_upload, live_upload, shared_upload):
        _age(key, 24 * 10)
    days = settings.OPENECF_FILING_DRAFT_DAYS
    expired = _draft(user, cit, expired_upload, shared_upload, days_old=days + 1)
    live = _draft(user, cit, live_upload, days_old=days - 1)
    _draft(user, cit, shared_upload, days_old=1)  # another live draft holds the same file

    sweep = storage_sweep_run(grace=dt.timedelta(hours=48), dry_run=True, acting_user=None)
    assert sweep.drafts_discarded == (expired.pk,)
    assert [item.key for item in sweep.files.removed] == [expired_upload], "exact on a dry run too"
    assert FilingDraft.objects.filter(pk=expired.pk).exists()
    assert not AuditEvent.objects.filter(kind__in=["storage.swept", "filing_draft.discarded"]).exists()

    sweep = storage_sweep_run(grace=dt.timedelta(hours=48), dry_run=False, acting_user=None)
    assert sweep.drafts_discarded == (expired.pk,)
    assert [item.key for item in sweep.files.removed] == [expired_upload]
    assert not FilingDraft.objects.filter(pk=expired.pk).exists()
    assert FilingDraft.objects.filter(pk=live.pk).exists()
    assert not storage.exists(expired_upload)
    assert storage.exists(live_upload) and storage.exists(shared_upload)
    discarded = AuditEvent.objects.get(kind="filing_draft.discarded")
    assert (discarded.subject_type, discarded.subject_id, discarded.court_id) == (
        "filing.FilingDraft",
        str(expired.pk),
        "cit",
    )
    assert discarded.extra["uploads"] == 2
    swept = AuditEvent.objects.get(kind="storage.swept")
    assert swept.extra == {
        "grace_hours": 48.0,
        "older_than": sweep.files.older_than.isoformat(),
        "drafts_discarded": 1,
        "files_removed": 1,
        "unfinished_writes_removed": 0,
        "bytes_removed": sweep.files.removed_bytes,
        "kept_referenced": 2,
        "kept_recent": 0,
        "missing": 0,
    }


def test_a_draft_that_became_a_filing_is_kept(cit):
    user = make_user("filer")
    entry = _entry(cit)
    assert entry.event is not None
    filing = Filing.objects.create(
        court=cit,
        case=entry.case,
        docket_entry=entry,
        event=entry.event,
        filer=user,
        submitted_by=user,
        filed_at=timezone.now(),
        date_filed=entry.date_filed,
        via="web",
    )
    draft = _draft(user, cit, days_old=settings.OPENECF_FILING_DRAFT_DAYS + 30)
    FilingDraft.objects.filter(pk=draft.pk).update(filing=filing)
    assert filing_drafts_discard(acting_user=None) == ()
    assert FilingDraft.objects.filter(pk=draft.pk).exists()


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("storage_sweep", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_what_it_removed_and_records_the_sweep(cit):
    orphan = _store().put(b"orphan bytes")
    younger = _store().put(b"younger orphan")
    _age(orphan, 50)
    _age(younger, 10)

    out, _ = _run("--dry-run")
    assert f"Would remove {orphan} (12 bytes, stored " in out
    assert "Would remove 1 unreferenced file(s) and 0 unfinished write(s), 12 bytes" in out
    assert "(grace 48 hours); kept 0 referenced and 1 newer unreferenced file(s)." in out
    assert _store().exists(orphan)
    assert not AuditEvent.objects.filter(kind="storage.swept").exists()

    out, _ = _run("--grace-hours", "5")
    assert f"Removed {orphan} (12 bytes" in out
    assert f"Removed {younger} (14 bytes" in out
    assert "Removed 2 unreferenced file(s)" in out
    assert not _store().exists(orphan) and not _store().exists(younger)
    event = AuditEvent.objects.get(kind="storage.swept")
    assert (event.subject_type, event.acting_user_id, event.extra["files_removed"]) == ("", None, 2)
    assert event.extra["grace_hours"] == 5.0


def test_the_command_reports_referenced_files_that_are_missing(cit):
    entry = _entry(cit)
    key = entry.documents.get().storage_key
    _store()._path(key).unlink()
    _, err = _run()
    assert f"Missing: {key} is referred to by a record but not in storage." in err


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "١٢", "99999999", " "])
def test_the_command_refuses_a_bad_grace_period_and_removes_nothing(cit, value: Any):
    orphan = _store().put(b"orphan")
    _age(orphan, 50)
    with pytest.raises(CommandError, match="--grace-hours"):
        _run("--grace-hours", value)
    assert _store().exists(orphan)
    assert not AuditEvent.objects.filter(kind="storage.swept").exists()


def test_a_bad_grace_setting_is_named_as_the_setting(cit, settings):
    settings.OPENECF_STORAGE_SWEEP_GRACE_HOURS = 0
    with pytest.raises(CommandError, match="OPENECF_STORAGE_SWEEP_GRACE_HOURS: '0' is not allowed"):
        _run()
