#!/usr/bin/env bash
# Regenerates the demo dataset in fixtures/demo/ (see fixtures/demo/README.md) from the local PostgreSQL and
# MariaDB: the shop workload for DEMO_SECONDS (default 25) with 6 workers on each, logged for its own sessions
# only, plus a catalog snapshot of each shop schema. Idempotent: uses the schema/database qprof_demo, dropped
# before and after. Needs root (to read the server logs) and scripts/services.sh applied (jsonlog, slow log).
#   bash scripts/capture-demo.sh [postgres] [mysql]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npx tsc -p . >/dev/null || true   # emits even when an unrelated file has a type error
node fixtures/demo/capture.mjs "$@"
ls -l fixtures/demo/
