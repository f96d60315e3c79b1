"""Security: secret key, hosts, cookies."""

import datetime as dt

from csp.constants import NONE, SELF, UNSAFE_INLINE

from openecf.settings.env import env_bool, env_int, env_str

# The embedded default runs on one machine; any real deployment sets DJANGO_SECRET_KEY.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "openecf-embedded-default-not-for-production")
ALLOWED_HOSTS = [h for h in env_str("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Secure even in the embedded default: browsers accept Secure cookies from http://localhost and 127.0.0.1.
SESSION_COOKIE_SECURE = env_bool("OPENECF_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Sign-in lockout (django-axes): five failed attempts on one username lock it for half an hour.
AXES_FAILURE_LIMIT = env_int("OPENECF_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("OPENECF_LOGIN_LOCKOUT_MINUTES", 30))
# By username, so that an unknown username is locked exactly like a real one and reveals nothing.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "openecf.signin.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "openecf.signin.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not extend it: the page can say when to try again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# axes keeps the POST data of failed attempts; codes and passwords must never be among it.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "password",
    "code",
    "one_time_code",
    "email_code",
    "client_code",
    "old_password",
    "new_password1",
    "new_password2",
    # Manage My Account: a wrong current password counts towards the lockout too.
    "current_password",
    "new_password",
    "new_password_confirm",
]
# axes warns that a lockout without the IP address can be dodged by changing user agents; a lockout by
# username cannot, whatever the client sends, so the warning does not apply here.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# A change of an account's e-mail addresses can be undone from the link e-mailed to the address in place
# before it, for this many days.
EMAIL_CHANGE_UNDO_DAYS = env_int("OPENECF_EMAIL_CHANGE_UNDO_DAYS", 7)

# --- HTTPS: on when the site is served over HTTPS (directly or behind a proxy that says so) -----------
OPENECF_HTTPS = env_bool("OPENECF_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("OPENECF_SSL_REDIRECT", OPENECF_HTTPS)
# Behind a proxy that ends TLS, its X-Forwarded-Proto says whether the client used HTTPS.
if env_int("OPENECF_TRUSTED_PROXIES", 0) > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS is sent only on HTTPS responses; a year once the site says it is HTTPS.
SECURE_HSTS_SECONDS = env_int("OPENECF_HSTS_SECONDS", 31_536_000 if OPENECF_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("OPENECF_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("OPENECF_HSTS_PRELOAD", False)

# --- Content-Security-Policy (django-csp): scripts and style sheets from this site only --------------
# No inline script anywhere (pages load their scripts from /static/); style attributes are allowed, as
# USWDS and the API docs' Swagger UI set them, but not inline <style> elements.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# A refused form (an expired or missing CSRF token) gets a page in the site's look that says what to do.
CSRF_FAILURE_VIEW = "openecf.web.security.csrf_failure"

# --- Idle sessions: PACER signs out a session left idle; so does this site -----------------------------
OPENECF_SESSION_IDLE_MINUTES = env_int("OPENECF_SESSION_IDLE_MINUTES", 30)
