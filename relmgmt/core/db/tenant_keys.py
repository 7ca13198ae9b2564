"""Tenant keys in the PostgreSQL catalog: every tenant table keyed by organisation.

A tenant table is a table with an ``organization_id`` column. On PostgreSQL each one has
``PRIMARY KEY (id, organization_id)`` and each foreign key from a tenant table to a tenant
table is ``FOREIGN KEY (organization_id, x_id) REFERENCES t (organization_id, id)``, so
that Citus can distribute them all by ``organization_id``, co-located (docs/scaling.md).
Django's model state still sees ``id`` as the primary key: these are database keys only.

Why ``id`` first: Citus needs the distribution column in the key, in any position, and
every tenant table already has ``UNIQUE (organization_id, id)`` (TenantModel), which serves
the lookups that start from the organisation. The ORM joins related rows on ``id`` alone
(``supplier.party_id = party.id``); with ``(organization_id, id)`` no index would start with
``id`` and such a join walks the whole index per row (the delivery list of the seed_bench
organisation: 297 ms, against 18 to 44 ms with ``id`` first). A foreign key may name the
referenced columns in any order, so the composite keys reference (organization_id, id) all
the same.

The backend (``relmgmt.core.db.postgresql``) creates new tables and keys this way;
``convert`` brings existing tables there (the migration ``tenancy.0002_tenant_keys`` and
the backend itself, when a migration adds ``organization_id`` to an existing table, both
call it); ``problems`` lists what breaks the rule (tests/test_schema_catalog.py).
Everything here reads the catalog of the current schema, never the models.
"""

from dataclasses import dataclass

TENANT_COLUMN = "organization_id"

_ON_ACTION = {
    "a": "NO ACTION",
    "r": "RESTRICT",
    "c": "CASCADE",
    "n": "SET NULL",
    "d": "SET DEFAULT",
}


@dataclass(frozen=True)
class ForeignKey:
    name: str
    table: str
    columns: tuple[str, ...]
    to_table: str
    to_columns: tuple[str, ...]
    on_delete: str
    on_update: str
    deferrable: bool
    deferred: bool

    @property
    def composite(self) -> bool:
        """Both sides include the organisation, at the same position."""
        pairs = list(zip(self.columns, self.to_columns, strict=True))
        return (TENANT_COLUMN, TENANT_COLUMN) in pairs


def _rows(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchall()


def tenant_tables(cursor) -> set[str]:
    """The ordinary tables of the current schema that have an ``organization_id`` column."""
    return {
        name
        for (name,) in _rows(
            cursor,
            """SELECT c.relname FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = %s AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'p')""",
            [TENANT_COLUMN],
        )
    }


def has_tenant_column(cursor, table: str) -> bool:
    return bool(
        _rows(
            cursor,
            """SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(%s)
            AND attname = %s AND NOT attisdropped""",
            [table, TENANT_COLUMN],
        )
    )


def foreign_keys(cursor) -> list[ForeignKey]:
    """Every foreign key between tables of the current schema, columns in key order."""
    rows = _rows(
        cursor,
        """SELECT con.conname, src.relname, dst.relname,
            ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                  ORDER BY k.i),
            ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                  ORDER BY k.i),
            con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred
        FROM pg_constraint con
        JOIN pg_class src ON src.oid = con.conrelid
        JOIN pg_class dst ON dst.oid = con.confrelid
        JOIN pg_namespace n ON n.oid = src.relnamespace AND n.nspname = current_schema()
        WHERE con.contype = 'f'
        ORDER BY src.relname, con.conname""",
    )
    return [
        ForeignKey(
            name=name,
            table=table,
            columns=tuple(columns),
            to_table=to_table,
            to_columns=tuple(to_columns),
            on_delete=_ON_ACTION[on_delete],
            on_update=_ON_ACTION[on_update],
            deferrable=deferrable,
            deferred=deferred,
        )
        for name, table, to_table, columns, to_columns, on_delete, on_update, deferrable, deferred in rows  # noqa: E501
    ]


def keys(cursor, *, primary: bool) -> list[tuple[str, str, tuple[str, ...]]]:
    """(table, name, columns) of every primary key, or of every other unique index
    (unique constraints included: each has its index), in the current schema."""
    return [
        (table, name, tuple(columns))
        for table, name, columns in _rows(
            cursor,
            """SELECT t.relname, i.relname,
                ARRAY(SELECT coalesce(a.attname, '<expression>')
                      FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                      LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                      WHERE k.n <= x.indnkeyatts
                      ORDER BY k.n)
            FROM pg_index x
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
            WHERE x.indisunique AND x.indisprimary = %s
            ORDER BY t.relname, i.relname""",
            [primary],
        )
    ]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def composite_fk_sql(fk: ForeignKey, *, validate: bool) -> str:
    """ALTER TABLE ... ADD the organisation-keyed version of a single-column foreign key."""
    (column,), (to_column,) = fk.columns, fk.to_columns
    deferrable = ""
    if fk.deferrable:
        deferrable = " DEFERRABLE INITIALLY " + ("DEFERRED" if fk.deferred else "IMMEDIATE")
    return (
        f"ALTER TABLE {quote(fk.table)} ADD CONSTRAINT {quote(fk.name)} "
        f"FOREIGN KEY ({quote(TENANT_COLUMN)}, {quote(column)}) "
        f"REFERENCES {quote(fk.to_table)} ({quote(TENANT_COLUMN)}, {quote(to_column)}) "
        f"ON DELETE {fk.on_delete} ON UPDATE {fk.on_update}{deferrable}"
        + ("" if validate else " NOT VALID")
    )


def convert(cursor) -> list[str]:
    """Key every tenant table of the current schema by organisation; return the statements.

    Idempotent: a table or key already in shape is left alone. In order:
    1. drop each single-column foreign key between two tenant tables (they hang on the
       referenced table's primary key);
    2. swap each tenant table's primary key ``(id)`` for ``(id, organization_id)``, keeping
       its name;
    3. add each dropped key back over ``(organization_id, x_id)``, NOT VALID, then
       VALIDATE it: a row that points at another organisation's record fails here, and
       the whole transaction rolls back, the old keys in place.
    A key from a table without ``organization_id`` to a tenant table would block step 2: it
    is an error (no global table may point at a tenant table).
    """
    tenants = tenant_tables(cursor)
    fks = foreign_keys(cursor)
    to_swap = [
        (table, name, columns)
        for table, name, columns in keys(cursor, primary=True)
        if table in tenants and TENANT_COLUMN not in columns
    ]
    swapped = {table for table, _, _ in to_swap}
    blocking = [fk for fk in fks if fk.to_table in swapped and fk.table not in tenants]
    if blocking:
        raise RuntimeError(
            "global tables point at tenant tables: "
            + ", ".join(f"{fk.table}.{fk.name} -> {fk.to_table}" for fk in blocking)
        )
    to_rekey = [
        fk for fk in fks if fk.table in tenants and fk.to_table in tenants and not fk.composite
    ]
    for fk in to_rekey:
        if len(fk.columns) != 1 or fk.to_columns != ("id",):
            raise RuntimeError(f"cannot key {fk.table}.{fk.name} by organisation: {fk}")
    statements = [
        f"ALTER TABLE {quote(fk.table)} DROP CONSTRAINT {quote(fk.name)}" for fk in to_rekey
    ]
    for table, name, columns in to_swap:
        if len(columns) != 1:
            raise RuntimeError(f"unexpected primary key {name} {columns} on {table}")
        statements.append(
            f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}, "
            f"ADD CONSTRAINT {quote(name)} "
            f"PRIMARY KEY ({quote(columns[0])}, {quote(TENANT_COLUMN)})"
        )
    statements += [composite_fk_sql(fk, validate=False) for fk in to_rekey]
    statements += [
        f"ALTER TABLE {quote(fk.table)} VALIDATE CONSTRAINT {quote(fk.name)}" for fk in to_rekey
    ]
    for statement in statements:
        cursor.execute(statement)
    return statements


# Tables without organisation that tenant tables may point at: Citus reference tables.
REFERENCE_TABLES = {"tenancy_organization", "accounts_user"}


def problems(cursor) -> list[str]:
    """Every way the current schema breaks the rule; empty when Citus can distribute it."""
    tenants = tenant_tables(cursor)
    found = []
    for table, name, columns in keys(cursor, primary=True):
        if table in tenants and TENANT_COLUMN not in columns:
            found.append(f"{table}: primary key {name} {columns} lacks organization_id")
    for table, name, columns in keys(cursor, primary=False):
        if table in tenants and TENANT_COLUMN not in columns:
            found.append(f"{table}: unique index {name} {columns} lacks organization_id")
    for fk in foreign_keys(cursor):
        if fk.table in tenants and fk.to_table in tenants and not fk.composite:
            found.append(
                f"{fk.table}: foreign key {fk.name} {fk.columns} -> {fk.to_table} "
                f"{fk.to_columns} is not keyed by organisation"
            )
        if fk.table not in tenants and fk.to_table in tenants:
            found.append(
                f"{fk.table}: global table points at tenant table {fk.to_table} ({fk.name})"
            )
        if (
            fk.table in tenants
            and fk.to_table not in tenants
            and fk.to_table not in REFERENCE_TABLES
        ):
            found.append(
                f"{fk.table}: foreign key {fk.name} -> {fk.to_table}, which is neither "
                "a tenant table nor a reference table"
            )
    return found


def distribution_order(cursor, first: str = "audit_auditevent") -> list[str]:
    """The tenant tables, each after the tenant tables it points at (Citus distributes a
    table only after the tables its foreign keys reference); ``first`` leads, as the
    co-location group's anchor."""
    tenants = tenant_tables(cursor)
    needs = {table: set() for table in tenants}
    for fk in foreign_keys(cursor):
        if fk.table in tenants and fk.to_table in tenants and fk.to_table != fk.table:
            needs[fk.table].add(fk.to_table)
    order = [first] if first in tenants and not needs[first] else []
    done = set(order)
    while len(done) < len(tenants):
        ready = sorted(t for t in tenants - done if needs[t] <= done)
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {sorted(tenants - done)}")
        order += ready
        done.update(ready)
    return order


def citus_sql(cursor) -> list[str]:
    """The statements that distribute this schema on a Citus coordinator (docs/scaling.md)."""
    order = distribution_order(cursor)
    anchor = order[0]
    return [
        # The audit table's append-only trigger runs on each shard (relmgmt.audit.db_guard).
        "SET citus.enable_unsafe_triggers = on;",
        *(f"SELECT create_reference_table('{table}');" for table in sorted(REFERENCE_TABLES)),
        f"SELECT create_distributed_table('{anchor}', '{TENANT_COLUMN}');",
        *(
            f"SELECT create_distributed_table('{table}', '{TENANT_COLUMN}', "
            f"colocate_with => '{anchor}');"
            for table in order[1:]
        ),
    ]
