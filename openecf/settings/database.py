"""Database: SQLite (WAL) under var/ by default; any DATABASE_URL is honoured."""

from pathlib import Path
from typing import Any

import dj_database_url

from openecf.settings.env import env_int, env_str, var_dir

_SQLITE_INIT = (
    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=30000;"
)


def database_from_url(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0)))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config.get("NAME") and config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of failing.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": _SQLITE_INIT,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{var_dir() / 'openecf.sqlite3'}")
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
