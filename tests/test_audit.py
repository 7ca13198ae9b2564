"""Records are evidence: one event per row for every ORM write path, a hash chain that
shows any alteration, history as of a date, and signatures."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parties.models import Party
from relmgmt.audit import db_guard, recorder, selectors
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.models import AuditEvent
from relmgmt.audit.services import signature_create, signature_is_current
from relmgmt.audit.verification import verify_all, verify_chain
from relmgmt.core.scoping import org_scope, scopes_disabled

from .conftest import PASSWORD


def events_of(organization, **filters):
    with org_scope(organization):
        return list(
            AuditEvent.objects.filter(model_label="parties.party", **filters).order_by("seq")
        )


@pytest.fixture
def scoped(org):
    with org_scope(org):
        yield org


def test_create_update_delete_each_record_one_event_with_before_and_after(scoped, manager):
    with acting_as(manager.user):
        party = Party.objects.create(organization=scoped, name="A", description="Alpha")
        party.description = "Alpha Ltd"
        with audit_reason("Legal name from the contract"):
            party.save()
        party_id = party.pk
        party.delete()
    create, update, delete = events_of(scoped, object_id=str(party_id))
    assert create.action == "create" and create.changes["description"] == [None, "Alpha"]
    assert update.changes == {"description": ["Alpha", "Alpha Ltd"]}
    assert update.reason == "Legal name from the contract"
    assert update.actor_id == manager.user.pk and update.actor_label == manager.user.email
    assert delete.action == "delete" and delete.changes["description"] == ["Alpha Ltd", None]


def test_saving_without_a_change_records_nothing(scoped):
    party = Party.objects.create(organization=scoped, name="A", description="Alpha")
    party.save()
    assert len(events_of(scoped)) == 1


def test_queryset_update_records_one_event_per_row(scoped):
    for code in "ABC":
        Party.objects.create(organization=scoped, name=code, description=code)
    assert Party.objects.filter(name__in=["A", "B"]).update(description="renamed") == 2
    updates = events_of(scoped, action="update")
    assert len(updates) == 2
    assert all(event.changes["description"][1] == "renamed" for event in updates)


def test_bulk_create_and_bulk_update_record_one_event_per_row(scoped):
    created = Party.objects.bulk_create(
        [Party(organization=scoped, name=f"B{n}", description=f"n{n}") for n in range(3)]
    )
    assert len(events_of(scoped, action="create")) == 3
    for party in created:
        party.description = party.description.upper()
    Party.objects.bulk_update(created, ["description"])
    assert len(events_of(scoped, action="update")) == 3


def test_queryset_delete_records_one_event_per_row(scoped):
    for code in "ABC":
        Party.objects.create(organization=scoped, name=code, description=code)
    Party.objects.filter(name__in=["A", "B"]).delete()
    assert len(events_of(scoped, action="delete")) == 2


def test_update_or_create_and_get_or_create_are_recorded(scoped):
    Party.objects.get_or_create(organization=scoped, name="G", defaults={"description": "g"})
    Party.objects.update_or_create(organization=scoped, name="G", defaults={"description": "G2"})
    assert [e.action for e in events_of(scoped)] == ["create", "update"]


def test_conflict_ignoring_bulk_insert_is_refused(scoped):
    with pytest.raises(NotImplementedError):
        Party.objects.bulk_create(
            [Party(organization=scoped, name="X", description="x")], ignore_conflicts=True
        )


def test_held_events_are_the_same_events_appended_in_one_go(scoped, manager):
    """Writes that stand or fall together may hold their events until the block ends: each
    keeps its own actor and moment, in the order of the writes, on one lock of the chain."""
    with (
        transaction.atomic(),
        CaptureQueriesContext(connection) as queries,
        recorder.events_held(),
    ):
        with acting_as(manager.user):
            party = Party.objects.create(organization=scoped, name="A", description="Alpha")
        party.description = "Alpha Ltd"
        party.save()
        assert events_of(scoped) == []  # held until the block ends
    created, updated = events_of(scoped)
    assert (created.action, created.actor_id) == ("create", manager.user.pk)
    assert (updated.actor_id, updated.actor_label) == (None, "system")
    assert updated.changes == {"description": ["Alpha", "Alpha Ltd"]}
    assert created.occurred_at <= updated.occurred_at
    assert verify_chain(scoped.pk) is None
    assert sum('FROM "audit_auditchain"' in q["sql"] for q in queries.captured_queries) == 1
    # The block's transaction stands for its writes: none takes a savepoint of its own.
    assert not [q for q in queries.captured_queries if "SAVEPOINT" in q["sql"]]


def test_more_events_than_one_statement_holds_are_appended_in_turn(scoped):
    """The events' INSERT is split where the database's limit of parameters says (SQLite's;
    PostgreSQL's driver sends its parameters in the statement): each event gets its id, the
    sequence runs on, and the chain verifies."""
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    size = connection.ops.bulk_batch_size(fields, [None] * 1000)
    count = size + 2 if size < 1000 else 50
    with CaptureQueriesContext(connection) as queries:
        Party.objects.bulk_create(
            [Party(organization=scoped, name=f"P{n}", description="x") for n in range(count)]
        )
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "audit_auditevent"' in q["sql"]]
    assert len(inserts) == -(-count // size)
    events = events_of(scoped)
    assert len(events) == count and len({event.pk for event in events}) == count
    first = events[0].seq
    assert [event.seq for event in events] == list(range(first, first + count))
    assert verify_chain(scoped.pk) is None


def test_a_write_that_may_fail_in_a_held_block_takes_its_own_savepoint(scoped):
    """The one write whose error is caught is wrapped in its own atomic block, so the block
    carries on without it."""
    from django.db import IntegrityError

    Party.objects.create(organization=scoped, name="Taken", description="x")
    with transaction.atomic(), recorder.events_held():
        Party.objects.create(organization=scoped, name="Kept", description="y")
        with pytest.raises(IntegrityError), transaction.atomic():
            Party.objects.create(organization=scoped, name=None, description="z")
        Party.objects.create(organization=scoped, name="Also kept", description="w")
    assert [e.object_repr for e in events_of(scoped, action="create")] == [
        "Taken",
        "Kept",
        "Also kept",
    ]
    assert verify_chain(scoped.pk) is None


def test_an_error_in_a_held_block_drops_its_events_with_its_writes(scoped):
    with pytest.raises(ValidationError), transaction.atomic(), recorder.events_held():
        Party.objects.create(organization=scoped, name="A", description="Alpha")
        raise ValidationError("Not this one.")
    assert events_of(scoped) == [] and not Party.objects.exists()
    Party.objects.create(organization=scoped, name="B", description="Beta")
    assert len(events_of(scoped)) == 1 and verify_chain(scoped.pk) is None


def test_events_appended_inside_a_held_block_come_after_the_held_ones(scoped):
    with transaction.atomic(), recorder.events_held():
        party = Party.objects.create(organization=scoped, name="A", description="Alpha")
        recorder.append_events(
            [
                {
                    "organization_id": scoped.pk,
                    "action": "update",
                    "model_label": "parties.party",
                    "object_id": str(party.pk),
                    "object_repr": "A",
                    "changes": {"description": ["Alpha", "Alpha"]},
                }
            ]
        )
    assert [event.action for event in events_of(scoped)] == ["create", "update"]
    assert verify_chain(scoped.pk) is None


def test_the_trail_head_is_read_once_until_events_are_appended(scoped):
    Party.objects.create(organization=scoped, name="First")
    with CaptureQueriesContext(connection) as reads:
        head = selectors.trail_head(organization=scoped)
        assert selectors.trail_head(organization=scoped) == head
    assert len(reads) == 1
    Party.objects.create(organization=scoped, name="Second")
    with CaptureQueriesContext(connection) as reads:
        moved = selectors.trail_head(organization=scoped)
    assert len(reads) == 1 and moved != head
    assert moved == AuditEvent.objects.filter(organization=scoped).order_by("-seq")[0].hash


def test_events_cannot_be_changed_or_deleted_through_the_orm(scoped):
    Party.objects.create(organization=scoped, name="A", description="Alpha")
    event = events_of(scoped)[0]
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_to_update_an_event(scoped):
    from django.db import DatabaseError

    Party.objects.create(organization=scoped, name="A", description="Alpha")
    event = events_of(scoped)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    # The day an imported fact happened is part of the event too.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET happened_on = '2020-01-01' WHERE id = %s", [event.pk]
        )


def _tamper(sql, params):
    """What a database administrator could do: switch the guard off and edit rows."""
    db_guard.run(connection, "suspend")
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        db_guard.run(connection, "resume")


def test_verify_passes_on_an_intact_trail_and_names_the_first_altered_event(org, other_org):
    with org_scope(org):
        for code in "ABC":
            Party.objects.create(organization=org, name=code, description=code)
    with org_scope(other_org):
        Party.objects.create(organization=other_org, name="Z", description="Z")
    call_command("verify_audit_trail")
    with scopes_disabled():
        target = AuditEvent.objects.filter(organization=org).order_by("seq")[1]
    _tamper(
        "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
        ['{"name": [null, "forged"]}', target.pk],
    )
    checked, faults = verify_all()
    assert checked == 2
    assert len(faults) == 1
    assert faults[0].seq == target.seq and faults[0].event_id == target.pk
    with pytest.raises(Exception, match="Audit trail altered"):
        call_command("verify_audit_trail")


def test_verify_notices_a_removed_event(org):
    with org_scope(org):
        for code in "AB":
            Party.objects.create(organization=org, name=code, description=code)
        first = AuditEvent.objects.order_by("seq").first()
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [first.pk])
    _checked, faults = verify_all()
    assert faults and faults[0].seq == 1


def test_a_record_as_of_a_past_date(scoped):
    party = Party.objects.create(organization=scoped, name="A", description="Before")
    moment = timezone.now()
    party.description = "After"
    party.save()
    past = selectors.record_as_of(organization=scoped, model=Party, pk=party.pk, when=moment)
    assert past["description"] == "Before"
    now = selectors.instance_as_of(
        organization=scoped, model=Party, pk=party.pk, when=timezone.now()
    )
    assert now.description == "After" and now.pk == party.pk
    before_it_existed = moment - timedelta(days=1)
    assert (
        selectors.record_as_of(
            organization=scoped, model=Party, pk=party.pk, when=before_it_existed
        )
        is None
    )
    party.delete()
    assert set(selectors.records_as_of(organization=scoped, model=Party, when=moment)) == {
        str(party_id) for party_id in [past["id"]]
    }
    assert selectors.records_as_of(organization=scoped, model=Party, when=timezone.now()) == {}


def test_signing_needs_the_password_and_pins_the_version(scoped, manager):
    party = Party.objects.create(organization=scoped, name="A", description="Alpha")
    with pytest.raises(ValidationError):
        signature_create(
            organization=scoped,
            signer=manager.user,
            password="wrong",
            record=party,
            meaning="Approved",
        )
    signature = signature_create(
        organization=scoped,
        signer=manager.user,
        password=PASSWORD,
        record=party,
        meaning="Approved",
    )
    assert signature.signer_name.endswith(f"<{manager.user.email}>")
    assert signature.record_version == events_of(scoped)[-1].seq
    assert signature_is_current(signature, party)
    party.description = "Changed after signing"
    party.save()
    assert not signature_is_current(signature, party)
    with org_scope(scoped):
        assert AuditEvent.objects.filter(model_label="audit.signature").count() == 1


def test_signing_a_record_of_another_organisation_is_refused(
    scoped, other_org, make_supplier, manager
):
    foreign = make_supplier(other_org)
    with pytest.raises(ValidationError):
        signature_create(
            organization=scoped,
            signer=manager.user,
            password=PASSWORD,
            record=foreign,
            meaning="Approved",
        )
