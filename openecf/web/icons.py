"""The site's icon at the address every browser asks for (/favicon.ico), besides the <link rel=icon>."""

from __future__ import annotations

import functools
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

FAVICON = Path(__file__).resolve().parent / "static" / "web" / "favicon.ico"
# Browsers ask on every page; a day's cache spares the server without pinning an old icon for long.
FAVICON_MAX_AGE = 86_400


@functools.cache
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = f"public, max-age={FAVICON_MAX_AGE}"
    return response
