"""The suppliers app's Celery tasks, one module per area; the worker's autodiscovery imports
this package, which imports them. Each task keeps the name it was registered under (its
module's old path): queued messages and the beat schedule name it."""

from suppliers.tasks import scorecards  # noqa: F401
