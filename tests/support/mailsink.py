"""A real SMTP server for tests: it records which reminder each accepted message carries and
how many sessions were opened; it can refuse the messages of chosen reminders, and hold one
message open (the sender waits for the server's answer) so a test can kill the sender in the
middle of a send."""

import asyncio
import threading
from collections import Counter
from email import message_from_bytes

from aiosmtpd.controller import Controller


class RecordingSink:
    def __init__(self, hold_message_number: int | None = None, refuse=()):
        self.deliveries: Counter[int] = Counter()
        self.refuse = set(refuse)
        self.sessions = 0
        self.hold_message_number = hold_message_number
        self.held_reminder: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self._received = 0
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        with self._lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        reminder_id = int(message_from_bytes(envelope.content)["X-Relmgmt-Reminder"])
        if reminder_id in self.refuse:
            return "554 Transaction failed: refused by the test"
        with self._lock:
            self._received += 1
            hold = self._received == self.hold_message_number
        if hold:
            self.held_reminder = reminder_id
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        # Accepted: a real server would deliver it now, whether or not the sender still
        # listens. A held message is therefore the one possible duplicate.
        with self._lock:
            self.deliveries[reminder_id] += 1
        return "250 Message accepted for delivery"

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self.deliveries.values())


class MailSink:
    def __init__(self, port: int, **options):
        self.handler = RecordingSink(**options)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    def __enter__(self) -> RecordingSink:
        self.controller.start()
        return self.handler

    def __exit__(self, *exc):
        self.handler.release.set()
        self.controller.stop()
