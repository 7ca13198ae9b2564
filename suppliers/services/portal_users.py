"""When a supplier's portal users change (one joins, leaves, or is moved to another supplier
or role), the reminders addressed to that supplier's portal users follow: certificate
expiry warnings, questionnaires' due reminders and requests' due-soon reminders go to the
users it has now, and stop going to those it no longer has. Called by the membership
services, in their transaction."""

from relmgmt.core.scoping import org_scope
from suppliers.models import Supplier
from suppliers.services import certificates, questionnaires, supplier_requests


def portal_users_changed(*, organization, supplier_ids) -> None:
    ids = {supplier_id for supplier_id in supplier_ids if supplier_id is not None}
    if not ids:
        return
    with org_scope(organization):
        suppliers = list(Supplier.objects.filter(organization=organization, pk__in=ids))
    for supplier in suppliers:
        certificates.reschedule_supplier(organization=organization, supplier=supplier)
        questionnaires.reschedule_supplier(organization=organization, supplier=supplier)
        supplier_requests.reschedule_supplier(organization=organization, supplier=supplier)
