"""The empty task the reminder benchmark measures Celery itself with (same broker, same
workers, same settings: late acknowledgement, prefetch 1)."""

from celery import shared_task


@shared_task(name="bench.empty_task.noop")
def noop() -> None:
    return None
