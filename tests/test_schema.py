"""Tenancy rule 1, for every model now and later: the organisation in every tenant table,
in every unique constraint, and UniqueConstraint(organization, id)."""

import pytest
from django.apps import apps
from django.db import models

TENANT_EXEMPT = {
    # The organisation itself, and the chain head (one row per organisation, keyed by it).
    "tenancy.organization",
    "audit.auditchain",
    # The security log: attempts, some of no organisation (an unknown account's sign-in),
    # so a global table (its column is concerns_organization_id, not organization_id).
    "audit.securityevent",
}


def tenant_models():
    for model in apps.get_models():
        if model._meta.label_lower in TENANT_EXEMPT:
            continue
        try:
            field = model._meta.get_field("organization")
        except Exception:  # noqa: S112
            continue
        yield model, field


def test_there_are_tenant_models_to_check():
    assert len(list(tenant_models())) >= 6


@pytest.mark.parametrize("model", [m for m, _ in tenant_models()], ids=lambda m: m._meta.label)
def test_tenant_model_follows_rule_one(model):
    field = model._meta.get_field("organization")
    assert isinstance(field, models.ForeignKey)
    assert not field.null, "organization_id must be NOT NULL"
    uniques = [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    assert any(tuple(c.fields) == ("organization", "id") for c in uniques), (
        f"{model._meta.label} lacks UniqueConstraint(organization, id)"
    )
    for constraint in uniques:
        assert constraint.fields[0] == "organization", (
            f"{constraint.name} must lead with organization"
        )
    for index in model._meta.indexes:
        if len(index.fields) > 1:
            assert index.fields[0] == "organization", f"{index.name} must lead with organization"
    for unique_field in model._meta.fields:
        if unique_field.unique and not unique_field.primary_key:
            pytest.fail(f"{model._meta.label}.{unique_field.name} is unique without organization")
    assert not model._meta.unique_together, "use UniqueConstraint with organization first"


@pytest.mark.parametrize("model", [m for m, _ in tenant_models()], ids=lambda m: m._meta.label)
def test_tenant_model_default_manager_is_scoped(model):
    from django_scopes import ScopeError

    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()
