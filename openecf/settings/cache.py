"""Caches: local memory in the embedded default; Redis, the database or a folder when a URL says so."""

from __future__ import annotations

from typing import Any

from openecf.settings.env import env_str


def cache_from_url(url: str, *, location: str, max_entries: int) -> dict[str, Any]:
    """`redis://…` or `rediss://…` (needs the `redis` package), `db://<table>` (after `createcachetable`),
    `file:///<folder>`, or empty / `locmem://` for this process's memory."""
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("db://"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": url.removeprefix("db://") or "openecf_cache",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if url.startswith("file://"):
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if url in {"", "locmem://"}:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": location,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    raise ValueError(f"OPENECF_CACHE_URL: use redis://, rediss://, db://, file:// or locmem://, not {url!r}")


# One cache for the whole deployment; REDIS_URL is honoured as well.
OPENECF_CACHE_URL = env_str("OPENECF_CACHE_URL", env_str("REDIS_URL", ""))
# The rate-limit counters, kept apart so that a full page cache never evicts them; the same server by
# default. Local memory counts per process: behind several worker processes, use Redis or the database.
OPENECF_RATE_LIMIT_CACHE_URL = env_str("OPENECF_RATE_LIMIT_CACHE_URL", OPENECF_CACHE_URL)

CACHES = {
    "default": cache_from_url(OPENECF_CACHE_URL, location="openecf-default", max_entries=5000),
    "ratelimit": {
        **cache_from_url(OPENECF_RATE_LIMIT_CACHE_URL, location="openecf-ratelimit", max_entries=100_000),
        "KEY_PREFIX": "ratelimit",
    },
}
