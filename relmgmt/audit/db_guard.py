"""The database's own refusal to change or delete audit events (installed by a migration).

PostgreSQL: a trigger refuses UPDATE and DELETE (TRUNCATE, an owner's operation, is not a
row change and stays possible for test teardown). SQLite: a trigger refuses UPDATE; DELETE
is refused by the application, since Django's test teardown on SQLite deletes rows.
"""

TRIGGER = "audit_event_no_update"

SQL = {
    "postgresql": {
        "install": [
            """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'audit events are append-only';
            END;
            $$ LANGUAGE plpgsql""",
            f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON audit_auditevent
            FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
        ],
        "remove": [
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_auditevent",
            "DROP FUNCTION IF EXISTS audit_event_append_only()",
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
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
        ],
        "remove": [f"DROP TRIGGER IF EXISTS {TRIGGER}"],
    },
}
SQL["sqlite"]["suspend"] = SQL["sqlite"]["remove"]
SQL["sqlite"]["resume"] = SQL["sqlite"]["install"]


def run(connection, step: str) -> None:
    """Run one step ("install", "remove", "suspend", "resume") on a Django connection."""
    statements = SQL.get(connection.vendor, {}).get(step, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
