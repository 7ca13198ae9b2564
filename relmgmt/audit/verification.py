"""Proves the audit trail is intact: every event's hash and every link of every chain."""

from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from relmgmt.audit.hashing import (
    GENESIS_HASH,
    PLAIN_VERSION,
    UnknownKeyVersion,
    event_hash,
    plain_seal_holds,
)
from relmgmt.audit.models import AuditChain, AuditEvent
from relmgmt.audit.published import last_published, publish_head
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
    published = last_published(organization_id)
    with scopes_disabled():
        chain = AuditChain.objects.filter(organization_id=organization_id).first()
        plain_until = chain.plain_until_seq if chain is not None else 0
        expected_prev = GENESIS_HASH
        expected_seq = 1

        def report(fault: ChainFault | None) -> ChainReport:
            return ChainReport(
                organization_id, expected_seq - 1, expected_seq - 1, expected_prev, fault
            )

        if chain is not None and not plain_seal_holds(
            organization_id=organization_id,
            plain_until_seq=chain.plain_until_seq,
            seal=chain.plain_seal,
        ):
            return report(
                ChainFault(
                    organization_id,
                    chain.plain_until_seq,
                    None,
                    "the seal of the events allowed plain hashes does not hold",
                )
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
            version = event.hash_version or PLAIN_VERSION
            if version == PLAIN_VERSION and event.seq > plain_until:
                return report(
                    ChainFault(
                        organization_id,
                        event.seq,
                        event.pk,
                        "plain hash where a keyed one is due (rewritten without the key)",
                    )
                )
            try:
                computed = event_hash(
                    prev_hash=event.prev_hash,
                    fields=event.hashed_fields(),
                    changes=event.changes,
                    version=version,
                )
            except UnknownKeyVersion:
                return report(
                    ChainFault(
                        organization_id,
                        event.seq,
                        event.pk,
                        f"keyed with audit key version {version}, which this deployment lacks",
                    )
                )
            if computed != event.hash:
                return report(ChainFault(organization_id, event.seq, event.pk, "content altered"))
            if published is not None and event.seq == published[0] and event.hash != published[1]:
                return report(
                    ChainFault(
                        organization_id,
                        event.seq,
                        event.pk,
                        "rewritten: the hash differs from the head published when verified",
                    )
                )
            expected_prev = event.hash
            expected_seq += 1
        last_seq = expected_seq - 1
        if published is not None and last_seq < published[0]:
            return report(
                ChainFault(
                    organization_id,
                    last_seq + 1,
                    None,
                    f"rewound: the trail ends at #{last_seq} but #{published[0]} was "
                    "published when verified",
                )
            )
        if chain is None and last_seq > 0:
            return report(ChainFault(organization_id, last_seq, None, "chain head missing"))
        if chain is None and _has_members(organization_id):
            return report(
                ChainFault(organization_id, 0, None, "no audit trail: events and chain missing")
            )
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


def _has_members(organization_id: int) -> bool:
    # Adding a member is an audited change: an organisation with members has a trail.
    membership = apps.get_model("tenancy", "Membership")
    with scopes_disabled():
        return membership.objects.filter(organization_id=organization_id).exists()


def organizations_with_a_trail() -> list[int]:
    """Every organisation: one whose trail was wiped must be checked too (by the tenancy
    table, read through the app registry: the trail sits below the tenancy layer)."""
    organization = apps.get_model("tenancy", "Organization")
    with scopes_disabled():
        return sorted(
            set(organization.objects.values_list("pk", flat=True))
            | set(AuditChain.objects.values_list("organization_id", flat=True))
            | set(AuditEvent.objects.values_list("organization_id", flat=True).distinct())
        )


def verify_all() -> tuple[int, list[ChainFault]]:
    """Check every organisation's chain; publish the head of each intact one."""
    organization_ids = organizations_with_a_trail()
    faults = []
    for organization_id in organization_ids:
        report = check_chain(organization_id)
        if report.fault is not None:
            faults.append(report.fault)
        else:
            publish_head(
                organization_id=organization_id, seq=report.head_seq, head_hash=report.head_hash
            )
    return len(organization_ids), faults
