"""Production settings: everything secret or host-specific must come from the environment."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from relmgmt.env import env_bool, env_int, env_str
from relmgmt.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("Set the environment variable SECRET_KEY; it is empty.")
DEBUG = False
RELMGMT_PRODUCTION = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Static files are collected when the image is built, so they may live outside the data
# directory (RELMGMT_VAR_DIR) that volumes are mounted on.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
