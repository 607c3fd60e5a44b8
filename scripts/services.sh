#!/usr/bin/env bash
# Prepares the local PostgreSQL 15, MariaDB 10.11 and Redis 7 for qprof's tests, demo and benchmarks.
#
# Debian (bookworm), as root. Idempotent: a second run changes nothing and restarts nothing. Prints one line
# per item: "ok" (already fine), "changed" (this run fixed it), "FAILED" (and exits non-zero).
# Works without systemd (CI containers): services are started the way the CI image starts them.
#
#   bash scripts/services.sh        (or: npm run services)
#
# Environment: PG_CLUSTER (default 15/main), QPROF_SERVICES_SKIP_APT=1 to skip package installation.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PG_VERSION=${PG_CLUSTER:-15/main}; PG_NAME=${PG_VERSION#*/}; PG_VERSION=${PG_VERSION%/*}
PG_CONF_DIR=/etc/postgresql/$PG_VERSION/$PG_NAME/conf.d
PG_CONF=$PG_CONF_DIR/qprof.conf
MY_CONF_DIR=/etc/mysql/mariadb.conf.d
MY_CONF=$MY_CONF_DIR/99-qprof.cnf
MY_MAIN_CONF=/etc/mysql/my.cnf
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ok()      { printf 'ok       %s\n' "$*"; }
changed() { printf 'changed  %s\n' "$*"; }
die()     { printf 'FAILED   %s\n' "$*" >&2; exit 1; }

# wait_for <seconds> <description> <command...>: polls once a second until the command succeeds.
wait_for() {
  local seconds=$1 what=$2; shift 2
  for ((i = 0; i < seconds; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  die "$what did not come up within ${seconds}s"
}

# write_if_changed <path> <content>: returns 0 when the file was (re)written, 1 when it already matched.
write_if_changed() {
  local path=$1 content=$2
  if [[ -f $path ]] && [[ "$(cat "$path")" == "$content" ]]; then return 1; fi
  mkdir -p "$(dirname "$path")"
  printf '%s\n' "$content" >"$path.qprof-tmp" && chmod 0644 "$path.qprof-tmp" && mv "$path.qprof-tmp" "$path"
  return 0
}

[[ $(id -u) -eq 0 ]] || die "run as root (it installs packages and edits /etc): sudo bash scripts/services.sh"
if ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then die "needs Debian/Ubuntu (dpkg, apt-get)"; fi

# ---------------------------------------------------------------------------------------------- packages
packages=(postgresql-15-hypopg pgbadger percona-toolkit sysbench)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  ok "apt: ${packages[*]} installed"
elif [[ ${QPROF_SERVICES_SKIP_APT:-} == 1 ]]; then
  die "apt: missing ${missing[*]} and QPROF_SERVICES_SKIP_APT=1"
else
  apt_log=$(mktemp)
  apt-get update -qq </dev/null >"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log" >&2; die "apt-get update failed (network? sources.list?)"; }
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log" >&2; die "apt-get install ${missing[*]} failed"; }
  rm -f "$apt_log"
  changed "apt: installed ${missing[*]}"
fi

# -------------------------------------------------------------------------------------------- PostgreSQL
pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432; }
# psql as the postgres OS user over the socket: works under Debian's default peer auth and under trust.
pg_sql() { local db=$1; shift; runuser -u postgres -- psql -X -q -A -t -w -v ON_ERROR_STOP=1 -d "$db" -c "$*"; }

if pg_lsclusters -h "$PG_VERSION" "$PG_NAME" 2>/dev/null | grep -q online; then
  ok "postgres: cluster $PG_VERSION/$PG_NAME running"
else
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_NAME" start \
    || die "postgres: cannot start cluster $PG_VERSION/$PG_NAME (see /var/log/postgresql/)"
  changed "postgres: started cluster $PG_VERSION/$PG_NAME"
fi
wait_for 60 "postgres" pg_ready

if write_if_changed "$PG_CONF" "$(cat "$HERE/../docker/postgresql-qprof.conf")"; then
  pg_conf_changed=1; changed "postgres: wrote $PG_CONF"
else
  pg_conf_changed=0; ok "postgres: $PG_CONF up to date"
fi

# A bad value must stop us before a restart that would not come back: `postgres -C` parses the whole
# configuration like a starting server does and fails on any error, while the running server keeps going.
if ! check=$(runuser -u postgres -- "/usr/lib/postgresql/$PG_VERSION/bin/postgres" \
      -D "$(pg_sql postgres "SHOW data_directory")" -c config_file="$(pg_sql postgres "SHOW config_file")" \
      -C shared_preload_libraries 2>&1); then
  die "postgres: configuration has errors, nothing restarted: $(grep -m1 -v FATAL <<<"$check")"
fi
# pg_file_settings re-reads the files now: a postmaster-level setting whose file value differs from the
# running one reads "setting could not be applied". https://www.postgresql.org/docs/15/view-pg-file-settings.html
pending=$(pg_sql postgres "SELECT string_agg(DISTINCT name, ',') FROM (
                             SELECT name FROM pg_file_settings WHERE error IS NOT NULL
                             UNION SELECT name FROM pg_settings WHERE pending_restart) s")
if [[ -n $pending ]]; then
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_NAME" restart \
    || die "postgres: restart failed (see /var/log/postgresql/ and $PG_CONF)"
  wait_for 60 "postgres after restart" pg_ready
  changed "postgres: restarted to apply $pending"
elif ((pg_conf_changed)); then
  pg_sql postgres "SELECT pg_reload_conf()" >/dev/null
  changed "postgres: reloaded configuration"
else
  ok "postgres: running settings match $PG_CONF"
fi
[[ $(pg_sql postgres "SHOW shared_preload_libraries") == *pg_stat_statements* ]] \
  || die "postgres: pg_stat_statements is not in the running shared_preload_libraries"

if [[ $(pg_sql postgres "SELECT 1 FROM pg_database WHERE datname = 'test'") == 1 ]]; then
  ok "postgres: database test exists"
else
  pg_sql postgres "CREATE DATABASE test" >/dev/null; changed "postgres: created database test"
fi
for db in test postgres; do
  for ext in pg_stat_statements hypopg; do
    if [[ $(pg_sql "$db" "SELECT 1 FROM pg_extension WHERE extname = '$ext'") == 1 ]]; then
      ok "postgres: extension $ext in $db"
    else
      pg_sql "$db" "CREATE EXTENSION IF NOT EXISTS $ext" >/dev/null || die "postgres: cannot create $ext in $db"
      changed "postgres: created extension $ext in $db"
    fi
  done
done

# Least-privilege monitoring role: pg_monitor = pg_read_all_stats (every query text in pg_stat_statements)
# + pg_read_all_settings + pg_stat_scan_tables. No password: this machine uses trust on loopback.
if [[ $(pg_sql postgres "SELECT 1 FROM pg_roles WHERE rolname = 'qprof'") == 1 ]]; then
  ok "postgres: role qprof exists"
else
  pg_sql postgres "CREATE ROLE qprof LOGIN" >/dev/null; changed "postgres: created role qprof"
fi
if [[ $(pg_sql postgres "SELECT pg_has_role('qprof', 'pg_monitor', 'MEMBER')") == t ]]; then
  ok "postgres: role qprof is a member of pg_monitor"
else
  pg_sql postgres "GRANT pg_monitor TO qprof" >/dev/null; changed "postgres: granted pg_monitor to qprof"
fi

# Streaming replication from loopback, for the local replica of scripts/replica-pg.sh (replica lag
# measurement). "all" in pg_hba.conf does not cover replication connections; a reload applies it.
PG_HBA=$(pg_sql postgres "SHOW hba_file")
if grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$PG_HBA"; then
  ok "postgres: pg_hba.conf allows replication from 127.0.0.1"
else
  printf '# Added by qprof scripts/services.sh: local streaming replica (scripts/replica-pg.sh)\nlocal replication all trust\nhost replication all 127.0.0.1/32 trust\n' >>"$PG_HBA"
  pg_sql postgres "SELECT pg_reload_conf()" >/dev/null
  changed "postgres: pg_hba.conf allows replication from 127.0.0.1 (reloaded)"
fi

# ---------------------------------------------------------------------------------------------- MariaDB
my_ready() { mariadb-admin --protocol=socket -uroot ping; }
my_sql() { mariadb --protocol=socket -uroot -N -B -e "$*"; }
my_start() {
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd \
    || die "mariadb: start-stop-daemon could not start /usr/sbin/mariadbd"
  wait_for 60 "mariadb (see /var/log/mysql/error.log)" my_ready
}

if my_ready >/dev/null 2>&1; then
  ok "mariadb: server running"
else
  my_start; changed "mariadb: started server"
fi

if write_if_changed "$MY_CONF" "$(cat "$HERE/../docker/mariadb-qprof.cnf")"; then
  changed "mariadb: wrote $MY_CONF"
else
  ok "mariadb: $MY_CONF up to date"
fi
# Debian's stock my.cnf includes mariadb.conf.d/; minimal images ship a my.cnf without it.
if my_print_defaults mariadbd | grep -q -- '--performance[-_]schema-consumer-events-statements-history-long'; then
  ok "mariadb: $MY_CONF is read by the server"
else
  printf '\n# Added by qprof scripts/services.sh\n!includedir %s/\n' "$MY_CONF_DIR" >>"$MY_MAIN_CONF"
  my_print_defaults mariadbd | grep -q -- '--performance[-_]schema-consumer-events-statements-history-long' \
    || die "mariadb: $MY_CONF is not read even after adding !includedir to $MY_MAIN_CONF"
  changed "mariadb: added !includedir $MY_CONF_DIR/ to $MY_MAIN_CONF"
fi

# Read-only variables that need a restart: expected value per variable, as SELECT @@var prints it.
declare -A my_static=(
  [performance_schema]=1
  [performance_schema_events_statements_history_long_size]=10000
  [performance_schema_digests_size]=10000
  [performance_schema_max_digest_length]=4096
  [max_digest_length]=4096
  [performance_schema_max_sql_text_length]=4096
)
differ=()
for var in "${!my_static[@]}"; do
  [[ $(my_sql "SELECT @@$var") == "${my_static[$var]}" ]] || differ+=("$var")
done
if ((${#differ[@]})); then
  pid=$(cat /run/mysqld/mysqld.pid 2>/dev/null || pgrep -x mariadbd || true)
  mariadb-admin --protocol=socket -uroot shutdown || die "mariadb: shutdown failed"
  waited=0
  while [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; do
    ((waited++ < 60)) || die "mariadb: pid $pid still running 60s after shutdown"
    sleep 1
  done
  my_start
  for var in "${differ[@]}"; do
    [[ $(my_sql "SELECT @@$var") == "${my_static[$var]}" ]] || die "mariadb: @@$var is still not ${my_static[$var]} after restart"
  done
  changed "mariadb: restarted to apply ${differ[*]}"
else
  ok "mariadb: performance_schema on, sizes as configured"
fi

# Dynamic settings: the file covers the next restart, SET GLOBAL covers a server started before it existed.
declare -A my_dynamic=(
  [slow_query_log]=1
  [slow_query_log_file]="'/var/log/mysql/mariadb-slow.log'"
  [log_slow_verbosity]="'innodb,query_plan'"
  [log_output]="'FILE'"
)
for var in "${!my_dynamic[@]}"; do
  want=${my_dynamic[$var]}
  if [[ $(my_sql "SELECT @@GLOBAL.$var = $want") == 1 ]]; then
    ok "mariadb: $var = $want"
  else
    my_sql "SET GLOBAL $var = $want"; changed "mariadb: SET GLOBAL $var = $want"
  fi
done

consumers="'global_instrumentation','thread_instrumentation','statements_digest','events_statements_current',
           'events_statements_history','events_statements_history_long'"
n=$(my_sql "SELECT COUNT(*) FROM performance_schema.setup_consumers WHERE NAME IN ($consumers) AND ENABLED <> 'YES'")
if ((n == 0)); then
  ok "mariadb: statement consumers enabled"
else
  my_sql "UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN ($consumers)"
  changed "mariadb: enabled $n statement consumer(s)"
fi
n=$(my_sql "SELECT COUNT(*) FROM performance_schema.setup_instruments
            WHERE NAME LIKE 'statement/%' AND (ENABLED <> 'YES' OR TIMED <> 'YES')")
if ((n == 0)); then
  ok "mariadb: statement instruments enabled and timed"
else
  my_sql "UPDATE performance_schema.setup_instruments SET ENABLED = 'YES', TIMED = 'YES' WHERE NAME LIKE 'statement/%'"
  changed "mariadb: enabled $n statement instrument(s)"
fi

if [[ $(my_sql "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'test'") == 1 ]]; then
  ok "mariadb: database test exists"
else
  my_sql "CREATE DATABASE test"; changed "mariadb: created database test"
fi

# Least-privilege monitoring user: PROCESS (threads, InnoDB status), SELECT on performance_schema (digests,
# statement history) and on mysql (persistent statistics). No password: loopback-only test machine.
for host in localhost 127.0.0.1; do
  if [[ $(my_sql "SELECT COUNT(*) FROM mysql.user WHERE User = 'qprof' AND Host = '$host'") == 0 ]]; then
    my_sql "CREATE USER 'qprof'@'$host'"; changed "mariadb: created user qprof@$host"
  fi
  grants=$(my_sql "SHOW GRANTS FOR 'qprof'@'$host'")
  # shellcheck disable=SC2016 # the backticks are MySQL identifier quotes, not command substitution
  if grep -q 'GRANT PROCESS ON \*\.\*' <<<"$grants" && grep -q 'GRANT SELECT ON `performance_schema`\.\*' <<<"$grants" \
     && grep -q 'GRANT SELECT ON `mysql`\.\*' <<<"$grants"; then
    ok "mariadb: user qprof@$host has PROCESS, SELECT on performance_schema.* and mysql.*"
  else
    my_sql "GRANT PROCESS ON *.* TO 'qprof'@'$host'; GRANT SELECT ON performance_schema.* TO 'qprof'@'$host';
            GRANT SELECT ON mysql.* TO 'qprof'@'$host'"
    changed "mariadb: granted PROCESS, SELECT on performance_schema.* and mysql.* to qprof@$host"
  fi
done

# ------------------------------------------------------------------------------------------------ Redis
redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]; }
if redis_ready; then
  ok "redis: answers PING on 127.0.0.1:6379"
else
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null || die "redis: redis-server failed to start"
  wait_for 30 "redis (see /var/log/redis/ci.log)" redis_ready
  changed "redis: started on 127.0.0.1:6379"
fi
