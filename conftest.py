"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import time_machine
from django.test import Client

pytest_plugins = ["openecf.testing.smtp", "openecf.testing.browser"]

SAMPLES_DIR = Path(
    os.environ.get(
        "OPENECF_PACER_SAMPLES", Path(__file__).resolve().parent.parent / "shared" / "pacer-samples"
    )
)


@pytest.fixture(autouse=True)
def _document_storage(settings, tmp_path):
    """Every test stores documents in its own folder."""
    settings.DOCUMENT_STORAGE_ROOT = str(tmp_path / "documents")


@pytest.fixture(autouse=True)
def _fresh_docket_rows_cache():
    """Cached Docket Report rows never outlive a test (a rolled-back case's primary key comes back)."""
    from django.conf import settings as django_settings
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    cache = caches[django_settings.OPENECF_DOCKET_ROWS_CACHE]
    if isinstance(cache, LocMemCache):  # a database cache is rolled back with the test
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _rate_limits_off(settings):
    """The suite signs in many times from one address: rate limits count only where a test asks for
    `rate_limits`."""
    settings.OPENECF_RATE_LIMITS_ENABLED = False


@pytest.fixture
def rate_limits(settings):
    """Rate limits on, with empty counters; call it with small rates: `rate_limits(signin_ip="2/h")`.

    Use hourly (or daily) rates in tests: django-ratelimit counts in fixed windows, and a test that straddles
    the end of a one-minute window would see its count start again."""
    from django.core.cache import caches

    from openecf.settings.ratelimit import OPENECF_RATE_LIMITS

    settings.OPENECF_RATE_LIMITS_ENABLED = True
    settings.OPENECF_RATE_LIMITS = dict(OPENECF_RATE_LIMITS)
    caches[settings.RATELIMIT_USE_CACHE].clear()

    def set_rates(**rates: str | None) -> None:
        settings.OPENECF_RATE_LIMITS = {**settings.OPENECF_RATE_LIMITS, **rates}

    yield set_rates
    caches[settings.RATELIMIT_USE_CACHE].clear()


@pytest.fixture
def fast_hashing(settings):
    """Argon2 costs about half a second a hash: new hashes are MD5, and imported Argon2 or PBKDF2 ones still
    check. Request it in the modules where no rule under test depends on which hasher runs."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def client() -> Client:
    """pytest-django's test client, but a view's unhandled exception comes back as the 500 page a browser sees."""
    return Client(raise_request_exception=False)


@pytest.fixture
def frozen(request):
    """The clock stopped at the test module's `NOW`."""
    with time_machine.travel(request.module.NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def pacer_samples() -> Path:
    if not SAMPLES_DIR.is_dir():
        pytest.skip(f"PACER samples folder {SAMPLES_DIR} is absent")
    return SAMPLES_DIR


@pytest.fixture
def cit(db):
    from openecf.courts.catalog import catalog_court_configure

    return catalog_court_configure("cit")


@pytest.fixture
def cafc(db):
    from openecf.courts.catalog import catalog_court_configure

    return catalog_court_configure("cafc")


@pytest.fixture
def clerk(db, cit):
    from openecf.courts.factories import CourtRoleFactory

    return CourtRoleFactory.create(court=cit, user__username="clerk", user__is_staff=True).user
