"""Databases that already hold suppliers (code and name only) keep them: each gets its
interested party before the link becomes required."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parties.models import Party
from parties.services import register as party_services
from relmgmt.audit.models import AuditEvent
from relmgmt.audit.verification import verify_all
from relmgmt.core.scoping import org_scope
from suppliers.models import Supplier

BEFORE = [("suppliers", "0002_initial")]


@pytest.mark.django_db(transaction=True)
def test_existing_suppliers_are_linked_to_a_party_of_their_name_or_given_one(org, manager):
    northwind = party_services.party_create(
        organization=org,
        actor=manager.user,
        data={"name": "Northwind Castings", "types": ["customer"]},
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("suppliers", "Supplier")
    old.objects.create(organization_id=org.pk, code="S1", name="northwind  castings")
    old.objects.create(organization_id=org.pk, code="S2", name="Brand New Ltd")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    with org_scope(org):
        linked = Supplier.objects.select_related("party").get(code="S1")
        created = Supplier.objects.select_related("party").get(code="S2")
        assert linked.party_id == northwind.pk
        assert set(linked.party.types) == {"customer", "supplier"}
        assert created.party.name == "Brand New Ltd" and created.party.types == ["supplier"]
        assert linked.status == created.status == "prospective"
        assert Party.objects.count() == 2
        events = AuditEvent.objects.filter(actor_label="migration")
        assert {(e.model_label, e.action) for e in events} == {
            ("parties.party", "update"),
            ("parties.party", "create"),
            ("suppliers.supplier", "update"),
        }
    _checked, faults = verify_all()
    assert not faults
