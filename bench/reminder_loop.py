"""Runs in a subprocess on the reminder benchmark's database: ``python -m
bench.reminder_loop PART PARTS`` is the hand-written baseline of the reminder benchmark.

For the organisations whose id modulo PARTS is PART, it takes the pending reminders in
batches of the product's size (``SEND_BATCH``), opens one SMTP session per batch, and for
each reminder sends one message to the organisation's owner and commits one row marked
sent: the least a sender that loses nothing can do. No claim, no recipients worked out,
no template, no in-app notification.
"""

import os
import smtplib
import sys
from email.message import EmailMessage


def main(part: int, parts: int) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from relmgmt.notifications.tasks import SEND_BATCH

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.organization_id, u.email FROM tenancy_membership m "
            "JOIN accounts_user u ON u.id = m.user_id"
        )
        owners = dict(cursor.fetchall())
        cursor.execute(
            "SELECT organization_id, id FROM notifications_reminder "
            "WHERE status = 'pending' AND organization_id %% %s = %s "
            "ORDER BY organization_id, id",
            [parts, part],
        )
        rows = cursor.fetchall()
    by_organization: dict[int, list[int]] = {}
    for organization_id, reminder_id in rows:
        by_organization.setdefault(organization_id, []).append(reminder_id)
    sent = 0
    for organization_id, ids in by_organization.items():
        for start in range(0, len(ids), SEND_BATCH):
            session = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=30)
            for reminder_id in ids[start : start + SEND_BATCH]:
                message = EmailMessage()
                message["From"] = settings.DEFAULT_FROM_EMAIL
                message["To"] = owners[organization_id]
                message["Subject"] = f"Review due (reminder {reminder_id})"
                message.set_content("A review is due.")
                session.send_message(message)
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE notifications_reminder SET status = 'sent', sent_at = %s "
                        "WHERE id = %s AND status = 'pending'",
                        [timezone.now(), reminder_id],
                    )
                sent += 1
            session.quit()
    print(sent)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2])))
