"""Tenancy rule 1 as PostgreSQL holds it: the catalog of the migrated test database.

tests/test_schema.py reads Django's models; this reads pg_constraint, pg_index and
pg_attribute, which is what Citus reads when it distributes the tables by organisation
(docs/scaling.md). A tenant table is a table with an ``organization_id`` column.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, migrations, models
from django.db.migrations.state import ProjectState

from relmgmt.core.db import tenant_keys

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the keys are a PostgreSQL matter"
    ),
]


def catalog():
    with connection.cursor() as cursor:
        return (
            tenant_keys.tenant_tables(cursor),
            tenant_keys.foreign_keys(cursor),
            tenant_keys.keys(cursor, primary=True),
        )


def test_the_tenant_tables_are_the_tables_of_the_models_with_an_organisation():
    tenants, _, _ = catalog()
    of_models = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if any(f.column == "organization_id" for f in model._meta.local_concrete_fields)
    }
    assert tenants == of_models
    assert {"audit_auditevent", "audit_auditchain", "suppliers_delivery"} <= tenants
    assert len(tenants) >= 50


def test_no_table_or_key_breaks_the_rule():
    """Primary keys include organization_id; unique constraints and unique indexes
    include it; foreign keys between tenant tables are (organization_id, x_id) ->
    (organization_id, id); no global table points at a tenant table; tenant tables point
    only at tenant tables and the reference tables."""
    with connection.cursor() as cursor:
        assert tenant_keys.problems(cursor) == []


def test_every_tenant_table_has_the_composite_primary_key():
    tenants, _, primary_keys = catalog()
    by_table = {table: columns for table, _, columns in primary_keys}
    assert {table: by_table.get(table) for table in tenants} == dict.fromkeys(
        tenants, ("id", "organization_id")
    )


def test_the_foreign_keys_from_tenant_tables_to_global_tables_point_at_the_reference_tables():
    tenants, fks, _ = catalog()
    to_global = sorted(
        (fk.table, fk.columns, fk.to_table)
        for fk in fks
        if fk.table in tenants and fk.to_table not in tenants
    )
    # Every tenant table points at its organisation (but the recalculated scorecard rows,
    # which leave out their keys for cheaper writes); some at users. Those two are the
    # reference tables.
    assert {to_table for _, _, to_table in to_global} == tenant_keys.REFERENCE_TABLES
    without_key = {
        model._meta.db_table
        for model in apps.get_models()
        if any(
            f.column == "organization_id" and not f.db_constraint
            for f in model._meta.local_concrete_fields
        )
    }
    assert {table for table, columns, _ in to_global if columns == ("organization_id",)} == (
        tenants - without_key
    )
    between_tenants = [fk for fk in fks if fk.table in tenants and fk.to_table in tenants]
    assert len(between_tenants) >= 50
    assert all(fk.columns[0] == "organization_id" for fk in between_tenants)


def test_no_database_function_takes_a_table_row_type():
    """A function with a table's row type as argument breaks on a distributed table's
    shards (the audit guard used to take audit_auditevent)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT p.proname, t.typname FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = current_schema()
            JOIN pg_type t ON t.oid = ANY (p.proargtypes) AND t.typrelid <> 0"""
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass"
            " AND NOT tgisinternal"
        )
        # The row guard and the statement guard against TRUNCATE; neither takes a row type.
        assert sorted(cursor.fetchall()) == [
            ("audit_auditevent_no_truncate",),
            ("audit_event_no_update",),
        ]


def test_new_tenant_tables_and_foreign_keys_are_born_with_the_composite_keys():
    """What a new app's migrations get with no SQL of their own: CreateModel, AddField and
    AlterField of tenant models, through the project's backend."""
    organization = ("organization", models.ForeignKey("tenancy.organization", models.PROTECT))
    operations = [
        migrations.CreateModel(
            "Parent", [("id", models.BigAutoField(primary_key=True)), organization]
        ),
        migrations.CreateModel(
            "Child",
            [
                ("id", models.BigAutoField(primary_key=True)),
                organization,
                ("parent", models.ForeignKey("probe.parent", models.PROTECT)),
            ],
        ),
        # A field added later, then altered in the ways that make Django drop and re-create
        # the foreign key (a new type of column, and a new target).
        migrations.AddField(
            "child",
            "other",
            models.ForeignKey("probe.parent", models.PROTECT, null=True, related_name="+"),
        ),
        migrations.AlterField(
            "child",
            "other",
            models.ForeignKey("probe.child", models.PROTECT, null=True, related_name="+"),
        ),
        migrations.AlterField(
            "child", "parent", models.ForeignKey("probe.parent", models.CASCADE, db_index=False)
        ),
    ]
    state = ProjectState.from_apps(apps)
    with connection.schema_editor() as editor:
        for operation in operations:
            new_state = state.clone()
            operation.state_forwards("probe", new_state)
            operation.database_forwards("probe", editor, state, new_state)
            state = new_state
    tenants, fks, primary_keys = catalog()
    assert {"probe_parent", "probe_child"} <= tenants
    assert {(t, c) for t, _, c in primary_keys if t.startswith("probe_")} == {
        ("probe_parent", ("id", "organization_id")),
        ("probe_child", ("id", "organization_id")),
    }
    assert sorted(
        (fk.columns, fk.to_table, fk.to_columns) for fk in fks if fk.table == "probe_child"
    ) == [
        (("organization_id",), "tenancy_organization", ("id",)),
        (("organization_id", "other_id"), "probe_child", ("organization_id", "id")),
        (("organization_id", "parent_id"), "probe_parent", ("organization_id", "id")),
    ]
    with connection.cursor() as cursor:
        assert tenant_keys.problems(cursor) == []


def test_the_distribution_statements_put_each_table_after_the_tables_it_points_at():
    out = io.StringIO()
    call_command("check_tenant_keys", "--citus-sql", stdout=out)
    statements = out.getvalue().splitlines()
    tenants, fks, _ = catalog()
    assert statements[:4] == [
        "SET citus.enable_unsafe_triggers = on;",
        "SELECT create_reference_table('accounts_user');",
        "SELECT create_reference_table('tenancy_organization');",
        "SELECT create_distributed_table('audit_auditevent', 'organization_id');",
    ]
    distributed = [s.split("'")[1] for s in statements[3:]]
    assert sorted(distributed) == sorted(tenants)
    assert all(s.endswith("colocate_with => 'audit_auditevent');") for s in statements[4:])
    position = {table: i for i, table in enumerate(distributed)}
    for fk in fks:
        if fk.table in tenants and fk.to_table in tenants and fk.table != fk.to_table:
            assert position[fk.to_table] < position[fk.table], fk.name
