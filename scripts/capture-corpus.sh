#!/usr/bin/env bash
# Regenerates fixtures/corpus/ from the local PostgreSQL 15 and MariaDB 10.11 (loopback only):
#   postgres-pgss.jsonl        pg_stat_statements after pgbench (-i, simple, -M prepared) + the shop workload
#   postgres-statements.jsonl  the same statements as the server logged them (jsonlog), literals / parameters
#   mysql-digests.jsonl        events_statements_summary_by_digest after sysbench oltp_read_write + the workload
#   mysql-statements.jsonl     statements with literals: sysbench from events_statements_history_long,
#                              the workload from the slow log (long_query_time = 0 for its sessions only)
# and fixtures/corpus/README.md with the date, versions and counts.
#
#   bash scripts/capture-corpus.sh        (needs: bash scripts/services.sh run once; npx tsc -p . built)
#
# Environment: CAPTURE_SECONDS (workload run, default 20), CAPTURE_BENCH_SECONDS (each pgbench/sysbench run,
# default 5), CAPTURE_SCALE (workload seed scale, default 1 = 40,000 orders).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=fixtures/corpus
RUN_SECONDS=${CAPTURE_SECONDS:-20}
BENCH_SECONDS=${CAPTURE_BENCH_SECONDS:-5}
SCALE=${CAPTURE_SCALE:-1}
PG=postgres://postgres@127.0.0.1:5432
PG_SHOP_DB=qprof_corpus
PG_BENCH_DB=qprof_pgbench
MY_URL=mysql://root@127.0.0.1:3306/test
MY_SHOP_DB=shop
MY_BENCH_DB=sbtest
WORKLOAD=(node dist/scripts/workload/main.js)
CAPTURE=(node dist/scripts/workload/corpus/capture.js)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

psql_q() { local db=$1; shift; psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$db" -c "$*"; }
my_q() { mariadb -h 127.0.0.1 -u root -N -B -e "$*"; }
step() { printf '== %s\n' "$*"; }

[[ -f dist/scripts/workload/main.js ]] || npx tsc -p . >/dev/null || true
[[ -f dist/scripts/workload/main.js ]] || { echo "build first: npx tsc -p ." >&2; exit 1; }
[[ $(psql_q postgres "SHOW shared_preload_libraries") == *pg_stat_statements* ]] \
  || { echo "pg_stat_statements is not loaded: run bash scripts/services.sh" >&2; exit 1; }
[[ $(my_q "SELECT @@performance_schema") == 1 ]] || { echo "performance_schema is off: run bash scripts/services.sh" >&2; exit 1; }
mkdir -p "$OUT"

# ------------------------------------------------------------------------------------------------ PostgreSQL
step "postgres: fresh databases $PG_SHOP_DB, $PG_BENCH_DB; shop schema seeded (not part of the corpus)"
for db in $PG_SHOP_DB $PG_BENCH_DB; do psql_q postgres "DROP DATABASE IF EXISTS $db"; psql_q postgres "CREATE DATABASE $db"; done
"${WORKLOAD[@]}" --engine postgres --url "$PG/$PG_SHOP_DB" --schema shop --setup --scale "$SCALE"
# Log every statement of these two databases only (new sessions pick this up), nothing else on the server.
for db in $PG_SHOP_DB $PG_BENCH_DB; do psql_q postgres "ALTER DATABASE $db SET log_min_duration_statement = 0"; done
PG_LOG=$(psql_q postgres "SELECT current_setting('data_directory') || '/' || pg_current_logfile('jsonlog')")
[[ -f $PG_LOG ]] || { echo "no jsonlog file ($PG_LOG): run bash scripts/services.sh" >&2; exit 1; }
PG_LOG_OFFSET=$(stat -c %s "$PG_LOG")
# Reset only these databases' entries: other users of the server keep their statistics.
for db in $PG_SHOP_DB $PG_BENCH_DB; do
  psql_q test "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = '$db'), 0)" >/dev/null
done

step "postgres: pgbench -i -s 1, then ${BENCH_SECONDS}s simple and ${BENCH_SECONDS}s -M prepared"
pgbench -h 127.0.0.1 -U postgres -i -s 1 -q "$PG_BENCH_DB" 2>&1 | tail -n 1
pgbench -h 127.0.0.1 -U postgres -c 2 -j 1 -T "$BENCH_SECONDS" -R 100 "$PG_BENCH_DB" 2>&1 | grep -E '^tps' || true
pgbench -h 127.0.0.1 -U postgres -c 2 -j 1 -T "$BENCH_SECONDS" -R 100 -M prepared "$PG_BENCH_DB" 2>&1 | grep -E '^tps' || true

step "postgres: shop workload ${RUN_SECONDS}s"
"${WORKLOAD[@]}" --engine postgres --url "$PG/$PG_SHOP_DB" --schema shop --scale "$SCALE" --seconds "$RUN_SECONDS" \
  --workers 4 --seed 1 --truth "$TMP/pg-truth.json" | tail -n 2
for db in $PG_SHOP_DB $PG_BENCH_DB; do psql_q postgres "ALTER DATABASE $db RESET log_min_duration_statement"; done

step "postgres: dump"
"${CAPTURE[@]}" pgss --url "$PG/test" --databases "$PG_SHOP_DB,$PG_BENCH_DB" --out "$OUT/postgres-pgss.jsonl"
"${CAPTURE[@]}" pg-log --file "$PG_LOG" --offset "$PG_LOG_OFFSET" --databases "$PG_SHOP_DB,$PG_BENCH_DB" \
  --source "$PG_BENCH_DB=pgbench,$PG_SHOP_DB=workload" --out "$TMP/pg-log.jsonl"
"${CAPTURE[@]}" select --engine postgres --per-shape 8 --max 2000 --out "$OUT/postgres-statements.jsonl" "$TMP/pg-log.jsonl"
for db in $PG_SHOP_DB $PG_BENCH_DB; do psql_q postgres "DROP DATABASE IF EXISTS $db"; done

# --------------------------------------------------------------------------------------------------- MariaDB
step "mariadb: fresh databases $MY_SHOP_DB, $MY_BENCH_DB; shop seeded (not part of the corpus)"
"${WORKLOAD[@]}" --engine mysql --url "$MY_URL" --schema "$MY_SHOP_DB" --setup --scale "$SCALE"
my_q "DROP DATABASE IF EXISTS $MY_BENCH_DB; CREATE DATABASE $MY_BENCH_DB"
SLOW_LOG=$(my_q "SELECT @@slow_query_log_file")
SLOW_OFFSET=$(stat -c %s "$SLOW_LOG")
my_q "TRUNCATE TABLE performance_schema.events_statements_summary_by_digest"

step "mariadb: sysbench oltp_read_write prepare / ${BENCH_SECONDS}s run / cleanup"
SB=(sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3306 --mysql-user=root
    --mysql-db=$MY_BENCH_DB --tables=2 --table-size=10000 --db-ps-mode=disable)
"${SB[@]}" prepare >/dev/null
"${SB[@]}" --threads=2 --time="$BENCH_SECONDS" --rate=20 run | grep -E 'transactions:' || true
# The statement history is a 10,000-row ring: read sysbench's statements before the workload overwrites it.
"${CAPTURE[@]}" history --url "$MY_URL" --databases "$MY_BENCH_DB" --source sysbench --out "$TMP/my-sysbench.jsonl"
"${SB[@]}" cleanup >/dev/null

step "mariadb: shop workload ${RUN_SECONDS}s (slow log with long_query_time = 0 in its sessions)"
"${WORKLOAD[@]}" --engine mysql --url "$MY_URL" --schema "$MY_SHOP_DB" --scale "$SCALE" --seconds "$RUN_SECONDS" \
  --workers 4 --seed 1 --init-sql 'SET SESSION long_query_time = 0' --truth "$TMP/my-truth.json" | tail -n 2
THREADS=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$TMP/my-truth.json','utf8')).workers.map(w => w.session).join(','))")

step "mariadb: dump"
"${CAPTURE[@]}" digests --url "$MY_URL" --databases "$MY_SHOP_DB,$MY_BENCH_DB" --out "$OUT/mysql-digests.jsonl"
"${CAPTURE[@]}" slow-log --file "$SLOW_LOG" --offset "$SLOW_OFFSET" --threads "$THREADS" --databases "$MY_SHOP_DB" \
  --source workload --out "$TMP/my-slow.jsonl"
"${CAPTURE[@]}" select --engine mysql --per-shape 8 --max 2000 --out "$OUT/mysql-statements.jsonl" \
  "$TMP/my-sysbench.jsonl" "$TMP/my-slow.jsonl"
my_q "DROP DATABASE IF EXISTS $MY_BENCH_DB"
"${WORKLOAD[@]}" --engine mysql --url "$MY_URL" --schema "$MY_SHOP_DB" --teardown >/dev/null

# ---------------------------------------------------------------------------------------------------- README
count() { grep -c . "$1" || true; }
PG_VERSION=$(psql_q postgres "SHOW server_version")
MY_VERSION=$(my_q "SELECT VERSION()")
PGBENCH_VERSION=$(pgbench --version)
SYSBENCH_VERSION=$(sysbench --version)
node dist/scripts/workload/corpus/render-readme.js --out "$OUT/README.md" \
  --date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --postgres "$PG_VERSION" --mysql "$MY_VERSION" \
  --pgbench "$PGBENCH_VERSION" --sysbench "$SYSBENCH_VERSION" --seconds "$RUN_SECONDS" --bench-seconds "$BENCH_SECONDS" \
  --scale "$SCALE" --dir "$OUT"
step "done: $(for f in "$OUT"/*.jsonl; do printf '%s %s lines, ' "$(basename "$f")" "$(count "$f")"; done)"
