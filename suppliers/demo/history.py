"""The demo's past goes in the way a real organisation's does: through the history import
(``suppliers.services.history``), as a file of facts with the day each happened. The
register's approvals, suspensions and reinstatement, the certificates a supplier renewed,
and the re-evaluations of 2025 are imported so; the records made in the system since are
made by the services as usual."""

from relmgmt.core.csv import csv_text
from suppliers.services import history

# Who decided before the system, when the demo names a person rather than a member.
FORMER_MANAGER = "Dana Whitfield (quality manager until 2025)"


def fact(code: str, event: str, day, **cells) -> dict:
    return {"supplier": code, "event": event, "date": day.isoformat(), **cells}


def import_history(organization, actor, rows: list[dict]) -> int:
    """Import ``rows`` (cells by column) as one file, as a quality manager would."""
    if not rows:
        return 0
    content = csv_text(
        history.COLUMNS,
        [
            [
                value.isoformat() if hasattr(value, "isoformat") else value
                for value in (row.get(column, "") for column in history.COLUMNS)
            ]
            for row in rows
        ],
    ).encode()
    return history.history_import(organization=organization, actor=actor, content=content)
