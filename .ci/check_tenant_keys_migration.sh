#!/usr/bin/env bash
# An existing PostgreSQL database migrates in place to the tenant keys (issue 23), data kept.
#
# 1. A scratch database with the schema of the release before the keys: Django's own
#    PostgreSQL backend, every migration but tenancy 0002 and audit 0007 (the old append-only
#    guard, primary keys on id, single-column foreign keys), and the demo data.
# 2. `migrate` with the project's settings (tenancy 0002 re-keys every tenant table, audit
#    0007 reinstalls the guard).
# 3. `check_tenant_keys` (the catalog rule of tests/test_schema_catalog.py) and
#    `verify_audit_trail` pass, and the rows are all still there.
#
# Usage: .ci/check_tenant_keys_migration.sh [postgres://user@host:port]  (run by .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:-postgres://postgres@127.0.0.1:5432}
name=relmgmt_tenant_keys_ci
py=.venv/bin/python

psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
trap 'psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
export DATABASE_URL="$server/$name"

count_rows() {
  psql -qtA "$DATABASE_URL" -c "SELECT sum((xpath('/row/c/text()', query_to_xml(format(
    'SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text::bigint)
    FROM information_schema.columns WHERE column_name = 'organization_id'
    AND table_schema = current_schema()"
}

echo "--- the schema before the tenant keys, with the demo data"
DJANGO_SETTINGS_MODULE=relmgmt.settings.base $py - <<'PY'
import django
from django.conf import settings
from django.core.management import call_command

# Django's own backend, as releases before the keys had it.
settings.DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
django.setup()
from django.db.migrations.loader import MigrationLoader

# The two migrations of the change stay unapplied; every other app to its latest.
call_command("migrate", "audit", "0006", verbosity=0)
call_command("migrate", "tenancy", "0001", verbosity=0)
for label, _name in MigrationLoader(None).graph.leaf_nodes():
    if label not in {"audit", "tenancy"}:
        call_command("migrate", label, verbosity=0)
call_command("showmigrations", "tenancy", "audit")
call_command("seed_demo", verbosity=0)
PY
before=$(count_rows)
old_guard() {
  psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM pg_proc WHERE proname =
    'audit_event_is_redaction' AND proargtypes[0] = 'audit_auditevent'::regtype"
}
test "$(old_guard)" = 1  # the guard that takes the table's row type
if $py manage.py check_tenant_keys >/dev/null 2>&1; then
  echo "the old schema passed the catalog check: the check is broken" >&2
  exit 1
fi

echo "--- migrate in place"
start=$(date +%s.%N)
$py manage.py migrate --noinput
echo "migrate took $(echo "$(date +%s.%N) - $start" | bc) s"

echo "--- after"
$py manage.py check_tenant_keys
$py manage.py verify_audit_trail
after=$(count_rows)
echo "rows in tenant tables: $before before, $after after"
test "$before" = "$after"
test "$(old_guard)" = 0
test "$before" -gt 0
