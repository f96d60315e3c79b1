"""Run a scenario in a child process on a real SQLite file (the test database is in memory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def run_on_sqlite_file(tmp_path: Path, script: str, *args: str) -> Any:
    """Run `script` with Django set up on a WAL SQLite file; return the JSON of its last printed line."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openecf.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.sqlite3'}",
        "OPENECF_VAR_DIR": str(tmp_path / "var"),
        "OPENECF_DOCUMENT_ROOT": str(tmp_path / "documents"),
    }
    child = subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", script, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-4000:]  # noqa: S101 — a test helper
    return json.loads(child.stdout.strip().splitlines()[-1])
