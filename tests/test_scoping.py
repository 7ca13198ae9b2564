"""Tenancy rule 2: code never reads a tenant-owned model without naming the organisation."""

import pytest
from django_scopes import ScopeError

from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Membership
from suppliers.models import Supplier


def test_an_unscoped_query_on_a_tenant_model_raises(manager):
    with pytest.raises(ScopeError):
        list(Membership.objects.all())
    with pytest.raises(ScopeError):
        Supplier.objects.filter(code="x").exists()


def test_an_unscoped_bulk_update_raises(manager):
    with pytest.raises(ScopeError):
        Membership.objects.update(role="admin")


def test_a_scoped_query_sees_only_its_organisation(org, other_org, make_supplier):
    mine = make_supplier(org, code="A1")
    make_supplier(other_org, code="B1")
    with org_scope(org):
        assert list(Supplier.objects.all()) == [mine]
        assert Supplier.objects.filter(code="B1").count() == 0


def test_a_request_runs_inside_the_url_organisation(client_for, manager, make_supplier, org):
    make_supplier(org, code="X")
    response = client_for(manager).get(f"/o/{org.slug}/")
    assert response.status_code == 200
    assert response.wsgi_request.organization == org


def test_request_code_outside_an_organisation_cannot_read_tenant_rows(rf, manager):
    # The view layer has no scope unless the URL names an organisation.
    with pytest.raises(ScopeError):
        Supplier.objects.first()
