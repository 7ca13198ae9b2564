"""PostgreSQL with every tenant table keyed by organisation (ENGINE ``relmgmt.core.db.postgresql``).

Django's own backend, with a schema editor that, for a model with ``organization_id``
(a tenant model):

- creates the table with ``PRIMARY KEY (id, organization_id)`` (Django's model state
  still sees ``id`` as the key: this is the database's key only; ``id`` first, so that a
  join on ``id`` alone keeps its index, see relmgmt.core.db.tenant_keys);
- creates each foreign key to a tenant model's ``id`` as
  ``FOREIGN KEY (organization_id, x_id) REFERENCES t (organization_id, id)``, never the
  single-column key, whether the migration creates the table, adds the field or alters it;
- finds those composite keys when a migration alters or removes the field, so Django drops
  and re-creates them as it does its own;
- when a migration adds ``organization_id`` to an existing table, re-keys the tables at the
  end of the migration with ``relmgmt.core.db.tenant_keys.convert``.

Whether the source table is a tenant table is read from the catalog when the key is
created (a migration may add ``organization_id`` after the foreign key), so a new app's
migrations need no SQL of their own. See docs/scaling.md for why this backend and not
django-multitenant's.
"""

from django.db.backends.ddl_references import Columns, Statement
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from django.db.backends.postgresql.features import DatabaseFeatures as PostgresDatabaseFeatures
from django.db.backends.postgresql.schema import DatabaseSchemaEditor as PostgresSchemaEditor

from relmgmt.core.db import tenant_keys
from relmgmt.core.db.tenant_keys import TENANT_COLUMN


def is_tenant_model(model) -> bool:
    """A model (historical ones included) whose table has ``organization_id`` beside its key."""
    pk = model._meta.pk
    return (
        pk is not None
        and pk.column != TENANT_COLUMN
        and not model._meta.proxy
        and any(field.column == TENANT_COLUMN for field in model._meta.local_concrete_fields)
    )


class TenantForeignKeyStatement(Statement):
    """A foreign key to a tenant model's key: composite if its own table has the organisation.

    Decided when it runs, from the catalog, since a migration may add ``organization_id``
    to the source table after the foreign key field (Django's split initial migrations do).
    """

    def make_composite(self) -> None:
        for part in ("column", "to_column"):
            columns = self.parts[part]
            if TENANT_COLUMN not in columns.columns:
                self.parts[part] = Columns(
                    columns.table, [TENANT_COLUMN, *columns.columns], columns.quote_name
                )


class DatabaseSchemaEditor(PostgresSchemaEditor):
    # Foreign keys are added as separate statements (deferred), never inline on the column.
    sql_create_column_inline_fk = None

    def __enter__(self):
        self._rekey_at_exit = False
        return super().__enter__()

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is None and not self.collect_sql:
            for sql in self.deferred_sql:
                self.execute(sql, None)
            self.deferred_sql = []
            if self._rekey_at_exit:
                with self.connection.cursor() as cursor:
                    tenant_keys.convert(cursor)
        return super().__exit__(exc_type, exc_value, traceback)

    def execute(self, sql, params=()):
        # (sqlmigrate collects without a database: there the model state decided, below.)
        if isinstance(sql, TenantForeignKeyStatement):
            table = sql.parts["table"].table
            if not self.collect_sql and self._table_has_tenant_column(table):
                sql.make_composite()
        return super().execute(sql, params)

    def _table_has_tenant_column(self, table: str) -> bool:
        with self.connection.cursor() as cursor:
            return tenant_keys.has_tenant_column(cursor, table)

    # Primary keys

    def _iter_column_sql(self, column_db_type, params, model, field, *args, **kwargs):
        tenant_pk = field.primary_key and is_tenant_model(model)
        for part in super()._iter_column_sql(column_db_type, params, model, field, *args, **kwargs):
            if tenant_pk and part == "PRIMARY KEY":
                continue  # a table constraint instead, see table_sql
            yield part

    def table_sql(self, model):
        sql, params = super().table_sql(model)
        if is_tenant_model(model):
            if model._meta.db_tablespace or not sql.endswith(")"):
                raise NotImplementedError("tenant tables in a tablespace")
            columns = [model._meta.pk.column, TENANT_COLUMN]
            sql = sql[:-1] + ", " + self._pk_constraint_sql(columns) + ")"
        return sql, params

    def _create_primary_key_sql(self, model, field):
        statement = super()._create_primary_key_sql(model, field)
        if is_tenant_model(model) and field.column != TENANT_COLUMN:
            statement.parts["columns"] = Columns(
                model._meta.db_table, [field.column, TENANT_COLUMN], self.quote_name
            )
        return statement

    def add_field(self, model, field):
        deferred = len(self.deferred_sql)
        super().add_field(model, field)
        if field.column == TENANT_COLUMN:
            self._rekey_at_exit = True
        if self.collect_sql:
            return
        # Django's own backend adds the field's foreign key with the column; so do we, as
        # soon as we can tell its shape: a key to a tenant table waits for the end of the
        # migration only while this table has no organization_id yet.
        table = model._meta.db_table
        for statement in self.deferred_sql[deferred:]:
            if getattr(statement, "template", None) != self.sql_create_fk:
                continue
            if isinstance(statement, TenantForeignKeyStatement) and not (
                self._table_has_tenant_column(table)
            ):
                continue
            self.deferred_sql.remove(statement)
            self.execute(statement)

    # Foreign keys

    def _create_fk_sql(self, model, field, suffix):
        statement = super()._create_fk_sql(model, field, suffix)
        target = field.target_field
        if is_tenant_model(target.model) and target.primary_key and field.column != TENANT_COLUMN:
            statement = TenantForeignKeyStatement(statement.template, **statement.parts)
            if is_tenant_model(model) and self.collect_sql:
                statement.make_composite()
        return statement

    def _constraint_names(self, model, column_names=None, *args, foreign_key=None, **kwargs):
        """Django looks a field's foreign key up by its one column; ours has two."""
        names = super()._constraint_names(
            model, column_names, *args, foreign_key=foreign_key, **kwargs
        )
        if (
            foreign_key
            and column_names is not None
            and len(column_names) == 1
            and column_names[0] != TENANT_COLUMN
        ):
            names += super()._constraint_names(
                model, [TENANT_COLUMN, *column_names], *args, foreign_key=foreign_key, **kwargs
            )
        return names


class DatabaseFeatures(PostgresDatabaseFeatures):
    def allows_group_by_selected_pks_on_model(self, model):
        # PostgreSQL lets GROUP BY the primary key stand for every column of the table; on a
        # tenant table that key is (id, organization_id), so GROUP BY id alone would not do.
        if is_tenant_model(model):
            return False
        return super().allows_group_by_selected_pks_on_model(model)


class DatabaseWrapper(PostgresDatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
    features_class = DatabaseFeatures
