"""Proves the audit trail is intact: every event's hash and every link of every chain."""

from dataclasses import dataclass

from django.db import connection, transaction

from relmgmt.audit.hashing import GENESIS_HASH, event_hash
from relmgmt.audit.models import AuditChain, AuditEvent
from relmgmt.core.scoping import scopes_disabled


@dataclass
class ChainFault:
    organization_id: int
    seq: int
    event_id: int | None
    problem: str

    def __str__(self):
        return (
            f"organisation {self.organization_id}, event #{self.seq} "
            f"(id {self.event_id}): {self.problem}"
        )


@dataclass
class ChainReport:
    """What one check of a chain found: how many events it read, the head it ended on,
    and the first fault (None when the chain is intact)."""

    organization_id: int
    events_checked: int
    head_seq: int
    head_hash: str
    fault: ChainFault | None


def verify_chain(organization_id: int) -> ChainFault | None:
    """The first fault in one organisation's chain, or None when it is intact."""
    return check_chain(organization_id).fault


def check_chain(organization_id: int) -> ChainReport:
    """Walk one organisation's chain from its first event, in one snapshot of the database
    where it can (a repeatable read on PostgreSQL), so that events appended meanwhile
    do not read as a broken head."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return _check_chain(organization_id)
    with transaction.atomic():
        return _check_chain(organization_id)


def _check_chain(organization_id: int) -> ChainReport:
    with scopes_disabled():
        expected_prev = GENESIS_HASH
        expected_seq = 1

        def report(fault: ChainFault | None) -> ChainReport:
            return ChainReport(
                organization_id, expected_seq - 1, expected_seq - 1, expected_prev, fault
            )

        for event in (
            AuditEvent.objects.filter(organization_id=organization_id)
            .order_by("seq")
            .iterator(chunk_size=2000)
        ):
            if event.seq != expected_seq:
                return report(
                    ChainFault(
                        organization_id,
                        expected_seq,
                        None,
                        f"event missing (found #{event.seq} next)",
                    )
                )
            if event.prev_hash != expected_prev:
                return report(
                    ChainFault(
                        organization_id, event.seq, event.pk, "link to the previous event broken"
                    )
                )
            computed = event_hash(
                prev_hash=event.prev_hash, fields=event.hashed_fields(), changes=event.changes
            )
            if computed != event.hash:
                return report(ChainFault(organization_id, event.seq, event.pk, "content altered"))
            expected_prev = event.hash
            expected_seq += 1
        chain = AuditChain.objects.filter(organization_id=organization_id).first()
        last_seq = expected_seq - 1
        if chain is not None and (chain.last_seq != last_seq or chain.last_hash != expected_prev):
            return report(
                ChainFault(
                    organization_id,
                    chain.last_seq,
                    None,
                    f"chain head says #{chain.last_seq} but the last event is #{last_seq}",
                )
            )
    return report(None)


def organizations_with_a_trail() -> list[int]:
    with scopes_disabled():
        return sorted(
            set(AuditChain.objects.values_list("organization_id", flat=True))
            | set(AuditEvent.objects.values_list("organization_id", flat=True).distinct())
        )


def verify_all() -> tuple[int, list[ChainFault]]:
    organization_ids = organizations_with_a_trail()
    faults = [fault for org_id in organization_ids if (fault := verify_chain(org_id))]
    return len(organization_ids), faults
