"""Content-addressed blob storage: a file's key is its SHA-256, so a file is stored once.

Infrastructure of the ground floor: documents keep their PDFs here, the PACER Service Center its
activation letters, the filing wizard its uploads.

Files are put before the rows that refer to them commit, so a rolled-back or killed transaction leaves a
file nobody refers to. `storage_sweep` removes those once they are older than a grace period. It knows who
refers to files from the referrers the apps register in their `AppConfig.ready()`
(`blob_referrers_register`): this floor cannot read their tables, and a referrer forgotten would make the
sweep delete files a record needs, so a test checks that every `*storage_key` field has one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings

KEY_FORM = re.compile(r"sha256/[0-9a-f]{64}")
_DIGEST_FORM = re.compile(r"[0-9a-f]{64}")
INCOMING_PREFIX = ".incoming-"
_INCOMING_FORM = re.compile(r"sha256/[0-9a-f]{2}/[0-9a-f]{2}/\.incoming-[A-Za-z0-9_]+")


@dataclass(frozen=True)
class StoredFile:
    """A file in storage: its key (for an unfinished write, its path under the root), age and size."""

    key: str
    modified_at: dt.datetime
    size: int


class BlobStorage(Protocol):
    def put(self, content: bytes) -> str: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def entries(self) -> Iterator[StoredFile]: ...

    def incoming(self) -> Iterator[StoredFile]: ...

    def delete_if_older(self, key: str, older_than: dt.datetime) -> bool: ...

    def incoming_delete_if_older(self, name: str, older_than: dt.datetime) -> bool: ...


def _modified_at(stat: os.stat_result) -> dt.datetime:
    return dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC)


class LocalContentAddressedStorage:
    """Files under ROOT/sha256/ab/cd/<hex>; writes are atomic renames, so no reader sees half a file.

    Putting a file that is already there refreshes its modification time: the sweep's grace period counts
    from the last put, so a file stored again by a filing still in progress is not swept under it. Puts
    share, and the sweep's deletes take, a lock on the root folder (flock), so a put and a delete never
    interleave.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @staticmethod
    def key_for(content: bytes) -> str:
        return "sha256/" + hashlib.sha256(content).hexdigest()

    def _path(self, key: str) -> Path:
        algorithm, _, digest = key.partition("/")
        if algorithm != "sha256" or len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
            raise ValueError(f"not a document storage key: {key!r}")
        return self.root / algorithm / digest[:2] / digest[2:4] / digest

    @contextmanager
    def _locked(self, *, exclusive: bool) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)  # the root itself: no lock file to list
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def put(self, content: bytes) -> str:
        key = self.key_for(content)
        path = self._path(key)
        with self._locked(exclusive=False):
            if path.exists():
                os.utime(path)
                return key
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=INCOMING_PREFIX)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return key

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def delete(self, key: str) -> None:
        """Remove a file no record needs any more (an activation letter's copy with the code in clear)."""
        self._path(key).unlink(missing_ok=True)

    def _files(self) -> Iterator[tuple[str, os.DirEntry[str]]]:
        """(relative folder, entry) of every file under ROOT/sha256/ab/cd/."""
        top = self.root / "sha256"
        if not top.is_dir():
            return
        with os.scandir(top) as firsts:
            for first in firsts:
                if not first.is_dir(follow_symlinks=False):
                    continue
                with os.scandir(first.path) as seconds:
                    for second in seconds:
                        if not second.is_dir(follow_symlinks=False):
                            continue
                        with os.scandir(second.path) as items:
                            for item in items:
                                if item.is_file(follow_symlinks=False):
                                    yield f"sha256/{first.name}/{second.name}", item

    def entries(self) -> Iterator[StoredFile]:
        """Every stored file (unfinished writes and files that are not ours skipped), in no order."""
        for folder, item in self._files():
            name = item.name
            if not _DIGEST_FORM.fullmatch(name) or folder != f"sha256/{name[:2]}/{name[2:4]}":
                continue
            try:
                stat = item.stat(follow_symlinks=False)
            except FileNotFoundError:  # deleted since it was listed
                continue
            yield StoredFile(key=f"sha256/{name}", modified_at=_modified_at(stat), size=stat.st_size)

    def incoming(self) -> Iterator[StoredFile]:
        """Temporary files of writes in progress, or of writes a killed process never finished."""
        for folder, item in self._files():
            name = f"{folder}/{item.name}"
            if not _INCOMING_FORM.fullmatch(name):
                continue
            try:
                stat = item.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            yield StoredFile(key=name, modified_at=_modified_at(stat), size=stat.st_size)

    def delete_if_older(self, key: str, older_than: dt.datetime) -> bool:
        """Delete the file unless it was put again since `older_than`; True if it was deleted."""
        path = self._path(key)
        with self._locked(exclusive=True):
            return _unlink_if_older(path, older_than)

    def incoming_delete_if_older(self, name: str, older_than: dt.datetime) -> bool:
        """Delete an unfinished write's temporary file (a name `incoming()` gave) older than `older_than`."""
        if not _INCOMING_FORM.fullmatch(name):
            raise ValueError(f"not an unfinished write in document storage: {name!r}")
        with self._locked(exclusive=True):
            return _unlink_if_older(self.root / name, older_than)


def _unlink_if_older(path: Path, older_than: dt.datetime) -> bool:
    try:
        if _modified_at(path.stat()) >= older_than:
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def blob_storage() -> BlobStorage:
    """The configured store (the local folder of the embedded default)."""
    return LocalContentAddressedStorage(settings.DOCUMENT_STORAGE_ROOT)


# Who refers to stored files: name ("<app_label>.<Model>.<field>") -> the keys its records refer to now.
BlobKeys = Callable[[], Iterable[str]]
_referrers: dict[str, BlobKeys] = {}


def blob_referrers_register(name: str, keys: BlobKeys) -> None:
    """Declare records that refer to stored files (from an app's `AppConfig.ready()`).

    `name` is the field the keys come from, "<app_label>.<Model>.<field>" (e.g.
    "documents.Document.storage_key"); `keys()` returns every key its records refer to at the moment it is
    called (empty strings are ignored). Registering a name again replaces its referrer.
    """
    _referrers[name] = keys


def blob_referrers() -> dict[str, BlobKeys]:
    """The registered referrers, by name."""
    return dict(_referrers)


def blob_keys_referenced() -> set[str]:
    """Every key some record refers to now."""
    if not _referrers:
        # Outside a set-up Django nothing is registered: every file would look unreferenced.
        raise RuntimeError("No referrer of stored files is registered; is Django set up?")
    return {key for keys in _referrers.values() for key in keys() if key}


@dataclass(frozen=True)
class SweepResult:
    """What a sweep removed (or, dry, would remove) and what it kept."""

    dry_run: bool
    older_than: dt.datetime
    removed: tuple[StoredFile, ...]
    incoming_removed: tuple[StoredFile, ...]
    kept_referenced: int
    kept_recent: int
    missing: tuple[str, ...]

    @property
    def removed_bytes(self) -> int:
        return sum(item.size for item in (*self.removed, *self.incoming_removed))


def storage_sweep(*, older_than: dt.datetime, dry_run: bool) -> SweepResult:
    """Remove the stored files no record refers to that were last put before `older_than`, and the
    temporary files of writes that never finished. A dry run removes nothing and reports the same.

    The referenced keys are read first: a file put after that is younger than `older_than` (unless that
    moment is in the future), and a put refreshes the time of a file it finds already there.
    `missing` lists the keys records refer to for which no file is stored (to investigate; never changed).
    """
    if older_than.tzinfo is None:
        raise ValueError("older_than must be an aware datetime")
    storage = blob_storage()
    referenced = blob_keys_referenced()
    removed: list[StoredFile] = []
    seen: set[str] = set()
    kept_recent = 0
    for item in storage.entries():
        seen.add(item.key)
        if item.key in referenced:
            continue
        if item.modified_at >= older_than:
            kept_recent += 1
        elif dry_run or storage.delete_if_older(item.key, older_than):
            removed.append(item)
        else:
            kept_recent += 1  # put again between the listing and the delete
    incoming = [
        item
        for item in storage.incoming()
        if item.modified_at < older_than
        and (dry_run or storage.incoming_delete_if_older(item.key, older_than))
    ]
    return SweepResult(
        dry_run=dry_run,
        older_than=older_than,
        removed=tuple(sorted(removed, key=lambda item: item.key)),
        incoming_removed=tuple(sorted(incoming, key=lambda item: item.key)),
        kept_referenced=len(seen & referenced),
        kept_recent=kept_recent,
        missing=tuple(sorted(key for key in referenced - seen if KEY_FORM.fullmatch(key))),
    )
