"""Logging: a server error is written with its traceback to the process's standard error, where the
service manager (systemd, a container runtime) keeps it; Django alone would only mail it to ADMINS."""

from openecf.settings.env import env_str

# The level of OpenECF's own loggers (openecf.*); errors of requests are logged whatever it is.
OPENECF_LOG_LEVEL = env_str("OPENECF_LOG_LEVEL", "INFO").upper()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "loggers": {
        # A 500 of the site with its traceback (not every 404 of a scan); still mailed to ADMINS if any.
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "ERROR", "propagate": False},
        "openecf": {"handlers": ["stderr"], "level": OPENECF_LOG_LEVEL, "propagate": False},
    },
}
