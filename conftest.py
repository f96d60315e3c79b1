"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    from openecf.accounts.models import User
    from openecf.courts.models import CourtRole, CourtRoleKind

    user = User.objects.create_user(username="clerk", password="clerk-password-123", is_staff=True)  # noqa: S106
    CourtRole.objects.create(user=user, court=cit, role=CourtRoleKind.CLERK)
    return user
