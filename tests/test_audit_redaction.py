"""Redacting values from a record's history: the chain still verifies, the redaction is an
event of its own, and the database lets through that update and nothing else."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from parties.models import Party
from relmgmt.audit import db_guard
from relmgmt.audit.context import acting_as
from relmgmt.audit.hashing import REDACTED_KEY
from relmgmt.audit.models import AuditEvent
from relmgmt.audit.redaction import redact_history, redaction_marker
from relmgmt.audit.verification import verify_all
from relmgmt.core.scoping import org_scope, scopes_disabled
from suppliers.models import Supplier


@pytest.fixture
def supplier(org, manager):
    with org_scope(org), acting_as(manager.user):
        party = Party.objects.create(organization=org, name="Alpha", types=["supplier"])
        supplier = Supplier.objects.create(organization=org, party=party, code="SECRET-1")
        supplier.code = "SECRET-2"
        supplier.save()
        supplier.code = "PLAIN"
        supplier.save()
    return supplier


def events_of(record):
    with scopes_disabled():
        return list(
            AuditEvent.objects.filter(
                model_label="suppliers.supplier", object_id=str(record.pk)
            ).order_by("seq")
        )


def raw_update(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_redaction_replaces_past_values_keeps_the_chain_and_is_recorded(org, manager, supplier):
    with org_scope(org), acting_as(manager.user):
        redaction = redact_history(
            organization=org, record=supplier, fields=["code"], reason="Request of 1 May"
        )
    create, first, second, recorded = events_of(supplier)
    assert recorded.pk == redaction.pk and recorded.action == "redact"
    assert recorded.changes == {"code": [None, None]}
    assert recorded.reason == "Request of 1 May" and recorded.actor_id == manager.user.pk
    assert create.changes["code"] == [None, redaction_marker("SECRET-1")]
    assert first.changes["code"] == [redaction_marker("SECRET-1"), redaction_marker("SECRET-2")]
    # The value the record still holds says nothing new and stays.
    assert second.changes["code"] == [redaction_marker("SECRET-2"), "PLAIN"]
    assert create.changes["party_id"] == [None, supplier.party_id]
    assert "SECRET" not in json.dumps([e.changes for e in events_of(supplier)])
    assert verify_all()[1] == []


def test_redaction_needs_a_reason_and_audited_fields(org, supplier):
    with org_scope(org), pytest.raises(ValidationError):
        redact_history(organization=org, record=supplier, fields=["code"], reason=" ")
    with org_scope(org), pytest.raises(ValueError):
        redact_history(organization=org, record=supplier, fields=["updated_at"], reason="x")
    assert [e.action for e in events_of(supplier)] == ["create", "update", "update"]


def test_the_database_refuses_a_marker_without_a_recorded_redaction(supplier):
    create = events_of(supplier)[0]
    changes = dict(create.changes, code=[None, redaction_marker("SECRET-1")])
    with pytest.raises(DatabaseError):
        raw_update(
            "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
            [json.dumps(changes), create.pk],
        )


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda c: dict(c, code=[None, "FORGED"]), id="a value changed"),
        pytest.param(lambda c: dict(c, name=[None, redaction_marker("Alpha")]), id="unnamed"),
        pytest.param(lambda c: dict(c, code=[None, {REDACTED_KEY: "x", "y": 1}]), id="no marker"),
        pytest.param(lambda c: dict(c, code=[None, redaction_marker("SECRET-1"), 1]), id="longer"),
        pytest.param(lambda c: dict(c, extra=[None, 1]), id="field added"),
        pytest.param(lambda c: {k: v for k, v in c.items() if k != "code"}, id="field removed"),
    ],
)
def test_after_a_redaction_the_database_still_refuses_anything_else(org, manager, supplier, edit):
    with org_scope(org), acting_as(manager.user):
        create = events_of(supplier)[0]
        original = dict(create.changes)
        redact_history(organization=org, record=supplier, fields=["code"], reason="Request")
    with pytest.raises(DatabaseError):
        raw_update(
            "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
            [json.dumps(edit(original)), create.pk],
        )


def test_the_database_refuses_other_columns_even_beside_a_redaction(org, manager, supplier):
    with org_scope(org), acting_as(manager.user):
        redact_history(organization=org, record=supplier, fields=["code"], reason="Request")
    create = events_of(supplier)[0]
    with pytest.raises(DatabaseError):
        raw_update("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [create.pk])


def test_a_marker_with_a_wrong_digest_passes_the_database_but_fails_verification(
    org, manager, supplier
):
    with org_scope(org), acting_as(manager.user):
        redact_history(organization=org, record=supplier, fields=["code"], reason="Request")
    last_update = events_of(supplier)[2]
    assert last_update.changes["code"][1] == "PLAIN"  # kept: the record still holds it
    forged = dict(last_update.changes, code=[last_update.changes["code"][0], redaction_marker("X")])
    raw_update(
        "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
        [json.dumps(forged), last_update.pk],
    )
    _checked, faults = verify_all()
    assert faults and faults[0].event_id == last_update.pk


def test_a_direct_tamper_after_a_redaction_still_fails_verification(org, manager, supplier):
    with org_scope(org), acting_as(manager.user):
        redact_history(organization=org, record=supplier, fields=["code"], reason="Request")
    create = events_of(supplier)[0]
    db_guard.run(connection, "suspend")
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
                [json.dumps(dict(create.changes, name=[None, "Forged"])), create.pk],
            )
    finally:
        db_guard.run(connection, "resume")
    _checked, faults = verify_all()
    assert faults and faults[0].event_id == create.pk
