"""One domain error type, with a code and an HTTP status, mapped centrally by views and API."""

from __future__ import annotations


class OpenECFError(Exception):
    """A failure the user can act on: what went wrong and what to do next."""

    status: int = 400
    code: str = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class InvalidInput(OpenECFError):
    status = 400
    code = "invalid"


class Forbidden(OpenECFError):
    """The user is known and the thing exists, but their account may not do this yet (says why)."""

    status = 403
    code = "not_permitted"


class NotFound(OpenECFError):
    """Also what a user gets for something that exists but that they may not see."""

    status = 404
    code = "not_found"


class Conflict(OpenECFError):
    status = 409
    code = "conflict"
