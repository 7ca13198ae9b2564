"""Reminders addressed to a supplier's portal users follow its portal users: one who joins
later is reminded of what is already open, one moved to another supplier stops hearing
about the first (and hears about the second), one removed hears nothing more; and each
side is sent to a page it may open (the buyer's pages for staff, the portal for suppliers)."""

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


def test_each_side_is_sent_to_a_page_it_may_open(
    org, manager, make_supplier, make_member, client_for, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.utils import timezone

    from relmgmt.notifications.models import Notification
    from relmgmt.notifications.tasks import dispatch_due_reminders
    from suppliers.services import register as supplier_services

    supplier = make_supplier(org)
    supplier_services.supplier_update(
        organization=org, actor=manager.user, supplier=supplier, data={"owner": manager.user}
    )
    portal_user = make_member(org, Role.SUPPLIER, supplier=supplier)
    with org_scope(org):
        supplier.refresh_from_db()
    add(org, manager.user, supplier, days=5)  # only the 7-day warning, due now
    raise_request(org, manager, supplier, days=2)  # due soon: the portal users hear now
    with org_scope(org):
        Reminder.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due_reminders()

    with org_scope(org):
        links = {
            (n.user_id, n.kind): n.url
            for n in Notification.objects.filter(kind__startswith="suppliers.")
        }
    warning = "suppliers.certificate_expiring_7"
    assert links[(manager.user.pk, warning)].startswith(f"/o/{org.slug}/suppliers/")
    assert links[(portal_user.user.pk, warning)] == f"/portal/{org.slug}/certificates/"
    assert links[(portal_user.user.pk, "suppliers.request_due_soon")].startswith(
        f"/portal/{org.slug}/requests/"
    )
    for member in (manager, portal_user):
        client = client_for(member)
        for (user_id, _kind), url in links.items():
            if user_id == member.user.pk:
                assert client.get(url).status_code == 200, url
    # One email per page: the owner's names the buyer's page, the portal user's the portal.
    warnings = [message for message in mail.outbox if "certificate" in message.subject]
    sent = {tuple(message.to): message.body for message in warnings}
    assert f"/portal/{org.slug}/certificates/" in sent[(portal_user.user.email,)]
    assert f"/o/{org.slug}/suppliers/" in sent[(manager.user.email,)]
