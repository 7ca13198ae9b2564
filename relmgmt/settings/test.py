"""Fast settings for the test suite; the database still comes from DATABASE_URL."""

import tempfile
from pathlib import Path

from relmgmt.settings.base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-production-use-only-in-the-test-suite"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="relmgmt-test-media-")
ALLOWED_HOSTS = ["*"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # A file per worker (the runner adds the worker's suffix) with the product's WAL journal
    # and busy timeout: the test runner's default, a shared in-memory database, locks whole
    # tables and fails at once where the product waits, so a browser journey's page and a
    # background poll writing together failed there and nowhere else.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="relmgmt-test-db-")) / "test.sqlite3")
    }
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = tempfile.mkdtemp(prefix="relmgmt-test-static-")
# Each test gets its own file of published audit heads (tests/conftest.py).
RELMGMT_AUDIT_HEADS_FILE = tempfile.mkdtemp(prefix="relmgmt-test-heads-") + "/heads.jsonl"
WHITENOISE_USE_FINDERS = True
