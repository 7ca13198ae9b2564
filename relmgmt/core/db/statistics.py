"""The planner's statistics after a bulk write.

PostgreSQL plans each statement from the statistics of its tables, which autovacuum
gathers again once a tenth of a table has changed, on its next round (a minute or so
later). A statement that reads a table right after a bulk write of it is planned as if the
new rows were not there: the corrective actions' escalation sweep, run again on the 200,000
reminders it had just made, was planned for an empty table and compared every step with
every reminder of its organisation (70 s; 0.4 s with the statistics renewed). A service that
writes many rows in one go renews them at once.
"""

from django.db import connections

# Fewer rows than this change no plan worth an ANALYZE (which samples 30,000 rows at most).
BULK_ROWS = 10_000


def statistics_renew(model, *, rows_written: int, using: str = "default") -> bool:
    """After ``rows_written`` rows of ``model``'s table, renew its statistics if they were
    many (PostgreSQL only: SQLite keeps none unless asked). Whether they were renewed."""
    connection = connections[using]
    if rows_written < BULK_ROWS or connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return True
