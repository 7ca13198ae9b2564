"""The database's own refusal to change or delete audit events (installed by migrations).

PostgreSQL: a trigger refuses UPDATE and DELETE (TRUNCATE, an owner's operation, is not a
row change and stays possible for test teardown). SQLite: a trigger refuses UPDATE; DELETE
is refused by the application, since Django's test teardown on SQLite deletes rows.

One UPDATE is let through, the redaction of personal data (relmgmt.audit.redaction), and
only in this shape: every column but ``changes`` stays as it was; ``changes`` keeps the
same fields with pairs of the same length; each value either stays or becomes a redaction
marker ``{"__redacted_sha256__": "<text>"}`` (and a marker never changes again); and for
each redacted field a later ``redact`` event of the same record names that field. The
database cannot compute the canonical digest, so it does not check the marker's text;
``verify_audit_trail`` does: a marker that does not carry the original value's digest
breaks the event's hash.

On PostgreSQL the functions take no argument of the table's row type and name no table:
the trigger passes its own table (``TG_RELID``) and the rows as jsonb, so the same trigger
holds on a Citus distributed table, where it fires on each shard (docs/scaling.md).
"""

from relmgmt.audit.hashing import REDACTED_KEY

TRIGGER = "audit_event_no_update"

# The statements below are built from module constants only (no input reaches them).

_PG_IS_MARKER = f"coalesce(jsonb_typeof({{v}} -> '{REDACTED_KEY}') = 'string' AND {{v}} = jsonb_build_object('{REDACTED_KEY}', {{v}} -> '{REDACTED_KEY}'), false)"  # noqa: E501

# The trigger function takes nothing of the table's type and names no table: it reads the
# rows as jsonb and looks for the later ``redact`` event in the table it fires on (TG_RELID).
# So it holds unchanged on a Citus distributed table, where the trigger runs on each shard
# (another table, another row type): all events of one organisation live in one shard,
# so the shard is the table to look in. See docs/scaling.md.
_PG_IS_REDACTION = f"""CREATE OR REPLACE FUNCTION audit_event_is_redaction(
    events regclass, old_row jsonb, new_row jsonb
) RETURNS boolean AS $$
DECLARE
    field text;
    old_pair jsonb;
    new_pair jsonb;
    i integer;
    announced boolean;
BEGIN
    IF (old_row - 'changes') IS DISTINCT FROM (new_row - 'changes')
        OR jsonb_typeof(new_row -> 'changes') IS DISTINCT FROM 'object'
        OR (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(old_row -> 'changes') AS k)
            IS DISTINCT FROM
            (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(new_row -> 'changes') AS k)
    THEN
        RETURN false;
    END IF;
    FOR field, old_pair IN SELECT key, value FROM jsonb_each(old_row -> 'changes') LOOP
        new_pair := new_row -> 'changes' -> field;
        IF jsonb_typeof(new_pair) IS DISTINCT FROM 'array'
            OR jsonb_array_length(new_pair) <> jsonb_array_length(old_pair) THEN
            RETURN false;
        END IF;
        FOR i IN 0 .. jsonb_array_length(old_pair) - 1 LOOP
            CONTINUE WHEN (new_pair -> i) IS NOT DISTINCT FROM (old_pair -> i);
            IF NOT {_PG_IS_MARKER.format(v="(new_pair -> i)")}
                OR {_PG_IS_MARKER.format(v="(old_pair -> i)")}
            THEN
                RETURN false;
            END IF;
            EXECUTE format(
                'SELECT EXISTS (SELECT 1 FROM %s AS r WHERE r.organization_id = $1'
                ' AND r.model_label = $2 AND r.object_id = $3 AND r.action = %L'
                ' AND r.seq > $4 AND (r.changes -> $5) IS NOT NULL)',
                events, 'redact'
            )
            INTO announced
            USING (new_row ->> 'organization_id')::bigint, new_row ->> 'model_label',
                new_row ->> 'object_id', (new_row ->> 'seq')::bigint, field;
            IF NOT announced THEN
                RETURN false;
            END IF;
        END LOOP;
    END LOOP;
    RETURN true;
END;
$$ LANGUAGE plpgsql"""  # noqa: S608

# SQLite has no procedures: the same rules as one WHEN condition over the JSON text.
_SQLITE_FIELD = """'$."' || f.key || '"'"""
_SQLITE_VALUE = """'$."' || f.key || '"[' || v.key || ']'"""
_SQLITE_IS_REDACTION = f"""
    OLD.id IS NEW.id AND OLD.organization_id IS NEW.organization_id AND OLD.seq IS NEW.seq
    AND OLD.occurred_at IS NEW.occurred_at AND OLD.actor_id IS NEW.actor_id
    AND OLD.actor_label IS NEW.actor_label AND OLD.source IS NEW.source
    AND OLD.action IS NEW.action AND OLD.model_label IS NEW.model_label
    AND OLD.object_id IS NEW.object_id AND OLD.object_repr IS NEW.object_repr
    AND OLD.reason IS NEW.reason AND OLD.prev_hash IS NEW.prev_hash AND OLD.hash IS NEW.hash
    AND OLD.happened_on IS NEW.happened_on
    AND json_valid(NEW.changes) AND json_type(NEW.changes) = 'object'
    AND (SELECT count(*) FROM json_each(NEW.changes))
        = (SELECT count(*) FROM json_each(OLD.changes))
    AND NOT EXISTS (
        SELECT 1 FROM json_each(OLD.changes) AS f
        WHERE json_type(NEW.changes, {_SQLITE_FIELD}) IS NOT 'array'
           OR json_array_length(NEW.changes, {_SQLITE_FIELD}) IS NOT json_array_length(f.value)
    )
    AND NOT EXISTS (
        SELECT 1 FROM json_each(OLD.changes) AS f, json_each(f.value) AS v
        WHERE (json_type(NEW.changes, {_SQLITE_VALUE}) IS NOT json_type(OLD.changes, {_SQLITE_VALUE})
               OR json_extract(NEW.changes, {_SQLITE_VALUE})
                  IS NOT json_extract(OLD.changes, {_SQLITE_VALUE}))
          AND NOT (
            json_type(NEW.changes, {_SQLITE_VALUE}) = 'object'
            AND (SELECT count(*) FROM json_each(NEW.changes, {_SQLITE_VALUE})) = 1
            AND json_type(NEW.changes, {_SQLITE_VALUE} || '."{REDACTED_KEY}"') = 'text'
            AND json_type(OLD.changes, {_SQLITE_VALUE} || '."{REDACTED_KEY}"') IS NULL
            AND EXISTS (
                SELECT 1 FROM audit_auditevent AS r
                WHERE r.organization_id = NEW.organization_id
                  AND r.model_label = NEW.model_label AND r.object_id = NEW.object_id
                  AND r.action = 'redact' AND r.seq > NEW.seq
                  AND json_type(r.changes, {_SQLITE_FIELD}) IS NOT NULL
            )
          )
    )"""  # noqa: E501, S608

SQL = {
    "postgresql": {
        "install": [
            _PG_IS_REDACTION,
            """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'UPDATE'
                    AND audit_event_is_redaction(TG_RELID::regclass, to_jsonb(OLD), to_jsonb(NEW))
                THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'audit events are append-only';
            END;
            $$ LANGUAGE plpgsql""",
            f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON audit_auditevent
            FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
        ],
        "remove": [
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_auditevent",
            "DROP FUNCTION IF EXISTS audit_event_append_only()",
            "DROP FUNCTION IF EXISTS audit_event_is_redaction(regclass, jsonb, jsonb)",
            # The first version took the table's row type (migrations 0003 and 0004).
            "DROP FUNCTION IF EXISTS audit_event_is_redaction(audit_auditevent, audit_auditevent)",
        ],
        # Deferred foreign-key checks of the open transaction must run before ALTER TABLE.
        "suspend": [
            "SET CONSTRAINTS ALL IMMEDIATE",
            f"ALTER TABLE audit_auditevent DISABLE TRIGGER {TRIGGER}",
        ],
        "resume": [
            f"ALTER TABLE audit_auditevent ENABLE TRIGGER {TRIGGER}",
            "SET CONSTRAINTS ALL DEFERRED",
        ],
    },
    "sqlite": {
        "install": [
            f"""CREATE TRIGGER IF NOT EXISTS {TRIGGER} BEFORE UPDATE ON audit_auditevent
            WHEN NOT ({_SQLITE_IS_REDACTION})
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
        ],
        "remove": [f"DROP TRIGGER IF EXISTS {TRIGGER}"],
    },
}
# TRUNCATE empties a table without a row trigger firing: refused on both tables of the
# trail. A database may allow it with the setting ``relmgmt.audit_allow_truncate = on``;
# only test databases do (tests/conftest.py: Django empties them between transactional
# tests with TRUNCATE). Someone who can change settings or drop triggers can still wipe the
# trail: every organisation's missing chain and the published heads catch it then.
TRUNCATE_TABLES = ("audit_auditevent", "audit_auditchain")
SQL["postgresql"]["refuse_truncate"] = [
    """CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('relmgmt.audit_allow_truncate', true), '') = 'on' THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'the audit trail cannot be truncated';
    END;
    $$ LANGUAGE plpgsql""",
    *(
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()"""
        for table in TRUNCATE_TABLES
    ),
]
SQL["postgresql"]["allow_truncate"] = [
    *(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}" for table in TRUNCATE_TABLES),
    "DROP FUNCTION IF EXISTS audit_refuse_truncate()",
]
SQL["sqlite"]["suspend"] = SQL["sqlite"]["remove"]
SQL["sqlite"]["resume"] = SQL["sqlite"]["install"]


def run(connection, step: str) -> None:
    """Run one step ("install", "remove", "suspend", "resume") on a Django connection."""
    statements = SQL.get(connection.vendor, {}).get(step, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
