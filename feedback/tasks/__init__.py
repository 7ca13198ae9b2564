"""The feedback app's Celery tasks, one module per area; the worker's autodiscovery imports
this package, which imports them."""

from feedback.tasks import surveys  # noqa: F401
