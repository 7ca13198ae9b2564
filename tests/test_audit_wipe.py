"""A database administrator's attacks on the audit trail, each caught: wiping every event
and chain, dropping the last events and moving the head back, rewriting events with their
hashes recomputed. The last two are caught against the heads published, outside the
database, each time the trail was verified (nightly, on demand, by the command)."""

import json
import logging
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from parties.models import Party
from relmgmt.audit import db_guard
from relmgmt.audit.hashing import event_hash
from relmgmt.audit.models import AuditEvent
from relmgmt.audit.services import verification_nightly
from relmgmt.audit.verification import verify_all
from relmgmt.core.scoping import org_scope, scopes_disabled


def _tamper(*statements):
    """What a database administrator could do: switch the guard off and edit rows."""
    db_guard.run(connection, "suspend")
    try:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
    finally:
        db_guard.run(connection, "resume")


@pytest.fixture
def trail(org, manager):
    with org_scope(org):
        for code in "ABCD":
            Party.objects.create(organization=org, name=code, description=code)
    return org


def _events(org):
    with scopes_disabled():
        return list(AuditEvent.objects.filter(organization=org).order_by("seq"))


def _problems():
    _checked, faults = verify_all()
    return [fault.problem for fault in faults]


def test_an_intact_trail_publishes_its_head_to_the_log_and_the_file(trail, settings, caplog):
    with caplog.at_level(logging.INFO, logger="relmgmt.audit.heads"):
        call_command("verify_audit_trail")
    last = _events(trail)[-1]
    assert f"organisation={trail.pk} seq={last.seq} hash={last.hash}" in caplog.text
    lines = Path(settings.RELMGMT_AUDIT_HEADS_FILE).read_text().splitlines()
    published = [json.loads(line) for line in lines]
    assert {"organization": trail.pk, "seq": last.seq, "hash": last.hash} in [
        {key: line[key] for key in ("organization", "seq", "hash")} for line in published
    ]


def test_the_nightly_check_publishes_its_head_too(trail, settings):
    verification = verification_nightly(organization_id=trail.pk)
    assert verification.status == "intact"
    lines = Path(settings.RELMGMT_AUDIT_HEADS_FILE).read_text().splitlines()
    assert json.loads(lines[-1])["seq"] == verification.head_seq


def test_a_wiped_trail_is_caught(trail, other_org):
    wipe = (
        ("TRUNCATE audit_auditevent CASCADE", [])
        if connection.vendor == "postgresql"
        else ("DELETE FROM audit_auditevent", [])
    )
    _tamper(wipe, ("DELETE FROM audit_auditchain", []))
    assert "no audit trail: events and chain missing" in _problems()
    with pytest.raises(CommandError, match="Audit trail altered"):
        call_command("verify_audit_trail")


def test_dropping_the_last_events_and_rewinding_the_head_is_caught(trail):
    call_command("verify_audit_trail")  # publishes the head
    events = _events(trail)
    keep = events[-3]
    _tamper(
        (
            "DELETE FROM audit_auditevent WHERE organization_id = %s AND seq > %s",
            [trail.pk, keep.seq],
        ),
        (
            "UPDATE audit_auditchain SET last_seq = %s, last_hash = %s WHERE organization_id = %s",
            [keep.seq, keep.hash, trail.pk],
        ),
    )
    problems = _problems()
    assert len(problems) == 1 and problems[0].startswith("rewound")


def test_rewriting_events_with_recomputed_hashes_is_caught(trail):
    call_command("verify_audit_trail")  # publishes the head
    events = _events(trail)
    statements, prev = [], None
    for event in events:
        if event.seq == 2:
            event.reason = "forged"
        if prev is not None:
            event.prev_hash = prev
        event.hash = event_hash(
            prev_hash=event.prev_hash, fields=event.hashed_fields(), changes=event.changes
        )
        statements.append(
            (
                "UPDATE audit_auditevent SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [event.reason, event.prev_hash, event.hash, event.pk],
            )
        )
        prev = event.hash
    statements.append(
        ("UPDATE audit_auditchain SET last_hash = %s WHERE organization_id = %s", [prev, trail.pk])
    )
    _tamper(*statements)
    problems = _problems()
    assert len(problems) == 1 and problems[0].startswith("rewritten")


def test_postgresql_refuses_to_truncate_the_trail(trail):
    from django.db import DatabaseError, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    for table in ("audit_auditevent", "audit_auditchain"):
        with (
            pytest.raises(DatabaseError, match="cannot be truncated"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            # As in any database but the test suite's (tests/conftest.py).
            cursor.execute("SET LOCAL relmgmt.audit_allow_truncate = 'off'")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {table} CASCADE")
    assert _events(trail)
