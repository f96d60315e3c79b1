"""Rate limits (openecf/ratelimit.py): how often one address, account or API token may do one thing.

A rate is "<count>/<period>" with a period of s, m, h or d, optionally multiplied ("30/10m": thirty in
ten minutes). Each limit can be changed with OPENECF_RATE_LIMIT_<NAME> (e.g. OPENECF_RATE_LIMIT_READ_IP
=600/m); "off" turns that one limit off. docs/security.md lists what each one counts.
"""

from __future__ import annotations

import re

from openecf.settings.env import env_bool, env_int, env_str

_RATE = re.compile(r"^\d+/\d*[smhd]$")

DEFAULT_RATE_LIMITS: dict[str, str] = {
    # Sign-in (login, second factor, API token, legacy CM/ECF login and linking): per address, per account.
    "signin_ip": "30/10m",
    "signin_account": "10/10m",
    # Codes typed outside the login (activation, confirming an authenticator app): per address, per account.
    "code_ip": "30/10m",
    "code_account": "10/10m",
    # Mail a visitor can ask for (password reset, username reminder, new confirmation codes).
    "mail_ip": "20/h",
    "mail_address": "5/h",
    # Registration and upgrade steps (the username step tells whether a username is taken).
    "register_ip": "40/h",
    # Reads: pages, documents and API calls of visitors by address, of signed-in accounts by account.
    "read_ip": "120/m",
    "read_account": "600/m",
    # API calls made with a token.
    "api_token": "600/m",
    # Documents verified against their stamps (each hashes an upload of up to the court's size limit).
    "verify_ip": "30/10m",
    "verify_account": "60/10m",
    # PDFs uploaded to the filing wizard (each is checked in a child process as it arrives).
    "upload_account": "120/10m",
}


def _rate_from_env(name: str, default: str) -> str | None:
    value = env_str(f"OPENECF_RATE_LIMIT_{name.upper()}", default).strip().lower()
    if value in {"", "off", "none", "0"}:
        return None
    if not _RATE.match(value):
        raise ValueError(
            f"OPENECF_RATE_LIMIT_{name.upper()}={value!r}: use '<count>/<period>' such as 30/10m, or 'off'."
        )
    return value


OPENECF_RATE_LIMITS: dict[str, str | None] = {
    name: _rate_from_env(name, default) for name, default in DEFAULT_RATE_LIMITS.items()
}
# Off only for tests and emergencies; the sign-in lockout (django-axes) works either way.
OPENECF_RATE_LIMITS_ENABLED = env_bool("OPENECF_RATE_LIMITS_ENABLED", True)
# How many reverse proxies in front of the site append to X-Forwarded-For (0: the client connects directly).
OPENECF_TRUSTED_PROXIES = env_int("OPENECF_TRUSTED_PROXIES", 0)

RATELIMIT_USE_CACHE = "ratelimit"
# A cache outage lets requests through rather than taking the court's site down.
RATELIMIT_FAIL_OPEN = env_bool("OPENECF_RATE_LIMITS_FAIL_OPEN", True)
