"""Content-addressed blob storage: a file's key is its SHA-256, so a file is stored once.

Infrastructure of the ground floor: documents keep their PDFs here, the PACER Service Center its
activation letters.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

from django.conf import settings


class BlobStorage(Protocol):
    def put(self, content: bytes) -> str: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...


class LocalContentAddressedStorage:
    """Files under ROOT/sha256/ab/cd/<hex>; writes are atomic renames, so no reader sees half a file."""

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

    def put(self, content: bytes) -> str:
        key = self.key_for(content)
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
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


def blob_storage() -> BlobStorage:
    """The configured store (the local folder of the embedded default)."""
    return LocalContentAddressedStorage(settings.DOCUMENT_STORAGE_ROOT)
