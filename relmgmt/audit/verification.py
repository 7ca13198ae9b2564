"""Proves the audit trail is intact: every event's hash and every link of every chain."""

from dataclasses import dataclass

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


def verify_chain(organization_id: int) -> ChainFault | None:
    """The first fault in one organisation's chain, or None when it is intact."""
    with scopes_disabled():
        expected_prev = GENESIS_HASH
        expected_seq = 1
        for event in (
            AuditEvent.objects.filter(organization_id=organization_id)
            .order_by("seq")
            .iterator(chunk_size=2000)
        ):
            if event.seq != expected_seq:
                return ChainFault(
                    organization_id, expected_seq, None, f"event missing (found #{event.seq} next)"
                )
            if event.prev_hash != expected_prev:
                return ChainFault(
                    organization_id, event.seq, event.pk, "link to the previous event broken"
                )
            computed = event_hash(
                prev_hash=event.prev_hash, fields=event.hashed_fields(), changes=event.changes
            )
            if computed != event.hash:
                return ChainFault(organization_id, event.seq, event.pk, "content altered")
            expected_prev = event.hash
            expected_seq += 1
        chain = AuditChain.objects.filter(organization_id=organization_id).first()
        last_seq = expected_seq - 1
        if chain is not None and (chain.last_seq != last_seq or chain.last_hash != expected_prev):
            return ChainFault(
                organization_id,
                chain.last_seq,
                None,
                f"chain head says #{chain.last_seq} but the last event is #{last_seq}",
            )
    return None


def verify_all() -> tuple[int, list[ChainFault]]:
    with scopes_disabled():
        organization_ids = sorted(
            set(AuditChain.objects.values_list("organization_id", flat=True))
            | set(AuditEvent.objects.values_list("organization_id", flat=True).distinct())
        )
    faults = [fault for org_id in organization_ids if (fault := verify_chain(org_id))]
    return len(organization_ids), faults
