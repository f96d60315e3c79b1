"""A server error that remains is written with its traceback (settings/logging.py), on the site and the API."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from openecf import urls as project_urls
from openecf.api.api import api


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault the tests planted")


urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]
handler500 = "openecf.web.views.server_error"


@pytest.fixture
def written() -> Iterator[io.StringIO]:
    """What the configured stream handlers of django.request and openecf write."""
    stream = io.StringIO()
    handlers = [
        handler
        for name in ("django.request", "openecf")
        for handler in logging.getLogger(name).handlers
        if type(handler) is logging.StreamHandler
    ]
    assert handlers, "no stream handler is configured"
    # Swapped without setStream(), which would flush the old stream: the handler took sys.stderr when
    # logging was configured, and pytest may have closed that capture since.
    previous = []
    for handler in handlers:
        with handler.lock or contextlib.nullcontext():
            previous.append(handler.stream)
            handler.stream = stream
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        with handler.lock or contextlib.nullcontext():
            handler.stream = old


def test_django_request_errors_reach_a_handler():
    logger = logging.getLogger("django.request")
    assert logger.isEnabledFor(logging.ERROR)
    assert any(type(handler) is logging.StreamHandler for handler in logger.handlers)


@pytest.mark.urls("openecf.tests.test_logging")
def test_a_site_500_is_logged_with_its_traceback(written, db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    log = written.getvalue()
    assert "Internal Server Error: /boom/" in log
    assert "Traceback" in log and "a fault the tests planted" in log
    assert "a fault the tests planted" not in response.content.decode()


def test_an_api_500_is_logged_with_its_traceback(written, db, monkeypatch):
    from openecf.api import api as api_module

    def broken() -> None:
        raise RuntimeError("an API fault the tests planted")

    monkeypatch.setattr(api_module, "courts_listed", broken)
    response = Client(raise_request_exception=False).get("/api/v1/courts")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    log = written.getvalue()
    assert "Traceback" in log and "an API fault the tests planted" in log
    assert api.title  # the API module is the one whose logger wrote
