import socket

from celery import shared_task

from relmgmt.operator.services import tick_record

WORKER_HEARTBEAT = "relmgmt.operator.tasks.worker_heartbeat"


@shared_task(name=WORKER_HEARTBEAT)
def worker_heartbeat() -> None:
    """Sent by beat as often as the reminder dispatcher: a worker that runs it is taking
    work from the queue."""
    tick_record(name="worker", detail=socket.gethostname())
