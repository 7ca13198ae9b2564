"""Erasing a contact leaves no trace of the person anywhere in the database: not in the
contact, not in the supplier's portal proposals about it, not in interaction summaries, not
in any audit event; and the audit trail still verifies. Proved by searching a dump."""

from django.db import connection

from parties.models import Contact
from parties.services.contacts import contact_erase
from parties.services.interactions import interaction_create
from relmgmt.audit.verification import verify_all
from relmgmt.core import extensions
from relmgmt.core.scoping import org_scope
from suppliers.models.portal import ProfileChangeKind
from suppliers.services.portal import profile_change_propose

TRACES = ("Zelda Quartermaine", "zelda.q@work.example", "zelda@home.example", "7700 900 555")


def _dump() -> str:
    """Every row of every table as text."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT t::text FROM {name} AS t")  # noqa: S608 (catalogue names)
            lines.extend(row[0] for row in cursor.fetchall())
    return "\n".join(lines)


def test_every_personal_field_is_registered_with_its_eraser(db):
    fields = {field for entry in extensions.personal_data for field in entry.fields}
    assert {
        "parties.Interaction.summary",
        "suppliers.ProfileChange.proposed",
        "suppliers.ProfileChange.comment",
    } <= fields


def test_an_erased_contact_is_found_nowhere_in_a_dump(org, manager, supplier_member):
    supplier = supplier_member.supplier
    with org_scope(org):
        contact = Contact.objects.create(
            organization=org,
            party=supplier.party,
            name="Zelda Quartermaine",
            email="zelda.q@work.example",
        )
    profile_change_propose(
        organization=org,
        actor=supplier_member.user,
        supplier=supplier,
        kind=ProfileChangeKind.CONTACT_CHANGE,
        contact=contact,
        data={"name": "Zelda Quartermaine", "email": "zelda@home.example", "phone": "7700 900 555"},
        comment="Zelda Quartermaine prefers her private address",
    )
    interaction_create(
        organization=org,
        actor=manager.user,
        party=supplier.party,
        data={
            "kind": "call",
            "occurred_on": "2026-11-02",
            "summary": "Called Zelda Quartermaine (zelda.q@work.example) about the audit.",
            "contacts": [contact],
        },
    )
    assert all(trace in _dump() for trace in TRACES[:2])

    contact_erase(organization=org, actor=manager.user, contact=contact, reason="Asked by her")

    dump = _dump().lower()
    assert [trace for trace in TRACES if trace.lower() in dump] == []
    _checked, faults = verify_all()
    assert faults == []
