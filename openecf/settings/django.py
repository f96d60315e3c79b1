"""Core Django settings: apps, middleware, templates, locale."""

import os

from openecf.settings.env import BASE_DIR, env_bool, var_dir

DEBUG = env_bool("DJANGO_DEBUG", False)

# juriscraper logs to /var/log/juriscraper unless told otherwise; keep its log with our files.
os.environ.setdefault("JURISCRAPER_LOG", str(var_dir() / "juriscraper.log"))

INSTALLED_APPS = [
    # django.contrib.admin with a site that has no login of its own (openecf/web/admin_site.py).
    "openecf.web.admin_site.OpenECFAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    # In the floors of the house (docs/architecture.md), from the ground up.
    "openecf.audit",
    "openecf.accounts",
    "openecf.courts",
    "openecf.cases",
    "openecf.docket",
    "openecf.documents",
    "openecf.access",
    "openecf.billing",
    "openecf.signin",
    "openecf.pacer",
    "openecf.filers",
    "openecf.reports",
    "openecf.filing",
    "openecf.notices",
    "openecf.api",
    "openecf.myaccount",
    "openecf.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every page (openecf/settings/security.py), none on PDF documents.
    "openecf.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after it: a session of an account disabled since it signed in ends here.
    "openecf.signin.middleware.AccountStandingMiddleware",
    # Whatever a signed-in account or an authenticated API client is sent: Cache-Control: private, no-store.
    "openecf.web.cache_control.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: an idle session is signed out with a message for the login page.
    "openecf.signin.idle.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "openecf.web.middleware.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openecf.urls"
WSGI_APPLICATION = "openecf.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/pacer/login/"
# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "openecf.signin.lockout.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_REDIRECT_URL = "/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The header's staff menus, the account's standing notice, the previous login.
                "openecf.web.context_processors.navigation",
            ],
        },
    },
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = var_dir() / "static"
_USWDS = BASE_DIR / "openecf" / "web" / "frontend" / "node_modules" / "@uswds" / "uswds" / "dist"
STATICFILES_DIRS = [(f"uswds/{part}", _USWDS / part) for part in ("css", "fonts", "img", "js")]
# htmx for the filing wizard's steps (openecf/filing/templates/filing/wizard/_scripts.html).
_HTMX = BASE_DIR / "openecf" / "web" / "frontend" / "node_modules" / "htmx.org" / "dist"
STATICFILES_DIRS.append(("htmx", _HTMX))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
