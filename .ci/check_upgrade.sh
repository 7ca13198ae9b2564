#!/usr/bin/env bash
# The previous release's PostgreSQL database upgrades in place to this code, data kept.
#
# 1. The previous release's code (.ci/previous_release, taken from git) migrates a scratch
#    database and loads its demo data.
# 2. This code's `migrate` runs on it, as docs/upgrading.md tells operators to.
# 3. `verify_audit_trail` proves every organisation's chain intact, `check_tenant_keys`
#    the schema, the rows of the tenant tables are all still there, and this code's
#    seed_demo (idempotent) finds the demo data it expects.
#
# The old code runs with this checkout's environment (.venv): a release that changed a
# dependency may need its own. Usage: .ci/check_upgrade.sh [postgres://user@host:port]
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:-postgres://postgres@127.0.0.1:5432}
name=${RELMGMT_UPGRADE_DB:-relmgmt_upgrade_ci}
py=$PWD/.venv/bin/python
previous=$(grep -v '^#' .ci/previous_release | head -1)
old=$(mktemp -d)

psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
trap 'psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"; rm -rf "$old"' EXIT
export DATABASE_URL="$server/$name" DJANGO_SETTINGS_MODULE=relmgmt.settings.base
export RELMGMT_VAR_DIR="$old/var"

count_rows() {
  # Each tenant table and its rows, one "table count" line each.
  psql -qtA -F ' ' "$DATABASE_URL" -c "SELECT table_name, (xpath('/row/c/text()', query_to_xml(format(
    'SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text::bigint
    FROM information_schema.columns WHERE column_name = 'organization_id'
    AND table_schema = current_schema() ORDER BY table_name COLLATE \"C\""
}

echo "--- the previous release ($previous): its schema and demo data"
git archive "$previous" | tar -x -C "$old"
(cd "$old" && $py manage.py migrate --noinput -v0 && $py manage.py seed_demo >/dev/null)
before=$(count_rows)

echo "--- this code: migrate in place"
$py manage.py showmigrations --plan | grep -c '\[ \]' | sed 's/^/migrations to apply: /'
start=$(date +%s)
$py manage.py migrate --noinput
echo "migrate took $(( $(date +%s) - start )) s"

echo "--- after"
$py manage.py verify_audit_trail
$py manage.py check_tenant_keys
after=$(count_rows)
total() { awk '{ n += $2 } END { print n + 0 }'; }
echo "rows in tenant tables: $(total <<<"$before") before, $(total <<<"$after") after"
test "$(total <<<"$before")" -gt 0
# No table lost a row. A data migration may add some (moving the old corrective action
# requests into 8Ds adds their records and audit events), never take any away.
lost=$(LC_ALL=C join <(echo "$before") <(echo "$after") | awk '$3 < $2 { print $1 ": " $2 " before, " $3 " after" }')
dropped=$(LC_ALL=C join -v 1 <(echo "$before") <(echo "$after"))
if [ -n "$lost$dropped" ]; then echo "rows lost: $lost $dropped"; exit 1; fi
$py manage.py seed_demo >/dev/null
$py manage.py makemigrations --check --dry-run >/dev/null
