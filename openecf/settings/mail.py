"""E-mail: an outbox file folder by default, SMTP when configured."""

from openecf.settings.env import env_bool, env_int, env_str, var_dir

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("OPENECF_OUTBOX_DIR", str(var_dir() / "outbox"))
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cmecf@openecf.invalid")

# Links in e-mail (notices, free looks) are absolute: the address the public reaches this site at.
OPENECF_SITE_URL = env_str("OPENECF_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Notice delivery (openecf.notices). Message-IDs and the bounce (VERP) addresses are of this domain.
OPENECF_MAIL_DOMAIN = env_str(
    "OPENECF_MAIL_DOMAIN", DEFAULT_FROM_EMAIL.rpartition("@")[2] or "openecf.invalid"
)
# Bounces come back to bounces+<delivery>-<check>@domain; pipe that mailbox to `openecf notices-bounce`.
OPENECF_BOUNCE_MAILBOX = env_str("OPENECF_BOUNCE_MAILBOX", f"bounces@{OPENECF_MAIL_DOMAIN}")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# A deferred (4xx) notice is tried again after 1, 2, 4 … minutes (at most an hour apart), then given up.
OPENECF_NOTICE_RETRY_BASE_SECONDS = env_int("OPENECF_NOTICE_RETRY_BASE_SECONDS", 60)
OPENECF_NOTICE_RETRY_MAX_SECONDS = env_int("OPENECF_NOTICE_RETRY_MAX_SECONDS", 3600)
OPENECF_NOTICE_MAX_ATTEMPTS = env_int("OPENECF_NOTICE_MAX_ATTEMPTS", 10)
