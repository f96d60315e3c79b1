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
