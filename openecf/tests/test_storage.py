from __future__ import annotations

import hashlib
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


def test_a_stored_file_is_not_rewritten(storage):
    key = storage.put(b"original")
    path = _files(storage.root)[0]
    mtime = path.stat().st_mtime_ns
    assert storage.put(b"original") == key
    assert path.stat().st_mtime_ns == mtime


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
