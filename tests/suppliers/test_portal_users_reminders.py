"""Reminders addressed to a supplier's portal users follow its portal users: one who joins
later is reminded of what is already open, one moved to another supplier stops hearing
about the first (and hears about the second), one removed hears nothing more."""

import pytest

from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from relmgmt.policy import Role
from relmgmt.tenancy import services as tenancy_services

from .questionnaire_helpers import build_template, send
from .test_certificates import add
from .test_portal_services import raise_request


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def reminded(org, supplier) -> dict[str, set[int]]:
    """Kind -> the users named on the supplier's open reminders of that kind that go to its
    portal users (certificate warnings, questionnaire due, request due soon; not the
    request's overdue reminder, which goes to the owner)."""
    found: dict[str, set[int]] = {}
    with org_scope(org):
        records = {
            "suppliers.certificate": [str(c.pk) for c in supplier.certificates.all()],
            "suppliers.questionnairerequest": [str(q.pk) for q in supplier.questionnaires.all()],
            "suppliers.supplierrequest": [str(r.pk) for r in supplier.requests.all()],
        }
        for label, ids in records.items():
            for reminder in (
                Reminder.objects.filter(
                    model_label=label,
                    object_id__in=ids,
                    status=Reminder.Status.PENDING,
                    escalation_level=0,
                )
                .exclude(kind="suppliers.request_overdue")
                .prefetch_related("recipients")
            ):
                found.setdefault(reminder.kind, set()).update(
                    user.pk for user in reminder.recipients.all()
                )
    return found


def everything_open(org, manager, supplier):
    add(org, manager.user, supplier, days=45)
    template = build_template(org, manager.user, name=f"Self-assessment {supplier.code}")
    send(org, manager.user, template, supplier, days=10)
    raise_request(org, manager, supplier, days=10)


def test_a_portal_user_who_joins_later_is_reminded_of_what_is_open(
    org, manager, make_supplier, make_member, make_user
):
    supplier = make_supplier(org)
    everything_open(org, manager, supplier)
    with org_scope(org):
        kinds = set(reminded(org, supplier))
    assert {"suppliers.questionnaire_due", "suppliers.request_due_soon"} < kinds
    assert "suppliers.certificate_expiring_30" in kinds
    assert not any(reminded(org, supplier).values())

    joined = make_member(org, Role.SUPPLIER, supplier=supplier)
    with org_scope(org):
        assert all(joined.user.pk in users for users in reminded(org, supplier).values())
        assert set(reminded(org, supplier)) == kinds


def test_a_portal_user_moved_or_removed_stops_being_reminded(
    org, admin, manager, make_supplier, make_member
):
    first, second = make_supplier(org), make_supplier(org)
    for supplier in (first, second):
        everything_open(org, manager, supplier)
    portal_user = make_member(org, Role.SUPPLIER, supplier=first)
    user = portal_user.user
    with org_scope(org):
        assert all(user.pk in users for users in reminded(org, first).values())
        assert not any(user.pk in users for users in reminded(org, second).values())

    tenancy_services.membership_update(
        organization=org,
        actor=admin.user,
        membership=portal_user,
        role=Role.SUPPLIER,
        supplier=second,
        reason="Moved to the sister company",
    )
    with org_scope(org):
        assert not any(user.pk in users for users in reminded(org, first).values())
        assert all(user.pk in users for users in reminded(org, second).values())

    tenancy_services.membership_remove(
        organization=org, actor=admin.user, membership=portal_user, reason="Left"
    )
    with org_scope(org):
        assert not any(user.pk in users for users in reminded(org, second).values())
