"""The product's settings with the benchmarks' URLs (``bench.urls``: the product's, plus the
bare views), for the gunicorn and Celery worker a benchmark starts (``bench_mixed_load``).
Static files are named as they are, without collectstatic's manifest: no page of the load
fetches them.

For processes that import ``relmgmt`` before the settings (gunicorn's ``relmgmt.wsgi``,
``celery -A relmgmt``): ``relmgmt`` reads the settings as it is imported, so a settings
module outside it cannot be the first thing imported (``manage.py`` runs under
``relmgmt.settings.base``)."""

from relmgmt.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
