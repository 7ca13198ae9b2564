"""The hash chain over audit events.

Each value in an event's changes is hashed on its own, and the event hash covers those
value digests. A value can therefore later be redacted (replaced by a marker that keeps its
digest) without breaking the chain, while any other alteration does.

Event hashes are versioned (``AuditEvent.hash_version``). Version 1 is plain SHA-256: the
events written before keyed hashes, which keep verifying as they are. Version 2 and later
are HMAC-SHA256 with the audit key of that version (``RELMGMT_AUDIT_KEY``, kept out of the
database), so someone who can write the database but lacks the key cannot recompute a
hash after changing an event. Keys rotate by version: the new key gets the next version
(``RELMGMT_AUDIT_KEY_VERSION``), the retired ones stay in ``RELMGMT_AUDIT_OLD_KEYS`` for the
events they keyed. Which events may still be plain is sealed per chain (``plain_seal``):
a rewrite with recomputed plain hashes after that point is caught.
"""

import hashlib
import hmac
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


PLAIN_VERSION = 1


class UnknownKeyVersion(LookupError):
    """An event keyed with a version whose key this deployment does not hold."""


def current_version() -> int:
    from django.conf import settings

    return int(settings.RELMGMT_AUDIT_KEY_VERSION)


def _key(version: int) -> bytes:
    from django.conf import settings

    keys = {int(v): str(k) for v, k in settings.RELMGMT_AUDIT_OLD_KEYS.items()}
    keys[int(settings.RELMGMT_AUDIT_KEY_VERSION)] = settings.RELMGMT_AUDIT_KEY
    if version not in keys or not keys[version]:
        raise UnknownKeyVersion(f"no audit key of version {version}")
    return keys[version].encode()


def _digest(body: str, version: int) -> str:
    if version == PLAIN_VERSION:
        return hashlib.sha256(body.encode()).hexdigest()
    return hmac.new(_key(version), body.encode(), hashlib.sha256).hexdigest()


def event_hash(*, prev_hash: str, fields: dict, changes: dict, version: int) -> str:
    """The event's hash: plain SHA-256 for version 1, HMAC-SHA256 with that version's key
    otherwise."""
    body = canonical({"prev": prev_hash, "fields": fields, "changes": changes_digest(changes)})
    return _digest(body, version)


def plain_seal(*, organization_id: int, plain_until_seq: int, version: int | None = None) -> str:
    """The keyed seal of "this chain's events up to #n may be plain SHA-256" ("v:hex")."""
    version = current_version() if version is None else version
    body = canonical({"organization": organization_id, "plain_until": plain_until_seq})
    return f"{version}:{_digest(body, version)}"


def plain_seal_holds(*, organization_id: int, plain_until_seq: int, seal: str) -> bool:
    if plain_until_seq == 0:
        return True  # nothing may be plain: the strictest, needs no seal
    version, _, _mac = seal.partition(":")
    if not version.isdigit() or int(version) == PLAIN_VERSION:
        return False
    try:
        expected = plain_seal(
            organization_id=organization_id, plain_until_seq=plain_until_seq, version=int(version)
        )
    except UnknownKeyVersion:
        return False
    return hmac.compare_digest(expected, seal)
