from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
import time
from pathlib import Path

import pytest

from openecf.storage import LocalContentAddressedStorage, blob_storage


@pytest.fixture
def storage(tmp_path) -> LocalContentAddressedStorage:
    return LocalContentAddressedStorage(tmp_path / "store")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_key_is_the_sha256_of_the_content(storage):
    content = b"%PDF-1.7 some bytes"
    key = storage.put(content)
    assert key == "sha256/" + hashlib.sha256(content).hexdigest()
    assert storage.get(key) == content
    assert storage.exists(key)


def test_the_same_bytes_are_stored_once(storage):
    first = storage.put(b"same bytes")
    second = storage.put(b"same bytes")
    assert first == second
    (only,) = _files(storage.root)
    digest = first.removeprefix("sha256/")
    assert only == storage.root / "sha256" / digest[:2] / digest[2:4] / digest


def test_different_bytes_are_different_files(storage):
    keys = {storage.put(b"a"), storage.put(b"b"), storage.put(b"")}
    assert len(keys) == 3
    assert len(_files(storage.root)) == 3
    assert storage.get("sha256/" + hashlib.sha256(b"").hexdigest()) == b""


def test_no_temporary_file_is_left_behind(storage):
    storage.put(b"x" * 100_000)
    assert not [p for p in _files(storage.root) if p.name.startswith(".incoming-")]


def test_a_stored_file_is_not_rewritten_but_its_time_is_refreshed(storage):
    key = storage.put(b"original")
    (path,) = _files(storage.root)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    inode = path.stat().st_ino
    assert storage.put(b"original") == key
    assert path.stat().st_ino == inode, "the same file, not a new copy"
    # The sweep's grace period counts from the last put: a filing storing the file again keeps it.
    assert path.stat().st_mtime > time.time() - 60


def test_missing_key_is_not_there(storage):
    key = "sha256/" + "0" * 64
    assert not storage.exists(key)
    with pytest.raises(FileNotFoundError):
        storage.get(key)


BAD_KEYS = [
    "",
    "sha256",
    "sha256/",
    "../../etc/passwd",
    "sha256/../../../etc/passwd",
    "sha256/" + "../" * 21 + "x",
    "/etc/passwd",
    "sha256//etc/passwd",
    "sha256/" + "a" * 63,
    "sha256/" + "a" * 65,
    "sha256/" + "A" * 64,
    "sha256/" + "g" * 64,
    "sha256/" + "a" * 62 + "/.",
    "sha256/" + "a" * 32 + "/" + "a" * 31,
    "md5/" + "a" * 64,
    "SHA256/" + "a" * 64,
    "sha256/" + "a" * 63 + "\x00",
    "sha256/" + "\u0660" * 64,
    "sha256\\" + "a" * 64,
]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_keys_that_are_not_storage_keys_are_refused(storage, tmp_path, key):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    for operation in (storage.get, storage.exists):
        with pytest.raises(ValueError, match="not a document storage key"):
            operation(key)


def test_document_storage_uses_the_configured_root(settings, tmp_path):
    settings.DOCUMENT_STORAGE_ROOT = str(tmp_path / "configured")
    key = blob_storage().put(b"content")
    assert (tmp_path / "configured").is_dir()
    assert LocalContentAddressedStorage(tmp_path / "configured").get(key) == b"content"


def _age(storage: LocalContentAddressedStorage, key: str, hours: float) -> None:
    """Make the stored file look last put `hours` ago."""
    moment = time.time() - hours * 3600
    os.utime(storage._path(key), (moment, moment))


def test_entries_list_every_stored_file_with_its_time_and_size(storage):
    first, second = storage.put(b"one"), storage.put(b"two two")
    _age(storage, first, 5)
    listed = {item.key: item for item in storage.entries()}
    assert set(listed) == {first, second}
    assert listed[second].size == 7
    assert listed[first].modified_at.tzinfo is not None
    assert (
        dt.timedelta(hours=4.9)
        < dt.datetime.now(dt.UTC) - listed[first].modified_at
        < dt.timedelta(hours=5.1)
    )


def test_entries_skip_unfinished_writes_and_files_that_are_not_ours(storage):
    key = storage.put(b"kept")
    folder = storage._path(key).parent
    (folder / ".incoming-abc123").write_bytes(b"half")
    (folder / "notes.txt").write_bytes(b"x")
    (storage.root / "sha256" / "README").write_bytes(b"x")
    misplaced = storage.root / "sha256" / "00" / "00"
    misplaced.mkdir(parents=True)
    (misplaced / ("ab" * 32)).write_bytes(b"a file in the wrong folder is not a stored file")
    assert [item.key for item in storage.entries()] == [key]
    assert [item.key for item in storage.incoming()] == [f"sha256/{key[7:9]}/{key[9:11]}/.incoming-abc123"]


def test_an_empty_store_has_no_entries(storage):
    assert list(storage.entries()) == []
    assert list(storage.incoming()) == []


def test_delete_if_older_keeps_a_file_put_again_since(storage):
    key = storage.put(b"letter")
    _age(storage, key, 50)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(hours=48)
    storage.put(b"letter")  # a filing stores the same file again
    assert storage.delete_if_older(key, cutoff) is False
    assert storage.exists(key)
    _age(storage, key, 50)
    assert storage.delete_if_older(key, cutoff) is True
    assert not storage.exists(key)
    assert storage.delete_if_older(key, cutoff) is False, "already gone"


@pytest.mark.parametrize(
    "name",
    ["sha256/ab/cd/" + "a" * 64, "sha256/ab/cd/../../../x", "../.incoming-x", "sha256/ab/.incoming-x", ""],
)
def test_only_unfinished_writes_are_deleted_as_such(storage, name):
    with pytest.raises(ValueError, match="not an unfinished write"):
        storage.incoming_delete_if_older(name, dt.datetime.now(dt.UTC))


@pytest.mark.parametrize("key", BAD_KEYS)
def test_delete_if_older_refuses_what_is_not_a_key(storage, key):
    with pytest.raises(ValueError, match="not a document storage key"):
        storage.delete_if_older(key, dt.datetime.now(dt.UTC))


def test_a_put_waits_while_the_sweep_deletes(storage):
    """The sweep's delete and a put of the same file never interleave (a flock on the root folder)."""
    key = storage.put(b"contested")
    _age(storage, key, 50)
    done = threading.Event()

    def put_again() -> None:
        storage.put(b"contested")
        done.set()

    with storage._locked(exclusive=True):
        worker = threading.Thread(target=put_again)
        worker.start()
        assert not done.wait(0.3), "the put waits for the sweep's lock"
    worker.join(5)
    assert done.is_set()
    assert storage.delete_if_older(key, dt.datetime.now(dt.UTC) - dt.timedelta(hours=48)) is False
    assert storage.exists(key)
    assert _files(storage.root) == [storage._path(key)], "no lock file left in the store"
