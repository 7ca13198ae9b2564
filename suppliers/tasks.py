"""The suppliers app's Celery tasks (found by the worker's autodiscovery)."""

from suppliers.tasks_scorecards import (  # noqa: F401
    dispatch_scorecard_recalculation,
    recompute_organization_scorecards,
    run_recompute_job,
)
