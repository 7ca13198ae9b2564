"""Runs in a subprocess on the reminder benchmark's database: ``python -m
bench.reminder_loop PART PARTS [floor]`` is the hand-written baseline of the reminder
benchmark.

For the organisations whose id modulo PARTS is PART, it takes the pending reminders in
batches of the product's size (``SEND_BATCH``), opens one SMTP session per batch, and for
each reminder sends one message to the organisation's owner and commits its row marked
sent with the owner's in-app notification: the same rows the product writes, and a message
in two parts (text and HTML) as the product's, but no claim, no recipients worked out and no
template. With ``floor``, the least a sender that loses nothing can do: a plain message and
the row marked sent, no notification.
"""

import os
import smtplib
import sys
from email.message import EmailMessage


def main(part: int, parts: int, floor: bool) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from relmgmt.notifications.tasks import SEND_BATCH

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.organization_id, u.email, u.id FROM tenancy_membership m "
            "JOIN accounts_user u ON u.id = m.user_id"
        )
        owners = {organization_id: (email, pk) for organization_id, email, pk in cursor}
        cursor.execute(
            "SELECT organization_id, id, kind, object_repr, url FROM notifications_reminder "
            "WHERE status = 'pending' AND organization_id %% %s = %s "
            "ORDER BY organization_id, id",
            [parts, part],
        )
        rows = cursor.fetchall()
    by_organization: dict[int, list[int]] = {}
    for organization_id, *reminder in rows:
        by_organization.setdefault(organization_id, []).append(reminder)
    sent = 0
    for organization_id, ids in by_organization.items():
        for start in range(0, len(ids), SEND_BATCH):
            session = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=30)
            for reminder_id, kind, what, url in ids[start : start + SEND_BATCH]:
                email, user_id = owners[organization_id]
                title = f"Review due: {what}"
                message = EmailMessage()
                message["From"] = settings.DEFAULT_FROM_EMAIL
                message["To"] = email
                message["Subject"] = title
                message.set_content(f"{title}\n{url}")
                if not floor:
                    message.add_alternative(f"<p><a href='{url}'>{title}</a></p>", subtype="html")
                session.send_message(message)
                now = timezone.now()
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE notifications_reminder SET status = 'sent', sent_at = %s "
                        "WHERE id = %s AND status = 'pending'",
                        [now, reminder_id],
                    )
                    if not floor:
                        cursor.execute(
                            "INSERT INTO notifications_notification (organization_id, "
                            "created_at, user_id, reminder_id, kind, title, body, url, email) "
                            "VALUES (%s, %s, %s, %s, %s, %s, '', %s, 'sent')",
                            [organization_id, now, user_id, reminder_id, kind, title, url],
                        )
                sent += 1
            session.quit()
    print(sent)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:] == ["floor"]))
