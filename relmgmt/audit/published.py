"""Verified chain heads, published outside the database.

Each time a chain is verified intact (nightly, and when asked for on the audit log page or
by ``verify_audit_trail``), its head (organisation, event number, hash) is written as a log
line and appended to a file the operator keeps apart from the database
(``RELMGMT_AUDIT_HEADS_FILE``: a JSON line per head). Someone who can write the database
could recompute every hash after a change, or drop the last events and move the head back;
neither fits the heads published before, so the next check against this file catches it.
"""

import json
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("relmgmt.audit.heads")


def _heads_file() -> Path | None:
    name = getattr(settings, "RELMGMT_AUDIT_HEADS_FILE", "")
    return Path(name) if name else None


def publish_head(*, organization_id: int, seq: int, head_hash: str) -> None:
    """Log the verified head and append it to the operator's file."""
    logger.info(
        "audit head verified: organisation=%s seq=%s hash=%s", organization_id, seq, head_hash
    )
    path = _heads_file()
    if path is None or seq == 0:
        return
    line = {
        "organization": organization_id,
        "seq": seq,
        "hash": head_hash,
        "at": timezone.now().isoformat(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as heads:
        heads.write(json.dumps(line, sort_keys=True) + "\n")


def last_published(organization_id: int) -> tuple[int, str] | None:
    """The furthest head published for the organisation: (event number, hash)."""
    path = _heads_file()
    if path is None or not path.exists():
        return None
    best = None
    with path.open(encoding="utf-8") as heads:
        for text in heads:
            try:
                line = json.loads(text)
            except ValueError:
                continue
            if line.get("organization") == organization_id and (
                best is None or line["seq"] >= best[0]
            ):
                best = (int(line["seq"]), str(line["hash"]))
    return best
