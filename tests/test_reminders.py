"""The reminder engine: schedule, move, cancel, claim, send, retry, escalate, digest."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from relmgmt.core.scoping import org_scope
from relmgmt.notifications import kinds
from relmgmt.notifications.models import DigestRun, Notification, Reminder
from relmgmt.notifications.services import digest, dispatch, inbox, scheduling
from relmgmt.notifications.tasks import dispatch_due_reminders
from relmgmt.policy import Role
from relmgmt.tenancy import services as tenancy_services

OWNERS: dict[int, int] = {}  # supplier id -> user id, for the test kind's owner

TEST_KIND = kinds.register(
    kinds.ReminderKind(
        key="tests.supplier_review",
        label="Supplier review due",
        model_label="suppliers.supplier",
        is_done=lambda supplier: supplier.code.startswith("DONE"),
        owner=lambda supplier: get_user_model().objects.filter(pk=OWNERS.get(supplier.pk)).first(),
        escalate_after_days=3,
    )
)


@pytest.fixture
def supplier(org, make_supplier):
    return make_supplier(org, name="Northwind")


def schedule(org, supplier, recipients, due=None, **kwargs):
    return scheduling.reminder_schedule(
        organization=org,
        kind=TEST_KIND.key,
        record=supplier,
        due_date=due or timezone.localdate(),
        recipients=[m.user for m in recipients],
        url=f"/o/{org.slug}/",
        **kwargs,
    )


def make_due(org):
    with org_scope(org):
        Reminder.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=1))


def run_dispatch(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return dispatch_due_reminders()


def test_scheduling_twice_is_harmless(org, supplier, manager):
    first = schedule(org, supplier, [manager])
    second = schedule(org, supplier, [manager])
    assert first.pk == second.pk
    with org_scope(org):
        assert Reminder.objects.filter(escalation_level=0).count() == 1
        assert Reminder.objects.count() == 3, "the reminder and its two escalations"


def test_moving_the_due_date_cancels_the_old_reminder(org, supplier, manager):
    old = schedule(org, supplier, [manager], due=date(2030, 1, 10))
    new = schedule(org, supplier, [manager], due=date(2030, 2, 10))
    with org_scope(org):
        old.refresh_from_db()
        assert old.status == "cancelled" and old.cancelled_reason == "moved to 2030-02-10"
        assert new.status == "pending"
        assert new.send_at.date() == date(2030, 2, 10)


def test_cancelling_stops_every_open_reminder_of_the_record(org, supplier, manager):
    schedule(org, supplier, [manager])
    assert scheduling.reminders_cancel(organization=org, record=supplier, reason="done") == 3


def test_a_due_reminder_is_sent_once_by_email_and_in_app(
    org, supplier, manager, django_capture_on_commit_callbacks
):
    schedule(org, supplier, [manager], due=timezone.localdate() + timedelta(days=30))
    with org_scope(org):
        Reminder.objects.filter(escalation_level=0).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
    assert run_dispatch(django_capture_on_commit_callbacks) == 1
    assert run_dispatch(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [manager.user.email]
    assert org.name in message.from_email and "Northwind" in message.subject
    assert f"/o/{org.slug}/" in message.body
    with org_scope(org):
        reminder = Reminder.objects.get(escalation_level=0)
        assert reminder.status == "sent" and reminder.sent_at
        assert Notification.objects.get(user=manager.user).title == message.subject


def test_a_second_send_with_the_same_claim_is_skipped(org, supplier, manager):
    schedule(org, supplier, [manager])
    make_due(org)
    claim = dispatch.claim_due()
    (reminder_id, *_rest) = claim.by_organization[org.pk]
    token = str(claim.token)
    assert dispatch.send_reminder(organization=org, reminder_id=reminder_id, token=token) == "sent"
    assert (
        dispatch.send_reminder(organization=org, reminder_id=reminder_id, token=token) == "skipped"
    )
    assert len(mail.outbox) == 1


def test_a_suspended_organisations_reminders_wait_until_it_is_resumed(org, supplier, manager):
    from relmgmt.core.tasks import tenant_task
    from relmgmt.operator import services as operator_services

    operator = get_user_model().objects.create_user(
        email="operator@example.test", is_superuser=True, is_staff=True
    )
    schedule(org, supplier, [manager])
    make_due(org)
    operator_services.organization_suspend(actor=operator, organization=org, reason="Unpaid")
    assert dispatch.claim_due().count == 0
    ran = []

    @tenant_task(name="tests.suspended_probe")
    def probe(organization_id):
        ran.append(organization_id)
        return "ran"

    assert probe.apply(args=(org.pk,)).get() is None and ran == []
    operator_services.organization_resume(actor=operator, organization=org, reason="Paid")
    assert dispatch.claim_due().count == 3  # the review and its two escalations
    assert probe.apply(args=(org.pk,)).get() == "ran" and ran == [org.pk]


def test_a_claim_whose_lease_ran_out_is_taken_over(org, supplier, manager):
    schedule(org, supplier, [manager])
    make_due(org)
    first = dispatch.claim_due()
    assert dispatch.claim_due().count == 0, "claimed rows are not claimed twice"
    later = timezone.now() + dispatch.lease() + timedelta(seconds=1)
    second = dispatch.claim_due(now=later)
    assert second.count == first.count
    reminder_id = first.by_organization[org.pk][0]
    assert (
        dispatch.send_reminder(organization=org, reminder_id=reminder_id, token=str(first.token))
        == "skipped"
    ), "the dead sender's claim is void"
    assert (
        dispatch.send_reminder(organization=org, reminder_id=reminder_id, token=str(second.token))
        == "sent"
    )


def test_a_refusing_mail_server_leaves_the_reminder_retryable_then_failed(
    org, supplier, manager, admin, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    schedule(org, supplier, [manager])
    for attempt in range(1, dispatch.MAX_ATTEMPTS + 1):
        make_due(org)
        claim = dispatch.claim_due()
        reminder_id = min(claim.by_organization[org.pk])
        outcome = dispatch.send_reminder(
            organization=org, reminder_id=reminder_id, token=str(claim.token)
        )
        with org_scope(org):
            reminder = Reminder.objects.get(pk=reminder_id)
        assert reminder.attempts == attempt
        assert "Connection refused" in reminder.last_error or "Errno" in reminder.last_error
        if attempt < dispatch.MAX_ATTEMPTS:
            assert outcome == "retry" and reminder.status == "pending"
            assert reminder.next_attempt_at > timezone.now()
            with org_scope(org):
                assert not Notification.objects.filter(user=manager.user).exists()
    assert outcome == "failed" and reminder.status == "failed"
    with org_scope(org):
        told = Notification.objects.get(user=admin.user, kind="notifications.reminder_failed")
    assert "Northwind" in told.title and told.body


def test_a_reminder_of_a_deleted_record_is_cancelled(org, supplier, manager):
    schedule(org, supplier, [manager])
    with org_scope(org):
        supplier.delete()
    make_due(org)
    claim = dispatch.claim_due()
    for reminder_id in claim.by_organization[org.pk]:
        assert (
            dispatch.send_reminder(
                organization=org, reminder_id=reminder_id, token=str(claim.token)
            )
            == "cancelled"
        )
    with org_scope(org):
        assert set(Reminder.objects.values_list("cancelled_reason", flat=True)) == {
            "the record was deleted"
        }
    assert mail.outbox == []


def test_a_recipient_who_left_never_receives_it(org, supplier, manager, admin, make_member):
    colleague = make_member(org, Role.MANAGER)
    reminder = schedule(org, supplier, [manager, colleague])
    tenancy_services.membership_remove(organization=org, actor=admin.user, membership=colleague)
    with org_scope(org):
        Reminder.objects.filter(pk=reminder.pk).update(next_attempt_at=timezone.now())
    claim = dispatch.claim_due()
    dispatch.send_reminder(organization=org, reminder_id=reminder.pk, token=str(claim.token))
    assert mail.outbox[0].to == [manager.user.email]
    tenancy_services.membership_remove(organization=org, actor=admin.user, membership=manager)
    again = schedule(org, supplier, [manager], due=timezone.localdate() + timedelta(days=1))
    with org_scope(org):
        Reminder.objects.filter(pk=again.pk).update(next_attempt_at=timezone.now())
    claim = dispatch.claim_due()
    outcome = dispatch.send_reminder(organization=org, reminder_id=again.pk, token=str(claim.token))
    assert outcome == "cancelled"
    with org_scope(org):
        again.refresh_from_db()
    assert again.cancelled_reason == "no recipient is a member any more"


def test_escalation_goes_to_the_owner_then_the_admins_and_stops_when_done(
    org, supplier, manager, admin, make_member
):
    owner = make_member(org, Role.MANAGER)
    OWNERS[supplier.pk] = owner.user.pk
    schedule(org, supplier, [manager], due=timezone.localdate() - timedelta(days=10))
    make_due(org)
    claim = dispatch.claim_due()
    for reminder_id in sorted(claim.by_organization[org.pk]):
        dispatch.send_reminder(organization=org, reminder_id=reminder_id, token=str(claim.token))
    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == sorted([(manager.user.email,), (owner.user.email,), (admin.user.email,)])
    assert any(m.subject.startswith("Escalated, overdue") for m in mail.outbox)

    mail.outbox.clear()
    schedule(org, supplier, [manager], due=timezone.localdate() - timedelta(days=20))
    with org_scope(org):
        supplier.code = "DONE-NORTHWIND"
        supplier.save()
    make_due(org)
    claim = dispatch.claim_due()
    outcomes = {
        dispatch.send_reminder(organization=org, reminder_id=rid, token=str(claim.token))
        for rid in claim.by_organization[org.pk]
    }
    assert outcomes == {"cancelled"} and mail.outbox == []


def test_preferences_digest_and_off(org, supplier, manager, auditor):
    inbox.preferences_save(organization=org, user=manager.user, modes={TEST_KIND.key: "digest"})
    inbox.preferences_save(organization=org, user=auditor.user, modes={TEST_KIND.key: "off"})
    reminder = schedule(org, supplier, [manager, auditor])
    make_due(org)
    claim = dispatch.claim_due()
    dispatch.send_reminder(organization=org, reminder_id=reminder.pk, token=str(claim.token))
    assert mail.outbox == []
    with org_scope(org):
        assert Notification.objects.get(user=manager.user).email == "digest"
        assert not Notification.objects.filter(user=auditor.user).exists()

    assert digest.users_waiting_for_a_digest(org) == [manager.user.pk]
    assert digest.digest_send(organization=org, user=manager.user) == 1
    assert len(mail.outbox) == 1 and "daily summary" in mail.outbox[0].subject
    assert digest.digest_send(organization=org, user=manager.user) == 0, "one a day"
    with org_scope(org):
        assert DigestRun.objects.get().notification_count == 1
        assert Notification.objects.get(user=manager.user).email == "digested"


def test_a_required_kind_cannot_be_switched_off(org, manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        inbox.preferences_save(
            organization=org, user=manager.user, modes={"notifications.reminder_failed": "off"}
        )
    org.settings = {"required_kinds": [TEST_KIND.key]}
    org.save()
    with pytest.raises(ValidationError):
        inbox.preferences_save(organization=org, user=manager.user, modes={TEST_KIND.key: "off"})


def test_a_time_limited_membership_reminds_the_admins_a_week_ahead(admin, auditor):
    organization = admin.organization
    ends = timezone.now() + timedelta(days=20)
    tenancy_services.membership_update(
        organization=organization,
        actor=admin.user,
        membership=auditor,
        role=Role.AUDITOR,
        expires_at=ends,
    )
    with org_scope(organization):
        reminder = Reminder.objects.get(kind="tenancy.membership_ends")
        assert list(reminder.recipients.all()) == [admin.user]
        assert reminder.send_at.date() == (ends - timedelta(days=7)).date()
    tenancy_services.membership_update(
        organization=organization, actor=admin.user, membership=auditor, role=Role.AUDITOR
    )
    with org_scope(organization):
        reminder.refresh_from_db()
    assert reminder.status == "cancelled"


def test_the_pages_show_what_goes_out_and_the_inbox_works(
    org, supplier, manager, admin, client_for, django_capture_on_commit_callbacks
):
    schedule(org, supplier, [manager], due=timezone.localdate() + timedelta(days=5))
    client = client_for(admin)
    page = client.get(f"/o/{org.slug}/reminders/")
    assert page.status_code == 200 and b"Northwind" in page.content
    page = client.get(f"/o/{org.slug}/reminders/", {"status": "sent"})
    assert b"Northwind" not in page.content

    make_due(org)
    run_dispatch(django_capture_on_commit_callbacks)
    client = client_for(manager)
    bell = client.get(f"/o/{org.slug}/notifications/bell/")
    assert b"badge" in bell.content
    inbox_page = client.get(f"/o/{org.slug}/notifications/")
    assert b"Northwind" in inbox_page.content
    with org_scope(org):
        first = Notification.objects.filter(user=manager.user).first()
    read = f"/o/{org.slug}/notifications/{first.pk}/read/"
    opened = client.post(read, {"next": f"/o/{org.slug}/reminders/"})
    assert opened.headers["Location"] == f"/o/{org.slug}/reminders/"
    for elsewhere in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        refused = client.post(read, {"next": elsewhere})
        assert refused.headers["Location"] == f"/o/{org.slug}/notifications/"
    client.post(f"/o/{org.slug}/notifications/read-all/")
    assert b"badge" not in client.get(f"/o/{org.slug}/notifications/bell/").content
    response = client.post(
        f"/o/{org.slug}/notifications/preferences/",
        {
            **{kind.key: "immediate" for kind in kinds.all_kinds()},
            TEST_KIND.key: "digest",
            "tenancy.membership_ends": "off",
        },
    )
    assert response.status_code == 302


def test_reminders_status_prints_the_figures(org, supplier, manager, capsys):
    schedule(org, supplier, [manager])
    call_command("reminders_status")
    out = capsys.readouterr().out
    assert "Pending" in out and "Going out in the coming 30 days" in out


def test_the_reminders_page_uses_a_constant_number_of_queries(
    org, make_supplier, admin, manager, client_for, assert_constant_queries
):
    def grow():
        for _ in range(10):
            schedule(org, make_supplier(org), [manager, admin], due=timezone.localdate())

    schedule(org, make_supplier(org), [manager], due=timezone.localdate())
    assert_constant_queries(client_for(admin), f"/o/{org.slug}/reminders/", grow=grow)


def test_an_admin_requires_a_kind_and_members_can_no_longer_switch_it_off(
    org, admin, manager, client_for
):
    settings_url = f"/o/{org.slug}/settings/"
    client = client_for(admin)
    response = client.post(
        settings_url,
        {"name": org.name, "timezone": org.timezone, "required_kinds": [TEST_KIND.key]},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.settings["required_kinds"] == [TEST_KIND.key]
    with pytest.raises(ValidationError):
        inbox.preferences_save(organization=org, user=manager.user, modes={TEST_KIND.key: "off"})
    page = client_for(manager).get(f"/o/{org.slug}/notifications/preferences/").text
    assert f'name="{TEST_KIND.key}" value="off"' not in page
    assert 'name="tenancy.membership_ends" value="off"' in page
    client = client_for(admin)  # the same test client, signed in again as the admin
    refused = client.post(settings_url, {"name": org.name, "timezone": org.timezone,
                                         "required_kinds": ["no.such.kind"]})  # fmt: skip
    assert refused.status_code == 200
    org.refresh_from_db()
    assert org.settings["required_kinds"] == [TEST_KIND.key]


def test_an_overdue_date_never_schedules_the_due_reminder_after_the_overdue_one(
    org, supplier, manager
):
    today = timezone.localdate()
    first = schedule(org, supplier, [manager], due=today - timedelta(days=10))
    with org_scope(org):
        rows = list(Reminder.objects.order_by("escalation_level"))
        # Nothing goes out on a day already past, and each level no earlier than the last.
        assert [r.send_at.date() for r in rows] == [today, today, today]
        assert [r.escalation_level for r in sorted(rows, key=lambda r: (r.send_at, r.id))] == [
            0,
            1,
            2,
        ]
        # The overdue reminder went out; the first one had been cancelled meanwhile.
        Reminder.objects.filter(escalation_level=1).update(status="sent")
        Reminder.objects.filter(pk=first.pk).update(status="cancelled")
    schedule(org, supplier, [manager], due=today - timedelta(days=10))
    with org_scope(org):
        first.refresh_from_db()
        assert first.status == "cancelled"  # not revived to go out after the overdue one
        Reminder.objects.filter(pk=first.pk).update(status="pending")
    schedule(org, supplier, [manager], due=today - timedelta(days=10))
    with org_scope(org):
        first.refresh_from_db()
        assert first.status == "cancelled"
        assert "already went out" in first.cancelled_reason


def test_the_reminders_page_lists_what_is_still_to_go_out_once_each_soonest_first(
    org, make_supplier, manager, admin, client_for
):
    today = timezone.localdate()
    old = make_supplier(org, name="Oldsent")
    schedule(org, old, [manager], due=today - timedelta(days=400))
    moved = make_supplier(org, name="Movedlater")
    schedule(org, moved, [manager], due=today + timedelta(days=3))
    schedule(org, moved, [manager], due=today + timedelta(days=9))
    soon = make_supplier(org, name="Soonest")
    schedule(org, soon, [manager, admin], due=today + timedelta(days=1))
    with org_scope(org):
        Reminder.objects.filter(object_id=str(old.pk)).update(
            status="sent", sent_at=timezone.now() - timedelta(days=380)
        )
    page = client_for(admin).get(f"/o/{org.slug}/reminders/").content.decode()
    assert "Oldsent" not in page  # went out long ago: under "Sent", not "coming"
    # The reminder moved to a later date shows once, at its new date (and its escalations).
    assert f"due {(today + timedelta(days=3)).isoformat()}" not in page
    assert page.count(f"due {(today + timedelta(days=9)).isoformat()}") == 3
    assert page.index("Soonest") < page.index("Movedlater")
    # Two recipients, still one row per reminder (the reminder and its two escalations).
    assert page.count(f"due {(today + timedelta(days=1)).isoformat()}") == 3
    sent = client_for(admin).get(f"/o/{org.slug}/reminders/", {"status": "sent"}).text
    assert "Oldsent" in sent


def test_a_record_page_lists_its_open_reminders_and_the_latest_earlier_ones(
    org, admin, manager, client_for
):
    """The panel: every open reminder soonest first; the sent and cancelled ones newest first,
    the latest 20 of how many there are."""
    now = timezone.now()

    def reminder(days, status):
        return Reminder(
            organization=org,
            kind="tenancy.access_ends",
            model_label="tenancy.membership",
            object_id=str(manager.pk),
            object_repr="x",
            url="/",
            due_date=(now + timedelta(days=days)).date(),
            send_at=now + timedelta(days=days),
            next_attempt_at=now + timedelta(days=days),
            status=status,
        )

    with org_scope(org):
        Reminder.objects.bulk_create(
            [reminder(days, "pending") for days in (9, 2)]
            + [reminder(-days, "sent" if days % 2 else "cancelled") for days in range(1, 23)]
        )
    page = client_for(admin).get(f"/o/{org.slug}/members/{manager.pk}/").text
    upcoming = page.split('id="reminders-upcoming"', 1)[1].split("</table>", 1)[0]
    due = [(now + timedelta(days=days)).date().isoformat() for days in (2, 9)]
    assert upcoming.index(f"Due {due[0]}") < upcoming.index(f"Due {due[1]}")
    earlier = page.split('id="reminders-earlier"', 1)[1].split("</details>", 1)[0]
    assert "Sent and cancelled (22, the latest 20)" in earlier
    shown = [(now - timedelta(days=days)).date().isoformat() for days in range(1, 23)]
    assert all(f"Due {day}" in earlier for day in shown[:20])
    assert not any(f"Due {day}" in earlier for day in shown[20:])
    assert earlier.index(f"Due {shown[0]}") < earlier.index(f"Due {shown[19]}")
