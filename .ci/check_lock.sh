#!/usr/bin/env bash
# The lock files match pyproject.toml: `make lock` run again changes nothing. A pin changed
# in pyproject.toml without `make lock` leaves them stale, and this fails with the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
make lock
if ! git diff --exit-code -- requirements.lock requirements-dev.lock; then
  echo "requirements.lock or requirements-dev.lock is stale: run make lock and commit them." >&2
  exit 1
fi
