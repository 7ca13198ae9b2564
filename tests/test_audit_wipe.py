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
from relmgmt.audit.hashing import PLAIN_VERSION, event_hash, plain_seal
from relmgmt.audit.models import AuditChain, AuditEvent
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
        # With the audit key itself (an insider who has it): only the published head tells.
        event.hash = event_hash(
            prev_hash=event.prev_hash,
            fields=event.hashed_fields(),
            changes=event.changes,
            version=event.hash_version,
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


def _rewrite_with_plain_hashes(org, *, from_seq, version_column):
    """Rewrite every event from ``from_seq`` on (the first one's reason forged) with plain
    SHA-256 hashes recomputed, as someone who can write the database but lacks the key."""
    statements, prev = [], None
    for event in _events(org):
        if event.seq < from_seq:
            prev = event.hash
            continue
        if event.seq == from_seq:
            event.reason = "forged"
        event.prev_hash = prev or event.prev_hash
        event.hash = event_hash(
            prev_hash=event.prev_hash,
            fields=event.hashed_fields(),
            changes=event.changes,
            version=PLAIN_VERSION,
        )
        statements.append(
            (
                "UPDATE audit_auditevent SET reason = %s, prev_hash = %s, hash = %s, "
                "hash_version = %s WHERE id = %s",
                [event.reason, event.prev_hash, event.hash, version_column, event.pk],
            )
        )
        prev = event.hash
    statements.append(
        ("UPDATE audit_auditchain SET last_hash = %s WHERE organization_id = %s", [prev, org.pk])
    )
    _tamper(*statements)


def test_new_events_are_keyed_and_verify(trail):
    events = _events(trail)
    assert {event.hash_version for event in events} == {2}
    assert not _problems()


def test_a_rewrite_with_plain_hashes_marked_plain_is_caught_without_a_published_head(trail):
    _rewrite_with_plain_hashes(trail, from_seq=2, version_column=PLAIN_VERSION)
    problems = _problems()
    assert len(problems) == 1 and problems[0].startswith("plain hash where a keyed one is due")


def test_a_rewrite_with_plain_hashes_left_marked_keyed_is_caught(trail):
    _rewrite_with_plain_hashes(trail, from_seq=2, version_column=2)
    assert _problems() == ["content altered"]


def test_events_from_before_keys_keep_verifying_as_plain_sha256(trail):
    """As after an upgrade: the events are plain (version 1) and the chain's seal allows
    them up to its head; new events are keyed after them."""
    _rewrite_with_plain_hashes(trail, from_seq=1, version_column=PLAIN_VERSION)
    head = _events(trail)[-1]
    with scopes_disabled():
        AuditChain.objects.filter(organization=trail).update(
            plain_until_seq=head.seq,
            plain_seal=plain_seal(organization_id=trail.pk, plain_until_seq=head.seq),
        )
    # The rewrite forged a reason: an old chain that verifies as it stands, seal and all.
    assert not _problems()
    with org_scope(trail):
        Party.objects.create(organization=trail, name="E", description="E")
    assert _events(trail)[-1].hash_version == 2
    assert not _problems()


def test_moving_the_seal_of_plain_events_up_is_caught(trail):
    head = _events(trail)[-1]
    _rewrite_with_plain_hashes(trail, from_seq=2, version_column=PLAIN_VERSION)
    _tamper(
        (
            "UPDATE audit_auditchain SET plain_until_seq = %s, plain_seal = %s "
            "WHERE organization_id = %s",
            [head.seq, "2:" + "0" * 64, trail.pk],
        )
    )
    assert _problems() == ["the seal of the events allowed plain hashes does not hold"]


def test_an_event_keyed_with_a_retired_key_verifies_while_the_key_is_kept(trail, settings):
    old_key = settings.RELMGMT_AUDIT_KEY
    settings.RELMGMT_AUDIT_OLD_KEYS = {2: old_key}
    settings.RELMGMT_AUDIT_KEY, settings.RELMGMT_AUDIT_KEY_VERSION = "a-new-key-" * 5, 3
    with org_scope(trail):
        Party.objects.create(organization=trail, name="E", description="E")
    assert {event.hash_version for event in _events(trail)} == {2, 3}
    assert not _problems()
    settings.RELMGMT_AUDIT_OLD_KEYS = {}
    assert _problems() == ["keyed with audit key version 2, which this deployment lacks"]
