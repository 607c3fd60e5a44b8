#!/usr/bin/env bash
# Captures the REAL seed logs the generator (scripts/gen-logs/generate.ts) replicates to benchmark size:
#   PostgreSQL (stderr, Debian prefix '%m [%p] %q%u@%d '): pgbench TPC-B in simple and prepared (extended
#     protocol) modes, plus the shop workload (scripts/workload: joins, IN lists, N+1 loops, node-postgres
#     parameterized statements), every statement logged (log_min_duration_statement = 0 for role qprof_gen only);
#   MariaDB slow log: sysbench oltp_read_write plus the shop workload (long_query_time = 0 for user qprof_gen only,
#     through init_connect, which applies to non-SUPER users and is reset right after).
# Only lines of the qprof_gen sessions are kept (other programs share the servers). Needs root (server log files),
# scripts/services.sh applied, and a build (npm run build). Writes scripts/gen-logs/seed/{pg-stderr.log,mariadb-slow.log}.gz
#   bash scripts/gen-logs/capture.sh [pg|mysql|all] [seconds per tool, default 6]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
what=${1:-all}; secs=${2:-6}
seed=scripts/gen-logs/seed
pg_log_dir=${PG_LOG_DIR:-/var/lib/postgresql/15/main/log}
slow_log=${MYSQL_SLOW_LOG:-/var/log/mysql/mariadb-slow.log}
psql_admin() { psql -X -q -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 "$@"; }
my_admin() { mysql -h 127.0.0.1 -u root "$@"; }

capture_pg() {
  psql_admin -c "DROP DATABASE IF EXISTS qprof_gen" -c "DROP ROLE IF EXISTS qprof_gen" \
    -c "CREATE ROLE qprof_gen LOGIN" -c "CREATE DATABASE qprof_gen OWNER qprof_gen"
  local url=postgres://qprof_gen@127.0.0.1:5432/qprof_gen
  pgbench -q -i -s 4 "$url" >/dev/null 2>&1
  node dist/scripts/workload/main.js --engine postgres --url "$url" --schema qprof_gen_shop --setup --scale 0.2 >/dev/null
  psql_admin -c "ALTER ROLE qprof_gen SET log_min_duration_statement = 0"
  local log; log=$(ls -1 "$pg_log_dir"/*.log | sort | tail -n 1)
  local from; from=$(stat -c %s "$log")
  pgbench -n -c 4 -T "$secs" -M simple "$url" >/dev/null
  pgbench -n -c 4 -T "$secs" -M prepared "$url" >/dev/null
  node dist/scripts/workload/main.js --engine postgres --url "$url" --schema qprof_gen_shop --seconds "$secs" --workers 4 --seed 7 \
    --scale 0.2 --truth /tmp/qprof-gen-truth-pg.json >/dev/null
  sleep 1
  psql_admin -c "ALTER ROLE qprof_gen RESET log_min_duration_statement"
  [[ $(ls -1 "$pg_log_dir"/*.log | sort | tail -n 1) == "$log" ]] || { echo "the PostgreSQL log rotated during the capture: run again" >&2; exit 1; }
  tail -c +"$((from + 1))" "$log" | node scripts/gen-logs/filter-capture.mjs pg qprof_gen | gzip -9 > "$seed/pg-stderr.log.gz"
  psql_admin -c "DROP DATABASE qprof_gen" -c "DROP ROLE qprof_gen"
  echo "pg seed: $(zcat "$seed/pg-stderr.log.gz" | wc -c) bytes, $(zcat "$seed/pg-stderr.log.gz" | wc -l) lines"
}

capture_mysql() {
  my_admin -e "DROP DATABASE IF EXISTS qprof_gen; DROP USER IF EXISTS 'qprof_gen'@'%'; DROP USER IF EXISTS 'qprof_gen'@'localhost';
    CREATE DATABASE qprof_gen; CREATE USER 'qprof_gen'@'%'; GRANT ALL ON qprof_gen.* TO 'qprof_gen'@'%';
    GRANT ALL ON qprof_gen_shop.* TO 'qprof_gen'@'%'; FLUSH PRIVILEGES;"
  local sb=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-user=qprof_gen --mysql-db=qprof_gen --tables=4 --table-size=20000)
  sysbench oltp_read_write "${sb[@]}" prepare >/dev/null
  local url=mysql://qprof_gen@127.0.0.1:3306/qprof_gen
  node dist/scripts/workload/main.js --engine mysql --url "$url" --schema qprof_gen_shop --setup --scale 0.2 >/dev/null
  local old_init; old_init=$(my_admin -N -e "SELECT @@global.init_connect")
  my_admin -e "SET GLOBAL init_connect = 'SET long_query_time = 0'"
  local from; from=$(stat -c %s "$slow_log")
  sysbench oltp_read_write "${sb[@]}" --threads=4 --time="$secs" run >/dev/null || true
  node dist/scripts/workload/main.js --engine mysql --url "$url" --schema qprof_gen_shop --seconds "$secs" --workers 4 --seed 7 \
    --scale 0.2 --truth /tmp/qprof-gen-truth-my.json >/dev/null
  my_admin -e "SET GLOBAL init_connect = '${old_init//\'/\'\'}'"
  tail -c +"$((from + 1))" "$slow_log" | node scripts/gen-logs/filter-capture.mjs mysql qprof_gen | gzip -9 > "$seed/mariadb-slow.log.gz"
  sysbench oltp_read_write "${sb[@]}" cleanup >/dev/null
  my_admin -e "DROP DATABASE qprof_gen; DROP DATABASE IF EXISTS qprof_gen_shop; DROP USER 'qprof_gen'@'%';"
  echo "mysql seed: $(zcat "$seed/mariadb-slow.log.gz" | wc -c) bytes, $(zcat "$seed/mariadb-slow.log.gz" | wc -l) lines"
}

[[ $what == pg || $what == all ]] && capture_pg
[[ $what == mysql || $what == all ]] && capture_mysql
exit 0
