#!/usr/bin/env bash
# Regenerates the real log captures in fixtures/logs/ (PostgreSQL stderr with two prefixes, csvlog, jsonlog;
# MariaDB slow log) by running one workload against the local servers. Needs root (to read the server logs),
# scripts/services.sh applied (logging_collector with stderr+csvlog+jsonlog, MariaDB slow log file) and a build.
#   bash scripts/capture-logs.sh [all|pg|mysql]
# PostgreSQL: session-level settings only, except log_line_prefix, which is set with ALTER SYSTEM for the
# second run and reset right after (a sighup setting: reload, no restart).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -f dist/agent/logs/pg-csv.js ]] || npx tsc -p .
node scripts/capture-logs.mjs "${1:-all}"
