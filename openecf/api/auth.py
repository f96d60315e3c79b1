"""API sign-in: POST /auth/token issues a token; `Authorization: Bearer <token>` then acts as its user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.security.http import HttpAuthBase
from pydantic import field_validator

from openecf.api.schemas import ErrorResponse, typed_name
from openecf.errors import OpenECFError
from openecf.ratelimit import client_ip, rate_limit_check
from openecf.signin.services import api_signin
from openecf.signin.tokens import api_token_authenticate

router = Router(tags=["auth"])


class InvalidToken(OpenECFError):
    status = 401
    code = "invalid_token"


class TokenIn(Schema):
    username: str = Field(max_length=150, description="PACER username (not case-sensitive).")
    password: str = Field(max_length=256)
    one_time_code: str = Field(
        "",
        max_length=20,
        description="Code from an authenticator app, or a backup code, if the account uses MFA.",
    )
    client_code: str = Field("", max_length=200, description="Optional client code, at most 32 characters.")
    name: str = Field("", max_length=60, description="What to call the token in Manage My Account.")

    _names_typed = field_validator("client_code", "name")(typed_name)


class TokenOut(Schema):
    token: str = Field(
        description="The token. It is shown only this once; send it as 'Authorization: Bearer'."
    )
    prefix: str = Field(description="Its first characters, as listed in Manage My Account.")
    client_code: str
    created_at: dt.datetime


class BearerTokenAuth(HttpAuthBase):
    """An API token if one is sent (a bad one is refused with 401); otherwise the session or the public."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            # No token: the signed-in session's user, or the public.
            return request.user
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise InvalidToken("Send the API token as 'Authorization: Bearer <token>'.")
        token = api_token_authenticate(raw)
        if token is None:
            raise InvalidToken(
                "The API token is not valid: it is unknown or was revoked. Get a new one from "
                "POST /api/v1/auth/token or Manage My Account."
            )
        request.user = token.user
        return token


@router.post(
    "/token",
    auth=None,
    response={201: TokenOut, 400: ErrorResponse, 413: ErrorResponse, 429: ErrorResponse},
    summary="Get an API token",
)
def token_issue(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Username, password, the one-time code when the account uses MFA, and an optional client code."""
    # The same limits as the login page: per client address and per account.
    rate_limit_check(
        request, signin_ip=client_ip(request), signin_account=payload.username.strip().lower() or None
    )
    token, raw = api_signin(
        request=request,
        username=payload.username,
        password=payload.password,
        one_time_code=payload.one_time_code,
        client_code=payload.client_code,
        name=payload.name,
    )
    body = {
        "token": raw,
        "prefix": token.prefix,
        "client_code": token.client_code,
        "created_at": token.created_at,
    }
    return Status(201, body)
