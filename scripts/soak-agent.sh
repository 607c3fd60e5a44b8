#!/usr/bin/env bash
# Soak test of `qprof agent` (issue 3, "Done when"): the agent runs for 10 minutes beside pgbench on
# PostgreSQL and sysbench oltp_read_write on MariaDB, PostgreSQL is restarted at ~4 min and MariaDB at ~6 min,
# and at the end the store's totals must equal the databases' own counters.
#
#   npx tsc -p . && bash scripts/soak-agent.sh        (as root, on the machine of scripts/services.sh; ~11 min)
#
# - PostgreSQL keeps pg_stat_statements across a clean restart, so the store's pgss calls for the target
#   must equal sum(calls) of pg_stat_statements for database qprof_soak exactly.
# - MariaDB empties performance_schema on restart. sysbench is stopped cleanly before the restart and the
#   agent samples once more, so nothing runs unsampled: the store must equal (a) the digest counters before
#   the restart, (b) what it held then plus the digest counters after it, (c) sysbench's own query counts.
# - No negative delta in the store; the agent stays up (every /healthz poll answers), exits 0 on SIGTERM.
# Exit 0 only when all of that holds. Both servers are always brought back and qprof_soak dropped (trap EXIT).
# The agent's log, the store and the client outputs stay in the printed work directory.
#
# Environment: SOAK_SECONDS (600), PG_RESTART_AT (240), MY_RESTART_AT (360), SYSBENCH_RATE (50 tx/s).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SOAK_SECONDS=${SOAK_SECONDS:-600}
PG_RESTART_AT=${PG_RESTART_AT:-240}
MY_RESTART_AT=${MY_RESTART_AT:-360}
SYSBENCH_RATE=${SYSBENCH_RATE:-50}
DBNAME=qprof_soak
PG_URL="postgres://postgres@127.0.0.1:5432/$DBNAME"
MY_URL="mysql://root@127.0.0.1:3306/$DBNAME"
PG_TARGET="127.0.0.1:5432/$DBNAME"
MY_TARGET="127.0.0.1:3306/$DBNAME"
WORK=$(mktemp -d /tmp/qprof-soak.XXXXXX)
STORE=$WORK/qprof.db
SYSBENCH=(sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3306 --mysql-user=root
  --mysql-db=$DBNAME --tables=4 --table-size=10000 --db-ps-mode=disable)

log() { printf '%s [soak %4ss] %s\n' "$(date -u +%H:%M:%S)" "$(elapsed)" "$*"; }
START_S=0
elapsed() { if ((START_S)); then echo $(($(date +%s) - START_S)); else echo -; fi; }
psql_test() { psql -h 127.0.0.1 -U postgres -d test -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
my_q() { mariadb -h 127.0.0.1 -uroot -N -B -e "$1"; }
store_q() { sqlite3 -readonly "$STORE" "$1"; }
pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432; }
my_ready() { mariadb-admin --protocol=socket -uroot ping >/dev/null 2>&1; }
wait_cmd() { # wait_cmd <seconds> <command...>
  local s=$1; shift
  for ((i = 0; i < s * 4; i++)); do "$@" && return 0; sleep 0.25; done
  return 1
}
start_mariadb() {
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
}

AGENT_PID=; PGB_PID=; SB_PID=; LOCK_PID=
cleanup() {
  local rc=$?
  for pid in $PGB_PID $SB_PID $LOCK_PID; do kill "$pid" 2>/dev/null; done
  if [[ -n $AGENT_PID ]] && kill -0 "$AGENT_PID" 2>/dev/null; then kill -TERM "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null; fi
  pg_ready || { pg_ctlcluster --skip-systemctl-redirect 15 main start; wait_cmd 60 pg_ready || echo "PostgreSQL did NOT come back" >&2; }
  if ! my_ready; then
    wait_cmd 30 bash -c '! pgrep -x mariadbd >/dev/null'
    start_mariadb; wait_cmd 60 my_ready || echo "MariaDB did NOT come back" >&2
  fi
  psql_test "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" >/dev/null 2>&1
  my_q "DROP DATABASE IF EXISTS $DBNAME" 2>/dev/null
  echo "work directory (agent log, store, client output): $WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The samples counter of one target in /metrics (empty when the agent does not answer).
samples_of() {
  curl -fsS "http://127.0.0.1:$PORT/metrics" 2>/dev/null \
    | awk -v t="target=\"$1\"" 'index($0, "qprof_samples_total{") == 1 && index($0, t) && index($0, "kind=\"stats\"") { print $NF }'
}
HEALTH_OK=0; HEALTH_DEGRADED=0; HEALTH_DOWN=0
poll_health() {
  local code
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
  case $code in 200) ((HEALTH_OK++)) ;; 503) ((HEALTH_DEGRADED++)) ;; *) ((HEALTH_DOWN++)); log "healthz: no answer ($code)" ;; esac
  kill -0 "$AGENT_PID" 2>/dev/null || { log "the agent is gone"; ((HEALTH_DOWN++)); }
}
# sleep_until <elapsed seconds>: waits, polling /healthz every 10 s.
sleep_until() { while (($(date +%s) - START_S < $1)); do poll_health; sleep $(( $1 - ($(date +%s) - START_S) < 10 ? 1 : 10 )); done; }
# wait_samples <target> <n>: until the agent has taken n more statistics samples of the target.
wait_samples() {
  local base; base=$(samples_of "$1"); base=${base:-0}
  for ((i = 0; i < 120; i++)); do
    local now; now=$(samples_of "$1"); (( ${now:-0} >= base + $2 )) && return 0; sleep 1
  done
  log "the agent took no new sample of $1 in 120 s"; return 1
}
sysbench_queries() { awk '/queries performed:/ { f = 1 } f && $1 == "total:" { print $2; exit }' "$1"; }

# ---------------------------------------------------------------- setup
pg_ready && my_ready || { echo "PostgreSQL and MariaDB must be running (bash scripts/services.sh)" >&2; exit 1; }
[[ -f dist/cli/main.js ]] || { echo "build first: npx tsc -p ." >&2; exit 1; }
log "work directory $WORK"
psql_test "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" && psql_test "CREATE DATABASE $DBNAME" || exit 1
psql -h 127.0.0.1 -U postgres -d $DBNAME -XAtq -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" || exit 1
pgbench -h 127.0.0.1 -U postgres -i -s 5 -q $DBNAME >"$WORK/pgbench-init.txt" 2>&1 || { cat "$WORK/pgbench-init.txt"; exit 1; }
my_q "DROP DATABASE IF EXISTS $DBNAME; CREATE DATABASE $DBNAME" || exit 1
"${SYSBENCH[@]}" prepare >"$WORK/sysbench-prepare.txt" 2>&1 || { cat "$WORK/sysbench-prepare.txt"; exit 1; }
# Tests that TRUNCATE the digest table take this lock first; hold it for the whole soak (again after the restart).
hold_digest_lock() { mariadb -h 127.0.0.1 -uroot -N -B -e "SELECT GET_LOCK('qprof_test_digests', 300); SELECT SLEEP(100000)" >/dev/null 2>&1 & LOCK_PID=$!; }
hold_digest_lock
psql_test "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname='$DBNAME'), 0)" >/dev/null || exit 1
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

node dist/cli/main.js --db "$STORE" agent --pg "$PG_URL" --mysql "$MY_URL" --stats-interval 10s --port "$PORT" >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
log "agent pid $AGENT_PID on port $PORT"
for t in "$PG_TARGET" "$MY_TARGET"; do
  wait_cmd 90 bash -c "[[ \$(curl -fsS http://127.0.0.1:$PORT/metrics 2>/dev/null | grep -F 'target=\"$t\"' | grep -F 'kind=\"stats\"' | grep '^qprof_samples_total' | awk '{print \$NF}') -ge 1 ]]" \
    || { log "no baseline sample of $t"; tail -20 "$WORK/agent.log"; exit 1; }
done

# sysbench prepare ran before the agent's baseline: those digest counts are not the soak's.
MY_DIGEST_BASE=$(my_q "SELECT coalesce(sum(COUNT_STAR),0) FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME='$DBNAME' AND DIGEST IS NOT NULL")

# ---------------------------------------------------------------- workload with restarts
START_S=$(date +%s)
log "baselines taken; pgbench -c 4 and sysbench --threads=2 --rate=$SYSBENCH_RATE for $SOAK_SECONDS s"
pgbench -h 127.0.0.1 -U postgres -n -c 4 -T "$SOAK_SECONDS" -P 60 $DBNAME >"$WORK/pgbench-1.txt" 2>&1 & PGB_PID=$!
SB1_SECONDS=$((MY_RESTART_AT - 30))
"${SYSBENCH[@]}" --threads=2 --rate="$SYSBENCH_RATE" --time="$SB1_SECONDS" --report-interval=60 run >"$WORK/sysbench-1.txt" 2>&1 & SB_PID=$!

sleep_until "$PG_RESTART_AT"
log "restarting PostgreSQL"
pg_ctlcluster --skip-systemctl-redirect 15 main restart || log "pg_ctlcluster restart failed"
wait_cmd 60 pg_ready || { log "PostgreSQL did not come back"; exit 1; }
wait_cmd 30 bash -c "! kill -0 $PGB_PID 2>/dev/null" || kill "$PGB_PID"
wait "$PGB_PID"; log "pgbench (1) ended with $? (2 = aborted by the restart, expected)"
pgbench -h 127.0.0.1 -U postgres -n -c 4 -T $((SOAK_SECONDS - $(elapsed))) -P 60 $DBNAME >"$WORK/pgbench-2.txt" 2>&1 & PGB_PID=$!

wait "$SB_PID"; SB_RC=$?; SB_PID=
log "sysbench (1) ended with $SB_RC; waiting for two more samples of MariaDB so nothing runs unsampled"
wait_samples "$MY_TARGET" 2
MY_STORE_BEFORE=$(store_q "SELECT coalesce(sum(b.calls),0) FROM stat_buckets b JOIN targets t ON t.id=b.target_id WHERE t.name='$MY_TARGET' AND b.source='digest'")
MY_DIGEST_BEFORE=$(( $(my_q "SELECT coalesce(sum(COUNT_STAR),0) FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME='$DBNAME' AND DIGEST IS NOT NULL") - MY_DIGEST_BASE ))
sleep_until "$MY_RESTART_AT"
log "restarting MariaDB (store $MY_STORE_BEFORE, digests $MY_DIGEST_BEFORE)"
kill "$LOCK_PID" 2>/dev/null; LOCK_PID=
mariadb-admin --protocol=socket -uroot shutdown || log "mariadb-admin shutdown failed"
wait_cmd 60 bash -c '! pgrep -x mariadbd >/dev/null' || { log "mariadbd did not exit"; exit 1; }
sleep 3 # down long enough for a sample to fail
start_mariadb
wait_cmd 90 my_ready || { log "MariaDB did not come back"; exit 1; }
hold_digest_lock
"${SYSBENCH[@]}" --threads=2 --rate="$SYSBENCH_RATE" --time=$((SOAK_SECONDS - $(elapsed))) --report-interval=60 run >"$WORK/sysbench-2.txt" 2>&1 & SB_PID=$!

sleep_until "$SOAK_SECONDS"
wait "$PGB_PID"; PGB_RC=$?; PGB_PID=
wait "$SB_PID"; SB2_RC=$?; SB_PID=
log "clients done (pgbench $PGB_RC, sysbench $SB2_RC)"
poll_health

# ---------------------------------------------------------------- stop, final sample, compare
read -r AGENT_CPU_TICKS < <(awk '{ print $14 + $15 }' "/proc/$AGENT_PID/stat")
AGENT_HWM=$(awk '/^VmHWM/ { print $2, $3 }' "/proc/$AGENT_PID/status")
METRICS=$(curl -fsS "http://127.0.0.1:$PORT/metrics")
kill -TERM "$AGENT_PID"; wait "$AGENT_PID"; AGENT_RC=$?; AGENT_PID=
log "agent exited with $AGENT_RC after SIGTERM"
node dist/cli/main.js --db "$STORE" --target "$PG_TARGET" sample --pg "$PG_URL" >"$WORK/sample-pg.txt" 2>&1 || { log "final pg sample failed"; cat "$WORK/sample-pg.txt"; }
node dist/cli/main.js --db "$STORE" --target "$MY_TARGET" sample --mysql "$MY_URL" >"$WORK/sample-my.txt" 2>&1 || { log "final mysql sample failed"; cat "$WORK/sample-my.txt"; }
kill "$LOCK_PID" 2>/dev/null; LOCK_PID=

PG_DB=$(psql_test "SELECT coalesce(sum(calls),0) FROM pg_stat_statements WHERE dbid=(SELECT oid FROM pg_database WHERE datname='$DBNAME') AND query NOT LIKE '/* qprof */%'")
PG_STORE=$(store_q "SELECT coalesce(sum(b.calls),0) FROM stat_buckets b JOIN targets t ON t.id=b.target_id WHERE t.name='$PG_TARGET' AND b.source='pgss'")
MY_DIGEST_AFTER=$(my_q "SELECT coalesce(sum(COUNT_STAR),0) FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME='$DBNAME' AND DIGEST IS NOT NULL")
MY_STORE=$(store_q "SELECT coalesce(sum(b.calls),0) FROM stat_buckets b JOIN targets t ON t.id=b.target_id WHERE t.name='$MY_TARGET' AND b.source='digest'")
SB1_Q=$(sysbench_queries "$WORK/sysbench-1.txt"); SB2_Q=$(sysbench_queries "$WORK/sysbench-2.txt")
SB_QUERIES=$(( ${SB1_Q:-0} + ${SB2_Q:-0} ))
NEGATIVE=$(store_q "SELECT count(*) FROM stat_buckets WHERE calls < 0 OR total_ms < 0 OR rows < 0")
TARGETS=$(store_q "SELECT count(*) FROM targets")
GAPS=$(grep -o '"target":"[^"]*"[^}]*"msg":"reconnected after [0-9.]* s unreachable' "$WORK/agent.log" | sed -E 's/"target":"([^"]*)".*"msg":"(.*)"/\1: \2/')

echo
printf '%-34s %14s %14s %11s\n' source 'database' 'store' difference
row() { printf '%-34s %14s %14s %11s\n' "$1" "$2" "$3" $(($3 - $2)); }
row 'postgres pg_stat_statements calls' "$PG_DB" "$PG_STORE"
row 'mariadb digests before restart' "$MY_DIGEST_BEFORE" "$MY_STORE_BEFORE"
row 'mariadb store-before + digests' $((MY_STORE_BEFORE + MY_DIGEST_AFTER)) "$MY_STORE"
row 'mariadb sysbench queries (client)' "$SB_QUERIES" "$MY_STORE"
echo
echo "negative deltas in the store: $NEGATIVE; targets in the store: $TARGETS"
echo "healthz polls: $HEALTH_OK ok, $HEALTH_DEGRADED degraded (503), $HEALTH_DOWN without an answer"
echo "agent exit code after SIGTERM: $AGENT_RC; agent CPU $((AGENT_CPU_TICKS / $(getconf CLK_TCK))) s over ~$((SOAK_SECONDS + 30)) s, peak RSS $AGENT_HWM"
echo "gaps the agent logged:"; echo "${GAPS:-  (none)}" | sed 's/^/  /'
echo "$METRICS" | grep -E '^qprof_(gaps_total|gap_seconds_total|reconnects_total|sample_errors_total|samples_total)' | sed 's/^/  /'
grep -h -E '^(tps|number of transactions actually processed)' "$WORK"/pgbench-[12].txt | sed 's/^/  pgbench: /'
grep -h -E '^\s+transactions:' "$WORK"/sysbench-[12].txt | sed 's/^ */  sysbench: /'

FAIL=
[[ $PG_DB == "$PG_STORE" ]] || FAIL+=" postgres-total"
[[ $MY_DIGEST_BEFORE == "$MY_STORE_BEFORE" && $((MY_STORE_BEFORE + MY_DIGEST_AFTER)) == "$MY_STORE" ]] || FAIL+=" mariadb-digests"
# sysbench counts what it sent, the server what it recorded; a statement or two may differ at a server start.
(( (SB_QUERIES - MY_STORE) * (SB_QUERIES - MY_STORE) * 1000000 <= SB_QUERIES * SB_QUERIES )) || FAIL+=" mariadb-sysbench(>0.1%)"
[[ $NEGATIVE == 0 ]] || FAIL+=" negative-deltas"
[[ $TARGETS == 2 ]] || FAIL+=" targets"
((HEALTH_DOWN == 0)) || FAIL+=" agent-down"
[[ $AGENT_RC == 0 ]] || FAIL+=" agent-exit"
[[ $(grep -c . <<<"$GAPS") -ge 2 ]] || FAIL+=" gaps-not-logged"
if [[ -n $FAIL ]]; then echo "SOAK FAILED:$FAIL"; exit 1; fi
echo "SOAK PASSED"
