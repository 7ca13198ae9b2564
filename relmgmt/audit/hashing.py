"""The hash chain over audit events.

Each value in an event's changes is hashed on its own, and the event hash covers those
value digests. A value can therefore later be redacted (replaced by a marker that keeps its
digest) without breaking the chain, while any other alteration does.
"""

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

GENESIS_HASH = "0" * 64
REDACTED_KEY = "__redacted_sha256__"


def jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return str(value)


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def is_redacted(value) -> bool:
    return isinstance(value, dict) and set(value) == {REDACTED_KEY}


def value_digest(value) -> str:
    if is_redacted(value):
        return value[REDACTED_KEY]
    return hashlib.sha256(canonical(value).encode()).hexdigest()


def changes_digest(changes: dict) -> dict:
    # Every element of each [before, after] pair, so that none can be added unnoticed.
    return {
        field: [value_digest(value) for value in pair] for field, pair in sorted(changes.items())
    }


def event_hash(*, prev_hash: str, fields: dict, changes: dict) -> str:
    body = canonical({"prev": prev_hash, "fields": fields, "changes": changes_digest(changes)})
    return hashlib.sha256(body.encode()).hexdigest()
