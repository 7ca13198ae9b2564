"""Production settings: everything secret or host-specific must come from the environment."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from relmgmt.env import env_bool, env_int, env_str
from relmgmt.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("Set the environment variable SECRET_KEY; it is empty.")
# The audit trail's key (relmgmt.audit.hashing): never the derived default here.
RELMGMT_AUDIT_KEY = env_str("RELMGMT_AUDIT_KEY", "")
if not RELMGMT_AUDIT_KEY.strip():
    raise ImproperlyConfigured(
        "Set the environment variable RELMGMT_AUDIT_KEY (a random secret kept out of the "
        "database, like SECRET_KEY); it is empty."
    )
DEBUG = False
RELMGMT_PRODUCTION = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
# HSTS for every subdomain, and the browsers' preload list, are choices of the domain's
# owner (preload takes months to undo): off unless chosen. Django's deploy checks ask for
# both; they are silenced only while the choice is "off", so check --deploy stays quiet.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Static files are collected when the image is built, so they may live outside the data
# directory (RELMGMT_VAR_DIR) that volumes are mounted on.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
