"""Reminders sent per second by 2 worker processes, beside a hand-written loop writing the
same rows (2 processes, the same batches over the same SMTP sink; per reminder one message
in two parts sent, its row marked sent and the recipient's in-app notification committed:
the rows are checked equal), the floor beside it (the same loop without the notification,
a plain message) and Celery's own rate for an empty task on the same Redis and the same
workers, in the same run.

100,000 reminders due now across 50 organisations (``BENCH_REMINDERS`` for another count),
in a database of their own (SQLite file, or a fresh PostgreSQL database when DATABASE_URL is
set), a private Redis, and a local SMTP sink (aiosmtpd). One dispatch claims them and fans
the sends out per organisation in batches; the clock stops when every row is sent. The
loops (``bench.reminder_loop``) run first on the same rows, which are then set pending again
(and the loop's notifications deleted).
The empty task's rate is taken the same way as the reminders': enqueue, and stop when the
queue is drained and nothing is left unacknowledged. The aim: the product at 0.8x the loop.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from celery import Celery

from tests.support.stack import ROOT, PrivateRedis, SharedDatabase, Stack, wait_until

REMINDERS = int(os.environ.get("BENCH_REMINDERS", "100000"))
ORGANIZATIONS = 50
EMPTY_TASKS = int(os.environ.get("BENCH_EMPTY_TASKS", "20000"))


def run():
    folder = Path(tempfile.mkdtemp(prefix="relmgmt-bench-reminders-"))
    database = SharedDatabase(folder)
    broker = PrivateRedis(folder)
    broker.start()
    stack = Stack(
        folder,
        database,
        broker,
        # Longer than the whole run: no claim expires and is sent again while it waits.
        RELMGMT_REMINDER_LEASE_SECONDS="7200",
        LOG_LEVEL="WARNING",
    )
    sink = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
        + ["-l", f"127.0.0.1:{stack.mail_port}"],
        stdout=subprocess.DEVNULL,
    )
    try:
        stack.run("manage.py", "migrate", "--noinput", "-v0")
        started = time.perf_counter()
        stack.run("-m", "bench.seed_reminders", str(REMINDERS), str(ORGANIZATIONS))
        print(
            f"seeded {REMINDERS:,} reminders in {ORGANIZATIONS} organisations: "
            f"{time.perf_counter() - started:.1f} s ({backend(database)})"
        )
        floor = loop_rate(stack, database, floor=True)
        loop = loop_rate(stack, database)
        stack.start("worker", "--include", "bench.empty_task", "--loglevel", "WARNING")
        client = Celery(broker=broker.url)
        queue = redis.Redis.from_url(broker.url)
        empty_rate = empty_task_rate(client, queue, stack)
        reminder_rate = reminders_rate(client, database, stack)
        assert notifications(database) == REMINDERS, "the product wrote other rows"
        print(f"hand-written loop, 2 processes:     {loop:,.0f} reminders/s ({REMINDERS:,})")
        print(f"the floor (no notification):        {floor:,.0f} reminders/s")
        print(f"reminders sent, 2 worker processes: {reminder_rate:,.0f}/s ({REMINDERS:,})")
        print(f"ratio to the loop:                  {reminder_rate / loop:.2f} (aim: 0.8)")
        print(f"ratio to the floor:                 {reminder_rate / floor:.2f}")
        print(f"empty task, 2 worker processes:     {empty_rate:,.0f} tasks/s ({EMPTY_TASKS:,})")
        print(f"ratio to the empty task's rate:     {reminder_rate / empty_rate:.2f}")
    finally:
        stack.stop_all()
        sink.kill()
        broker.stop()
        database.drop()
        shutil.rmtree(folder, ignore_errors=True)


def notifications(database) -> int:
    return database.rows("SELECT count(*) FROM notifications_notification")[0][0]


def loop_rate(stack, database, *, floor: bool = False) -> float:
    """A loop on the seeded rows (the floor's, or the baseline's with the same rows as the
    product's), then the rows set pending again for the next."""
    command = [sys.executable, "-m", "bench.reminder_loop"]
    started = time.perf_counter()
    loops = [
        subprocess.Popen(  # noqa: S603
            [*command, str(part), "2", *(["floor"] if floor else [])], cwd=ROOT, env=stack.env
        )
        for part in range(2)
    ]
    assert all(loop.wait(timeout=3600) == 0 for loop in loops)
    seconds = time.perf_counter() - started
    sent = database.rows("SELECT count(*) FROM notifications_reminder WHERE status = 'sent'")
    assert sent[0][0] == REMINDERS, sent
    assert notifications(database) == (0 if floor else REMINDERS)
    database.execute("DELETE FROM notifications_notification")
    database.execute(
        "UPDATE notifications_reminder SET status = 'pending', sent_at = NULL WHERE status = 'sent'"
    )
    return REMINDERS / seconds


def backend(database) -> str:
    return "PostgreSQL" if database.postgres else "SQLite"


def drained(queue) -> bool:
    return queue.llen("celery") == 0 and queue.hlen("unacked") == 0


def empty_task_rate(client, queue, stack) -> float:
    warm = [client.send_task("bench.empty_task.noop") for _ in range(200)]
    wait_until(lambda: drained(queue), timeout=120, what="warm-up", diagnose=stack.logs)
    del warm
    started = time.perf_counter()
    with client.producer_or_acquire() as producer:
        for _ in range(EMPTY_TASKS):
            client.send_task("bench.empty_task.noop", producer=producer)
    wait_until(lambda: drained(queue), timeout=3600, what="empty tasks", diagnose=stack.logs)
    return EMPTY_TASKS / (time.perf_counter() - started)


def reminders_rate(client, database, stack) -> float:
    def statuses() -> dict[str, int]:
        # A row back in pending after an attempt waits for its retry: it is done for now.
        return dict(
            database.rows(
                "SELECT CASE WHEN status = 'pending' AND attempts > 0 THEN 'to retry' "
                "ELSE status END, count(*) FROM notifications_reminder GROUP BY 1"
            )
        )

    def done() -> bool:
        now = statuses()
        return now.get("sent", 0) + now.get("to retry", 0) + now.get("failed", 0) >= REMINDERS

    started = time.perf_counter()
    client.send_task("relmgmt.notifications.tasks.dispatch_due_reminders")
    wait_until(done, timeout=3600, what="every reminder", diagnose=stack.logs)
    seconds = time.perf_counter() - started
    left = statuses()
    if left != {"sent": REMINDERS}:
        print(f"not all sent at the first attempt: {left}")
    return left.get("sent", 0) / seconds
