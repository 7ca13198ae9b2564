"""Celery entry points of the reminder engine. Beat runs the two dispatchers; each fans out
one task per organisation (and per batch of reminders); the tasks call the services."""

import logging

from celery import shared_task
from django.db import transaction

from relmgmt.core.scoping import scopes_disabled
from relmgmt.core.tasks import tenant_task
from relmgmt.notifications.models import Notification
from relmgmt.notifications.services import digest, dispatch
from relmgmt.tenancy.models import Organization

logger = logging.getLogger(__name__)

SEND_BATCH = 100


@shared_task
def dispatch_due_reminders(limit: int = 5000) -> int:
    """Claim what is due and enqueue its sends, after the claim has committed."""
    claimed = 0
    while True:
        with transaction.atomic():
            claim = dispatch.claim_due(limit=limit)
            for organization_id, ids in claim.by_organization.items():
                for start in range(0, len(ids), SEND_BATCH):
                    batch = ids[start : start + SEND_BATCH]
                    transaction.on_commit(
                        lambda o=organization_id, b=batch, t=str(claim.token): send_reminders.delay(
                            o, b, t
                        )
                    )
        claimed += claim.count
        if claim.count < limit:
            return claimed


@tenant_task()
def send_reminders(organization_id: int, reminder_ids: list[int], token: str) -> dict:
    organization = Organization.objects.get(pk=organization_id)
    return dispatch.send_batch(organization=organization, reminder_ids=reminder_ids, token=token)


@shared_task
def dispatch_digests() -> int:
    """Hourly: each organisation where the digest hour has come gets one digest task."""
    with scopes_disabled():
        organization_ids = set(
            Notification.objects.filter(email=Notification.Email.DIGEST)
            .values_list("organization_id", flat=True)
            .distinct()
        )
    organizations = Organization.objects.filter(pk__in=organization_ids)
    due = [org.pk for org in organizations if digest.digest_due(org)]
    for organization_id in due:
        send_digests.delay(organization_id)
    return len(due)


@tenant_task()
def send_digests(organization_id: int) -> int:
    from django.contrib.auth import get_user_model

    organization = Organization.objects.get(pk=organization_id)
    sent = 0
    for user in get_user_model().objects.filter(
        pk__in=digest.users_waiting_for_a_digest(organization)
    ):
        try:
            sent += 1 if digest.digest_send(organization=organization, user=user) else 0
        except Exception:  # one person's mail problem must not stop the others' digests
            logger.exception(
                "Digest for user %s of organisation %s failed", user.pk, organization_id
            )
    return sent
