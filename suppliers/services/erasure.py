"""What the suppliers app erases when a contact is erased: the contact's data in the
profile changes its supplier proposed through the portal (a change of the contact, or the
proposal that added it), and in their audit events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.redaction import redact_history, scrub
from suppliers.models import ProfileChange

if TYPE_CHECKING:
    from parties.models import Contact
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization


def profile_changes_erase(
    *, organization: Organization, actor: User | None, contact: Contact, former: dict, reason: str
) -> None:
    words = [value for value in former.values() if isinstance(value, str)]
    changes = ProfileChange.objects.filter(
        Q(contact=contact) | Q(contact__isnull=True, supplier__party_id=contact.party_id)
    ).order_by("pk")
    for change in changes:
        proposed = {
            key: scrub(value, words) if isinstance(value, str) else value
            for key, value in change.proposed.items()
        }
        if change.contact_id == contact.pk:
            proposed = dict.fromkeys(change.proposed, "")
        comment = scrub(change.comment, words)
        changed = [
            field
            for field, old, new in (
                ("proposed", change.proposed, proposed),
                ("comment", change.comment, comment),
            )
            if old != new
        ]
        if not changed:
            continue
        change.proposed, change.comment = proposed, comment
        with acting_as(actor), audit_reason(reason):
            change.save(update_fields=changed)
            redact_history(organization=organization, record=change, fields=changed, reason=reason)
